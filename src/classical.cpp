// The classical network: construction by each rule, fields, energy and recall.
#include "hopfield/classical.hpp"

#include <bit>
#include <limits>
#include <string>

#include "binary_recall.hpp"
#include "classical_fields.hpp"
#include "classical_recall.hpp"
#include "classical_rules.hpp"
#include "hopfield/error.hpp"
#include "hopfield/patterns.hpp"
#include "packed_couplings.hpp"
#include "packed_patterns.hpp"

namespace hopfield {
namespace {

bool all_plus_minus_one(const MatrixView& values) {
  return (values.array().abs() == 1.0).all();
}

// Why the packed storages cannot hold N x p patterns (empty when they can); the entries are checked apart.
std::string not_packable_reason(Index n, Index p, const HebbOptions& options) {
  if (options.centre) return "centred patterns are not ±1";
  if (n > packed::max_neurons) return detail::concat("N = ", n, " exceeds ", packed::max_neurons);
  if (n * p > packed::max_neurons_times_patterns)
    return detail::concat("N p = ", n * p, " exceeds ", packed::max_neurons_times_patterns);
  return {};
}

// The storage to use: the requested one (an error when it is packed and cannot hold the patterns), or the
// automatic choice.
HebbStorage resolve_storage(Index n, Index p, const HebbOptions& options, const std::string& not_packable) {
  const bool packed_storage =
      options.storage == HebbStorage::PackedOverlaps || options.storage == HebbStorage::PackedCouplings;
  require(!packed_storage || not_packable.empty(), "ClassicalHopfield::hebb: storage ",
          options.storage == HebbStorage::PackedOverlaps ? "PackedOverlaps" : "PackedCouplings",
          " needs ±1 patterns, no centring, N <= ", packed::max_neurons,
          " and N p <= ", packed::max_neurons_times_patterns, ", but ", not_packable);
  if (options.storage != HebbStorage::Automatic) return options.storage;
  if (n <= 4096) return HebbStorage::Couplings;
  if (not_packable.empty()) return 8 * p >= n ? HebbStorage::PackedCouplings : HebbStorage::PackedOverlaps;
  return 4 * p <= n ? HebbStorage::Overlaps : HebbStorage::Couplings;
}

double sign_keeping_ties(double field, double current) {
  return field > 0.0 ? 1.0 : (field < 0.0 ? -1.0 : current);
}

// Synchronous dynamics: every unit to the sign of its field, computed afresh; the energy afresh.
struct SynchronousRule {
  const ClassicalHopfield& network;
  std::int64_t step(const Vector& state, Vector& next) const {
    const Vector field = network.local_field(state);
    std::int64_t changed = 0;
    for (Index i = 0; i < state.size(); ++i) {
      next[i] = sign_keeping_ties(field[i], state[i]);
      changed += next[i] != state[i];
    }
    return changed;
  }
  double energy(const Vector& state) const { return network.energy(state); }
};

}  // namespace

ClassicalHopfield ClassicalHopfield::hebb(const MatrixView& patterns, const HebbOptions& options) {
  detail::require_patterns(patterns, "ClassicalHopfield::hebb");
  const Index n = patterns.rows();
  const Index p = patterns.cols();
  std::string not_packable = not_packable_reason(n, p, options);
  if (not_packable.empty() && !all_plus_minus_one(patterns))
    not_packable = "the patterns have entries other than +1 and -1";
  const HebbStorage storage = resolve_storage(n, p, options, not_packable);
  if (storage == HebbStorage::PackedOverlaps || storage == HebbStorage::PackedCouplings)
    return packed_hebb(packed::pack_columns(patterns), n, p, options, storage);
  // Centring makes a new matrix; otherwise the patterns are read where they are.
  const Matrix centred = options.centre ? centre_patterns(patterns) : Matrix();
  const MatrixView stored = options.centre ? MatrixView(centred) : patterns;
  CouplingStorage held;
  if (storage == HebbStorage::Overlaps) {
    held = storage::Overlaps{.pattern_rows = stored.transpose(),
                             .self_couplings = stored.rowwise().squaredNorm()};
  } else {
    held = storage::Couplings{.matrix = detail::outer_product_sum(stored)};
  }
  return ClassicalHopfield(std::move(held), 1.0 / static_cast<double>(n), Vector::Zero(n), p);
}

ClassicalHopfield ClassicalHopfield::hebb(const BinaryPatterns& patterns, const HebbOptions& options) {
  const Index n = patterns.dimension(), p = patterns.count();
  require(p > 0, "ClassicalHopfield::hebb: no patterns to store (0 columns)");
  const HebbStorage storage = resolve_storage(n, p, options, not_packable_reason(n, p, options));
  if (storage != HebbStorage::PackedOverlaps && storage != HebbStorage::PackedCouplings)
    return hebb(patterns.to_matrix(), {.centre = options.centre, .storage = storage});
  const std::uint64_t* first = patterns.pattern_words(0);
  return packed_hebb(std::vector<std::uint64_t>(first, first + p * patterns.words_per_pattern()), n, p,
                     options, storage);
}

ClassicalHopfield ClassicalHopfield::packed_hebb(std::vector<std::uint64_t> columns, Index n, Index p,
                                                 const HebbOptions& options, HebbStorage storage) {
  storage::PackedOverlaps overlaps{.rows = packed::pack_rows_from_columns(columns.data(), n, p),
                                   .columns = std::move(columns),
                                   .row_sums = std::vector<std::int32_t>(static_cast<std::size_t>(n)),
                                   .neurons = n,
                                   .patterns = p};
  // Σ_μ ξ_iμ = p − 2 (number of −1 in row i); padding bits are clear.
  const Index row_words = packed::blocks_for(p) * packed::words_per_block;
  for (Index i = 0; i < n; ++i) {
    Index minus = 0;
    for (Index w = 0; w < row_words; ++w)
      minus += std::popcount(overlaps.rows[static_cast<std::size_t>(i * row_words + w)]);
    overlaps.row_sums[static_cast<std::size_t>(i)] = static_cast<std::int32_t>(p - 2 * minus);
  }
  const double scale = 1.0 / static_cast<double>(n);
  if (storage == HebbStorage::PackedOverlaps)
    return ClassicalHopfield(std::move(overlaps), scale, Vector::Zero(n), p);
  auto bytes = std::make_shared<const packed::CompactCouplings>(packed::build_compact_couplings(
      overlaps.rows.data(), n, p, packed::blocks_for(p),
      options.workspace ? options.workspace->slot() : std::shared_ptr<packed::FreedCouplings>()));
  return ClassicalHopfield(
      storage::PackedCouplings{.overlaps = std::move(overlaps), .bytes = std::move(bytes)}, scale,
      Vector::Zero(n), p);
}

ClassicalHopfield ClassicalHopfield::storkey(const MatrixView& patterns) {
  return ClassicalHopfield(storage::Couplings{.matrix = storkey_weights(patterns)}, 1.0,
                           Vector::Zero(patterns.rows()), patterns.cols());
}

ClassicalHopfield ClassicalHopfield::pseudoinverse(const MatrixView& patterns,
                                                   const PseudoinverseOptions& options) {
  return ClassicalHopfield(storage::Couplings{.matrix = pseudoinverse_weights(patterns, options)}, 1.0,
                           Vector::Zero(patterns.rows()), patterns.cols());
}

ClassicalHopfield ClassicalHopfield::from_weights(Matrix weights, Vector thresholds) {
  require(weights.rows() > 0 && weights.rows() == weights.cols(),
          "ClassicalHopfield::from_weights: weights must be ", "a non-empty square matrix, got ",
          weights.rows(), " x ", weights.cols());
  require_finite(weights, "ClassicalHopfield::from_weights: weights");
  require(weights.isApprox(weights.transpose(), 1e-12) || weights.isZero(),
          "ClassicalHopfield::from_weights: weights must be symmetric");
  if (thresholds.size() == 0) thresholds = Vector::Zero(weights.rows());
  require(thresholds.size() == weights.rows(), "ClassicalHopfield::from_weights: ", thresholds.size(),
          " thresholds for ", weights.rows(), " units");
  require_finite(thresholds, "ClassicalHopfield::from_weights: thresholds");
  return ClassicalHopfield(storage::Couplings{.matrix = std::move(weights)}, 1.0, std::move(thresholds), 0);
}

Matrix ClassicalHopfield::couplings() const {
  return std::visit([](const auto& held) { return held.coupling_matrix(); }, storage_);
}

Vector ClassicalHopfield::local_field(const Vector& state) const {
  require(state.size() == dimension(), "local_field: state has dimension ", state.size(),
          ", the network has ", dimension(), " units");
  return coupling_scale_ * std::visit([&](const auto& held) { return held.scaled_field(state); }, storage_) -
         thresholds_;
}

Matrix ClassicalHopfield::local_fields(const MatrixView& states) const {
  require(states.rows() == dimension(), "local_fields: states have dimension ", states.rows(),
          ", the network has ", dimension(), " units");
  Matrix fields = kernels::product<double>(couplings(), kernels::Operation::AsStored, states);
  fields *= coupling_scale_;
  fields.colwise() -= thresholds_;
  return fields;
}

double ClassicalHopfield::energy(const Vector& state) const {
  require(state.size() == dimension(), "energy: state has dimension ", state.size(), ", the network has ",
          dimension(), " units");
  const Vector field = std::visit([&](const auto& held) { return held.scaled_field(state); }, storage_);
  return -0.5 * coupling_scale_ * state.dot(field) + thresholds_.dot(state);
}

RecallResult ClassicalHopfield::recall(const MatrixView& probes, const RecallOptions& options) const {
  return detail::recall_with_half_field_limit(*this, probes, options,
                                              std::numeric_limits<std::int32_t>::max())
      .result;
}

namespace detail {

recall::BinaryRecall<KeptFieldStatistics> recall_with_half_field_limit(const ClassicalHopfield& network,
                                                                       const MatrixView& probes,
                                                                       const RecallOptions& options,
                                                                       std::int32_t half_field_limit) {
  const Index n = network.dimension();
  require(probes.rows() == n, "recall: probes have dimension ", probes.rows(), ", the network has ", n,
          " units");
  require_binary(probes, "recall: probes");
  require(options.max_sweeps >= 1, "recall: max_sweeps must be >= 1, got ", options.max_sweeps);
  check_thread_count(options.threads, "recall: threads");
  // Sweep orders hold 32-bit unit indices (half the cache lines of 64-bit ones).
  require(n <= std::numeric_limits<std::int32_t>::max(), "recall: ", n,
          " units exceed the 2^31 - 1 that a sweep order holds");
  const SynchronousRule rule{network};
  return visit_fields(network.storage(), network.coupling_scale(), network.thresholds(), half_field_limit,
                      [&](const auto& prototype) -> recall::BinaryRecall<KeptFieldStatistics> {
                        auto run = recall::recall_binary(probes, options, prototype, rule);
                        if constexpr (std::is_same_v<decltype(run.statistics), KeptFieldStatistics>) {
                          return run;
                        } else {
                          return {std::move(run.result), {}};
                        }
                      });
}

}  // namespace detail
}  // namespace hopfield
