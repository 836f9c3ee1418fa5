// Pattern generators and checks. Every generator takes an explicit seed; column k is drawn from
// Rng(derive_seed(seed, k)), so a pattern does not depend on how many others are drawn with it.
#pragma once

#include <cstdint>
#include <string_view>

#include "hopfield/types.hpp"

namespace hopfield {

/// p random ±1 patterns of dimension n (n x p), each entry +1 with probability (1 + bias) / 2.
/// bias = 0 gives unbiased patterns; |bias| must be < 1.
Matrix random_binary_patterns(Index n, Index p, std::uint64_t seed, double bias = 0.0);

/// p patterns of dimension d (d x p) with independent N(0, 1) entries.
Matrix gaussian_patterns(Index d, Index p, std::uint64_t seed);

/// Subtracts the mean pattern (the mean over columns) from every column.
Matrix centre_patterns(const MatrixView& patterns);

/// The mean pattern (1/p) Σ ξ, a column vector.
Vector mean_pattern(const MatrixView& patterns);

/// Throws hopfield::Error unless every entry is exactly +1 or −1; `what` names the argument.
void require_binary(const MatrixView& states, std::string_view what);

/// Throws hopfield::Error if any entry is NaN or infinite; `what` names the argument.
void require_finite(const MatrixView& values, std::string_view what);

}  // namespace hopfield
