// `hopfield maxcut FILE`: solves MAX-CUT on a G-set graph with one of the library's solvers and prints the
// best cut, the mean and spread over restarts and the time to the target.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

namespace hopfield::cli {

struct MaxCutCommand {
  CLI::App* command = nullptr;
  std::string file;
  std::string solver = "annealing";
  std::int64_t restarts = 16;
  double time_limit = 0.0;
  double target = 0.0;
  CLI::Option* target_option = nullptr;
  std::uint64_t seed = 42;
  int threads = 0;
  std::int64_t sweeps = 0;
  double initial_temperature = 0.0;
  double final_temperature = 0.0;
  double time_step = 0.0;
  double coupling_scale = 0.0;
  std::string mean_coupling = "automatic";
  std::string json_path;
  CLI::Option* json_option = nullptr;
};

/// Declares the subcommand and its options on `app`.
void add_maxcut_command(CLI::App& app, MaxCutCommand& line);

/// Runs it. Throws hopfield::Error for a bad file or option.
void run_maxcut_command(const MaxCutCommand& line);

}  // namespace hopfield::cli
