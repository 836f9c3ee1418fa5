#include "maxcut_dynamics.hpp"

#include <algorithm>
#include <cmath>

#include "hopfield/random.hpp"

namespace hopfield::detail {

void RestartRun::offer(double cut, std::span<const std::int8_t> partition) {
  if (cut <= best_cut) return;
  best_cut = cut;
  best_partition.assign(partition.begin(), partition.end());
  const double now = seconds();
  trace.push_back({now, cut});
  if (reached_target() && !seconds_to_target) seconds_to_target = now;
}

double RestartRun::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - solve_start).count();
}

namespace {

using Spins = std::vector<std::int8_t>;

Spins random_spins(Index n, Rng& rng) {
  Spins spins(static_cast<std::size_t>(n));
  for (auto& s : spins) s = (rng.next_u64() >> 63) != 0 ? 1 : -1;
  return spins;
}

// The spins, their local fields h = W s and the cut, updated together by each flip.
class FlipState {
 public:
  FlipState(const RestartRun& run, Spins spins)
      : run_(run), spins_(std::move(spins)), fields_(spins_.size()) {
    run.couplings.local_fields(spins_, fields_);
    cut_ = cut_from_energy(run.graph, run.couplings.energy(spins_));
  }
  // ΔE of flipping neuron i: 2 s_i h_i (the cut changes by −ΔE/2).
  double flip_cost(std::size_t i) const { return 2.0 * spins_[i] * fields_[i]; }
  void flip(std::size_t i) {
    cut_ -= 0.5 * flip_cost(i);
    const double change = -2.0 * spins_[i];
    spins_[i] = static_cast<std::int8_t>(-spins_[i]);
    const auto neighbours = run_.couplings.neighbours(static_cast<Index>(i));
    const auto weights = run_.couplings.weights(static_cast<Index>(i));
    for (std::size_t k = 0; k < neighbours.size(); ++k)
      fields_[static_cast<std::size_t>(neighbours[k])] += weights[k] * change;
  }
  // One greedy pass in index order; returns the number of flips (each strictly raises the cut).
  Index descend_once() {
    Index flips = 0;
    for (std::size_t i = 0; i < spins_.size(); ++i)
      if (flip_cost(i) < 0.0) {
        flip(i);
        ++flips;
      }
    return flips;
  }
  double field(std::size_t i) const { return fields_[i]; }
  std::size_t size() const { return spins_.size(); }
  double cut() const { return cut_; }
  const Spins& spins() const { return spins_; }

 private:
  const RestartRun& run_;
  Spins spins_;
  std::vector<double> fields_;
  double cut_ = 0.0;
};

// Asynchronous descent in a fresh random order each sweep, until a sweep flips nothing.
void run_descent(RestartRun& run, Rng& rng) {
  FlipState state(run, random_spins(run.graph.vertices(), rng));
  std::vector<std::int32_t> order(state.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::int32_t>(i);
  run.offer(state.cut(), state.spins());
  while (run.sweeps_run < run.sweeps && !run.reached_target()) {
    rng.shuffle(std::span<std::int32_t>(order));
    Index flips = 0;
    for (const auto i : order)
      if (state.flip_cost(static_cast<std::size_t>(i)) < 0.0) {
        state.flip(static_cast<std::size_t>(i));
        ++flips;
      }
    ++run.sweeps_run;
    run.offer(state.cut(), state.spins());
    if (flips == 0) break;
  }
}

// Glauber (heat bath, inverse temperature linear in the sweep) or Metropolis (temperature geometric in the
// sweep) single flips in index order, then a greedy quench to the nearest 1-flip optimum.
void run_thermal(RestartRun& run, Rng& rng, bool glauber) {
  FlipState state(run, random_spins(run.graph.vertices(), rng));
  run.offer(state.cut(), state.spins());
  const double beta_start = 1.0 / run.initial_temperature;
  const double beta_end = 1.0 / run.final_temperature;
  const double cooling = std::pow(run.final_temperature / run.initial_temperature,
                                  1.0 / static_cast<double>(std::max<Index>(run.sweeps - 1, 1)));
  double temperature = run.initial_temperature;
  while (run.sweeps_run < run.sweeps && !run.reached_target()) {
    const double progress =
        static_cast<double>(run.sweeps_run) / static_cast<double>(std::max<Index>(run.sweeps - 1, 1));
    const double beta = glauber ? beta_start + (beta_end - beta_start) * progress : 1.0 / temperature;
    for (std::size_t i = 0; i < state.size(); ++i) {
      const double cost = state.flip_cost(i);
      const bool flip = glauber ? rng.uniform() * (1.0 + std::exp(beta * cost)) < 1.0
                                : cost <= 0.0 || rng.uniform() < std::exp(-beta * cost);
      if (flip) state.flip(i);
    }
    temperature *= cooling;
    ++run.sweeps_run;
    run.offer(state.cut(), state.spins());
  }
  while (state.descend_once() > 0) {
  }
  run.offer(state.cut(), state.spins());
}

double uniform_between(Rng& rng, double low, double high) {
  return low + (high - low) * rng.uniform();
}

// Simulated bifurcation (ballistic or discrete). The sign field W sign(x) is kept incrementally (signs
// change rarely late in the run), which gives the cut of sign(x) at every step in O(N).
void run_bifurcation(RestartRun& run, Rng& rng, bool discrete) {
  const auto n = static_cast<std::size_t>(run.graph.vertices());
  std::vector<double> x(n), y(n), field(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = uniform_between(rng, -0.1, 0.1);
    y[i] = uniform_between(rng, -0.1, 0.1);
  }
  Spins signs(n);
  for (std::size_t i = 0; i < n; ++i) signs[i] = x[i] >= 0.0 ? 1 : -1;
  FlipState state(run, signs);
  run.offer(state.cut(), state.spins());
  constexpr double a0 = 1.0;
  const double dt = run.time_step;
  const double c0 = run.coupling_strength;
  std::vector<std::size_t> changed;
  for (; run.sweeps_run < run.sweeps && !run.reached_target(); ++run.sweeps_run) {
    const double pump = a0 * static_cast<double>(run.sweeps_run) / static_cast<double>(run.sweeps);
    if (!discrete) run.couplings.multiply(x, field);
    changed.clear();
    for (std::size_t i = 0; i < n; ++i) {
      // Discrete: the force is W sign(x), the flip state's local field (it holds s = sign(x)).
      const double force = discrete ? state.field(i) : field[i];
      y[i] += (-(a0 - pump) * x[i] + c0 * force) * dt;
      x[i] += a0 * y[i] * dt;
      if (std::abs(x[i]) > 1.0) {
        x[i] = x[i] > 0.0 ? 1.0 : -1.0;
        y[i] = 0.0;
      }
      if ((x[i] >= 0.0 ? 1 : -1) != state.spins()[i]) changed.push_back(i);
    }
    for (const auto i : changed) state.flip(i);
    run.offer(state.cut(), state.spins());
  }
}

}  // namespace

void run_restart(RestartRun& run, std::uint64_t seed) {
  Rng rng(seed);
  switch (run.solver) {
    case MaxCutSolver::Descent:
      run_descent(run, rng);
      break;
    case MaxCutSolver::Glauber:
      run_thermal(run, rng, true);
      break;
    case MaxCutSolver::Annealing:
      run_thermal(run, rng, false);
      break;
    case MaxCutSolver::BallisticBifurcation:
      run_bifurcation(run, rng, false);
      break;
    case MaxCutSolver::DiscreteBifurcation:
      run_bifurcation(run, rng, true);
      break;
  }
}

}  // namespace hopfield::detail
