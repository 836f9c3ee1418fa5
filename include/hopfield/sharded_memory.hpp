// A modern Hopfield memory (hopfield/modern.hpp) whose stored patterns are spread over the processes of a
// group (built with -DHOPFIELD_MPI=ON; under mpirun the group is every process, hopfield/distributed.hpp):
// process r of K holds the columns shard_range(p, r, K) — from its own part of a pattern file
// (hopfield/pattern_file.hpp, mapped with mmap) or drawn from a seed by index range — and nothing else.
//
// One retrieval step ξ ← X softmax(β Xᵀξ) is exact, not approximate. On each process the fused kernel
// (kernels::retrieve_fused) gives, per query, the shard's log-sum-exp L_r and its softmax-weighted mean o_r;
// as a partial state (m, s, a) = (L_r, 1, o_r) these merge by the log-sum-exp rule
//     m = max(m₁, m₂),  s = s₁ e^{m₁−m} + s₂ e^{m₂−m},  a = a₁ e^{m₁−m} + a₂ e^{m₂−m}
// in one MPI_Allreduce with a user operator (in double; an empty shard is m = −∞, s = 0, a = 0), and the
// step's result is a / s with log-sum-exp m + log s. The operator is commutative bit for bit, so every
// process receives the same bits and takes the same decisions. The result equals the single-process fused
// retrieval over all p patterns up to the order of summation.
//
// The energy and the entropy of the retrieval weights come from the same merged state: with L = log Σ_i
// exp(β x_iᵀξ) and o = X softmax(β Xᵀξ), E(ξ) = −L/β + ½ξᵀξ + log(p)/β + ½M² (Ramsauer et al., eq. 2) and
// H = −Σ w_i log w_i = L − β ξᵀo. The fixed-point kind (how many of the largest weights carry 90 % of the
// mass) searches the weight threshold by bisection, one small Allreduce per halving; each halving recomputes
// the weights in blocks (about 65 passes over the patterns in all: a statistic, not a hot path).
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "hopfield/modern.hpp"
#include "hopfield/process_group.hpp"
#include "hopfield/types.hpp"

namespace hopfield {

/// The columns a process holds: first … first + count − 1.
struct ShardRange {
  Index first = 0;
  Index count = 0;
};

/// Process `rank` of `size` holds p/size columns, the first p mod size processes one more, in rank order.
ShardRange shard_range(Index patterns, int rank, int size);

/// What one retrieval step gives per query: the new states (d x B) and log Σ_i exp(β x_iᵀξ) (1 x B).
struct ShardedStep {
  MatrixF states;
  Eigen::RowVectorXd log_normaliser;
};

/// What recall gives per probe: the final states, the steps run, whether each reached a fixed point
/// (‖Δξ‖ ≤ tolerance), and the energy of the final state.
struct ShardedRecall {
  MatrixF states;
  std::vector<int> steps;
  std::vector<std::uint8_t> converged;
  std::vector<double> energy;
};

class ShardedModernMemory {
 public:
  /// Holds this process's columns of `count` Gaussian patterns of dimension `dimension` drawn from `seed`
  /// (the columns of gaussian_patterns(dimension, count, seed) in float32), inverse temperature β > 0.
  static ShardedModernMemory generate(Index dimension, Index count, std::uint64_t seed, double beta,
                                      ProcessGroup& group);
  /// Holds this process's columns of the pattern file at `path`.
  static ShardedModernMemory map_file(const std::filesystem::path& path, double beta, ProcessGroup& group);

  Index dimension() const { return shard_.rows(); }
  /// p, over every process.
  Index pattern_count() const { return total_; }
  ShardRange range() const { return range_; }
  double beta() const { return beta_; }
  /// M = max_i ‖x_i‖ over every process's patterns.
  double largest_norm() const { return largest_norm_; }
  const MatrixF& shard() const { return shard_; }

  /// One update of every column of `states` (d x B, the same on every process); collective.
  ShardedStep step(const MatrixF& states) const;
  /// Up to max_steps updates of every column; a column stops moving once a step moved it by ≤ tolerance.
  ShardedRecall recall(const MatrixF& probes, int max_steps, double tolerance) const;
  /// E(ξ) of every column (one pass over the patterns).
  std::vector<double> energy(const MatrixF& states) const;
  /// Entropy −Σ w log w (nats) of each column's retrieval weights; in [0, log p].
  std::vector<double> retrieval_entropy(const MatrixF& states) const;
  /// How many of the largest retrieval weights carry `mass` of each column, over every process.
  std::vector<Index> patterns_carrying_mass(const MatrixF& states, double mass = 0.9) const;
  /// The kind of fixed point of each column (Ramsauer's 90 % criterion, as ModernHopfield).
  std::vector<FixedPointKind> classify_fixed_points(const MatrixF& states) const;

 private:
  ShardedModernMemory(MatrixF shard, ShardRange range, Index total, double beta, ProcessGroup& group);
  void require_states(const MatrixF& states, const char* what) const;

  MatrixF shard_;
  ShardRange range_;
  Index total_ = 0;
  double beta_ = 1.0;
  double largest_norm_ = 0.0;
  ProcessGroup* group_;
};

}  // namespace hopfield
