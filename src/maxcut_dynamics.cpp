#include "maxcut_dynamics.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <type_traits>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "hopfield/random.hpp"
#include "kernels/kernel_table.hpp"

namespace hopfield::detail {

FlipCouplings::FlipCouplings(const SparseCouplings& couplings) {
  const auto n = static_cast<std::size_t>(couplings.neurons());
  offsets.assign(n + 1, 0);
  integer = true;
  double widest = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto row = couplings.neighbours(static_cast<Index>(i));
    const auto weights = couplings.weights(static_cast<Index>(i));
    neighbours.insert(neighbours.end(), row.begin(), row.end());
    double sum = 0.0;
    for (const double w : weights) {
      doubled.push_back(2.0 * w);
      sum += std::abs(w);
      integer = integer && w == std::round(w);
    }
    widest = std::max(widest, sum);
    offsets[i + 1] = static_cast<std::int64_t>(neighbours.size());
  }
  integer = integer && widest <= max_integer_cost;
  if (!integer) return;
  max_cost = static_cast<std::int32_t>(widest);
  doubled_integer.reserve(doubled.size());
  for (const double w : doubled) doubled_integer.push_back(static_cast<std::int32_t>(w));
  // |W_ij| ≤ max_cost ≤ 4096: 16 bits hold every coupling and every field.
  const bool same = std::all_of(doubled_integer.begin(), doubled_integer.end(),
                                [&](std::int32_t w) { return w == doubled_integer.front(); });
  if (same && !doubled_integer.empty()) {
    uniform = static_cast<std::int16_t>(doubled_integer.front() / 2);
    return;
  }
  whole.reserve(doubled_integer.size());
  for (const std::int32_t w : doubled_integer) whole.push_back(static_cast<std::int16_t>(w / 2));
}

kernels::LaneCouplings FlipCouplings::lanes() const {
  return {.offsets = offsets.data(),
          .neighbours = neighbours.data(),
          .couplings = whole.empty() ? nullptr : whole.data(),
          .uniform_coupling = uniform,
          .vertices = static_cast<kernels::KernelIndex>(size())};
}

void RestartRun::offer(double cut, std::span<const std::int8_t> partition) {
  if (cut <= best_cut) return;
  best_partition.assign(partition.begin(), partition.end());
  note(cut);
}

