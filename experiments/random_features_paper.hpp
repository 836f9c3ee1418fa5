// random-features-paper: the protocol of Kalaj, Lauditi, Perugini, Lucibello, Malatesta & Negri (2024),
// "Random Features Hopfield Networks generalize retrieval to previously unseen examples", and our numbers
// beside theirs. The pieces a test checks on their own are declared here.
#pragma once

#include <vector>

#include "hopfield/types.hpp"

namespace hopfield::experiments::paper_protocol {

/// ξ = sign(F c) for every column c of `coefficients` (D x count), with sign(0) = +1 (the paper's rule;
/// a zero sum needs an even number of non-zero coefficients).
Matrix mixtures(const Matrix& feature_matrix, const Matrix& coefficients);

/// m = (1/N) s_final · s_start.
double final_overlap(const Vector& final_state, const Vector& start);

/// α = 10^(k / steps_per_decade) for k = first … last (the paper's grid: steps_per_decade = 20).
std::vector<double> alpha_grid(int first_exponent, int last_exponent, int steps_per_decade);

/// Ours beside one published mean. Ours: the mean over samples of each sample's mean over its probes. The
/// published mean averages `paper_samples` runs of one probe each, so its own noise is σ₁ / √paper_samples,
/// σ₁ being the spread of one probe's m, estimated from all our single-probe values. They agree when
/// |ours − paper| ≤ 2 √(se_ours² + σ₁² / paper_samples) + reading tolerance.
struct Comparison {
  double ours = 0.0;
  double sample_sd = 0.0;   ///< standard deviation of the per-sample means (n − 1)
  double single_sd = 0.0;   ///< σ₁, standard deviation of single-probe values (n − 1)
  double difference = 0.0;  ///< ours − paper
  double allowed = 0.0;
  bool agrees = false;
};
Comparison compare_with_paper(const std::vector<double>& sample_means,
                              const std::vector<double>& single_values, double paper, Index paper_samples,
                              double reading_tolerance);

}  // namespace hopfield::experiments::paper_protocol
