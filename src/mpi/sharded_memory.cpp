#include "hopfield/sharded_memory.hpp"

#include <mpi.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#include "hopfield/error.hpp"
#include "hopfield/memory.hpp"
#include "hopfield/parallel.hpp"
#include "hopfield/pattern_file.hpp"
#include "hopfield/softmax_retrieval.hpp"

namespace hopfield {
namespace {

constexpr double minus_infinity = -std::numeric_limits<double>::infinity();

// Partial softmax states, one per query: (m, s, a_1 … a_d), stride d + 2 doubles.
Index state_stride(Index dimension) {
  return dimension + 2;
}

// b ← a ⊕ b by the log-sum-exp rule. Written symmetrically (and compiled without contraction into FMAs), so
// a ⊕ b and b ⊕ a are the same bits: whatever the reduction tree, every process gets the same result.
void merge_state(const double* a, double* b, Index stride) {
  const double ma = a[0], mb = b[0];
  if (ma == minus_infinity) return;  // a is an empty shard; (−∞) − (−∞) would be NaN
  if (mb == minus_infinity) {
    std::copy(a, a + stride, b);
    return;
  }
  const double m = std::max(ma, mb);
  const double fa = std::exp(ma - m), fb = std::exp(mb - m);
  b[0] = m;
  for (Index j = 1; j < stride; ++j) b[j] = a[j] * fa + b[j] * fb;
}

extern "C" void merge_softmax_states(void* in, void* inout, int* length, MPI_Datatype* type) {
  int bytes = 0;
  MPI_Type_size(*type, &bytes);
  const Index stride = bytes / static_cast<Index>(sizeof(double));
  const auto* a = static_cast<const double*>(in);
  auto* b = static_cast<double*>(inout);
  for (int q = 0; q < *length; ++q) merge_state(a + q * stride, b + q * stride, stride);
}

void check_mpi(int code, const char* call) {
  require(code == MPI_SUCCESS, call, " failed with MPI error code ", code);
}

// Merges every process's partial states in place, one MPI_Allreduce (nothing to do in a single process).
void merge_over_group(std::vector<double>& states, Index stride, const ProcessGroup& group) {
  if (group.size() == 1) return;
  MPI_Datatype state_type;
  check_mpi(MPI_Type_contiguous(static_cast<int>(stride), MPI_DOUBLE, &state_type), "MPI_Type_contiguous");
  MPI_Type_commit(&state_type);
  MPI_Op merge;
  MPI_Op_create(&merge_softmax_states, 1, &merge);
  const auto queries = static_cast<int>(static_cast<Index>(states.size()) / stride);
  const int code = MPI_Allreduce(MPI_IN_PLACE, states.data(), queries, state_type, merge, MPI_COMM_WORLD);
  MPI_Op_free(&merge);
  MPI_Type_free(&state_type);
  check_mpi(code, "MPI_Allreduce (log-sum-exp)");
}

// Sums `values` over every process, in place.
void sum_over_group(std::vector<double>& values, const ProcessGroup& group) {
  if (group.size() == 1) return;
  check_mpi(MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_DOUBLE, MPI_SUM,
                          MPI_COMM_WORLD),
            "MPI_Allreduce (sum)");
}

}  // namespace

ShardRange shard_range(Index patterns, int rank, int size) {
  require(size >= 1 && rank >= 0 && rank < size, "shard_range: process ", rank, " of ", size);
  const Index base = patterns / size, extra = patterns % size;
  return {.first = rank * base + std::min<Index>(rank, extra), .count = base + (rank < extra ? 1 : 0)};
}

ShardedModernMemory::ShardedModernMemory(MatrixF shard, ShardRange range, Index total, double beta,
                                         ProcessGroup& group)
    : shard_(std::move(shard)), range_(range), total_(total), beta_(beta), group_(&group) {
  // Every process's largest norm, through the exchange that also stops every process when one of them
  // failed to load its shard (before any Allreduce could wait for it).
  const double local = shard_.cols() > 0 ? shard_.cast<double>().colwise().norm().maxCoeff() : 0.0;
  std::vector<std::byte> mine(sizeof local);
  std::memcpy(mine.data(), &local, sizeof local);
  for (const auto& theirs : group.exchange(mine)) {
    double norm = 0.0;
    std::memcpy(&norm, theirs.data(), sizeof norm);
    largest_norm_ = std::max(largest_norm_, norm);
  }
}

ShardedModernMemory ShardedModernMemory::generate(Index dimension, Index count, std::uint64_t seed,
                                                  double beta, ProcessGroup& group) {
  require(dimension >= 1 && count >= 1, "sharded memory: d = ", dimension, ", p = ", count,
          "; expected d >= 1 and p >= 1");
  require(std::isfinite(beta) && beta > 0.0, "sharded memory: beta = ", beta, "; expected finite and > 0");
  const ShardRange range = shard_range(count, group.rank(), group.size());
  return {gaussian_pattern_columns(dimension, range.first, range.count, seed), range, count, beta, group};
}

