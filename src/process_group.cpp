#include "hopfield/process_group.hpp"

#include <cstdlib>

namespace hopfield {
namespace {

class SingleProcess final : public ProcessGroup {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  std::vector<std::vector<std::byte>> exchange(const std::vector<std::byte>& mine) override { return {mine}; }
  [[noreturn]] void report_failure(const ProcessFailure& failure) override { throw GroupFailure(0, failure); }
};

// The installed group. Set by a front end before a run and read by the run's thread; the item maps read it
// before their parallel loops start, never from a worker thread.
ProcessGroup* installed_group = nullptr;

}  // namespace

ProcessGroup& single_process() {
  static SingleProcess group;
  return group;
}

ProcessGroup& current_process_group() {
  return installed_group ? *installed_group : single_process();
}

ScopedProcessGroup::ScopedProcessGroup(ProcessGroup& group) : previous_(installed_group) {
  installed_group = &group;
}

ScopedProcessGroup::~ScopedProcessGroup() {
  installed_group = previous_;
}

bool launched_by_mpirun() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') return true;
  }
  return false;
}

}  // namespace hopfield
