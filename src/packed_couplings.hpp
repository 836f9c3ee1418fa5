// Hebb couplings of ±1 patterns in one byte each, built from the packed rows by popcounts, and the O(N)
// update of kept (half) field vectors when units flip (library-internal; HebbStorage::PackedCouplings).
//
// Every off-diagonal coupling C_ij = Σ_μ ξ_iμ ξ_jμ = p − 2 popcount(row_i XOR row_j) has the parity of p, so
// the byte holds (C_ij − parity) / 2. That covers |C_ij| ≤ 254 exactly; the rare larger couplings (|C| grows
// like √p: 5.7 standard deviations at p = 2000) are exceptions, marked by −128 in the byte and kept exactly
// in a per-row list. The diagonal byte is 0 and the update corrects it, so every field is the exact integer.
//
// Why a byte: past capacity a probe flips thousands of units over tens of sweeps, and each flip must bring
// one row of couplings (N of them) to the fields. At N = 10 000 the matrix (100 MB) lives in DRAM, so the
// flip costs what it reads: a byte per coupling is half the time of 16 bits.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "hopfield/types.hpp"
#include "packed_patterns.hpp"

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace hopfield::packed {

inline constexpr std::int8_t coupling_escape = -128;

struct CouplingException {
  std::int32_t unit;
  std::int32_t coupling;
};

/// The array last handed back by a network built with a CouplingWorkspace
/// (include/hopfield/coupling_workspace.hpp), kept for the next build of the same size.
struct FreedCouplings {
  std::mutex mutex;
  std::unique_ptr<std::int8_t[]> data;
  std::size_t bytes = 0;
};

namespace detail {

// Frees a coupling array, or hands it to the workspace it was built with (which frees the one it held).
struct CouplingArrayDeleter {
  std::shared_ptr<FreedCouplings> workspace;
  std::size_t bytes = 0;
  void operator()(std::int8_t* data) const {
    if (!workspace) {
      delete[] data;
      return;
    }
    const std::lock_guard<std::mutex> lock(workspace->mutex);
    workspace->data.reset(data);
    workspace->bytes = bytes;
  }
};

}  // namespace detail

struct CompactCouplings {
  Index neurons = 0;
  std::int32_t parity = 0;  ///< p mod 2
  /// N x N row-major: (C_ij − parity) / 2, escape, or 0 on the diagonal. Not a vector: its memory must not be
  /// touched before it is advised to use huge pages.
  std::unique_ptr<std::int8_t[], detail::CouplingArrayDeleter> halves;
  std::vector<Index> exception_starts;  ///< N + 1 offsets into exceptions, by row
  std::vector<CouplingException> exceptions;
  /// The most one flip moves a half field (see add_flip_rows), an escaped byte's interim step included.
  std::int32_t largest_half_step = 256;

  /// C_ij (0 on the diagonal).
  std::int32_t at(Index i, Index j) const {
    if (i == j) return 0;
    const std::int8_t half = halves[static_cast<std::size_t>(i * neurons + j)];
    if (half != coupling_escape) return 2 * half + parity;
    const auto first = exceptions.begin() + exception_starts[static_cast<std::size_t>(i)];
    const auto last = exceptions.begin() + exception_starts[static_cast<std::size_t>(i) + 1];
    return std::find_if(first, last, [j](const CouplingException& e) { return e.unit == j; })->coupling;
  }
};

namespace detail {

// Hamming distances between rows i … i + 3 and rows j … j + 3 (rows of row_bytes, a multiple of 32, one after
// the other; padding bits clear): distances[4 a + b] for rows i + a and j + b.
inline void hamming_4x4(const std::uint8_t* rows_i, const std::uint8_t* rows_j, Index row_bytes,
                        std::int32_t* distances) {
#if defined(__AVX512F__) && defined(__AVX512VPOPCNTDQ__)
  __m512i sums[16];
  for (auto& sum : sums) sum = _mm512_setzero_si512();
  for (Index offset = 0; offset < row_bytes; offset += 64) {
    // A row of an odd number of 32-byte blocks ends with half a register: load only its first 4 words.
    const __mmask8 words = offset + 64 <= row_bytes ? __mmask8{0xff} : __mmask8{0x0f};
    __m512i a[4];
    for (int r = 0; r < 4; ++r) a[r] = _mm512_maskz_loadu_epi64(words, rows_i + r * row_bytes + offset);
    for (int c = 0; c < 4; ++c) {
      const __m512i b = _mm512_maskz_loadu_epi64(words, rows_j + c * row_bytes + offset);
      for (int r = 0; r < 4; ++r)
        sums[4 * r + c] = _mm512_add_epi64(sums[4 * r + c], _mm512_popcnt_epi64(_mm512_xor_si512(a[r], b)));
    }
  }
  // Sixteen horizontal sums as two trees of eight: pairs of registers, then pairs of 128-bit lanes.
  const auto add_pairs = [](__m512i a, __m512i b) {
    return _mm512_add_epi64(_mm512_unpacklo_epi64(a, b), _mm512_unpackhi_epi64(a, b));
  };
  const auto add_lanes = [](__m512i a, __m512i b) {
    return _mm512_add_epi64(_mm512_shuffle_i64x2(a, b, _MM_SHUFFLE(2, 0, 2, 0)),
                            _mm512_shuffle_i64x2(a, b, _MM_SHUFFLE(3, 1, 3, 1)));
  };
  const auto eight_sums = [&](const __m512i* s) {  // lane k: the sum of the lanes of s[k]
    return add_lanes(add_lanes(add_pairs(s[0], s[1]), add_pairs(s[2], s[3])),
                     add_lanes(add_pairs(s[4], s[5]), add_pairs(s[6], s[7])));
  };
  const __m512i all = _mm512_inserti64x4(_mm512_castsi256_si512(_mm512_cvtepi64_epi32(eight_sums(sums))),
                                         _mm512_cvtepi64_epi32(eight_sums(sums + 8)), 1);
  _mm512_storeu_si512(distances, all);
#else
  for (int r = 0; r < 4; ++r) {
    for (int c = 0; c < 4; ++c) {
      std::int64_t differ = 0;
      for (Index offset = 0; offset < row_bytes; offset += 8) {
        std::uint64_t a, b;
        std::memcpy(&a, rows_i + r * row_bytes + offset, 8);
        std::memcpy(&b, rows_j + c * row_bytes + offset, 8);
        differ += std::popcount(a ^ b);
      }
      distances[4 * r + c] = static_cast<std::int32_t>(differ);
    }
  }
#endif
}

// Stores the 4 x 4 block of couplings of rows i … i + 3 and columns j … j + 3 and its transpose, four bytes
// per row, when none is an exception; false (nothing stored) otherwise, or without AVX-512.
inline bool store_block([[maybe_unused]] const std::int32_t* distances,
                        [[maybe_unused]] std::int32_t patterns, [[maybe_unused]] std::int32_t parity,
                        [[maybe_unused]] std::int8_t* halves, [[maybe_unused]] std::size_t n,
                        [[maybe_unused]] Index i, [[maybe_unused]] Index j) {
#if defined(__AVX512F__) && defined(__AVX512BW__)
  const __m512i distance = _mm512_loadu_si512(distances);
  // (p − 2 d − parity) / 2, exact: the numerator is even.
  const __m512i half = _mm512_srai_epi32(
      _mm512_sub_epi32(_mm512_set1_epi32(patterns - parity), _mm512_slli_epi32(distance, 1)), 1);
  const __m512i limit = _mm512_set1_epi32(127);
  if (_mm512_cmpgt_epi32_mask(half, limit) != 0 ||
      _mm512_cmplt_epi32_mask(half, _mm512_set1_epi32(-127)) != 0)
    return false;
  const __m128i block = _mm512_cvtepi32_epi8(half);  // byte 4 r + c: row i + r, column j + c
  const __m128i transposed =
      _mm_shuffle_epi8(block, _mm_setr_epi8(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15));
  alignas(16) std::uint32_t rows[4], columns[4];
  _mm_store_si128(reinterpret_cast<__m128i*>(rows), block);
  _mm_store_si128(reinterpret_cast<__m128i*>(columns), transposed);
  for (Index k = 0; k < 4; ++k) {
    std::memcpy(halves + static_cast<std::size_t>(i + k) * n + static_cast<std::size_t>(j), &rows[k], 4);
    std::memcpy(halves + static_cast<std::size_t>(j + k) * n + static_cast<std::size_t>(i), &columns[k], 4);
  }
  return true;
#else
  return false;
#endif
}

// Ask for transparent huge pages on a large array: a flip reads a random 10 KB row, and with 4 KB pages
// every row costs several TLB misses. Advice only; nothing changes if the kernel declines.
inline void advise_huge_pages([[maybe_unused]] void* data, [[maybe_unused]] std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t huge = std::uintptr_t{1} << 21;
  const auto begin = (reinterpret_cast<std::uintptr_t>(data) + huge - 1) & ~(huge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(huge - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#endif
}

// An array of `bytes` bytes, uninitialised: the workspace's if it holds one of that size (the one it holds
// of another size is freed, not kept beside the new one); a fresh one advised to use huge pages.
inline std::unique_ptr<std::int8_t[], CouplingArrayDeleter> coupling_array(
    std::size_t bytes, const std::shared_ptr<FreedCouplings>& workspace) {
  if (workspace) {
    std::unique_ptr<std::int8_t[]> kept;
    {
      const std::lock_guard<std::mutex> lock(workspace->mutex);
      kept = std::move(workspace->data);
      if (workspace->bytes == bytes && kept) {
        workspace->bytes = 0;
        return {kept.release(), CouplingArrayDeleter{workspace, bytes}};
      }
      workspace->bytes = 0;
    }
  }
  std::unique_ptr<std::int8_t[], CouplingArrayDeleter> fresh(new std::int8_t[bytes],
                                                               CouplingArrayDeleter{workspace, bytes});
  advise_huge_pages(fresh.get(), bytes);
  return fresh;
}

}  // namespace detail

/// The couplings of the patterns whose packed rows (rows layout, `blocks` blocks per neuron) are given.
/// With a workspace (CouplingWorkspace::slot()), the array comes from it when it holds one of this size and
/// goes back to it when the couplings are destroyed.
inline CompactCouplings build_compact_couplings(const std::uint16_t* rows, Index neurons, Index patterns,
                                                Index blocks,
                                                const std::shared_ptr<FreedCouplings>& workspace = {}) {
  CompactCouplings result;
  result.neurons = neurons;
  result.parity = static_cast<std::int32_t>(patterns % 2);
  const auto n = static_cast<std::size_t>(neurons);
  // Uninitialised: every byte is written below.
  result.halves = detail::coupling_array(n * n, workspace);
  const Index row_bytes = blocks * words_per_block * 2;
  // The rows, then zero rows up to a multiple of 4, so that every kernel call reads four whole rows.
  const Index padded_neurons = (neurons + 3) / 4 * 4;
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(padded_neurons * row_bytes), 0);
  std::memcpy(bytes.data(), rows, static_cast<std::size_t>(neurons * row_bytes));
  // Tiles of 64 x 64 units: the 64 rows of a column tile (16 KB at p = 2000) stay in L1/L2 while 64 rows use
  // them, and a tile and its transpose are both stored as 64 contiguous bytes per row.
  constexpr Index tile = 64;
  const Index tiles = (neurons + tile - 1) / tile;
  std::vector<std::vector<std::array<std::int32_t, 3>>> found(static_cast<std::size_t>(tiles));
#pragma omp parallel for schedule(dynamic)
  for (Index ti = 0; ti < tiles; ++ti) {
    for (Index tj = ti; tj < tiles; ++tj) {
      const Index i_end = std::min(neurons, (ti + 1) * tile), j_end = std::min(neurons, (tj + 1) * tile);
      for (Index i = ti * tile; i < i_end; i += 4) {
        // On the diagonal tile, start at the group of i: pairs below the diagonal there are stored twice with
        // the same value, and the diagonal is cleared below.
        for (Index j = tj == ti ? i : tj * tile; j < j_end; j += 4) {
          std::int32_t distances[16];
          detail::hamming_4x4(bytes.data() + i * row_bytes, bytes.data() + j * row_bytes, row_bytes,
                              distances);
          const Index rows_here = std::min<Index>(4, i_end - i), columns_here = std::min<Index>(4, j_end - j);
          if (rows_here == 4 && columns_here == 4 &&
              detail::store_block(distances, static_cast<std::int32_t>(patterns), result.parity,
                                  result.halves.get(), n, i, j))
            continue;
          for (Index r = 0; r < rows_here; ++r) {
            for (Index c = 0; c < columns_here; ++c) {
              const std::int32_t coupling = static_cast<std::int32_t>(patterns) - 2 * distances[4 * r + c];
              const std::int32_t half = (coupling - result.parity) / 2;
              std::int8_t stored = static_cast<std::int8_t>(half);
              if (half < -127 || half > 127) {
                stored = coupling_escape;
                if (i + r < j + c)
                  found[static_cast<std::size_t>(ti)].push_back(
                      {static_cast<std::int32_t>(i + r), static_cast<std::int32_t>(j + c), coupling});
              }
              result.halves[static_cast<std::size_t>(i + r) * n + static_cast<std::size_t>(j + c)] = stored;
              result.halves[static_cast<std::size_t>(j + c) * n + static_cast<std::size_t>(i + r)] = stored;
            }
          }
        }
      }
    }
  }
  for (Index i = 0; i < neurons; ++i) result.halves[static_cast<std::size_t>(i) * (n + 1)] = 0;
  // Exceptions of both triangles, grouped by row.
  std::vector<std::array<std::int32_t, 3>> all;
  for (const auto& part : found) {
    for (const auto& [i, j, c] : part) {
      all.push_back({i, j, c});
      all.push_back({j, i, c});
    }
  }
  std::sort(all.begin(), all.end());
  result.exception_starts.assign(n + 1, 0);
  for (const auto& e : all) ++result.exception_starts[static_cast<std::size_t>(e[0]) + 1];
  for (std::size_t i = 0; i < n; ++i) result.exception_starts[i + 1] += result.exception_starts[i];
  result.exceptions.reserve(all.size());
  for (const auto& e : all) {
    result.exceptions.push_back({e[1], e[2]});
    result.largest_half_step = std::max(result.largest_half_step, std::abs(e[2]));
  }
  return result;
}

// Kept fields as 16-bit halves. Every off-diagonal coupling has the parity of p, so every field
// h_k = Σ_{j≠k} C_kj v_j (N − 1 terms of that parity) has the parity r = (N − 1) p mod 2, and h_k = 2 f_k + r
// for an integer f_k, the half field. A flip of unit j to the state s moves h_k by 2 s C_jk and f_k by s
// C_jk. Halves need half the bytes of 32-bit fields, and the update of several of them reads one row each,
// side by side: the rows' memory streams overlap (BM_CouplingRowsSideBySide at N = 10 000: 0.8–1.0 µs a row
// four at a time, 1.4–1.5 µs alone).

/// The largest |f| from which one more flip cannot leave 16 bits: a caller keeps every half field within it.
inline std::int32_t half_field_limit(const CompactCouplings& couplings) {
  return 32767 - couplings.largest_half_step;
}

/// The most half-field vectors add_flip_rows updates at once (six measured the same here, eight slower).
inline constexpr int max_flip_rows = 4;

namespace detail {

// halves[r][k] += signs[r] (2 b + parity) for every k, b the byte of row r (the diagonal and escapes
// corrected by the caller); largest[r] gets the largest |halves[r][k]| reached, interim escaped values
// included.
template <int Rows>
void add_byte_rows(const std::int8_t* const* rows, const std::int32_t* signs, std::int32_t parity, Index n,
                   std::int16_t* const* halves, std::int32_t* largest) {
  Index k = 0;
#if defined(__AVX512BW__)
  const __m512i parity_v = _mm512_set1_epi16(static_cast<std::int16_t>(parity));
  __m512i negate[Rows], peak[Rows];
  for (int r = 0; r < Rows; ++r) {
    negate[r] = _mm512_set1_epi16(signs[r] < 0 ? -1 : 0);
    peak[r] = _mm512_setzero_si512();
  }
  for (; k + 64 <= n; k += 64) {
    for (int r = 0; r < Rows; ++r)
      _mm_prefetch(reinterpret_cast<const char*>(rows[r] + k) + 1024, _MM_HINT_T0);
    for (int r = 0; r < Rows; ++r) {
      for (Index part = 0; part < 64; part += 32) {
        const __m512i byte =
            _mm512_cvtepi8_epi16(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(rows[r] + k + part)));
        const __m512i step = _mm512_add_epi16(_mm512_add_epi16(byte, byte), parity_v);
        // (x XOR s) − s: −x where s is all ones.
        const __m512i signed_step = _mm512_sub_epi16(_mm512_xor_si512(step, negate[r]), negate[r]);
        std::int16_t* target = halves[r] + k + part;
        const __m512i sum = _mm512_add_epi16(_mm512_loadu_si512(target), signed_step);
        _mm512_storeu_si512(target, sum);
        peak[r] = _mm512_max_epu16(peak[r], _mm512_abs_epi16(sum));
      }
    }
  }
  for (int r = 0; r < Rows; ++r)
    largest[r] = std::max<std::int32_t>(
        largest[r], _mm512_reduce_max_epi32(_mm512_cvtepu16_epi32(_mm512_castsi512_si256(
                        _mm512_max_epu16(peak[r], _mm512_shuffle_i64x2(peak[r], peak[r], 0x4e))))));
#elif defined(__AVX2__)
  const __m256i parity_v = _mm256_set1_epi16(static_cast<std::int16_t>(parity));
  __m256i negate[Rows], peak[Rows];
  for (int r = 0; r < Rows; ++r) {
    negate[r] = _mm256_set1_epi16(signs[r] < 0 ? -1 : 0);
    peak[r] = _mm256_setzero_si256();
  }
  for (; k + 32 <= n; k += 32) {
    for (int r = 0; r < Rows; ++r)
      _mm_prefetch(reinterpret_cast<const char*>(rows[r] + k) + 1024, _MM_HINT_T0);
    for (int r = 0; r < Rows; ++r) {
      for (Index part = 0; part < 32; part += 16) {
        const __m256i byte =
            _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(rows[r] + k + part)));
        const __m256i step = _mm256_add_epi16(_mm256_add_epi16(byte, byte), parity_v);
        const __m256i signed_step = _mm256_sub_epi16(_mm256_xor_si256(step, negate[r]), negate[r]);
        auto* target = reinterpret_cast<__m256i*>(halves[r] + k + part);
        const __m256i sum = _mm256_add_epi16(_mm256_loadu_si256(target), signed_step);
        _mm256_storeu_si256(target, sum);
        peak[r] = _mm256_max_epu16(peak[r], _mm256_abs_epi16(sum));
      }
    }
  }
  for (int r = 0; r < Rows; ++r) {
    alignas(32) std::uint16_t lanes[16];
    _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), peak[r]);
    for (const std::uint16_t lane : lanes) largest[r] = std::max<std::int32_t>(largest[r], lane);
  }
