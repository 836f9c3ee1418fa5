#include "hopfield/corruption.hpp"

#include <cmath>

#include "hopfield/error.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"

namespace hopfield {

Matrix flip_exactly(const Matrix& states, Index flips, std::uint64_t seed) {
  require(flips >= 0 && flips <= states.rows(), "flip_exactly: number of flips must lie in [0, ",
          states.rows(), "], got ", flips);
  require_binary(states, "flip_exactly: states");
  Matrix corrupted = states;
  for (Index k = 0; k < states.cols(); ++k) {
    Rng rng(derive_seed(seed, static_cast<std::uint64_t>(k)));
    for (const auto i : rng.sample_without_replacement(states.rows(), flips))
      corrupted(i, k) = -corrupted(i, k);
  }
  return corrupted;
}

Matrix flip_with_probability(const Matrix& states, double probability, std::uint64_t seed) {
  require(std::isfinite(probability) && probability >= 0.0 && probability <= 1.0,
          "flip_with_probability: probability must lie in [0, 1], got ", probability);
  require_binary(states, "flip_with_probability: states");
  Matrix corrupted = states;
  for (Index k = 0; k < states.cols(); ++k) {
    Rng rng(derive_seed(seed, static_cast<std::uint64_t>(k)));
    for (Index i = 0; i < states.rows(); ++i) {
      if (rng.bernoulli(probability)) corrupted(i, k) = -corrupted(i, k);
    }
  }
  return corrupted;
}

Matrix add_gaussian_noise(const Matrix& patterns, double relative_std, std::uint64_t seed) {
  require(std::isfinite(relative_std) && relative_std >= 0.0,
          "add_gaussian_noise: relative standard deviation must be finite and >= 0, got ", relative_std);
  require_finite(patterns, "add_gaussian_noise: patterns");
  Matrix noisy = patterns;
  for (Index k = 0; k < patterns.cols(); ++k) {
    const double rms = patterns.col(k).norm() / std::sqrt(static_cast<double>(patterns.rows()));
    const double sigma = relative_std * rms;
    Rng rng(derive_seed(seed, static_cast<std::uint64_t>(k)));
    for (Index i = 0; i < patterns.rows(); ++i) noisy(i, k) += sigma * rng.normal();
  }
  return noisy;
}

Matrix occlude(const Matrix& images, Index image_width, const Occlusion& block) {
  require(image_width > 0 && images.rows() % image_width == 0, "occlude: image width ", image_width,
          " does not divide the pattern dimension ", images.rows());
  const Index image_height = images.rows() / image_width;
  require(block.top >= 0 && block.left >= 0 && block.height >= 0 && block.width >= 0 &&
              block.top + block.height <= image_height && block.left + block.width <= image_width,
          "occlude: block (top ", block.top, ", left ", block.left, ", height ", block.height, ", width ",
          block.width, ") does not fit in a ", image_height, " x ", image_width, " image");
  Matrix occluded = images;
  for (Index k = 0; k < images.cols(); ++k) {
    for (Index r = block.top; r < block.top + block.height; ++r) {
      for (Index c = block.left; c < block.left + block.width; ++c)
        occluded(r * image_width + c, k) = block.fill;
    }
  }
  return occluded;
}

}  // namespace hopfield
