#include "hopfield/capacity_theory.hpp"

#include <cmath>
#include <numbers>

#include "hopfield/error.hpp"

namespace hopfield {
namespace {

// erf(y)/y − (2/√π) e^(−y²): the retrieval state solves retrieval_gain(y) = √(2α).
double retrieval_gain(double y) {
  return std::erf(y) / y - 2.0 / std::sqrt(std::numbers::pi) * std::exp(-y * y);
}

// retrieval_gain rises from 0 (y → 0) to one maximum and falls back to 0 (y → ∞); where the maximum lies,
// by golden-section search.
double peak_of_gain() {
  double lo = 0.05, hi = 10.0;
  const double ratio = (std::sqrt(5.0) - 1.0) / 2.0;
  for (int k = 0; k < 200; ++k) {
    const double a = hi - ratio * (hi - lo), b = lo + ratio * (hi - lo);
    if (retrieval_gain(a) < retrieval_gain(b)) {
      lo = a;
    } else {
      hi = b;
    }
  }
  return (lo + hi) / 2.0;
}

}  // namespace

double ags_critical_capacity() {
  const double gain = retrieval_gain(peak_of_gain());
  return gain * gain / 2.0;
}

double ags_retrieval_overlap(double alpha) {
  require(std::isfinite(alpha) && alpha >= 0.0, "ags_retrieval_overlap: alpha = ", alpha,
          ", expected a finite number >= 0");
  if (alpha == 0.0) return 1.0;
  const double peak = peak_of_gain();
  const double target = std::sqrt(2.0 * alpha);
  if (retrieval_gain(peak) < target) return 0.0;
  // The largest root lies where the gain falls through the target, between the peak and a y far out.
  double lo = peak, hi = 50.0;
  for (int k = 0; k < 200; ++k) {
    const double mid = (lo + hi) / 2.0;
    if (retrieval_gain(mid) >= target) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return std::erf((lo + hi) / 2.0);
}

double krotov_hopfield_capacity(Index neurons, int power) {
  require(neurons >= 2, "krotov_hopfield_capacity: neurons = ", neurons, ", expected at least 2");
  require(power >= 2, "krotov_hopfield_capacity: power = ", power, ", expected at least 2");
  double double_factorial = 1.0;  // (2n − 3)!!
  for (int k = 2 * power - 3; k > 1; k -= 2) double_factorial *= k;
  const auto n = static_cast<double>(neurons);
  return std::pow(n, power - 1) / (2.0 * double_factorial * std::log(n));
}

double random_energy_log_capacity(Index dimension, double beta, double noise) {
  require(dimension >= 1, "random_energy_log_capacity: dimension = ", dimension, ", expected at least 1");
  require(std::isfinite(beta) && beta >= 0.0, "random_energy_log_capacity: beta = ", beta,
          ", expected a finite number >= 0");
  require(std::isfinite(noise) && noise >= 0.0, "random_energy_log_capacity: noise = ", noise,
          ", expected a finite number >= 0");
  const auto d = static_cast<double>(dimension);
  const double spread = beta * beta * d * (1.0 + noise * noise);  // β² v, the variance of another score
  const double target = beta * d - std::log(10.0);
  if (target <= 0.0) return 0.0;
  // The annealed and the frozen branch meet at ln p = β² v / 2, where f = β² v.
  if (target >= spread) return target - spread / 2.0;
  return target * target / (2.0 * spread);
}

}  // namespace hopfield
