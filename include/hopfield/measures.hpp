// Similarity measures between states and patterns.
#pragma once

#include "hopfield/types.hpp"

namespace hopfield {

/// Overlap (magnetisation) m = aᵀb / N, in [−1, 1] for ±1 vectors.
double overlap(const Vector& a, const Vector& b);

/// Number of entries in which a and b differ.
Index hamming_distance(const Vector& a, const Vector& b);

/// Fraction of entries in which a and b agree.
double bit_accuracy(const Vector& a, const Vector& b);

/// aᵀb / (‖a‖ ‖b‖); 0 when either is the zero vector.
double cosine_similarity(const Vector& a, const Vector& b);

}  // namespace hopfield
