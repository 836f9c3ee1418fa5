// Measures of where recalls end, shared by the MNIST experiments: which stored pattern an end state is
// nearest to, how many end states are distinct, how alike they are.
#pragma once

#include <vector>

#include "hopfield/types.hpp"

namespace hopfield::experiments {

/// +1 where a value is ≥ 0, −1 elsewhere (the sign convention of a ±1 read-out).
Matrix signs_of(const Matrix& values);

/// The stored pattern (column of `stored`) with the largest inner product with each column of `queries`;
/// ties go to the lower index.
std::vector<Index> nearest_stored(const Matrix& stored, const Matrix& queries);

/// Columns k with ends.col(k) == stored.col(k): the probes recalled exactly.
Index exact_recalls(const Matrix& ends, const Matrix& stored);

/// Columns not equal to any earlier column.
Index distinct_columns(const Matrix& states);

/// The mean overlap m = a·b / N over all pairs of columns (1 when there are fewer than two).
double mean_pairwise_overlap(const Matrix& states);

}  // namespace hopfield::experiments
