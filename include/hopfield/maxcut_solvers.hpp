// MAX-CUT solvers, one interface: each runs independent restarts of a Hopfield-type dynamics on the couplings
// W = −w (hopfield/maxcut.hpp) and keeps the best cut.
//
//   descent      plain asynchronous Hopfield descent from a random partition: neurons visited in a random
//                order each sweep, a neuron flips when it disagrees with its local field, until a sweep
//                flips none (a 1-flip-optimal cut) — the local search an analogue Hopfield chip performs.
//   glauber      stochastic Hopfield network: Glauber (heat-bath) dynamics, a flip with probability
//                1 / (1 + exp(ΔE / T)), under the same geometric temperature schedule as annealing (so the
//                two differ only in the acceptance rule), then a greedy quench to a 1-flip optimum.
//   ballistic-sb simulated bifurcation, ballistic variant (Goto, Tatsumura & Dixon, Science Advances 2019;
//                Goto et al., Science Advances 2021): positions x_i and momenta y_i,
//                  y_i += [−(a0 − a(t)) x_i + c0 Σ_j (W_ij − μ) x_j] Δt,   x_i += a0 y_i Δt,
//                with inelastic walls at |x_i| = 1 (x_i = ±1, y_i = 0); a(t) rises linearly from 0 to a0 = 1
//                over the steps; the partition is sign(x), polished at the end by asynchronous Hopfield
//                descent (index order) to a 1-flip optimum. μ is the mean coupling over all ordered pairs
//                or 0 (MaxCutOptions::mean_coupling): Goto et al.'s c0 assumes zero-mean couplings, and
//                MAX-CUT's W = −w has a negative mean, which on a random graph makes the uniform direction
//                an isolated stiff mode (eigenvalue ≈ −mean degree) — unstable at their Δt = 1.25, and
//                stalling the search at smaller steps. Taking μ out costs one sum per step; the cut is
//                always computed from W itself.
//   discrete-sb  simulated bifurcation, discrete variant (Goto et al. 2021): the same, with Σ_j (W_ij − μ)
//                sign(x_j) in place of Σ_j (W_ij − μ) x_j. On whole-number couplings (the G-set's), 16
//                restarts run together in the lanes of one vector step (single precision, 16-bit exact
//                fields; the same bits on every instruction set), and each restart's cut is taken at the
//                end of its run; otherwise one restart runs at a time in double precision, its field kept
//                up to date incrementally as signs change.
//   annealing    a plain simulated-annealing baseline: Metropolis single flips (accepted with probability
//                min(1, exp(−ΔE / T))) in index order, T falling geometrically over the sweeps, then the same
//                quench.
// One sweep is N single-neuron updates (descent, glauber, annealing) or one time step of all N oscillators
// (the bifurcation variants): each costs O(N + edges). Glauber and annealing run the same kernel: the
// acceptance probability of each flip cost is tabulated once per sweep when the couplings are small whole
// numbers (the G-set's ±1), a flip compares a 32-bit draw of the restart's own xoshiro128** generator with
// it, an outcome that is certain at the sweep's temperature (probability 1, or below 2⁻³³) takes no draw,
// and neurons whose flip is impossible at that temperature are passed over. On whole-number couplings 16
// restarts sweep together in the lanes of one vector kernel (each exactly its scalar dynamics: a lane draws
// and its generator advances only when its own outcome is uncertain); a number of restarts that is not a
// multiple of 16 runs the rest one by one, with the same results.

// Determinism. Restart r draws only from Rng(derive_seed(seed, r)) and runs at most `sweeps` sweeps; its
// partition and cut depend on nothing else — not the thread count, not the clock, not the kernel path, not
// which restarts share its lanes. The target ends a restart early (also deterministically) when it runs
// alone; restarts running in lanes (see above) run their whole budget and note when they reached it. The
// clock decides only which restarts run: a restart, or a group of 16 in lanes, starts while the time limit
// has not passed and no restart has reached the target; one that has started always finishes. So
// `restarts` lists the restarts that ran (in index order; with several threads it may skip indices near
// the end), and best_cut is the best of those; with no time limit and no target every restart runs and the
// whole result except the timings is bit-identical for any thread count.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "hopfield/cancellation.hpp"
#include "hopfield/maxcut.hpp"
#include "hopfield/types.hpp"

