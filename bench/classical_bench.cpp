// Classical network: asynchronous recall to convergence (Hebb and pseudoinverse) and weight construction.
#include <benchmark/benchmark.h>

#include <numeric>

#include "../src/packed_couplings.hpp"
#include "hopfield/binary_patterns.hpp"
#include "hopfield/classical.hpp"
#include "hopfield/corruption.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"
#include "hopfield/spectrum.hpp"

namespace {

using namespace hopfield;

// Arguments: N, p, rule (0 Hebb, 1 pseudoinverse), probes. Probes are stored patterns with 20 % of bits
// flipped (cycled when there are more probes than patterns).
void BM_ClassicalRecall(benchmark::State& state) {
  const Index n = state.range(0), p = state.range(1), probes_count = state.range(3);
  const bool pseudoinverse = state.range(2) == 1;
  const Matrix patterns = random_binary_patterns(n, p, 1);
  const auto network =
      pseudoinverse ? ClassicalHopfield::pseudoinverse(patterns) : ClassicalHopfield::hebb(patterns);
  Matrix sources(n, probes_count);
  for (Index k = 0; k < probes_count; ++k) sources.col(k) = patterns.col(k % p);
  const Matrix probes = flip_exactly(sources, n / 5, 2);
  std::int64_t sweeps = 0;
  for (auto _ : state) {
    const RecallResult result = network.recall(probes, {.dynamics = Dynamics::Asynchronous, .seed = 3});
    sweeps += std::accumulate(result.sweeps.begin(), result.sweeps.end(), std::int64_t{0});
    benchmark::DoNotOptimize(result.states.data());
  }
  state.counters["probes/s"] =
      benchmark::Counter(static_cast<double>(probes_count), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["unit_updates/s"] =
      benchmark::Counter(static_cast<double>(sweeps * n), benchmark::Counter::kIsRate);
  state.SetLabel(pseudoinverse ? "pseudoinverse"
                               : (network.storage_kind() == HebbStorage::Couplings ? "hebb (couplings)"
                                                                                   : "hebb (overlaps)"));
}
BENCHMARK(BM_ClassicalRecall)
    ->ArgNames({"N", "p", "rule", "probes"})
    ->Args({100, 14, 0, 1000})
    ->Args({100, 14, 1, 1000})
    ->Args({784, 100, 0, 1000})
    ->Args({784, 100, 1, 1000})
    ->Args({10000, 1400, 0, 100})
    ->Args({10000, 1400, 1, 100})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The classical-capacity curve at N = 10 000: one trial's recall of `probes` noisy stored patterns (20 % of
// bits flipped), one thread, Hebb storage 0 PackedOverlaps (bits, 16-bit overlaps) or 1 Overlaps (doubles).
// The sweeps/probe counter shows why p ≥ 0.14 N is expensive: past capacity the dynamics wander for tens of
// sweeps before a fixed point (or the 100-sweep limit).
void BM_HebbCapacityRecall(benchmark::State& state) {
  const Index n = state.range(0), p = state.range(1), probes_count = state.range(2);
  const HebbStorage storage = state.range(3) == 0   ? HebbStorage::PackedOverlaps
                              : state.range(3) == 1 ? HebbStorage::Overlaps
                                                    : HebbStorage::PackedCouplings;
  const Matrix patterns = random_binary_patterns(n, p, 1);
  const auto network = ClassicalHopfield::hebb(patterns, {.storage = storage});
  const Matrix probes = flip_exactly(patterns.leftCols(probes_count), n / 5, 2);
  std::int64_t sweeps = 0;
  for (auto _ : state) {
    const RecallResult result = network.recall(probes, {.seed = 3, .threads = 1});
    sweeps += std::accumulate(result.sweeps.begin(), result.sweeps.end(), std::int64_t{0});
    benchmark::DoNotOptimize(result.states.data());
  }
  const double iterations = static_cast<double>(state.iterations());
  state.counters["sweeps/probe"] =
      static_cast<double>(sweeps) / (iterations * static_cast<double>(probes_count));
  state.counters["unit_checks/s"] =
      benchmark::Counter(static_cast<double>(sweeps * n), benchmark::Counter::kIsRate);
  state.SetLabel(storage == HebbStorage::PackedOverlaps ? "packed overlaps"
                 : storage == HebbStorage::Overlaps     ? "double overlaps"
                                                        : "packed couplings");
}
BENCHMARK(BM_HebbCapacityRecall)
    ->ArgNames({"N", "p", "probes", "storage"})
    ->Args({10000, 1000, 8, 0})
    ->Args({10000, 1000, 8, 1})
    ->Args({10000, 2000, 4, 0})
    ->Args({10000, 2000, 4, 1})
    ->Args({10000, 1000, 16, 2})
    ->Args({10000, 2000, 16, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The byte couplings of HebbStorage::PackedCouplings from the patterns' bits: N² / 2 popcounts of p bits.
void BM_HebbPackedCouplingsBuild(benchmark::State& state) {
  const BinaryPatterns patterns = random_binary_bits(state.range(0), state.range(1), 1);
  for (auto _ : state) {
    const auto network = ClassicalHopfield::hebb(patterns, {.storage = HebbStorage::PackedCouplings});
    benchmark::DoNotOptimize(network.pattern_count());
  }
  const double n = static_cast<double>(state.range(0)), p = static_cast<double>(state.range(1));
  state.counters["pair_bits/s"] =
      benchmark::Counter(n * (n - 1) / 2 * p, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_HebbPackedCouplingsBuild)
    ->ArgNames({"N", "p"})
    ->Args({10000, 1400})
    ->Args({10000, 2000})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The kept-field update of HebbStorage::PackedCouplings past capacity: one flip's row of N byte couplings
// into the 16-bit half fields of `probes` probes at once (each its own row and fields), rows drawn at random
// from the 100 MB of N = 10 000, so from memory. Per row, four side by side take about two thirds of the time
// of one: the rows' memory streams overlap.
void BM_CouplingRowsSideBySide(benchmark::State& state) {
  const Index n = state.range(0), p = 2000;
  const int probes = static_cast<int>(state.range(1));
  const BinaryPatterns patterns = random_binary_bits(n, p, 1);
  const std::vector<std::uint64_t> columns(patterns.pattern_words(0),
                                           patterns.pattern_words(0) + p * patterns.words_per_pattern());
  const std::vector<std::uint16_t> rows = packed::pack_rows_from_columns(columns.data(), n, p);
  const packed::CompactCouplings couplings =
      packed::build_compact_couplings(rows.data(), n, p, packed::blocks_for(p));
  std::vector<std::vector<std::int16_t>> halves(static_cast<std::size_t>(probes),
                                                std::vector<std::int16_t>(static_cast<std::size_t>(n), 0));
  std::int16_t* targets[packed::max_flip_rows];
  for (int k = 0; k < probes; ++k) targets[k] = halves[static_cast<std::size_t>(k)].data();
  Rng rng(4);
  Index units[packed::max_flip_rows];
  std::int32_t signs[packed::max_flip_rows], largest[packed::max_flip_rows];
  for (auto _ : state) {
    // Only the memory traffic is timed: the half fields' values do not matter here (they may wrap).
    for (int k = 0; k < probes; ++k) {
      const std::uint64_t draw = rng.next_u64();
      units[k] = static_cast<Index>(draw % static_cast<std::uint64_t>(n));
      signs[k] = (draw >> 63) != 0 ? 1 : -1;
    }
    packed::add_flip_rows(couplings, units, signs, targets, probes, largest);
    benchmark::DoNotOptimize(largest);
  }
  state.counters["rows/s"] =
      benchmark::Counter(static_cast<double>(probes), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_CouplingRowsSideBySide)
    ->ArgNames({"N", "probes"})
    ->Args({10000, 1})
    ->Args({10000, 4})
    ->UseRealTime();

void BM_HebbWeights(benchmark::State& state) {
  const Matrix patterns = random_binary_patterns(state.range(0), state.range(1), 1);
  for (auto _ : state) benchmark::DoNotOptimize(hebb_weights(patterns).data());
  const double flops =
      static_cast<double>(state.range(0)) * static_cast<double>(state.range(0)) * state.range(1);
  state.counters["GFLOP/s"] = benchmark::Counter(flops / 1e9, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_HebbWeights)
    ->ArgNames({"N", "p"})
    ->Args({784, 100})
    ->Args({10000, 1400})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_PseudoinverseWeights(benchmark::State& state) {
  const Matrix patterns = random_binary_patterns(state.range(0), state.range(1), 1);
  for (auto _ : state) benchmark::DoNotOptimize(pseudoinverse_weights(patterns).data());
  // N p² (Gram) + p³/3 (Cholesky) + 2 N² p (solve and product), counted as multiply-adds x 2.
  const double n = static_cast<double>(state.range(0)), p = static_cast<double>(state.range(1));
  state.counters["GFLOP/s"] = benchmark::Counter((2 * n * p * p + p * p * p / 3 + 4 * n * n * p) / 1e9,
                                                 benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_PseudoinverseWeights)
    ->ArgNames({"N", "p"})
    ->Args({784, 100})
    ->Args({784, 300})
    ->Args({10000, 1400})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// All N eigenvalues and eigenvectors of a Hebb matrix (the MNIST spectrum experiment's reference, N = 784).
void BM_SymmetricSpectrum(benchmark::State& state) {
  const Matrix weights = hebb_weights(random_binary_patterns(state.range(0), state.range(1), 1));
  for (auto _ : state) benchmark::DoNotOptimize(symmetric_spectrum(weights).eigenvalues.data());
}
BENCHMARK(BM_SymmetricSpectrum)
    ->ArgNames({"N", "p"})
    ->Args({784, 10})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
