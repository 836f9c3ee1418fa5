#include "hopfield/attention_gradients.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "hopfield/error.hpp"
#include "hopfield/kernels.hpp"
#include "hopfield/patterns.hpp"

namespace hopfield {
namespace {

using kernels::MatrixOf;
using kernels::RowVectorOf;

// A retrieval problem in double precision, with float copies; sizes chosen so that the stored items are not
// a multiple of the backward's block of 64 nor the forward's 256, and the queries fill one fused panel of 64
// plus a remainder below 8 (the Eigen path).
struct Problem {
  Matrix queries, keys, values, out_weights;
  double beta;
  Problem(Index dk, Index dv, Index count, Index batch, double beta_, std::uint64_t seed)
      : queries(gaussian_patterns(dk, batch, seed)),
        keys(gaussian_patterns(dk, count, seed + 1)),
        values(gaussian_patterns(dv, count, seed + 2)),
        out_weights(gaussian_patterns(dv, batch, seed + 3)),
        beta(beta_) {}
};

template <typename Scalar>
struct FusedRun {
  MatrixOf<Scalar> queries, keys, values, out_grad, out, query_grad, key_grad, value_grad;
  RowVectorOf<Scalar> log_normaliser;
  Scalar beta, beta_grad = 0;

  FusedRun(const Problem& problem, int threads = 0)
      : queries(problem.queries.cast<Scalar>()),
        keys(problem.keys.cast<Scalar>()),
        values(problem.values.cast<Scalar>()),
        out_grad(problem.out_weights.cast<Scalar>()),
        out(values.rows(), queries.cols()),
        query_grad(queries.rows(), queries.cols()),
        key_grad(keys.rows(), keys.cols()),
        value_grad(values.rows(), values.cols()),
        log_normaliser(queries.cols()),
        beta(static_cast<Scalar>(problem.beta)) {
    const RetrievalInputs<Scalar> in = inputs();
    retrieve_with_log_normaliser(in, MatrixMap<Scalar>(out.data(), out.rows(), out.cols()),
                                 RowMap<Scalar>(log_normaliser.data(), log_normaliser.size()), threads);
    RetrievalGradients<Scalar> gradients{
        MatrixMap<Scalar>(query_grad.data(), query_grad.rows(), query_grad.cols()),
        MatrixMap<Scalar>(key_grad.data(), key_grad.rows(), key_grad.cols()),
        MatrixMap<Scalar>(value_grad.data(), value_grad.rows(), value_grad.cols())};
    retrieval_backward(in, ConstMatrixMap<Scalar>(out.data(), out.rows(), out.cols()),
                       ConstRowMap<Scalar>(log_normaliser.data(), log_normaliser.size()),
                       ConstMatrixMap<Scalar>(out_grad.data(), out_grad.rows(), out_grad.cols()), gradients,
                       threads);
    beta_grad = gradients.beta;
  }
  RetrievalInputs<Scalar> inputs() const {
    return {ConstMatrixMap<Scalar>(queries.data(), queries.rows(), queries.cols()),
            ConstMatrixMap<Scalar>(keys.data(), keys.rows(), keys.cols()),
            ConstMatrixMap<Scalar>(values.data(), values.rows(), values.cols()), beta};
  }
};

// The unfused double computation, every p x B matrix formed: P = softmax(β KᵀQ), O = V P, and the loss
// L = Σ W ⊙ O (W = out_weights, so dO = W) with its gradients written out from the chain rule.
struct Unfused {
  Matrix out, weights, query_grad, key_grad, value_grad;
  RowVectorOf<double> log_normaliser;
  double beta_grad;
  explicit Unfused(const Problem& pr) {
    const Matrix scores = pr.beta * pr.keys.transpose() * pr.queries;
    weights = scores;
    log_normaliser.resize(scores.cols());
    for (Index b = 0; b < scores.cols(); ++b) {
      const double top = scores.col(b).maxCoeff();
      const double sum = (scores.col(b).array() - top).exp().sum();
      log_normaliser[b] = top + std::log(sum);
      weights.col(b) = (scores.col(b).array() - log_normaliser[b]).exp();
    }
    out = pr.values * weights;
    const Matrix weight_grad = pr.values.transpose() * pr.out_weights;  // ∂L/∂P
    Matrix score_grad = weights;                                        // ∂L/∂S
    for (Index b = 0; b < weights.cols(); ++b) {
      const double mean = weights.col(b).dot(weight_grad.col(b));
      score_grad.col(b) = weights.col(b).array() * (weight_grad.col(b).array() - mean);
    }
    value_grad = pr.out_weights * weights.transpose();
    query_grad = pr.beta * pr.keys * score_grad;
    key_grad = pr.beta * pr.queries * score_grad.transpose();
    beta_grad = (score_grad.array() * (pr.keys.transpose() * pr.queries).array()).sum();
  }
};

double relative_error(const Matrix& a, const Matrix& b) {
  return (a - b).norm() / std::max(b.norm(), 1e-300);
}

TEST(AttentionGradients, DoubleForwardMatchesTheUnfusedSoftmax) {
  const Problem problem(7, 5, 300, 70, 0.8, 11);
  const FusedRun<double> run(problem);
  const Unfused reference(problem);
  EXPECT_LT(relative_error(run.out, reference.out), 1e-13);
  EXPECT_LT(relative_error(run.log_normaliser, reference.log_normaliser), 1e-13);
}

TEST(AttentionGradients, DoubleBackwardMatchesTheUnfusedChainRule) {
  const Problem problem(7, 5, 300, 70, 0.8, 12);
  const FusedRun<double> run(problem);
  const Unfused reference(problem);
  EXPECT_LT(relative_error(run.query_grad, reference.query_grad), 1e-12);
  EXPECT_LT(relative_error(run.key_grad, reference.key_grad), 1e-12);
  EXPECT_LT(relative_error(run.value_grad, reference.value_grad), 1e-12);
  EXPECT_NEAR(run.beta_grad, reference.beta_grad, 1e-12 * std::abs(reference.beta_grad));
}

// L(β) = Σ W ⊙ O: central differences in each input against the fused backward.
TEST(AttentionGradients, DoubleBackwardMatchesFiniteDifferences) {
  const Problem problem(4, 3, 130, 9, 1.3, 13);
  const FusedRun<double> run(problem);
  const double step = 1e-6;
  auto loss = [](const Problem& pr) { return (Unfused(pr).out.array() * pr.out_weights.array()).sum(); };
  auto difference = [&](auto perturb) {
    Problem up = problem, down = problem;
    perturb(up, step);
    perturb(down, -step);
    return (loss(up) - loss(down)) / (2 * step);
  };
  for (const auto& [r, c] : std::vector<std::pair<Index, Index>>{{0, 0}, {3, 8}, {2, 5}}) {
    EXPECT_NEAR(run.query_grad(r, c), difference([&](Problem& p, double h) { p.queries(r, c) += h; }), 1e-7);
  }
  for (const auto& [r, c] : std::vector<std::pair<Index, Index>>{{0, 0}, {1, 64}, {3, 129}}) {
    EXPECT_NEAR(run.key_grad(r, c), difference([&](Problem& p, double h) { p.keys(r, c) += h; }), 1e-7);
  }
  for (const auto& [r, c] : std::vector<std::pair<Index, Index>>{{0, 0}, {2, 127}}) {
    EXPECT_NEAR(run.value_grad(r, c), difference([&](Problem& p, double h) { p.values(r, c) += h; }), 1e-7);
  }
  EXPECT_NEAR(run.beta_grad, difference([](Problem& p, double h) { p.beta += h; }), 1e-7);
}

// The single-precision kernels on every path this CPU can execute, against the double computation.
TEST(AttentionGradients, FloatForwardAndBackwardMatchDoubleOnEveryKernelPath) {
  const Problem problem(16, 12, 1000, 70, 0.25, 14);
  const Unfused reference(problem);
  const KernelPath previous = active_kernel_path();
  for (const KernelPath path : supported_kernel_paths()) {
    use_kernel_path(path);
    const FusedRun<float> run(problem);
    SCOPED_TRACE(std::string(kernel_path_name(path)));
    EXPECT_LT(relative_error(run.out.cast<double>(), reference.out), 1e-5);
    EXPECT_LT(relative_error(run.log_normaliser.cast<double>(), reference.log_normaliser), 1e-6);
    EXPECT_LT(relative_error(run.query_grad.cast<double>(), reference.query_grad), 1e-4);
    EXPECT_LT(relative_error(run.key_grad.cast<double>(), reference.key_grad), 1e-4);
    EXPECT_LT(relative_error(run.value_grad.cast<double>(), reference.value_grad), 1e-5);
    EXPECT_NEAR(run.beta_grad, reference.beta_grad, 1e-4 * std::abs(reference.beta_grad));
  }
  use_kernel_path(previous);
}

TEST(AttentionGradients, SameBitsForAnyThreadCount) {
  const Problem problem(8, 8, 2000, 130, 0.5, 15);
  const FusedRun<float> one(problem, 1), two(problem, 2), three(problem, 3);
  for (const FusedRun<float>* other : {&two, &three}) {
    EXPECT_EQ(one.out, other->out);
    EXPECT_EQ(one.query_grad, other->query_grad);
    EXPECT_EQ(one.key_grad, other->key_grad);
    EXPECT_EQ(one.value_grad, other->value_grad);
    EXPECT_EQ(one.beta_grad, other->beta_grad);
  }
}

// β = 10⁴ makes every softmax one-hot: the max shift must keep everything finite.
TEST(AttentionGradients, LargeBetaStaysFinite) {
  const Problem problem(6, 4, 200, 20, 1e4, 16);
  const FusedRun<float> run(problem);
  EXPECT_TRUE(run.out.allFinite());
  EXPECT_TRUE(run.query_grad.allFinite());
  EXPECT_TRUE(run.key_grad.allFinite());
  EXPECT_TRUE(std::isfinite(run.beta_grad));
}

TEST(AttentionGradients, BadInputIsAnError) {
  Matrix queries = Matrix::Ones(3, 2), keys = Matrix::Ones(3, 4), values = Matrix::Ones(2, 4);
  Matrix out(2, 2), wrong_keys = Matrix::Ones(4, 4), no_keys(3, 0), no_values(2, 0);
  RowVectorOf<double> lse(2);
  auto forward = [&](const Matrix& k, const Matrix& v, double beta) {
    const RetrievalInputs<double> in{ConstMatrixMap<double>(queries.data(), 3, 2),
                                     ConstMatrixMap<double>(k.data(), k.rows(), k.cols()),
                                     ConstMatrixMap<double>(v.data(), v.rows(), v.cols()), beta};
    retrieve_with_log_normaliser(in, MatrixMap<double>(out.data(), 2, 2), RowMap<double>(lse.data(), 2));
  };
  EXPECT_NO_THROW(forward(keys, values, 1.0));
  EXPECT_THROW(forward(wrong_keys, values, 1.0), Error);
  EXPECT_THROW(forward(no_keys, no_values, 1.0), Error);
  EXPECT_THROW(forward(keys, Matrix::Ones(2, 3), 1.0), Error);
  EXPECT_THROW(forward(keys, values, std::nan("")), Error);
  keys(0, 0) = std::numeric_limits<double>::infinity();
  EXPECT_THROW(forward(keys, values, 1.0), Error);
}

}  // namespace
}  // namespace hopfield
