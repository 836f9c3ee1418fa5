#include "hopfield/attention.hpp"

#include <cmath>
#include <limits>
#include <type_traits>

#include "hopfield/error.hpp"
#include "hopfield/random.hpp"
#include "kernels/dense_product.hpp"

namespace hopfield {
namespace {

template <typename Scalar>
void check_attention_arguments(const MatrixViewOf<Scalar>& queries, const MatrixViewOf<Scalar>& keys,
                               const MatrixViewOf<Scalar>* values, const AttentionOptions& options) {
  require(keys.cols() > 0, "attention: keys are empty (0 columns); expected at least one key");
  require(keys.rows() > 0, "attention: keys have dimension 0");
  require(queries.rows() == keys.rows(), "attention: queries have dimension d_k = ", queries.rows(),
          ", keys have dimension ", keys.rows(), "; expected equal");
  if (values) {
    require(values->cols() == keys.cols(), "attention: ", values->cols(), " values for ", keys.cols(),
            " keys; expected one value column per key");
    require(values->allFinite(), "attention: values must be finite");
  }
  require(queries.allFinite(), "attention: queries must be finite");
  require(keys.allFinite(), "attention: keys must be finite");
  require(std::isfinite(options.scale) && options.scale >= 0.0,
          "attention: scale must be finite and >= 0 (0 = 1/sqrt(d_k)), got ", options.scale);
  if (options.mask.size() > 0) {
    require(options.mask.rows() == keys.cols() && options.mask.cols() == queries.cols(),
            "attention: mask is ", options.mask.rows(), " x ", options.mask.cols(),
            ", expected keys x queries = ", keys.cols(), " x ", queries.cols());
    for (Index b = 0; b < queries.cols(); ++b) {
      require(options.mask.col(b).any(), "attention: query ", b,
              " has every key masked; its softmax is undefined (expected at least one visible key)");
    }
  }
}

template <typename Scalar>
kernels::MatrixOf<Scalar> masked_weights(const MatrixViewOf<Scalar>& queries,
                                         const MatrixViewOf<Scalar>& keys, const AttentionOptions& options) {
  const double scale =
      options.scale > 0.0 ? options.scale : 1.0 / std::sqrt(static_cast<double>(keys.rows()));
  kernels::MatrixOf<Scalar> scores =
      kernels::product<Scalar>(keys, kernels::Operation::Transposed, queries, kernels::Operation::AsStored);
  scores *= static_cast<Scalar>(scale);
  require(scores.allFinite(), "attention: scores overflow the working precision; reduce the scale");
  if (options.mask.size() > 0) {
    scores = options.mask.select(
        scores, kernels::MatrixOf<Scalar>::Constant(scores.rows(), scores.cols(),
                                                    -std::numeric_limits<Scalar>::infinity()));
  }
  kernels::softmax_columns(scores);
  // Eigen's vectorised exp maps −∞ to the smallest subnormal rather than 0; masked weights are exactly 0.
  if (options.mask.size() > 0)
    scores = options.mask.select(scores, kernels::MatrixOf<Scalar>::Zero(scores.rows(), scores.cols()));
  return scores;
}

}  // namespace

template <typename Scalar>
kernels::MatrixOf<Scalar> scaled_dot_product_attention(const MatrixViewOf<Scalar>& queries,
                                                       const MatrixViewOf<Scalar>& keys,
                                                       const MatrixViewOf<Scalar>& values,
                                                       const AttentionOptions& options) {
  check_attention_arguments(queries, keys, &values, options);
  kernels::MatrixOf<Scalar> out;
  // Unmasked single precision: the fused kernel, the one ModernHopfield::recall uses, so a Hopfield step and
  // attention agree to the last bit there as well.
  if constexpr (std::is_same_v<Scalar, float>) {
    if (options.mask.size() == 0) {
      const double scale =
          options.scale > 0.0 ? options.scale : 1.0 / std::sqrt(static_cast<double>(keys.rows()));
      // Cauchy–Schwarz bounds every score, so the kernel never sees an overflowed one.
      const double score_bound = scale * keys.colwise().norm().maxCoeff() *
                                 (queries.cols() > 0 ? queries.colwise().norm().maxCoeff() : 0.0f);
      require(score_bound < 1e37, "attention: scores up to ", score_bound,
              " overflow the working precision; reduce the scale");
      kernels::retrieve_fused(keys, values, queries, static_cast<float>(scale), out);
      return out;
    }
  }
  out =
      kernels::product<Scalar>(values, kernels::Operation::AsStored, masked_weights(queries, keys, options));
  return out;
}

template kernels::MatrixOf<float> scaled_dot_product_attention<float>(const MatrixViewOf<float>&,
                                                                      const MatrixViewOf<float>&,
                                                                      const MatrixViewOf<float>&,
                                                                      const AttentionOptions&);
template kernels::MatrixOf<double> scaled_dot_product_attention<double>(const MatrixViewOf<double>&,
                                                                        const MatrixViewOf<double>&,
                                                                        const MatrixViewOf<double>&,
                                                                        const AttentionOptions&);

Matrix attention_weights(const MatrixView& queries, const MatrixView& keys, const AttentionOptions& options) {
  check_attention_arguments<double>(queries, keys, nullptr, options);
  return masked_weights(queries, keys, options);
}

MultiHeadAttention::MultiHeadAttention(std::vector<Matrix> query_projections,
                                       std::vector<Matrix> key_projections,
                                       std::vector<Matrix> value_projections, Matrix output_projection)
    : query_projections_(std::move(query_projections)),
      key_projections_(std::move(key_projections)),
      value_projections_(std::move(value_projections)),
      output_projection_(std::move(output_projection)) {
  const auto heads = query_projections_.size();
  require(heads > 0, "MultiHeadAttention: no heads; expected at least one W_Q");
  require(key_projections_.size() == heads && value_projections_.size() == heads,
          "MultiHeadAttention: ", heads, " query projections, ", key_projections_.size(),
          " key projections, ", value_projections_.size(),
          " value projections; expected one of each per head");
  const Index width = query_projections_.front().cols();
  const Index key_width = query_projections_.front().rows();
  const Index value_width = value_projections_.front().rows();
  require(width > 0 && key_width > 0 && value_width > 0, "MultiHeadAttention: projections must be non-empty");
  for (std::size_t j = 0; j < heads; ++j) {
    require(query_projections_[j].rows() == key_width && query_projections_[j].cols() == width,
            "MultiHeadAttention: W_Q of head ", j, " is ", query_projections_[j].rows(), " x ",
            query_projections_[j].cols(), ", expected d_k x d_model = ", key_width, " x ", width);
    require(key_projections_[j].rows() == key_width && key_projections_[j].cols() == width,
            "MultiHeadAttention: W_K of head ", j, " is ", key_projections_[j].rows(), " x ",
            key_projections_[j].cols(), ", expected d_k x d_model = ", key_width, " x ", width);
    require(value_projections_[j].rows() == value_width && value_projections_[j].cols() == width,
            "MultiHeadAttention: W_V of head ", j, " is ", value_projections_[j].rows(), " x ",
            value_projections_[j].cols(), ", expected d_v x d_model = ", value_width, " x ", width);
    require(query_projections_[j].allFinite() && key_projections_[j].allFinite() &&
                value_projections_[j].allFinite(),
            "MultiHeadAttention: projections of head ", j, " must be finite");
  }
  require(
      output_projection_.rows() > 0 && output_projection_.cols() == static_cast<Index>(heads) * value_width,
      "MultiHeadAttention: W_O is ", output_projection_.rows(), " x ", output_projection_.cols(),
      ", expected d_out x (h * d_v) with h * d_v = ", static_cast<Index>(heads) * value_width);
  require(output_projection_.allFinite(), "MultiHeadAttention: W_O must be finite");
}

MultiHeadAttention MultiHeadAttention::random(Index heads, Index model_width, Index key_width,
                                              Index value_width, std::uint64_t seed) {
  require(heads > 0 && model_width > 0 && key_width > 0 && value_width > 0,
          "MultiHeadAttention::random: heads, d_model, d_k and d_v must be positive, got ", heads, ", ",
          model_width, ", ", key_width, ", ", value_width);
  auto draw = [](Index rows, Index cols, double std_dev, std::uint64_t matrix_seed) {
    Rng rng(matrix_seed);
    Matrix m(rows, cols);
    for (Index c = 0; c < cols; ++c)
      for (Index r = 0; r < rows; ++r) m(r, c) = std_dev * rng.normal();
    return m;
  };
  const double input_std = 1.0 / std::sqrt(static_cast<double>(model_width));
  std::vector<Matrix> wq, wk, wv;
  for (Index j = 0; j < heads; ++j) {
    const std::uint64_t head_seed = derive_seed(seed, static_cast<std::uint64_t>(j));
    wq.push_back(draw(key_width, model_width, input_std, derive_seed(head_seed, 0)));
    wk.push_back(draw(key_width, model_width, input_std, derive_seed(head_seed, 1)));
    wv.push_back(draw(value_width, model_width, input_std, derive_seed(head_seed, 2)));
  }
  Matrix wo =
      draw(model_width, heads * value_width, 1.0 / std::sqrt(static_cast<double>(heads * value_width)),
           derive_seed(seed, static_cast<std::uint64_t>(heads)));
  return MultiHeadAttention(std::move(wq), std::move(wk), std::move(wv), std::move(wo));
}

const Matrix& MultiHeadAttention::query_projection(Index head) const {
  require(head >= 0 && head < heads(), "MultiHeadAttention: head ", head, " out of range [0, ", heads(), ")");
  return query_projections_[static_cast<std::size_t>(head)];
}
const Matrix& MultiHeadAttention::key_projection(Index head) const {
  require(head >= 0 && head < heads(), "MultiHeadAttention: head ", head, " out of range [0, ", heads(), ")");
  return key_projections_[static_cast<std::size_t>(head)];
}
const Matrix& MultiHeadAttention::value_projection(Index head) const {
  require(head >= 0 && head < heads(), "MultiHeadAttention: head ", head, " out of range [0, ", heads(), ")");
  return value_projections_[static_cast<std::size_t>(head)];
}

Matrix MultiHeadAttention::head(Index head, const MatrixView& queries, const MatrixView& keys,
                                const MatrixView& values, const AttentionOptions& options) const {
  require(queries.rows() == model_width() && keys.rows() == model_width() && values.rows() == model_width(),
          "MultiHeadAttention: queries, keys and values have ", queries.rows(), ", ", keys.rows(), " and ",
          values.rows(), " rows; expected d_model = ", model_width());
  require(keys.cols() == values.cols(), "MultiHeadAttention: ", keys.cols(), " keys but ", values.cols(),
          " values; expected equal");
  using kernels::Operation;
  const Matrix q = kernels::product<double>(query_projection(head), Operation::AsStored, queries);
  const Matrix k = kernels::product<double>(key_projection(head), Operation::AsStored, keys);
  const Matrix v = kernels::product<double>(value_projection(head), Operation::AsStored, values);
  return scaled_dot_product_attention<double>(q, k, v, options);
}

Matrix MultiHeadAttention::forward(const MatrixView& queries, const MatrixView& keys,
                                   const MatrixView& values, const AttentionOptions& options) const {
  Matrix stacked(heads() * value_width(), queries.cols());
  for (Index j = 0; j < heads(); ++j)
    stacked.middleRows(j * value_width(), value_width()) = head(j, queries, keys, values, options);
  return kernels::product<double>(output_projection_, kernels::Operation::AsStored, stacked);
}

}  // namespace hopfield
