#include "hopfield/maxcut_solvers.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>
#include <string>

#include "hopfield/error.hpp"
#include "hopfield/parallel.hpp"
#include "hopfield/random.hpp"
#include "maxcut_dynamics.hpp"

namespace hopfield {
namespace {

struct SolverName {
  MaxCutSolver solver;
  std::string_view name;
};

constexpr std::array<SolverName, 5> solver_names = {{{MaxCutSolver::Descent, "descent"},
                                                     {MaxCutSolver::Glauber, "glauber"},
                                                     {MaxCutSolver::BallisticBifurcation, "ballistic-sb"},
                                                     {MaxCutSolver::DiscreteBifurcation, "discrete-sb"},
                                                     {MaxCutSolver::Annealing, "annealing"}}};

constexpr Index max_restarts = 10'000'000;
constexpr Index max_sweeps = 1'000'000'000;

void check_options(const MaxCutOptions& options) {
  require(options.restarts >= 1 && options.restarts <= max_restarts, "maxcut: restarts = ", options.restarts,
          "; expected 1 ... ", max_restarts);
  require(options.sweeps >= 0 && options.sweeps <= max_sweeps, "maxcut: sweeps = ", options.sweeps,
          "; expected 0 (the solver's default) ... ", max_sweeps);
  require(std::isfinite(options.time_limit) && options.time_limit >= 0.0,
          "maxcut: time limit = ", options.time_limit,
          " s; expected a finite number of seconds ≥ 0 (0: no limit)");
  require(!options.target_cut || std::isfinite(*options.target_cut),
          "maxcut: target cut = ", options.target_cut.value_or(0.0), "; expected a finite number");
  check_thread_count(options.threads, "maxcut: threads");
  for (const auto& [value, what] : {std::pair{options.initial_temperature, "initial temperature"},
                                    std::pair{options.final_temperature, "final temperature"},
                                    std::pair{options.coupling_scale, "coupling scale"}})
    require(std::isfinite(value) && value >= 0.0, "maxcut: ", what, " = ", value,
            "; expected a finite number ≥ 0 (0: the default)");
  require(std::isfinite(options.time_step) && options.time_step >= 0.0 && options.time_step <= 10.0,
          "maxcut: time step = ", options.time_step, "; expected 0 < Δt ≤ 10 (0: the default)");
}

Index default_sweeps(MaxCutSolver solver) {
  switch (solver) {
    case MaxCutSolver::Glauber:
    case MaxCutSolver::Annealing:
    case MaxCutSolver::Descent:
    case MaxCutSolver::DiscreteBifurcation:
      return 1000;
    default:
      return 2000;
  }
}

// The same for both bifurcation variants (see MaxCutOptions::coupling_scale).
constexpr double default_coupling_scale = 0.5;

// Goto et al.'s Δt = 1.25 was chosen for dense couplings; where the mean stays in (sparse or structured
// graphs such as G14 and G70, whose local fields take few values) a step of 0.5 reaches better cuts
// (BENCHMARKS.md).
double default_time_step(bool mean_removed) {
  return mean_removed ? 1.25 : 0.5;
}

// μ, the mean of W_ij = −w_ij over the N(N−1) ordered pairs (zero for N = 1).
double mean_coupling(const WeightedGraph& graph) {
  const auto n = static_cast<double>(graph.vertices());
  return n > 1 ? -2.0 * graph.total_weight() / (n * (n - 1.0)) : 0.0;
}

// c0 = scale / (σ √N), σ the root-mean-square of the couplings the dynamics runs on over the N(N−1) ordered
// pairs (Goto et al. 2021): of W_ij − μ when the mean is taken out (their standard deviation), else of W_ij.
double coupling_strength(const WeightedGraph& graph, const SparseCouplings& couplings, double scale,
                         double removed_mean) {
  const auto n = static_cast<double>(graph.vertices());
  if (n <= 1) return 0.0;
  const double square = 2.0 * couplings.squared_norm() / (n * (n - 1.0)) - removed_mean * removed_mean;
  return square > 0.0 ? scale / (std::sqrt(square) * std::sqrt(n)) : 0.0;
}

// W's lowest eigenvalue, from above: the Rayleigh quotient after `steps` steps of power iteration on c I − W
// (c = max_i Σ_j |W_ij| bounds every |λ|, so c − λ_min is that matrix's largest eigenvalue), started from a
// fixed pseudo-random vector. Plain loops in a fixed order: the same bits on every machine.
double lowest_eigenvalue(const SparseCouplings& couplings, int steps) {
  const auto n = static_cast<std::size_t>(couplings.neurons());
  double bound = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    double row = 0.0;
    for (const double w : couplings.weights(static_cast<Index>(i))) row += std::abs(w);
    bound = std::max(bound, row);
  }
  std::vector<double> v(n), product(n);
  Rng rng(1);
  for (auto& value : v) value = rng.uniform() - 0.5;
  double quotient = 0.0;
  for (int step = 0; step < steps; ++step) {
    double norm = 0.0;
    for (const double value : v) norm += value * value;
    norm = std::sqrt(norm);
    if (norm == 0.0) return 0.0;
    for (auto& value : v) value /= norm;
    couplings.multiply(v, product);
    quotient = 0.0;
    for (std::size_t i = 0; i < n; ++i) quotient += v[i] * product[i];
    for (std::size_t i = 0; i < n; ++i) v[i] = bound * v[i] - product[i];
  }
  return quotient;
}

// MeanCoupling::Automatic's rule (mean_coupling_removed in the header), on the couplings already built.
bool uniform_direction_is_stiff(const WeightedGraph& graph, const SparseCouplings& couplings) {
  const double lowest = lowest_eigenvalue(couplings, 200);
  const double uniform = mean_coupling(graph) * static_cast<double>(graph.vertices() - 1);
  return lowest < 0.0 && uniform <= 0.75 * lowest;
}

struct MeanCouplingName {
  MeanCoupling choice;
  std::string_view name;
};
constexpr std::array<MeanCouplingName, 3> mean_coupling_names = {{{MeanCoupling::Automatic, "automatic"},
                                                                  {MeanCoupling::Removed, "removed"},
                                                                  {MeanCoupling::Kept, "kept"}}};

// The best cut over all restarts so far, with ties going to the lowest restart index (as a serial run).
struct SharedBest {
  std::mutex lock;
  double cut = -std::numeric_limits<double>::infinity();
  Index restart = -1;
  std::vector<std::int8_t> partition;

