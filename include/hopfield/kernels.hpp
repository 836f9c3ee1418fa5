// Which implementation of the hot loops runs: chosen at run time from the CPU, or forced.
//
// The library is built for any x86-64. Its hot loops — the packed-bit and byte-coupling kernels of the large
// classical networks, the fused single-precision softmax retrieval of the modern network and attention, and
// the models' dense linear algebra (Eigen's products, exponentials, Cholesky solve and eigensolver) — are
// compiled three times, each with its own instruction-set flags, and the fastest the CPU can execute is
// used: AVX-512 (F, BW, DQ, VL, VPOPCNTDQ, VNNI), else AVX2 with FMA (x86-64-v3), else the portable baseline.
//
// A path can be forced, for tests and comparisons, by use_kernel_path() or, before the first kernel call, by
// the environment variable HOPFIELD_KERNELS (portable, avx2, avx512 or automatic). A forced path the CPU
// cannot execute is an error. The classical networks' numbers are exact integers and identical on every
// path; the fused retrieval's rounding differs between paths (portable: separate multiply and add, libm's
// exp; AVX2/AVX-512: fused multiply-add and a polynomial exp) by a few units in the last place, and so does
// the dense linear algebra's (vector width, fused multiply-add). On one path, results do not depend on the
// number of threads.
#pragma once

#include <string_view>
#include <vector>

namespace hopfield {

enum class KernelPath {
  Automatic,  ///< the fastest path the CPU supports
  Portable,   ///< any x86-64
  Avx2,       ///< AVX2 + FMA + BMI + POPCNT (x86-64-v3)
  Avx512,     ///< AVX-512 F, BW, CD, DQ, VL, VPOPCNTDQ and VNNI
};

/// "automatic", "portable", "avx2" or "avx512".
std::string_view kernel_path_name(KernelPath path);
/// The path of a name above; throws hopfield::Error for any other.
KernelPath kernel_path_from_name(std::string_view name);

/// The paths this CPU can execute, portable first.
std::vector<KernelPath> supported_kernel_paths();
/// Whether this CPU can execute `path` (Automatic: always).
bool kernel_path_supported(KernelPath path);

/// The path in use (never Automatic). The first call reads HOPFIELD_KERNELS, and throws hopfield::Error if
/// it names an unknown path or one this CPU cannot execute.
KernelPath active_kernel_path();
/// Uses `path` from now on (Automatic: the fastest supported). Throws hopfield::Error if the CPU cannot
/// execute it. Not to be called while another thread runs a kernel.
void use_kernel_path(KernelPath path);

}  // namespace hopfield
