// random-features-phases — write-up [2], "The surprise: same learning rule, different geometry" (Kalaj,
// Lauditi, Perugini, Lucibello, Malatesta & Negri 2024, "Random Features Hopfield Networks generalize
// retrieval to previously unseen examples"): examples ξ = sign(F c) with L-sparse c, stored with the Hebb or
// the pseudoinverse rule; zero-temperature asynchronous dynamics from every train, feature and test pattern;
// the final magnetisation of each set against α = p / N at fixed α_D = D / N and L, and the α where the
// storage, learning and generalisation phases begin.
#include <fmt/format.h>

#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <sstream>

#include "catalogue.hpp"
#include "hopfield/error.hpp"
#include "hopfield/parallel.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"
#include "random_features_sweep.hpp"

namespace hopfield::experiments {
namespace {

std::vector<CouplingRule> parse_rules(const std::string& text) {
  std::vector<CouplingRule> rules;
  std::stringstream stream(text);
  std::string name;
  while (std::getline(stream, name, ',')) rules.push_back(coupling_rule_from_name(name));
  require(!rules.empty(), "random-features-phases: rules must name at least one of hebb, pseudoinverse");
  return rules;
}

std::string crossing_text(const Crossing& crossing, bool never_expected = false) {
  if (!crossing.found) return never_expected ? "never (as expected)" : "not reached on the grid";
  if (crossing.before_grid) return "at or below the first grid point";
  return "interpolated in log α";
}

Cell measured(const MagnetisationSummary& summary, double value) {
  Cell cell;
  if (summary.count > 0) cell = value;
  return cell;
}

// Σ_{j odd, j ≤ L} C(D, j): the dimension of the span of all signed L-mixtures of D features for odd L
// (sign of a sum of L ±1 is a polynomial with non-zero weight on every odd-degree product of them).
Index mixture_space_dimension(Index features, Index sparsity) {
  Index total = 0;
  for (Index j = 1; j <= sparsity; j += 2) {
    double binomial = 1.0;
    for (Index r = 0; r < j; ++r)
      binomial = binomial * static_cast<double>(features - r) / static_cast<double>(r + 1);
    total += static_cast<Index>(std::llround(binomial));
  }
  return total;
}

// "Why" of the pseudoinverse jump, on a small feature set where the mixture space fits in R^N: the fraction
// of held-out mixtures with W_PI ξ = ξ against p, beside rank(X) and the mixture-space dimension.
Table projection_identity_table(Index neurons, Index features, Index sparsity, std::uint64_t seed) {
  const Index dimension = mixture_space_dimension(features, sparsity);
  const RandomFeaturesSpec spec{.neurons = neurons,
                                .features = features,
                                .sparsity = sparsity,
                                .coefficients = CoefficientKind::Signed};
  const Index max_stored = std::min<Index>(neurons, 8 * dimension);
  const RandomFeaturesData data = generate_random_features_data(spec, max_stored, 20, seed);
  Table table{
      .title = fmt::format("Why the pseudoinverse generalises: W_PI ξ = ξ for held-out mixtures once the "
                           "examples span the mixture space (N = {}, D = {}, L = {}, signed)",
                           neurons, features, sparsity),
      .columns = {"p", "rank of X", "mixture-space dimension", "held-out with |Wξ−ξ| ≤ 1e-8", "max |Wξ−ξ|",
                  "held-out fixed points"},
      .rows = {},
      .decimals = {-1, -1, -1, 3, 3, 3}};
  for (Index p = 2; p <= max_stored; p *= 2) {
    const Matrix stored = data.train.leftCols(p);
    Eigen::FullPivLU<Matrix> lu(stored);
    lu.setThreshold(1e-9);
    const ClassicalHopfield network = random_features_network(stored, CouplingRule::Pseudoinverse, 1e-12);
    const Matrix field = network.local_fields(data.test);
    Index exact = 0, fixed = 0;
    double worst = 0.0;
    for (Index t = 0; t < data.test.cols(); ++t) {
      const double residual = (field.col(t) - data.test.col(t)).cwiseAbs().maxCoeff();
      worst = std::max(worst, residual);
      exact += residual <= 1e-8;
      fixed += (field.col(t).array() * data.test.col(t).array() >= 0.0).all();
    }
    const auto count = static_cast<double>(data.test.cols());
    table.add_row({std::int64_t{p}, std::int64_t{lu.rank()}, std::int64_t{dimension},
                   static_cast<double>(exact) / count, worst, static_cast<double>(fixed) / count});
  }
  return table;
}

struct PhasesSettings {
  std::uint64_t seed = 0;
  double alpha_d = 0.0;
  std::vector<double> alphas;
  std::vector<CouplingRule> rules;
  RandomFeaturesSpec spec;
  Index max_stored = 0;  ///< train examples drawn: p at alpha_max
  Index test_examples = 0;
  Index control_examples = 0;
  Index span_features = 0;  ///< D of the projection-identity table
  AlphaSweepOptions sweep;
};

struct PhasesParameters {
  std::uint64_t seed = 42;
  Index neurons = 600;
  double alpha_d = 0.025;
  Index sparsity = 3;
  std::string coefficients = "signed";
  double alpha_min = 0.002;
  double alpha_max = 30.0;
  Index points = 9;
  std::string rules = "hebb,pseudoinverse";
  Index train_probes = 50;
  Index test_examples = 50;
  Index control_examples = 20;
  double threshold = 0.9;
  double relative_ridge = 1e-9;
  int max_sweeps = 100;
  Index span_features = 6;
  int threads = 0;
};

const ParameterFields<PhasesParameters>& phases_fields() {
  using P = PhasesParameters;
  static const auto fields =
      ParameterFields<P>()
          .seed(&P::seed)
          .integer("neurons", &P::neurons, "number of neurons N", Index{1}, Index{100'000})
          .real("alpha_d", &P::alpha_d, "α_D = D / N (D features)", 0.0)
          .integer("sparsity", &P::sparsity, "L, non-zero coefficients per example", Index{1}, Index{1'000})
          .text("coefficients", &P::coefficients, "signed (±1) | binary (1) non-zero coefficients",
                [](std::string_view name) { coefficient_kind_from_name(name); })
          .real("alpha_min", &P::alpha_min, "smallest α = p / N", 0.0)
          .real("alpha_max", &P::alpha_max, "largest α (pseudoinverse points with p > N are skipped)", 0.0)
          .integer("points", &P::points, "α grid points (log spaced)", Index{1}, Index{10'000})
          .text("rules", &P::rules, "comma-separated: hebb, pseudoinverse",
                [](std::string_view text) { parse_rules(std::string(text)); })
          .integer("train_probes", &P::train_probes, "stored examples the dynamics start from (at most)",
                   Index{0}, Index{10'000'000})
          .integer("test_examples", &P::test_examples, "fresh test examples drawn", Index{0},
                   Index{10'000'000})
          .integer("control_examples", &P::control_examples, "random ±1 control states", Index{0},
                   Index{10'000'000})
          .real("threshold", &P::threshold, "m that counts as retrieved", 0.0, 1.0)
          .real("relative_ridge", &P::relative_ridge, "pseudoinverse ridge λ / (N p)", 0.0)
          .integer("max_sweeps", &P::max_sweeps, "sweep limit of the dynamics", 1, 1'000'000)
          .integer("span_features", &P::span_features,
                   "D of the small W_PI ξ = ξ demonstration table (0: no table; odd L only)", Index{0},
                   Index{1'000})
          .integer("threads", &P::threads, "OpenMP threads over α points (0: default)", 0, max_threads);
  return fields;
}

PhasesSettings read_settings(const PhasesParameters& parameters) {
  const Index neurons = parameters.neurons;
  const double alpha_d = parameters.alpha_d;
  const double alpha_max = parameters.alpha_max;
  const double threshold = parameters.threshold;
  require(alpha_d > 0.0, "random-features-phases: alpha_d must be > 0, got ", alpha_d);
  require(threshold > 0.0, "random-features-phases: threshold must lie in (0, 1], got ", threshold);
  require_memory("neurons", neurons, 8.0 * static_cast<double>(neurons) * static_cast<double>(neurons),
                 "the couplings");
  PhasesSettings settings;
  settings.seed = parameters.seed;
  settings.alpha_d = alpha_d;
  settings.alphas = log_grid(parameters.alpha_min, alpha_max, parameters.points);
  settings.rules = parse_rules(parameters.rules);
  settings.spec = {.neurons = neurons,
                   .features = std::max<Index>(1, std::llround(alpha_d * static_cast<double>(neurons))),
                   .sparsity = parameters.sparsity,
                   .coefficients = coefficient_kind_from_name(parameters.coefficients)};
  settings.max_stored = std::max<Index>(1, std::llround(alpha_max * static_cast<double>(neurons)));
  settings.test_examples = parameters.test_examples;
  settings.control_examples = parameters.control_examples;
  settings.span_features = parameters.span_features;
  settings.sweep.train_probes = parameters.train_probes;
  settings.sweep.threshold = threshold;
  settings.sweep.relative_ridge = parameters.relative_ridge;
  settings.sweep.recall.dynamics = Dynamics::Asynchronous;
  settings.sweep.recall.max_sweeps = parameters.max_sweeps;
  settings.sweep.recall.threads = parameters.threads;
  settings.sweep.share_over_processes = true;
  return settings;
}

// The α sweep of one coupling rule.
struct RuleSweep {
  CouplingRule rule = CouplingRule::Hebb;
  std::vector<AlphaPoint> points;
};

struct PhasesMeasurement {
  Index test_examples = 0;  ///< test examples drawn
  std::vector<RuleSweep> sweeps;
};

PhasesMeasurement measure(const PhasesSettings& settings, Progress& progress) {
  const RandomFeaturesData data = generate_random_features_data(
      settings.spec, settings.max_stored, settings.test_examples, derive_seed(settings.seed, 0));
  const Matrix control =
      random_binary_patterns(settings.spec.neurons, settings.control_examples, derive_seed(settings.seed, 1));
  PhasesMeasurement measurement{.test_examples = data.test.cols(), .sweeps = {}};
  progress.begin("random-features-phases",
                 static_cast<std::int64_t>(settings.rules.size() * settings.alphas.size()));
  for (const CouplingRule rule : settings.rules) {
    AlphaSweepOptions options = settings.sweep;
    options.recall.seed = derive_seed(settings.seed, 10 + static_cast<std::uint64_t>(rule));
    measurement.sweeps.push_back(
        {.rule = rule, .points = sweep_alpha(data, control, rule, settings.alphas, options, progress)});
  }
  progress.end();
  return measurement;
}

std::string geometry_text(const PhasesSettings& settings) {
  return fmt::format("N = {}, α_D = {}, L = {}", settings.spec.neurons, settings.alpha_d,
                     settings.spec.sparsity);
}

// One measured row of the magnetisation table (`pseudoinverse`: with the W ξ = ξ column).
std::vector<Cell> magnetisation_row(const AlphaPoint& point, bool pseudoinverse, double threshold) {
  std::vector<Cell> row{point.alpha, std::int64_t{point.stored}};
  for (const double value : {point.train.mean, point.train.standard_deviation, point.features.mean,
                             point.features.standard_deviation})
    row.emplace_back(value);
  row.push_back(measured(point.test, point.test.mean));
  row.push_back(measured(point.test, point.test.standard_deviation));
  row.emplace_back(std::int64_t{point.unseen_test});
  row.push_back(measured(point.test, point.test_fixed_points));
  row.push_back(measured(point.control, point.control.mean));
  if (pseudoinverse) row.push_back(measured(point.test, point.test_fixed_by_projection));
  row.push_back(phase_of(point, threshold));
  return row;
}

// The magnetisation table and figure of one rule.
void add_magnetisations(Result& result, const PhasesSettings& settings, const RuleSweep& sweep) {
  const std::string rule(coupling_rule_name(sweep.rule));
  const bool pseudoinverse = sweep.rule == CouplingRule::Pseudoinverse;
  Table table{
      .title = fmt::format("Final magnetisation against α, {} rule ({}, {} coefficients)", rule,
                           geometry_text(settings), coefficient_kind_name(settings.spec.coefficients)),
      .columns = {"α", "p", "train m", "train sd", "features m", "features sd", "test m", "test sd",
                  "unseen test", "test fixed points", "random m", "phase"},
      .rows = {},
      .decimals = {4, -1, 3, 3, 3, 3, 3, 3, -1, 3, 3, -1}};
  if (pseudoinverse) table.columns.insert(table.columns.end() - 1, "test with Wξ=ξ");
  if (pseudoinverse) table.decimals.insert(table.decimals.end() - 1, 3);
  Series train{.label = "train (stored)", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  Series features{.label = "features (never stored)", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  Series test{.label = "test (unseen examples)", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  Series random{.label = "random ±1 states (control)", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  auto add = [](Series& series, double x, const MagnetisationSummary& s) {
    series.x.push_back(x);
    series.y.push_back(s.mean);
    series.y_low.push_back(s.mean - s.standard_deviation);
    series.y_high.push_back(s.mean + s.standard_deviation);
  };
  for (const AlphaPoint& point : sweep.points) {
    if (point.skipped) {
      std::vector<Cell> row = {point.alpha, std::int64_t{point.stored}};
      row.resize(table.columns.size());
      row.back() = std::string("skipped (p > N)");
      table.add_row(std::move(row));
      continue;
    }
    table.add_row(magnetisation_row(point, pseudoinverse, settings.sweep.threshold));
    add(train, point.alpha, point.train);
    add(features, point.alpha, point.features);
    if (point.test.count > 0) add(test, point.alpha, point.test);
    if (point.control.count > 0) add(random, point.alpha, point.control);
  }
  result.tables.push_back(std::move(table));
  result.figures.push_back(
      Figure{.name = fmt::format("random-features-{}", rule),
             .title = fmt::format("Random-features Hopfield, {} rule: {}", rule, geometry_text(settings)),
             .x_label = "α = p / N",
             .y_label = "final magnetisation m",
             .log_x = true,
             .log_y = false,
             .series = {std::move(train), std::move(features), std::move(test), std::move(random)}});
}

Table boundaries_table(const PhasesSettings& settings, const PhasesMeasurement& measurement) {
  const double threshold = settings.sweep.threshold;
  Table table{.title = fmt::format(
                  "Phase boundaries (α where m crosses {}), N = {}, α_D = {} (D = {}), L = {}", threshold,
                  settings.spec.neurons, settings.alpha_d, settings.spec.features, settings.spec.sparsity),
              .columns = {"rule", "boundary", "phase that begins", "α (ours)", "how", "α (paper)"},
              .rows = {},
              .decimals = {-1, -1, -1, 4, -1, 4}};
  for (const RuleSweep& sweep : measurement.sweeps) {
    const PhaseBoundaries b = phase_boundaries(sweep.points, threshold);
    const std::string name(coupling_rule_name(sweep.rule));
    const bool pseudoinverse = sweep.rule == CouplingRule::Pseudoinverse;
    table.add_row({name, "train m falls below threshold", "end of storage", crossing_cell(b.storage),
                   crossing_text(b.storage, pseudoinverse), Cell()});
    table.add_row({name, "features m rises above threshold", "learning", crossing_cell(b.learning),
                   crossing_text(b.learning), Cell()});
    table.add_row({name, "test m rises above threshold", "generalisation", crossing_cell(b.generalisation),
                   crossing_text(b.generalisation), Cell()});
  }
  return table;
}

// Wall clock per point: how long a point takes, not a result.
Table timing_table(const PhasesMeasurement& measurement) {
  Table table{.title =
                  "Cost per α point (wall clock of the point on its thread; points run in parallel; not "
                  "part of the results)",
              .columns = {"rule", "α", "p", "build W (s)", "dynamics (s)", "starts", "mean sweeps per start",
                          "ms per sweep per start"},
              .rows = {},
              .decimals = {-1, 4, -1, 3, 3, -1, 2, 3}};
  for (const RuleSweep& sweep : measurement.sweeps) {
    for (const AlphaPoint& point : sweep.points) {
      if (point.skipped) continue;
      table.add_row({std::string(coupling_rule_name(sweep.rule)), point.alpha, std::int64_t{point.stored},
                     point.build_seconds, point.recall_seconds, std::int64_t{point.starts},
                     static_cast<double>(point.sweeps) / static_cast<double>(point.starts),
                     1e3 * point.recall_seconds / static_cast<double>(point.sweeps)});
    }
  }
  return table;
}

std::vector<std::string> phases_notes(const PhasesSettings& settings, const PhasesMeasurement& measurement) {
  const double threshold = settings.sweep.threshold;
  return {
      fmt::format(
          "Data: F ∈ {{±1}}^(N×D) uniform, D = round(α_D N) = {}; each example ξ = sign(F c) with exactly "
          "L = {} non-zero {} coefficients on distinct features. Train = the first p = round(α N) of one "
          "stream of examples (so the sets are nested along α); features = the D columns of F; test = {} "
          "fresh examples, of which only those whose coefficient vector differs from every stored one "
          "are measured ('unseen test'). Ties (F c)_i = 0 (even L only) get a seeded random sign.",
          settings.spec.features, settings.spec.sparsity, coefficient_kind_name(settings.spec.coefficients),
          measurement.test_examples),
      fmt::format(
          "Dynamics: zero temperature, asynchronous (a fresh random order every sweep), ties h_i = 0 keep "
          "the unit, at most {} sweeps, started exactly at the pattern; m = (1/N) Σ_i s_i ξ_i between the "
          "final state and the start. 'train m' is over the first min(p, {}) stored examples. Phases: "
          "storage while train m ≥ {}, learning once features m ≥ {}, generalisation once unseen test m "
          "≥ {} (means; sd = spread over starts).",
          settings.sweep.recall.max_sweeps, settings.sweep.train_probes, threshold, threshold, threshold),
      "Coefficients: the default is signed (±1 on the L chosen features). With binary coefficients (all 1, "
      "the "
      "write-up's wording; --set coefficients=binary) every example correlates with sign(Σ_k f_k); the Hebb "
      "matrix "
      "then has a dominant 'centroid' direction, and at N = 400, α_D = 0.05 all three Hebb curves settle "
      "near "
      "m ≈ 0.25–0.3 for α ≥ 0.07 — no learning or generalisation phase up to α = 30 — while the "
      "pseudoinverse "
      "(which does not weight directions by their variance) still learns and generalises.",
      "Pseudoinverse: W = X (XᵀX + λI)⁻¹ Xᵀ with λ = relative_ridge · N p (examples are linearly dependent: "
      "ξ(−c) = −ξ(c)), i.e. the projection onto span(X) up to O(λ); W_ii is kept, so W ξ = ξ for every "
      "stored "
      "ξ and train m = 1 at every α ≤ 1 — the storage phase never ends. Points with p > N are skipped: there "
      "span(X) = R^N, W → I and every state, random ones included, is a fixed point. The 'random m' column "
      "is "
      "the control for that: as α → 1 the diagonal W_ii ≈ α alone freezes random states.",
      "Why the pseudoinverse generalises at once: for L = 3, sign(a + b + c) = (a + b + c − abc)/2 for ±1 "
      "values, so an example is ½ Σ_k c_k f_k − ½ c_a c_b c_c f_a∘f_b∘f_c. Once the stored examples span the "
      "features f_k (and, for exactness, the product of the test example's three features), W_PI projects an "
      "unseen mixture onto itself: W_PI ξ = ξ exactly ('test with Wξ=ξ', residual ≤ 1e-8), so it is a fixed "
      "point and m = 1.0. In the main sweep D is large, a held-out mixture brings a product f_a∘f_b∘f_c that "
      "no "
      "stored example contains, so the exact identity column stays 0; but W_PI ξ ≈ ½ Σ_k c_k f_k already has "
      "the sign of ξ ('test fixed points'), which is the jump seen in test m. The extra table shows the "
      "exact "
      "identity switching on at small D, where the whole mixture space (dimension Σ_{j odd ≤ L} C(D, j)) "
      "fits "
      "below p = N.",
      "The 'α (paper)' column stays empty: Kalaj et al. (2024) publish no boundary values for this "
      "protocol (binary or signed coefficients, N = 400); their own protocol, with their figures and theory "
      "beside ours, is the experiment random-features-paper."};
}

Result run_random_features_phases(const PhasesParameters& parameters, Progress& progress) {
  const PhasesSettings settings = read_settings(parameters);
  const PhasesMeasurement measurement = measure(settings, progress);
  Result result;
  for (const RuleSweep& sweep : measurement.sweeps) add_magnetisations(result, settings, sweep);
  result.tables.push_back(boundaries_table(settings, measurement));
  const Index sparsity = settings.spec.sparsity;
  const Index span_features = settings.span_features;
  const bool with_pseudoinverse = std::find(settings.rules.begin(), settings.rules.end(),
                                            CouplingRule::Pseudoinverse) != settings.rules.end();
  if (with_pseudoinverse && span_features > 0 && sparsity % 2 == 1 && span_features >= sparsity) {
    result.tables.push_back(projection_identity_table(settings.spec.neurons, span_features, sparsity,
                                                      derive_seed(settings.seed, 2)));
  }
  result.tables.push_back(timing_table(measurement));
  result.notes = phases_notes(settings, measurement);
  return result;
}

}  // namespace

Experiment random_features_phases_experiment() {
  return typed_experiment(
      {.name = "random-features-phases",
       .summary =
           "random-features Hopfield: train / feature / test magnetisation against α, Hebb and pseudoinverse",
       .source = "[2], section \"The surprise: same learning rule, different geometry, totally different "
                 "outcome\": storage, learning and generalisation phases (Kalaj et al. 2024)"},
      phases_fields(), run_random_features_phases);
}

}  // namespace hopfield::experiments
