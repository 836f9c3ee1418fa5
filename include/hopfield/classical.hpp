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
#include <optional>
#include <vector>

#include "hopfield/binary_dynamics.hpp"
#include "hopfield/binary_patterns.hpp"
#include "hopfield/coupling_storage.hpp"
#include "hopfield/coupling_workspace.hpp"
#include "hopfield/memory.hpp"
#include "hopfield/types.hpp"

namespace hopfield {

/// Hebb rule W = (1/N) Σ_μ ξ_μ ξ_μᵀ with zero diagonal (patterns N x p).
Matrix hebb_weights(const MatrixView& patterns);

/// Storkey (1997) rule, learnt one pattern at a time:
/// w_ij += (1/N) (ξ_i ξ_j − ξ_i h_ji − h_ij ξ_j), h_ij = Σ_{k≠i,j} w_ik ξ_k; diagonal kept at zero.
Matrix storkey_weights(const MatrixView& patterns);

struct PseudoinverseOptions {
  /// λ ≥ 0 in W = X (XᵀX + λI)⁻¹ Xᵀ. λ = 0 is the projection rule and needs linearly independent patterns.
  double ridge = 0.0;
  /// false (default) keeps W_ii as in Personnaz–Guyon–Dreyfus and the seed, so that W is the exact
  /// orthogonal projection onto the span of the patterns and W ξ = ξ for every stored ξ.
  bool zero_diagonal = false;
};

/// Pseudoinverse (projection) rule W = X (XᵀX + λI)⁻¹ Xᵀ, computed in double precision through a Cholesky
/// factorisation of the p x p Gram matrix. Throws hopfield::Error when the Gram matrix is singular and λ = 0.
Matrix pseudoinverse_weights(const MatrixView& patterns, const PseudoinverseOptions& options = {});

struct HebbOptions {
  /// Subtract the mean pattern from the patterns before learning (the bias-sink cure; couplings are then
  /// no longer integers).
  bool centre = false;
  HebbStorage storage = HebbStorage::Automatic;
  /// PackedCouplings only: where the N² coupling bytes come from and go back to (one per thread that builds
  /// networks of one size after another); none: a fresh array, freed with the network.
  std::optional<CouplingWorkspace> workspace = std::nullopt;
};

class ClassicalHopfield {
 public:
  using Options = RecallOptions;

  /// The factories read `patterns` (N x p) where they are and keep only the couplings they learn (Hebb's
  /// Overlaps storage and packed storages keep their own form of the patterns).
  static ClassicalHopfield hebb(const MatrixView& patterns, const HebbOptions& options = {});
  /// The same network from patterns stored as bits: the packed storages take the bits without a double
  /// matrix; the others unpack them.
  static ClassicalHopfield hebb(const BinaryPatterns& patterns, const HebbOptions& options = {});
  static ClassicalHopfield storkey(const MatrixView& patterns);
  static ClassicalHopfield pseudoinverse(const MatrixView& patterns,
                                         const PseudoinverseOptions& options = {});
  /// Any symmetric weight matrix, with optional thresholds θ (empty: zero).
  static ClassicalHopfield from_weights(Matrix weights, Vector thresholds = Vector());

  Index dimension() const { return thresholds_.size(); }
  Index pattern_count() const { return pattern_count_; }

  /// W = coupling_scale() · couplings(), formed on demand.
  Matrix weights() const { return coupling_scale_ * couplings(); }
  /// W / coupling_scale(). For the Hebb rule on ±1 patterns these are the integers Σ_μ ξ_iμ ξ_jμ (i ≠ j), so
  /// local fields are exact and ties h_i = 0 are detected exactly. Formed on demand but with Couplings
  /// storage.
  Matrix couplings() const;
  double coupling_scale() const { return coupling_scale_; }
  const Vector& thresholds() const { return thresholds_; }
  /// How the couplings are kept: Hebb networks as HebbOptions::storage chose, the other rules Couplings.
  HebbStorage storage_kind() const { return hopfield::storage_kind(storage_); }
  const CouplingStorage& storage() const { return storage_; }

  /// h = W v − θ.
  Vector local_field(const Vector& state) const;
  /// H = W S − θ 1ᵀ for every column of `states` (N rows), W formed from the couplings and multiplied by the
  /// run-time dense kernel: the fields that decide whether each column is a fixed point.
  Matrix local_fields(const MatrixView& states) const;
  /// E(v) = −½ vᵀWv + θᵀv.
  double energy(const Vector& state) const;

  /// Runs the dynamics from every column of `probes` (±1 entries, N rows).
  RecallResult recall(const MatrixView& probes, const RecallOptions& options = {}) const;

 private:
  ClassicalHopfield(CouplingStorage storage, double coupling_scale, Vector thresholds, Index pattern_count)
      : storage_(std::move(storage)),
        coupling_scale_(coupling_scale),
        thresholds_(std::move(thresholds)),
        pattern_count_(pattern_count) {}
  /// The packed storages from the patterns' bits in the columns layout (src/packed_patterns.hpp).
  static ClassicalHopfield packed_hebb(std::vector<std::uint64_t> columns, Index n, Index p,
                                       const HebbOptions& options, HebbStorage storage);

  CouplingStorage storage_;
  double coupling_scale_ = 1.0;
  Vector thresholds_;
  Index pattern_count_ = 0;
};

static_assert(AssociativeMemory<ClassicalHopfield>);

}  // namespace hopfield
