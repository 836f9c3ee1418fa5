// The dense linear algebra of the models (src/kernels/eigen_kernels.inl) for any target: the library's own
// flags. Eigen here is the library's own, compiled with the library's flags: on this path a product gives the
// bits the same Eigen expression gives anywhere else in the library.
#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <Eigen/Eigenvalues>

#include "kernel_table.hpp"

namespace hopfield::kernels::portable_dense {

namespace IsaEigen = ::Eigen;

#include "eigen_kernels.inl"  // NOLINT(bugprone-suspicious-include)

}  // namespace hopfield::kernels::portable_dense

namespace hopfield::kernels {

const DenseTable portable_dense_table = {
    "portable",
    portable_dense::product_f64,
    portable_dense::product_f32,
    portable_dense::rank_update_f64,
    portable_dense::rank_update_f32,
    portable_dense::exp_shifted_f64,
    portable_dense::exp_shifted_f32,
    portable_dense::expm1_shifted_sum_f64,
    portable_dense::expm1_shifted_sum_f32,
    portable_dense::cholesky_solve_f64,
    portable_dense::symmetric_eigen_f64,
    portable_dense::transposed_lower_solve_f64,
};

}  // namespace hopfield::kernels
