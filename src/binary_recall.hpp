// The recall of the binary models (library-internal), written once against "fields": the incremental state
// of one probe that a model provides (src/classical_fields.hpp for the classical storages, the dense
// associative memory's own in src/dense_memory.cpp). Fields give
//   Start start_products(probes) const;  what reset needs for each probe of a block, from one product
//   void reset(start column);            the probe's starting state
//   bool flips(i, state_i) const;        whether unit i flips now
//   void change(i, delta);               unit i changed by delta (= −2 state_i)
//   double energy(state) const;          the energy of the state
// and optionally prefetch(i) (unit i is checked soon), end_sweep(flips, state) (told after every sweep),
// integer_signs() with integer_sweep(order, state) (a whole sweep at once), kept()/next_flip/add_flip_rows
// (fields advanced flip by flip, several probes side by side) and statistics() (summed over the probes).
//
// Synchronous dynamics take a rule instead: step(state, next) writes the next state and returns how many
// units changed; energy(state).
#pragma once

#include <cstdint>
#include <numeric>
#include <optional>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

#include "hopfield/binary_dynamics.hpp"
#include "recall_driver.hpp"

namespace hopfield::recall {

/// A sweep's place in its order and the flips it made so far (for fields advanced flip by flip).
struct SweepCursor {
  std::size_t position = 0;
  std::int64_t flips = 0;
};

/// For fields without statistics.
struct NoStatistics {
  NoStatistics& operator+=(const NoStatistics&) { return *this; }
};

template <typename Fields>
struct StatisticsOf {
  using type = NoStatistics;
};
template <typename Fields>
requires requires(const Fields& fields) {
  fields.statistics();
}
struct StatisticsOf<Fields> {
  using type = decltype(std::declval<const Fields&>().statistics());
};

template <typename Fields>
concept FlipByFlip = requires(Fields& fields, const std::vector<std::int32_t>& order, SweepCursor& cursor,
                              Vector& state) {
  { fields.kept() } -> std::same_as<bool>;
  { fields.next_flip(order, cursor, state) } -> std::same_as<Index>;
};

/// The recall and the fields' statistics summed over its probes.
template <typename Statistics>
struct BinaryRecall {
  RecallResult result;
  Statistics statistics;
};

/// Asynchronous dynamics, block by block (run_block may run on several threads at once: each probe writes
/// only its own entries of the result and of the statistics).
template <typename Fields>
class AsynchronousRecall {
 public:
  using Statistics = typename StatisticsOf<Fields>::type;

  AsynchronousRecall(const MatrixView& probes, const RecallOptions& options, const Fields& prototype,
                     RecallResult& result)
      : probes_(probes),
        options_(options),
        prototype_(prototype),
        result_(result),
        statistics_(static_cast<std::size_t>(probes.cols())) {}

  void run_block(ProbeBlock block) {
    const auto start = prototype_.start_products(probes_.middleCols(block.first, block.count));
    if constexpr (FlipByFlip<Fields>) {
      if (prototype_.integer_signs()) return run_side_by_side(block, start);
    }
    for (Index k = block.first; k < block.first + block.count; ++k) {
      Probe probe = start_probe(k, start.col(k - block.first));
      run_sweeps(probe, Until::Finished);
    }
  }

  Statistics statistics() const {
    return std::accumulate(statistics_.begin(), statistics_.end(), Statistics{},
                           [](Statistics sum, const Statistics& one) { return sum += one; });
  }

 private:
  struct Probe {
    Index index;
    Vector state;
    Fields fields;
    Rng rng;
    std::vector<std::int32_t> order;  // 32 bits: half the cache lines of a sweep's shuffle
    ProbeOutcome out{};
    SweepCursor cursor{};  // within the current sweep
    bool in_sweep = false;
  };
  // run_sweeps runs until the probe finishes, or until its fields are kept (then it goes flip by flip).
  enum class Until : std::uint8_t { Finished, FieldsKept };

  template <typename StartColumn>
  Probe start_probe(Index k, const StartColumn& start) {
    const auto n = static_cast<std::int32_t>(probes_.rows());
    Probe probe{.index = k,
                .state = probes_.col(k),
                .fields = prototype_,
                .rng = probe_rng(options_.seed, k),
                .order = std::vector<std::int32_t>(static_cast<std::size_t>(n))};
    probe.fields.reset(start);
    std::iota(probe.order.begin(), probe.order.end(), std::int32_t{0});
    if (options_.record_energy) probe.out.energy_trace.push_back(probe.fields.energy(probe.state));
    return probe;
  }

  void finish(Probe& probe) {
    probe.out.energy = probe.fields.energy(probe.state);
    if constexpr (!std::is_same_v<Statistics, NoStatistics>)
      statistics_[static_cast<std::size_t>(probe.index)] = probe.fields.statistics();
    store(result_, probe.index, probe.state, std::move(probe.out));
  }

  // The next sweep's order; false, the probe finished, after max_sweeps.
  bool begin_sweep(Probe& probe) {
    if (probe.out.sweeps >= options_.max_sweeps) {
      finish(probe);
      return false;
    }
    if (options_.dynamics == Dynamics::Asynchronous) probe.rng.shuffle(std::span<std::int32_t>(probe.order));
    ++probe.out.sweeps;
    probe.cursor = {};
    return true;
  }

