// The incremental fields of one probe's recall, one class per coupling storage (library-internal): each keeps
// the scaled field C v (C = W / coupling scale) of its probe up to date as units flip, so that a recall
// (src/binary_recall.hpp) is written once, against any of them.
//
// Every class gives: start_products (for a block of probes at once, one matrix product: what reset needs for
// each), reset, at (the scaled field of unit i), change (unit i changed by delta), quadratic_form (vᵀ C v).
// The packed ones add integer_sweep (a whole sweep on exact integer fields), and PackedCouplingFields the
// kept fields advanced flip by flip (next_flip, add_flip_rows).
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <type_traits>
#include <variant>
#include <vector>

#include "binary_recall.hpp"
#include "hopfield/coupling_storage.hpp"
#include "hopfield/types.hpp"
#include "kernels/dense_product.hpp"
#include "packed_couplings.hpp"
#include "packed_patterns.hpp"

namespace hopfield::detail {

/// How often a PackedCouplings recall declined to keep its fields, or went back to its overlaps, for the
/// half-field limit.
struct KeptFieldStatistics {
  std::int64_t declined = 0;
  std::int64_t left = 0;
  KeptFieldStatistics& operator+=(const KeptFieldStatistics& other) {
    declined += other.declined;
    left += other.left;
    return *this;
  }
};

using recall::SweepCursor;

// start_products() gives, for a block of probes at once (one matrix product), what reset() needs for each.
class CouplingFields {
 public:
  using Start = Matrix;
  explicit CouplingFields(const Matrix& couplings) : couplings_(couplings) {}
  Matrix start_products(const Eigen::Ref<const Matrix>& probes) const {
    return kernels::multiply(couplings_, probes);
  }
  void reset(const Eigen::Ref<const Vector>& start_field) { field_ = start_field; }
  double at(Index i, double /*state_i*/) const { return field_[i]; }
  // Unit i changed by delta: O(N).
  void change(Index i, double delta) { kernels::add_scaled(field_, couplings_.col(i).data(), delta); }
  // vᵀ C v, from the kept field: O(N).
  double quadratic_form(const Vector& state) const { return state.dot(field_); }

 private:
  const Matrix& couplings_;
  Vector field_;
};

class OverlapFields {
 public:
  using Start = Matrix;
  OverlapFields(const Matrix& pattern_rows, const Vector& self_couplings)
      : rows_(pattern_rows), self_(self_couplings) {}
  Matrix start_products(const Eigen::Ref<const Matrix>& probes) const {
    return kernels::multiply(rows_, probes);
  }
  void reset(const Eigen::Ref<const Vector>& start_overlaps) { overlaps_ = start_overlaps; }
  // (X m)_i − (Σ_μ ξ_iμ²) v_i: O(p).
  double at(Index i, double state_i) const {
    return kernels::dot(rows_.col(i).data(), overlaps_.data(), overlaps_.size()) - self_[i] * state_i;
  }
  // Unit i changed by delta: the overlaps move by delta ξ_i·, O(p).
  void change(Index i, double delta) { kernels::add_scaled(overlaps_, rows_.col(i).data(), delta); }
  // vᵀ C v = ‖m‖² − Σ_i (Σ_μ ξ_iμ²) v_i²: O(p + N).
  double quadratic_form(const Vector& state) const {
    return overlaps_.squaredNorm() - self_.dot(state.cwiseAbs2());
  }

