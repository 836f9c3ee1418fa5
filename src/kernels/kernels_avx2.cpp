// The kernels for x86-64 with AVX2, FMA, BMI and POPCNT (x86-64-v3), compiled with those flags
// (CMakeLists.txt) and chosen at run time only on a CPU that has them (src/kernels.cpp).
#include <immintrin.h>

#include <cstring>

// Eigen under a name of its own in this unit: its instantiations, compiled with this unit's flags, must not
// share a symbol with the portable library's (the check in tests/check_kernel_symbols.sh).
#define Eigen HopfieldEigenAvx2
#include <Eigen/Core>
#undef Eigen

#include "kernel_table.hpp"

namespace hopfield::kernels::avx2 {

namespace IsaEigen = ::HopfieldEigenAvx2;

#include "bifurcation_kernels.inl"  // NOLINT(bugprone-suspicious-include)
#include "coupling_kernels.inl"     // NOLINT(bugprone-suspicious-include)
#include "dense_kernels.inl"        // NOLINT(bugprone-suspicious-include)
#include "fused_avx2.inl"           // NOLINT(bugprone-suspicious-include)
#include "gradient_kernels.inl"     // NOLINT(bugprone-suspicious-include)
#include "packed_kernels.inl"       // NOLINT(bugprone-suspicious-include)
#include "thermal_kernels.inl"      // NOLINT(bugprone-suspicious-include)

}  // namespace hopfield::kernels::avx2

namespace hopfield::kernels {

const KernelTable avx2_table = {
    "avx2",
    avx2::sum_where_set,
    avx2::sum_where_set_8,
    avx2::add_signed,
    avx2::overlap,
    avx2::row_coupling,
    avx2::hamming_4x4,
    avx2::store_block,
    {avx2::add_byte_rows<1>, avx2::add_byte_rows<2>, avx2::add_byte_rows<3>, avx2::add_byte_rows<4>},
    avx2::retrieve_panel,
    avx2::multiply_f64,
    avx2::add_scaled_f64,
    avx2::dot_f64,
    avx2::retrieval_gradient_block<float>,
    avx2::retrieval_gradient_block<double>,
    avx2::bifurcation_step,
    avx2::thermal_sweep,
};

}  // namespace hopfield::kernels
