// Summary statistics for repeated trials: means with Student-t confidence intervals, and Wilson score
// intervals for proportions (fractions of successful recalls).
#pragma once

#include <cstdint>
#include <span>

namespace hopfield {

struct Estimate {
  double mean = 0.0;
  double low = 0.0;   ///< lower end of the confidence interval
  double high = 0.0;  ///< upper end
  double standard_deviation =
      0.0;  ///< of the samples (n − 1 denominator); of a Bernoulli trial for proportions
  std::int64_t count = 0;
};

/// Mean of `samples` with a two-sided 95 % Student-t interval (low = high = mean for one sample).
Estimate mean_with_interval(std::span<const double> samples);

/// `successes` out of `trials` with a 95 % Wilson score interval.
Estimate proportion_with_interval(std::int64_t successes, std::int64_t trials);

/// The 97.5 % quantile of Student's t distribution with `degrees_of_freedom` ≥ 1.
double student_t_975(std::int64_t degrees_of_freedom);

}  // namespace hopfield
