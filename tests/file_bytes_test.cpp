// Whole-file reads and atomic writes (hopfield/file_bytes.hpp): failures in the middle of a write, special
// files, symlinks, and the reasons a file cannot be read.
#include "hopfield/file_bytes.hpp"

#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "hopfield/error.hpp"
#include "test_files.hpp"

namespace hopfield {
namespace {

namespace fs = std::filesystem;
using test_files::contains;
using test_files::read_text;

// The message of the hopfield::Error that `action` throws ("" if it throws none).
template <typename Action>
std::string error_of(Action&& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

class FileBytes : public test_files::TemporaryDirectoryTest {
 protected:
  FileBytes() : TemporaryDirectoryTest("hopfield-files") {}
};

TEST_F(FileBytes, WritesAndReplaces) {
  write_file_atomically(path("a.txt"), std::string_view("first"));
  EXPECT_EQ(read_text(path("a.txt")), "first");
  const std::vector<std::uint8_t> bytes = {0, 1, 2, 255};
  write_file_atomically(path("a.txt"), bytes);
  const std::vector<std::uint8_t> back = read_file_bytes(path("a.txt"), "test file");
  EXPECT_EQ(back, bytes);
  EXPECT_EQ(names(), std::vector<std::string>{"a.txt"});
}

// The writer has written part of the new content when it fails: the old file is intact, no temporary
// file remains. A writer that wrote straight into the target would leave "new, half".
TEST_F(FileBytes, FailureInTheMiddleOfAWriteKeepsTheOldFile) {
  write_file_atomically(path("out.json"), std::string_view("old content"));
  const auto half_then_throw = [](std::ostream& out) {
    out << "new, half";
    out.flush();
    throw std::runtime_error("the writer failed");
  };
  EXPECT_THROW(write_file_atomically(path("out.json"), half_then_throw), std::runtime_error);
  EXPECT_EQ(read_text(path("out.json")), "old content");
  EXPECT_EQ(names(), std::vector<std::string>{"out.json"});
  // A stream that fails part-way (as on a full disk) is an Error naming the path.
  const auto half_then_fail = [](std::ostream& out) {
    out << "new, half";
    out.setstate(std::ios::badbit);
  };
  EXPECT_TRUE(contains(error_of([&] { write_file_atomically(path("out.json"), half_then_fail); }),
                       "cannot write '" + path("out.json").string() + "': the write failed"));
  EXPECT_EQ(read_text(path("out.json")), "old content");
  EXPECT_EQ(names(), std::vector<std::string>{"out.json"});
}

// A real failure of the operating system part-way through: a file size limit (RLIMIT_FSIZE) below the
// content's size makes write() fail after the first bytes, as a full disk would.
TEST_F(FileBytes, FileSystemFailureInTheMiddleKeepsTheOldFile) {
  write_file_atomically(path("big.bin"), std::string_view("old content"));
  rlimit original{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &original), 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);  // the write then fails with EFBIG
  rlimit limited = original;
  limited.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limited), 0);
  const std::string content(1 << 20, 'n');
  const std::string message = error_of([&] { write_file_atomically(path("big.bin"), content); });
  ::setrlimit(RLIMIT_FSIZE, &original);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_TRUE(contains(message, "the write failed")) << message;
  EXPECT_EQ(read_text(path("big.bin")), "old content");
  EXPECT_EQ(names(), std::vector<std::string>{"big.bin"});
}

TEST_F(FileBytes, KeepsThePermissionsOfTheOldFile) {
  write_file_atomically(path("private"), std::string_view("old"));
  fs::permissions(path("private"), fs::perms::owner_read | fs::perms::owner_write);
  write_file_atomically(path("private"), std::string_view("new"));
  EXPECT_EQ(fs::status(path("private")).permissions(), fs::perms::owner_read | fs::perms::owner_write);
}

TEST_F(FileBytes, SymlinksAreFollowedNotReplaced) {
  fs::create_directories(path("real"));
  std::ofstream(path("real/target.json")) << "old";
  fs::create_symlink("real/target.json", path("relative"));
  fs::create_symlink(path("relative"), path("chain"));  // absolute link to a relative link
  write_file_atomically(path("chain"), std::string_view("new"));
  EXPECT_TRUE(fs::is_symlink(path("chain")));
  EXPECT_TRUE(fs::is_symlink(path("relative")));
  EXPECT_EQ(read_text(path("real/target.json")), "new");
  // A dangling link creates its target, as cp and shell redirection do.
  fs::create_symlink("real/created.json", path("dangling"));
  write_file_atomically(path("dangling"), std::string_view("made"));
  EXPECT_TRUE(fs::is_symlink(path("dangling")));
  EXPECT_EQ(read_text(path("real/created.json")), "made");
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(path("real"))) ++files;
  EXPECT_EQ(files, 2u);  // no temporary left
}

