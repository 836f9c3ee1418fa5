// The learning rules of the classical network: Hebb, Storkey, pseudoinverse.
#include "classical_rules.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "hopfield/classical.hpp"
#include "hopfield/error.hpp"
#include "hopfield/patterns.hpp"
#include "kernels/dense_product.hpp"

namespace hopfield {
namespace detail {

void require_patterns(const MatrixView& patterns, const char* rule) {
  require(patterns.rows() > 0, rule, ": patterns have dimension 0");
  require(patterns.cols() > 0, rule, ": no patterns to store (0 columns)");
  require_finite(patterns, std::string(rule) + ": patterns");
}

// Σ ξ ξᵀ with zero diagonal: integers for ±1 patterns (exact in double).
Matrix outer_product_sum(const MatrixView& patterns) {
  const Index n = patterns.rows();
  // The rank updates read whole contiguous columns.
  if (patterns.outerStride() != n) return outer_product_sum(Matrix(patterns));
  // For ±1 patterns every partial sum is an integer of magnitude ≤ p: exact in single precision while
  // p < 2^24, whatever the summation order. The float product is then the same bits, twice as fast.
  const bool exact_in_float = patterns.cols() < (Index{1} << 24) && (patterns.array().abs() == 1.0).all();
  Matrix sum;
  if (exact_in_float) {
    Eigen::MatrixXf sum_float = Eigen::MatrixXf::Zero(n, n);
    const Eigen::MatrixXf patterns_float = patterns.cast<float>();
    kernels::dense_table().rank_update_f32(patterns_float.data(), n, patterns.cols(), sum_float.data());
    sum = sum_float.cast<double>();
  } else {
    sum = Matrix::Zero(n, n);
    kernels::dense_table().rank_update_f64(patterns.data(), n, patterns.cols(), sum.data());
  }
  sum.triangularView<Eigen::StrictlyUpper>() = sum.transpose();
  sum.diagonal().setZero();
  return sum;
}

}  // namespace detail

using detail::outer_product_sum;
using detail::require_patterns;

Matrix hebb_weights(const MatrixView& patterns) {
  require_patterns(patterns, "hebb_weights");
  return outer_product_sum(patterns) / static_cast<double>(patterns.rows());
}

Matrix storkey_weights(const MatrixView& patterns) {
  require_patterns(patterns, "storkey_weights");
  const Index n = patterns.rows();
  const double inv_n = 1.0 / static_cast<double>(n);
  Matrix w = Matrix::Zero(n, n);
  for (Index mu = 0; mu < patterns.cols(); ++mu) {
    const Vector xi = patterns.col(mu);
    // With w_ii = 0: h_ij = f_i − w_ij ξ_j where f = W ξ, so
    // Δw_ij = (ξ_i ξ_j − ξ_i f_j − f_i ξ_j + w_ij (ξ_i² + ξ_j²)) / N.
    const Vector f = w * xi;
    const Vector xi_squared = xi.array().square();
    Matrix delta = xi * xi.transpose() - xi * f.transpose() - f * xi.transpose();
    delta.array() +=
        w.array() * (xi_squared.replicate(1, n) + xi_squared.transpose().replicate(n, 1)).array();
    w += inv_n * delta;
    w.diagonal().setZero();
  }
  return w;
}

Matrix pseudoinverse_weights(const MatrixView& patterns, const PseudoinverseOptions& options) {
  require_patterns(patterns, "pseudoinverse_weights");
  require(std::isfinite(options.ridge) && options.ridge >= 0.0,
          "pseudoinverse_weights: ridge must be finite and >= 0, got ", options.ridge);
  const Index n = patterns.rows();
  const Index p = patterns.cols();
  require(options.ridge > 0.0 || p <= n, "pseudoinverse_weights: ", p, " patterns of dimension ", n,
          " are linearly dependent (p > N), so the Gram matrix XᵀX is singular; use ridge > 0");
  using kernels::Operation;
  Matrix gram = kernels::product<double>(patterns, Operation::Transposed, patterns);
  gram.diagonal().array() += options.ridge;
  // G⁻¹ Xᵀ through the Cholesky factors of G, by the run-time kernel.
  Matrix solved = patterns.transpose();
  const double reciprocal_condition =
      kernels::dense_table().cholesky_solve_f64(gram.data(), p, solved.data(), n, nullptr);
  require(reciprocal_condition > 1e3 * std::numeric_limits<double>::epsilon(),
          "pseudoinverse_weights: the Gram matrix XᵀX of the ", p,
          " patterns is singular or nearly so (reciprocal condition ", reciprocal_condition,
          "): the patterns are linearly dependent; remove duplicates or use ridge > 0");
  Matrix w = kernels::product<double>(patterns, Operation::AsStored, solved);
  w = (0.5 * (w + w.transpose()))
          .eval();  // exactly symmetric (eval: no aliasing), so the energy argument holds to the last bit
  if (options.zero_diagonal) w.diagonal().setZero();
  return w;
}

}  // namespace hopfield
