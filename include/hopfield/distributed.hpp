// MPI for the library's front ends (built with -DHOPFIELD_MPI=ON). An MpiSession starts MPI and holds the
// process group of every process mpirun started (MPI_COMM_WORLD), through which map_items
// (hopfield/item_map.hpp) shares out an experiment's items and ShardedModernMemory
// (hopfield/sharded_memory.hpp) merges its shards. Start one only when launched_by_mpirun()
// (hopfield/process_group.hpp), so that a plain run never touches MPI. No MPI header is included here.
#pragma once

#include <memory>

#include "hopfield/process_group.hpp"

namespace hopfield::distributed {

class MpiSession {
 public:
  /// MPI_Init_thread (only the calling thread calls MPI; OpenMP threads compute between the calls).
  MpiSession(int& argc, char**& argv);
  /// MPI_Finalize.
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  /// Every process mpirun started.
  ProcessGroup& world();

 private:
  class World;
  std::unique_ptr<World> world_;
};

}  // namespace hopfield::distributed
