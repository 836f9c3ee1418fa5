// maxcut_bench: MAX-CUT on the shipped G-set graphs. Prints "# key = value" headers, then CSV blocks:
//   time_to_target  per graph, solver and seed: seconds until a restart first reaches the best known cut
//                   (restarts run until then, or until the time limit; threads over restarts)
//   mean_cut        per graph and solver: mean and spread of the cut over restarts of a fixed sweep budget
//   success         per graph and solver: the share of fixed-budget restarts that reach the best known cut
//   sweep_time      per graph: seconds per sweep of one restart on one thread, and a fit a N + b E; then
//                   random graphs of 4000 vertices and 4000 ... 128 000 edges: the seconds per sweep against
//                   E
//
//   maxcut_bench [--data DIR] [--seeds K] [--time-limit S] [--solvers a,b] [--threads T] [--part P]
//                [--sweeps S] [--t-start T] [--t-end T] [--time-step DT] [--coupling-scale C]
//                [--mean-coupling automatic|removed|kept] [--success-restarts R] [--graphs G1,G2]
#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <set>
#include <string>
#include <vector>

#include "hopfield/error.hpp"
#include "hopfield/maxcut.hpp"
#include "hopfield/maxcut_solvers.hpp"
#include "hopfield/random.hpp"

namespace {

using namespace hopfield;

struct KnownGraph {
  const char* name;
  double best_known;
};
constexpr KnownGraph graphs[] = {{"G1", 11624}, {"G2", 11620},  {"G3", 11622}, {"G4", 11646},  {"G5", 11631},
                                 {"G14", 3064}, {"G22", 13359}, {"G43", 6660}, {"G55", 10299}, {"G70", 9591}};

struct Settings {
  std::string data;
  int seeds = 5;
  double time_limit = 10.0;
  std::vector<std::string> solvers = {"annealing", "discrete-sb"};
  int threads = 2;
  std::string part = "all";
  hopfield::Index mean_restarts = 8;
  hopfield::Index mean_sweeps = 4000;
  // Solver settings for time_to_target and success (0: the library's defaults).
  hopfield::Index sweeps = 0;
  double t_start = 0.0, t_end = 0.0, time_step = 0.0, coupling_scale = 0.0;
  std::string mean_coupling = "automatic";
  hopfield::Index success_restarts = 64;
  std::vector<std::string> success_graphs = {"G1", "G2", "G3", "G4", "G5"};
};

// The solver settings given on the command line, on top of the defaults.
hopfield::MaxCutOptions solver_options(const Settings& s, const std::string& solver) {
  hopfield::MaxCutOptions options;
  options.solver = hopfield::maxcut_solver_from_name(solver);
  options.sweeps = s.sweeps;
  options.initial_temperature = s.t_start;
  options.final_temperature = s.t_end;
  options.time_step = s.time_step;
  options.coupling_scale = s.coupling_scale;
  options.mean_coupling = hopfield::mean_coupling_from_name(s.mean_coupling);
  options.threads = s.threads;
  return options;
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> items;
  std::size_t at = 0;
  while (at <= text.size()) {
    const auto comma = std::min(text.find(',', at), text.size());
    if (comma > at) items.push_back(text.substr(at, comma - at));
    at = comma + 1;
  }
  return items;
}

Settings parse(int argc, char** argv) {
  Settings s;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    if (key == "--data")
      s.data = value;
    else if (key == "--seeds")
      s.seeds = std::atoi(value.c_str());
    else if (key == "--time-limit")
      s.time_limit = std::atof(value.c_str());
    else if (key == "--solvers")
      s.solvers = split(value);
    else if (key == "--threads")
      s.threads = std::atoi(value.c_str());
    else if (key == "--part")
      s.part = value;
    else if (key == "--mean-restarts")
      s.mean_restarts = std::atoll(value.c_str());
    else if (key == "--mean-sweeps")
      s.mean_sweeps = std::atoll(value.c_str());
    else if (key == "--sweeps")
      s.sweeps = std::atoll(value.c_str());
    else if (key == "--t-start")
      s.t_start = std::atof(value.c_str());
    else if (key == "--t-end")
      s.t_end = std::atof(value.c_str());
    else if (key == "--time-step")
      s.time_step = std::atof(value.c_str());
    else if (key == "--coupling-scale")
      s.coupling_scale = std::atof(value.c_str());
    else if (key == "--mean-coupling")
      s.mean_coupling = value;
    else if (key == "--success-restarts")
      s.success_restarts = std::atoll(value.c_str());
    else if (key == "--graphs")
      s.success_graphs = split(value);
    else {
      fmt::print(stderr, "maxcut_bench: unknown option {}\n", key);
      std::exit(1);
    }
  }
  return s;
}

