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
  std::uint64_t next_u64() {
    const std::uint64_t result = rotate_left(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotate_left(state_[3], 45);
    return result;
  }
  /// Uniform double in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  /// Uniform integer in [0, bound), unbiased (Lemire's multiply-and-reject); bound > 0.
  std::uint64_t uniform_below(std::uint64_t bound) {
    if (bound == 0) throw_zero_bound();
    __uint128_t product = static_cast<__uint128_t>(next_u64()) * bound;
    auto low = static_cast<std::uint64_t>(product);
    if (low < bound) {
      const std::uint64_t threshold = (0 - bound) % bound;
      while (low < threshold) {
        product = static_cast<__uint128_t>(next_u64()) * bound;
        low = static_cast<std::uint64_t>(product);
      }
    }
    return static_cast<std::uint64_t>(product >> 64);
  }
  /// Standard normal N(0, 1) by the Marsaglia polar method (pairs are cached).
  double normal();
  /// true with probability `probability`.
  bool bernoulli(double probability);
  /// ±1 with P(+1) = (1 + bias) / 2.
  double spin(double bias = 0.0);

  /// Fisher–Yates shuffle.
  template <typename T>
  void shuffle(std::span<T> values) {
    // On a copy: 64-bit values may alias the state, which would then go through memory at every swap.
    Rng local = *this;
    for (std::size_t i = values.size(); i > 1; --i) {
      const std::size_t j = local.uniform_below(i);
      std::swap(values[i - 1], values[j]);
    }
    *this = local;
  }
  /// A uniformly random permutation of 0 … n−1.
  std::vector<std::int64_t> permutation(std::int64_t n);
  /// k distinct indices from 0 … n−1, uniformly (partial Fisher–Yates); k ≤ n.
  std::vector<std::int64_t> sample_without_replacement(std::int64_t n, std::int64_t k);

 private:
  static std::uint64_t rotate_left(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  [[noreturn]] static void throw_zero_bound();

  std::array<std::uint64_t, 4> state_{};
  double cached_normal_ = 0.0;
  bool has_cached_normal_ = false;
};

}  // namespace hopfield
