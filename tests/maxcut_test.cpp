// MAX-CUT as Hopfield energy minimisation: the cut/energy identity, the solvers against exhaustive search,
// thread-count independence, and the G-set reader's errors.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../src/maxcut_dynamics.hpp"
#include "hopfield/error.hpp"
#include "hopfield/kernels.hpp"
#include "hopfield/maxcut.hpp"
#include "hopfield/maxcut_solvers.hpp"
#include "hopfield/random.hpp"
#include "hopfield/sparse_couplings.hpp"
#include "test_files.hpp"

namespace {

using namespace hopfield;

// A random graph: each pair an edge with probability `density`, weights drawn from {−2, −1, 1, 2, 3}
// (or all 1 when `unit`).
WeightedGraph random_graph(Index n, double density, std::uint64_t seed, bool unit = false) {
  Rng rng(seed);
  const double choices[] = {-2.0, -1.0, 1.0, 2.0, 3.0};
  std::vector<CouplingEntry> edges;
  for (Index i = 0; i < n; ++i)
    for (Index j = i + 1; j < n; ++j)
      if (rng.bernoulli(density)) edges.push_back({i, j, unit ? 1.0 : choices[rng.uniform_below(5)]});
  return WeightedGraph(n, edges);
}

std::vector<std::int8_t> random_partition(Index n, Rng& rng) {
  std::vector<std::int8_t> s(static_cast<std::size_t>(n));
  for (auto& v : s) v = rng.bernoulli(0.5) ? 1 : -1;
  return s;
}

// The cut from a dense weight matrix, pair by pair: the independent oracle.
double dense_cut(const WeightedGraph& graph, const std::vector<std::int8_t>& s) {
  const Index n = graph.vertices();
  Matrix w = Matrix::Zero(n, n);
  for (const auto& e : graph.edges()) w(e.first, e.second) = w(e.second, e.first) = e.value;
  double cut = 0.0;
  for (Index i = 0; i < n; ++i)
    for (Index j = i + 1; j < n; ++j)
      if (s[static_cast<std::size_t>(i)] != s[static_cast<std::size_t>(j)]) cut += w(i, j);
  return cut;
}

// The maximum cut by enumerating every partition with vertex 0 on the + side.
double exhaustive_maximum(const WeightedGraph& graph) {
  const Index n = graph.vertices();
  double best = -1e300;
  std::vector<std::int8_t> s(static_cast<std::size_t>(n));
  for (std::uint64_t code = 0; code < (std::uint64_t{1} << (n - 1)); ++code) {
    s[0] = 1;
    for (Index i = 1; i < n; ++i) s[static_cast<std::size_t>(i)] = ((code >> (i - 1)) & 1) != 0 ? 1 : -1;
    best = std::max(best, cut_value(graph, s));
  }
  return best;
}

TEST(MaxCut, CutEqualsHalfTheTotalWeightMinusTheHopfieldEnergy) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const Index n = 5 + static_cast<Index>(seed) * 3;
    const WeightedGraph graph = random_graph(n, 0.3, seed);
    const SparseCouplings couplings = maxcut_couplings(graph);
    Rng rng(seed + 100);
    for (int trial = 0; trial < 10; ++trial) {
      const auto s = random_partition(n, rng);
      const double oracle = dense_cut(graph, s);
      EXPECT_EQ(cut_value(graph, s), oracle);
      EXPECT_EQ(cut_from_energy(graph, couplings.energy(s)), oracle) << "seed " << seed;
    }
  }
}