ShardedModernMemory ShardedModernMemory::map_file(const std::filesystem::path& path, double beta,
                                                  ProcessGroup& group) {
  require(std::isfinite(beta) && beta > 0.0, "sharded memory: beta = ", beta, "; expected finite and > 0");
  const PatternFileHeader header = read_pattern_file_header(path);
  const ShardRange range = shard_range(header.count, group.rank(), group.size());
  return {read_pattern_file_columns(path, range.first, range.count), range, header.count, beta, group};
}

void ShardedModernMemory::require_states(const MatrixF& states, const char* what) const {
  require(states.rows() == dimension(), what, " have dimension ", states.rows(),
          ", the memory stores patterns of dimension ", dimension());
  require(states.allFinite(), what, ": entries must be finite");
}

ShardedStep ShardedModernMemory::step(const MatrixF& states) const {
  require_states(states, "sharded step: states");
  const Index batch = states.cols(), d = dimension(), stride = state_stride(d);
  std::vector<double> partial(static_cast<std::size_t>(batch * stride), 0.0);
  if (shard_.cols() > 0) {
    // Blocks of queries over the OpenMP threads, cut at the fused kernel's own panel width
    // (modern_recall_block), so every query gets the same bits as in one call, whatever the thread count.
    const Index blocks = (batch + modern_recall_block - 1) / modern_recall_block;
    run_in_parallel(blocks, [&](Index b) {
      const Index first = b * modern_recall_block;
      const Index columns = std::min(modern_recall_block, batch - first);
      const MatrixF queries = states.middleCols(first, columns);
      MatrixF out;
      Eigen::RowVectorXf log_normaliser;
      kernels::retrieve_fused(shard_, shard_, queries, static_cast<float>(beta_), out, &log_normaliser);
      for (Index c = 0; c < columns; ++c) {
        double* state = partial.data() + (first + c) * stride;
        state[0] = log_normaliser[c];
        state[1] = 1.0;
        for (Index i = 0; i < d; ++i) state[2 + i] = out(i, c);
      }
    });
  } else {
    for (Index q = 0; q < batch; ++q) partial[static_cast<std::size_t>(q * stride)] = minus_infinity;
  }
  merge_over_group(partial, stride, *group_);
  ShardedStep result{MatrixF(d, batch), Eigen::RowVectorXd(batch)};
  for (Index q = 0; q < batch; ++q) {
    const double* state = partial.data() + q * stride;
    for (Index i = 0; i < d; ++i) result.states(i, q) = static_cast<float>(state[2 + i] / state[1]);
    result.log_normaliser[q] = state[0] + std::log(state[1]);
  }
  return result;
}

ShardedRecall ShardedModernMemory::recall(const MatrixF& probes, int max_steps, double tolerance) const {
  require(max_steps >= 1, "sharded recall: max_steps = ", max_steps, "; expected >= 1");
  require(std::isfinite(tolerance) && tolerance >= 0.0, "sharded recall: tolerance = ", tolerance,
          "; expected finite and >= 0");
  require_states(probes, "sharded recall: probes");
  const auto batch = static_cast<std::size_t>(probes.cols());
  ShardedRecall result{probes, std::vector<int>(batch, 0), std::vector<std::uint8_t>(batch, 0), {}};
  std::vector<Index> active(batch);
  for (std::size_t c = 0; c < batch; ++c) active[c] = static_cast<Index>(c);
  MatrixF current;
  for (int step = 1; step <= max_steps && !active.empty(); ++step) {
    current.resize(dimension(), static_cast<Index>(active.size()));
    for (std::size_t a = 0; a < active.size(); ++a)
      current.col(static_cast<Index>(a)) = result.states.col(active[a]);
    const ShardedStep next = this->step(current);
    std::vector<Index> still_active;
    for (std::size_t a = 0; a < active.size(); ++a) {
      const Index c = active[a];
      const double moved =
          (next.states.col(static_cast<Index>(a)) - current.col(static_cast<Index>(a))).cast<double>().norm();
      result.states.col(c) = next.states.col(static_cast<Index>(a));
      result.steps[static_cast<std::size_t>(c)] = step;
      if (moved <= tolerance) {
        result.converged[static_cast<std::size_t>(c)] = 1;
      } else {
        still_active.push_back(c);
      }
    }
    active = std::move(still_active);
  }
  result.energy = energy(result.states);
  return result;
}

