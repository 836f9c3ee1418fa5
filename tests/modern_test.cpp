#include "hopfield/modern.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>

#include "hopfield/corruption.hpp"
#include "hopfield/error.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/softmax_retrieval.hpp"

namespace hopfield {
namespace {

// Naive double-precision reference, written without Eigen products: w = softmax(β Xᵀξ), ξ' = X w.
Matrix naive_weights(const Matrix& x, const Matrix& states, double beta) {
  Matrix w(x.cols(), states.cols());
  for (Index b = 0; b < states.cols(); ++b) {
    double maximum = -std::numeric_limits<double>::infinity();
    for (Index i = 0; i < x.cols(); ++i) {
      double s = 0.0;
      for (Index r = 0; r < x.rows(); ++r) s += x(r, i) * states(r, b);
      w(i, b) = beta * s;
      maximum = std::max(maximum, w(i, b));
    }
    double sum = 0.0;
    for (Index i = 0; i < x.cols(); ++i) sum += (w(i, b) = std::exp(w(i, b) - maximum));
    for (Index i = 0; i < x.cols(); ++i) w(i, b) /= sum;
  }
  return w;
}

Matrix naive_update(const Matrix& x, const Matrix& states, double beta) {
  const Matrix w = naive_weights(x, states, beta);
  Matrix out = Matrix::Zero(x.rows(), states.cols());
  for (Index b = 0; b < states.cols(); ++b)
    for (Index i = 0; i < x.cols(); ++i)
      for (Index r = 0; r < x.rows(); ++r) out(r, b) += x(r, i) * w(i, b);
  return out;
}

double naive_energy(const Matrix& x, const Vector& state, double beta) {
  double maximum = -std::numeric_limits<double>::infinity(), largest_norm = 0.0;
  for (Index i = 0; i < x.cols(); ++i) {
    maximum = std::max(maximum, beta * x.col(i).dot(state));
    largest_norm = std::max(largest_norm, x.col(i).norm());
  }
  double sum = 0.0;
  for (Index i = 0; i < x.cols(); ++i) sum += std::exp(beta * x.col(i).dot(state) - maximum);
  const double lse = maximum + std::log(sum);
  return -lse / beta + 0.5 * state.squaredNorm() + std::log(static_cast<double>(x.cols())) / beta +
         0.5 * largest_norm * largest_norm;
}

double max_relative_difference(const Matrix& a, const Matrix& b) {
  return (a - b).cwiseAbs().maxCoeff() / std::max(1e-300, b.cwiseAbs().maxCoeff());
}

TEST(ModernHopfield, UpdateAndWeightsMatchNaiveReference) {
  const Matrix x = gaussian_patterns(5, 7, 1);
  const Matrix probes = gaussian_patterns(5, 3, 2);
  const ModernHopfield memory(x, 0.7);
  EXPECT_LT(max_relative_difference(memory.retrieval_weights(probes), naive_weights(x, probes, 0.7)), 1e-13);
  const Matrix expected = naive_update(x, probes, 0.7);
  EXPECT_LT(max_relative_difference(memory.update(probes), expected), 1e-13);
  ModernRecallOptions options;
  options.precision = Precision::Double;
  EXPECT_LT(max_relative_difference(memory.recall(probes, options).states, expected), 1e-13);
  options.precision = Precision::Single;
  EXPECT_LT(max_relative_difference(memory.recall(probes, options).states, expected), 1e-5);
  for (Index b = 0; b < 3; ++b)
    EXPECT_NEAR(memory.energy(probes.col(b)), naive_energy(x, probes.col(b), 0.7), 1e-12);
}

TEST(ModernHopfield, StreamingEqualsDense) {
  const Matrix x = gaussian_patterns(16, 1000, 3);
  const Matrix probes = add_gaussian_noise(x.leftCols(70), 0.5, 4);
  const ModernHopfield memory(x, 0.3);
  ModernRecallOptions dense, streaming;
  dense.path = RetrievalPath::Dense;
  streaming.path = RetrievalPath::Streaming;
  streaming.block_size = 37;  // not a divisor of 1000: the last block is partial
  const Matrix reference = naive_update(x, probes, 0.3);
  const Matrix a = memory.recall(probes, dense).states;
  const Matrix b = memory.recall(probes, streaming).states;
  EXPECT_LT(max_relative_difference(b, a), 1e-5);
  EXPECT_LT(max_relative_difference(a, reference), 1e-5);
  EXPECT_LT(max_relative_difference(b, reference), 1e-5);
  // Double precision streaming against the naive reference, and the automatic switch.
  streaming.precision = Precision::Double;
  const RecallResult exact = memory.recall(probes, streaming);
  EXPECT_LT(max_relative_difference(exact.states, reference), 1e-12);
  // Energies are streamed over the same blocks of 37 patterns (running maximum, rescaled expm1 sums).
  for (Index b = 0; b < probes.cols(); b += 7) {
    const double expected = naive_energy(x, exact.states.col(b), 0.3);
    EXPECT_NEAR(exact.energy[static_cast<std::size_t>(b)], expected, 1e-10 * std::abs(expected));
    // Single precision: scores in float, so the energy agrees to float accuracy.
    const RecallResult single = memory.recall(probes.col(b), dense);
    const double single_expected = naive_energy(x, single.states.col(0), 0.3);
    EXPECT_NEAR(single.energy.front(), single_expected, 1e-5 * std::abs(single_expected));
  }
  // Automatic: the fused kernel in single precision (64 + 6 probes: one fused panel, one GEMM panel);
  // in double precision streaming once p x probes exceeds dense_limit.
  ModernRecallOptions automatic;
  EXPECT_LT(max_relative_difference(memory.recall(probes, automatic).states, reference), 1e-5);
  const ModernRecallOptions fused{.path = RetrievalPath::Fused};
  EXPECT_EQ(memory.recall(probes, automatic).states, memory.recall(probes, fused).states);
  automatic.precision = Precision::Double;
  automatic.dense_limit = 100;
  automatic.block_size = 64;
  EXPECT_LT(max_relative_difference(memory.recall(probes, automatic).states, reference), 1e-12);
  // The fused path has no double-precision kernel: a clear error, not a silent switch.
  EXPECT_THROW(memory.recall(probes, {.path = RetrievalPath::Fused, .precision = Precision::Double}), Error);
}

TEST(ModernHopfield, WithoutFinalEnergySameStatesAndNoEnergies) {
  const ModernHopfield memory(gaussian_patterns(16, 300, 4), 0.5);
  const Matrix probes = add_gaussian_noise(memory.patterns().leftCols(70), 0.3, 5);
  const RecallResult with = memory.recall(probes, {.max_sweeps = 3});
  const RecallResult without = memory.recall(probes, {.max_sweeps = 3, .final_energy = false});
  EXPECT_EQ(with.states, without.states);
  EXPECT_EQ(with.sweeps, without.sweeps);
  EXPECT_TRUE(without.energy.empty());
  ASSERT_EQ(with.energy.size(), 70U);
  EXPECT_NEAR(with.energy[3], memory.energy(with.states.col(3)), 1e-4);
}

TEST(ModernHopfield, StreamingKernelLogNormaliserMatchesDense) {
  const MatrixF keys = gaussian_patterns(8, 300, 5).cast<float>();
  const MatrixF queries = gaussian_patterns(8, 5, 6).cast<float>();
  MatrixF out_dense, out_streaming;
  kernels::RowVectorOf<float> lse_dense, lse_streaming;
  kernels::retrieve_dense<float>(keys, keys, queries, 2.0f, out_dense, &lse_dense);
  kernels::retrieve_streaming<float>(keys, keys, queries, 2.0f, 7, out_streaming, &lse_streaming);
  for (Index b = 0; b < 5; ++b) EXPECT_NEAR(lse_dense[b], lse_streaming[b], 1e-5 * std::abs(lse_dense[b]));
  // The log-sum-exp against a double reference.
  const Matrix scores = 2.0 * keys.cast<double>().transpose() * queries.cast<double>();
  for (Index b = 0; b < 5; ++b) {
    const double m = scores.col(b).maxCoeff();
    const double lse = m + std::log((scores.col(b).array() - m).exp().sum());
    EXPECT_NEAR(lse_streaming[b], lse, 1e-5 * std::abs(lse));
  }
}

// The fused kernel against a plain double computation written here: keys and values of different
// dimensions (no multiple of the 6-row tile), item counts that leave a partial block and a partial tile, and
// query counts that leave a partial 16-column tile and a second panel.
TEST(ModernHopfield, FusedKernelMatchesDoubleReference) {
  for (const auto& [key_dimension, value_dimension, items, queries_count] : std::vector<std::array<Index, 4>>{
           {64, 64, 1000, 64}, {13, 7, 197, 70}, {5, 11, 1, 1}, {784, 3, 250, 17}}) {
    const MatrixF keys = gaussian_patterns(key_dimension, items, 11).cast<float>();
    const MatrixF values = gaussian_patterns(value_dimension, items, 12).cast<float>();
    const MatrixF queries = gaussian_patterns(key_dimension, queries_count, 13).cast<float>();
    const float beta = 1.5f / std::sqrt(static_cast<float>(key_dimension));
    MatrixF out;
    kernels::RowVectorOf<float> lse;
    kernels::retrieve_fused(keys, values, queries, beta, out, &lse);
    ASSERT_EQ(out.rows(), value_dimension);
    ASSERT_EQ(out.cols(), queries_count);
    for (Index b = 0; b < queries_count; ++b) {
      std::vector<double> scores(static_cast<std::size_t>(items));
      double maximum = -std::numeric_limits<double>::infinity();
      for (Index i = 0; i < items; ++i) {
        double dot = 0.0;
        for (Index k = 0; k < key_dimension; ++k)
          dot += static_cast<double>(keys(k, i)) * static_cast<double>(queries(k, b));
        scores[static_cast<std::size_t>(i)] = static_cast<double>(beta) * dot;
        maximum = std::max(maximum, scores[static_cast<std::size_t>(i)]);
      }
      double normaliser = 0.0;
      for (const double s : scores) normaliser += std::exp(s - maximum);
      EXPECT_NEAR(lse[b], maximum + std::log(normaliser), 2e-5 * (1.0 + std::abs(maximum)))
          << "query " << b << " of " << queries_count;
      for (Index k = 0; k < value_dimension; ++k) {
        double expected = 0.0;
        for (Index i = 0; i < items; ++i)
          expected +=
              std::exp(scores[static_cast<std::size_t>(i)] - maximum) * static_cast<double>(values(k, i));
        expected /= normaliser;
        EXPECT_NEAR(out(k, b), expected, 2e-5) << "dimension " << k << ", query " << b << ", p = " << items;
      }
    }
  }
}

TEST(ModernHopfield, FusedKernelHugeBetaPicksTheNearestItem) {
  const MatrixF keys = gaussian_patterns(24, 500, 14).cast<float>();
  const MatrixF queries = keys.leftCols(40) + 0.1f * gaussian_patterns(24, 40, 15).cast<float>();
  MatrixF out;
  kernels::retrieve_fused(keys, keys, queries, 1e6f, out);
  for (Index b = 0; b < queries.cols(); ++b) {
    Index nearest = 0;
    (keys.transpose() * queries.col(b)).maxCoeff(&nearest);
    EXPECT_EQ(out.col(b), keys.col(nearest)) << "query " << b;
  }
}

TEST(ModernHopfield, HugeBetaIsNearestNeighbourAndFinite) {
  const Matrix x = gaussian_patterns(32, 50, 7);
  const Matrix probes = add_gaussian_noise(x.leftCols(20), 1.0, 8);
  const ModernHopfield memory(x, 1e6);
  const RecallResult recall = memory.recall(probes);
  ASSERT_TRUE(recall.states.allFinite());
  for (Index b = 0; b < probes.cols(); ++b) {
    Index nearest = 0;
    (x.transpose() * probes.col(b)).maxCoeff(&nearest);
    EXPECT_LT((recall.states.col(b) - x.col(nearest)).cwiseAbs().maxCoeff(), 1e-6) << "probe " << b;
    EXPECT_TRUE(std::isfinite(recall.energy[static_cast<std::size_t>(b)]));
  }
  EXPECT_EQ(memory.classify_fixed_points(probes).front(), FixedPointKind::SinglePattern);
}

TEST(ModernHopfield, TinyBetaIsTheMeanPattern) {
  const Matrix x = gaussian_patterns(10, 30, 9);
  const Matrix probes = gaussian_patterns(10, 4, 10);
  const ModernHopfield memory(x, 1e-9);
  const Vector mean = x.rowwise().mean();
  const RecallResult recall = memory.recall(probes);
  for (Index b = 0; b < 4; ++b) EXPECT_LT((recall.states.col(b) - mean).cwiseAbs().maxCoeff(), 1e-6);
  for (const auto kind : memory.classify_fixed_points(probes)) EXPECT_EQ(kind, FixedPointKind::GlobalAverage);
  for (const double h : memory.retrieval_entropy(probes)) EXPECT_NEAR(h, std::log(30.0), 1e-8);
  // The energy stays accurate (no cancellation of β⁻¹ log p): E → ½ξᵀξ − x̄ᵀξ + ½M² as β → 0.
  const double expected = 0.5 * probes.col(0).squaredNorm() - mean.dot(probes.col(0)) +
                          0.5 * memory.largest_norm() * memory.largest_norm();
  EXPECT_NEAR(memory.energy(probes.col(0)), expected, 1e-6);
}

TEST(ModernHopfield, EnergyNeverIncreasesAlongUpdates) {
  const Matrix x = gaussian_patterns(12, 40, 11);
  const Matrix probes = gaussian_patterns(12, 25, 12);
  for (const double beta : {0.02, 0.1, 0.5, 3.0}) {
    const ModernHopfield memory(x, beta);
    ModernRecallOptions options;
    options.max_sweeps = 30;
    options.tolerance = 0.0;
    options.precision = Precision::Double;
    options.record_energy = true;
    const RecallResult recall = memory.recall(probes, options);
    for (const auto& trace : recall.energy_trace) {
      ASSERT_GE(trace.size(), 2u);
      for (std::size_t t = 1; t < trace.size(); ++t)
        EXPECT_LE(trace[t], trace[t - 1] + 1e-10) << "beta " << beta;
      EXPECT_GE(trace.back(), -1e-10);  // E ≥ 0 (Ramsauer et al., Lemma A1)
    }
  }
}

TEST(ModernHopfield, IterationConvergesToAFixedPoint) {
  const Matrix x = gaussian_patterns(64, 20, 13);
  const Matrix probes = add_gaussian_noise(x.leftCols(10), 0.3, 14);
  const ModernHopfield memory(x, 1.0);
  ModernRecallOptions options;
  options.max_sweeps = 20;
  const RecallResult recall = memory.recall(probes, options);
  for (Index b = 0; b < 10; ++b) {
    EXPECT_TRUE(recall.converged(b));
    EXPECT_GE(recall.sweeps[static_cast<std::size_t>(b)], 2);  // the confirming step counts
    const Vector next = memory.update(recall.states.col(b));
    EXPECT_LT((next - recall.states.col(b)).norm(), 1e-4);
    EXPECT_LT((recall.states.col(b) - x.col(b)).norm() / x.col(b).norm(), 1e-5);
  }
}

TEST(ModernHopfield, MetastableStateAveragesSimilarPatterns) {
  // Two nearly equal patterns far from the rest: a probe near them splits its weight between the two.
  Matrix x = 10.0 * gaussian_patterns(20, 12, 15);
  x.col(1) = x.col(0) + 0.01 * gaussian_patterns(20, 1, 16);
  const ModernHopfield memory(x, 0.5);
  const Matrix probe = x.col(0);
  EXPECT_EQ(memory.patterns_carrying_mass(probe).front(), 2);
  EXPECT_EQ(memory.classify_fixed_points(probe).front(), FixedPointKind::Metastable);
}

TEST(ModernHopfield, ResultsDoNotDependOnThreads) {
  const Matrix x = gaussian_patterns(24, 300, 17);
  const Matrix probes = add_gaussian_noise(x.leftCols(200), 0.8, 18);
  const ModernHopfield memory(x, 0.4);
  ModernRecallOptions options;
  options.max_sweeps = 5;
  options.threads = 1;
  const RecallResult one = memory.recall(probes, options);
  options.threads = 2;
  const RecallResult two = memory.recall(probes, options);
  EXPECT_EQ((one.states - two.states).cwiseAbs().maxCoeff(), 0.0);
  EXPECT_EQ(one.sweeps, two.sweeps);
  EXPECT_EQ(one.energy, two.energy);
}

// Probes in several blocks on two threads, on every path: the same bits as on one thread, and the states of
// the update ξ ← X softmax(β Xᵀξ) written plainly (double precision).
TEST(ModernHopfield, RecallInBlocksOnThreadsEqualsThePlainIteration) {
  const Matrix x = gaussian_patterns(16, 120, 20);
  ASSERT_LE(3 * modern_recall_block / 2 + 9, x.cols());
  const Matrix probes =
      add_gaussian_noise(x.leftCols(3 * modern_recall_block / 2 + 9).replicate(1, 2), 0.7, 21);
  ASSERT_GT(probes.cols(), 2 * modern_recall_block);  // three blocks
  const double beta = 0.3;
  const ModernHopfield memory(x, beta);
  Matrix plain = probes;
  for (int step = 0; step < 3; ++step) {
    for (Index k = 0; k < plain.cols(); ++k) {
      Vector scores(x.cols());
      for (Index i = 0; i < x.cols(); ++i) scores[i] = beta * x.col(i).dot(plain.col(k));
      const Vector weights = (scores.array() - scores.maxCoeff()).exp().matrix();
      plain.col(k) = x * weights / weights.sum();
    }
  }
  for (const auto path : {RetrievalPath::Dense, RetrievalPath::Streaming, RetrievalPath::Fused}) {
    for (const auto precision : {Precision::Single, Precision::Double}) {
      if (path == RetrievalPath::Fused && precision == Precision::Double) continue;  // single only
      SCOPED_TRACE(std::string(retrieval_path_name(path)) + ", " + std::string(precision_name(precision)));
      ModernRecallOptions options{.max_sweeps = 3,
                                  .tolerance = 0.0,
                                  .path = path,
                                  .block_size = 32,
                                  .precision = precision,
                                  .threads = 1};
      const RecallResult one = memory.recall(probes, options);
      options.threads = 2;
      const RecallResult two = memory.recall(probes, options);
      EXPECT_EQ(one.states, two.states);
      EXPECT_EQ(one.sweeps, two.sweeps);
      EXPECT_EQ(one.energy, two.energy);
      const double tolerance = precision == Precision::Double ? 1e-12 : 1e-4;
      EXPECT_LT((one.states - plain).cwiseAbs().maxCoeff(), tolerance);
      EXPECT_GT((probes - plain).cwiseAbs().maxCoeff(), 0.5);  // the updates moved the probes
    }
  }
}

TEST(ModernHopfield, ErrorsNameTheArgument) {
  const Matrix x = gaussian_patterns(4, 3, 19);
  EXPECT_THROW(ModernHopfield(x, 0.0), Error);
  EXPECT_THROW(ModernHopfield(x, -1.0), Error);
  EXPECT_THROW(ModernHopfield(x, std::numeric_limits<double>::quiet_NaN()), Error);
  EXPECT_THROW(ModernHopfield(Matrix(4, 0), 1.0), Error);
  const ModernHopfield memory(x, 1.0);
  EXPECT_THROW(memory.recall(Matrix::Zero(5, 2)), Error);
  Matrix nan_probe = Matrix::Zero(4, 2);
  nan_probe(2, 1) = std::numeric_limits<double>::quiet_NaN();
  try {
    memory.recall(nan_probe);
    FAIL() << "expected hopfield::Error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("finite"), std::string::npos) << error.what();
  }
  ModernRecallOptions options;
  options.max_sweeps = 0;
  EXPECT_THROW(memory.recall(Matrix::Zero(4, 1), options), Error);
  EXPECT_THROW(ModernHopfield(x, 1e36).recall(x), Error);  // overflows single precision
  EXPECT_THROW(retrieval_path_from_name("fast"), Error);
  EXPECT_EQ(retrieval_path_from_name(retrieval_path_name(RetrievalPath::Streaming)),
            RetrievalPath::Streaming);
  EXPECT_EQ(precision_from_name("float64"), Precision::Double);
  EXPECT_EQ(precision_name(Precision::Double), "double");
}

}  // namespace
}  // namespace hopfield
