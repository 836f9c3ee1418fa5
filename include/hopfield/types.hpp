// Matrix conventions shared by every model.
//
// Patterns are stored one per column: an N x p matrix holds p patterns of dimension N (Eigen's default
// column-major layout keeps each pattern contiguous). Probes come the same way, N x B.
// Double precision is the default (weights, spectra, Gram inverses: conditioning matters); the modern
// network's retrieval kernels use single precision (MatrixF) for speed and say so.
#pragma once

#include <Eigen/Core>

namespace hopfield {

using Index = Eigen::Index;
using Matrix = Eigen::MatrixXd;
using Vector = Eigen::VectorXd;
using MatrixF = Eigen::MatrixXf;
using VectorF = Eigen::VectorXf;

/// A read-only view of a column-major matrix of Scalar: functions that only read an input (probes, states,
/// queries, patterns a model does not keep) take one, so a Matrix, a block of whole columns or an
/// Eigen::Map of memory the caller owns (a numpy array in the Python module) reaches them without a copy.
/// Passing a Matrix works as before.
template <typename Scalar>
using MatrixViewOf = Eigen::Ref<const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>>;
using MatrixView = MatrixViewOf<double>;
using MatrixFView = MatrixViewOf<float>;

}  // namespace hopfield
