// Eigen-side entry points of the dense kernels (library-internal): the products, exponentials and
// factorisations that decide the models' speed run through the kernels chosen at run time
// (src/kernels/dense_kernels.inl for the classical recall, src/kernels/eigen_kernels.inl for the rest).
#pragma once

#include <type_traits>

#include "hopfield/softmax_retrieval.hpp"
#include "hopfield/types.hpp"
#include "kernel_table.hpp"

namespace hopfield::kernels {

/// a b, by the run-time kernel (a column-major Matrix, b any column-major block of whole columns).
inline Matrix multiply(const Matrix& a, const Eigen::Ref<const Matrix>& b) {
  Matrix product(a.rows(), b.cols());
  if (b.cols() > 1 && b.outerStride() != b.rows()) return multiply(a, Matrix(b));
  kernel_table().multiply_f64(a.data(), a.rows(), a.cols(), b.data(), b.cols(), product.data());
  return product;
}

/// y += s x (x and y of the same length; contiguous), one multiply and one add per entry on every path.
inline void add_scaled(Vector& y, const double* x, double s) {
  kernel_table().add_scaled_f64(y.data(), x, s, y.size());
}

/// xᵀy of two contiguous vectors of length n, summed in the same order on every path.
inline double dot(const double* x, const double* y, Index n) {
  return kernel_table().dot_f64(x, y, n);
}

/// A column-major matrix or block of whole columns (inner stride 1), read or written in place.
template <typename Scalar>
using ConstBlockRef = Eigen::Ref<const MatrixOf<Scalar>, 0, Eigen::OuterStride<>>;
template <typename Scalar>
using BlockRef = Eigen::Ref<MatrixOf<Scalar>, 0, Eigen::OuterStride<>>;

/// out (= or +=) op(left) op(right) by the run-time dense kernel; out already has the product's shape.
template <typename Scalar>
void product_into(const ConstBlockRef<Scalar>& left, Operation left_operation,
                  const ConstBlockRef<Scalar>& right, Operation right_operation, BlockRef<Scalar> out,
                  Update update = Update::Assign) {
  const DenseProduct<Scalar> product{
      {left.data(), left.rows(), left.cols(), left.outerStride(), left_operation},
      {right.data(), right.rows(), right.cols(), right.outerStride(), right_operation},
      out.data(),
      out.outerStride(),
      update};
  if constexpr (std::is_same_v<Scalar, float>) {
    dense_table().product_f32(product);
  } else {
    dense_table().product_f64(product);
  }
}

/// op(left) op(right) as a new matrix, by the run-time dense kernel.
template <typename Scalar>
MatrixOf<Scalar> product(const ConstBlockRef<Scalar>& left, Operation left_operation,
                         const ConstBlockRef<Scalar>& right,
                         Operation right_operation = Operation::AsStored) {
  const Index rows = left_operation == Operation::Transposed ? left.cols() : left.rows();
  const Index columns = right_operation == Operation::Transposed ? right.rows() : right.cols();
  MatrixOf<Scalar> out(rows, columns);
  product_into<Scalar>(left, left_operation, right, right_operation, out);
  return out;
}

/// Column ← exp(column − shift) of a contiguous column of n entries; returns its new sum.
template <typename Scalar>
Scalar exp_shifted(Scalar* column, Index n, Scalar shift) {
  if constexpr (std::is_same_v<Scalar, float>) {
    return dense_table().exp_shifted_f32(column, n, shift);
  } else {
    return dense_table().exp_shifted_f64(column, n, shift);
  }
}

/// Σ expm1(x − shift) over a contiguous column of n entries.
template <typename Scalar>
Scalar expm1_shifted_sum(const Scalar* column, Index n, Scalar shift) {
  if constexpr (std::is_same_v<Scalar, float>) {
    return dense_table().expm1_shifted_sum_f32(column, n, shift);
  } else {
    return dense_table().expm1_shifted_sum_f64(column, n, shift);
  }
}

}  // namespace hopfield::kernels
