#include "registry.hpp"

#include <fmt/format.h>

#include "catalogue.hpp"
#include "hopfield/error.hpp"
#include "reference_values.hpp"

namespace hopfield::experiments {

const std::vector<Experiment>& all_experiments() {
  static const std::vector<Experiment> registry = {
      classical_retrieval_experiment(),
      classical_capacity_experiment(),
      modern_retrieval_experiment(),
      modern_capacity_experiment(),
      attention_equivalence_experiment(),
      capacity_comparison_experiment(),
      dense_capacity_experiment(),
      mnist_hebb_collapse_experiment(),
      mnist_spectrum_experiment(),
      mnist_centred_experiment(),
      mnist_pseudoinverse_capacity_experiment(),
      mnist_beta_experiment(),
      random_features_phases_experiment(),
      random_features_diagram_experiment(),
      random_features_paper_experiment(),
      maxcut_gset_experiment(),
  };
  return registry;
}

namespace {
// Found by find_experiment (`hopfield run NAME`) but left out of all_experiments() and so of `hopfield
// reproduce`: their default runs take minutes.
const std::vector<Experiment>& run_by_name_only() {
  static const std::vector<Experiment> longer = {
      classical_critical_capacity_experiment(),
  };
  return longer;
}

}  // namespace

const std::vector<Experiment>& run_by_name_only_experiments() {
  return run_by_name_only();
}

namespace {

// Says which experiments `hopfield reproduce` leaves out, and why.
std::string longer_experiments_text() {
  std::string text = "\nRun by name only (minutes at their defaults, so not part of 'hopfield reproduce'):\n";
  for (const auto& experiment : run_by_name_only())
    text += fmt::format("  {:<28} {}\n", experiment.name, experiment.summary);
  return text;
}
}  // namespace

std::string reproduced_write_ups() {
  return fmt::format(
             "The experiments reproduce the tables of two write-ups:\n"
             "  [1] {}\n"
             "  [2] {}\n"
             "{}\n",
             reference::from_scratch_series, reference::spin_glass_to_attention,
             reference::seed_column_meaning) +
         longer_experiments_text();
}

const Experiment& find_experiment(std::string_view name) {
  std::string known;
  for (const auto* list : {&all_experiments(), &run_by_name_only()}) {
    for (const auto& experiment : *list) {
      if (experiment.name == name) return experiment;
      known += (known.empty() ? "" : ", ") + experiment.name;
    }
  }
  throw Error(fmt::format("unknown experiment '{}'; known experiments: {}", name, known));
}

Result run_experiment(const Experiment& experiment,
                      const std::vector<std::pair<std::string, std::string>>& overrides, Progress& progress) {
  Parameters parameters(experiment.parameters);
  for (const auto& [name, value] : overrides) {
    try {
      parameters.set(name, value);
    } catch (const Error& error) {
      throw Error(fmt::format("experiment '{}': {}", experiment.name, error.what()));
    }
  }
  Result result = experiment.run(parameters, progress);
  result.name = experiment.name;
  result.params = parameters.values();
  return result;
}

}  // namespace hopfield::experiments
