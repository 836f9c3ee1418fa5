#include "hopfield/patterns.hpp"

#include <cmath>

#include "hopfield/error.hpp"
#include "hopfield/random.hpp"

namespace hopfield {

Matrix random_binary_patterns(Index n, Index p, std::uint64_t seed, double bias) {
  require(n > 0, "random_binary_patterns: dimension must be positive, got ", n);
  require(p >= 0, "random_binary_patterns: pattern count must be non-negative, got ", p);
  require(std::isfinite(bias) && std::abs(bias) < 1.0,
          "random_binary_patterns: bias must lie in (-1, 1), got ", bias);
  Matrix patterns(n, p);
  // Rng::spin(bias) written out (uniform() is inline, spin is not): the same draws, several times faster.
  const double probability_plus = 0.5 * (1.0 + bias);
  for (Index k = 0; k < p; ++k) {
    Rng rng(derive_seed(seed, static_cast<std::uint64_t>(k)));
    double* column = patterns.col(k).data();
    for (Index i = 0; i < n; ++i) column[i] = rng.uniform() < probability_plus ? 1.0 : -1.0;
  }
  return patterns;
}

Matrix gaussian_patterns(Index d, Index p, std::uint64_t seed) {
  require(d > 0, "gaussian_patterns: dimension must be positive, got ", d);
  require(p >= 0, "gaussian_patterns: pattern count must be non-negative, got ", p);
  Matrix patterns(d, p);
  for (Index k = 0; k < p; ++k) {
    Rng rng(derive_seed(seed, static_cast<std::uint64_t>(k)));
    for (Index i = 0; i < d; ++i) patterns(i, k) = rng.normal();
  }
  return patterns;
}

Vector mean_pattern(const MatrixView& patterns) {
  require(patterns.cols() > 0, "mean_pattern: no patterns (0 columns)");
  return patterns.rowwise().mean();
}

Matrix centre_patterns(const MatrixView& patterns) {
  return patterns.colwise() - mean_pattern(patterns);
}

void require_binary(const MatrixView& states, std::string_view what) {
  for (Index k = 0; k < states.cols(); ++k) {
    for (Index i = 0; i < states.rows(); ++i) {
      const double value = states(i, k);
      require(value == 1.0 || value == -1.0, what, ": entries must be +1 or -1, found ", value, " at row ", i,
              ", column ", k);
    }
  }
}

void require_finite(const MatrixView& values, std::string_view what) {
  for (Index k = 0; k < values.cols(); ++k) {
    for (Index i = 0; i < values.rows(); ++i) {
      require(std::isfinite(values(i, k)), what, ": entries must be finite, found ", values(i, k), " at row ",
              i, ", column ", k);
    }
  }
}

}  // namespace hopfield
