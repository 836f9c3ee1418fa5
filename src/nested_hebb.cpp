#include "hopfield/nested_hebb.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

#include "hopfield/error.hpp"
#include "hopfield/random.hpp"
#include "kernels/kernel_table.hpp"

namespace hopfield {
namespace {

constexpr Index max_patterns = std::numeric_limits<std::int16_t>::max();
// Units per side of the square tiles of the pair loop: a tile's mirrored writes (C_ji) stay in cache.
constexpr Index tile = 64;

void require_plus_minus_one(const Matrix& states, Index neurons, const char* what) {
  require(states.rows() == neurons || states.cols() == 0, "NestedHebbNetwork: ", what, " have ",
          states.rows(), " rows, expected N = ", neurons);
  require((states.array().abs() == 1.0).all(), "NestedHebbNetwork: ", what, " must have ±1 entries only");
}

// The block's bits, one row of row_bytes per unit (bit μ set where ξ_iμ = −1; padding clear), rows padded to
// a multiple of 4 with zero rows, as hamming_4x4 reads them (row_bytes a multiple of 32).
std::vector<std::uint8_t> pack_unit_rows(const Matrix& patterns, Index padded_units, Index row_bytes) {
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(padded_units * row_bytes), 0);
  for (Index mu = 0; mu < patterns.cols(); ++mu) {
    const double* column = patterns.col(mu).data();
    const auto bit = static_cast<std::uint8_t>(1u << (mu % 8));
    for (Index i = 0; i < patterns.rows(); ++i)
      if (column[i] < 0.0) bytes[static_cast<std::size_t>(i * row_bytes + mu / 8)] |= bit;
  }
  return bytes;
}

}  // namespace

NestedHebbNetwork::NestedHebbNetwork(Index neurons, Matrix tracked)
    : neurons_(neurons), tracked_(std::move(tracked)) {
  require(neurons >= 1, "NestedHebbNetwork: neurons = ", neurons, ", expected at least 1");
  require_plus_minus_one(tracked_, neurons, "tracked states");
  if (tracked_.cols() == 0) tracked_.resize(neurons, 0);
  couplings_.assign(static_cast<std::size_t>(neurons * neurons), 0);
  tracked_fields_ = Matrix::Zero(neurons, tracked_.cols());
}

void NestedHebbNetwork::add_patterns(const Matrix& patterns) {
  require_plus_minus_one(patterns, neurons_, "patterns");
  const Index added = patterns.cols();
  if (added == 0) return;
  require(patterns_ + added <= max_patterns, "NestedHebbNetwork: ", patterns_ + added,
          " patterns in all, expected at most ", max_patterns, " (16-bit couplings)");
  const Index n = neurons_, padded = (n + 3) / 4 * 4, row_bytes = (added + 255) / 256 * 32;
  const std::vector<std::uint8_t> bytes = pack_unit_rows(patterns, padded, row_bytes);
  const auto& hamming_4x4 = kernels::kernel_table().hamming_4x4;
  const auto count = static_cast<std::int32_t>(added);
  std::int16_t* c = couplings_.data();
  for (Index ti = 0; ti < padded; ti += tile) {
    for (Index tj = ti; tj < padded; tj += tile) {
      for (Index i = ti; i < std::min(ti + tile, padded); i += 4) {
        for (Index j = tj; j < std::min(tj + tile, padded); j += 4) {
          std::int32_t distances[16];
          hamming_4x4(bytes.data() + i * row_bytes, bytes.data() + j * row_bytes, row_bytes, distances);
          for (Index a = 0; a < 4 && i + a < n; ++a) {
            for (Index b = 0; b < 4 && j + b < n; ++b) {
              const Index u = i + a, v = j + b;
              if (v <= u) continue;  // each pair once; the diagonal stays 0
              const auto step = static_cast<std::int16_t>(count - 2 * distances[4 * a + b]);
              c[u * n + v] = static_cast<std::int16_t>(c[u * n + v] + step);
              c[v * n + u] = static_cast<std::int16_t>(c[v * n + u] + step);
            }
          }
        }
      }
    }
  }
  // C s grows by X (Xᵀ s) − Δp s (the diagonal of X Xᵀ is Δp): exact in double (|entries| ≤ N p < 2⁵³).
  if (tracked_.cols() > 0) {
    const Matrix overlaps = patterns.transpose() * tracked_;
    tracked_fields_.noalias() += patterns * overlaps;
    tracked_fields_ -= static_cast<double>(added) * tracked_;
  }
  patterns_ += added;
}

