#include "hopfield/attention.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "hopfield/error.hpp"
#include "hopfield/modern.hpp"
#include "hopfield/patterns.hpp"

namespace hopfield {
namespace {

// Naive double reference: out(:, b) = Σ_i softmax_i(k_iᵀ q_b / √d_k over visible i) v_i.
Matrix naive_attention(const Matrix& q, const Matrix& k, const Matrix& v,
                       const AttentionMask* mask = nullptr) {
  const double scale = 1.0 / std::sqrt(static_cast<double>(k.rows()));
  Matrix out = Matrix::Zero(v.rows(), q.cols());
  for (Index b = 0; b < q.cols(); ++b) {
    std::vector<double> score(static_cast<std::size_t>(k.cols()));
    double maximum = -std::numeric_limits<double>::infinity();
    for (Index i = 0; i < k.cols(); ++i) {
      if (mask && !(*mask)(i, b)) continue;
      double s = 0.0;
      for (Index r = 0; r < k.rows(); ++r) s += k(r, i) * q(r, b);
      score[static_cast<std::size_t>(i)] = s * scale;
      maximum = std::max(maximum, s * scale);
    }
    double sum = 0.0;
    for (Index i = 0; i < k.cols(); ++i) {
      if (mask && !(*mask)(i, b)) continue;
      sum += std::exp(score[static_cast<std::size_t>(i)] - maximum);
    }
    for (Index i = 0; i < k.cols(); ++i) {
      if (mask && !(*mask)(i, b)) continue;
      const double w = std::exp(score[static_cast<std::size_t>(i)] - maximum) / sum;
      for (Index r = 0; r < v.rows(); ++r) out(r, b) += w * v(r, i);
    }
  }
  return out;
}

Matrix naive_product(const Matrix& a, const Matrix& b) {
  Matrix out = Matrix::Zero(a.rows(), b.cols());
  for (Index i = 0; i < a.rows(); ++i)
    for (Index j = 0; j < b.cols(); ++j)
      for (Index k = 0; k < a.cols(); ++k) out(i, j) += a(i, k) * b(k, j);
  return out;
}

double max_abs(const Matrix& m) {
  return m.cwiseAbs().maxCoeff();
}

TEST(Attention, MatchesNaiveReferenceInDoubleAndFloat) {
  const Matrix q = gaussian_patterns(4, 5, 1), k = gaussian_patterns(4, 6, 2), v = gaussian_patterns(3, 6, 3);
  const Matrix expected = naive_attention(q, k, v);
  EXPECT_LT(max_abs(scaled_dot_product_attention<double>(q, k, v) - expected), 1e-14);
  const MatrixF single =
      scaled_dot_product_attention<float>(q.cast<float>(), k.cast<float>(), v.cast<float>());
  EXPECT_LT(max_abs(single.cast<double>() - expected), 1e-5);
  const Matrix weights = attention_weights(q, k);
  for (Index b = 0; b < 5; ++b) EXPECT_NEAR(weights.col(b).sum(), 1.0, 1e-14);
  EXPECT_LT(max_abs(v * weights - expected), 1e-14);
}

TEST(Attention, MaskHidesKeys) {
  const Matrix q = gaussian_patterns(4, 3, 4), k = gaussian_patterns(4, 5, 5), v = gaussian_patterns(2, 5, 6);
  AttentionOptions options;
  options.mask = AttentionMask::Constant(5, 3, true);
  options.mask(0, 0) = options.mask(3, 0) = options.mask(4, 2) = false;
  const Matrix expected = naive_attention(q, k, v, &options.mask);
  EXPECT_LT(max_abs(scaled_dot_product_attention<double>(q, k, v, options) - expected), 1e-14);
  EXPECT_EQ(attention_weights(q, k, options)(3, 0), 0.0);
  // A single visible key: its value exactly.
  options.mask.col(1).setConstant(false);
  options.mask(2, 1) = true;
  EXPECT_LT(max_abs(scaled_dot_product_attention<double>(q, k, v, options).col(1) - v.col(2)), 1e-15);
  options.mask.col(1).setConstant(false);
  EXPECT_THROW(scaled_dot_product_attention<double>(q, k, v, options), Error);  // fully masked query
  options.mask = AttentionMask::Constant(4, 3, true);
  EXPECT_THROW(scaled_dot_product_attention<double>(q, k, v, options), Error);  // wrong shape
}

TEST(Attention, OneHopfieldStepIsAttention) {
  const Index d = 64;
  const Matrix x = gaussian_patterns(d, 20, 7);
  const Matrix xi = gaussian_patterns(d, 3, 8);
  const ModernHopfield memory(x, 1.0 / std::sqrt(static_cast<double>(d)));
  EXPECT_LT(max_abs(memory.update(xi) - scaled_dot_product_attention<double>(xi, x, x)), 1e-14);
  // Single precision: the same kernel arithmetic, so the two agree to rounding.
  const MatrixF attention =
      scaled_dot_product_attention<float>(xi.cast<float>(), x.cast<float>(), x.cast<float>());
  EXPECT_LT(max_abs(memory.recall(xi).states - attention.cast<double>()), 1e-5);
}

TEST(MultiHeadAttention, MatchesNaiveReference) {
  const auto mha = MultiHeadAttention::random(3, 6, 4, 2, 9);
  const Matrix q = gaussian_patterns(6, 5, 10), k = gaussian_patterns(6, 7, 11),
               v = gaussian_patterns(6, 7, 12);
  Matrix stacked(3 * 2, 5);
  for (Index j = 0; j < 3; ++j) {
    stacked.middleRows(2 * j, 2) =
        naive_attention(naive_product(mha.query_projection(j), q), naive_product(mha.key_projection(j), k),
                        naive_product(mha.value_projection(j), v));
  }
  const Matrix expected = naive_product(mha.output_projection(), stacked);
  const Matrix out = mha.forward(q, k, v);
  ASSERT_EQ(out.rows(), 6);
  ASSERT_EQ(out.cols(), 5);
  EXPECT_LT(max_abs(out - expected), 1e-13);
}

TEST(MultiHeadAttention, IsHHopfieldMemoriesOnProjectedPatterns) {
  const auto mha = MultiHeadAttention::random(4, 8, 5, 3, 13);
  const Matrix y = gaussian_patterns(8, 9, 14);  // self-attention: keys = values = y
  const Matrix q = gaussian_patterns(8, 4, 15);
  for (Index j = 0; j < 4; ++j) {
    const ModernHopfield memory(mha.key_projection(j) * y, 1.0 / std::sqrt(5.0));
    const Matrix weights = memory.retrieval_weights(mha.query_projection(j) * q);
    EXPECT_LT(max_abs(mha.head(j, q, y, y) - mha.value_projection(j) * y * weights), 1e-14) << "head " << j;
  }
  // With W_V = W_K the head is exactly one Hopfield update of the projected memory.
  const MultiHeadAttention tied({mha.query_projection(0)}, {mha.key_projection(0)}, {mha.key_projection(0)},
                                Matrix::Identity(5, 5));
  const ModernHopfield memory(mha.key_projection(0) * y, 1.0 / std::sqrt(5.0));
  EXPECT_LT(max_abs(tied.forward(q, y, y) - memory.update(mha.query_projection(0) * q)), 1e-14);
}

TEST(Attention, ErrorsNameTheArgument) {
  const Matrix q = gaussian_patterns(4, 2, 16), k = gaussian_patterns(4, 3, 17),
               v = gaussian_patterns(2, 3, 18);
  EXPECT_THROW(scaled_dot_product_attention<double>(gaussian_patterns(5, 2, 1), k, v), Error);
  EXPECT_THROW(scaled_dot_product_attention<double>(q, k, gaussian_patterns(2, 4, 1)), Error);
  EXPECT_THROW(scaled_dot_product_attention<double>(q, Matrix(4, 0), Matrix(2, 0)), Error);
  Matrix bad = q;
  bad(0, 0) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(scaled_dot_product_attention<double>(bad, k, v), Error);
  EXPECT_THROW(MultiHeadAttention({Matrix::Ones(2, 4)}, {Matrix::Ones(3, 4)}, {Matrix::Ones(2, 4)},
                                  Matrix::Ones(4, 2)),
               Error);
  EXPECT_THROW(MultiHeadAttention({}, {}, {}, Matrix()), Error);
}

}  // namespace
}  // namespace hopfield
