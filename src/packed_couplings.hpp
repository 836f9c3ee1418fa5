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
  const kernels::KernelTable& table = kernels::kernel_table();
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
          table.hamming_4x4(bytes.data() + i * row_bytes, bytes.data() + j * row_bytes, row_bytes, distances);
          const Index rows_here = std::min<Index>(4, i_end - i), columns_here = std::min<Index>(4, j_end - j);
          if (rows_here == 4 && columns_here == 4 &&
              table.store_block(distances, static_cast<std::int32_t>(patterns), result.parity,
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
  // The byte rows through the run-time kernel (src/kernels/coupling_kernels.inl), then the corrections.
  kernels::kernel_table().add_byte_rows[count - 1](rows, signs, couplings.parity, n, halves, largest);
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
