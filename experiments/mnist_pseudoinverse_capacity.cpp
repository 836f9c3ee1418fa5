// mnist-pseudoinverse-capacity — write-up [2], "The pseudoinverse fix and its capacity cliff": p real MNIST
// digits stored with the pseudoinverse (projection) rule and with Hebb, every stored digit probed with 10 %
// pixel noise; the fraction of probes that end exactly on their original. The write-up's cliff lies between
// p ≈ 150 and 250. The experiment repeats over random draws of the digits (Wilson 95 % intervals), adds a
// finer p grid around the cliff, and measures how the protocol choices (diagonal, dynamics, which digits,
// noise model) move it.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>

#include "catalogue.hpp"
#include "hopfield/classical.hpp"
#include "hopfield/error.hpp"
#include "hopfield/random.hpp"
#include "hopfield/statistics.hpp"
#include "item_progress.hpp"
#include "mnist_data.hpp"

namespace hopfield::experiments {
namespace {

struct Protocol {
  std::string label;
  bool zero_diagonal = false;
  Dynamics dynamics = Dynamics::Asynchronous;
  std::string digits = "random";  // random | balanced | same-class
  std::string noise_model = "probability";
};

struct Tally {
  std::int64_t pseudoinverse = 0;
  std::int64_t hebb = 0;
  std::int64_t queries = 0;
  double worst_draw = 1.0;  // smallest per-draw PI success fraction
  double best_draw = 0.0;
};

std::vector<Index> choose_digits(const Dataset& dataset, Index p, const std::string& digits,
                                 std::uint64_t seed, Index draw) {
  const Index total = dataset.size();
  if (digits == "random") {
    require(p <= total, "mnist-pseudoinverse-capacity: p = ", p, " exceeds the ", total, " images");
    Rng rng(seed);
    return rng.sample_without_replacement(total, p);
  }
  if (digits == "balanced") {
    // p / 10 of each class, the remainder from classes 0, 1, ...
    std::vector<Index> chosen;
    for (int label = 0; label <= 9; ++label) {
      const Index want = p / 10 + (label < p % 10 ? 1 : 0);
      if (want == 0) continue;
      const std::vector<Index> members = indices_of_class(dataset.labels, label);
      require(want <= static_cast<Index>(members.size()), "mnist-pseudoinverse-capacity: class ", label,
              " has ", members.size(), " images, ", want, " wanted");
      Rng rng(derive_seed(seed, static_cast<std::uint64_t>(label)));
      for (const auto k : rng.sample_without_replacement(static_cast<std::int64_t>(members.size()), want))
        chosen.push_back(members[static_cast<std::size_t>(k)]);
    }
    return chosen;
  }
  if (digits == "same-class") {
    const int label = static_cast<int>(draw % 10);
    const std::vector<Index> members = indices_of_class(dataset.labels, label);
    require(p <= static_cast<Index>(members.size()), "mnist-pseudoinverse-capacity: class ", label, " has ",
            members.size(), " images, p = ", p, " wanted");
    Rng rng(seed);
    std::vector<Index> chosen;
    for (const auto k : rng.sample_without_replacement(static_cast<std::int64_t>(members.size()), p))
      chosen.push_back(members[static_cast<std::size_t>(k)]);
    return chosen;
  }
  throw Error(fmt::format("parameter 'digits': unknown choice '{}'; expected random, balanced or same-class",
                          digits));
}

// Draw number `draw` of p digits (seeded by derive_seed(seed, draw)); every stored digit is probed once.
Tally run_draw(const MnistData& data, Index p, Index draw, const Protocol& protocol, double noise,
               bool with_hebb, std::uint64_t seed) {
  Tally tally;
  const std::uint64_t draw_seed = derive_seed(seed, static_cast<std::uint64_t>(draw));
  const DigitDraw digits =
      draw_digits(data, choose_digits(data.dataset, p, protocol.digits, derive_seed(draw_seed, 0), draw),
                  {.level = noise, .model = protocol.noise_model}, derive_seed(draw_seed, 1));
  const Matrix& stored = digits.stored;
  const Matrix& probes = digits.probes;
  RecallOptions options;
  options.dynamics = protocol.dynamics;
  options.seed = derive_seed(draw_seed, 2);
  std::int64_t successes = 0;
  try {
    const auto network =
        ClassicalHopfield::pseudoinverse(stored, {.ridge = 0.0, .zero_diagonal = protocol.zero_diagonal});
    const RecallResult recall = network.recall(probes, options);
    for (Index k = 0; k < p; ++k) successes += recall.states.col(k) == stored.col(k);
  } catch (const Error&) {
    // Linearly dependent digits (e.g. a duplicate image): the projection rule is undefined; count failures.
  }
  if (with_hebb) {
    const RecallResult recall = ClassicalHopfield::hebb(stored).recall(probes, options);
    for (Index k = 0; k < p; ++k) tally.hebb += recall.states.col(k) == stored.col(k);
  }
  tally.pseudoinverse = successes;
  tally.queries = p;
  tally.worst_draw = tally.best_draw = static_cast<double>(successes) / static_cast<double>(p);
  return tally;
}

// Adds one draw's tally to a cell's (sums, and the extremes of the per-draw fractions: the same in any
// order).
void add_draw(Tally& cell, const Tally& draw) {
  cell.pseudoinverse += draw.pseudoinverse;
  cell.hebb += draw.hebb;
  cell.queries += draw.queries;
  cell.worst_draw = std::min(cell.worst_draw, draw.worst_draw);
  cell.best_draw = std::max(cell.best_draw, draw.best_draw);
}

// One cell of a table: run_draw's arguments and, once run, its tally over the cell's draws.
struct CellJob {
  Index p = 0;
  Index draws = 1;
  const Protocol* protocol = nullptr;
  bool with_hebb = false;
  std::uint64_t seed = 0;
  Tally tally;
};

// Every draw of every cell in parallel over threads and processes, largest p first (the cost grows with p).
// Draws are independent (each from its own seed; the recall inside a draw runs on the draw's thread), so the
// tallies are the same for any thread or process count. One progress unit per draw.
void run_cells(std::vector<CellJob>& jobs, const MnistData& data, double noise, Progress& progress) {
  std::vector<std::pair<std::size_t, Index>> draws;  // (job, draw), largest p first
  for (std::size_t j = 0; j < jobs.size(); ++j)
    for (Index d = 0; d < jobs[j].draws; ++d) draws.emplace_back(j, d);
  std::stable_sort(draws.begin(), draws.end(),
                   [&](const auto& a, const auto& b) { return jobs[a.first].p > jobs[b.first].p; });
  const std::vector<Tally> tallies = map_items_with_progress(
      static_cast<Index>(draws.size()),
      [&](Index k) {
        const auto& [j, d] = draws[static_cast<std::size_t>(k)];
        const CellJob& job = jobs[j];
        return run_draw(data, job.p, d, *job.protocol, noise, job.with_hebb, job.seed);
      },
      progress);
  for (std::size_t k = 0; k < draws.size(); ++k) add_draw(jobs[draws[k].first].tally, tallies[k]);
}

Cell seed_hebb(Index p) {
  static const std::map<Index, double> table = {{10, 0.0},  {100, 0.0}, {150, 0.0},
                                                {200, 0.0}, {250, 0.0}, {300, 0.0}};
  const auto found = table.find(p);
  return found == table.end() ? Cell() : Cell(found->second);
}

struct CapacitySettings {
  std::uint64_t seed = 0;
  double noise = 0.0;
  Index draws = 1;                ///< per p of the two p grids
  Index protocol_draws = 1;       ///< per cell of the protocol table
  std::vector<Index> coarse;      ///< the write-up's p grid
  std::vector<Index> fine;        ///< the finer grid around the cliff
  std::vector<Index> protocol_p;  ///< the p of the protocol table
  Protocol baseline;
  std::string baseline_text;  ///< the baseline protocol in words
};

struct CapacityParameters : MnistParameters {
  std::string patterns = "10,100,150,200,250,300";
  std::string fine_patterns = "175,225";
  Index draws = 1;
  std::string protocol_patterns = "200";
  Index protocol_draws = 1;
  std::string diagonal = "zeroed";
  std::string dynamics = "asynchronous";
  std::string digits = "random";
};

const ParameterFields<CapacityParameters>& capacity_fields() {
  using P = CapacityParameters;
  const auto p_list = [](const char* name) {
    return [name](std::string_view text) { positive_integer_list(name, std::string(text), 0); };
  };
  static const auto fields =
      mnist_fields<P>()
          .text("patterns", &P::patterns, "the write-up's p grid (comma-separated)", p_list("patterns"))
          .text("fine_patterns", &P::fine_patterns, "a finer p grid around the cliff",
                p_list("fine_patterns"))
          .integer("draws", &P::draws, "random draws of the digits per p", Index{1}, Index{1'000'000})
          .text("protocol_patterns", &P::protocol_patterns, "p values of the protocol table",
                p_list("protocol_patterns"))
          .integer("protocol_draws", &P::protocol_draws, "random draws per protocol-table cell", Index{1},
                   Index{1'000'000})
          .text("diagonal", &P::diagonal, "zeroed | kept: the diagonal of W_PI",
                [](std::string_view diagonal) {
                  require(diagonal == "kept" || diagonal == "zeroed", "expected kept or zeroed, got '",
                          diagonal, "'");
                })
          .text("dynamics", &P::dynamics, "asynchronous | asynchronous-fixed-order | synchronous",
                [](std::string_view name) { dynamics_from_name(name); })
          .text("digits", &P::digits, "random | balanced | same-class: which digits are stored",
                [](std::string_view digits) {
                  require(digits == "random" || digits == "balanced" || digits == "same-class",
                          "expected random, balanced or same-class, got '", digits, "'");
                });
  return fields;
}

CapacitySettings read_settings(const CapacityParameters& parameters, Index n) {
  CapacitySettings settings{
      .seed = parameters.seed,
      .noise = parameters.noise,
      .draws = parameters.draws,
      .protocol_draws = parameters.protocol_draws,
      .coarse = positive_integer_list("patterns", parameters.patterns, 0),
      .fine = positive_integer_list("fine_patterns", parameters.fine_patterns, 0),
      .protocol_p = positive_integer_list("protocol_patterns", parameters.protocol_patterns, 0),
      .baseline = {},
      .baseline_text = {}};
  for (const auto* list : {&settings.coarse, &settings.fine, &settings.protocol_p}) {
    for (const Index p : *list)
      require(p <= n, "mnist-pseudoinverse-capacity: p = ", p, " exceeds N = ", n,
              " (the Gram matrix of more than N patterns is singular)");
  }
  Protocol& baseline = settings.baseline;
  baseline.label = "baseline";
  baseline.zero_diagonal = parameters.diagonal == "zeroed";
  baseline.dynamics = dynamics_from_name(parameters.dynamics);
  baseline.digits = parameters.digits;
  baseline.noise_model = parameters.noise_model;
  settings.baseline_text =
      fmt::format("diagonal {}, {} dynamics, {} digits, {}", baseline.zero_diagonal ? "zeroed" : "kept",
                  dynamics_name(baseline.dynamics), baseline.digits,
                  describe_noise(settings.noise, baseline.noise_model, n));
  return settings;
}

// The baseline and, one per row, the baseline with one choice changed.
std::vector<Protocol> protocol_variants(const Protocol& baseline, double noise, Index n) {
  std::vector<Protocol> variants = {baseline};
  Protocol v = baseline;
  v.zero_diagonal = !baseline.zero_diagonal;
  v.label = v.zero_diagonal ? "diagonal zeroed" : "diagonal kept";
  variants.push_back(v);
  v = baseline;
  v.dynamics = baseline.dynamics == Dynamics::Synchronous ? Dynamics::Asynchronous : Dynamics::Synchronous;
  v.label = fmt::format("{} dynamics", dynamics_name(v.dynamics));
  variants.push_back(v);
  for (const char* digits : {"random", "balanced", "same-class"}) {
    if (digits == baseline.digits) continue;
    v = baseline;
    v.digits = digits;
    v.label = fmt::format("{} digits", digits);
    variants.push_back(v);
  }
  v = baseline;
  v.noise_model = baseline.noise_model == "exact" ? "probability" : "exact";
  v.label = fmt::format("noise: {}", describe_noise(noise, v.noise_model, n));
  variants.push_back(v);
  return variants;
}

// Every cell of the three tables, in table order: the coarse grid, the fine grid, then the protocol table
// row by row.
struct CapacityMeasurement {
  std::vector<Protocol> variants;
  std::vector<CellJob> jobs;
};

CapacityMeasurement measure(const MnistData& data, const CapacitySettings& settings, Progress& progress) {
  CapacityMeasurement m;
  m.variants = protocol_variants(settings.baseline, settings.noise, data.patterns.rows());
  // The jobs point at the protocols: m.variants is complete before the first job is added.
  auto add_jobs = [&](const std::vector<Index>& ps, Index cell_draws, const Protocol& protocol,
                      bool with_hebb, std::uint64_t grid_seed) {
    for (const Index p : ps)
      m.jobs.push_back({.p = p,
                        .draws = cell_draws,
                        .protocol = &protocol,
                        .with_hebb = with_hebb,
                        .seed = derive_seed(grid_seed, static_cast<std::uint64_t>(p)),
                        .tally = {}});
  };
  add_jobs(settings.coarse, settings.draws, settings.baseline, true, derive_seed(settings.seed, 1));
  add_jobs(settings.fine, settings.draws, settings.baseline, true, derive_seed(settings.seed, 2));
  // The same draw seeds for every variant, so protocol rows differ only by the protocol choice.
  for (const Protocol& variant : m.variants)
    add_jobs(settings.protocol_p, settings.protocol_draws, variant, false, derive_seed(settings.seed, 3));
  const Index work =
      static_cast<Index>(settings.coarse.size() + settings.fine.size()) * settings.draws +
      static_cast<Index>(settings.protocol_p.size() * m.variants.size()) * settings.protocol_draws;
  progress.begin("mnist-pseudoinverse-capacity", work);
  run_cells(m.jobs, data, settings.noise, progress);
  progress.end();
  return m;
}

// The curve of one p grid, for the figure.
struct CapacitySeries {
  Series pseudoinverse{.label = "pseudoinverse (95 % CI)", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  Series hebb{.label = "Hebb", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  Series seed{.label = "seed (pseudoinverse)", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  Series seed_hebb{.label = "seed (Hebb)", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
};

// One table of a p grid from its cells (jobs[first], jobs[first + 1], ...); adds its points to `series`.
Table grid_table(std::string title, const std::vector<CellJob>& jobs, std::size_t first, std::size_t count,
                 CapacitySeries& series) {
  Table table{.title = std::move(title),
              .columns = {"p", "probes", "Hebb", "seed Hebb", "PI", "95% CI low", "95% CI high", "seed PI",
                          "worst draw (PI)", "best draw (PI)"},
              .rows = {},
              .decimals = {-1, -1, 3, 2, 3, 3, 3, 2, 3, 3}};
  for (std::size_t j = first; j < first + count; ++j) {
    const Index p = jobs[j].p;
    const Tally& tally = jobs[j].tally;
    const Estimate pi = proportion_with_interval(tally.pseudoinverse, tally.queries);
    const Estimate hebb = proportion_with_interval(tally.hebb, tally.queries);
    const Cell reference = seed_pseudoinverse_fraction(p);
    table.add_row({std::int64_t{p}, tally.queries, hebb.mean, seed_hebb(p), pi.mean, pi.low, pi.high,
                   reference, tally.worst_draw, tally.best_draw});
    const auto x = static_cast<double>(p);
    series.pseudoinverse.x.push_back(x);
    series.pseudoinverse.y.push_back(pi.mean);
    series.pseudoinverse.y_low.push_back(pi.low);
    series.pseudoinverse.y_high.push_back(pi.high);
    series.hebb.x.push_back(x);
    series.hebb.y.push_back(hebb.mean);
    if (const auto* value = std::get_if<double>(&reference)) {
      series.seed.x.push_back(x);
      series.seed.y.push_back(*value);
    }
    if (const Cell hebb_reference = seed_hebb(p); const auto* value = std::get_if<double>(&hebb_reference)) {
      series.seed_hebb.x.push_back(x);
      series.seed_hebb.y.push_back(*value);
    }
  }
  return table;
}

// Rows = protocol variants, columns = the protocol p values; its cells follow the two grids in `jobs`.
Table protocol_table(const CapacitySettings& settings, const CapacityMeasurement& m) {
  Table table{.title = fmt::format("How protocol choices move the cliff ({} draws per cell; each row changes "
                                   "one choice of the baseline: {})",
                                   settings.protocol_draws, settings.baseline_text),
              .columns = {"protocol"},
              .rows = {},
              .decimals = {-1}};
  for (const Index p : settings.protocol_p) {
    table.columns.push_back(fmt::format("PI p={}", p));
    table.columns.push_back(fmt::format("CI p={}", p));
    table.decimals.push_back(3);
    table.decimals.push_back(-1);
  }
  std::size_t next_job = settings.coarse.size() + settings.fine.size();
  for (const Protocol& variant : m.variants) {
    std::vector<Cell> row{variant.label};
    for (std::size_t j = 0; j < settings.protocol_p.size(); ++j) {
      const Tally& tally = m.jobs[next_job++].tally;
      const Estimate pi = proportion_with_interval(tally.pseudoinverse, tally.queries);
      row.emplace_back(pi.mean);
      row.emplace_back(fmt::format("[{:.3f}, {:.3f}]", pi.low, pi.high));
    }
    table.add_row(std::move(row));
  }
  return table;
}

void add_tables(Result& result, const MnistData& data, const CapacitySettings& settings,
                const CapacityMeasurement& m) {
  CapacitySeries series;
  result.tables.push_back(grid_table(fmt::format("Fraction of probes recalled exactly, {} draws per p ({})",
                                                 settings.draws, settings.baseline_text),
                                     m.jobs, 0, settings.coarse.size(), series));
  Table fine = grid_table(fmt::format("Finer grid around the cliff, {} draws per p", settings.draws), m.jobs,
                          settings.coarse.size(), settings.fine.size(), series);
  if (!settings.fine.empty()) result.tables.push_back(std::move(fine));
  if (!settings.protocol_p.empty()) result.tables.push_back(protocol_table(settings, m));
  result.figures.push_back(Figure{
      .name = "mnist-pseudoinverse-capacity",
      .title =
          fmt::format("Pseudoinverse capacity on {}, {}", data.dataset.name,
                      describe_noise(settings.noise, settings.baseline.noise_model, data.patterns.rows())),
      .x_label = "stored digits p",
      .y_label = "fraction of probes recalled exactly",
      .log_x = false,
      .log_y = false,
      .series = {std::move(series.pseudoinverse), std::move(series.hebb), std::move(series.seed),
                 std::move(series.seed_hebb)}});
}

std::vector<std::string> capacity_notes(const MnistData& data, const CapacitySettings& settings) {
  return {
      fmt::format(
          "Protocol (baseline): {}. A draw stores p digits chosen as '{}' ('random' = uniformly from all "
          "{} images of {}, any class; 'balanced' = p/10 per class; 'same-class' = all from one class) "
          "and probes each stored digit once; success = the end state equals the stored ±1 digit "
          "exactly. Pixels binarised at 0.5.",
          settings.baseline_text, settings.baseline.digits, data.dataset.size(), data.dataset.name),
      "Intervals: Wilson 95 % over all probes of a cell. Probes of one draw share the network, so the "
      "interval "
      "is optimistic when draws are few; 'worst/best draw' shows the spread between draws. Raise draws with "
      "--set draws=20 --set protocol_draws=10 (the defaults keep a run short).",
      "Diagonal: by default W_PI = X (X^T X)^-1 X^T has its diagonal set to zero, as the write-up's Hebb "
      "formula "
      "(W_ii = 0) and most demos do. Stored digits stay fixed points: (W xi)_i = (1 - P_ii) xi_i has the "
      "sign "
      "of xi_i because the projection's diagonal P_ii < 1. With the diagonal kept (W xi = xi exactly, --set "
      "diagonal=kept) the self-coupling P_ii ~ p/N also stabilises the probe's own flipped pixels, and the "
      "cliff moves down to p ~ 100-150 (see the protocol table).",
      "A draw whose digits are linearly dependent (a duplicate image) counts as all failures for the "
      "pseudoinverse. Hebb uses the same probes and recovers no digit at any p: every probe falls into the "
      "bias sink (mnist-hebb-collapse)."};
}

Result run_mnist_pseudoinverse_capacity(const CapacityParameters& parameters, Progress& progress) {
  const auto data = load_mnist_data(parameters);
  const CapacitySettings settings = read_settings(parameters, data->patterns.rows());
  const CapacityMeasurement measurement = measure(*data, settings, progress);
  Result result;
  add_tables(result, *data, settings, measurement);
  result.notes = capacity_notes(*data, settings);
  return result;
}

}  // namespace

Experiment mnist_pseudoinverse_capacity_experiment() {
  return typed_experiment(
      {.name = "mnist-pseudoinverse-capacity",
       .summary = "exact recall of p MNIST digits with 10 % noise: Hebb vs pseudoinverse, the capacity cliff",
       .source = "[2], section \"The pseudoinverse fix and its capacity cliff\""},
      capacity_fields(), run_mnist_pseudoinverse_capacity);
}

}  // namespace hopfield::experiments
