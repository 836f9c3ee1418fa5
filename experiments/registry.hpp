// One registry names every experiment: `hopfield run NAME`, `hopfield reproduce`, the tests and every
// other front end share it.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parameters.hpp"
#include "progress.hpp"
#include "result.hpp"

namespace hopfield::experiments {

struct Experiment {
  std::string name;     ///< e.g. "classical-capacity"
  std::string summary;  ///< one line
  std::string source;   ///< which seed and section it reproduces
  std::vector<ParameterSpec> parameters;
  std::function<Result(const Parameters&, Progress&)> run;
};

/// What `hopfield list` shows about an experiment besides its parameters.
struct ExperimentInfo {
  std::string name;
  std::string summary;
  std::string source;
};

/// An experiment whose parameters are the struct `Params` described by `fields` (parameters.hpp): the
/// parameter list and the parsing come from `fields` (which must outlive the experiment: a function-local
/// static), and `run` receives the filled struct.
template <typename Params>
Experiment typed_experiment(ExperimentInfo info, const ParameterFields<Params>& fields,
                            Result (*run)(const Params&, Progress&)) {
  return {.name = std::move(info.name),
          .summary = std::move(info.summary),
          .source = std::move(info.source),
          .parameters = fields.specs(),
          .run = [&fields, run](const Parameters& values, Progress& progress) {
            return run(fields.read(values), progress);
          }};
}

/// Every registered experiment, in the order `hopfield reproduce` runs them.
const std::vector<Experiment>& all_experiments();

/// The experiment called `name`; throws hopfield::Error naming the known ones otherwise.
const Experiment& find_experiment(std::string_view name);

/// Runs `experiment` with its defaults overridden by `overrides` ({name, text value}).
Result run_experiment(const Experiment& experiment,
                      const std::vector<std::pair<std::string, std::string>>& overrides = {},
                      Progress& progress = silent_progress());

}  // namespace hopfield::experiments
