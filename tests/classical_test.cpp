#include "hopfield/classical.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "hopfield/corruption.hpp"
#include "hopfield/error.hpp"
#include "hopfield/measures.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"

namespace hopfield {
namespace {

TEST(HebbWeights, SymmetricWithZeroDiagonalAndDefinition) {
  const Matrix patterns = random_binary_patterns(40, 5, 1);
  const Matrix w = hebb_weights(patterns);
  EXPECT_EQ((w - w.transpose()).cwiseAbs().maxCoeff(), 0.0);
  EXPECT_EQ(w.diagonal().cwiseAbs().maxCoeff(), 0.0);
  // Entry by entry against the definition (1/N) Σ_μ ξ_iμ ξ_jμ.
  for (Index i = 0; i < 40; ++i) {
    for (Index j = 0; j < 40; ++j) {
      if (i == j) continue;
      double sum = 0.0;
      for (Index mu = 0; mu < 5; ++mu) sum += patterns(i, mu) * patterns(j, mu);
      EXPECT_DOUBLE_EQ(w(i, j), sum / 40.0);
    }
  }
}

TEST(ClassicalHopfield, HebbCouplingsAreExactIntegers) {
  const Matrix patterns = random_binary_patterns(64, 9, 2);
  const auto net = ClassicalHopfield::hebb(patterns);
  EXPECT_DOUBLE_EQ(net.coupling_scale(), 1.0 / 64.0);
  EXPECT_TRUE((net.couplings().array() == net.couplings().array().round()).all());
  EXPECT_LT((net.weights() - hebb_weights(patterns)).cwiseAbs().maxCoeff(), 1e-15);
}

}  // namespace
}  // namespace hopfield
