// Dense double-precision products through Eigen compiled for this translation unit's instruction set. The
// including file renames Eigen's namespace (#define Eigen ...) before including it, so that none of these
// instantiations shares a name with the portable library's Eigen code (see kernel_table.hpp).

// c = a b: a rows x depth, b depth x columns, c rows x columns, all column-major and contiguous.
void multiply_f64(const double* a, KernelIndex rows, KernelIndex depth, const double* b, KernelIndex columns,
                  double* c) {
  using Dense = IsaEigen::Matrix<double, IsaEigen::Dynamic, IsaEigen::Dynamic>;
  const IsaEigen::Map<const Dense> left(a, rows, depth), right(b, depth, columns);
  IsaEigen::Map<Dense> product(c, rows, columns);
  product.noalias() = left * right;
}

// y += s x over n entries: one multiply and one add per entry, never fused, so that every path gives the
// same bits.
void add_scaled_f64(double* y, const double* x, double s, KernelIndex n) {
  for (KernelIndex k = 0; k < n; ++k) y[k] += s * x[k];
}

// Σ x_k y_k in one fixed order on every path: eight partial sums s_j over k ≡ j (mod 8), combined as
// ((s0 + s4) + (s2 + s6)) + ((s1 + s5) + (s3 + s7)), then the last n mod 8 terms one by one.
double dot_f64(const double* x, const double* y, KernelIndex n) {
  const KernelIndex whole = n / 8 * 8;
  double total;
#if defined(__AVX2__)
  __m256d low = _mm256_setzero_pd(), high = _mm256_setzero_pd();  // s0 … s3, s4 … s7
  for (KernelIndex k = 0; k < whole; k += 8) {
    low = _mm256_add_pd(low, _mm256_mul_pd(_mm256_loadu_pd(x + k), _mm256_loadu_pd(y + k)));
    high = _mm256_add_pd(high, _mm256_mul_pd(_mm256_loadu_pd(x + k + 4), _mm256_loadu_pd(y + k + 4)));
  }
  const __m256d pairs = _mm256_add_pd(low, high);  // s0 + s4, s1 + s5, s2 + s6, s3 + s7
  const __m128d halves = _mm_add_pd(_mm256_castpd256_pd128(pairs), _mm256_extractf128_pd(pairs, 1));
  total = _mm_cvtsd_f64(halves) + _mm_cvtsd_f64(_mm_unpackhi_pd(halves, halves));
#else
  double sums[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  for (KernelIndex k = 0; k < whole; k += 8)
    for (int j = 0; j < 8; ++j) sums[j] += x[k + j] * y[k + j];
  total = ((sums[0] + sums[4]) + (sums[2] + sums[6])) + ((sums[1] + sums[5]) + (sums[3] + sums[7]));
#endif
  for (KernelIndex k = whole; k < n; ++k) total += x[k] * y[k];
  return total;
}
