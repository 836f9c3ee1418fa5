// Dense associative memory (Krotov & Hopfield 2016; Demircigil, Heusel, Löwe, Upgang & Vermet 2017).
//
// Binary states σ ∈ {±1}^N, stored ±1 patterns x_1 … x_p (N x p, one per column), energy
//
//     E(σ) = −Σ_μ F(x_μᵀ σ)
//
// with the interaction function F one of
//
//     polynomial             F(x) = xⁿ            (n = 2 is the classical Hebb network, up to scale and a
//                                                   constant)
//     rectified polynomial   F(x) = max(x, 0)ⁿ
//     exponential            F(x) = exp(x)        (Demircigil et al.; exponential capacity)
//
// Unit i flips exactly when the flip lowers the energy,
//
//     σ_i ← sign( Σ_μ [ F(x_μi + Σ_{j≠i} x_μj σ_j) − F(−x_μi + Σ_{j≠i} x_μj σ_j) ] ),
//
// and keeps its state on a tie (as the classical network does at h_i = 0): one unit at a time
// (asynchronous: the energy never increases), or all units at once from the same state (synchronous: may
// end in a 2-cycle, which is detected). The overlaps m_μ = x_μᵀσ are kept up to date incrementally: a flip
// costs O(p), checking a unit O(p).
//
// Numbers: overlaps are integers in [−N, N], so F is tabulated once per memory (exact for n = 2). For the
// exponential the flip test compares Σ_μ e^{m_μ − max m} sums (max-shifted, no overflow) and the reported
// energy is on a log scale: energy() = −log Σ_μ exp(m_μ) = −log(−E), a monotone function of E.
// Polynomial capacity grows as N^(n−1) (Krotov & Hopfield 2016); the exponential's as exp(αN).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "hopfield/binary_dynamics.hpp"
#include "hopfield/memory.hpp"
#include "hopfield/types.hpp"

namespace hopfield {

enum class InteractionFunction : std::uint8_t { Polynomial, RectifiedPolynomial, Exponential };

/// "polynomial" | "rectified-polynomial" | "exponential" (throws hopfield::Error otherwise).
InteractionFunction interaction_function_from_name(std::string_view name);
std::string_view interaction_function_name(InteractionFunction function);

class DenseAssociativeMemory {
 public:
  /// The classical network's options: dynamics, max_sweeps, seed (probe k shuffles with
  /// Rng(derive_seed(seed, k)), exactly as ClassicalHopfield does), record_energy, threads.
  using Options = RecallOptions;

  /// Stores ±1 `patterns` (N x p, N ≥ 1, p ≥ 1), its own copy (pass an rvalue to move a Matrix in).
  /// `degree` n ≥ 1 for the polynomials (ignored for exp).
  DenseAssociativeMemory(Matrix patterns, InteractionFunction function, int degree = 2);

  Index dimension() const { return patterns_.rows(); }
  Index pattern_count() const { return patterns_.cols(); }
  InteractionFunction function() const { return function_; }
  int degree() const { return degree_; }
  const Matrix& patterns() const { return patterns_; }

  /// F(x).
  double interaction(double x) const;
  /// E(σ) = −Σ_μ F(x_μᵀσ); for the exponential −log Σ_μ exp(x_μᵀσ) (see the header comment).
  double energy(const Vector& state) const;

  /// Runs the dynamics from every column of `probes` (±1 entries, N rows).
  RecallResult recall(const MatrixView& probes, const RecallOptions& options = {}) const;

 private:
  class Fields;  // one probe's overlaps (src/dense_memory.cpp)
  double energy_from_overlaps(const Eigen::Ref<const Eigen::VectorXi>& overlaps) const;

  Matrix patterns_;
  Eigen::MatrixXi patterns_int_;  ///< p x N (transposed: the p entries x_μi of unit i are contiguous)
  InteractionFunction function_;
  int degree_;
  std::vector<double> table_;  ///< F(k) for k = −N … N (polynomials), at index k + N
  /// The change of one term when a flip moves its overlap k by ∓2 (polynomials): F(k − 2) − F(k) at index
  /// 2(k + N), F(k + 2) − F(k) at 2(k + N) + 1; 0 for moves no state can make (beyond ±N). The same doubles
  /// as the two lookups it replaces, so the dynamics are unchanged to the bit.
  std::vector<double> flip_gain_;
  /// flip_gain_ as integers, when every F(k) is an integer and p · max |gain| < 2^53 (F(x) = x^n at small N):
  /// then the double sum of the gains is exact in any order and equals the integer sum, so summing integers
  /// (a one-cycle dependency instead of a floating-point add's four) gives the same decisions. Empty
  /// otherwise.
  std::vector<std::int64_t> flip_gain_integer_;
};

static_assert(AssociativeMemory<DenseAssociativeMemory>);

}  // namespace hopfield
