#include "hopfield/idx.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "hopfield/error.hpp"
#include "hopfield/file_bytes.hpp"

namespace hopfield {
namespace {

constexpr std::uint8_t kUnsignedByte = 0x08;

std::string hex_byte(std::uint8_t value) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02x", static_cast<unsigned>(value));
  return text;
}

[[noreturn]] void fail(std::string_view source, const std::string& problem) {
  throw Error(detail::concat("IDX file '", source, "': ", problem));
}

bool is_gzip(std::span<const std::uint8_t> bytes) {
  return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
}

// Inflates a gzip stream; the output grows only as data actually inflates, capped by `max_bytes`.
std::vector<std::uint8_t> inflate_gzip(std::span<const std::uint8_t> compressed, std::string_view source,
                                       std::uint64_t max_bytes) {
  z_stream stream{};
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) fail(source, "zlib could not start inflating");
  struct Guard {
    z_stream* stream;
    ~Guard() { inflateEnd(stream); }
  } guard{&stream};

  std::vector<std::uint8_t> out;
  std::size_t consumed = 0;
  std::uint8_t buffer[1 << 15];
  for (;;) {
    if (stream.avail_in == 0 && consumed < compressed.size()) {
      const std::size_t take = std::min<std::size_t>(compressed.size() - consumed, 1u << 30);
      stream.next_in = const_cast<Bytef*>(compressed.data() + consumed);
      stream.avail_in = static_cast<uInt>(take);
      consumed += take;
    }
    stream.next_out = buffer;
    stream.avail_out = sizeof buffer;
    const int status = inflate(&stream, Z_NO_FLUSH);
    const std::size_t produced = sizeof buffer - stream.avail_out;
    if (out.size() + produced > max_bytes) {
      fail(source, detail::concat("inflates to more than the limit of ", max_bytes, " bytes"));
    }
    out.insert(out.end(), buffer, buffer + produced);
    if (status == Z_STREAM_END) {
      const std::size_t left = stream.avail_in + (compressed.size() - consumed);
      if (left == 0) return out;
      // Concatenated gzip files (`cat a.gz b.gz`) are one valid file (RFC 1952, 2.2): inflate the next
      // member; anything else after the end is an error.
      if (!is_gzip(compressed.subspan(compressed.size() - left))) {
        fail(source, detail::concat(left, " trailing bytes after the end of the gzip stream"));
      }
      if (inflateReset(&stream) != Z_OK) fail(source, "zlib could not start the next gzip member");
      continue;
    }
    if (status == Z_DATA_ERROR) {
      fail(source, detail::concat("corrupt gzip data (", stream.msg ? stream.msg : "data error", ")"));
    }
    if (status == Z_MEM_ERROR) fail(source, "zlib ran out of memory");
    const bool input_exhausted = stream.avail_in == 0 && consumed == compressed.size();
    if ((status == Z_BUF_ERROR || status == Z_OK) && input_exhausted && produced == 0) {
      fail(source, "truncated gzip stream (the compressed data ends before the end of the stream)");
    }
    if (status != Z_OK && status != Z_BUF_ERROR) {
      fail(source, detail::concat("zlib error ", status, " while inflating"));
    }
  }
}

std::uint32_t read_big_endian(const std::uint8_t* bytes) {
  return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) | (std::uint32_t{bytes[2]} << 8) |
         std::uint32_t{bytes[3]};
}

std::string dimensions_text(const std::vector<std::uint32_t>& dimensions) {
  std::string text;
  for (std::size_t i = 0; i < dimensions.size(); ++i) {
    if (i) text += " x ";
    text += std::to_string(dimensions[i]);
  }
  return text;
}

IdxArray parse_idx(std::span<const std::uint8_t> bytes, std::string_view source) {
  if (bytes.size() < 4) {
    fail(source, detail::concat("only ", bytes.size(), " bytes, too short for the 4-byte IDX magic number"));
  }
  if (bytes[0] != 0 || bytes[1] != 0) {
    fail(source, detail::concat("bad magic number (starts ", hex_byte(bytes[0]), " ", hex_byte(bytes[1]),
                                "; an IDX file starts with two zero bytes)"));
  }
  const std::uint8_t type = bytes[2];
  const std::uint8_t rank = bytes[3];
  if (type != kUnsignedByte) {
    fail(source, detail::concat("data type ", hex_byte(type),
                                " is not supported (expected 0x08, unsigned byte, as in MNIST)"));
  }
  if (rank == 0) fail(source, "rank 0 in the magic number (expected at least one dimension)");
  const std::size_t header = 4 + 4 * std::size_t{rank};
  if (bytes.size() < header) {
    fail(source, detail::concat("truncated header: rank ", unsigned{rank}, " needs ", header,
                                " header bytes, the file has ", bytes.size()));
  }
  IdxArray array;
  array.dimensions.reserve(rank);
  for (std::size_t d = 0; d < rank; ++d)
    array.dimensions.push_back(read_big_endian(bytes.data() + 4 + 4 * d));

  const std::uint64_t available = bytes.size() - header;
  const bool any_zero =
      std::find(array.dimensions.begin(), array.dimensions.end(), 0u) != array.dimensions.end();
  std::uint64_t expected = any_zero ? 0 : 1;
  if (!any_zero) {
    for (const std::uint32_t dimension : array.dimensions) {
      if (expected > available / dimension) {
        fail(source, detail::concat("dimensions ", dimensions_text(array.dimensions),
                                    " promise more values than the ", available,
                                    " data bytes the file holds (truncated file or wrong header)"));
      }
      expected *= dimension;
    }
  }
  if (expected < available) {
    fail(source, detail::concat(available - expected, " trailing bytes after the ", expected,
                                " values that the dimensions ", dimensions_text(array.dimensions),
                                " declare (oversized file or wrong header)"));
  }
  if (expected > available) {
    fail(source, detail::concat("truncated: dimensions ", dimensions_text(array.dimensions), " need ",
                                expected, " data bytes, the file has ", available));
  }
  array.values.assign(bytes.begin() + static_cast<std::ptrdiff_t>(header), bytes.end());
  return array;
}

}  // namespace

