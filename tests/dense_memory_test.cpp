#include "hopfield/dense_memory.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "hopfield/classical.hpp"
#include "hopfield/corruption.hpp"
#include "hopfield/error.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"
#include "plain_recall.hpp"

namespace hopfield {
namespace {

TEST(DenseAssociativeMemory, DegreeTwoHasTheHebbNetworksDynamics) {
  // Near and beyond the classical capacity, so that trajectories are long and differ from probe to probe.
  const Matrix patterns = random_binary_patterns(60, 12, 1);
  const Matrix probes = flip_exactly(patterns, 15, 2);
  const auto hebb = ClassicalHopfield::hebb(patterns);
  const DenseAssociativeMemory dense(patterns, InteractionFunction::Polynomial, 2);
  for (const auto dynamics :
       {Dynamics::AsynchronousFixedOrder, Dynamics::Asynchronous, Dynamics::Synchronous}) {
    RecallOptions options;
    options.dynamics = dynamics;
    options.seed = 3;
    options.record_energy = true;
    const RecallResult a = hebb.recall(probes, options);
    const RecallResult b = dense.recall(probes, options);
    EXPECT_EQ((a.states - b.states).cwiseAbs().maxCoeff(), 0.0);
    EXPECT_EQ(a.sweeps, b.sweeps);
    EXPECT_EQ(a.flips, b.flips);
    std::int64_t total_flips = 0;
    for (const auto f : b.flips) total_flips += f;
    EXPECT_GT(total_flips, 12 * 15 / 2);  // the test exercises real trajectories
    // E_Hebb = −(1/2N)(Σ_μ m_μ² − pN) = (E_DAM + pN) / (2N), along the whole trajectory.
    for (std::size_t k = 0; k < a.energy_trace.size(); ++k) {
      ASSERT_EQ(a.energy_trace[k].size(), b.energy_trace[k].size());
      for (std::size_t t = 0; t < a.energy_trace[k].size(); ++t)
        EXPECT_NEAR(a.energy_trace[k][t], (b.energy_trace[k][t] + 12.0 * 60.0) / 120.0, 1e-12);
    }
  }
}

// One fixed-order sweep by the definition of Krotov & Hopfield:
// σ_i ← sign(Σ_μ F(x_μi + Σ_{j≠i} x_μj σ_j) − F(−x_μi + Σ_{j≠i} x_μj σ_j)), kept on a tie.
Vector naive_sweep(const Matrix& x, Vector state, const std::function<double(double)>& f) {
  for (Index i = 0; i < x.rows(); ++i) {
    double difference = 0.0;
    for (Index mu = 0; mu < x.cols(); ++mu) {
      double rest = 0.0;
      for (Index j = 0; j < x.rows(); ++j)
        if (j != i) rest += x(j, mu) * state[j];
      difference += f(x(i, mu) + rest) - f(-x(i, mu) + rest);
    }
    if (difference > 0.0) state[i] = 1.0;
    if (difference < 0.0) state[i] = -1.0;
  }
  return state;
}

TEST(DenseAssociativeMemory, OneSweepMatchesTheDefinition) {
  const Matrix patterns = random_binary_patterns(30, 40, 4);
  const Matrix probes = random_binary_patterns(30, 6, 5);
  struct Case {
    InteractionFunction function;
    int degree;
    std::function<double(double)> f;
  };
  const std::vector<Case> cases = {
      {InteractionFunction::Polynomial, 3, [](double x) { return x * x * x; }},
      {InteractionFunction::RectifiedPolynomial, 4, [](double x) { return x > 0 ? x * x * x * x : 0.0; }},
      {InteractionFunction::Exponential, 0, [](double x) { return std::exp(x); }},
      // 30^12 > 2^53: the gains are not all exact integers, so this runs the floating-point sum (the cases
      // above, integers, run the integer one).
      {InteractionFunction::Polynomial, 12, [](double x) { return std::pow(x, 12); }},
  };
  for (const auto& c : cases) {
    const DenseAssociativeMemory memory(patterns, c.function, c.degree);
    RecallOptions options;
    options.dynamics = Dynamics::AsynchronousFixedOrder;
    options.max_sweeps = 1;
    const RecallResult result = memory.recall(probes, options);
    for (Index k = 0; k < probes.cols(); ++k) {
      EXPECT_EQ((result.states.col(k) - naive_sweep(patterns, probes.col(k), c.f)).cwiseAbs().maxCoeff(), 0.0)
          << interaction_function_name(c.function);
    }
  }
}

TEST(DenseAssociativeMemory, EnergyMatchesDefinitionAndNeverIncreases) {
  const Matrix patterns = random_binary_patterns(40, 25, 6);
  const Matrix probes = flip_exactly(patterns.leftCols(8), 6, 7);
  for (const auto function : {InteractionFunction::Polynomial, InteractionFunction::RectifiedPolynomial,
                              InteractionFunction::Exponential}) {
    const DenseAssociativeMemory memory(patterns, function, 3);
    // Energy of a probe against the definition.
    double expected = 0.0;
    for (Index mu = 0; mu < 25; ++mu) expected -= memory.interaction(patterns.col(mu).dot(probes.col(0)));
    if (function == InteractionFunction::Exponential) expected = -std::log(-expected);
    EXPECT_NEAR(memory.energy(probes.col(0)), expected, 1e-9 * std::abs(expected));
    RecallOptions options;
    options.record_energy = true;
    const RecallResult result = memory.recall(probes, options);
    for (const auto& trace : result.energy_trace)
      for (std::size_t t = 1; t < trace.size(); ++t) EXPECT_LE(trace[t], trace[t - 1]);
    // 25 patterns in 40 units (P/N = 0.625, four times the Hebb capacity) are retrieved for n = 3.
    for (Index k = 0; k < 8; ++k) EXPECT_EQ(result.states.col(k), patterns.col(k));
  }
}

TEST(DenseAssociativeMemory, ExponentialDoesNotOverflow) {
  const Matrix patterns =
      random_binary_patterns(2000, 30, 8);  // overlaps up to 2000: e^2000 overflows double
  const Matrix probes = flip_exactly(patterns.leftCols(3), 600, 9);
  const DenseAssociativeMemory memory(patterns, InteractionFunction::Exponential);
  const RecallResult result = memory.recall(probes);
  for (Index k = 0; k < 3; ++k) {
    EXPECT_EQ(result.states.col(k), patterns.col(k));
    EXPECT_NEAR(result.energy[static_cast<std::size_t>(k)], -2000.0, 1e-9);  // −log Σ e^m, m = N dominates
  }
}

TEST(DenseAssociativeMemory, ResultsDoNotDependOnThreads) {
  const Matrix patterns = random_binary_patterns(50, 80, 10);
  const Matrix probes = flip_exactly(patterns, 15, 11);
  const DenseAssociativeMemory memory(patterns, InteractionFunction::Polynomial, 3);
  RecallOptions options;
  options.seed = 12;
  options.threads = 1;
  const RecallResult one = memory.recall(probes, options);
  options.threads = 2;
  const RecallResult two = memory.recall(probes, options);
  EXPECT_EQ(one.states, two.states);
  EXPECT_EQ(one.flips, two.flips);
}

// The recall written plainly, as the oracle: unit i flips when Σ_μ F(x_μᵀσ') > Σ_μ F(x_μᵀσ) for σ' = σ with
// unit i flipped (the energy falls), every sum afresh.
RecallResult plain_recall(const DenseAssociativeMemory& memory, const Matrix& probes,
                          const RecallOptions& options) {
  const Matrix& x = memory.patterns();
  const auto sum_f = [&](const Vector& v) {
    double sum = 0.0;
    for (Index mu = 0; mu < x.cols(); ++mu) sum += memory.interaction(x.col(mu).dot(v));
    return sum;
  };
  const auto lowers = [&](const Vector& v, Index i) {
    Vector flipped = v;
    flipped[i] = -flipped[i];
    return sum_f(flipped) > sum_f(v);
  };
  return test_oracle::plain_recall(memory, probes, options, lowers);
}

// Probes in several blocks on two threads, every dynamics: the same bits as on one thread, and the same
// trajectories as the plain recall.
TEST(DenseAssociativeMemory, RecallInBlocksOnThreadsEqualsThePlainRecall) {
  const Matrix patterns = random_binary_patterns(40, 25, 30);
  const Matrix probes = random_binary_patterns(40, 3 * binary_recall_block + 7, 31);
  ASSERT_GT(probes.cols(), 3 * binary_recall_block);  // four blocks
  for (const auto function : {InteractionFunction::Polynomial, InteractionFunction::RectifiedPolynomial}) {
    const DenseAssociativeMemory memory(patterns, function, 3);
    for (const auto dynamics :
         {Dynamics::Asynchronous, Dynamics::AsynchronousFixedOrder, Dynamics::Synchronous}) {
      SCOPED_TRACE(std::string(interaction_function_name(function)) + ", " +
                   std::string(dynamics_name(dynamics)));
      const RecallOptions options{.dynamics = dynamics, .max_sweeps = 30, .seed = 32, .threads = 1};
      RecallOptions two_threads = options;
      two_threads.threads = 2;
      const RecallResult one = memory.recall(probes, options);
      const RecallResult two = memory.recall(probes, two_threads);
      const RecallResult plain = plain_recall(memory, probes, options);
      EXPECT_EQ(one.states, two.states);
      EXPECT_EQ(one.flips, two.flips);
      EXPECT_EQ(one.energy, two.energy);
      test_oracle::expect_same_trajectories(one, plain, 0.0);
      std::int64_t total = 0;
      for (const auto f : one.flips) total += f;
      EXPECT_GT(total, 5 * probes.cols());
    }
  }
}

TEST(DenseAssociativeMemory, ErrorsNameTheArgument) {
  const Matrix patterns = random_binary_patterns(10, 3, 13);
  EXPECT_THROW(DenseAssociativeMemory(Matrix(10, 0), InteractionFunction::Polynomial, 2), Error);
  EXPECT_THROW(DenseAssociativeMemory(0.5 * patterns, InteractionFunction::Polynomial, 2), Error);
  EXPECT_THROW(DenseAssociativeMemory(patterns, InteractionFunction::Polynomial, 0), Error);
  EXPECT_THROW(
      DenseAssociativeMemory(random_binary_patterns(100000, 2, 14), InteractionFunction::Polynomial, 64),
      Error);  // 100000^64 overflows
  const DenseAssociativeMemory memory(patterns, InteractionFunction::Polynomial, 3);
  EXPECT_THROW(memory.recall(Matrix::Ones(11, 1)), Error);
  EXPECT_THROW(memory.recall(Matrix::Zero(10, 1)), Error);
  try {
    interaction_function_from_name("cubic");
    ADD_FAILURE() << "no error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what())
                  .find("unknown interaction function 'cubic'; expected polynomial, rectified-polynomial or "
                        "exponential"),
              std::string::npos)
        << error.what();
  }
  EXPECT_EQ(interaction_function_from_name(interaction_function_name(InteractionFunction::Exponential)),
            InteractionFunction::Exponential);
}

}  // namespace
}  // namespace hopfield
