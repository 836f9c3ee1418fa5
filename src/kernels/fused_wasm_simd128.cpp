// One panel of the fused single-precision softmax retrieval with 128-bit WebAssembly SIMD: the kernel of the
// WebAssembly build (compiled with -msimd128, which has none of the x86 units), chosen there in place of the
// plain loops of kernels_portable.cpp (only that build compiles it: cmake/sources.cmake).
// src/fused_retrieval.cpp describes the algorithm and the layout; this is the AVX2 kernel's scheme
// (fused_avx2.inl) at 4 floats per vector and without a fused multiply-add, which WebAssembly SIMD does not
// have.
//
// Queries are packed once per panel as a d_k x W row-major matrix (W = the panel's width rounded up to 16,
// zero padded, pre-multiplied by β). Scores (block x W) and the accumulator (d_v x W) are row-major too, so
// the online softmax is vectorised across queries; both products use one register tile of tile_rows rows x
// 8 queries (two vectors), reading keys and values in their stored column-major layout through splats.
#ifdef __wasm_simd128__

#include <wasm_simd128.h>

#include "kernel_table.hpp"

namespace hopfield::kernels::wasm_simd128 {

#include "kernel_helpers.inl"  // NOLINT(bugprone-suspicious-include)

namespace {

constexpr int tile_vectors = 2;  // queries per register tile: 2 vectors of 4
constexpr KernelIndex tile_columns = 4 * tile_vectors;
// 4 x 2 accumulators, 2 loads and a splat: 11 vector registers. In node 20 (V8) this tile ran about 1.2x
// faster than 6 x 2 (15 registers, the AVX2 kernel's shape), 5 x 2 or 2 x 4.
constexpr KernelIndex tile_rows = 4;

inline v128_t splat(float x) {
  return wasm_f32x4_splat(x);
}
inline v128_t load(const float* p) {
  return wasm_v128_load(p);
}
inline void store(float* p, v128_t v) {
  wasm_v128_store(p, v);
}
inline v128_t multiply_add(v128_t a, v128_t b, v128_t c) {  // a b + c, rounded twice
  return wasm_f32x4_add(wasm_f32x4_mul(a, b), c);
}

// exp(x) for x ≤ 0 (−∞ allowed), 0 below −87.3 (where expf leaves the normal range): the AVX2 kernel's
// range reduction x = n ln 2 + r, |r| ≤ ln2/2, with ln 2 split in two so that n ln 2 is exact without a fused
// multiply-add (the high part has 9 significant bits, |n| ≤ 126), and its degree-6 minimax polynomial.
inline v128_t exp_nonpositive(v128_t x) {
  const v128_t lowest = splat(-87.33654f);
  const v128_t underflow = wasm_f32x4_lt(x, lowest);
  x = wasm_f32x4_pmax(x, lowest);  // x < lowest ? lowest : x (−∞ included)
  const v128_t n = wasm_f32x4_nearest(wasm_f32x4_mul(x, splat(1.44269504088896341f)));
  v128_t r = wasm_f32x4_sub(x, wasm_f32x4_mul(n, splat(0.693359375f)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, splat(-2.12194440e-4f)));
  v128_t poly = splat(1.9875691500e-4f);
  poly = multiply_add(poly, r, splat(1.3981999507e-3f));
  poly = multiply_add(poly, r, splat(8.3334519073e-3f));
  poly = multiply_add(poly, r, splat(4.1665795894e-2f));
  poly = multiply_add(poly, r, splat(1.6666665459e-1f));
  poly = multiply_add(poly, r, splat(5.0000001201e-1f));
  poly = multiply_add(poly, wasm_f32x4_mul(r, r), wasm_f32x4_add(r, splat(1.0f)));
  const v128_t exponent =
      wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
  return wasm_v128_andnot(wasm_f32x4_mul(poly, exponent), underflow);
}

// Rows x W block of a product: out[r][·] = (scale[·] · out[r][·] if scale, else 0) + Σ_t a(r, t) b[t][·].
// a(r, t) = a[r·row_stride + t·depth_stride]; b and out row-major with leading dimension `width`.
template <int Rows>
void product_rows(const float* a, KernelIndex row_stride, KernelIndex depth_stride, const float* b,
                  KernelIndex depth, KernelIndex width, const float* scale, float* out) {
  for (KernelIndex column = 0; column < width; column += tile_columns) {
    v128_t acc[Rows][tile_vectors];
    for (int r = 0; r < Rows; ++r)
      for (int v = 0; v < tile_vectors; ++v) {
        float* place = out + r * width + column + 4 * v;
        acc[r][v] = scale ? wasm_f32x4_mul(load(place), load(scale + column + 4 * v)) : splat(0.0f);
      }
    // Pointers stepped by hand: emscripten compiles with LLVM's loop strength reduction off, which would
    // leave a multiplication per address in the loop.
    const float* right = b + column;
    const float* left = a;
    for (KernelIndex t = 0; t < depth; ++t, right += width, left += depth_stride) {
      v128_t row[tile_vectors];
      for (int v = 0; v < tile_vectors; ++v) row[v] = load(right + 4 * v);
      for (int r = 0; r < Rows; ++r) {
        const v128_t x = wasm_v128_load32_splat(left + r * row_stride);
        for (int v = 0; v < tile_vectors; ++v) acc[r][v] = multiply_add(x, row[v], acc[r][v]);
      }
    }
    for (int r = 0; r < Rows; ++r)
      for (int v = 0; v < tile_vectors; ++v) store(out + r * width + column + 4 * v, acc[r][v]);
  }
}

// product_rows over `rows` rows, in tiles of tile_rows and one remainder; row r of the result at
// out + r·width.
void product(const float* a, KernelIndex row_stride, KernelIndex depth_stride, const float* b,
             KernelIndex depth, KernelIndex rows, KernelIndex width, const float* scale, float* out) {
  KernelIndex first = 0;
  for (; first + tile_rows <= rows; first += tile_rows)
    product_rows<tile_rows>(a + first * row_stride, row_stride, depth_stride, b, depth, width, scale,
                            out + first * width);
  const float* a_rest = a + first * row_stride;
  float* out_rest = out + first * width;
  switch (rows - first) {
    case 1:
      product_rows<1>(a_rest, row_stride, depth_stride, b, depth, width, scale, out_rest);
      break;
    case 2:
      product_rows<2>(a_rest, row_stride, depth_stride, b, depth, width, scale, out_rest);
      break;
    case 3:
      product_rows<3>(a_rest, row_stride, depth_stride, b, depth, width, scale, out_rest);
      break;
    case 4:
      product_rows<4>(a_rest, row_stride, depth_stride, b, depth, width, scale, out_rest);
      break;
    case 5:
      product_rows<5>(a_rest, row_stride, depth_stride, b, depth, width, scale, out_rest);
      break;
    default:
      break;
  }
}

// Online softmax of one block of scores (items x width, in place → exponentials), 4 queries at a time: the
// new maximum, the rescale factor e^{m − m'} of the old sums (0 on the first block, where m = −∞), the sums.
void softmax_block(float* scores, KernelIndex items, KernelIndex width, float* running_max,
                   float* running_sum, float* rescale) {
  for (KernelIndex column = 0; column < width; column += 4) {
    float* block_column = scores + column;
    const v128_t old_maximum = load(running_max + column);
    v128_t maximum = old_maximum;
    for (KernelIndex i = 0; i < items; ++i)
      maximum = wasm_f32x4_pmax(maximum, load(block_column + i * width));
    v128_t sum_even = splat(0.0f), sum_odd = splat(0.0f);
    KernelIndex i = 0;
    for (; i + 1 < items; i += 2) {
      const v128_t e0 = exp_nonpositive(wasm_f32x4_sub(load(block_column + i * width), maximum));
      const v128_t e1 = exp_nonpositive(wasm_f32x4_sub(load(block_column + (i + 1) * width), maximum));
      store(block_column + i * width, e0);
      store(block_column + (i + 1) * width, e1);
      sum_even = wasm_f32x4_add(sum_even, e0);
      sum_odd = wasm_f32x4_add(sum_odd, e1);
    }
    if (i < items) {
      const v128_t e0 = exp_nonpositive(wasm_f32x4_sub(load(block_column + i * width), maximum));
      store(block_column + i * width, e0);
      sum_even = wasm_f32x4_add(sum_even, e0);
    }
    const v128_t factor = exp_nonpositive(wasm_f32x4_sub(old_maximum, maximum));
    store(rescale + column, factor);
    store(running_max + column, maximum);
    store(running_sum + column,
          multiply_add(load(running_sum + column), factor, wasm_f32x4_add(sum_even, sum_odd)));
  }
}

}  // namespace

void retrieve_panel(const FusedPanel& panel) {
  const KernelIndex dk = panel.key_dimension, dv = panel.value_dimension, columns = panel.columns;
  const KernelIndex width = (columns + fused_tile_columns - 1) / fused_tile_columns * fused_tile_columns;
  float* packed = panel.workspace;  // dk x width: β Q, zero padded
  float* accumulator = packed + dk * fused_panel_columns;
  float* scores = accumulator + dv * fused_panel_columns;
  float* running_max = scores + fused_block_rows * fused_panel_columns;
  float* running_sum = running_max + fused_panel_columns;
  float* rescale = running_sum + fused_panel_columns;
  for (KernelIndex t = 0; t < dk; ++t)
    for (KernelIndex b = 0; b < width; ++b)
      packed[t * width + b] = b < columns ? panel.beta * panel.queries[b * dk + t] : 0.0f;
  for (KernelIndex k = 0; k < dv * width; ++k) accumulator[k] = 0.0f;
  for (KernelIndex b = 0; b < width; ++b) {
    running_max[b] = -__builtin_inff();
    running_sum[b] = 0.0f;
  }
  // Per block of stored items: scores = β keys_blkᵀ Q, the online softmax, then
  // acc ← acc · e^{m − m'} + values_blk · P with the rescale folded into the tile loads.
  for (KernelIndex start = 0; start < panel.count; start += fused_block_rows) {
    const KernelIndex items = smaller(fused_block_rows, panel.count - start);
    product(panel.keys + start * dk, dk, 1, packed, dk, items, width, nullptr, scores);
    softmax_block(scores, items, width, running_max, running_sum, rescale);
    product(panel.values + start * dv, 1, dv, scores, items, dv, width, rescale, accumulator);
  }
  for (KernelIndex b = 0; b < columns; ++b) {
    const float inverse = 1.0f / running_sum[b];
    for (KernelIndex k = 0; k < dv; ++k) panel.out[b * dv + k] = accumulator[k * width + b] * inverse;
    if (panel.log_normaliser) panel.log_normaliser[b] = running_max[b] + __builtin_logf(running_sum[b]);
  }
}

}  // namespace hopfield::kernels::wasm_simd128

#endif  // __wasm_simd128__
