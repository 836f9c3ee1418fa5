// hopfield — the command-line front end. It parses arguments, runs experiments from the registry and hands
// their Results to the writers; it computes nothing itself.
#include <omp.h>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <new>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#if defined(__GLIBC__)  // defined by the C library headers above
#include <malloc.h>
#endif

#include "hopfield/dataset.hpp"
#include "hopfield/error.hpp"
#include "hopfield/file_bytes.hpp"
#include "hopfield/kernels.hpp"
#include "hopfield/parallel.hpp"
#include "hopfield/process_group.hpp"
#include "image_writer.hpp"
#include "maxcut_command.hpp"
#include "registry.hpp"
#include "terminal_progress.hpp"
#include "writers.hpp"

#if defined(HOPFIELD_MPI)
#include "hopfield/distributed.hpp"
#include "mpi/shard_commands.hpp"
#endif

namespace {

using namespace hopfield;
using namespace hopfield::experiments;

#if defined(HOPFIELD_MPI)
constexpr const char* kCommands = "list, run, reproduce, maxcut, write-patterns, shard-retrieval";
#else
constexpr const char* kCommands = "list, run, reproduce, maxcut";
#endif

constexpr const char* kExitStatus =
    "Exit status: 0 on success; 1 when the command line, a parameter, an output path or a data file is wrong "
    "(the message names it and says what was expected); 3 when the run fails for another reason (out of "
    "memory, an internal error).\n"
    "--json FILE writes FILE atomically (a failed run leaves no partial file; a symlink is followed); '-' or "
    "/dev/stdout writes the JSON to standard output instead. Other special files (devices, FIFOs) and "
    "unwritable paths are refused before the run starts.\n";

struct OutputOptions {
  std::string json_path;
  std::string csv_directory;
  std::string image_directory;
  bool quiet = false;
  CLI::Option* json = nullptr;  // given on the command line (even as an empty string) when count() > 0
  CLI::Option* csv = nullptr;
  CLI::Option* images = nullptr;
};

void add_output_options(CLI::App& command, OutputOptions& output) {
  output.json = command.add_option("--json", output.json_path,
                                   "write the results as JSON to this file ('-': standard output)");
  output.csv =
      command.add_option("--csv", output.csv_directory, "write every table as CSV into this directory");
  output.images = command.add_option("--images", output.image_directory,
                                     "write every image grid as PNG into this directory");
  command.add_flag("--quiet", output.quiet, "do not print the tables");
}

// Runs `check`, naming `option` in its error.
template <typename Check>
void check_option(const char* option, Check&& check) {
  try {
    check();
  } catch (const Error& error) {
    throw Error(fmt::format("{}: {}", option, error.what()));
  }
}

void check_directory_option(const char* option, const std::string& directory) {
  require(!directory.empty(), option, ": the directory is empty; give a directory path");
  require(!is_standard_output(directory), option, ": '", directory,
          "' (standard output) cannot take a directory of files; give a directory path");
  check_option(option, [&] { check_output_directory(directory); });
}

// Every output path is checked before the work starts, so that a bad path does not throw a long run away.
void check_outputs(const OutputOptions& output) {
  if (output.json->count() > 0) {
    require(!output.json_path.empty(), "--json: the path is empty; give a file, or '-' for standard output");
    if (!is_standard_output(output.json_path))
      check_option("--json", [&] { check_output_file(output.json_path); });
  }
  if (output.csv->count() > 0) check_directory_option("--csv", output.csv_directory);
  if (output.images->count() > 0) check_directory_option("--images", output.image_directory);
}

void write_outputs(const std::vector<Result>& results, const OutputOptions& output) {
  if (output.json->count() > 0) write_output_file(output.json_path, to_json(results).dump(1) + "\n");
  if (output.csv->count() > 0) write_csv_files(results, output.csv_directory);
  if (output.images->count() > 0) write_image_grids(results, output.image_directory);
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

// --seed: any unsigned 64-bit integer, written in decimal digits only.
std::uint64_t parse_seed(const std::string& text) {
  std::uint64_t seed = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seed);
  const bool whole = !text.empty() && end == text.data() + text.size();
  require(error != std::errc::result_out_of_range, "--seed: '", text, "' is above the largest seed, ",
          std::numeric_limits<std::uint64_t>::max());
  require(error == std::errc() && whole, "--seed: cannot read '", text,
          "' as a seed; expected a whole number from 0 to ", std::numeric_limits<std::uint64_t>::max());
  return seed;
}

// --threads: 0 (the OpenMP default: all cores) to hopfield::max_threads.
int parse_threads(const std::string& text) {
  long long threads = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), threads);
  const bool whole = !text.empty() && end == text.data() + text.size();
  require(error == std::errc() && whole && threads >= 0 && threads <= max_threads, "--threads: '", text,
          "' is not a thread count; expected a whole number from 0 (all cores) to ", max_threads);
  return static_cast<int>(threads);
}

