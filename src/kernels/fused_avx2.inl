// One panel of the fused single-precision softmax retrieval with AVX2 + FMA (compiled in kernels_avx2.cpp and
// kernels_avx512.cpp). src/fused_retrieval.cpp describes the algorithm and the layout.
//
// Queries are packed once per panel as a d_k x W row-major matrix (W = the panel's width rounded up to 16,
// zero padded, pre-multiplied by β), so a register tile of 16 queries is two 8-float vectors. Scores (block x
// W) and the accumulator (d_v x W) are row-major too, so the online softmax is vectorised across queries;
// both products use the same register tile (6 rows x 16 queries = 12 accumulators) and read keys and values
// in their stored column-major layout through broadcasts.

#include "kernel_helpers.inl"  // NOLINT(bugprone-suspicious-include)

constexpr KernelIndex tile_rows = 6;  // 6 x 2 vectors = 12 accumulators (of 16 ymm registers)

// exp(x) for x ≤ 0 (−∞ allowed), relative error ≈ 2 ulp, 0 below −87.3 (where expf leaves the normal
// range). Range reduction x = n ln 2 + r, |r| ≤ ln2/2, with ln 2 split in two for an exact n ln 2, and the
// classic degree-6 minimax polynomial of e^r on that interval.
inline __m256 exp_nonpositive(__m256 x) {
  const __m256 lowest = _mm256_set1_ps(-87.33654f);
  const __m256 underflow = _mm256_cmp_ps(x, lowest, _CMP_LT_OQ);
  x = _mm256_max_ps(x, lowest);
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 poly = _mm256_set1_ps(1.9875691500e-4f);
  poly = _mm256_fmadd_ps(poly, r, _mm256_set1_ps(1.3981999507e-3f));
  poly = _mm256_fmadd_ps(poly, r, _mm256_set1_ps(8.3334519073e-3f));
  poly = _mm256_fmadd_ps(poly, r, _mm256_set1_ps(4.1665795894e-2f));
  poly = _mm256_fmadd_ps(poly, r, _mm256_set1_ps(1.6666665459e-1f));
  poly = _mm256_fmadd_ps(poly, r, _mm256_set1_ps(5.0000001201e-1f));
  poly = _mm256_fmadd_ps(poly, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
  const __m256i exponent =
      _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
  return _mm256_andnot_ps(underflow, _mm256_mul_ps(poly, _mm256_castsi256_ps(exponent)));
}

// acc[r][·] += Σ_t a[r·row_stride + t·depth_stride] · b[t·ldb + 0 … 15] for r < Rows: one register tile of
// a product whose left factor is read element by element (broadcast) and whose right factor is row-major.
template <int Rows>
inline void multiply_tile(const float* a, KernelIndex row_stride, KernelIndex depth_stride, const float* b,
                          KernelIndex ldb, KernelIndex depth, __m256 (&acc)[Rows][2]) {
  for (KernelIndex t = 0; t < depth; ++t) {
    const __m256 b0 = _mm256_loadu_ps(b + t * ldb);
    const __m256 b1 = _mm256_loadu_ps(b + t * ldb + 8);
    const float* column = a + t * depth_stride;
    for (int r = 0; r < Rows; ++r) {
      const __m256 x = _mm256_broadcast_ss(column + r * row_stride);
      acc[r][0] = _mm256_fmadd_ps(x, b0, acc[r][0]);
      acc[r][1] = _mm256_fmadd_ps(x, b1, acc[r][1]);
    }
  }
}

// Rows x W block of a product: out[r][·] = (scale[·] · out[r][·] if scale, else 0) + Σ_t a(r, t) b[t][·].
// a(r, t) = a[r·row_stride + t·depth_stride]; b and out row-major with leading dimension `width`.
template <int Rows>
inline void product_rows(const float* a, KernelIndex row_stride, KernelIndex depth_stride, const float* b,
                         KernelIndex depth, KernelIndex width, const float* scale, float* out) {
  for (KernelIndex column = 0; column < width; column += fused_tile_columns) {
    __m256 acc[Rows][2];
    for (int r = 0; r < Rows; ++r) {
      if (scale) {
        acc[r][0] = _mm256_mul_ps(_mm256_loadu_ps(out + r * width + column), _mm256_loadu_ps(scale + column));
        acc[r][1] =
            _mm256_mul_ps(_mm256_loadu_ps(out + r * width + column + 8), _mm256_loadu_ps(scale + column + 8));
      } else {
        acc[r][0] = acc[r][1] = _mm256_setzero_ps();
      }
    }
    multiply_tile<Rows>(a, row_stride, depth_stride, b + column, width, depth, acc);
    for (int r = 0; r < Rows; ++r) {
      _mm256_storeu_ps(out + r * width + column, acc[r][0]);
      _mm256_storeu_ps(out + r * width + column + 8, acc[r][1]);
    }
  }
}

// product_rows over `rows` rows, in tiles of 6 and one remainder; row r of the result at out + r·width.
inline void product(const float* a, KernelIndex row_stride, KernelIndex depth_stride, const float* b,
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

// Online softmax of one block of scores (items x width, in place → exponentials), 8 queries at a time: the
// new maximum, the rescale factor e^{m − m'} of the old sums (0 on the first block, where m = −∞), the sums.
inline void softmax_block(float* scores, KernelIndex items, KernelIndex width, float* running_max,
                          float* running_sum, float* rescale) {
  for (KernelIndex column = 0; column < width; column += 8) {
    float* block_column = scores + column;
    __m256 maximum = _mm256_loadu_ps(running_max + column);
    const __m256 old_maximum = maximum;
    for (KernelIndex i = 0; i < items; ++i)
      maximum = _mm256_max_ps(maximum, _mm256_loadu_ps(block_column + i * width));
    __m256 sum_even = _mm256_setzero_ps(), sum_odd = _mm256_setzero_ps();
    KernelIndex i = 0;
    for (; i + 1 < items; i += 2) {
      const __m256 e0 = exp_nonpositive(_mm256_sub_ps(_mm256_loadu_ps(block_column + i * width), maximum));
      const __m256 e1 =
          exp_nonpositive(_mm256_sub_ps(_mm256_loadu_ps(block_column + (i + 1) * width), maximum));
      _mm256_storeu_ps(block_column + i * width, e0);
      _mm256_storeu_ps(block_column + (i + 1) * width, e1);
      sum_even = _mm256_add_ps(sum_even, e0);
      sum_odd = _mm256_add_ps(sum_odd, e1);
    }
    if (i < items) {
      const __m256 e0 = exp_nonpositive(_mm256_sub_ps(_mm256_loadu_ps(block_column + i * width), maximum));
      _mm256_storeu_ps(block_column + i * width, e0);
      sum_even = _mm256_add_ps(sum_even, e0);
    }
    const __m256 factor = exp_nonpositive(_mm256_sub_ps(old_maximum, maximum));
    _mm256_storeu_ps(rescale + column, factor);
    _mm256_storeu_ps(running_max + column, maximum);
    _mm256_storeu_ps(running_sum + column, _mm256_fmadd_ps(_mm256_loadu_ps(running_sum + column), factor,
                                                           _mm256_add_ps(sum_even, sum_odd)));
  }
}

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
