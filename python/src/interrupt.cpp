#include "interrupt.hpp"

namespace hopfield::python {

void PollingProgress::begin(std::string_view task, std::int64_t total) {
  std::lock_guard lock(mutex_);
  task_ = std::string(task);
  total_ = total;
  done_ = 0;
  ++generation_;
}

void PollingProgress::advance(std::int64_t units) {
  done_ += units;
  if (cancelled_) throw experiments::Cancelled();
}

void PollingProgress::end() {
  std::lock_guard lock(mutex_);
  done_ = total_;
}

PollingProgress::Snapshot PollingProgress::snapshot() const {
  std::lock_guard lock(mutex_);
  return {.task = task_, .done = done_, .total = total_, .generation = generation_};
}

void report_progress(const py::object& report, const PollingProgress::Snapshot& now,
                     PollingProgress::Snapshot& last) {
  if (report.is_none() || now.generation == 0) return;
  if (now.generation == last.generation && now.done == last.done) return;
  report(now.task, now.done, now.total);
  last = now;
}

}  // namespace hopfield::python
