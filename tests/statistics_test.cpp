#include "hopfield/statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "hopfield/error.hpp"

namespace hopfield {
namespace {

TEST(Statistics, StudentQuantiles) {
  EXPECT_NEAR(student_t_975(1), 12.7062, 1e-4);
  EXPECT_NEAR(student_t_975(10), 2.2281, 1e-4);
  EXPECT_NEAR(student_t_975(60), 2.0003, 2e-4);   // tables: 2.0003
  EXPECT_NEAR(student_t_975(120), 1.9799, 2e-4);  // tables: 1.9799
  EXPECT_THROW(student_t_975(0), Error);
}

TEST(Statistics, MeanInterval) {
  const std::vector<double> samples = {1.0, 2.0, 3.0, 4.0, 5.0};
  const Estimate estimate = mean_with_interval(samples);
  EXPECT_DOUBLE_EQ(estimate.mean, 3.0);
  // s = sqrt(2.5), half-width = t(4) s / sqrt(5) = 2.7764 * 0.70711.
  EXPECT_NEAR(estimate.high - estimate.mean, 2.7764 * std::sqrt(2.5 / 5.0), 1e-4);
  EXPECT_NEAR(estimate.standard_deviation, std::sqrt(2.5), 1e-12);
  EXPECT_THROW(mean_with_interval(std::vector<double>{}), Error);
}

TEST(Statistics, WilsonInterval) {
  // 97 of 100: Wilson 95 % interval (0.9155, 0.9897).
  const Estimate estimate = proportion_with_interval(97, 100);
  EXPECT_DOUBLE_EQ(estimate.mean, 0.97);
  EXPECT_NEAR(estimate.low, 0.9155, 1e-4);
  EXPECT_NEAR(estimate.high, 0.9897, 1e-4);
  const Estimate none = proportion_with_interval(0, 50);
  EXPECT_DOUBLE_EQ(none.low, 0.0);
  EXPECT_NEAR(none.high, 0.0713, 1e-4);
  EXPECT_THROW(proportion_with_interval(5, 4), Error);
}

}  // namespace
}  // namespace hopfield
