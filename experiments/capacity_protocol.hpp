// The capacity protocol, written once over the AssociativeMemory concept (hopfield/memory.hpp): store p
// patterns, corrupt the ones probed, recall, score each recall against its pattern. classical-capacity,
// capacity-comparison and dense-capacity run their binary trials through run_binary_trial; modern-capacity
// and capacity-comparison run the modern trials (modern_trials.hpp) through recall_and_score. Cells
// (sweep point × trial) run through run_cells. Every trial draws from its own seed, so no result depends on
// the thread count or the order of the cells.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>

#include "hopfield/binary_patterns.hpp"
#include "hopfield/classical.hpp"
#include "hopfield/corruption.hpp"
#include "hopfield/item_map.hpp"
#include "hopfield/measures.hpp"
#include "hopfield/memory.hpp"
#include "hopfield/parallel.hpp"
#include "hopfield/random.hpp"
#include "progress.hpp"

namespace hopfield::experiments {

/// Recalls `probes` with `memory` and calls score(k, recalled state k) for every probe k in order.
template <AssociativeMemory Memory, typename Score>
RecallResult recall_and_score(const Memory& memory, const Matrix& probes,
                              const typename Memory::Options& options, Score&& score) {
  RecallResult recall = memory.recall(probes, options);
  for (Index k = 0; k < probes.cols(); ++k) score(k, recall.states.col(k));
  return recall;
}

/// One trial of the binary protocol: `patterns` random ±1 patterns of dimension `neurons` drawn from
/// derive_seed(seed, 0) (random_binary_bits), the first `probed` of them with exactly `flips` bits flipped
/// (flip_exactly, derive_seed(seed, 1)), recalled on one thread with the update order seeded by
/// derive_seed(seed, 2).
struct BinaryTrial {
  Index neurons = 0;
  Index patterns = 0;
  Index probed = 0;
  Index flips = 0;
  std::uint64_t seed = 0;
};

/// The recalls of one binary trial, each scored against the pattern its probe was made from.
struct BinaryScores {
  Index probes = 0;
  std::int64_t exact = 0;         ///< recalls equal to their pattern
  double bit_accuracy_sum = 0.0;  ///< Σ over probes of the fraction of units equal to the pattern's

  double mean_bit_accuracy() const { return bit_accuracy_sum / static_cast<double>(probes); }
  double exact_fraction() const { return static_cast<double>(exact) / static_cast<double>(probes); }
};

/// Runs one binary trial with the memory that store(const BinaryPatterns&) builds from the trial's patterns
/// (any AssociativeMemory whose Options are RecallOptions); `options` sets the dynamics and sweep limit.
template <typename Store>
BinaryScores run_binary_trial(const BinaryTrial& trial, Store&& store, RecallOptions options = {}) {
  const BinaryPatterns patterns =
      random_binary_bits(trial.neurons, trial.patterns, derive_seed(trial.seed, 0));
  const auto memory = store(patterns);
  // Probe k is pattern k with its own flips (flip_exactly seeds column k alone), so probing the first
  // `probed` patterns gives exactly the first probes of the full set.
  const Matrix targets = patterns.columns(0, trial.probed);
  const Matrix probes = flip_exactly(targets, trial.flips, derive_seed(trial.seed, 1));
  options.seed = derive_seed(trial.seed, 2);
  options.threads = 1;  // the cells run in parallel instead
  BinaryScores scores;
  scores.probes = trial.probed;
  recall_and_score(memory, probes, options, [&](Index k, const auto& recalled) {
    scores.bit_accuracy_sum += bit_accuracy(recalled, targets.col(k));
    scores.exact += recalled == targets.col(k);
  });
  return scores;
}

/// Runs cell(i) for i = 0 … count − 1 on the OpenMP threads, the last cell first (callers number their cells
/// by increasing cost, so the longest does not start last), one progress unit per cell. `parallel` false
/// runs them in order on the calling thread. An exception in a cell becomes an exception of the caller.
template <typename Cell>
void run_cells(Index count, Cell&& cell, Progress& progress, bool parallel = true) {
  run_in_parallel(
      count,
      [&](Index reversed) {
        cell(count - 1 - reversed);
        progress.advance();
      },
      0, parallel);
}

/// run_cells for cells that return their result: cell(i) for i = 0 … count − 1 on the threads of every
/// process of the current group (map_items, hopfield/item_map.hpp), the last cell first, one progress unit
/// per cell; returns every cell's result in cell order, on every process.
template <typename Cell>
auto map_cells(Index count, Cell&& cell, Progress& progress, bool parallel = true) {
  auto results = map_items(
      count, [&](Index reversed) { return cell(count - 1 - reversed); }, {.threads = 0, .parallel = parallel},
      [&](std::int64_t units) { progress.advance(units); });
  std::reverse(results.begin(), results.end());
  return results;
}

/// Bytes one classical trial holds at once: the couplings (8 N² below N = 4096, else at most the packed
/// N²/8 or the 8 N p overlaps), the patterns as bits, and the probes and recalled states (8 N each).
double classical_trial_bytes(Index neurons, Index patterns, Index probed);

}  // namespace hopfield::experiments
