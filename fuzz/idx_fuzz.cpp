// libFuzzer target for the IDX reader: arbitrary bytes (raw or gzip) must decode or throw hopfield::Error,
// never crash, read out of bounds or allocate more than the input can justify. A decoded array must be
// consistent (values = product of dimensions) and survive an encode/decode round trip.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "hopfield/error.hpp"
#include "hopfield/idx.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  hopfield::IdxArray array;
  try {
    array = hopfield::decode_idx(bytes, "fuzz input", {.max_bytes = std::uint64_t{1} << 26});
  } catch (const hopfield::Error&) {
    return 0;
  }
  std::uint64_t product = 1;
  for (const std::uint32_t dimension : array.dimensions) product *= dimension;
  if (array.dimensions.empty() || product != array.values.size()) std::abort();
  const std::vector<std::uint8_t> encoded = hopfield::encode_idx(array);
  const hopfield::IdxArray again = hopfield::decode_idx(encoded, "re-encoded fuzz input");
  if (again.dimensions != array.dimensions || again.values != array.values) std::abort();
  return 0;
}
