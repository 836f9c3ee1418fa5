// Independent items of an experiment (trials, sweep points, table cells) on OpenMP threads.
#pragma once

#include <omp.h>

#include <exception>

#include "hopfield/types.hpp"

namespace hopfield::experiments {

/// Calls item(i) for i = 0 … count − 1 on `threads` OpenMP threads (0: the OpenMP default), one item at a
/// time per thread (dynamic schedule); serially when `parallel` is false. Each item must write only its own
/// outputs and draw from its own seed, so results do not depend on the thread count. An exception cannot
/// leave an OpenMP region: the first one thrown is kept and rethrown once every item has run.
template <typename Item>
void run_in_parallel(Index count, Item&& item, int threads = 0, bool parallel = true) {
  std::exception_ptr failure;
  const int team = threads > 0 ? threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 1) num_threads(team) if (parallel && count > 1)
  for (Index i = 0; i < count; ++i) {
    try {
      item(i);
    } catch (...) {
#pragma omp critical(hopfield_run_in_parallel_failure)
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace hopfield::experiments
