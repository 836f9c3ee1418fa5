// classical-capacity — write-up [1] (registry.hpp: reproduced_write_ups), "Classical Hopfield: Storage
// Capacity": p = 1 … 30 random patterns in N = 100 neurons, every pattern probed with 20 % of its bits
// flipped, mean bit accuracy of the recalls. The write-up used 5 trials per p; we report the same 5-trial
// estimate and the mean over many trials with a 95 % confidence interval, so the reader sees whether the
// write-up's numbers lie inside it.
//
// The same curve at large N is one command (docs/performance.md), e.g. N = 10 000, p = 200 … 2000:
//   hopfield run classical-capacity --set neurons=10000 --set patterns=200,400,...,2000 --set trials=20
//   --set probes=100
#include <fmt/format.h>
#include <omp.h>

#include <cmath>
#include <optional>

#include "capacity_protocol.hpp"
#include "catalogue.hpp"
#include "hopfield/binary_patterns.hpp"
#include "hopfield/classical.hpp"
#include "hopfield/corruption.hpp"
#include "hopfield/error.hpp"
#include "hopfield/measures.hpp"
#include "hopfield/random.hpp"
#include "hopfield/statistics.hpp"
#include "read_offs.hpp"
#include "reference_values.hpp"
#include "theory_lines.hpp"

