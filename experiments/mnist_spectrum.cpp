// mnist-spectrum — seed 003 §2–3: the spectrum of W_Hebb for ten MNIST digits (one huge eigenvalue whose
// eigenvector is the mean pattern), the spectrum of W_PI (eigenvalue 1 on the span of the patterns), and the
// interpolation W(a) = (1 − a) W_Hebb + a W_PI: how λ1, λ1/λ2 and the recall of each digit change with a.
#include <fmt/format.h>

#include <Eigen/LU>
#include <cmath>

#include "catalogue.hpp"
#include "hopfield/classical.hpp"
#include "hopfield/error.hpp"
#include "hopfield/measures.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"
#include "hopfield/spectrum.hpp"
#include "mnist_data.hpp"
#include "hopfield/parallel.hpp"

namespace hopfield::experiments {
namespace {

Cell seed_eigenvalue(Index j) {
  if (j == 0) return 6.65;
  if (j == 1) return 0.65;
  if (j == 2) return 0.48;
  return Cell();
}

Result run_mnist_spectrum(const Parameters& parameters, Progress& progress) {
  const auto shared_data = load_mnist_data(parameters);
  const MnistData& data = *shared_data;
  const double noise = parameters.real("noise");
  const std::string noise_model = parameters.text("noise_model");
  const Index steps = parameters.integer("interpolation_steps");
  require(steps >= 2, "mnist-spectrum: interpolation_steps must be >= 2, got ", steps);
  const Index top = parameters.integer("top");
  const std::uint64_t seed = parameters.seed();

  const std::vector<Index> chosen = one_per_class(data.dataset, parameters.text("selection"), seed);
  const Matrix stored = select_columns(data.patterns, chosen);
  const Index n = stored.rows();
  const Index p = stored.cols();
  require(top >= 1 && top <= n, "mnist-spectrum: top must lie in [1, ", n, "], got ", top);
  const Vector mean = mean_pattern(stored);
  const Matrix hebb = hebb_weights(stored);
  const Matrix pseudoinverse = pseudoinverse_weights(stored);
  const Matrix gram = stored.transpose() * stored;
  const Matrix gram_inverse = gram.inverse();

  const Matrix probes = corrupt_probes(stored, noise, noise_model, derive_seed(seed, 1));
  RecallOptions options;
  options.dynamics = dynamics_from_name(parameters.text("dynamics"));
  options.seed = derive_seed(seed, 2);
  options.threads = 1;

  // One interpolation step: W(a) = (1 − a) W_Hebb + a W_PI = X M(a) Xᵀ − (1 − a)(p/N) I with
  // M(a) = (1 − a)/N I + a G⁻¹; its top eigenvalues and where the probes end.
  struct Step {
    double a = 0.0;
    double lambda_1 = 0.0;
    double lambda_2 = 0.0;
    Index exact = 0;
    Index nearest_own = 0;
    Index distinct = 0;
  };
  const auto interpolate = [&](Index s) {
    Step step;
    step.a = static_cast<double>(s) / static_cast<double>(steps - 1);
    const double a = step.a;
    const Matrix middle = (1.0 - a) / static_cast<double>(n) * Matrix::Identity(p, p) + a * gram_inverse;
    const Spectrum spectrum =
        pattern_space_spectrum(stored, middle, -(1.0 - a) * static_cast<double>(p) / static_cast<double>(n));
    const auto network = ClassicalHopfield::from_weights((1.0 - a) * hebb + a * pseudoinverse);
    const RecallResult recall = network.recall(probes, options);
    for (Index k = 0; k < p; ++k) {
      const Vector end = recall.states.col(k);
      step.exact += end == stored.col(k);
      Index nearest = 0;
      (stored.transpose() * end).maxCoeff(&nearest);
      step.nearest_own += nearest == k;
      bool seen = false;
      for (Index b = 0; b < k && !seen; ++b) seen = end == recall.states.col(b);
      step.distinct += !seen;
    }
    step.lambda_1 = spectrum.eigenvalues[0];
    step.lambda_2 = spectrum.eigenvalues[1];
    return step;
  };

  progress.begin("mnist-spectrum", 2 + steps);
  // Full N x N eigenvalues (the reference) of both rules, and the interpolation steps: independent work, in
  // parallel (the two N x N problems first: they take longest). Each item is computed on one thread exactly
  // as it would be alone, so the numbers are the same for any thread count.
  Spectrum hebb_full, pi_full;
  std::vector<Step> interpolation_steps(static_cast<std::size_t>(steps));
  run_in_parallel(2 + steps, [&](Index item) {
    if (item == 0) {
      hebb_full = symmetric_spectrum(hebb, {.top = 0, .eigenvectors = false});
    } else if (item == 1) {
      pi_full = symmetric_spectrum(pseudoinverse, {.top = 0, .eigenvectors = false});
    } else {
      interpolation_steps[static_cast<std::size_t>(item - 2)] = interpolate(item - 2);
    }
    progress.advance();
  });
  progress.end();
  // The top eigenvectors from the p x p problem (exact, faster).
  const Spectrum hebb_span = pattern_space_spectrum(stored, Matrix::Identity(p, p) / static_cast<double>(n),
                                                    -static_cast<double>(p) / static_cast<double>(n));

  Result result;
  Table hebb_table{
      .title =
          fmt::format("Eigenvalues of W_Hebb (zero diagonal), {} {} images, N = {}", p, data.dataset.name, n),
      .columns = {"k", "lambda_k", "seed", "lambda_k (p x p Gram path)", "|cos(v_k, mean pattern)|"},
      .rows = {},
      .decimals = {-1, 4, 2, 4, 5}};
  for (Index j = 0; j < std::min(top, n); ++j) {
    hebb_table.add_row(
        {std::int64_t{j + 1}, hebb_full.eigenvalues[j], seed_eigenvalue(j),
         j < p ? Cell(hebb_span.eigenvalues[j]) : Cell(-static_cast<double>(p) / static_cast<double>(n)),
         j < p ? Cell(eigenvector_alignment(hebb_span, j, mean)) : Cell()});
  }
  result.tables.push_back(std::move(hebb_table));

  double fixed_point_error = 0.0;
  for (Index k = 0; k < p; ++k)
    fixed_point_error =
        std::max(fixed_point_error, (pseudoinverse * stored.col(k) - stored.col(k)).cwiseAbs().maxCoeff());
  Table summary{.title = "Spectral summary",
                .columns = {"quantity", "ours", "seed"},
                .rows = {},
                .decimals = {-1, 5, 4}};
  summary.add_row({std::string("Hebb: lambda_1"), hebb_full.eigenvalues[0], 6.65});
  summary.add_row({std::string("Hebb: lambda_1 / lambda_2"),
                   hebb_full.eigenvalues[0] / hebb_full.eigenvalues[1], 6.65 / 0.65});
  summary.add_row({std::string("Hebb: |cos(top eigenvector, mean pattern)|"),
                   eigenvector_alignment(hebb_span, 0, mean), 0.9999});
  summary.add_row({std::string("PI: eigenvalues within 1e-9 of 1"),
                   std::int64_t{count_eigenvalues_near(pi_full, 1.0, 1e-9)}, std::int64_t{p}});
  summary.add_row({std::string("PI: eigenvalues within 1e-9 of 0"),
                   std::int64_t{count_eigenvalues_near(pi_full, 0.0, 1e-9)}, std::int64_t{n - p}});
  summary.add_row({std::string("PI: max |W_PI xi - xi| over stored digits"), fixed_point_error, 0.0});
  summary.add_row({std::string("PI: ||W_PI mean|| / ||mean|| (the mean pattern lies in the span)"),
                   (pseudoinverse * mean).norm() / mean.norm(), Cell()});
  result.tables.push_back(std::move(summary));

  Table interpolation{
      .title =
          fmt::format("W(a) = (1 - a) W_Hebb + a W_PI; probes: {}", describe_noise(noise, noise_model, n)),
      .columns = {"a", "lambda_1", "lambda_2", "lambda_1 / lambda_2", "recalls = own digit (of 10)",
                  "end nearest own digit (of 10)", "distinct end states"},
      .rows = {},
      .decimals = {3, 4, 4, 3, -1, -1, -1}};
  Figure ratio_figure{.name = "mnist-spectrum-interpolation",
                      .title = "Spectral gap and recall along W(a)",
                      .x_label = "a (0 = Hebb, 1 = pseudoinverse)",
                      .y_label = "",
                      .log_x = false,
                      .log_y = true,
                      .series = {}};
  Series ratio_series{.label = "lambda_1 / lambda_2", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  Series recall_series{.label = "fraction recalled exactly", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  for (const Step& step : interpolation_steps) {
    interpolation.add_row({step.a, step.lambda_1, step.lambda_2, step.lambda_1 / step.lambda_2,
                           std::int64_t{step.exact}, std::int64_t{step.nearest_own},
                           std::int64_t{step.distinct}});
    ratio_series.x.push_back(step.a);
    ratio_series.y.push_back(step.lambda_1 / step.lambda_2);
    recall_series.x.push_back(step.a);
    recall_series.y.push_back(static_cast<double>(step.exact) / static_cast<double>(p));
  }
  result.tables.push_back(std::move(interpolation));
  ratio_figure.series = {std::move(ratio_series), std::move(recall_series)};
  result.figures.push_back(std::move(ratio_figure));

  result.notes.push_back(fmt::format(
      "Digits: selection '{}' (the same ten as mnist-hebb-collapse with the same seed), binarised at 0.5. "
      "W_Hebb = (1/N) sum xi xi^T with zero diagonal = (1/N) X X^T - (p/N) I; W_PI = X (X^T X)^-1 X^T with "
      "its "
      "diagonal kept, so that W_PI xi = xi exactly.",
      parameters.text("selection")));
  result.notes.push_back(
      "lambda_k: all N eigenvalues of the N x N matrix in double precision (Eigen SelfAdjointEigenSolver). "
      "The "
      "'Gram path' column recomputes the top p from the p x p matrix L^T M L (G = X^T X = L L^T) as a check; "
      "eigenvectors come from that path (exact, and ~6x faster than N x N eigenvectors). Below the top p, "
      "W_Hebb "
      "has the eigenvalue -p/N with multiplicity N - p.");
  result.notes.push_back(
      "The seed's eigenvalues are for its own ten digits, which it does not name; lambda_1 ~ (1/N) * p * "
      "mean "
      "overlap, so any ten MNIST digits give lambda_1 ~ 6-7 and a gap of about 10.");
  result.notes.push_back(
      "W(a) spectrum: W(a) = X M(a) X^T - (1 - a)(p/N) I with M(a) = (1 - a)/N I + a G^-1, so its top "
      "eigenvalues "
      "come from the p x p problem. Recall uses the same probes for every a; 'nearest own digit' = the "
      "stored "
      "digit with the largest overlap with the end state is the probe's own.");
  return result;
}

}  // namespace

Experiment mnist_spectrum_experiment() {
  std::vector<ParameterSpec> specs = {{"seed", std::int64_t{42}, "random seed"}};
  for (auto& spec : mnist_data_parameters()) specs.push_back(std::move(spec));
  for (auto& spec : mnist_noise_parameters(0.15)) specs.push_back(std::move(spec));
  specs.push_back({"selection", std::string("first"), "first | random: which image of each class is stored"});
  specs.push_back(
      {"dynamics", std::string("asynchronous"), "asynchronous | asynchronous-fixed-order | synchronous"});
  specs.push_back({"top", std::int64_t{12}, "eigenvalues of W_Hebb to list"});
  specs.push_back({"interpolation_steps", std::int64_t{11}, "a = 0, 1/(steps-1), ..., 1"});
  return {.name = "mnist-spectrum",
          .summary = "spectra of W_Hebb and W_PI on ten MNIST digits, and the interpolation between them",
          .source = "seed 003 §2-3: the spectrum of W_Hebb; the pseudoinverse fix",
          .parameters = std::move(specs),
          .run = run_mnist_spectrum};
}

}  // namespace hopfield::experiments
