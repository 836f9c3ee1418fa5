// The project's one random generator, and how seeds are derived.
//
// Rng is xoshiro256** (Blackman & Vigna 2018) seeded through SplitMix64. Every distribution is written
// here rather than taken from <random>, whose distributions differ between standard libraries: the same
// seed gives the same bits with libstdc++, libc++ (the WebAssembly build) and any thread count.
//
// Parallel work never shares a generator: unit k of a job seeded with s uses Rng(derive_seed(s, k)).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace hopfield {

/// A seed for unit `index` of a job seeded with `seed` (SplitMix64 of both; distinct indices give
/// statistically independent streams).
std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t index);

class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  /// 64 uniformly random bits.
  std::uint64_t next_u64();
  /// Uniform double in [0, 1) with 53 random bits.
  double uniform();
  /// Uniform integer in [0, bound), unbiased (Lemire's multiply-and-reject); bound > 0.
  std::uint64_t uniform_below(std::uint64_t bound);
  /// Standard normal N(0, 1) by the Marsaglia polar method (pairs are cached).
  double normal();
  /// true with probability `probability`.
  bool bernoulli(double probability);
  /// ±1 with P(+1) = (1 + bias) / 2.
  double spin(double bias = 0.0);

  /// Fisher–Yates shuffle.
  template <typename T>
  void shuffle(std::span<T> values) {
    for (std::size_t i = values.size(); i > 1; --i) {
      const std::size_t j = uniform_below(i);
      std::swap(values[i - 1], values[j]);
    }
  }
  /// A uniformly random permutation of 0 … n−1.
  std::vector<std::int64_t> permutation(std::int64_t n);
  /// k distinct indices from 0 … n−1, uniformly (partial Fisher–Yates); k ≤ n.
  std::vector<std::int64_t> sample_without_replacement(std::int64_t n, std::int64_t k);

 private:
  std::array<std::uint64_t, 4> state_{};
  double cached_normal_ = 0.0;
  bool has_cached_normal_ = false;
};

}  // namespace hopfield
