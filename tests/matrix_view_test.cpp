// The models read their per-call inputs through MatrixView: a Map of memory the caller owns, or a block with
// gaps between its columns, gives the same bits as the Matrix itself.
#include <gtest/gtest.h>

#include <vector>

#include "hopfield/attention.hpp"
#include "hopfield/classical.hpp"
#include "hopfield/corruption.hpp"
#include "hopfield/modern.hpp"
#include "hopfield/patterns.hpp"

namespace hopfield {
namespace {

TEST(MatrixView, MapsAndStridedBlocksGiveTheMatrixResults) {
  const Matrix patterns = random_binary_patterns(40, 6, 1);
  const Matrix probes = flip_exactly(patterns.replicate(1, 12), 7, 2);
  // The probes once in caller-owned memory (a Map), once as every other column of a wider matrix.
  std::vector<double> buffer(probes.data(), probes.data() + probes.size());
  const Eigen::Map<const Matrix> mapped(buffer.data(), probes.rows(), probes.cols());
  Matrix wide(probes.rows() + 3, probes.cols());
  wide.topRows(probes.rows()) = probes;
  const auto strided = wide.topRows(probes.rows());  // outer stride rows + 3
  const auto classical = ClassicalHopfield::hebb(patterns);
  const RecallOptions options{.seed = 3};
  const RecallResult expected = classical.recall(probes, options);
  for (const RecallResult& got : {classical.recall(mapped, options), classical.recall(strided, options)}) {
    EXPECT_EQ(got.states, expected.states);
    EXPECT_EQ(got.sweeps, expected.sweeps);
    EXPECT_EQ(got.energy, expected.energy);
  }
  EXPECT_EQ(ClassicalHopfield::hebb(strided).weights(), ClassicalHopfield::hebb(probes).weights());
  Matrix gaussian_wide = Matrix::Zero(43, 9);  // not ±1: the double-precision rank update
  gaussian_wide.topRows(40) = gaussian_patterns(40, 9, 7);
  EXPECT_EQ(hebb_weights(gaussian_wide.topRows(40)), hebb_weights(Matrix(gaussian_wide.topRows(40))));
  const Matrix continuous = gaussian_patterns(40, 9, 4);
  const ModernHopfield modern(gaussian_patterns(40, 5, 5), 0.7);
  EXPECT_EQ(modern.update(continuous.middleCols(2, 5)), modern.update(Matrix(continuous.middleCols(2, 5))));
  EXPECT_EQ(modern.recall(strided).states, modern.recall(probes).states);
  // Single-precision probes: the results of their values in double.
  const MatrixF single = continuous.cast<float>();
  for (const Precision precision : {Precision::Single, Precision::Double}) {
    const RecallResult from_float = modern.recall(single, {.max_sweeps = 3, .precision = precision});
    const RecallResult from_double =
        modern.recall(Matrix(single.cast<double>()), {.max_sweeps = 3, .precision = precision});
    EXPECT_EQ(from_float.states, from_double.states);
    EXPECT_EQ(from_float.energy, from_double.energy);
    EXPECT_EQ(from_float.sweeps, from_double.sweeps);
  }
  const MatrixF queries = continuous.cast<float>();
  MatrixF wide_queries(queries.rows() + 5, queries.cols());
  wide_queries.topRows(queries.rows()) = queries;
  const MatrixF keys = gaussian_patterns(40, 5, 6).cast<float>();
  EXPECT_EQ(scaled_dot_product_attention<float>(wide_queries.topRows(queries.rows()), keys, keys),
            scaled_dot_product_attention<float>(queries, keys, keys));
}

}  // namespace
}  // namespace hopfield
