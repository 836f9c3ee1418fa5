#include "hopfield/pattern_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "hopfield/error.hpp"
#include "hopfield/patterns.hpp"

namespace hopfield {
namespace {

namespace fs = std::filesystem;

class PatternFile : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() /
              ("hopfield_pattern_file_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
               "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }
  fs::path folder_;
};

std::string error_of(const auto& call) {
  try {
    call();
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

TEST_F(PatternFile, ColumnsAreTheGeneratorsColumnsBitForBit) {
  const fs::path file = folder_ / "p.bin";
  write_gaussian_pattern_file(file, 7, 50, 3);
  EXPECT_EQ(fs::file_size(file), 64U + 7U * 50U * 4U);
  const PatternFileHeader header = read_pattern_file_header(file);
  EXPECT_EQ(header.dimension, 7);
  EXPECT_EQ(header.count, 50);
  const MatrixF all = gaussian_patterns(7, 50, 3).cast<float>();
  EXPECT_EQ(read_pattern_file_columns(file, 0, 50), all);
  EXPECT_EQ(read_pattern_file_columns(file, 13, 29), all.middleCols(13, 29));
  EXPECT_EQ(gaussian_pattern_columns(7, 13, 29, 3), all.middleCols(13, 29));
  EXPECT_EQ(read_pattern_file_columns(file, 50, 0).cols(), 0);
  EXPECT_NE(error_of([&] { read_pattern_file_columns(file, 40, 11); }).find("holds columns 0 to 49"),
            std::string::npos);

  const fs::path copy = folder_ / "q.bin";
  write_pattern_file(copy, all);
  EXPECT_EQ(read_pattern_file_columns(copy, 0, 50), all);
}

TEST_F(PatternFile, BrokenFilesAreRefusedWithTheReason) {
  const fs::path file = folder_ / "p.bin";
  write_gaussian_pattern_file(file, 4, 10, 1);
  fs::resize_file(file, fs::file_size(file) - 1);
  EXPECT_NE(error_of([&] { read_pattern_file_header(file); }).find("truncated"), std::string::npos);
  fs::resize_file(file, fs::file_size(file) + 2);
  EXPECT_NE(error_of([&] { read_pattern_file_header(file); }).find("extra bytes"), std::string::npos);
  fs::resize_file(file, 20);
  EXPECT_NE(error_of([&] { read_pattern_file_header(file); }).find("64-byte header"), std::string::npos);

  const fs::path other = folder_ / "other.bin";
  std::ofstream(other) << std::string(200, 'x');
  EXPECT_NE(error_of([&] { read_pattern_file_header(other); }).find("not a pattern file"), std::string::npos);
  EXPECT_NE(error_of([&] { read_pattern_file_header(folder_ / "missing.bin"); }).find("does not exist"),
            std::string::npos);

  write_gaussian_pattern_file(file, 4, 10, 1);
  {
    std::fstream edit(file, std::ios::in | std::ios::out | std::ios::binary);
    edit.seekp(24);
    const std::uint32_t eight = 8;
    edit.write(reinterpret_cast<const char*>(&eight), 4);
  }
  EXPECT_NE(error_of([&] { read_pattern_file_header(file); }).find("expected 4 (float32)"),
            std::string::npos);
  EXPECT_NE(error_of([&] { write_gaussian_pattern_file(file, 0, 10, 1); }).find("dimension = 0"),
            std::string::npos);
}

}  // namespace
}  // namespace hopfield
