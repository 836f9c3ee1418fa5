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
#include "image_writer.hpp"
#include "maxcut_command.hpp"
#include "registry.hpp"
#include "terminal_progress.hpp"
#include "writers.hpp"

namespace {

using namespace hopfield;
using namespace hopfield::experiments;

constexpr const char* kCommands = "list, run, reproduce, maxcut";

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
    return word == "list" || word == "run" || word == "reproduce" || word == "maxcut" ? std::string() : std::string(word);
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
std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv) {
  if (const std::string word = unknown_command(argc, argv); !word.empty()) {
    fmt::print(stderr, "hopfield: error: unknown command '{}'; commands: {}\n", word, kCommands);
    return 1;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::ParseError& error) {
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

// Runs the parsed command. Throws hopfield::Error for anything the user can fix.
void run_command(const CommandLine& line) {
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
    list_experiments(line.list_name);
    return;
  }
  if (*line.maxcut.command) {
    cli::run_maxcut_command(line.maxcut);
    return;
  }
  cli::TerminalProgress progress;
  std::vector<Result> results;
  if (*line.run) {
    const Experiment& experiment = find_experiment(line.run_name);
    const auto overrides = parse_overrides(line.assignments, line.run_seed);
    check_outputs(line.run_output);
    results.push_back(run_experiment(experiment, overrides, progress));
    if (!line.run_output.quiet) fmt::print("{}", format_result(results.back()));
    write_outputs(results, line.run_output);
  } else if (*line.reproduce) {
    const auto overrides = parse_overrides({}, line.reproduce_seed);
    check_outputs(line.reproduce_output);
    for (const auto& experiment : all_experiments()) {
      results.push_back(run_experiment(experiment, overrides, progress));
      if (!line.reproduce_output.quiet) fmt::print("{}\n", format_result(results.back()));
      std::fflush(stdout);
    }
    write_outputs(results, line.reproduce_output);
  }
}

}  // namespace

int main(int argc, char** argv) {
  keep_freed_memory_for_reuse();
  CLI::App app{"hopfield: classical, dense and modern Hopfield networks, and the seed experiments"};
  CommandLine line;
  add_commands(app, line);
  if (const auto status = parse_command_line(app, argc, argv)) return *status;
  try {
    run_command(line);
  } catch (const DatasetNotFound& error) {
    fmt::print(stderr, "hopfield: error: {}\n{}\n", error.what(), data_hint(error.kind()));
    return 1;
  } catch (const Error& error) {
    fmt::print(stderr, "hopfield: error: {}\n", error.what());
    return 1;
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "hopfield: error: out of memory\n");
    return 3;
  } catch (const std::exception& error) {
    fmt::print(stderr, "hopfield: internal error: {}\n", error.what());
    return 3;
  }
  return 0;
}
