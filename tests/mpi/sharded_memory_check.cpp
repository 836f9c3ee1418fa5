// The sharded modern memory against the single-process computation, run by CTest under
// `mpirun -np 1 / 2 / 4` (and once without mpirun). Every process builds the whole memory too, computes the
// single-process answer (the fused kernel over all p patterns; ModernHopfield for the weights' statistics)
// and compares: states within a tolerance relative to the size, the same nearest stored pattern, energies and
// entropies within rounding, the same fixed-point kinds. Exit status 0 only when every process agrees.
#include <fmt/format.h>
#include <omp.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include "hopfield/distributed.hpp"
#include "hopfield/error.hpp"
#include "hopfield/modern.hpp"
#include "hopfield/pattern_file.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"
#include "hopfield/sharded_memory.hpp"
#include "hopfield/softmax_retrieval.hpp"

namespace {

using namespace hopfield;

int failures = 0;

void expect(bool condition, const std::string& what, int rank) {
  if (condition) return;
  ++failures;
  std::fprintf(stderr, "process %d: FAILED: %s\n", rank, what.c_str());
}

// Index of the stored pattern nearest to each column (largest inner product).
std::vector<Index> nearest(const MatrixF& patterns, const MatrixF& states) {
  const MatrixF scores = patterns.transpose() * states;
  std::vector<Index> result;
  for (Index q = 0; q < states.cols(); ++q) {
    Index best = 0;
    scores.col(q).maxCoeff(&best);
    result.push_back(best);
  }
  return result;
}

void compare(const ShardedModernMemory& memory, const MatrixF& all, const MatrixF& probes, double beta,
             int rank, const std::string& label) {
  const Index d = all.rows(), p = all.cols();
  // One step against the fused kernel over every pattern.
  MatrixF expected;
  Eigen::RowVectorXf expected_lse;
  kernels::retrieve_fused(all, all, probes, static_cast<float>(beta), expected, &expected_lse);
  const ShardedStep step = memory.step(probes);
  const double scale = std::sqrt(static_cast<double>(d));  // |state| ~ √d for N(0, 1) patterns
  const double tolerance = 1e-5 * scale * std::log2(static_cast<double>(p) + 1.0);
  const double difference = (step.states - expected).cwiseAbs().maxCoeff();
  expect(difference <= tolerance,
         fmt::format("{}: one step differs by {} (tolerance {})", label, difference, tolerance), rank);
  double lse_difference = 0.0;
  for (Index q = 0; q < probes.cols(); ++q)
    lse_difference = std::max(lse_difference, std::abs(step.log_normaliser[q] - expected_lse[q]) /
                                                  std::max(1.0, std::abs(double(expected_lse[q]))));
  expect(lse_difference <= 1e-5,
         fmt::format("{}: log-sum-exp differs by {} (relative)", label, lse_difference), rank);
  expect(nearest(all, step.states) == nearest(all, expected), label + ": nearest stored pattern differs",
         rank);

  // Statistics against ModernHopfield over the same (float32) patterns, in double.
  const ModernHopfield reference(all.cast<double>(), beta);
  const ShardedRecall recall = memory.recall(probes, 5, 1e-4);
  const Matrix states = recall.states.cast<double>();
  const auto entropy = memory.retrieval_entropy(recall.states);
  const auto expected_entropy = reference.retrieval_entropy(states);
  const auto kinds = memory.classify_fixed_points(recall.states);
  const auto expected_kinds = reference.classify_fixed_points(states);
  const auto carrying = memory.patterns_carrying_mass(recall.states, 0.5);
  const auto expected_carrying = reference.patterns_carrying_mass(states, 0.5);
  for (Index q = 0; q < probes.cols(); ++q) {
    const auto k = static_cast<std::size_t>(q);
    const double energy = reference.energy(states.col(q));
    expect(std::abs(recall.energy[k] - energy) <= 1e-4 * std::max(1.0, std::abs(energy)),
           fmt::format("{}: energy of probe {}: {} vs {}", label, q, recall.energy[k], energy), rank);
    expect(std::abs(entropy[k] - expected_entropy[k]) <= 1e-3 + 1e-4 * std::abs(expected_entropy[k]),
           fmt::format("{}: entropy of probe {}: {} vs {}", label, q, entropy[k], expected_entropy[k]), rank);
    expect(kinds[k] == expected_kinds[k], fmt::format("{}: fixed-point kind of probe {}", label, q), rank);
    expect(carrying[k] == expected_carrying[k],
           fmt::format("{}: patterns carrying half the mass, probe {}: {} vs {}", label, q, carrying[k],
                       expected_carrying[k]),
           rank);
  }
}

// Probes: stored patterns plus noise, and a few mixtures (metastable or global-average states at small β).
MatrixF make_probes(const MatrixF& all, std::uint64_t seed) {
  MatrixF probes(all.rows(), 24);
  Rng rng(seed);
  for (Index q = 0; q < probes.cols(); ++q) {
    const auto target = static_cast<Index>(rng.uniform_below(static_cast<std::uint64_t>(all.cols())));
    for (Index i = 0; i < all.rows(); ++i)
      probes(i, q) = (q % 3 == 2 ? 0.1F : 1.0F) * all(i, target) + static_cast<float>(0.4 * rng.normal());
  }
  return probes;
}

int run_checks(ProcessGroup& group, const std::filesystem::path& folder) {
  const int rank = group.rank();
  const Index d = 16, p = 301;  // p not a multiple of 2 or 4: uneven shards
  const std::uint64_t seed = 7;
  const MatrixF all = gaussian_patterns(d, p, seed).cast<float>();
  const MatrixF probes = make_probes(all, 11);

  const auto generated = ShardedModernMemory::generate(d, p, seed, 0.5, group);
  const ShardRange range = generated.range();
  expect(generated.shard() == all.middleCols(range.first, range.count),
         "generated shard is not bit-identical to gaussian_patterns' columns", rank);
  compare(generated, all, probes, 0.5, rank, "generated, beta 0.5");
  compare(ShardedModernMemory::generate(d, p, seed, 0.02, group), all, probes, 0.02, rank,
          "generated, beta 0.02");

  // A step's blocks of queries run on the OpenMP threads: the same bits on 1 and on 3 threads, and the
  // single- process answer (197 queries: three full blocks of 64 and one of 5, which the kernel hands to its
  // dense path).
  const MatrixF many = make_probes(all, 197);
  omp_set_num_threads(1);
  const ShardedStep on_one = generated.step(many);
  omp_set_num_threads(3);
  const ShardedStep on_three = generated.step(many);
  omp_set_num_threads(1);
  expect(on_one.states == on_three.states && on_one.log_normaliser == on_three.log_normaliser,
         "a step on 3 threads differs from the step on 1 thread", rank);
  if (group.size() == 1) {  // one shard holds every pattern: the bits of one fused call over the batch
    MatrixF whole;
    kernels::retrieve_fused(all, all, many, 0.5F, whole);
    expect(on_three.states == whole, "a step in blocks differs from one fused call over the batch", rank);
  }
  compare(generated, all, many, 0.5, rank, "generated, beta 0.5, 197 queries");

  // More processes than patterns: some shards are empty (the −∞ guard of the merge).
  const MatrixF few = all.leftCols(3);
  compare(ShardedModernMemory::generate(d, 3, seed, 0.5, group), few, make_probes(few, 5), 0.5, rank,
          "3 patterns");

  const std::filesystem::path file = folder / "patterns.bin";
  if (rank == 0) write_gaussian_pattern_file(file, d, p, seed);
  group.exchange({});
  const auto mapped = ShardedModernMemory::map_file(file, 0.5, group);
  expect(mapped.shard() == generated.shard(), "mapped shard differs from the generated one", rank);
  compare(mapped, all, probes, 0.5, rank, "file, beta 0.5");

  // A truncated file: every process refuses it with the reason.
  const std::filesystem::path truncated = folder / "truncated.bin";
  if (rank == 0) {
    std::filesystem::copy_file(file, truncated, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::resize_file(truncated, std::filesystem::file_size(file) - 4);
  }
  group.exchange({});
  std::string message;
  try {
    (void)ShardedModernMemory::map_file(truncated, 0.5, group);
  } catch (const Error& error) {
    message = error.what();
  }
  expect(message.find("truncated") != std::string::npos, "truncated file not refused: '" + message + "'",
         rank);

  // Every process's verdict, so that process 0's exit status covers them all.
  std::vector<std::byte> mine(1, std::byte{static_cast<unsigned char>(failures > 0)});
  int failed_processes = 0;
  for (const auto& verdict : group.exchange(mine)) failed_processes += verdict.front() != std::byte{0};
  if (rank == 0) std::printf("%d process(es), %d failed\n", group.size(), failed_processes);
  return failed_processes == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path folder = argc > 1 ? argv[1] : ".";
  if (launched_by_mpirun()) {
    distributed::MpiSession session(argc, argv);
    return run_checks(session.world(), folder);
  }
  return run_checks(single_process(), folder);
}
