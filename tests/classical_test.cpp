#include "hopfield/classical.hpp"

#include <gtest/gtest.h>

#include <Eigen/LU>
#include <cmath>
#include <numeric>
#include <string>

#include "../src/packed_couplings.hpp"
#include "hopfield/corruption.hpp"
#include "hopfield/error.hpp"
#include "hopfield/measures.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"

namespace hopfield {
namespace {

TEST(HebbWeights, SymmetricWithZeroDiagonalAndDefinition) {
  const Matrix patterns = random_binary_patterns(40, 5, 1);
  const Matrix w = hebb_weights(patterns);
  EXPECT_EQ((w - w.transpose()).cwiseAbs().maxCoeff(), 0.0);
  EXPECT_EQ(w.diagonal().cwiseAbs().maxCoeff(), 0.0);
  // Entry by entry against the definition (1/N) Σ_μ ξ_iμ ξ_jμ.
  for (Index i = 0; i < 40; ++i) {
    for (Index j = 0; j < 40; ++j) {
      if (i == j) continue;
      double sum = 0.0;
      for (Index mu = 0; mu < 5; ++mu) sum += patterns(i, mu) * patterns(j, mu);
      EXPECT_DOUBLE_EQ(w(i, j), sum / 40.0);
    }
  }
}

TEST(ClassicalHopfield, HebbCouplingsAreExactIntegers) {
  const Matrix patterns = random_binary_patterns(64, 9, 2);
  const auto net = ClassicalHopfield::hebb(patterns, {.storage = HebbStorage::Couplings});
  EXPECT_DOUBLE_EQ(net.coupling_scale(), 1.0 / 64.0);
  EXPECT_TRUE((net.couplings().array() == net.couplings().array().round()).all());
  EXPECT_LT((net.weights() - hebb_weights(patterns)).cwiseAbs().maxCoeff(), 1e-15);
}

}  // namespace
}  // namespace hopfield

namespace hopfield {
namespace {

// Storkey's rule on N = 3, ξ¹ = (1, 1, −1), ξ² = (1, −1, 1), worked by hand from the definition
// h_ij = Σ_{k≠i,j} w_ik ξ_k: after ξ¹, w = ξ¹ξ¹ᵀ/3 off the diagonal; after ξ²,
// Δw_12 = (−1 + 1/3 − 1/3)/3 = −1/3, Δw_13 = (1 − 1/3 + 1/3)/3 = 1/3, Δw_23 = (−1 − 1/3 − 1/3)/3 = −5/9.
TEST(StorkeyWeights, HandWorkedExample) {
  Matrix patterns(3, 2);
  patterns << 1, 1, 1, -1, -1, 1;
  const Matrix w = storkey_weights(patterns);
  Matrix expected = Matrix::Zero(3, 3);
  expected(1, 2) = expected(2, 1) = -8.0 / 9.0;
  EXPECT_LT((w - expected).cwiseAbs().maxCoeff(), 1e-15) << w;
}

// The literal definition, with the sums over k ≠ i, j written out.
Matrix storkey_by_definition(const Matrix& patterns) {
  const Index n = patterns.rows();
  Matrix w = Matrix::Zero(n, n);
  for (Index mu = 0; mu < patterns.cols(); ++mu) {
    const Vector xi = patterns.col(mu);
    Matrix next = w;
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < n; ++j) {
        if (i == j) continue;
        double h_ij = 0.0, h_ji = 0.0;
        for (Index k = 0; k < n; ++k) {
          if (k != i && k != j) {
            h_ij += w(i, k) * xi[k];
            h_ji += w(j, k) * xi[k];
          }
        }
        next(i, j) = w(i, j) + (xi[i] * xi[j] - xi[i] * h_ji - h_ij * xi[j]) / static_cast<double>(n);
      }
    }
    w = next;
  }
  return w;
}

