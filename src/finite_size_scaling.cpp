#include "hopfield/finite_size_scaling.hpp"

#include <cmath>

#include "hopfield/error.hpp"

namespace hopfield {

FiniteSizeFit fit_finite_size(const std::vector<double>& sizes, const std::vector<double>& values,
                              const std::vector<double>& errors, double exponent) {
  require(sizes.size() == values.size() && sizes.size() == errors.size(), "fit_finite_size: ", sizes.size(),
          " sizes, ", values.size(), " values and ", errors.size(), " errors, expected equal counts");
  require(sizes.size() >= 2, "fit_finite_size: ", sizes.size(), " points, expected at least 2");
  require(std::isfinite(exponent) && exponent > 0.0, "fit_finite_size: exponent = ", exponent,
          ", expected a finite number > 0");
  double s = 0.0, sx = 0.0, sxx = 0.0, sy = 0.0, sxy = 0.0;
  std::vector<double> x(sizes.size());
  for (std::size_t k = 0; k < sizes.size(); ++k) {
    require(std::isfinite(sizes[k]) && sizes[k] > 0.0, "fit_finite_size: size ", sizes[k], " at ", k,
            ", expected a finite number > 0");
    require(std::isfinite(values[k]), "fit_finite_size: value ", values[k], " at ", k, " is not finite");
    require(std::isfinite(errors[k]) && errors[k] > 0.0, "fit_finite_size: error ", errors[k], " at ", k,
            ", expected a finite number > 0");
    x[k] = std::pow(sizes[k], -exponent);
    const double w = 1.0 / (errors[k] * errors[k]);
    s += w;
    sx += w * x[k];
    sxx += w * x[k] * x[k];
    sy += w * values[k];
    sxy += w * x[k] * values[k];
  }
  const double determinant = s * sxx - sx * sx;
  require(determinant > 1e-12 * s * sxx,
          "fit_finite_size: the sizes are all equal; cannot separate the limit "
          "from the amplitude");
  FiniteSizeFit fit;
  fit.exponent = exponent;
  fit.limit = (sxx * sy - sx * sxy) / determinant;
  fit.amplitude = (s * sxy - sx * sy) / determinant;
  fit.limit_error = std::sqrt(sxx / determinant);
  fit.amplitude_error = std::sqrt(s / determinant);
  for (std::size_t k = 0; k < sizes.size(); ++k) {
    const double residual = (values[k] - fit.limit - fit.amplitude * x[k]) / errors[k];
    fit.chi_square += residual * residual;
  }
  fit.degrees_of_freedom = static_cast<Index>(sizes.size()) - 2;
  return fit;
}

}  // namespace hopfield
