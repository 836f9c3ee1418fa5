// mnist-beta — seed 003 §4, "Modern Hopfield = Attention": the modern network ξ ← X softmax(β Xᵀξ) on real
// MNIST digits (±1, pixel > 0.5, as in mnist-pseudoinverse-capacity), probed with the same pixel noise.
//  1. A log grid of β: the mean entropy of the retrieval weights, the fraction of probes whose recall is the
//     nearest stored digit (1-NN) vs the fraction that looks like the soft average (the mean pattern), the
//     fixed-point kinds of the end states, and per probe the smallest β at which it snaps to one pattern.
//     The seed has no numbers here, only the claim "small β: soft average, large β: 1-NN".
//  2. The modern network's capacity on MNIST beside the pseudoinverse cliff of mnist-pseudoinverse-capacity.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>

#include "catalogue.hpp"
#include "hopfield/error.hpp"
#include "hopfield/measures.hpp"
#include "hopfield/modern.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"
#include "hopfield/statistics.hpp"
#include "mnist_data.hpp"
#include "hopfield/parallel.hpp"

namespace hopfield::experiments {
namespace {

constexpr double kSnapMass = 0.9;  // Ramsauer's criterion, as in ModernHopfield::classify_fixed_points

// The stored pattern with the largest inner product with each column of `queries` (ties: the lower index).
std::vector<Index> nearest_stored(const Matrix& stored, const Matrix& queries) {
  // ±1 vectors: the inner products are integers of magnitude ≤ N, exact in single precision (N < 2^24) in any
  // summation order, so the float product gives the same scores, bits and ties included, at half the cost.
  const bool exact_in_float = stored.rows() < (Index{1} << 24) && (stored.array().abs() == 1.0).all() &&
                              (queries.array().abs() == 1.0).all();
  const Matrix scores =
      exact_in_float ? Matrix((stored.cast<float>().transpose() * queries.cast<float>()).cast<double>())
                     : Matrix(stored.transpose() * queries);
  std::vector<Index> nearest(static_cast<std::size_t>(queries.cols()));
  for (Index k = 0; k < queries.cols(); ++k) scores.col(k).maxCoeff(&nearest[static_cast<std::size_t>(k)]);
  return nearest;
}

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

Matrix sign_of(const Matrix& states) {
  return states.unaryExpr([](double v) { return v >= 0.0 ? 1.0 : -1.0; });
}

Cell seed_pseudoinverse(Index p) {
  static const std::map<Index, double> table = {{10, 1.0},   {100, 1.0},  {150, 0.97},
                                                {200, 0.32}, {250, 0.01}, {300, 0.0}};
  const auto found = table.find(p);
  return found == table.end() ? Cell() : Cell(found->second);
}

Result run_mnist_beta(const Parameters& parameters, Progress& progress) {
  const auto shared_data = load_mnist_data(parameters);
  const MnistData& data = *shared_data;
  const double noise = parameters.real("noise");
  const std::string noise_model = parameters.text("noise_model");
  const std::uint64_t seed = parameters.seed();
  const Index n = data.patterns.rows();
  const Index total = data.patterns.cols();
  const Index p = parameters.integer("patterns");
  const double beta_min = parameters.real("beta_min");
  const double beta_max = parameters.real("beta_max");
  const Index per_decade = parameters.integer("betas_per_decade");
  const int steps = static_cast<int>(parameters.integer("steps"));
  const double capacity_beta = parameters.real("capacity_beta");
  const int threads = static_cast<int>(parameters.integer("threads"));
  const std::vector<Index> capacity_p = parameters.positive_integers("capacity_patterns");
  require(p >= 2 && p <= total, "parameter 'patterns': expected 2 … ", total, " (the images of ",
          data.dataset.name, "), got ", p);
  require(std::isfinite(beta_min) && std::isfinite(beta_max) && beta_min > 0.0 && beta_max > beta_min,
          "parameters 'beta_min', 'beta_max': expected 0 < beta_min < beta_max, got ", beta_min, " and ",
          beta_max);
  require(per_decade >= 1, "parameter 'betas_per_decade': expected >= 1, got ", per_decade);
  require(steps >= 1, "parameter 'steps': expected >= 1, got ", steps);
  require(std::isfinite(capacity_beta) && capacity_beta > 0.0,
          "parameter 'capacity_beta': expected a finite value > 0, got ", capacity_beta);
  require(threads >= 0, "parameter 'threads': expected >= 0, got ", threads);
  for (const Index count : capacity_p) {
    require(count <= total, "parameter 'capacity_patterns': p = ", count, " exceeds the ", total,
            " images of ", data.dataset.name);
  }

  // The log grid: per_decade points per decade from beta_min, ending exactly at beta_max.
  std::vector<double> betas;
  const double decades = std::log10(beta_max / beta_min);
  const auto intervals = static_cast<Index>(std::ceil(decades * static_cast<double>(per_decade) - 1e-9));
  for (Index k = 0; k <= intervals; ++k) {
    betas.push_back(beta_min *
                    std::pow(10.0, decades * static_cast<double>(k) / static_cast<double>(intervals)));
  }

  progress.begin("mnist-beta", static_cast<std::int64_t>(betas.size() + capacity_p.size()));
  Result result;
  const std::string noise_text = describe_noise(noise, noise_model, n);

  // ---- 1. the β sweep -------------------------------------------------------------------------------------
  Rng chooser(derive_seed(seed, 0));
  const Matrix stored = select_columns(data.patterns, chooser.sample_without_replacement(total, p));
  const Matrix probes = corrupt_probes(stored, noise, noise_model, derive_seed(seed, 1));
  const std::vector<Index> nearest = nearest_stored(stored, probes);
  const Vector mean = mean_pattern(stored);
  Index nearest_is_own = 0;
  for (Index k = 0; k < p; ++k) nearest_is_own += nearest[static_cast<std::size_t>(k)] == k;
  const Matrix scores = stored.transpose() * probes;  // p x B, double
  std::vector<double> snaps;
  for (Index k = 0; k < p; ++k) snaps.push_back(snap_beta(scores.col(k)));

  ModernRecallOptions options;
  options.max_sweeps = steps;
  options.precision = Precision::Double;
  options.threads = threads;
  Table sweep{.title = fmt::format("Modern Hopfield on {} {} digits vs beta ({}, {} step{})", p,
                                   data.dataset.name, noise_text, steps, steps == 1 ? "" : "s"),
              .columns = {"beta", "mean entropy (nats)", "entropy / log p", "recall = 1-NN",
                          "closer to mean than 1-NN", "cos(recall, mean)", "cos(recall, 1-NN)", "single",
                          "metastable", "global average", "snapped (w_max >= 0.9)", "seed"},
              .rows = {},
              .decimals = {4, 3, 3, 3, 3, 3, 3, -1, -1, -1, 3, -1}};
  Series entropy_series{.label = "mean entropy / log p", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  Series nn_series{.label = "recall = 1-NN", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  Series mean_series{
      .label = "closer to the mean than to the 1-NN", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  const double log_p = std::log(static_cast<double>(p));
  // What one β contributes to the table, measured for every β in parallel (each from the same stored digits
  // and probes, the retrieval of one β on its thread: the same numbers for any thread count).
  struct BetaPoint {
    Index equals_nearest = 0;
    Index closer_to_mean = 0;
    Index snapped = 0;
    std::array<Index, 3> kind_counts{};
    double entropy_sum = 0.0;
    double cos_mean = 0.0;
    double cos_nearest = 0.0;
  };
  std::vector<BetaPoint> beta_points(betas.size());
  run_in_parallel(static_cast<Index>(betas.size()), [&](Index j) {
    const auto b = static_cast<std::size_t>(j);
    const double beta = betas[b];
    BetaPoint& point = beta_points[b];
    const ModernHopfield network(stored, beta);
    const std::vector<double> entropy = network.retrieval_entropy(probes);
    const RecallResult recall = network.recall(probes, options);
    const std::vector<FixedPointKind> kinds = network.classify_fixed_points(recall.states);
    const Matrix signs = sign_of(recall.states);
    for (Index k = 0; k < p; ++k) {
      const auto q = static_cast<std::size_t>(k);
      const Vector state = recall.states.col(k);
      const Vector nearest_pattern = stored.col(nearest[q]);
      point.entropy_sum += entropy[q];
      point.equals_nearest += signs.col(k) == nearest_pattern;
      const double to_mean = cosine_similarity(state, mean);
      const double to_nearest = cosine_similarity(state, nearest_pattern);
      point.cos_mean += to_mean;
      point.cos_nearest += to_nearest;
      point.closer_to_mean += to_mean > to_nearest;
      point.snapped += snaps[q] <= beta;
      ++point.kind_counts[static_cast<std::size_t>(kinds[q])];
    }
    progress.advance();
  });
  for (std::size_t b = 0; b < betas.size(); ++b) {
    const double beta = betas[b];
    const auto& [equals_nearest, closer_to_mean, snapped, kind_counts, entropy_sum, cos_mean, cos_nearest] =
        beta_points[b];
    const auto count = static_cast<double>(p);
    std::vector<Cell> row{beta,
                          entropy_sum / count,
                          entropy_sum / count / log_p,
                          static_cast<double>(equals_nearest) / count,
                          static_cast<double>(closer_to_mean) / count,
                          cos_mean / count,
                          cos_nearest / count};
    for (const Index c : kind_counts) row.emplace_back(std::int64_t{c});
    row.emplace_back(static_cast<double>(snapped) / count);
    // The seed's claim at the two ends of the grid; no number.
    Cell seed_claim;
    if (b == 0) {
      seed_claim = std::string("soft average");
    } else if (b + 1 == betas.size()) {
      seed_claim = std::string("1-NN");
    }
    row.push_back(std::move(seed_claim));
    sweep.add_row(std::move(row));
    entropy_series.x.push_back(beta);
    entropy_series.y.push_back(entropy_sum / count / log_p);
    nn_series.x.push_back(beta);
    nn_series.y.push_back(static_cast<double>(equals_nearest) / count);
    mean_series.x.push_back(beta);
    mean_series.y.push_back(static_cast<double>(closer_to_mean) / count);
  }
  result.tables.push_back(std::move(sweep));

  std::vector<double> finite_snaps;
  for (const double s : snaps) {
    if (std::isfinite(s)) finite_snaps.push_back(s);
  }
  Table snap_table{
      .title = fmt::format("Smallest beta at which a probe snaps to one pattern (largest retrieval "
                           "weight >= {}), over the {} probes",
                           kSnapMass, p),
      .columns = {"statistic", "beta", "seed"},
      .rows = {},
      .decimals = {-1, 5, -1}};
  if (!finite_snaps.empty()) {
    snap_table.add_row({std::string("min"), quantile(finite_snaps, 0.0), Cell()});
    snap_table.add_row({std::string("25 %"), quantile(finite_snaps, 0.25), Cell()});
    snap_table.add_row({std::string("median"), quantile(finite_snaps, 0.5), Cell()});
    snap_table.add_row({std::string("75 %"), quantile(finite_snaps, 0.75), Cell()});
    snap_table.add_row({std::string("max"), quantile(finite_snaps, 1.0), Cell()});
  }
  snap_table.add_row({std::string("probes that never snap (a tied best score)"),
                      std::int64_t(static_cast<std::int64_t>(snaps.size() - finite_snaps.size())), Cell()});
  snap_table.add_row(
      {std::string("probes whose 1-NN is their own digit"), std::int64_t{nearest_is_own}, Cell()});
  result.tables.push_back(std::move(snap_table));

  result.figures.push_back(Figure{
      .name = "mnist-beta",
      .title = fmt::format("Modern Hopfield on {} {} digits: soft average to 1-NN", p, data.dataset.name),
      .x_label = "inverse temperature beta",
      .y_label = "fraction of probes / normalised entropy",
      .log_x = true,
      .log_y = false,
      .series = {std::move(entropy_series), std::move(nn_series), std::move(mean_series)}});

  // ---- 2. capacity beside the pseudoinverse cliff
  // ----------------------------------------------------------
  Table capacity{
      .title = fmt::format("Modern Hopfield capacity on {} (beta = {}, {} step{}, {}) beside the "
                           "seed's pseudoinverse",
                           data.dataset.name, capacity_beta, steps, steps == 1 ? "" : "s", noise_text),
      .columns = {"p", "recalled exactly", "95% CI low", "95% CI high", "1-NN right", "seed PI (exact)",
                  "median Hamming(wrong 1-NN, own)"},
      .rows = {},
      .decimals = {-1, 4, 4, 4, 4, 2, 1}};
  Series exact_series{
      .label = "modern: recalled exactly (95 % CI)", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  Series seed_series{.label = "seed: pseudoinverse", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  ModernRecallOptions capacity_options;
  capacity_options.max_sweeps = steps;
  capacity_options.threads = threads;
  // The capacity cells, in parallel, largest p first; each from its own seed (same numbers for any thread
  // count).
  struct CapacityCell {
    std::int64_t exact = 0;
    std::int64_t right = 0;
    std::vector<double> wrong_distances;
  };
  std::vector<CapacityCell> cells(capacity_p.size());
  std::vector<std::size_t> order(capacity_p.size());
  for (std::size_t c = 0; c < order.size(); ++c) order[c] = c;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return capacity_p[a] > capacity_p[b]; });
  run_in_parallel(static_cast<Index>(order.size()), [&](Index j) {
    const std::size_t c = order[static_cast<std::size_t>(j)];
    const Index count = capacity_p[c];
    CapacityCell& cell = cells[c];
    const std::uint64_t cell_seed = derive_seed(derive_seed(seed, 2), static_cast<std::uint64_t>(count));
    Rng cell_chooser(derive_seed(cell_seed, 0));
    const Matrix memory =
        select_columns(data.patterns, cell_chooser.sample_without_replacement(total, count));
    const Matrix queries = corrupt_probes(memory, noise, noise_model, derive_seed(cell_seed, 1));
    const ModernHopfield network(memory, capacity_beta);
    const Matrix recalled = sign_of(network.recall(queries, capacity_options).states);
    const std::vector<Index> neighbours = nearest_stored(memory, queries);
    for (Index k = 0; k < count; ++k) {
      const auto q = static_cast<std::size_t>(k);
      cell.exact += recalled.col(k) == memory.col(k);
      cell.right += neighbours[q] == k;
      if (neighbours[q] != k) {
        cell.wrong_distances.push_back(
            static_cast<double>(hamming_distance(memory.col(neighbours[q]), memory.col(k))));
      }
    }
    progress.advance();
  });
  for (std::size_t c = 0; c < capacity_p.size(); ++c) {
    const Index count = capacity_p[c];
    const auto& [exact, right, wrong_distances] = cells[c];
    const Estimate estimate = proportion_with_interval(exact, count);
    capacity.add_row({std::int64_t{count}, estimate.mean, estimate.low, estimate.high,
                      static_cast<double>(right) / static_cast<double>(count), seed_pseudoinverse(count),
                      wrong_distances.empty() ? Cell() : Cell(quantile(wrong_distances, 0.5))});
    exact_series.x.push_back(static_cast<double>(count));
    exact_series.y.push_back(estimate.mean);
    exact_series.y_low.push_back(estimate.low);
    exact_series.y_high.push_back(estimate.high);
    const Cell reference = seed_pseudoinverse(count);
    if (const auto* value = std::get_if<double>(&reference)) {
      seed_series.x.push_back(static_cast<double>(count));
      seed_series.y.push_back(*value);
    }
  }
  progress.end();
  result.tables.push_back(std::move(capacity));
  result.figures.push_back(Figure{
      .name = "mnist-beta-capacity",
      .title = fmt::format("Modern Hopfield vs pseudoinverse on {}, {}", data.dataset.name, noise_text),
      .x_label = "stored digits p",
      .y_label = "fraction of probes recalled exactly",
      .log_x = true,
      .log_y = false,
      .series = {std::move(exact_series), std::move(seed_series)}});

  result.notes.push_back(fmt::format(
      "Digits: p = {} drawn uniformly from the {} images of {} (any class, as mnist-pseudoinverse-capacity's "
      "'random' digits), binarised to ±1 at pixel > 0.5; every stored digit is probed once with {}. "
      "1-NN = the stored digit with the largest inner product with the probe (= smallest Hamming distance).",
      p, total, data.dataset.name, noise_text));
  result.notes.push_back(
      "Scale of beta: with ±1 patterns in N = 784 the scores x_i^T xi are O(100s) (a probe scores about "
      "0.8 N = 627 against its own digit and typically 300-500 against others), so the softmax already "
      "sharpens for beta ~ 0.01-0.1, and by beta = 1 it is nearly a hard argmax. The default grid therefore "
      "starts at "
      "beta = 0.001 (soft average) and spans 0.001-100; the seed's qualitative claim (small beta: soft "
      "average; large beta: 1-NN) sits in the seed column at the two ends. With the 1/sqrt(N) scaling of "
      "attention (beta = 1/28 = 0.036) these digits are already near the transition.");
  result.notes.push_back(
      "'recall = 1-NN': the sign of the recalled state equals the probe's 1-NN digit in every pixel. "
      "'closer to mean': cos(recall, mean stored pattern) > cos(recall, 1-NN digit). Entropy: of the "
      "probe's retrieval weights softmax(beta X^T xi), in nats; log p is its maximum. Fixed-point kinds: "
      "the library's classification (Ramsauer's 90 % mass criterion) of the end state. Snap beta: solved "
      "exactly per probe by bisection on its scores (not limited to the grid), the smallest beta at which "
      "its largest retrieval weight reaches 0.9; the 'snapped' column is the fraction with snap beta <= "
      "beta.");
  result.notes.push_back(
      "Capacity: one draw of p digits per row (p = all images stores every digit), probed with the same "
      "noise; "
      "'recalled exactly' = sign of the retrieved state equals the stored digit. At capacity_beta = 1 the "
      "retrieval is nearly a hard 1-NN lookup, so exact recall fails mainly where the 1-NN is wrong (and, "
      "rarely, where the best scores are within a few units, so the state stays a mixture): MNIST has "
      "near-duplicate digits (e.g. thin 1s that differ in a few dozen pixels), and with 78 flipped pixels a "
      "probe can land nearer to its near-twin; the last column gives the median Hamming distance between the "
      "wrong 1-NN and the right digit. Run all 10 000 digits with --set capacity_patterns=10,100,1000,10000. "
      "The seed's pseudoinverse column (N = 784 bounds it at p <= 784) is from "
      "mnist-pseudoinverse-capacity.");
  return result;
}

}  // namespace

Experiment mnist_beta_experiment() {
  std::vector<ParameterSpec> specs = {{"seed", std::int64_t{42}, "random seed"}};
  for (auto& spec : mnist_data_parameters()) specs.push_back(std::move(spec));
  for (auto& spec : mnist_noise_parameters(0.10)) specs.push_back(std::move(spec));
  specs.push_back({"patterns", std::int64_t{100}, "stored digits p of the beta sweep"});
  specs.push_back({"beta_min", 0.001, "smallest beta of the log grid"});
  specs.push_back({"beta_max", 100.0, "largest beta of the log grid"});
  specs.push_back({"betas_per_decade", std::int64_t{4}, "grid points per decade of beta"});
  specs.push_back({"steps", std::int64_t{1}, "updates per recall (1 = one-step retrieval = attention)"});
  specs.push_back({"capacity_patterns", std::string("10,100,150,200,250,300,1000"),
                   "p values of the capacity table (comma-separated; up to all images, e.g. 10000)"});
  specs.push_back({"capacity_beta", 1.0, "beta of the capacity table"});
  specs.push_back(
      {"threads", std::int64_t{0},
       "OpenMP threads of one retrieval (0: default); β points and capacity cells run in parallel"});
  return {.name = "mnist-beta",
          .summary =
              "modern Hopfield on MNIST: beta from soft average to 1-NN, and capacity beside the "
              "pseudoinverse cliff",
          .source = "seed 003 §4: Modern Hopfield = Attention",
          .parameters = std::move(specs),
          .run = run_mnist_beta};
}

}  // namespace hopfield::experiments
