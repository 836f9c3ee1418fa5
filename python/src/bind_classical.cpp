// hopfield._core: the classical Hopfield network and the recall result every model returns.
#include <pybind11/stl.h>

#include <optional>
#include <string>

#include "arrays.hpp"
#include "hopfield/classical.hpp"
#include "hopfield/dense_memory.hpp"
#include "hopfield/parallel.hpp"
#include "interrupt.hpp"
#include "recall_result.hpp"

namespace hopfield::python {

namespace {

std::string outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::FixedPoint:
      return "fixed-point";
    case Outcome::TwoCycle:
      return "two-cycle";
    case Outcome::MaxSweeps:
      return "max-sweeps";
  }
  return "unknown";
}

// Runs the binary dynamics of `model` (ClassicalHopfield or DenseAssociativeMemory) without the GIL.
template <typename Model>
PythonRecallResult recall_binary(const Model& model, const py::handle& probes, const std::string& dynamics,
                                 int max_sweeps, std::uint64_t seed, bool record_energy, int threads) {
  const ItemsView view = items_view(probes, "probes");
  RecallOptions options{.dynamics = dynamics_from_name(dynamics),
                        .max_sweeps = max_sweeps,
                        .seed = seed,
                        .record_energy = record_energy,
                        .threads = threads};
  // The probes are read in place; Ctrl-C is checked between blocks of probes, so one block runs inline.
  RecallResult result = run_released<RecallResult>(view.columns.cols() > binary_recall_block,
                                                   [&](const CancellationToken& token) {
                                                     options.cancellation = &token;
                                                     return model.recall(view.columns, options);
                                                   });
  return to_python(std::move(result), view.vector);
}

// energy(state) for one state (a float) or every row of a (B, N) array (an array).
template <typename Model>
py::object energies(const Model& model, const py::handle& states) {
  const ItemsView view = items_view(states, "states");
  std::vector<double> values(static_cast<std::size_t>(view.columns.cols()));
  for (Index k = 0; k < view.columns.cols(); ++k)
    values[static_cast<std::size_t>(k)] = model.energy(view.columns.col(k));
  if (view.vector) return py::float_(values.front());
  return vector_array(std::move(values));
}

const char* const kRecallDoc =
    "Runs the sign dynamics from every row of `probes` ((B, N) or (N,), ±1 entries).\n\n"
    "dynamics: 'asynchronous' (a fresh random order every sweep, seeded: probe k draws from "
    "derive_seed(seed, k)), 'asynchronous-fixed-order' (units 0 … N−1) or 'synchronous'.\n"
    "max_sweeps: sweep limit (≥ 1). record_energy: keep the energy before and after every sweep.\n"
    "threads: OpenMP threads (0: all cores); results do not depend on it. Releases the GIL; reads a "
    "C-contiguous float64 array in place. Ctrl-C stops a recall of more than 32 probes within about a second "
    "(KeyboardInterrupt, no result).";

}  // namespace

template <typename Model>
void define_binary_recall(py::class_<Model>& model) {
  model.def(
      "recall",
      [](const Model& self, const py::handle& probes, const std::string& dynamics, int max_sweeps,
         std::uint64_t seed, bool record_energy, int threads) {
        return recall_binary(self, probes, dynamics, max_sweeps, seed, record_energy, threads);
      },
      py::arg("probes"), py::kw_only(), py::arg("dynamics") = "asynchronous", py::arg("max_sweeps") = 100,
      py::arg("seed") = 0, py::arg("record_energy") = false, py::arg("threads") = 0, kRecallDoc);
  model.def(
      "energy", [](const Model& self, const py::handle& states) { return energies(self, states); },
      py::arg("states"), "E(v) of one state (a float) or of every row of a (B, N) array.");
}
template void define_binary_recall(py::class_<DenseAssociativeMemory>&);

