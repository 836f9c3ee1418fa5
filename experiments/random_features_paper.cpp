// random-features-paper — the simulation protocol of Kalaj, Lauditi, Perugini, Lucibello, Malatesta & Negri
// (2024), "Random Features Hopfield Networks generalize retrieval to previously unseen examples", write-up
// [2] section "The surprise": features F ∈ {±1}^(N×D); training examples ξ = sign(Σ_k c_k f_k) of L = 3
// distinct features with ±1 coefficients, sign(0) = +1; Hebb couplings with zero diagonal; zero-temperature
// asynchronous dynamics in a fresh random order every sweep, at most 500 sweeps, started at the probe;
// m = (1/N) s_final · s_start for probes from the features, the stored examples and unseen mixtures of
// L = 3, 5 and 7 features; several samples, each with a fresh F. Our means beside the paper's, and the α
// where each mixture set becomes stable beside the paper's theory.
#include "random_features_paper.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

#include "catalogue.hpp"
#include "hopfield/error.hpp"
#include "hopfield/nested_hebb.hpp"
#include "hopfield/random.hpp"
#include "hopfield/random_features.hpp"
#include "hopfield/statistics.hpp"
#include "item_progress.hpp"
#include "paper_references.hpp"

namespace hopfield::experiments {
namespace paper_protocol {

Matrix mixtures(const Matrix& feature_matrix, const Matrix& coefficients) {
  require(coefficients.rows() == feature_matrix.cols(), "mixtures: coefficients have ", coefficients.rows(),
          " rows, expected D = ", feature_matrix.cols());
  Matrix sums = feature_matrix * coefficients;
  return sums.unaryExpr([](double x) { return x >= 0.0 ? 1.0 : -1.0; });
}

double final_overlap(const Vector& final_state, const Vector& start) {
  require(final_state.size() == start.size() && start.size() > 0, "final_overlap: states of length ",
          final_state.size(), " and ", start.size(), ", expected equal and non-zero");
  return final_state.dot(start) / static_cast<double>(start.size());
}

std::vector<double> alpha_grid(int first_exponent, int last_exponent, int steps_per_decade) {
  require(steps_per_decade >= 1, "alpha_grid: steps_per_decade = ", steps_per_decade, ", expected >= 1");
  require(first_exponent <= last_exponent, "alpha_grid: first_exponent = ", first_exponent,
          " exceeds last_exponent = ", last_exponent);
  std::vector<double> grid;
  for (int k = first_exponent; k <= last_exponent; ++k)
    grid.push_back(std::pow(10.0, static_cast<double>(k) / static_cast<double>(steps_per_decade)));
  return grid;
}

namespace {
double sample_sd(const std::vector<double>& values) {
  if (values.size() < 2) return 0.0;
  double mean = 0.0;
  for (const double v : values) mean += v;
  mean /= static_cast<double>(values.size());
  double squares = 0.0;
  for (const double v : values) squares += (v - mean) * (v - mean);
  return std::sqrt(squares / static_cast<double>(values.size() - 1));
}
}  // namespace

Comparison compare_with_paper(const std::vector<double>& sample_means,
                              const std::vector<double>& single_values, double paper, Index paper_samples,
                              double reading_tolerance) {
  require(!sample_means.empty() && !single_values.empty(), "compare_with_paper: no values");
  require(paper_samples >= 1, "compare_with_paper: paper_samples = ", paper_samples, ", expected >= 1");
  Comparison c;
  for (const double v : sample_means) c.ours += v;
  c.ours /= static_cast<double>(sample_means.size());
  c.sample_sd = sample_sd(sample_means);
  c.single_sd = sample_sd(single_values);
  const double se_ours = c.sample_sd / std::sqrt(static_cast<double>(sample_means.size()));
  const double se_paper = c.single_sd / std::sqrt(static_cast<double>(paper_samples));
  c.difference = c.ours - paper;
  c.allowed = 2.0 * std::hypot(se_ours, se_paper) + reading_tolerance;
  c.agrees = std::abs(c.difference) <= c.allowed;
  return c;
}

}  // namespace paper_protocol

namespace {

namespace ref = reference::random_features_paper;
using namespace paper_protocol;

struct PaperParameters {
  std::uint64_t seed = 42;
  Index neurons = 2000;
  double alpha_d = ref::alpha_d;
  Index train_sparsity = ref::train_sparsity;
  std::string test_sparsities = "3,5,7";
  Index samples = 10;
  Index probes = 4;
  int first_exponent = -28;
  int last_exponent = 0;
  int steps_per_decade = 20;
  int max_sweeps = 500;
  double threshold = 0.9;
  int threads = 0;
};

const ParameterFields<PaperParameters>& paper_fields() {
  using P = PaperParameters;
  static const auto fields =
      ParameterFields<P>()
          .seed(&P::seed)
          .integer("neurons", &P::neurons, "number of neurons N (the paper: 8000)", Index{10}, Index{32'767})
          .real("alpha_d", &P::alpha_d, "α_D = D / N (the paper: 0.005)", 0.0, 1.0)
          .integer("train_sparsity", &P::train_sparsity, "L of the stored examples (the paper: 3)", Index{1},
                   Index{1'000})
          .text("test_sparsities", &P::test_sparsities, "L of the unseen test mixture sets, e.g. 3,5,7",
                [](std::string_view text) { positive_integer_list("test_sparsities", std::string(text)); })
          .integer("samples", &P::samples, "samples, each with a fresh F (the paper: 10)", Index{1},
                   Index{10'000})
          .integer("probes", &P::probes, "probes per set and sample (the paper's scripts: 1)", Index{1},
                   Index{10'000})
          .integer("first_exponent", &P::first_exponent,
                   "smallest α = 10^(first_exponent / steps_per_decade)", -1000, 1000)
          .integer("last_exponent", &P::last_exponent, "largest α = 10^(last_exponent / steps_per_decade)",
                   -1000, 1000)
          .integer("steps_per_decade", &P::steps_per_decade, "grid points per decade of α (the paper: 20)", 1,
                   1000)
          .integer("max_sweeps", &P::max_sweeps, "sweep limit of the dynamics (the paper: 500)", 1, 1'000'000)
          .real("threshold", &P::threshold, "mean m at which a mixture set counts as stable", 0.0, 1.0)
          .integer("threads", &P::threads, "OpenMP threads over samples (0: default)", 0, max_threads);
  return fields;
}

/// The probe sets, in the order of the tracked states: features, train, then one test set per L.
struct ProbeSets {
  std::vector<std::string> names;
  std::vector<Index> test_sparsity;  ///< per set; 0 for features and train
};

struct Settings {
  PaperParameters parameters;
  Index features = 0;  ///< D
  std::vector<Index> test_sparsities;
  std::vector<double> alphas;
  std::vector<Index> stored;  ///< p = round(α N) per α
  ProbeSets sets;
};

Settings read_settings(const PaperParameters& p) {
  Settings s{.parameters = p, .features = 0, .test_sparsities = {}, .alphas = {}, .stored = {}, .sets = {}};
  s.features = std::llround(p.alpha_d * static_cast<double>(p.neurons));
  for (const std::int64_t l : positive_integer_list("test_sparsities", p.test_sparsities))
    s.test_sparsities.push_back(l);
  const Index largest_l =
      std::max(p.train_sparsity, *std::max_element(s.test_sparsities.begin(), s.test_sparsities.end()));
  require(s.features >= largest_l, "random-features-paper: D = round(alpha_d * neurons) = ", s.features,
          " is smaller than the largest L = ", largest_l, "; raise neurons or alpha_d");
  s.alphas = alpha_grid(p.first_exponent, p.last_exponent, p.steps_per_decade);
  for (const double alpha : s.alphas)
    s.stored.push_back(std::llround(alpha * static_cast<double>(p.neurons)));
  require(s.stored.front() >= p.probes, "random-features-paper: the smallest α stores p = ", s.stored.front(),
          " examples, fewer than probes = ", p.probes, " train probes");
  require(s.stored.back() <= 32'767, "random-features-paper: the largest α stores p = ", s.stored.back(),
          ", expected at most 32767 (16-bit couplings)");
  require_memory("neurons", p.neurons,
                 2.0 * static_cast<double>(p.neurons) * static_cast<double>(p.neurons) *
                     static_cast<double>(std::min<Index>(p.samples, omp_get_max_threads())),
                 "the 16-bit couplings of the samples run at once");
  s.sets.names = {"features", "train"};
  s.sets.test_sparsity = {0, 0};
  for (const Index l : s.test_sparsities) {
    s.sets.names.push_back(fmt::format("test L = {}", l));
    s.sets.test_sparsity.push_back(l);
  }
  return s;
}

/// m of every probe: overlaps[α][set][probe].
using SampleOverlaps = std::vector<std::vector<std::vector<double>>>;

struct SampleData {
  Matrix feature_matrix;
  Matrix train_coefficients;  ///< D x p_max
  Matrix tracked;             ///< the probes, set after set
};

SampleData draw_sample(const Settings& s, std::uint64_t seed) {
  const PaperParameters& p = s.parameters;
  const Index n = p.neurons, d = s.features, probes = p.probes;
  SampleData data;
  data.feature_matrix = random_feature_matrix(n, d, derive_seed(seed, 0));
  std::vector<Matrix> tests;
  Matrix held_out(d, 0);  // the unseen test mixtures of the training law: a stored example never equals ± one
  for (std::size_t t = 0; t < s.test_sparsities.size(); ++t) {
    const Index l = s.test_sparsities[t];
    const Matrix c = sparse_coefficients(d, l, probes, CoefficientKind::Signed, derive_seed(seed, 10 + t));
    if (l == p.train_sparsity) {
      held_out.conservativeResize(d, held_out.cols() + probes);
      held_out.rightCols(probes) = c;
    }
    tests.push_back(mixtures(data.feature_matrix, c));
  }
  data.train_coefficients = sparse_coefficients(d, p.train_sparsity, s.stored.back(), CoefficientKind::Signed,
                                                derive_seed(seed, 1), held_out);
  const Index feature_probes = std::min(probes, d);
  data.tracked.resize(n, feature_probes + probes * static_cast<Index>(1 + tests.size()));
  data.tracked.leftCols(feature_probes) = data.feature_matrix.leftCols(feature_probes);
  data.tracked.middleCols(feature_probes, probes) =
      mixtures(data.feature_matrix, data.train_coefficients.leftCols(probes));
  for (std::size_t t = 0; t < tests.size(); ++t)
    data.tracked.middleCols(feature_probes + probes * static_cast<Index>(1 + t), probes) = tests[t];
  return data;
}

// One sample: the network grows through the α grid; at each α the dynamics run from every probe.
SampleOverlaps run_sample(const Settings& s, std::uint64_t seed) {
  const PaperParameters& p = s.parameters;
  const SampleData data = draw_sample(s, seed);
  NestedHebbNetwork network(p.neurons, data.tracked);
  const Index feature_probes = std::min(p.probes, s.features);
  SampleOverlaps out(s.alphas.size());
  for (std::size_t a = 0; a < s.alphas.size(); ++a) {
    const Index from = network.pattern_count(), to = s.stored[a];
    if (to > from)
      network.add_patterns(
          mixtures(data.feature_matrix, data.train_coefficients.middleCols(from, to - from)));
    const SignDynamicsOptions options{
        .max_sweeps = p.max_sweeps, .seed = derive_seed(seed, 100 + a), .zero_field = ZeroFieldRule::PlusOne};
    out[a].resize(s.sets.names.size());
    for (Index k = 0; k < data.tracked.cols(); ++k) {
      const std::size_t set =
          k < feature_probes ? 0 : 1 + static_cast<std::size_t>((k - feature_probes) / p.probes);
      const SignDynamicsRun run = network.run_from_tracked(k, options);
      out[a][set].push_back(final_overlap(run.state, data.tracked.col(k)));
    }
  }
  return out;
}

struct Measurement {
  std::vector<SampleOverlaps> samples;
  double seconds = 0.0;
};

Measurement measure(const Settings& s, Progress& progress) {
  const PaperParameters& p = s.parameters;
  Measurement m;
  const auto start = std::chrono::steady_clock::now();
  progress.begin("random-features-paper", p.samples);
  m.samples = map_items_with_progress(
      p.samples, [&](Index k) { return run_sample(s, derive_seed(p.seed, static_cast<std::uint64_t>(k))); },
      progress, p.threads);
  progress.end();
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return m;
}

// Per-sample means and all single-probe values of one set at one α.
struct SetValues {
  std::vector<double> sample_means;
  std::vector<double> singles;
  double mean() const {
    double sum = 0.0;
    for (const double v : sample_means) sum += v;
    return sum / static_cast<double>(sample_means.size());
  }
};

SetValues values_of(const Measurement& m, std::size_t alpha, std::size_t set) {
  SetValues v;
  for (const SampleOverlaps& sample : m.samples) {
    const std::vector<double>& probes = sample[alpha][set];
    double sum = 0.0;
    for (const double x : probes) sum += x;
    v.sample_means.push_back(sum / static_cast<double>(probes.size()));
    v.singles.insert(v.singles.end(), probes.begin(), probes.end());
  }
  return v;
}

// The published mean of `set` at a tabulated α, if the paper gives one for that set.
std::optional<double> paper_value(const ref::OverlapRow& row, const ProbeSets& sets, std::size_t set) {
  if (set == 0) return row.features;
  if (set == 1) return row.train;
  switch (sets.test_sparsity[set]) {
    case 3:
      return row.test_3;
    case 5:
      return row.test_5;
    case 7:
      return row.test_7;
    default:
      return std::nullopt;
  }
}

// The grid α nearest to a tabulated one (within 3 %), if any.
std::optional<std::size_t> grid_index(const std::vector<double>& alphas, double alpha) {
  for (std::size_t a = 0; a < alphas.size(); ++a)
    if (std::abs(alphas[a] / alpha - 1.0) < 0.03) return a;
  return std::nullopt;
}

Table comparison_table(const Settings& s, const Measurement& m) {
  const PaperParameters& p = s.parameters;
  Table table{
      .title = fmt::format("Mean final overlap m, ours (N = {}, α_D = {}, D = {}, L = {}, {} samples × "
                           "{} probes per set) beside the paper's (N = 8000, α_D = 0.005, 10 samples)",
                           p.neurons, p.alpha_d, s.features, p.train_sparsity, p.samples, p.probes),
      .columns = {"α (paper)", "α (ours)", "probe set", "m (ours)", "sd over samples", "sd of one probe",
                  "m (paper)", "ours − paper", "allowed", "agrees"},
      .rows = {},
      .decimals = {2, 4, -1, 3, 3, 3, 2, 3, 3, -1}};
  for (const ref::OverlapRow& row : ref::overlaps) {
    const std::optional<std::size_t> a = grid_index(s.alphas, row.alpha);
    if (!a) continue;
    for (std::size_t set = 0; set < s.sets.names.size(); ++set) {
      const SetValues v = values_of(m, *a, set);
      const std::optional<double> paper = paper_value(row, s.sets, set);
      std::vector<Cell> cells{row.alpha, s.alphas[*a], s.sets.names[set], v.mean()};
      if (!paper) {
        const Comparison c = compare_with_paper(v.sample_means, v.singles, 0.0, ref::samples, 0.0);
        for (const Cell& cell : std::vector<Cell>{c.sample_sd, c.single_sd, Cell(), Cell(), Cell(), Cell()})
          cells.push_back(cell);
      } else {
        const Comparison c =
            compare_with_paper(v.sample_means, v.singles, *paper, ref::samples, ref::reading_tolerance);
        for (const Cell& cell :
             std::vector<Cell>{c.sample_sd, c.single_sd, *paper, c.difference, c.allowed, c.agrees})
          cells.push_back(cell);
      }
      table.add_row(std::move(cells));
    }
  }
  return table;
}

// The first α (log-interpolated) where the set's mean m reaches the threshold, from the mean curve.
Crossing stable_from(const Settings& s, const std::vector<double>& curve) {
  return first_crossing(s.alphas, curve, s.parameters.threshold, true, true);
}

Table stability_table(const Settings& s, const Measurement& m) {
  Table table{.title = fmt::format("α where each probe set becomes stable (mean m ≥ {}), ours beside the "
                                   "paper's theory at α_D = 0.005",
                                   s.parameters.threshold),
              .columns = {"probe set", "α (ours)", "lowest of samples", "highest of samples",
                          "samples reaching it", "α (paper theory)", "ours / theory"},
              .rows = {},
              .decimals = {-1, 3, 3, 3, -1, 3, 2}};
  for (std::size_t set = 0; set < s.sets.names.size(); ++set) {
    std::vector<double> curve;
    for (std::size_t a = 0; a < s.alphas.size(); ++a) curve.push_back(values_of(m, a, set).mean());
    const Crossing ours = stable_from(s, curve);
    double low = 0.0, high = 0.0;
    std::int64_t reached = 0;
    for (std::size_t k = 0; k < m.samples.size(); ++k) {
      std::vector<double> own;
      for (std::size_t a = 0; a < s.alphas.size(); ++a) own.push_back(values_of(m, a, set).sample_means[k]);
      const Crossing c = stable_from(s, own);
      if (!c.found) continue;
      low = reached == 0 ? c.x : std::min(low, c.x);
      high = reached == 0 ? c.x : std::max(high, c.x);
      ++reached;
    }
    Cell theory, ratio;
    for (const ref::StabilityLine& line : ref::stability) {
      if (set >= 2 && line.sparsity == s.sets.test_sparsity[set]) {
        theory = line.alpha;
        if (ours.found) ratio = ours.x / line.alpha;
      }
    }
    table.add_row({s.sets.names[set], ours.found ? Cell(ours.x) : Cell(), reached > 0 ? Cell(low) : Cell(),
                   reached > 0 ? Cell(high) : Cell(), fmt::format("{} of {}", reached, m.samples.size()),
                   theory, ratio});
  }
  return table;
}

Figure overlap_figure(const Settings& s, const Measurement& m) {
  Figure figure{
      .name = "random-features-paper",
      .title = fmt::format("Random-features Hopfield, the paper's protocol: N = {}, α_D = {}, L = {}",
                           s.parameters.neurons, s.parameters.alpha_d, s.parameters.train_sparsity),
      .x_label = "α = p / N",
      .y_label = "final overlap m",
      .log_x = true,
      .log_y = false,
      .series = {}};
  for (std::size_t set = 0; set < s.sets.names.size(); ++set) {
    Series ours{.label = s.sets.names[set] + " (ours, ± sd over samples)",
                .x = s.alphas,
                .y = {},
                .y_low = {},
                .y_high = {}};
    Series paper{
        .label = "paper (N = 8000): " + s.sets.names[set], .x = {}, .y = {}, .y_low = {}, .y_high = {}};
    for (std::size_t a = 0; a < s.alphas.size(); ++a) {
      const SetValues v = values_of(m, a, set);
      const Comparison c = compare_with_paper(v.sample_means, v.singles, 0.0, 1, 0.0);
      ours.y.push_back(c.ours);
      ours.y_low.push_back(c.ours - c.sample_sd);
      ours.y_high.push_back(c.ours + c.sample_sd);
    }
    for (const ref::OverlapRow& row : ref::overlaps) {
      if (const std::optional<double> value = paper_value(row, s.sets, set)) {
        paper.x.push_back(row.alpha);
        paper.y.push_back(*value);
      }
    }
    figure.series.push_back(std::move(ours));
    if (!paper.x.empty()) figure.series.push_back(std::move(paper));
  }
  for (const ref::StabilityLine& line : ref::stability) {
    if (std::find(s.test_sparsities.begin(), s.test_sparsities.end(), line.sparsity) ==
        s.test_sparsities.end())
      continue;
    figure.series.push_back(
        Series{.label = fmt::format("theory (paper): L = {} stable from α = {}", line.sparsity, line.alpha),
               .x = {line.alpha, line.alpha},
               .y = {0.0, 1.0},
               .y_low = {},
               .y_high = {}});
  }
  return figure;
}

std::vector<std::string> paper_notes(const Settings& s, const Measurement& m) {
  const PaperParameters& p = s.parameters;
  return {
      fmt::format(
          "Protocol (the paper's): F ∈ {{±1}}^(N×D) uniform, D = round(α_D N) = {}; an example of L "
          "features is ξ = sign(Σ_k c_k f_k) over L distinct features with independent ±1 coefficients, "
          "sign(0) = +1; stored: p = round(α N) examples with L = {}, the first p of one stream, so "
          "the training sets are nested along α; couplings C_ij = Σ_μ ξ_iμ ξ_jμ, C_ii = 0 (Hebb; the "
          "1/N scale does not change the signs); dynamics at zero temperature, one unit at a time in a "
          "fresh random order every sweep, s_i ← sign(h_i) with sign(0) = +1, at most {} sweeps, "
          "started at the probe; m = (1/N) s_final · s_start.",
          s.features, p.train_sparsity, p.max_sweeps),
      fmt::format(
          "Probes per sample: the first {} features, the first {} stored examples (stored at every α), "
          "and {} unseen mixtures per test set (L = {}); test mixtures with the training L are held "
          "out: no stored example equals ± one of them. {} samples, each with its own F, examples, "
          "probes and update orders; α = 10^(k/{}) for k = {} … {} (the paper's grid).",
          std::min(p.probes, s.features), p.probes, p.probes, p.test_sparsities, p.samples,
          p.steps_per_decade, p.first_exponent, p.last_exponent),
      "Comparison: 'm (ours)' is the mean over samples of each sample's mean over its probes; 'sd over "
      "samples' is the spread of those per-sample means; 'sd of one probe' the spread of single probes. The "
      "paper's published mean averages 10 single probes (one per sample), so it carries noise sd_one / √10 "
      "of its own, and is read to ±0.05. 'agrees' is |ours − paper| ≤ 2 √(sd_samples² / samples + "
      "sd_one² / 10) + 0.05 ('allowed').",
      "Stability: the first α (interpolated in log α) where a set's mean m reaches the threshold, and the "
      "lowest and highest of the same α read off each sample's own curve. The paper's theory values are "
      "spinodal lines (N → ∞) at α_D = 0.005 for training examples with L = 3; they apply to these runs only "
      "at the paper's α_D and L.",
      fmt::format(
          "Couplings are 16-bit integers grown by popcounts as α increases (each training set contains "
          "the previous one), and the probes' fields are carried along, so a sample costs about one "
          "build of its largest network. Wall clock of this run: {:.1f} s (not a result).",
          m.seconds)};
}

Result run_random_features_paper(const PaperParameters& parameters, Progress& progress) {
  const Settings settings = read_settings(parameters);
  const Measurement measurement = measure(settings, progress);
  Result result;
  result.tables.push_back(comparison_table(settings, measurement));
  result.tables.push_back(stability_table(settings, measurement));
  result.figures.push_back(overlap_figure(settings, measurement));
  result.notes = paper_notes(settings, measurement);
  return result;
}

}  // namespace

Experiment random_features_paper_experiment() {
  return typed_experiment(
      {.name = "random-features-paper",
       .summary = "random-features Hopfield with the paper's protocol: m of features, stored and unseen "
                  "L = 3, 5, 7 mixtures against α, beside Kalaj et al.'s figures and theory",
       .source = "[2], section \"The surprise\"; Kalaj, Lauditi, Perugini, Lucibello, Malatesta & Negri "
                 "(2024), simulations at N = 8000, α_D = 0.005 and spinodal lines"},
      paper_fields(), run_random_features_paper);
}

}  // namespace hopfield::experiments
