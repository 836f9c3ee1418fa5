// Sparse symmetric couplings W in compressed sparse row (CSR) form, for networks whose neurons each talk to
// a few others (graphs with 10³–10⁴ vertices and a handful of edges per vertex): memory and the cost of a
// local field grow with the number of couplings, never with N².
//
// Shapes: N neurons; row i lists the neurons j with W_ij ≠ 0 (ascending j) and their weights. Both W_ij and
// W_ji are stored, so a row is a neuron's whole neighbourhood. The diagonal is zero (no self-coupling).
// Spins are ±1 as std::int8_t. Weights are double: integer weights add exactly, so the energy of an integer-
// weighted network is exact.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "hopfield/types.hpp"

namespace hopfield {

/// One coupling W_ij = W_ji = value between neurons i ≠ j (0-based).
struct CouplingEntry {
  Index first = 0;
  Index second = 0;
  double value = 0.0;
};

class SparseCouplings {
 public:
  SparseCouplings() = default;
  /// Couplings of `neurons` neurons from each pair listed once (either order). Throws hopfield::Error for a
  /// neuron outside 0 … neurons−1, a self-coupling, a pair listed twice or a weight that is not finite.
  SparseCouplings(Index neurons, std::span<const CouplingEntry> pairs);

  Index neurons() const { return static_cast<Index>(row_offsets_.size()) - 1; }
  /// Number of distinct pairs (each stored twice).
  Index pair_count() const { return static_cast<Index>(columns_.size()) / 2; }

  /// The neighbours j of neuron i and the weights W_ij, in the same order.
  std::span<const std::int32_t> neighbours(Index i) const {
    return {columns_.data() + row_offsets_[i], columns_.data() + row_offsets_[i + 1]};
  }
  std::span<const double> weights(Index i) const {
    return {values_.data() + row_offsets_[i], values_.data() + row_offsets_[i + 1]};
  }

  /// h_i = Σ_j W_ij s_j.
  double local_field(Index i, std::span<const std::int8_t> spins) const;
  /// h = W s for every neuron; `fields` has N entries.
  void local_fields(std::span<const std::int8_t> spins, std::span<double> fields) const;
  /// h = W x for real-valued x (the analogue dynamics); `fields` has N entries.
  void multiply(std::span<const double> x, std::span<double> fields) const;
  /// The Hopfield energy E(s) = −½ Σ_ij W_ij s_i s_j.
  double energy(std::span<const std::int8_t> spins) const;
  /// Σ_(i<j) W_ij² — the squared Frobenius norm of the upper triangle.
  double squared_norm() const;

 private:
  std::vector<Index> row_offsets_{0};
  std::vector<std::int32_t> columns_;
  std::vector<double> values_;
};

}  // namespace hopfield
