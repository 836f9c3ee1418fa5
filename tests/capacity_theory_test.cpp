#include "hopfield/capacity_theory.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "hopfield/error.hpp"
#include "hopfield/finite_size_scaling.hpp"
#include "hopfield/random.hpp"

namespace hopfield {
namespace {

// The residual of the zero-temperature saddle-point equation y (√(2α) + (2/√π) e^(−y²)) = erf(y) at
// y = erfinv(m), written out independently of the solver.
double saddle_point_residual(double alpha, double m) {
  double lo = 0.0, hi = 10.0;  // erf⁻¹(m) by bisection
  for (int k = 0; k < 200; ++k) ((std::erf((lo + hi) / 2) < m) ? lo : hi) = (lo + hi) / 2;
  const double y = (lo + hi) / 2;
  return y * (std::sqrt(2 * alpha) + 2 / std::sqrt(std::numbers::pi) * std::exp(-y * y)) - m;
}

TEST(CapacityTheory, AgsCriticalCapacityAndOverlapThere) {
  EXPECT_NEAR(ags_critical_capacity(), 0.1379, 5e-4);
  EXPECT_NEAR(ags_retrieval_overlap(0.138 - 1e-4), 0.967, 2e-3);
  EXPECT_NEAR(ags_retrieval_overlap(ags_critical_capacity() * (1 - 1e-9)), 0.9674, 5e-4);
}

TEST(CapacityTheory, AgsOverlapSolvesTheSaddlePointAndIsOneAtZeroLoad) {
  EXPECT_DOUBLE_EQ(ags_retrieval_overlap(0.0), 1.0);
  for (const double alpha : {0.05, 0.1, 0.13}) {
    const double m = ags_retrieval_overlap(alpha);
    EXPECT_NEAR(saddle_point_residual(alpha, m), 0.0, 1e-9) << "alpha " << alpha;
  }
  // Small α: y → 1/√(2α) and 1 − m = erfc(y) ≈ e^(−y²) / (y √π) = √(2α/π) e^(−1/(2α)), up to a relative
  // correction of order 1/(2y²) = α.
  const double alpha = 0.03;
  EXPECT_NEAR((1.0 - ags_retrieval_overlap(alpha)) /
                  (std::sqrt(2 * alpha / std::numbers::pi) * std::exp(-1 / (2 * alpha))),
              1.0, 2 * alpha);
  EXPECT_GT(ags_retrieval_overlap(0.1), ags_retrieval_overlap(0.13));  // decreasing
  EXPECT_EQ(ags_retrieval_overlap(0.14), 0.0);                         // no retrieval state beyond α_c
  EXPECT_THROW(ags_retrieval_overlap(-0.1), Error);
}

TEST(CapacityTheory, KrotovHopfieldScaling) {
  // n = 2: N / (2 · 1!! · ln N) = N / (2 ln N); n = 3: N² / (2 · 3 · ln N).
  EXPECT_NEAR(krotov_hopfield_capacity(1000, 2), 1000.0 / (2 * std::log(1000.0)), 1e-9);
  EXPECT_NEAR(krotov_hopfield_capacity(100, 3), 1e4 / (6 * std::log(100.0)), 1e-9);
  EXPECT_NEAR(krotov_hopfield_capacity(100, 4), 1e6 / (30 * std::log(100.0)), 1e-6);  // 5!! = 15
  EXPECT_THROW(krotov_hopfield_capacity(1, 3), Error);
}

TEST(FiniteSizeScaling, RecoversKnownParametersFromSyntheticData) {
  // y = 0.138 + 1.7 N^(−1/2) exactly: the fit returns the parameters and χ² = 0.
  const std::vector<double> sizes = {500, 1000, 2000, 4000, 8000, 16000};
  std::vector<double> exact, errors;
  for (const double n : sizes) {
    exact.push_back(0.138 + 1.7 / std::sqrt(n));
    errors.push_back(0.001 * (1 + n / 16000));
  }
  const FiniteSizeFit fit = fit_finite_size(sizes, exact, errors, 0.5);
  EXPECT_NEAR(fit.limit, 0.138, 1e-12);
  EXPECT_NEAR(fit.amplitude, 1.7, 1e-10);
  EXPECT_NEAR(fit.chi_square, 0.0, 1e-12);
  EXPECT_EQ(fit.degrees_of_freedom, 4);
  // With Gaussian noise of the stated errors, over many data sets: the limit is unbiased, its spread matches
  // the reported standard error, and the mean χ² is the degrees of freedom.
  Rng rng(7);
  double sum = 0, squares = 0, chi = 0, reported = 0;
  const int sets = 4000;
  for (int k = 0; k < sets; ++k) {
    std::vector<double> noisy = exact;
    for (std::size_t i = 0; i < noisy.size(); ++i) noisy[i] += errors[i] * rng.normal();
    const FiniteSizeFit f = fit_finite_size(sizes, noisy, errors, 0.5);
    sum += f.limit;
    squares += (f.limit - 0.138) * (f.limit - 0.138);
    chi += f.chi_square;
    reported = f.limit_error;
  }
  EXPECT_NEAR(sum / sets, 0.138, 4 * reported / std::sqrt(sets));
  EXPECT_NEAR(std::sqrt(squares / sets) / reported, 1.0, 0.05);
  EXPECT_NEAR(chi / sets, 4.0, 0.15);
}

TEST(FiniteSizeScaling, BadInputIsAnError) {
  EXPECT_THROW(fit_finite_size({1000}, {0.1}, {0.01}, 0.5), Error);
  EXPECT_THROW(fit_finite_size({1000, 1000}, {0.1, 0.2}, {0.01, 0.01}, 0.5), Error);
  EXPECT_THROW(fit_finite_size({1000, 2000}, {0.1, 0.2}, {0.01, 0.0}, 0.5), Error);
  EXPECT_THROW(fit_finite_size({1000, 2000}, {0.1}, {0.01, 0.01}, 0.5), Error);
}

}  // namespace
}  // namespace hopfield
