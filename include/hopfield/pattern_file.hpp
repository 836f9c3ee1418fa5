// Pattern files: stored patterns on disk for memories larger than one machine's RAM, read through mmap so
// that each process maps only the columns it holds.
//
// Layout (little-endian): a 64-byte header, then the p patterns as raw float32 columns of d values each,
// column k at byte 64 + 4·d·k.
//   bytes  0– 7  magic "HOPFPAT1"
//   bytes  8–15  d, the dimension (uint64, ≥ 1)
//   bytes 16–23  p, the pattern count (uint64, ≥ 1)
//   bytes 24–27  bytes per value (uint32, 4: float32)
//   bytes 28–31  header size (uint32, 64)
//   bytes 32–63  zero
// The header is checked against the file's size, so a truncated or padded file, or one of another format,
// is refused with the reason.
#pragma once

#include <cstdint>
#include <filesystem>

#include "hopfield/types.hpp"

namespace hopfield {

struct PatternFileHeader {
  Index dimension = 0;
  Index count = 0;
};

inline constexpr std::uint64_t pattern_file_header_bytes = 64;

/// Writes `count` Gaussian patterns of dimension `dimension` drawn from `seed` to `path`, column k equal to
/// gaussian_patterns(dimension, count, seed).col(k) rounded to float32; column by column, in constant
/// memory, atomically (a failure leaves no partial file). Throws hopfield::Error on bad arguments or I/O.
void write_gaussian_pattern_file(const std::filesystem::path& path, Index dimension, Index count,
                                 std::uint64_t seed);

/// Writes `patterns` (d x p, float32) to `path`, atomically.
void write_pattern_file(const std::filesystem::path& path, const MatrixF& patterns);

/// The checked header of the pattern file at `path` (throws hopfield::Error naming the path and what is
/// wrong: not a regular file, too short, wrong magic, unsupported value size, sizes that disagree with the
/// file's length).
PatternFileHeader read_pattern_file_header(const std::filesystem::path& path);

/// Columns first … first + count − 1 of the pattern file at `path` (header checked first), read through a
/// read-only mapping of just those bytes.
MatrixF read_pattern_file_columns(const std::filesystem::path& path, Index first, Index count);

/// Columns first … first + count − 1 of gaussian_patterns(dimension, ·, seed) in float32, without drawing
/// the others (column k comes from its own seed).
MatrixF gaussian_pattern_columns(Index dimension, Index first, Index count, std::uint64_t seed);

}  // namespace hopfield
