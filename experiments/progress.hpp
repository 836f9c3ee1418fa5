// Progress of a long run. Experiments call it; a front end decides whether and how to show it (the CLI
// draws a line on a terminal's stderr, never into JSON or a pipe). advance() may be called from threads.
#pragma once

#include <cstdint>
#include <string_view>

namespace hopfield::experiments {

class Progress {
 public:
  virtual ~Progress() = default;
  /// A new task of `total` units (e.g. trials) begins.
  virtual void begin(std::string_view /*task*/, std::int64_t /*total*/) {}
  /// `units` more units are done; thread-safe.
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