namespace hopfield {

/// Whether simulated bifurcation runs on the couplings less their mean (see the solvers above).
enum class MeanCoupling : std::uint8_t {
  Automatic,  ///< removed when the uniform direction is (nearly) W's stiffest mode: mean_coupling_removed()
  Removed,
  Kept
};

enum class MaxCutSolver : std::uint8_t {
  Descent,
  Glauber,
  BallisticBifurcation,
  DiscreteBifurcation,
  Annealing
};

/// "descent", "glauber", "ballistic-sb", "discrete-sb", "annealing" (throws hopfield::Error otherwise).
MaxCutSolver maxcut_solver_from_name(std::string_view name);
std::string_view maxcut_solver_name(MaxCutSolver solver);
/// The names, comma-separated, for help texts and messages.
std::string_view maxcut_solver_names();

struct MaxCutOptions {
  MaxCutSolver solver = MaxCutSolver::Annealing;  /// the best on the G-set (BENCHMARKS.md)
  std::uint64_t seed = 42;
  /// Independent restarts (each from its own random start), at least 1.
  Index restarts = 16;
  /// Wall-clock seconds after which no new restart starts (0: no limit). Running restarts finish.
  double time_limit = 0.0;
  /// Stop once a restart reaches this cut: it ends there and no new restart starts (unset: no target).
  std::optional<double> target_cut{};
  /// OpenMP threads over restarts (0: the OpenMP default); results do not depend on it.
  int threads = 0;
  /// Sweep budget of one restart (0: the solver's default — descent 1000, stopping at the first sweep
  /// without a flip; glauber and annealing 1000; discrete bifurcation 1000 time steps, ballistic 2000).
  Index sweeps = 0;
  /// Annealing and Glauber: temperatures of the first and last sweep, in the units of the energy change ΔE
  /// of one flip (0: default_temperatures()).
  double initial_temperature = 0.0;
  double final_temperature = 0.0;
  /// Bifurcation: time step Δt and coupling strength c0 = coupling_scale / (σ √N), σ the root-mean-square
  /// of the couplings the dynamics runs on (W_ij − μ or W_ij) over the N(N−1) ordered pairs (the
  /// normalisation of Goto et al. 2021). Defaults (0): a scale of 0.5 (Goto et al.'s); Δt = 1.25 (Goto et
  /// al.'s) when the mean coupling is taken out, else 0.5 (better on the sparse and structured graphs that
  /// keep it: BENCHMARKS.md).
  double time_step = 0.0;
  double coupling_scale = 0.0;
  MeanCoupling mean_coupling = MeanCoupling::Automatic;
  /// Checked before each restart (or group of restarts) and at each sweep: once cancelled, solve_maxcut
  /// throws Cancelled (hopfield/cancellation.hpp) and returns nothing.
  const CancellationToken* cancellation = nullptr;
};

/// Temperatures (start, end) used when the options leave them 0: 1.2 √d̄ and 0.1 √d̄, d̄ the mean weighted
/// degree Σ_j |w_ij| over vertices — in a random partition a vertex's local field, hence ΔE, is of order
/// √degree. (On G1, d̄ = 48: T from 8.3 to 0.69; ΔE takes the values 0, ±4, ±8, ….) The factors were
/// chosen for both annealing and glauber on G1 and G2 by the same grid (BENCHMARKS.md).
std::pair<double, double> default_temperatures(const WeightedGraph& graph);

/// "automatic", "removed", "kept" (throws hopfield::Error otherwise), and back.
MeanCoupling mean_coupling_from_name(std::string_view name);
std::string_view mean_coupling_name(MeanCoupling choice);

/// MeanCoupling::Automatic's rule: the mean coupling μ is taken out when the uniform direction u is nearly
/// the stiffest mode of W — when its Rayleigh quotient uᵀWu / uᵀu = μ(N − 1) is at least 3/4 of W's lowest
/// eigenvalue (estimated by 200 steps of power iteration from a fixed start). On the shipped G-set graphs
/// that holds for the random graphs G1–G5, G22, G43 and G55 (ratios 0.80–0.98) and fails for the toroidal
/// G14 (0.52) and the sparse G70 (0.56), where the plain couplings give the better cuts (BENCHMARKS.md);
/// the threshold was chosen between those.
bool mean_coupling_removed(const WeightedGraph& graph);

/// One restart's outcome.
struct MaxCutRestart {
  Index restart = 0;           ///< its index r (seed derive_seed(seed, r))
  double cut = 0.0;            ///< the best cut it met
  Index sweeps = 0;            ///< sweeps it ran
  double start_seconds = 0.0;  ///< when it started and ended, seconds since the solve began
  double end_seconds = 0.0;
  std::optional<double> seconds_to_target;  ///< when it first reached the target, since the solve began
};

/// A point of the cut-against-time trace: the best cut found by `seconds` after the solve began.
struct CutTracePoint {
  double seconds = 0.0;
  double cut = 0.0;
};

struct MaxCutResult {
  double best_cut = 0.0;
  std::vector<std::int8_t> best_partition;  ///< ±1 per vertex; its cut is best_cut
  Index best_restart = 0;
  std::vector<MaxCutRestart> restarts;      ///< the restarts that ran, by index
  std::optional<double> seconds_to_target;  ///< when the first restart reached the target
  std::vector<CutTracePoint> trace;         ///< best cut so far against time, over all restarts
  bool mean_coupling_removed = false;       ///< bifurcation: whether it ran on W − μ
  double seconds = 0.0;                     ///< wall time of the solve
};

/// Runs `options.restarts` restarts of `options.solver` on `graph`. Throws hopfield::Error for options out
/// of range (naming the option, its value and the range).
MaxCutResult solve_maxcut(const WeightedGraph& graph, const MaxCutOptions& options);

/// Mean, sample standard deviation, least and greatest of the restarts' cuts.
struct CutSummary {
  double mean = 0.0;
  double standard_deviation = 0.0;
  double least = 0.0;
  double greatest = 0.0;
};
CutSummary summarise_cuts(const MaxCutResult& result);

}  // namespace hopfield
