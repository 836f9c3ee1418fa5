// The run-time kernel choice (hopfield/kernels.hpp): every path this CPU can execute against plain reference
// arithmetic written here, the classical recall bit-identical on every path, and the modern step equal to
// attention on every path.
#include "hopfield/kernels.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include "../src/kernels/dense_product.hpp"
#include "../src/kernels/kernel_table.hpp"
#include "../src/packed_patterns.hpp"
#include "hopfield/attention.hpp"
#include "hopfield/binary_patterns.hpp"
#include "hopfield/classical.hpp"
#include "hopfield/corruption.hpp"
#include "hopfield/error.hpp"
#include "hopfield/modern.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"
#include "hopfield/softmax_retrieval.hpp"

namespace hopfield {
namespace {

// Runs a test body on a forced path and restores the path in use before (HOPFIELD_KERNELS may force one).
class ForcedPath {
 public:
  explicit ForcedPath(KernelPath path) : previous_(active_kernel_path()) { use_kernel_path(path); }
  ~ForcedPath() { use_kernel_path(previous_); }
  ForcedPath(const ForcedPath&) = delete;
  ForcedPath& operator=(const ForcedPath&) = delete;

 private:
  KernelPath previous_;
};

std::vector<std::uint16_t> random_words(std::size_t count, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<std::uint16_t> words(count);
  for (auto& word : words) word = static_cast<std::uint16_t>(rng.next_u64() >> 48);
  return words;
}

std::vector<std::int16_t> random_overlaps(std::size_t count, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<std::int16_t> overlaps(count);
  for (auto& value : overlaps)
    value = static_cast<std::int16_t>(static_cast<std::int64_t>(rng.next_u64() % 2001) - 1000);
  return overlaps;
}

bool bit(const std::uint16_t* row, Index mu) {
  return ((row[mu / 16] >> (mu % 16)) & 1u) != 0;
}

TEST(Kernels, NamesRoundTripAndUnknownNamesAreErrors) {
  for (const KernelPath path :
       {KernelPath::Automatic, KernelPath::Portable, KernelPath::Avx2, KernelPath::Avx512})
    EXPECT_EQ(kernel_path_from_name(kernel_path_name(path)), path);
  try {
    kernel_path_from_name("sse9");
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("'sse9'"), std::string::npos) << error.what();
  }
}

TEST(Kernels, PortableIsAlwaysSupportedAndUnsupportedPathsAreRefused) {
  const std::vector<KernelPath> supported = supported_kernel_paths();
  ASSERT_FALSE(supported.empty());
  EXPECT_EQ(supported.front(), KernelPath::Portable);
  // The fastest unless HOPFIELD_KERNELS forces a path (the suite runs once more with it set to portable).
  const char* forced = std::getenv("HOPFIELD_KERNELS");
  const KernelPath expected = forced != nullptr ? kernel_path_from_name(forced) : supported.back();
  EXPECT_EQ(active_kernel_path(), expected);
  for (const KernelPath path : {KernelPath::Avx2, KernelPath::Avx512}) {
    if (kernel_path_supported(path)) continue;
    try {
      use_kernel_path(path);
      FAIL() << "no error for " << kernel_path_name(path);
    } catch (const Error& error) {
      EXPECT_NE(std::string(error.what()).find(kernel_path_name(path)), std::string::npos) << error.what();
    }
    EXPECT_EQ(active_kernel_path(), expected);  // unchanged by the refused request
  }
}

// Each packed kernel of each executable table against a bit-by-bit loop.
TEST(Kernels, PackedKernelsOnEveryPathMatchPlainArithmetic) {
  for (const KernelPath path : supported_kernel_paths()) {
    SCOPED_TRACE(std::string(kernel_path_name(path)));
    const kernels::KernelTable& table = kernels::table_of(path);
    for (const Index blocks : {1, 2, 3, 8}) {
      const Index patterns = blocks * packed::block_patterns;
      const auto rows =
          random_words(static_cast<std::size_t>(8 * blocks * packed::words_per_block), 7 + blocks);
      const auto overlaps = random_overlaps(static_cast<std::size_t>(patterns), 11 + blocks);
      std::int64_t expected[8];
      const std::uint16_t* row_pointers[8];
      for (int k = 0; k < 8; ++k) {
        row_pointers[k] = rows.data() + k * blocks * packed::words_per_block;
        expected[k] = 0;
        for (Index mu = 0; mu < patterns; ++mu)
          if (bit(row_pointers[k], mu)) expected[k] += overlaps[static_cast<std::size_t>(mu)];
        EXPECT_EQ(table.sum_where_set(row_pointers[k], overlaps.data(), blocks), expected[k]);
      }
      std::int64_t sums[8];
      table.sum_where_set_8(row_pointers, overlaps.data(), blocks, sums);
      for (int k = 0; k < 8; ++k) EXPECT_EQ(sums[k], expected[k]);
      std::vector<std::int16_t> changed = overlaps;
      table.add_signed(row_pointers[3], changed.data(), 2, blocks);
      for (Index mu = 0; mu < patterns; ++mu)
        ASSERT_EQ(changed[static_cast<std::size_t>(mu)],
                  overlaps[static_cast<std::size_t>(mu)] + (bit(row_pointers[3], mu) ? -2 : 2));
      Index differ = 0;
      for (Index mu = 0; mu < patterns; ++mu) differ += bit(row_pointers[0], mu) != bit(row_pointers[5], mu);
      EXPECT_EQ(table.row_coupling(row_pointers[0], row_pointers[5], blocks, patterns),
                patterns - 2 * differ);
    }
  }
}

TEST(Kernels, HammingAndByteRowsOnEveryPathMatchPlainArithmetic) {
  const Index row_bytes = 96;  // three 32-byte blocks: half a 512-bit register at the end
  const auto words = random_words(static_cast<std::size_t>(8 * row_bytes / 2), 5);
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(words.data());
  const Index n = 203;  // not a multiple of 32 or 64: the scalar tail runs too
  std::vector<std::int8_t> couplings(static_cast<std::size_t>(4 * n));
  Rng rng(9);
  for (auto& c : couplings)
    c = static_cast<std::int8_t>(static_cast<std::int64_t>(rng.next_u64() % 255) - 127);
  for (const KernelPath path : supported_kernel_paths()) {
    SCOPED_TRACE(std::string(kernel_path_name(path)));
    const kernels::KernelTable& table = kernels::table_of(path);
    std::int32_t distances[16];
    table.hamming_4x4(bytes, bytes + 4 * row_bytes, row_bytes, distances);
    for (int r = 0; r < 4; ++r) {
      for (int c = 0; c < 4; ++c) {
        std::int32_t differ = 0;
        for (Index b = 0; b < row_bytes; ++b)
          differ += __builtin_popcount(bytes[r * row_bytes + b] ^ bytes[(4 + c) * row_bytes + b]);
        EXPECT_EQ(distances[4 * r + c], differ) << r << ", " << c;
      }
    }
    for (int count = 1; count <= 4; ++count) {
      std::vector<std::vector<std::int16_t>> halves(
          4, std::vector<std::int16_t>(static_cast<std::size_t>(n), 100));
      const std::int8_t* rows[4];
      std::int16_t* targets[4];
      const std::int32_t signs[4] = {1, -1, -1, 1};
      std::int32_t largest[4] = {0, 0, 0, 0};
      for (int r = 0; r < 4; ++r) {
        rows[r] = couplings.data() + r * n;
        targets[r] = halves[static_cast<std::size_t>(r)].data();
      }
      table.add_byte_rows[count - 1](rows, signs, 1, n, targets, largest);
      for (int r = 0; r < count; ++r) {
        std::int32_t peak = 0;
        for (Index k = 0; k < n; ++k) {
          const std::int32_t expected = 100 + signs[r] * (2 * rows[r][k] + 1);
          ASSERT_EQ(targets[r][k], expected) << count << " rows, row " << r << ", unit " << k;
          peak = std::max(peak, std::abs(expected));
        }
        EXPECT_EQ(largest[r], peak);
      }
    }
  }
}

// The dense double kernels: the product against Eigen's, the scaled add and the dot product bit for bit
// against the plain loops that define their order of operations.
TEST(Kernels, DenseKernelsOnEveryPathMatchPlainArithmetic) {
  const Matrix a = gaussian_patterns(83, 61, 41), b = gaussian_patterns(61, 37, 42);
  const Matrix expected = a * b;
  const Vector x = gaussian_patterns(203, 1, 43).col(0), y = gaussian_patterns(203, 1, 44).col(0);
  double partial[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  for (Index k = 0; k < 200; ++k) partial[k % 8] += x[k] * y[k];
  double dot = ((partial[0] + partial[4]) + (partial[2] + partial[6])) +
               ((partial[1] + partial[5]) + (partial[3] + partial[7]));
  for (Index k = 200; k < 203; ++k) dot += x[k] * y[k];
  for (const KernelPath path : supported_kernel_paths()) {
    SCOPED_TRACE(std::string(kernel_path_name(path)));
    const kernels::KernelTable& table = kernels::table_of(path);
    Matrix product(83, 37);
    table.multiply_f64(a.data(), 83, 61, b.data(), 37, product.data());
    EXPECT_LT((product - expected).cwiseAbs().maxCoeff(), 1e-12 * expected.cwiseAbs().maxCoeff());
    Vector sum = y;
    table.add_scaled_f64(sum.data(), x.data(), -0.7, sum.size());
    for (Index k = 0; k < sum.size(); ++k) ASSERT_EQ(sum[k], y[k] + -0.7 * x[k]) << k;
    EXPECT_EQ(table.dot_f64(x.data(), y.data(), x.size()), dot);
  }
}

// op(a) op(b) in long double, and the bound Σ |a||b| on each entry's rounding.
struct ReferenceProduct {
  Matrix value, magnitude;
};
ReferenceProduct reference_product(const Matrix& a, const Matrix& b) {
  ReferenceProduct r{Matrix(a.rows(), b.cols()), Matrix(a.rows(), b.cols())};
  for (Index i = 0; i < a.rows(); ++i)
    for (Index j = 0; j < b.cols(); ++j) {
      long double sum = 0, magnitude = 0;
      for (Index k = 0; k < a.cols(); ++k) {
        sum += static_cast<long double>(a(i, k)) * b(k, j);
        magnitude += std::abs(static_cast<long double>(a(i, k)) * b(k, j));
      }
      r.value(i, j) = static_cast<double>(sum);
      r.magnitude(i, j) = static_cast<double>(magnitude);
    }
  return r;
}

// The dense products of the models on every path: each transpose combination, blocks with a stride of their
// own (middle columns of a larger matrix, a block of rows as output), and the accumulating update, against
// long-double sums, each entry to within 4 n ε Σ|a||b| (double) or n ε Σ|a||b| in float units (float).
TEST(Kernels, DenseProductsOnEveryPathMatchLongDoubleSums) {
  const Matrix store = gaussian_patterns(47, 90, 61), other = gaussian_patterns(47, 70, 62);
  const auto a = store.middleCols(3, 33);   // 47 x 33, stride 47
  const auto b = other.middleCols(20, 29);  // 47 x 29
  const Matrix start = gaussian_patterns(40, 29, 63);
  for (const KernelPath path : supported_kernel_paths()) {
    SCOPED_TRACE(std::string(kernel_path_name(path)));
    const ForcedPath forced(path);
    using kernels::Operation;
    const auto check = [](const Matrix& got, const ReferenceProduct& expected, Index depth, double epsilon) {
      ASSERT_EQ(got.rows(), expected.value.rows());
      ASSERT_EQ(got.cols(), expected.value.cols());
      for (Index i = 0; i < got.rows(); ++i)
        for (Index j = 0; j < got.cols(); ++j)
          ASSERT_LE(std::abs(got(i, j) - expected.value(i, j)),
                    4.0 * static_cast<double>(depth) * epsilon * expected.magnitude(i, j) + 1e-300)
              << i << ", " << j;
    };
    const double eps = std::numeric_limits<double>::epsilon(), eps_f = std::numeric_limits<float>::epsilon();
    check(kernels::product<double>(a, Operation::Transposed, b), reference_product(a.transpose(), b), 47,
          eps);
    const Matrix at = a.transpose(), bt = b.transpose();
    check(kernels::product<double>(at, Operation::AsStored, bt, Operation::Transposed),
          reference_product(at, b), 47, eps);
    check(kernels::product<double>(a, Operation::Transposed, bt, Operation::Transposed),
          reference_product(at, b), 47, eps);
    check(kernels::product<double>(at, Operation::AsStored, b), reference_product(at, b), 47, eps);
    // One column (the matrix-vector kernel) and the accumulating update into a block of rows.
    check(kernels::product<double>(at, Operation::AsStored, b.col(4)), reference_product(at, b.col(4)), 47,
          eps);
    Matrix tall = Matrix::Constant(50, 29, 7.0);
    tall.middleRows(5, 33) = start.topRows(33);
    kernels::product_into<double>(at, Operation::AsStored, b, Operation::AsStored, tall.middleRows(5, 33),
                                  kernels::Update::Accumulate);
    ReferenceProduct sum = reference_product(at, b);
    sum.value += start.topRows(33);
    sum.magnitude += start.topRows(33).cwiseAbs();
    check(tall.middleRows(5, 33), sum, 48, eps);
    EXPECT_EQ(tall.topRows(5), Matrix::Constant(5, 29, 7.0));
    EXPECT_EQ(tall.bottomRows(12), Matrix::Constant(12, 29, 7.0));
    const MatrixF af = at.cast<float>(), bf = b.cast<float>();
    check(kernels::product<float>(af, Operation::AsStored, bf).cast<double>(),
          reference_product(af.cast<double>(), bf.cast<double>()), 47, eps_f);
  }
}

// The rank update (exact for ±1 patterns: every path gives the integers), the shifted exponentials against
// std::exp / std::expm1, and the Cholesky solve, triangular solve and symmetric eigensolver by their
// residuals.
TEST(Kernels, DenseAlgebraOnEveryPathMatchesItsDefinition) {
  const Index n = 37, p = 11;
  const Matrix patterns = random_binary_patterns(n, p, 71);
  Matrix outer = patterns * patterns.transpose();
  const Matrix spd =
      gaussian_patterns(60, p, 72).transpose() * gaussian_patterns(60, p, 72) + Matrix::Identity(p, p);
  const Matrix rhs = gaussian_patterns(p, 5, 73);
  const Vector x = gaussian_patterns(45, 1, 74).col(0);
  for (const KernelPath path : supported_kernel_paths()) {
    SCOPED_TRACE(std::string(kernel_path_name(path)));
    const kernels::DenseTable& dense = kernels::dense_table_of(path);
    Matrix lower = Matrix::Constant(n, n, 0.5);
    lower.triangularView<Eigen::Lower>().setZero();
    dense.rank_update_f64(patterns.data(), n, p, lower.data());
    MatrixF lower_f = MatrixF::Zero(n, n);
    const MatrixF patterns_f = patterns.cast<float>();
    dense.rank_update_f32(patterns_f.data(), n, p, lower_f.data());
    for (Index j = 0; j < n; ++j)
      for (Index i = 0; i < n; ++i) {
        ASSERT_EQ(lower(i, j), i >= j ? outer(i, j) : 0.5) << i << ", " << j;
        ASSERT_EQ(lower_f(i, j), i >= j ? static_cast<float>(outer(i, j)) : 0.0f) << i << ", " << j;
      }
    Vector shifted = x;
    const double sum = dense.exp_shifted_f64(shifted.data(), x.size(), 1.5);
    double expected_sum = 0.0, expected_expm1 = 0.0;
    for (Index k = 0; k < x.size(); ++k) {
      ASSERT_NEAR(shifted[k], std::exp(x[k] - 1.5), 1e-15 * std::exp(x[k] - 1.5)) << k;
      expected_sum += std::exp(x[k] - 1.5);
      expected_expm1 += std::expm1(x[k] - 1.5);
    }
    EXPECT_NEAR(sum, expected_sum, 1e-14 * expected_sum);
    EXPECT_NEAR(dense.expm1_shifted_sum_f64(x.data(), x.size(), 1.5), expected_expm1, 1e-14 * x.size());
    VectorF shifted_f = x.cast<float>();
    const float sum_f = dense.exp_shifted_f32(shifted_f.data(), x.size(), 1.5f);
    EXPECT_NEAR(sum_f, expected_sum, 2e-6 * expected_sum);
    EXPECT_NEAR(shifted_f[7], std::exp(static_cast<float>(x[7]) - 1.5f), 3e-7 * shifted_f[7]);
    // Cholesky: G X = B, the factor L Lᵀ = G; Lᵀ Y = B; a matrix that is not positive definite gives 0.
    Matrix solved = rhs, factor(p, p);
    EXPECT_GT(dense.cholesky_solve_f64(spd.data(), p, solved.data(), 5, factor.data()), 1e-3);
    EXPECT_LT((spd * solved - rhs).cwiseAbs().maxCoeff(), 1e-12 * spd.norm() * solved.norm());
    EXPECT_LT((factor * factor.transpose() - spd).cwiseAbs().maxCoeff(), 1e-12 * spd.norm());
    EXPECT_TRUE(factor.triangularView<Eigen::StrictlyUpper>().toDenseMatrix().isZero(0.0));
    Matrix triangular = rhs;
    dense.transposed_lower_solve_f64(factor.data(), p, triangular.data(), 5);
    EXPECT_LT((factor.transpose() * triangular - rhs).cwiseAbs().maxCoeff(),
              1e-12 * factor.norm() * triangular.norm());
    Matrix indefinite = spd;
    indefinite(3, 3) = -1.0;
    Matrix untouched = rhs;
    EXPECT_EQ(dense.cholesky_solve_f64(indefinite.data(), p, untouched.data(), 5, nullptr), 0.0);
    EXPECT_EQ(untouched, rhs);
    // Eigenpairs: S v = λ v, λ increasing, V orthonormal; values alone equal those computed with vectors.
    Vector values(p), values_only(p);
    Matrix vectors(p, p);
    ASSERT_TRUE(dense.symmetric_eigen_f64(spd.data(), p, values.data(), vectors.data()));
    ASSERT_TRUE(dense.symmetric_eigen_f64(spd.data(), p, values_only.data(), nullptr));
    EXPECT_LT((spd * vectors - vectors * values.asDiagonal()).cwiseAbs().maxCoeff(), 1e-12 * spd.norm());
    EXPECT_LT((vectors.transpose() * vectors - Matrix::Identity(p, p)).cwiseAbs().maxCoeff(), 1e-13);
    for (Index k = 1; k < p; ++k) EXPECT_LE(values[k - 1], values[k]);
    EXPECT_LT((values - values_only).cwiseAbs().maxCoeff(), 1e-12 * values.cwiseAbs().maxCoeff());
  }
}

// The double-precision modern recall on each path: the same bits for 1 and 2 threads (150 probes: three
// blocks of modern_recall_block), and within rounding of the portable path's result.
TEST(Kernels, DoubleModernRecallOnEveryPathIsThreadIndependentAndAgreesAcrossPaths) {
  const Matrix patterns = gaussian_patterns(64, 150, 81);
  const Matrix probes = add_gaussian_noise(patterns, 0.4, 82);
  const ModernHopfield memory(patterns, 0.3);
  Matrix portable;
  for (const KernelPath path : supported_kernel_paths()) {
    SCOPED_TRACE(std::string(kernel_path_name(path)));
    const ForcedPath forced(path);
    for (const RetrievalPath retrieval : {RetrievalPath::Dense, RetrievalPath::Streaming}) {
      ModernRecallOptions options{.max_sweeps = 3,
                                  .path = retrieval,
                                  .block_size = 64,
                                  .precision = Precision::Double,
                                  .final_energy = false,
                                  .threads = 1};
      const Matrix one = memory.recall(probes, options).states;
      options.threads = 2;
      EXPECT_EQ(memory.recall(probes, options).states, one);
      if (path == KernelPath::Portable && retrieval == RetrievalPath::Dense) portable = one;
      EXPECT_LT((one - portable).cwiseAbs().maxCoeff(), 1e-12 * portable.cwiseAbs().maxCoeff());
    }
  }
}

double max_difference(const MatrixF& a, const Matrix& b) {
  return (a.cast<double>() - b).cwiseAbs().maxCoeff();
}

// The fused retrieval on every path against double-precision dense arithmetic: panels of 64, of a width
// that is not a multiple of 16 (45) and of fewer than 8 queries (the GEMM path).
TEST(Kernels, FusedRetrievalOnEveryPathMatchesDoublePrecision) {
  const Index d = 37, p = 250;  // 250 = two blocks of 96 and a partial one
  const Matrix keys = gaussian_patterns(d, p, 3);
  const Matrix values = gaussian_patterns(29, p, 4);
  for (const Index batch : {64, 45, 115}) {
    const Matrix queries = gaussian_patterns(d, batch, 5 + static_cast<std::uint64_t>(batch));
    kernels::MatrixOf<double> expected;
    kernels::RowVectorOf<double> expected_normaliser;
    kernels::retrieve_dense<double>(keys, values, queries, 0.7, expected, &expected_normaliser);
    for (const KernelPath path : supported_kernel_paths()) {
      SCOPED_TRACE(std::string(kernel_path_name(path)) + ", batch " + std::to_string(batch));
      const ForcedPath forced(path);
      MatrixF out;
      kernels::RowVectorOf<float> normaliser;
      kernels::retrieve_fused(keys.cast<float>(), values.cast<float>(), queries.cast<float>(), 0.7f, out,
                              &normaliser);
      ASSERT_EQ(out.cols(), batch);
      EXPECT_LT(max_difference(out, expected), 2e-5 * expected.cwiseAbs().maxCoeff());
      EXPECT_LT((normaliser.cast<double>() - expected_normaliser).cwiseAbs().maxCoeff(),
                1e-5 * expected_normaliser.cwiseAbs().maxCoeff());
    }
  }
}

// One workspace reused across calls of growing and shrinking size gives what a fresh one gives, bit for bit.
TEST(Kernels, FusedRetrievalWithAReusedWorkspaceEqualsAFreshOne) {
  kernels::FusedWorkspace workspace;
  using Shape = std::tuple<Index, Index, Index>;  // d, d_v, queries
  const Shape shapes[] = {{16, 12, 20}, {48, 40, 70}, {8, 8, 9}};
  for (const auto& [d, value_dimension, batch] : shapes) {
    SCOPED_TRACE("d = " + std::to_string(d));
    const MatrixF keys = gaussian_patterns(d, 130, 91).cast<float>();
    const MatrixF values = gaussian_patterns(value_dimension, 130, 92).cast<float>();
    const MatrixF queries = gaussian_patterns(d, batch, 93).cast<float>();
    MatrixF fresh, reused;
    kernels::retrieve_fused(keys, values, queries, 0.5f, fresh);
    kernels::retrieve_fused(keys, values, queries, 0.5f, reused, workspace);
    EXPECT_EQ(reused, fresh);
  }
}

// With the values the identity (d_v = p), the retrieval returns the softmax weights themselves: each must
// match the double-precision softmax to float precision (the exponential's polynomial included).
TEST(Kernels, FusedRetrievalWeightsOnEveryPathMatchTheSoftmax) {
  const Index d = 24, p = 200;
  const Matrix keys = gaussian_patterns(d, p, 51);
  const Matrix identity = Matrix::Identity(p, p);
  const Matrix queries = gaussian_patterns(d, 16, 52);
  kernels::MatrixOf<double> expected;
  kernels::retrieve_dense<double>(keys, identity, queries, 0.4, expected);
  for (const KernelPath path : supported_kernel_paths()) {
    SCOPED_TRACE(std::string(kernel_path_name(path)));
    const ForcedPath forced(path);
    MatrixF weights;
    kernels::retrieve_fused(keys.cast<float>(), identity.cast<float>(), queries.cast<float>(), 0.4f, weights);
    double worst = 0.0;
    for (Index k = 0; k < weights.cols(); ++k)
      for (Index i = 0; i < p; ++i)
        if (expected(i, k) > 1e-4)
          worst = std::max(worst, std::abs(weights(i, k) - expected(i, k)) / expected(i, k));
    EXPECT_LT(worst, 2e-6);
  }
}

// The Hopfield step and attention use the same kernel, so they agree to the last bit on every path.
TEST(Kernels, HopfieldStepEqualsAttentionBitForBitOnEveryPath) {
  const Matrix patterns = gaussian_patterns(64, 300, 21);
  const Matrix probes = add_gaussian_noise(patterns.leftCols(70), 0.3, 22);
  for (const KernelPath path : supported_kernel_paths()) {
    SCOPED_TRACE(std::string(kernel_path_name(path)));
    const ForcedPath forced(path);
    const ModernHopfield memory(patterns, 0.125);
    const Matrix step = memory.recall(probes, {.max_sweeps = 1, .final_energy = false}).states;
    const MatrixF attended = scaled_dot_product_attention<float>(
        probes.cast<float>(), patterns.cast<float>(), patterns.cast<float>(), {.mask = {}, .scale = 0.125});
    EXPECT_EQ(step, attended.cast<double>());
  }
}

// Packed storages compute exact integers: states, sweeps, flips and energies equal on every path, and equal
// to the dense couplings, which use no kernel.
TEST(Kernels, ClassicalRecallIsBitIdenticalOnEveryPath) {
  const Index n = 600, p = 160;
  const BinaryPatterns bits = random_binary_bits(n, p, 31);
  const Matrix patterns = random_binary_patterns(n, p, 31);
  const Matrix probes = flip_with_probability(patterns.leftCols(12), 0.2, 32);
  const RecallOptions options{.max_sweeps = 60, .seed = 33, .record_energy = true, .threads = 2};
  const RecallResult reference =
      ClassicalHopfield::hebb(patterns, {.storage = HebbStorage::Couplings}).recall(probes, options);
  for (const KernelPath path : supported_kernel_paths()) {
    for (const HebbStorage storage : {HebbStorage::PackedOverlaps, HebbStorage::PackedCouplings}) {
      SCOPED_TRACE(std::string(kernel_path_name(path)) +
                   (storage == HebbStorage::PackedOverlaps ? " overlaps" : " couplings"));
      const ForcedPath forced(path);
      const RecallResult result = ClassicalHopfield::hebb(bits, {.storage = storage}).recall(probes, options);
      EXPECT_EQ(result.states, reference.states);
      EXPECT_EQ(result.sweeps, reference.sweeps);
      EXPECT_EQ(result.flips, reference.flips);
      EXPECT_EQ(result.energy, reference.energy);
      EXPECT_EQ(result.energy_trace, reference.energy_trace);
    }
  }
}

}  // namespace
}  // namespace hopfield
