#include "terminal_progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace hopfield::cli {

TerminalProgress::TerminalProgress() : enabled_(isatty(STDERR_FILENO) == 1) {}

void TerminalProgress::begin(std::string_view task, std::int64_t total) {
  task_ = std::string(task);
  total_ = total;
  done_ = 0;
  drawn_ = false;
  start_ = last_draw_ = std::chrono::steady_clock::now();
}

void TerminalProgress::advance(std::int64_t units) {
  const std::int64_t done = done_ += units;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  // Draw at most ten times a second, and only once a run has taken half a second.
  if (now - start_ < std::chrono::milliseconds(500) || now - last_draw_ < std::chrono::milliseconds(100))
    return;
  std::unique_lock lock(draw_mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return;
  last_draw_ = now;
  draw(done, false);
}

void TerminalProgress::end() {
  if (!enabled_ || !drawn_) return;
  std::lock_guard lock(draw_mutex_);
  draw(done_, true);
}

void TerminalProgress::draw(std::int64_t done, bool final_line) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double fraction = total_ > 0 ? static_cast<double>(done) / static_cast<double>(total_) : 0.0;
  std::string eta;
  if (!final_line && fraction > 0.0)
    eta = fmt::format(", about {:.0f} s left", seconds * (1.0 / fraction - 1.0));
  fmt::print(stderr, "\r\033[K{}: {}/{} ({:.0f} %) in {:.1f} s{}{}", task_, done, total_, 100.0 * fraction,
             seconds, eta, final_line ? "\n" : "");
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace hopfield::cli
