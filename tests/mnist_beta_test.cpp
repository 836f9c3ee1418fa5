// mnist-beta on the shipped sample (tests/data: 40 digits per class), never on a download.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "hopfield/dataset.hpp"
#include "hopfield/error.hpp"
#include "hopfield/measures.hpp"
#include "hopfield/modern.hpp"
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

// The snap beta of one probe, checked against the library: at the reported median the probe whose snap beta
// it is has its largest weight at 0.9 (independent check through ModernHopfield::retrieval_weights).
TEST(MnistBeta, SnapBetaMatchesRetrievalWeights) {
  const Result result = run_beta({{"patterns", "11"}});
  const Table& snaps = result.tables.at(1);
  const double median = number(snaps.rows[2][1]);  // 11 probes: the median is one probe's snap beta
  // Rebuild the same stored digits and probes the experiment used is not possible from outside, so check the
  // defining property on the table instead: the 'snapped' fraction at a grid beta equals the share of snap
  // betas at or below it, and the median splits the probes 5 / 6.
  const Table& sweep = result.tables.at(0);
  for (const auto& row : sweep.rows) {
    const double beta = number(row[0]);
    const double snapped = number(row[10]);
    if (beta < median * 0.999) {
      EXPECT_LE(snapped, 5.0 / 11.0 + 1e-12);
    }
    if (beta >= median * 1.001) {
      EXPECT_GE(snapped, 6.0 / 11.0 - 1e-12);
    }
  }
  // Independently: a two-pattern memory with score gap g snaps where e^{-beta g} = 1/9, beta = ln 9 / g.
  Matrix stored(4, 2);
  stored << 1, 1, 1, 1, 1, -1, 1, -1;  // probe = column 0: scores 4 and 0, gap 4
  const ModernHopfield network(stored, std::log(9.0) / 4.0);
  const Matrix weights = network.retrieval_weights(stored.col(0));
  EXPECT_NEAR(weights(0, 0), 0.9, 1e-12);
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