void time_to_target(const Settings& s) {
  fmt::print("\n# part = time_to_target (target: best known cut; restarts until reached or time limit)\n");
  fmt::print("graph,solver,seed,reached,seconds_to_target,restarts_run,best_cut\n");
  for (int g = 0; g < 5; ++g) {
    const WeightedGraph graph = read_gset(gset_file(graphs[g].name, s.data));
    for (const auto& solver : s.solvers)
      for (int seed = 1; seed <= s.seeds; ++seed) {
        MaxCutOptions options = solver_options(s, solver);
        options.seed = static_cast<std::uint64_t>(seed);
        options.restarts = 100'000;
        options.time_limit = s.time_limit;
        options.target_cut = graphs[g].best_known;
        const auto result = solve_maxcut(graph, options);
        fmt::print("{},{},{},{},{:.3f},{},{}\n", graphs[g].name, solver, seed,
                   result.seconds_to_target ? 1 : 0, result.seconds_to_target.value_or(result.seconds),
                   result.restarts.size(), result.best_cut);
        std::fflush(stdout);
      }
  }
}

// Success rate: restarts of a fixed budget without a target; the share that reach the best known cut and
// the wall time per success (restarts over `threads` threads), the time-to-solution estimate that does not
// hang on a few lucky or unlucky seeds.
void success(const Settings& s) {
  fmt::print("\n# part = success ({} restarts of the given budget, seed 1, no target)\n", s.success_restarts);
  fmt::print("graph,solver,sweeps,hits,restarts,mean_cut,best_cut,seconds,seconds_per_hit\n");
  for (const auto& name : s.success_graphs) {
    const auto known = std::find_if(std::begin(graphs), std::end(graphs),
                                    [&](const KnownGraph& k) { return name == k.name; });
    if (known == std::end(graphs)) throw hopfield::Error("unknown graph " + name);
    const WeightedGraph graph = read_gset(gset_file(name, s.data));
    for (const auto& solver : s.solvers) {
      MaxCutOptions options = solver_options(s, solver);
      options.seed = 1;
      options.restarts = s.success_restarts;
      const auto result = solve_maxcut(graph, options);
      int hits = 0;
      for (const auto& r : result.restarts) hits += r.cut >= known->best_known ? 1 : 0;
      const auto summary = summarise_cuts(result);
      fmt::print("{},{},{},{},{},{:.1f},{},{:.3f},{:.3f}\n", name, solver, result.restarts.front().sweeps,
                 hits, result.restarts.size(), summary.mean, summary.greatest, result.seconds,
                 hits > 0 ? result.seconds / hits : -1.0);
      std::fflush(stdout);
    }
  }
}

void mean_cut(const Settings& s) {
  fmt::print("\n# part = mean_cut ({} restarts of {} sweeps, seed 1)\n", s.mean_restarts, s.mean_sweeps);
  fmt::print("graph,solver,best_known,mean_cut,sd,least,best,mean_below_best_known_percent,seconds\n");
  for (const auto& known : graphs) {
    const WeightedGraph graph = read_gset(gset_file(known.name, s.data));
    for (const auto& solver : s.solvers) {
      MaxCutOptions options;
      options.solver = maxcut_solver_from_name(solver);
      options.seed = 1;
      options.restarts = s.mean_restarts;
      options.sweeps = s.mean_sweeps;
      options.threads = s.threads;
      const auto result = solve_maxcut(graph, options);
      const auto summary = summarise_cuts(result);
      fmt::print("{},{},{},{:.1f},{:.1f},{},{},{:.3f},{:.2f}\n", known.name, solver, known.best_known,
                 summary.mean, summary.standard_deviation, summary.least, summary.greatest,
                 100.0 * (known.best_known - summary.mean) / known.best_known, result.seconds);
      std::fflush(stdout);
    }
  }
}