TEST(SparseCouplings, LocalFieldsMatchTheDenseProductAndBadPairsAreRefused) {
  const WeightedGraph graph = random_graph(30, 0.4, 7);
  const SparseCouplings& w = graph.adjacency();
  Matrix dense = Matrix::Zero(30, 30);
  for (const auto& e : graph.edges()) dense(e.first, e.second) = dense(e.second, e.first) = e.value;
  Rng rng(3);
  const auto s = random_partition(30, rng);
  Vector v(30);
  for (Index i = 0; i < 30; ++i) v(i) = s[static_cast<std::size_t>(i)];
  const Vector expected = dense * v;
  std::vector<double> fields(30);
  w.local_fields(s, fields);
  for (Index i = 0; i < 30; ++i) EXPECT_EQ(fields[static_cast<std::size_t>(i)], expected(i));
  EXPECT_EQ(w.pair_count(), graph.edge_count());
  const std::vector<CouplingEntry> twice = {{0, 1, 1.0}, {1, 0, 2.0}};
  EXPECT_THROW(SparseCouplings(3, twice), Error);
  const std::vector<CouplingEntry> self = {{2, 2, 1.0}};
  EXPECT_THROW(SparseCouplings(3, self), Error);
  for (const Index vertices : {Index{0}, max_graph_vertices + 1}) {
    try {
      const WeightedGraph graph(vertices, {});
      ADD_FAILURE() << "a graph of " << vertices << " vertices was accepted";
    } catch (const Error& error) {
      EXPECT_NE(std::string(error.what()).find("graph: vertices = " + std::to_string(vertices)),
                std::string::npos)
          << error.what();
    }
  }
}

TEST(MaxCutSolvers, EverySolverFindsTheExhaustiveOptimumOnSmallGraphs) {
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    const WeightedGraph graph = random_graph(14 + static_cast<Index>(seed), 0.4, seed, seed == 1);
    const double optimum = exhaustive_maximum(graph);
    for (const auto solver :
         {MaxCutSolver::Descent, MaxCutSolver::Glauber, MaxCutSolver::BallisticBifurcation,
          MaxCutSolver::DiscreteBifurcation, MaxCutSolver::Annealing}) {
      const auto result =
          solve_maxcut(graph, {.solver = solver, .seed = seed, .restarts = 40, .sweeps = 300});
      EXPECT_EQ(result.best_cut, optimum) << maxcut_solver_name(solver) << ", graph " << seed;
      EXPECT_EQ(cut_value(graph, result.best_partition), result.best_cut);
    }
  }
}

// The graph with every weight multiplied by `factor`.
WeightedGraph scaled(const WeightedGraph& graph, double factor) {
  std::vector<CouplingEntry> edges = graph.edges();
  for (auto& e : edges) e.value *= factor;
  return WeightedGraph(graph.vertices(), edges);
}

TEST(MaxCutSolvers, WholeNumberWeightsTakeTheTableAndHalvedWeightsTheSameDynamicsWithoutIt) {
  // Halving every weight and both temperatures leaves every β·ΔE unchanged, exactly (powers of two), so the
  // integer kernel (thresholds tabulated per sweep) and the floating-point one (an exp per visit) must
  // flip the same neurons and end in the same partitions, with every cut halved.
  const WeightedGraph whole = random_graph(90, 0.15, 21);
  const WeightedGraph halved = scaled(whole, 0.5);
  ASSERT_TRUE(detail::FlipCouplings(maxcut_couplings(whole)).integer);
  ASSERT_FALSE(detail::FlipCouplings(maxcut_couplings(halved)).integer);
  for (const auto solver : {MaxCutSolver::Glauber, MaxCutSolver::Annealing, MaxCutSolver::Descent}) {
    MaxCutOptions options{.solver = solver,
                          .seed = 3,
                          .restarts = 6,
                          .threads = 1,
                          .sweeps = 150,
                          .initial_temperature = 6.0,
                          .final_temperature = 0.25};
    const auto a = solve_maxcut(whole, options);
    options.initial_temperature /= 2;
    options.final_temperature /= 2;
    const auto b = solve_maxcut(halved, options);
    ASSERT_EQ(a.restarts.size(), b.restarts.size());
    for (std::size_t r = 0; r < a.restarts.size(); ++r)
      EXPECT_EQ(a.restarts[r].cut, 2 * b.restarts[r].cut) << maxcut_solver_name(solver) << " restart " << r;
    EXPECT_EQ(a.best_partition, b.best_partition) << maxcut_solver_name(solver);
  }
}

