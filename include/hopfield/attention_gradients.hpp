// Softmax retrieval with its gradients, for training: the forward pass that also returns the per-query
// log-sum-exp, and the fused backward pass that recomputes the scores block by block from it.
//
// Column convention (hopfield/attention.hpp): queries Q d_k x B, keys K d_k x p, values V d_v x p, and
//     S = β Kᵀ Q (p x B),   P = softmax(S) (over each column),   O = V P (d_v x B),
//     lse_b = log Σ_i exp(S_ib)   (the log-normaliser; −lse_b/β is the log-sum-exp energy's first term).
// Given dO = ∂L/∂O, with delta_b = dO_bᵀ O_b and dS = P ⊙ (Vᵀ dO − delta):
//     dV = dO Pᵀ,   dK = β Q dSᵀ,   dQ = β K dS,   dβ = Σ_b Q_bᵀ (K dS)_b.
// Neither pass forms the p x B matrices S or P: the forward streams over blocks of stored items with an
// online softmax (single precision: the fused kernel of hopfield/softmax_retrieval.hpp); the backward walks
// blocks of 64 stored items, recomputing P = exp(β K_blkᵀ Q − lse) from the saved log-sum-exp (the
// FlashAttention backward of Dao et al. 2022), so its memory is O((p + B)·d) plus 64·B per thread.
//
// Precision: float runs the fast kernels (chosen at run time, hopfield/kernels.hpp); double runs the same
// blocked algorithm in double precision, the exact path against which gradients are checked.
// Threads: the forward splits the queries into panels of 64, the backward splits the stored items into at
// most 16 contiguous parts whose partial dQ are added in part order, so results are bit-identical for any
// thread count.
#pragma once

#include <Eigen/Core>

#include "hopfield/softmax_retrieval.hpp"
#include "hopfield/types.hpp"

namespace hopfield {

template <typename Scalar>
using ConstMatrixMap = Eigen::Map<const kernels::MatrixOf<Scalar>>;
template <typename Scalar>
using MatrixMap = Eigen::Map<kernels::MatrixOf<Scalar>>;
template <typename Scalar>
using RowMap = Eigen::Map<kernels::RowVectorOf<Scalar>>;
template <typename Scalar>
using ConstRowMap = Eigen::Map<const kernels::RowVectorOf<Scalar>>;

/// What one retrieval reads: contiguous column-major views (numpy's C-ordered (B, d) arrays are exactly
/// these d x B matrices), and the inverse temperature β (any finite value).
template <typename Scalar>
struct RetrievalInputs {
  ConstMatrixMap<Scalar> queries;  ///< d_k x B
  ConstMatrixMap<Scalar> keys;     ///< d_k x p, p ≥ 1
  ConstMatrixMap<Scalar> values;   ///< d_v x p
  Scalar beta;
};

/// Where the backward pass writes: the gradients of the loss with respect to the inputs.
template <typename Scalar>
struct RetrievalGradients {
  MatrixMap<Scalar> queries;  ///< d_k x B
  MatrixMap<Scalar> keys;     ///< d_k x p
  MatrixMap<Scalar> values;   ///< d_v x p
  Scalar beta = 0;            ///< ∂L/∂β
};

/// out = V softmax(β Kᵀ Q) (d_v x B) and log_normaliser = the per-query log-sum-exp of β Kᵀ Q (B entries).
/// Throws hopfield::Error for mismatched shapes, no stored items, a non-finite β or non-finite entries.
/// threads: 0 for the OpenMP default.
template <typename Scalar>
void retrieve_with_log_normaliser(const RetrievalInputs<Scalar>& inputs, MatrixMap<Scalar> out,
                                  RowMap<Scalar> log_normaliser, int threads = 0);

/// The gradients of a loss L with respect to Q, K, V and β, given out and log_normaliser from the forward
/// pass and out_grad = ∂L/∂out (d_v x B). Throws hopfield::Error for mismatched shapes.
template <typename Scalar>
void retrieval_backward(const RetrievalInputs<Scalar>& inputs, ConstMatrixMap<Scalar> out,
                        ConstRowMap<Scalar> log_normaliser, ConstMatrixMap<Scalar> out_grad,
                        RetrievalGradients<Scalar>& gradients, int threads = 0);

}  // namespace hopfield