namespace hopfield::experiments {
namespace {

Cell optional_cell(std::optional<double> value) {
  return value ? Cell(*value) : Cell();
}

struct ClassicalCapacityParameters {
  std::uint64_t seed = 42;
  Index neurons = 100;
  Index max_patterns = 30;
  std::string patterns;
  Index probes = 0;
  double corruption = 0.2;
  Index seed_trials = 5;
  Index trials = 200;
  double threshold = 0.95;
  std::string dynamics = "asynchronous";
};

// The largest p of a sweep (a list or 1 … max_patterns).
constexpr Index max_stored_patterns = 1'000'000;

// The sweep as written in `patterns`: increasing positive integers, each at most max_stored_patterns.
std::vector<Index> listed_pattern_counts(std::string_view text) {
  const std::vector<Index> counts = positive_integer_list("patterns", std::string(text), 0);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    require(counts[i] <= max_stored_patterns, "parameter 'patterns': ", counts[i], " in '", text,
            "' exceeds the largest supported p, ", max_stored_patterns);
    require(i == 0 || counts[i] > counts[i - 1], "parameter 'patterns': must increase, got ", counts[i],
            " after ", counts[i - 1], " in '", text, "'");
  }
  return counts;
}

const ParameterFields<ClassicalCapacityParameters>& classical_capacity_fields() {
  using P = ClassicalCapacityParameters;
  static const auto fields =
      ParameterFields<P>()
          .seed(&P::seed)
          .integer("neurons", &P::neurons, "number of neurons N", Index{1}, Index{1'000'000})
          .integer("max_patterns", &P::max_patterns, "sweep p = 1 ... max_patterns (when patterns is empty)",
                   Index{1}, max_stored_patterns)
          .text("patterns", &P::patterns,
                "increasing list of p to sweep, e.g. 200,400,2000 (empty: 1 ... max_patterns)",
                [](std::string_view text) { listed_pattern_counts(text); })
          .integer("probes", &P::probes,
                   "probe the first min(p, probes) stored patterns per trial (0: every pattern)", Index{0},
                   max_stored_patterns)
          .real("corruption", &P::corruption, "fraction of bits flipped in every probe (exactly round(q N))",
                0.0, 1.0)
          .integer("seed_trials", &P::seed_trials,
                   "trials of the write-up-sized estimate (the write-up used 5)", Index{1}, Index{1'000'000})
          .integer("trials", &P::trials, "trials of the precise estimate (includes the first ones)", Index{1},
                   Index{1'000'000})
          .real("threshold", &P::threshold, "accuracy that defines the capacity", 0.0, 1.0)
          .text("dynamics", &P::dynamics, "asynchronous | asynchronous-fixed-order | synchronous",
                [](std::string_view name) { dynamics_from_name(name); });
  return fields;
}

// The sweep: the list `patterns`, or 1 … max_patterns when it is empty.
std::vector<Index> pattern_counts(const ClassicalCapacityParameters& parameters) {
  std::vector<Index> counts = listed_pattern_counts(parameters.patterns);
  if (counts.empty()) {
    for (Index p = 1; p <= parameters.max_patterns; ++p) counts.push_back(p);
  }
  return counts;
}

// What the sweep measured: accuracy[s][t] is the mean bit accuracy over the probes of trial t at
// p = sweep[s]; the first seed_trials trials are the write-up-sized estimate.
struct CapacityCurve {
  std::vector<Index> sweep;
  Index flips = 0;
  Index seed_trials = 0;
  Index trials = 0;
  std::vector<std::vector<double>> accuracy;
  bool seed_protocol = false;  ///< N and the flips of the write-up's table, so its figures apply
};

CapacityCurve measure_classical_capacity(const ClassicalCapacityParameters& parameters, Progress& progress) {
  CapacityCurve curve;
  const Index neurons = parameters.neurons;
  curve.sweep = pattern_counts(parameters);
  curve.seed_trials = parameters.seed_trials;
  curve.trials = std::max(parameters.trials, parameters.seed_trials);
  curve.flips = static_cast<Index>(std::llround(parameters.corruption * static_cast<double>(neurons)));
  curve.seed_protocol = neurons == reference::classical_capacity::neurons &&
                        curve.flips == reference::classical_capacity::flips;
  const auto probed = [&](Index p) { return parameters.probes == 0 ? p : std::min(parameters.probes, p); };
  // Before anything is allocated: the cells run side by side, the largest p first.
  const Index largest = curve.sweep.back();
  require_memory(
      "neurons", neurons,
      static_cast<double>(omp_get_max_threads()) * classical_trial_bytes(neurons, largest, probed(largest)),
      fmt::format("{} networks of {} patterns", omp_get_max_threads(), largest));
  RecallOptions options;
  options.dynamics = dynamics_from_name(parameters.dynamics);

  const auto points = static_cast<Index>(curve.sweep.size());
  const Index trials = curve.trials;
  curve.accuracy.assign(static_cast<std::size_t>(points),
                        std::vector<double>(static_cast<std::size_t>(trials)));
  progress.begin("classical-capacity", points * trials);
  // A coupling workspace per thread: at N = 10 000 each trial's 100 MB of byte couplings go to the next.
  std::vector<CouplingWorkspace> workspaces(static_cast<std::size_t>(omp_get_max_threads()));
  // Cells in order of p, run largest first; every cell has its own seeds, so neither the order nor the
  // thread count changes a bit of the result.
  const std::vector<double> cell_accuracy = map_cells(
      points * trials,
      [&](Index cell) {
        const Index point = cell / trials;
        const Index p = curve.sweep[static_cast<std::size_t>(point)];
        const Index t = cell % trials;
        // Drawn as bits (the same values as random_binary_patterns): at N = 10 000, p = 2000 that is 2.5 MB
        // rather than a 160 MB double matrix per trial.
        const BinaryTrial trial{
            .neurons = neurons,
            .patterns = p,
            .probed = probed(p),
            .flips = curve.flips,
            .seed = derive_seed(derive_seed(parameters.seed, static_cast<std::uint64_t>(p)), t)};
        CouplingWorkspace& workspace =
            workspaces[static_cast<std::size_t>(omp_get_thread_num()) % workspaces.size()];
        const BinaryScores scores = run_binary_trial(
            trial,
            [&workspace](const BinaryPatterns& patterns) {
              return ClassicalHopfield::hebb(patterns, {.workspace = workspace});
            },
            options);
        return scores.mean_bit_accuracy();
      },
      progress);
  for (Index cell = 0; cell < points * trials; ++cell)
    curve.accuracy[static_cast<std::size_t>(cell / trials)][static_cast<std::size_t>(cell % trials)] =
        cell_accuracy[static_cast<std::size_t>(cell)];
  progress.end();
  return curve;
}

// The few-trial and the many-trial mean at each p of the sweep.
struct CurveMeans {
  std::vector<double> few;
  std::vector<double> many;
};

// Table 1 (accuracy per p beside the write-up's) and the figure; returns the means the read-off uses.
CurveMeans add_accuracy_table(const ClassicalCapacityParameters& parameters, const CapacityCurve& curve,
                              Result& result) {
  const Index neurons = parameters.neurons;
  const Index seed_trials = curve.seed_trials;
  Table table{.title = fmt::format("Mean bit accuracy, N = {}, {} % of bits flipped (Hebb, {})", neurons,
                                   100.0 * parameters.corruption, parameters.dynamics),
              .columns = {"patterns", "P/N", fmt::format("accuracy ({} trials)", seed_trials), "seed",
                          fmt::format("accuracy ({} trials)", curve.trials), "95% CI low", "95% CI high",
                          fmt::format("{}-trial range low", seed_trials), "high", "seed in range",
                          "theory (1 + m)/2 (AGS, N → ∞)"},
              .rows = {},
              .decimals = {-1, 2, 4, 3, 4, 4, 4, 4, 4, -1, 4}};
  Series many_series{
      .label = fmt::format("{} trials (95 % CI)", curve.trials), .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  Series few_series{
      .label = fmt::format("{} trials", seed_trials), .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  Series seed_series{.label = "seed", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  CurveMeans means;
  for (std::size_t point = 0; point < curve.sweep.size(); ++point) {
    const Index p = curve.sweep[point];
    const auto& samples = curve.accuracy[point];
    const Estimate few =
        mean_with_interval(std::span<const double>(samples.data(), static_cast<std::size_t>(seed_trials)));
    const Estimate many = mean_with_interval(samples);
    means.few.push_back(few.mean);
    means.many.push_back(many.mean);
    // Where a mean of `seed_trials` trials falls 95 % of the time (normal approximation, spread taken from
    // all trials): the write-up's 5-trial figure is consistent with ours when it lies in this range.
    const double spread =
        1.959963984540054 * many.standard_deviation / std::sqrt(static_cast<double>(seed_trials));
    const double range_low = std::max(0.0, many.mean - spread);
    const double range_high = std::min(1.0, many.mean + spread);
    const auto reference = curve.seed_protocol ? reference::classical_capacity::accuracy(p) : std::nullopt;
    Cell inside;
    // The write-up prints three decimals (one for "~95 %"): allow its rounding.
    if (reference) inside = *reference >= range_low - 5e-4 && *reference <= range_high + 5e-4;
    table.add_row({std::int64_t{p}, static_cast<double>(p) / static_cast<double>(neurons), few.mean,
                   optional_cell(reference), many.mean, many.low, many.high, range_low, range_high, inside,
                   optional_cell(ags_bit_accuracy(static_cast<double>(p) / static_cast<double>(neurons)))});
    const double x = static_cast<double>(p);
    few_series.x.push_back(x);
    few_series.y.push_back(few.mean);
    many_series.x.push_back(x);
    many_series.y.push_back(many.mean);
    many_series.y_low.push_back(many.low);
    many_series.y_high.push_back(many.high);
    if (reference) {
      seed_series.x.push_back(x);
      seed_series.y.push_back(*reference);
    }
  }
  result.tables.push_back(std::move(table));
  std::vector<Series> series = {std::move(many_series), std::move(few_series), std::move(seed_series)};
  for (Series& theory : ags_accuracy_lines(neurons, static_cast<double>(curve.sweep.back())))
    series.push_back(std::move(theory));
  result.figures.push_back(Figure{.name = "classical-capacity",
                                  .title = fmt::format("Classical Hopfield capacity, N = {}", neurons),
                                  .x_label = "stored patterns p",
                                  .y_label = "mean bit accuracy",
                                  .log_x = false,
                                  .log_y = false,
                                  .series = std::move(series)});
  return means;
}

// Table 2: the capacity read off both estimates at the threshold, beside the write-up's and the theory.
void add_capacity_table(const ClassicalCapacityParameters& parameters, const CapacityCurve& curve,
                        const CurveMeans& means, Result& result) {
  namespace seed = reference::classical_capacity;
  const auto neurons = static_cast<double>(parameters.neurons);
  Table capacity{.title = fmt::format("Capacity at {} % mean bit accuracy", 100.0 * parameters.threshold),
                 .columns = {"estimate", "capacity p", "P/N", "seed p", "seed P/N", "theory P/N",
                             "first p below", "crossing p (interpolated)", "theory p"},
                 .rows = {},
                 .decimals = {-1, -1, 3, -1, 3, 3, -1, 2, 1}};
  const auto add_row = [&](Index estimate_trials, const std::vector<double>& curve_means) {
    const ThresholdReadOff read_off = read_off_threshold(curve.sweep, curve_means, parameters.threshold);
    const Index last_above = capacity_of(read_off);
    capacity.add_row({fmt::format("{} trials", estimate_trials), std::int64_t{last_above},
                      static_cast<double>(last_above) / neurons,
                      curve.seed_protocol ? Cell(std::int64_t{seed::capacity}) : Cell(), seed::capacity_ratio,
                      seed::theory_ratio,
                      read_off.first_below ? Cell(static_cast<std::int64_t>(*read_off.first_below)) : Cell(),
                      optional_cell(read_off.crossing), seed::theory_ratio * neurons});
  };
  add_row(curve.seed_trials, means.few);
  add_row(curve.trials, means.many);
  result.tables.push_back(std::move(capacity));
}

void add_notes(const ClassicalCapacityParameters& parameters, const CapacityCurve& curve, Result& result) {
  const Index probe_cap = parameters.probes;
  result.notes.push_back(fmt::format(
      "{} once per trial with exactly {} bits flipped; a trial draws fresh patterns. The first {} trials are "
      "the write-up-sized estimate; the CI is a Student-t interval over all {} "
      "trials; the range is where a mean of that many trials falls 95 % of the time, so the write-up's "
      "figures "
      "are consistent with ours when they lie in it.",
      probe_cap == 0
          ? std::string("Every stored pattern is probed")
          : fmt::format("The first min(p, {}) stored patterns are probed (the patterns are random, "
                        "so any {} of them are a fair sample; each probe's accuracy is compared "
                        "with its own pattern)",
                        probe_cap, probe_cap),
      curve.flips, curve.seed_trials, curve.trials));
  result.notes.push_back(
      "Theory: 0.138 N (Amit, Gutfreund & Sompolinsky 1985) is where retrieval from a stored pattern breaks "
      "down as N -> infinity; at N = 100 and 20 % noise the 95 % threshold is a finite-size, noisy-probe "
      "figure.");
  result.notes.push_back(
      "Theory column and dashed curve: (1 + m)/2, the bit accuracy of the zero-temperature replica-symmetric "
      "retrieval state at α = p / N, with m = erf(y) and y (√(2α) + (2/√π) e^(−y²)) = erf(y) solved "
      "numerically (ags_retrieval_overlap); empty above α_c = 0.1379, where that state does not exist. It "
      "is the N → ∞ end state of a probe inside the basin of its pattern: finite N and probes that leave "
      "the basin put the measured accuracy below it.");
  result.notes.push_back(
      "Capacity read-off: 'capacity p' is the largest p of the sweep with every p' <= p at or above the "
      "threshold, 'first p below' the next p of the sweep, and the crossing the straight line between the "
      "two. "
      "The write-up's per-p figures and its p = 13 are for N = 100 and 20 % noise only (empty otherwise); "
      "its "
      "ratio P/N = 0.13 and the theory 0.138 N are shown for every N.");
}

Result run_classical_capacity(const ClassicalCapacityParameters& parameters, Progress& progress) {
  const CapacityCurve curve = measure_classical_capacity(parameters, progress);
  Result result;
  const CurveMeans means = add_accuracy_table(parameters, curve, result);
  add_capacity_table(parameters, curve, means, result);
  add_notes(parameters, curve, result);
  return result;
}

}  // namespace

Experiment classical_capacity_experiment() {
  return typed_experiment(
      {.name = "classical-capacity",
       .summary = "mean bit accuracy against stored patterns p = 1 ... 30 in 100 neurons, 20 % noise (Hebb)",
       .source = "[1], section \"Classical Hopfield: Storage Capacity\""},
      classical_capacity_fields(), run_classical_capacity);
}

}  // namespace hopfield::experiments
