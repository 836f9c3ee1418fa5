// Progress of a long run. Experiments call it; a front end decides whether and how to show it (the CLI
// draws a line on a terminal's stderr, never into JSON or a pipe). advance() may be called from threads.
//
// Cancellation: a front end that lets the user stop a run (Ctrl-C in the Python module) throws Cancelled
// from advance(). Experiments call advance() inside run_in_parallel items (hopfield/parallel.hpp), which
// carry the exception out of the threads, so a cancelled run unwinds like any failed one: no Result, nothing
// written.
#pragma once

#include <cstdint>
#include <string_view>

#include "hopfield/cancellation.hpp"

namespace hopfield::experiments {

/// Thrown out of Progress::advance() when the run was cancelled: the library's Cancelled.
using Cancelled = hopfield::Cancelled;

class Progress {
 public:
  virtual ~Progress() = default;
  /// A new task of `total` units (e.g. trials) begins.
  virtual void begin(std::string_view /*task*/, std::int64_t /*total*/) {}
  /// `units` more units are done; thread-safe. May throw Cancelled.
  virtual void advance(std::int64_t /*units*/ = 1) {}
  /// The current task is done.
  virtual void end() {}
};

/// Shows nothing.
inline Progress& silent_progress() {
  static Progress silent;
  return silent;
}

}  // namespace hopfield::experiments