IdxArray decode_idx(std::span<const std::uint8_t> file_bytes, std::string_view source,
                    const IdxLimits& limits) {
  if (is_gzip(file_bytes)) {
    const std::vector<std::uint8_t> inflated = inflate_gzip(file_bytes, source, limits.max_bytes);
    return parse_idx(inflated, source);
  }
  if (file_bytes.size() > limits.max_bytes) {
    fail(source, detail::concat(file_bytes.size(), " bytes exceed the limit of ", limits.max_bytes));
  }
  return parse_idx(file_bytes, source);
}

IdxArray read_idx(const std::filesystem::path& path, const IdxLimits& limits) {
  const std::vector<std::uint8_t> bytes = read_file_bytes(path, "IDX file");
  return decode_idx(bytes, path.string(), limits);
}

IdxImages read_idx_images(const std::filesystem::path& path, const IdxLimits& limits) {
  IdxArray array = read_idx(path, limits);
  if (array.dimensions.size() != 3) {
    fail(path.string(), detail::concat("rank ", array.dimensions.size(),
                                       ", expected an image file of rank 3 (count x rows x columns)"));
  }
  if (array.dimensions[1] == 0 || array.dimensions[2] == 0) {
    fail(path.string(), detail::concat("images of ", array.dimensions[1], " x ", array.dimensions[2],
                                       " pixels (expected at least 1 x 1)"));
  }
  IdxImages images;
  images.count = array.dimensions[0];
  images.rows = array.dimensions[1];
  images.columns = array.dimensions[2];
  images.pixels = std::move(array.values);
  return images;
}

std::vector<std::uint8_t> read_idx_labels(const std::filesystem::path& path, const IdxLimits& limits) {
  IdxArray array = read_idx(path, limits);
  if (array.dimensions.size() != 1) {
    fail(path.string(),
         detail::concat("rank ", array.dimensions.size(), ", expected a label file of rank 1 (count)"));
  }
  return std::move(array.values);
}

std::vector<std::uint8_t> encode_idx(const IdxArray& array) {
  require(!array.dimensions.empty() && array.dimensions.size() <= 255,
          "encode_idx: rank must lie in [1, 255], got ", array.dimensions.size());
  // A zero dimension anywhere makes the product 0; otherwise stop before the product can overflow.
  const bool any_zero =
      std::find(array.dimensions.begin(), array.dimensions.end(), 0u) != array.dimensions.end();
  std::uint64_t expected = any_zero ? 0 : 1;
  for (const std::uint32_t dimension : array.dimensions) {
    if (any_zero) break;
    require(expected <= array.values.size() / dimension, "encode_idx: dimensions ",
            dimensions_text(array.dimensions), " need more than the ", array.values.size(), " values given");
    expected *= dimension;
  }
  require(expected == array.values.size(), "encode_idx: dimensions ", dimensions_text(array.dimensions),
          " need ", expected, " values, got ", array.values.size());
  const std::size_t header = 4 + 4 * array.dimensions.size();
  std::vector<std::uint8_t> bytes(header + array.values.size(), 0);
  bytes[2] = kUnsignedByte;
  bytes[3] = static_cast<std::uint8_t>(array.dimensions.size());
  for (std::size_t d = 0; d < array.dimensions.size(); ++d) {
    for (std::size_t b = 0; b < 4; ++b)
      bytes[4 + 4 * d + b] = static_cast<std::uint8_t>(array.dimensions[d] >> (24 - 8 * b));
  }
  std::copy(array.values.begin(), array.values.end(), bytes.begin() + static_cast<std::ptrdiff_t>(header));
  return bytes;
}

namespace {

std::vector<std::uint8_t> gzip_bytes(std::span<const std::uint8_t> raw, const std::filesystem::path& path) {
  z_stream stream{};
  require(
      deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK,
      "write_idx: zlib could not start compressing '", path.string(), "'");
  struct Guard {
    z_stream* stream;
    ~Guard() { deflateEnd(stream); }
  } guard{&stream};
  std::vector<std::uint8_t> out(deflateBound(&stream, static_cast<uLong>(raw.size())) + 64);
  stream.next_in = const_cast<Bytef*>(raw.data());
  stream.avail_in = static_cast<uInt>(raw.size());
  stream.next_out = out.data();
  stream.avail_out = static_cast<uInt>(out.size());
  require(deflate(&stream, Z_FINISH) == Z_STREAM_END, "write_idx: zlib failed to compress '", path.string(),
          "'");
  out.resize(stream.total_out);
  return out;
}

}  // namespace

void write_idx(const std::filesystem::path& path, const IdxArray& array, const IdxWriteOptions& options) {
  const std::vector<std::uint8_t> raw = encode_idx(array);
  require(raw.size() < (std::size_t{1} << 31), "write_idx: '", path.string(), "' would exceed 2 GiB");
  if (options.gzip) {
    write_file_atomically(path, gzip_bytes(raw, path));
  } else {
    write_file_atomically(path, raw);
  }
}

}  // namespace hopfield
