// Softmax retrieval with its gradients (see hopfield/attention_gradients.hpp).
#include "hopfield/attention_gradients.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "hopfield/error.hpp"
#include "hopfield/parallel.hpp"
#include "kernels/kernel_table.hpp"

namespace hopfield {
namespace {

using kernels::MatrixOf;
using kernels::RowVectorOf;

// Queries per forward panel (one fused-kernel panel); below smallest_fused_panel queries most of the
// kernel's 16-wide register tile would be padding, and the blocked Eigen path is faster.
constexpr Index forward_panel = kernels::fused_panel_columns;
constexpr Index smallest_fused_panel = 8;
// Stored items per block of the streaming forward (Eigen path): scores of 256 x 64 stay in the L2 cache.
constexpr Index forward_block = 256;
// The backward pass splits the stored items into at most this many parts, each with its own partial dQ
// (memory: parts · d_k · B), added in part order: the sum does not depend on the thread count.
constexpr Index max_backward_parts = 16;

template <typename Scalar>
void check_inputs(const RetrievalInputs<Scalar>& in) {
  require(in.keys.cols() >= 1, "keys: ", in.keys.cols(), " stored items; expected at least one");
  require(in.queries.rows() == in.keys.rows(), "queries: ", in.queries.rows(),
          " rows (the key dimension); expected ", in.keys.rows(), ", the keys' rows");
  require(in.values.cols() == in.keys.cols(), "values: ", in.values.cols(), " stored items; expected ",
          in.keys.cols(), ", as many as the keys");
  require(std::isfinite(in.beta), "beta = ", in.beta, ": expected a finite number");
  require(in.queries.allFinite(), "queries: expected finite entries (found NaN or infinity)");
  require(in.keys.allFinite(), "keys: expected finite entries (found NaN or infinity)");
  require(in.values.allFinite(), "values: expected finite entries (found NaN or infinity)");
}

template <typename Matrix>
void check_shape(const Matrix& m, Index rows, Index cols, const char* what) {
  require(m.rows() == rows && m.cols() == cols, what, ": ", m.rows(), " x ", m.cols(), "; expected ", rows,
          " x ", cols);
}

// Queries [first, first + columns) by the streaming online softmax over blocks of stored items.
template <typename Scalar>
void retrieve_streaming_panel(const RetrievalInputs<Scalar>& in, Index first, Index columns,
                              MatrixMap<Scalar>& out, RowMap<Scalar>& log_normaliser) {
  const Index count = in.keys.cols();
  const auto queries = in.queries.middleCols(first, columns);
  auto panel_out = out.middleCols(first, columns);
  panel_out.setZero();
  RowVectorOf<Scalar> running_max =
      RowVectorOf<Scalar>::Constant(columns, -std::numeric_limits<Scalar>::infinity());
  RowVectorOf<Scalar> running_sum = RowVectorOf<Scalar>::Zero(columns);
  MatrixOf<Scalar> scores(std::min(forward_block, count), columns);
  for (Index start = 0; start < count; start += forward_block) {
    const Index width = std::min(forward_block, count - start);
    auto block = scores.topRows(width);
    block.noalias() = in.keys.middleCols(start, width).transpose() * queries;
    block *= in.beta;
    const RowVectorOf<Scalar> new_max = running_max.cwiseMax(block.colwise().maxCoeff());
    for (Index b = 0; b < columns; ++b) {
      const Scalar rescale = std::exp(running_max[b] - new_max[b]);  // 0 on the first block
      block.col(b) = (block.col(b).array() - new_max[b]).exp();
      running_sum[b] = running_sum[b] * rescale + block.col(b).sum();
      panel_out.col(b) *= rescale;
    }
    panel_out.noalias() += in.values.middleCols(start, width) * block;
    running_max = new_max;
  }
  for (Index b = 0; b < columns; ++b) {
    panel_out.col(b) /= running_sum[b];
    log_normaliser[first + b] = running_max[b] + std::log(running_sum[b]);
  }
}

// Queries [first, first + columns) by the fused single-precision kernel.
void retrieve_fused_panel(const RetrievalInputs<float>& in, Index first, Index columns, MatrixMap<float>& out,
                          RowMap<float>& log_normaliser) {
  std::vector<float> workspace(
      static_cast<std::size_t>(kernels::fused_workspace_floats(in.keys.rows(), in.values.rows())));
  const kernels::FusedPanel panel{in.keys.data(),
                                  in.values.data(),
                                  in.queries.data() + first * in.queries.rows(),
                                  in.keys.rows(),
                                  in.values.rows(),
                                  in.keys.cols(),
                                  columns,
                                  in.beta,
                                  out.data() + first * in.values.rows(),
                                  log_normaliser.data() + first,
                                  workspace.data()};
  kernels::kernel_table().retrieve_panel(panel);
}

template <typename Scalar>
void retrieve_panel(const RetrievalInputs<Scalar>& in, Index first, Index columns, MatrixMap<Scalar>& out,
                    RowMap<Scalar>& log_normaliser) {
  if constexpr (std::is_same_v<Scalar, float>) {
    if (columns >= smallest_fused_panel) return retrieve_fused_panel(in, first, columns, out, log_normaliser);
  }
  retrieve_streaming_panel(in, first, columns, out, log_normaliser);
}

template <typename Scalar>
auto gradient_block_kernel() {
  const kernels::KernelTable& table = kernels::kernel_table();
  if constexpr (std::is_same_v<Scalar, float>)
    return table.retrieval_gradient_block_f32;
  else
    return table.retrieval_gradient_block_f64;
}

// One part of the backward pass: blocks [first_block, end_block) of stored items; adds K dS to query_sum.
template <typename Scalar>
void backward_part(const RetrievalInputs<Scalar>& in, const kernels::RetrievalGradientBlock<Scalar>& common,
                   Index first_block, Index end_block, RetrievalGradients<Scalar>& gradients,
                   MatrixOf<Scalar>& query_sum) {
  const Index dk = in.keys.rows(), dv = in.values.rows(), batch = in.queries.cols(), count = in.keys.cols();
  query_sum.setZero(dk, batch);
  MatrixOf<Scalar> weights(kernels::gradient_block_rows, batch),
      weight_grad(kernels::gradient_block_rows, batch);
  const auto kernel = gradient_block_kernel<Scalar>();
  for (Index block_index = first_block; block_index < end_block; ++block_index) {
    const Index start = block_index * kernels::gradient_block_rows;
    kernels::RetrievalGradientBlock<Scalar> block = common;
    block.keys = in.keys.data() + start * dk;
    block.values = in.values.data() + start * dv;
    block.count = std::min(kernels::gradient_block_rows, count - start);
    block.key_grad = gradients.keys.data() + start * dk;
    block.value_grad = gradients.values.data() + start * dv;
    block.query_sum = query_sum.data();
    block.weights = weights.data();
    block.weight_grad = weight_grad.data();
    kernel(block);
  }
}

}  // namespace

template <typename Scalar>
void retrieve_with_log_normaliser(const RetrievalInputs<Scalar>& inputs, MatrixMap<Scalar> out,
                                  RowMap<Scalar> log_normaliser, int threads) {
  check_inputs(inputs);
  const Index batch = inputs.queries.cols();
  check_shape(out, inputs.values.rows(), batch, "out");
  check_shape(log_normaliser, 1, batch, "log_normaliser");
  const Index panels = (batch + forward_panel - 1) / forward_panel;
  run_in_parallel(
      panels,
      [&](Index panel) {
        const Index first = panel * forward_panel;
        retrieve_panel(inputs, first, std::min(forward_panel, batch - first), out, log_normaliser);
      },
      threads);
}

template <typename Scalar>
void retrieval_backward(const RetrievalInputs<Scalar>& inputs, ConstMatrixMap<Scalar> out,
                        ConstRowMap<Scalar> log_normaliser, ConstMatrixMap<Scalar> out_grad,
                        RetrievalGradients<Scalar>& gradients, int threads) {
  check_inputs(inputs);
  const Index dk = inputs.keys.rows(), dv = inputs.values.rows(), count = inputs.keys.cols();
  const Index batch = inputs.queries.cols();
  check_shape(out, dv, batch, "out");
  check_shape(log_normaliser, 1, batch, "log_normaliser");
  check_shape(out_grad, dv, batch, "out_grad");
  check_shape(gradients.queries, dk, batch, "query gradient");
  check_shape(gradients.keys, dk, count, "key gradient");
  check_shape(gradients.values, dv, count, "value gradient");
  require(out_grad.allFinite(), "out_grad: expected finite entries (found NaN or infinity)");
  const RowVectorOf<Scalar> delta = (out_grad.array() * out.array()).colwise().sum();
  // The block's own pointers (keys, values, key_grad, …) are set per block in backward_part.
  kernels::RetrievalGradientBlock<Scalar> common{};
  common.queries = inputs.queries.data();
  common.out_grad = out_grad.data();
  common.log_normaliser = log_normaliser.data();
  common.delta = delta.data();
  common.key_dimension = dk;
  common.value_dimension = dv;
  common.batch = batch;
  common.beta = inputs.beta;
  const Index blocks = (count + kernels::gradient_block_rows - 1) / kernels::gradient_block_rows;
  const Index parts = std::min(max_backward_parts, blocks);
  std::vector<MatrixOf<Scalar>> query_sums(static_cast<std::size_t>(parts));
  run_in_parallel(
      parts,
      [&](Index part) {
        backward_part(inputs, common, part * blocks / parts, (part + 1) * blocks / parts, gradients,
                      query_sums[static_cast<std::size_t>(part)]);
      },
      threads);
  MatrixOf<Scalar> query_sum = query_sums.front();
  for (std::size_t part = 1; part < query_sums.size(); ++part) query_sum += query_sums[part];
  gradients.queries = inputs.beta * query_sum;
  gradients.beta = (inputs.queries.array() * query_sum.array()).sum();
}

template void retrieve_with_log_normaliser<float>(const RetrievalInputs<float>&, MatrixMap<float>,
                                                  RowMap<float>, int);
template void retrieve_with_log_normaliser<double>(const RetrievalInputs<double>&, MatrixMap<double>,
                                                   RowMap<double>, int);
template void retrieval_backward<float>(const RetrievalInputs<float>&, ConstMatrixMap<float>,
                                        ConstRowMap<float>, ConstMatrixMap<float>, RetrievalGradients<float>&,
                                        int);
template void retrieval_backward<double>(const RetrievalInputs<double>&, ConstMatrixMap<double>,
                                         ConstRowMap<double>, ConstMatrixMap<double>,
                                         RetrievalGradients<double>&, int);

}  // namespace hopfield
