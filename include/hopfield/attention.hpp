// Scaled dot-product attention and multi-head attention, in this project's column convention.
//
// Convention (stated once): every item is a column. Queries Q are d_k x B (B queries), keys K are d_k x p,
// values V are d_v x p (p key/value pairs), and
//     Attention(Q, K, V) = V · softmax(Kᵀ Q / √d_k),      out d_v x B,
// the softmax taken over each column of the p x B score matrix. (The row convention of Vaswani et al.,
// softmax(Q Kᵀ/√d_k) V with items as rows, is the transpose of this.)
// A mask is a p x B boolean matrix; mask(i, b) = false hides key i from query b (its score becomes −∞).
// A query with every key hidden has no softmax and is an error.
//
// The identity with the modern Hopfield network (modern.hpp): with Q = ξ, K = V = X and β = 1/√d_k,
// Attention(ξ, X, X) = X softmax(β Xᵀ ξ) is one Hopfield update. Multi-head attention is h Hopfield memories:
// head j stores the projected patterns W_K^j K and reads out W_V^j V with the retrieval weights of the
// projected query W_Q^j Q.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "hopfield/softmax_retrieval.hpp"
#include "hopfield/types.hpp"

namespace hopfield {

using AttentionMask = Eigen::Matrix<bool, Eigen::Dynamic, Eigen::Dynamic>;

struct AttentionOptions {
  /// p x B; empty (the default) attends to every key.
  AttentionMask mask;
  /// Scale of the scores; 0 (default) means 1/√d_k.
  double scale = 0.0;
};

/// V softmax(scale · Kᵀ Q) for float or double matrices. Throws hopfield::Error for mismatched shapes, an
/// empty key set, non-finite entries, a mask of the wrong shape or a fully masked query.
template <typename Scalar>
kernels::MatrixOf<Scalar> scaled_dot_product_attention(const MatrixViewOf<Scalar>& queries,
                                                       const MatrixViewOf<Scalar>& keys,
                                                       const MatrixViewOf<Scalar>& values,
                                                       const AttentionOptions& options = {});

/// The attention weights softmax(scale · Kᵀ Q) (p x B, columns sum to 1), double precision.
Matrix attention_weights(const MatrixView& queries, const MatrixView& keys,
                         const AttentionOptions& options = {});

/// Multi-head attention with h heads. Shapes (d_model: width of the inputs):
///   query_projections[j]  W_Q^j  d_k x d_model        key_projections[j]  W_K^j  d_k x d_model
///   value_projections[j]  W_V^j  d_v x d_model        output_projection   W_O    d_out x (h·d_v)
///   MultiHead(Q, K, V) = W_O [head_1; …; head_h],  head_j = Attention(W_Q^j Q, W_K^j K, W_V^j V)
/// with queries d_model x B, keys and values d_model x p, out d_out x B. Heads are stacked row-wise.
class MultiHeadAttention {
 public:
  MultiHeadAttention(std::vector<Matrix> query_projections, std::vector<Matrix> key_projections,
                     std::vector<Matrix> value_projections, Matrix output_projection);

  /// Random projections with N(0, 1/d_model) entries (W_O: N(0, 1/(h·d_v))), seeded.
  static MultiHeadAttention random(Index heads, Index model_width, Index key_width, Index value_width,
                                   std::uint64_t seed);

  Index heads() const { return static_cast<Index>(query_projections_.size()); }
  Index model_width() const { return query_projections_.front().cols(); }
  Index key_width() const { return query_projections_.front().rows(); }
  Index value_width() const { return value_projections_.front().rows(); }

  const Matrix& query_projection(Index head) const;
  const Matrix& key_projection(Index head) const;
  const Matrix& value_projection(Index head) const;
  const Matrix& output_projection() const { return output_projection_; }

  /// head_j = Attention(W_Q^j Q, W_K^j K, W_V^j V), d_v x B (the mask applies to every head).
  Matrix head(Index head, const MatrixView& queries, const MatrixView& keys, const MatrixView& values,
              const AttentionOptions& options = {}) const;
  /// W_O [head_1; …; head_h], d_out x B.
  Matrix forward(const MatrixView& queries, const MatrixView& keys, const MatrixView& values,
                 const AttentionOptions& options = {}) const;

 private:
  std::vector<Matrix> query_projections_;
  std::vector<Matrix> key_projections_;
  std::vector<Matrix> value_projections_;
  Matrix output_projection_;
};

}  // namespace hopfield
