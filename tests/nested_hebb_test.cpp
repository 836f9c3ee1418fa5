#include "hopfield/nested_hebb.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "hopfield/classical.hpp"
#include "hopfield/error.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"
#include "random_features_paper.hpp"

namespace hopfield {
namespace {

// Σ_μ ξ_iμ ξ_jμ by a triple loop, zero diagonal.
Matrix naive_hebb_integers(const Matrix& x) {
  Matrix c = Matrix::Zero(x.rows(), x.rows());
  for (Index i = 0; i < x.rows(); ++i)
    for (Index j = 0; j < x.rows(); ++j)
      if (i != j)
        for (Index mu = 0; mu < x.cols(); ++mu) c(i, j) += x(i, mu) * x(j, mu);
  return c;
}

TEST(NestedHebb, CouplingsGrownInBlocksEqualTheHebbIntegers) {
  // N = 70 (not a multiple of 4 or 64), blocks of 1, 63, 200 and 300 patterns (row padding, several words).
  const Matrix x = random_binary_patterns(70, 564, 5);
  NestedHebbNetwork network(70);
  Index done = 0;
  for (const Index block : {1, 63, 200, 300}) {
    network.add_patterns(x.middleCols(done, block));
    done += block;
    EXPECT_EQ(network.pattern_count(), done);
    EXPECT_EQ(network.coupling_matrix(), naive_hebb_integers(x.leftCols(done))) << "after " << done;
  }
  // The same integers as the library's Hebb network (couplings() = N W).
  EXPECT_EQ(network.coupling_matrix(), ClassicalHopfield::hebb(x).couplings());
}

TEST(NestedHebb, TrackedFieldsFollowTheCouplings) {
  const Matrix x = random_binary_patterns(90, 150, 6);
  const Matrix probes = random_binary_patterns(90, 7, 7);
  NestedHebbNetwork network(90, probes);
  network.add_patterns(x.leftCols(40));
  network.add_patterns(x.rightCols(110));
  EXPECT_EQ(network.tracked_fields(), naive_hebb_integers(x) * probes);
}

TEST(NestedHebb, DynamicsEndAtAFixedPointOfSignWithPlusOneAtZero) {
  // With p = 6 every coupling is even and small, so fields h_i = 0 occur; the end state is checked against
  // the rule s_i = sign(h_i), sign(0) = +1, computed from an independent coupling matrix.
  const Matrix x = random_binary_patterns(41, 6, 8);
  const Matrix probes = random_binary_patterns(41, 20, 9);
  NestedHebbNetwork network(41, probes);
  network.add_patterns(x);
  const Matrix c = naive_hebb_integers(x);
  Index zero_fields_seen = 0;
  for (Index k = 0; k < probes.cols(); ++k) {
    const SignDynamicsRun run = network.run_from_tracked(k, {.max_sweeps = 500, .seed = 3});
    ASSERT_TRUE(run.converged);
    const Vector h = c * run.state;
    for (Index i = 0; i < 41; ++i) {
      const double wanted = h[i] >= 0.0 ? 1.0 : -1.0;  // sign(0) = +1
      EXPECT_EQ(run.state[i], wanted) << "probe " << k << " unit " << i;
      zero_fields_seen += h[i] == 0.0;
    }
  }
  EXPECT_GT(zero_fields_seen, 0);  // the rule at h = 0 was exercised
}

TEST(NestedHebb, ZeroFieldRuleDecidesATie) {
  // Patterns (+,+,+) and (+,−,−): C_01 = C_02 = 0, C_12 = 2. From (−1, +1, +1) unit 0 has h_0 = 0 and
  // units 1, 2 are stable, so the rule at zero field alone decides unit 0.
  Matrix x(3, 2);
  x << 1, 1, 1, -1, 1, -1;  // C_01 = 0, C_02 = 0, C_12 = 2
  Matrix start(3, 1);
  start << -1, 1, 1;
  NestedHebbNetwork network(3, start);
  network.add_patterns(x);
  EXPECT_EQ(network.coupling(0, 1), 0);
  const SignDynamicsRun plus = network.run_from_tracked(0, {.max_sweeps = 10, .seed = 1});
  EXPECT_EQ(plus.state[0], 1.0);  // sign(0) = +1
  const SignDynamicsRun keep =
      network.run_from_tracked(0, {.max_sweeps = 10, .seed = 1, .zero_field = ZeroFieldRule::KeepState});
  EXPECT_EQ(keep.state[0], -1.0);
}

TEST(NestedHebb, StoredPatternsBelowCapacityAreFixedPoints) {
  // α = 0.02 at N = 500: every stored pattern is a fixed point (crosstalk sd √(p/N) ≈ 0.14 ≪ 1).
  const Matrix x = random_binary_patterns(500, 10, 10);
  NestedHebbNetwork network(500, x);
  network.add_patterns(x);
  for (Index k = 0; k < x.cols(); ++k) {
    const SignDynamicsRun run = network.run_from_tracked(k, {.max_sweeps = 500, .seed = 4});
    EXPECT_EQ(run.flips, 0);
    EXPECT_EQ(run.sweeps, 1);
    EXPECT_DOUBLE_EQ(experiments::paper_protocol::final_overlap(run.state, x.col(k)), 1.0);
  }
}

TEST(NestedHebb, BadInputIsAnError) {
  EXPECT_THROW(NestedHebbNetwork(0), Error);
  EXPECT_THROW(NestedHebbNetwork(4, Matrix::Constant(4, 1, 0.5)), Error);
  NestedHebbNetwork network(4);
  EXPECT_THROW(network.add_patterns(Matrix::Ones(5, 1)), Error);
  EXPECT_THROW(network.add_patterns(Matrix::Zero(4, 1)), Error);
  EXPECT_THROW(network.run_from_tracked(0, {}), Error);
}

TEST(PaperProtocol, MixturesUseSignZeroPlusOne) {
  // L = 2 mixtures: f_a + f_b is 0 wherever the two features differ, and the paper's rule gives +1 there.
  const Matrix f = random_binary_patterns(200, 6, 11);
  Matrix c = Matrix::Zero(6, 2);
  c(1, 0) = 1.0;
  c(4, 0) = -1.0;
  c(0, 1) = -1.0;
  c(2, 1) = -1.0;
  const Matrix xi = experiments::paper_protocol::mixtures(f, c);
  Index ties = 0;
  for (Index mu = 0; mu < 2; ++mu) {
    for (Index i = 0; i < 200; ++i) {
      double sum = 0.0;
      for (Index k = 0; k < 6; ++k) sum += c(k, mu) * f(i, k);
      EXPECT_EQ(xi(i, mu), sum > 0 ? 1.0 : (sum < 0 ? -1.0 : 1.0));
      ties += sum == 0.0;
    }
  }
  EXPECT_GT(ties, 100);  // about half of the 400 entries
}

TEST(PaperProtocol, OverlapIsTheNormalisedDotProduct) {
  Vector a(8), b(8);
  a << 1, 1, 1, 1, 1, 1, 1, 1;
  b << 1, -1, 1, 1, 1, 1, -1, 1;  // two of eight differ: m = (8 − 2·2)/8 = 0.5
  EXPECT_DOUBLE_EQ(experiments::paper_protocol::final_overlap(a, b), 0.5);
}

TEST(PaperProtocol, AlphaGridIsThePapersLogGrid) {
  const std::vector<double> grid = experiments::paper_protocol::alpha_grid(-28, 0, 20);
  ASSERT_EQ(grid.size(), 29u);
  EXPECT_NEAR(grid[0], 0.0398107, 1e-6);   // the paper's "0.04"
  EXPECT_NEAR(grid[11], 0.1412538, 1e-6);  // "0.14"
  EXPECT_NEAR(grid[27], 0.8912509, 1e-6);  // "0.89"
  EXPECT_DOUBLE_EQ(grid[28], 1.0);
}

TEST(PaperProtocol, ComparisonAllowsTheTwoStandardErrorsAndTheReadingTolerance) {
  // Per-sample means 0.4, 0.6 (sd 0.1414), single values 0, 1, 0, 1 (sd 0.5774): se_ours = 0.1, se_paper =
  // 0.5774 / √10 = 0.1826, allowed = 2 √(0.01 + 0.03333) + 0.05 = 0.4664.
  const auto c =
      experiments::paper_protocol::compare_with_paper({0.4, 0.6}, {0.0, 1.0, 0.0, 1.0}, 0.1, 10, 0.05);
  EXPECT_DOUBLE_EQ(c.ours, 0.5);
  EXPECT_NEAR(c.sample_sd, std::sqrt(0.02), 1e-12);
  EXPECT_NEAR(c.single_sd, std::sqrt(1.0 / 3.0), 1e-12);
  EXPECT_NEAR(c.allowed, 2.0 * std::sqrt(0.01 + 1.0 / 30.0) + 0.05, 1e-12);
  EXPECT_TRUE(c.agrees);  // 0.4 ≤ 0.4664
  EXPECT_FALSE(experiments::paper_protocol::compare_with_paper({0.4, 0.6}, {0.0, 1.0, 0.0, 1.0}, 0.0, 10, 0.0)
                   .agrees);  // 0.5 > 0.4164
}

}  // namespace
}  // namespace hopfield
