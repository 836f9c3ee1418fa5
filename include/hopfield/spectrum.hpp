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

/// |cos| of the angle between eigenvector `index` of `spectrum` and `direction` (sign-free, in [0, 1]).
double eigenvector_alignment(const Spectrum& spectrum, Index index, const Vector& direction);

/// Number of eigenvalues within `tolerance` of `value`.
Index count_eigenvalues_near(const Spectrum& spectrum, double value, double tolerance);

}  // namespace hopfield
