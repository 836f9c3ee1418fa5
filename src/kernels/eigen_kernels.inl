// The dense linear algebra of the models through Eigen compiled for this translation unit's instruction set
// (the table's fields are described in kernel_table.hpp). The including file renames Eigen's namespace
// (#define Eigen ...) before including it and sets IsaEigen to that name, so that none of these
// instantiations shares a symbol with another unit's Eigen code. Each function is written as the expression
// the models would write with Eigen directly, so that a path gives the bits Eigen compiled for that
// instruction set gives.

template <typename Scalar>
using DenseMatrix = IsaEigen::Matrix<Scalar, IsaEigen::Dynamic, IsaEigen::Dynamic>;
template <typename Scalar>
using DenseVector = IsaEigen::Matrix<Scalar, IsaEigen::Dynamic, 1>;
template <typename Scalar>
using ConstBlock = IsaEigen::Map<const DenseMatrix<Scalar>, 0, IsaEigen::OuterStride<>>;
template <typename Scalar>
using Block = IsaEigen::Map<DenseMatrix<Scalar>, 0, IsaEigen::OuterStride<>>;

template <typename Scalar>
ConstBlock<Scalar> block_of(const DenseOperand<Scalar>& operand) {
  return ConstBlock<Scalar>(operand.data, operand.rows, operand.columns,
                            IsaEigen::OuterStride<>(operand.stride));
}

template <typename Scalar, typename Left, typename Right>
void store_product(const Left& left, const Right& right, const DenseProduct<Scalar>& product) {
  Block<Scalar> out(product.out, left.rows(), right.cols(), IsaEigen::OuterStride<>(product.out_stride));
  if (product.update == Update::Accumulate) {
    out.noalias() += left * right;
  } else {
    out.noalias() = left * right;
  }
}

template <typename Scalar>
void product(const DenseProduct<Scalar>& product) {
  const ConstBlock<Scalar> left = block_of(product.left), right = block_of(product.right);
  const bool left_transposed = product.left.operation == Operation::Transposed;
  const bool right_transposed = product.right.operation == Operation::Transposed;
  if (left_transposed && right_transposed) {
    store_product(left.transpose(), right.transpose(), product);
  } else if (left_transposed) {
    store_product(left.transpose(), right, product);
  } else if (right_transposed) {
    store_product(left, right.transpose(), product);
  } else {
    store_product(left, right, product);
  }
}

void product_f64(const DenseProduct<double>& p) {
  product(p);
}
void product_f32(const DenseProduct<float>& p) {
  product(p);
}

template <typename Scalar>
void rank_update(const Scalar* x, KernelIndex n, KernelIndex k, Scalar* lower) {
  IsaEigen::Map<DenseMatrix<Scalar>> sum(lower, n, n);
  sum.template selfadjointView<IsaEigen::Lower>().rankUpdate(
      IsaEigen::Map<const DenseMatrix<Scalar>>(x, n, k));
}

void rank_update_f64(const double* x, KernelIndex n, KernelIndex k, double* lower) {
  rank_update(x, n, k, lower);
}
void rank_update_f32(const float* x, KernelIndex n, KernelIndex k, float* lower) {
  rank_update(x, n, k, lower);
}

template <typename Scalar>
Scalar exp_shifted(Scalar* x, KernelIndex n, Scalar shift) {
  IsaEigen::Map<DenseVector<Scalar>, IsaEigen::Unaligned> column(x, n);
  column.array() = (column.array() - shift).exp();
  return column.array().sum();
}

double exp_shifted_f64(double* x, KernelIndex n, double shift) {
  return exp_shifted(x, n, shift);
}
float exp_shifted_f32(float* x, KernelIndex n, float shift) {
  return exp_shifted(x, n, shift);
}

template <typename Scalar>
Scalar expm1_shifted_sum(const Scalar* x, KernelIndex n, Scalar shift) {
  const IsaEigen::Map<const DenseVector<Scalar>, IsaEigen::Unaligned> column(x, n);
  return (column.array() - shift).expm1().sum();
}

double expm1_shifted_sum_f64(const double* x, KernelIndex n, double shift) {
  return expm1_shifted_sum(x, n, shift);
}
float expm1_shifted_sum_f32(const float* x, KernelIndex n, float shift) {
  return expm1_shifted_sum(x, n, shift);
}

double cholesky_solve_f64(const double* matrix, KernelIndex size, double* right, KernelIndex columns,
                          double* factor) {
  const IsaEigen::LLT<DenseMatrix<double>> cholesky(
      IsaEigen::Map<const DenseMatrix<double>>(matrix, size, size));
  if (cholesky.info() != IsaEigen::Success) return 0.0;
  if (columns > 0) {
    IsaEigen::Map<DenseMatrix<double>> solution(right, size, columns);
    cholesky.solveInPlace(solution);
  }
  if (factor != nullptr) IsaEigen::Map<DenseMatrix<double>>(factor, size, size) = cholesky.matrixL();
  return cholesky.rcond();
}

bool symmetric_eigen_f64(const double* matrix, KernelIndex size, double* values, double* vectors) {
  const IsaEigen::SelfAdjointEigenSolver<DenseMatrix<double>> solver(
      IsaEigen::Map<const DenseMatrix<double>>(matrix, size, size),
      vectors != nullptr ? IsaEigen::ComputeEigenvectors : IsaEigen::EigenvaluesOnly);
  if (solver.info() != IsaEigen::Success) return false;
  IsaEigen::Map<DenseVector<double>>(values, size) = solver.eigenvalues();
  if (vectors != nullptr) IsaEigen::Map<DenseMatrix<double>>(vectors, size, size) = solver.eigenvectors();
  return true;
}

void transposed_lower_solve_f64(const double* lower, KernelIndex size, double* right, KernelIndex columns) {
  const IsaEigen::Map<const DenseMatrix<double>> factor(lower, size, size);
  IsaEigen::Map<DenseMatrix<double>> solution(right, size, columns);
  factor.transpose().template triangularView<IsaEigen::Upper>().solveInPlace(solution);
}
