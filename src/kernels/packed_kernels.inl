// The packed-pattern and byte-coupling kernels, compiled once per instruction set: included by
// kernels_portable.cpp, kernels_avx2.cpp and kernels_avx512.cpp inside their own namespace, after
// <immintrin.h> where the flags allow it. The layouts and what each function computes are documented in
// src/packed_patterns.hpp and src/packed_couplings.hpp. No standard-library or Eigen template is used here
// (see kernel_table.hpp): small helpers of our own stand in for std::min, std::max and std::popcount.

#include "kernel_helpers.inl"  // NOLINT(bugprone-suspicious-include)

std::int64_t sum_where_set(const std::uint16_t* row, const std::int16_t* overlaps, KernelIndex blocks) {
#if defined(__AVX512BW__)
  // Per 32 patterns: the row's 32-bit word selects their overlaps (zero elsewhere), and a multiply-add with
  // ones sums adjacent pairs into 32-bit lanes. Four independent chains (a block is eight 32-bit words), so
  // that the multiply-add latency is hidden.
  const __m512i ones = _mm512_set1_epi16(1);
  const auto accumulate = [&ones](__m512i sum, __m512i selected) {
#if defined(__AVX512VNNI__)
    return _mm512_dpwssd_epi32(sum, selected, ones);
#else
    return _mm512_add_epi32(sum, _mm512_madd_epi16(selected, ones));
#endif
  };
  __m512i s0 = _mm512_setzero_si512(), s1 = s0, s2 = s0, s3 = s0;
  const auto* masks = reinterpret_cast<const std::uint32_t*>(row);
  for (KernelIndex c = 0; c < blocks * 8; c += 4) {
    s0 = accumulate(s0, _mm512_maskz_loadu_epi16(masks[c], overlaps + 32 * c));
    s1 = accumulate(s1, _mm512_maskz_loadu_epi16(masks[c + 1], overlaps + 32 * c + 32));
    s2 = accumulate(s2, _mm512_maskz_loadu_epi16(masks[c + 2], overlaps + 32 * c + 64));
    s3 = accumulate(s3, _mm512_maskz_loadu_epi16(masks[c + 3], overlaps + 32 * c + 96));
  }
  return _mm512_reduce_add_epi32(_mm512_add_epi32(_mm512_add_epi32(s0, s1), _mm512_add_epi32(s2, s3)));
#elif defined(__AVX2__)
  // Per 16 patterns: the row's 16-bit word in every lane, lane l keeps bit l, and the compare turns set bits
  // into all-ones (−1) lanes, so the pairwise product with the overlaps adds −m_μ for exactly those patterns.
  const __m256i bits = _mm256_setr_epi16(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384,
                                         static_cast<std::int16_t>(-32768));
  const __m256i zero = _mm256_setzero_si256();
  __m256i sums[4] = {zero, zero, zero, zero};
  for (KernelIndex w = 0; w < blocks * words_per_block; ++w) {
    const __m256i mask = _mm256_cmpeq_epi16(
        _mm256_and_si256(_mm256_set1_epi16(static_cast<std::int16_t>(row[w])), bits), bits);
    const __m256i products =
        _mm256_madd_epi16(mask, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(overlaps + 16 * w)));
    sums[w % 4] = _mm256_add_epi32(sums[w % 4], products);
  }
  const __m256i sum =
      _mm256_add_epi32(_mm256_add_epi32(sums[0], sums[1]), _mm256_add_epi32(sums[2], sums[3]));
  __m128i half = _mm_add_epi32(_mm256_castsi256_si128(sum), _mm256_extracti128_si256(sum, 1));
  half = _mm_add_epi32(half, _mm_shuffle_epi32(half, 0x4e));
  half = _mm_add_epi32(half, _mm_shuffle_epi32(half, 0xb1));
  return -static_cast<std::int64_t>(_mm_cvtsi128_si32(half));
#else
  std::int64_t sum = 0;
  for (KernelIndex mu = 0; mu < blocks * block_patterns; ++mu)
    if (row_bit(row, mu)) sum += overlaps[mu];
  return sum;
#endif
}

