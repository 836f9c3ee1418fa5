#include "hopfield/binary_patterns.hpp"

#include <gtest/gtest.h>

#include <string>

#include "hopfield/classical.hpp"
#include "hopfield/corruption.hpp"
#include "hopfield/error.hpp"
#include "hopfield/patterns.hpp"

namespace hopfield {
namespace {

std::string error_of(const auto& make) {
  try {
    make();
  } catch (const Error& error) {
    return error.what();
  }
  return "no error";
}

// The bits are the draws of random_binary_patterns, entry for entry: N = 130 (a partial last word), unbiased
// and biased.
TEST(BinaryPatterns, RandomBitsAreTheRandomPatterns) {
  for (const double bias : {0.0, 0.3, -0.6}) {
    SCOPED_TRACE(bias);
    const Matrix expected = random_binary_patterns(130, 37, 7, bias);
    const BinaryPatterns bits = random_binary_bits(130, 37, 7, bias);
    EXPECT_EQ(bits.dimension(), 130);
    EXPECT_EQ(bits.count(), 37);
    EXPECT_EQ(bits.to_matrix(), expected);
    EXPECT_EQ(bits.columns(5, 3), expected.middleCols(5, 3));
    EXPECT_EQ(bits.at(129, 36), expected(129, 36));
    // Padding bits of the last word stay clear.
    EXPECT_EQ(bits.pattern_words(36)[2] >> 2, 0u);
  }
}

TEST(BinaryPatterns, MatrixRoundTripAndClearErrors) {
  const Matrix patterns = random_binary_patterns(70, 9, 8);
  EXPECT_EQ(BinaryPatterns::from_matrix(patterns).to_matrix(), patterns);
  Matrix halves = patterns;
  halves(3, 4) = 0.5;
  EXPECT_NE(error_of([&] { BinaryPatterns::from_matrix(halves); }).find("found 0.5 at row 3, column 4"),
            std::string::npos);
  const BinaryPatterns bits(70, 9);
  EXPECT_EQ(bits.to_matrix(), Matrix::Ones(70, 9));
  EXPECT_NE(error_of([&] { bits.columns(8, 2); }).find("of 9"), std::string::npos);
  EXPECT_NE(error_of([] { BinaryPatterns(0, 3); }).find("dimension must be positive"), std::string::npos);
  EXPECT_NE(error_of([] { random_binary_bits(10, 3, 1, 1.0); }).find("bias must lie in (-1, 1)"),
            std::string::npos);
}

// hebb from bits builds the same network as hebb from the double matrix, for every storage: the same
// couplings and the same recall, bit for bit. N = 203, p = 300 (two blocks of 256 patterns).
TEST(BinaryPatterns, HebbFromBitsEqualsHebbFromMatrix) {
  const Matrix patterns = random_binary_patterns(203, 300, 9);
  const BinaryPatterns bits = BinaryPatterns::from_matrix(patterns);
  const Matrix probes = flip_exactly(patterns.leftCols(12), 60, 10);
  for (const auto storage : {HebbStorage::PackedOverlaps, HebbStorage::PackedCouplings,
                             HebbStorage::Couplings, HebbStorage::Overlaps}) {
    SCOPED_TRACE(static_cast<int>(storage));
    const auto from_bits = ClassicalHopfield::hebb(bits, {.storage = storage});
    const auto from_matrix = ClassicalHopfield::hebb(patterns, {.storage = storage});
    EXPECT_EQ(from_bits.storage_kind(), storage);
    EXPECT_EQ(from_matrix.storage_kind(), storage);
    EXPECT_EQ(from_bits.couplings(), from_matrix.couplings());
    const RecallOptions options{.max_sweeps = 50, .seed = 11};
    const auto a = from_bits.recall(probes, options);
    const auto b = from_matrix.recall(probes, options);
    EXPECT_EQ(a.states, b.states);
    EXPECT_EQ(a.flips, b.flips);
    EXPECT_EQ(a.energy, b.energy);
  }
  // The automatic choice is the same as for the matrix (here N <= 4096: couplings).
  EXPECT_EQ(ClassicalHopfield::hebb(bits).storage_kind(), HebbStorage::Couplings);
  EXPECT_NE(error_of([] { ClassicalHopfield::hebb(BinaryPatterns(5, 0)); }).find("no patterns"),
            std::string::npos);
}

}  // namespace
}  // namespace hopfield
