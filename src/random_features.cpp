#include "hopfield/random_features.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

#include "hopfield/error.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"
#include "kernels/dense_product.hpp"

namespace hopfield {

CoefficientKind coefficient_kind_from_name(std::string_view name) {
  if (name == "binary") return CoefficientKind::Binary;
  if (name == "signed") return CoefficientKind::Signed;
  throw Error(detail::concat("unknown coefficient kind '", name, "'; expected binary or signed"));
}

std::string_view coefficient_kind_name(CoefficientKind kind) {
  return kind == CoefficientKind::Binary ? "binary" : "signed";
}

Matrix random_feature_matrix(Index neurons, Index features, std::uint64_t seed) {
  require(neurons > 0, "random_feature_matrix: neurons must be > 0, got ", neurons);
  require(features > 0, "random_feature_matrix: features must be > 0, got ", features);
  Matrix f(neurons, features);
  for (Index k = 0; k < features; ++k) {
    Rng rng(derive_seed(seed, static_cast<std::uint64_t>(k)));
    for (Index i = 0; i < neurons; ++i) f(i, k) = rng.spin();
  }
  return f;
}

namespace {

// A sparse coefficient vector as its sorted (index, value) list, up to an overall sign (c and −c give ξ and
// −ξ, one pair of attractors): the first non-zero value is made positive.
using CoefficientKey = std::vector<std::pair<Index, double>>;

template <typename Column>
CoefficientKey key_of(const Column& column) {
  CoefficientKey entries;
  for (Index k = 0; k < column.size(); ++k)
    if (column[k] != 0.0) entries.emplace_back(k, column[k]);
  if (!entries.empty() && entries.front().second < 0.0)
    for (auto& entry : entries) entry.second = -entry.second;
  return entries;
}

std::set<CoefficientKey> keys_of(const Matrix& coefficients, Index count) {
  std::set<CoefficientKey> keys;
  for (Index mu = 0; mu < count; ++mu) keys.insert(key_of(coefficients.col(mu)));
  return keys;
}

}  // namespace

Matrix sparse_coefficients(Index features, Index sparsity, Index count, CoefficientKind kind,
                           std::uint64_t seed, const Matrix& held_out) {
  require(features > 0, "sparse_coefficients: features must be > 0, got ", features);
  require(sparsity >= 1 && sparsity <= features,
          "sparse_coefficients: sparsity L must lie in [1, D = ", features, "], got ", sparsity);
  require(count >= 0, "sparse_coefficients: count must be >= 0, got ", count);
  require(held_out.cols() == 0 || held_out.rows() == features, "sparse_coefficients: held_out has ",
          held_out.rows(), " rows, expected D = ", features);
  const std::set<CoefficientKey> excluded = keys_of(held_out, held_out.cols());
  constexpr int max_attempts = 10000;
  Matrix c = Matrix::Zero(features, count);
  for (Index mu = 0; mu < count; ++mu) {
    Rng rng(derive_seed(seed, static_cast<std::uint64_t>(mu)));
    for (int attempt = 0;; ++attempt) {
      require(attempt < max_attempts, "sparse_coefficients: ", max_attempts,
              " draws all fell in the held-out set of ", held_out.cols(),
              " coefficient vectors; D = ", features, " and L = ", sparsity, " leave too few mixtures");
      c.col(mu).setZero();
      for (const auto k : rng.sample_without_replacement(features, sparsity))
        c(k, mu) = kind == CoefficientKind::Binary ? 1.0 : rng.spin();
      if (excluded.empty() || !excluded.contains(key_of(c.col(mu)))) break;
    }
  }
  return c;
}

Matrix random_feature_examples(const Matrix& feature_matrix, const Matrix& coefficients,
                               std::uint64_t tie_seed) {
  require(feature_matrix.size() > 0, "random_feature_examples: the feature matrix is empty");
  require(coefficients.rows() == feature_matrix.cols(), "random_feature_examples: coefficients have ",
          coefficients.rows(), " rows, expected D = ", feature_matrix.cols());
  require_binary(feature_matrix, "random_feature_examples: feature matrix");
  require_finite(coefficients, "random_feature_examples: coefficients");
  const Index n = feature_matrix.rows();
  const Index count = coefficients.cols();
  if (count == 0) return Matrix(n, 0);
  // Integer coefficients (the generator's ±1 and 1): every partial sum of F c is an integer well below 2^53,
  // exact in any order, so summing only the L non-zero columns of F gives the same bits as the dense product
  // F C — without its N x count temporary, at O(N L) per example instead of O(N D).
  const bool integer_coefficients =
      (coefficients.array() == coefficients.array().round()).all() &&
      coefficients.cwiseAbs().maxCoeff() * static_cast<double>(feature_matrix.cols()) < 0x1.0p52;
  Matrix examples;
  if (integer_coefficients) {
    examples.resize(n, count);
  } else {
    examples = kernels::product<double>(feature_matrix, kernels::Operation::AsStored,
                                        coefficients);  // the fields; made signs below
  }
  const auto take_signs = [&](Index mu) {
    auto column = examples.col(mu);
    // Branch-free (the signs of random mixtures defeat branch prediction); a tie becomes 0 here and then gets
    // its random sign, in row order, from the column's generator.
    column = (column.array() > 0.0).cast<double>() - (column.array() < 0.0).cast<double>();
    if (!(column.array() == 0.0).any()) return;
    Rng tie_rng(derive_seed(tie_seed, static_cast<std::uint64_t>(mu)));
    for (Index i = 0; i < n; ++i)
      if (column[i] == 0.0) column[i] = tie_rng.spin();
  };
  // Each column is its own unit (its own tie generator): the result is the same for any thread count.
#pragma omp parallel for schedule(static) if (count > 256)
  for (Index mu = 0; mu < count; ++mu) {
    if (integer_coefficients) {
      auto column = examples.col(mu);
      column.setZero();
      for (Index k = 0; k < coefficients.rows(); ++k) {
        const double c = coefficients(k, mu);
        if (c != 0.0) column.noalias() += c * feature_matrix.col(k);
      }
    }
    take_signs(mu);
  }
  return examples;
}

RandomFeaturesData generate_random_features_data(const RandomFeaturesSpec& spec, Index train_count,
                                                 Index test_count, std::uint64_t seed) {
  require(train_count >= 0 && test_count >= 0, "generate_random_features_data: set sizes must be >= 0, got ",
          train_count, " train and ", test_count, " test");
  RandomFeaturesData data;
  data.feature_matrix = random_feature_matrix(spec.neurons, spec.features, derive_seed(seed, 0));
  data.test_coefficients =
      sparse_coefficients(spec.features, spec.sparsity, test_count, spec.coefficients, derive_seed(seed, 3));
  data.test = random_feature_examples(data.feature_matrix, data.test_coefficients, derive_seed(seed, 4));
  data.train_coefficients = sparse_coefficients(spec.features, spec.sparsity, train_count, spec.coefficients,
                                                derive_seed(seed, 1), data.test_coefficients);
  data.train = random_feature_examples(data.feature_matrix, data.train_coefficients, derive_seed(seed, 2));
  return data;
}

std::vector<Index> unseen_columns(const Matrix& candidates, const Matrix& stored_coefficients, Index stored) {
  require(candidates.rows() == stored_coefficients.rows(), "unseen_columns: candidates have ",
          candidates.rows(), " rows, stored coefficients ", stored_coefficients.rows());
  require(stored >= 0 && stored <= stored_coefficients.cols(), "unseen_columns: stored must lie in [0, ",
          stored_coefficients.cols(), "], got ", stored);
  const std::set<CoefficientKey> seen = keys_of(stored_coefficients, stored);
  std::vector<Index> unseen;
  for (Index t = 0; t < candidates.cols(); ++t)
    if (!seen.contains(key_of(candidates.col(t)))) unseen.push_back(t);
  return unseen;
}

CouplingRule coupling_rule_from_name(std::string_view name) {
  if (name == "hebb") return CouplingRule::Hebb;
  if (name == "pseudoinverse") return CouplingRule::Pseudoinverse;
  throw Error(detail::concat("unknown coupling rule '", name, "'; expected hebb or pseudoinverse"));
}

std::string_view coupling_rule_name(CouplingRule rule) {
  return rule == CouplingRule::Hebb ? "hebb" : "pseudoinverse";
}

ClassicalHopfield random_features_network(const Matrix& train, CouplingRule rule, double relative_ridge) {
  require(std::isfinite(relative_ridge) && relative_ridge >= 0.0,
          "random_features_network: relative_ridge must be finite and >= 0, got ", relative_ridge);
  if (rule == CouplingRule::Hebb) return ClassicalHopfield::hebb(train);
  const double trace = static_cast<double>(train.rows()) * static_cast<double>(train.cols());
  return ClassicalHopfield::pseudoinverse(train, {.ridge = relative_ridge * trace, .zero_diagonal = false});
}

std::vector<double> final_magnetisations(const ClassicalHopfield& network, const Matrix& starts,
                                         const RecallOptions& options) {
  const RecallResult recall = network.recall(starts, options);
  std::vector<double> m(static_cast<std::size_t>(starts.cols()));
  const auto n = static_cast<double>(starts.rows());
  for (Index k = 0; k < starts.cols(); ++k)
    m[static_cast<std::size_t>(k)] = recall.states.col(k).dot(starts.col(k)) / n;
  return m;
}

MagnetisationSummary summarise_magnetisations(const std::vector<double>& magnetisations, double threshold) {
  require(!magnetisations.empty(), "summarise_magnetisations: no magnetisations");
  MagnetisationSummary s;
  s.count = static_cast<Index>(magnetisations.size());
  double sum = 0.0;
  s.minimum = magnetisations.front();
  Index retrieved = 0;
  for (const double m : magnetisations) {
    sum += m;
    s.minimum = std::min(s.minimum, m);
    retrieved += m >= threshold;
  }
  s.mean = sum / static_cast<double>(s.count);
  double squares = 0.0;
  for (const double m : magnetisations) squares += (m - s.mean) * (m - s.mean);
  s.standard_deviation = std::sqrt(squares / static_cast<double>(s.count));
  s.fraction_retrieved = static_cast<double>(retrieved) / static_cast<double>(s.count);
  return s;
}

Crossing first_crossing(const std::vector<double>& x, const std::vector<double>& y, double level, bool rising,
                        bool interpolate_log_x) {
  require(x.size() == y.size(), "first_crossing: x has ", x.size(), " points, y has ", y.size());
  Crossing crossing;
  if (x.empty()) return crossing;
  auto beyond = [&](double value) { return rising ? value >= level : value < level; };
  if (beyond(y[0])) {
    crossing.x = x[0];
    crossing.found = true;
    crossing.before_grid = true;
    return crossing;
  }
  for (std::size_t k = 1; k < x.size(); ++k) {
    if (!beyond(y[k])) continue;
    const double t = (level - y[k - 1]) / (y[k] - y[k - 1]);
    if (interpolate_log_x) {
      require(x[k - 1] > 0.0 && x[k] > 0.0, "first_crossing: log interpolation needs x > 0");
      crossing.x = std::exp(std::log(x[k - 1]) + t * (std::log(x[k]) - std::log(x[k - 1])));
    } else {
      crossing.x = x[k - 1] + t * (x[k] - x[k - 1]);
    }
    crossing.found = true;
    return crossing;
  }
  return crossing;
}

}  // namespace hopfield
