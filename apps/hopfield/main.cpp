// hopfield — the command-line front end. It parses arguments, runs experiments from the registry and hands
// their Results to the writers; it computes nothing itself.
#include <omp.h>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#if defined(__GLIBC__)  // defined by the C library headers above
#include <malloc.h>
#endif

#include "hopfield/error.hpp"
#include "image_writer.hpp"
#include "registry.hpp"
#include "terminal_progress.hpp"
#include "writers.hpp"

namespace {

using namespace hopfield;
using namespace hopfield::experiments;

struct OutputOptions {
  std::string json_path;
  std::string csv_directory;
  std::string image_directory;
  bool quiet = false;
};

void add_output_options(CLI::App& command, OutputOptions& output) {
  command.add_option("--json", output.json_path, "write the results as JSON to this file");
  command.add_option("--csv", output.csv_directory, "write every table as CSV into this directory");
  command.add_option("--images", output.image_directory, "write every image grid as PNG into this directory");
  command.add_flag("--quiet", output.quiet, "do not print the tables");
}

void write_outputs(const std::vector<Result>& results, const OutputOptions& output) {
  if (!output.json_path.empty()) write_file_atomically(output.json_path, to_json(results).dump(1) + "\n");
  if (!output.csv_directory.empty()) write_csv_files(results, output.csv_directory);
  if (!output.image_directory.empty()) write_image_grids(results, output.image_directory);
}

void list_experiments(const std::string& name) {
  if (name.empty()) {
    for (const auto& experiment : all_experiments())
      fmt::print("{:<30} {}\n", experiment.name, experiment.summary);
    fmt::print("\n{}\n'hopfield list NAME' shows an experiment's parameters.\n", reproduced_write_ups());
    return;
  }
  const Experiment& experiment = find_experiment(name);
  fmt::print("{}\n  {}\n  reproduces: {}\n\nparameters (set with --set NAME=VALUE):\n", experiment.name,
             experiment.summary, experiment.source);
  for (const auto& spec : experiment.parameters) {
    fmt::print("  {:<22} {:<14} {}\n", spec.name, to_text(spec.default_value), spec.description);
  }
  fmt::print("\n{}", reproduced_write_ups());
}

std::vector<std::pair<std::string, std::string>> parse_overrides(const std::vector<std::string>& assignments,
                                                                 long long seed) {
  std::vector<std::pair<std::string, std::string>> overrides;
  for (const auto& assignment : assignments) overrides.push_back(split_assignment(assignment));
  if (seed >= 0) overrides.emplace_back("seed", std::to_string(seed));
  return overrides;
}

// The experiments allocate and free the same large matrices over and over (a 60 MB example set per α_D
// row, an N x N coupling matrix per α point, a 63 MB MNIST image matrix). By default glibc serves blocks
// above 32 MB (and, in worker threads, anything that does not fit a 64 MB arena heap) with mmap and returns
// them with munmap, so every reuse page-faults the memory in again: ~0.5 M faults and ~1.8 s of system time
// in `hopfield reproduce`. Keep freed memory in one heap for reuse instead. Allocation only: no result
// depends on it.
void keep_freed_memory_for_reuse() {
#if defined(__GLIBC__)
  constexpr int one_gigabyte = 1 << 30;
  mallopt(M_MMAP_THRESHOLD, one_gigabyte);  // no mmap below 1 GB
  mallopt(M_TRIM_THRESHOLD, one_gigabyte);  // keep up to 1 GB of freed memory at the top of the heap
  mallopt(M_ARENA_MAX, 1);  // one heap for all threads: a block freed by one thread is reused by another
#endif
}

}  // namespace

int main(int argc, char** argv) {
  keep_freed_memory_for_reuse();
  CLI::App app{"hopfield: classical, dense and modern Hopfield networks, and the seed experiments"};
  app.require_subcommand(1);
  int threads = 0;
  app.add_option("--threads", threads, "OpenMP threads (default: all cores); results do not depend on it")
      ->check(CLI::NonNegativeNumber);

  std::string list_name;
  auto* list = app.add_subcommand("list", "name the registered experiments (or one experiment's parameters)");
  list->add_option("name", list_name, "an experiment");

  std::string run_name;
  std::vector<std::string> assignments;
  long long seed = -1;
  OutputOptions run_output;
  auto* run = app.add_subcommand("run", "run one experiment");
  run->add_option("name", run_name, "the experiment (see 'hopfield list')")->required();
  run->add_option("--seed", seed, "random seed (default: the experiment's, 42)")
      ->check(CLI::NonNegativeNumber);
  run->add_option("--set", assignments, "override a parameter: NAME=VALUE (repeatable)");
  add_output_options(*run, run_output);

  long long reproduce_seed = -1;
  OutputOptions reproduce_output;
  auto* reproduce =
      app.add_subcommand("reproduce", "run every registered experiment, each beside the seed's figures");
  reproduce->add_option("--seed", reproduce_seed, "random seed for every experiment (default 42)")
      ->check(CLI::NonNegativeNumber);
  add_output_options(*reproduce, reproduce_output);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }

  try {
    if (threads > 0) omp_set_num_threads(threads);
    if (*list) {
      list_experiments(list_name);
      return 0;
    }
    cli::TerminalProgress progress;
    std::vector<Result> results;
    if (*run) {
      const Experiment& experiment = find_experiment(run_name);
      results.push_back(run_experiment(experiment, parse_overrides(assignments, seed), progress));
      if (!run_output.quiet) fmt::print("{}", format_result(results.back()));
      write_outputs(results, run_output);
    } else if (*reproduce) {
      for (const auto& experiment : all_experiments()) {
        results.push_back(run_experiment(experiment, parse_overrides({}, reproduce_seed), progress));
        if (!reproduce_output.quiet) fmt::print("{}\n", format_result(results.back()));
        std::fflush(stdout);
      }
      write_outputs(results, reproduce_output);
    }
  } catch (const hopfield::Error& error) {
    fmt::print(stderr, "hopfield: error: {}\n", error.what());
    return 1;
  } catch (const std::exception& error) {
    fmt::print(stderr, "hopfield: internal error: {}\n", error.what());
    return 3;
  }
  return 0;
}
