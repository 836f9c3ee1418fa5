#include "hopfield/random.hpp"

#include <cmath>
#include <numeric>

#include "hopfield/error.hpp"

namespace hopfield {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t index) {
  std::uint64_t x = seed;
  const std::uint64_t a = splitmix64(x);
  std::uint64_t y = a ^ (index * 0xd1342543de82ef95ULL + 0x632be59bd9b4e019ULL);
  return splitmix64(y);
}

Rng::Rng(std::uint64_t seed) {
  std::uint64_t x = seed;
  for (auto& word : state_) word = splitmix64(x);
}

void Rng::throw_zero_bound() {
  throw Error("Rng::uniform_below: bound must be positive, got 0");
}

double Rng::normal() {
  if (has_cached_normal_) {
    has_cached_normal_ = false;
    return cached_normal_;
  }
  double u, v, s;
  do {
    u = 2.0 * uniform() - 1.0;
    v = 2.0 * uniform() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double factor = std::sqrt(-2.0 * std::log(s) / s);
  cached_normal_ = v * factor;
  has_cached_normal_ = true;
  return u * factor;
}

bool Rng::bernoulli(double probability) {
  return uniform() < probability;
}

double Rng::spin(double bias) {
  return bernoulli(0.5 * (1.0 + bias)) ? 1.0 : -1.0;
}

std::vector<std::int64_t> Rng::permutation(std::int64_t n) {
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), std::int64_t{0});
  shuffle(std::span<std::int64_t>(order));
  return order;
}

std::vector<std::int64_t> Rng::sample_without_replacement(std::int64_t n, std::int64_t k) {
  require(k >= 0 && k <= n, "sample_without_replacement: k = ", k, " must lie in [0, n = ", n, "]");
  std::vector<std::int64_t> pool(static_cast<std::size_t>(n));
  std::iota(pool.begin(), pool.end(), std::int64_t{0});
  for (std::int64_t i = 0; i < k; ++i) {
    const auto j = i + static_cast<std::int64_t>(uniform_below(static_cast<std::uint64_t>(n - i)));
    std::swap(pool[static_cast<std::size_t>(i)], pool[static_cast<std::size_t>(j)]);
  }
  pool.resize(static_cast<std::size_t>(k));
  return pool;
}

}  // namespace hopfield
