// The output writers' file handling: standard output by name, CSV directories (experiments/writers.hpp).
#include "writers.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "hopfield/error.hpp"
#include "test_files.hpp"

namespace hopfield::experiments {
namespace {

namespace fs = std::filesystem;
using test_files::fresh_directory;
using test_files::read_text;

TEST(Writers, StandardOutputHasTwoNames) {
  EXPECT_TRUE(is_standard_output("-"));
  EXPECT_TRUE(is_standard_output("/dev/stdout"));
  EXPECT_FALSE(is_standard_output("./-"));
  EXPECT_FALSE(is_standard_output("/dev/stderr"));
  EXPECT_FALSE(is_standard_output("out.json"));
}

// '-' goes to file descriptor 1 (here redirected into a file), and no file named '-' appears.
TEST(Writers, DashWritesToStandardOutput) {
  const fs::path directory = fresh_directory("hopfield-writers-stdout");
  const fs::path captured = directory / "captured";
  std::fflush(stdout);
  const int saved = ::dup(1);
  ASSERT_GE(saved, 0);
  FILE* sink = std::fopen(captured.c_str(), "w");
  ASSERT_NE(sink, nullptr);
  ::dup2(::fileno(sink), 1);
  const fs::path previous = fs::current_path();
  fs::current_path(directory);
  write_output_file("-", "{\"experiments\":[]}\n");
  fs::current_path(previous);
  std::fflush(stdout);
  ::dup2(saved, 1);
  ::close(saved);
  std::fclose(sink);
  EXPECT_EQ(read_text(captured), "{\"experiments\":[]}\n");
  EXPECT_FALSE(fs::exists(directory / "-"));
  fs::remove_all(directory);
}

TEST(Writers, CsvFilesIntoATrailingSlashDirectory) {
  const fs::path directory = fresh_directory("hopfield-writers-csv");
  Result result;
  result.name = "demo";
  Table table;
  table.title = "t";
  table.columns = {"p", "ours"};
  table.add_row({std::int64_t{10}, 0.5});
  result.tables.push_back(table);
  write_csv_files({result}, (directory / "new" / "csv").string() + "/");
  EXPECT_EQ(read_text(directory / "new" / "csv" / "demo-1.csv"), "p,ours\n10,0.5\n");
  std::ofstream(directory / "file") << "x";
  try {
    write_csv_files({result}, directory / "file");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()), "cannot write into '" + (directory / "file").string() +
                                             "': it is a regular file, not a directory");
  }
  EXPECT_EQ(read_text(directory / "file"), "x");
  fs::remove_all(directory);
}

}  // namespace
}  // namespace hopfield::experiments
