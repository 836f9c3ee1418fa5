// mnist-beta — write-up [2], "Modern Hopfield = Attention": the modern network ξ ← X softmax(β Xᵀξ) on real
// MNIST digits (±1, pixel > 0.5, as in mnist-pseudoinverse-capacity), probed with the same pixel noise.
//  1. A log grid of β: the mean entropy of the retrieval weights, the fraction of probes whose recall is the
//     nearest stored digit (1-NN) vs the fraction that looks like the soft average (the mean pattern), the
//     fixed-point kinds of the end states, and per probe the smallest β at which it snaps to one pattern.
//     The write-up has no numbers here, only the claim "small β: soft average, large β: 1-NN".
//  2. The modern network's capacity on MNIST beside the pseudoinverse cliff of mnist-pseudoinverse-capacity.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <tuple>
#include <utility>

#include "catalogue.hpp"
#include "end_states.hpp"
#include "hopfield/error.hpp"
#include "hopfield/measures.hpp"
#include "hopfield/modern.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"
#include "hopfield/statistics.hpp"
#include "item_progress.hpp"
#include "mnist_data.hpp"

namespace hopfield::experiments {
namespace {

constexpr double kSnapMass = 0.9;  // Ramsauer's criterion, as in ModernHopfield::classify_fixed_points

// The smallest β at which the largest retrieval weight of `scores` (one query's Xᵀξ) reaches kSnapMass,
// i.e. Σ_{j≠max} exp(−β Δ_j) = (1 − m)/m with Δ_j = s_max − s_j. The left side decreases in β, so a bisection
// in log β finds it. Infinite when another pattern ties the best score (it never snaps).
double snap_beta(const Vector& scores) {
  Index best = 0;
  const double top = scores.maxCoeff(&best);
  std::vector<double> gaps;
  for (Index j = 0; j < scores.size(); ++j) {
    if (j == best) continue;
    const double gap = top - scores(j);
    if (gap <= 0.0) return std::numeric_limits<double>::infinity();
    gaps.push_back(gap);
  }
  if (gaps.empty()) return 0.0;
  const double target = (1.0 - kSnapMass) / kSnapMass;
  auto tail = [&](double beta) {
    double sum = 0.0;
    for (const double gap : gaps) sum += std::exp(-beta * gap);
    return sum;
  };
  double low = 1e-12;
  double high = 1.0;
  while (tail(high) > target) high *= 2.0;  // terminates: every gap > 0
  for (int iteration = 0; iteration < 200 && high / low > 1.0 + 1e-12; ++iteration) {
    const double middle = std::sqrt(low * high);
    (tail(middle) > target ? low : high) = middle;
  }
  return high;
}

double quantile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  const double position = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const auto above = std::min(below + 1, values.size() - 1);
  return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

struct BetaSettings {
  std::uint64_t seed = 0;
  ProbeNoise noise;
  Index patterns = 0;  ///< p of the β sweep
  std::vector<double> betas;
  int steps = 1;
  double capacity_beta = 1.0;
  int threads = 0;
  std::vector<Index> capacity_p;
};

// The log grid: per_decade points per decade from beta_min, ending exactly at beta_max.
std::vector<double> beta_grid(double beta_min, double beta_max, Index per_decade) {
  std::vector<double> betas;
  const double decades = std::log10(beta_max / beta_min);
  const auto intervals = static_cast<Index>(std::ceil(decades * static_cast<double>(per_decade) - 1e-9));
  for (Index k = 0; k <= intervals; ++k) {
    betas.push_back(beta_min *
                    std::pow(10.0, decades * static_cast<double>(k) / static_cast<double>(intervals)));
  }
  return betas;
}

struct BetaParameters : MnistParameters {
  Index patterns = 100;
  double beta_min = 0.001;
  double beta_max = 100.0;
  Index betas_per_decade = 4;
  int steps = 1;
  std::string capacity_patterns = "10,100,150,200,250,300,1000";
  double capacity_beta = 1.0;
  int threads = 0;
};

const ParameterFields<BetaParameters>& beta_fields() {
  using P = BetaParameters;
  static const auto fields =
      mnist_fields<P>()
          .integer("patterns", &P::patterns, "stored digits p of the beta sweep (at most the images)",
                   Index{2}, Index{10'000'000})
          .real("beta_min", &P::beta_min, "smallest beta of the log grid", 0.0)
          .real("beta_max", &P::beta_max, "largest beta of the log grid", 0.0)
          .integer("betas_per_decade", &P::betas_per_decade, "grid points per decade of beta", Index{1},
                   Index{10'000})
          .integer("steps", &P::steps, "updates per recall (1 = one-step retrieval = attention)", 1,
                   1'000'000)
          .text("capacity_patterns", &P::capacity_patterns,
                "p values of the capacity table (comma-separated; up to all images, e.g. 10000)",
                [](std::string_view text) { positive_integer_list("capacity_patterns", std::string(text)); })
          .real("capacity_beta", &P::capacity_beta, "beta of the capacity table", 0.0)
          .integer(
              "threads", &P::threads,
              "OpenMP threads of one retrieval (0: default); β points and capacity cells run in parallel", 0,
              max_threads);
  return fields;
}

BetaSettings read_settings(const BetaParameters& parameters, const MnistData& data) {
  const Index total = data.patterns.cols();
  const double beta_min = parameters.beta_min;
  const double beta_max = parameters.beta_max;
  BetaSettings settings{
      .seed = parameters.seed,
      .noise = probe_noise(parameters),
      .patterns = parameters.patterns,
      .betas = {},
      .steps = parameters.steps,
      .capacity_beta = parameters.capacity_beta,
      .threads = parameters.threads,
      .capacity_p = positive_integer_list("capacity_patterns", parameters.capacity_patterns)};
  const Index p = settings.patterns;
  require(p <= total, "parameter 'patterns': expected 2 … ", total, " (the images of ", data.dataset.name,
          "), got ", p);
  require(beta_min > 0.0 && beta_max > beta_min,
          "parameters 'beta_min', 'beta_max': expected 0 < beta_min < beta_max, got ", beta_min, " and ",
          beta_max);
  require(settings.capacity_beta > 0.0, "parameter 'capacity_beta': expected a value > 0, got ",
          settings.capacity_beta);
  for (const Index count : settings.capacity_p) {
    require(count <= total, "parameter 'capacity_patterns': p = ", count, " exceeds the ", total,
            " images of ", data.dataset.name);
  }
  settings.betas = beta_grid(beta_min, beta_max, parameters.betas_per_decade);
  return settings;
}

// What one β contributes to the sweep table.
struct BetaPoint {
  Index equals_nearest = 0;
  Index closer_to_mean = 0;
  Index snapped = 0;
  std::array<Index, 3> kind_counts{};
  double entropy_sum = 0.0;
  double cos_mean = 0.0;
  double cos_nearest = 0.0;
};

// The β sweep: one draw of p digits and its probes, retrieved at every β of the grid.
struct BetaSweep {
  DigitDraw draw;
  Vector mean;                 ///< the mean stored pattern
  std::vector<Index> nearest;  ///< each probe's 1-NN stored digit
  std::vector<double> snaps;   ///< each probe's snap β
  std::vector<BetaPoint> points;
};

BetaPoint measure_beta(const BetaSweep& sweep, const BetaSettings& settings, double beta) {
  ModernRecallOptions options;
  options.max_sweeps = settings.steps;
  options.precision = Precision::Double;
  options.threads = settings.threads;
  const Matrix& stored = sweep.draw.stored;
  const Matrix& probes = sweep.draw.probes;
  const ModernHopfield network(stored, beta);
  const std::vector<double> entropy = network.retrieval_entropy(probes);
  const RecallResult recall = network.recall(probes, options);
  const std::vector<FixedPointKind> kinds = network.classify_fixed_points(recall.states);
  const Matrix signs = signs_of(recall.states);
  BetaPoint point;
  for (Index k = 0; k < stored.cols(); ++k) {
    const auto q = static_cast<std::size_t>(k);
    const Vector state = recall.states.col(k);
    const Vector nearest_pattern = stored.col(sweep.nearest[q]);
    point.entropy_sum += entropy[q];
    point.equals_nearest += signs.col(k) == nearest_pattern;
    const double to_mean = cosine_similarity(state, sweep.mean);
    const double to_nearest = cosine_similarity(state, nearest_pattern);
    point.cos_mean += to_mean;
    point.cos_nearest += to_nearest;
    point.closer_to_mean += to_mean > to_nearest;
    point.snapped += sweep.snaps[q] <= beta;
    ++point.kind_counts[static_cast<std::size_t>(kinds[q])];
  }
  return point;
}

BetaSweep measure_sweep(const MnistData& data, const BetaSettings& settings, Progress& progress) {
  BetaSweep sweep;
  sweep.draw = draw_uniform_digits(data, settings.patterns, settings.noise, settings.seed);
  sweep.mean = mean_pattern(sweep.draw.stored);
  sweep.nearest = nearest_stored(sweep.draw.stored, sweep.draw.probes);
  const Matrix scores = sweep.draw.stored.transpose() * sweep.draw.probes;  // p x B, double
  for (Index k = 0; k < scores.cols(); ++k) sweep.snaps.push_back(snap_beta(scores.col(k)));
  // Every β in parallel, each from the same stored digits and probes, the retrieval of one β on its thread:
  // the same numbers for any thread count.
  sweep.points = map_items_with_progress(
      static_cast<Index>(settings.betas.size()),
      [&](Index j) { return measure_beta(sweep, settings, settings.betas[static_cast<std::size_t>(j)]); },
      progress);
  return sweep;
}

// One row of the capacity table: one draw of p digits retrieved at capacity_beta.
struct CapacityCell {
  std::int64_t exact = 0;               ///< sign of the retrieved state = the stored digit
  std::int64_t right = 0;               ///< the probe's 1-NN is its own digit
  std::vector<double> wrong_distances;  ///< Hamming(wrong 1-NN, own digit)

  auto item_fields() { return std::tie(exact, right, wrong_distances); }  // for map_items
};

CapacityCell measure_capacity_cell(const MnistData& data, const BetaSettings& settings, Index count) {
  const std::uint64_t cell_seed =
      derive_seed(derive_seed(settings.seed, 2), static_cast<std::uint64_t>(count));
  const DigitDraw draw = draw_uniform_digits(data, count, settings.noise, cell_seed);
  ModernRecallOptions options;
  options.max_sweeps = settings.steps;
  options.threads = settings.threads;
  const ModernHopfield network(draw.stored, settings.capacity_beta);
  const Matrix recalled = signs_of(network.recall(draw.probes, options).states);
  const std::vector<Index> neighbours = nearest_stored(draw.stored, draw.probes);
  CapacityCell cell;
  cell.exact = exact_recalls(recalled, draw.stored);
  for (Index k = 0; k < count; ++k) {
    const Index neighbour = neighbours[static_cast<std::size_t>(k)];
    cell.right += neighbour == k;
    if (neighbour != k) {
      cell.wrong_distances.push_back(
          static_cast<double>(hamming_distance(draw.stored.col(neighbour), draw.stored.col(k))));
    }
  }
  return cell;
}

// The capacity cells in parallel, largest p first; each from its own seed (same numbers for any thread
// count).
std::vector<CapacityCell> measure_capacity(const MnistData& data, const BetaSettings& settings,
                                           Progress& progress) {
  const std::vector<Index>& ps = settings.capacity_p;
  std::vector<std::size_t> order(ps.size());
  for (std::size_t c = 0; c < order.size(); ++c) order[c] = c;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ps[a] > ps[b]; });
  std::vector<CapacityCell> by_cost = map_items_with_progress(
      static_cast<Index>(order.size()),
      [&](Index j) { return measure_capacity_cell(data, settings, ps[order[static_cast<std::size_t>(j)]]); },
      progress);
  std::vector<CapacityCell> cells(ps.size());
  for (std::size_t j = 0; j < order.size(); ++j) cells[order[j]] = std::move(by_cost[j]);
  return cells;
}

std::string steps_text(int steps) {
  return fmt::format("{} step{}", steps, steps == 1 ? "" : "s");
}

Table snap_table(const BetaSweep& sweep) {
  std::vector<double> finite_snaps;
  for (const double snap : sweep.snaps) {
    if (std::isfinite(snap)) finite_snaps.push_back(snap);
  }
  Table table{.title = fmt::format("Smallest beta at which a probe snaps to one pattern (largest retrieval "
                                   "weight >= {}), over the {} probes",
                                   kSnapMass, sweep.snaps.size()),
              .columns = {"statistic", "beta", "seed"},
              .rows = {},
              .decimals = {-1, 5, -1}};
  if (!finite_snaps.empty()) {
    const std::pair<const char*, double> quantiles[] = {
        {"min", 0.0}, {"25 %", 0.25}, {"median", 0.5}, {"75 %", 0.75}, {"max", 1.0}};
    for (const auto& [name, q] : quantiles)
      table.add_row({std::string(name), quantile(finite_snaps, q), Cell()});
  }
  table.add_row({std::string("probes that never snap (a tied best score)"),
                 static_cast<std::int64_t>(sweep.snaps.size() - finite_snaps.size()), Cell()});
  std::int64_t nearest_is_own = 0;
  for (std::size_t k = 0; k < sweep.nearest.size(); ++k)
    nearest_is_own += sweep.nearest[k] == static_cast<Index>(k);
  table.add_row({std::string("probes whose 1-NN is their own digit"), nearest_is_own, Cell()});
  return table;
}

void add_sweep(Result& result, const MnistData& data, const BetaSettings& settings, const BetaSweep& sweep) {
  const Index p = settings.patterns;
  Table table{.title = fmt::format("Modern Hopfield on {} {} digits vs beta ({}, {})", p, data.dataset.name,
                                   settings.noise.describe(data.patterns.rows()), steps_text(settings.steps)),
              .columns = {"beta", "mean entropy (nats)", "entropy / log p", "recall = 1-NN",
                          "closer to mean than 1-NN", "cos(recall, mean)", "cos(recall, 1-NN)", "single",
                          "metastable", "global average", "snapped (w_max >= 0.9)", "seed"},
              .rows = {},
              .decimals = {4, 3, 3, 3, 3, 3, 3, -1, -1, -1, 3, -1}};
  Series entropy{.label = "mean entropy / log p", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  Series nearest{.label = "recall = 1-NN", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  Series mean{.label = "closer to the mean than to the 1-NN", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  const double log_p = std::log(static_cast<double>(p));
  const auto count = static_cast<double>(p);
  for (std::size_t b = 0; b < settings.betas.size(); ++b) {
    const double beta = settings.betas[b];
    const BetaPoint& point = sweep.points[b];
    std::vector<Cell> row{beta,
                          point.entropy_sum / count,
                          point.entropy_sum / count / log_p,
                          static_cast<double>(point.equals_nearest) / count,
                          static_cast<double>(point.closer_to_mean) / count,
                          point.cos_mean / count,
                          point.cos_nearest / count};
    for (const Index c : point.kind_counts) row.emplace_back(std::int64_t{c});
    row.emplace_back(static_cast<double>(point.snapped) / count);
    // The write-up's claim at the two ends of the grid; no number.
    row.push_back(b == 0                           ? Cell(std::string("soft average"))
                  : b + 1 == settings.betas.size() ? Cell(std::string("1-NN"))
                                                   : Cell());
    table.add_row(std::move(row));
    entropy.x.push_back(beta);
    entropy.y.push_back(point.entropy_sum / count / log_p);
    nearest.x.push_back(beta);
    nearest.y.push_back(static_cast<double>(point.equals_nearest) / count);
    mean.x.push_back(beta);
    mean.y.push_back(static_cast<double>(point.closer_to_mean) / count);
  }
  result.tables.push_back(std::move(table));
  result.tables.push_back(snap_table(sweep));
  result.figures.push_back(Figure{
      .name = "mnist-beta",
      .title = fmt::format("Modern Hopfield on {} {} digits: soft average to 1-NN", p, data.dataset.name),
      .x_label = "inverse temperature beta",
      .y_label = "fraction of probes / normalised entropy",
      .log_x = true,
      .log_y = false,
      .series = {std::move(entropy), std::move(nearest), std::move(mean)}});
}

void add_capacity(Result& result, const MnistData& data, const BetaSettings& settings,
                  const std::vector<CapacityCell>& cells) {
  const std::string noise_text = settings.noise.describe(data.patterns.rows());
  Table table{
      .title = fmt::format("Modern Hopfield capacity on {} (beta = {}, {}, {}) beside the seed's "
                           "pseudoinverse",
                           data.dataset.name, settings.capacity_beta, steps_text(settings.steps), noise_text),
      .columns = {"p", "recalled exactly", "95% CI low", "95% CI high", "1-NN right", "seed PI (exact)",
                  "median Hamming(wrong 1-NN, own)"},
      .rows = {},
      .decimals = {-1, 4, 4, 4, 4, 2, 1}};
  Series exact{.label = "modern: recalled exactly (95 % CI)", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  Series seed{.label = "seed: pseudoinverse", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  for (std::size_t c = 0; c < cells.size(); ++c) {
    const Index count = settings.capacity_p[c];
    const CapacityCell& cell = cells[c];
    const Estimate estimate = proportion_with_interval(cell.exact, count);
    const Cell reference = seed_pseudoinverse_fraction(count);
    table.add_row({std::int64_t{count}, estimate.mean, estimate.low, estimate.high,
                   static_cast<double>(cell.right) / static_cast<double>(count), reference,
                   cell.wrong_distances.empty() ? Cell() : Cell(quantile(cell.wrong_distances, 0.5))});
    exact.x.push_back(static_cast<double>(count));
    exact.y.push_back(estimate.mean);
    exact.y_low.push_back(estimate.low);
    exact.y_high.push_back(estimate.high);
    if (const auto* value = std::get_if<double>(&reference)) {
      seed.x.push_back(static_cast<double>(count));
      seed.y.push_back(*value);
    }
  }
  result.tables.push_back(std::move(table));
  result.figures.push_back(Figure{
      .name = "mnist-beta-capacity",
      .title = fmt::format("Modern Hopfield vs pseudoinverse on {}, {}", data.dataset.name, noise_text),
      .x_label = "stored digits p",
      .y_label = "fraction of probes recalled exactly",
      .log_x = true,
      .log_y = false,
      .series = {std::move(exact), std::move(seed)}});
}

std::vector<std::string> beta_notes(const MnistData& data, const BetaSettings& settings) {
  return {
      fmt::format(
          "Digits: p = {} drawn uniformly from the {} images of {} (any class, as "
          "mnist-pseudoinverse-capacity's 'random' digits), binarised to ±1 at pixel > 0.5; every stored "
          "digit is probed once with {}. 1-NN = the stored digit with the largest inner product with the "
          "probe (= smallest Hamming distance).",
          settings.patterns, data.patterns.cols(), data.dataset.name,
          settings.noise.describe(data.patterns.rows())),
      "Scale of beta: with ±1 patterns in N = 784 the scores x_i^T xi are O(100s) (a probe scores about 0.8 "
      "N = "
      "627 against its own digit and typically 300-500 against others), so the softmax already sharpens for "
      "beta ~ 0.01-0.1, and by beta = 1 it is nearly a hard argmax. The default grid therefore starts at "
      "beta = "
      "0.001 (soft average) and spans 0.001-100; the write-up's qualitative claim (small beta: soft average; "
      "large "
      "beta: 1-NN) sits in the seed column at the two ends. With the 1/sqrt(N) scaling of attention (beta = "
      "1/28 = 0.036) these digits are already near the transition.",
      "'recall = 1-NN': the sign of the recalled state equals the probe's 1-NN digit in every pixel. 'closer "
      "to "
      "mean': cos(recall, mean stored pattern) > cos(recall, 1-NN digit). Entropy: of the probe's retrieval "
      "weights softmax(beta X^T xi), in nats; log p is its maximum. Fixed-point kinds: the library's "
      "classification (Ramsauer's 90 % mass criterion) of the end state. Snap beta: solved exactly per probe "
      "by "
      "bisection on its scores (not limited to the grid), the smallest beta at which its largest retrieval "
      "weight reaches 0.9; the 'snapped' column is the fraction with snap beta <= beta.",
      "Capacity: one draw of p digits per row (p = all images stores every digit), probed with the same "
      "noise; "
      "'recalled exactly' = sign of the retrieved state equals the stored digit. At capacity_beta = 1 the "
      "retrieval is nearly a hard 1-NN lookup, so exact recall fails mainly where the 1-NN is wrong (and, "
      "rarely, where the best scores are within a few units, so the state stays a mixture): MNIST has "
      "near-duplicate digits (e.g. thin 1s that differ in a few dozen pixels), and with 78 flipped pixels a "
      "probe can land nearer to its near-twin; the last column gives the median Hamming distance between the "
      "wrong 1-NN and the right digit. Run all 10 000 digits with --set capacity_patterns=10,100,1000,10000. "
      "The 'seed PI (exact)' column is the write-up's pseudoinverse capacity, as in "
      "mnist-pseudoinverse-capacity (N = 784 bounds the pseudoinverse at p <= 784)."};
}

Result run_mnist_beta(const BetaParameters& parameters, Progress& progress) {
  const auto data = load_mnist_data(parameters);
  const BetaSettings settings = read_settings(parameters, *data);
  progress.begin("mnist-beta", static_cast<std::int64_t>(settings.betas.size() + settings.capacity_p.size()));
  const BetaSweep sweep = measure_sweep(*data, settings, progress);
  const std::vector<CapacityCell> cells = measure_capacity(*data, settings, progress);
  progress.end();
  Result result;
  add_sweep(result, *data, settings, sweep);
  add_capacity(result, *data, settings, cells);
  result.notes = beta_notes(*data, settings);
  return result;
}

}  // namespace

Experiment mnist_beta_experiment() {
  return typed_experiment(
      {.name = "mnist-beta",
       .summary = "modern Hopfield on MNIST: beta from soft average to 1-NN, and capacity "
                  "beside the pseudoinverse cliff",
       .source = "[2], section \"Modern Hopfield = Attention\""},
      beta_fields(), run_mnist_beta);
}

}  // namespace hopfield::experiments