 private:
  const Matrix& rows_;
  const Vector& self_;
  Vector overlaps_;
};

using IntegerMatrix = Eigen::Matrix<std::int32_t, Eigen::Dynamic, Eigen::Dynamic>;

// OverlapFields in integers, from the patterns as bits (src/packed_patterns.hpp): the overlaps m are 16-bit,
// their sum S = Σ_μ m_μ is kept, and (X m)_i = S − 2 Σ_{μ: ξ_iμ = −1} m_μ. Every number is an exact integer,
// equal to the one OverlapFields computes in double precision.
class PackedOverlapFields {
 public:
  using Start = IntegerMatrix;
  PackedOverlapFields(const std::vector<std::uint16_t>& rows, const std::vector<std::uint64_t>& columns,
                      const std::vector<std::int32_t>& row_sums, Index neurons, Index patterns)
      : rows_(rows.data()),
        columns_(columns.data()),
        row_sums_(row_sums.data()),
        neurons_(neurons),
        patterns_(patterns),
        blocks_(packed::blocks_for(patterns)),
        overlaps_(static_cast<std::size_t>(blocks_ * packed::block_patterns), 0) {}
  // m = Xᵀv of every probe (±1 columns) by popcounts: O(N p / 64) per probe.
  IntegerMatrix start_products(const Eigen::Ref<const Matrix>& probes) const {
    const Index words = packed::words_for(neurons_);
    std::vector<std::uint64_t> state(static_cast<std::size_t>(words));
    IntegerMatrix overlaps(patterns_, probes.cols());
    for (Index k = 0; k < probes.cols(); ++k) {
      packed::pack_state(probes.col(k).data(), neurons_, state.data());
      for (Index mu = 0; mu < patterns_; ++mu)
        overlaps(mu, k) = packed::overlap(columns_ + mu * words, state.data(), neurons_);
    }
    return overlaps;
  }
  // m = Xᵀv of a ±1 state given by its signs (nonzero: +1), as start_products computes it.
  void reset_to_signs(const std::vector<std::uint8_t>& plus) {
    Vector state(neurons_);
    for (Index j = 0; j < neurons_; ++j) state[j] = plus[static_cast<std::size_t>(j)] != 0 ? 1.0 : -1.0;
    reset(start_products(state).col(0));
  }
  void reset(const Eigen::Ref<const Eigen::VectorXi>& start_overlaps) {
    std::fill(overlaps_.begin(), overlaps_.end(), std::int16_t{0});
    sum_ = 0;
    for (Index mu = 0; mu < patterns_; ++mu) {
      overlaps_[static_cast<std::size_t>(mu)] = static_cast<std::int16_t>(start_overlaps[mu]);
      sum_ += start_overlaps[mu];
    }
  }
  // (X m)_i − p v_i: O(p).
  double at(Index i, double state_i) const {
    const std::int64_t set_sum = packed::sum_where_set(row(i), overlaps_.data(), blocks_);
    return static_cast<double>(sum_ - 2 * set_sum - static_cast<std::int64_t>(state_i) * patterns_);
  }
  // Unit i changed by delta (±2): m += delta ξ_i·, O(p).
  void change(Index i, double delta) {
    const auto step = static_cast<std::int16_t>(delta);
    packed::add_signed(row(i), overlaps_.data(), step, blocks_);
    sum_ += std::int64_t{step} * row_sums_[i];
  }
  // One sweep in the given order, for zero thresholds and a positive scale (unit i flips when its integer
  // field opposes its state). Units go in groups of eight whose O(p) sums read the overlaps once; a flip
  // within a group changes the overlaps the later members' sums were taken with, which their fields correct
  // by the coupling to the flipped unit (a popcount of two rows). The same integers as at(), unit by unit.
  std::int64_t integer_sweep(const std::vector<std::int32_t>& order, Vector& state) {
    std::int64_t flips = 0;
    const auto n = static_cast<Index>(order.size());
    constexpr int group = 8;
    Index t = 0;
    for (; t + group <= n; t += group) {
      const std::uint16_t* rows[group];
      for (int k = 0; k < group; ++k) rows[k] = row(order[static_cast<std::size_t>(t + k)]);
      if (t + 2 * group <= n)
        for (int k = group; k < 2 * group; ++k) prefetch(order[static_cast<std::size_t>(t + k)]);
      std::int64_t set_sums[group];
      packed::sum_where_set_group<group>(rows, overlaps_.data(), blocks_, set_sums);
      const std::int64_t start_sum = sum_;
      Index flipped[group];
      std::int32_t deltas[group];
      int flipped_count = 0;
      for (int k = 0; k < group; ++k) {
        const Index i = order[static_cast<std::size_t>(t + k)];
        const auto sign = static_cast<std::int64_t>(state[i]);
        std::int64_t field = start_sum - 2 * set_sums[k] - sign * patterns_;
        for (int f = 0; f < flipped_count; ++f)
          field += deltas[f] * packed::row_coupling(rows[k], row(flipped[f]), blocks_, patterns_);
        if (field * sign < 0) {
          change(i, -2.0 * state[i]);
          flipped[flipped_count] = i;
          deltas[flipped_count++] = static_cast<std::int32_t>(-2 * sign);
          state[i] = -state[i];
          ++flips;
        }
      }
    }
    for (; t < n; ++t) {
      const Index i = order[static_cast<std::size_t>(t)];
      if (at(i, state[i]) * state[i] < 0.0) {
        change(i, -2.0 * state[i]);
        state[i] = -state[i];
        ++flips;
      }
    }
    return flips;
  }
  // visit(i, field) for every unit i, in order, with the same integer field as at(i, state[i]): the sums of
  // eight units at a time read the overlaps once.
  template <typename Visit>
  void for_each_field(const Vector& state, Visit&& visit) const {
    constexpr int group = 8;
    Index i = 0;
    for (; i + group <= neurons_; i += group) {
      const std::uint16_t* rows[group];
      for (int k = 0; k < group; ++k) rows[k] = row(i + k);
      std::int64_t set_sums[group];
      packed::sum_where_set_group<group>(rows, overlaps_.data(), blocks_, set_sums);
      for (int k = 0; k < group; ++k)
        visit(i + k, sum_ - 2 * set_sums[k] - static_cast<std::int64_t>(state[i + k]) * patterns_);
    }
    for (; i < neurons_; ++i) visit(i, static_cast<std::int64_t>(at(i, state[i])));
  }
  // vᵀ C v = ‖m‖² − p ‖v‖².
  double quadratic_form(const Vector& state) const {
    std::int64_t squares = 0;
    for (Index mu = 0; mu < patterns_; ++mu) {
      const std::int64_t m = overlaps_[static_cast<std::size_t>(mu)];
      squares += m * m;
    }
    return static_cast<double>(squares) - static_cast<double>(patterns_) * state.squaredNorm();
  }
  // Unit i is checked soon: bring its row (from L2 or L3 at large N p) towards L1.
  void prefetch(Index i) const {
    const char* bytes = reinterpret_cast<const char*>(row(i));
    for (Index offset = 0; offset < blocks_ * packed::words_per_block * 2; offset += 64)
      __builtin_prefetch(bytes + offset);
  }

