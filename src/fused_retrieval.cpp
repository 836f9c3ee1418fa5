// The fused single-precision softmax retrieval (see retrieve_fused in softmax_retrieval.hpp).
//
// Layout: queries are packed once per panel of up to 64 as a d_k x W row-major matrix (W = the panel's
// width rounded up to 16, padded with zeros, pre-multiplied by β), so a register tile of 16 queries is two
// 8-float vectors. Scores (block x W) and the accumulator (d_v x W) are row-major too: the column max, the
// exponentials, the sums and the rescaling of the online softmax are all vectorised across queries, and both
// products use the same register tile — 6 rows x 16 queries = 12 accumulators — reading keys and values
// in their stored column-major layout through broadcasts, so the stored patterns are never repacked.
// Per block of 96 stored items: scores (keys_blkᵀ · βQ) tile by tile into an L1/L2-resident block, online
// softmax on that block, then acc ← acc · e^{m−m'} + values_blk · P, the rescale folded into the tile loads.
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include "hopfield/softmax_retrieval.hpp"

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#define HOPFIELD_FUSED_KERNEL 1
#else
#define HOPFIELD_FUSED_KERNEL 0
#endif

namespace hopfield::kernels {

bool fused_kernel_available() {
  return HOPFIELD_FUSED_KERNEL != 0;
}

#if HOPFIELD_FUSED_KERNEL
namespace {

constexpr Index tile_rows = 6;             // 6 x 2 vectors = 12 accumulators (of 16 ymm registers)
constexpr Index tile_columns = 16;         // queries per register tile
constexpr Index panel_columns = 64;        // queries per panel
constexpr Index block_rows = 96;           // stored items per block: scores 96 x 64 floats = 24 KB
constexpr Index smallest_fused_panel = 8;  // below: more than half of each 16-wide tile would be padding

using RowMajorF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using AlignedRow = Eigen::Matrix<float, 1, Eigen::Dynamic>;

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
inline void multiply_tile(const float* a, Index row_stride, Index depth_stride, const float* b, Index ldb,
                          Index depth, __m256 (&acc)[Rows][2]) {
  for (Index t = 0; t < depth; ++t) {
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

// Calls body(std::integral_constant<int, R>, first_row) over `rows` rows in tiles of 6 and one remainder.
template <typename Body>
inline void for_each_row_tile(Index rows, Body&& body) {
  Index first = 0;
  for (; first + tile_rows <= rows; first += tile_rows) body(std::integral_constant<int, tile_rows>{}, first);
  switch (rows - first) {
    case 1:
      body(std::integral_constant<int, 1>{}, first);
      break;
    case 2:
      body(std::integral_constant<int, 2>{}, first);
      break;
    case 3:
      body(std::integral_constant<int, 3>{}, first);
      break;
    case 4:
      body(std::integral_constant<int, 4>{}, first);
      break;
    case 5:
      body(std::integral_constant<int, 5>{}, first);
      break;
    default:
      break;
  }
}

// One panel of ≤ 64 queries (columns first … first + columns − 1 of `queries`) against all stored items.
void retrieve_panel(const MatrixOf<float>& keys, const MatrixOf<float>& values,
                    const MatrixOf<float>& queries, float beta, Index first, Index columns,
                    MatrixOf<float>& out, RowVectorOf<float>* log_normaliser) {
  const Index key_dimension = keys.rows(), value_dimension = values.rows(), count = keys.cols();
  const Index width = (columns + tile_columns - 1) / tile_columns * tile_columns;
  RowMajorF packed = RowMajorF::Zero(key_dimension, width);
  packed.leftCols(columns) = beta * queries.middleCols(first, columns);
  RowMajorF accumulator = RowMajorF::Zero(value_dimension, width);
  RowMajorF scores(block_rows, width);
  AlignedRow running_max = AlignedRow::Constant(width, -std::numeric_limits<float>::infinity());
  AlignedRow running_sum = AlignedRow::Zero(width);
  AlignedRow rescale(width);

  for (Index start = 0; start < count; start += block_rows) {
    const Index items = std::min(block_rows, count - start);
    const float* key_block = keys.data() + start * key_dimension;
    const float* value_block = values.data() + start * value_dimension;
    // Scores of the block: row i of `scores` = β keys_iᵀ Q.
    for_each_row_tile(items, [&](auto rows, Index row) {
      constexpr int R = decltype(rows)::value;
      for (Index column = 0; column < width; column += tile_columns) {
        __m256 acc[R][2];
        for (int r = 0; r < R; ++r) acc[r][0] = acc[r][1] = _mm256_setzero_ps();
        multiply_tile<R>(key_block + row * key_dimension, key_dimension, 1, packed.data() + column, width,
                         key_dimension, acc);
        for (int r = 0; r < R; ++r) {
          _mm256_storeu_ps(scores.data() + (row + r) * width + column, acc[r][0]);
          _mm256_storeu_ps(scores.data() + (row + r) * width + column + 8, acc[r][1]);
        }
      }
    });
    // Online softmax, 8 queries at a time: new maximum, rescale factor, exponentials and their sum.
    for (Index column = 0; column < width; column += 8) {
      float* block_column = scores.data() + column;
      __m256 maximum = _mm256_loadu_ps(running_max.data() + column);
      const __m256 old_maximum = maximum;
      for (Index i = 0; i < items; ++i)
        maximum = _mm256_max_ps(maximum, _mm256_loadu_ps(block_column + i * width));
      __m256 sum_even = _mm256_setzero_ps(), sum_odd = _mm256_setzero_ps();
      Index i = 0;
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
      // e^{m − m'}: 0 on the first block (m = −∞), so the empty accumulator stays 0.
      const __m256 factor = exp_nonpositive(_mm256_sub_ps(old_maximum, maximum));
      _mm256_storeu_ps(rescale.data() + column, factor);
      _mm256_storeu_ps(running_max.data() + column, maximum);
      _mm256_storeu_ps(running_sum.data() + column,
                       _mm256_fmadd_ps(_mm256_loadu_ps(running_sum.data() + column), factor,
                                       _mm256_add_ps(sum_even, sum_odd)));
    }
    // acc ← acc · e^{m − m'} + values_blk · P, a tile of 6 value dimensions x 16 queries at a time.
    for_each_row_tile(value_dimension, [&](auto rows, Index row) {
      constexpr int R = decltype(rows)::value;
      for (Index column = 0; column < width; column += tile_columns) {
        const __m256 factor0 = _mm256_loadu_ps(rescale.data() + column);
        const __m256 factor1 = _mm256_loadu_ps(rescale.data() + column + 8);
        float* tile = accumulator.data() + row * width + column;
        __m256 acc[R][2];
        for (int r = 0; r < R; ++r) {
          acc[r][0] = _mm256_mul_ps(_mm256_loadu_ps(tile + r * width), factor0);
          acc[r][1] = _mm256_mul_ps(_mm256_loadu_ps(tile + r * width + 8), factor1);
        }
        multiply_tile<R>(value_block + row, 1, value_dimension, scores.data() + column, width, items, acc);
        for (int r = 0; r < R; ++r) {
          _mm256_storeu_ps(tile + r * width, acc[r][0]);
          _mm256_storeu_ps(tile + r * width + 8, acc[r][1]);
        }
      }
    });
  }
  for (Index b = 0; b < columns; ++b) {
    const float inverse = 1.0f / running_sum[b];
    for (Index k = 0; k < value_dimension; ++k) out(k, first + b) = accumulator(k, b) * inverse;
    if (log_normaliser) (*log_normaliser)[first + b] = running_max[b] + std::log(running_sum[b]);
  }
}

}  // namespace
#endif

void retrieve_fused(const MatrixOf<float>& keys, const MatrixOf<float>& values,
                    const MatrixOf<float>& queries, float beta, MatrixOf<float>& out,
                    RowVectorOf<float>* log_normaliser) {
#if HOPFIELD_FUSED_KERNEL
  const Index batch = queries.cols();
  out.resize(values.rows(), batch);
  if (log_normaliser) log_normaliser->resize(batch);
  for (Index first = 0; first < batch; first += panel_columns) {
    const Index columns = std::min(panel_columns, batch - first);
    if (columns >= smallest_fused_panel) {
      retrieve_panel(keys, values, queries, beta, first, columns, out, log_normaliser);
    } else {
      const MatrixOf<float> panel = queries.middleCols(first, columns);
      MatrixOf<float> panel_out;
      RowVectorOf<float> panel_normaliser;
      retrieve_dense<float>(keys, values, panel, beta, panel_out,
                            log_normaliser ? &panel_normaliser : nullptr);
      out.middleCols(first, columns) = panel_out;
      if (log_normaliser) log_normaliser->segment(first, columns) = panel_normaliser;
    }
  }
#else
  retrieve_streaming<float>(keys, values, queries, beta, 1024, out, log_normaliser);
#endif
}

}  // namespace hopfield::kernels
