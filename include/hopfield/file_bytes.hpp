// Whole-file reads and atomic writes, shared by the library's file formats (IDX, PNG) and every front end's
// output files.
//
// Reading: a path is read only when it names a regular file (symlinks followed). Anything else is refused
// with the reason — missing, a directory, a FIFO, a device, a socket, a dangling symlink, a symlink loop,
// permission denied — and a FIFO is never opened (opening one for reading would wait for a writer).
//
// Writing: the content goes to a temporary file beside the target, which is renamed over the target only
// when everything was written, so a failure (an exception, a full disk) leaves the old file as it was and
// no temporary behind. A symlink is followed: the file it points to is replaced, the link stays a link. A
// target that exists and is not a regular file (a directory, a device such as /dev/null, a FIFO, a socket)
// is refused rather than replaced.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hopfield {

/// What is wrong with reading `path` as a regular file ("does not exist", "is a directory", "is a FIFO
/// (named pipe)", "is a symlink loop", "permission denied", …); empty when it is a readable regular file.
std::string unreadable_file_reason(const std::filesystem::path& path);

/// The bytes of the regular file at `path`. Throws hopfield::Error naming `what` (e.g. "IDX file"), the
/// path and the reason when it cannot be read.
std::vector<std::uint8_t> read_file_bytes(const std::filesystem::path& path, std::string_view what);

/// Throws hopfield::Error naming the path and the reason unless `path` can be written as a regular file:
/// not empty, not ending in a separator, its directory exists and is writable, and the path (after
/// following symlinks) is absent or a regular file.
void check_output_file(const std::filesystem::path& path);

/// Throws hopfield::Error naming the path and the reason unless `path` is an existing writable directory
/// or can be created (its nearest existing ancestor is a writable directory). A trailing separator is
/// allowed ("out/").
void check_output_directory(const std::filesystem::path& path);

/// Checks `path` as check_output_directory does, creates it (and its parents) if needed, and returns it
/// without a trailing separator.
std::filesystem::path create_output_directory(const std::filesystem::path& path);

/// Writes the file at `path` atomically (see the header comment): `write` fills the stream, which goes to
/// a temporary file renamed over the target only after `write` returned and the stream flushed. The old
/// file's permissions are kept. Throws hopfield::Error naming the path on failure; an exception thrown by
/// `write` is passed on after the temporary file was removed.
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& write);

/// write_file_atomically for content already in memory.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);
void write_file_atomically(const std::filesystem::path& path, std::span<const std::uint8_t> bytes);

}  // namespace hopfield
