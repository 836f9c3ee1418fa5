#include "end_states.hpp"

#include "hopfield/measures.hpp"

namespace hopfield::experiments {

Matrix signs_of(const Matrix& values) {
  return values.unaryExpr([](double v) { return v >= 0.0 ? 1.0 : -1.0; });
}

std::vector<Index> nearest_stored(const Matrix& stored, const Matrix& queries) {
  // ±1 vectors: the inner products are integers of magnitude ≤ N, exact in single precision (N < 2^24) in any
  // summation order, so the float product gives the same scores, bits and ties included, at half the cost.
  const bool exact_in_float = stored.rows() < (Index{1} << 24) && (stored.array().abs() == 1.0).all() &&
                              (queries.array().abs() == 1.0).all();
  const Matrix scores =
      exact_in_float ? Matrix((stored.cast<float>().transpose() * queries.cast<float>()).cast<double>())
                     : Matrix(stored.transpose() * queries);
  std::vector<Index> nearest(static_cast<std::size_t>(queries.cols()));
  for (Index k = 0; k < queries.cols(); ++k) scores.col(k).maxCoeff(&nearest[static_cast<std::size_t>(k)]);
  return nearest;
}

Index exact_recalls(const Matrix& ends, const Matrix& stored) {
  Index exact = 0;
  for (Index k = 0; k < ends.cols(); ++k) exact += ends.col(k) == stored.col(k);
  return exact;
}

Index distinct_columns(const Matrix& states) {
  Index distinct = 0;
  for (Index a = 0; a < states.cols(); ++a) {
    bool seen = false;
    for (Index b = 0; b < a && !seen; ++b) seen = states.col(a) == states.col(b);
    distinct += !seen;
  }
  return distinct;
}

double mean_pairwise_overlap(const Matrix& states) {
  double sum = 0.0;
  Index pairs = 0;
  for (Index a = 0; a < states.cols(); ++a) {
    for (Index b = a + 1; b < states.cols(); ++b) {
      sum += overlap(states.col(a), states.col(b));
      ++pairs;
    }
  }
  return pairs ? sum / static_cast<double>(pairs) : 1.0;
}

}  // namespace hopfield::experiments
