// What the tests that write files share: a fresh temporary directory (per test or per call), reading a
// file back whole, and looking for a part of a message.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace test_files {

namespace fs = std::filesystem;

/// The whole content of `path` ("" if it cannot be opened).
inline std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// An empty directory `name`-<process id> under the temporary directory (emptied if it was left over).
inline fs::path fresh_directory(const std::string& name) {
  const fs::path directory = fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
  fs::remove_all(directory);
  fs::create_directories(directory);
  return directory;
}

/// A fixture with a fresh directory `prefix`-<test name>-<process id>, removed after the test (the test
/// name keeps tests that run at the same time apart).
class TemporaryDirectoryTest : public ::testing::Test {
 protected:
  explicit TemporaryDirectoryTest(std::string prefix) : prefix_(std::move(prefix)) {}

  void SetUp() override {
    directory_ =
        fresh_directory(prefix_ + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override { fs::remove_all(directory_); }
  fs::path path(const std::string& name) const { return directory_ / name; }
  /// The names of the directory's entries, in the order the file system lists them.
  std::vector<std::string> names() const {
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(directory_))
      found.push_back(entry.path().filename().string());
    return found;
  }

 private:
  std::string prefix_;
  fs::path directory_;
};

}  // namespace test_files
