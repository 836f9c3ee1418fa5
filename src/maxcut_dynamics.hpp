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

namespace hopfield::detail {

/// What one restart needs and where it reports: the resolved parameters (no zeros left), the clock of the
/// solve, and the best cut it has met with its partition and trace.
struct RestartRun {
  const WeightedGraph& graph;
  const SparseCouplings& couplings;  ///< W = −w
  MaxCutSolver solver;
  Index sweeps = 0;
  double initial_temperature = 0.0;
  double final_temperature = 0.0;
  double time_step = 0.0;
  double coupling_strength = 0.0;  ///< c0 itself
  std::optional<double> target_cut;
  std::chrono::steady_clock::time_point solve_start;

  double best_cut = -std::numeric_limits<double>::infinity();
  std::vector<std::int8_t> best_partition;
  Index sweeps_run = 0;
  std::vector<CutTracePoint> trace;
  std::optional<double> seconds_to_target;

  /// Keeps `partition` if its cut beats the best so far (and notes when).
  void offer(double cut, std::span<const std::int8_t> partition);
  bool reached_target() const { return target_cut && best_cut >= *target_cut; }
  double seconds() const;
};

/// Runs one restart seeded with `seed` into `run` (its best cut, partition, trace, sweeps).
void run_restart(RestartRun& run, std::uint64_t seed);

}  // namespace hopfield::detail
