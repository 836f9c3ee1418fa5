// Theory lines of the capacity experiments, computed (not tabulated).
//
// * Amit, Gutfreund & Sompolinsky (1985, 1987): the replica-symmetric retrieval state of the Hebb network
//   at zero temperature. With y = m / √(2 α r) the saddle-point equations reduce to one,
//     y (√(2α) + (2/√π) e^(−y²)) = erf(y),    m = erf(y),
//   whose largest root is the retrieval state. It exists for α ≤ α_c = max_y [erf(y)/y − (2/√π) e^(−y²)]² / 2
//   ≈ 0.1379, where m ≈ 0.967.
// * Krotov & Hopfield (2016), dense associative memory with F(x) = x^n: the largest number of patterns
//   retrieved in one step with a small error, K ≈ N^(n−1) / (2 (2n − 3)!! ln N).
#pragma once

#include "hopfield/types.hpp"

namespace hopfield {

/// α_c of the zero-temperature replica-symmetric retrieval state (≈ 0.1379).
double ags_critical_capacity();

/// m(α) of the retrieval state: 1 at α = 0, decreasing to ≈ 0.967 at α_c; 0 beyond α_c (no retrieval state).
/// Throws hopfield::Error for α < 0 or not finite.
double ags_retrieval_overlap(double alpha);

/// Krotov–Hopfield estimate N^(n−1) / (2 (2n − 3)!! ln N) for F(x) = x^n. Throws hopfield::Error unless
/// N ≥ 2 and n ≥ 2.
double krotov_hopfield_capacity(Index neurons, int power);

}  // namespace hopfield
