// Random-features data (Negri et al. 2023; Kalaj, Lauditi, Perugini, Lucibello, Malatesta & Negri 2024) and
// the magnetisation measurement of the storage / learning / generalisation phases.
//
// Shapes and conventions:
// - F is the N x D feature matrix, entries ±1 drawn independently and uniformly; its columns are the
//   features, and α_D = D / N.
// - A coefficient vector c ∈ R^D has exactly L non-zero entries (L = sparsity), on L distinct features drawn
//   uniformly. Binary coefficients put 1 on them (an "L-sparse binary coefficient vector"); signed
//   coefficients put an independent uniform ±1 on each.
// - An example is ξ = sign(F c), an N-vector of ±1. Tie rule: (F c)_i = 0 can happen only for even L (a sum
//   of an odd number of ±1 is odd); such an entry gets a uniform random sign drawn from
//   Rng(derive_seed(seed, column)), so the examples do not depend on the thread count.
// - Coefficients are stored one vector per column (D x count), examples one per column (N x count).
// - Train (p = α N examples, stored), features (the D columns of F, never stored) and test (fresh examples,
//   never stored) all share one F.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "hopfield/classical.hpp"
#include "hopfield/types.hpp"

namespace hopfield {

enum class CoefficientKind : std::uint8_t {
  Binary,  ///< the L non-zero coefficients are 1
  Signed,  ///< the L non-zero coefficients are independent uniform ±1
};

/// "binary" or "signed" (throws hopfield::Error otherwise).
CoefficientKind coefficient_kind_from_name(std::string_view name);
std::string_view coefficient_kind_name(CoefficientKind kind);

struct RandomFeaturesSpec {
  Index neurons = 0;   ///< N
  Index features = 0;  ///< D
  Index sparsity = 3;  ///< L, non-zero coefficients per example, 1 ≤ L ≤ D
  CoefficientKind coefficients = CoefficientKind::Binary;
};

/// F ∈ {±1}^(N x D), entries independent uniform; column k uses Rng(derive_seed(seed, k)).
Matrix random_feature_matrix(Index neurons, Index features, std::uint64_t seed);

/// `count` coefficient vectors (D x count), each with exactly L non-zeros; column k uses
/// Rng(derive_seed(seed, k)). A draw equal to a column of `held_out` (D x h) or to its negative is redrawn
/// from the same generator (hopfield::Error after 10000 draws).
Matrix sparse_coefficients(Index features, Index sparsity, Index count, CoefficientKind kind,
                           std::uint64_t seed, const Matrix& held_out = Matrix());

/// ξ = sign(F c) for every column c of `coefficients` (N x count); ties get a random sign from
/// Rng(derive_seed(tie_seed, column)) (see the header comment).
Matrix random_feature_examples(const Matrix& feature_matrix, const Matrix& coefficients,
                               std::uint64_t tie_seed);

/// The three sets of one experiment, sharing one F.
struct RandomFeaturesData {
  Matrix feature_matrix;      ///< F, N x D (its columns are the "features" set)
  Matrix train_coefficients;  ///< D x p
  Matrix train;               ///< N x p, stored
  Matrix test_coefficients;   ///< D x t
  Matrix test;                ///< N x t, never stored
};

/// Draws F, t test and p train examples from `seed` (F, the test and the train coefficients and their tie
/// signs each from their own derived seed, so the train set at p is a prefix of the train set at p' > p).
/// The test examples are held out: a train draw whose coefficient vector equals ± a test one is redrawn, so
/// every test example is unseen at every p (at small D the number of distinct mixtures, 2^(L−1) C(D, L)
/// signed, is not much larger than p and fresh draws would often repeat a stored one).
RandomFeaturesData generate_random_features_data(const RandomFeaturesSpec& spec, Index train_count,
                                                 Index test_count, std::uint64_t seed);

/// Indices of the columns of `candidates` (D x t) equal to none of the first `stored` columns of
/// `stored_coefficients` (D x p), nor to their negatives: the examples that are unseen at p = stored.
std::vector<Index> unseen_columns(const Matrix& candidates, const Matrix& stored_coefficients, Index stored);

enum class CouplingRule : std::uint8_t {
  Hebb,           ///< ClassicalHopfield::hebb
  Pseudoinverse,  ///< ClassicalHopfield::pseudoinverse with the ridge below (projection onto span(X))
};
/// "hebb" or "pseudoinverse" (throws hopfield::Error otherwise).
CouplingRule coupling_rule_from_name(std::string_view name);
std::string_view coupling_rule_name(CouplingRule rule);

/// The network storing the columns of `train`. Random-features examples are often linearly dependent
/// (with signed coefficients ξ(−c) = −ξ(c); at small D examples repeat), so the pseudoinverse uses
/// λ = relative_ridge · trace(XᵀX) = relative_ridge · N p: the limit λ → 0 is the Moore–Penrose projection
/// onto span(X), and λ / trace(XᵀX) = 1e-9 keeps W ξ = ξ for ξ in the span to within about 1e-9 times the
/// condition number of XᵀX (on the span).
ClassicalHopfield random_features_network(const Matrix& train, CouplingRule rule,
                                          double relative_ridge = 1e-9);

/// Final magnetisations m = (1/N) Σ_i s_i ξ_i of zero-temperature dynamics started from each column ξ of
/// `starts`, s being the state where the dynamics stopped (ClassicalHopfield::recall with `options`).
std::vector<double> final_magnetisations(const ClassicalHopfield& network, const Matrix& starts,
                                         const RecallOptions& options);

/// Mean, standard deviation (population), minimum and the fraction of starts with m ≥ threshold.
struct MagnetisationSummary {
  double mean = 0.0;
  double standard_deviation = 0.0;
  double minimum = 0.0;
  double fraction_retrieved = 0.0;
  Index count = 0;
};
MagnetisationSummary summarise_magnetisations(const std::vector<double>& magnetisations,
                                              double threshold = 0.9);

/// The first x (linear interpolation between grid points) where y crosses `level` going in the given
/// direction (rising: y_{k−1} < level ≤ y_k; falling: y_{k−1} ≥ level > y_k); found = false when it
/// never does. With interpolate_log_x the interpolation is linear in log x (for log grids).
/// If y already lies on the far side at the first point (y_0 ≥ level when rising, y_0 < level when
/// falling), the answer is x_0 and `before_grid` is set — the crossing lies at or below the grid.
struct Crossing {
  double x = 0.0;
  bool found = false;
  bool before_grid = false;
};
Crossing first_crossing(const std::vector<double>& x, const std::vector<double>& y, double level, bool rising,
                        bool interpolate_log_x = true);

}  // namespace hopfield
