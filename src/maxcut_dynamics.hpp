// The dynamics behind solve_maxcut (hopfield/maxcut_solvers.hpp): one restart each, from its own seed.
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "hopfield/maxcut.hpp"
#include "hopfield/maxcut_solvers.hpp"
#include "hopfield/sparse_couplings.hpp"
#include "kernels/kernel_table.hpp"

namespace hopfield::detail {

/// The couplings as the flip kernels read them: row offsets, neighbours and 2 W_ij, which is how much a
/// neighbour's flip cost moves per flip. When every coupling is a whole number and every |field| stays below
/// `max_integer_cost`, the integer copy is filled as well: the flip costs are then small integers (the
/// G-set's ±1 weights give |cost| ≤ degree), and the acceptance probabilities of a temperature come from a
/// table.
struct FlipCouplings {
  std::vector<std::int64_t> offsets;
  std::vector<std::int32_t> neighbours;
  std::vector<double> doubled;                ///< 2 W_ij
  std::vector<std::int32_t> doubled_integer;  ///< 2 W_ij, when `integer`
  std::vector<std::int16_t> whole;            ///< W_ij, when `integer` and they differ (else empty)
  std::int16_t uniform = 0;                   ///< the one W_ij, when `integer` and every W_ij equals it
  bool integer = false;
  std::int32_t max_cost = 0;  ///< max_i Σ_j |W_ij| when `integer`: every |s_i h_i| is at most this

  static constexpr std::int32_t max_integer_cost = 4096;  ///< keeps the per-temperature table small
  explicit FlipCouplings(const SparseCouplings& couplings);
  std::size_t size() const { return offsets.size() - 1; }
  /// The whole-number couplings for the lane kernels (when `integer`).
  kernels::LaneCouplings lanes() const;
};

/// What one restart needs and where it reports: the resolved parameters (no zeros left), the clock of the
/// solve, and the best cut it has met with its partition and trace.
struct RestartRun {
  const WeightedGraph& graph;
  const SparseCouplings& couplings;  ///< W = −w
  const FlipCouplings& flip;         ///< the same, for the flip kernels
  MaxCutSolver solver;
  Index sweeps = 0;
  double initial_temperature = 0.0;
  double final_temperature = 0.0;
  double time_step = 0.0;
  double coupling_strength = 0.0;  ///< c0 itself
  double mean_coupling = 0.0;      ///< μ taken out of every coupling (the mean of W_ij, or 0)
  std::optional<double> target_cut;
  const CancellationToken* cancellation = nullptr;  ///< checked at every sweep
  std::chrono::steady_clock::time_point solve_start;

  double best_cut = -std::numeric_limits<double>::infinity();
  std::vector<std::int8_t> best_partition;
  Index sweeps_run = 0;
  std::vector<CutTracePoint> trace;
  std::optional<double> seconds_to_target;

  /// Keeps `partition` if its cut beats the best so far (and notes when).
  void offer(double cut, std::span<const std::int8_t> partition);
  /// Notes a better cut (the trace, the time to target) whose partition the caller keeps.
  void note(double cut);
  bool reached_target() const { return target_cut && best_cut >= *target_cut; }
  double seconds() const;
};

/// Runs one restart seeded with `seed` into `run` (its best cut, partition, trace, sweeps); the same as
/// that restart within run_restart_group.
void run_restart(RestartRun& run, std::uint64_t seed);

/// Restarts first … first + count − 1, run together.
struct RestartGroup {
  std::size_t first = 0;
  std::size_t count = 1;
};

/// How restarts 0 … restarts − 1 are grouped. Discrete bifurcation on whole-number couplings: groups of
/// bifurcation_lanes (the last may be smaller), one vector step each. Glauber and annealing on whole-number
/// couplings: full groups of bifurcation_lanes (one replica-parallel sweep each), the rest one by one on
/// the scalar loop, which gives the same bits. Otherwise one by one. A restart's result never depends on
/// its group.
std::vector<RestartGroup> restart_groups(const RestartRun& run, std::size_t restarts);

/// Runs one group, runs[k] from seeds[k].
void run_restart_group(std::span<RestartRun> runs, std::span<const std::uint64_t> seeds);

}  // namespace hopfield::detail
