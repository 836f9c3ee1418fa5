// The byte couplings of the packed Hebb storage (library-internal, src/packed_couplings.hpp): every coupling
// and every (half) field update against plain integer arithmetic on the ±1 patterns.
#include "../src/packed_couplings.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
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
    // Four half-field vectors (four probes) through 300 steps; at each step 1 … 4 of them flip a random unit
    // and take its row in one call, side by side. Each must equal (C v − r) / 2, r = (N − 1) p mod 2,
    // computed afresh, and `largest` must bound it (an escaped entry's interim value, s (2 escape + parity)
    // from the value before, may lie up to two steps above the largest final one).
    EXPECT_EQ(packed::half_field_limit(couplings), 32767 - couplings.largest_half_step);
    const std::int64_t parity = ((c.n - 1) * c.p) % 2;
    constexpr int probes = 4;
    Rng rng(91);
    std::vector<Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1>> states;
    std::vector<std::vector<std::int16_t>> halves;
    for (int k = 0; k < probes; ++k) {
      states.emplace_back(c.n);
      for (Index i = 0; i < c.n; ++i) states[k][i] = rng.spin() > 0.0 ? 1 : -1;
      const Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1> fields = expected * states[k];
      halves.emplace_back();
      for (Index i = 0; i < c.n; ++i) {
        ASSERT_EQ((fields[i] - parity) % 2, 0);
        halves[k].push_back(static_cast<std::int16_t>((fields[i] - parity) / 2));
      }
    }
    for (int step = 0; step < 300; ++step) {
      const int count = 1 + step % probes;
      Index units[probes];
      std::int32_t signs[probes], largest[probes];
      std::int16_t* targets[probes];
      for (int k = 0; k < count; ++k) {
        units[k] = static_cast<Index>(rng.uniform_below(static_cast<std::uint64_t>(c.n)));
        states[k][units[k]] = -states[k][units[k]];
        signs[k] = static_cast<std::int32_t>(states[k][units[k]]);
        targets[k] = halves[k].data();
      }
      packed::add_flip_rows(couplings, units, signs, targets, count, largest);
      for (int k = 0; k < count; ++k) {
        const Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1> fresh = expected * states[k];
        std::int64_t peak = 0;
        for (Index i = 0; i < c.n; ++i) {
          const std::int16_t half = halves[k][static_cast<std::size_t>(i)];
          ASSERT_EQ(2 * std::int64_t{half} + parity, fresh[i]) << step << ", " << k << ", " << i;
          peak = std::max<std::int64_t>(peak, std::abs(std::int64_t{half}));
        }
        EXPECT_GE(largest[k], peak);
        EXPECT_LE(largest[k], peak + 2 * couplings.largest_half_step);
      }
    }
  }
}

}  // namespace
}  // namespace hopfield
