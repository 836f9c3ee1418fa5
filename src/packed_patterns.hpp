// ±1 patterns packed as bits, and the two integer kernels of the packed Hebb recall (library-internal).
//
// A set bit stands for −1, a clear bit for +1. Two layouts:
//
// * rows (neuron-major, for the O(p) field of unit i): the p bits of neuron i in blocks of 256 patterns, each
//   block sixteen 16-bit words; pattern μ = 256 b + 16 k + l is bit 15 − k of word l of block b. A 256-bit
//   register then holds one block, and shifting every word left by k puts the bits of patterns
//   256 b + 16 k … 256 b + 16 k + 15 — sixteen contiguous overlaps — in the sign bits of its sixteen lanes.
// * columns (pattern-major, for the starting overlaps): the N bits of pattern μ in ⌈N/64⌉ words, neuron
//   j = 64 w + r at bit r of word w, so the overlap with a ±1 state v is N − 2 popcount(ξ_μ XOR v).
//
// Overlaps are 16-bit integers (|m_μ| ≤ N ≤ 32767), sums 32-bit (|Σ_μ ξ_μ m_μ| ≤ N p < 2³¹): every field is
// an exact integer, the same number the double-precision paths compute.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <vector>

#include "hopfield/types.hpp"

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace hopfield::packed {

inline constexpr Index block_patterns = 256;
inline constexpr Index words_per_block = 16;

/// Largest N whose overlaps fit in 16 bits, and largest N p whose sums fit in 32.
inline constexpr Index max_neurons = std::numeric_limits<std::int16_t>::max();
inline constexpr Index max_neurons_times_patterns = std::numeric_limits<std::int32_t>::max();

inline Index blocks_for(Index patterns) {
  return (patterns + block_patterns - 1) / block_patterns;
}
inline Index words_for(Index neurons) {
  return (neurons + 63) / 64;
}
/// How many of the 16 planes (groups of 16 patterns) of the last block hold patterns.
inline int last_block_planes(Index patterns) {
  return static_cast<int>((patterns - (blocks_for(patterns) - 1) * block_patterns + 15) / 16);
}

/// Rows layout of N x p ±1 patterns: N * blocks_for(p) * 16 words.
inline std::vector<std::uint16_t> pack_rows(const Matrix& patterns) {
  const Index n = patterns.rows(), p = patterns.cols(), blocks = blocks_for(p);
  std::vector<std::uint16_t> rows(static_cast<std::size_t>(n * blocks * words_per_block), 0);
  // Tiles of neurons, so that the columns are read and the rows written within cache.
  constexpr Index tile = 256;
  for (Index first = 0; first < n; first += tile) {
    const Index last = std::min(n, first + tile);
    for (Index mu = 0; mu < p; ++mu) {
      const Index block = mu / block_patterns, plane = (mu % block_patterns) / 16, lane = mu % 16;
      const double* column = patterns.col(mu).data();
      std::uint16_t* word = rows.data() + block * words_per_block + lane;
      for (Index i = first; i < last; ++i) {
        word[i * blocks * words_per_block] |=
            static_cast<std::uint16_t>(static_cast<unsigned>(column[i] < 0.0) << (15 - plane));
      }
    }
  }
  return rows;
}

/// Bits of one ±1 vector of length n (set for −1) into words_for(n) words.
inline void pack_state(const double* state, Index n, std::uint64_t* words) {
  for (Index w = 0; w < words_for(n); ++w) words[w] = 0;
  for (Index j = 0; j < n; ++j) words[j / 64] |= static_cast<std::uint64_t>(state[j] < 0.0) << (j % 64);
}

/// Columns layout of N x p ±1 patterns: p * words_for(N) words.
inline std::vector<std::uint64_t> pack_columns(const Matrix& patterns) {
  const Index n = patterns.rows(), words = words_for(n);
  std::vector<std::uint64_t> columns(static_cast<std::size_t>(patterns.cols() * words));
  for (Index mu = 0; mu < patterns.cols(); ++mu)
    pack_state(patterns.col(mu).data(), n, columns.data() + mu * words);
  return columns;
}

/// Overlap N − 2 popcount(a XOR b) of two packed ±1 vectors of length n.
inline std::int32_t overlap(const std::uint64_t* a, const std::uint64_t* b, Index n) {
  std::int64_t differ = 0;
  for (Index w = 0; w < words_for(n); ++w) differ += std::popcount(a[w] ^ b[w]);
  return static_cast<std::int32_t>(n - 2 * differ);
}

/// Σ of overlaps[μ] over the patterns μ whose bit is set in `row` (one neuron's row: blocks * 16 words).
/// Overlaps hold blocks * 256 entries; entries of patterns ≥ p may hold anything: their bits are clear, so
/// they are multiplied by zero. Every block, the last one too, is a full unrolled pass of 16 planes, so that
/// the four accumulators stay in registers.
inline std::int64_t sum_where_set(const std::uint16_t* row, const std::int16_t* overlaps, Index blocks) {
#if defined(__AVX2__)
  const __m256i zero = _mm256_setzero_si256();
  __m256i sums[4] = {zero, zero, zero, zero};
  for (Index b = 0; b < blocks; ++b) {
    __m256i bits = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + b * words_per_block));
    const std::int16_t* m = overlaps + b * block_patterns;
    // Plane k: the sign bits of `bits` (shifted left k times) mark the set patterns; all-ones lanes there, so
    // that the pairwise product with the overlaps adds −m_μ for exactly those patterns.
#pragma GCC unroll 16
    for (int k = 0; k < 16; ++k) {
      const __m256i mask = _mm256_cmpgt_epi16(zero, bits);
      bits = _mm256_add_epi16(bits, bits);
      const __m256i products =
          _mm256_madd_epi16(mask, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(m + 16 * k)));
      sums[k % 4] = _mm256_add_epi32(sums[k % 4], products);
    }
  }
  const __m256i sum =
      _mm256_add_epi32(_mm256_add_epi32(sums[0], sums[1]), _mm256_add_epi32(sums[2], sums[3]));
  __m128i half = _mm_add_epi32(_mm256_castsi256_si128(sum), _mm256_extracti128_si256(sum, 1));
  half = _mm_add_epi32(half, _mm_shuffle_epi32(half, 0x4e));
  half = _mm_add_epi32(half, _mm_shuffle_epi32(half, 0xb1));
  return -static_cast<std::int64_t>(_mm_cvtsi128_si32(half));