TEST(StorkeyWeights, AgreesWithTheDefinition) {
  const Matrix patterns = random_binary_patterns(25, 6, 12);
  EXPECT_LT((storkey_weights(patterns) - storkey_by_definition(patterns)).cwiseAbs().maxCoeff(), 1e-12);
  const Matrix real_patterns = gaussian_patterns(12, 4, 13);
  EXPECT_LT((storkey_weights(real_patterns) - storkey_by_definition(real_patterns)).cwiseAbs().maxCoeff(),
            1e-12);
}

TEST(PseudoinverseWeights, StoredPatternsAreFixedVectors) {
  // Correlated (biased) patterns, where Hebb fails: W_PI ξ = ξ all the same.
  const Matrix patterns = random_binary_patterns(100, 60, 14, 0.5);
  const Matrix w = pseudoinverse_weights(patterns);
  EXPECT_LT((w * patterns - patterns).cwiseAbs().maxCoeff(), 1e-9);
  EXPECT_EQ((w - w.transpose()).cwiseAbs().maxCoeff(), 0.0);
  // A projection: W² = W, trace = rank = p.
  EXPECT_LT((w * w - w).cwiseAbs().maxCoeff(), 1e-9);
  EXPECT_NEAR(w.trace(), 60.0, 1e-9);
}

TEST(PseudoinverseWeights, RidgeAgreesWithAnIndependentSolve) {
  const Matrix patterns = random_binary_patterns(40, 50, 15);  // p > N: needs the ridge
  const double ridge = 0.5;
  const Matrix w = pseudoinverse_weights(patterns, {.ridge = ridge, .zero_diagonal = false});
  // Push-through identity: X (XᵀX + λI)⁻¹ Xᵀ = XXᵀ (XXᵀ + λI)⁻¹, solved here through the N x N side.
  const Matrix outer = patterns * patterns.transpose();
  const Matrix expected = outer * (outer + ridge * Matrix::Identity(40, 40)).inverse();
  EXPECT_LT((w - expected).cwiseAbs().maxCoeff(), 1e-9);
}

TEST(PseudoinverseWeights, SingularGramIsAClearError) {
  const Matrix too_many = random_binary_patterns(20, 21, 16);
  try {
    pseudoinverse_weights(too_many);
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("ridge"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("21"), std::string::npos) << error.what();
  }
  Matrix repeated = random_binary_patterns(20, 3, 17);
  repeated.col(2) = repeated.col(0);
  EXPECT_THROW(pseudoinverse_weights(repeated), Error);
  EXPECT_NO_THROW(pseudoinverse_weights(repeated, {.ridge = 1e-3, .zero_diagonal = false}));
  EXPECT_THROW(pseudoinverse_weights(repeated, {.ridge = -1.0, .zero_diagonal = false}), Error);
  const Matrix w =
      pseudoinverse_weights(random_binary_patterns(20, 3, 18), {.ridge = 0.0, .zero_diagonal = true});
  EXPECT_EQ(w.diagonal().cwiseAbs().maxCoeff(), 0.0);
}

// Energy along asynchronous dynamics never increases, for every rule (W symmetric, W_ii ≥ 0).
TEST(ClassicalHopfield, EnergyNeverIncreasesUnderAsynchronousDynamics) {
  const Matrix patterns = random_binary_patterns(120, 30, 19, 0.2);  // above capacity: long trajectories
  const Matrix probes = flip_with_probability(random_binary_patterns(120, 20, 20), 0.3, 21);
  for (const auto& network :
       {ClassicalHopfield::hebb(patterns), ClassicalHopfield::hebb(patterns, {.centre = true}),
        ClassicalHopfield::storkey(patterns), ClassicalHopfield::pseudoinverse(patterns)}) {
    for (const auto dynamics : {Dynamics::Asynchronous, Dynamics::AsynchronousFixedOrder}) {
      const RecallResult result =
          network.recall(probes, {.dynamics = dynamics, .max_sweeps = 50, .seed = 3, .record_energy = true});
      for (Index k = 0; k < probes.cols(); ++k) {
        const auto& trace = result.energy_trace[static_cast<std::size_t>(k)];
        ASSERT_EQ(trace.size(), static_cast<std::size_t>(result.sweeps[static_cast<std::size_t>(k)] + 1));
        for (std::size_t s = 1; s < trace.size(); ++s) EXPECT_LE(trace[s], trace[s - 1] + 1e-12);
        EXPECT_TRUE(result.converged(k));
        // The dynamics track the energy through the kept field; it matches a fresh computation.
        EXPECT_NEAR(result.energy[static_cast<std::size_t>(k)], network.energy(result.states.col(k)), 1e-9);
        EXPECT_NEAR(trace.back(), network.energy(result.states.col(k)), 1e-9);
        // At a fixed point every unit agrees with its field (or the field is zero).
        const Vector field = network.local_field(result.states.col(k));
        // (Up to rounding: the dynamics use an incrementally updated field, this one is computed afresh.)
        EXPECT_TRUE((field.array() * result.states.col(k).array() >= -1e-12).all());
      }
    }
  }
}

