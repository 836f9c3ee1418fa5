// The classical network's coupling storages: the couplings and the scaled field C v of each.
#include "hopfield/coupling_storage.hpp"

#include <type_traits>

#include "classical_fields.hpp"
#include "classical_rules.hpp"
#include "packed_couplings.hpp"
#include "packed_patterns.hpp"

namespace hopfield {

namespace storage {

Vector Couplings::scaled_field(const Vector& state) const {
  return matrix * state;
}

Matrix Overlaps::coupling_matrix() const {
  Matrix couplings = pattern_rows.transpose() * pattern_rows;
  couplings.diagonal().setZero();
  return couplings;
}

// (X m) − (Σ_μ ξ_iμ²) v with the overlaps m = Xᵀv.
Vector Overlaps::scaled_field(const Vector& state) const {
  const Vector overlaps = pattern_rows * state;
  return pattern_rows.transpose() * overlaps - self_couplings.cwiseProduct(state);
}

Matrix PackedOverlaps::unpacked_patterns() const {
  const Index blocks = packed::blocks_for(patterns);
  Matrix unpacked(neurons, patterns);
  for (Index i = 0; i < neurons; ++i) {
    const std::uint16_t* row = rows.data() + i * blocks * packed::words_per_block;
    for (Index mu = 0; mu < patterns; ++mu) unpacked(i, mu) = packed::row_bit(row, mu) ? -1.0 : 1.0;
  }
  return unpacked;
}

Matrix PackedOverlaps::coupling_matrix() const {
  return detail::outer_product_sum(unpacked_patterns());
}

Vector PackedOverlaps::scaled_field(const Vector& state) const {
  if (!(state.array().abs() == 1.0).all()) {
    const Matrix unpacked = unpacked_patterns();
    const Vector overlaps = unpacked.transpose() * state;
    return unpacked * overlaps - static_cast<double>(patterns) * state;
  }
  // ±1 states: the integer fields of the recall, unit by unit.
  detail::PackedOverlapFields fields(rows, columns, row_sums, neurons, patterns);
  fields.reset(fields.start_products(state).col(0));
  Vector field(neurons);
  fields.for_each_field(state,
                        [&field](Index i, std::int64_t value) { field[i] = static_cast<double>(value); });
  return field;
}

Matrix PackedCouplings::coupling_matrix() const {
  const Index n = dimension();
  Matrix couplings(n, n);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < n; ++j) couplings(i, j) = bytes->at(i, j);
  return couplings;
}

}  // namespace storage

HebbStorage storage_kind(const CouplingStorage& storage) {
  return std::visit(
      [](const auto& held) {
        using Held = std::decay_t<decltype(held)>;
        if constexpr (std::is_same_v<Held, storage::Couplings>) return HebbStorage::Couplings;
        if constexpr (std::is_same_v<Held, storage::Overlaps>) return HebbStorage::Overlaps;
        if constexpr (std::is_same_v<Held, storage::PackedOverlaps>) return HebbStorage::PackedOverlaps;
        if constexpr (std::is_same_v<Held, storage::PackedCouplings>) return HebbStorage::PackedCouplings;
      },
      storage);
}

}  // namespace hopfield
