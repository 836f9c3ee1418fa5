// Spectra of symmetric weight matrices (double precision, Eigen's SelfAdjointEigenSolver).
//
// Eigenvalues are sorted in decreasing order; eigenvectors are the matching columns, unit length, with the
// sign fixed so that the largest-magnitude entry of each is positive (eigenvectors are defined up to sign).
#pragma once

#include "hopfield/types.hpp"

namespace hopfield {

struct Spectrum {
  Vector eigenvalues;   ///< decreasing, k entries
  Matrix eigenvectors;  ///< N x k, column j belongs to eigenvalues[j]; empty when not computed
};

struct SpectrumOptions {
  /// Keep only the `top` largest eigenvalues (0: all N).
  Index top = 0;
  /// Also compute eigenvectors (slower, about 3x for N = 784).
  bool eigenvectors = true;
};

/// The spectrum of the symmetric matrix `weights` (N x N). Throws hopfield::Error for a non-square,
/// non-finite or non-symmetric (relative tolerance 1e-10) matrix.
Spectrum symmetric_spectrum(const Matrix& weights, const SpectrumOptions& options = {});

/// The spectrum of W = X M Xᵀ + shift·I on the span of the patterns, from a p x p problem instead of an
/// N x N one (X = `patterns`, N x p, linearly independent; M = `middle`, symmetric p x p). With the Cholesky
/// factor G = XᵀX = L Lᵀ, the p eigenvalues are those of Lᵀ M L plus `shift` and the eigenvectors are
/// X L⁻ᵀ v (orthonormal). On the orthogonal complement of the span, W acts as shift·I (N − p eigenvalues
/// equal to `shift`, not returned). Examples: Hebb with zero diagonal on ±1 patterns is M = I/N,
/// shift = −p/N; the pseudoinverse rule is M = G⁻¹, shift = 0 (every eigenvalue 1).
Spectrum pattern_space_spectrum(const Matrix& patterns, const Matrix& middle, double shift = 0.0);

/// |cos| of the angle between eigenvector `index` of `spectrum` and `direction` (sign-free, in [0, 1]).
double eigenvector_alignment(const Spectrum& spectrum, Index index, const Vector& direction);

/// Number of eigenvalues within `tolerance` of `value`.
Index count_eigenvalues_near(const Spectrum& spectrum, double value, double tolerance);

}  // namespace hopfield
