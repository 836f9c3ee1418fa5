#include "hopfield/dense_memory.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <span>

#include "hopfield/error.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"

namespace hopfield {

InteractionFunction interaction_function_from_name(std::string_view name) {
  for (const auto function : {InteractionFunction::Polynomial, InteractionFunction::RectifiedPolynomial,
                              InteractionFunction::Exponential}) {
    if (interaction_function_name(function) == name) return function;
  }
  throw Error(detail::concat("unknown interaction function '", name,
                             "'; expected polynomial, rectified-polynomial or exponential"));
}

std::string_view interaction_function_name(InteractionFunction function) {
  switch (function) {
    case InteractionFunction::Polynomial:
      return "polynomial";
    case InteractionFunction::RectifiedPolynomial:
      return "rectified-polynomial";
    case InteractionFunction::Exponential:
      return "exponential";
  }
  return "unknown";
}

DenseAssociativeMemory::DenseAssociativeMemory(Matrix patterns, InteractionFunction function, int degree)
    : patterns_(std::move(patterns)), function_(function), degree_(degree) {
  require(patterns_.rows() > 0, "DenseAssociativeMemory: patterns have dimension 0; expected N >= 1 rows");
  require(patterns_.cols() > 0, "DenseAssociativeMemory: empty memory (0 patterns); expected p >= 1 columns");
  require_binary(patterns_, "DenseAssociativeMemory: patterns");
  require(function_ == InteractionFunction::Exponential || (degree_ >= 1 && degree_ <= 64),
          "DenseAssociativeMemory: degree n must lie in 1 … 64, got ", degree_);
  patterns_int_ = patterns_.transpose().cast<int>();
  if (function_ != InteractionFunction::Exponential) {
    const Index n = dimension();
    table_.resize(static_cast<std::size_t>(2 * n + 1));
    for (Index k = -n; k <= n; ++k)
      table_[static_cast<std::size_t>(k + n)] = interaction(static_cast<double>(k));
    require(std::isfinite(table_.back() * static_cast<double>(pattern_count())),
            "DenseAssociativeMemory: F(N) = N^", degree_, " with N = ", n, " and ", pattern_count(),
            " patterns overflows double precision; use a smaller degree");
    flip_gain_.assign(static_cast<std::size_t>(2 * (2 * n + 1)), 0.0);
    for (Index k = -n; k <= n; ++k) {
      const auto at = static_cast<std::size_t>(k + n);
      if (k - 2 >= -n) flip_gain_[2 * at] = table_[at - 2] - table_[at];
      if (k + 2 <= n) flip_gain_[2 * at + 1] = table_[at + 2] - table_[at];
    }
    const bool integer_table =
        std::all_of(table_.begin(), table_.end(), [](double f) { return std::trunc(f) == f; });
    const double largest_gain = 2.0 * std::max(std::abs(table_.front()), std::abs(table_.back()));
    if (integer_table && largest_gain * static_cast<double>(pattern_count()) < 0x1.0p53) {
      flip_gain_integer_.resize(flip_gain_.size());
      for (std::size_t k = 0; k < flip_gain_.size(); ++k)
        flip_gain_integer_[k] = static_cast<std::int64_t>(flip_gain_[k]);
    }
  }
}

double DenseAssociativeMemory::interaction(double x) const {
  switch (function_) {
    case InteractionFunction::Polynomial:
      return std::pow(x, degree_);
    case InteractionFunction::RectifiedPolynomial:
      return x > 0.0 ? std::pow(x, degree_) : 0.0;
    case InteractionFunction::Exponential:
      return std::exp(x);
  }
  return 0.0;
}

double DenseAssociativeMemory::energy_from_overlaps(const Eigen::Ref<const Eigen::VectorXi>& overlaps) const {
  if (function_ == InteractionFunction::Exponential) {
    const double maximum = overlaps.maxCoeff();
    double sum = 0.0;
    for (Index mu = 0; mu < overlaps.size(); ++mu) sum += std::exp(overlaps[mu] - maximum);
    return -(maximum + std::log(sum));
  }
  double sum = 0.0;
  for (Index mu = 0; mu < overlaps.size(); ++mu)
    sum += table_[static_cast<std::size_t>(overlaps[mu] + dimension())];
  return -sum;
}

double DenseAssociativeMemory::energy(const Vector& state) const {
  require(state.size() == dimension(), "energy: state has dimension ", state.size(), ", the memory has ",
          dimension(), " units");
  require_binary(state, "energy: state");
  const Eigen::VectorXi overlaps = patterns_int_ * state.cast<int>();
  return energy_from_overlaps(overlaps);
}

RecallResult DenseAssociativeMemory::recall(const Matrix& probes, const RecallOptions& options) const {
  const Index n = dimension();
  const Index p = pattern_count();
  require(probes.rows() == n, "recall: probes have dimension ", probes.rows(), ", the memory has ", n,
          " units");
  require_binary(probes, "recall: probes");
  require(options.max_sweeps >= 1, "recall: max_sweeps must be >= 1, got ", options.max_sweeps);
  require(options.threads >= 0, "recall: threads must be >= 0, got ", options.threads);
  require(options.dynamics != Dynamics::Synchronous,
          "recall: the dense associative memory runs asynchronous dynamics only; got synchronous");

  const Index batch = probes.cols();
  const auto batch_size = static_cast<std::size_t>(batch);
  RecallResult result;
  result.states = probes;
  result.sweeps.assign(batch_size, 0);
  result.outcome.assign(batch_size, Outcome::MaxSweeps);
  result.flips.assign(batch_size, 0);
  result.energy.assign(batch_size, 0.0);
  result.energy_trace.assign(options.record_energy ? batch_size : 0, {});
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  const bool exponential = function_ == InteractionFunction::Exponential;
  const double e_squared = std::exp(2.0);

#pragma omp parallel for schedule(dynamic) num_threads(threads) if (batch > 1)
  for (Index k = 0; k < batch; ++k) {
    const auto slot = static_cast<std::size_t>(k);
    auto state = result.states.col(k);
    Eigen::VectorXi spins = state.cast<int>();
    // m_μ = x_μᵀσ: integers ≤ N, exact in the (vectorised) double product.
    Eigen::VectorXi overlaps = (patterns_.transpose() * state).cast<int>();
    Eigen::VectorXd shifted_exp;  // e^{m_μ − max m} (exponential only)
    auto refresh_exponentials = [&] {
      const int maximum = overlaps.maxCoeff();
      shifted_exp = (overlaps.array() - maximum).cast<double>().exp();
    };
    if (exponential) refresh_exponentials();
    // Energy change of flipping unit i would be negative.
    auto flip_lowers_energy = [&](Index i) {
      const int s = spins[i];
      const auto column = patterns_int_.col(i);
      if (exponential) {
        // Σ e^{m'} > Σ e^{m} with m' = m − 2 s x_μi  ⇔  e² B > A, A (B) summing e^{m−max} over s x_μi = +1
        // (−1).
        double agree = 0.0, disagree = 0.0;
        for (Index mu = 0; mu < p; ++mu) (s * column[mu] > 0 ? agree : disagree) += shifted_exp[mu];
        return e_squared * disagree > agree;
      }
      // Σ_μ F(m'_μ) − F(m_μ) with m'_μ = m_μ − 2 s x_μi: the overlap falls by 2 where x_μi = s, rises by 2
      // where x_μi ≠ s.
      if (!flip_gain_integer_.empty()) {
        std::int64_t gain = 0;
        for (Index mu = 0; mu < p; ++mu)
          gain += flip_gain_integer_[static_cast<std::size_t>(2 * (overlaps[mu] + n) + (column[mu] != s))];
        return gain > 0;
      }
      double gain = 0.0;
      for (Index mu = 0; mu < p; ++mu)
        gain += flip_gain_[static_cast<std::size_t>(2 * (overlaps[mu] + n) + (column[mu] != s))];
      return gain > 0.0;
    };

    std::vector<double>* trace = options.record_energy ? &result.energy_trace[slot] : nullptr;
    Rng rng(derive_seed(options.seed, static_cast<std::uint64_t>(k)));
    std::vector<std::int64_t> order(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i) order[static_cast<std::size_t>(i)] = i;
    if (trace) trace->push_back(energy_from_overlaps(overlaps));
    int sweeps = 0;
    std::int64_t flips = 0;
    while (sweeps < options.max_sweeps) {
      if (options.dynamics == Dynamics::Asynchronous) rng.shuffle(std::span<std::int64_t>(order));
      ++sweeps;
      std::int64_t flips_this_sweep = 0;
      for (const auto i : order) {
        if (!flip_lowers_energy(i)) continue;
        overlaps.noalias() -= (2 * spins[i]) * patterns_int_.col(i);
        spins[i] = -spins[i];
        ++flips_this_sweep;
        if (exponential) refresh_exponentials();
      }
      flips += flips_this_sweep;
      if (trace) trace->push_back(energy_from_overlaps(overlaps));
      if (flips_this_sweep == 0) {
        result.outcome[slot] = Outcome::FixedPoint;
        break;
      }
    }
    state = spins.cast<double>();
    result.sweeps[slot] = sweeps;
    result.flips[slot] = flips;
    result.energy[slot] = energy_from_overlaps(overlaps);
  }
  return result;
}

}  // namespace hopfield
