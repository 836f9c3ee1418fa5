#include "hopfield/pattern_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <bit>
#include <cerrno>
#include <cstring>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

#include "hopfield/error.hpp"
#include "hopfield/file_bytes.hpp"
#include "hopfield/random.hpp"

namespace hopfield {
namespace {

static_assert(std::endian::native == std::endian::little, "pattern files are read as little-endian");

constexpr std::array<char, 8> magic{'H', 'O', 'P', 'F', 'P', 'A', 'T', '1'};
constexpr std::uint32_t float32_bytes = 4;

// The largest d·p whose data fits in a file size that off_t holds.
constexpr auto largest_values = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max() / 8);

std::array<unsigned char, pattern_file_header_bytes> encode_header(Index dimension, Index count) {
  std::array<unsigned char, pattern_file_header_bytes> header{};
  const auto d = static_cast<std::uint64_t>(dimension);
  const auto p = static_cast<std::uint64_t>(count);
  const auto header_size = static_cast<std::uint32_t>(pattern_file_header_bytes);
  std::memcpy(header.data(), magic.data(), magic.size());
  std::memcpy(header.data() + 8, &d, 8);
  std::memcpy(header.data() + 16, &p, 8);
  std::memcpy(header.data() + 24, &float32_bytes, 4);
  std::memcpy(header.data() + 28, &header_size, 4);
  return header;
}

void require_sizes(Index dimension, Index count, const char* what) {
  require(dimension >= 1, what, ": dimension = ", dimension, "; expected d >= 1");
  require(count >= 1, what, ": pattern count = ", count, "; expected p >= 1");
  require(static_cast<std::uint64_t>(dimension) <= largest_values / static_cast<std::uint64_t>(count), what,
          ": d x p = ", dimension, " x ", count, " values is too large for one file");
}

void write_column(std::ostream& out, const float* values, Index dimension) {
  out.write(reinterpret_cast<const char*>(values), static_cast<std::streamsize>(dimension * float32_bytes));
}

// A read-only mapping of bytes [offset, offset + length) of a file, unmapped on destruction.
class MappedRange {
 public:
  MappedRange(const std::filesystem::path& path, std::uint64_t offset, std::uint64_t length) {
    const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    require(descriptor >= 0, "pattern file '", path.string(), "': cannot open: ", std::strerror(errno));
    const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    const std::uint64_t aligned = offset - offset % page;
    skip_ = offset - aligned;
    length_ = length + skip_;
    void* mapped = ::mmap(nullptr, length_, PROT_READ, MAP_PRIVATE, descriptor, static_cast<off_t>(aligned));
    const int mapping_error = errno;
    ::close(descriptor);
    require(mapped != MAP_FAILED, "pattern file '", path.string(), "': cannot map ", length, " bytes at ",
            offset, ": ", std::strerror(mapping_error));
    address_ = static_cast<const unsigned char*>(mapped);
  }
  ~MappedRange() { ::munmap(const_cast<unsigned char*>(address_), length_); }
  MappedRange(const MappedRange&) = delete;
  MappedRange& operator=(const MappedRange&) = delete;
  const unsigned char* data() const { return address_ + skip_; }

 private:
  const unsigned char* address_ = nullptr;
  std::uint64_t skip_ = 0;
  std::uint64_t length_ = 0;
};

}  // namespace

MatrixF gaussian_pattern_columns(Index dimension, Index first, Index count, std::uint64_t seed) {
  require(dimension >= 1, "gaussian_pattern_columns: dimension = ", dimension, "; expected d >= 1");
  require(first >= 0 && count >= 0, "gaussian_pattern_columns: columns ", first, " + ", count,
          "; expected a first column >= 0 and a count >= 0");
  MatrixF columns(dimension, count);
  // The draws of gaussian_patterns, column by column, each rounded to float32.
  for (Index k = 0; k < count; ++k) {
    Rng rng(derive_seed(seed, static_cast<std::uint64_t>(first + k)));
    for (Index i = 0; i < dimension; ++i) columns(i, k) = static_cast<float>(rng.normal());
  }
  return columns;
}

