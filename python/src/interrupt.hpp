// Long calls from Python: run on a worker thread with the GIL released, while the calling thread wakes every
// 100 ms, takes the GIL, lets Python handle pending signals (Ctrl-C raises KeyboardInterrupt there) and
// reports progress. On a signal the run is cancelled (PollingProgress::advance throws
// experiments::Cancelled on the worker), the worker is joined, and the signal's exception is raised: the
// call returns within about a second, with nothing half-made. run_cancellable does the same for a model's
// call (a recall), through the library's CancellationToken.
#pragma once

#include <omp.h>
#include <pybind11/pybind11.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>

#include "hopfield/cancellation.hpp"
#include "progress.hpp"

namespace hopfield::python {

namespace py = pybind11;

/// A Progress read by another thread, which may cancel it.
class PollingProgress final : public experiments::Progress {
 public:
  void begin(std::string_view task, std::int64_t total) override;
  void advance(std::int64_t units) override;
  void end() override;
  /// The next advance() (on any thread) throws experiments::Cancelled.
  void cancel() { cancelled_ = true; }

  struct Snapshot {
    std::string task;
    std::int64_t done = 0;
    std::int64_t total = 0;
    std::int64_t generation = 0;  ///< counts begin() calls, so a new task is told from the old one
  };
  Snapshot snapshot() const;

 private:
  mutable std::mutex mutex_;
  std::string task_;
  std::int64_t total_ = 0;
  std::int64_t generation_ = 0;
  std::atomic<std::int64_t> done_{0};
  std::atomic<bool> cancelled_{false};
};

/// Calls report(task, done, total) when the snapshot changed since `last`; report may be None.
void report_progress(const py::object& report, const PollingProgress::Snapshot& now,
                     PollingProgress::Snapshot& last);

/// Runs work(progress) on a worker thread (see the header comment); `threads` > 0 sets the worker's OpenMP
/// thread count. Call with the GIL held. Exceptions of `work` are rethrown on the calling thread.
/// Waits for the worker's `done` with the GIL released, waking every 100 ms to take the GIL and let Python
/// handle pending signals; `tick()` runs at each wake, with the GIL. On a signal: cancel(), join the worker,
/// let its own end (Cancelled, or an error met first) yield to the signal, and raise the signal's exception.
/// Otherwise returns the worker's result (or rethrows its exception) once it has joined.
template <typename Result, typename Cancel, typename Tick>
Result await_worker(std::future<Result>& done, std::thread& worker, Cancel cancel, Tick tick) {
  bool interrupted = false;
  {
    py::gil_scoped_release release;
    while (done.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
      py::gil_scoped_acquire acquire;
      if (PyErr_CheckSignals() != 0) {
        interrupted = true;
        cancel();
        break;
      }
      tick();
    }
    worker.join();
  }
  if (interrupted) {
    try {
      done.get();
    } catch (...) {
    }
    throw py::error_already_set();
  }
  return done.get();
}

/// Runs work(progress) on a worker thread (see the header comment); `threads` > 0 sets the worker's OpenMP
/// thread count. Call with the GIL held. Exceptions of `work` are rethrown on the calling thread.
template <typename Result>
Result run_interruptible(const std::function<Result(experiments::Progress&)>& work, int threads,
                         const py::object& report) {
  PollingProgress progress;
  std::packaged_task<Result()> task([&] {
    if (threads > 0) omp_set_num_threads(threads);
    return work(progress);
  });
  std::future<Result> done = task.get_future();
  std::thread worker(std::move(task));
  PollingProgress::Snapshot last;
  Result value = await_worker(
      done, worker, [&] { progress.cancel(); },
      [&] {
        try {
          report_progress(report, progress.snapshot(), last);
        } catch (...) {  // a failing progress callback stops the run, as Ctrl-C does
          progress.cancel();
          py::gil_scoped_release wait;
          worker.join();
          throw;
        }
      });
  report_progress(report, progress.snapshot(), last);
  return value;
}

/// Runs work(token) on a worker thread with the GIL released, while the calling thread checks for signals
/// every 100 ms: on one (Ctrl-C) it cancels the token, joins the worker (the work stops at its next check,
/// throwing Cancelled) and raises the signal's exception, so nothing is returned. Call with the GIL held;
/// exceptions of `work` are rethrown on the calling thread.
template <typename Result>
Result run_cancellable(const std::function<Result(const CancellationToken&)>& work) {
  CancellationToken token;
  std::packaged_task<Result()> task([&] { return work(token); });
  std::future<Result> done = task.get_future();
  std::thread worker(std::move(task));
  return await_worker(
      done, worker, [&] { token.cancel(); }, [] {});
}

/// work(token) with the GIL released: through run_cancellable when `interruptible` (a call long enough for
/// Ctrl-C to matter), else on the calling thread (a small call, spared the worker thread's start-up).
template <typename Result>
Result run_released(bool interruptible, const std::function<Result(const CancellationToken&)>& work) {
  if (interruptible) return run_cancellable<Result>(work);
  const CancellationToken never;
  py::gil_scoped_release release;
  return work(never);
}

}  // namespace hopfield::python