  void offer(Index r, detail::RestartRun& run) {
    const std::scoped_lock hold(lock);
    if (run.best_cut > cut || (run.best_cut == cut && r < restart)) {
      cut = run.best_cut;
      restart = r;
      partition = std::move(run.best_partition);
    }
  }
};

// Best-so-far against time from every restart's own improvements.
std::vector<CutTracePoint> merge_traces(std::vector<std::vector<CutTracePoint>>& traces) {
  std::vector<CutTracePoint> all;
  for (auto& trace : traces) all.insert(all.end(), trace.begin(), trace.end());
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.seconds < b.seconds; });
  std::vector<CutTracePoint> merged;
  for (const auto& point : all)
    if (merged.empty() || point.cut > merged.back().cut) merged.push_back(point);
  return merged;
}

}  // namespace

MaxCutSolver maxcut_solver_from_name(std::string_view name) {
  for (const auto& entry : solver_names)
    if (entry.name == name) return entry.solver;
  throw Error(detail::concat("unknown MAX-CUT solver '", name, "'; expected one of ", maxcut_solver_names()));
}

std::string_view maxcut_solver_name(MaxCutSolver solver) {
  for (const auto& entry : solver_names)
    if (entry.solver == solver) return entry.name;
  return "unknown";
}

std::string_view maxcut_solver_names() {
  return "descent, glauber, ballistic-sb, discrete-sb, annealing";
}

MeanCoupling mean_coupling_from_name(std::string_view name) {
  for (const auto& entry : mean_coupling_names)
    if (entry.name == name) return entry.choice;
  throw Error(detail::concat("mean coupling '", name, "': expected automatic, removed or kept"));
}

std::string_view mean_coupling_name(MeanCoupling choice) {
  for (const auto& entry : mean_coupling_names)
    if (entry.choice == choice) return entry.name;
  return "unknown";
}

bool mean_coupling_removed(const WeightedGraph& graph) {
  return uniform_direction_is_stiff(graph, maxcut_couplings(graph));
}

std::pair<double, double> default_temperatures(const WeightedGraph& graph) {
  double absolute = 0.0;
  for (const auto& edge : graph.edges()) absolute += std::abs(edge.value);
  const double mean_degree = 2.0 * absolute / static_cast<double>(graph.vertices());
  const double scale = std::sqrt(std::max(mean_degree, 1.0));
  return {1.2 * scale, 0.1 * scale};
}

