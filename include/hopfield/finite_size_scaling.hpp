// Extrapolation of a quantity measured at several system sizes N to N → ∞ with a fixed finite-size form
//   y(N) = y_∞ + a N^(−ν),
// fitted by weighted least squares: minimise Σ_k (y_k − y_∞ − a x_k)² / σ_k² with x_k = N_k^(−ν). It is
// linear in (y_∞, a), so the normal equations are solved in closed form,
//   [S  Sx ] [y_∞]   [Sy ]      S = Σ w_k, Sx = Σ w_k x_k, Sxx = Σ w_k x_k², Sy = Σ w_k y_k, Sxy = Σ w_k x_k
//   y_k, [Sx Sxx] [a  ] = [Sxy],     w_k = 1 / σ_k²,
// and the standard errors are the square roots of the diagonal of the inverse normal matrix (σ_k taken as
// the standard errors of the y_k).
#pragma once

#include <vector>

#include "hopfield/types.hpp"

namespace hopfield {

struct FiniteSizeFit {
  double limit = 0.0;            ///< y_∞
  double amplitude = 0.0;        ///< a
  double limit_error = 0.0;      ///< standard error of y_∞
  double amplitude_error = 0.0;  ///< standard error of a
  double chi_square = 0.0;       ///< Σ_k residual_k² / σ_k²
  Index degrees_of_freedom = 0;  ///< points − 2
  double exponent = 0.0;         ///< ν
};

/// Throws hopfield::Error unless sizes, values and errors have the same length ≥ 2, the sizes are > 0 and
/// not all equal, the errors are > 0 and everything is finite.
FiniteSizeFit fit_finite_size(const std::vector<double>& sizes, const std::vector<double>& values,
                              const std::vector<double>& errors, double exponent);

}  // namespace hopfield
