#include "hopfield/random_features.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <Eigen/LU>
#include <cmath>
#include <set>

#include "hopfield/error.hpp"
#include "hopfield/random.hpp"
#include "random_features_sweep.hpp"
#include "registry.hpp"

namespace hopfield {
namespace {

// sign(Σ_k c_k F_ik) by an explicit double loop; 0 where the sum is 0.
Matrix naive_signs(const Matrix& f, const Matrix& c) {
  Matrix out(f.rows(), c.cols());
  for (Index mu = 0; mu < c.cols(); ++mu) {
    for (Index i = 0; i < f.rows(); ++i) {
      double sum = 0.0;
      for (Index k = 0; k < f.cols(); ++k) sum += c(k, mu) * f(i, k);
      out(i, mu) = sum > 0 ? 1.0 : (sum < 0 ? -1.0 : 0.0);
    }
  }
  return out;
}

TEST(RandomFeatures, FeatureMatrixIsBalancedSpins) {
  const Matrix f = random_feature_matrix(500, 40, 3);
  ASSERT_EQ(f.rows(), 500);
  ASSERT_EQ(f.cols(), 40);
  EXPECT_TRUE((f.array().abs() == 1.0).all());
  // Mean of 20000 fair ±1: standard deviation 1/sqrt(20000) ≈ 0.0071; allow 4 sd.
  EXPECT_LT(std::abs(f.mean()), 4.0 / std::sqrt(20000.0));
  // Every column balanced too (sd 1/sqrt(500) ≈ 0.045; 5 sd).
  for (Index k = 0; k < f.cols(); ++k) EXPECT_LT(std::abs(f.col(k).mean()), 5.0 / std::sqrt(500.0));
  EXPECT_EQ(random_feature_matrix(500, 40, 3), f);
  EXPECT_NE(random_feature_matrix(500, 40, 4), f);
}

TEST(RandomFeatures, CoefficientsHaveExactlyLNonZeros) {
  for (const auto kind : {CoefficientKind::Binary, CoefficientKind::Signed}) {
    const Matrix c = sparse_coefficients(30, 5, 2000, kind, 11);
    Index positive = 0, negative = 0;
    Vector usage = Vector::Zero(30);
    for (Index mu = 0; mu < c.cols(); ++mu) {
      Index nonzero = 0;
      for (Index k = 0; k < c.rows(); ++k) {
        if (c(k, mu) == 0.0) continue;
        ++nonzero;
        usage[k] += 1.0;
        ASSERT_EQ(std::abs(c(k, mu)), 1.0);
        (c(k, mu) > 0 ? positive : negative) += 1;
      }
      ASSERT_EQ(nonzero, 5) << "column " << mu;
    }
    if (kind == CoefficientKind::Binary) {
      EXPECT_EQ(negative, 0);
    } else {
      // 10000 fair signs: sd 50.
      EXPECT_LT(std::abs(positive - negative), 4 * 100);
    }
    // Each feature is used with probability L/D = 1/6: 333 of 2000, sd ≈ 16.7; allow 5 sd.
    for (Index k = 0; k < 30; ++k) EXPECT_NEAR(usage[k], 2000.0 / 6.0, 5 * 16.7) << "feature " << k;
  }
}

TEST(RandomFeatures, ExamplesAreSignsOfMixturesWithRandomTies) {
  const Matrix f = random_feature_matrix(300, 12, 5);
  // Odd L: no ties, exactly the naive signs.
  const Matrix odd = sparse_coefficients(12, 3, 40, CoefficientKind::Signed, 6);
  EXPECT_EQ(random_feature_examples(f, odd, 7), naive_signs(f, odd));
  // Even L: ties exist and get ±1; elsewhere the naive sign.
  const Matrix even = sparse_coefficients(12, 2, 40, CoefficientKind::Binary, 8);
  const Matrix examples = random_feature_examples(f, even, 9);
  const Matrix reference = naive_signs(f, even);
  Index ties = 0, tie_plus = 0;
  for (Index mu = 0; mu < examples.cols(); ++mu) {
    for (Index i = 0; i < examples.rows(); ++i) {
      ASSERT_EQ(std::abs(examples(i, mu)), 1.0);
      if (reference(i, mu) == 0.0) {
        ++ties;
        tie_plus += examples(i, mu) > 0;
      } else {
        ASSERT_EQ(examples(i, mu), reference(i, mu));
      }
    }
  }
  // Two ±1 features disagree half the time: about 6000 ties, and the tie signs are fair.
  EXPECT_NEAR(static_cast<double>(ties), 6000.0, 400.0);
  EXPECT_NEAR(static_cast<double>(tie_plus) / static_cast<double>(ties), 0.5, 0.05);
  EXPECT_EQ(random_feature_examples(f, even, 9), examples);
}

// The sparse path (integer coefficients: only the L non-zero columns of F are summed) against the dense
// product written out here, with ties, over enough examples to run in parallel: the same bits at 1 and 2
// threads; and real coefficients (the dense path) against the naive signs.
TEST(RandomFeatures, ExamplesMatchTheDenseProductAtAnyThreadCount) {
  const Matrix f = random_feature_matrix(64, 10, 21);
  const Matrix c = sparse_coefficients(10, 4, 600, CoefficientKind::Signed, 22);
  const Matrix fields = f * c;
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  const Matrix one = random_feature_examples(f, c, 23);
  omp_set_num_threads(2);
  const Matrix two = random_feature_examples(f, c, 23);
  omp_set_num_threads(saved);
  EXPECT_EQ(one, two);
  Index ties = 0;
  for (Index mu = 0; mu < c.cols(); ++mu) {
    Rng tie_rng(derive_seed(23, static_cast<std::uint64_t>(mu)));
    for (Index i = 0; i < f.rows(); ++i) {
      const double h = fields(i, mu);
      const double expected = h > 0.0 ? 1.0 : (h < 0.0 ? -1.0 : tie_rng.spin());
      ties += h == 0.0;
      ASSERT_EQ(one(i, mu), expected) << "row " << i << ", example " << mu;
    }
  }
  EXPECT_GT(ties, 1000);  // L = 4: a sum of four ±1 is 0 with probability 3/8
  const Matrix real = 0.37 * sparse_coefficients(10, 3, 300, CoefficientKind::Signed, 24);
  EXPECT_EQ(random_feature_examples(f, real, 25), naive_signs(f, real));
}

TEST(RandomFeatures, SetsShareFAndTestIsHeldOut) {
  const RandomFeaturesSpec spec{
      .neurons = 200, .features = 6, .sparsity = 3, .coefficients = CoefficientKind::Signed};
  const RandomFeaturesData data = generate_random_features_data(spec, 300, 20, 13);
  EXPECT_EQ(data.feature_matrix.rows(), 200);
  EXPECT_EQ(data.feature_matrix.cols(), 6);
  EXPECT_EQ(data.train, naive_signs(data.feature_matrix, data.train_coefficients));
  EXPECT_EQ(data.test, naive_signs(data.feature_matrix, data.test_coefficients));
  // 4 · C(6, 3) = 80 mixtures up to sign: 300 train draws cover all but the held-out test ones.
  EXPECT_EQ(unseen_columns(data.test_coefficients, data.train_coefficients, 300).size(), 20u);
  // The test set is also unseen written as −c (same example up to sign).
  EXPECT_EQ(unseen_columns(-data.test_coefficients, data.train_coefficients, 300).size(), 20u);
  // ... while the train examples themselves are all "seen".
  EXPECT_TRUE(unseen_columns(data.train_coefficients.leftCols(50), data.train_coefficients, 300).empty());
  // Nested along α: a smaller train set is a prefix of a larger one.
  const RandomFeaturesData smaller = generate_random_features_data(spec, 100, 20, 13);
  EXPECT_EQ(smaller.train, data.train.leftCols(100));
  EXPECT_EQ(smaller.test, data.test);
}

TEST(RandomFeatures, RejectsBadArguments) {
  EXPECT_THROW(sparse_coefficients(10, 0, 5, CoefficientKind::Binary, 1), Error);
  EXPECT_THROW(sparse_coefficients(10, 11, 5, CoefficientKind::Binary, 1), Error);
  EXPECT_THROW(random_feature_matrix(0, 3, 1), Error);
  EXPECT_THROW(coefficient_kind_from_name("ternary"), Error);
  EXPECT_THROW(coupling_rule_from_name("storkey"), Error);
  // D = L = 3 signed: only 4 mixtures up to sign; holding all 4 out leaves nothing to draw.
  Matrix all(3, 4);
  all << 1, 1, 1, 1,  //
      1, 1, -1, -1,   //
      1, -1, 1, -1;
  EXPECT_THROW(sparse_coefficients(3, 3, 1, CoefficientKind::Signed, 1, all), Error);
  EXPECT_THROW(random_feature_examples(random_feature_matrix(10, 3, 1), Matrix::Ones(4, 2), 1), Error);
}

TEST(RandomFeatures, FirstCrossing) {
  const std::vector<double> x = {1, 2, 4, 8};
  const std::vector<double> y = {0.2, 0.5, 0.95, 0.99};
  const Crossing rising = first_crossing(x, y, 0.9, true, false);
  ASSERT_TRUE(rising.found);
  EXPECT_DOUBLE_EQ(rising.x, 2.0 + (0.4 / 0.45) * 2.0);
  const Crossing log_rising = first_crossing(x, y, 0.9, true, true);
  EXPECT_NEAR(log_rising.x, std::exp(std::log(2.0) + (0.4 / 0.45) * std::log(2.0)), 1e-12);
  EXPECT_FALSE(first_crossing(x, y, 0.1, false).found);
  const Crossing before = first_crossing(x, y, 0.1, true);
  EXPECT_TRUE(before.found && before.before_grid);
  EXPECT_DOUBLE_EQ(before.x, 1.0);
  const std::vector<double> falling = {1.0, 0.95, 0.5, 0.3};
  EXPECT_DOUBLE_EQ(first_crossing(x, falling, 0.9, false, false).x, 2.0 + (0.05 / 0.45) * 2.0);
}

TEST(RandomFeatures, FinalMagnetisationsMatchRecall) {
  const RandomFeaturesSpec spec{
      .neurons = 150, .features = 10, .sparsity = 3, .coefficients = CoefficientKind::Signed};
  const RandomFeaturesData data = generate_random_features_data(spec, 40, 10, 21);
  const auto network = ClassicalHopfield::hebb(data.train);
  RecallOptions options;
  options.seed = 4;
  const std::vector<double> m = final_magnetisations(network, data.test, options);
  const RecallResult recall = network.recall(data.test, options);
  for (Index k = 0; k < data.test.cols(); ++k) {
    double overlap = 0.0;
    for (Index i = 0; i < 150; ++i) overlap += recall.states(i, k) * data.test(i, k);
    EXPECT_DOUBLE_EQ(m[static_cast<std::size_t>(k)], overlap / 150.0);
  }
  const MagnetisationSummary s = summarise_magnetisations({1.0, 0.5, 0.9, 0.2}, 0.9);
  EXPECT_DOUBLE_EQ(s.mean, 0.65);
  EXPECT_DOUBLE_EQ(s.minimum, 0.2);
  EXPECT_DOUBLE_EQ(s.fraction_retrieved, 0.5);
  EXPECT_NEAR(s.standard_deviation, std::sqrt((0.35 * 0.35 + 0.15 * 0.15 + 0.25 * 0.25 + 0.45 * 0.45) / 4),
              1e-15);
}

// Once the stored examples span the whole mixture space — for L = 3 signed, the D features and the C(D, 3)
// triple products, since sign(a + b + c) = (a + b + c − abc)/2 — the pseudoinverse maps every unseen mixture
// onto itself. Before that, it does not.
TEST(RandomFeatures, PseudoinverseFixesUnseenMixturesOnceTheExamplesSpanThem) {
  const RandomFeaturesSpec spec{
      .neurons = 200, .features = 6, .sparsity = 3, .coefficients = CoefficientKind::Signed};
  const RandomFeaturesData data = generate_random_features_data(spec, 150, 10, 31);
  const Index mixture_dimension = 6 + 20;
  // Independent check that 150 examples span the 26-dimensional mixture space: the rank of X.
  Eigen::FullPivLU<Matrix> lu(data.train);
  lu.setThreshold(1e-9);
  ASSERT_EQ(lu.rank(), mixture_dimension);
  ASSERT_EQ(unseen_columns(data.test_coefficients, data.train_coefficients, 150).size(), 10u);
  // The algebraic identity behind it, entry by entry.
  for (Index t = 0; t < data.test.cols(); ++t) {
    std::vector<Index> support;
    for (Index k = 0; k < 6; ++k)
      if (data.test_coefficients(k, t) != 0.0) support.push_back(k);
    for (Index i = 0; i < 200; ++i) {
      double a = data.test_coefficients(support[0], t) * data.feature_matrix(i, support[0]);
      double b = data.test_coefficients(support[1], t) * data.feature_matrix(i, support[1]);
      double c = data.test_coefficients(support[2], t) * data.feature_matrix(i, support[2]);
      ASSERT_EQ(data.test(i, t), (a + b + c - a * b * c) / 2);
    }
  }
  const auto spanning = random_features_network(data.train, CouplingRule::Pseudoinverse, 1e-12);
  const Matrix image = spanning.weights() * data.test;
  EXPECT_LT((image - data.test).cwiseAbs().maxCoeff(), 1e-8);
  // So they are fixed points: the dynamics end where they start (m = 1).
  RecallOptions options;
  options.seed = 2;
  for (const double m : final_magnetisations(spanning, data.test, options)) EXPECT_EQ(m, 1.0);

  // With 12 examples (12 < 26) the span is too small: no unseen mixture is mapped onto itself.
  const auto few = random_features_network(data.train.leftCols(12), CouplingRule::Pseudoinverse, 1e-12);
  const Matrix few_image = few.weights() * data.test;
  for (Index t = 0; t < data.test.cols(); ++t)
    EXPECT_GT((few_image.col(t) - data.test.col(t)).cwiseAbs().maxCoeff(), 0.1) << "test " << t;
}

using experiments::AlphaSweepOptions;
using experiments::log_grid;
using experiments::phase_boundaries;
using experiments::sweep_alpha;

TEST(RandomFeatures, PhasesAppearInOrderOnSmallN) {
  const RandomFeaturesSpec spec{
      .neurons = 400, .features = 8, .sparsity = 3, .coefficients = CoefficientKind::Signed};
  const std::vector<double> alphas = log_grid(0.002, 20.0, 8);
  const RandomFeaturesData data = generate_random_features_data(spec, 8000, 30, 42);
  AlphaSweepOptions options;
  options.train_probes = 30;
  options.recall.seed = 5;
  const Matrix control(400, 0);

  const auto hebb = phase_boundaries(
      sweep_alpha(data, control, CouplingRule::Hebb, alphas, options, experiments::silent_progress()), 0.9);
  ASSERT_TRUE(hebb.storage.found && hebb.learning.found && hebb.generalisation.found);
  EXPECT_FALSE(hebb.storage.before_grid);
  EXPECT_LT(hebb.storage.x, hebb.learning.x);
  EXPECT_LT(hebb.learning.x, hebb.generalisation.x);

  const auto pi_sweep = sweep_alpha(data, control, CouplingRule::Pseudoinverse, alphas, options,
                                    experiments::silent_progress());
  for (const auto& point : pi_sweep) {
    if (point.skipped) {
      EXPECT_GT(point.stored, 400);
      continue;
    }
    EXPECT_EQ(point.train.minimum, 1.0) << "alpha " << point.alpha;  // W ξ = ξ for stored ξ
  }
  const auto pi = phase_boundaries(pi_sweep, 0.9);
  EXPECT_FALSE(pi.storage.found);  // storage never ends below p = N
  ASSERT_TRUE(pi.learning.found && pi.generalisation.found);
  EXPECT_LE(pi.learning.x, pi.generalisation.x);
  // The pseudoinverse learns and generalises at smaller α than Hebb.
  EXPECT_LT(pi.generalisation.x, hebb.generalisation.x);
}

std::vector<experiments::Table> run_tables(
    const std::string& name, const std::vector<std::pair<std::string, std::string>>& overrides) {
  experiments::Result result = experiments::run_experiment(experiments::find_experiment(name), overrides);
  std::vector<experiments::Table> tables;
  for (auto& table : result.tables)
    if (table.title.find("Cost") == std::string::npos) tables.push_back(std::move(table));
  return tables;
}

TEST(RandomFeatures, ResultsDoNotDependOnThreads) {
  const std::vector<std::pair<std::string, std::string>> small = {{"neurons", "200"},
                                                                  {"alpha_max", "3"},
                                                                  {"points", "5"},
                                                                  {"train_probes", "20"},
                                                                  {"test_examples", "20"}};
  auto one = small, two = small;
  one.emplace_back("threads", "1");
  two.emplace_back("threads", "2");
  const auto a = run_tables("random-features-phases", one);
  const auto b = run_tables("random-features-phases", two);
  ASSERT_EQ(a.size(), b.size());
  ASSERT_FALSE(a.empty());
  for (std::size_t t = 0; t < a.size(); ++t) EXPECT_EQ(a[t].rows, b[t].rows) << a[t].title;

  const std::vector<std::pair<std::string, std::string>> diagram = {
      {"neurons", "300"}, {"alpha_max", "3"}, {"points", "4"}, {"alpha_d_points", "3"}};
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto c = run_tables("random-features-diagram", diagram);
  omp_set_num_threads(2);
  const auto d = run_tables("random-features-diagram", diagram);
  omp_set_num_threads(saved);
  ASSERT_EQ(c.size(), d.size());
  ASSERT_FALSE(c.empty());
  for (std::size_t t = 0; t < c.size(); ++t) EXPECT_EQ(c[t].rows, d[t].rows) << c[t].title;
}

}  // namespace
}  // namespace hopfield

