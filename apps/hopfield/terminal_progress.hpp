// A progress line on stderr, drawn only when stderr is a terminal (never into a pipe, a file or JSON).
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>

#include "progress.hpp"

namespace hopfield::cli {

class TerminalProgress final : public experiments::Progress {
 public:
  TerminalProgress();
  void begin(std::string_view task, std::int64_t total) override;
  void advance(std::int64_t units) override;
  void end() override;

 private:
  void draw(std::int64_t done, bool final_line);

  bool enabled_;
  std::string task_;
  std::int64_t total_ = 0;
  std::atomic<std::int64_t> done_{0};
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  std::mutex draw_mutex_;
  bool drawn_ = false;
};

}  // namespace hopfield::cli