std::int32_t NestedHebbNetwork::coupling(Index i, Index j) const {
  require(i >= 0 && i < neurons_ && j >= 0 && j < neurons_, "NestedHebbNetwork::coupling: (", i, ", ", j,
          ") outside 0 … ", neurons_ - 1);
  return couplings_[static_cast<std::size_t>(i * neurons_ + j)];
}

Matrix NestedHebbNetwork::coupling_matrix() const {
  Matrix out(neurons_, neurons_);
  for (Index i = 0; i < neurons_; ++i)
    for (Index j = 0; j < neurons_; ++j) out(i, j) = couplings_[static_cast<std::size_t>(i * neurons_ + j)];
  return out;
}

SignDynamicsRun NestedHebbNetwork::run_from_tracked(Index k, const SignDynamicsOptions& options) const {
  require(k >= 0 && k < tracked_.cols(), "NestedHebbNetwork::run_from_tracked: k = ", k, ", expected 0 … ",
          tracked_.cols() - 1);
  std::vector<std::int32_t> field(static_cast<std::size_t>(neurons_));
  for (Index i = 0; i < neurons_; ++i)
    field[static_cast<std::size_t>(i)] = static_cast<std::int32_t>(tracked_fields_(i, k));
  return run(tracked_.col(k), std::move(field), static_cast<std::uint64_t>(k), options);
}

SignDynamicsRun NestedHebbNetwork::run_from(const Vector& start, std::uint64_t stream,
                                            const SignDynamicsOptions& options) const {
  require_plus_minus_one(Matrix(start), neurons_, "start states");
  std::vector<std::int32_t> field(static_cast<std::size_t>(neurons_), 0);
  for (Index i = 0; i < neurons_; ++i) {
    const std::int16_t* row = couplings_.data() + i * neurons_;
    std::int64_t sum = 0;
    for (Index j = 0; j < neurons_; ++j) sum += row[j] * (start[j] > 0.0 ? 1 : -1);
    field[static_cast<std::size_t>(i)] = static_cast<std::int32_t>(sum);
  }
  return run(start, std::move(field), stream, options);
}

SignDynamicsRun NestedHebbNetwork::run(const Vector& start, std::vector<std::int32_t> field,
                                       std::uint64_t stream, const SignDynamicsOptions& options) const {
  require(options.max_sweeps >= 1, "NestedHebbNetwork: max_sweeps = ", options.max_sweeps,
          ", expected at least 1");
  const Index n = neurons_;
  std::vector<std::int8_t> state(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) state[static_cast<std::size_t>(i)] = start[i] > 0.0 ? 1 : -1;
  const bool plus_one = options.zero_field == ZeroFieldRule::PlusOne;
  Rng rng(derive_seed(options.seed, stream));
  SignDynamicsRun out;
  std::int32_t* h = field.data();
  while (out.sweeps < options.max_sweeps && !out.converged) {
    ++out.sweeps;
    std::int64_t changed = 0;
    for (const std::int64_t i : rng.permutation(n)) {
      const std::int8_t now = state[static_cast<std::size_t>(i)];
      const std::int8_t wanted = h[i] > 0 ? 1 : h[i] < 0 ? -1 : (plus_one ? std::int8_t{1} : now);
      if (wanted == now) continue;
      state[static_cast<std::size_t>(i)] = wanted;
      // h_j += C_ji (s_i' − s_i) = 2 s_i' C_ij (C symmetric, C_ii = 0 so h_i itself does not move).
      const std::int32_t twice = 2 * wanted;
      const std::int16_t* row = couplings_.data() + i * n;
      for (Index j = 0; j < n; ++j) h[j] += twice * row[j];
      ++changed;
    }
    out.flips += changed;
    out.converged = changed == 0;
  }
  out.state.resize(n);
  for (Index i = 0; i < n; ++i) out.state[i] = state[static_cast<std::size_t>(i)];
  return out;
}

}  // namespace hopfield