void write_gaussian_pattern_file(const std::filesystem::path& path, Index dimension, Index count,
                                 std::uint64_t seed) {
  require_sizes(dimension, count, "pattern file");
  write_file_atomically(path, [&](std::ostream& out) {
    const auto header = encode_header(dimension, count);
    out.write(reinterpret_cast<const char*>(header.data()), static_cast<std::streamsize>(header.size()));
    for (Index k = 0; k < count && out; ++k)
      write_column(out, gaussian_pattern_columns(dimension, k, 1, seed).data(), dimension);
  });
}

void write_pattern_file(const std::filesystem::path& path, const MatrixF& patterns) {
  require_sizes(patterns.rows(), patterns.cols(), "pattern file");
  write_file_atomically(path, [&](std::ostream& out) {
    const auto header = encode_header(patterns.rows(), patterns.cols());
    out.write(reinterpret_cast<const char*>(header.data()), static_cast<std::streamsize>(header.size()));
    for (Index k = 0; k < patterns.cols() && out; ++k)
      write_column(out, patterns.col(k).data(), patterns.rows());
  });
}

PatternFileHeader read_pattern_file_header(const std::filesystem::path& path) {
  const std::string name = path.string();
  const std::string reason = unreadable_file_reason(path);
  require(reason.empty(), "pattern file '", name, "' ", reason);
  const std::uint64_t size = std::filesystem::file_size(path);
  require(size >= pattern_file_header_bytes, "pattern file '", name, "' has ", size,
          " bytes, fewer than its 64-byte header: truncated, or not a pattern file");
  std::array<unsigned char, pattern_file_header_bytes> header{};
  {
    const MappedRange mapped(path, 0, pattern_file_header_bytes);
    std::memcpy(header.data(), mapped.data(), header.size());
  }
  require(
      std::memcmp(header.data(), magic.data(), magic.size()) == 0, "pattern file '", name,
      "' does not begin with \"HOPFPAT1\": not a pattern file (write one with 'hopfield write-patterns')");
  std::uint64_t d = 0, p = 0;
  std::uint32_t value_bytes = 0, header_size = 0;
  std::memcpy(&d, header.data() + 8, 8);
  std::memcpy(&p, header.data() + 16, 8);
  std::memcpy(&value_bytes, header.data() + 24, 4);
  std::memcpy(&header_size, header.data() + 28, 4);
  require(value_bytes == float32_bytes, "pattern file '", name, "': ", value_bytes,
          " bytes per value; expected 4 (float32)");
  require(header_size == pattern_file_header_bytes, "pattern file '", name, "': header of ", header_size,
          " bytes; expected 64");
  require(d >= 1 && p >= 1 && d <= largest_values / p, "pattern file '", name, "': header says d = ", d,
          ", p = ", p, "; expected d >= 1, p >= 1 and d x p within a file's size");
  const std::uint64_t expected = pattern_file_header_bytes + d * p * float32_bytes;
  require(size == expected, "pattern file '", name, "' has ", size, " bytes; its header (d = ", d,
          ", p = ", p, ") needs ", expected,
          size < expected ? ": the file is truncated" : ": the file has extra bytes");
  return {static_cast<Index>(d), static_cast<Index>(p)};
}

MatrixF read_pattern_file_columns(const std::filesystem::path& path, Index first, Index count) {
  const PatternFileHeader header = read_pattern_file_header(path);
  require(first >= 0 && count >= 0 && first <= header.count - count, "pattern file '", path.string(),
          "': columns ", first, " to ", first + count - 1, " asked for; the file holds columns 0 to ",
          header.count - 1);
  MatrixF columns(header.dimension, count);
  if (count == 0) return columns;
  const auto column_bytes = static_cast<std::uint64_t>(header.dimension) * float32_bytes;
  const MappedRange mapped(path, pattern_file_header_bytes + static_cast<std::uint64_t>(first) * column_bytes,
                           static_cast<std::uint64_t>(count) * column_bytes);
  std::memcpy(columns.data(), mapped.data(), static_cast<std::size_t>(count) * column_bytes);
  return columns;
}

}  // namespace hopfield
