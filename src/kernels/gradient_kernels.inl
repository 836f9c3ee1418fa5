// One block of stored items of the fused softmax-retrieval backward (see RetrievalGradientBlock in
// kernel_table.hpp and hopfield/attention_gradients.hpp), through Eigen compiled for this translation unit's
// instruction set (renamed namespace, see dense_kernels.inl), so that its five products run on this unit's
// FMA register tiles. The scores of the block are recomputed from the saved log-sum-exp, as FlashAttention
// does: nothing larger than count x batch is formed.

template <typename Scalar>
void retrieval_gradient_block(const RetrievalGradientBlock<Scalar>& block) {
  using Dense = IsaEigen::Matrix<Scalar, IsaEigen::Dynamic, IsaEigen::Dynamic>;
  using Row = IsaEigen::Matrix<Scalar, 1, IsaEigen::Dynamic>;
  const KernelIndex dk = block.key_dimension, dv = block.value_dimension, count = block.count;
  const KernelIndex batch = block.batch;
  const IsaEigen::Map<const Dense> keys(block.keys, dk, count), values(block.values, dv, count);
  const IsaEigen::Map<const Dense> queries(block.queries, dk, batch), out_grad(block.out_grad, dv, batch);
  const IsaEigen::Map<const Row> log_normaliser(block.log_normaliser, batch), delta(block.delta, batch);
  IsaEigen::Map<Dense> weights(block.weights, count, batch), weight_grad(block.weight_grad, count, batch);
  IsaEigen::Map<Dense> key_grad(block.key_grad, dk, count), value_grad(block.value_grad, dv, count);
  IsaEigen::Map<Dense> query_sum(block.query_sum, dk, batch);
  // P = exp(β K_blkᵀ Q − lse), column by column (contiguous: Eigen's packet exp).
  weights.noalias() = keys.transpose() * queries;
  for (KernelIndex b = 0; b < batch; ++b)
    weights.col(b) = (weights.col(b).array() * block.beta - log_normaliser[b]).exp();
  value_grad.noalias() = out_grad * weights.transpose();
  // dS = P ⊙ (V_blkᵀ dO − delta): the softmax's Jacobian applied without forming it.
  weight_grad.noalias() = values.transpose() * out_grad;
  for (KernelIndex b = 0; b < batch; ++b)
    weight_grad.col(b) = weights.col(b).array() * (weight_grad.col(b).array() - delta[b]);
  key_grad.noalias() = queries * weight_grad.transpose();
  key_grad *= block.beta;
  query_sum.noalias() += keys * weight_grad;
}
