// ±1 patterns packed as bits, and the two integer kernels of the packed Hebb recall (library-internal).
//
// A set bit stands for −1, a clear bit for +1. Two layouts:
//
// * rows (neuron-major, for the O(p) field of unit i): the p bits of neuron i in blocks of 256 patterns, each
//   block sixteen 16-bit words, in pattern order: pattern μ is bit μ mod 16 of word μ / 16 (so bit μ mod 32
//   of 32-bit word μ / 32, little-endian). With AVX-512 a 32-bit word is a lane mask that selects 32
//   contiguous overlaps; with AVX2 a 16-bit word is spread over 16 lanes by one compare. Padding bits of the
//   last block are clear.
// * columns (pattern-major, for the starting overlaps): the N bits of pattern μ in ⌈N/64⌉ words, neuron
//   j = 64 w + r at bit r of word w, so the overlap with a ±1 state v is N − 2 popcount(ξ_μ XOR v).
//
// Overlaps are 16-bit integers (|m_μ| ≤ N ≤ 32767), sums 32-bit (|Σ_μ ξ_μ m_μ| ≤ N p < 2³¹): every field is
// an exact integer, the same number the double-precision paths compute.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
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
/// Whether pattern μ is −1 in a row of the rows layout.
inline bool row_bit(const std::uint16_t* row, Index mu) {
  return (row[mu / 16] >> (mu % 16)) & 1u;
}

