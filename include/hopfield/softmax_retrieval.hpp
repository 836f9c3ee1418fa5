// The hot loop of the modern Hopfield network and of attention: softmax retrieval
//
//   out = values · softmax(β · keysᵀ · queries)        (softmax over each column)
//
// Shapes (one item per column, column-major): keys d_k x p, values d_v x p, queries d_k x B, out d_v x B.
// The softmax is always max-shifted, so any finite β (β = 10⁶ included) gives a finite answer.
//
// Two paths compute the same thing:
//  - retrieve_dense: forms the p x B score matrix (one GEMM), a vectorised exp, a second GEMM. Memory O(p·B).
//  - retrieve_streaming: walks the stored items in blocks of `block_size` columns, one GEMM per block, and
//    keeps per query a running maximum m, a running sum s and a rescaled accumulator a (the online softmax
//    of Milakov & Gimelshein 2018): on a block with maximum m' ≥ m, a ← a·e^{m−m'} + V_blk e^{S_blk−m'},
//    s ← s·e^{m−m'} + Σ e^{S_blk−m'}. Peak memory O(d·B + block_size·B), independent of p.
//  - retrieve_fused (single precision): the streaming algorithm as one hand-written kernel (chosen at run
//    time: AVX2 + FMA, or plain loops on the portable path; see hopfield/kernels.hpp) that
//    keeps each block's scores in cache: per block of 96 stored items, the scores of register tiles of
//    6 items x 16 queries, the online softmax vectorised across queries, and the rank update of the
//    accumulator with the rescaling folded in. Memory O(d·64 + 96·64) per panel of 64 queries.
// Both are templates instantiated for float (the default for retrieval: speed) and double (references,
// the attention-equivalence experiment). Neither checks its arguments: the models do that.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "hopfield/types.hpp"

namespace hopfield::kernels {

template <typename Scalar>
using MatrixOf = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
template <typename Scalar>
using RowVectorOf = Eigen::Matrix<Scalar, 1, Eigen::Dynamic>;

/// out = values · softmax(β keysᵀ queries). If `log_normaliser` is non-null it receives, per query,
/// log Σ_i exp(β keys_iᵀ query) (the log-sum-exp of the scores), a 1 x B row.
template <typename Scalar>
void retrieve_dense(const MatrixViewOf<Scalar>& keys, const MatrixViewOf<Scalar>& values,
                    const MatrixViewOf<Scalar>& queries, Scalar beta, MatrixOf<Scalar>& out,
                    RowVectorOf<Scalar>* log_normaliser = nullptr);

/// The same result as retrieve_dense, streaming over blocks of `block_size` ≥ 1 stored items.
template <typename Scalar>
void retrieve_streaming(const MatrixViewOf<Scalar>& keys, const MatrixViewOf<Scalar>& values,
                        const MatrixViewOf<Scalar>& queries, Scalar beta, Index block_size,
                        MatrixOf<Scalar>& out, RowVectorOf<Scalar>* log_normaliser = nullptr);

/// The same result as retrieve_streaming<float>, by the fused kernel, in panels of 64 queries. A panel of
/// fewer than 8 queries goes through retrieve_dense<float> instead (the kernel's register tile is 16 queries
/// wide; at one query it is 6x slower than the GEMM path). The kernel is the one hopfield/kernels.hpp
/// chooses.
void retrieve_fused(const MatrixViewOf<float>& keys, const MatrixViewOf<float>& values,
                    const MatrixViewOf<float>& queries, float beta, MatrixOf<float>& out,
                    RowVectorOf<float>* log_normaliser = nullptr);

/// The scratch memory of retrieve_fused (packed queries, accumulator, scores of one panel). A caller that
/// retrieves repeatedly keeps one per thread and passes it to each call; its owner releases it by destroying
/// it. Never shared between threads at once.
class FusedWorkspace {
 public:
  /// At least `floats` floats, allocated once and reused while large enough.
  float* reserve(Index floats);

 private:
  std::vector<float> floats_;
};

/// retrieve_fused with the caller's workspace (no allocation once it is large enough).
void retrieve_fused(const MatrixViewOf<float>& keys, const MatrixViewOf<float>& values,
                    const MatrixViewOf<float>& queries, float beta, MatrixOf<float>& out,
                    FusedWorkspace& workspace, RowVectorOf<float>* log_normaliser = nullptr);

/// Column-wise max-shifted softmax of `scores` in place (p x B; each column sums to 1). Columns may hold
/// −∞ (masked entries) but not only −∞.
template <typename Scalar>
void softmax_columns(MatrixOf<Scalar>& scores, RowVectorOf<Scalar>* log_normaliser = nullptr);

}  // namespace hopfield::kernels
