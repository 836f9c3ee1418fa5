// The modern (continuous) Hopfield network of Ramsauer et al. (2020), "Hopfield Networks is All You Need".
//
// Stored patterns X = (x_1 … x_p), d x p, one per column; β > 0 is the inverse temperature. The update of a
// state ξ ∈ ℝ^d is
//     ξ ← X softmax(β Xᵀ ξ)
// and a batch of probes (d x B) is updated at once with two matrix products around a column softmax. With
// β = 1/√d it is scaled dot-product attention with Q = ξ, K = V = X (see attention.hpp).
// Energy (Ramsauer et al., eq. 2):
//     E(ξ) = −β⁻¹ log Σ_i exp(β x_iᵀ ξ) + ½ ξᵀξ + β⁻¹ log p + ½ M²,   M = max_i ‖x_i‖,
// never increases along the update (the update is a concave–convex procedure step) and is ≥ 0.
// Precision: recall runs in single precision by default (the retrieval kernels), or in double on request;
// energies, retrieval weights and entropies are computed in double. Every softmax and log-sum-exp is
// max-shifted, so β = 10⁶ gives the nearest stored pattern (finite), and β → 0 gives the mean pattern.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "hopfield/cancellation.hpp"
#include "hopfield/memory.hpp"
#include "hopfield/softmax_retrieval.hpp"
#include "hopfield/types.hpp"

namespace hopfield {

/// Which kernel computes the softmax retrieval.
enum class RetrievalPath : std::uint8_t {
  Automatic,  ///< Fused in single precision; in double precision Streaming when the p x B score matrix
              ///< would exceed ModernRecallOptions::dense_limit, else Dense
  Dense,      ///< one p x B score matrix (kernels::retrieve_dense)
  Streaming,  ///< blocks of stored patterns with an online softmax (kernels::retrieve_streaming)
  Fused,      ///< the streaming algorithm as one hand-written kernel (kernels::retrieve_fused); single only
};

enum class Precision : std::uint8_t { Single, Double };

/// "automatic" | "dense" | "streaming" | "fused"; "single" (or "float32") | "double" (or "float64") (throw
/// hopfield::Error otherwise).
RetrievalPath retrieval_path_from_name(std::string_view name);
std::string_view retrieval_path_name(RetrievalPath path);
Precision precision_from_name(std::string_view name);
std::string_view precision_name(Precision precision);

struct ModernRecallOptions {
  /// Updates to run at most (a sweep is one update of every probe); 1 is the one-step retrieval (=
  /// attention).
  int max_sweeps = 1;
  /// A probe is at a fixed point when an update moves it by ‖Δξ‖ ≤ tolerance (Euclidean norm).
  double tolerance = 1e-5;
  RetrievalPath path = RetrievalPath::Automatic;
  /// Stored patterns per block of the streaming path (the fused kernel uses its own blocks of 96).
  Index block_size = 1024;
  /// Automatic picks streaming when p times the probes of a block (≤ 64) exceeds this many scores (default
  /// 2¹⁸: 1 MB of floats, about an L2 cache; beyond it the blocked path is also the faster one).
  Index dense_limit = Index{1} << 18;
  Precision precision = Precision::Single;
  /// Record the energy (double) before the first step and after every step.
  bool record_energy = false;
  /// Compute RecallResult::energy (E of each final state: one more pass over the stored patterns, about half
  /// the cost of a step). false leaves RecallResult::energy empty (the benchmarks' one-step retrieval, which
  /// compares with X softmax(β Xᵀξ) alone).
  bool final_energy = true;
  /// OpenMP threads over blocks of probes; 0 uses the OpenMP default. Results do not depend on it: probes
  /// are cut into fixed blocks of modern_recall_block (memory.hpp) whatever the thread count.
  int threads = 0;
  /// Checked between blocks of probes: once cancelled, recall throws Cancelled (hopfield/cancellation.hpp)
  /// and returns nothing. nullptr (the default): never cancelled.
  const CancellationToken* cancellation = nullptr;
};

/// Kind of fixed point by Ramsauer et al.'s criterion: k = how many of the largest retrieval weights are
/// needed to carry 90 % of the softmax mass.
enum class FixedPointKind : std::uint8_t {
  SinglePattern,  ///< k = 1: the state retrieves one stored pattern
  Metastable,     ///< 1 < k ≤ p/2: an average over a subset of similar patterns
  GlobalAverage,  ///< k > p/2: an average over (nearly) all patterns
};
std::string_view fixed_point_kind_name(FixedPointKind kind);

class ModernHopfield {
 public:
  using Options = ModernRecallOptions;

  /// Stores `patterns` (d x p, finite, d ≥ 1, p ≥ 1), its own copy (pass an rvalue to move a Matrix in), with
  /// inverse temperature β > 0 (finite).
  ModernHopfield(Matrix patterns, double beta);

  Index dimension() const { return patterns_.rows(); }
  Index pattern_count() const { return patterns_.cols(); }
  double beta() const { return beta_; }
  const Matrix& patterns() const { return patterns_; }
  /// M = max_i ‖x_i‖.
  double largest_norm() const { return largest_norm_; }

  /// One update ξ ← X softmax(β Xᵀξ) of every column, in double precision on the dense path.
  Matrix update(const MatrixView& states) const;
  /// softmax(β Xᵀ ξ) for every column: p x B, columns sum to 1 (double).
  Matrix retrieval_weights(const MatrixView& states) const;
  /// Shannon entropy −Σ w log w (nats) of each column of retrieval_weights; in [0, log p].
  std::vector<double> retrieval_entropy(const MatrixView& states) const;
  /// E(ξ) as in the header comment (double).
  double energy(const Vector& state) const;
  /// How many of the largest weights carry `mass` (default 90 %) of each column of retrieval_weights.
  std::vector<Index> patterns_carrying_mass(const MatrixView& states, double mass = 0.9) const;
  /// The kind of fixed point of each column (Ramsauer's 90 % criterion).
  std::vector<FixedPointKind> classify_fixed_points(const MatrixView& states) const;

  /// Runs up to options.max_sweeps updates from every column of `probes` (d x B, finite). sweeps = steps
  /// run, flips = 0, energy = E of the final state; outcome FixedPoint when the last step moved ‖Δξ‖ ≤
  /// tolerance, MaxSweeps otherwise.
  RecallResult recall(const MatrixView& probes, const ModernRecallOptions& options = {}) const;
  /// The same recall from single-precision probes, read where they are (the same bits as recall of the
  /// probes converted to double).
  RecallResult recall(const MatrixFView& probes, const ModernRecallOptions& options = {}) const;

 private:
  template <typename ProbeScalar>
  RecallResult recall_probes(const MatrixViewOf<ProbeScalar>& probes,
                             const ModernRecallOptions& options) const;
  void require_states(const MatrixView& states, const char* what) const;
  /// E of every column of `states`, scores in the precision of `stored` (patterns_ or patterns_single_).
  template <typename Scalar>
  std::vector<double> energies(const kernels::MatrixOf<Scalar>& stored,
                               const kernels::MatrixOf<Scalar>& states, Index block_size) const;

  Matrix patterns_;
  MatrixF patterns_single_;
  double beta_ = 1.0;
  double largest_norm_ = 0.0;
};

static_assert(AssociativeMemory<ModernHopfield>);

}  // namespace hopfield
