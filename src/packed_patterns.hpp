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
#include "kernels/kernel_table.hpp"

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
inline std::vector<std::uint64_t> pack_columns(const MatrixView& patterns) {
  const Index n = patterns.rows(), words = words_for(n);
  std::vector<std::uint64_t> columns(static_cast<std::size_t>(patterns.cols() * words));
  for (Index mu = 0; mu < patterns.cols(); ++mu)
    pack_state(patterns.col(mu).data(), n, columns.data() + mu * words);
  return columns;
}

// The kernels below run through the table chosen at run time (src/kernels/kernel_table.hpp): the AVX-512,
// AVX2 and portable bodies are in src/kernels/packed_kernels.inl.

/// Overlap N − 2 popcount(a XOR b) of two packed ±1 vectors of length n.
inline std::int32_t overlap(const std::uint64_t* a, const std::uint64_t* b, Index n) {
  return kernels::kernel_table().overlap(a, b, n);
}

/// Σ of overlaps[μ] over the patterns μ whose bit is set in `row` (one neuron's row: blocks * 16 words).
/// Overlaps hold blocks * 256 entries; entries of patterns ≥ p may hold anything: their bits are clear.
inline std::int64_t sum_where_set(const std::uint16_t* row, const std::int16_t* overlaps, Index blocks) {
  return kernels::kernel_table().sum_where_set(row, overlaps, blocks);
}

/// overlaps[μ] += ξ_μ delta for every pattern of `row` (−delta where the bit is set, +delta where clear).
/// Entries of patterns ≥ p change too; they are never read where it matters (their bits are clear).
inline void add_signed(const std::uint16_t* row, std::int16_t* overlaps, std::int16_t delta, Index blocks) {
  kernels::kernel_table().add_signed(row, overlaps, delta, blocks);
}

/// sum_where_set for `group` rows at once; for eight, the overlaps are read once for all of them (AVX-512).
template <int group>
inline void sum_where_set_group(const std::uint16_t* const* rows, const std::int16_t* overlaps, Index blocks,
                                std::int64_t* sums) {
  const kernels::KernelTable& table = kernels::kernel_table();
  if constexpr (group == 8) {
    table.sum_where_set_8(rows, overlaps, blocks, sums);
  } else {
    for (int k = 0; k < group; ++k) sums[k] = table.sum_where_set(rows[k], overlaps, blocks);
  }
}

/// The Hebb coupling Σ_μ ξ_aμ ξ_bμ = p − 2 popcount(a XOR b) of two rows (padding bits clear in both).
inline std::int32_t row_coupling(const std::uint16_t* a, const std::uint16_t* b, Index blocks,
                                 Index patterns) {
  return kernels::kernel_table().row_coupling(a, b, blocks, patterns);
}

}  // namespace hopfield::packed