void add_signed(const std::uint16_t* row, std::int16_t* overlaps, std::int16_t delta, KernelIndex blocks) {
#if defined(__AVX512BW__)
  const __m512i plus = _mm512_set1_epi16(delta);
  const __m512i minus = _mm512_set1_epi16(static_cast<std::int16_t>(-delta));
  const auto* masks = reinterpret_cast<const std::uint32_t*>(row);
  for (KernelIndex c = 0; c < blocks * 8; ++c) {
    auto* target = overlaps + 32 * c;
    const __m512i step = _mm512_mask_blend_epi16(masks[c], plus, minus);
    _mm512_storeu_si512(target, _mm512_add_epi16(_mm512_loadu_si512(target), step));
  }
#elif defined(__AVX2__)
  const __m256i bits = _mm256_setr_epi16(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384,
                                         static_cast<std::int16_t>(-32768));
  const __m256i plus = _mm256_set1_epi16(delta);
  for (KernelIndex w = 0; w < blocks * words_per_block; ++w) {
    const __m256i mask = _mm256_cmpeq_epi16(
        _mm256_and_si256(_mm256_set1_epi16(static_cast<std::int16_t>(row[w])), bits), bits);
    // (delta XOR mask) − mask is −delta in the set lanes (two's complement), delta elsewhere.
    const __m256i step = _mm256_sub_epi16(_mm256_xor_si256(plus, mask), mask);
    auto* target = reinterpret_cast<__m256i*>(overlaps + 16 * w);
    _mm256_storeu_si256(target, _mm256_add_epi16(_mm256_loadu_si256(target), step));
  }
#else
  for (KernelIndex mu = 0; mu < blocks * block_patterns; ++mu)
    overlaps[mu] = static_cast<std::int16_t>(overlaps[mu] + (row_bit(row, mu) ? -delta : delta));
#endif
}

// sum_where_set for eight rows: with AVX-512 the overlaps are read once for all of them.
void sum_where_set_8(const std::uint16_t* const* rows, const std::int16_t* overlaps, KernelIndex blocks,
                     std::int64_t* sums) {
  constexpr int group = 8;
#if defined(__AVX512BW__)
  const __m512i ones = _mm512_set1_epi16(1);
  __m512i accumulators[group];
  const std::uint32_t* masks[group];
  for (int k = 0; k < group; ++k) {
    accumulators[k] = _mm512_setzero_si512();
    masks[k] = reinterpret_cast<const std::uint32_t*>(rows[k]);
  }
  for (KernelIndex c = 0; c < blocks * 8; ++c) {
    const __m512i values = _mm512_loadu_si512(overlaps + 32 * c);
#pragma GCC unroll 8
    for (int k = 0; k < group; ++k) {
      const __m512i selected = _mm512_maskz_mov_epi16(masks[k][c], values);
#if defined(__AVX512VNNI__)
      accumulators[k] = _mm512_dpwssd_epi32(accumulators[k], selected, ones);
#else
      accumulators[k] = _mm512_add_epi32(accumulators[k], _mm512_madd_epi16(selected, ones));
#endif
    }
  }
  for (int k = 0; k < group; ++k) sums[k] = _mm512_reduce_add_epi32(accumulators[k]);
#else
  for (int k = 0; k < group; ++k) sums[k] = sum_where_set(rows[k], overlaps, blocks);
#endif
}

std::int32_t overlap(const std::uint64_t* a, const std::uint64_t* b, KernelIndex n) {
  std::int64_t differ = 0;
  for (KernelIndex w = 0; w < (n + 63) / 64; ++w) differ += bits_set(a[w] ^ b[w]);
  return static_cast<std::int32_t>(n - 2 * differ);
}

std::int32_t row_coupling(const std::uint16_t* a, const std::uint16_t* b, KernelIndex blocks,
                          KernelIndex patterns) {
  std::int64_t differ = 0;
  for (KernelIndex w = 0; w < blocks * 4; ++w) {
    std::uint64_t x, y;
    std::memcpy(&x, a + 4 * w, 8);
    std::memcpy(&y, b + 4 * w, 8);
    differ += bits_set(x ^ y);
  }
  return static_cast<std::int32_t>(patterns - 2 * differ);
}