// A copy of the null device in the test's directory (a broken writer then replaces the copy, never the
// system's /dev/null). False where device nodes cannot be made (not root, or no CAP_MKNOD).
bool make_null_device(const fs::path& path) {
  return ::mknod(path.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0;
}

TEST_F(FileBytes, SpecialFilesAreRefusedNotReplaced) {
  if (make_null_device(path("null"))) {
    EXPECT_EQ(error_of([&] { write_file_atomically(path("null"), std::string_view("x")); }),
              "cannot write '" + path("null").string() + "': it is a character device, not a regular file");
    EXPECT_TRUE(fs::is_character_file(path("null")));
    fs::create_symlink("null", path("to-null"));
    EXPECT_TRUE(contains(error_of([&] { check_output_file(path("to-null")); }),
                         "'" + path("null").string() + "' is a character device"));
  }
  ASSERT_EQ(::mkfifo(path("fifo").c_str(), 0600), 0);
  EXPECT_TRUE(contains(error_of([&] { check_output_file(path("fifo")); }), "it is a FIFO (named pipe)"));
  EXPECT_TRUE(fs::is_fifo(path("fifo")));
  fs::create_directories(path("directory"));
  EXPECT_TRUE(contains(error_of([&] { write_file_atomically(path("directory"), std::string_view("x")); }),
                       "it is a directory, not a regular file"));
  fs::create_symlink("loop-b", path("loop-a"));
  fs::create_symlink("loop-a", path("loop-b"));
  EXPECT_TRUE(contains(error_of([&] { check_output_file(path("loop-a")); }), "symlink loop"));
  EXPECT_EQ(error_of([] { check_output_file(""); }), "cannot write an output file: the path is empty");
  EXPECT_TRUE(contains(error_of([&] { check_output_file(path("out/")); }), "ends in a separator"));
  EXPECT_TRUE(contains(error_of([&] { check_output_file(path("missing/out.json")); }),
                       "directory '" + path("missing").string() + "' does not exist"));
  EXPECT_EQ(error_of([&] { check_output_file(path("new.json")); }), "");
}

TEST_F(FileBytes, OutputDirectories) {
  EXPECT_EQ(error_of([&] { check_output_directory(path("new/deeper/")); }), "");
  EXPECT_EQ(create_output_directory(path("new/deeper/")), path("new/deeper"));
  EXPECT_TRUE(fs::is_directory(path("new/deeper")));
  EXPECT_EQ(create_output_directory(path("new/deeper/")), path("new/deeper"));  // exists: fine
  std::ofstream(path("file")) << "x";
  EXPECT_EQ(error_of([&] { check_output_directory(path("file")); }),
            "cannot write into '" + path("file").string() + "': it is a regular file, not a directory");
  EXPECT_TRUE(contains(error_of([&] { check_output_directory(path("file/sub")); }),
                       "a component of the path is not a directory"));
  EXPECT_EQ(error_of([] { check_output_directory(""); }), "cannot write into a directory: the path is empty");
}

TEST_F(FileBytes, ReadErrorsSayWhy) {
  const auto reason = [](const fs::path& file) {
    return error_of([&] { read_file_bytes(file, "data file"); });
  };
  EXPECT_EQ(reason(path("missing")), "data file '" + path("missing").string() + "' does not exist");
  fs::create_directories(path("directory"));
  EXPECT_EQ(reason(path("directory")),
            "data file '" + path("directory").string() + "' is a directory, not a regular file");
  ASSERT_EQ(::mkfifo(path("fifo").c_str(), 0600), 0);  // never opened: the test would hang
  EXPECT_EQ(reason(path("fifo")),
            "data file '" + path("fifo").string() + "' is a FIFO (named pipe), not a regular file");
  EXPECT_TRUE(contains(reason("/dev/null"), "is a character device"));
  fs::create_symlink("loop-b", path("loop-a"));
  fs::create_symlink("loop-a", path("loop-b"));
  EXPECT_TRUE(contains(reason(path("loop-a")), "is a symlink loop")) << reason(path("loop-a"));
  fs::create_symlink("nowhere", path("dangling"));
  EXPECT_TRUE(contains(reason(path("dangling")), "is a dangling symlink (to 'nowhere'"))
      << reason(path("dangling"));
  std::ofstream(path("file")) << "x";
  EXPECT_TRUE(contains(reason(path("file/below")), "a component of the path is not a directory"));
  EXPECT_EQ(unreadable_file_reason(path("file")), "");
  if (::geteuid() != 0) {  // root reads everything
    fs::permissions(path("file"), fs::perms::none);
    EXPECT_TRUE(contains(reason(path("file")), "permission denied")) << reason(path("file"));
  }
}

}  // namespace
}  // namespace hopfield
