// Corruption of probes. Column k of the output uses Rng(derive_seed(seed, k)).
#pragma once

#include <cstdint>

#include "hopfield/types.hpp"

namespace hopfield {

/// Flips exactly `flips` distinct entries (±1 → ∓1) of every column; 0 ≤ flips ≤ rows.
Matrix flip_exactly(const Matrix& states, Index flips, std::uint64_t seed);

/// Flips every entry independently with probability `probability` ∈ [0, 1].
Matrix flip_with_probability(const Matrix& states, double probability, std::uint64_t seed);

/// Adds Gaussian noise of standard deviation relative_std · rms(column) to every column, where rms is the
/// column's root mean square (for N(0,1) patterns rms ≈ 1, so 0.3 means noise of std ≈ 0.3).
Matrix add_gaussian_noise(const Matrix& patterns, double relative_std, std::uint64_t seed);

/// A rectangular block of an image pattern (stored row-major, `width` pixels a row), set to `fill`.
struct Occlusion {
  Index top = 0;
  Index left = 0;
  Index height = 0;
  Index width = 0;
  double fill = -1.0;
};

/// Sets the block `block` of every column (an image of `image_width` columns) to block.fill.
Matrix occlude(const Matrix& images, Index image_width, const Occlusion& block);

}  // namespace hopfield
