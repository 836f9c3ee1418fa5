// The kernels for any x86-64 (and any other target): no instruction-set flags beyond the baseline. The
// packed kernels take their scalar branches; the fused retrieval is written as plain loops over the queries
// of a panel, which the compiler vectorises with the baseline's SSE2.
#include <cmath>
#include <cstring>

#include <Eigen/Core>

#include "kernel_table.hpp"

namespace hopfield::kernels::portable {

namespace IsaEigen = ::Eigen;

#include "bifurcation_kernels.inl"  // NOLINT(bugprone-suspicious-include)
#include "coupling_kernels.inl"     // NOLINT(bugprone-suspicious-include)
#include "dense_kernels.inl"        // NOLINT(bugprone-suspicious-include)
#include "gradient_kernels.inl"     // NOLINT(bugprone-suspicious-include)
#include "packed_kernels.inl"       // NOLINT(bugprone-suspicious-include)
#include "thermal_kernels.inl"      // NOLINT(bugprone-suspicious-include)

namespace {

// out[r][b] = (scale ? scale[b] out[r][b] : 0) + Σ_t a(r, t) in[t][b], a(r, t) = a[r·row_stride +
// t·depth_stride]; `in` and `out` row-major with leading dimension `width`.
void product(const float* a, KernelIndex row_stride, KernelIndex depth_stride, const float* in,
             KernelIndex depth, KernelIndex rows, KernelIndex width, const float* scale, float* out) {
  for (KernelIndex r = 0; r < rows; ++r) {
    float* row = out + r * width;
    for (KernelIndex b = 0; b < width; ++b) row[b] = scale ? row[b] * scale[b] : 0.0f;
    for (KernelIndex t = 0; t < depth; ++t) {
      const float x = a[r * row_stride + t * depth_stride];
      const float* source = in + t * width;
      for (KernelIndex b = 0; b < width; ++b) row[b] += x * source[b];
    }
  }
}

void softmax_block(float* scores, KernelIndex items, KernelIndex width, float* running_max,
                   float* running_sum, float* rescale) {
  for (KernelIndex b = 0; b < width; ++b) {
    float maximum = running_max[b];
    for (KernelIndex i = 0; i < items; ++i) maximum = std::fmax(maximum, scores[i * width + b]);
    float sum = 0.0f;
    for (KernelIndex i = 0; i < items; ++i) {
      const float e = std::exp(scores[i * width + b] - maximum);
      scores[i * width + b] = e;
      sum += e;
    }
    rescale[b] = std::exp(running_max[b] - maximum);  // 0 on the first block (m = −∞)
    running_max[b] = maximum;
    running_sum[b] = running_sum[b] * rescale[b] + sum;
  }
}

}  // namespace

void retrieve_panel(const FusedPanel& panel) {
  const KernelIndex dk = panel.key_dimension, dv = panel.value_dimension, columns = panel.columns;
  const KernelIndex width = columns;
  float* packed = panel.workspace;
  float* accumulator = packed + dk * fused_panel_columns;
  float* scores = accumulator + dv * fused_panel_columns;
  float* running_max = scores + fused_block_rows * fused_panel_columns;
  float* running_sum = running_max + fused_panel_columns;
  float* rescale = running_sum + fused_panel_columns;
  for (KernelIndex t = 0; t < dk; ++t)
    for (KernelIndex b = 0; b < width; ++b) packed[t * width + b] = panel.beta * panel.queries[b * dk + t];
  std::memset(accumulator, 0, sizeof(float) * static_cast<std::size_t>(dv * width));
  for (KernelIndex b = 0; b < width; ++b) {
    running_max[b] = -INFINITY;
    running_sum[b] = 0.0f;
  }
  for (KernelIndex start = 0; start < panel.count; start += fused_block_rows) {
    const KernelIndex items = smaller(fused_block_rows, panel.count - start);
    product(panel.keys + start * dk, dk, 1, packed, dk, items, width, nullptr, scores);
    softmax_block(scores, items, width, running_max, running_sum, rescale);
    product(panel.values + start * dv, 1, dv, scores, items, dv, width, rescale, accumulator);
  }
  for (KernelIndex b = 0; b < columns; ++b) {
    const float inverse = 1.0f / running_sum[b];
    for (KernelIndex k = 0; k < dv; ++k) panel.out[b * dv + k] = accumulator[k * width + b] * inverse;
    if (panel.log_normaliser) panel.log_normaliser[b] = running_max[b] + std::log(running_sum[b]);
  }
}

}  // namespace hopfield::kernels::portable

namespace hopfield::kernels {

const KernelTable portable_table = {
    "portable",
    portable::sum_where_set,
    portable::sum_where_set_8,
    portable::add_signed,
    portable::overlap,
    portable::row_coupling,
    portable::hamming_4x4,
    portable::store_block,
    {portable::add_byte_rows<1>, portable::add_byte_rows<2>, portable::add_byte_rows<3>,
     portable::add_byte_rows<4>},
#ifdef __wasm_simd128__
    wasm_simd128::retrieve_panel,  // WebAssembly has no x86 path: its SIMD kernel serves the portable table
#else
    portable::retrieve_panel,
#endif
    portable::multiply_f64,
    portable::add_scaled_f64,
    portable::dot_f64,
    portable::retrieval_gradient_block<float>,
    portable::retrieval_gradient_block<double>,
    portable::bifurcation_step,
    portable::thermal_sweep,
};

}  // namespace hopfield::kernels
