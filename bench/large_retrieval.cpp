// Exact modern retrieval over very many stored patterns with memory bounded by the stream block:
// BM_LargeRetrieval/p:10000000 stores p Gaussian patterns (d = 64, float: the patterns themselves take
// 4·d·p bytes) and runs one step of the fused kernel for B = 64 probes (one panel, one thread). Beyond the
// patterns the kernel holds the packed probes (d x 64), the accumulator (d x 64) and one 96 x 64 score
// block: 56 KB, independent of p; measure the peak with
//   /usr/bin/time -v build-bench/bench/hopfield_bench --benchmark_filter=BM_LargeRetrieval
#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include "hopfield/patterns.hpp"
#include "hopfield/softmax_retrieval.hpp"

namespace {

void BM_LargeRetrieval(benchmark::State& state) {
  const hopfield::Index d = 64, p = state.range(0), batch = 64;
  // Filled in float directly (a double copy would double the footprint): uniform in [−1, 1].
  const Eigen::MatrixXf stored = Eigen::MatrixXf::Random(d, p);
  const Eigen::MatrixXf probes = stored.leftCols(batch) + 0.1f * Eigen::MatrixXf::Random(d, batch);
  Eigen::MatrixXf out;
  for (auto _ : state) {
    hopfield::kernels::retrieve_fused(stored, stored, probes, 1.0f, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["GFLOP/s"] = benchmark::Counter(4.0 * d * static_cast<double>(p) * batch / 1e9,
                                                 benchmark::Counter::kIsIterationInvariantRate);
  state.counters["pattern_bytes"] = static_cast<double>(stored.size()) * sizeof(float);
}
BENCHMARK(BM_LargeRetrieval)
    ->ArgNames({"p"})
    ->Arg(10'000'000)
    ->Unit(benchmark::kSecond)
    ->UseRealTime()
    ->Iterations(1);

}  // namespace