#endif
  for (; k < n; ++k) {
    for (int r = 0; r < Rows; ++r) {
      const auto sum = static_cast<std::int16_t>(halves[r][k] + signs[r] * (2 * rows[r][k] + parity));
      halves[r][k] = sum;
      largest[r] = std::max<std::int32_t>(largest[r], std::abs(std::int32_t{sum}));
    }
  }
}

}  // namespace detail

/// One flip in each of `count` (1 … max_flip_rows) half-field vectors: unit units[r] took the state
/// signs[r] (±1), so halves[r][k] += signs[r] C_{units[r] k} for every unit k (C_jj = 0). largest[r] gets the
/// largest |halves[r][k]| afterwards or above it. Every half field must lie within half_field_limit before:
/// then none leaves 16 bits, interim values included.
inline void add_flip_rows(const CompactCouplings& couplings, const Index* units, const std::int32_t* signs,
                          std::int16_t* const* halves, int count, std::int32_t* largest) {
  const Index n = couplings.neurons;
  const std::int8_t* rows[max_flip_rows];
  for (int r = 0; r < count; ++r) {
    rows[r] = couplings.halves.get() + units[r] * n;
    largest[r] = 0;
  }
  const auto add = [&]<int Rows>() {
    detail::add_byte_rows<Rows>(rows, signs, couplings.parity, n, halves, largest);
  };
  switch (count) {
    case 1:
      add.template operator()<1>();
      break;
    case 2:
      add.template operator()<2>();
      break;
    case 3:
      add.template operator()<3>();
      break;
    default:
      add.template operator()<max_flip_rows>();
      break;
  }
  for (int r = 0; r < count; ++r) {
    const auto j = static_cast<std::size_t>(units[r]);
    std::int16_t* half = halves[r];
    const auto correct = [&](Index unit, std::int32_t step) {
      half[unit] = static_cast<std::int16_t>(half[unit] + step);
      largest[r] = std::max<std::int32_t>(largest[r], std::abs(std::int32_t{half[unit]}));
    };
    // The diagonal byte is 0, so f_j took s parity, which C_jj = 0 does not give; an escaped byte gave
    // s (2 escape + parity) in place of s C.
    correct(units[r], -signs[r] * couplings.parity);
    const auto first = static_cast<std::size_t>(couplings.exception_starts[j]);
    const auto last = static_cast<std::size_t>(couplings.exception_starts[j + 1]);
    for (std::size_t e = first; e < last; ++e) {
      const CouplingException& exception = couplings.exceptions[e];
      correct(exception.unit, signs[r] * (exception.coupling - 2 * coupling_escape - couplings.parity));
    }
  }
}

}  // namespace hopfield::packed
