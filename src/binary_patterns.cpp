#include "hopfield/binary_patterns.hpp"

#include <cmath>

#include "hopfield/error.hpp"
#include "hopfield/random.hpp"

namespace hopfield {

BinaryPatterns::BinaryPatterns(Index dimension, Index count) : dimension_(dimension), count_(count) {
  require(dimension > 0, "BinaryPatterns: dimension must be positive, got ", dimension);
  require(count >= 0, "BinaryPatterns: pattern count must be non-negative, got ", count);
  words_.assign(static_cast<std::size_t>(count * words_per_pattern()), 0);
}

BinaryPatterns BinaryPatterns::from_matrix(const Matrix& patterns) {
  BinaryPatterns result(patterns.rows(), patterns.cols());
  for (Index mu = 0; mu < patterns.cols(); ++mu)
    for (Index i = 0; i < patterns.rows(); ++i) result.set(i, mu, patterns(i, mu));
  return result;
}

void BinaryPatterns::set(Index i, Index mu, double value) {
  require(i >= 0 && i < dimension_ && mu >= 0 && mu < count_, "BinaryPatterns::set: entry (", i, ", ", mu,
          ") is outside ", dimension_, " x ", count_);
  require(value == 1.0 || value == -1.0, "BinaryPatterns: entries must be +1 or -1, found ", value,
          " at row ", i, ", column ", mu);
  std::uint64_t& target = mutable_pattern_words(mu)[i / 64];
  const std::uint64_t bit = std::uint64_t{1} << (i % 64);
  target = value < 0.0 ? (target | bit) : (target & ~bit);
}

Matrix BinaryPatterns::columns(Index first, Index count) const {
  require(first >= 0 && count >= 0 && first + count <= count_, "BinaryPatterns::columns: patterns ", first,
          " … ", first + count - 1, " of ", count_);
  Matrix result(dimension_, count);
  for (Index k = 0; k < count; ++k)
    for (Index i = 0; i < dimension_; ++i) result(i, k) = at(i, first + k);
  return result;
}

BinaryPatterns random_binary_bits(Index n, Index p, std::uint64_t seed, double bias) {
  require(n > 0, "random_binary_bits: dimension must be positive, got ", n);
  require(p >= 0, "random_binary_bits: pattern count must be non-negative, got ", p);
  require(std::isfinite(bias) && std::abs(bias) < 1.0, "random_binary_bits: bias must lie in (-1, 1), got ",
          bias);
  BinaryPatterns patterns(n, p);
  // The draws of random_binary_patterns: column k from Rng(derive_seed(seed, k)), entry i −1 unless
  // uniform() < (1 + bias) / 2.
  // uniform() is (x >> 11) 2⁻⁵³ for the 64 random bits x, so uniform() < q exactly when the integer x >> 11
  // is below ⌈q 2⁵³⌉ (q 2⁵³ is exact in double): the same test without a conversion per entry.
  const auto below = static_cast<std::uint64_t>(std::ceil(std::ldexp(0.5 * (1.0 + bias), 53)));
  for (Index k = 0; k < p; ++k) {
    Rng rng(derive_seed(seed, static_cast<std::uint64_t>(k)));
    std::uint64_t* words = patterns.mutable_pattern_words(k);
    for (Index w = 0; w * 64 < n; ++w) {
      std::uint64_t bits = 0;
      const Index end = std::min<Index>(64, n - w * 64);
      for (Index r = 0; r < end; ++r)
        bits |= static_cast<std::uint64_t>((rng.next_u64() >> 11) >= below) << r;
      words[w] = bits;
    }
  }
  return patterns;
}

}  // namespace hopfield