// Least squares fit of seconds per sweep = a N + b E over the graphs, each point weighted by 1/time² (so
// the fit is in relative error and the largest graph does not decide it alone). Returns {a, b}.
std::pair<double, double> fit_vertices_and_edges(const std::vector<std::array<double, 3>>& points) {
  double nn = 0, ne = 0, ee = 0, nt = 0, et = 0;
  for (const auto& [n, e, t] : points) {
    const double weight = 1.0 / (t * t);
    nn += weight * n * n;
    ne += weight * n * e;
    ee += weight * e * e;
    nt += weight * n * t;
    et += weight * e * t;
  }
  const double det = nn * ee - ne * ne;
  return {(nt * ee - et * ne) / det, (et * nn - nt * ne) / det};
}

// CPU time of the calling thread: on a shared machine, wall time also counts the time other processes held
// the core.
double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

// CPU seconds per sweep and per restart of `solver` on `graph`, best of 3: 16 restarts (one batch of the
// replica-parallel discrete bifurcation) of the solver's default budget on the calling thread, setup and
// final quench included. Also the wall seconds per sweep of one restart, and the sweeps it ran.
struct SweepCost {
  double cpu = 1e300, wall = 1e300;
  Index sweeps = 0;
};

SweepCost sweep_cost(const WeightedGraph& graph, const std::string& solver) {
  SweepCost cost;
  for (int repeat = 0; repeat < 3; ++repeat) {
    MaxCutOptions options;
    options.solver = maxcut_solver_from_name(solver);
    options.restarts = 16;
    options.threads = 1;
    const double start = thread_cpu_seconds();
    const auto result = solve_maxcut(graph, options);
    const double cpu = thread_cpu_seconds() - start;
    const auto& r = result.restarts.front();
    cost.sweeps = r.sweeps;
    cost.cpu = std::min(cost.cpu, cpu / static_cast<double>(16 * r.sweeps));
    cost.wall = std::min(cost.wall, result.seconds / static_cast<double>(16 * r.sweeps));
  }
  return cost;
}

// A random graph with `vertices` vertices and `edges` distinct unit-weight edges (the G-set's weights),
// drawn from a fixed seed.
WeightedGraph random_unit_graph(Index vertices, Index edges, std::uint64_t seed) {
  Rng rng(seed);
  std::set<std::pair<Index, Index>> chosen;
  std::vector<CouplingEntry> list;
  while (static_cast<Index>(list.size()) < edges) {
    Index i = static_cast<Index>(rng.uniform_below(static_cast<std::uint64_t>(vertices)));
    Index j = static_cast<Index>(rng.uniform_below(static_cast<std::uint64_t>(vertices)));
    if (i == j) continue;
    if (i > j) std::swap(i, j);
    if (chosen.insert({i, j}).second) list.push_back({i, j, 1.0});
  }
  return WeightedGraph(vertices, list);
}

// Ordinary least squares t = a + b E over the points (E, t); returns {a, b}.
std::pair<double, double> fit_line(const std::vector<std::pair<double, double>>& points) {
  double se = 0, st = 0, see = 0, set = 0;
  for (const auto& [e, t] : points) {
    se += e;
    st += t;
    see += e * e;
    set += e * t;
  }
  const auto n = static_cast<double>(points.size());
  const double b = (n * set - se * st) / (n * see - se * se);
  return {(st - b * se) / n, b};
}