// Annealing or Glauber written out plainly from the documented dynamics: index order, every neuron visited,
// its field recomputed from a dense matrix, the flip probability from exp; the same random stream (spins from
// the top bit of a 64-bit draw, then xoshiro128** seeded from the next two 64-bit draws, a 32-bit draw only
// for outcomes that are not certain). The best cut met at the end of a sweep or after the final quench.
double reference_thermal(const WeightedGraph& graph, std::uint64_t seed, int sweeps, double t0, double t1,
                         bool glauber, Index restart = 0) {
  const Index n = graph.vertices();
  Matrix w = Matrix::Zero(n, n);  // the couplings W = −w
  for (const auto& e : graph.edges()) w(e.first, e.second) = w(e.second, e.first) = -e.value;
  Rng rng(derive_seed(seed, static_cast<std::uint64_t>(restart)));
  std::vector<std::int8_t> s(static_cast<std::size_t>(n));
  for (auto& v : s) v = (rng.next_u64() >> 63) != 0 ? 1 : -1;
  const std::uint64_t low = rng.next_u64(), high = rng.next_u64();
  std::uint32_t x[4] = {static_cast<std::uint32_t>(low), static_cast<std::uint32_t>(low >> 32),
                        static_cast<std::uint32_t>(high), static_cast<std::uint32_t>(high >> 32)};
  const auto rotl = [](std::uint32_t v, int k) { return (v << k) | (v >> (32 - k)); };
  const auto draw = [&]() -> std::uint64_t {  // xoshiro128**
    const std::uint32_t result = rotl(x[1] * 5u, 7) * 9u, t = x[1] << 9;
    x[2] ^= x[0];
    x[3] ^= x[1];
    x[1] ^= x[2];
    x[0] ^= x[3];
    x[2] ^= t;
    x[3] = rotl(x[3], 11);
    return result;
  };
  const auto cost = [&](Index i) {
    double h = 0;
    for (Index j = 0; j < n; ++j) h += w(i, j) * s[static_cast<std::size_t>(j)];
    return s[static_cast<std::size_t>(i)] * h;
  };
  double best = cut_value(graph, s);
  for (int sweep = 0; sweep < sweeps; ++sweep) {
    const double beta = 1.0 / (t0 * std::pow(t1 / t0, sweep / double(std::max(sweeps - 1, 1))));
    const double cutoff = 33.0 * std::log(2.0) / (2.0 * beta);
    for (Index i = 0; i < n; ++i) {
      const double g = cost(i);
      if (g >= cutoff) continue;
      const double p =
          glauber ? 1.0 / (1.0 + std::exp(2.0 * beta * g)) : std::min(1.0, std::exp(-2.0 * beta * g));
      // Thresholds of 2³² − 1 and more are certain: no draw.
      const std::uint64_t threshold =
          (!glauber && g <= 0) ? (1ull << 32) - 1
                               : std::clamp<std::uint64_t>(std::llround(p * 0x1.0p32), 1, (1ull << 32) - 1);
      if (threshold < (1ull << 32) - 1 && draw() >= threshold) continue;
      s[static_cast<std::size_t>(i)] = static_cast<std::int8_t>(-s[static_cast<std::size_t>(i)]);
    }
    best = std::max(best, cut_value(graph, s));
  }
  for (bool flipped = true; flipped;) {
    flipped = false;
    for (Index i = 0; i < n; ++i)
      if (cost(i) < 0) {
        s[static_cast<std::size_t>(i)] = static_cast<std::int8_t>(-s[static_cast<std::size_t>(i)]);
        flipped = true;
      }
  }
  return std::max(best, cut_value(graph, s));
}

