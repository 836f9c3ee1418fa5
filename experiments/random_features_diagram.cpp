// random-features-diagram — write-up [2], "The surprise: same learning rule, different geometry": the Hebb
// phase diagram of the random-features Hopfield network in the (α, α_D) plane. For every α_D of a log grid,
// the α sweep of random-features-phases (Hebb rule only) and its three boundaries: the end of storage (train
// m < threshold), learning (feature m ≥ threshold) and generalisation (unseen test m ≥ threshold).
#include <fmt/format.h>

#include <cmath>
#include <tuple>

#include "catalogue.hpp"
#include "hopfield/error.hpp"
#include "hopfield/item_map.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"
#include "paper_references.hpp"
#include "random_features_sweep.hpp"

namespace hopfield::experiments {
namespace {

struct DiagramSettings {
  std::uint64_t seed = 0;
  Index neurons = 0;
  Index sparsity = 0;
  CoefficientKind coefficients = CoefficientKind::Signed;
  std::vector<double> alphas;    ///< the α grid of every row
  std::vector<double> alpha_ds;  ///< one row per α_D
  Index test_examples = 0;
  AlphaSweepOptions sweep;
};

struct DiagramParameters {
  std::uint64_t seed = 42;
  Index neurons = 500;
  Index sparsity = 3;
  std::string coefficients = "signed";
  double alpha_d_min = 0.016;
  double alpha_d_max = 0.04;
  Index alpha_d_points = 4;
  double alpha_min = 0.002;
  double alpha_max = 30.0;
  Index points = 8;
  Index train_probes = 30;
  Index test_examples = 20;
  double threshold = 0.9;
  int max_sweeps = 100;
};

const ParameterFields<DiagramParameters>& diagram_fields() {
  using P = DiagramParameters;
  static const auto fields =
      ParameterFields<P>()
          .seed(&P::seed)
          .integer("neurons", &P::neurons, "number of neurons N", Index{1}, Index{100'000})
          .integer("sparsity", &P::sparsity, "L, non-zero coefficients per example", Index{1}, Index{1'000})
          .text("coefficients", &P::coefficients, "signed (±1) | binary (1) non-zero coefficients",
                [](std::string_view name) { coefficient_kind_from_name(name); })
          .real("alpha_d_min", &P::alpha_d_min, "smallest α_D = D / N", 0.0)
          .real("alpha_d_max", &P::alpha_d_max, "largest α_D", 0.0)
          .integer("alpha_d_points", &P::alpha_d_points, "α_D grid points (log spaced)", Index{1},
                   Index{10'000})
          .real("alpha_min", &P::alpha_min, "smallest α = p / N", 0.0)
          .real("alpha_max", &P::alpha_max, "largest α", 0.0)
          .integer("points", &P::points, "α grid points (log spaced)", Index{1}, Index{10'000})
          .integer("train_probes", &P::train_probes, "stored examples the dynamics start from (at most)",
                   Index{0}, Index{10'000'000})
          .integer("test_examples", &P::test_examples, "held-out test examples per α_D", Index{0},
                   Index{10'000'000})
          .real("threshold", &P::threshold, "m that counts as retrieved", 0.0, 1.0)
          .integer("max_sweeps", &P::max_sweeps, "sweep limit of the dynamics", 1, 1'000'000);
  return fields;
}

DiagramSettings read_settings(const DiagramParameters& parameters) {
  DiagramSettings settings{
      .seed = parameters.seed,
      .neurons = parameters.neurons,
      .sparsity = parameters.sparsity,
      .coefficients = coefficient_kind_from_name(parameters.coefficients),
      .alphas = log_grid(parameters.alpha_min, parameters.alpha_max, parameters.points),
      .alpha_ds = log_grid(parameters.alpha_d_min, parameters.alpha_d_max, parameters.alpha_d_points),
      .test_examples = parameters.test_examples,
      .sweep = {}};
  require(parameters.threshold > 0.0, "random-features-diagram: threshold must lie in (0, 1], got ",
          parameters.threshold);
  require_memory("neurons", settings.neurons,
                 8.0 * static_cast<double>(settings.neurons) * static_cast<double>(settings.neurons),
                 "the couplings");
  settings.sweep.train_probes = parameters.train_probes;
  settings.sweep.threshold = parameters.threshold;
  settings.sweep.recall.max_sweeps = parameters.max_sweeps;
  settings.sweep.recall.threads = 1;  // parallel over α_D rows instead
  return settings;
}

// One α_D row: its feature count D and the α sweep of its own data set.
struct DiagramRow {
  double alpha_d = 0.0;
  Index features = 0;
  std::vector<AlphaPoint> points;

  auto item_fields() { return std::tie(alpha_d, features, points); }  // for map_items
};

std::vector<DiagramRow> measure(const DiagramSettings& settings, Progress& progress) {
  const Index max_stored =
      std::max<Index>(1, std::llround(settings.alphas.back() * static_cast<double>(settings.neurons)));
  const Matrix control(settings.neurons, 0);
  progress.begin("random-features-diagram",
                 static_cast<std::int64_t>(settings.alpha_ds.size() * settings.alphas.size()));
  // The rows over threads and processes, the α points of a row on the row's thread; one progress unit per
  // point as it ends in a single process, per row's points as a row ends in a group of processes.
  const bool one_process = current_process_group().size() == 1;
  Progress& point_progress = one_process ? progress : silent_progress();
  const auto row_done = [&](std::int64_t rows_done) {
    if (!one_process) progress.advance(rows_done * static_cast<std::int64_t>(settings.alphas.size()));
  };
  std::vector<DiagramRow> rows = map_items(
      static_cast<Index>(settings.alpha_ds.size()),
      [&](Index r) {
        DiagramRow row;
        const std::uint64_t row_seed = derive_seed(settings.seed, static_cast<std::uint64_t>(r));
        row.alpha_d = settings.alpha_ds[static_cast<std::size_t>(r)];
        const RandomFeaturesSpec spec{
            .neurons = settings.neurons,
            .features = std::max<Index>(settings.sparsity,
                                        std::llround(row.alpha_d * static_cast<double>(settings.neurons))),
            .sparsity = settings.sparsity,
            .coefficients = settings.coefficients};
        row.features = spec.features;
        const RandomFeaturesData data =
            generate_random_features_data(spec, max_stored, settings.test_examples, derive_seed(row_seed, 0));
        AlphaSweepOptions options = settings.sweep;
        options.recall.seed = derive_seed(row_seed, 1);
        row.points = sweep_alpha(data, control, CouplingRule::Hebb, settings.alphas, options, point_progress);
        return row;
      },
      {}, row_done);
  progress.end();
  return rows;
}

// The paper's values in this plane (Kalaj et al. 2024, α_D = 0.005, training L = 3): where unseen mixtures of
// L = 3, 5, 7, 9 features become stable (their theory), and where the features became attractors in their
// N = 8000 simulations (m = 0.70 at α = 0.04, 1.00 at α = 0.05).
Series paper_generalisation_points() {
  Series series{.label = "paper: L = 3, 5, 7, 9 mixtures stable (theory, α_D = 0.005)",
                .x = {},
                .y = {},
                .y_low = {},
                .y_high = {}};
  for (const auto& line : reference::random_features_paper::stability) {
    series.x.push_back(line.alpha);
    series.y.push_back(reference::random_features_paper::alpha_d);
  }
  return series;
}

Series paper_learning_point() {
  return {.label = "paper: features stable (simulation, N = 8000, α_D = 0.005)",
          .x = {0.05},
          .y = {reference::random_features_paper::alpha_d},
          .y_low = {},
          .y_high = {}};
}

void add_boundaries(Result& result, const DiagramSettings& settings, const std::vector<DiagramRow>& rows) {
  const double threshold = settings.sweep.threshold;
  Table table{
      .title = fmt::format("Hebb phase boundaries in the (α, α_D) plane, N = {}, L = {}, threshold m = {}",
                           settings.neurons, settings.sparsity, threshold),
      .columns = {"α_D", "D", "storage ends (α)", "learning begins (α)", "generalisation begins (α)",
                  "paper: storage", "paper: learning", "paper: generalisation"},
      .rows = {},
      .decimals = {4, -1, 4, 4, 4, 4, 4, 4}};
  Series storage{.label = "storage ends (train m < threshold)", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  Series learning{
      .label = "learning begins (features m ≥ threshold)", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  Series generalisation{
      .label = "generalisation begins (test m ≥ threshold)", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  for (const DiagramRow& row : rows) {
    const PhaseBoundaries b = phase_boundaries(row.points, threshold);
    table.add_row({row.alpha_d, std::int64_t{row.features}, crossing_cell(b.storage),
                   crossing_cell(b.learning), crossing_cell(b.generalisation), Cell(), Cell(), Cell()});
    // A crossing at the first grid point only bounds the boundary from above: not drawn.
    auto add = [&](Series& series, const Crossing& crossing) {
      if (!crossing.found || crossing.before_grid) return;
      series.x.push_back(crossing.x);
      series.y.push_back(row.alpha_d);
    };
    add(storage, b.storage);
    add(learning, b.learning);
    add(generalisation, b.generalisation);
  }
  result.tables.push_back(std::move(table));
  result.figures.push_back(Figure{
      .name = "random-features-diagram",
      .title = fmt::format("Hebb phase diagram of the random-features Hopfield network, N = {}, L = {}",
                           settings.neurons, settings.sparsity),
      .x_label = "α = p / N",
      .y_label = "α_D = D / N",
      .log_x = true,
      .log_y = true,
      .series = {std::move(storage), std::move(learning), std::move(generalisation),
                 paper_generalisation_points(), paper_learning_point()}});
}

Table cells_table(const DiagramSettings& settings, const std::vector<DiagramRow>& rows) {
  Table table{.title = "Mean final magnetisation per cell (Hebb)",
              .columns = {"α_D", "α", "p", "train m", "features m", "test m", "unseen test", "phase"},
              .rows = {},
              .decimals = {4, 4, -1, 3, 3, 3, -1, -1}};
  for (const DiagramRow& row : rows) {
    for (const AlphaPoint& point : row.points) {
      table.add_row({row.alpha_d, point.alpha, std::int64_t{point.stored}, point.train.mean,
                     point.features.mean, point.test.count > 0 ? Cell(point.test.mean) : Cell(),
                     std::int64_t{point.unseen_test}, phase_of(point, settings.sweep.threshold)});
    }
  }
  return table;
}

std::vector<std::string> diagram_notes(const DiagramSettings& settings) {
  return {
      fmt::format(
          "Protocol as in random-features-phases (Hebb rule only, {} coefficients, {} fresh test "
          "examples per α_D, of which the unseen ones are measured; train m over the first min(p, {}) "
          "stored examples). Each α_D row has its own F and example stream; α on a log grid of {} "
          "points from {} to {}.",
          coefficient_kind_name(settings.coefficients), settings.test_examples, settings.sweep.train_probes,
          settings.alphas.size(), settings.alphas.front(), settings.alphas.back()),
      "Boundaries are interpolated in log α between grid points; an empty cell means the crossing is not on "
      "the grid (e.g. generalisation beyond alpha_max at large α_D). A crossing at the first grid point is "
      "in the table but left out of the figure (it only bounds the boundary from above).",
      "The 'paper' columns stay empty: Kalaj et al. (2024) publish boundary values only at α_D = 0.005, "
      "drawn in the figure as below.",
      "The figure marks the paper's values at α_D = 0.005 (Kalaj et al. 2024, training L = 3): the α where "
      "unseen mixtures of L = 3, 5, 7, 9 features become stable in their theory (0.204, 0.432, 0.782, 1.40), "
      "and α ≈ 0.05 where the features became attractors in their N = 8000 simulations "
      "(random-features-paper reproduces that protocol)."};
}

Result run_random_features_diagram(const DiagramParameters& parameters, Progress& progress) {
  const DiagramSettings settings = read_settings(parameters);
  const std::vector<DiagramRow> rows = measure(settings, progress);
  Result result;
  add_boundaries(result, settings, rows);
  result.tables.push_back(cells_table(settings, rows));
  result.notes = diagram_notes(settings);
  return result;
}

}  // namespace

Experiment random_features_diagram_experiment() {
  return typed_experiment(
      {.name = "random-features-diagram",
       .summary =
           "random-features Hopfield: Hebb storage / learning / generalisation boundaries in the (α, α_D) "
           "plane",
       .source = "[2], section \"The surprise: same learning rule, different geometry, totally different "
                 "outcome\": the three-phase diagram (Kalaj et al. 2024)"},
      diagram_fields(), run_random_features_diagram);
}

}  // namespace hopfield::experiments
