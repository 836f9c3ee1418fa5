// dense-capacity — (Krotov & Hopfield 2016, Demircigil et al. 2017): how the capacity of the dense
// associative memory with F(x) = xⁿ grows with n, against the classical (Hebb) network on the same patterns,
// on a log–log table: capacity ∝ N^(n−1) (up to a log N factor).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "capacity_protocol.hpp"
#include "catalogue.hpp"
#include "dense_capacity.hpp"
#include "hopfield/capacity_theory.hpp"
#include "hopfield/classical.hpp"
#include "hopfield/corruption.hpp"
#include "hopfield/dense_memory.hpp"
#include "hopfield/error.hpp"
#include "hopfield/parallel.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"
#include "theory_lines.hpp"

namespace hopfield::experiments {
namespace {

using Search = DenseCapacitySearch;

// The fraction of probes recalled exactly with p stored patterns (see dense_trial_successes).
double success_rate(const Search& search, Index p, int degree, bool classical) {
  std::int64_t successes = 0;
  for (const std::int64_t trial : dense_trial_successes(search, p, degree, classical)) successes += trial;
  return static_cast<double>(successes) / static_cast<double>(search.trials * std::min(p, search.probes));
}

// Largest p on a geometric grid (×1.15) before the success rate first drops below the threshold.
Index find_capacity(const Search& search, int degree, bool classical) {
  Index capacity = 0;
  for (Index p = 1; p <= search.max_patterns;
       p = std::max(p + 1, static_cast<Index>(std::ceil(1.15 * static_cast<double>(p))))) {
    if (success_rate(search, p, degree, classical) < search.threshold) break;
    capacity = p;
  }
  return capacity;
}

// Least-squares slope of y against x.
double slope(const std::vector<double>& x, const std::vector<double>& y) {
  const auto n = static_cast<double>(x.size());
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sx += x[i];
    sy += y[i];
    sxx += x[i] * x[i];
    sxy += x[i] * y[i];
  }
  const double denominator = n * sxx - sx * sx;
  return denominator != 0.0 ? (n * sxy - sx * sy) / denominator : std::nan("");
}

struct DenseCapacityParameters {
  std::uint64_t seed = 42;
  std::string neurons = "16,24,32,48";
  std::string degrees = "2,3,4";
  double corruption = 0.0;
  Index trials = 8;
  Index probes = 32;
  double threshold = 0.9;
  Index max_patterns = 20000;
};

constexpr Index max_dense_neurons = 100'000;

// The network sizes: a non-empty list of N, each at most max_dense_neurons.
std::vector<Index> network_sizes(std::string_view text) {
  const auto sizes = positive_integer_list("neurons", std::string(text));
  for (const Index n : sizes)
    require(n >= 2 && n <= max_dense_neurons, "parameter 'neurons': ", n, " in '", text, "' is not in 2 ... ",
            max_dense_neurons);
  return sizes;
}

// The polynomial degrees: a non-empty list of n in 2 … 12.
std::vector<Index> polynomial_degrees(std::string_view text) {
  const auto degrees = positive_integer_list("degrees", std::string(text));
  for (const Index n : degrees)
    require(n >= 2 && n <= 12, "parameter 'degrees': ", n, " in '", text, "' is not in 2 ... 12");
  return degrees;
}

const ParameterFields<DenseCapacityParameters>& dense_capacity_fields() {
  using P = DenseCapacityParameters;
  static const auto fields =
      ParameterFields<P>()
          .seed(&P::seed)
          .text("neurons", &P::neurons, "network sizes N, comma-separated (add 64 for a longer run)",
                [](std::string_view text) { network_sizes(text); })
          .text("degrees", &P::degrees, "polynomial degrees n in 2 ... 12, comma-separated",
                [](std::string_view text) { polynomial_degrees(text); })
          .real("corruption", &P::corruption,
                "fraction of bits flipped in probes, below 0.5 (0: stability of stored patterns)", 0.0, 0.5)
          .integer("trials", &P::trials, "trials per p (fresh patterns)", Index{1}, Index{1'000'000})
          .integer("probes", &P::probes, "probes per trial", Index{1}, Index{1'000'000})
          .real("threshold", &P::threshold, "success rate that defines the capacity", 0.0, 1.0)
          .integer("max_patterns", &P::max_patterns, "largest p searched", Index{1}, Index{10'000'000});
  return fields;
}

// What the search found: capacity[size][j] for degrees[j], and the classical network's.
struct DenseCapacities {
  std::vector<Index> sizes;
  std::vector<Index> degrees;
  std::vector<Index> classical;
  std::vector<std::vector<Index>> dense;
};

DenseCapacities measure_dense_capacity(const DenseCapacityParameters& parameters, Progress& progress) {
  DenseCapacities found{.sizes = network_sizes(parameters.neurons),
                        .degrees = polynomial_degrees(parameters.degrees),
                        .classical = {},
                        .dense = {}};
  require(parameters.corruption < 0.5, "dense-capacity: parameter 'corruption' must lie below 0.5, got ",
          parameters.corruption);
  Search search{.neurons = 0,
                .corruption = parameters.corruption,
                .trials = parameters.trials,
                .probes = parameters.probes,
                .threshold = parameters.threshold,
                .max_patterns = parameters.max_patterns,
                .seed = parameters.seed};
  progress.begin("dense-capacity",
                 static_cast<std::int64_t>(found.sizes.size() * (found.degrees.size() + 1)));
  for (const Index neurons : found.sizes) {
    search.neurons = neurons;
    found.classical.push_back(find_capacity(search, 2, true));
    progress.advance();
    found.dense.emplace_back();
    for (const Index n : found.degrees) {
      found.dense.back().push_back(find_capacity(search, static_cast<int>(n), false));
      progress.advance();
    }
  }
  progress.end();
  return found;
}

// Table 1 (capacity per N and n beside the Krotov-Hopfield formula), table 2 (the log-log slopes), figure.
void add_dense_tables(const DenseCapacityParameters& parameters, const DenseCapacities& found,
                      Result& result) {
  const auto& degrees = found.degrees;
  Table table{.title = fmt::format("Capacity (largest p with >= {} % of probes recalled exactly), F(x) = x^n",
                                   100.0 * parameters.threshold),
              .columns = {"N", "ln N", "classical Hebb"},
              .rows = {},
              .decimals = {-1, 3, -1}};
  for (const Index n : degrees) {
    table.columns.push_back(fmt::format("n = {}", n));
    table.columns.push_back(fmt::format("ln p (n = {})", n));
    table.columns.push_back(fmt::format("theory n = {}", n));
    table.decimals.insert(table.decimals.end(), {-1, 3, 1});
  }
  Figure figure{.name = "dense-capacity",
                .title = "Dense associative memory capacity, F(x) = x^n",
                .x_label = "neurons N",
                .y_label = "capacity p",
                .log_x = true,
                .log_y = true,
                .series = std::vector<Series>(degrees.size() + 1)};
  figure.series.back().label = "classical Hebb";
  std::vector<std::vector<double>> log_capacity(degrees.size());
  std::vector<std::vector<double>> log_capacity_times_log_n(degrees.size());
  std::vector<double> log_sizes;
  for (std::size_t i = 0; i < found.sizes.size(); ++i) {
    const Index neurons = found.sizes[i];
    const double log_n = std::log(static_cast<double>(neurons));
    log_sizes.push_back(log_n);
    std::vector<Cell> row = {std::int64_t{neurons}, log_n, std::int64_t{found.classical[i]}};
    figure.series.back().x.push_back(static_cast<double>(neurons));
    figure.series.back().y.push_back(static_cast<double>(found.classical[i]));
    for (std::size_t j = 0; j < degrees.size(); ++j) {
      const int n = static_cast<int>(degrees[j]);
      const Index capacity = found.dense[i][j];
      // Krotov & Hopfield 2016: p_max ≈ N^(n−1) / (2 (2n−3)!! ln N) for error-free retrieval of a pattern.
      const double theory = krotov_hopfield_capacity(neurons, n);
      const double log_p = capacity > 0 ? std::log(static_cast<double>(capacity)) : std::nan("");
      row.insert(row.end(), {std::int64_t{capacity}, log_p, theory});
      log_capacity[j].push_back(log_p);
      log_capacity_times_log_n[j].push_back(log_p + std::log(log_n));
      figure.series[j].label = fmt::format("n = {}", n);
      figure.series[j].x.push_back(static_cast<double>(neurons));
      figure.series[j].y.push_back(static_cast<double>(capacity));
    }
    table.add_row(std::move(row));
  }
  const auto [smallest, largest] = std::minmax_element(found.sizes.begin(), found.sizes.end());
  for (const Index n : degrees)
    figure.series.push_back(krotov_hopfield_line(*smallest, *largest, static_cast<int>(n)));
  result.tables.push_back(std::move(table));
  Table law{.title = "Log-log slopes: capacity ~ N^(n-1) / ln N",
            .columns = {"n", "slope of ln p vs ln N", "slope of ln(p ln N) vs ln N", "theory n - 1"},
            .rows = {},
            .decimals = {-1, 2, 2, -1}};
  for (std::size_t j = 0; j < degrees.size(); ++j) {
    law.add_row({std::int64_t{degrees[j]}, slope(log_sizes, log_capacity[j]),
                 slope(log_sizes, log_capacity_times_log_n[j]), std::int64_t{degrees[j] - 1}});
  }
  result.tables.push_back(std::move(law));
  result.figures.push_back(std::move(figure));
}

std::vector<std::string> dense_notes(const DenseCapacityParameters& parameters,
                                     const DenseCapacities& found) {
  const Index largest = found.sizes.back();
  const auto flips_example =
      static_cast<Index>(std::llround(parameters.corruption * static_cast<double>(largest)));
  return {
      fmt::format("Protocol: p random +-1 patterns; the first min(p, {}) are probed with round({} N) bits "
                  "flipped ({} at "
                  "N = "
                  "{}), asynchronous dynamics (random order) to a fixed point; a probe succeeds when it ends "
                  "exactly on "
                  "its "
                  "pattern. {} trials per p with fresh patterns; p runs over a geometric grid (x1.15) and "
                  "the capacity "
                  "is the "
                  "last p before the success rate first drops below {}. The classical column runs "
                  "ClassicalHopfield::hebb on "
                  "the same patterns and probes; n = 2 is the same dynamics (tests/dense_memory_test.cpp), "
                  "so the two "
                  "columns "
                  "agree.",
                  parameters.probes, parameters.corruption, flips_example, largest, parameters.trials,
                  parameters.threshold),
      "Theory: Krotov & Hopfield (2016) give p_max ~ N^(n-1) / (2 (2n-3)!! ln N) for error-free retrieval, "
      "an asymptotic (large N) formula, drawn as dashed lines. Our criterion (90 % of patterns, not all) "
      "admits more patterns, while at N of a few tens its finite-N corrections are large, so the measured "
      "values lie near the formula rather than above it; the slope in N is the law under test. Small N "
      "makes the log-log slopes noisy; larger sizes with --set neurons=16,24,32,48,64 (about 3x slower)."};
}

Result run_dense_capacity(const DenseCapacityParameters& parameters, Progress& progress) {
  const DenseCapacities found = measure_dense_capacity(parameters, progress);
  Result result;
  add_dense_tables(parameters, found, result);
  result.notes = dense_notes(parameters, found);
  return result;
}

}  // namespace

