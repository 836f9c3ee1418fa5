// The byte-coupling kernels, compiled once per instruction set (see packed_kernels.inl).
// src/packed_couplings.hpp documents what each computes.

#include "kernel_helpers.inl"  // NOLINT(bugprone-suspicious-include)

// Hamming distances between rows i … i + 3 and rows j … j + 3 (rows of row_bytes, a multiple of 32, one after
// the other; padding bits clear): distances[4 a + b] for rows i + a and j + b.
void hamming_4x4(const std::uint8_t* rows_i, const std::uint8_t* rows_j, KernelIndex row_bytes,
                 std::int32_t* distances) {
#if defined(__AVX512F__) && defined(__AVX512VPOPCNTDQ__)
  __m512i sums[16];
  for (auto& sum : sums) sum = _mm512_setzero_si512();
  for (KernelIndex offset = 0; offset < row_bytes; offset += 64) {
    // A row of an odd number of 32-byte blocks ends with half a register: load only its first 4 words.
    const __mmask8 words = offset + 64 <= row_bytes ? __mmask8{0xff} : __mmask8{0x0f};
    __m512i a[4];
    for (int r = 0; r < 4; ++r) a[r] = _mm512_maskz_loadu_epi64(words, rows_i + r * row_bytes + offset);
    for (int c = 0; c < 4; ++c) {
      const __m512i b = _mm512_maskz_loadu_epi64(words, rows_j + c * row_bytes + offset);
      for (int r = 0; r < 4; ++r)
        sums[4 * r + c] = _mm512_add_epi64(sums[4 * r + c], _mm512_popcnt_epi64(_mm512_xor_si512(a[r], b)));
    }
  }
  // Sixteen horizontal sums as two trees of eight: pairs of registers, then pairs of 128-bit lanes.
  const auto add_pairs = [](__m512i a, __m512i b) {
    return _mm512_add_epi64(_mm512_unpacklo_epi64(a, b), _mm512_unpackhi_epi64(a, b));
  };
  const auto add_lanes = [](__m512i a, __m512i b) {
    return _mm512_add_epi64(_mm512_shuffle_i64x2(a, b, _MM_SHUFFLE(2, 0, 2, 0)),
                            _mm512_shuffle_i64x2(a, b, _MM_SHUFFLE(3, 1, 3, 1)));
  };
  const auto eight_sums = [&](const __m512i* s) {  // lane k: the sum of the lanes of s[k]
    return add_lanes(add_lanes(add_pairs(s[0], s[1]), add_pairs(s[2], s[3])),
                     add_lanes(add_pairs(s[4], s[5]), add_pairs(s[6], s[7])));
  };
  const __m512i all = _mm512_inserti64x4(_mm512_castsi256_si512(_mm512_cvtepi64_epi32(eight_sums(sums))),
                                         _mm512_cvtepi64_epi32(eight_sums(sums + 8)), 1);
  _mm512_storeu_si512(distances, all);
#else
  for (int r = 0; r < 4; ++r) {
    for (int c = 0; c < 4; ++c) {
      std::int64_t differ = 0;
      for (KernelIndex offset = 0; offset < row_bytes; offset += 8) {
        std::uint64_t a, b;
        std::memcpy(&a, rows_i + r * row_bytes + offset, 8);
        std::memcpy(&b, rows_j + c * row_bytes + offset, 8);
        differ += bits_set(a ^ b);
      }
      distances[4 * r + c] = static_cast<std::int32_t>(differ);
    }
  }
#endif
}

// Stores the 4 x 4 block of couplings of rows i … i + 3 and columns j … j + 3 and its transpose, four bytes
// per row, when none is an exception; false (nothing stored) otherwise, or without AVX-512.
bool store_block([[maybe_unused]] const std::int32_t* distances, [[maybe_unused]] std::int32_t patterns,
                 [[maybe_unused]] std::int32_t parity, [[maybe_unused]] std::int8_t* halves,
                 [[maybe_unused]] std::size_t n, [[maybe_unused]] KernelIndex i,
                 [[maybe_unused]] KernelIndex j) {
#if defined(__AVX512F__) && defined(__AVX512BW__)
  const __m512i distance = _mm512_loadu_si512(distances);
  // (p − 2 d − parity) / 2, exact: the numerator is even.
  const __m512i half = _mm512_srai_epi32(
      _mm512_sub_epi32(_mm512_set1_epi32(patterns - parity), _mm512_slli_epi32(distance, 1)), 1);
  const __m512i limit = _mm512_set1_epi32(127);
  if (_mm512_cmpgt_epi32_mask(half, limit) != 0 ||
      _mm512_cmplt_epi32_mask(half, _mm512_set1_epi32(-127)) != 0)
    return false;
  const __m128i block = _mm512_cvtepi32_epi8(half);  // byte 4 r + c: row i + r, column j + c
  const __m128i transposed =
      _mm_shuffle_epi8(block, _mm_setr_epi8(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15));
  alignas(16) std::uint32_t rows[4], columns[4];
  _mm_store_si128(reinterpret_cast<__m128i*>(rows), block);
  _mm_store_si128(reinterpret_cast<__m128i*>(columns), transposed);
  for (KernelIndex k = 0; k < 4; ++k) {
    std::memcpy(halves + static_cast<std::size_t>(i + k) * n + static_cast<std::size_t>(j), &rows[k], 4);
    std::memcpy(halves + static_cast<std::size_t>(j + k) * n + static_cast<std::size_t>(i), &columns[k], 4);
  }
  return true;
#else
  return false;
#endif
}

