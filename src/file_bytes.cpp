#include "hopfield/file_bytes.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <system_error>

#include "hopfield/error.hpp"

namespace hopfield {
namespace {

namespace fs = std::filesystem;

// Longer chains than this are treated as loops (Linux gives up after 40 as well).
constexpr int kMaxSymlinkHops = 40;

std::string quoted(const fs::path& path) {
  return detail::concat('\'', path.string(), '\'');
}

// What a file of this type is, for "'x' <text>".
std::string file_type_text(mode_t mode) {
  if (S_ISREG(mode)) return "is a regular file";
  if (S_ISDIR(mode)) return "is a directory";
  if (S_ISFIFO(mode)) return "is a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "is a character device";
  if (S_ISBLK(mode)) return "is a block device";
  if (S_ISSOCK(mode)) return "is a socket";
  return "is of an unknown type";
}

// Why a system call on `path` failed with `error`, for "'x' <text>".
std::string errno_text(int error, const fs::path& path) {
  switch (error) {
    case ENOENT: {
      struct stat link {};
      if (::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
        std::error_code ignored;
        return "is a dangling symlink (to " + quoted(fs::read_symlink(path, ignored)) +
               ", which does not exist)";
      }
      return "does not exist";
    }
    case ELOOP:
      return "is a symlink loop (or lies under one)";
    case EACCES:
    case EPERM:
      return "cannot be accessed (permission denied)";
    case ENOTDIR:
      return "cannot be reached: a component of the path is not a directory";
    case ENAMETOOLONG:
      return "has a name that is too long";
    default:
      return std::string("cannot be accessed (") + std::strerror(error) + ")";
  }
}

fs::path parent_or_current(const fs::path& path) {
  return path.has_parent_path() ? path.parent_path() : fs::path(".");
}

// `path` without trailing separators ("out/" -> "out"; "/" stays "/").
fs::path without_trailing_separator(fs::path path) {
  while (!path.has_filename() && path.has_relative_path()) path = path.parent_path();
  return path;
}

// The file a write to `path` lands in: symlinks followed, the last one's target kept even if it does
// not exist yet (then it is created).
fs::path follow_symlinks(const fs::path& path) {
  fs::path current = path;
  for (int hop = 0; hop < kMaxSymlinkHops; ++hop) {
    struct stat status {};
    if (::lstat(current.c_str(), &status) != 0) {
      if (errno == ENOENT) return current;
      throw Error("cannot write " + quoted(path) + ": " + quoted(current) + " " + errno_text(errno, current));
    }
    if (!S_ISLNK(status.st_mode)) return current;
    const fs::path target = fs::read_symlink(current);
    current = target.is_absolute() ? target : parent_or_current(current) / target;
  }
  throw Error("cannot write " + quoted(path) + ": it is a symlink loop");
}

// Throws unless `directory` exists, is a directory and can be written into; `target` names the output.
void require_writable_directory(const fs::path& directory, const fs::path& target) {
  struct stat status {};
  if (::stat(directory.c_str(), &status) != 0) {
    throw Error("cannot write " + quoted(target) + ": directory " + quoted(directory) + " " +
                errno_text(errno, directory));
  }
  require(S_ISDIR(status.st_mode), "cannot write ", quoted(target), ": ", quoted(directory), " ",
          file_type_text(status.st_mode), ", not a directory");
  if (::access(directory.c_str(), W_OK | X_OK) != 0) {
    const std::string reason = errno == EROFS ? "is on a read-only file system" : "is not writable";
    throw Error("cannot write " + quoted(target) + ": directory " + quoted(directory) + " " + reason);
  }
}

// The resolved file a write to `path` replaces or creates, after every check of check_output_file.
fs::path checked_output_target(const fs::path& path) {
  require(!path.empty(), "cannot write an output file: the path is empty");
  require(path.has_filename(), "cannot write ", quoted(path),
          ": the path ends in a separator, so it names a directory, not a file");
  const fs::path target = follow_symlinks(path);
  struct stat status {};
  if (::stat(target.c_str(), &status) == 0 && !S_ISREG(status.st_mode)) {
    throw Error("cannot write " + quoted(path) + ": " + (target == path ? "it" : quoted(target)) + " " +
                file_type_text(status.st_mode) + ", not a regular file");
  }
  require_writable_directory(parent_or_current(target), path);
  return target;
}

// A new, empty file beside `target` with a name no one else uses (created exclusively).
fs::path create_temporary_beside(const fs::path& target) {
  std::random_device entropy;
  for (int attempt = 0; attempt < 16; ++attempt) {
    const fs::path temporary = parent_or_current(target) /
                               detail::concat('.', target.filename().string(), ".tmp", entropy() & 0xffffffu);
    const int descriptor = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (descriptor >= 0) {
      ::close(descriptor);
      return temporary;
    }
    if (errno != EEXIST) {
      throw Error("cannot write " + quoted(target) + ": cannot create a temporary file in " +
                  quoted(parent_or_current(target)) + " (" + std::strerror(errno) + ")");
    }
  }
  throw Error("cannot write " + quoted(target) + ": no free temporary file name");
}

// Opens `path` for reading without blocking (a FIFO swapped in after the checks must not hang us) and
// checks, on the open file, that it is regular. Returns the descriptor.
int open_regular_file(const fs::path& path, std::string_view what) {
  const int descriptor = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (descriptor < 0) throw Error(detail::concat(what, " ", quoted(path), " ", errno_text(errno, path)));
  struct stat status {};
  if (::fstat(descriptor, &status) != 0 || !S_ISREG(status.st_mode)) {
    ::close(descriptor);
    throw Error(
        detail::concat(what, " ", quoted(path), " ", file_type_text(status.st_mode), ", not a regular file"));
  }
  return descriptor;
}

}  // namespace

std::string unreadable_file_reason(const fs::path& path) {
  if (path.empty()) return "is an empty path";
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) return errno_text(errno, path);
  if (!S_ISREG(status.st_mode)) return file_type_text(status.st_mode) + ", not a regular file";
  if (::access(path.c_str(), R_OK) != 0) return errno_text(errno, path);
  return {};
}

