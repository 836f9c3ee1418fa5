// The kernels for x86-64 with AVX-512 F, BW, CD, DQ, VL (x86-64-v4) plus VPOPCNTDQ and VNNI, compiled with
// those flags (CMakeLists.txt) and chosen at run time only on a CPU that has them (src/kernels.cpp).
#include <immintrin.h>

#include <cstring>

// Eigen under a name of its own in this unit: its instantiations, compiled with this unit's flags, must not
// share a symbol with the portable library's (the check in tests/check_kernel_symbols.sh).
#define Eigen HopfieldEigenAvx512
#include <Eigen/Core>
#undef Eigen

#include "kernel_table.hpp"

namespace hopfield::kernels::avx512 {

namespace IsaEigen = ::HopfieldEigenAvx512;

#include "bifurcation_kernels.inl"  // NOLINT(bugprone-suspicious-include)
#include "coupling_kernels.inl"     // NOLINT(bugprone-suspicious-include)
#include "dense_kernels.inl"        // NOLINT(bugprone-suspicious-include)
#include "gradient_kernels.inl"     // NOLINT(bugprone-suspicious-include)
#include "packed_kernels.inl"       // NOLINT(bugprone-suspicious-include)
#include "thermal_kernels.inl"      // NOLINT(bugprone-suspicious-include)
// The fused retrieval: the AVX2 kernel, compiled for this instruction set (no 512-bit variant yet).
#include "fused_avx2.inl"  // NOLINT(bugprone-suspicious-include)

}  // namespace hopfield::kernels::avx512

namespace hopfield::kernels {

const KernelTable avx512_table = {
    "avx512",
    avx512::sum_where_set,
    avx512::sum_where_set_8,
    avx512::add_signed,
    avx512::overlap,
    avx512::row_coupling,
    avx512::hamming_4x4,
    avx512::store_block,
    {avx512::add_byte_rows<1>, avx512::add_byte_rows<2>, avx512::add_byte_rows<3>, avx512::add_byte_rows<4>},
    avx512::retrieve_panel,
    avx512::multiply_f64,
    avx512::add_scaled_f64,
    avx512::dot_f64,
    avx512::retrieval_gradient_block<float>,
    avx512::retrieval_gradient_block<double>,
    avx512::bifurcation_step,
    avx512::thermal_sweep,
};

}  // namespace hopfield::kernels
