#include "hopfield/spectrum.hpp"

#include <cmath>

#include "hopfield/error.hpp"
#include "hopfield/measures.hpp"
#include "hopfield/patterns.hpp"
#include "kernels/dense_product.hpp"

namespace hopfield {

Spectrum symmetric_spectrum(const Matrix& weights, const SpectrumOptions& options) {
  require(weights.rows() > 0 && weights.rows() == weights.cols(),
          "symmetric_spectrum: weights must be a non-empty square matrix, got ", weights.rows(), " x ",
          weights.cols());
  require_finite(weights, "symmetric_spectrum: weights");
  const double scale = std::max(1.0, weights.cwiseAbs().maxCoeff());
  require((weights - weights.transpose()).cwiseAbs().maxCoeff() <= 1e-10 * scale,
          "symmetric_spectrum: weights must be symmetric");
  const Index n = weights.rows();
  require(options.top >= 0 && options.top <= n, "symmetric_spectrum: top must lie in [0, ", n, "], got ",
          options.top);
  const Index keep = options.top == 0 ? n : options.top;

  Vector values(n);
  Matrix vectors(options.eigenvectors ? n : 0, options.eigenvectors ? n : 0);
  require(kernels::dense_table().symmetric_eigen_f64(weights.data(), n, values.data(),
                                                     options.eigenvectors ? vectors.data() : nullptr),
          "symmetric_spectrum: the eigen solver did not converge");
  // The solver sorts increasingly; reverse.
  Spectrum spectrum;
  spectrum.eigenvalues = values.reverse().head(keep);
  if (options.eigenvectors) {
    spectrum.eigenvectors = vectors.rowwise().reverse().leftCols(keep);
    for (Index j = 0; j < keep; ++j) {
      Index largest = 0;
      spectrum.eigenvectors.col(j).cwiseAbs().maxCoeff(&largest);
      if (spectrum.eigenvectors(largest, j) < 0) spectrum.eigenvectors.col(j) *= -1.0;
    }
  }
  return spectrum;
}

Spectrum pattern_space_spectrum(const Matrix& patterns, const Matrix& middle, double shift) {
  const Index p = patterns.cols();
  require(patterns.rows() > 0 && p > 0 && p <= patterns.rows(),
          "pattern_space_spectrum: need N x p patterns with ", "0 < p <= N, got ", patterns.rows(), " x ", p);
  require(middle.rows() == p && middle.cols() == p, "pattern_space_spectrum: middle must be ", p, " x ", p,
          ", got ", middle.rows(), " x ", middle.cols());
  require_finite(patterns, "pattern_space_spectrum: patterns");
  require_finite(middle, "pattern_space_spectrum: middle");
  require(std::isfinite(shift), "pattern_space_spectrum: shift must be finite, got ", shift);
  using kernels::Operation;
  const kernels::DenseTable& dense = kernels::dense_table();
  const Matrix gram = kernels::product<double>(patterns, Operation::Transposed, patterns);
  Matrix factor(p, p);
  require(dense.cholesky_solve_f64(gram.data(), p, nullptr, 0, factor.data()) > 1e-12,
          "pattern_space_spectrum: the patterns are linearly dependent (singular Gram matrix)");
  Matrix reduced = kernels::product<double>(kernels::product<double>(factor, Operation::Transposed, middle),
                                            Operation::AsStored, factor);
  reduced = 0.5 * (reduced + reduced.transpose());
  Vector values(p);
  Matrix vectors(p, p);
  require(dense.symmetric_eigen_f64(reduced.data(), p, values.data(), vectors.data()),
          "pattern_space_spectrum: the eigen solver did not converge");
  Spectrum spectrum;
  spectrum.eigenvalues = values.reverse().array() + shift;
  // X L⁻ᵀ V: solve Lᵀ Y = V, then X Y.
  Matrix solved = vectors.rowwise().reverse();
  dense.transposed_lower_solve_f64(factor.data(), p, solved.data(), p);
  spectrum.eigenvectors = kernels::product<double>(patterns, Operation::AsStored, solved);
  for (Index j = 0; j < p; ++j) {
    Index largest = 0;
    spectrum.eigenvectors.col(j).cwiseAbs().maxCoeff(&largest);
    if (spectrum.eigenvectors(largest, j) < 0) spectrum.eigenvectors.col(j) *= -1.0;
  }
  return spectrum;
}

double eigenvector_alignment(const Spectrum& spectrum, Index index, const Vector& direction) {
  require(spectrum.eigenvectors.cols() > 0, "eigenvector_alignment: the spectrum has no eigenvectors");
  require(index >= 0 && index < spectrum.eigenvectors.cols(), "eigenvector_alignment: index ", index,
          " outside [0, ", spectrum.eigenvectors.cols(), ")");
  require(direction.size() == spectrum.eigenvectors.rows(), "eigenvector_alignment: direction has dimension ",
          direction.size(), ", expected ", spectrum.eigenvectors.rows());
  return std::abs(cosine_similarity(spectrum.eigenvectors.col(index), direction));
}

Index count_eigenvalues_near(const Spectrum& spectrum, double value, double tolerance) {
  Index count = 0;
  for (Index j = 0; j < spectrum.eigenvalues.size(); ++j)
    count += std::abs(spectrum.eigenvalues[j] - value) <= tolerance;
  return count;
}

}  // namespace hopfield
