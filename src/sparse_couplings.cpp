#include "hopfield/sparse_couplings.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "hopfield/error.hpp"

namespace hopfield {
namespace {

void check_pair(Index neurons, const CouplingEntry& pair, std::size_t position) {
  require(pair.first >= 0 && pair.first < neurons && pair.second >= 0 && pair.second < neurons,
          "sparse couplings: pair ", position, " (", pair.first, ", ", pair.second,
          ") names a neuron outside 0 ... ", neurons - 1);
  require(pair.first != pair.second, "sparse couplings: pair ", position, " couples neuron ", pair.first,
          " to itself; expected two distinct neurons");
  require(std::isfinite(pair.value), "sparse couplings: pair ", position, " has weight ", pair.value,
          "; expected a finite number");
}

}  // namespace

SparseCouplings::SparseCouplings(Index neurons, std::span<const CouplingEntry> pairs) {
  require(neurons >= 1 && neurons <= std::numeric_limits<std::int32_t>::max(),
          "sparse couplings: neurons = ", neurons, "; expected 1 ... ",
          std::numeric_limits<std::int32_t>::max());
  std::vector<Index> degree(static_cast<std::size_t>(neurons), 0);
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    check_pair(neurons, pairs[k], k);
    ++degree[static_cast<std::size_t>(pairs[k].first)];
    ++degree[static_cast<std::size_t>(pairs[k].second)];
  }
  row_offsets_.assign(static_cast<std::size_t>(neurons) + 1, 0);
  std::partial_sum(degree.begin(), degree.end(), row_offsets_.begin() + 1);
  columns_.resize(2 * pairs.size());
  values_.resize(2 * pairs.size());
  std::vector<Index> next(row_offsets_.begin(), row_offsets_.end() - 1);
  for (const auto& pair : pairs) {
    const auto put = [&](Index row, Index column) {
      const auto at = static_cast<std::size_t>(next[static_cast<std::size_t>(row)]++);
      columns_[at] = static_cast<std::int32_t>(column);
      values_[at] = pair.value;
    };
    put(pair.first, pair.second);
    put(pair.second, pair.first);
  }
  // Sort each row by neighbour (cache-friendly sweeps) and find pairs listed twice.
  std::vector<std::pair<std::int32_t, double>> row;
  for (Index i = 0; i < neurons; ++i) {
    const auto begin = static_cast<std::size_t>(row_offsets_[i]);
    const auto end = static_cast<std::size_t>(row_offsets_[i + 1]);
    row.clear();
    for (auto k = begin; k < end; ++k) row.emplace_back(columns_[k], values_[k]);
    std::sort(row.begin(), row.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t k = 0; k < row.size(); ++k) {
      require(k == 0 || row[k].first != row[k - 1].first, "sparse couplings: the pair (", i, ", ",
              row[k].first, ") is listed twice; expected each pair once");
      columns_[begin + k] = row[k].first;
      values_[begin + k] = row[k].second;
    }
  }
}

double SparseCouplings::local_field(Index i, std::span<const std::int8_t> spins) const {
  double field = 0.0;
  for (auto k = row_offsets_[i]; k < row_offsets_[i + 1]; ++k)
    field += values_[static_cast<std::size_t>(k)] * spins[static_cast<std::size_t>(columns_[k])];
  return field;
}

void SparseCouplings::local_fields(std::span<const std::int8_t> spins, std::span<double> fields) const {
  for (Index i = 0; i < neurons(); ++i) fields[static_cast<std::size_t>(i)] = local_field(i, spins);
}

void SparseCouplings::multiply(std::span<const double> x, std::span<double> fields) const {
  const std::int32_t* column = columns_.data();
  const double* value = values_.data();
  for (Index i = 0; i < neurons(); ++i) {
    double field = 0.0;
    for (auto k = row_offsets_[i]; k < row_offsets_[i + 1]; ++k) field += value[k] * x[column[k]];
    fields[static_cast<std::size_t>(i)] = field;
  }
}

double SparseCouplings::energy(std::span<const std::int8_t> spins) const {
  double sum = 0.0;
  for (Index i = 0; i < neurons(); ++i) sum += spins[static_cast<std::size_t>(i)] * local_field(i, spins);
  return -0.5 * sum;
}

double SparseCouplings::squared_norm() const {
  double sum = 0.0;
  for (const double value : values_) sum += value * value;
  return 0.5 * sum;
}

}  // namespace hopfield