namespace hopfield {
namespace {

TEST(RandomFeatures, DiagramReportsTooFewMixturesAsAnError) {
  // N = 150, α_D = 0.02: D = 3 = L, 4 mixtures up to sign, fewer than the 30 held-out test examples.
  EXPECT_THROW(experiments::run_experiment(experiments::find_experiment("random-features-diagram"),
                                           {{"neurons", "150"}, {"alpha_max", "1"}, {"points", "2"}}),
               Error);
}

// max_sweeps used to be cut to 32 bits: 4294967297 ran 1 sweep while the JSON recorded 4294967297.
TEST(RandomFeatures, IntegerParametersAreRangeChecked) {
  for (const char* name : {"random-features-phases", "random-features-diagram"}) {
    for (const auto& assignment : std::vector<std::pair<std::string, std::string>>{
             {"max_sweeps", "4294967297"}, {"neurons", "0"}, {"points", "-1"}}) {
      try {
        experiments::run_experiment(experiments::find_experiment(name), {assignment});
        ADD_FAILURE() << name << " ran with " << assignment.first << " = " << assignment.second;
      } catch (const Error& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("'" + assignment.first + "'"), std::string::npos) << message;
      }
    }
  }
}

}  // namespace
}  // namespace hopfield

namespace hopfield {
namespace {

// The documented edges of first_crossing: a point exactly at the level counts as crossed when rising
// (y_{k−1} < level ≤ y_k) and does not when falling (y_{k−1} ≥ level > y_k).
TEST(RandomFeatures, FirstCrossingAtExactlyTheLevel) {
  const std::vector<double> x = {1.0, 2.0, 3.0, 4.0};
  const Crossing rising = first_crossing(x, {0.2, 0.5, 0.9, 1.0}, 0.9, true, false);
  ASSERT_TRUE(rising.found);
  EXPECT_EQ(rising.x, 3.0);
  EXPECT_FALSE(rising.before_grid);
  const Crossing falling = first_crossing(x, {1.0, 0.9, 0.5, 0.2}, 0.9, false, false);
  ASSERT_TRUE(falling.found);
  EXPECT_DOUBLE_EQ(falling.x, 2.0);  // between 0.9 (not yet below) and 0.5, at t = 0
  EXPECT_FALSE(first_crossing(x, {0.2, 0.5, 0.8, 0.89}, 0.9, true, false).found);
  // Already at the level at the first point: the crossing lies at or below the grid.
  const Crossing at_start = first_crossing(x, {0.9, 1.0, 1.0, 1.0}, 0.9, true, false);
  EXPECT_TRUE(at_start.found && at_start.before_grid);
  EXPECT_EQ(at_start.x, 1.0);
}

}  // namespace
}  // namespace hopfield
