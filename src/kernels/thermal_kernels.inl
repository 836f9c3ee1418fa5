// Single-flip Metropolis or Glauber dynamics, one sweep of bifurcation_lanes replicas (ThermalBatch in
// kernel_table.hpp), over the vector types of lane_vectors.inl. Each replica is exactly the scalar dynamics
// with its own generator, whichever replicas share its lanes: a lane draws only when its own flip is
// uncertain, and its generator advances only then.

#include "lane_vectors.inl"  // NOLINT(bugprone-suspicious-include)

namespace thermal_lanes_detail {

using lanes::any;
using lanes::Ints8;
using lanes::load;
using lanes::Shorts16;
using lanes::Shorts8;
using lanes::store;
using lanes::Words8;

inline Words8 rotate_left(Words8 x, int k) {
  return (x << k) | (x >> (32 - k));
}

// xoshiro128** (Blackman & Vigna) on 8 lanes: the next output of every lane, the state advanced only in the
// lanes of `advance` (all ones there).
inline Words8 next_draws(Words8* state, Ints8 advance) {
  const Words8 keep = reinterpret_cast<Words8>(advance);
  const Words8 result = rotate_left(state[1] * 5u, 7) * 9u;
  const Words8 shifted = state[1] << 9;
  Words8 next[4];
  next[2] = state[2] ^ state[0];
  next[3] = state[3] ^ state[1];
  next[1] = state[1] ^ next[2];
  next[0] = state[0] ^ next[3];
  next[2] ^= shifted;
  next[3] = rotate_left(next[3], 11);
  for (int k = 0; k < 4; ++k) state[k] = (next[k] & keep) | (state[k] & ~keep);
  return result;
}

// The flips of 8 lanes (lanes `first` … first + 7) at costs `cost`: all ones where the replica flips.
inline Ints8 decide_flips(const ThermalBatch& b, const Shorts16& cost, int first, Words8* state) {
  Words8 threshold;
  for (int r = 0; r < 8; ++r) threshold[r] = b.thresholds[cost[first + r] + b.max_cost];
  const Ints8 certain = threshold == certain_flip;
  const Ints8 uncertain = (threshold != 0u) & ~certain;
  if (!any(uncertain)) return certain;
  const Words8 draw = next_draws(state, uncertain);
  return certain | (uncertain & (draw < threshold));
}

// Flips the replicas of `flip` at vertex i: signs, the neighbours' fields and the gains.
inline void flip_lanes(const ThermalBatch& b, KernelIndex i, const Shorts16& sign, const Shorts16& cost,
                       const Shorts16& flip) {
  const Shorts16 delta = flip & static_cast<Shorts16>(-2 * sign);  // the change of s_i where it flips
  store(b.signs + 16 * i, static_cast<Shorts16>(sign + delta));
  for (int half = 0; half < 2; ++half) {
    Shorts8 part;
    for (int r = 0; r < 8; ++r) part[r] = static_cast<std::int16_t>(flip[8 * half + r] & cost[8 * half + r]);
    store(b.gains + 8 * half, load<Ints8>(b.gains + 8 * half) - __builtin_convertvector(part, Ints8));
  }
  if (b.graph.couplings == nullptr) {
    const Shorts16 change = static_cast<Shorts16>(delta * b.graph.uniform_coupling);
    for (auto k = b.graph.offsets[i]; k < b.graph.offsets[i + 1]; ++k) {
      std::int16_t* field = b.fields + 16 * static_cast<std::ptrdiff_t>(b.graph.neighbours[k]);
      store(field, static_cast<Shorts16>(load<Shorts16>(field) + change));
    }
    return;
  }
  for (auto k = b.graph.offsets[i]; k < b.graph.offsets[i + 1]; ++k) {
    std::int16_t* field = b.fields + 16 * static_cast<std::ptrdiff_t>(b.graph.neighbours[k]);
    store(field, static_cast<Shorts16>(load<Shorts16>(field) + b.graph.couplings[k] * delta));
  }
}

}  // namespace thermal_lanes_detail

void thermal_sweep(const ThermalBatch& batch) {
  using namespace thermal_lanes_detail;
  static_assert(bifurcation_lanes == 16, "the vector types above hold 16 and 8 lanes");
  Words8 state[2][4];
  for (int half = 0; half < 2; ++half)
    for (int k = 0; k < 4; ++k) state[half][k] = load<Words8>(batch.generators + 16 * k + 8 * half);
  const Shorts16 cutoff = Shorts16{} + batch.cutoff;
  for (KernelIndex i = 0; i < batch.graph.vertices; ++i) {
    const Shorts16 sign = load<Shorts16>(batch.signs + 16 * i);
    const Shorts16 cost = static_cast<Shorts16>(sign * load<Shorts16>(batch.fields + 16 * i));
    if (!any(cost < cutoff)) continue;  // every replica frozen here at this temperature
    const Ints8 low = decide_flips(batch, cost, 0, state[0]), high = decide_flips(batch, cost, 8, state[1]);
    if (!any(low | high)) continue;
    Shorts16 flip;
    for (int r = 0; r < 8; ++r) {
      flip[r] = static_cast<std::int16_t>(low[r]);
      flip[8 + r] = static_cast<std::int16_t>(high[r]);
    }
    flip_lanes(batch, i, sign, cost, flip);
  }
  for (int half = 0; half < 2; ++half)
    for (int k = 0; k < 4; ++k) store(batch.generators + 16 * k + 8 * half, state[half][k]);
}
