// The dense linear algebra of the models (src/kernels/eigen_kernels.inl) for x86-64 with AVX-512 (x86-64-v4).
// Compiled with those flags and -ffp-contract=fast (CMakeLists.txt), as Eigen compiled for such a machine is,
// and chosen at run time only on a CPU that has them (src/kernels.cpp).

// Eigen under a name of its own in this unit (see kernels_avx512.cpp): its instantiations here are compiled
// with other flags than those of kernels_avx512.cpp and of the rest of the library.
#define Eigen HopfieldEigenDenseAvx512
#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <Eigen/Eigenvalues>
#undef Eigen

#include "kernel_table.hpp"

namespace hopfield::kernels::avx512_dense {

namespace IsaEigen = ::HopfieldEigenDenseAvx512;

#include "eigen_kernels.inl"  // NOLINT(bugprone-suspicious-include)

}  // namespace hopfield::kernels::avx512_dense

namespace hopfield::kernels {

const DenseTable avx512_dense_table = {
    "avx512",
    avx512_dense::product_f64,
    avx512_dense::product_f32,
    avx512_dense::rank_update_f64,
    avx512_dense::rank_update_f32,
    avx512_dense::exp_shifted_f64,
    avx512_dense::exp_shifted_f32,
    avx512_dense::expm1_shifted_sum_f64,
    avx512_dense::expm1_shifted_sum_f32,
    avx512_dense::cholesky_solve_f64,
    avx512_dense::symmetric_eigen_f64,
    avx512_dense::transposed_lower_solve_f64,
};

}  // namespace hopfield::kernels
