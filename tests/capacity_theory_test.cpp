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

TEST(CapacityTheory, RandomEnergyEstimateLimitsAndBranches) {
  // β → ∞ without noise: the largest of p Gaussian overlaps with variance d, √(2 d ln p), reaches the
  // target's d at ln p = d / 2 (the exp(d/2) of the from-scratch series).
  EXPECT_NEAR(random_energy_log_capacity(64, 1e6, 0.0), 32.0, 1e-3);
  EXPECT_NEAR(random_energy_log_capacity(16, 1e6, 0.0), 8.0, 1e-3);
  // Noise σ widens the others' scores by 1 + σ²: d / (2 (1 + σ²)).
  EXPECT_NEAR(random_energy_log_capacity(64, 1e6, 0.5), 32.0 / 1.25, 1e-3);
  // d = 64, β = 1, σ = 0.3 (the from-scratch series' setting), frozen branch: (64 − ln 10)² / (2 · 69.76).
  EXPECT_NEAR(random_energy_log_capacity(64, 1.0, 0.3), 27.283, 1e-3);
  // The branches meet where T = β² v (d = 64, σ = 0: 64 β − ln 10 = 64 β²), both giving T / 2 there.
  const double edge = (1.0 + std::sqrt(1.0 - 4.0 * std::log(10.0) / 64)) / 2;
  const double half_target = (64 * edge - std::log(10.0)) / 2;
  EXPECT_NEAR(random_energy_log_capacity(64, edge * (1 - 1e-9), 0.0), half_target, 1e-6);
  EXPECT_NEAR(random_energy_log_capacity(64, edge * (1 + 1e-9), 0.0), half_target, 1e-6);
  EXPECT_EQ(random_energy_log_capacity(2, 1.0, 0.0), 0.0);  // β d ≤ ln 10: a second pattern already fails
  EXPECT_EQ(random_energy_log_capacity(64, 0.0, 0.3), 0.0);
  EXPECT_THROW(random_energy_log_capacity(0, 1.0, 0.3), Error);
  EXPECT_THROW(random_energy_log_capacity(64, -1.0, 0.3), Error);
  EXPECT_THROW(random_energy_log_capacity(64, 1.0, std::nan("")), Error);
}

TEST(CapacityTheory, RandomEnergyEstimateMatchesSampledScoresInTheAnnealedPhase) {
  // d = 64, β = 0.1, σ = 0.3 (annealed): at p* the log-sum-exp of p* independent N(0, β² v) scores, sampled,
  // is β d − ln 10 (its mean over draws, up to the rounding of p* and a fluctuation of ~0.01).
  const double d = 64, beta = 0.1, noise = 0.3;
  const double log_p = random_energy_log_capacity(64, beta, noise);
  const auto p = static_cast<Index>(std::llround(std::exp(log_p)));
  ASSERT_GT(p, 20);
  const double sd = beta * std::sqrt(d * (1 + noise * noise));
  Rng rng(11);
  double mean = 0;
  const int draws = 4000;
  for (int k = 0; k < draws; ++k) {
    double sum = 0;
    for (Index i = 0; i < p; ++i) sum += std::exp(sd * rng.normal());
    mean += std::log(sum) / draws;
  }
  EXPECT_NEAR(mean, beta * d - std::log(10.0), 0.05);
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
