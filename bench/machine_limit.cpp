#include "machine_limit.hpp"

#include <benchmark/benchmark.h>
#include <immintrin.h>
#include <omp.h>
#include <Eigen/Core>

#include <algorithm>
#include <chrono>

namespace hopfield::bench {
namespace {

// 12 independent accumulators hide the FMA latency (4 cycles x 2 ports = 8 in flight, with room to spare).
// Compiled for AVX + FMA whatever the build's flags, and called only on a CPU that has them.
__attribute__((target("avx,fma"))) double fma_chain_seconds(long iterations) {
  __m256 acc[12];
  for (int k = 0; k < 12; ++k) acc[k] = _mm256_set1_ps(0.001f * static_cast<float>(k));
  const __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
  const auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < iterations; ++i) {
    for (int k = 0; k < 12; ++k) acc[k] = _mm256_fmadd_ps(acc[k], a, b);
  }
  const auto stop = std::chrono::steady_clock::now();
  __m256 sum = acc[0];
  for (int k = 1; k < 12; ++k) sum = _mm256_add_ps(sum, acc[k]);
  benchmark::DoNotOptimize(sum);
  return std::chrono::duration<double>(stop - start).count();
}

}  // namespace

double fma_peak_gflops(int threads) {
  if (!__builtin_cpu_supports("avx") || !__builtin_cpu_supports("fma")) return 0.0;
  const long iterations = 50'000'000;
  const double flops_per_thread = static_cast<double>(iterations) * 12 * 8 * 2;
  double best = 0.0;
  for (int repeat = 0; repeat < 3; ++repeat) {
    double slowest = 0.0;
#pragma omp parallel num_threads(threads) reduction(max : slowest)
    slowest = std::max(slowest, fma_chain_seconds(iterations));
    if (slowest > 0.0) best = std::max(best, threads * flops_per_thread / slowest / 1e9);
  }
  return best;
}

double sgemm_gflops(int n, int threads) {
  Eigen::setNbThreads(threads);
  const Eigen::MatrixXf a = Eigen::MatrixXf::Random(n, n), b = Eigen::MatrixXf::Random(n, n);
  Eigen::MatrixXf c(n, n);
  double best = 0.0;
  for (int repeat = 0; repeat < 3; ++repeat) {
    const auto start = std::chrono::steady_clock::now();
    c.noalias() = a * b;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    benchmark::DoNotOptimize(c.data());
    best = std::max(best, 2.0 * n * n * static_cast<double>(n) / seconds / 1e9);
  }
  Eigen::setNbThreads(1);
  return best;
}

}  // namespace hopfield::bench
