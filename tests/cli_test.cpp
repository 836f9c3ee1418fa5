// The command-line tool end to end: exit codes, error messages, and the JSON it writes.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace {

struct Outcome {
  int exit_code;
  std::string output;  // stdout and stderr
};

Outcome run_cli(const std::string& arguments) {
  const std::string command = std::string(HOPFIELD_CLI_PATH) + " " + arguments + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return {-1, "popen failed"};
  std::string output;
  std::array<char, 4096> buffer{};
  while (const std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

TEST(Cli, ListNamesTheExperiments) {
  const auto listed = run_cli("list");
  EXPECT_EQ(listed.exit_code, 0);
  EXPECT_NE(listed.output.find("classical-retrieval"), std::string::npos);
  const auto described = run_cli("list classical-capacity");
  EXPECT_EQ(described.exit_code, 0);
  EXPECT_NE(described.output.find("corruption"), std::string::npos);
}

TEST(Cli, UnknownExperimentIsAClearError) {
  const auto result = run_cli("run no-such-experiment");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("unknown experiment 'no-such-experiment'"), std::string::npos)
      << result.output;
}

TEST(Cli, BadParameterIsAClearError) {
  const auto unknown = run_cli("run classical-retrieval --set temperature=3");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.output.find("unknown parameter 'temperature'"), std::string::npos) << unknown.output;
  const auto negative = run_cli("run classical-capacity --set corruption=-0.1");
  EXPECT_EQ(negative.exit_code, 1);
  EXPECT_NE(negative.output.find("corruption"), std::string::npos) << negative.output;
  const auto too_many_flips = run_cli("run classical-retrieval --set flips=101");
  EXPECT_EQ(too_many_flips.exit_code, 1);
  EXPECT_NE(too_many_flips.output.find("flips"), std::string::npos) << too_many_flips.output;
}

TEST(Cli, RunWritesJsonAndNoPartialFileOnError) {
  namespace fs = std::filesystem;
  const fs::path directory = fs::temp_directory_path() / "hopfield-cli-test";
  fs::remove_all(directory);
  fs::create_directories(directory);
  const fs::path json_path = directory / "out.json";
  const auto ok =
      run_cli("run classical-retrieval --seed 3 --set trials=50 --quiet --json " + json_path.string());
  ASSERT_EQ(ok.exit_code, 0) << ok.output;
  std::ifstream in(json_path);
  const auto json = nlohmann::json::parse(in);
  const auto& experiment = json.at("experiments").at(0);
  EXPECT_EQ(experiment.at("name"), "classical-retrieval");
  EXPECT_EQ(experiment.at("params").at("seed"), 3);
  EXPECT_EQ(experiment.at("tables").at(0).at("rows").size(), 7u);
  const fs::path failed_path = directory / "failed.json";
  const auto failed = run_cli("run classical-retrieval --set flips=-1 --json " + failed_path.string());
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_FALSE(fs::exists(failed_path));
  const auto bad_directory =
      run_cli("run classical-retrieval --set trials=5 --quiet --json /nonexistent/dir/o.json");
  EXPECT_EQ(bad_directory.exit_code, 1);
  EXPECT_NE(bad_directory.output.find("/nonexistent/dir"), std::string::npos) << bad_directory.output;
  fs::remove_all(directory);
}

}  // namespace