// The --seed of a command: its text and whether it was given.
struct SeedOption {
  std::string text;
  CLI::Option* option = nullptr;
};

void add_seed_option(CLI::App& command, SeedOption& seed, const char* description) {
  seed.option = command.add_option("--seed", seed.text, description);
}

std::vector<std::pair<std::string, std::string>> parse_overrides(const std::vector<std::string>& assignments,
                                                                 const SeedOption& seed) {
  std::vector<std::pair<std::string, std::string>> overrides;
  for (const auto& assignment : assignments) overrides.push_back(split_assignment(assignment));
  if (seed.option->count() > 0) overrides.emplace_back("seed", std::to_string(parse_seed(seed.text)));
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

// Everything the command line can hold.
struct CommandLine {
  std::string threads;
  CLI::Option* threads_option = nullptr;
  std::string kernels;
  CLI::Option* kernels_option = nullptr;
  CLI::App* list = nullptr;
  std::string list_name;
  CLI::App* run = nullptr;
  std::string run_name;
  std::vector<std::string> assignments;
  SeedOption run_seed;
  OutputOptions run_output;
  CLI::App* reproduce = nullptr;
  SeedOption reproduce_seed;
  OutputOptions reproduce_output;
  cli::MaxCutCommand maxcut;
#if defined(HOPFIELD_MPI)
  cli::ShardCommandLine shard;
#endif
};

void add_commands(CLI::App& app, CommandLine& line) {
  app.require_subcommand(1);
  app.footer(kExitStatus);
  line.threads_option = app.add_option(
      "--threads", line.threads,
      fmt::format("OpenMP threads, 0 to {} (default 0: all cores); results do not depend on it",
                  max_threads));
  line.kernels_option = app.add_option(
      "--kernels", line.kernels,
      "kernel path: automatic (default: the fastest this CPU runs), portable, avx2 or avx512; overrides the "
      "environment variable HOPFIELD_KERNELS");
  line.list = app.add_subcommand("list", "name the registered experiments (or one experiment's parameters)");
  line.list->add_option("name", line.list_name, "an experiment");

  line.run = app.add_subcommand("run", "run one experiment");
  line.run->add_option("name", line.run_name, "the experiment (see 'hopfield list')")->required();
  add_seed_option(*line.run, line.run_seed, "random seed, 0 to 2^64 - 1 (default: the experiment's, 42)");
  line.run->add_option("--set", line.assignments, "override a parameter: NAME=VALUE (repeatable)");
  add_output_options(*line.run, line.run_output);

  line.reproduce =
      app.add_subcommand("reproduce", "run every registered experiment, each beside the seed's figures");
  add_seed_option(*line.reproduce, line.reproduce_seed,
                  "random seed for every experiment, 0 to 2^64 - 1 (default 42)");
  add_output_options(*line.reproduce, line.reproduce_output);
  cli::add_maxcut_command(app, line.maxcut);
#if defined(HOPFIELD_MPI)
  cli::add_shard_commands(app, line.shard);
#endif
}

// The first word that is not an option (nor the value of --threads or --kernels) when it names no command,
// else empty.
std::string unknown_command(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view word = argv[i];
    if (word == "--threads" || word == "--kernels") {
      ++i;
      continue;
    }
    if (word.starts_with("-")) continue;
    const bool known = word == "list" || word == "run" || word == "reproduce" || word == "maxcut";
#if defined(HOPFIELD_MPI)
    if (word == "write-patterns" || word == "shard-retrieval") return {};
#endif
    return known ? std::string() : std::string(word);
  }
  return {};
}

