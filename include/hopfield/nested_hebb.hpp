// A Hebb network grown one block of patterns at a time: the networks of a sweep over nested training sets
// (the first p of one stream of ±1 examples, p increasing), each built from the previous one instead of from
// scratch.
//
// The couplings are the integers C_ij = Σ_μ ξ_iμ ξ_jμ (i ≠ j), C_ii = 0, kept in 16 bits (so p ≤ 32767);
// W = C / N is the Hebb rule with zero diagonal. Appending a block of patterns adds, for every pair,
// Δp − 2 · (the Hamming distance of the two units' rows of the block), computed by popcounts on packed bits:
// the whole sweep costs O(N² p_max / 64) word operations, the cost of building its largest network once.
//
// The fields C s of a fixed set of "tracked" ±1 states (the probes of the sweep) are kept exact too: a block
// X adds X (Xᵀ s) − Δp s, an O(N Δp) product per state, instead of O(N²) per state and per network.
//
// Dynamics: zero temperature, asynchronous, a fresh uniformly random order of the N units every sweep; the
// unit takes sign(h_i) of its field h = C s. The rule at h_i = 0 is an option: PlusOne (sign(0) = +1, the
// convention of Kalaj et al. 2024) or KeepState (the convention of ClassicalHopfield::recall). A sweep that
// changes no unit ends the run (a fixed point); the energy −½ sᵀCs never increases, and a zero-field move
// can only turn −1 into +1, so the run ends.
#pragma once

#include <cstdint>
#include <vector>

#include "hopfield/types.hpp"

namespace hopfield {

enum class ZeroFieldRule : std::uint8_t {
  PlusOne,    ///< sign(0) = +1: a unit with h_i = 0 becomes +1
  KeepState,  ///< a unit with h_i = 0 keeps its state
};

struct SignDynamicsOptions {
  int max_sweeps = 500;
  /// The run from tracked state k uses Rng(derive_seed(seed, k)) for its update orders.
  std::uint64_t seed = 0;
  ZeroFieldRule zero_field = ZeroFieldRule::PlusOne;
};

struct SignDynamicsRun {
  Vector state;    ///< where the dynamics stopped (±1)
  int sweeps = 0;  ///< sweeps run, including the one that found no change
  bool converged = false;
  std::int64_t flips = 0;
};

class NestedHebbNetwork {
 public:
  /// No patterns yet (all couplings 0). `tracked` (N x P, ±1 entries; may be empty) are the states whose
  /// fields C s are kept up to date. Throws hopfield::Error for N < 1, a wrong row count or entries not ±1.
  explicit NestedHebbNetwork(Index neurons, Matrix tracked = Matrix());

  /// Appends the columns of `patterns` (N x Δp, ±1 entries) to the stored set. Throws hopfield::Error for a
  /// wrong row count, entries not ±1, or more than 32767 patterns in all.
  void add_patterns(const Matrix& patterns);

  Index neurons() const { return neurons_; }
  Index pattern_count() const { return patterns_; }
  /// C_ij = Σ_μ ξ_iμ ξ_jμ for i ≠ j, 0 for i = j.
  std::int32_t coupling(Index i, Index j) const;
  /// The N x N matrix C (for tests and small N).
  Matrix coupling_matrix() const;

  const Matrix& tracked_states() const { return tracked_; }
  /// C s for every tracked state s (exact integers), N x P.
  const Matrix& tracked_fields() const { return tracked_fields_; }

  /// Dynamics started at tracked state k (0 ≤ k < P), with the current couplings.
  SignDynamicsRun run_from_tracked(Index k, const SignDynamicsOptions& options) const;
  /// Dynamics started at any ±1 state (its field computed in O(N²)); `stream` picks the update orders:
  /// Rng(derive_seed(options.seed, stream)).
  SignDynamicsRun run_from(const Vector& start, std::uint64_t stream,
                           const SignDynamicsOptions& options) const;

 private:
  SignDynamicsRun run(const Vector& start, std::vector<std::int32_t> field, std::uint64_t stream,
                      const SignDynamicsOptions& options) const;

  Index neurons_ = 0;
  Index patterns_ = 0;
  std::vector<std::int16_t> couplings_;  ///< N x N row-major (symmetric)
  Matrix tracked_;
  Matrix tracked_fields_;
};

}  // namespace hopfield
