#include "hopfield/statistics.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "hopfield/error.hpp"

namespace hopfield {

double student_t_975(std::int64_t degrees_of_freedom) {
  require(degrees_of_freedom >= 1, "student_t_975: degrees of freedom must be >= 1, got ",
          degrees_of_freedom);
  // Tabulated quantiles for 1 … 30 degrees of freedom; beyond, the Cornish–Fisher expansion around the
  // normal quantile (error < 1e-4 for df > 30).
  static constexpr std::array<double, 30> table = {
      12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
      2.2010,  2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
      2.0796,  2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
  if (degrees_of_freedom <= 30) return table[static_cast<std::size_t>(degrees_of_freedom - 1)];
  const double z = 1.959963984540054;
  const double n = static_cast<double>(degrees_of_freedom);
  const double z3 = z * z * z;
  const double z5 = z3 * z * z;
  return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n);
}

Estimate mean_with_interval(std::span<const double> samples) {
  require(!samples.empty(), "mean_with_interval: no samples");
  Estimate estimate;
  estimate.count = static_cast<std::int64_t>(samples.size());
  double sum = 0.0;
  for (const double x : samples) sum += x;
  estimate.mean = sum / static_cast<double>(samples.size());
  if (samples.size() < 2) {
    estimate.low = estimate.high = estimate.mean;
    return estimate;
  }
  double squares = 0.0;
  for (const double x : samples) squares += (x - estimate.mean) * (x - estimate.mean);
  const double variance = squares / static_cast<double>(samples.size() - 1);
  estimate.standard_deviation = std::sqrt(variance);
  const double half_width =
      student_t_975(estimate.count - 1) * std::sqrt(variance / static_cast<double>(samples.size()));
  estimate.low = estimate.mean - half_width;
  estimate.high = estimate.mean + half_width;
  return estimate;
}

Estimate proportion_with_interval(std::int64_t successes, std::int64_t trials) {
  require(trials > 0 && successes >= 0 && successes <= trials, "proportion_with_interval: ", successes,
          " successes out of ", trials, " trials");
  const double z = 1.959963984540054;
  const double n = static_cast<double>(trials);
  const double phat = static_cast<double>(successes) / n;
  const double denominator = 1.0 + z * z / n;
  const double centre = (phat + z * z / (2 * n)) / denominator;
  const double half_width = z * std::sqrt(phat * (1 - phat) / n + z * z / (4 * n * n)) / denominator;
  Estimate estimate;
  estimate.mean = phat;
  estimate.standard_deviation = std::sqrt(phat * (1 - phat));
  // At 0 or n successes the interval ends exactly at 0 or 1 (the formula leaves a rounding residue).
  estimate.low = successes == 0 ? 0.0 : std::max(0.0, centre - half_width);
  estimate.high = successes == trials ? 1.0 : std::min(1.0, centre + half_width);
  estimate.count = trials;
  return estimate;
}

}  // namespace hopfield
