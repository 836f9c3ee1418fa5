// The dense linear algebra of the models (src/kernels/eigen_kernels.inl) for x86-64 with AVX2 and FMA
// (x86-64-v3). Compiled with those flags and -ffp-contract=fast (CMakeLists.txt), as Eigen compiled for such
// a machine is, and chosen at run time only on a CPU that has them (src/kernels.cpp).

// Eigen under a name of its own in this unit (see kernels_avx2.cpp): its instantiations here are compiled
// with other flags than those of kernels_avx2.cpp and of the rest of the library.
#define Eigen HopfieldEigenDenseAvx2
#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <Eigen/Eigenvalues>
#undef Eigen

#include "kernel_table.hpp"

namespace hopfield::kernels::avx2_dense {

namespace IsaEigen = ::HopfieldEigenDenseAvx2;

#include "eigen_kernels.inl"  // NOLINT(bugprone-suspicious-include)

}  // namespace hopfield::kernels::avx2_dense

namespace hopfield::kernels {

const DenseTable avx2_dense_table = {
    "avx2",
    avx2_dense::product_f64,
    avx2_dense::product_f32,
    avx2_dense::rank_update_f64,
    avx2_dense::rank_update_f32,
    avx2_dense::exp_shifted_f64,
    avx2_dense::exp_shifted_f32,
    avx2_dense::expm1_shifted_sum_f64,
    avx2_dense::expm1_shifted_sum_f32,
    avx2_dense::cholesky_solve_f64,
    avx2_dense::symmetric_eigen_f64,
    avx2_dense::transposed_lower_solve_f64,
};

}  // namespace hopfield::kernels
