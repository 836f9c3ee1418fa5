// hopfield._core: MAX-CUT as Hopfield energy minimisation — graphs (built from an edge array or read from a
// G-set file), the cut of a partition, and the library's solvers (hopfield/maxcut_solvers.hpp). A solve runs
// with the GIL released on a worker thread; Ctrl-C cancels it (interrupt.hpp).
#include <pybind11/stl.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "arrays.hpp"
#include "errors.hpp"
#include "hopfield/error.hpp"
#include "hopfield/maxcut.hpp"
#include "hopfield/maxcut_solvers.hpp"
#include "interrupt.hpp"

namespace hopfield::python {

namespace {

// A graph from `vertices` and an (E, 3) array of rows (i, j, w) with 0-based vertices, or (E, 2) rows
// (i, j) of weight 1. Vertex numbers must be whole numbers; the library checks range, self-edges, repeats
// and weights.
WeightedGraph graph_from_edges(Index vertices, const py::handle& edges) {
  require(vertices >= 1 && vertices <= max_graph_vertices, "vertices must be 1 ... ", max_graph_vertices,
          ", got ", vertices);
  const auto table = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(edges);
  require(static_cast<bool>(table) && table.ndim() == 2 && (table.shape(1) == 2 || table.shape(1) == 3),
          "edges must be an array of shape (E, 3) with rows (i, j, w), or (E, 2) with rows (i, j)");
  const auto rows = table.unchecked<2>();
  std::vector<CouplingEntry> list;
  list.reserve(static_cast<std::size_t>(rows.shape(0)));
  for (py::ssize_t e = 0; e < rows.shape(0); ++e) {
    const double i = rows(e, 0), j = rows(e, 1);
    require(std::isfinite(i) && std::isfinite(j) && i == std::floor(i) && j == std::floor(j), "edges: row ",
            e, " has a vertex that is not a whole number (", i, ", ", j, ")");
    require(i >= 0 && j >= 0 && i < static_cast<double>(vertices) && j < static_cast<double>(vertices),
            "edges: row ", e, " joins ", i, " and ", j, "; vertices are 0 ... ", vertices - 1);
    list.push_back({static_cast<Index>(i), static_cast<Index>(j), rows.shape(1) == 3 ? rows(e, 2) : 1.0});
  }
  return WeightedGraph(vertices, std::move(list));
}

// A partition as the library takes it: ±1 per vertex (any numeric array; other values refused).
std::vector<std::int8_t> partition_of(const WeightedGraph& graph, const py::handle& partition) {
  const auto values = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(partition);
  require(static_cast<bool>(values) && values.ndim() == 1 && values.shape(0) == graph.vertices(),
          "partition must be a one-dimensional array of ", graph.vertices(), " entries +1 or -1");
  std::vector<std::int8_t> spins(static_cast<std::size_t>(graph.vertices()));
  for (py::ssize_t i = 0; i < values.shape(0); ++i) {
    const double v = values.at(i);
    require(v == 1.0 || v == -1.0, "partition: entry ", i, " is ", v, "; expected +1 or -1");
    spins[static_cast<std::size_t>(i)] = static_cast<std::int8_t>(v);
  }
  return spins;
}

py::dict result_dict(const MaxCutResult& result) {
  std::vector<double> cuts, starts, ends;
  std::vector<std::int64_t> indices, sweeps;
  for (const auto& r : result.restarts) {
    indices.push_back(r.restart);
    cuts.push_back(r.cut);
    sweeps.push_back(r.sweeps);
    starts.push_back(r.start_seconds);
    ends.push_back(r.end_seconds);
  }
  std::vector<double> trace;
  for (const auto& point : result.trace) trace.insert(trace.end(), {point.seconds, point.cut});
  py::array trace_array = vector_array(std::move(trace));
  trace_array.resize({static_cast<py::ssize_t>(result.trace.size()), py::ssize_t{2}});
  std::vector<std::int8_t> partition = result.best_partition;
  py::dict out;
  out["best_cut"] = result.best_cut;
  out["best_partition"] = vector_array(std::move(partition));
  out["best_restart"] = result.best_restart;
  out["restart"] = vector_array(std::move(indices));
  out["cuts"] = vector_array(std::move(cuts));
  out["sweeps"] = vector_array(std::move(sweeps));
  out["start_seconds"] = vector_array(std::move(starts));
  out["end_seconds"] = vector_array(std::move(ends));
  out["seconds_to_target"] = result.seconds_to_target ? py::cast(*result.seconds_to_target) : py::none();
  out["trace"] = trace_array;
  out["seconds"] = result.seconds;
  out["mean_coupling_removed"] = result.mean_coupling_removed;
  return out;
}

}  // namespace

void bind_maxcut(py::module_& module) {
  py::class_<WeightedGraph>(module, "MaxCutGraph",
                            "An undirected weighted graph for MAX-CUT: vertices 0 ... N-1, each edge once.")
      .def(py::init(&graph_from_edges), py::arg("vertices"), py::arg("edges"),
           "From an (E, 3) array of rows (i, j, w), 0-based, or (E, 2) rows (i, j) of weight 1.")
      .def_property_readonly("vertices", &WeightedGraph::vertices)
      .def_property_readonly("edge_count", &WeightedGraph::edge_count)
      .def_property_readonly("total_weight", &WeightedGraph::total_weight)
      .def(
          "cut",
          [](const WeightedGraph& graph, const py::handle& partition) {
            return cut_value(graph, partition_of(graph, partition));
          },
          py::arg("partition"), "The cut of a partition: the sum of w_ij over edges with s_i != s_j.");
  module.def(
      "read_gset",
      [](const py::object& path) {
        const std::string file = py::str(path).cast<std::string>();
        return reading_files([&] { return read_gset(file); });
      },
      py::arg("path"), "Reads a G-set file (header 'N E', then E lines 'i j w' with 1-based vertices).");
  module.def(
      "gset_path",
      [](const std::string& name, const py::object& data) {
        const std::string directory = data.is_none() ? std::string() : py::str(data).cast<std::string>();
        return reading_files([&] { return gset_file(name, directory).string(); });
      },
      py::arg("name"), py::arg("data") = py::none(),
      "The path of a shipped G-set graph ('G1', ...) in the data directory.");
  module.def(
      "solve_maxcut",
      [](const WeightedGraph& graph, const std::string& solver, std::uint64_t seed, Index restarts,
         double time_limit, std::optional<double> target, int threads, Index sweeps,
         double initial_temperature, double final_temperature, double time_step, double coupling_scale,
         const std::string& mean_coupling) {
        MaxCutOptions options{.solver = maxcut_solver_from_name(solver),
                              .seed = seed,
                              .restarts = restarts,
                              .time_limit = time_limit,
                              .target_cut = target,
                              .threads = threads,
                              .sweeps = sweeps,
                              .initial_temperature = initial_temperature,
                              .final_temperature = final_temperature,
                              .time_step = time_step,
                              .coupling_scale = coupling_scale,
                              .mean_coupling = mean_coupling_from_name(mean_coupling)};
        const MaxCutResult result = run_released<MaxCutResult>(true, [&](const CancellationToken& token) {
          MaxCutOptions cancellable = options;
          cancellable.cancellation = &token;
          return solve_maxcut(graph, cancellable);
        });
        return result_dict(result);
      },
      py::arg("graph"), py::arg("solver") = "annealing", py::arg("seed") = 42, py::arg("restarts") = 16,
      py::arg("time_limit") = 0.0, py::arg("target") = py::none(), py::arg("threads") = 0,
      py::arg("sweeps") = 0, py::arg("initial_temperature") = 0.0, py::arg("final_temperature") = 0.0,
      py::arg("time_step") = 0.0, py::arg("coupling_scale") = 0.0, py::arg("mean_coupling") = "automatic",
      "Runs the library's MAX-CUT solver (see hopfield.maxcut.solve).");
  module.def("maxcut_solver_names", [] { return std::string(maxcut_solver_names()); });
}

}  // namespace hopfield::python
