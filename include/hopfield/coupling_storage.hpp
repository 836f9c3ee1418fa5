// How a classical network keeps its couplings: one field engine per storage, held in a std::variant. Each
// gives the scaled couplings C = W / coupling scale and the scaled field C v of a state; all give the same
// numbers, bit for bit, on ±1 patterns. The incremental fields of a recall are built from them
// (src/classical_fields.hpp).
#pragma once

#include <cstdint>
#include <memory>
#include <variant>
#include <vector>

#include "hopfield/types.hpp"

namespace hopfield {

namespace packed {
struct CompactCouplings;
}

/// How a Hebb network keeps its couplings. All give the same fields, bit for bit, on ±1 patterns.
enum class HebbStorage : std::uint8_t {
  Automatic,  ///< for N > 4096: when PackedOverlaps applies, PackedCouplings from p ≥ N/8 (where recalls
              ///< start to wander for many sweeps) and PackedOverlaps below; else Overlaps while p ≤ N/4,
              ///< else Couplings; for N ≤ 4096: Couplings
  Couplings,  ///< the N x N matrix Σ ξξᵀ: checking a unit costs O(1), a flip O(N); memory and build O(N²),
              ///< O(N²p)
  Overlaps,  ///< only the patterns; fields from the overlaps m = Xᵀv: a check and a flip cost O(p), memory
             ///< O(Np) doubles
  PackedOverlaps,   ///< the patterns as bits (N p / 4 bytes in two layouts) and the overlaps as 16-bit
                    ///< integers: a check and a flip cost O(p) with 16 patterns per SIMD operation, and the
                    ///< patterns stay in cache. Needs ±1 patterns, no centring, N ≤ 32767 and N p < 2³¹
                    ///< (hebb throws hopfield::Error otherwise)
  PackedCouplings,  ///< PackedOverlaps plus the couplings in one byte each (N² bytes, built by popcounts in
                    ///< O(N² p / 512)): a recall starts with O(p) checks and, once a sweep flips fewer than
                    ///< p / 4 units, keeps the N fields and updates them by one row of couplings per flip
                    ///< (O(1) a check, O(N) a flip). For the long wandering past capacity. Same needs as
                    ///< PackedOverlaps
};

namespace storage {

/// The N x N matrix C (Hebb: the integers Σ_μ ξ_μ ξ_μᵀ with zero diagonal; other rules: W itself).
struct Couplings {
  Matrix matrix;

  Index dimension() const { return matrix.rows(); }
  Matrix coupling_matrix() const { return matrix; }
  Vector scaled_field(const Vector& state) const;
};

/// The patterns only, as rows (p x N: column i holds the p entries of unit i, contiguous for its O(p)
/// field), and the self-couplings Σ_μ ξ_iμ² that the zero diagonal removes.
struct Overlaps {
  Matrix pattern_rows;
  Vector self_couplings;

  Index dimension() const { return pattern_rows.cols(); }
  Matrix coupling_matrix() const;
  Vector scaled_field(const Vector& state) const;
};

/// ±1 patterns as bits in the two layouts of src/packed_patterns.hpp (neuron-major rows, pattern-major
/// columns), with the row sums Σ_μ ξ_iμ.
struct PackedOverlaps {
  std::vector<std::uint16_t> rows;
  std::vector<std::uint64_t> columns;
  std::vector<std::int32_t> row_sums;
  Index neurons = 0;
  Index patterns = 0;

  Index dimension() const { return neurons; }
  Matrix coupling_matrix() const;
  Vector scaled_field(const Vector& state) const;
  /// The stored ±1 patterns, N x p.
  Matrix unpacked_patterns() const;
};

/// PackedOverlaps plus the couplings in one byte each (src/packed_couplings.hpp).
struct PackedCouplings {
  PackedOverlaps overlaps;
  std::shared_ptr<const packed::CompactCouplings> bytes;  ///< shared by copies: never modified

  Index dimension() const { return overlaps.neurons; }
  /// From the stored bytes and exceptions, so that a test of it checks the build itself.
  Matrix coupling_matrix() const;
  Vector scaled_field(const Vector& state) const { return overlaps.scaled_field(state); }
};

}  // namespace storage

/// Exactly one storage per network.
using CouplingStorage =
    std::variant<storage::Couplings, storage::Overlaps, storage::PackedOverlaps, storage::PackedCouplings>;

/// The HebbStorage (never Automatic) that names the storage held.
HebbStorage storage_kind(const CouplingStorage& storage);

}  // namespace hopfield
