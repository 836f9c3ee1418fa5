#include "random_features_sweep.hpp"

#include <omp.h>

#include <chrono>
#include <cmath>
#include <utility>

#include "hopfield/error.hpp"
#include "hopfield/item_map.hpp"
#include "hopfield/parallel.hpp"
#include "hopfield/random.hpp"

namespace hopfield::experiments {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Matrix columns(const Matrix& source, const std::vector<Index>& indices) {
  Matrix out(source.rows(), static_cast<Index>(indices.size()));
  for (std::size_t k = 0; k < indices.size(); ++k) out.col(static_cast<Index>(k)) = source.col(indices[k]);
  return out;
}

}  // namespace

std::vector<double> log_grid(double lo, double hi, Index n) {
  require(lo > 0.0 && hi >= lo, "log_grid: need 0 < lo <= hi, got lo = ", lo, ", hi = ", hi);
  require(n >= 1, "log_grid: need at least 1 point, got ", n);
  std::vector<double> grid(static_cast<std::size_t>(n));
  for (Index k = 0; k < n; ++k) {
    const double t = n == 1 ? 0.0 : static_cast<double>(k) / static_cast<double>(n - 1);
    grid[static_cast<std::size_t>(k)] = std::exp(std::log(lo) + t * (std::log(hi) - std::log(lo)));
  }
  return grid;
}

namespace {

// The fraction of the columns of `test` that are fixed points of `network` (sign((W ξ)_i) = ξ_i or
// (W ξ)_i = 0 for every i), and the fraction with W ξ = ξ to 1e-8 (the projection identity).
std::pair<double, double> test_fixed_points(const ClassicalHopfield& network, const Matrix& test) {
  const Matrix field = network.local_fields(test);
  Index fixed_points = 0, projected = 0;
  for (Index j = 0; j < test.cols(); ++j) {
    fixed_points += (field.col(j).array() * test.col(j).array() >= 0.0).all();
    projected += (field.col(j) - test.col(j)).cwiseAbs().maxCoeff() <= 1e-8;
  }
  const auto count = static_cast<double>(test.cols());
  return {static_cast<double>(fixed_points) / count, static_cast<double>(projected) / count};
}

// One point: its network, and the dynamics from every start set. Point k draws from
// derive_seed(options.recall.seed, k) only, so points are independent of each other and of the thread count.
void measure_point(const RandomFeaturesData& data, const Matrix& control, CouplingRule rule,
                   const AlphaSweepOptions& options, std::size_t k, AlphaPoint& point) {
  const Index n = data.feature_matrix.rows();
  const auto build_start = std::chrono::steady_clock::now();
  // The last point usually stores the whole train set: use it in place rather than copy it.
  Matrix prefix;
  const Matrix& stored =
      point.stored == data.train.cols() ? data.train : (prefix = data.train.leftCols(point.stored));
  const ClassicalHopfield network = random_features_network(stored, rule, options.relative_ridge);
  point.build_seconds = seconds_since(build_start);

  const std::vector<Index> unseen =
      unseen_columns(data.test_coefficients, data.train_coefficients, point.stored);
  point.unseen_test = static_cast<Index>(unseen.size());
  const Matrix test = columns(data.test, unseen);

  RecallOptions recall = options.recall;
  const std::uint64_t point_seed = derive_seed(options.recall.seed, k);
  const auto recall_start = std::chrono::steady_clock::now();
  auto measure = [&](const Matrix& starts, std::uint64_t set) {
    recall.seed = derive_seed(point_seed, set);
    const RecallResult result = network.recall(starts, recall);
    std::vector<double> m(static_cast<std::size_t>(starts.cols()));
    for (Index j = 0; j < starts.cols(); ++j) {
      m[static_cast<std::size_t>(j)] = result.states.col(j).dot(starts.col(j)) / static_cast<double>(n);
      point.sweeps += result.sweeps[static_cast<std::size_t>(j)];
    }
    point.starts += starts.cols();
    return summarise_magnetisations(m, options.threshold);
  };
  point.train = measure(stored.leftCols(std::min(point.stored, options.train_probes)), 0);
  point.features = measure(data.feature_matrix, 1);
  if (test.cols() > 0) point.test = measure(test, 2);
  if (control.cols() > 0) point.control = measure(control, 3);
  point.recall_seconds = seconds_since(recall_start);

  if (test.cols() > 0) {
    const auto [fixed, projected] = test_fixed_points(network, test);
    point.test_fixed_points = fixed;
    if (rule == CouplingRule::Pseudoinverse) point.test_fixed_by_projection = projected;
  }
}

}  // namespace

std::vector<AlphaPoint> sweep_alpha(const RandomFeaturesData& data, const Matrix& control, CouplingRule rule,
                                    const std::vector<double>& alphas, const AlphaSweepOptions& options,
                                    Progress& progress) {
  const Index n = data.feature_matrix.rows();
  std::vector<AlphaPoint> points(alphas.size());
  for (std::size_t k = 0; k < alphas.size(); ++k) {
    AlphaPoint& point = points[k];
    point.alpha = alphas[k];
    point.stored = std::max<Index>(1, std::llround(alphas[k] * static_cast<double>(n)));
    require(point.stored <= data.train.cols(), "sweep_alpha: alpha = ", alphas[k], " needs ", point.stored,
            " train examples, the data set has ", data.train.cols());
    point.skipped = rule == CouplingRule::Pseudoinverse && point.stored > n;
  }
  const auto count = static_cast<Index>(alphas.size());
  // Largest p first (the points are in increasing α), so the most expensive point does not start last; the
  // dynamics inside a point run on the point's thread.
  const auto measure_reversed = [&](Index j) {
    const auto k = static_cast<std::size_t>(count - 1 - j);
    AlphaPoint point = points[k];
    if (!point.skipped) measure_point(data, control, rule, options, k, point);
    return point;
  };
  if (options.share_over_processes) {
    std::vector<AlphaPoint> reversed = map_items(count, measure_reversed, {.threads = options.recall.threads},
                                                 [&](std::int64_t units) { progress.advance(units); });
    return {reversed.rbegin(), reversed.rend()};
  }
  run_in_parallel(
      count,
      [&](Index j) {
        points[static_cast<std::size_t>(count - 1 - j)] = measure_reversed(j);
        progress.advance();
      },
      options.recall.threads);
  return points;
}

PhaseBoundaries phase_boundaries(const std::vector<AlphaPoint>& points, double threshold) {
  // Each curve uses the points where it was measured (pseudoinverse points beyond p = N are skipped; a
  // point with no unseen test example has no test magnetisation).
  std::vector<double> x, train, features, test_x, test;
  for (const auto& point : points) {
    if (point.skipped) continue;
    x.push_back(point.alpha);
    train.push_back(point.train.mean);
    features.push_back(point.features.mean);
    if (point.test.count > 0) {
      test_x.push_back(point.alpha);
      test.push_back(point.test.mean);
    }
  }
  return {.storage = first_crossing(x, train, threshold, false),
          .learning = first_crossing(x, features, threshold, true),
          .generalisation = first_crossing(test_x, test, threshold, true)};
}

std::string phase_of(const AlphaPoint& point, double threshold) {
  if (point.test.count > 0 && point.test.mean >= threshold) return "generalisation";
  if (point.features.mean >= threshold) return "learning";
  if (point.train.mean >= threshold) return "storage";
  return "no retrieval";
}

Cell crossing_cell(const Crossing& crossing) {
  return crossing.found ? Cell(crossing.x) : Cell();
}

}  // namespace hopfield::experiments
