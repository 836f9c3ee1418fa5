#include "hopfield/random.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "hopfield/error.hpp"

namespace hopfield {
namespace {

// Known answers from an independent Python implementation of SplitMix64 + xoshiro256** (see random.hpp):
// the generator must give these bits on every platform.
TEST(Rng, KnownAnswers) {
  Rng rng(42);
  EXPECT_EQ(rng.next_u64(), 0x15780b2e0c2ec716ULL);
  EXPECT_EQ(rng.next_u64(), 0x6104d9866d113a7eULL);
  EXPECT_EQ(rng.next_u64(), 0xae17533239e499a1ULL);
  EXPECT_EQ(derive_seed(42, 0), 0xca0d9b69c5df7139ULL);
  EXPECT_EQ(derive_seed(42, 7), 0x24f01c98959b09a8ULL);
}

TEST(Rng, DerivedSeedsAreDistinct) {
  std::set<std::uint64_t> seeds;
  for (std::uint64_t k = 0; k < 10000; ++k) seeds.insert(derive_seed(7, k));
  EXPECT_EQ(seeds.size(), 10000u);
  EXPECT_NE(derive_seed(1, 0), derive_seed(2, 0));
}

TEST(Rng, UniformMomentsAndRange) {
  Rng rng(1);
  const int n = 200000;
  double sum = 0.0, squares = 0.0;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    squares += u * u;
  }
  // Mean 1/2 (std error 0.00065), variance 1/12.
  EXPECT_NEAR(sum / n, 0.5, 0.004);
  EXPECT_NEAR(squares / n - (sum / n) * (sum / n), 1.0 / 12.0, 0.002);
}

TEST(Rng, UniformBelowIsUnbiased) {
  Rng rng(3);
  std::vector<int> counts(7, 0);
  const int n = 70000;
  for (int i = 0; i < n; ++i) ++counts[rng.uniform_below(7)];
  double chi_square = 0.0;
  for (const int c : counts) chi_square += (c - 10000.0) * (c - 10000.0) / 10000.0;
  EXPECT_LT(chi_square, 22.46);  // 99.9 % quantile of chi-square with 6 degrees of freedom
  EXPECT_THROW(rng.uniform_below(0), Error);
}

TEST(Rng, NormalMoments) {
  Rng rng(5);
  const int n = 200000;
  double sum = 0.0, squares = 0.0, fourth = 0.0;
  for (int i = 0; i < n; ++i) {
    const double x = rng.normal();
    sum += x;
    squares += x * x;
    fourth += x * x * x * x;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  EXPECT_NEAR(squares / n, 1.0, 0.01);
  EXPECT_NEAR(fourth / n, 3.0, 0.06);
}

TEST(Rng, PermutationAndSampling) {
  Rng rng(9);
  auto order = rng.permutation(100);
  std::sort(order.begin(), order.end());
  for (std::int64_t i = 0; i < 100; ++i) EXPECT_EQ(order[static_cast<std::size_t>(i)], i);
  const auto sample = rng.sample_without_replacement(50, 20);
  EXPECT_EQ(std::set<std::int64_t>(sample.begin(), sample.end()).size(), 20u);
  for (const auto s : sample) EXPECT_TRUE(s >= 0 && s < 50);
  EXPECT_THROW(rng.sample_without_replacement(5, 6), Error);
}

// The published algorithms, written out here independently of the library: SplitMix64 (Steele, Lea & Flood
// 2014) fills the four words of xoshiro256** (Blackman & Vigna 2018). The library's stream must be this one,
// bit for bit, for any seed — the edges 0 and 2⁶⁴ − 1 included.
struct ReferenceXoshiro {
  std::uint64_t s[4];
  explicit ReferenceXoshiro(std::uint64_t seed) {
    for (auto& word : s) {
      seed += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      word = z ^ (z >> 31);
    }
  }
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
  }
};

TEST(Rng, StreamEqualsTheReferenceAlgorithm) {
  for (const std::uint64_t seed : {0ULL, 1ULL, 42ULL, 0x8000000000000000ULL, 0xffffffffffffffffULL}) {
    Rng rng(seed);
    ReferenceXoshiro reference(seed);
    for (int i = 0; i < 10000; ++i)
      ASSERT_EQ(rng.next_u64(), reference.next()) << "seed " << seed << ", draw " << i;
  }
  // Neighbouring seeds give unrelated streams (no shared prefix).
  Rng a(7), b(8);
  int equal = 0;
  for (int i = 0; i < 1000; ++i) equal += a.next_u64() == b.next_u64();
  EXPECT_EQ(equal, 0);
}

}  // namespace
}  // namespace hopfield