void bind_recall_result(py::module_& module) {
  py::class_<PythonRecallResult>(module, "RecallResult",
                                 "What a recall returns; one entry per probe (row of `states`).")
      .def_readonly("states", &PythonRecallResult::states, "Final states, the probes' shape.")
      .def_property_readonly(
          "sweeps", [](const PythonRecallResult& self) { return std::vector<int>(self.rest.sweeps); },
          "Sweeps (steps) run per probe, including the one that confirmed the end.")
      .def_property_readonly(
          "outcome",
          [](const PythonRecallResult& self) {
            std::vector<std::string> names;
            for (const Outcome outcome : self.rest.outcome) names.push_back(outcome_name(outcome));
            return names;
          },
          "How each recall ended: 'fixed-point', 'two-cycle' or 'max-sweeps'.")
      .def_property_readonly(
          "flips", [](const PythonRecallResult& self) { return self.rest.flips; },
          "Units changed in total per probe (0 for continuous models).")
      .def_property_readonly(
          "energy", [](const PythonRecallResult& self) { return self.rest.energy; },
          "Energy of each final state.")
      .def_property_readonly(
          "energy_trace", [](const PythonRecallResult& self) { return self.rest.energy_trace; },
          "Energy before the first sweep and after each, per probe (empty unless record_energy).")
      .def("__len__", [](const PythonRecallResult& self) { return self.rest.sweeps.size(); });
}

void bind_classical(py::module_& module) {
  bind_recall_result(module);
  py::class_<ClassicalHopfield> model(
      module, "ClassicalHopfield",
      "The classical (binary) Hopfield network. States are ±1 vectors of dimension N; patterns are rows of a "
      "(p, N) array, read in place by the factories (which keep what they learn, not the array). A unit "
      "whose local field is exactly 0 keeps its state. Energy E(v) = −½ vᵀWv + θᵀv.");
  model
      .def_static(
          "hebb",
          [](const py::handle& patterns, bool centre) {
            const ItemsView view = items_view(patterns, "patterns");
            py::gil_scoped_release release;
            return ClassicalHopfield::hebb(view.columns, {.centre = centre});
          },
          py::arg("patterns"), py::kw_only(), py::arg("centre") = false,
          "Hebb rule W = (1/N) Σ ξξᵀ, zero diagonal. centre: subtract the mean pattern first.")
      .def_static(
          "storkey",
          [](const py::handle& patterns) {
            const ItemsView view = items_view(patterns, "patterns");
            py::gil_scoped_release release;
            return ClassicalHopfield::storkey(view.columns);
          },
          py::arg("patterns"), "Storkey (1997) rule, learnt one pattern at a time.")
      .def_static(
          "pseudoinverse",
          [](const py::handle& patterns, double ridge, bool zero_diagonal) {
            const ItemsView view = items_view(patterns, "patterns");
            py::gil_scoped_release release;
            return ClassicalHopfield::pseudoinverse(view.columns,
                                                    {.ridge = ridge, .zero_diagonal = zero_diagonal});
          },
          py::arg("patterns"), py::kw_only(), py::arg("ridge") = 0.0, py::arg("zero_diagonal") = false,
          "Projection rule W = X (XᵀX + λI)⁻¹ Xᵀ (double precision, Cholesky). ridge λ = 0 needs linearly "
          "independent patterns (p ≤ N); zero_diagonal sets W_ii = 0.")
      .def_static(
          "from_weights",
          [](const py::handle& weights, const py::object& thresholds) {
            Matrix w = matrix_view(weights, "weights").columns.transpose();
            Vector theta;
            if (!thresholds.is_none()) theta = items_view(thresholds, "thresholds").columns.reshaped();
            return ClassicalHopfield::from_weights(std::move(w), std::move(theta));
          },
          py::arg("weights"), py::arg("thresholds") = py::none(),
          "Any symmetric (N, N) weight matrix, with optional thresholds θ (N,).")
      .def_property_readonly("dimension", &ClassicalHopfield::dimension, "N, the number of units.")
      .def_property_readonly("pattern_count", &ClassicalHopfield::pattern_count, "Patterns stored.")
      .def_property_readonly(
          "weights", [](const ClassicalHopfield& self) { return square_array(self.weights()); },
          "W, an (N, N) array (formed on demand).")
      .def_property_readonly(
          "thresholds",
          [](const ClassicalHopfield& self) { return items_array(Matrix(self.thresholds()), true); },
          "θ, an (N,) array.")
      .def(
          "local_field",
          [](const ClassicalHopfield& self, const py::handle& state) {
            const ItemsView view = items_view(state, "state");
            require(view.columns.cols() == 1, "local_field: expected one state (N,), got ",
                    view.columns.cols());
            return items_array(Matrix(self.local_field(view.columns.col(0))), true);
          },
          py::arg("state"), "h = W v − θ of one state (N,).");
  define_binary_recall(model);
}

}  // namespace hopfield::python