// Runs the three dynamics from the same probes on two networks and expects the same trajectories, bit for
// bit; returns the first network's asynchronous recall, for checks that the dynamics did something.
RecallResult expect_same_recalls(const ClassicalHopfield& first, const ClassicalHopfield& second,
                                 const Matrix& probes) {
  RecallResult asynchronous;
  for (const auto dynamics :
       {Dynamics::Asynchronous, Dynamics::AsynchronousFixedOrder, Dynamics::Synchronous}) {
    SCOPED_TRACE(dynamics_name(dynamics));
    const RecallOptions options{.dynamics = dynamics, .max_sweeps = 60, .seed = 9, .record_energy = true};
    auto a = first.recall(probes, options);
    const auto b = second.recall(probes, options);
    EXPECT_EQ(a.states, b.states);
    EXPECT_EQ(a.sweeps, b.sweeps);
    EXPECT_EQ(a.outcome, b.outcome);
    EXPECT_EQ(a.flips, b.flips);
    EXPECT_EQ(a.energy, b.energy);
    EXPECT_EQ(a.energy_trace, b.energy_trace);
    if (dynamics == Dynamics::Asynchronous) asynchronous = std::move(a);
  }
  return asynchronous;
}

// The two Hebb storages compute the same integer fields, so every trajectory agrees bit for bit.
TEST(ClassicalHopfield, HebbOverlapStorageEqualsCouplingStorage) {
  const Matrix patterns = random_binary_patterns(150, 20, 40);
  const Matrix probes = flip_with_probability(patterns, 0.3, 41);
  const auto overlaps = ClassicalHopfield::hebb(patterns, {.storage = HebbStorage::Overlaps});
  const auto couplings = ClassicalHopfield::hebb(patterns, {.storage = HebbStorage::Couplings});
  EXPECT_TRUE(overlaps.uses_overlaps());
  EXPECT_FALSE(couplings.uses_overlaps());
  EXPECT_EQ(overlaps.couplings(), couplings.couplings());
  EXPECT_EQ(overlaps.local_field(probes.col(0)), couplings.local_field(probes.col(0)));
  expect_same_recalls(overlaps, couplings, probes);
  // Automatic storage: couplings up to N = 4096; above, packed overlaps for ±1 patterns (any p), else double
  // overlaps while p <= N/4.
  EXPECT_FALSE(ClassicalHopfield::hebb(random_binary_patterns(100, 5, 1)).uses_overlaps());
  EXPECT_TRUE(ClassicalHopfield::hebb(random_binary_patterns(5000, 1250, 1)).uses_packed_overlaps());
  EXPECT_TRUE(ClassicalHopfield::hebb(random_binary_patterns(5000, 1251, 1)).uses_packed_overlaps());
  // … with the byte couplings from p >= N/8.
  EXPECT_TRUE(ClassicalHopfield::hebb(random_binary_patterns(5000, 625, 1)).uses_packed_couplings());
  const auto below_eighth = ClassicalHopfield::hebb(random_binary_patterns(5000, 624, 1));
  EXPECT_TRUE(below_eighth.uses_packed_overlaps());
  EXPECT_FALSE(below_eighth.uses_packed_couplings());
  const Matrix centred_source = random_binary_patterns(5000, 1250, 1);
  const auto centred = ClassicalHopfield::hebb(centred_source, {.centre = true});
  EXPECT_TRUE(centred.uses_overlaps());
  EXPECT_FALSE(centred.uses_packed_overlaps());
  EXPECT_FALSE(
      ClassicalHopfield::hebb(random_binary_patterns(5000, 1251, 1), {.centre = true}).uses_overlaps());
}

