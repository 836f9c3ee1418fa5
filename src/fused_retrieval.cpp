// The fused single-precision softmax retrieval (see retrieve_fused in softmax_retrieval.hpp).
//
// The streaming algorithm of retrieve_streaming as one kernel per panel of up to 64 queries: per block of 96
// stored items, the scores (keys_blkᵀ · βQ) go into an L1/L2-resident block, the online softmax runs on that
// block, and the accumulator takes acc ← acc · e^{m−m'} + values_blk · P with the rescaling folded into the
// product. The panel kernel is chosen at run time (src/kernels/: AVX2 + FMA register tiles of 6 items x 16
// queries, or plain loops on the portable path, which a WebAssembly build with SIMD replaces by 128-bit
// tiles of 4 items x 8 queries); this file splits the batch into panels and owns the memory.
#include <algorithm>

#include "hopfield/softmax_retrieval.hpp"
#include "kernels/kernel_table.hpp"

namespace hopfield::kernels {
namespace {

// Below this many queries more than half of each 16-wide register tile would be padding.
constexpr Index smallest_fused_panel = 8;

// A panel of fewer than smallest_fused_panel queries: the dense GEMM path (6x faster at one query).
void retrieve_small_panel(const MatrixViewOf<float>& keys, const MatrixViewOf<float>& values,
                          const MatrixViewOf<float>& queries, float beta, Index first, Index columns,
                          MatrixOf<float>& out, RowVectorOf<float>* log_normaliser) {
  const MatrixOf<float> panel = queries.middleCols(first, columns);
  MatrixOf<float> panel_out;
  RowVectorOf<float> panel_normaliser;
  retrieve_dense<float>(keys, values, panel, beta, panel_out, log_normaliser ? &panel_normaliser : nullptr);
  out.middleCols(first, columns) = panel_out;
  if (log_normaliser) log_normaliser->segment(first, columns) = panel_normaliser;
}

}  // namespace

float* FusedWorkspace::reserve(Index floats) {
  if (static_cast<Index>(floats_.size()) < floats) floats_.resize(static_cast<std::size_t>(floats));
  return floats_.data();
}

void retrieve_fused(const MatrixViewOf<float>& keys, const MatrixViewOf<float>& values,
                    const MatrixViewOf<float>& queries, float beta, MatrixOf<float>& out,
                    RowVectorOf<float>* log_normaliser) {
  FusedWorkspace workspace;
  retrieve_fused(keys, values, queries, beta, out, workspace, log_normaliser);
}

void retrieve_fused(const MatrixViewOf<float>& keys, const MatrixViewOf<float>& values,
                    const MatrixViewOf<float>& queries, float beta, MatrixOf<float>& out,
                    FusedWorkspace& workspace, RowVectorOf<float>* log_normaliser) {
  // The panel kernel reads each matrix as one contiguous array; a block with gaps between its columns is
  // copied once (a whole matrix, or a Map of a C-contiguous array, is read in place).
  const auto gapless = [](const MatrixViewOf<float>& m) {
    return m.cols() <= 1 || m.outerStride() == m.rows();
  };
  if (!gapless(keys) || !gapless(values) || !gapless(queries)) {
    return retrieve_fused(MatrixOf<float>(keys), MatrixOf<float>(values), MatrixOf<float>(queries), beta, out,
                          workspace, log_normaliser);
  }
  const Index batch = queries.cols();
  out.resize(values.rows(), batch);
  if (log_normaliser) log_normaliser->resize(batch);
  const KernelTable& table = kernel_table();
  float* scratch = workspace.reserve(fused_workspace_floats(keys.rows(), values.rows()));
  for (Index first = 0; first < batch; first += fused_panel_columns) {
    const Index columns = std::min(fused_panel_columns, batch - first);
    if (columns < smallest_fused_panel) {
      retrieve_small_panel(keys, values, queries, beta, first, columns, out, log_normaliser);
      continue;
    }
    const FusedPanel panel{keys.data(),
                           values.data(),
                           queries.data() + first * queries.rows(),
                           keys.rows(),
                           values.rows(),
                           keys.cols(),
                           columns,
                           beta,
                           out.data() + first * values.rows(),
                           log_normaliser ? log_normaliser->data() + first : nullptr,
                           scratch};
    table.retrieve_panel(panel);
  }
}

}  // namespace hopfield::kernels