 private:
  const std::uint16_t* row(Index i) const { return rows_ + i * blocks_ * packed::words_per_block; }

  const std::uint16_t* rows_;
  const std::uint64_t* columns_;
  const std::int32_t* row_sums_;
  Index neurons_, patterns_, blocks_;
  std::vector<std::int16_t> overlaps_;
  std::int64_t sum_ = 0;
};

// PackedOverlapFields until a sweep flips few units, then kept fields: the fields of all units from the
// overlaps once (N checks), then one row of byte couplings per flip and O(1) per check. The fields are kept
// as 16-bit half fields (src/packed_couplings.hpp); should one come near the end of that range, the overlaps
// take over again for the rest of the recall. No switch changes a number: all give the same exact integers.
class PackedCouplingFields {
 public:
  using Start = IntegerMatrix;
  // Kept half fields stay within ±half_field_limit (at most packed::half_field_limit, the 16-bit bound).
  PackedCouplingFields(PackedOverlapFields overlaps, const packed::CompactCouplings& couplings,
                       Index patterns, std::int32_t half_field_limit)
      : overlaps_(std::move(overlaps)),
        couplings_(couplings),
        patterns_(patterns),
        field_parity_(static_cast<std::int32_t>(((couplings.neurons - 1) * patterns) % 2)),
        limit_(std::min(half_field_limit, packed::half_field_limit(couplings))) {}
  IntegerMatrix start_products(const Eigen::Ref<const Matrix>& probes) const {
    return overlaps_.start_products(probes);
  }
  void reset(const Eigen::Ref<const Eigen::VectorXi>& start_overlaps) {
    overlaps_.reset(start_overlaps);
    kept_ = false;
    may_keep_ = true;
  }
  double at(Index i, double state_i) const {
    return kept_ ? static_cast<double>(field(i)) : overlaps_.at(i, state_i);
  }
  void change(Index i, double delta) {
    if (!kept_) return overlaps_.change(i, delta);
    plus_[static_cast<std::size_t>(i)] = delta > 0.0;
    add_flip_row(i);
  }
  double quadratic_form(const Vector& state) const {
    if (!kept_) return overlaps_.quadratic_form(state);
    std::int64_t sum = 0;
    for (Index i = 0; i < state.size(); ++i) sum += (state[i] > 0.0 ? 1 : -1) * field(i);
    return static_cast<double>(sum);
  }
  void prefetch(Index i) const {
    if (!kept_) overlaps_.prefetch(i);
  }
  // One sweep in the given order (zero thresholds, positive scale: unit i flips when its integer field
  // opposes its state): by the overlaps' grouped sweep until the fields are kept, then by the kept fields.
  std::int64_t integer_sweep(const std::vector<std::int32_t>& order, Vector& state) {
    if (!kept_) return overlaps_.integer_sweep(order, state);
    SweepCursor cursor;
    for (Index i; (i = next_flip(order, cursor, state)) >= 0;) add_flip_row(i);
    return cursor.flips;
  }
  bool kept() const { return kept_; }
  KeptFieldStatistics statistics() const { return statistics_; }
  // Kept fields: checks order[cursor.position …] until a unit flips, flips its state and returns it, its row
  // not yet added (add_flip_rows); −1 at the end of the order. Should the overlaps have taken over, checks by
  // them. Flips are counted in cursor.flips.
  Index next_flip(const std::vector<std::int32_t>& order, SweepCursor& cursor, Vector& state) {
    // A local position: the byte loads below could alias the caller's, which would go to memory every check.
    std::size_t t = cursor.position;
    std::int64_t& flips = cursor.flips;
    const auto found = [&](Index unit) {
      cursor.position = t;
      return unit;
    };
    while (t < order.size()) {
      const Index i = order[t++];
      const auto slot = static_cast<std::size_t>(i);
      if (!kept_) [[unlikely]] {
        if (overlaps_.at(i, state[i]) * state[i] < 0.0) {
          overlaps_.change(i, -2.0 * state[i]);
          state[i] = -state[i];
          ++flips;
        }
        continue;
      }
      const std::int32_t h = field(i);
      const bool plus = plus_[slot] != 0;
      // Flip when the field opposes the state: −h for +1 units, h for −1 units, is positive. Negated by
      // arithmetic ((x XOR −1) + 1 = −x), not by a branch on the state's sign, which is random and would be
      // mispredicted half the time.
      const std::int32_t negate = -static_cast<std::int32_t>(plus);
      if (((h ^ negate) - negate) > 0) {
        plus_[slot] = !plus;
        state[i] = plus ? -1.0 : 1.0;
        ++flips;
        return found(i);
      }
    }
    return found(-1);
  }
  // Probes whose kept fields advance side by side (the most add_flip_rows takes at once).
  static constexpr int side_by_side = packed::max_flip_rows;
  // Adds the rows of flipped units[k] to the kept fields of probes[k] (distinct probes, at most side_by_side;
  // Probe derives from this class), their rows read side by side; a probe whose fields come near the end of
  // the 16-bit range goes back to its overlaps.
  template <typename Probe>
  static void add_flip_rows(std::span<Probe* const> probes, const Index* units) {
    const auto count = static_cast<int>(probes.size());
    PackedCouplingFields* fields[packed::max_flip_rows];
    std::int16_t* halves[packed::max_flip_rows];
    std::int32_t signs[packed::max_flip_rows], largest[packed::max_flip_rows];
    for (int k = 0; k < count; ++k) {
      fields[k] = probes[static_cast<std::size_t>(k)];
      halves[k] = fields[k]->halves_.data();
      signs[k] = fields[k]->plus_[static_cast<std::size_t>(units[k])] != 0 ? 1 : -1;
    }
    packed::add_flip_rows(fields[0]->couplings_, units, signs, halves, count, largest);
    for (int k = 0; k < count; ++k)
      if (largest[k] > fields[k]->limit_) [[unlikely]]
        fields[k]->leave_kept();
  }
  void add_flip_row(Index i) {
    PackedCouplingFields* self = this;
    add_flip_rows(std::span<PackedCouplingFields* const>(&self, 1), &i);
  }
  // A sweep with fewer than p / 4 flips: a sweep of O(p) checks now costs more than the flips' rows (N bytes
  // from memory each, about 0.7 µs at N = 10 000 with four probes side by side; p / 8, p / 4 and p / 3 were
  // measured), so keep the fields from here on, if they fit.
  void end_sweep(std::int64_t flips, const Vector& state) {
    if (kept_ || !may_keep_ || flips == 0 || 4 * flips >= patterns_) return;
    const auto n = static_cast<std::size_t>(state.size());
    halves_.resize(n);
    plus_.resize(n);
    bool fit = true;
    overlaps_.for_each_field(state, [&](Index i, std::int64_t field) {
      const std::int64_t half = (field - field_parity_) / 2;  // exact: every field has that parity
      fit = fit && half <= limit_ && half >= -limit_;
      halves_[static_cast<std::size_t>(i)] = static_cast<std::int16_t>(half);
      plus_[static_cast<std::size_t>(i)] = state[i] > 0.0;
    });
    if (!fit) {
      ++statistics_.declined;
      may_keep_ = false;
      return;
    }
    kept_ = true;
  }

