// Independent items (probes, trials, sweep points, table cells) on OpenMP threads — the one parallel loop of
// the library and its experiments.
#pragma once

#ifdef _OPENMP
#include <omp.h>
#endif

#include <exception>

#include "hopfield/error.hpp"
#include "hopfield/types.hpp"

namespace hopfield {

/// The largest thread count accepted anywhere (a request beyond it is an error, not a crash in the runtime).
inline constexpr int max_threads = 1024;

/// Throws hopfield::Error unless 0 ≤ threads ≤ max_threads (0: the OpenMP default). `what` names the option.
inline void check_thread_count(int threads, const char* what) {
  require(threads >= 0 && threads <= max_threads, what, " = ", threads, ": expected 0 (the default) to ",
          max_threads, " threads");
}

/// Calls item(i) for i = 0 … count − 1 on `threads` OpenMP threads (0: the OpenMP default), one item at a
/// time per thread (dynamic schedule); serially when `parallel` is false. Each item must write only its own
/// outputs and draw from its own seed, so results do not depend on the thread count. An exception cannot
/// leave an OpenMP region: the first one thrown (std::bad_alloc included) is kept, the items not yet started
/// are skipped, and it is rethrown on the calling thread.
template <typename Item>
void run_in_parallel(Index count, Item&& item, int threads = 0, bool parallel = true) {
  check_thread_count(threads, "threads");
  std::exception_ptr failure;
  bool failed = false;
#ifdef _OPENMP
  const int team = threads > 0 ? threads : omp_get_max_threads();
#else
  const int team = 1;  // built without OpenMP (the WebAssembly explorer): the pragmas below are ignored
  (void)team, (void)parallel;
#endif
#pragma omp parallel for schedule(dynamic, 1) num_threads(team) if (parallel && count > 1)
  for (Index i = 0; i < count; ++i) {
    bool skip;
#pragma omp atomic read
    skip = failed;
    if (skip) continue;
    try {
      item(i);
    } catch (...) {
#pragma omp critical(hopfield_run_in_parallel_failure)
      if (!failure) failure = std::current_exception();
#pragma omp atomic write
      failed = true;
    }
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace hopfield