void RestartRun::note(double cut) {
  best_cut = cut;
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

// The spins, their local fields h = W s and the cut, updated together by each flip. Flipping neuron i costs
// g_i = s_i h_i (the energy changes by 2 g_i, the cut by −g_i). Field is std::int32_t for whole-number
// couplings (FlipCouplings::integer), else double. A flip adds −2 s_i W_ij to each neighbour's field: one
// load, add and store per coupling, the spins of the neighbours untouched.
template <typename Field>
class CostState {
 public:
  CostState(const RestartRun& run, Spins spins)
      : flip_(run.flip), spins_(std::move(spins)), fields_(spins_.size()) {
    std::vector<double> fields(spins_.size());
    run.couplings.local_fields(spins_, fields);
    for (std::size_t i = 0; i < spins_.size(); ++i) fields_[i] = static_cast<Field>(fields[i]);
    cut_ = cut_from_energy(run.graph, run.couplings.energy(spins_));
  }
  Field cost(std::size_t i) const { return spins_[i] * fields_[i]; }
  Field field(std::size_t i) const { return fields_[i]; }
  void flip(std::size_t i) {
    const int s = spins_[i];
    cut_ -= static_cast<double>(s * fields_[i]);
    spins_[i] = static_cast<std::int8_t>(-s);
    const auto begin = flip_.offsets[i], end = flip_.offsets[i + 1];
    const std::int32_t* neighbour = flip_.neighbours.data();
    const Field* doubled = doubled_couplings();
    Field* fields = fields_.data();
    const auto sign = static_cast<Field>(-s);  // a multiply, not a branch on the spin (random here)
    for (auto k = begin; k < end; ++k) fields[neighbour[k]] += sign * doubled[k];
  }
  std::size_t size() const { return spins_.size(); }
  double cut() const { return cut_; }
  const Spins& spins() const { return spins_; }
  const Field* fields() const { return fields_.data(); }

 private:
  const Field* doubled_couplings() const {
    if constexpr (std::is_same_v<Field, double>)
      return flip_.doubled.data();
    else
      return flip_.doubled_integer.data();
  }
  const FlipCouplings& flip_;
  Spins spins_;
  std::vector<Field> fields_;
  double cut_ = 0.0;
};

// Bit k of the result: s_k h_k < cutoff, for a block of 16 neurons.
template <typename Field>
std::uint32_t below_mask(const std::int8_t* spins, const Field* fields, Field cutoff) {
  std::uint32_t mask = 0;
  for (unsigned k = 0; k < 16; ++k) mask |= static_cast<std::uint32_t>(spins[k] * fields[k] < cutoff) << k;
  return mask;
}

#if defined(__SSE2__)
// The same with SSE2 (every x86-64): s h as (h XOR m) − m, m all ones for s = −1 and 0 for s = +1 (the spin
// byte repeated over its 32-bit lane, shifted right arithmetically), then four compares and sign-bit masks.
template <>
std::uint32_t below_mask<std::int32_t>(const std::int8_t* spins, const std::int32_t* fields,
                                       std::int32_t cutoff) {
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(spins));
  const __m128i words_low = _mm_unpacklo_epi8(bytes, bytes), words_high = _mm_unpackhi_epi8(bytes, bytes);
  const __m128i quads[4] = {
      _mm_unpacklo_epi16(words_low, words_low), _mm_unpackhi_epi16(words_low, words_low),
      _mm_unpacklo_epi16(words_high, words_high), _mm_unpackhi_epi16(words_high, words_high)};
  const __m128i limit = _mm_set1_epi32(cutoff);
  std::uint32_t mask = 0;
  for (int q = 0; q < 4; ++q) {
    const __m128i sign = _mm_srai_epi32(quads[q], 25);  // the spin byte sits in the top byte of each lane
    const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(fields + 4 * q));
    const __m128i cost = _mm_sub_epi32(_mm_xor_si128(h, sign), sign);
    mask |= static_cast<std::uint32_t>(_mm_movemask_ps(_mm_castsi128_ps(_mm_cmplt_epi32(cost, limit))))
            << (4 * q);
  }
  return mask;
}
#endif

// Visits, in index order, every neuron whose cost is below `cutoff` at the moment the sweep reaches it —
// exactly the neurons an index-order loop with `if (cost < cutoff) visit(i)` would visit, since a flip
// re-reads the rest of its block. Neurons at or above the cutoff (frozen at this temperature) cost a vector
// compare per 16 instead of a load, a branch and a table look-up each. visit(i) returns whether i flipped.
template <typename Cost, typename Visit>
void visit_below(const CostState<Cost>& state, Cost cutoff, Visit&& visit) {
  const std::size_t n = state.size();
  std::size_t base = 0;
  for (; base + 16 <= n; base += 16) {
    std::uint32_t mask = below_mask(state.spins().data() + base, state.fields() + base, cutoff);
    while (mask != 0) {
      const auto k = static_cast<unsigned>(std::countr_zero(mask));
      if (visit(base + k))
        mask =
            below_mask(state.spins().data() + base, state.fields() + base, cutoff) & (~std::uint32_t{1} << k);
      else
        mask &= mask - 1;
    }
  }
  for (; base < n; ++base)
    if (state.cost(base) < cutoff) visit(base);
}

// One greedy pass in index order; returns the number of flips (each strictly raises the cut).
template <typename Cost>
Index descend_once(CostState<Cost>& state) {
  Index flips = 0;
  visit_below(state, Cost{0}, [&](std::size_t i) {
    if (state.cost(i) >= 0) return false;  // cannot happen; a wrong mask would otherwise loop forever
    state.flip(i);
    ++flips;
    return true;
  });
  return flips;
}

template <typename Cost>
void descend(CostState<Cost>& state) {
  while (descend_once(state) > 0) {
  }
}