std::vector<std::uint8_t> read_file_bytes(const fs::path& path, std::string_view what) {
  if (const std::string reason = unreadable_file_reason(path); !reason.empty()) {
    throw Error(detail::concat(what, " ", quoted(path), " ", reason));
  }
  const int descriptor = open_regular_file(path, what);
  // Read in chunks rather than trusting the reported size (a file may change while it is read).
  std::vector<std::uint8_t> bytes;
  std::vector<std::uint8_t> chunk(1 << 16);
  for (;;) {
    const ssize_t got = ::read(descriptor, chunk.data(), chunk.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      const int error = errno;
      ::close(descriptor);
      throw Error(detail::concat(what, " ", quoted(path), ": read error (", std::strerror(error), ")"));
    }
    if (got == 0) break;
    bytes.insert(bytes.end(), chunk.begin(), chunk.begin() + got);
  }
  ::close(descriptor);
  return bytes;
}

void check_output_file(const fs::path& path) {
  checked_output_target(path);
}

void check_output_directory(const fs::path& path) {
  require(!path.empty(), "cannot write into a directory: the path is empty");
  const fs::path directory = without_trailing_separator(path);
  struct stat status {};
  if (::stat(directory.c_str(), &status) == 0) {
    require(S_ISDIR(status.st_mode), "cannot write into ", quoted(path), ": it ",
            file_type_text(status.st_mode), ", not a directory");
    require_writable_directory(directory, path);
    return;
  }
  if (errno != ENOENT)
    throw Error("cannot write into " + quoted(path) + ": it " + errno_text(errno, directory));
  // Absent: it will be created inside its nearest existing ancestor, which must be a writable directory.
  fs::path ancestor = parent_or_current(directory);
  while (::stat(ancestor.c_str(), &status) != 0 && errno == ENOENT && ancestor.has_relative_path())
    ancestor = parent_or_current(ancestor);
  require_writable_directory(ancestor, path);
}

fs::path create_output_directory(const fs::path& path) {
  check_output_directory(path);
  const fs::path directory = without_trailing_separator(path);
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) throw Error("cannot create directory " + quoted(path) + ": " + error.message());
  return directory;
}

void write_file_atomically(const fs::path& path, const std::function<void(std::ostream&)>& write) {
  const fs::path target = checked_output_target(path);
  const fs::path temporary = create_temporary_beside(target);
  const auto discard = [&temporary] {
    std::error_code ignored;
    fs::remove(temporary, ignored);
  };
  std::error_code no_old_file;
  const fs::perms old_permissions = fs::status(target, no_old_file).permissions();
  try {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    require(static_cast<bool>(out), "cannot write ", quoted(path), ": cannot open ", quoted(temporary));
    errno = 0;
    write(out);
    out.close();
    if (!out) {
      const int error = errno;
      throw Error("cannot write " + quoted(path) + ": the write failed (" +
                  (error ? std::strerror(error) : "stream error") + ")");
    }
    std::error_code ignored;  // the default permissions are a fine fallback
    if (!no_old_file) fs::permissions(temporary, old_permissions, fs::perm_options::replace, ignored);
  } catch (...) {
    discard();
    throw;
  }
  std::error_code error;
  fs::rename(temporary, target, error);
  if (error) {
    discard();
    throw Error("cannot write " + quoted(path) + ": " + error.message());
  }
}

void write_file_atomically(const fs::path& path, std::string_view content) {
  write_file_atomically(path, [content](std::ostream& out) {
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
  });
}

void write_file_atomically(const fs::path& path, std::span<const std::uint8_t> bytes) {
  write_file_atomically(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace hopfield
