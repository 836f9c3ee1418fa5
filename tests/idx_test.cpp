#include "hopfield/idx.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "hopfield/error.hpp"

namespace hopfield {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

fs::path temporary_directory() {
  const fs::path directory = fs::temp_directory_path() / ("hopfield_idx_test_" + std::to_string(::getpid()));
  fs::create_directories(directory);
  return directory;
}

// Hand-made IDX bytes: magic 00 00 type rank, big-endian dims, then the data.
Bytes make_idx(std::uint8_t type, const std::vector<std::uint32_t>& dims, const Bytes& data) {
  Bytes bytes = {0x00, 0x00, type, static_cast<std::uint8_t>(dims.size())};
  for (const std::uint32_t d : dims) {
    bytes.push_back(static_cast<std::uint8_t>(d >> 24));
    bytes.push_back(static_cast<std::uint8_t>(d >> 16));
    bytes.push_back(static_cast<std::uint8_t>(d >> 8));
    bytes.push_back(static_cast<std::uint8_t>(d));
  }
  bytes.insert(bytes.end(), data.begin(), data.end());
  return bytes;
}

fs::path write_raw(const std::string& name, const Bytes& bytes) {
  const fs::path path = temporary_directory() / name;
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return path;
}

// gzip through zlib's gzFile API (independent of the library's writer).
fs::path write_gzip(const std::string& name, const Bytes& bytes) {
  const fs::path path = temporary_directory() / name;
  gzFile file = gzopen(path.c_str(), "wb");
  EXPECT_NE(file, nullptr);
  EXPECT_EQ(gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())), static_cast<int>(bytes.size()));
  gzclose(file);
  return path;
}

Bytes read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

Bytes ramp(std::size_t n) {
  Bytes data(n);
  for (std::size_t i = 0; i < n; ++i) data[i] = static_cast<std::uint8_t>((i * 7 + 3) % 256);
  return data;
}

TEST(Idx, ReadsValidRawImages) {
  const Bytes data = ramp(2 * 3 * 4);
  const auto path = write_raw("valid-images", make_idx(0x08, {2, 3, 4}, data));
  const IdxImages images = read_idx_images(path);
  EXPECT_EQ(images.count, 2);
  EXPECT_EQ(images.rows, 3);
  EXPECT_EQ(images.columns, 4);
  EXPECT_EQ(images.pixels, data);
  // Row-major: image 1, row 2, column 3 is byte 1*12 + 2*4 + 3 = 23.
  EXPECT_EQ(images.pixels[23], (23 * 7 + 3) % 256);
}

TEST(Idx, ReadsValidRawLabelsAndGzip) {
  const Bytes labels = {3, 1, 4, 1, 5, 9, 2, 6};
  EXPECT_EQ(read_idx_labels(write_raw("labels", make_idx(0x08, {8}, labels))), labels);
  EXPECT_EQ(read_idx_labels(write_gzip("labels.gz", make_idx(0x08, {8}, labels))), labels);
  const Bytes data = ramp(5 * 28 * 28);
  const IdxImages images = read_idx_images(write_gzip("images.gz", make_idx(0x08, {5, 28, 28}, data)));
  EXPECT_EQ(images.count, 5);
  EXPECT_EQ(images.pixels, data);
}

TEST(Idx, WriterRoundTripsRawAndGzip) {
  IdxArray array{.dimensions = {3, 2, 2}, .values = ramp(12)};
  const fs::path raw = temporary_directory() / "written";
  const fs::path gz = temporary_directory() / "written.gz";
  write_idx(raw, array);
  write_idx(gz, array, {.gzip = true});
  EXPECT_EQ(read_all(raw), make_idx(0x08, {3, 2, 2}, array.values));  // byte-exact against the hand-made file
  const Bytes compressed = read_all(gz);
  ASSERT_GE(compressed.size(), 2u);
  EXPECT_EQ(compressed[0], 0x1f);
  EXPECT_EQ(compressed[1], 0x8b);
  const IdxArray back = read_idx(gz);
  EXPECT_EQ(back.dimensions, array.dimensions);
  EXPECT_EQ(back.values, array.values);
  EXPECT_NE(error_of([&] { write_idx(raw, IdxArray{.dimensions = {3, 2}, .values = ramp(5)}); }), "");
  // Found by the fuzzer: a zero dimension after a large one is an empty array, not an error.
  const IdxArray empty{.dimensions = {36110336u, 0, 329223u}, .values = {}};
  EXPECT_EQ(decode_idx(encode_idx(empty), "empty").dimensions, empty.dimensions);
  EXPECT_NE(error_of([] {
              encode_idx(IdxArray{.dimensions = {0xffffffffu, 0xffffffffu, 2}, .values = ramp(3)});
            }),
            "");
}