 private:
  std::int32_t field(Index i) const {
    return 2 * std::int32_t{halves_[static_cast<std::size_t>(i)]} + field_parity_;
  }
  void leave_kept() {
    ++statistics_.left;
    overlaps_.reset_to_signs(plus_);
    kept_ = false;
    may_keep_ = false;
  }

  PackedOverlapFields overlaps_;
  const packed::CompactCouplings& couplings_;
  Index patterns_;
  std::int32_t field_parity_;  // (N − 1) p mod 2: every field's parity
  std::int32_t limit_;         // kept half fields stay within ±limit_
  bool kept_ = false;
  bool may_keep_ = true;
  std::vector<std::int16_t> halves_;
  // The state's signs while kept (1: +1): an eighth of the doubles' cache lines.
  std::vector<std::uint8_t> plus_;
  KeptFieldStatistics statistics_;
};

// A storage's fields with the network's scale s and thresholds θ: unit i flips when s (C v)_i − θ_i opposes
// its state (a zero field keeps it), and E = −½ s vᵀCv + θᵀv.
template <typename Base>
class ClassicalFields : public Base {
 public:
  ClassicalFields(Base base, double scale, const Vector& thresholds)
      : Base(std::move(base)),
        scale_(scale),
        thresholds_(thresholds),
        integer_signs_(scale > 0.0 && thresholds.isZero()) {}
  // One product and one comparison, with no branch on the sign of the state, which is random.
  bool flips(Index i, double state_i) const {
    const double field = scale_ * Base::at(i, state_i) - thresholds_[i];
    return field * state_i < 0.0;
  }
  // From the kept field, never a fresh matrix-vector product.
  double energy(const Vector& state) const {
    return -0.5 * scale_ * Base::quadratic_form(state) + thresholds_.dot(state);
  }
  // With zero thresholds and a positive scale the update is the sign of the integer field itself, which the
  // packed fields apply without the double arithmetic (integer_sweep).
  bool integer_signs() const { return integer_signs_; }

