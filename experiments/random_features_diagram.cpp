// random-features-diagram — seed 003 §5: the Hebb phase diagram of the random-features Hopfield network in
// the (α, α_D) plane. For every α_D of a log grid, the α sweep of random-features-phases (Hebb rule only)
// and its three boundaries: the end of storage (train m < threshold), learning (feature m ≥ threshold) and
// generalisation (unseen test m ≥ threshold).
#include <fmt/format.h>

#include <cmath>

#include "catalogue.hpp"
#include "hopfield/error.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"
#include "hopfield/parallel.hpp"
#include "random_features_sweep.hpp"

namespace hopfield::experiments {
namespace {

Cell crossing_cell(const Crossing& crossing) {
  return crossing.found ? Cell(crossing.x) : Cell();
}

std::string phase_of(const AlphaPoint& point, double threshold) {
  if (point.test.count > 0 && point.test.mean >= threshold) return "generalisation";
  if (point.features.mean >= threshold) return "learning";
  if (point.train.mean >= threshold) return "storage";
  return "no retrieval";
}

Result run_random_features_diagram(const Parameters& parameters, Progress& progress) {
  const Index neurons = parameters.integer("neurons");
  const Index sparsity = parameters.integer("sparsity");
  const double threshold = parameters.real("threshold");
  const std::uint64_t seed = parameters.seed();
  require(neurons > 0, "random-features-diagram: neurons must be > 0, got ", neurons);
  require(threshold > 0.0 && threshold <= 1.0, "random-features-diagram: threshold must lie in (0, 1], got ",
          threshold);
  const std::vector<double> alphas =
      log_grid(parameters.real("alpha_min"), parameters.real("alpha_max"), parameters.integer("points"));
  const std::vector<double> alpha_ds = log_grid(
      parameters.real("alpha_d_min"), parameters.real("alpha_d_max"), parameters.integer("alpha_d_points"));
  const CoefficientKind coefficients = coefficient_kind_from_name(parameters.text("coefficients"));
  const Index max_stored = std::max<Index>(1, std::llround(alphas.back() * static_cast<double>(neurons)));
  const Index test_examples = parameters.integer("test_examples");
  const Matrix control(neurons, 0);

  AlphaSweepOptions options;
  options.train_probes = parameters.integer("train_probes");
  options.threshold = threshold;
  options.recall.max_sweeps = static_cast<int>(parameters.integer("max_sweeps"));
  options.recall.threads = 1;  // parallel over α_D rows instead

  const auto rows = static_cast<Index>(alpha_ds.size());
  std::vector<std::vector<AlphaPoint>> sweeps(alpha_ds.size());
  std::vector<Index> features(alpha_ds.size());
  progress.begin("random-features-diagram", static_cast<std::int64_t>(alpha_ds.size() * alphas.size()));
  run_in_parallel(rows, [&](Index row) {
    const auto slot = static_cast<std::size_t>(row);
    const std::uint64_t row_seed = derive_seed(seed, static_cast<std::uint64_t>(row));
    const RandomFeaturesSpec spec{
        .neurons = neurons,
        .features = std::max<Index>(sparsity, std::llround(alpha_ds[slot] * static_cast<double>(neurons))),
        .sparsity = sparsity,
        .coefficients = coefficients};
    features[slot] = spec.features;
    const RandomFeaturesData data =
        generate_random_features_data(spec, max_stored, test_examples, derive_seed(row_seed, 0));
    AlphaSweepOptions row_options = options;
    row_options.recall.seed = derive_seed(row_seed, 1);
    sweeps[slot] = sweep_alpha(data, control, CouplingRule::Hebb, alphas, row_options, progress);
  });
  progress.end();

  Result result;
  Table boundaries{
      .title = fmt::format("Hebb phase boundaries in the (α, α_D) plane, N = {}, L = {}, threshold m = {}",
                           neurons, sparsity, threshold),
      .columns = {"α_D", "D", "storage ends (α)", "learning begins (α)", "generalisation begins (α)",
                  "paper: storage", "paper: learning", "paper: generalisation"},
      .rows = {},
      .decimals = {4, -1, 4, 4, 4, 4, 4, 4}};
  Table cells{.title = "Mean final magnetisation per cell (Hebb)",
              .columns = {"α_D", "α", "p", "train m", "features m", "test m", "unseen test", "phase"},
              .rows = {},
              .decimals = {4, 4, -1, 3, 3, 3, -1, -1}};
  Figure figure{
      .name = "random-features-diagram",
      .title = fmt::format("Hebb phase diagram of the random-features Hopfield network, N = {}, L = {}",
                           neurons, sparsity),
      .x_label = "α = p / N",
      .y_label = "α_D = D / N",
      .log_x = true,
      .log_y = true,
      .series = {}};
  Series storage{.label = "storage ends (train m < threshold)", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  Series learning{
      .label = "learning begins (features m ≥ threshold)", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  Series generalisation{
      .label = "generalisation begins (test m ≥ threshold)", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  for (std::size_t row = 0; row < alpha_ds.size(); ++row) {
    const PhaseBoundaries b = phase_boundaries(sweeps[row], threshold);
    boundaries.add_row({alpha_ds[row], std::int64_t{features[row]}, crossing_cell(b.storage),
                        crossing_cell(b.learning), crossing_cell(b.generalisation), Cell(), Cell(), Cell()});
    auto add = [&](Series& series, const Crossing& crossing) {
      if (!crossing.found || crossing.before_grid) return;
      series.x.push_back(crossing.x);
      series.y.push_back(alpha_ds[row]);
    };
    add(storage, b.storage);
    add(learning, b.learning);
    add(generalisation, b.generalisation);
    for (const auto& point : sweeps[row]) {
      cells.add_row({alpha_ds[row], point.alpha, std::int64_t{point.stored}, point.train.mean,
                     point.features.mean, point.test.count > 0 ? Cell(point.test.mean) : Cell(),
                     std::int64_t{point.unseen_test}, phase_of(point, threshold)});
    }
  }
  result.tables.push_back(std::move(boundaries));
  result.tables.push_back(std::move(cells));
  figure.series = {std::move(storage), std::move(learning), std::move(generalisation)};
  result.figures.push_back(std::move(figure));
  result.notes.push_back(
      fmt::format("Protocol as in random-features-phases (Hebb rule only, {} coefficients, {} fresh test "
                  "examples per α_D, "
                  "of which the unseen ones are measured; train m over the first min(p, {}) stored "
                  "examples). Each α_D row "
                  "has its own F and example stream; α on a log grid of {} points from {} to {}.",
                  coefficient_kind_name(coefficients), test_examples, options.train_probes, alphas.size(),
                  alphas.front(), alphas.back()));
  result.notes.push_back(
      "Boundaries are interpolated in log α between grid points; an empty cell means the crossing is not on "
      "the "
      "grid (e.g. generalisation beyond alpha_max at large α_D). A crossing at the first grid point is in "
      "the "
      "table but left out of the figure (it only bounds the boundary from above).");
  result.notes.push_back(
      "Paper's values: the search tool returned only the abstract of arXiv 2407.05658, not its phase "
      "diagram, so "
      "the 'paper' columns are empty.");
  return result;
}

}  // namespace

Experiment random_features_diagram_experiment() {
  return {
      .name = "random-features-diagram",
      .summary =
          "random-features Hopfield: Hebb storage / learning / generalisation boundaries in the (α, α_D) "
          "plane",
      .source = "seed 003 §5: the three-phase diagram (Kalaj et al. 2024)",
      .parameters = {{"seed", std::int64_t{42}, "random seed"},
                     {"neurons", std::int64_t{500}, "number of neurons N"},
                     {"sparsity", std::int64_t{3}, "L, non-zero coefficients per example"},
                     {"coefficients", std::string("signed"),
                      "signed (±1) | binary (1) non-zero coefficients"},
                     {"alpha_d_min", 0.016, "smallest α_D = D / N"},
                     {"alpha_d_max", 0.04, "largest α_D"},
                     {"alpha_d_points", std::int64_t{4}, "α_D grid points (log spaced)"},
                     {"alpha_min", 0.002, "smallest α = p / N"},
                     {"alpha_max", 30.0, "largest α"},
                     {"points", std::int64_t{8}, "α grid points (log spaced)"},
                     {"train_probes", std::int64_t{30}, "stored examples the dynamics start from (at most)"},
                     {"test_examples", std::int64_t{20}, "held-out test examples per α_D"},
                     {"threshold", 0.9, "m that counts as retrieved"},
                     {"max_sweeps", std::int64_t{100}, "sweep limit of the dynamics"}},
      .run = run_random_features_diagram};
}

}  // namespace hopfield::experiments
