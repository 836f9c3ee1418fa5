// The command-line tool end to end: exit codes, error messages, output paths and the files it writes.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "registry.hpp"
#include "test_files.hpp"

namespace {

namespace fs = std::filesystem;
using test_files::contains;
using test_files::read_text;

struct Outcome {
  int exit_code;
  std::string output;  // stdout and stderr, unless asked for stdout alone
};

// Runs the tool through the shell after `prefix` (e.g. "cd DIR &&"); `arguments` are shell words.
Outcome run_cli(const std::string& arguments, bool stdout_only = false, const std::string& prefix = "") {
  const std::string command = prefix + " " + std::string(HOPFIELD_CLI_PATH) + " " + arguments +
                              (stdout_only ? " 2>/dev/null" : " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return {-1, "popen failed"};
  std::string output;
  std::array<char, 4096> buffer{};
  while (const std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

nlohmann::json read_json(const fs::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

// Runs the tool (after `prefix`) and expects it to fail with exit status 1 and `message` in its output.
Outcome expect_failure(const std::string& arguments, const std::string& message,
                       const std::string& prefix = "") {
  const Outcome outcome = run_cli(arguments, false, prefix);
  EXPECT_EQ(outcome.exit_code, 1) << arguments << "\n" << outcome.output;
  EXPECT_TRUE(contains(outcome.output, message)) << arguments << "\n" << outcome.output;
  return outcome;
}

// A fresh directory under the temporary directory, removed with the fixture.
class CliFiles : public test_files::TemporaryDirectoryTest {
 protected:
  CliFiles() : TemporaryDirectoryTest("hopfield-cli") {}
};

// A quick run: seven rows of 50 trials.
const std::string kQuickRun = "run classical-retrieval --seed 3 --set trials=50";

TEST(Cli, ListNamesTheExperiments) {
  const auto listed = run_cli("list");
  EXPECT_EQ(listed.exit_code, 0);
  EXPECT_TRUE(contains(listed.output, "classical-retrieval"));
  const auto described = run_cli("list classical-capacity");
  EXPECT_EQ(described.exit_code, 0);
  EXPECT_TRUE(contains(described.output, "corruption"));
}

TEST(Cli, HelpStatesTheExitStatus) {
  const auto help = run_cli("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_TRUE(contains(help.output, "Exit status: 0 on success; 1 when")) << help.output;
}

TEST(Cli, UnknownExperimentIsAClearError) {
  expect_failure("run no-such-experiment", "unknown experiment 'no-such-experiment'");
}

TEST(Cli, UnknownCommandIsNamed) {
  expect_failure("frobnicate", "unknown command 'frobnicate'; commands: list, run, reproduce");
  expect_failure("--threads 2 frobnicate", "unknown command 'frobnicate'");
  expect_failure("", "no command given; commands: list, run, reproduce");
}

TEST(Cli, BadParameterIsAClearError) {
  expect_failure("run classical-retrieval --set temperature=3", "unknown parameter 'temperature'");
  expect_failure("run classical-capacity --set corruption=-0.1", "corruption");
  expect_failure("run classical-retrieval --set flips=101", "flips");
}

// Every class of error exits with 1: a parse error of CLI11, an option value, a parameter, an output path,
// missing data; success with 0.
TEST(Cli, ExitCodes) {
  EXPECT_EQ(run_cli(kQuickRun + " --quiet").exit_code, 0);
  EXPECT_EQ(run_cli("run").exit_code, 1);  // the experiment name is missing
  EXPECT_EQ(run_cli("run classical-retrieval --no-such-option").exit_code, 1);  // unknown option
  EXPECT_EQ(run_cli("run classical-retrieval --json").exit_code, 1);            // option without its value
  EXPECT_EQ(run_cli("run classical-retrieval --seed abc").exit_code, 1);
  EXPECT_EQ(run_cli("--threads 70000 list").exit_code, 1);
  EXPECT_EQ(run_cli("run classical-retrieval --set trials=x").exit_code, 1);
  EXPECT_EQ(run_cli("run classical-retrieval --json /nonexistent/dir/o.json").exit_code, 1);
  EXPECT_EQ(run_cli("run mnist-spectrum --set data=/nonexistent/hopfield-data").exit_code, 1);
}

TEST(Cli, SeedErrorsNameTheOptionAndValue) {
  const Outcome word =
      expect_failure("run classical-retrieval --seed abc",
                     "--seed: cannot read 'abc' as a seed; expected a whole number from 0 to "
                     "18446744073709551615");
  EXPECT_LT(word.output.size(), 300u) << word.output;  // no 309-digit range
  expect_failure("run classical-retrieval --seed -1", "--seed");
  expect_failure("reproduce --seed 18446744073709551616",
                 "--seed: '18446744073709551616' is above the largest seed");
}

TEST_F(CliFiles, SeedTakesTheFullUnsignedRange) {
  const auto run =
      run_cli("run classical-retrieval --seed 18446744073709551615 --set trials=5 --quiet --json " +
              path("seed.json").string());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto seed = read_json(path("seed.json")).at("experiments").at(0).at("params").at("seed");
  ASSERT_TRUE(seed.is_number_unsigned()) << seed;
  EXPECT_EQ(seed.get<std::uint64_t>(), 18446744073709551615u);
}

TEST(Cli, ThreadsAreBounded) {
  for (const std::string bad : {"70000", "-1", "abc", "99999999999999999999"}) {
    expect_failure("--threads " + bad + " list", "--threads: '" + bad +
                                                     "' is not a thread count; expected a whole "
                                                     "number from 0 (all cores) to 1024");
  }
  EXPECT_EQ(run_cli("--threads 0 list").exit_code, 0);
  EXPECT_EQ(run_cli("--threads 1024 list").exit_code, 0);
}

TEST(Cli, KernelPathIsCheckedBeforeTheRun) {
  // An unknown path, from the option or from the environment: a usage error (exit 1), never an abort.
  expect_failure("--kernels sse9 run classical-retrieval --quiet",
                 "kernel path 'sse9': expected automatic, portable, avx2 or avx512");
  expect_failure("run modern-retrieval --quiet", "HOPFIELD_KERNELS = 'sse9'", "HOPFIELD_KERNELS=sse9");
  EXPECT_EQ(run_cli("--kernels portable list").exit_code, 0);
}

TEST_F(CliFiles, KernelPathDoesNotChangeTheClassicalJson) {
  // Above N = 4096 the Hebb recall runs the packed kernels: exact integers on every path.
  const std::string large =
      "run classical-capacity --quiet --set neurons=4160 --set patterns=300,600 "
      "--set trials=1 --set seed_trials=1 --set probes=3 --json ";
  for (const std::string path : {"portable", "automatic"}) {
    const auto result = run_cli("--kernels " + path + " " + large + this->path(path + ".json").string());
    ASSERT_EQ(result.exit_code, 0) << result.output;
  }
  EXPECT_EQ(read_text(path("portable.json")), read_text(path("automatic.json")));
}

TEST_F(CliFiles, ThreadCountDoesNotChangeTheJson) {
  for (const std::string threads : {"1", "2"}) {
    const auto result = run_cli("--threads " + threads + " " + kQuickRun + " --quiet --json " +
                                path(threads + ".json").string());
    ASSERT_EQ(result.exit_code, 0) << result.output;
  }
  const std::string one = read_text(path("1.json"));
  EXPECT_GT(one.size(), 500u);
  EXPECT_EQ(one, read_text(path("2.json")));
}

TEST_F(CliFiles, RunWritesJsonAndNoPartialFileOnError) {
  const fs::path json_path = path("out.json");
  const auto ok = run_cli(kQuickRun + " --quiet --json " + json_path.string());
  ASSERT_EQ(ok.exit_code, 0) << ok.output;
  const auto json = read_json(json_path);
  const auto& experiment = json.at("experiments").at(0);
  EXPECT_EQ(experiment.at("name"), "classical-retrieval");
  EXPECT_EQ(experiment.at("params").at("seed"), 3);
  EXPECT_EQ(experiment.at("tables").at(0).at("rows").size(), 7u);
  const auto failed =
      run_cli("run classical-retrieval --set flips=-1 --json " + path("failed.json").string());
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_FALSE(fs::exists(path("failed.json")));
  expect_failure(kQuickRun + " --quiet --json /nonexistent/dir/o.json",
                 "--json: cannot write '/nonexistent/dir/o.json': directory "
                 "'/nonexistent/dir' does not exist");
}

// Output paths are checked before the run: the tables (printed after the run) never appear.
TEST_F(CliFiles, OutputPathsAreCheckedBeforeTheRun) {
  const std::string tables = "== classical-retrieval ==";
  ASSERT_TRUE(contains(run_cli(kQuickRun).output, tables));
  // A copy of the null device (never the system's /dev/null: a broken writer would replace it).
  if (::mknod(path("null").c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0) {
    const Outcome device = expect_failure(
        kQuickRun + " --json " + path("null").string(),
        "--json: cannot write '" + path("null").string() + "': it is a character device, not a regular file");
    EXPECT_FALSE(contains(device.output, tables));
    EXPECT_TRUE(fs::is_character_file(path("null")));
  }
  std::ofstream(path("file")) << "x";
  const Outcome csv_on_file = expect_failure(
      kQuickRun + " --csv " + path("file").string(),
      "--csv: cannot write into '" + path("file").string() + "': it is a regular file, not a directory");
  EXPECT_FALSE(contains(csv_on_file.output, tables));
  const Outcome images_under_file =
      expect_failure(kQuickRun + " --images " + path("file/images").string(), "--images: ");
  EXPECT_FALSE(contains(images_under_file.output, tables));
  expect_failure(kQuickRun + " --json " + path("").string(), "ends in a separator");
  EXPECT_EQ(read_text(path("file")), "x");
}

TEST(Cli, EmptyOutputPathIsAnError) {
  for (const std::string option : {"--json", "--csv", "--images"}) {
    const Outcome result = expect_failure(kQuickRun + " " + option + " ''", option + ": the ");
    EXPECT_TRUE(contains(result.output, "is empty")) << result.output;
  }
}

TEST_F(CliFiles, JsonToAFifoIsRefusedWithoutHanging) {
  ASSERT_EQ(::mkfifo(path("fifo").c_str(), 0600), 0);
  expect_failure(kQuickRun + " --quiet --json " + path("fifo").string(),
                 "is a FIFO (named pipe), not a regular file");
  EXPECT_TRUE(fs::is_fifo(path("fifo")));
}

TEST_F(CliFiles, JsonThroughASymlinkReplacesTheTarget) {
  std::ofstream(path("target.json")) << "old";
  fs::create_symlink("target.json", path("link.json"));
  const auto result = run_cli(kQuickRun + " --quiet --json " + path("link.json").string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(fs::is_symlink(path("link.json")));
  EXPECT_EQ(fs::read_symlink(path("link.json")), "target.json");
  EXPECT_EQ(read_json(path("target.json")).at("experiments").at(0).at("name"), "classical-retrieval");
  EXPECT_EQ(names().size(), 2u);  // no temporary left beside them
}

// '-' writes to standard output (and no file named '-'). The other name, /dev/stdout, is tested in
// writers_test without touching the real /dev/stdout.
TEST_F(CliFiles, JsonToStandardOutput) {
  const auto result =
      run_cli(kQuickRun + " --quiet --json -", /*stdout_only=*/true, "cd '" + path("").string() + "' &&");
  ASSERT_EQ(result.exit_code, 0);
  const auto json = nlohmann::json::parse(result.output);
  EXPECT_EQ(json.at("experiments").at(0).at("name"), "classical-retrieval");
  EXPECT_TRUE(names().empty());
}

// The fields of one CSV line (RFC 4180: a quoted field may hold commas and doubled quotes).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      fields.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

// One JSON cell against its CSV field: numbers equal as numbers, null empty (or nan), text and flags as
// printed.
void expect_same_cell(const nlohmann::json& value, const std::string& field) {
  if (value.is_number()) {
    EXPECT_DOUBLE_EQ(std::stod(field), value.get<double>());
  } else if (value.is_null()) {  // an empty cell, or a NaN
    EXPECT_TRUE(field.empty() || field == "nan") << field;
  } else if (value.is_boolean()) {
    EXPECT_EQ(field, value.get<bool>() ? "yes" : "no");
  } else {
    EXPECT_EQ(field, value.get<std::string>());
  }
}

// The CSV files hold the JSON's tables: same columns, same cells; a trailing slash is fine.
TEST_F(CliFiles, CsvMatchesTheJsonTables) {
  const auto result = run_cli(kQuickRun + " --quiet --json " + path("out.json").string() + " --csv " +
                              path("csv").string() + "/");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto tables = read_json(path("out.json")).at("experiments").at(0).at("tables");
  ASSERT_GE(tables.size(), 1u);
  std::size_t cells = 0;
  for (std::size_t k = 0; k < tables.size(); ++k) {
    std::ifstream csv(path("csv") / ("classical-retrieval-" + std::to_string(k + 1) + ".csv"));
    ASSERT_TRUE(csv) << "table " << k + 1;
    std::string line;
    std::getline(csv, line);
    EXPECT_EQ(csv_fields(line), tables[k].at("columns").get<std::vector<std::string>>());
    std::size_t rows = 0;
    while (std::getline(csv, line)) {
      const auto& row = tables[k].at("rows").at(rows++);
      const std::vector<std::string> fields = csv_fields(line);
      ASSERT_EQ(fields.size(), row.size()) << line;
      for (std::size_t c = 0; c < row.size(); ++c, ++cells) expect_same_cell(row[c], fields[c]);
    }
    EXPECT_EQ(rows, tables[k].at("rows").size());
  }
  EXPECT_GT(cells, 20u);
}

// The whole registry, once, as scripts/reproduce.sh runs it: from the checkout's root, where ./data holds
// the fetched MNIST digits (skipped when they were not fetched; the test sample is too small for it).
TEST_F(CliFiles, ReproduceRunsEveryExperiment) {
  const fs::path checkout = fs::path(HOPFIELD_TEST_DATA_DIR).parent_path().parent_path();
  if (!fs::exists(checkout / "data" / "mnist" / "mnist-images-idx3-ubyte") &&
      !fs::exists(checkout / "data" / "mnist" / "mnist-images-idx3-ubyte.gz"))
    GTEST_SKIP() << "MNIST is not fetched into " << checkout / "data"
                 << " (scripts/fetch_data.sh)";
  const auto result = run_cli("reproduce --quiet --json " + path("all.json").string(), false,
                              "cd '" + checkout.string() + "' && env -u HOPFIELD_DATA");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto experiments = read_json(path("all.json")).at("experiments");
  const auto& registry = hopfield::experiments::all_experiments();
  ASSERT_EQ(experiments.size(), registry.size());
  for (std::size_t k = 0; k < registry.size(); ++k) {
    EXPECT_EQ(experiments[k].at("name"), registry[k].name);
    EXPECT_EQ(experiments[k].at("params").at("seed"), 42) << registry[k].name;
    EXPECT_FALSE(experiments[k].at("tables").empty()) << registry[k].name;
  }
}

TEST(Cli, MissingDataAddsHowToGetIt) {
  const auto result = run_cli("run mnist-spectrum --set data=/nonexistent/hopfield-data");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(
      contains(result.output, "'/nonexistent/hopfield-data/mnist/mnist-images-idx3-ubyte' does not exist"))
      << result.output;
  EXPECT_TRUE(contains(result.output, "scripts/fetch_data.sh")) << result.output;
  EXPECT_TRUE(contains(result.output, "--set data=DIR")) << result.output;
}

}  // namespace
