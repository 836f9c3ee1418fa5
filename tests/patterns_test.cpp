#include "hopfield/patterns.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "hopfield/corruption.hpp"
#include "hopfield/error.hpp"
#include "hopfield/measures.hpp"

namespace hopfield {
namespace {

TEST(Patterns, BinaryEntriesAndBalance) {
  const Matrix patterns = random_binary_patterns(1000, 20, 1);
  EXPECT_NO_THROW(require_binary(patterns, "patterns"));
  // Mean of 20 000 ±1 entries: standard error 0.007.
  EXPECT_NEAR(patterns.mean(), 0.0, 0.03);
  const Matrix biased = random_binary_patterns(1000, 20, 1, -0.6);
  EXPECT_NEAR(biased.mean(), -0.6, 0.03);
}

TEST(Patterns, ColumnsDoNotDependOnHowManyAreDrawn) {
  const Matrix few = random_binary_patterns(50, 3, 11);
  const Matrix many = random_binary_patterns(50, 10, 11);
  EXPECT_EQ(few, many.leftCols(3));
}

TEST(Patterns, GaussianMoments) {
  const Matrix patterns = gaussian_patterns(500, 40, 2);
  const double mean = patterns.mean();
  const double variance = (patterns.array() - mean).square().mean();
  EXPECT_NEAR(mean, 0.0, 0.03);
  EXPECT_NEAR(variance, 1.0, 0.03);
}

TEST(Patterns, CentringRemovesTheMean) {
  const Matrix patterns = random_binary_patterns(30, 8, 3, 0.5);
  const Matrix centred = centre_patterns(patterns);
  EXPECT_LT(centred.rowwise().mean().cwiseAbs().maxCoeff(), 1e-15);
  EXPECT_LT((centred.col(2) - (patterns.col(2) - mean_pattern(patterns))).norm(), 1e-15);
}

TEST(Patterns, ChecksNameTheProblem) {
  Matrix states = Matrix::Ones(4, 2);
  states(2, 1) = 0.5;
  try {
    require_binary(states, "probes");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("probes"), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("0.5"), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("row 2"), std::string::npos);
  }
  states(2, 1) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(require_finite(states, "x"), Error);
  EXPECT_THROW(random_binary_patterns(0, 3, 1), Error);
  EXPECT_THROW(random_binary_patterns(3, 3, 1, 1.0), Error);
}

TEST(Corruption, FlipExactlyFlipsExactlyK) {
  const Matrix patterns = random_binary_patterns(100, 7, 4);
  const Matrix probes = flip_exactly(patterns, 25, 5);
  for (Index k = 0; k < 7; ++k) EXPECT_EQ(hamming_distance(patterns.col(k), probes.col(k)), 25);
  EXPECT_EQ(flip_exactly(patterns, 0, 5), patterns);
  EXPECT_EQ(flip_exactly(patterns, 100, 5), -patterns);
  EXPECT_THROW(flip_exactly(patterns, 101, 5), Error);
  EXPECT_THROW(flip_exactly(patterns, -1, 5), Error);
}

TEST(Corruption, FlipWithProbability) {
  const Matrix patterns = random_binary_patterns(2000, 10, 6);
  const Matrix probes = flip_with_probability(patterns, 0.1, 7);
  const double fraction = static_cast<double>((patterns.array() != probes.array()).count()) / 20000.0;
  EXPECT_NEAR(fraction, 0.1, 0.01);  // standard error 0.002
  EXPECT_THROW(flip_with_probability(patterns, -0.1, 7), Error);
  EXPECT_THROW(flip_with_probability(patterns, 1.5, 7), Error);
}

TEST(Corruption, GaussianNoiseHasTheRelativeStd) {
  const Matrix patterns = 3.0 * gaussian_patterns(4000, 5, 8);
  const Matrix noisy = add_gaussian_noise(patterns, 0.3, 9);
  for (Index k = 0; k < 5; ++k) {
    const double rms = patterns.col(k).norm() / std::sqrt(4000.0);
    const double noise_rms = (noisy.col(k) - patterns.col(k)).norm() / std::sqrt(4000.0);
    EXPECT_NEAR(noise_rms / rms, 0.3, 0.01);
  }
  EXPECT_THROW(add_gaussian_noise(patterns, -0.3, 9), Error);
  EXPECT_THROW(add_gaussian_noise(patterns, std::nan(""), 9), Error);
}

TEST(Corruption, OcclusionSetsTheBlock) {
  const Matrix images = Matrix::Ones(12, 2);  // 3 x 4 images
  const Matrix occluded = occlude(images, 4, {.top = 1, .left = 1, .height = 2, .width = 2, .fill = -1.0});
  EXPECT_EQ((occluded.array() == -1.0).count(), 8);
  EXPECT_EQ(occluded(1 * 4 + 1, 0), -1.0);
  EXPECT_EQ(occluded(2 * 4 + 2, 1), -1.0);
  EXPECT_EQ(occluded(0, 0), 1.0);
  EXPECT_THROW(occlude(images, 5, {}), Error);
  EXPECT_THROW(occlude(images, 4, {.top = 2, .left = 0, .height = 2, .width = 1, .fill = -1.0}), Error);
}

TEST(Measures, AgreeWithDefinitions) {
  Vector a(4), b(4);
  a << 1, -1, 1, 1;
  b << 1, 1, 1, -1;
  EXPECT_DOUBLE_EQ(overlap(a, b), 0.0);
  EXPECT_EQ(hamming_distance(a, b), 2);
  EXPECT_DOUBLE_EQ(bit_accuracy(a, b), 0.5);
  EXPECT_DOUBLE_EQ(overlap(a, a), 1.0);
  EXPECT_DOUBLE_EQ(overlap(a, -a), -1.0);
  Vector c(2), d(2);
  c << 3, 4;
  d << 4, 3;
  EXPECT_DOUBLE_EQ(cosine_similarity(c, d), 24.0 / 25.0);
  EXPECT_DOUBLE_EQ(cosine_similarity(c, Vector::Zero(2)), 0.0);
  EXPECT_THROW(overlap(a, c), Error);
}

}  // namespace
}  // namespace hopfield
