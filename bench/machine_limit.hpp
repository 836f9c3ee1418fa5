// The machine's limit, measured in the same run as every benchmark, so each figure can be printed as a
// fraction of it: the single-precision FMA peak (a register-bound kernel) and a large square SGEMM through
// the same GEMM path the library uses (Eigen).
#pragma once

namespace hopfield::bench {

/// GFLOP/s of independent 8-wide single-precision FMA chains on `threads` threads (2 flops per lane).
double fma_peak_gflops(int threads);

/// GFLOP/s of an n x n x n single-precision matrix product through Eigen on `threads` threads.
double sgemm_gflops(int n, int threads);

/// The all-thread FMA peak measured at start-up (0 when skipped), for benchmarks' fraction-of-peak counters.
inline double& measured_fma_peak_gflops() {
  static double peak = 0.0;
  return peak;
}

}  // namespace hopfield::bench
