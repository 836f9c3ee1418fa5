// Small helpers of the kernel files, included inside each instruction set's namespace (see
// packed_kernels.inl): our own stand-ins for std::min, std::max, std::abs and std::popcount, so that no
// standard-library template is instantiated with an instruction set's flags (kernel_table.hpp says why).
#pragma once

inline KernelIndex smaller(KernelIndex a, KernelIndex b) {
  return a < b ? a : b;
}
inline std::int32_t larger(std::int32_t a, std::int32_t b) {
  return a > b ? a : b;
}
inline std::int32_t magnitude(std::int32_t a) {
  return a < 0 ? -a : a;
}
inline std::int64_t bits_set(std::uint64_t word) {
  return __builtin_popcountll(word);
}
inline bool row_bit(const std::uint16_t* row, KernelIndex mu) {
  return (row[mu / 16] >> (mu % 16)) & 1u;
}

constexpr KernelIndex block_patterns = 256;
constexpr KernelIndex words_per_block = 16;

