// hopfield._core: the modern Hopfield network, dense associative memory and attention.
#include <pybind11/stl.h>

#include <optional>
#include <string>

#include "arrays.hpp"
#include "hopfield/attention.hpp"
#include "hopfield/dense_memory.hpp"
#include "hopfield/modern.hpp"
#include "interrupt.hpp"
#include "recall_result.hpp"

namespace hopfield::python {

namespace {

// A function of the network's states (B, d) -> matrix, computed without the GIL; the result in the items
// convention of the input.
template <typename Compute>
py::array on_states(const py::handle& states, Compute&& compute) {
  const ItemsView view = items_view(states, "states");
  Matrix out;
  {
    py::gil_scoped_release release;
    out = compute(view.columns);  // read in place
  }
  return items_array(std::move(out), view.vector);
}

// A C-contiguous float32 array of one or more items, viewed in place as columns (d x B); nullopt otherwise.
struct FloatItems {
  py::array owner;
  Eigen::Map<const MatrixF> columns;
  bool vector = false;
};

std::optional<FloatItems> float_items(const py::handle& array) {
  using Floats = py::array_t<float, py::array::c_style>;
  if (!py::isinstance<Floats>(array)) return std::nullopt;
  auto floats = py::reinterpret_borrow<Floats>(array);
  const auto rank = floats.ndim();
  if (rank != 1 && rank != 2) return std::nullopt;  // items_view names the problem
  const Index count = rank == 2 ? floats.shape(0) : 1;
  const Index dimension = rank == 2 ? floats.shape(1) : floats.shape(0);
  const float* data = floats.data();
  return FloatItems{std::move(floats), Eigen::Map<const MatrixF>(data, dimension, count), rank == 1};
}

// Runs recall on `probes` (a view of float or double columns) without the GIL; interruptible when the probes
// span more than one block (Ctrl-C is checked between blocks).
template <typename Columns>
RecallResult recall_columns(const ModernHopfield& self, const Columns& probes, ModernRecallOptions options) {
  return run_released<RecallResult>(probes.cols() > modern_recall_block, [&](const CancellationToken& token) {
    options.cancellation = &token;
    return self.recall(probes, options);
  });
}

PythonRecallResult recall_modern(const ModernHopfield& self, const py::handle& probes, int max_steps,
                                 double tolerance, const std::string& precision, const std::string& path,
                                 bool record_energy, bool final_energy, int threads) {
  const ModernRecallOptions options{.max_sweeps = max_steps,
                                    .tolerance = tolerance,
                                    .path = retrieval_path_from_name(path),
                                    .precision = precision_from_name(precision),
                                    .record_energy = record_energy,
                                    .final_energy = final_energy,
                                    .threads = threads};
  // C-contiguous float32 and float64 probes are read in place; others are converted once to float64.
  if (auto floats = float_items(probes))
    return to_python(recall_columns(self, floats->columns, options), floats->vector);
  const ItemsView view = items_view(probes, "probes");
  return to_python(recall_columns(self, view.columns, options), view.vector);
}

void bind_modern_network(py::module_& module) {
  py::class_<ModernHopfield>(
      module, "ModernHopfield",
      "The modern (continuous) Hopfield network of Ramsauer et al. (2020): stored patterns X, rows of a (p, "
      "d) "
      "array, and inverse temperature β > 0. The update ξ ← X softmax(β Xᵀξ) is attention with Q = ξ, "
      "K = V = X.")
      .def(py::init([](const py::handle& patterns, double beta) {
             return ModernHopfield(Matrix(items_view(patterns, "patterns").columns), beta);
           }),
           py::arg("patterns"), py::arg("beta"),
           "The network keeps its own copy of `patterns` (one copy; later changes to the array do not reach "
           "it).")
      .def_property_readonly("dimension", &ModernHopfield::dimension, "d, the dimension of a pattern.")
      .def_property_readonly("pattern_count", &ModernHopfield::pattern_count, "p, the patterns stored.")
      .def_property_readonly("beta", &ModernHopfield::beta, "β, the inverse temperature.")
      .def_property_readonly(
          "patterns", [](const ModernHopfield& self) { return items_array(Matrix(self.patterns())); },
          "The stored patterns, a (p, d) copy.")
      .def(
          "update",
          [](const ModernHopfield& self, const py::handle& states) {
            return on_states(states, [&](const MatrixView& s) { return self.update(s); });
          },
          py::arg("states"), "One update X softmax(β Xᵀξ) of every row (double precision).")
      .def(
          "retrieval_weights",
          [](const ModernHopfield& self, const py::handle& states) {
            return on_states(states, [&](const MatrixView& s) { return self.retrieval_weights(s); });
          },
          py::arg("states"), "softmax(β Xᵀξ) of every row: shape (B, p), rows sum to 1 (double).")
      .def(
          "energy",
          [](const ModernHopfield& self, const py::handle& states) -> py::object {
            const ItemsView view = items_view(states, "states");
            std::vector<double> values;
            for (Index k = 0; k < view.columns.cols(); ++k)
              values.push_back(self.energy(view.columns.col(k)));
            if (view.vector) return py::float_(values.front());
            return vector_array(std::move(values));
          },
          py::arg("states"),
          "E(ξ) = −β⁻¹ log Σ exp(β xᵢᵀξ) + ½ ξᵀξ + β⁻¹ log p + ½ M² of one state or every row.")
      .def(
          "classify_fixed_points",
          [](const ModernHopfield& self, const py::handle& states) {
            std::vector<std::string> kinds;
            for (const auto kind : self.classify_fixed_points(items_view(states, "states").columns))
              kinds.emplace_back(fixed_point_kind_name(kind));
            return kinds;
          },
          py::arg("states"),
          "Ramsauer et al.'s 90 % criterion per row: 'single pattern', 'metastable' or 'global average'.")
      .def(
          "recall", &recall_modern, py::arg("probes"), py::kw_only(), py::arg("max_steps") = 1,
          py::arg("tolerance") = 1e-5, py::arg("precision") = "single", py::arg("path") = "automatic",
          py::arg("record_energy") = false, py::arg("final_energy") = true, py::arg("threads") = 0,
          "Up to max_steps updates of every row of `probes` ((B, d) or (d,)); a probe stops when a step "
          "moves it by ‖Δξ‖ ≤ tolerance. precision 'single' (the fused float32 kernel, default) or "
          "'double'; path 'automatic', 'dense', 'streaming' or 'fused'. final_energy=False skips E of the "
          "final states (one more pass over the patterns; `energy` is then empty). Releases the GIL; reads a "
          "C-contiguous float64 or float32 array in place (others are converted once to float64). Ctrl-C "
          "stops a recall of more than 64 probes within about a second (KeyboardInterrupt, no result).");
}

void bind_dense_memory(py::module_& module) {
  py::class_<DenseAssociativeMemory> model(
      module, "DenseAssociativeMemory",
      "Dense associative memory (Krotov & Hopfield 2016): ±1 patterns (rows of a (p, N) array), energy "
      "E(σ) = −Σ F(xᵀσ) with F 'polynomial' xⁿ, 'rectified-polynomial' max(x, 0)ⁿ or 'exponential' exp(x).");
  model
      .def(py::init([](const py::handle& patterns, const std::string& function, int degree) {
             return DenseAssociativeMemory(Matrix(items_view(patterns, "patterns").columns),
                                           interaction_function_from_name(function), degree);
           }),
           py::arg("patterns"), py::arg("function") = "polynomial", py::arg("degree") = 2,
           "The memory keeps its own copy of `patterns` (one copy).")
      .def_property_readonly("dimension", &DenseAssociativeMemory::dimension)
      .def_property_readonly("pattern_count", &DenseAssociativeMemory::pattern_count)
      .def_property_readonly("degree", &DenseAssociativeMemory::degree)
      .def("interaction", &DenseAssociativeMemory::interaction, py::arg("x"), "F(x).");
  define_binary_recall(model);
}

}  // namespace

void bind_attention(py::module_& module);

void bind_modern(py::module_& module) {
  bind_modern_network(module);
  bind_dense_memory(module);
  bind_attention(module);
}

}  // namespace hopfield::python
