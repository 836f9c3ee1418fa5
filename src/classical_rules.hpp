// Pieces of the learning rules that the network's storages share (library-internal).
#pragma once

#include "hopfield/types.hpp"

namespace hopfield::detail {

/// Throws hopfield::Error unless `patterns` is a finite N x p matrix with N, p ≥ 1; `rule` names the caller.
void require_patterns(const MatrixView& patterns, const char* rule);

/// Σ_μ ξ_μ ξ_μᵀ with zero diagonal: integers for ±1 patterns (exact in double).
Matrix outer_product_sum(const MatrixView& patterns);

}  // namespace hopfield::detail
