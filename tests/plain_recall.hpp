// The binary recall written plainly, as the oracle of the library's classical and dense recalls: probe k's
// unit orders from Rng(derive_seed(seed, k)), a shuffle of 0 … N−1 before every asynchronous sweep, a fixed
// order for asynchronous-fixed-order; synchronous steps until nothing changes or the state returns to the
// one two steps back. What a unit does is the caller's: `flips(v, i)` says whether unit i of state v changes.
// Also the comparison of two recalls trajectory by trajectory.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <span>
#include <vector>

#include "hopfield/binary_dynamics.hpp"
#include "hopfield/memory.hpp"
#include "hopfield/random.hpp"
#include "hopfield/types.hpp"

namespace hopfield::test_oracle {

/// One probe's synchronous run: every unit decides on the same state.
template <typename Flips>
Outcome plain_synchronous(Vector& v, const RecallOptions& options, const Flips& flips, int& sweeps,
                          std::int64_t& flipped) {
  Vector previous = v;
  while (sweeps < options.max_sweeps) {
    ++sweeps;
    Vector next = v;
    for (Index i = 0; i < v.size(); ++i) next[i] = flips(v, i) ? -v[i] : v[i];
    const std::int64_t changed = (next.array() != v.array()).count();
    flipped += changed;
    if (changed == 0) return Outcome::FixedPoint;
    const bool two_back = sweeps >= 2 && next == previous;
    previous = v;
    v = next;
    if (two_back) return Outcome::TwoCycle;
  }
  return Outcome::MaxSweeps;
}

/// One probe's asynchronous run: units decide one at a time, in the order of probe `k`.
template <typename Flips>
Outcome plain_asynchronous(Vector& v, Index k, const RecallOptions& options, const Flips& flips, int& sweeps,
                           std::int64_t& flipped) {
  Rng rng(derive_seed(options.seed, static_cast<std::uint64_t>(k)));
  std::vector<std::int32_t> order(static_cast<std::size_t>(v.size()));
  for (Index i = 0; i < v.size(); ++i) order[static_cast<std::size_t>(i)] = static_cast<std::int32_t>(i);
  while (sweeps < options.max_sweeps) {
    if (options.dynamics == Dynamics::Asynchronous) rng.shuffle(std::span<std::int32_t>(order));
    ++sweeps;
    std::int64_t changed = 0;
    for (const std::int32_t i : order) {
      if (flips(v, i)) {
        v[i] = -v[i];
        ++changed;
      }
    }
    flipped += changed;
    if (changed == 0) return Outcome::FixedPoint;
  }
  return Outcome::MaxSweeps;
}

/// Expects the same end states, sweeps, outcomes and flips, and energies within `energy_tolerance`.
inline void expect_same_trajectories(const RecallResult& a, const RecallResult& b, double energy_tolerance) {
  EXPECT_EQ(a.states, b.states);
  EXPECT_EQ(a.sweeps, b.sweeps);
  EXPECT_EQ(a.outcome, b.outcome);
  EXPECT_EQ(a.flips, b.flips);
  ASSERT_EQ(a.energy.size(), b.energy.size());
  for (std::size_t k = 0; k < a.energy.size(); ++k) EXPECT_NEAR(a.energy[k], b.energy[k], energy_tolerance);
}

/// The recall of every probe; `model.energy(v)` gives each end state's energy.
template <typename Model, typename Flips>
RecallResult plain_recall(const Model& model, const Matrix& probes, const RecallOptions& options,
                          const Flips& flips) {
  RecallResult result;
  result.states = probes;
  for (Index k = 0; k < probes.cols(); ++k) {
    Vector v = probes.col(k);
    int sweeps = 0;
    std::int64_t flipped = 0;
    const Outcome outcome = options.dynamics == Dynamics::Synchronous
                                ? plain_synchronous(v, options, flips, sweeps, flipped)
                                : plain_asynchronous(v, k, options, flips, sweeps, flipped);
    result.states.col(k) = v;
    result.sweeps.push_back(sweeps);
    result.outcome.push_back(outcome);
    result.flips.push_back(flipped);
    result.energy.push_back(model.energy(v));
  }
  return result;
}

}  // namespace hopfield::test_oracle