// halves[r][k] += signs[r] (2 b + parity) for every k, b the byte of row r (the diagonal and escapes
// corrected by the caller); largest[r] gets the largest |halves[r][k]| reached, interim escaped values
// included.
template <int Rows>
void add_byte_rows(const std::int8_t* const* rows, const std::int32_t* signs, std::int32_t parity,
                   KernelIndex n, std::int16_t* const* halves, std::int32_t* largest) {
  KernelIndex k = 0;
#if defined(__AVX512BW__)
  const __m512i parity_v = _mm512_set1_epi16(static_cast<std::int16_t>(parity));
  __m512i negate[Rows], peak[Rows];
  for (int r = 0; r < Rows; ++r) {
    negate[r] = _mm512_set1_epi16(signs[r] < 0 ? -1 : 0);
    peak[r] = _mm512_setzero_si512();
  }
  for (; k + 64 <= n; k += 64) {
    for (int r = 0; r < Rows; ++r)
      _mm_prefetch(reinterpret_cast<const char*>(rows[r] + k) + 1024, _MM_HINT_T0);
    for (int r = 0; r < Rows; ++r) {
      for (KernelIndex part = 0; part < 64; part += 32) {
        const __m512i byte =
            _mm512_cvtepi8_epi16(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(rows[r] + k + part)));
        const __m512i step = _mm512_add_epi16(_mm512_add_epi16(byte, byte), parity_v);
        // (x XOR s) − s: −x where s is all ones.
        const __m512i signed_step = _mm512_sub_epi16(_mm512_xor_si512(step, negate[r]), negate[r]);
        std::int16_t* target = halves[r] + k + part;
        const __m512i sum = _mm512_add_epi16(_mm512_loadu_si512(target), signed_step);
        _mm512_storeu_si512(target, sum);
        peak[r] = _mm512_max_epu16(peak[r], _mm512_abs_epi16(sum));
      }
    }
  }
  for (int r = 0; r < Rows; ++r)
    largest[r] =
        larger(largest[r], _mm512_reduce_max_epi32(_mm512_cvtepu16_epi32(_mm512_castsi512_si256(
                               _mm512_max_epu16(peak[r], _mm512_shuffle_i64x2(peak[r], peak[r], 0x4e))))));
#elif defined(__AVX2__)
  const __m256i parity_v = _mm256_set1_epi16(static_cast<std::int16_t>(parity));
  __m256i negate[Rows], peak[Rows];
  for (int r = 0; r < Rows; ++r) {
    negate[r] = _mm256_set1_epi16(signs[r] < 0 ? -1 : 0);
    peak[r] = _mm256_setzero_si256();
  }
  for (; k + 32 <= n; k += 32) {
    for (int r = 0; r < Rows; ++r)
      _mm_prefetch(reinterpret_cast<const char*>(rows[r] + k) + 1024, _MM_HINT_T0);
    for (int r = 0; r < Rows; ++r) {
      for (KernelIndex part = 0; part < 32; part += 16) {
        const __m256i byte =
            _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(rows[r] + k + part)));
        const __m256i step = _mm256_add_epi16(_mm256_add_epi16(byte, byte), parity_v);
        const __m256i signed_step = _mm256_sub_epi16(_mm256_xor_si256(step, negate[r]), negate[r]);
        auto* target = reinterpret_cast<__m256i*>(halves[r] + k + part);
        const __m256i sum = _mm256_add_epi16(_mm256_loadu_si256(target), signed_step);
        _mm256_storeu_si256(target, sum);
        peak[r] = _mm256_max_epu16(peak[r], _mm256_abs_epi16(sum));
      }
    }
  }
  for (int r = 0; r < Rows; ++r) {
    alignas(32) std::uint16_t lanes[16];
    _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), peak[r]);
    for (const std::uint16_t lane : lanes) largest[r] = larger(largest[r], lane);
  }
#endif
  for (; k < n; ++k) {
    for (int r = 0; r < Rows; ++r) {
      const auto sum = static_cast<std::int16_t>(halves[r][k] + signs[r] * (2 * rows[r][k] + parity));
      halves[r][k] = sum;
      largest[r] = larger(largest[r], magnitude(sum));
    }
  }
}