/// Rows layout from the columns layout (p patterns of n bits, words_for(n) words each): a transpose of 64
/// neurons x 16 patterns at a time.
inline std::vector<std::uint16_t> pack_rows_from_columns(const std::uint64_t* columns, Index n, Index p) {
  const Index row_words = blocks_for(p) * words_per_block, words = words_for(n);
  std::vector<std::uint16_t> rows(static_cast<std::size_t>(n * row_words), 0);
  for (Index w = 0; w < words; ++w) {
    const Index neurons_here = std::min<Index>(64, n - 64 * w);
    for (Index first = 0; first < p; first += 16) {
      std::uint16_t out[64] = {};
      for (Index k = 0; k < std::min<Index>(16, p - first); ++k) {
        const std::uint64_t word = columns[(first + k) * words + w];
        for (Index r = 0; r < 64; ++r) out[r] |= static_cast<std::uint16_t>(((word >> r) & 1u) << k);
      }
      for (Index r = 0; r < neurons_here; ++r)
        rows[static_cast<std::size_t>((64 * w + r) * row_words + first / 16)] = out[r];
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
/// Overlaps hold blocks * 256 entries; entries of patterns ≥ p may hold anything: their bits are clear.
inline std::int64_t sum_where_set(const std::uint16_t* row, const std::int16_t* overlaps, Index blocks) {
#if defined(__AVX512BW__)
  // Per 32 patterns: the row's 32-bit word selects their overlaps (zero elsewhere), and a multiply-add with
  // ones sums adjacent pairs into 32-bit lanes. Two accumulators for two independent chains.
  const __m512i ones = _mm512_set1_epi16(1);
  const auto accumulate = [&ones](__m512i sum, __m512i selected) {
#if defined(__AVX512VNNI__)
    return _mm512_dpwssd_epi32(sum, selected, ones);
#else
    return _mm512_add_epi32(sum, _mm512_madd_epi16(selected, ones));
#endif
  };
  // Four independent chains (a block is eight 32-bit words), so that the multiply-add latency is hidden.
  __m512i s0 = _mm512_setzero_si512(), s1 = s0, s2 = s0, s3 = s0;
  const auto* masks = reinterpret_cast<const std::uint32_t*>(row);
  for (Index c = 0; c < blocks * 8; c += 4) {
    s0 = accumulate(s0, _mm512_maskz_loadu_epi16(masks[c], overlaps + 32 * c));
    s1 = accumulate(s1, _mm512_maskz_loadu_epi16(masks[c + 1], overlaps + 32 * c + 32));
    s2 = accumulate(s2, _mm512_maskz_loadu_epi16(masks[c + 2], overlaps + 32 * c + 64));
    s3 = accumulate(s3, _mm512_maskz_loadu_epi16(masks[c + 3], overlaps + 32 * c + 96));
  }
  return _mm512_reduce_add_epi32(_mm512_add_epi32(_mm512_add_epi32(s0, s1), _mm512_add_epi32(s2, s3)));
#elif defined(__AVX2__)
  // Per 16 patterns: the row's 16-bit word in every lane, lane l keeps bit l, and the compare turns set bits
  // into all-ones (−1) lanes, so the pairwise product with the overlaps adds −m_μ for exactly those patterns.
  const __m256i bits = _mm256_setr_epi16(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384,
                                         static_cast<std::int16_t>(-32768));
  const __m256i zero = _mm256_setzero_si256();
  __m256i sums[4] = {zero, zero, zero, zero};
  for (Index w = 0; w < blocks * words_per_block; ++w) {
    const __m256i mask = _mm256_cmpeq_epi16(
        _mm256_and_si256(_mm256_set1_epi16(static_cast<std::int16_t>(row[w])), bits), bits);
    const __m256i products =
        _mm256_madd_epi16(mask, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(overlaps + 16 * w)));
    sums[w % 4] = _mm256_add_epi32(sums[w % 4], products);
  }
  const __m256i sum =
      _mm256_add_epi32(_mm256_add_epi32(sums[0], sums[1]), _mm256_add_epi32(sums[2], sums[3]));
  __m128i half = _mm_add_epi32(_mm256_castsi256_si128(sum), _mm256_extracti128_si256(sum, 1));
  half = _mm_add_epi32(half, _mm_shuffle_epi32(half, 0x4e));
  half = _mm_add_epi32(half, _mm_shuffle_epi32(half, 0xb1));
  return -static_cast<std::int64_t>(_mm_cvtsi128_si32(half));
#else
  std::int64_t sum = 0;
  for (Index mu = 0; mu < blocks * block_patterns; ++mu)
    if (row_bit(row, mu)) sum += overlaps[mu];
  return sum;
#endif
}

/// overlaps[μ] += ξ_μ delta for every pattern of `row` (−delta where the bit is set, +delta where clear).
/// Entries of patterns ≥ p change too; they are never read where it matters (their bits are clear).
inline void add_signed(const std::uint16_t* row, std::int16_t* overlaps, std::int16_t delta, Index blocks) {
#if defined(__AVX512BW__)
  const __m512i plus = _mm512_set1_epi16(delta);
  const __m512i minus = _mm512_set1_epi16(static_cast<std::int16_t>(-delta));
  const auto* masks = reinterpret_cast<const std::uint32_t*>(row);
  for (Index c = 0; c < blocks * 8; ++c) {
    auto* target = overlaps + 32 * c;
    const __m512i step = _mm512_mask_blend_epi16(masks[c], plus, minus);
    _mm512_storeu_si512(target, _mm512_add_epi16(_mm512_loadu_si512(target), step));
  }
#elif defined(__AVX2__)
  const __m256i bits = _mm256_setr_epi16(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384,
                                         static_cast<std::int16_t>(-32768));
  const __m256i plus = _mm256_set1_epi16(delta);
  for (Index w = 0; w < blocks * words_per_block; ++w) {
    const __m256i mask = _mm256_cmpeq_epi16(
        _mm256_and_si256(_mm256_set1_epi16(static_cast<std::int16_t>(row[w])), bits), bits);
    // (delta XOR mask) − mask is −delta in the set lanes (two's complement), delta elsewhere.
    const __m256i step = _mm256_sub_epi16(_mm256_xor_si256(plus, mask), mask);
    auto* target = reinterpret_cast<__m256i*>(overlaps + 16 * w);
    _mm256_storeu_si256(target, _mm256_add_epi16(_mm256_loadu_si256(target), step));
  }
#else
  for (Index mu = 0; mu < blocks * block_patterns; ++mu)
    overlaps[mu] = static_cast<std::int16_t>(overlaps[mu] + (row_bit(row, mu) ? -delta : delta));
#endif
}

/// sum_where_set for `group` rows at once: the overlaps are read once for all of them (AVX-512; else one call
/// a row).
template <int group>
inline void sum_where_set_group(const std::uint16_t* const* rows, const std::int16_t* overlaps, Index blocks,
                                std::int64_t* sums) {
#if defined(__AVX512BW__)
  const __m512i ones = _mm512_set1_epi16(1);
  __m512i accumulators[group];
  const std::uint32_t* masks[group];
  for (int k = 0; k < group; ++k) {
    accumulators[k] = _mm512_setzero_si512();
    masks[k] = reinterpret_cast<const std::uint32_t*>(rows[k]);
  }
  for (Index c = 0; c < blocks * 8; ++c) {
    const __m512i values = _mm512_loadu_si512(overlaps + 32 * c);
#pragma GCC unroll 8
    for (int k = 0; k < group; ++k) {
      const __m512i selected = _mm512_maskz_mov_epi16(masks[k][c], values);
#if defined(__AVX512VNNI__)
      accumulators[k] = _mm512_dpwssd_epi32(accumulators[k], selected, ones);
#else
      accumulators[k] = _mm512_add_epi32(accumulators[k], _mm512_madd_epi16(selected, ones));
#endif
    }
  }
  for (int k = 0; k < group; ++k) sums[k] = _mm512_reduce_add_epi32(accumulators[k]);
#else
  for (int k = 0; k < group; ++k) sums[k] = sum_where_set(rows[k], overlaps, blocks);
#endif
}

/// The Hebb coupling Σ_μ ξ_aμ ξ_bμ = p − 2 popcount(a XOR b) of two rows (padding bits clear in both).
inline std::int32_t row_coupling(const std::uint16_t* a, const std::uint16_t* b, Index blocks,
                                 Index patterns) {
  std::int64_t differ = 0;
  for (Index w = 0; w < blocks * 4; ++w) {
    std::uint64_t x, y;
    std::memcpy(&x, a + 4 * w, 8);
    std::memcpy(&y, b + 4 * w, 8);
    differ += std::popcount(x ^ y);
  }
  return static_cast<std::int32_t>(patterns - 2 * differ);
}

}  // namespace hopfield::packed
