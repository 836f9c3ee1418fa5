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

namespace {

namespace fs = std::filesystem;

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

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

nlohmann::json read_json(const fs::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

// A fresh directory under the temporary directory, removed with the fixture.
class CliFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ =
        fs::temp_directory_path() /
        ("hopfield-cli-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
         "-" + std::to_string(::getpid()));
    fs::remove_all(directory_);
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }
  fs::path path(const std::string& name) const { return directory_ / name; }
  std::vector<std::string> names() const {
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(directory_))
      found.push_back(entry.path().filename().string());
    return found;
  }

 private:
  fs::path directory_;
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
  const auto result = run_cli("run no-such-experiment");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(contains(result.output, "unknown experiment 'no-such-experiment'")) << result.output;
}

TEST(Cli, UnknownCommandIsNamed) {
  const auto result = run_cli("frobnicate");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(contains(result.output, "unknown command 'frobnicate'; commands: list, run, reproduce"))
      << result.output;
  const auto after_option = run_cli("--threads 2 frobnicate");
  EXPECT_EQ(after_option.exit_code, 1);
  EXPECT_TRUE(contains(after_option.output, "unknown command 'frobnicate'")) << after_option.output;
  const auto none = run_cli("");
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_TRUE(contains(none.output, "no command given; commands: list, run, reproduce")) << none.output;
}

TEST(Cli, BadParameterIsAClearError) {
  const auto unknown = run_cli("run classical-retrieval --set temperature=3");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_TRUE(contains(unknown.output, "unknown parameter 'temperature'")) << unknown.output;
  const auto negative = run_cli("run classical-capacity --set corruption=-0.1");
  EXPECT_EQ(negative.exit_code, 1);
  EXPECT_TRUE(contains(negative.output, "corruption")) << negative.output;
  const auto too_many_flips = run_cli("run classical-retrieval --set flips=101");
  EXPECT_EQ(too_many_flips.exit_code, 1);
  EXPECT_TRUE(contains(too_many_flips.output, "flips")) << too_many_flips.output;
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
  const auto word = run_cli("run classical-retrieval --seed abc");
  EXPECT_EQ(word.exit_code, 1);
  EXPECT_TRUE(contains(word.output,
                       "--seed: cannot read 'abc' as a seed; expected a whole number from 0 to "
                       "18446744073709551615"))
      << word.output;
  EXPECT_LT(word.output.size(), 300u) << word.output;  // no 309-digit range
  const auto negative = run_cli("run classical-retrieval --seed -1");
  EXPECT_EQ(negative.exit_code, 1);
  EXPECT_TRUE(contains(negative.output, "--seed")) << negative.output;
  const auto too_large = run_cli("reproduce --seed 18446744073709551616");
  EXPECT_EQ(too_large.exit_code, 1);
  EXPECT_TRUE(contains(too_large.output, "--seed: '18446744073709551616' is above the largest seed"))
      << too_large.output;
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
    const auto result = run_cli("--threads " + bad + " list");
    EXPECT_EQ(result.exit_code, 1) << bad;
    EXPECT_TRUE(contains(result.output, "--threads: '" + bad +
                                            "' is not a thread count; expected a whole "
                                            "number from 0 (all cores) to 1024"))
        << result.output;
  }
  EXPECT_EQ(run_cli("--threads 0 list").exit_code, 0);
  EXPECT_EQ(run_cli("--threads 1024 list").exit_code, 0);
}

TEST(Cli, KernelPathIsCheckedBeforeTheRun) {
  // An unknown path, from the option or from the environment: a usage error (exit 1), never an abort.
  const auto option = run_cli("--kernels sse9 run classical-retrieval --quiet");
  EXPECT_EQ(option.exit_code, 1) << option.output;
  EXPECT_TRUE(contains(option.output, "kernel path 'sse9': expected automatic, portable, avx2 or avx512"))
      << option.output;
  const auto environment = run_cli("run modern-retrieval --quiet", false, "HOPFIELD_KERNELS=sse9");
  EXPECT_EQ(environment.exit_code, 1) << environment.output;
  EXPECT_TRUE(contains(environment.output, "HOPFIELD_KERNELS = 'sse9'")) << environment.output;
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
  const auto bad_directory = run_cli(kQuickRun + " --quiet --json /nonexistent/dir/o.json");
  EXPECT_EQ(bad_directory.exit_code, 1);
  EXPECT_TRUE(contains(bad_directory.output,
                       "--json: cannot write '/nonexistent/dir/o.json': directory "
                       "'/nonexistent/dir' does not exist"))
      << bad_directory.output;
}

// Output paths are checked before the run: the tables (printed after the run) never appear.
TEST_F(CliFiles, OutputPathsAreCheckedBeforeTheRun) {
  const std::string tables = "== classical-retrieval ==";
  ASSERT_TRUE(contains(run_cli(kQuickRun).output, tables));
  // A copy of the null device (never the system's /dev/null: a broken writer would replace it).
  if (::mknod(path("null").c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0) {
    const auto device = run_cli(kQuickRun + " --json " + path("null").string());
    EXPECT_EQ(device.exit_code, 1);
    EXPECT_TRUE(contains(device.output, "--json: cannot write '" + path("null").string() +
                                            "': it is a character device, not a regular file"))
        << device.output;
    EXPECT_FALSE(contains(device.output, tables));
    EXPECT_TRUE(fs::is_character_file(path("null")));
  }
  std::ofstream(path("file")) << "x";
  const auto csv_on_file = run_cli(kQuickRun + " --csv " + path("file").string());
  EXPECT_EQ(csv_on_file.exit_code, 1);
  EXPECT_TRUE(contains(csv_on_file.output, "--csv: cannot write into '" + path("file").string() +
                                               "': it is a regular file, not a directory"))
      << csv_on_file.output;
  EXPECT_FALSE(contains(csv_on_file.output, tables));
  const auto images_under_file = run_cli(kQuickRun + " --images " + path("file/images").string());
  EXPECT_EQ(images_under_file.exit_code, 1);
  EXPECT_TRUE(contains(images_under_file.output, "--images: ")) << images_under_file.output;
  EXPECT_FALSE(contains(images_under_file.output, tables));
  const auto json_on_directory = run_cli(kQuickRun + " --json " + path("").string());
  EXPECT_EQ(json_on_directory.exit_code, 1);
  EXPECT_TRUE(contains(json_on_directory.output, "ends in a separator")) << json_on_directory.output;
  EXPECT_EQ(read_text(path("file")), "x");
}

TEST(Cli, EmptyOutputPathIsAnError) {
  for (const std::string option : {"--json", "--csv", "--images"}) {
    const auto result = run_cli(kQuickRun + " " + option + " ''");
    EXPECT_EQ(result.exit_code, 1) << option;
    EXPECT_TRUE(contains(result.output, option + ": the ")) << result.output;
    EXPECT_TRUE(contains(result.output, "is empty")) << result.output;
  }
}

TEST_F(CliFiles, JsonToAFifoIsRefusedWithoutHanging) {
  ASSERT_EQ(::mkfifo(path("fifo").c_str(), 0600), 0);
  const auto result = run_cli(kQuickRun + " --quiet --json " + path("fifo").string());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(contains(result.output, "is a FIFO (named pipe), not a regular file")) << result.output;
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
