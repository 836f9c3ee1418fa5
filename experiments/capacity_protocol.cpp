#include "capacity_protocol.hpp"

namespace hopfield::experiments {

double classical_trial_bytes(Index neurons, Index patterns, Index probed) {
  const auto n = static_cast<double>(neurons);
  const auto p = static_cast<double>(patterns);
  double storage = 0.0;  // HebbStorage::Automatic (classical.hpp)
  if (neurons <= 4096) {
    storage = 8.0 * n * n;
  } else if (neurons <= 32767 && n * p < 2147483648.0) {
    storage = (8 * patterns >= neurons ? n * n : 0.0) + n * p / 4.0;
  } else {
    storage = 4 * patterns <= neurons ? 8.0 * n * p : 8.0 * n * n;
  }
  return storage + n * p / 8.0 + 3.0 * 8.0 * n * static_cast<double>(probed);
}

}  // namespace hopfield::experiments
