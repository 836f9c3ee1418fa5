// The IDX file format of MNIST and Fashion-MNIST (LeCun et al.), raw or gzip-compressed.
//
// Layout: a 4-byte magic number 0x00 0x00 <type> <rank>, then `rank` big-endian uint32 dimensions, then the
// values in row-major order. Only type 0x08 (unsigned byte) is supported: MNIST images are idx3 (count x
// rows x columns) and labels idx1 (count). A file that starts with the gzip magic 0x1f 0x8b is inflated with
// zlib first.
//
// Every check is made before any value is read: the magic number, the type, the rank, and that the data
// size is exactly the product of the dimensions. A truncated, oversized (trailing bytes) or lying file
// (dimensions that promise more data than there is) throws hopfield::Error naming the file and the
// problem. Allocations never exceed what the file actually holds (for gzip: what it actually inflates to,
// capped by IdxLimits::max_bytes).
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

namespace hopfield {

/// An IDX array of unsigned bytes: `dimensions` (outermost first) and the row-major `values`, whose
/// size is the product of the dimensions.
struct IdxArray {
  std::vector<std::uint32_t> dimensions;
  std::vector<std::uint8_t> values;
};

struct IdxLimits {
  /// Largest decoded size (header + values) accepted, in bytes; guards against gzip bombs. Default 1 GiB.
  std::uint64_t max_bytes = std::uint64_t{1} << 30;
};

/// Decodes the bytes of an IDX file (raw, or gzip detected by its magic). `source` names the file in
/// error messages.
IdxArray decode_idx(std::span<const std::uint8_t> file_bytes, std::string_view source,
                    const IdxLimits& limits = {});

/// Reads and decodes an IDX file.
IdxArray read_idx(const std::filesystem::path& path, const IdxLimits& limits = {});

/// Images of an idx3 file: count x rows x columns bytes, image k at pixels[k * rows * columns].
struct IdxImages {
  std::int64_t count = 0;
  std::int64_t rows = 0;
  std::int64_t columns = 0;
  std::vector<std::uint8_t> pixels;
};

/// Reads an idx3 image file (rank must be 3, rows and columns > 0).
IdxImages read_idx_images(const std::filesystem::path& path, const IdxLimits& limits = {});

/// Reads an idx1 label file (rank must be 1).
std::vector<std::uint8_t> read_idx_labels(const std::filesystem::path& path, const IdxLimits& limits = {});

/// The bytes of an IDX file for `array` (uncompressed). Throws if values.size() is not the product of the
/// dimensions or the rank is not in 1 … 255.
std::vector<std::uint8_t> encode_idx(const IdxArray& array);

struct IdxWriteOptions {
  /// gzip-compress the file (zlib, default level).
  bool gzip = false;
};

/// Writes `array` as an IDX file, atomically (a temporary file beside `path`, renamed into place).
void write_idx(const std::filesystem::path& path, const IdxArray& array, const IdxWriteOptions& options = {});

}  // namespace hopfield