void sweep_time_gset(const Settings& s) {
  fmt::print(
      "\n# part = sweep_time, G-set (16 restarts of the solver's default budget on the calling thread, best "
      "of 3; CPU seconds of that thread per sweep of one restart, setup and final quench included; wall "
      "seconds beside)\n");
  fmt::print(
      "graph,solver,vertices,edges,sweeps,cpu_seconds_per_sweep,wall_seconds_per_sweep,cpu_ns_per_edge,fit_"
      "ns,fit_residual_percent\n");
  const char* names[] = {"G14", "G43", "G1", "G22", "G55", "G70"};
  std::vector<WeightedGraph> loaded;
  for (const char* name : names) loaded.push_back(read_gset(gset_file(name, s.data)));
  for (const auto& solver : s.solvers) {
    std::vector<std::array<double, 3>> points;
    std::vector<SweepCost> costs;
    for (const auto& graph : loaded) {
      costs.push_back(sweep_cost(graph, solver));
      points.push_back(
          {static_cast<double>(graph.vertices()), static_cast<double>(graph.edge_count()), costs.back().cpu});
    }
    const auto [a, b] = fit_vertices_and_edges(points);
    for (std::size_t g = 0; g < points.size(); ++g) {
      const auto& [n, e, t] = points[g];
      const double fitted = a * n + b * e;
      fmt::print("{},{},{},{},{},{:.3e},{:.3e},{:.2f},{:.0f},{:+.1f}\n", names[g], solver, n, e,
                 costs[g].sweeps, t, costs[g].wall, 1e9 * t / e, 1e9 * fitted, 100.0 * (fitted - t) / t);
    }
    fmt::print("# fit {}: CPU seconds per sweep = {:.3f} ns x N + {:.3f} ns x E\n", solver, 1e9 * a, 1e9 * b);
    std::fflush(stdout);
  }
}

// At a fixed number of vertices the edges alone vary: the time per sweep against E, and a straight line
// through it (a: the per-vertex part, b: the cost of one edge).
void sweep_time_edges(const Settings& s) {
  constexpr Index vertices = 4000;
  fmt::print(
      "\n# part = sweep_time, fixed N = {} (random unit-weight graphs, mean degree 2 ... 64, seed 1; the "
      "same measurement)\n",
      vertices);
  fmt::print("solver,vertices,edges,mean_degree,cpu_seconds_per_sweep,fit_seconds,fit_residual_percent\n");
  std::vector<WeightedGraph> series;
  for (Index degree = 2; degree <= 64; degree *= 2)
    series.push_back(random_unit_graph(vertices, vertices * degree / 2, 1));
  for (const auto& solver : s.solvers) {
    std::vector<std::pair<double, double>> points;
    for (const auto& graph : series)
      points.push_back({static_cast<double>(graph.edge_count()), sweep_cost(graph, solver).cpu});
    const auto [a, b] = fit_line(points);
    for (const auto& [e, t] : points)
      fmt::print("{},{},{},{},{:.3e},{:.3e},{:+.1f}\n", solver, vertices, e, 2 * e / vertices, t, a + b * e,
                 100.0 * (a + b * e - t) / t);
    fmt::print("# line {}: CPU seconds per sweep = {:.1f} us + {:.3f} ns x E\n", solver, 1e6 * a, 1e9 * b);
    std::fflush(stdout);
  }
}

void sweep_time(const Settings& s) {
  sweep_time_gset(s);
  sweep_time_edges(s);
}

}  // namespace

int main(int argc, char** argv) {
  const Settings s = parse(argc, argv);
  try {
    fmt::print("# threads = {}\n# omp_max_threads = {}\n# time_limit_seconds = {}\n# seeds = {}\n", s.threads,
               omp_get_max_threads(), s.time_limit, s.seeds);
    std::fflush(stdout);
    if (s.part == "all" || s.part == "time_to_target") time_to_target(s);
    if (s.part == "all" || s.part == "mean_cut") mean_cut(s);
    if (s.part == "success") success(s);
    if (s.part == "all" || s.part == "sweep_time") sweep_time(s);
  } catch (const std::exception& error) {
    fmt::print(stderr, "maxcut_bench: {}\n", error.what());
    return 1;
  }
  return 0;
}
