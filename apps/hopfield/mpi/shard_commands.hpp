// The commands of an MPI-enabled build (-DHOPFIELD_MPI=ON) around the sharded modern memory
// (hopfield/sharded_memory.hpp): write-patterns writes a pattern file from a seed; shard-retrieval runs
// retrieval over a memory sharded across the processes of mpirun (or one process) and reports throughput.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "hopfield/process_group.hpp"

namespace hopfield::cli {

struct ShardCommandLine {
  CLI::App* write = nullptr;
  std::string write_path;
  CLI::App* retrieval = nullptr;
  std::string patterns_path;  ///< empty: generate from the seed
  std::string json_path;
  CLI::Option* json = nullptr;
  std::int64_t dimension = 64;
  std::int64_t count = 100'000;
  std::uint64_t seed = 42;
  double beta = 1.0;
  double noise = 0.3;
  std::int64_t queries = 1024;
  int steps = 1;
  int repeats = 3;
  bool quiet = false;
};

/// Adds write-patterns and shard-retrieval to `app`.
void add_shard_commands(CLI::App& app, ShardCommandLine& line);

/// Runs whichever of the two was parsed (process 0 prints and writes).
void run_shard_command(const ShardCommandLine& line, ProcessGroup& group);

}  // namespace hopfield::cli