TEST(Idx, TruncatedFilesAreClearErrors) {
  const Bytes full = make_idx(0x08, {4, 2, 2}, ramp(16));
  const auto short_data = write_raw("short-data", Bytes(full.begin(), full.end() - 3));
  EXPECT_NE(error_of([&] { read_idx_images(short_data); }).find("truncated"), std::string::npos);
  EXPECT_NE(error_of([&] { read_idx_images(short_data); }).find("short-data"), std::string::npos);
  const auto short_header = write_raw("short-header", Bytes(full.begin(), full.begin() + 9));
  EXPECT_NE(error_of([&] { read_idx_images(short_header); }).find("truncated header"), std::string::npos);
  const auto tiny = write_raw("tiny", Bytes{0x00, 0x00});
  EXPECT_NE(error_of([&] { read_idx(tiny); }).find("too short"), std::string::npos);
  const auto empty = write_raw("empty", Bytes{});
  EXPECT_NE(error_of([&] { read_idx(empty); }).find("too short"), std::string::npos);
  // A gzip stream cut in the middle.
  const Bytes compressed = read_all(write_gzip("whole.gz", make_idx(0x08, {50, 28, 28}, ramp(50 * 784))));
  const auto cut = write_raw("cut.gz", Bytes(compressed.begin(), compressed.begin() + compressed.size() / 2));
  EXPECT_NE(error_of([&] { read_idx(cut); }).find("truncated gzip"), std::string::npos);
}

TEST(Idx, WrongMagicTypeAndRankAreRejected) {
  EXPECT_NE(error_of([&] {
              read_idx(write_raw("magic", Bytes{0x12, 0x34, 0x08, 0x01, 0, 0, 0, 0}));
            }).find("bad magic"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              read_idx(write_raw("float", make_idx(0x0D, {1}, Bytes{0, 0, 0, 0})));
            }).find("data type 0x0d"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              read_idx(write_raw("rank0", Bytes{0, 0, 0x08, 0x00}));
            }).find("rank 0"),
            std::string::npos);
  // Labels read as images and images read as labels.
  const auto labels = write_raw("labels-as-images", make_idx(0x08, {3}, Bytes{1, 2, 3}));
  EXPECT_NE(error_of([&] { read_idx_images(labels); }).find("rank 1"), std::string::npos);
  const auto images = write_raw("images-as-labels", make_idx(0x08, {1, 2, 2}, ramp(4)));
  EXPECT_NE(error_of([&] { read_idx_labels(images); }).find("rank 3"), std::string::npos);
}

TEST(Idx, WrongCountsAreRejected) {
  // The header says 3 images of 2 x 2, the file holds 2 (lying header) or 4 (trailing data).
  EXPECT_NE(error_of([&] {
              read_idx(write_raw("fewer", make_idx(0x08, {3, 2, 2}, ramp(8))));
            }).find("truncated"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              read_idx(write_raw("more", make_idx(0x08, {3, 2, 2}, ramp(16))));
            }).find("trailing"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              read_idx(write_gzip("more.gz", make_idx(0x08, {3, 2, 2}, ramp(16))));
            }).find("trailing"),
            std::string::npos);
  // Garbage after the gzip stream.
  Bytes compressed = read_all(write_gzip("ok.gz", make_idx(0x08, {2}, Bytes{1, 2})));
  compressed.push_back(0x42);
  EXPECT_NE(error_of([&] { read_idx(write_raw("garbage.gz", compressed)); }).find("trailing"),
            std::string::npos);
}

