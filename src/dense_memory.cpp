#include "hopfield/dense_memory.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "binary_recall.hpp"
#include "hopfield/enum_names.hpp"
#include "hopfield/error.hpp"
#include "hopfield/parallel.hpp"
#include "hopfield/patterns.hpp"
#include "kernels/dense_product.hpp"

namespace hopfield {

namespace {

constexpr std::array<EnumName<InteractionFunction>, 3> interaction_function_names{{
    {InteractionFunction::Polynomial, "polynomial"},
    {InteractionFunction::RectifiedPolynomial, "rectified-polynomial"},
    {InteractionFunction::Exponential, "exponential"},
}};

}  // namespace

InteractionFunction interaction_function_from_name(std::string_view name) {
  return enum_from_name(interaction_function_names, name, "interaction function");
}

std::string_view interaction_function_name(InteractionFunction function) {
  return enum_name(interaction_function_names, function);
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

// One probe's overlaps m_μ = x_μᵀσ, kept up to date as units flip (src/binary_recall.hpp), and the flip
// test: unit i flips exactly when the flip lowers the energy.
class DenseAssociativeMemory::Fields {
 public:
  using Start = Eigen::MatrixXi;
  explicit Fields(const DenseAssociativeMemory& memory)
      : memory_(memory), exponential_(memory.function_ == InteractionFunction::Exponential) {}
  // m = Xᵀσ of every probe: integers ≤ N, exact in the (vectorised) double product.
  Start start_products(const Eigen::Ref<const Matrix>& probes) const {
    return kernels::product<double>(memory_.patterns_, kernels::Operation::Transposed, probes).cast<int>();
  }
  void reset(const Eigen::Ref<const Eigen::VectorXi>& start_overlaps) {
    overlaps_ = start_overlaps;
    if (exponential_) refresh_exponentials();
  }
  bool flips(Index i, double state_i) const {
    const int s = static_cast<int>(state_i);
    const auto column = memory_.patterns_int_.col(i);
    const Index p = overlaps_.size(), n = memory_.dimension();
    if (exponential_) {
      // Σ e^{m'} > Σ e^{m} with m' = m − 2 s x_μi  ⇔  e² B > A, A (B) summing e^{m−max} over s x_μi = +1
      // (−1).
      double agree = 0.0, disagree = 0.0;
      for (Index mu = 0; mu < p; ++mu) (s * column[mu] > 0 ? agree : disagree) += shifted_exp_[mu];
      return e_squared_ * disagree > agree;
    }
    // Σ_μ F(m'_μ) − F(m_μ) with m'_μ = m_μ − 2 s x_μi: the overlap falls by 2 where x_μi = s, rises by 2
    // where x_μi ≠ s.
    if (!memory_.flip_gain_integer_.empty()) {
      std::int64_t gain = 0;
      for (Index mu = 0; mu < p; ++mu)
        gain +=
            memory_.flip_gain_integer_[static_cast<std::size_t>(2 * (overlaps_[mu] + n) + (column[mu] != s))];
      return gain > 0;
    }
    double gain = 0.0;
    for (Index mu = 0; mu < p; ++mu)
      gain += memory_.flip_gain_[static_cast<std::size_t>(2 * (overlaps_[mu] + n) + (column[mu] != s))];
    return gain > 0.0;
  }
  // Unit i changed by delta (= −2 σ_i): m += delta x_·i.
  void change(Index i, double delta) {
    overlaps_.noalias() += static_cast<int>(delta) * memory_.patterns_int_.col(i);
    if (exponential_) refresh_exponentials();
  }
  double energy(const Vector& /*state*/) const { return memory_.energy_from_overlaps(overlaps_); }

 private:
  void refresh_exponentials() {
    const int maximum = overlaps_.maxCoeff();
    shifted_exp_ = (overlaps_.array() - maximum).cast<double>().exp();
  }

  const DenseAssociativeMemory& memory_;
  bool exponential_;
  double e_squared_ = std::exp(2.0);
  Eigen::VectorXi overlaps_;
  Eigen::VectorXd shifted_exp_;  // e^{m_μ − max m} (exponential only)
};

namespace {

// Synchronous dynamics: every unit takes, at once, the state its flip test gives from the current overlaps.
template <typename Fields>
struct SynchronousRule {
  const Fields& prototype;
  std::int64_t step(const Vector& state, Vector& next) const {
    Fields fields = prototype;
    fields.reset(fields.start_products(state).col(0));
    std::int64_t changed = 0;
    for (Index i = 0; i < state.size(); ++i) {
      const bool flip = fields.flips(i, state[i]);
      next[i] = flip ? -state[i] : state[i];
      changed += flip;
    }
    return changed;
  }
  double energy(const Vector& state) const {
    Fields fields = prototype;
    fields.reset(fields.start_products(state).col(0));
    return fields.energy(state);
  }
};

}  // namespace

RecallResult DenseAssociativeMemory::recall(const MatrixView& probes, const RecallOptions& options) const {
  require(probes.rows() == dimension(), "recall: probes have dimension ", probes.rows(), ", the memory has ",
          dimension(), " units");
  require_binary(probes, "recall: probes");
  require(options.max_sweeps >= 1, "recall: max_sweeps must be >= 1, got ", options.max_sweeps);
  check_thread_count(options.threads, "recall: threads");
  const Fields prototype(*this);
  return recall::recall_binary(probes, options, prototype, SynchronousRule<Fields>{prototype}).result;
}

}  // namespace hopfield