// Asynchronous descent in a fresh random order each sweep, until a sweep flips nothing.
template <typename Cost>
void run_descent(RestartRun& run, Rng& rng) {
  CostState<Cost> state(run, random_spins(run.graph.vertices(), rng));
  std::vector<std::int32_t> order(state.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::int32_t>(i);
  run.offer(state.cut(), state.spins());
  while (run.sweeps_run < run.sweeps && !run.reached_target()) {
    throw_if_cancelled(run.cancellation);
    rng.shuffle(std::span<std::int32_t>(order));
    Index flips = 0;
    for (const auto i : order)
      if (state.cost(static_cast<std::size_t>(i)) < Cost{0}) {
        state.flip(static_cast<std::size_t>(i));
        ++flips;
      }
    ++run.sweeps_run;
    run.offer(state.cut(), state.spins());
    if (flips == 0) break;
  }
}

// xoshiro128** (Blackman & Vigna): the 32-bit draws of one thermal restart, seeded from two 64-bit outputs
// of its Rng after the initial spins. The replica-parallel kernel runs the same generator per lane
// (thermal_kernels.inl), so a restart draws the same numbers in either.
class Xoshiro128 {
 public:
  explicit Xoshiro128(Rng& rng) {
    const std::uint64_t low = rng.next_u64(), high = rng.next_u64();
    state_ = {static_cast<std::uint32_t>(low), static_cast<std::uint32_t>(low >> 32),
              static_cast<std::uint32_t>(high), static_cast<std::uint32_t>(high >> 32)};
    if ((low | high) == 0) state_[0] = 1;  // the one state the generator cannot leave
  }
  std::uint32_t next() {
    const std::uint32_t result = std::rotl(state_[1] * 5u, 7) * 9u;
    const std::uint32_t shifted = state_[1] << 9;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= shifted;
    state_[3] = std::rotl(state_[3], 11);
    return result;
  }
  const std::array<std::uint32_t, 4>& state() const { return state_; }

 private:
  std::array<std::uint32_t, 4> state_{};
};

// The probability of a flip at one temperature, as a threshold t on a 32-bit draw u (flip when u < t):
// t = 0 never flips and t = certain_flip (2³² − 1) always does, neither with a draw; a probability that
// rounds to 2³² − 1 or more counts as certain. Costs at or above `cutoff` — where the probability is below
// 2⁻³³ — get 0. Metropolis: p = min(1, exp(−2βg)); Glauber: p = 1 / (1 + exp(2βg)).
using kernels::certain_flip;

struct FlipRule {
  bool glauber = false;
  double beta = 0.0;
  double cutoff = 0.0;

  FlipRule(bool heat_bath, double inverse_temperature)
      : glauber(heat_bath), beta(inverse_temperature), cutoff(33.0 * std::log(2.0) / (2.0 * beta)) {}
  std::uint32_t threshold(double g) const {
    if (g >= cutoff) return 0;
    if (!glauber && g <= 0.0) return certain_flip;
    const double p = glauber ? 1.0 / (1.0 + std::exp(2.0 * beta * g)) : std::exp(-2.0 * beta * g);
    const auto t = std::max<std::int64_t>(std::llround(p * 0x1.0p32), 1);
    return t >= std::int64_t{certain_flip} ? certain_flip : static_cast<std::uint32_t>(t);
  }
};

// Whether a flip with threshold t happens, drawing only when the outcome is uncertain.
inline bool flips(std::uint32_t t, Xoshiro128& draws) {
  return t == certain_flip || (t != 0 && draws.next() < t);
}

// The thresholds of one temperature: per vertex from the rule (double costs), or tabulated once per sweep
// over the integer costs −max_cost … cutoff − 1 (integer costs), so a visit costs a look-up, not an exp.
template <typename Cost>
class Thresholds {
 public:
  explicit Thresholds(const FlipCouplings& flip) : max_cost_(flip.max_cost) {
    if constexpr (std::is_same_v<Cost, std::int32_t>)
      table_.resize(2 * static_cast<std::size_t>(max_cost_) + 1);
  }
  void set(const FlipRule& rule) {
    rule_ = rule;
    if constexpr (std::is_same_v<Cost, double>) {
      cutoff_ = rule.cutoff;
    } else {
      cutoff_ = static_cast<Cost>(std::min(std::ceil(rule.cutoff), static_cast<double>(max_cost_) + 1.0));
      for (Cost g = -max_cost_; g <= max_cost_; ++g)
        table_[static_cast<std::size_t>(g + max_cost_)] = g < cutoff_ ? rule.threshold(g) : 0;
    }
  }
  Cost cutoff() const { return cutoff_; }
  std::uint32_t at(Cost g) const {
    if constexpr (std::is_same_v<Cost, double>)
      return rule_.threshold(g);
    else
      return table_[static_cast<std::size_t>(g + max_cost_)];
  }
  const std::uint32_t* table() const { return table_.data(); }

 private:
  Cost max_cost_ = 0;
  FlipRule rule_{false, 1.0};
  Cost cutoff_ = 0;
  std::vector<std::uint32_t> table_;
};

// β of sweep t of the geometric schedule from the first sweep's temperature to the last's.
double sweep_beta(const RestartRun& run, Index sweep) {
  const double last = static_cast<double>(std::max<Index>(run.sweeps - 1, 1));
  const double ratio = run.final_temperature / run.initial_temperature;
  return 1.0 / (run.initial_temperature * std::pow(ratio, static_cast<double>(sweep) / last));
}

// Glauber (heat bath) or Metropolis single flips in index order under the same schedule — the temperature
// falling geometrically from the first sweep's to the last's — then a greedy quench to the nearest 1-flip
// optimum. The two differ only in the acceptance rule, and share every speed-up: tabulated thresholds,
// 32-bit draws, no draw for a certain outcome, frozen neurons skipped 16 at a time. This loop serves
// couplings that are not whole numbers (double fields, a threshold computed per visit); run_thermal_lanes
// runs whole-number ones 16 restarts at a time, each exactly this dynamics.
template <typename Field>
void run_thermal(RestartRun& run, Rng& rng, bool glauber) {
  CostState<Field> state(run, random_spins(run.graph.vertices(), rng));
  run.offer(state.cut(), state.spins());
  Xoshiro128 draws(rng);
  Thresholds<Field> thresholds(run.flip);
  const auto visit = [&](std::size_t i) {
    if (!flips(thresholds.at(state.cost(i)), draws)) return false;
    state.flip(i);
    return true;
  };
  while (run.sweeps_run < run.sweeps && !run.reached_target()) {
    throw_if_cancelled(run.cancellation);
    thresholds.set(FlipRule(glauber, sweep_beta(run, run.sweeps_run)));
    visit_below(state, thresholds.cutoff(), visit);
    ++run.sweeps_run;
    run.offer(state.cut(), state.spins());
  }
  descend(state);
  run.offer(state.cut(), state.spins());
}

constexpr auto thermal_lanes = static_cast<std::size_t>(kernels::bifurcation_lanes);

// After a sweep of run_thermal_lanes: each restart whose cut beats its best so far notes it (the trace and
// the time to target) and keeps its state, in one pass over the lanes when any improved.
void keep_improved_lanes(std::span<RestartRun> runs, const std::array<double, thermal_lanes>& start,
                         const std::array<std::int32_t, thermal_lanes>& gains,
                         const std::vector<std::int16_t>& signs, std::vector<std::int16_t>& best) {
  std::array<std::int16_t, thermal_lanes> keep{};  // all ones where the lane improved
  bool improved = false;
  for (std::size_t k = 0; k < runs.size(); ++k) {
    const double cut = start[k] + gains[k];
    if (cut <= runs[k].best_cut) continue;
    runs[k].note(cut);
    keep[k] = -1;
    improved = true;
  }
  if (!improved) return;
  for (std::size_t at = 0; at < signs.size(); at += thermal_lanes)
    for (std::size_t k = 0; k < thermal_lanes; ++k)
      best[at + k] = static_cast<std::int16_t>((signs[at + k] & keep[k]) | (best[at + k] & ~keep[k]));
}

// The end of lane k's restart: its best state at a sweep's end becomes its partition (run.best_cut is that
// state's cut), then the quench from its last state, as in run_thermal.
void finish_lane(RestartRun& run, std::size_t k, const std::vector<std::int16_t>& signs,
                 const std::vector<std::int16_t>& best) {
  const std::size_t n = signs.size() / thermal_lanes;
  Spins kept(n), last(n);
  for (std::size_t i = 0; i < n; ++i) {
    kept[i] = static_cast<std::int8_t>(best[i * thermal_lanes + k]);
    last[i] = static_cast<std::int8_t>(signs[i * thermal_lanes + k]);
  }
  run.best_partition = std::move(kept);
  run.sweeps_run = run.sweeps;
  CostState<std::int32_t> state(run, std::move(last));
  descend(state);
  run.offer(state.cut(), state.spins());
}

// 16 restarts of run_thermal (whole-number couplings) in the lanes of the kernel table's thermal_sweep, each
// with its own spins and generator from its seed: each meets the same states as alone. The lanes run every
// sweep (a restart that reaches the target does not end early); each restart's best state at a sweep's end
// is kept, and each ends with the same quench. Lanes beyond runs.size() repeat lane 0 and are dropped.
void run_thermal_lanes(std::span<RestartRun> runs, std::span<const std::uint64_t> seeds, bool glauber) {
  constexpr std::size_t lanes = thermal_lanes;
  RestartRun& first = runs.front();
  const std::size_t n = first.flip.size();
  std::vector<std::int16_t> signs(n * lanes), fields(n * lanes);
  std::vector<std::uint32_t> generators(4 * lanes);
  std::array<double, lanes> start{};
  for (std::size_t k = 0; k < lanes; ++k) {
    Rng rng(seeds[k < seeds.size() ? k : 0]);
    CostState<std::int32_t> state(first, random_spins(first.graph.vertices(), rng));
    const Xoshiro128 draws(rng);
    for (std::size_t i = 0; i < n; ++i) {
      signs[i * lanes + k] = state.spins()[i];
      fields[i * lanes + k] = static_cast<std::int16_t>(state.field(i));
    }
    for (std::size_t w = 0; w < 4; ++w) generators[w * lanes + k] = draws.state()[w];
    start[k] = state.cut();
    if (k < runs.size()) runs[k].offer(state.cut(), state.spins());
  }
  std::vector<std::int16_t> best = signs;
  std::array<std::int32_t, lanes> gains{};
  Thresholds<std::int32_t> thresholds(first.flip);
  kernels::ThermalBatch batch{.graph = first.flip.lanes(),
                              .signs = signs.data(),
                              .fields = fields.data(),
                              .thresholds = thresholds.table(),
                              .max_cost = first.flip.max_cost,
                              .cutoff = 0,
                              .generators = generators.data(),
                              .gains = gains.data()};
  const auto& sweep = kernels::kernel_table().thermal_sweep;
  for (Index t = 0; t < first.sweeps; ++t) {
    throw_if_cancelled(first.cancellation);
    thresholds.set(FlipRule(glauber, sweep_beta(first, t)));
    batch.cutoff = static_cast<std::int16_t>(thresholds.cutoff());
    sweep(batch);
    keep_improved_lanes(runs, start, gains, signs, best);
  }
  for (std::size_t k = 0; k < runs.size(); ++k) finish_lane(runs[k], k, signs, best);
}

double uniform_between(Rng& rng, double low, double high) {
  return low + (high - low) * rng.uniform();
}

// Simulated bifurcation (ballistic or discrete) on the couplings W_ij − μ (i ≠ j), μ their mean or 0
// (MaxCutOptions::mean_coupling): Goto's c0 assumes couplings of mean zero, and on a random graph the mean
// of the MAX-CUT couplings (−2 Σw / N(N−1) < 0) gives W one stiff mode, the uniform one, at about −(mean
// degree); with it, the step Δt = 1.25 is unstable and smaller steps stall. Subtracting μ from every pair
// costs one sum per step: Σ_j (W_ij − μ) v_j = (W v)_i − μ(Σ v − v_i). The sign field W sign(x) is kept
// incrementally (signs change rarely late in the run), which also gives the cut of sign(x) at every step. The
// run ends with asynchronous Hopfield descent from sign(x) to a 1-flip optimum. This double-precision loop
// serves couplings that are not whole numbers; run_bifurcation_lanes runs whole-number ones 16 replicas at a
// time.
void run_bifurcation(RestartRun& run, Rng& rng, bool discrete) {
  const auto n = static_cast<std::size_t>(run.graph.vertices());
  std::vector<double> x(n), y(n), field(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = uniform_between(rng, -0.1, 0.1);
    y[i] = uniform_between(rng, -0.1, 0.1);
  }
  Spins signs(n);
  for (std::size_t i = 0; i < n; ++i) signs[i] = x[i] >= 0.0 ? 1 : -1;
  CostState<double> state(run, signs);
  run.offer(state.cut(), state.spins());
  constexpr double a0 = 1.0;
  const double dt = run.time_step, c0 = run.coupling_strength, mu = run.mean_coupling;
  std::vector<std::uint32_t> changed(n);
  for (; run.sweeps_run < run.sweeps && !run.reached_target(); ++run.sweeps_run) {
    throw_if_cancelled(run.cancellation);
    const double detuning = a0 - a0 * static_cast<double>(run.sweeps_run) / static_cast<double>(run.sweeps);
    if (!discrete) run.couplings.multiply(x, field);
    const std::int8_t* s = state.spins().data();
    const double* h = state.fields();
    double total = 0.0;  // Σ_j v_j of the force's source v (x or sign(x))
    for (std::size_t i = 0; i < n; ++i) total += discrete ? s[i] : x[i];
    for (std::size_t i = 0; i < n; ++i) {
      // Discrete: the force is W sign(x), the flip state's field; ballistic: W x.
      const double force = discrete ? h[i] - mu * (total - s[i]) : field[i] - mu * (total - x[i]);
      const double momentum = y[i] + (-detuning * x[i] + c0 * force) * dt;
      const double position = x[i] + a0 * momentum * dt;
      const bool wall = std::abs(position) > 1.0;  // inelastic wall: x = ±1, y = 0
      x[i] = wall ? std::copysign(1.0, position) : position;
      y[i] = wall ? 0.0 : momentum;
    }
    std::size_t count = 0;
    for (std::size_t i = 0; i < n; ++i) {
      changed[count] = static_cast<std::uint32_t>(i);
      count += static_cast<std::size_t>((x[i] >= 0.0) != (s[i] > 0));
    }
    for (std::size_t k = 0; k < count; ++k) state.flip(changed[k]);
    run.offer(state.cut(), state.spins());
  }
  descend(state);
  run.offer(state.cut(), state.spins());
}

// Discrete simulated bifurcation of up to 16 restarts in the lanes of one kernel step (the kernel table's
// bifurcation_step, single precision, the same bits on every instruction set): lane k starts from
// runs[k]'s seed, x and y uniform in ±0.1 as above. Lanes beyond runs.size() repeat lane 0 and are
// dropped. Each restart's cut is taken at the end, after the same descent as above.
void run_bifurcation_lanes(std::span<RestartRun> runs, std::span<const std::uint64_t> seeds) {
  constexpr auto lanes = static_cast<std::size_t>(kernels::bifurcation_lanes);
  const RestartRun& first = runs.front();
  const auto n = static_cast<std::size_t>(first.graph.vertices());
  std::vector<float> x(n * lanes), y(n * lanes);
  std::vector<std::int16_t> signs(n * lanes), fields(n * lanes);
  std::int32_t sums[lanes] = {};
  for (std::size_t k = 0; k < lanes; ++k) {
    Rng rng(seeds[k < seeds.size() ? k : 0]);
    for (std::size_t i = 0; i < n; ++i) {
      x[i * lanes + k] = static_cast<float>(uniform_between(rng, -0.1, 0.1));
      y[i * lanes + k] = static_cast<float>(uniform_between(rng, -0.1, 0.1));
      signs[i * lanes + k] = x[i * lanes + k] >= 0.0f ? 1 : -1;
      sums[k] += signs[i * lanes + k];
    }
  }
  const FlipCouplings& flip = first.flip;
  kernels::BifurcationBatch batch{.graph = flip.lanes(),
                                  .signs = signs.data(),
                                  .fields = fields.data(),
                                  .positions = x.data(),
                                  .momenta = y.data(),
                                  .sign_sums = sums,
                                  .detuning = 0.0f,
                                  .strength = static_cast<float>(first.coupling_strength),
                                  .mean_coupling = static_cast<float>(first.mean_coupling),
                                  .time_step = static_cast<float>(first.time_step)};
  const auto& step = kernels::kernel_table().bifurcation_step;
  for (Index t = 0; t < first.sweeps; ++t) {
    throw_if_cancelled(first.cancellation);
    batch.detuning = 1.0f - static_cast<float>(t) / static_cast<float>(first.sweeps);
    step(batch);
  }
  for (std::size_t k = 0; k < runs.size(); ++k) {
    Spins partition(n);
    for (std::size_t i = 0; i < n; ++i) partition[i] = static_cast<std::int8_t>(signs[i * lanes + k]);
    CostState<std::int32_t> state(runs[k], std::move(partition));
    descend(state);
    runs[k].sweeps_run = first.sweeps;
    runs[k].offer(state.cut(), state.spins());
  }
}

bool uses_bifurcation_lanes(const RestartRun& run) {
  return run.flip.integer && run.solver == MaxCutSolver::DiscreteBifurcation;
}

bool uses_thermal_lanes(const RestartRun& run) {
  return run.flip.integer && (run.solver == MaxCutSolver::Glauber || run.solver == MaxCutSolver::Annealing);
}

}  // namespace

