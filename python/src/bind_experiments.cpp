// hopfield._core: the experiment registry — names, descriptions, and runs whose Result comes back as the
// CLI's JSON text (the same writer, to_json(...).dump(1) + "\n", so the bytes are the CLI's) plus the image
// grids, which the JSON does not hold.
#include <pybind11/stl.h>

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "arrays.hpp"
#include "hopfield/parallel.hpp"
#include "interrupt.hpp"
#include "registry.hpp"
#include "writers.hpp"

namespace hopfield::python {

namespace {

py::object parameter_value(const experiments::ParameterValue& value) {
  return std::visit([](const auto& v) -> py::object { return py::cast(v); }, value);
}

py::dict describe(const std::string& name) {
  const experiments::Experiment& experiment = experiments::find_experiment(name);
  py::list parameters;
  for (const auto& spec : experiment.parameters) {
    py::dict parameter;
    parameter["name"] = spec.name;
    parameter["default"] = parameter_value(spec.default_value);
    parameter["description"] = spec.description;
    parameters.append(parameter);
  }
  py::dict description;
  description["name"] = experiment.name;
  description["summary"] = experiment.summary;
  description["source"] = experiment.source;
  bool reproduced = false;
  for (const auto& listed : experiments::all_experiments()) reproduced = reproduced || listed.name == name;
  description["reproduce"] = reproduced;
  description["parameters"] = parameters;
  return description;
}

py::list image_grids(experiments::Result& result) {
  py::list grids;
  for (auto& grid : result.images) {
    py::dict one;
    one["name"] = grid.name;
    one["title"] = grid.title;
    one["image_height"] = grid.image_height;
    one["image_width"] = grid.image_width;
    one["grid_columns"] = grid.grid_columns;
    one["row_labels"] = grid.row_labels;
    one["pixels"] = items_array(std::move(grid.pixels));
    grids.append(one);
  }
  return grids;
}

// Runs the experiment (see interrupt.hpp) and returns (JSON text, image grids).
py::tuple run(const std::string& name, const std::vector<std::pair<std::string, std::string>>& overrides,
              int threads, const py::object& report) {
  check_thread_count(threads, "threads");
  const experiments::Experiment& experiment = experiments::find_experiment(name);
  auto result = run_interruptible<experiments::Result>(
      [&](experiments::Progress& progress) {
        return experiments::run_experiment(experiment, overrides, progress);
      },
      threads, report);
  std::string json = experiments::to_json({result}).dump(1) + "\n";
  return py::make_tuple(std::move(json), image_grids(result));
}

}  // namespace

void bind_experiments(py::module_& module) {
  module.def(
      "experiment_names",
      [](bool reproduce_only) {
        std::vector<std::string> names;
        for (const auto& experiment : experiments::all_experiments()) names.push_back(experiment.name);
        if (reproduce_only) return names;
        for (const auto& experiment : experiments::run_by_name_only_experiments())
          names.push_back(experiment.name);
        return names;
      },
      py::arg("reproduce_only") = false,
      "Every runnable experiment: those of `hopfield reproduce` in its order, then those run by name only "
      "(minutes at their defaults); reproduce_only=True: the former alone.");
  module.def("describe_experiment", &describe, py::arg("name"),
             "An experiment's name, summary, source and parameters (name, default, description).");
  module.def("reproduced_write_ups", &experiments::reproduced_write_ups,
             "The write-ups the experiments reproduce, and what a table's 'seed' column holds.");
  module.def("run_experiment", &run, py::arg("name"), py::arg("overrides"), py::arg("threads") = 0,
             py::arg("report") = py::none(),
             "Runs an experiment with parameter overrides [(name, text)]; returns (JSON text, image grids). "
             "Releases the GIL; Ctrl-C raises KeyboardInterrupt within about a second.");
}

}  // namespace hopfield::python
