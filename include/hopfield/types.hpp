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

}  // namespace hopfield