// CLI11's message for a parse error, reworded to name the option or argument and the value.
std::string parse_error_message(const CLI::ParseError& error) {
  const std::string what = error.what();
  const auto after_colon = [&what] { return what.substr(what.find(": ") + 2); };
  if (what == "A subcommand is required") return fmt::format("no command given; commands: {}", kCommands);
  if (what == "name is required") return "run: the experiment name is missing ('hopfield list' names them)";
  if (what.starts_with("The following argument"))
    return fmt::format("unexpected argument(s): {}", after_colon());
  if (what.ends_with("required TEXT missing"))
    return fmt::format("{} needs a value", what.substr(0, what.find(':')));
  return what;
}

// Parses the command line; returns the exit status when the program should stop (help, or a parse error).
// `speak` false: return the status without printing (the other processes of an mpirun).
std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv, bool speak) {
  if (const std::string word = unknown_command(argc, argv); !word.empty()) {
    if (speak) fmt::print(stderr, "hopfield: error: unknown command '{}'; commands: {}\n", word, kCommands);
    return 1;
  }
  std::ostringstream discarded;
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return speak ? app.exit(help) : app.exit(help, discarded, discarded);
  } catch (const CLI::CallForAllHelp& help) {
    return speak ? app.exit(help) : app.exit(help, discarded, discarded);
  } catch (const CLI::ParseError& error) {
    if (!speak) return 1;
    fmt::print(stderr,
               "hopfield: error: {}\nRun 'hopfield --help' (or 'hopfield COMMAND --help') for usage.\n",
               parse_error_message(error));
    return 1;
  }
  return std::nullopt;
}

// How to get a data set that was not found: the library's message says what was looked for, this adds
// what to do about it in terms of this tool.
std::string data_hint(DatasetKind kind) {
  const char* point = "or point --set data=DIR or HOPFIELD_DATA at a directory holding the IDX files";
  if (kind == DatasetKind::Mnist) {
    return fmt::format(
        "to get MNIST, run scripts/fetch_data.sh in the source checkout (it writes data/mnist/), {}", point);
  }
  return fmt::format(
      "to get Fashion-MNIST, install Debian's dataset-fashion-mnist (apt-get install "
      "dataset-fashion-mnist), {}",
      point);
}

// Runs one experiment after another on every process of `group`. Process 0 checks the output paths, shows
// progress, prints the tables and writes the files; every process computes the same results (map_items
// shares the items out), and one last exchange makes sure no process failed before anything is written.
void run_experiments(const std::vector<const Experiment*>& experiments,
                     const std::vector<std::pair<std::string, std::string>>& overrides,
                     const OutputOptions& output, bool blank_line_after_table, ProcessGroup& group) {
  const bool writer = group.rank() == 0;
  if (writer) check_outputs(output);
  if (group.size() > 1) group.exchange({});  // an output path refused on process 0 stops every process now
  cli::TerminalProgress terminal_progress;
  Progress& progress = writer ? terminal_progress : silent_progress();
  std::vector<Result> results;
  for (const Experiment* experiment : experiments) {
    results.push_back(run_experiment(*experiment, overrides, progress));
    if (writer && !output.quiet)
      fmt::print("{}{}", format_result(results.back()), blank_line_after_table ? "\n" : "");
    std::fflush(stdout);
  }
  if (group.size() > 1) group.exchange({});
  if (writer) write_outputs(results, output);
  // A failed write on process 0 ends the others here, instead of leaving it alone at an exchange.
  if (group.size() > 1) group.exchange({});
}

