// Eigen-side entry points of the dense double-precision kernels (library-internal): the products that decide
// the classical recall's speed run through the kernel chosen at run time (src/kernels/dense_kernels.inl).
#pragma once

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

}  // namespace hopfield::kernels
