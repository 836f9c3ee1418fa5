// The batch-recall driver every model shares (library-internal): the result's set-up, fixed blocks of probes
// run on threads through run_in_parallel (an exception inside reaches the caller), and per-probe seeds.
// Blocks are cut the same way whatever the thread count, and each probe draws from its own seed, so a
// recall gives the same bits on any number of threads.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "hopfield/cancellation.hpp"
#include "hopfield/memory.hpp"
#include "hopfield/parallel.hpp"
#include "hopfield/random.hpp"
#include "hopfield/types.hpp"

namespace hopfield::recall {

/// Which energies a result holds.
struct EnergyRecords {
  bool trace = false;  ///< RecallResult::energy_trace, one (empty) trace per probe
  bool final = true;   ///< RecallResult::energy, one entry per probe
};

/// States = the probes (in double); every other entry as for a probe stopped at 0 sweeps by the limit.
template <typename Probes>
RecallResult empty_result(const Probes& probes, EnergyRecords records) {
  const auto batch = static_cast<std::size_t>(probes.cols());
  RecallResult result;
  result.states = probes.template cast<double>();
  result.sweeps.assign(batch, 0);
  result.outcome.assign(batch, Outcome::MaxSweeps);
  result.flips.assign(batch, 0);
  result.energy.assign(records.final ? batch : 0, 0.0);
  result.energy_trace.assign(records.trace ? batch : 0, {});
  return result;
}

/// How one probe's recall ended.
struct ProbeOutcome {
  int sweeps = 0;
  Outcome outcome = Outcome::MaxSweeps;
  std::int64_t flips = 0;
  double energy = 0.0;
  std::vector<double> energy_trace;  ///< kept only when the result records traces
};

/// Writes probe k's final state and outcome into the result.
inline void store(RecallResult& result, Index k, const Eigen::Ref<const Vector>& state, ProbeOutcome&& out) {
  const auto slot = static_cast<std::size_t>(k);
  result.states.col(k) = state;
  result.sweeps[slot] = out.sweeps;
  result.outcome[slot] = out.outcome;
  result.flips[slot] = out.flips;
  if (!result.energy.empty()) result.energy[slot] = out.energy;
  if (!result.energy_trace.empty()) result.energy_trace[slot] = std::move(out.energy_trace);
}

/// Probes first … first + count − 1 of a batch.
struct ProbeBlock {
  Index first = 0;
  Index count = 0;
};

/// run_block(block) for the blocks of `block_size` probes (the last one shorter) of a batch of `batch`, on
/// `threads` threads (0: the OpenMP default); each block writes only its own probes' entries. Before each
/// block, a cancelled `cancellation` throws Cancelled, which run_in_parallel carries out to the caller.
template <typename RunBlock>
void for_each_block(Index batch, Index block_size, int threads, const CancellationToken* cancellation,
                    RunBlock&& run_block) {
  const Index blocks = (batch + block_size - 1) / block_size;
  run_in_parallel(
      blocks,
      [&](Index b) {
        throw_if_cancelled(cancellation);
        const Index first = b * block_size;
        run_block(ProbeBlock{.first = first, .count = std::min(block_size, batch - first)});
      },
      threads);
}

/// for_each_block without a cancellation token.
template <typename RunBlock>
void for_each_block(Index batch, Index block_size, int threads, RunBlock&& run_block) {
  for_each_block(batch, block_size, threads, nullptr, std::forward<RunBlock>(run_block));
}

/// Probe k's generator: Rng(derive_seed(seed, k)), whatever thread runs it.
inline Rng probe_rng(std::uint64_t seed, Index k) {
  return Rng(derive_seed(seed, static_cast<std::uint64_t>(k)));
}

}  // namespace hopfield::recall
