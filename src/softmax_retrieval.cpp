#include "hopfield/softmax_retrieval.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "kernels/dense_product.hpp"

namespace hopfield::kernels {

namespace {

// scores.col(b) ← exp(scores.col(b) − shift[b]) column by column (contiguous, so the run-time kernel's packet
// exp applies), returning the column sums.
template <typename Block, typename Scalar>
RowVectorOf<Scalar> exponentiate_shifted(Block&& scores, const RowVectorOf<Scalar>& shift) {
  RowVectorOf<Scalar> sum(scores.cols());
  for (Index b = 0; b < scores.cols(); ++b)
    sum[b] = exp_shifted(scores.col(b).data(), scores.rows(), shift[b]);
  return sum;
}

}  // namespace

template <typename Scalar>
void softmax_columns(MatrixOf<Scalar>& scores, RowVectorOf<Scalar>* log_normaliser) {
  const RowVectorOf<Scalar> maximum = scores.colwise().maxCoeff();
  const RowVectorOf<Scalar> sum = exponentiate_shifted<MatrixOf<Scalar>&, Scalar>(scores, maximum);
  for (Index b = 0; b < scores.cols(); ++b) scores.col(b) /= sum[b];
  if (log_normaliser) *log_normaliser = maximum.array() + sum.array().log();
}

template <typename Scalar>
void retrieve_dense(const MatrixViewOf<Scalar>& keys, const MatrixViewOf<Scalar>& values,
                    const MatrixViewOf<Scalar>& queries, Scalar beta, MatrixOf<Scalar>& out,
                    RowVectorOf<Scalar>* log_normaliser) {
  MatrixOf<Scalar> scores(keys.cols(), queries.cols());
  product_into<Scalar>(keys, Operation::Transposed, queries, Operation::AsStored, scores);
  scores *= beta;
  softmax_columns(scores, log_normaliser);
  out.resize(values.rows(), queries.cols());
  product_into<Scalar>(values, Operation::AsStored, scores, Operation::AsStored, out);
}

template <typename Scalar>
void retrieve_streaming(const MatrixViewOf<Scalar>& keys, const MatrixViewOf<Scalar>& values,
                        const MatrixViewOf<Scalar>& queries, Scalar beta, Index block_size,
                        MatrixOf<Scalar>& out, RowVectorOf<Scalar>* log_normaliser) {
  const Index count = keys.cols();
  const Index batch = queries.cols();
  const Index block = std::max<Index>(1, std::min(block_size, count));
  RowVectorOf<Scalar> running_max =
      RowVectorOf<Scalar>::Constant(batch, -std::numeric_limits<Scalar>::infinity());
  RowVectorOf<Scalar> running_sum = RowVectorOf<Scalar>::Zero(batch);
  out.setZero(values.rows(), batch);
  MatrixOf<Scalar> scores(block, batch);
  for (Index start = 0; start < count; start += block) {
    const Index width = std::min(block, count - start);
    auto block_scores = scores.topRows(width);
    product_into<Scalar>(keys.middleCols(start, width), Operation::Transposed, queries, Operation::AsStored,
                         block_scores);
    block_scores *= beta;
    const RowVectorOf<Scalar> block_max = block_scores.colwise().maxCoeff();
    const RowVectorOf<Scalar> new_max = running_max.cwiseMax(block_max);
    // e^{m − m'}; the first block has m = −∞ and gives 0 (m' is finite).
    const RowVectorOf<Scalar> rescale = (running_max - new_max).array().exp();
    running_sum = running_sum.cwiseProduct(rescale) +
                  exponentiate_shifted<decltype(block_scores)&, Scalar>(block_scores, new_max);
    for (Index b = 0; b < batch; ++b) out.col(b) *= rescale[b];
    product_into<Scalar>(values.middleCols(start, width), Operation::AsStored, block_scores,
                         Operation::AsStored, out, Update::Accumulate);
    running_max = new_max;
  }
  for (Index b = 0; b < batch; ++b) out.col(b) /= running_sum[b];
  if (log_normaliser) *log_normaliser = running_max.array() + running_sum.array().log();
}

template void softmax_columns<float>(MatrixOf<float>&, RowVectorOf<float>*);
template void softmax_columns<double>(MatrixOf<double>&, RowVectorOf<double>*);
template void retrieve_dense<float>(const MatrixViewOf<float>&, const MatrixViewOf<float>&,
                                    const MatrixViewOf<float>&, float, MatrixOf<float>&, RowVectorOf<float>*);
template void retrieve_dense<double>(const MatrixViewOf<double>&, const MatrixViewOf<double>&,
                                     const MatrixViewOf<double>&, double, MatrixOf<double>&,
                                     RowVectorOf<double>*);
template void retrieve_streaming<float>(const MatrixViewOf<float>&, const MatrixViewOf<float>&,
                                        const MatrixViewOf<float>&, float, Index, MatrixOf<float>&,
                                        RowVectorOf<float>*);
template void retrieve_streaming<double>(const MatrixViewOf<double>&, const MatrixViewOf<double>&,
                                         const MatrixViewOf<double>&, double, Index, MatrixOf<double>&,
                                         RowVectorOf<double>*);

}  // namespace hopfield::kernels
