// Sign dynamics of the binary models (ClassicalHopfield, DenseAssociativeMemory) and the options of their
// recall.
#pragma once

#include <cstdint>
#include <string_view>

#include "hopfield/cancellation.hpp"

namespace hopfield {

enum class Dynamics : std::uint8_t {
  Asynchronous,            ///< one unit at a time, a fresh random permutation every sweep
  AsynchronousFixedOrder,  ///< one unit at a time, in the order 0 … N−1
  Synchronous,             ///< all units at once (may end in a 2-cycle, which is detected)
};

/// "asynchronous", "asynchronous-fixed-order" or "synchronous" (throws hopfield::Error otherwise).
Dynamics dynamics_from_name(std::string_view name);
std::string_view dynamics_name(Dynamics dynamics);

struct RecallOptions {
  Dynamics dynamics = Dynamics::Asynchronous;
  /// Upper bound on sweeps; a sweep visits every unit once (one synchronous step is one sweep).
  int max_sweeps = 100;
  /// Seeds the update order: probe k uses Rng(derive_seed(seed, k)), so results do not depend on threads.
  std::uint64_t seed = 0;
  /// Record the energy before the first sweep and after every sweep.
  bool record_energy = false;
  /// OpenMP threads over blocks of binary_recall_block probes (memory.hpp); 0 uses the OpenMP default.
  int threads = 0;
  /// Checked between blocks of probes: once cancelled, recall throws Cancelled (hopfield/cancellation.hpp)
  /// and returns nothing. nullptr (the default): never cancelled.
  const CancellationToken* cancellation = nullptr;
};

}  // namespace hopfield
