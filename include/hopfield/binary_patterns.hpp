// ±1 patterns stored as bits: a set bit is −1. N x p patterns take N p / 8 bytes instead of 8 N p, so that
// large random pattern sets (N = 10 000, p = 2000: 2.5 MB rather than 160 MB) are drawn, stored and handed to
// ClassicalHopfield::hebb without a double matrix.
#pragma once

#include <cstdint>
#include <vector>

#include "hopfield/types.hpp"

namespace hopfield {

class BinaryPatterns {
 public:
  /// `count` patterns of dimension `dimension`, every entry +1.
  BinaryPatterns(Index dimension, Index count);
  /// The patterns of a matrix whose entries are all +1 or −1 (throws hopfield::Error otherwise).
  static BinaryPatterns from_matrix(const Matrix& patterns);

  Index dimension() const { return dimension_; }
  Index count() const { return count_; }
  /// Entry i of pattern mu, ±1.
  double at(Index i, Index mu) const { return (word(mu, i / 64) >> (i % 64)) & 1u ? -1.0 : 1.0; }
  void set(Index i, Index mu, double value);
  /// Patterns first … first + count − 1 as ±1 columns.
  Matrix columns(Index first, Index count) const;
  /// Every pattern as a ±1 matrix (dimension x count).
  Matrix to_matrix() const { return columns(0, count_); }

  /// The bits of pattern mu: words_per_pattern() words, entry i at bit i % 64 of word i / 64, padding clear.
  const std::uint64_t* pattern_words(Index mu) const { return words_.data() + mu * words_per_pattern(); }
  Index words_per_pattern() const { return (dimension_ + 63) / 64; }

 private:
  std::uint64_t word(Index mu, Index w) const {
    return words_[static_cast<std::size_t>(mu * words_per_pattern() + w)];
  }
  std::uint64_t* mutable_pattern_words(Index mu) { return words_.data() + mu * words_per_pattern(); }
  friend BinaryPatterns random_binary_bits(Index, Index, std::uint64_t, double);

  Index dimension_ = 0;
  Index count_ = 0;
  std::vector<std::uint64_t> words_;
};

/// The patterns of random_binary_patterns(n, p, seed, bias), entry for entry, drawn straight into bits.
BinaryPatterns random_binary_bits(Index n, Index p, std::uint64_t seed, double bias = 0.0);

}  // namespace hopfield
