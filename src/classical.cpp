#include "hopfield/classical.hpp"

#include <omp.h>

#include <Eigen/Cholesky>
#include <cmath>
#include <limits>

#include "hopfield/error.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"

namespace hopfield {
namespace {

void require_patterns(const Matrix& patterns, const char* rule) {
  require(patterns.rows() > 0, rule, ": patterns have dimension 0");
  require(patterns.cols() > 0, rule, ": no patterns to store (0 columns)");
  require_finite(patterns, std::string(rule) + ": patterns");
}

// Σ ξ ξᵀ with zero diagonal: integers for ±1 patterns (exact in double).
Matrix outer_product_sum(const Matrix& patterns) {
  Matrix sum = Matrix::Zero(patterns.rows(), patterns.rows());
  sum.selfadjointView<Eigen::Lower>().rankUpdate(patterns);
  sum.triangularView<Eigen::StrictlyUpper>() = sum.transpose();
  sum.diagonal().setZero();
  return sum;
}

double sign_keeping_ties(double field, double current) {
  return field > 0.0 ? 1.0 : (field < 0.0 ? -1.0 : current);
}

struct ProbeOutcome {
  int sweeps = 0;
  Outcome outcome = Outcome::MaxSweeps;
  std::int64_t flips = 0;
};

}  // namespace

Matrix hebb_weights(const Matrix& patterns) {
  require_patterns(patterns, "hebb_weights");
  return outer_product_sum(patterns) / static_cast<double>(patterns.rows());
}

Matrix storkey_weights(const Matrix& patterns) {
  require_patterns(patterns, "storkey_weights");
  const Index n = patterns.rows();
  const double inv_n = 1.0 / static_cast<double>(n);
  Matrix w = Matrix::Zero(n, n);
  for (Index mu = 0; mu < patterns.cols(); ++mu) {
    const Vector xi = patterns.col(mu);
    // With w_ii = 0: h_ij = f_i − w_ij ξ_j where f = W ξ, so
    // Δw_ij = (ξ_i ξ_j − ξ_i f_j − f_i ξ_j + w_ij (ξ_i² + ξ_j²)) / N.
    const Vector f = w * xi;
    const Vector xi_squared = xi.array().square();
    Matrix delta = xi * xi.transpose() - xi * f.transpose() - f * xi.transpose();
    delta.array() +=
        w.array() * (xi_squared.replicate(1, n) + xi_squared.transpose().replicate(n, 1)).array();
    w += inv_n * delta;
    w.diagonal().setZero();
  }
  return w;
}

Matrix pseudoinverse_weights(const Matrix& patterns, const PseudoinverseOptions& options) {
  require_patterns(patterns, "pseudoinverse_weights");
  require(std::isfinite(options.ridge) && options.ridge >= 0.0,
          "pseudoinverse_weights: ridge must be finite and >= 0, got ", options.ridge);
  const Index n = patterns.rows();
  const Index p = patterns.cols();
  require(options.ridge > 0.0 || p <= n, "pseudoinverse_weights: ", p, " patterns of dimension ", n,
          " are linearly dependent (p > N), so the Gram matrix XᵀX is singular; use ridge > 0");
  Matrix gram = patterns.transpose() * patterns;
  gram.diagonal().array() += options.ridge;
  const Eigen::LLT<Matrix> cholesky(gram);
  const double reciprocal_condition = cholesky.info() == Eigen::Success ? cholesky.rcond() : 0.0;
  require(reciprocal_condition > 1e3 * std::numeric_limits<double>::epsilon(),
          "pseudoinverse_weights: the Gram matrix XᵀX of the ", p,
          " patterns is singular or nearly so (reciprocal condition ", reciprocal_condition,
          "): the patterns are linearly dependent; remove duplicates or use ridge > 0");
  Matrix w = patterns * cholesky.solve(patterns.transpose());
  w = (0.5 * (w + w.transpose())).eval();  // exactly symmetric (eval: no aliasing), so the energy argument holds to the last bit
  if (options.zero_diagonal) w.diagonal().setZero();
  return w;
}

Dynamics dynamics_from_name(std::string_view name) {
  for (const auto dynamics :
       {Dynamics::Asynchronous, Dynamics::AsynchronousFixedOrder, Dynamics::Synchronous}) {
    if (dynamics_name(dynamics) == name) return dynamics;
  }
  throw Error(detail::concat("unknown dynamics '", name,
                             "'; expected asynchronous, asynchronous-fixed-order or synchronous"));
}

std::string_view dynamics_name(Dynamics dynamics) {
  switch (dynamics) {
    case Dynamics::Asynchronous:
      return "asynchronous";
    case Dynamics::AsynchronousFixedOrder:
      return "asynchronous-fixed-order";
    case Dynamics::Synchronous:
      return "synchronous";
  }
  return "unknown";
}

ClassicalHopfield::ClassicalHopfield(Matrix couplings, double coupling_scale, Vector thresholds,
                                     Index pattern_count)
    : couplings_(std::move(couplings)),
      coupling_scale_(coupling_scale),
      thresholds_(std::move(thresholds)),
      pattern_count_(pattern_count) {}

ClassicalHopfield ClassicalHopfield::hebb(const Matrix& patterns, bool centre) {
  require_patterns(patterns, "ClassicalHopfield::hebb");
  const Index n = patterns.rows();
  Matrix couplings = outer_product_sum(centre ? centre_patterns(patterns) : patterns);
  return ClassicalHopfield(std::move(couplings), 1.0 / static_cast<double>(n), Vector::Zero(n),
                           patterns.cols());
}

ClassicalHopfield ClassicalHopfield::storkey(const Matrix& patterns) {
  return ClassicalHopfield(storkey_weights(patterns), 1.0, Vector::Zero(patterns.rows()), patterns.cols());
}

ClassicalHopfield ClassicalHopfield::pseudoinverse(const Matrix& patterns,
                                                   const PseudoinverseOptions& options) {
  return ClassicalHopfield(pseudoinverse_weights(patterns, options), 1.0, Vector::Zero(patterns.rows()),
                           patterns.cols());
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
  return ClassicalHopfield(std::move(weights), 1.0, std::move(thresholds), 0);
}

Vector ClassicalHopfield::local_field(const Vector& state) const {
  require(state.size() == dimension(), "local_field: state has dimension ", state.size(),
          ", the network has ", dimension(), " units");
  return coupling_scale_ * (couplings_ * state) - thresholds_;
}

double ClassicalHopfield::energy(const Vector& state) const {
  require(state.size() == dimension(), "energy: state has dimension ", state.size(), ", the network has ",
          dimension(), " units");
  return -0.5 * coupling_scale_ * state.dot(couplings_ * state) + thresholds_.dot(state);
}

RecallResult ClassicalHopfield::recall(const Matrix& probes, const RecallOptions& options) const {
  const Index n = dimension();
  require(probes.rows() == n, "recall: probes have dimension ", probes.rows(), ", the network has ", n,
          " units");
  require_binary(probes, "recall: probes");
  require(options.max_sweeps >= 1, "recall: max_sweeps must be >= 1, got ", options.max_sweeps);
  require(options.threads >= 0, "recall: threads must be >= 0, got ", options.threads);

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

  // Field of unit i, from the scaled field C v kept up to date incrementally: a flip of unit j adds
  // Δv_j · C_{:,j} (O(N)); checking a unit costs O(1).
  auto field_of = [&](const Vector& scaled_field, Index i) {
    return coupling_scale_ * scaled_field[i] - thresholds_[i];
  };

  auto run_asynchronous = [&](Eigen::Ref<Vector> state, std::vector<double>* trace, std::uint64_t seed) {
    ProbeOutcome out;
    Vector scaled_field = couplings_ * state;
    Rng rng(seed);
    std::vector<std::int64_t> order(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i) order[static_cast<std::size_t>(i)] = i;
    if (trace) trace->push_back(energy(state));
    while (out.sweeps < options.max_sweeps) {
      if (options.dynamics == Dynamics::Asynchronous) rng.shuffle(std::span<std::int64_t>(order));
      ++out.sweeps;
      std::int64_t flips_this_sweep = 0;
      for (const auto i : order) {
        const double updated = sign_keeping_ties(field_of(scaled_field, i), state[i]);
        if (updated != state[i]) {
          scaled_field.noalias() += (updated - state[i]) * couplings_.col(i);
          state[i] = updated;
          ++flips_this_sweep;
        }
      }
      out.flips += flips_this_sweep;
      if (trace) trace->push_back(energy(state));
      if (flips_this_sweep == 0) {
        out.outcome = Outcome::FixedPoint;
        break;
      }
    }
    return out;
  };

  auto run_synchronous = [&](Eigen::Ref<Vector> state, std::vector<double>* trace) {
    ProbeOutcome out;
    Vector previous = state;  // the state one step back, for 2-cycle detection
    Vector next(n);
    if (trace) trace->push_back(energy(state));
    while (out.sweeps < options.max_sweeps) {
      ++out.sweeps;
      const Vector scaled_field = couplings_ * state;
      std::int64_t changed = 0;
      for (Index i = 0; i < n; ++i) {
        next[i] = sign_keeping_ties(field_of(scaled_field, i), state[i]);
        changed += next[i] != state[i];
      }
      out.flips += changed;
      if (changed == 0) {
        out.outcome = Outcome::FixedPoint;
        if (trace) trace->push_back(energy(state));
        break;
      }
      const bool returns_two_back = out.sweeps >= 2 && next == previous;
      previous = state;
      state = next;
      if (trace) trace->push_back(energy(state));
      if (returns_two_back) {
        out.outcome = Outcome::TwoCycle;
        break;
      }
    }
    return out;
  };

#pragma omp parallel for schedule(dynamic) num_threads(threads) if (batch > 1)
  for (Index k = 0; k < batch; ++k) {
    const auto slot = static_cast<std::size_t>(k);
    std::vector<double>* trace = options.record_energy ? &result.energy_trace[slot] : nullptr;
    auto state = result.states.col(k);
    const ProbeOutcome out =
        options.dynamics == Dynamics::Synchronous
            ? run_synchronous(state, trace)
            : run_asynchronous(state, trace, derive_seed(options.seed, static_cast<std::uint64_t>(k)));
    result.sweeps[slot] = out.sweeps;
    result.outcome[slot] = out.outcome;
    result.flips[slot] = out.flips;
    result.energy[slot] = energy(result.states.col(k));
  }
  return result;
}

}  // namespace hopfield