// Runs the parsed command. Throws hopfield::Error for anything the user can fix.
void run_command(const CommandLine& line, ProcessGroup& group) {
  if (line.threads_option->count() > 0) {
    if (const int threads = parse_threads(line.threads); threads > 0) omp_set_num_threads(threads);
  }
  // The kernel path before any work: an unknown or unsupported name (here or in HOPFIELD_KERNELS) is a
  // usage error now, not a failure in the middle of a run.
  if (line.kernels_option->count() > 0) {
    use_kernel_path(kernel_path_from_name(line.kernels));
  } else {
    active_kernel_path();
  }
  if (*line.list) {
    if (group.rank() == 0) list_experiments(line.list_name);
    if (group.size() > 1) group.exchange({});
    return;
  }
  if (*line.maxcut.command) {
    // One solve: its restarts are threads of one process, so process 0 runs it and the others wait.
    if (group.rank() == 0) cli::run_maxcut_command(line.maxcut);
    if (group.size() > 1) group.exchange({});
    return;
  }
  if (*line.run) {
    const Experiment& experiment = find_experiment(line.run_name);
    run_experiments({&experiment}, parse_overrides(line.assignments, line.run_seed), line.run_output, false,
                    group);
  } else if (*line.reproduce) {
    std::vector<const Experiment*> experiments;
    for (const auto& experiment : all_experiments()) experiments.push_back(&experiment);
    run_experiments(experiments, parse_overrides({}, line.reproduce_seed), line.reproduce_output, true,
                    group);
  }
#if defined(HOPFIELD_MPI)
  else {
    cli::run_shard_command(line.shard, group);
  }
#endif
}

// The exit status and the message of the exception being handled.
ProcessFailure describe_failure() {
  try {
    throw;
  } catch (const DatasetNotFound& error) {
    return {1, fmt::format("hopfield: error: {}\n{}\n", error.what(), data_hint(error.kind()))};
  } catch (const Error& error) {
    return {1, fmt::format("hopfield: error: {}\n", error.what())};
  } catch (const std::bad_alloc&) {
    return {3, "hopfield: error: out of memory\n"};
  } catch (const std::exception& error) {
    return {3, fmt::format("hopfield: internal error: {}\n", error.what())};
  }
}

// The whole program on one process of `group` (a single process unless started by mpirun). A failure on any
// process ends every process: it is reported to the group, and process 0 prints the failing process's
// message once.
int run_program(int argc, char** argv, ProcessGroup& group) {
  CLI::App app{"hopfield: classical, dense and modern Hopfield networks, and the seed experiments"};
  CommandLine line;
  add_commands(app, line);
  // A command line is the same on every process: only process 0 says what is wrong with it.
  const auto parse_status = parse_command_line(app, argc, argv, group.rank() == 0);
  if (parse_status && (*parse_status == 0 || group.size() == 1)) return *parse_status;
  ProcessFailure failure;
  try {
    if (parse_status) {
      // Process 0 has said what is wrong; another process's line can differ only under mpirun's MPMD syntax.
      group.report_failure({*parse_status, group.rank() == 0
                                               ? std::string()
                                               : fmt::format("hopfield: error: process {} cannot "
                                                             "parse its command line\n",
                                                             group.rank())});
    }
    try {
      run_command(line, group);
      return 0;
    } catch (const GroupFailure&) {
      throw;
    } catch (...) {
      failure = describe_failure();
    }
    group.report_failure(failure);
  } catch (const GroupFailure& failed) {
    if (group.rank() == 0) {
      const std::string& message = failed.failure().message;
      if (group.size() > 1 && !message.empty())
        fmt::print(stderr, "hopfield: process {} of {} failed:\n", failed.rank(), group.size());
      fmt::print(stderr, "{}", message);
    }
    return failed.failure().exit_status;
  }
  return 3;  // not reached: report_failure throws
}

}  // namespace

int main(int argc, char** argv) {
  keep_freed_memory_for_reuse();
#if defined(HOPFIELD_MPI)
  // MPI only under mpirun: a plain run of an MPI-enabled build is the plain program.
  if (launched_by_mpirun()) {
    hopfield::distributed::MpiSession session(argc, argv);
    const ScopedProcessGroup current(session.world());
    return run_program(argc, argv, session.world());
  }
#endif
  return run_program(argc, argv, single_process());
}
