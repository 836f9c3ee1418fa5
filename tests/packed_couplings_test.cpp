// The byte couplings of the packed Hebb storage (library-internal, src/packed_couplings.hpp): every coupling
// and every field update against plain integer arithmetic on the ±1 patterns.
#include "../src/packed_couplings.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"

namespace hopfield {
namespace {

using IntegerMatrix = Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic>;

IntegerMatrix couplings_by_definition(const Matrix& patterns) {
  IntegerMatrix couplings = (patterns * patterns.transpose()).cast<std::int64_t>();
  couplings.diagonal().setZero();
  return couplings;
}

// Correlated patterns (bias 0.8, the last `negated` units sign-flipped) have couplings far beyond ±254 of
// both signs: the exceptions.
Matrix test_patterns(Index n, Index p, double bias, Index negated, std::uint64_t seed) {
  Matrix patterns = random_binary_patterns(n, p, seed, bias);
  patterns.bottomRows(negated) *= -1.0;
  return patterns;
}

TEST(PackedCouplings, EveryCouplingAndEveryFieldUpdateIsExact) {
  struct Case {
    Index n, p;
    double bias;
    Index negated;
  };
  // p = 37: odd parity, one partial block; 300 and 400: two blocks (half a 512-bit register at the end), the
  // correlated 400 with exceptions; 513: three blocks. N not a multiple of 4 or 64.
  for (const Case& c :
       {Case{130, 37, 0.0, 0}, Case{203, 300, 0.0, 0}, Case{203, 400, 0.8, 101}, Case{67, 513, 0.0, 0}}) {
    SCOPED_TRACE(c.p);
    const Matrix patterns = test_patterns(c.n, c.p, c.bias, c.negated, 90 + static_cast<std::uint64_t>(c.p));
    const std::vector<std::uint64_t> columns = packed::pack_columns(patterns);
    const std::vector<std::uint16_t> rows = packed::pack_rows_from_columns(columns.data(), c.n, c.p);
    const packed::CompactCouplings couplings =
        packed::build_compact_couplings(rows.data(), c.n, c.p, packed::blocks_for(c.p));
    const IntegerMatrix expected = couplings_by_definition(patterns);
    for (Index i = 0; i < c.n; ++i)
      for (Index j = 0; j < c.n; ++j) ASSERT_EQ(couplings.at(i, j), expected(i, j)) << i << ", " << j;
    if (c.bias != 0.0) {
      EXPECT_GT(expected.maxCoeff(), 254);
      EXPECT_LT(expected.minCoeff(), -254);
      EXPECT_GT(couplings.exceptions.size(), 1000u);
    } else {
      EXPECT_TRUE(couplings.exceptions.empty());
    }
    // A kept field vector through 300 flips of random units equals C v computed afresh after every flip.
    Rng rng(91);
    Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1> state(c.n);
    for (Index i = 0; i < c.n; ++i) state[i] = rng.spin() > 0.0 ? 1 : -1;
    const Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1> start = expected * state;
    std::vector<std::int32_t> fields(start.begin(), start.end());
    for (int flip = 0; flip < 300; ++flip) {
      const auto j = static_cast<Index>(rng.uniform_below(static_cast<std::uint64_t>(c.n)));
      packed::add_coupling_row(couplings, j, static_cast<std::int32_t>(-2 * state[j]), fields.data());
      state[j] = -state[j];
      const Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1> fresh = expected * state;
      for (Index i = 0; i < c.n; ++i)
        ASSERT_EQ(fields[static_cast<std::size_t>(i)], fresh[i]) << flip << ", " << i;
    }
  }
}

}  // namespace
}  // namespace hopfield
