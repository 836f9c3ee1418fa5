// hopfield_bench: Google Benchmark programs with the machine's limit measured first, in the same run, and
// printed as "# key = value" header lines (and as benchmark context in JSON output).
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <omp.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "machine_limit.hpp"

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  const int cores = omp_get_max_threads();
  // HOPFIELD_BENCH_LIMITS=0 skips the limit measurement (the comparison scripts measure it once per run).
  const char* limits = std::getenv("HOPFIELD_BENCH_LIMITS");
  const bool measure = limits == nullptr || std::string(limits) != "0";
  const double peak_1 = measure ? hopfield::bench::fma_peak_gflops(1) : 0.0;
  const double peak_all = measure ? hopfield::bench::fma_peak_gflops(cores) : 0.0;
  const double sgemm_all = measure ? hopfield::bench::sgemm_gflops(2048, cores) : 0.0;
  hopfield::bench::measured_fma_peak_gflops() = peak_all;
  std::printf(
      "# threads = %d\n# fma_peak_gflops_1_thread = %.1f\n# fma_peak_gflops_all_threads = %.1f\n"
      "# sgemm_2048_gflops_all_threads = %.1f\n",
      cores, peak_1, peak_all, sgemm_all);
  std::fflush(stdout);
  benchmark::AddCustomContext("threads", std::to_string(cores));
  benchmark::AddCustomContext("fma_peak_gflops_1_thread", fmt::format("{:.1f}", peak_1));
  benchmark::AddCustomContext("fma_peak_gflops_all_threads", fmt::format("{:.1f}", peak_all));
  benchmark::AddCustomContext("sgemm_2048_gflops_all_threads", fmt::format("{:.1f}", sgemm_all));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
