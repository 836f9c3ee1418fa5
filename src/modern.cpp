#include "hopfield/modern.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <type_traits>

#include "hopfield/enum_names.hpp"
#include "hopfield/error.hpp"
#include "hopfield/parallel.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/softmax_retrieval.hpp"
#include "kernels/dense_product.hpp"
#include "recall_driver.hpp"

namespace hopfield {
namespace {

// Per column ξ of `states` (d x B): log Σ_i exp(β x_iᵀξ) − log p, streamed over blocks of stored patterns in
// the working precision. Keeps a running maximum m and S = Σ_i expm1(s_i − m) (summed per block in the
// working precision, across blocks in double); on a
// new maximum m' it rescales S ← S e^δ + n expm1(δ), δ = m − m' (n = scores seen so far). The result m +
// log1p(S/p) stays accurate as β → 0, where log Σ exp − log p ≈ β x̄ᵀξ is tiny and a plain log-sum-exp would
// cancel.
template <typename Scalar>
Eigen::RowVectorXd shifted_log_mean_exp(const kernels::MatrixOf<Scalar>& stored,
                                        const kernels::MatrixOf<Scalar>& states, double beta,
                                        Index block_size) {
  const Index count = stored.cols();
  const Index batch = states.cols();
  const Index block = std::max<Index>(1, std::min(block_size, count));
  Eigen::RowVectorXd maximum = Eigen::RowVectorXd::Constant(batch, -std::numeric_limits<double>::infinity());
  Eigen::RowVectorXd sum = Eigen::RowVectorXd::Zero(batch);
  kernels::MatrixOf<Scalar> scores(block, batch);
  for (Index start = 0; start < count; start += block) {
    const Index width = std::min(block, count - start);
    auto block_scores = scores.topRows(width);
    kernels::product_into<Scalar>(stored.middleCols(start, width), kernels::Operation::Transposed, states,
                                  kernels::Operation::AsStored, block_scores);
    block_scores *= static_cast<Scalar>(beta);
    for (Index b = 0; b < batch; ++b) {
      const auto column = block_scores.col(b);
      const double new_maximum = std::max(maximum[b], static_cast<double>(column.maxCoeff()));
      if (start > 0) {
        const double delta = maximum[b] - new_maximum;
        sum[b] = sum[b] * std::exp(delta) + static_cast<double>(start) * std::expm1(delta);
      }
      sum[b] += static_cast<double>(
          kernels::expm1_shifted_sum(column.data(), width, static_cast<Scalar>(new_maximum)));
      maximum[b] = new_maximum;
    }
  }
  Eigen::RowVectorXd result(batch);
  for (Index b = 0; b < batch; ++b) result[b] = maximum[b] + std::log1p(sum[b] / static_cast<double>(count));
  return result;
}

}  // namespace

namespace {

constexpr std::array<EnumName<RetrievalPath>, 4> retrieval_path_names{{
    {RetrievalPath::Automatic, "automatic"},
    {RetrievalPath::Dense, "dense"},
    {RetrievalPath::Streaming, "streaming"},
    {RetrievalPath::Fused, "fused"},
}};
constexpr std::array<EnumName<Precision>, 4> precision_names{{
    {Precision::Single, "single"},
    {Precision::Double, "double"},
    {Precision::Single, "float32"},
    {Precision::Double, "float64"},
}};
constexpr std::array<EnumName<FixedPointKind>, 3> fixed_point_kind_names{{
    {FixedPointKind::SinglePattern, "single pattern"},
    {FixedPointKind::Metastable, "metastable"},
    {FixedPointKind::GlobalAverage, "global average"},
}};

}  // namespace

RetrievalPath retrieval_path_from_name(std::string_view name) {
  return enum_from_name(retrieval_path_names, name, "retrieval path");
}

std::string_view retrieval_path_name(RetrievalPath path) {
  return enum_name(retrieval_path_names, path);
}

Precision precision_from_name(std::string_view name) {
  return enum_from_name(precision_names, name, "precision");
}

std::string_view precision_name(Precision precision) {
  return enum_name(precision_names, precision);
}

std::string_view fixed_point_kind_name(FixedPointKind kind) {
  return enum_name(fixed_point_kind_names, kind);
}

ModernHopfield::ModernHopfield(Matrix patterns, double beta) : patterns_(std::move(patterns)), beta_(beta) {
  require(patterns_.rows() > 0, "ModernHopfield: patterns have dimension 0; expected d >= 1 rows");
  require(patterns_.cols() > 0, "ModernHopfield: empty memory (0 patterns); expected p >= 1 columns");
  require(std::isfinite(beta_) && beta_ > 0.0,
          "ModernHopfield: beta (inverse temperature) must be finite and > 0, got ", beta_);
  require_finite(patterns_, "ModernHopfield: patterns");
  patterns_single_ = patterns_.cast<float>();
  largest_norm_ = patterns_.colwise().norm().maxCoeff();
}

void ModernHopfield::require_states(const MatrixView& states, const char* what) const {
  require(states.rows() == dimension(), what, " have dimension ", states.rows(),
          ", the memory stores patterns of dimension ", dimension());
  require_finite(states, what);
}

Matrix ModernHopfield::retrieval_weights(const MatrixView& states) const {
  require_states(states, "retrieval_weights: states");
  Matrix scores = kernels::product<double>(patterns_, kernels::Operation::Transposed, states);
  scores *= beta_;
  kernels::softmax_columns(scores);
  return scores;
}

Matrix ModernHopfield::update(const MatrixView& states) const {
  require_states(states, "update: states");
  Matrix out;
  kernels::retrieve_dense<double>(patterns_, patterns_, states, beta_, out);
  return out;
}

std::vector<double> ModernHopfield::retrieval_entropy(const MatrixView& states) const {
  const Matrix weights = retrieval_weights(states);
  std::vector<double> entropy(static_cast<std::size_t>(weights.cols()));
  for (Index k = 0; k < weights.cols(); ++k) {
    double sum = 0.0;
    for (Index i = 0; i < weights.rows(); ++i) {
      const double w = weights(i, k);
      if (w > 0.0) sum -= w * std::log(w);
    }
    entropy[static_cast<std::size_t>(k)] = sum;
  }
  return entropy;
}

double ModernHopfield::energy(const Vector& state) const {
  require(state.size() == dimension(), "energy: state has dimension ", state.size(),
          ", the memory stores patterns of dimension ", dimension());
  require_finite(state, "energy: state");
  const Matrix column = state;
  return energies(patterns_, column, 1024).front();
}

template <typename Scalar>
std::vector<double> ModernHopfield::energies(const kernels::MatrixOf<Scalar>& stored,
                                             const kernels::MatrixOf<Scalar>& states,
                                             Index block_size) const {
  // −β⁻¹ (log Σ exp − log p) + ½ξᵀξ + ½M².
  const Eigen::RowVectorXd log_mean_exp = shifted_log_mean_exp(stored, states, beta_, block_size);
  std::vector<double> result(static_cast<std::size_t>(states.cols()));
  for (Index b = 0; b < states.cols(); ++b) {
    result[static_cast<std::size_t>(b)] = -log_mean_exp[b] / beta_ +
                                          0.5 * states.col(b).template cast<double>().squaredNorm() +
                                          0.5 * largest_norm_ * largest_norm_;
  }
  return result;
}

std::vector<Index> ModernHopfield::patterns_carrying_mass(const MatrixView& states, double mass) const {
  require(mass > 0.0 && mass <= 1.0, "patterns_carrying_mass: mass must lie in (0, 1], got ", mass);
  const Matrix weights = retrieval_weights(states);
  std::vector<Index> counts(static_cast<std::size_t>(weights.cols()));
  std::vector<double> column(static_cast<std::size_t>(weights.rows()));
  for (Index k = 0; k < weights.cols(); ++k) {
    for (Index i = 0; i < weights.rows(); ++i) column[static_cast<std::size_t>(i)] = weights(i, k);
    std::sort(column.begin(), column.end(), std::greater<>());
    double sum = 0.0;
    Index needed = 0;
    // The small slack absorbs rounding when the weights sum to 1 − ε.
    while (needed < weights.rows() && sum < mass * (1.0 - 1e-12))
      sum += column[static_cast<std::size_t>(needed++)];
    counts[static_cast<std::size_t>(k)] = needed;
  }
  return counts;
}

std::vector<FixedPointKind> ModernHopfield::classify_fixed_points(const MatrixView& states) const {
  const auto counts = patterns_carrying_mass(states, 0.9);
  std::vector<FixedPointKind> kinds;
  kinds.reserve(counts.size());
  for (const Index k : counts) {
    kinds.push_back(
        k == 1 ? FixedPointKind::SinglePattern
               : (2 * k > pattern_count() ? FixedPointKind::GlobalAverage : FixedPointKind::Metastable));
  }
  return kinds;
}

namespace {

// The checks of ModernHopfield::recall beyond the probes' own: options in range, and scores representable in
// the working precision. Scores are bounded by β M max(M, max‖ξ‖) (the state stays in the convex hull of the
// patterns after a step), M the largest stored norm.
template <typename Probes>
void check_recall_options(const Probes& probes, const ModernRecallOptions& options, double beta,
                          double largest_norm) {
  require(options.max_sweeps >= 1, "recall: max_sweeps must be >= 1, got ", options.max_sweeps);
  require(std::isfinite(options.tolerance) && options.tolerance >= 0.0,
          "recall: tolerance must be finite and >= 0, got ", options.tolerance);
  require(options.block_size >= 1, "recall: block_size must be >= 1, got ", options.block_size);
  require(options.dense_limit >= 1, "recall: dense_limit must be >= 1, got ", options.dense_limit);
  check_thread_count(options.threads, "recall: threads");
  // In double whatever the probes' type (a lazy cast: no copy), so float probes pass the same checks.
  const double largest_probe =
      probes.cols() > 0 ? probes.template cast<double>().colwise().norm().maxCoeff() : 0.0;
  const double score_bound = beta * largest_norm * std::max(largest_norm, largest_probe);
  const bool single = options.precision == Precision::Single;
  require(!single || score_bound < 1e37, "recall: beta * |x| * |probe| = ", score_bound,
          " overflows single precision; use precision double or a smaller beta");
  require(score_bound < 1e300, "recall: beta * |x| * |probe| = ", score_bound, " overflows double precision");
  require(single || options.path != RetrievalPath::Fused,
          "recall: the fused path computes in single precision; use precision single or another path");
}

// One update next = X softmax(β Xᵀ current) by the path the options ask for. Automatic: the fused kernel in
// single precision; in double precision streaming once the p x B scores would exceed dense_limit, else dense.
template <typename Scalar>
void retrieve_step(const kernels::MatrixOf<Scalar>& stored, const kernels::MatrixOf<Scalar>& current,
                   Scalar beta, Index pattern_count, const ModernRecallOptions& options,
                   kernels::MatrixOf<Scalar>& next, kernels::FusedWorkspace& workspace) {
  RetrievalPath path = options.path;
  if (path == RetrievalPath::Automatic) {
    if (std::is_same_v<Scalar, float>) {
      path = RetrievalPath::Fused;
    } else {
      path = pattern_count * current.cols() > options.dense_limit ? RetrievalPath::Streaming
                                                                  : RetrievalPath::Dense;
    }
  }
  if constexpr (std::is_same_v<Scalar, float>) {
    if (path == RetrievalPath::Fused) kernels::retrieve_fused(stored, stored, current, beta, next, workspace);
  }
  if (path == RetrievalPath::Streaming) {
    kernels::retrieve_streaming<Scalar>(stored, stored, current, beta, options.block_size, next);
  } else if (path == RetrievalPath::Dense) {
    kernels::retrieve_dense<Scalar>(stored, stored, current, beta, next);
  }
}

}  // namespace

RecallResult ModernHopfield::recall(const MatrixView& probes, const ModernRecallOptions& options) const {
  require_states(probes, "recall: probes");
  return recall_probes<double>(probes, options);
}

RecallResult ModernHopfield::recall(const MatrixFView& probes, const ModernRecallOptions& options) const {
  // Checked in double only when a check fails, for the same message.
  if (probes.rows() != dimension() || !probes.allFinite())
    require_states(probes.cast<double>(), "recall: probes");
  return recall_probes<float>(probes, options);
}

template <typename ProbeScalar>
RecallResult ModernHopfield::recall_probes(const MatrixViewOf<ProbeScalar>& probes,
                                           const ModernRecallOptions& options) const {
  check_recall_options(probes, options, beta_, largest_norm_);
  const Index batch = probes.cols();
  const bool single = options.precision == Precision::Single;
  RecallResult result =
      recall::empty_result(probes, {.trace = options.record_energy, .final = options.final_energy});
  auto run_chunk = [&]<typename Scalar>(const kernels::MatrixOf<Scalar>& stored, Index first, Index columns) {
    kernels::MatrixOf<Scalar> state = probes.middleCols(first, columns).template cast<Scalar>();
    std::vector<Index> active(static_cast<std::size_t>(columns));
    for (Index c = 0; c < columns; ++c) active[static_cast<std::size_t>(c)] = c;
    if (options.record_energy) {
      const auto initial = energies(stored, state, options.block_size);
      for (Index c = 0; c < columns; ++c)
        result.energy_trace[static_cast<std::size_t>(first + c)].push_back(
            initial[static_cast<std::size_t>(c)]);
    }
    kernels::MatrixOf<Scalar> current, next;
    kernels::FusedWorkspace workspace;  // one per block of probes: the steps reuse it
    const auto beta = static_cast<Scalar>(beta_);
    for (int step = 1; step <= options.max_sweeps && !active.empty(); ++step) {
      const auto count = static_cast<Index>(active.size());
      current.resize(dimension(), count);
      for (Index a = 0; a < count; ++a) current.col(a) = state.col(active[static_cast<std::size_t>(a)]);
      retrieve_step(stored, current, beta, pattern_count(), options, next, workspace);
      std::vector<Index> still_active;
      const auto step_energy =
          options.record_energy ? energies(stored, next, options.block_size) : std::vector<double>();
      for (Index a = 0; a < count; ++a) {
        const Index c = active[static_cast<std::size_t>(a)];
        const auto slot = static_cast<std::size_t>(first + c);
        const double moved = (next.col(a) - current.col(a)).template cast<double>().norm();
        state.col(c) = next.col(a);
        result.sweeps[slot] = step;
        if (options.record_energy)
          result.energy_trace[slot].push_back(step_energy[static_cast<std::size_t>(a)]);
        if (moved <= options.tolerance) {
          result.outcome[slot] = Outcome::FixedPoint;
        } else {
          still_active.push_back(c);
        }
      }
      active = std::move(still_active);
    }
    for (Index c = 0; c < columns; ++c) result.states.col(first + c) = state.col(c).template cast<double>();
    if (options.final_energy) {
      const auto final_energy = energies(stored, state, options.block_size);
      for (Index c = 0; c < columns; ++c)
        result.energy[static_cast<std::size_t>(first + c)] = final_energy[static_cast<std::size_t>(c)];
    }
  };

  recall::for_each_block(batch, modern_recall_block, options.threads, options.cancellation,
                         [&](recall::ProbeBlock block) {
                           if (single) {
                             run_chunk.template operator()<float>(patterns_single_, block.first, block.count);
                           } else {
                             run_chunk.template operator()<double>(patterns_, block.first, block.count);
                           }
                         });
  return result;
}

}  // namespace hopfield