TEST(MaxCutSolvers, TheFastThermalKernelRunsExactlyTheDocumentedDynamics) {
  // The table, the skipped draws, the vertices passed over where every lane is frozen and the 16 lanes of
  // the replica-parallel sweep are exact: each restart has the cut of its own plain loop, sweep for sweep,
  // on every kernel path, whichever way it runs (19 restarts: 16 in lanes and 3 on the scalar loop; then 3
  // alone), on graphs whose N is not a multiple of 16. Cold runs from a random start flip many
  // neurons next to frozen ones.
  const std::pair<double, double> schedules[] = {{5.0, 0.3}, {0.4, 0.1}};
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    const WeightedGraph graph = random_graph(37 + 13 * static_cast<Index>(seed), 0.2, seed + 40, seed == 2);
    for (const auto& [hot, cold] : schedules)
      for (const bool glauber : {false, true}) {
        std::vector<double> expected;
        for (Index r = 0; r < 19; ++r)
          expected.push_back(reference_thermal(graph, seed, 60, hot, cold, glauber, r));
        MaxCutOptions options{.solver = glauber ? MaxCutSolver::Glauber : MaxCutSolver::Annealing,
                              .seed = seed,
                              .restarts = 19,
                              .sweeps = 60,
                              .initial_temperature = hot,
                              .final_temperature = cold};
        for (const KernelPath path : supported_kernel_paths()) {
          const KernelPath previous = active_kernel_path();
          use_kernel_path(path);
          const auto result = solve_maxcut(graph, options);
          options.restarts = 3;
          const auto few = solve_maxcut(graph, options);
          options.restarts = 19;
          use_kernel_path(previous);
          ASSERT_EQ(result.restarts.size(), 19u);
          for (std::size_t r = 0; r < 19; ++r)
            EXPECT_EQ(result.restarts[r].cut, expected[r])
                << (glauber ? "glauber" : "annealing") << ", graph " << seed << ", T from " << hot << ", "
                << kernel_path_name(path) << ", restart " << r;
          for (std::size_t r = 0; r < 3; ++r) EXPECT_EQ(few.restarts[r].cut, expected[r]) << "alone " << r;
          EXPECT_EQ(cut_value(graph, result.best_partition), result.best_cut);
        }
      }
  }
}

// Discrete simulated bifurcation of one restart written out plainly from the documented dynamics (single
// precision, the couplings W − μ or W, Goto et al.'s defaults), dense couplings, then the same
// index-order descent; returns the cut. The library runs 16 such restarts in the lanes of a vector kernel.
double reference_discrete_bifurcation(const WeightedGraph& graph, std::uint64_t seed, Index restart,
                                      int steps, bool remove_mean) {
  const Index n = graph.vertices();
  Matrix w = Matrix::Zero(n, n);  // the couplings W = −w
  for (const auto& e : graph.edges()) w(e.first, e.second) = w(e.second, e.first) = -e.value;
  const double pairs = static_cast<double>(n) * static_cast<double>(n - 1);
  const double mu = remove_mean ? w.sum() / pairs : 0.0;
  const double sigma = std::sqrt(w.squaredNorm() / pairs - mu * mu);
  const auto c0 = static_cast<float>(0.5 / (sigma * std::sqrt(static_cast<double>(n))));
  const auto mean = static_cast<float>(mu);
  const float dt = remove_mean ? 1.25f : 0.5f;  // the default time steps
  Rng rng(derive_seed(seed, static_cast<std::uint64_t>(restart)));
  std::vector<float> x(static_cast<std::size_t>(n)), y(static_cast<std::size_t>(n));
  std::vector<int> s(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) {
    const auto k = static_cast<std::size_t>(i);
    x[k] = static_cast<float>(-0.1 + 0.2 * rng.uniform());
    y[k] = static_cast<float>(-0.1 + 0.2 * rng.uniform());
    s[k] = x[k] >= 0.0f ? 1 : -1;
  }
  for (int t = 0; t < steps; ++t) {
    const float detuning = 1.0f - static_cast<float>(t) / static_cast<float>(steps);
    const std::vector<int> before = s;
    int m = 0;
    for (const int v : before) m += v;
    for (Index i = 0; i < n; ++i) {
      const auto k = static_cast<std::size_t>(i);
      int h = 0;
      for (Index j = 0; j < n; ++j) h += static_cast<int>(w(i, j)) * before[static_cast<std::size_t>(j)];
      const float force = static_cast<float>(h) - mean * static_cast<float>(m - before[k]);
      const float momentum = y[k] + (-detuning * x[k] + c0 * force) * dt;
      const float moved = x[k] + momentum * dt;
      const bool wall = moved > 1.0f || moved < -1.0f;
      x[k] = wall ? (moved > 0.0f ? 1.0f : -1.0f) : moved;
      y[k] = wall ? 0.0f : momentum;
      s[k] = x[k] >= 0.0f ? 1 : -1;
    }
  }
  std::vector<std::int8_t> partition(s.begin(), s.end());
  for (bool flipped = true; flipped;) {
    flipped = false;
    for (Index i = 0; i < n; ++i) {
      double h = 0;
      for (Index j = 0; j < n; ++j) h += w(i, j) * partition[static_cast<std::size_t>(j)];
      if (partition[static_cast<std::size_t>(i)] * h < 0) {
        partition[static_cast<std::size_t>(i)] =
            static_cast<std::int8_t>(-partition[static_cast<std::size_t>(i)]);
        flipped = true;
      }
    }
  }
  return cut_value(graph, partition);
}

