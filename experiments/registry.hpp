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
  std::string source;   ///< what it reproduces: write-up [1] or [2] (reproduced_write_ups()) and section
  std::vector<ParameterSpec> parameters;
  std::function<Result(const Parameters&, Progress&)> run;
};

/// What `hopfield list` shows about an experiment besides its parameters.
struct ExperimentInfo {
  std::string name;
  std::string summary;
  std::string source;  ///< write-up [1] or [2] and section, or the paper
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

/// What `hopfield list` says once: the two write-ups whose tables the experiments reproduce (cited as [1]
/// and [2] in each experiment's source) and what a table's "seed" column holds.
std::string reproduced_write_ups();

/// Every registered experiment, in the order `hopfield reproduce` runs them.
const std::vector<Experiment>& all_experiments();

/// The experiments `hopfield run NAME` finds but `hopfield reproduce` leaves out (their default runs take
/// minutes); `hopfield list` names them after all_experiments().
const std::vector<Experiment>& run_by_name_only_experiments();

/// The experiment called `name`; throws hopfield::Error naming the known ones otherwise.
const Experiment& find_experiment(std::string_view name);

/// Runs `experiment` with its defaults overridden by `overrides` ({name, text value}).
Result run_experiment(const Experiment& experiment,
                      const std::vector<std::pair<std::string, std::string>>& overrides = {},
                      Progress& progress = silent_progress());

}  // namespace hopfield::experiments