void run_restart(RestartRun& run, std::uint64_t seed) {
  if (uses_bifurcation_lanes(run)) {  // one restart in the lanes: there is no scalar loop of the same bits
    run_bifurcation_lanes(std::span(&run, 1), std::span(&seed, 1));
    return;
  }
  Rng rng(seed);
  const bool integer = run.flip.integer;
  switch (run.solver) {
    case MaxCutSolver::Descent:
      integer ? run_descent<std::int32_t>(run, rng) : run_descent<double>(run, rng);
      break;
    case MaxCutSolver::Glauber:
      integer ? run_thermal<std::int32_t>(run, rng, true) : run_thermal<double>(run, rng, true);
      break;
    case MaxCutSolver::Annealing:
      integer ? run_thermal<std::int32_t>(run, rng, false) : run_thermal<double>(run, rng, false);
      break;
    case MaxCutSolver::BallisticBifurcation:
      run_bifurcation(run, rng, false);
      break;
    case MaxCutSolver::DiscreteBifurcation:
      run_bifurcation(run, rng, true);
      break;
  }
}

std::vector<RestartGroup> restart_groups(const RestartRun& run, std::size_t restarts) {
  constexpr auto lanes = static_cast<std::size_t>(kernels::bifurcation_lanes);
  std::vector<RestartGroup> groups;
  std::size_t first = 0;
  if (uses_thermal_lanes(run) || uses_bifurcation_lanes(run))
    for (; first + lanes <= restarts; first += lanes) groups.push_back({first, lanes});
  if (uses_bifurcation_lanes(run) && first < restarts) {
    groups.push_back({first, restarts - first});
    first = restarts;
  }
  for (; first < restarts; ++first) groups.push_back({first, 1});
  return groups;
}

void run_restart_group(std::span<RestartRun> runs, std::span<const std::uint64_t> seeds) {
  if (uses_bifurcation_lanes(runs.front())) {
    run_bifurcation_lanes(runs, seeds);
  } else if (uses_thermal_lanes(runs.front()) && runs.size() > 1) {
    run_thermal_lanes(runs, seeds, runs.front().solver == MaxCutSolver::Glauber);
  } else {
    for (std::size_t k = 0; k < runs.size(); ++k) run_restart(runs[k], seeds[k]);
  }
}

}  // namespace hopfield::detail
