// Discrete simulated bifurcation, one time step of bifurcation_lanes replicas (BifurcationBatch in
// kernel_table.hpp), over the vector types of lane_vectors.inl: every lane performs the same
// single-rounding operations in the same order on every instruction set.

#include "lane_vectors.inl"  // NOLINT(bugprone-suspicious-include)

namespace bifurcation_lanes_detail {

using lanes::Floats8;
using lanes::Ints8;
using lanes::load;
using lanes::select;
using lanes::store;
using Signs8 = lanes::Shorts8;

// fields = W signs, 16 replicas per vertex: one 32-byte load and add per coupling. The sum is kept as
// two 16-byte halves, which stay in registers on every target (a 32-byte sum lives on the stack with SSE2).
inline void sign_fields(const BifurcationBatch& b) {
  const LaneCouplings& graph = b.graph;
  for (KernelIndex i = 0; i < graph.vertices; ++i) {
    Signs8 low = {}, high = {};
    if (graph.couplings != nullptr) {
      for (auto k = graph.offsets[i]; k < graph.offsets[i + 1]; ++k) {
        const std::int16_t* row = b.signs + 16 * static_cast<std::ptrdiff_t>(graph.neighbours[k]);
        low += graph.couplings[k] * load<Signs8>(row);
        high += graph.couplings[k] * load<Signs8>(row + 8);
      }
    } else {
      for (auto k = graph.offsets[i]; k < graph.offsets[i + 1]; ++k) {
        const std::int16_t* row = b.signs + 16 * static_cast<std::ptrdiff_t>(graph.neighbours[k]);
        low += load<Signs8>(row);
        high += load<Signs8>(row + 8);
      }
      low *= graph.uniform_coupling;
      high *= graph.uniform_coupling;
    }
    store(b.fields + 16 * i, low);
    store(b.fields + 16 * i + 8, high);
  }
}

// The oscillators of 8 replicas (lanes `first` … first + 7), after sign_fields.
inline void move_oscillators(const BifurcationBatch& b, KernelIndex first) {
  const Floats8 zero = {}, one = zero + 1.0f;
  const Ints8 sums = load<Ints8>(b.sign_sums + first);
  Ints8 next = {};
  for (KernelIndex i = 0; i < b.graph.vertices; ++i) {
    const KernelIndex at = 16 * i + first;
    const Ints8 field = __builtin_convertvector(load<Signs8>(b.fields + at), Ints8);
    const Ints8 sign = __builtin_convertvector(load<Signs8>(b.signs + at), Ints8);
    const Floats8 force = __builtin_convertvector(field, Floats8) -
                          b.mean_coupling * __builtin_convertvector(sums - sign, Floats8);
    const Floats8 position = load<Floats8>(b.positions + at);
    const Floats8 momentum =
        load<Floats8>(b.momenta + at) + (-b.detuning * position + b.strength * force) * b.time_step;
    const Floats8 moved = position + momentum * b.time_step;
    const Ints8 wall = (moved > one) | (moved < -one);
    const Floats8 placed = select(wall, select(moved > zero, one, -one), moved);
    store(b.positions + at, placed);
    store(b.momenta + at, select(wall, zero, momentum));
    const Ints8 new_sign = -2 * (placed >= zero) - 1;  // the mask is −1 where x ≥ 0
    next += new_sign;
    store(b.signs + at, __builtin_convertvector(new_sign, Signs8));
  }
  store(b.sign_sums + first, next);
}

}  // namespace bifurcation_lanes_detail

void bifurcation_step(const BifurcationBatch& batch) {
  static_assert(bifurcation_lanes == 16, "the vector types above hold 16 and 8 lanes");
  bifurcation_lanes_detail::sign_fields(batch);
  bifurcation_lanes_detail::move_oscillators(batch, 0);
  bifurcation_lanes_detail::move_oscillators(batch, 8);
}