TEST(Idx, OversizedDimensionsNeverAllocate) {
  // 2^32-1 cubed promises ~8e28 bytes; the file holds 4. Must be a clear error, not an allocation.
  const auto huge =
      write_raw("huge", make_idx(0x08, {0xffffffffu, 0xffffffffu, 0xffffffffu}, Bytes{1, 2, 3, 4}));
  const std::string message = error_of([&] { read_idx(huge); });
  EXPECT_NE(message.find("promise more values"), std::string::npos) << message;
  EXPECT_NE(message.find("4294967295 x 4294967295 x 4294967295"), std::string::npos) << message;
  // Rank 255 of dimension 2 overflows any integer product.
  std::vector<std::uint32_t> dims(255, 2);
  EXPECT_NE(error_of([&] { read_idx(write_raw("rank255", make_idx(0x08, dims, Bytes{1}))); }), "");
  // A zero dimension with data behind it is trailing data; without it, a valid empty array.
  EXPECT_EQ(read_idx(write_raw("zero", make_idx(0x08, {0, 28, 28}, Bytes{}))).values.size(), 0u);
  EXPECT_NE(error_of([&] {
              read_idx(write_raw("zero-more", make_idx(0x08, {0, 28}, Bytes{1})));
            }).find("trailing"),
            std::string::npos);
  // The inflation limit stops a gzip bomb.
  const auto big = write_gzip("big.gz", make_idx(0x08, {1000, 1000}, Bytes(1000000, 0)));
  EXPECT_NE(error_of([&] { read_idx(big, {.max_bytes = 100000}); }).find("limit"), std::string::npos);
  EXPECT_EQ(read_idx(big).values.size(), 1000000u);
}

// `cat a.gz b.gz` is one valid gzip file (RFC 1952, 2.2): its members inflate to the concatenation.
TEST(Idx, ReadsMultiMemberGzipWhole) {
  const Bytes whole = make_idx(0x08, {6, 28, 28}, ramp(6 * 784));
  const Bytes head(whole.begin(), whole.begin() + 1000);
  const Bytes middle(whole.begin() + 1000, whole.begin() + 3000);
  const Bytes tail(whole.begin() + 3000, whole.end());
  Bytes concatenated;
  for (const auto& [name, part] : {std::pair{"head.gz", head}, {"middle.gz", middle}, {"tail.gz", tail}}) {
    const Bytes member = read_all(write_gzip(name, part));
    concatenated.insert(concatenated.end(), member.begin(), member.end());
  }
  const IdxImages images = read_idx_images(write_raw("members.gz", concatenated));
  EXPECT_EQ(images.count, 6);
  EXPECT_EQ(images.pixels, ramp(6 * 784));
  // A later member cut short is still a truncated stream, and garbage after the last member still an error.
  const Bytes cut(concatenated.begin(), concatenated.end() - 10);
  EXPECT_NE(error_of([&] { read_idx(write_raw("cut-member.gz", cut)); }).find("truncated gzip"),
            std::string::npos);
  Bytes garbage = concatenated;
  garbage.push_back(0x42);
  EXPECT_NE(error_of([&] { read_idx(write_raw("members-garbage.gz", garbage)); }).find("1 trailing bytes"),
            std::string::npos);
}

TEST(Idx, MissingFileNamesThePathAndTheReason) {
  EXPECT_EQ(error_of([] { read_idx("/nonexistent/hopfield/file-idx3-ubyte"); }),
            "IDX file '/nonexistent/hopfield/file-idx3-ubyte' does not exist");
  const fs::path directory = temporary_directory() / "a-directory";
  fs::create_directories(directory);
  EXPECT_EQ(error_of([&] { read_idx(directory); }),
            "IDX file '" + directory.string() + "' is a directory, not a regular file");
}

}  // namespace
}  // namespace hopfield