std::vector<double> ShardedModernMemory::energy(const MatrixF& states) const {
  const ShardedStep pass = step(states);
  const double constant = std::log(static_cast<double>(total_)) / beta_ + 0.5 * largest_norm_ * largest_norm_;
  std::vector<double> energies(static_cast<std::size_t>(states.cols()));
  for (Index q = 0; q < states.cols(); ++q) {
    energies[static_cast<std::size_t>(q)] =
        -pass.log_normaliser[q] / beta_ + 0.5 * states.col(q).cast<double>().squaredNorm() + constant;
  }
  return energies;
}

std::vector<double> ShardedModernMemory::retrieval_entropy(const MatrixF& states) const {
  const ShardedStep pass = step(states);
  std::vector<double> entropy(static_cast<std::size_t>(states.cols()));
  const double largest = std::log(static_cast<double>(total_));
  for (Index q = 0; q < states.cols(); ++q) {
    const double value =
        pass.log_normaliser[q] - beta_ * states.col(q).cast<double>().dot(pass.states.col(q).cast<double>());
    entropy[static_cast<std::size_t>(q)] = std::clamp(value, 0.0, largest);
  }
  return entropy;
}

namespace {

// Per query q, the count and the mass of this shard's weights w_i = exp(β x_iᵀξ_q − L_q) that are ≥
// threshold_q, as (count, mass) pairs; the weights are recomputed in blocks of stored patterns, so memory
// stays O(block x B) whatever the shard's size.
std::vector<double> tally_weights(const MatrixF& shard, const MatrixF& states, double beta,
                                  const Eigen::RowVectorXd& log_normaliser,
                                  const std::vector<double>& thresholds) {
  constexpr Index block = 4096;
  const Index batch = states.cols();
  std::vector<double> tallies(static_cast<std::size_t>(2 * batch), 0.0);
  const Eigen::MatrixXd queries = states.cast<double>();
  for (Index first = 0; first < shard.cols(); first += block) {
    const Index count = std::min(block, shard.cols() - first);
    const Eigen::MatrixXd scores =
        beta * (shard.middleCols(first, count).cast<double>().transpose() * queries);
    for (Index q = 0; q < batch; ++q) {
      const double threshold = thresholds[static_cast<std::size_t>(q)];
      for (Index i = 0; i < count; ++i) {
        const double weight = std::exp(scores(i, q) - log_normaliser[q]);
        if (weight >= threshold) {
          tallies[static_cast<std::size_t>(2 * q)] += 1.0;
          tallies[static_cast<std::size_t>(2 * q + 1)] += weight;
        }
      }
    }
  }
  return tallies;
}

}  // namespace

std::vector<Index> ShardedModernMemory::patterns_carrying_mass(const MatrixF& states, double mass) const {
  require(mass > 0.0 && mass <= 1.0, "patterns_carrying_mass: mass must lie in (0, 1], got ", mass);
  const ShardedStep pass = step(states);
  const auto batch = static_cast<std::size_t>(states.cols());
  // Per query, the largest threshold t whose weights ≥ t carry the mass, by bisection on the bits of t
  // (positive doubles order as their bit patterns): `low` always carries it, `high` never does. The same
  // number of halvings on every process.
  const double target = mass * (1.0 - 1e-12);
  std::vector<std::uint64_t> low(batch, 0), high(batch, std::bit_cast<std::uint64_t>(2.0));
  std::vector<double> thresholds(batch);
  const auto tally = [&](const std::vector<std::uint64_t>& bits) {
    for (std::size_t q = 0; q < batch; ++q) thresholds[q] = std::bit_cast<double>(bits[q]);
    std::vector<double> tallies = tally_weights(shard_, states, beta_, pass.log_normaliser, thresholds);
    sum_over_group(tallies, *group_);
    return tallies;
  };
  std::vector<std::uint64_t> middle(batch);
  for (int halving = 0; halving < 64; ++halving) {
    for (std::size_t q = 0; q < batch; ++q) middle[q] = low[q] + (high[q] - low[q]) / 2;
    const std::vector<double> tallies = tally(middle);
    for (std::size_t q = 0; q < batch; ++q) {
      if (high[q] - low[q] > 1) (tallies[2 * q + 1] >= target ? low : high)[q] = middle[q];
    }
  }
  const std::vector<double> tallies = tally(low);
  std::vector<Index> counts(batch);
  for (std::size_t q = 0; q < batch; ++q) counts[q] = static_cast<Index>(tallies[2 * q]);
  return counts;
}

std::vector<FixedPointKind> ShardedModernMemory::classify_fixed_points(const MatrixF& states) const {
  std::vector<FixedPointKind> kinds;
  for (const Index k : patterns_carrying_mass(states, 0.9)) {
    kinds.push_back(k == 1 ? FixedPointKind::SinglePattern
                           : (2 * k > total_ ? FixedPointKind::GlobalAverage : FixedPointKind::Metastable));
  }
  return kinds;
}

}  // namespace hopfield