 private:
  double scale_;
  const Vector& thresholds_;
  bool integer_signs_;
};

/// The fields of the storage held, with the network's scale and thresholds; visit(fields) for that type.
/// half_field_limit bounds the kept fields of PackedCouplings (see PackedCouplingFields).
template <typename Visit>
decltype(auto) visit_fields(const CouplingStorage& storage, double scale, const Vector& thresholds,
                            std::int32_t half_field_limit, Visit&& visit) {
  const auto packed_overlaps = [](const storage::PackedOverlaps& s) {
    return PackedOverlapFields(s.rows, s.columns, s.row_sums, s.neurons, s.patterns);
  };
  return std::visit(
      [&](const auto& held) -> decltype(auto) {
        using Held = std::decay_t<decltype(held)>;
        if constexpr (std::is_same_v<Held, storage::Couplings>) {
          return visit(ClassicalFields<CouplingFields>(CouplingFields(held.matrix), scale, thresholds));
        } else if constexpr (std::is_same_v<Held, storage::Overlaps>) {
          return visit(ClassicalFields<OverlapFields>(OverlapFields(held.pattern_rows, held.self_couplings),
                                                      scale, thresholds));
        } else if constexpr (std::is_same_v<Held, storage::PackedOverlaps>) {
          return visit(ClassicalFields<PackedOverlapFields>(packed_overlaps(held), scale, thresholds));
        } else {
          return visit(ClassicalFields<PackedCouplingFields>(
              PackedCouplingFields(packed_overlaps(held.overlaps), *held.bytes, held.overlaps.patterns,
                                   half_field_limit),
              scale, thresholds));
        }
      },
      storage);
}

}  // namespace hopfield::detail
