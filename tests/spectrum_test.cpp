#include "hopfield/spectrum.hpp"

#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <algorithm>
#include <cmath>

#include "hopfield/classical.hpp"
#include "hopfield/error.hpp"
#include "hopfield/patterns.hpp"

namespace hopfield {
namespace {

TEST(Spectrum, HebbEigenvaluesEqualGramEigenvaluesMinusDiagonalTerm) {
  // W = (1/N) X Xᵀ − (p/N) I for ±1 patterns. Its p top eigenvalues are those of XᵀX / N, shifted by −p/N;
  // the other N − p are −p/N. The Gram path is computed here directly, without the library.
  const Index n = 60, p = 7;
  const Matrix patterns = random_binary_patterns(n, p, 11, 0.4);
  const Spectrum spectrum = symmetric_spectrum(hebb_weights(patterns));
  ASSERT_EQ(spectrum.eigenvalues.size(), n);
  const Eigen::SelfAdjointEigenSolver<Matrix> gram(patterns.transpose() * patterns / static_cast<double>(n));
  std::vector<double> expected(gram.eigenvalues().data(), gram.eigenvalues().data() + p);
  std::sort(expected.rbegin(), expected.rend());
  const double shift = static_cast<double>(p) / static_cast<double>(n);
  for (Index j = 0; j < p; ++j)
    EXPECT_NEAR(spectrum.eigenvalues[j], expected[static_cast<std::size_t>(j)] - shift, 1e-10);
  for (Index j = p; j < n; ++j) EXPECT_NEAR(spectrum.eigenvalues[j], -shift, 1e-10);
  for (Index j = 1; j < n; ++j) EXPECT_GE(spectrum.eigenvalues[j - 1], spectrum.eigenvalues[j]);
  // Eigenvectors: W v = λ v, unit length.
  const Matrix w = hebb_weights(patterns);
  for (Index j = 0; j < 3; ++j) {
    EXPECT_NEAR(spectrum.eigenvectors.col(j).norm(), 1.0, 1e-12);
    EXPECT_LT(
        (w * spectrum.eigenvectors.col(j) - spectrum.eigenvalues[j] * spectrum.eigenvectors.col(j)).norm(),
        1e-10);
  }
}

TEST(Spectrum, PatternSpacePathMatchesFullSolver) {
  const Index n = 50, p = 6;
  const Matrix patterns = random_binary_patterns(n, p, 5, 0.3);
  const Spectrum full = symmetric_spectrum(hebb_weights(patterns), {.top = p, .eigenvectors = true});
  const Spectrum reduced = pattern_space_spectrum(patterns, Matrix::Identity(p, p) / static_cast<double>(n),
                                                  -static_cast<double>(p) / static_cast<double>(n));
  ASSERT_EQ(full.eigenvalues.size(), p);
  for (Index j = 0; j < p; ++j) {
    EXPECT_NEAR(full.eigenvalues[j], reduced.eigenvalues[j], 1e-10);
    // Same eigenvector up to sign (the sign convention makes them equal).
    EXPECT_NEAR(std::abs(full.eigenvectors.col(j).dot(reduced.eigenvectors.col(j))), 1.0, 1e-8);
  }
}

TEST(Spectrum, PseudoinverseHasEigenvalueOneOnTheSpan) {
  const Index n = 40, p = 9;
  const Matrix patterns = random_binary_patterns(n, p, 3, 0.5);
  const Spectrum spectrum =
      symmetric_spectrum(pseudoinverse_weights(patterns), {.top = 0, .eigenvectors = false});
  EXPECT_EQ(count_eigenvalues_near(spectrum, 1.0, 1e-9), p);
  EXPECT_EQ(count_eigenvalues_near(spectrum, 0.0, 1e-9), n - p);
  EXPECT_EQ(spectrum.eigenvectors.size(), 0);
  const Matrix gram = patterns.transpose() * patterns;
  const Spectrum reduced = pattern_space_spectrum(patterns, gram.inverse());
  for (Index j = 0; j < p; ++j) EXPECT_NEAR(reduced.eigenvalues[j], 1.0, 1e-10);
}

TEST(Spectrum, TopEigenvectorOfBiasedHebbIsTheMeanPattern) {
  // Strongly biased patterns: the top eigenvector aligns with the mean pattern.
  const Matrix patterns = random_binary_patterns(400, 10, 21, -0.7);
  const Spectrum spectrum = symmetric_spectrum(hebb_weights(patterns), {.top = 2, .eigenvectors = true});
  const Vector mean = mean_pattern(patterns);
  EXPECT_GT(eigenvector_alignment(spectrum, 0, mean), 0.99);
  EXPECT_LT(eigenvector_alignment(spectrum, 1, mean), 0.2);
  EXPECT_GT(spectrum.eigenvalues[0] / spectrum.eigenvalues[1], 4.0);
}

TEST(Spectrum, RejectsBadInput) {
  EXPECT_THROW(symmetric_spectrum(Matrix(2, 3)), Error);
  Matrix asymmetric = Matrix::Identity(3, 3);
  asymmetric(0, 1) = 1.0;
  EXPECT_THROW(symmetric_spectrum(asymmetric), Error);
  Matrix nan = Matrix::Identity(2, 2);
  nan(0, 0) = std::nan("");
  EXPECT_THROW(symmetric_spectrum(nan), Error);
  EXPECT_THROW(symmetric_spectrum(Matrix::Identity(3, 3), {.top = 4, .eigenvectors = false}), Error);
  EXPECT_THROW(pattern_space_spectrum(Matrix::Ones(4, 2), Matrix::Identity(2, 2)), Error);  // dependent
}

}  // namespace
}  // namespace hopfield
