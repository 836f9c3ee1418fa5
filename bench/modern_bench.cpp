// Modern Hopfield one-step retrieval ξ ← X softmax(β Xᵀξ) (streaming and dense paths), to convergence,
// attention / multi-head attention and the dense associative memory.
//
// Counters: GFLOP/s counts the two products, 4·d·p·B flops per step (the exponentials are not counted);
// "of_peak" is that figure over the FMA peak measured at start-up on all threads (absent when
// HOPFIELD_BENCH_LIMITS=0).
#include <benchmark/benchmark.h>

#include <cmath>

#include "hopfield/attention.hpp"
#include "hopfield/corruption.hpp"
#include "hopfield/dense_memory.hpp"
#include "hopfield/modern.hpp"
#include "hopfield/patterns.hpp"
#include "machine_limit.hpp"

namespace {

using namespace hopfield;

void flop_counters(benchmark::State& state, double flops_per_iteration) {
  state.counters["GFLOP/s"] =
      benchmark::Counter(flops_per_iteration / 1e9, benchmark::Counter::kIsIterationInvariantRate);
  const double peak = bench::measured_fma_peak_gflops();
  if (peak > 0.0)
    state.counters["of_peak"] =
        benchmark::Counter(flops_per_iteration / 1e9 / peak, benchmark::Counter::kIsIterationInvariantRate);
}

// Args: d, p, B. Gaussian patterns, β = 1/√d, probes = stored patterns with 30 % noise.
void modern_step(benchmark::State& state, RetrievalPath path, int max_steps,
                 Precision precision = Precision::Single) {
  const Index d = state.range(0), p = state.range(1), batch = state.range(2);
  const ModernHopfield memory(gaussian_patterns(d, p, 1), 1.0 / std::sqrt(static_cast<double>(d)));
  Matrix sources(d, batch);
  for (Index k = 0; k < batch; ++k) sources.col(k) = memory.patterns().col(k % p);
  const Matrix probes = add_gaussian_noise(sources, 0.3, 2);
  const ModernRecallOptions options{
      .max_sweeps = max_steps, .path = path, .precision = precision, .final_energy = false};
  double steps = 0;
  for (auto _ : state) {
    const RecallResult result = memory.recall(probes, options);
    for (const int s : result.sweeps) steps += s;
    benchmark::DoNotOptimize(result.states.data());
  }
  const double flops = 4.0 * static_cast<double>(d) * static_cast<double>(p);
  state.counters["GFLOP/s"] = benchmark::Counter(flops * steps / 1e9, benchmark::Counter::kIsRate);
  const double peak = bench::measured_fma_peak_gflops();
  if (peak > 0.0)
    state.counters["of_peak"] = benchmark::Counter(flops * steps / 1e9 / peak, benchmark::Counter::kIsRate);
  state.counters["patterns*dims*queries/s"] = benchmark::Counter(
      static_cast<double>(d) * static_cast<double>(p) * steps, benchmark::Counter::kIsRate);
}

void BM_ModernStep(benchmark::State& state) {
  modern_step(state, RetrievalPath::Streaming, 1);
}
void BM_ModernStepDense(benchmark::State& state) {
  modern_step(state, RetrievalPath::Dense, 1);
}
void BM_ModernStepFused(benchmark::State& state) {
  modern_step(state, RetrievalPath::Fused, 1);
}
void BM_ModernConverge(benchmark::State& state) {
  modern_step(state, RetrievalPath::Automatic, 20);
}
// Double precision (references, attention equivalence): Eigen's products and exponentials, chosen at run
// time with the kernels (hopfield/kernels.hpp).
void BM_ModernStepDoubleDense(benchmark::State& state) {
  modern_step(state, RetrievalPath::Dense, 1, Precision::Double);
}
void BM_ModernStepDoubleStreaming(benchmark::State& state) {
  modern_step(state, RetrievalPath::Streaming, 1, Precision::Double);
}

void step_sizes(benchmark::internal::Benchmark* b, bool with_million) {
  b->ArgNames({"d", "p", "B"});
  for (const Index d : {64, 784})
    for (const Index p : {1'000, 10'000, 100'000, 1'000'000})
      for (const Index batch : {1, 64, 1024})
        if (p < 1'000'000 || (with_million && batch <= 64)) b->Args({d, p, batch});
  b->Unit(benchmark::kMillisecond)->UseRealTime();
}

BENCHMARK(BM_ModernStep)->Apply([](auto* b) { step_sizes(b, true); });
BENCHMARK(BM_ModernStepDense)->Apply([](auto* b) { step_sizes(b, false); });
BENCHMARK(BM_ModernStepFused)->Apply([](auto* b) { step_sizes(b, true); });
BENCHMARK(BM_ModernStepDoubleDense)
    ->ArgNames({"d", "p", "B"})
    ->Args({64, 10'000, 64})
    ->Args({784, 1'000, 1'024})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_ModernStepDoubleStreaming)
    ->ArgNames({"d", "p", "B"})
    ->Args({64, 100'000, 1'024})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_ModernConverge)
    ->ArgNames({"d", "p", "B"})
    ->Args({64, 10'000, 64})
    ->Args({64, 100'000, 64})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Args: d_k (= d_v), keys p, queries B.
void BM_Attention(benchmark::State& state) {
  const Index d = state.range(0), p = state.range(1), batch = state.range(2);
  const Eigen::MatrixXf keys = gaussian_patterns(d, p, 1).cast<float>();
  const Eigen::MatrixXf values = gaussian_patterns(d, p, 2).cast<float>();
  const Eigen::MatrixXf queries = gaussian_patterns(d, batch, 3).cast<float>();
  for (auto _ : state)
    benchmark::DoNotOptimize(scaled_dot_product_attention<float>(queries, keys, values).data());
  flop_counters(state, 4.0 * static_cast<double>(d) * static_cast<double>(p) * static_cast<double>(batch));
}
BENCHMARK(BM_Attention)
    ->ArgNames({"d", "p", "B"})
    ->Args({64, 1'000, 1'000})
    ->Args({64, 10'000, 1'024})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Args: heads, model width, sequence length (queries = keys = values, self-attention), d_k = d_v =
// width/heads.
void BM_MultiHeadAttention(benchmark::State& state) {
  const Index heads = state.range(0), width = state.range(1), length = state.range(2);
  const auto attention = MultiHeadAttention::random(heads, width, width / heads, width / heads, 1);
  const Matrix inputs = gaussian_patterns(width, length, 2);
  for (auto _ : state) benchmark::DoNotOptimize(attention.forward(inputs, inputs, inputs).data());
  const double n = static_cast<double>(length), m = static_cast<double>(width);
  flop_counters(state, 2.0 * 4 * m * m * n + 4.0 * m * n * n);  // four projections + the two products
}
BENCHMARK(BM_MultiHeadAttention)
    ->ArgNames({"heads", "width", "length"})
    ->Args({8, 512, 512})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Args: N, p, degree n (F(x) = xⁿ), probes: asynchronous recall of stored patterns with 10 % of bits flipped.
void BM_DenseMemory(benchmark::State& state) {
  const Index n = state.range(0), p = state.range(1), probes_count = state.range(3);
  const Matrix patterns = random_binary_patterns(n, p, 1);
  const DenseAssociativeMemory memory(patterns, InteractionFunction::Polynomial,
                                      static_cast<int>(state.range(2)));
  Matrix sources(n, probes_count);
  for (Index k = 0; k < probes_count; ++k) sources.col(k) = patterns.col(k % p);
  const Matrix probes = flip_exactly(sources, n / 10, 2);
  for (auto _ : state) benchmark::DoNotOptimize(memory.recall(probes, {.seed = 3}).states.data());
  state.counters["probes/s"] =
      benchmark::Counter(static_cast<double>(probes_count), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_DenseMemory)
    ->ArgNames({"N", "p", "n", "probes"})
    ->Args({100, 14, 2, 1000})
    ->Args({100, 100, 3, 1000})
    ->Args({100, 1000, 4, 1000})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
