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

/// Every registered experiment, in the order `hopfield reproduce` runs them.
const std::vector<Experiment>& all_experiments();

/// The experiment called `name`; throws hopfield::Error naming the known ones otherwise.
const Experiment& find_experiment(std::string_view name);

/// Runs `experiment` with its defaults overridden by `overrides` ({name, text value}).
Result run_experiment(const Experiment& experiment,
                      const std::vector<std::pair<std::string, std::string>>& overrides = {},
                      Progress& progress = silent_progress());

}  // namespace hopfield::experiments