MaxCutResult solve_maxcut(const WeightedGraph& graph, const MaxCutOptions& options) {
  check_options(options);
  const SparseCouplings couplings = maxcut_couplings(graph);
  const detail::FlipCouplings flip(couplings);
  const auto [hot, cold] = default_temperatures(graph);
  const double initial = options.initial_temperature > 0 ? options.initial_temperature : hot;
  const double final = options.final_temperature > 0 ? options.final_temperature : cold;
  require(final <= initial, "maxcut: final temperature ", final, " exceeds the initial temperature ",
          initial);
  const double scale = options.coupling_scale > 0 ? options.coupling_scale : default_coupling_scale;
  const bool bifurcation = options.solver == MaxCutSolver::BallisticBifurcation ||
                           options.solver == MaxCutSolver::DiscreteBifurcation;
  const bool remove_mean =
      bifurcation &&
      (options.mean_coupling == MeanCoupling::Removed ||
       (options.mean_coupling == MeanCoupling::Automatic && uniform_direction_is_stiff(graph, couplings)));
  const double removed_mean = remove_mean ? mean_coupling(graph) : 0.0;
  const auto start = std::chrono::steady_clock::now();
  const detail::RestartRun blank{
      .graph = graph,
      .couplings = couplings,
      .flip = flip,
      .solver = options.solver,
      .sweeps = options.sweeps > 0 ? options.sweeps : default_sweeps(options.solver),
      .initial_temperature = initial,
      .final_temperature = final,
      .time_step = options.time_step > 0 ? options.time_step : default_time_step(remove_mean),
      .coupling_strength = coupling_strength(graph, couplings, scale, removed_mean),
      .mean_coupling = removed_mean,
      .target_cut = options.target_cut,
      .cancellation = options.cancellation,
      .solve_start = start,
      .best_cut = -std::numeric_limits<double>::infinity(),
      .best_partition = {},
      .sweeps_run = 0,
      .trace = {},
      .seconds_to_target = std::nullopt};
  const auto count = static_cast<std::size_t>(options.restarts);
  const std::vector<detail::RestartGroup> groups = detail::restart_groups(blank, count);
  std::vector<std::optional<MaxCutRestart>> outcomes(count);
  std::vector<std::vector<CutTracePoint>> traces(count);
  std::atomic<bool> stop{false};
  SharedBest best;
  run_in_parallel(
      static_cast<Index>(groups.size()),
      [&](Index g) {
        throw_if_cancelled(options.cancellation);
        if (stop.load() || (options.time_limit > 0 && blank.seconds() >= options.time_limit)) return;
        const std::size_t first = groups[static_cast<std::size_t>(g)].first;
        std::vector<detail::RestartRun> runs(groups[static_cast<std::size_t>(g)].count, blank);
        std::vector<std::uint64_t> seeds(runs.size());
        for (std::size_t k = 0; k < runs.size(); ++k) seeds[k] = derive_seed(options.seed, first + k);
        const double started = blank.seconds();
        detail::run_restart_group(runs, seeds);
        for (std::size_t k = 0; k < runs.size(); ++k) {
          detail::RestartRun& run = runs[k];
          const auto r = static_cast<Index>(first + k);
          if (run.reached_target()) stop = true;
          outcomes[first + k] = MaxCutRestart{.restart = r,
                                              .cut = run.best_cut,
                                              .sweeps = run.sweeps_run,
                                              .start_seconds = started,
                                              .end_seconds = run.seconds(),
                                              .seconds_to_target = run.seconds_to_target};
          traces[first + k] = std::move(run.trace);
          best.offer(r, run);
        }
      },
      options.threads);
  MaxCutResult result;
  for (const auto& outcome : outcomes) {
    if (!outcome) continue;
    result.restarts.push_back(*outcome);
    if (outcome->seconds_to_target &&
        (!result.seconds_to_target || *outcome->seconds_to_target < *result.seconds_to_target))
      result.seconds_to_target = outcome->seconds_to_target;
  }
  result.best_cut = best.cut;
  result.mean_coupling_removed = remove_mean;
  result.best_restart = best.restart;
  result.best_partition = std::move(best.partition);
  result.trace = merge_traces(traces);
  result.seconds = blank.seconds();
  return result;
}

CutSummary summarise_cuts(const MaxCutResult& result) {
  CutSummary summary;
  const auto& restarts = result.restarts;
  if (restarts.empty()) return summary;
  summary.least = summary.greatest = restarts.front().cut;
  double sum = 0.0;
  for (const auto& r : restarts) {
    sum += r.cut;
    summary.least = std::min(summary.least, r.cut);
    summary.greatest = std::max(summary.greatest, r.cut);
  }
  const auto n = static_cast<double>(restarts.size());
  summary.mean = sum / n;
  double squares = 0.0;
  for (const auto& r : restarts) squares += (r.cut - summary.mean) * (r.cut - summary.mean);
  summary.standard_deviation = n > 1 ? std::sqrt(squares / (n - 1)) : 0.0;
  return summary;
}

}  // namespace hopfield
