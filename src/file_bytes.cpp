#include "file_bytes.hpp"

#include <fstream>
#include <random>
#include <string>
#include <system_error>

#include "hopfield/error.hpp"

namespace hopfield::detail {

std::vector<std::uint8_t> read_file_bytes(const std::filesystem::path& path, const char* what) {
  namespace fs = std::filesystem;
  std::error_code error;
  const bool regular = fs::is_regular_file(path, error);
  require(!error && regular, what, " '", path.string(), "' does not exist or is not a regular file");
  std::ifstream in(path, std::ios::binary);
  require(static_cast<bool>(in), what, " '", path.string(), "' cannot be opened for reading");
  // Read in chunks rather than trusting the reported size (a file may change while it is read).
  std::vector<std::uint8_t> bytes;
  std::vector<char> chunk(1 << 16);
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    bytes.insert(bytes.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(got));
  }
  require(in.eof(), what, " '", path.string(), "': read error");
  return bytes;
}

void write_file_bytes_atomically(const std::filesystem::path& path, std::span<const std::uint8_t> bytes) {
  namespace fs = std::filesystem;
  const fs::path parent = path.has_parent_path() ? path.parent_path() : fs::path(".");
  require(fs::is_directory(parent), "cannot write '", path.string(), "': directory '", parent.string(),
          "' does not exist");
  std::random_device entropy;
  std::string name = path.filename().string();
  name.insert(0, 1, '.');
  name.append(".tmp");
  name.append(std::to_string(entropy() & 0xffffffu));
  const fs::path temporary = parent / name;
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    require(static_cast<bool>(out), "cannot write '", path.string(), "': cannot create '", temporary.string(),
            "'");
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      throw Error("cannot write '" + path.string() + "': write failed (disk full?)");
    }
  }
  std::error_code error;
  fs::rename(temporary, path, error);
  if (error) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw Error("cannot write '" + path.string() + "': " + error.message());
  }
}

}  // namespace hopfield::detail
