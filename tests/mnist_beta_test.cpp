// mnist-beta on the shipped sample (tests/data: 40 digits per class), never on a download.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "hopfield/dataset.hpp"
#include "hopfield/error.hpp"
#include "hopfield/measures.hpp"
#include "hopfield/modern.hpp"
#include "mnist_data.hpp"
#include "registry.hpp"

namespace hopfield::experiments {
namespace {

const std::string kSample = HOPFIELD_TEST_DATA_DIR;

Result run_beta(std::vector<std::pair<std::string, std::string>> overrides) {
  // Later overrides win, so the test defaults go first.
  overrides.insert(overrides.begin(), {{"data", kSample}, {"capacity_patterns", "10,100,400"}});
  return run_experiment(find_experiment("mnist-beta"), overrides);
}

double number(const Cell& cell) {
  if (const auto* real = std::get_if<double>(&cell)) return *real;
  return static_cast<double>(std::get<std::int64_t>(cell));
}

TEST(MnistBeta, SoftAverageToNearestNeighbour) {
  const Result result = run_beta({});
  const Table& sweep = result.tables.at(0);
  ASSERT_EQ(sweep.rows.size(), 21u);  // 0.001 … 100 at 4 per decade
  EXPECT_NEAR(number(sweep.rows.front()[0]), 0.001, 1e-12);
  EXPECT_NEAR(number(sweep.rows.back()[0]), 100.0, 1e-9);
  // Entropy decreases with beta (strictly, while it is not yet 0), from near log p to near 0.
  for (std::size_t b = 1; b < sweep.rows.size(); ++b) {
    EXPECT_LE(number(sweep.rows[b][1]), number(sweep.rows[b - 1][1]) + 1e-12) << "row " << b;
  }
  EXPECT_GT(number(sweep.rows.front()[2]), 0.9);  // entropy / log p at beta = 0.001
  EXPECT_LT(number(sweep.rows.back()[1]), 1e-6);
  // Largest beta: every recall is its probe's 1-NN digit and every end state is a single-pattern point.
  EXPECT_EQ(number(sweep.rows.back()[3]), 1.0);
  EXPECT_EQ(number(sweep.rows.back()[7]), 100.0);
  EXPECT_EQ(number(sweep.rows.back()[10]), 1.0);
  // Smallest beta: the recall is the soft average (cosine with the mean pattern > 0.9), not the 1-NN.
  EXPECT_GT(number(sweep.rows.front()[5]), 0.9);
  EXPECT_EQ(number(sweep.rows.front()[3]), 0.0);
  EXPECT_EQ(number(sweep.rows.front()[4]), 1.0);
  EXPECT_EQ(number(sweep.rows.front()[9]), 100.0);  // global average
  // Kind counts add up to p at every beta; the snapped fraction never decreases.
  for (std::size_t b = 0; b < sweep.rows.size(); ++b) {
    EXPECT_EQ(number(sweep.rows[b][7]) + number(sweep.rows[b][8]) + number(sweep.rows[b][9]), 100.0);
    if (b > 0) {
      EXPECT_GE(number(sweep.rows[b][10]), number(sweep.rows[b - 1][10]));
    }
  }
  // Snap beta quantiles are ordered and lie in the interesting range 0.001 … 1 for N = 784.
  const Table& snaps = result.tables.at(1);
  ASSERT_GE(snaps.rows.size(), 5u);
  EXPECT_LE(number(snaps.rows[0][1]), number(snaps.rows[2][1]));
  EXPECT_LE(number(snaps.rows[2][1]), number(snaps.rows[4][1]));
  EXPECT_GT(number(snaps.rows[0][1]), 1e-3);
  EXPECT_LT(number(snaps.rows[4][1]), 1.0);
  ASSERT_EQ(result.figures.size(), 2u);
  EXPECT_TRUE(result.figures[0].log_x);
}

// The largest of the retrieval weights softmax(beta s) of one probe's scores s, written out plainly.
double largest_weight(const Vector& scores, double beta) {
  const double top = scores.maxCoeff();
  double sum = 0.0;
  for (Index j = 0; j < scores.size(); ++j) sum += std::exp(beta * (scores(j) - top));
  return 1.0 / sum;
}

// The smallest beta at which the largest weight reaches 0.9, by bisection in beta itself (the weight grows
// with beta while one score is strictly the best).
double smallest_snapping_beta(const Vector& scores) {
  double low = 0.0;
  double high = 1.0;
  while (largest_weight(scores, high) < 0.9) high *= 2.0;
  for (int iteration = 0; iteration < 200; ++iteration) {
    const double middle = 0.5 * (low + high);
    (largest_weight(scores, middle) < 0.9 ? low : high) = middle;
  }
  return high;
}

// The snap betas the experiment reports, recomputed here from the same digits and probes: p = 11 digits drawn
// as mnist-beta draws them (seed 42, 10 % pixel noise), their scores X^T xi, and for each probe the beta at
// which the plain softmax above puts 0.9 on its best pattern.
TEST(MnistBeta, SnapBetaMatchesRetrievalWeights) {
  const Result result = run_beta({{"patterns", "11"}});
  const DigitDraw draw =
      draw_uniform_digits(*load_mnist_data("mnist", kSample), 11, {.level = 0.1, .model = "probability"}, 42);
  const Matrix scores = draw.stored.transpose() * draw.probes;
  std::vector<double> snaps;
  for (Index k = 0; k < scores.cols(); ++k) {
    const Vector column = scores.col(k);
    ASSERT_EQ((column.array() == column.maxCoeff()).count(), 1) << "probe " << k << " has a tied best score";
    snaps.push_back(smallest_snapping_beta(column));
  }
  // The softmax written here is the model's: compare with the library's weights for one probe.
  const ModernHopfield network(draw.stored, snaps[0]);
  EXPECT_NEAR(network.retrieval_weights(draw.probes.col(0)).maxCoeff(), 0.9, 1e-9);
  std::sort(snaps.begin(), snaps.end());
  // 11 probes: the quartiles lie at positions 0, 2.5, 5, 7.5 and 10 of the sorted snap betas.
  const std::vector<double> expected = {snaps[0], 0.5 * (snaps[2] + snaps[3]), snaps[5],
                                        0.5 * (snaps[7] + snaps[8]), snaps[10]};
  const Table& table = result.tables.at(1);
  ASSERT_GE(table.rows.size(), 7u);
  for (std::size_t row = 0; row < expected.size(); ++row)
    EXPECT_NEAR(number(table.rows[row][1]), expected[row], 1e-9 * expected[row]) << "row " << row;
  EXPECT_EQ(number(table.rows[5][1]), 0.0);  // no probe with a tied best score
  // The 'snapped' column of the sweep: the share of the probes whose snap beta is at or below the grid beta.
  for (const auto& row : result.tables.at(0).rows) {
    const double beta = number(row[0]);
    const auto snapped = std::count_if(snaps.begin(), snaps.end(), [&](double snap) { return snap <= beta; });
    EXPECT_DOUBLE_EQ(number(row[10]), static_cast<double>(snapped) / 11.0) << "beta " << beta;
  }
}

TEST(MnistBeta, CapacityIsNearestNeighbourLookup) {
  const Result result = run_beta({});
  const Table& capacity = result.tables.at(2);
  ASSERT_EQ(capacity.rows.size(), 3u);
  for (const auto& row : capacity.rows) {
    // At beta = 1 the retrieval is a hard argmax: exact recall = right 1-NN.
    EXPECT_EQ(number(row[1]), number(row[4]));
    EXPECT_GT(number(row[1]), 0.9);
  }
  EXPECT_EQ(number(capacity.rows[0][1]), 1.0);                               // p = 10
  EXPECT_EQ(number(capacity.rows[0][5]), 1.0);                               // seed PI at p = 10
  EXPECT_EQ(number(capacity.rows[1][5]), 1.0);                               // seed PI at p = 100
  EXPECT_TRUE(std::holds_alternative<std::monostate>(capacity.rows[2][5]));  // no seed value at p = 400
}

TEST(MnistBeta, IdenticalAtOneAndTwoThreads) {
  const Result one = run_beta({{"threads", "1"}});
  const Result two = run_beta({{"threads", "2"}});
  ASSERT_EQ(one.tables.size(), two.tables.size());
  for (std::size_t t = 0; t < one.tables.size(); ++t) EXPECT_EQ(one.tables[t].rows, two.tables[t].rows);
}

TEST(MnistBeta, UserErrors) {
  EXPECT_THROW(run_beta({{"beta_min", "0"}}), Error);
  EXPECT_THROW(run_beta({{"beta_min", "10"}, {"beta_max", "1"}}), Error);
  EXPECT_THROW(run_beta({{"patterns", "401"}}), Error);
  EXPECT_THROW(run_beta({{"capacity_patterns", "10,abc"}}), Error);
  EXPECT_THROW(run_beta({{"dataset", "cifar"}}), Error);
}

}  // namespace
}  // namespace hopfield::experiments
