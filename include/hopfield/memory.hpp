// The one memory interface every model shares: store patterns (N x p, one per column), recall a batch of
// probes (N x B) with a per-call options struct, get a RecallResult with one entry per probe.
#pragma once

#include <concepts>
#include <cstdint>
#include <vector>

#include "hopfield/types.hpp"

namespace hopfield {

/// How a recall ended for one probe.
enum class Outcome : std::uint8_t {
  FixedPoint,  ///< a full sweep (or step) changed nothing / moved less than the tolerance
  TwoCycle,    ///< synchronous dynamics oscillate between two states
  MaxSweeps,   ///< stopped by the sweep (step) limit
};

/// Per-probe results of a recall; vectors have one entry per probe (column of `states`).
struct RecallResult {
  Matrix states;                    ///< final states, N x B
  std::vector<int> sweeps;          ///< sweeps (steps) run, including the one that confirmed the end
  std::vector<Outcome> outcome;     ///< how each recall ended
  std::vector<std::int64_t> flips;  ///< units changed in total (binary models; 0 for continuous)
  std::vector<double> energy;       ///< energy of the final state
  std::vector<std::vector<double>> energy_trace;  ///< energy before the first sweep and after each, if asked

  bool converged(Index probe) const {
    return outcome[static_cast<std::size_t>(probe)] == Outcome::FixedPoint;
  }
  Index size() const { return states.cols(); }
};

/// Probes per block of a batch recall. A recall cuts its probes into blocks of this size whatever the thread
/// count, and runs the blocks on threads, so its results do not depend on the thread count; a batch of at
/// most one block runs on one thread. The binary models (ClassicalHopfield, DenseAssociativeMemory) start a
/// block's fields with one matrix product; the modern network updates a block at once.
inline constexpr Index binary_recall_block = 32;
inline constexpr Index modern_recall_block = 64;

/// What "a memory" is: it knows its dimension, and recalls a batch of probes with its own options type.
template <typename Model>
concept AssociativeMemory = requires(const Model& model, const Matrix& probes,
                                     const typename Model::Options& options) {
  { model.dimension() } -> std::convertible_to<Index>;
  { model.pattern_count() } -> std::convertible_to<Index>;
  { model.recall(probes, options) } -> std::same_as<RecallResult>;
};

}  // namespace hopfield