std::vector<std::int64_t> dense_trial_successes(const DenseCapacitySearch& search, Index p, int degree,
                                                bool classical) {
  const auto flips =
      static_cast<Index>(std::llround(search.corruption * static_cast<double>(search.neurons)));
  // Integer tallies per trial: their sum does not depend on the order.
  return map_items(search.trials,
                   [&](Index t) {
                     // The same patterns and probes for every n and for the classical network.
                     const BinaryTrial trial{
                         .neurons = search.neurons,
                         .patterns = p,
                         .probed = std::min(p, search.probes),
                         .flips = flips,
                         .seed = derive_seed(
                             derive_seed(derive_seed(search.seed, static_cast<std::uint64_t>(search.neurons)),
                                         static_cast<std::uint64_t>(p)),
                             static_cast<std::uint64_t>(t))};
                     const BinaryScores scores =
                         classical ? run_binary_trial(trial,
                                                      [](const BinaryPatterns& patterns) {
                                                        return ClassicalHopfield::hebb(patterns.to_matrix());
                                                      })
                                   : run_binary_trial(trial, [degree](const BinaryPatterns& patterns) {
                                       return DenseAssociativeMemory(patterns.to_matrix(),
                                                                     InteractionFunction::Polynomial, degree);
                                     });
                     return std::int64_t{scores.exact};
                   },
                   {.threads = 0, .parallel = p * search.neurons > search.parallel_work});
}

Experiment dense_capacity_experiment() {
  return typed_experiment(
      {.name = "dense-capacity",
       .summary = "capacity of the dense associative memory F(x) = x^n against N, n = 2, 3, 4, vs classical",
       .source = "Krotov & Hopfield (2016), \"Dense Associative Memory for Pattern Recognition\"; "
                 "Demircigil et al. (2017); [2], section 1"},
      dense_capacity_fields(), run_dense_capacity);
}

}  // namespace hopfield::experiments