TEST(MaxCutSolvers, TheBifurcationLanesRunTheDocumentedDynamicsOnEveryKernelPath) {
  // 16 restarts share one vector step; each must give the cut of its own plain loop, on every path the CPU
  // runs, and the same whichever restarts share its lanes (19 restarts: a full batch and a partial one).
  const WeightedGraph unit = random_graph(45, 0.3, 31, true);
  const WeightedGraph mixed = random_graph(38, 0.25, 32);
  for (const WeightedGraph* graph : {&unit, &mixed})
    for (const bool remove_mean : {true, false}) {
      ASSERT_TRUE(detail::FlipCouplings(maxcut_couplings(*graph)).integer);
      std::vector<double> expected;
      for (Index r = 0; r < 19; ++r)
        expected.push_back(reference_discrete_bifurcation(*graph, 8, r, 120, remove_mean));
      MaxCutOptions options{.solver = MaxCutSolver::DiscreteBifurcation,
                            .seed = 8,
                            .restarts = 19,
                            .sweeps = 120,
                            .mean_coupling = remove_mean ? MeanCoupling::Removed : MeanCoupling::Kept};
      for (const KernelPath path : supported_kernel_paths()) {
        const KernelPath previous = active_kernel_path();
        use_kernel_path(path);
        const auto result = solve_maxcut(*graph, options);
        options.restarts = 3;
        const auto few = solve_maxcut(*graph, options);
        options.restarts = 19;
        use_kernel_path(previous);
        ASSERT_EQ(result.restarts.size(), 19u);
        for (std::size_t r = 0; r < 19; ++r)
          EXPECT_EQ(result.restarts[r].cut, expected[r]) << kernel_path_name(path) << ", restart " << r;
        for (std::size_t r = 0; r < 3; ++r)
          EXPECT_EQ(few.restarts[r].cut, expected[r]) << "alone, restart " << r;
      }
    }
}

TEST(MaxCutSolvers, TheMeanCouplingIsTakenOutWhereTheUniformDirectionIsTheStiffMode) {
  // A dense random graph with unit weights: W = −A has the isolated eigenvalue ≈ −(mean degree) along the
  // uniform direction, and the uniform Rayleigh quotient μ(N − 1) = −(mean degree) is close to it. Two
  // disjoint stars of 49 leaves: λ_min = −√49 = −7 on the stars' alternating vectors, against a uniform
  // quotient of −2 · 98 / 100 = −1.96.
  EXPECT_TRUE(mean_coupling_removed(random_graph(200, 0.3, 40, true)));
  std::vector<CouplingEntry> stars;
  for (Index leaf = 1; leaf < 50; ++leaf) {
    stars.push_back({0, leaf, 1.0});
    stars.push_back({50, 50 + leaf, 1.0});
  }
  EXPECT_FALSE(mean_coupling_removed(WeightedGraph(100, stars)));
  EXPECT_EQ(mean_coupling_from_name("kept"), MeanCoupling::Kept);
  EXPECT_EQ(mean_coupling_name(MeanCoupling::Removed), "removed");
  EXPECT_THROW(mean_coupling_from_name("half"), Error);
}

