// Internal helpers of the library's file formats (IDX, PNG): whole-file reads and atomic writes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

namespace hopfield::detail {

/// The bytes of the file at `path`; throws hopfield::Error naming the path when it cannot be read.
/// `what` describes the file in messages (e.g. "IDX file").
std::vector<std::uint8_t> read_file_bytes(const std::filesystem::path& path, const char* what);

/// Writes `bytes` to a temporary file beside `path` and renames it into place, so that a failure never
/// leaves a partial file. Throws hopfield::Error naming the path.
void write_file_bytes_atomically(const std::filesystem::path& path, std::span<const std::uint8_t> bytes);

}  // namespace hopfield::detail
