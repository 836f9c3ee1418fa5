#include "hopfield/classical.hpp"

#include <omp.h>

#include <Eigen/Cholesky>
#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>

#include "hopfield/error.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"
#include "packed_couplings.hpp"
#include "packed_patterns.hpp"

namespace hopfield {
namespace {

void require_patterns(const Matrix& patterns, const char* rule) {
  require(patterns.rows() > 0, rule, ": patterns have dimension 0");
  require(patterns.cols() > 0, rule, ": no patterns to store (0 columns)");
  require_finite(patterns, std::string(rule) + ": patterns");
}

// Σ ξ ξᵀ with zero diagonal: integers for ±1 patterns (exact in double).
Matrix outer_product_sum(const Matrix& patterns) {
  const Index n = patterns.rows();
  // For ±1 patterns every partial sum is an integer of magnitude ≤ p: exact in single precision while
  // p < 2^24, whatever the summation order. The float product is then the same bits, twice as fast.
  const bool exact_in_float = patterns.cols() < (Index{1} << 24) && (patterns.array().abs() == 1.0).all();
  Matrix sum;
  if (exact_in_float) {
    Eigen::MatrixXf sum_float = Eigen::MatrixXf::Zero(n, n);
    sum_float.selfadjointView<Eigen::Lower>().rankUpdate(patterns.cast<float>());
    sum = sum_float.cast<double>();
  } else {
    sum = Matrix::Zero(n, n);
    sum.selfadjointView<Eigen::Lower>().rankUpdate(patterns);
  }
  sum.triangularView<Eigen::StrictlyUpper>() = sum.transpose();
  sum.diagonal().setZero();
  return sum;
}

double sign_keeping_ties(double field, double current) {
  return field > 0.0 ? 1.0 : (field < 0.0 ? -1.0 : current);
}

struct ProbeOutcome {
  int sweeps = 0;
  Outcome outcome = Outcome::MaxSweeps;
  std::int64_t flips = 0;
  double energy = 0.0;
};

}  // namespace

Matrix hebb_weights(const Matrix& patterns) {
  require_patterns(patterns, "hebb_weights");
  return outer_product_sum(patterns) / static_cast<double>(patterns.rows());
}

Matrix storkey_weights(const Matrix& patterns) {
  require_patterns(patterns, "storkey_weights");
  const Index n = patterns.rows();
  const double inv_n = 1.0 / static_cast<double>(n);
  Matrix w = Matrix::Zero(n, n);
  for (Index mu = 0; mu < patterns.cols(); ++mu) {
    const Vector xi = patterns.col(mu);
    // With w_ii = 0: h_ij = f_i − w_ij ξ_j where f = W ξ, so
    // Δw_ij = (ξ_i ξ_j − ξ_i f_j − f_i ξ_j + w_ij (ξ_i² + ξ_j²)) / N.
    const Vector f = w * xi;
    const Vector xi_squared = xi.array().square();
    Matrix delta = xi * xi.transpose() - xi * f.transpose() - f * xi.transpose();
    delta.array() +=
        w.array() * (xi_squared.replicate(1, n) + xi_squared.transpose().replicate(n, 1)).array();
    w += inv_n * delta;
    w.diagonal().setZero();
  }
  return w;
}

Matrix pseudoinverse_weights(const Matrix& patterns, const PseudoinverseOptions& options) {
  require_patterns(patterns, "pseudoinverse_weights");
  require(std::isfinite(options.ridge) && options.ridge >= 0.0,
          "pseudoinverse_weights: ridge must be finite and >= 0, got ", options.ridge);
  const Index n = patterns.rows();
  const Index p = patterns.cols();
  require(options.ridge > 0.0 || p <= n, "pseudoinverse_weights: ", p, " patterns of dimension ", n,
          " are linearly dependent (p > N), so the Gram matrix XᵀX is singular; use ridge > 0");
  Matrix gram = patterns.transpose() * patterns;
  gram.diagonal().array() += options.ridge;
  const Eigen::LLT<Matrix> cholesky(gram);
  const double reciprocal_condition = cholesky.info() == Eigen::Success ? cholesky.rcond() : 0.0;
  require(reciprocal_condition > 1e3 * std::numeric_limits<double>::epsilon(),
          "pseudoinverse_weights: the Gram matrix XᵀX of the ", p,
          " patterns is singular or nearly so (reciprocal condition ", reciprocal_condition,
          "): the patterns are linearly dependent; remove duplicates or use ridge > 0");
  Matrix w = patterns * cholesky.solve(patterns.transpose());
  w = (0.5 * (w + w.transpose()))
          .eval();  // exactly symmetric (eval: no aliasing), so the energy argument holds to the last bit
  if (options.zero_diagonal) w.diagonal().setZero();
  return w;
}

Dynamics dynamics_from_name(std::string_view name) {
  for (const auto dynamics :
       {Dynamics::Asynchronous, Dynamics::AsynchronousFixedOrder, Dynamics::Synchronous}) {
    if (dynamics_name(dynamics) == name) return dynamics;
  }
  throw Error(detail::concat("unknown dynamics '", name,
                             "'; expected asynchronous, asynchronous-fixed-order or synchronous"));
}

std::string_view dynamics_name(Dynamics dynamics) {
  switch (dynamics) {
    case Dynamics::Asynchronous:
      return "asynchronous";
    case Dynamics::AsynchronousFixedOrder:
      return "asynchronous-fixed-order";
    case Dynamics::Synchronous:
      return "synchronous";
  }
  return "unknown";
}

namespace {

// The scaled local field C v (C = W / coupling_scale) of one probe, kept up to date incrementally.
// Two representations with one interface: a recall is written once, against either.
//
// start_products() gives, for a block of probes at once (one matrix product), what reset() needs for each.
class CouplingFields {
 public:
  using Start = Matrix;
  explicit CouplingFields(const Matrix& couplings) : couplings_(couplings) {}
  Matrix start_products(const Eigen::Ref<const Matrix>& probes) const { return couplings_ * probes; }
  void reset(const Eigen::Ref<const Vector>& start_field) { field_ = start_field; }
  double at(Index i, double /*state_i*/) const { return field_[i]; }
  // Unit i changed by delta: O(N).
  void change(Index i, double delta) { field_.noalias() += delta * couplings_.col(i); }
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
  Matrix start_products(const Eigen::Ref<const Matrix>& probes) const { return rows_ * probes; }
  void reset(const Eigen::Ref<const Vector>& start_overlaps) { overlaps_ = start_overlaps; }
  // (X m)_i − (Σ_μ ξ_iμ²) v_i: O(p).
  double at(Index i, double state_i) const { return rows_.col(i).dot(overlaps_) - self_[i] * state_i; }
  // Unit i changed by delta: the overlaps move by delta ξ_i·, O(p).
  void change(Index i, double delta) { overlaps_.noalias() += delta * rows_.col(i); }
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
  bool integer_sweep(const std::vector<std::int32_t>& order, Vector& state, std::int64_t& flips) {
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
    return true;
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
  PackedCouplingFields(PackedOverlapFields overlaps, const packed::CompactCouplings& couplings,
                       Index patterns)
      : overlaps_(std::move(overlaps)),
        couplings_(couplings),
        patterns_(patterns),
        field_parity_(static_cast<std::int32_t>(((couplings.neurons - 1) * patterns) % 2)),
        limit_(packed::half_field_limit(couplings)) {}
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
  bool integer_sweep(const std::vector<std::int32_t>& order, Vector& state, std::int64_t& flips) {
    if (!kept_) return overlaps_.integer_sweep(order, state, flips);
    std::size_t position = 0;
    for (Index i; (i = next_flip(order, position, state, flips)) >= 0;) add_flip_row(i);
    return true;
  }
  bool kept() const { return kept_; }
  // Kept fields: checks order[position …] until a unit flips, flips its state and returns it, its row not yet
  // added (add_flip_rows); −1 at the end of the order. Should the overlaps have taken over, checks by them.
  Index next_flip(const std::vector<std::int32_t>& order, std::size_t& position, Vector& state,
                  std::int64_t& flips) {
    // A local position: the byte loads below could alias the caller's, which would go to memory every check.
    std::size_t t = position;
    const auto found = [&](Index unit) {
      position = t;
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
  // Adds the rows of flipped units[k] to the kept fields of probes[k] (distinct probes, at most
  // packed::max_flip_rows), their rows read side by side; a probe whose fields come near the end of the
  // 16-bit range goes back to its overlaps.
  static void add_flip_rows(PackedCouplingFields* const* probes, const Index* units, int count) {
    std::int16_t* halves[packed::max_flip_rows];
    std::int32_t signs[packed::max_flip_rows], largest[packed::max_flip_rows];
    for (int k = 0; k < count; ++k) {
      halves[k] = probes[k]->halves_.data();
      signs[k] = probes[k]->plus_[static_cast<std::size_t>(units[k])] != 0 ? 1 : -1;
    }
    packed::add_flip_rows(probes[0]->couplings_, units, signs, halves, count, largest);
    for (int k = 0; k < count; ++k)
      if (largest[k] > probes[k]->limit_) [[unlikely]]
        probes[k]->leave_kept();
  }
  void add_flip_row(Index i) {
    PackedCouplingFields* self = this;
    add_flip_rows(&self, &i, 1);
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
      packed::kept_fields_declined.fetch_add(1, std::memory_order_relaxed);
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
    packed::kept_fields_left.fetch_add(1, std::memory_order_relaxed);
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
};

bool all_plus_minus_one(const Matrix& values) {
  return (values.array().abs() == 1.0).all();
}

// Why the packed storages cannot hold N x p patterns (empty when they can); the entries are checked apart.
std::string not_packable_reason(Index n, Index p, const HebbOptions& options) {
  if (options.centre) return "centred patterns are not ±1";
  if (n > packed::max_neurons) return detail::concat("N = ", n, " exceeds ", packed::max_neurons);
  if (n * p > packed::max_neurons_times_patterns)
    return detail::concat("N p = ", n * p, " exceeds ", packed::max_neurons_times_patterns);
  return {};
}

// The storage to use: the requested one (an error when it is packed and cannot hold the patterns), or the
// automatic choice.
HebbStorage resolve_storage(Index n, Index p, const HebbOptions& options, const std::string& not_packable) {
  const bool packed_storage =
      options.storage == HebbStorage::PackedOverlaps || options.storage == HebbStorage::PackedCouplings;
  require(!packed_storage || not_packable.empty(), "ClassicalHopfield::hebb: storage ",
          options.storage == HebbStorage::PackedOverlaps ? "PackedOverlaps" : "PackedCouplings",
          " needs ±1 patterns, no centring, N <= ", packed::max_neurons,
          " and N p <= ", packed::max_neurons_times_patterns, ", but ", not_packable);
  if (options.storage != HebbStorage::Automatic) return options.storage;
  if (n <= 4096) return HebbStorage::Couplings;
  if (not_packable.empty()) return 8 * p >= n ? HebbStorage::PackedCouplings : HebbStorage::PackedOverlaps;
  return 4 * p <= n ? HebbStorage::Overlaps : HebbStorage::Couplings;
}

}  // namespace

ClassicalHopfield ClassicalHopfield::hebb(const Matrix& patterns, const HebbOptions& options) {
  require_patterns(patterns, "ClassicalHopfield::hebb");
  const Index n = patterns.rows();
  const Index p = patterns.cols();
  std::string not_packable = not_packable_reason(n, p, options);
  if (not_packable.empty() && !all_plus_minus_one(patterns))
    not_packable = "the patterns have entries other than +1 and -1";
  const HebbStorage storage = resolve_storage(n, p, options, not_packable);
  if (storage == HebbStorage::PackedOverlaps || storage == HebbStorage::PackedCouplings)
    return packed_hebb(packed::pack_columns(patterns), n, p, storage);
  ClassicalHopfield network;
  const Matrix stored = options.centre ? centre_patterns(patterns) : patterns;
  if (storage == HebbStorage::Overlaps) {
    network.pattern_rows_ = stored.transpose();
    network.self_couplings_ = stored.rowwise().squaredNorm();
  } else {
    network.couplings_ = outer_product_sum(stored);
  }
  network.coupling_scale_ = 1.0 / static_cast<double>(n);
  network.thresholds_ = Vector::Zero(n);
  network.pattern_count_ = p;
  return network;
}

ClassicalHopfield ClassicalHopfield::hebb(const BinaryPatterns& patterns, const HebbOptions& options) {
  const Index n = patterns.dimension(), p = patterns.count();
  require(p > 0, "ClassicalHopfield::hebb: no patterns to store (0 columns)");
  const HebbStorage storage = resolve_storage(n, p, options, not_packable_reason(n, p, options));
  if (storage != HebbStorage::PackedOverlaps && storage != HebbStorage::PackedCouplings)
    return hebb(patterns.to_matrix(), {.centre = options.centre, .storage = storage});
  const std::uint64_t* first = patterns.pattern_words(0);
  return packed_hebb(std::vector<std::uint64_t>(first, first + p * patterns.words_per_pattern()), n, p,
                     storage);
}

ClassicalHopfield ClassicalHopfield::packed_hebb(std::vector<std::uint64_t> columns, Index n, Index p,
                                                 HebbStorage storage) {
  ClassicalHopfield network;
  network.packed_rows_ = packed::pack_rows_from_columns(columns.data(), n, p);
  network.packed_columns_ = std::move(columns);
  // Σ_μ ξ_iμ = p − 2 (number of −1 in row i); padding bits are clear.
  network.row_sums_.resize(static_cast<std::size_t>(n));
  const Index row_words = packed::blocks_for(p) * packed::words_per_block;
  for (Index i = 0; i < n; ++i) {
    Index minus = 0;
    for (Index w = 0; w < row_words; ++w)
      minus += std::popcount(network.packed_rows_[static_cast<std::size_t>(i * row_words + w)]);
    network.row_sums_[static_cast<std::size_t>(i)] = static_cast<std::int32_t>(p - 2 * minus);
  }
  if (storage == HebbStorage::PackedCouplings) {
    network.compact_couplings_ = std::make_shared<const packed::CompactCouplings>(
        packed::build_compact_couplings(network.packed_rows_.data(), n, p, packed::blocks_for(p)));
  }
  network.coupling_scale_ = 1.0 / static_cast<double>(n);
  network.thresholds_ = Vector::Zero(n);
  network.pattern_count_ = p;
  return network;
}

ClassicalHopfield ClassicalHopfield::storkey(const Matrix& patterns) {
  ClassicalHopfield network;
  network.couplings_ = storkey_weights(patterns);
  network.thresholds_ = Vector::Zero(patterns.rows());
  network.pattern_count_ = patterns.cols();
  return network;
}

ClassicalHopfield ClassicalHopfield::pseudoinverse(const Matrix& patterns,
                                                   const PseudoinverseOptions& options) {
  ClassicalHopfield network;
  network.couplings_ = pseudoinverse_weights(patterns, options);
  network.thresholds_ = Vector::Zero(patterns.rows());
  network.pattern_count_ = patterns.cols();
  return network;
}

ClassicalHopfield ClassicalHopfield::from_weights(Matrix weights, Vector thresholds) {
  require(weights.rows() > 0 && weights.rows() == weights.cols(),
          "ClassicalHopfield::from_weights: weights must be ", "a non-empty square matrix, got ",
          weights.rows(), " x ", weights.cols());
  require_finite(weights, "ClassicalHopfield::from_weights: weights");
  require(weights.isApprox(weights.transpose(), 1e-12) || weights.isZero(),
          "ClassicalHopfield::from_weights: weights must be symmetric");
  if (thresholds.size() == 0) thresholds = Vector::Zero(weights.rows());
  require(thresholds.size() == weights.rows(), "ClassicalHopfield::from_weights: ", thresholds.size(),
          " thresholds for ", weights.rows(), " units");
  require_finite(thresholds, "ClassicalHopfield::from_weights: thresholds");
  ClassicalHopfield network;
  network.couplings_ = std::move(weights);
  network.thresholds_ = std::move(thresholds);
  return network;
}

Matrix ClassicalHopfield::unpacked_patterns() const {
  const Index n = dimension(), p = pattern_count_, blocks = packed::blocks_for(p);
  Matrix patterns(n, p);
  for (Index i = 0; i < n; ++i) {
    const std::uint16_t* row = packed_rows_.data() + i * blocks * packed::words_per_block;
    for (Index mu = 0; mu < p; ++mu) patterns(i, mu) = packed::row_bit(row, mu) ? -1.0 : 1.0;
  }
  return patterns;
}

Matrix ClassicalHopfield::couplings() const {
  if (uses_packed_couplings()) {
    // From the stored bytes and exceptions, so that a test of this checks the build itself.
    const Index n = dimension();
    Matrix couplings(n, n);
    for (Index i = 0; i < n; ++i)
      for (Index j = 0; j < n; ++j) couplings(i, j) = compact_couplings_->at(i, j);
    return couplings;
  }
  if (uses_packed_overlaps()) return outer_product_sum(unpacked_patterns());
  if (!uses_overlaps()) return couplings_;
  Matrix couplings = pattern_rows_.transpose() * pattern_rows_;
  couplings.diagonal().setZero();
  return couplings;
}

Vector ClassicalHopfield::scaled_field(const Vector& state) const {
  if (uses_packed_overlaps()) {
    if (!all_plus_minus_one(state)) {
      const Matrix patterns = unpacked_patterns();
      const Vector overlaps = patterns.transpose() * state;
      return patterns * overlaps - static_cast<double>(pattern_count_) * state;
    }
    // ±1 states: the integer fields of the recall, unit by unit.
    PackedOverlapFields fields(packed_rows_, packed_columns_, row_sums_, dimension(), pattern_count_);
    fields.reset(fields.start_products(state).col(0));
    Vector field(dimension());
    fields.for_each_field(state,
                          [&field](Index i, std::int64_t value) { field[i] = static_cast<double>(value); });
    return field;
  }
  if (!uses_overlaps()) return couplings_ * state;
  const Vector overlaps = pattern_rows_ * state;
  return pattern_rows_.transpose() * overlaps - self_couplings_.cwiseProduct(state);
}

Vector ClassicalHopfield::local_field(const Vector& state) const {
  require(state.size() == dimension(), "local_field: state has dimension ", state.size(),
          ", the network has ", dimension(), " units");
  return coupling_scale_ * scaled_field(state) - thresholds_;
}

double ClassicalHopfield::energy(const Vector& state) const {
  require(state.size() == dimension(), "energy: state has dimension ", state.size(), ", the network has ",
          dimension(), " units");
  return -0.5 * coupling_scale_ * state.dot(scaled_field(state)) + thresholds_.dot(state);
}

RecallResult ClassicalHopfield::recall(const Matrix& probes, const RecallOptions& options) const {
  require(probes.rows() == dimension(), "recall: probes have dimension ", probes.rows(), ", the network has ",
          dimension(), " units");
  require_binary(probes, "recall: probes");
  require(options.max_sweeps >= 1, "recall: max_sweeps must be >= 1, got ", options.max_sweeps);
  require(options.threads >= 0, "recall: threads must be >= 0, got ", options.threads);
  // Sweep orders hold 32-bit unit indices (half the cache lines of 64-bit ones).
  require(dimension() <= std::numeric_limits<std::int32_t>::max(), "recall: ", dimension(),
          " units exceed the 2^31 - 1 that a sweep order holds");
  if (uses_packed_couplings()) return run_recall<PackedCouplingFields>(probes, options);
  if (uses_packed_overlaps()) return run_recall<PackedOverlapFields>(probes, options);
  return uses_overlaps() ? run_recall<OverlapFields>(probes, options)
                         : run_recall<CouplingFields>(probes, options);
}

template <typename Fields>
RecallResult ClassicalHopfield::run_recall(const Matrix& probes, const RecallOptions& options) const {
  const Index n = dimension();
  const Index batch = probes.cols();
  const auto batch_size = static_cast<std::size_t>(batch);
  RecallResult result;
  result.states = probes;
  result.sweeps.assign(batch_size, 0);
  result.outcome.assign(batch_size, Outcome::MaxSweeps);
  result.flips.assign(batch_size, 0);
  result.energy.assign(batch_size, 0.0);
  result.energy_trace.assign(options.record_energy ? batch_size : 0, {});
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  const auto make_fields = [this] {
    if constexpr (std::is_same_v<Fields, PackedCouplingFields>) {
      return PackedCouplingFields(
          PackedOverlapFields(packed_rows_, packed_columns_, row_sums_, dimension(), pattern_count_),
          *compact_couplings_, pattern_count_);
    } else if constexpr (std::is_same_v<Fields, PackedOverlapFields>) {
      return PackedOverlapFields(packed_rows_, packed_columns_, row_sums_, dimension(), pattern_count_);
    } else if constexpr (std::is_same_v<Fields, OverlapFields>) {
      return OverlapFields(pattern_rows_, self_couplings_);
    } else {
      return CouplingFields(couplings_);
    }
  };

  // Checking a unit costs O(1) (couplings) or O(p) (overlaps); only a flip updates the fields.
  // With zero thresholds and a positive scale the update is the sign of the integer field itself, which a
  // kept integer field vector can apply without the double arithmetic (integer_sweep of the packed fields).
  const bool integer_signs = coupling_scale_ > 0.0 && thresholds_.isZero();
  // One probe's asynchronous recall, as steps (start, sweeps, end) that the loops below put together.
  struct Probe {
    Index index;
    Vector state;
    Fields fields;
    Rng rng;
    std::vector<std::int32_t> order;  // 32 bits: half the cache lines of a sweep's shuffle
    std::vector<double>* trace;
    ProbeOutcome out{};
    std::int64_t flips_this_sweep = 0;
    std::size_t position = 0;  // in order, within a sweep taken flip by flip
    bool in_sweep = false;
  };
  // E = −½ scale vᵀCv + θᵀv from the kept field, never a fresh matrix-vector product.
  const auto current_energy = [&](const Probe& probe) {
    return -0.5 * coupling_scale_ * probe.fields.quadratic_form(probe.state) + thresholds_.dot(probe.state);
  };
  const auto start_probe = [&](Index k, const auto& start) {
    const auto slot = static_cast<std::size_t>(k);
    Probe probe{.index = k,
                .state = probes.col(k),
                .fields = make_fields(),
                .rng = Rng(derive_seed(options.seed, static_cast<std::uint64_t>(k))),
                .order = std::vector<std::int32_t>(static_cast<std::size_t>(n)),
                .trace = options.record_energy ? &result.energy_trace[slot] : nullptr};
    probe.fields.reset(start);
    for (Index i = 0; i < n; ++i) probe.order[static_cast<std::size_t>(i)] = static_cast<std::int32_t>(i);
    if (probe.trace) probe.trace->push_back(current_energy(probe));
    return probe;
  };
  const auto finish_probe = [&](Probe& probe) {
    probe.out.energy = current_energy(probe);
    const auto slot = static_cast<std::size_t>(probe.index);
    result.states.col(probe.index) = probe.state;
    result.sweeps[slot] = probe.out.sweeps;
    result.outcome[slot] = probe.out.outcome;
    result.flips[slot] = probe.out.flips;
    result.energy[slot] = probe.out.energy;
  };
  // The next sweep's order; false, the probe finished, after max_sweeps.
  const auto begin_sweep = [&](Probe& probe) {
    if (probe.out.sweeps >= options.max_sweeps) {
      finish_probe(probe);
      return false;
    }
    if (options.dynamics == Dynamics::Asynchronous) probe.rng.shuffle(std::span<std::int32_t>(probe.order));
    ++probe.out.sweeps;
    probe.flips_this_sweep = 0;
    probe.position = 0;
    return true;
  };
  // After a sweep; false, the probe finished, at a fixed point.
  const auto end_sweep = [&](Probe& probe) {
    probe.out.flips += probe.flips_this_sweep;
    if constexpr (requires { probe.fields.end_sweep(probe.flips_this_sweep, probe.state); }) {
      probe.fields.end_sweep(probe.flips_this_sweep, probe.state);
    }
    if (probe.trace) probe.trace->push_back(current_energy(probe));
    if (probe.flips_this_sweep != 0) return true;
    probe.out.outcome = Outcome::FixedPoint;
    finish_probe(probe);
    return false;
  };
  const auto sweep = [&](Probe& probe) {
    Vector& state = probe.state;
    Fields& fields = probe.fields;
    if constexpr (requires { fields.integer_sweep(probe.order, state, probe.flips_this_sweep); }) {
      if (integer_signs) {
        fields.integer_sweep(probe.order, state, probe.flips_this_sweep);
        return;
      }
    }
    for (std::size_t t = 0; t < probe.order.size(); ++t) {
      const Index i = probe.order[t];
      if constexpr (requires { fields.prefetch(i); }) {
        if (t + 2 < probe.order.size()) fields.prefetch(probe.order[t + 2]);
      }
      // The unit flips when its field has the opposite sign (a zero field keeps the state): one product and
      // one comparison, with no branch on the sign of the state, which is random.
      const double field = coupling_scale_ * fields.at(i, state[i]) - thresholds_[i];
      if (field * state[i] < 0.0) {
        fields.change(i, -2.0 * state[i]);
        state[i] = -state[i];
        ++probe.flips_this_sweep;
      }
    }
  };
  // Whole sweeps until the probe finishes (false) or, when asked, its fields are kept (PackedCouplingFields).
  const auto run_sweeps = [&](Probe& probe, bool until_kept) {
    while (true) {
      if constexpr (requires { probe.fields.kept(); }) {
        if (until_kept && probe.fields.kept()) return true;
      }
      if (!begin_sweep(probe)) return false;
      sweep(probe);
      if (!end_sweep(probe)) return false;
    }
  };
  // Kept fields, flip by flip: runs the probe to its next flip (the row not yet added) and returns the unit,
  // or −1 when the probe finished.
  const auto next_flip = [&](Probe& probe) -> Index {
    while (true) {
      if (!probe.in_sweep) {
        if (!begin_sweep(probe)) return -1;
        probe.in_sweep = true;
      }
      if constexpr (requires { probe.fields.kept(); }) {
        const Index unit =
            probe.fields.next_flip(probe.order, probe.position, probe.state, probe.flips_this_sweep);
        if (unit >= 0) return unit;
      }
      probe.in_sweep = false;
      if (!end_sweep(probe)) return -1;
    }
  };
  // The probes of one block, first .. first + count − 1. Kept fields cost one row of couplings per flip, read
  // from memory; rows of several probes read side by side come faster than one by one, so up to
  // max_flip_rows probes advance together, flip by flip, their rows added in one pass.
  const auto run_block = [&](Index first, Index count, const typename Fields::Start& start) {
    if constexpr (std::is_same_v<Fields, PackedCouplingFields>) {
      if (integer_signs) {
        std::vector<std::optional<Probe>> slots(packed::max_flip_rows);
        Index next = first;
        while (true) {
          int active = 0;
          for (auto& slot : slots) {
            while (!slot && next < first + count) {
              slot.emplace(start_probe(next, start.col(next - first)));
              ++next;
              if (!run_sweeps(*slot, true)) slot.reset();
            }
            active += slot.has_value();
          }
          if (active == 0) return;
          PackedCouplingFields* flipped[packed::max_flip_rows];
          Index units[packed::max_flip_rows];
          int flips = 0;
          for (auto& slot : slots) {
            if (!slot) continue;
            const Index unit = next_flip(*slot);
            if (unit < 0) {
              slot.reset();
              continue;
            }
            flipped[flips] = &slot->fields;
            units[flips++] = unit;
          }
          if (flips > 0) PackedCouplingFields::add_flip_rows(flipped, units, flips);
        }
      }
    }
    for (Index k = first; k < first + count; ++k) {
      Probe probe = start_probe(k, start.col(k - first));
      run_sweeps(probe, false);
    }
  };

  auto run_synchronous = [&](Vector& state, std::vector<double>* trace) {
    ProbeOutcome out;
    Vector previous = state;  // the state one step back, for 2-cycle detection
    Vector next(n);
    if (trace) trace->push_back(energy(state));
    while (out.sweeps < options.max_sweeps) {
      ++out.sweeps;
      const Vector field = coupling_scale_ * scaled_field(state) - thresholds_;
      std::int64_t changed = 0;
      for (Index i = 0; i < n; ++i) {
        next[i] = sign_keeping_ties(field[i], state[i]);
        changed += next[i] != state[i];
      }
      out.flips += changed;
      if (changed == 0) {
        out.outcome = Outcome::FixedPoint;
        if (trace) trace->push_back(energy(state));
        break;
      }
      const bool returns_two_back = out.sweeps >= 2 && next == previous;
      previous = state;
      state = next;
      if (trace) trace->push_back(energy(state));
      if (returns_two_back) {
        out.outcome = Outcome::TwoCycle;
        break;
      }
    }
    out.energy = energy(state);
    return out;
  };

  // Probes go in fixed blocks (independent of the thread count, so every product and every result is the same
  // bits for any number of threads): one matrix product gives the starting fields of a whole block.
  constexpr Index block = 32;
  const Index blocks = (batch + block - 1) / block;
  const Fields prototype = make_fields();
#pragma omp parallel for schedule(dynamic) num_threads(threads) if (blocks > 1)
  for (Index b = 0; b < blocks; ++b) {
    const Index first = b * block;
    const Index count = std::min(block, batch - first);
    if (options.dynamics != Dynamics::Synchronous) {
      run_block(first, count, prototype.start_products(probes.middleCols(first, count)));
      continue;
    }
    for (Index k = first; k < first + count; ++k) {
      const auto slot = static_cast<std::size_t>(k);
      Vector state = probes.col(k);
      const ProbeOutcome out =
          run_synchronous(state, options.record_energy ? &result.energy_trace[slot] : nullptr);
      result.states.col(k) = state;
      result.sweeps[slot] = out.sweeps;
      result.outcome[slot] = out.outcome;
      result.flips[slot] = out.flips;
      result.energy[slot] = out.energy;
    }
  }
  return result;
}

}  // namespace hopfield