// The fields of Hebb couplings written out as a double loop: h_i = Σ_{j≠i} Σ_μ ξ_iμ ξ_jμ v_j / N.
Vector hebb_field_by_definition(const Matrix& patterns, const Vector& state) {
  const Index n = patterns.rows();
  Vector field = Vector::Zero(n);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < n; ++j) {
      if (j == i) continue;
      double coupling = 0.0;
      for (Index mu = 0; mu < patterns.cols(); ++mu) coupling += patterns(i, mu) * patterns(j, mu);
      field[i] += coupling * state[j];
    }
  }
  return field / static_cast<double>(n);
}

// The packed storage (bits, 16-bit overlaps, SIMD where available) against the couplings: p = 5 (one partial
// plane), 37 (a partial last plane), 256 (one full block) and 300 (a second, partial block), N not a multiple
// of 64, far past capacity so that many units flip in many sweeps.
TEST(ClassicalHopfield, HebbPackedOverlapStorageEqualsCouplingStorage) {
  for (const Index p : {5, 37, 256, 300}) {
    SCOPED_TRACE(p);
    const Matrix patterns = random_binary_patterns(203, p, 50 + static_cast<std::uint64_t>(p));
    const Matrix probes = flip_with_probability(patterns.leftCols(std::min<Index>(p, 40)), 0.3, 51);
    const auto packed = ClassicalHopfield::hebb(patterns, {.storage = HebbStorage::PackedOverlaps});
    const auto couplings = ClassicalHopfield::hebb(patterns, {.storage = HebbStorage::Couplings});
    EXPECT_TRUE(packed.uses_overlaps());
    EXPECT_TRUE(packed.uses_packed_overlaps());
    EXPECT_FALSE(couplings.uses_packed_overlaps());
    EXPECT_EQ(packed.couplings(), couplings.couplings());
    // Fields: of a ±1 state (integer kernels) exactly, of a real state (unpacked patterns) to rounding, both
    // against the double loop.
    const Vector binary = probes.col(0);
    EXPECT_EQ(packed.local_field(binary), couplings.local_field(binary));
    const Vector by_definition = hebb_field_by_definition(patterns, binary);
    EXPECT_LT((packed.local_field(binary) - by_definition).cwiseAbs().maxCoeff(), 1e-12);
    const Vector real = 0.5 * binary + Vector::Constant(203, 0.25);
    EXPECT_LT((packed.local_field(real) - hebb_field_by_definition(patterns, real)).cwiseAbs().maxCoeff(),
              1e-9);
    EXPECT_EQ(packed.energy(binary), couplings.energy(binary));
    const RecallResult a = expect_same_recalls(packed, couplings, probes);
    if (p >= 37) {
      // Not a vacuous agreement: the dynamics did something.
      EXPECT_GT(std::accumulate(a.flips.begin(), a.flips.end(), std::int64_t{0}), 100);
    }
  }
}

