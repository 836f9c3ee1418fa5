// Theory lines of the capacity experiments, computed (not tabulated).
//
// * Amit, Gutfreund & Sompolinsky (1985, 1987): the replica-symmetric retrieval state of the Hebb network
//   at zero temperature. With y = m / √(2 α r) the saddle-point equations reduce to one,
//     y (√(2α) + (2/√π) e^(−y²)) = erf(y),    m = erf(y),
//   whose largest root is the retrieval state. It exists for α ≤ α_c = max_y [erf(y)/y − (2/√π) e^(−y²)]² / 2
//   ≈ 0.1379, where m ≈ 0.967.
// * Krotov & Hopfield (2016), dense associative memory with F(x) = x^n: the largest number of patterns
//   retrieved in one step with a small error, K ≈ N^(n−1) / (2 (2n − 3)!! ln N).
// * The modern (softmax) network on p random Gaussian patterns in d dimensions, one update from a stored
//   pattern plus Gaussian noise: a random-energy-model estimate of the p where retrieval fails. The target's
//   score is β ξᵀx ≈ β d; the other p − 1 scores are independent N(0, β² v), v = d (1 + σ²), i.e. the energy
//   levels of Derrida's random energy model. Their log-sum-exp is f = ln p + β² v / 2 while
//   ln p ≥ β² v / 2 (annealed: many patterns share the weight) and f = β √(2 v ln p) below that (frozen: the
//   largest score dominates). Retrieval fails once f reaches β d − ln 10 (the others hold ~10 % of the
//   weight), so ln p* = T − β² v / 2 for T = β d − ln 10 ≥ β² v, else ln p* = T² / (2 β² v). As β → ∞ with
//   σ = 0 this is ln p* = d / 2: the largest of p Gaussian overlaps, √(2 d ln p), reaches the target's d.
//   Ramsauer et al. (2020, "Hopfield Networks is All You Need") prove storage exponential in d for
//   well-separated patterns on a sphere, and Demircigil et al. (2017) exp(α N) for ±1 patterns with
//   F(x) = eˣ; the estimate here is for the Gaussian patterns and the one-step protocol the experiments use,
//   and it is an order-of-magnitude estimate (typical scores, leading order in d), not a bound.
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

/// ln p* of the random-energy estimate above for d = `dimension`, inverse temperature β and relative noise
/// σ; 0 when β d ≤ ln 10 (retrieval fails with a second pattern). Throws hopfield::Error unless d ≥ 1,
/// β ≥ 0 and σ ≥ 0, all finite.
double random_energy_log_capacity(Index dimension, double beta, double noise);

}  // namespace hopfield