TEST(MaxCutSolvers, DescentEndsInAOneFlipOptimum) {
  const WeightedGraph graph = random_graph(60, 0.2, 11);
  const auto result = solve_maxcut(graph, {.solver = MaxCutSolver::Descent, .restarts = 1});
  auto s = result.best_partition;
  for (std::size_t i = 0; i < s.size(); ++i) {
    s[i] = static_cast<std::int8_t>(-s[i]);
    EXPECT_LE(cut_value(graph, s), result.best_cut) << "flipping vertex " << i;
    s[i] = static_cast<std::int8_t>(-s[i]);
  }
}

TEST(MaxCutSolvers, RunsAreBitIdenticalAtOneAndTwoThreads) {
  const WeightedGraph graph = random_graph(120, 0.1, 5);
  for (const auto solver : {MaxCutSolver::Descent, MaxCutSolver::Glauber, MaxCutSolver::BallisticBifurcation,
                            MaxCutSolver::DiscreteBifurcation, MaxCutSolver::Annealing}) {
    MaxCutOptions options{.solver = solver, .seed = 9, .restarts = 7, .threads = 1, .sweeps = 100};
    const auto one = solve_maxcut(graph, options);
    options.threads = 2;
    const auto two = solve_maxcut(graph, options);
    ASSERT_EQ(one.restarts.size(), 7u);
    ASSERT_EQ(two.restarts.size(), 7u);
    for (std::size_t r = 0; r < 7; ++r) {
      EXPECT_EQ(one.restarts[r].cut, two.restarts[r].cut) << maxcut_solver_name(solver) << " restart " << r;
      EXPECT_EQ(one.restarts[r].sweeps, two.restarts[r].sweeps);
    }
    EXPECT_EQ(one.best_partition, two.best_partition) << maxcut_solver_name(solver);
    EXPECT_EQ(one.best_restart, two.best_restart);
  }
}

TEST(MaxCutSolvers, TargetEndsTheRunAndIsTimed) {
  const WeightedGraph graph = random_graph(100, 0.1, 4, true);
  const auto free = solve_maxcut(graph, {.solver = MaxCutSolver::Annealing, .restarts = 4, .threads = 1});
  const double target = free.best_cut - 3;
  // 50 restarts run as three groups of 16 lanes and two single restarts: no group starts after the target.
  const auto result = solve_maxcut(
      graph, {.solver = MaxCutSolver::Annealing, .restarts = 50, .target_cut = target, .threads = 1});
  ASSERT_TRUE(result.seconds_to_target.has_value());
  EXPECT_GE(result.best_cut, target);
  EXPECT_EQ(result.restarts.size(), 16u);  // restarts after the first group to reach the target never start
  EXPECT_GE(result.trace.back().cut, target);
  EXPECT_LE(*result.seconds_to_target, result.seconds);
  // Fewer than 16 restarts run one by one, and the one that reaches the target ends there.
  const auto alone = solve_maxcut(
      graph, {.solver = MaxCutSolver::Annealing, .restarts = 4, .target_cut = target, .threads = 1});
  ASSERT_TRUE(alone.seconds_to_target.has_value());
  EXPECT_LT(alone.restarts.back().sweeps, 1000);
  EXPECT_THROW(solve_maxcut(graph, {.restarts = 0}), Error);
  EXPECT_THROW(solve_maxcut(graph, {.time_limit = -1}), Error);
  CancellationToken cancelled;
  cancelled.cancel();
  for (const auto solver : {MaxCutSolver::Descent, MaxCutSolver::Glauber, MaxCutSolver::DiscreteBifurcation})
    EXPECT_THROW(solve_maxcut(graph, {.solver = solver, .cancellation = &cancelled}), Cancelled);
  EXPECT_THROW(maxcut_solver_from_name("tabu"), Error);
}