TEST(ClassicalHopfield, HebbPackedStoragesSameForAnyThreadCount) {
  const Matrix patterns = random_binary_patterns(257, 45, 60);
  const Matrix probes = random_binary_patterns(257, 70, 61);
  for (const auto storage : {HebbStorage::PackedOverlaps, HebbStorage::PackedCouplings}) {
    SCOPED_TRACE(static_cast<int>(storage));
    const auto network = ClassicalHopfield::hebb(patterns, {.storage = storage});
    const auto one = network.recall(probes, {.max_sweeps = 100, .seed = 5, .threads = 1});
    const auto two = network.recall(probes, {.max_sweeps = 100, .seed = 5, .threads = 2});
    EXPECT_EQ(one.states, two.states);
    EXPECT_EQ(one.sweeps, two.sweeps);
    EXPECT_EQ(one.flips, two.flips);
    EXPECT_EQ(one.energy, two.energy);
    // Every final state is a fixed point of the fields computed afresh (ties keep the state).
    for (Index k = 0; k < probes.cols(); ++k) {
      if (!one.converged(k)) continue;
      const Vector field = network.local_field(one.states.col(k));
      EXPECT_TRUE((field.array() * one.states.col(k).array() >= 0.0).all()) << k;
    }
  }
}

// The byte couplings against the double ones, entry by entry (this checks the popcount build, the parity
// encoding and the exceptions), and recalls that switch from overlap checks to the kept field: p = 37 (odd
// parity; switches after a sweep of at most 4 flips), 300 (two blocks), and p = 400 correlated patterns whose
// couplings reach beyond ±254, positive and negative (half the units negated), so that many are exceptions.
// N = 203 is not a multiple of the 4 x 4 kernel or of the 64-unit tiles.
TEST(ClassicalHopfield, HebbPackedCouplingStorageEqualsCouplingStorage) {
  for (const Index p : {37, 300, 400}) {
    SCOPED_TRACE(p);
    Matrix patterns =
        random_binary_patterns(203, p, 80 + static_cast<std::uint64_t>(p), p == 400 ? 0.8 : 0.0);
    if (p == 400) patterns.bottomRows(101) *= -1.0;
    const Matrix probes = flip_with_probability(patterns.leftCols(std::min<Index>(p, 40)), 0.3, 81);
    const auto packed = ClassicalHopfield::hebb(patterns, {.storage = HebbStorage::PackedCouplings});
    const auto couplings = ClassicalHopfield::hebb(patterns, {.storage = HebbStorage::Couplings});
    EXPECT_TRUE(packed.uses_packed_couplings());
    EXPECT_TRUE(packed.uses_packed_overlaps());
    const Matrix expected = couplings.couplings();
    EXPECT_EQ(packed.couplings(), expected);
    if (p == 400) {
      EXPECT_GT(expected.maxCoeff(), 254.0);
      EXPECT_LT(expected.minCoeff(), -254.0);
    }
    const RecallResult a = expect_same_recalls(packed, couplings, probes);
    EXPECT_GT(std::accumulate(a.flips.begin(), a.flips.end(), std::int64_t{0}), 100);
    // Some probes take several sweeps, so that sweeps with few flips hand over to the kept field (the
    // correlated p = 400 patterns settle in two sweeps; packed_couplings_test updates fields through their
    // exceptions directly).
    if (p != 400) {
      EXPECT_GT(*std::max_element(a.sweeps.begin(), a.sweeps.end()), 3);
    }
  }
}

// Kept fields are 16-bit halves; a recall whose fields would leave that range keeps its overlaps, or goes
// back to them mid-sweep. At N = 10 000 that never happens, so the test lowers the limit (a hook of the
// library's internal header) until both happen, and the trajectories must still agree bit for bit.
TEST(ClassicalHopfield, HebbPackedCouplingsExactAtTheEndOfTheHalfFieldRange) {
  const Matrix patterns = random_binary_patterns(203, 60, 85);
  const Matrix probes = flip_with_probability(patterns.leftCols(40), 0.3, 86);
  const auto packed = ClassicalHopfield::hebb(patterns, {.storage = HebbStorage::PackedCouplings});
  const auto couplings = ClassicalHopfield::hebb(patterns, {.storage = HebbStorage::Couplings});
  struct ResetLimit {
    ~ResetLimit() { packed::half_field_limit_for_tests = 0; }
  } reset;
  const std::int64_t declined = packed::kept_fields_declined, left = packed::kept_fields_left;
  for (const std::int32_t limit : {20, 80, 400}) {
    SCOPED_TRACE(limit);
    packed::half_field_limit_for_tests = limit;
    const RecallResult a = expect_same_recalls(packed, couplings, probes);
    EXPECT_GT(std::accumulate(a.flips.begin(), a.flips.end(), std::int64_t{0}), 100);
  }
  EXPECT_GT(packed::kept_fields_declined - declined, 0);
  EXPECT_GT(packed::kept_fields_left - left, 0);
}