#else
  std::int64_t sum = 0;
  for (Index b = 0; b < blocks; ++b) {
    for (int k = 0; k < 16; ++k) {
      for (Index lane = 0; lane < 16; ++lane) {
        if ((row[b * words_per_block + lane] >> (15 - k)) & 1u)
          sum += overlaps[b * block_patterns + 16 * k + lane];
      }
    }
  }
  return sum;
#endif
}

/// overlaps[μ] += ξ_μ delta for every pattern of `row` (−delta where the bit is set, +delta where clear).
/// Entries of patterns ≥ p in the last planes change too; they are never read.
inline void add_signed(const std::uint16_t* row, std::int16_t* overlaps, std::int16_t delta, Index blocks,
                       int last_planes) {
#if defined(__AVX2__)
  const __m256i plus = _mm256_set1_epi16(delta);
  for (Index b = 0; b < blocks; ++b) {
    __m256i bits = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + b * words_per_block));
    std::int16_t* m = overlaps + b * block_patterns;
    const int planes = b + 1 < blocks ? 16 : last_planes;
    for (int k = 0; k < planes; ++k) {
      const __m256i mask = _mm256_srai_epi16(bits, 15);
      bits = _mm256_slli_epi16(bits, 1);
      // (delta XOR mask) − mask is −delta in the set lanes (two's complement), delta elsewhere.
      const __m256i step = _mm256_sub_epi16(_mm256_xor_si256(plus, mask), mask);
      auto* target = reinterpret_cast<__m256i*>(m + 16 * k);
      _mm256_storeu_si256(target, _mm256_add_epi16(_mm256_loadu_si256(target), step));
    }
  }
#else
  for (Index b = 0; b < blocks; ++b) {
    const int planes = b + 1 < blocks ? 16 : last_planes;
    for (int k = 0; k < planes; ++k) {
      for (Index lane = 0; lane < 16; ++lane) {
        const bool set = (row[b * words_per_block + lane] >> (15 - k)) & 1u;
        std::int16_t& m = overlaps[b * block_patterns + 16 * k + lane];
        m = static_cast<std::int16_t>(m + (set ? -delta : delta));
      }
    }
  }
#endif
}

}  // namespace hopfield::packed