  // After a sweep; false, the probe finished, at a fixed point.
  bool end_sweep(Probe& probe) {
    const std::int64_t flips = probe.cursor.flips;
    probe.out.flips += flips;
    if constexpr (requires { probe.fields.end_sweep(flips, probe.state); })
      probe.fields.end_sweep(flips, probe.state);
    if (options_.record_energy) probe.out.energy_trace.push_back(probe.fields.energy(probe.state));
    if (flips != 0) return true;
    probe.out.outcome = Outcome::FixedPoint;
    finish(probe);
    return false;
  }

  void sweep(Probe& probe) {
    Fields& fields = probe.fields;
    Vector& state = probe.state;
    if constexpr (requires { fields.integer_sweep(probe.order, state); }) {
      if (fields.integer_signs()) {
        probe.cursor.flips += fields.integer_sweep(probe.order, state);
        return;
      }
    }
    const std::vector<std::int32_t>& order = probe.order;
    for (std::size_t t = 0; t < order.size(); ++t) {
      const Index i = order[t];
      if constexpr (requires { fields.prefetch(i); }) {
        if (t + 2 < order.size()) fields.prefetch(order[t + 2]);
      }
      if (fields.flips(i, state[i])) {
        fields.change(i, -2.0 * state[i]);
        state[i] = -state[i];
        ++probe.cursor.flips;
      }
    }
  }

  // Whole sweeps; false when the probe finished, true when its fields are kept (Until::FieldsKept).
  bool run_sweeps(Probe& probe, Until until) {
    while (true) {
      if constexpr (FlipByFlip<Fields>) {
        if (until == Until::FieldsKept && probe.fields.kept()) return true;
      }
      if (!begin_sweep(probe)) return false;
      sweep(probe);
      if (!end_sweep(probe)) return false;
    }
  }

  // Kept fields: runs the probe to its next flip (the row not yet added) and returns the unit, or −1 when the
  // probe finished.
  Index next_flip(Probe& probe) {
    while (true) {
      if (!probe.in_sweep) {
        if (!begin_sweep(probe)) return -1;
        probe.in_sweep = true;
      }
      const Index unit = probe.fields.next_flip(probe.order, probe.cursor, probe.state);
      if (unit >= 0) return unit;
      probe.in_sweep = false;
      if (!end_sweep(probe)) return -1;
    }
  }

  // Kept fields cost one row of couplings per flip, read from memory; rows of several probes read side by
  // side come faster than one by one, so up to Fields::side_by_side probes advance together, flip by flip,
  // their rows added in one pass (Fields::add_flip_rows).
  template <typename Start>
  void run_side_by_side(ProbeBlock block, const Start& start) {
    constexpr int width = Fields::side_by_side;
    std::vector<std::optional<Probe>> slots(width);
    Index next = block.first;
    const Index end = block.first + block.count;
    while (true) {
      int active = 0;
      for (auto& slot : slots) {
        while (!slot && next < end) {
          slot.emplace(start_probe(next, start.col(next - block.first)));
          ++next;
          if (!run_sweeps(*slot, Until::FieldsKept)) slot.reset();
        }
        active += slot.has_value();
      }
      if (active == 0) return;
      Fields* flipped[width];
      Index units[width];
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
      if (flips > 0)
        Fields::add_flip_rows(std::span<Fields* const>(flipped, static_cast<std::size_t>(flips)), units);
    }
  }

  const MatrixView& probes_;
  const RecallOptions& options_;
  const Fields& prototype_;
  RecallResult& result_;
  std::vector<Statistics> statistics_;  // one per probe
};

/// Synchronous dynamics from `state` (changed in place): every unit at once, until nothing changes, the
/// state returns to the one two steps back (a 2-cycle) or max_sweeps.
template <typename Rule>
ProbeOutcome run_synchronous(Vector& state, const RecallOptions& options, const Rule& rule) {
  ProbeOutcome out;
  Vector previous = state;  // the state one step back, for 2-cycle detection
  Vector next(state.size());
  if (options.record_energy) out.energy_trace.push_back(rule.energy(state));
  while (out.sweeps < options.max_sweeps) {
    ++out.sweeps;
    const std::int64_t changed = rule.step(state, next);
    out.flips += changed;
    if (changed == 0) {
      out.outcome = Outcome::FixedPoint;
      if (options.record_energy) out.energy_trace.push_back(rule.energy(state));
      break;
    }
    const bool returns_two_back = out.sweeps >= 2 && next == previous;
    previous = state;
    state = next;
    if (options.record_energy) out.energy_trace.push_back(rule.energy(state));
    if (returns_two_back) {
      out.outcome = Outcome::TwoCycle;
      break;
    }
  }
  out.energy = rule.energy(state);
  return out;
}

/// The recall of every column of `probes` by the options' dynamics: asynchronous by copies of `prototype`,
/// synchronous by `rule`; blocks of binary_recall_block probes on options.threads threads.
template <typename Fields, typename Rule>
BinaryRecall<typename AsynchronousRecall<Fields>::Statistics> recall_binary(const MatrixView& probes,
                                                                            const RecallOptions& options,
                                                                            const Fields& prototype,
                                                                            const Rule& rule) {
  RecallResult result = empty_result(probes, {.trace = options.record_energy});
  AsynchronousRecall<Fields> asynchronous(probes, options, prototype, result);
  for_each_block(probes.cols(), binary_recall_block, options.threads, options.cancellation,
                 [&](ProbeBlock block) {
                   if (options.dynamics != Dynamics::Synchronous) return asynchronous.run_block(block);
                   for (Index k = block.first; k < block.first + block.count; ++k) {
                     Vector state = probes.col(k);
                     store(result, k, state, run_synchronous(state, options, rule));
                   }
                 });
  auto statistics = asynchronous.statistics();
  return {std::move(result), statistics};
}

}  // namespace hopfield::recall