TEST(ClassicalHopfield, HebbPackedOverlapStorageRefusesWhatItCannotHold) {
  const Matrix patterns = random_binary_patterns(50, 4, 70);
  Matrix halves = patterns;
  halves(3, 2) = 0.5;
  const auto message = [](const auto& make) {
    try {
      make();
    } catch (const Error& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message([&] {
              ClassicalHopfield::hebb(halves, {.storage = HebbStorage::PackedOverlaps});
            }).find("entries other than +1 and -1"),
            std::string::npos);
  EXPECT_NE(message([&] {
              ClassicalHopfield::hebb(halves, {.storage = HebbStorage::PackedCouplings});
            }).find("storage PackedCouplings needs"),
            std::string::npos);
  EXPECT_NE(message([&] {
              ClassicalHopfield::hebb(patterns, {.centre = true, .storage = HebbStorage::PackedOverlaps});
            }).find("centred"),
            std::string::npos);
  EXPECT_NE(message([&] {
              ClassicalHopfield::hebb(random_binary_patterns(40000, 1, 71),
                                      {.storage = HebbStorage::PackedOverlaps});
            }).find("N = 40000 exceeds 32767"),
            std::string::npos);
  // Automatic falls back quietly to a storage that can hold them.
  EXPECT_FALSE(ClassicalHopfield::hebb(halves).uses_packed_overlaps());
}

TEST(ClassicalHopfield, FlipChangesEnergyByTheFieldFormula) {
  const auto network = ClassicalHopfield::pseudoinverse(random_binary_patterns(30, 10, 22));
  Vector state = random_binary_patterns(30, 1, 23).col(0);
  const Vector field = network.local_field(state);
  const Matrix w = network.weights();
  for (Index i = 0; i < 30; ++i) {
    Vector flipped = state;
    flipped[i] = -flipped[i];
    // E(v') − E(v) = −Δ h_i − ½ W_ii Δ², Δ = −2 v_i.
    const double delta = -2.0 * state[i];
    EXPECT_NEAR(network.energy(flipped) - network.energy(state),
                -delta * field[i] - 0.5 * w(i, i) * delta * delta, 1e-12);
  }
}

TEST(ClassicalHopfield, StoredPatternsAreFixedPointsBelowCapacity) {
  const Matrix patterns = random_binary_patterns(500, 10, 24);  // P/N = 0.02
  const auto network = ClassicalHopfield::hebb(patterns);
  const RecallResult result = network.recall(patterns, {.seed = 1});
  EXPECT_EQ(result.states, patterns);
  for (Index k = 0; k < 10; ++k) {
    EXPECT_EQ(result.sweeps[static_cast<std::size_t>(k)], 1);
    EXPECT_EQ(result.flips[static_cast<std::size_t>(k)], 0);
  }
  // And they attract: 20 % noise is cleaned up completely.
  const RecallResult noisy = network.recall(flip_exactly(patterns, 100, 25), {.seed = 2});
  EXPECT_EQ(noisy.states, patterns);
}

TEST(ClassicalHopfield, IdenticalResultsForAnyThreadCount) {
  const Matrix patterns = random_binary_patterns(200, 25, 26);
  const Matrix probes = flip_with_probability(patterns, 0.25, 27);
  const auto network = ClassicalHopfield::hebb(patterns);
  for (const auto dynamics : {Dynamics::Asynchronous, Dynamics::Synchronous}) {
    const auto one =
        network.recall(probes, {.dynamics = dynamics, .max_sweeps = 100, .seed = 5, .threads = 1});
    const auto two =
        network.recall(probes, {.dynamics = dynamics, .max_sweeps = 100, .seed = 5, .threads = 2});
    EXPECT_EQ(one.states, two.states);
    EXPECT_EQ(one.sweeps, two.sweeps);
    EXPECT_EQ(one.flips, two.flips);
    EXPECT_EQ(one.energy, two.energy);
  }
}

TEST(ClassicalHopfield, SynchronousTwoCycleIsDetected) {
  // Two units coupled antiferromagnetically: (1, 1) -> (−1, −1) -> (1, 1) under synchronous updates.
  Matrix w(2, 2);
  w << 0, -1, -1, 0;
  const auto network = ClassicalHopfield::from_weights(w);
  const Matrix probe = Matrix::Ones(2, 1);
  const auto sync = network.recall(probe, {.dynamics = Dynamics::Synchronous, .max_sweeps = 50});
  EXPECT_EQ(sync.outcome[0], Outcome::TwoCycle);
  EXPECT_EQ(sync.sweeps[0], 2);
  // Asynchronous dynamics settle in one of the two ground states (1, −1) or (−1, 1).
  const auto async = network.recall(probe, {.dynamics = Dynamics::AsynchronousFixedOrder, .max_sweeps = 50});
  EXPECT_TRUE(async.converged(0));
  EXPECT_EQ(async.states(0, 0), -async.states(1, 0));
}

TEST(ClassicalHopfield, TiesKeepTheCurrentState) {
  // One unit with no coupling: h = 0 forever, so it keeps whatever it starts with.
  const auto network = ClassicalHopfield::from_weights(Matrix::Zero(3, 3));
  Matrix probes(3, 2);
  probes << 1, -1, -1, 1, 1, 1;
  const auto result = network.recall(probes);
  EXPECT_EQ(result.states, probes);
}

TEST(ClassicalHopfield, ThresholdsShiftTheField) {
  Matrix w = Matrix::Zero(2, 2);
  Vector theta(2);
  theta << 0.5, -0.5;
  const auto network = ClassicalHopfield::from_weights(w, theta);
  const auto result = network.recall(Matrix::Ones(2, 1));
  EXPECT_EQ(result.states(0, 0), -1.0);  // h = −0.5
  EXPECT_EQ(result.states(1, 0), 1.0);   // h = +0.5
  Vector v(2);
  v << -1, 1;
  EXPECT_DOUBLE_EQ(network.energy(v), theta.dot(v));
}

TEST(ClassicalHopfield, BadInputsGiveClearErrors) {
  const Matrix patterns = random_binary_patterns(10, 2, 28);
  const auto network = ClassicalHopfield::hebb(patterns);
  const auto message_of = [](auto&& call) -> std::string {
    try {
      call();
    } catch (const Error& error) {
      return error.what();
    }
    return "no error";
  };
  EXPECT_NE(message_of([&] { network.recall(Matrix::Ones(11, 1)); }).find("dimension 11"), std::string::npos);
  Matrix half = Matrix::Ones(10, 1);
  half(3, 0) = 0.0;
  EXPECT_NE(message_of([&] { network.recall(half); }).find("+1 or -1"), std::string::npos);
  Matrix nan_patterns = patterns;
  nan_patterns(0, 0) = std::nan("");
  EXPECT_NE(message_of([&] { ClassicalHopfield::hebb(nan_patterns); }).find("finite"), std::string::npos);
  EXPECT_NE(message_of([&] { network.recall(patterns, {.max_sweeps = 0}); }).find("max_sweeps"),
            std::string::npos);
  EXPECT_THROW(ClassicalHopfield::hebb(Matrix(10, 0)), Error);
  Matrix asymmetric = Matrix::Zero(3, 3);
  asymmetric(0, 1) = 1.0;
  EXPECT_THROW(ClassicalHopfield::from_weights(asymmetric), Error);
  EXPECT_THROW(dynamics_from_name("sideways"), Error);
  EXPECT_THROW(network.energy(Vector::Ones(4)), Error);
}

}  // namespace
}  // namespace hopfield
