// mnist-spectrum — write-up [2], "Why classical Hopfield breaks on MNIST" and "The pseudoinverse fix": the
// spectrum of W_Hebb for ten MNIST digits (one huge eigenvalue whose eigenvector is the mean pattern), the
// spectrum of W_PI (eigenvalue 1 on the span of the patterns), and the interpolation W(a) = (1 − a) W_Hebb +
// a W_PI: how λ1, λ1/λ2 and the recall of each digit change with a.
#include <fmt/format.h>

#include <Eigen/LU>
#include <cmath>
#include <utility>

#include "catalogue.hpp"
#include "end_states.hpp"
#include "hopfield/classical.hpp"
#include "hopfield/error.hpp"
#include "hopfield/measures.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"
#include "hopfield/spectrum.hpp"
#include "item_progress.hpp"
#include "mnist_data.hpp"

namespace hopfield::experiments {
namespace {

// The write-up's two largest eigenvalues of W_Hebb.
constexpr double seed_lambda_1 = 6.65;
constexpr double seed_lambda_2 = 0.65;

Cell seed_eigenvalue(Index j) {
  if (j == 0) return seed_lambda_1;
  if (j == 1) return seed_lambda_2;
  if (j == 2) return 0.48;
  return Cell();
}

struct SpectrumParameters : OnePerClassParameters {
  Index top = 12;
  Index interpolation_steps = 11;
};

const ParameterFields<SpectrumParameters>& spectrum_fields() {
  using P = SpectrumParameters;
  static const auto fields =
      one_per_class_fields<P>("first | random: which image of each class is stored")
          .integer("top", &P::top, "eigenvalues of W_Hebb to list (at most N)", Index{1}, Index{1'000'000})
          .integer("interpolation_steps", &P::interpolation_steps, "a = 0, 1/(steps-1), ..., 1", Index{2},
                   Index{100'000});
  return fields;
}

struct SpectrumSettings : OnePerClassSettings {
  Index steps = 0;  ///< interpolation steps
  Index top = 0;    ///< eigenvalues of W_Hebb to list
};

SpectrumSettings read_settings(const SpectrumParameters& parameters) {
  SpectrumSettings settings{one_per_class_settings(parameters), parameters.interpolation_steps,
                            parameters.top};
  settings.recall.seed = derive_seed(settings.seed, 2);
  return settings;
}

// The two coupling matrices of the stored digits and what the interpolation needs of them.
struct Couplings {
  Matrix hebb;           ///< W_Hebb, zero diagonal
  Matrix pseudoinverse;  ///< W_PI, diagonal kept
  Matrix gram_inverse;   ///< G⁻¹, G = XᵀX
};

// One interpolation step: the top two eigenvalues of W(a) and where the probes end.
struct Step {
  double a = 0.0;
  double lambda_1 = 0.0;
  double lambda_2 = 0.0;
  Index exact = 0;
  Index nearest_own = 0;
  Index distinct = 0;
};

// W(a) = (1 − a) W_Hebb + a W_PI = X M(a) Xᵀ − (1 − a)(p/N) I with M(a) = (1 − a)/N I + a G⁻¹.
Step interpolate(const DigitDraw& draw, const Couplings& couplings, const RecallOptions& options, double a) {
  const Matrix& stored = draw.stored;
  const Index n = stored.rows();
  const Index p = stored.cols();
  const Matrix middle =
      (1.0 - a) / static_cast<double>(n) * Matrix::Identity(p, p) + a * couplings.gram_inverse;
  const Spectrum spectrum =
      pattern_space_spectrum(stored, middle, -(1.0 - a) * static_cast<double>(p) / static_cast<double>(n));
  const auto network =
      ClassicalHopfield::from_weights((1.0 - a) * couplings.hebb + a * couplings.pseudoinverse);
  const Matrix ends = network.recall(draw.probes, options).states;
  const std::vector<Index> nearest = nearest_stored(stored, ends);
  Step step{.a = a,
            .lambda_1 = spectrum.eigenvalues[0],
            .lambda_2 = spectrum.eigenvalues[1],
            .exact = exact_recalls(ends, stored),
            .nearest_own = 0,
            .distinct = distinct_columns(ends)};
  for (Index k = 0; k < p; ++k) step.nearest_own += nearest[static_cast<std::size_t>(k)] == k;
  return step;
}

struct SpectrumMeasurement {
  DigitDraw draw;
  Vector mean;  ///< the mean stored pattern
  Couplings couplings;
  Spectrum hebb_full;  ///< all N eigenvalues, the reference
  Spectrum pi_full;
  Spectrum hebb_span;  ///< the top p eigenpairs of W_Hebb from the p x p problem
  std::vector<Step> steps;
};

SpectrumMeasurement measure(const MnistData& data, const SpectrumSettings& settings, Progress& progress) {
  SpectrumMeasurement m;
  m.draw = draw_selected_digits(data, settings.selection, settings.noise, settings.seed);
  const Matrix& stored = m.draw.stored;
  const Index n = stored.rows();
  const Index p = stored.cols();
  require(settings.top >= 1 && settings.top <= n, "mnist-spectrum: top must lie in [1, ", n, "], got ",
          settings.top);
  m.mean = mean_pattern(stored);
  m.couplings = {.hebb = hebb_weights(stored),
                 .pseudoinverse = pseudoinverse_weights(stored),
                 .gram_inverse = Matrix(stored.transpose() * stored).inverse()};
  progress.begin("mnist-spectrum", 2 + settings.steps);
  // Full N x N eigenvalues (the reference) of both rules, and the interpolation steps: independent items, in
  // parallel over threads and processes (the two N x N problems first: they take longest). Each item is
  // computed on one thread exactly as it would be alone, so the numbers are the same for any thread or
  // process count. An item is the eigenvalues (items 0 and 1) or a step (the others).
  const auto items = map_items_with_progress(
      2 + settings.steps,
      [&](Index item) -> std::pair<Vector, Step> {
        if (item < 2) {
          const Matrix& couplings = item == 0 ? m.couplings.hebb : m.couplings.pseudoinverse;
          return {symmetric_spectrum(couplings, {.top = 0, .eigenvectors = false}).eigenvalues, Step{}};
        }
        const double a = static_cast<double>(item - 2) / static_cast<double>(settings.steps - 1);
        return {Vector(), interpolate(m.draw, m.couplings, settings.recall, a)};
      },
      progress);
  progress.end();
  m.hebb_full.eigenvalues = items[0].first;
  m.pi_full.eigenvalues = items[1].first;
  for (std::size_t k = 2; k < items.size(); ++k) m.steps.push_back(items[k].second);
  // The top eigenvectors from the p x p problem (exact, faster).
  m.hebb_span = pattern_space_spectrum(stored, Matrix::Identity(p, p) / static_cast<double>(n),
                                       -static_cast<double>(p) / static_cast<double>(n));
  return m;
}

Table hebb_table(const MnistData& data, const SpectrumSettings& settings, const SpectrumMeasurement& m) {
  const Index n = m.draw.stored.rows();
  const Index p = m.draw.stored.cols();
  Table table{.title = fmt::format("Eigenvalues of W_Hebb (zero diagonal), {} {} images, N = {}", p,
                                   data.dataset.name, n),
              .columns = {"k", "lambda_k", "seed", "lambda_k (p x p Gram path)", "|cos(v_k, mean pattern)|"},
              .rows = {},
              .decimals = {-1, 4, 2, 4, 5}};
  for (Index j = 0; j < std::min(settings.top, n); ++j) {
    table.add_row(
        {std::int64_t{j + 1}, m.hebb_full.eigenvalues[j], seed_eigenvalue(j),
         j < p ? Cell(m.hebb_span.eigenvalues[j]) : Cell(-static_cast<double>(p) / static_cast<double>(n)),
         j < p ? Cell(eigenvector_alignment(m.hebb_span, j, m.mean)) : Cell()});
  }
  return table;
}

Table summary_table(const SpectrumMeasurement& m) {
  const Matrix& stored = m.draw.stored;
  const Matrix& pseudoinverse = m.couplings.pseudoinverse;
  const Index n = stored.rows();
  const Index p = stored.cols();
  double fixed_point_error = 0.0;
  for (Index k = 0; k < p; ++k)
    fixed_point_error =
        std::max(fixed_point_error, (pseudoinverse * stored.col(k) - stored.col(k)).cwiseAbs().maxCoeff());
  Table summary{.title = "Spectral summary",
                .columns = {"quantity", "ours", "seed"},
                .rows = {},
                .decimals = {-1, 5, 4}};
  summary.add_row({std::string("Hebb: lambda_1"), m.hebb_full.eigenvalues[0], seed_lambda_1});
  summary.add_row({std::string("Hebb: lambda_1 / lambda_2"),
                   m.hebb_full.eigenvalues[0] / m.hebb_full.eigenvalues[1], seed_lambda_1 / seed_lambda_2});
  summary.add_row({std::string("Hebb: |cos(top eigenvector, mean pattern)|"),
                   eigenvector_alignment(m.hebb_span, 0, m.mean), 0.9999});
  summary.add_row({std::string("PI: eigenvalues within 1e-9 of 1"),
                   std::int64_t{count_eigenvalues_near(m.pi_full, 1.0, 1e-9)}, std::int64_t{p}});
  summary.add_row({std::string("PI: eigenvalues within 1e-9 of 0"),
                   std::int64_t{count_eigenvalues_near(m.pi_full, 0.0, 1e-9)}, std::int64_t{n - p}});
  summary.add_row({std::string("PI: max |W_PI xi - xi| over stored digits"), fixed_point_error, 0.0});
  summary.add_row({std::string("PI: ||W_PI mean|| / ||mean|| (the mean pattern lies in the span)"),
                   (pseudoinverse * m.mean).norm() / m.mean.norm(), Cell()});
  return summary;
}

void add_interpolation(Result& result, const SpectrumSettings& settings, const SpectrumMeasurement& m) {
  const Index n = m.draw.stored.rows();
  const auto p = static_cast<double>(m.draw.stored.cols());
  Table table{.title = fmt::format("W(a) = (1 - a) W_Hebb + a W_PI; probes: {}", settings.noise.describe(n)),
              .columns = {"a", "lambda_1", "lambda_2", "lambda_1 / lambda_2", "recalls = own digit (of 10)",
                          "end nearest own digit (of 10)", "distinct end states"},
              .rows = {},
              .decimals = {3, 4, 4, 3, -1, -1, -1}};
  Series ratio{.label = "lambda_1 / lambda_2", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  Series recalled{.label = "fraction recalled exactly", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  for (const Step& step : m.steps) {
    table.add_row({step.a, step.lambda_1, step.lambda_2, step.lambda_1 / step.lambda_2,
                   std::int64_t{step.exact}, std::int64_t{step.nearest_own}, std::int64_t{step.distinct}});
    ratio.x.push_back(step.a);
    ratio.y.push_back(step.lambda_1 / step.lambda_2);
    recalled.x.push_back(step.a);
    recalled.y.push_back(static_cast<double>(step.exact) / p);
  }
  result.tables.push_back(std::move(table));
  result.figures.push_back(Figure{.name = "mnist-spectrum-interpolation",
                                  .title = "Spectral gap and recall along W(a)",
                                  .x_label = "a (0 = Hebb, 1 = pseudoinverse)",
                                  .y_label = "",
                                  .log_x = false,
                                  .log_y = true,
                                  .series = {std::move(ratio),
                                             std::move(recalled),
                                             {.label = "seed: lambda_1 / lambda_2 of W_Hebb (a = 0)",
                                              .x = {0.0},
                                              .y = {seed_lambda_1 / seed_lambda_2},
                                              .y_low = {},
                                              .y_high = {}}}});
}

std::vector<std::string> spectrum_notes(const SpectrumSettings& settings) {
  return {
      fmt::format("Digits: selection '{}' (the same ten as mnist-hebb-collapse with the same seed), "
                  "binarised at 0.5. W_Hebb = (1/N) sum xi xi^T with zero diagonal = (1/N) X X^T - (p/N) I; "
                  "W_PI = X (X^T X)^-1 X^T with its diagonal kept, so that W_PI xi = xi exactly.",
                  settings.selection),
      "lambda_k: all N eigenvalues of the N x N matrix in double precision (Eigen SelfAdjointEigenSolver). "
      "The 'Gram path' column recomputes the top p from the p x p matrix L^T M L (G = X^T X = L L^T) as a "
      "check; eigenvectors come from that path (exact, and ~6x faster than N x N eigenvectors). Below the "
      "top p, W_Hebb has the eigenvalue -p/N with multiplicity N - p.",
      "The write-up's eigenvalues are for its own ten digits, which it does not name; lambda_1 ~ (1/N) * p * "
      "mean overlap, so any ten MNIST digits give lambda_1 ~ 6-7 and a gap of about 10.",
      "W(a) spectrum: W(a) = X M(a) X^T - (1 - a)(p/N) I with M(a) = (1 - a)/N I + a G^-1, so its top "
      "eigenvalues come from the p x p problem. Recall uses the same probes for every a; 'nearest own "
      "digit' = the stored digit with the largest overlap with the end state is the probe's own."};
}

Result run_mnist_spectrum(const SpectrumParameters& parameters, Progress& progress) {
  const auto data = load_mnist_data(parameters);
  const SpectrumSettings settings = read_settings(parameters);
  const SpectrumMeasurement measurement = measure(*data, settings, progress);
  Result result;
  result.tables.push_back(hebb_table(*data, settings, measurement));
  result.tables.push_back(summary_table(measurement));
  add_interpolation(result, settings, measurement);
  result.notes = spectrum_notes(settings);
  return result;
}

}  // namespace

Experiment mnist_spectrum_experiment() {
  return typed_experiment(
      {.name = "mnist-spectrum",
       .summary = "spectra of W_Hebb and W_PI on ten MNIST digits, and the interpolation between them",
       .source = "[2], sections \"Why classical Hopfield breaks on MNIST\" (the spectrum of W_Hebb) and "
                 "\"The pseudoinverse fix and its capacity cliff\""},
      spectrum_fields(), run_mnist_spectrum);
}

}  // namespace hopfield::experiments
