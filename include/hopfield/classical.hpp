// The classical (binary) Hopfield network: learning rules, energy and sign dynamics.
//
// States are ±1 vectors of dimension N. The local field is h = W v − θ and a unit is updated to sign(h_i).
// Sign convention at h_i = 0: the unit keeps its current state. This keeps every fixed point a fixed point,
// makes the energy strictly decrease at every flip, and never needs a random tie-break.
//
// Energy E(v) = −½ vᵀ W v + θᵀ v. Under asynchronous dynamics with symmetric W and W_ii ≥ 0 it never
// increases (a flip of unit i changes it by −2|h_i| − 2 W_ii).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "hopfield/binary_patterns.hpp"
#include "hopfield/memory.hpp"
#include "hopfield/types.hpp"

namespace hopfield {

namespace packed {
struct CompactCouplings;
}

/// Hebb rule W = (1/N) Σ_μ ξ_μ ξ_μᵀ with zero diagonal (patterns N x p).
Matrix hebb_weights(const Matrix& patterns);

/// Storkey (1997) rule, learnt one pattern at a time:
/// w_ij += (1/N) (ξ_i ξ_j − ξ_i h_ji − h_ij ξ_j), h_ij = Σ_{k≠i,j} w_ik ξ_k; diagonal kept at zero.
Matrix storkey_weights(const Matrix& patterns);

struct PseudoinverseOptions {
  /// λ ≥ 0 in W = X (XᵀX + λI)⁻¹ Xᵀ. λ = 0 is the projection rule and needs linearly independent patterns.
  double ridge = 0.0;
  /// false (default) keeps W_ii as in Personnaz–Guyon–Dreyfus and the seed, so that W is the exact
  /// orthogonal projection onto the span of the patterns and W ξ = ξ for every stored ξ.
  bool zero_diagonal = false;
};

/// Pseudoinverse (projection) rule W = X (XᵀX + λI)⁻¹ Xᵀ, computed in double precision through a Cholesky
/// factorisation of the p x p Gram matrix. Throws hopfield::Error when the Gram matrix is singular and λ = 0.
Matrix pseudoinverse_weights(const Matrix& patterns, const PseudoinverseOptions& options = {});

enum class Dynamics : std::uint8_t {
  Asynchronous,            ///< one unit at a time, a fresh random permutation every sweep
  AsynchronousFixedOrder,  ///< one unit at a time, in the order 0 … N−1
  Synchronous,             ///< all units at once (may end in a 2-cycle, which is detected)
};

/// "asynchronous", "asynchronous-fixed-order" or "synchronous" (throws hopfield::Error otherwise).
Dynamics dynamics_from_name(std::string_view name);
std::string_view dynamics_name(Dynamics dynamics);

struct RecallOptions {
  Dynamics dynamics = Dynamics::Asynchronous;
  /// Upper bound on sweeps; a sweep visits every unit once (one synchronous step is one sweep).
  int max_sweeps = 100;
  /// Seeds the update order: probe k uses Rng(derive_seed(seed, k)), so results do not depend on threads.
  std::uint64_t seed = 0;
  /// Record the energy before the first sweep and after every sweep.
  bool record_energy = false;
  /// OpenMP threads over probes; 0 uses the OpenMP default.
  int threads = 0;
};

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
                    ///< p / 8 units, keeps the N fields and updates them by one row of couplings per flip
                    ///< (O(1) a check, O(N) a flip). For the long wandering past capacity. Same needs as
                    ///< PackedOverlaps
};

struct HebbOptions {
  /// Subtract the mean pattern from the patterns before learning (the bias-sink cure; couplings are then
  /// no longer integers).
  bool centre = false;
  HebbStorage storage = HebbStorage::Automatic;
};

class ClassicalHopfield {
 public:
  using Options = RecallOptions;

  static ClassicalHopfield hebb(const Matrix& patterns, const HebbOptions& options = {});
  /// The same network from patterns stored as bits: the packed storages take the bits without a double
  /// matrix; the others unpack them.
  static ClassicalHopfield hebb(const BinaryPatterns& patterns, const HebbOptions& options = {});
  static ClassicalHopfield storkey(const Matrix& patterns);
  static ClassicalHopfield pseudoinverse(const Matrix& patterns, const PseudoinverseOptions& options = {});
  /// Any symmetric weight matrix, with optional thresholds θ (empty: zero).
  static ClassicalHopfield from_weights(Matrix weights, Vector thresholds = Vector());

  Index dimension() const { return thresholds_.size(); }
  Index pattern_count() const { return pattern_count_; }

  /// W = coupling_scale() · couplings(), formed on demand.
  Matrix weights() const { return coupling_scale_ * couplings(); }
  /// W / coupling_scale(). For the Hebb rule on ±1 patterns these are the integers Σ_μ ξ_iμ ξ_jμ (i ≠ j), so
  /// local fields are exact and ties h_i = 0 are detected exactly. Formed on demand with overlap storage.
  Matrix couplings() const;
  double coupling_scale() const { return coupling_scale_; }
  const Vector& thresholds() const { return thresholds_; }
  /// True when the network keeps the patterns and computes fields through overlaps (Hebb, few patterns).
  bool uses_overlaps() const { return pattern_rows_.size() > 0 || uses_packed_overlaps(); }
  /// True for HebbStorage::PackedOverlaps and PackedCouplings (patterns as bits, integer overlaps).
  bool uses_packed_overlaps() const { return !packed_rows_.empty(); }
  /// True for HebbStorage::PackedCouplings (also the couplings in one byte each).
  bool uses_packed_couplings() const { return compact_couplings_ != nullptr; }

  /// h = W v − θ.
  Vector local_field(const Vector& state) const;
  /// E(v) = −½ vᵀWv + θᵀv.
  double energy(const Vector& state) const;

  /// Runs the dynamics from every column of `probes` (±1 entries, N rows).
  RecallResult recall(const Matrix& probes, const RecallOptions& options = {}) const;

 private:
  ClassicalHopfield() = default;
  /// The packed storages from the patterns' bits in the columns layout (src/packed_patterns.hpp).
  static ClassicalHopfield packed_hebb(std::vector<std::uint64_t> columns, Index n, Index p,
                                       HebbStorage storage);
  /// W v / coupling_scale (no thresholds).
  Vector scaled_field(const Vector& state) const;
  template <typename Fields>
  RecallResult run_recall(const Matrix& probes, const RecallOptions& options) const;

  /// The stored ±1 patterns (N x p) unpacked from the bits of PackedOverlaps storage.
  Matrix unpacked_patterns() const;

  // Exactly one representation is held: dense couplings (N x N); or the pattern rows (p x N, column i is row
  // i of the stored patterns, contiguous for the O(p) field of unit i) with their self-couplings Σ_μ ξ_iμ²,
  // which the zero diagonal removes; or the patterns as bits (src/packed_patterns.hpp: neuron-major rows,
  // pattern-major columns) with the row sums Σ_μ ξ_iμ, and for PackedCouplings also the byte couplings
  // (src/packed_couplings.hpp).
  Matrix couplings_;
  Matrix pattern_rows_;
  Vector self_couplings_;
  std::vector<std::uint16_t> packed_rows_;
  std::vector<std::uint64_t> packed_columns_;
  std::vector<std::int32_t> row_sums_;
  std::shared_ptr<const packed::CompactCouplings> compact_couplings_;  // shared by copies: never modified
  double coupling_scale_ = 1.0;
  Vector thresholds_;
  Index pattern_count_ = 0;
};

static_assert(AssociativeMemory<ClassicalHopfield>);

}  // namespace hopfield