std::string parse_error(const std::string& text) {
  try {
    parse_gset(text, "bad.txt");
  } catch (const Error& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(GsetReader, ReadsAGraphAndItsEdges) {
  const WeightedGraph graph = parse_gset("4 3\r\n1 2 1\n2 3 -1\n4 1 2.5\n\n", "ok.txt");
  EXPECT_EQ(graph.vertices(), 4);
  ASSERT_EQ(graph.edge_count(), 3);
  EXPECT_EQ(graph.edges()[2].first, 3);
  EXPECT_EQ(graph.edges()[2].second, 0);
  EXPECT_EQ(graph.total_weight(), 2.5);
}

TEST(GsetReader, EachMalformedFileGetsAnErrorNamingFileLineAndProblem) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "bad.txt, line 0: the file is empty"},
      {"4\n1 2 1\n", "bad.txt, line 1: the header has 1 fields; expected two whole numbers"},
      {"4 2 7\n", "bad.txt, line 1: the header has 3 fields"},
      {"four 1\n1 2 1\n", "bad.txt, line 1: the vertex count 'four' is not a whole number from 1"},
      {"0 0\n", "bad.txt, line 1: the vertex count '0' is not a whole number from 1"},
      {"3 4\n", "bad.txt, line 1: the edge count '4' is not a whole number from 0 to N(N-1)/2 = 3"},
      {"4 x\n", "bad.txt, line 1: the edge count 'x'"},
      {"4 2\n1 2 1\n0 3 1\n", "bad.txt, line 3: the first vertex 0 is outside the vertex range 1 ... 4"},
      {"4 2\n1 2 1\n3 5 1\n", "bad.txt, line 3: the second vertex 5 is outside the vertex range 1 ... 4"},
      {"4 2\n1 2 1\n1 b 1\n", "bad.txt, line 3: the second vertex 'b' is not a whole number"},
      {"4 2\n1 2 1\n1 3 one\n", "bad.txt, line 3: the weight 'one' is not a finite number"},
      {"4 2\n1 2 1\n1 3 nan\n", "bad.txt, line 3: the weight 'nan' is not a finite number"},
      {"4 2\n1.5 2 1\n", "bad.txt, line 2: the first vertex '1.5' is not a whole number"},
      {"4 2\n1 2 1\n1 3\n", "bad.txt, line 3: missing field: the edge line has 2 fields"},
      {"4 2\n1 2 1\n1 3 1 extra\n", "bad.txt, line 3: unexpected trailing text: the edge line has 4 fields"},
      {"4 2\n1 2 1\n2 2 1\n", "bad.txt, line 3: the edge joins vertex 2 to itself"},
      {"4 2\n1 2 1\n2 1 1\n", "bad.txt, line 3: the edge 1 2 repeats the edge of line 2"},
      {"4 3\n1 2 1\n2 3 1\n", "bad.txt: the file ends after 2 edges; the header declares 3"},
      {"4 1\n1 2 1\n2 3 1\n", "bad.txt, line 3: more edges than the 1 the header declares"},
  };
  for (const auto& [text, message] : cases)
    EXPECT_TRUE(test_files::contains(parse_error(text), message))
        << "file '" << text << "'\n  got:      " << parse_error(text) << "\n  expected: " << message;
}

TEST(GsetReader, AMissingFileIsNamed) {
  try {
    read_gset("/nonexistent/G0.txt");
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_TRUE(test_files::contains(error.what(), "/nonexistent/G0.txt")) << error.what();
  }
}

TEST(GsetReader, TheShippedGraphsHaveTheirDeclaredSizes) {
  const std::filesystem::path data = std::filesystem::path(HOPFIELD_TEST_DATA_DIR) / ".." / ".." / "data";
  const WeightedGraph g14 = read_gset(gset_file("G14", data));
  EXPECT_EQ(g14.vertices(), 800);
  EXPECT_EQ(g14.edge_count(), 4694);
  const WeightedGraph g70 = read_gset(gset_file("G70", data));
  EXPECT_EQ(g70.vertices(), 10000);
  EXPECT_EQ(g70.edge_count(), 9999);
  EXPECT_EQ(g70.adjacency().pair_count(), 9999);
}

}  // namespace
