// classical-critical-capacity — the critical capacity of the Hebb network by finite-size scaling, beside
// Amit, Gutfreund & Sompolinsky (1985, 1987): α_c = 0.138 and m = 0.967 at α_c. For every N, networks storing
// p = α N random ±1 patterns on a fine α grid around 0.14 (the patterns of one network are nested along α:
// one stream, the first p stored); zero-temperature asynchronous dynamics started at stored patterns; m after
// convergence, and the fraction retrieved (m ≥ threshold). α_c(N) is where the mean fraction falls through
// 1/2, with a bootstrap confidence interval over networks; α_c(∞) by weighted least squares of
// α_c(N) = α_c(∞) + a N^(−ν).
#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <tuple>

#include "catalogue.hpp"
#include "hopfield/capacity_theory.hpp"
#include "hopfield/error.hpp"
#include "hopfield/finite_size_scaling.hpp"
#include "hopfield/nested_hebb.hpp"
#include "hopfield/parallel.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"
#include "hopfield/random_features.hpp"
#include "item_progress.hpp"
#include "paper_references.hpp"
#include "reference_values.hpp"

namespace hopfield::experiments {
namespace {

struct CriticalParameters {
  std::uint64_t seed = 42;
  std::string neurons = "500,1000,2000,4000,8000,16000";
  double alpha_min = 0.11;
  double alpha_max = 0.18;
  double alpha_step = 0.005;
  Index probes = 30;
  Index network_budget = 32'000;
  Index min_networks = 3;
  double threshold = 0.9;
  int max_sweeps = 500;
  double fit_exponent = 0.5;
  Index bootstrap = 400;
  int threads = 0;
};

const ParameterFields<CriticalParameters>& critical_fields() {
  using P = CriticalParameters;
  static const auto fields =
      ParameterFields<P>()
          .seed(&P::seed)
          .text("neurons", &P::neurons, "sizes N, increasing (each 10 … 32767)",
                [](std::string_view text) { positive_integer_list("neurons", std::string(text), 2); })
          .real("alpha_min", &P::alpha_min, "smallest α of the grid", 0.0, 1.0)
          .real("alpha_max", &P::alpha_max, "largest α of the grid", 0.0, 1.0)
          .real("alpha_step", &P::alpha_step, "spacing of the α grid", 1e-6, 1.0)
          .integer("probes", &P::probes, "stored patterns each network's dynamics start from", Index{1},
                   Index{100'000})
          .integer("network_budget", &P::network_budget, "networks per size = max(min_networks, budget / N)",
                   Index{1}, Index{100'000'000})
          .integer("min_networks", &P::min_networks, "fewest networks per size", Index{2}, Index{100'000})
          .real("threshold", &P::threshold, "m that counts as retrieved", 0.0, 1.0)
          .integer("max_sweeps", &P::max_sweeps, "sweep limit of the dynamics", 1, 1'000'000)
          .real("fit_exponent", &P::fit_exponent, "ν of the finite-size form α_c(N) = α_c(∞) + a N^(−ν)",
                0.01, 10.0)
          .integer("bootstrap", &P::bootstrap, "bootstrap resamples of the networks per size", Index{10},
                   Index{1'000'000})
          .integer("threads", &P::threads, "OpenMP threads over networks (0: default)", 0, max_threads);
  return fields;
}

struct Settings {
  CriticalParameters parameters;
  std::vector<Index> sizes;
  std::vector<double> alphas;
};

Settings read_settings(const CriticalParameters& p) {
  Settings s{.parameters = p, .sizes = {}, .alphas = {}};
  for (const std::int64_t n : positive_integer_list("neurons", p.neurons, 2)) s.sizes.push_back(n);
  require(p.alpha_max > p.alpha_min, "classical-critical-capacity: alpha_max = ", p.alpha_max,
          " must exceed alpha_min = ", p.alpha_min);
  for (double a = p.alpha_min; a <= p.alpha_max + 1e-9; a += p.alpha_step) s.alphas.push_back(a);
  for (std::size_t k = 0; k < s.sizes.size(); ++k) {
    const Index n = s.sizes[k];
    require(n >= 10 && n <= 32'767, "classical-critical-capacity: N = ", n, " outside 10 … 32767");
    require(k == 0 || n > s.sizes[k - 1], "classical-critical-capacity: neurons must increase, got ", n,
            " after ", s.sizes[k - 1]);
    require(std::llround(p.alpha_min * static_cast<double>(n)) >= p.probes,
            "classical-critical-capacity: N = ", n, " stores fewer than probes = ", p.probes,
            " patterns at alpha_min");
    require(std::llround(p.alpha_max * static_cast<double>(n)) <= 32'767,
            "classical-critical-capacity: more than 32767 patterns at N = ", n);
  }
  require_memory(
      "neurons", s.sizes.back(),
      2.0 * static_cast<double>(s.sizes.back() * s.sizes.back()) * std::max(1, omp_get_max_threads()),
      "the 16-bit couplings of the networks run at once");
  return s;
}

/// One network's numbers at every α: probes retrieved, the sum of their m, and the sum of all m.
struct NetworkCurve {
  std::vector<Index> retrieved;
  std::vector<double> retrieved_m_sum;
  std::vector<double> m_sum;

  auto item_fields() { return std::tie(retrieved, retrieved_m_sum, m_sum); }  // for map_items
};

NetworkCurve run_network(const Settings& s, Index n, std::uint64_t seed) {
  const CriticalParameters& p = s.parameters;
  NetworkCurve curve;
  // Built with the first block, whose first `probes` patterns are the starts at every α.
  std::unique_ptr<NestedHebbNetwork> network;
  for (std::size_t a = 0; a < s.alphas.size(); ++a) {
    const Index to = std::llround(s.alphas[a] * static_cast<double>(n));
    const Index from = network ? network->pattern_count() : 0;
    const Matrix block = random_binary_patterns(n, to - from, derive_seed(seed, a));
    if (!network) network = std::make_unique<NestedHebbNetwork>(n, block.leftCols(p.probes));
    network->add_patterns(block);
    const SignDynamicsOptions options{.max_sweeps = p.max_sweeps,
                                      .seed = derive_seed(seed, 1000 + a),
                                      .zero_field = ZeroFieldRule::KeepState};
    Index retrieved = 0;
    double retrieved_sum = 0.0, sum = 0.0;
    for (Index k = 0; k < p.probes; ++k) {
      const SignDynamicsRun run = network->run_from_tracked(k, options);
      const double m = run.state.dot(network->tracked_states().col(k)) / static_cast<double>(n);
      sum += m;
      if (m >= p.threshold) {
        ++retrieved;
        retrieved_sum += m;
      }
    }
    curve.retrieved.push_back(retrieved);
    curve.retrieved_m_sum.push_back(retrieved_sum);
    curve.m_sum.push_back(sum);
  }
  return curve;
}

struct SizeResult {
  Index neurons = 0;
  std::vector<NetworkCurve> networks;
};

Index networks_for(const CriticalParameters& p, Index n) {
  return std::max(p.min_networks, p.network_budget / n);
}

// Every network of every size is one job, run on the OpenMP threads of every process (map_items) largest N
// first (the cost of a network grows like N²), so the few big networks start at once and the many small ones
// fill the gaps; each network has its own seeds, so the schedule changes no number.
std::vector<SizeResult> measure(const Settings& s, Progress& progress) {
  const CriticalParameters& p = s.parameters;
  std::vector<SizeResult> results;
  struct Job {
    std::size_t size;
    std::size_t network;
  };
  std::vector<Job> jobs;
  for (std::size_t k = 0; k < s.sizes.size(); ++k) {
    results.push_back({.neurons = s.sizes[k], .networks = {}});
    results.back().networks.resize(static_cast<std::size_t>(networks_for(p, s.sizes[k])));
    for (std::size_t j = 0; j < results.back().networks.size(); ++j) jobs.push_back({k, j});
  }
  std::stable_sort(jobs.begin(), jobs.end(), [&](const Job& a, const Job& b) {
    return results[a.size].neurons > results[b.size].neurons;
  });
  progress.begin("classical-critical-capacity", static_cast<std::int64_t>(jobs.size()));
  std::vector<NetworkCurve> curves = map_items_with_progress(
      static_cast<Index>(jobs.size()),
      [&](Index i) {
        const Job& job = jobs[static_cast<std::size_t>(i)];
        const Index neurons = results[job.size].neurons;
        const std::uint64_t size_seed = derive_seed(p.seed, static_cast<std::uint64_t>(neurons));
        return run_network(s, neurons, derive_seed(size_seed, static_cast<std::uint64_t>(job.network)));
      },
      progress, p.threads);
  for (std::size_t i = 0; i < jobs.size(); ++i)
    results[jobs[i].size].networks[jobs[i].network] = std::move(curves[i]);
  progress.end();
  return results;
}

/// Mean curves over a choice of networks (indices, repeats allowed).
struct MeanCurves {
  std::vector<double> fraction, retrieved_m, m;
};

MeanCurves mean_curves(const std::vector<NetworkCurve>& networks, const std::vector<std::size_t>& chosen,
                       Index probes, std::size_t points) {
  MeanCurves c{.fraction = std::vector<double>(points, 0.0),
               .retrieved_m = std::vector<double>(points, 0.0),
               .m = std::vector<double>(points, 0.0)};
  for (std::size_t a = 0; a < points; ++a) {
    double retrieved = 0.0, retrieved_sum = 0.0, sum = 0.0;
    for (const std::size_t j : chosen) {
      retrieved += static_cast<double>(networks[j].retrieved[a]);
      retrieved_sum += networks[j].retrieved_m_sum[a];
      sum += networks[j].m_sum[a];
    }
    const double starts = static_cast<double>(chosen.size()) * static_cast<double>(probes);
    c.fraction[a] = retrieved / starts;
    c.retrieved_m[a] = retrieved > 0.0 ? retrieved_sum / retrieved : 0.0;
    c.m[a] = sum / starts;
  }
  return c;
}

/// α_c (fraction falls through 1/2, linear in α) and the retrieved probes' m there (linear in α).
struct CriticalPoint {
  bool found = false;
  double alpha = 0.0;
  double overlap = 0.0;
};

CriticalPoint critical_point(const std::vector<double>& alphas, const MeanCurves& c) {
  const Crossing crossing = first_crossing(alphas, c.fraction, 0.5, false, false);
  CriticalPoint point;
  if (!crossing.found || crossing.before_grid) return point;
  point.found = true;
  point.alpha = crossing.x;
  for (std::size_t a = 1; a < alphas.size(); ++a) {
    if (alphas[a] < crossing.x) continue;
    const double t = (crossing.x - alphas[a - 1]) / (alphas[a] - alphas[a - 1]);
    point.overlap = (1.0 - t) * c.retrieved_m[a - 1] + t * c.retrieved_m[a];
    break;
  }
  return point;
}

struct SizeSummary {
  Index neurons = 0;
  Index networks = 0;
  CriticalPoint point;
  double alpha_low = 0.0, alpha_high = 0.0, alpha_sd = 0.0, overlap_sd = 0.0;
  Index resamples_crossing = 0;
  MeanCurves curves;
};

double standard_deviation(const std::vector<double>& v) {
  if (v.size() < 2) return 0.0;
  double mean = 0.0, squares = 0.0;
  for (const double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  for (const double x : v) squares += (x - mean) * (x - mean);
  return std::sqrt(squares / static_cast<double>(v.size() - 1));
}

// The point from all networks, and its spread over bootstrap resamples of the networks (percentile 95 %
// interval; standard deviations for the fit's weights).
SizeSummary summarise(const Settings& s, const SizeResult& size, std::uint64_t seed) {
  const CriticalParameters& p = s.parameters;
  const std::size_t count = size.networks.size();
  std::vector<std::size_t> all(count);
  for (std::size_t j = 0; j < count; ++j) all[j] = j;
  SizeSummary out{.neurons = size.neurons, .networks = static_cast<Index>(count), .point = {}, .curves = {}};
  out.curves = mean_curves(size.networks, all, p.probes, s.alphas.size());
  out.point = critical_point(s.alphas, out.curves);
  std::vector<double> alphas, overlaps;
  for (Index b = 0; b < p.bootstrap; ++b) {
    Rng rng(derive_seed(seed, static_cast<std::uint64_t>(b)));
    std::vector<std::size_t> chosen(count);
    for (auto& j : chosen) j = static_cast<std::size_t>(rng.uniform_below(count));
    const CriticalPoint point =
        critical_point(s.alphas, mean_curves(size.networks, chosen, p.probes, s.alphas.size()));
    if (!point.found) continue;
    alphas.push_back(point.alpha);
    overlaps.push_back(point.overlap);
  }
  out.resamples_crossing = static_cast<Index>(alphas.size());
  if (!alphas.empty()) {
    std::vector<double> sorted = alphas;
    std::sort(sorted.begin(), sorted.end());
    out.alpha_low = sorted[static_cast<std::size_t>(0.025 * static_cast<double>(sorted.size() - 1))];
    out.alpha_high = sorted[static_cast<std::size_t>(0.975 * static_cast<double>(sorted.size() - 1))];
    out.alpha_sd = standard_deviation(alphas);
    out.overlap_sd = standard_deviation(overlaps);
  }
  return out;
}

Table sizes_table(const Settings& s, const std::vector<SizeSummary>& summaries) {
  Table table{
      .title = fmt::format("Critical capacity α_c(N): mean fraction retrieved (m ≥ {}) falls through 1/2",
                           s.parameters.threshold),
      .columns = {"N", "networks", "starts per α", "α_c(N)", "95 % CI low", "95 % CI high", "sd (bootstrap)",
                  "m at α_c(N)", "m sd (bootstrap)", "α_c (AGS)", "m at α_c (AGS)"},
      .rows = {},
      .decimals = {-1, -1, -1, 4, 4, 4, 4, 4, 4, 3, 3}};
  for (const SizeSummary& z : summaries) {
    const bool ok = z.point.found;
    table.add_row({std::int64_t{z.neurons}, std::int64_t{z.networks},
                   std::int64_t{z.networks * s.parameters.probes}, ok ? Cell(z.point.alpha) : Cell(),
                   ok ? Cell(z.alpha_low) : Cell(), ok ? Cell(z.alpha_high) : Cell(),
                   ok ? Cell(z.alpha_sd) : Cell(), ok ? Cell(z.point.overlap) : Cell(),
                   ok ? Cell(z.overlap_sd) : Cell(), reference::ags::critical_capacity,
                   reference::ags::overlap_at_capacity});
  }
  return table;
}

struct Fits {
  Index sizes_used = 0;
  bool done = false;
  FiniteSizeFit alpha, overlap;
};

// The finite-size fits over the sizes whose α_c(N) was found (with a non-zero bootstrap spread).
Fits fit_sizes(const Settings& s, const std::vector<SizeSummary>& summaries) {
  std::vector<double> sizes, alphas, alpha_errors, overlaps, overlap_errors;
  for (const SizeSummary& z : summaries) {
    if (!z.point.found || z.alpha_sd <= 0.0) continue;
    sizes.push_back(static_cast<double>(z.neurons));
    alphas.push_back(z.point.alpha);
    alpha_errors.push_back(z.alpha_sd);
    overlaps.push_back(z.point.overlap);
    overlap_errors.push_back(std::max(z.overlap_sd, 1e-6));
  }
  Fits fits;
  fits.sizes_used = static_cast<Index>(sizes.size());
  if (sizes.size() < 2) return fits;
  fits.done = true;
  fits.alpha = fit_finite_size(sizes, alphas, alpha_errors, s.parameters.fit_exponent);
  fits.overlap = fit_finite_size(sizes, overlaps, overlap_errors, s.parameters.fit_exponent);
  return fits;
}

Table fit_table(const Settings& s, const Fits& fits) {
  Table table{.title = fmt::format("Extrapolation to N → ∞: y(N) = y(∞) + a N^(−{}), weighted least squares "
                                   "(weights 1 / bootstrap variance)",
                                   s.parameters.fit_exponent),
              .columns = {"quantity", "sizes used", "y(∞) (ours)", "± (standard error)", "a", "± a", "χ²",
                          "degrees of freedom", "AGS (computed)", "AGS (published)"},
              .rows = {},
              .decimals = {-1, -1, 4, 4, 3, 3, 2, -1, 4, 3}};
  const double ags_alpha = ags_critical_capacity();
  const double ags_m = ags_retrieval_overlap(ags_alpha * (1.0 - 1e-9));
  auto row = [&](const std::string& name, const FiniteSizeFit& f, double computed, double published) {
    std::vector<Cell> cells{name, std::int64_t{fits.sizes_used}};
    if (fits.done) {
      for (const Cell& c : std::vector<Cell>{f.limit, f.limit_error, f.amplitude, f.amplitude_error,
                                             f.chi_square, std::int64_t{f.degrees_of_freedom}})
        cells.push_back(c);
    } else {
      cells.resize(8);
    }
    cells.emplace_back(computed);
    cells.emplace_back(published);
    table.add_row(std::move(cells));
  };
  row("α_c", fits.alpha, ags_alpha, reference::ags::critical_capacity);
  row("m at α_c", fits.overlap, ags_m, reference::ags::overlap_at_capacity);
  return table;
}

std::vector<Figure> figures(const Settings& s, const std::vector<SizeSummary>& summaries, const Fits& fits) {
  const double ags_alpha = ags_critical_capacity();
  Figure fraction{.name = "critical-capacity-fraction",
                  .title = "Fraction of stored patterns retrieved, by N",
                  .x_label = "α = p / N",
                  .y_label = "fraction retrieved",
                  .log_x = false,
                  .log_y = false,
                  .series = {}};
  Figure overlap{.name = "critical-capacity-overlap",
                 .title = "Mean overlap after convergence, by N",
                 .x_label = "α = p / N",
                 .y_label = "m",
                 .log_x = false,
                 .log_y = false,
                 .series = {}};
  for (const SizeSummary& z : summaries) {
    fraction.series.push_back({.label = fmt::format("N = {}", z.neurons),
                               .x = s.alphas,
                               .y = z.curves.fraction,
                               .y_low = {},
                               .y_high = {}});
    overlap.series.push_back({.label = fmt::format("N = {}", z.neurons),
                              .x = s.alphas,
                              .y = z.curves.m,
                              .y_low = {},
                              .y_high = {}});
  }
  fraction.series.push_back({.label = fmt::format("theory: α_c = {:.4f} (AGS)", ags_alpha),
                             .x = {ags_alpha, ags_alpha},
                             .y = {0.0, 1.0},
                             .y_low = {},
                             .y_high = {}});
  Series theory{
      .label = "theory: m(α) of the retrieval state (AGS)", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  for (double a = s.alphas.front(); a < ags_alpha; a += 0.0005) {
    theory.x.push_back(a);
    theory.y.push_back(ags_retrieval_overlap(a));
  }
  overlap.series.push_back(std::move(theory));
  overlap.series.push_back({.label = "paper: AGS m = 0.967 at α_c = 0.138",
                            .x = {reference::ags::critical_capacity},
                            .y = {reference::ags::overlap_at_capacity},
                            .y_low = {},
                            .y_high = {}});
  Figure scaling{.name = "critical-capacity-scaling",
                 .title = fmt::format("α_c(N) against N^(−{}) (band: bootstrap 95 % interval)",
                                      s.parameters.fit_exponent),
                 .x_label = fmt::format("N^(−{})", s.parameters.fit_exponent),
                 .y_label = "α_c(N)",
                 .log_x = false,
                 .log_y = false,
                 .series = {}};
  Series measured{.label = "ours", .x = {}, .y = {}, .y_low = {}, .y_high = {}};
  for (const SizeSummary& z : summaries) {
    if (!z.point.found) continue;
    measured.x.push_back(std::pow(static_cast<double>(z.neurons), -s.parameters.fit_exponent));
    measured.y.push_back(z.point.alpha);
    measured.y_low.push_back(z.alpha_low);
    measured.y_high.push_back(z.alpha_high);
  }
  if (fits.done) {
    const double far = measured.x.empty() ? 0.0 : *std::max_element(measured.x.begin(), measured.x.end());
    scaling.series.push_back(
        {.label = fmt::format("fit: α_c(∞) = {:.4f} ± {:.4f}", fits.alpha.limit, fits.alpha.limit_error),
         .x = {0.0, far},
         .y = {fits.alpha.limit, fits.alpha.limit + fits.alpha.amplitude * far},
         .y_low = {},
         .y_high = {}});
  }
  scaling.series.push_back(std::move(measured));
  scaling.series.push_back({.label = "paper: AGS α_c = 0.138 (N → ∞)",
                            .x = {0.0},
                            .y = {reference::ags::critical_capacity},
                            .y_low = {},
                            .y_high = {}});
  return {fraction, overlap, scaling};
}

Result run_critical_capacity(const CriticalParameters& parameters, Progress& progress) {
  const Settings settings = read_settings(parameters);
  const auto start = std::chrono::steady_clock::now();
  const std::vector<SizeResult> sizes = measure(settings, progress);
  std::vector<SizeSummary> summaries;
  for (const SizeResult& size : sizes)
    summaries.push_back(summarise(settings, size, derive_seed(parameters.seed, 1'000'000 + size.neurons)));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Result result;
  result.tables.push_back(sizes_table(settings, summaries));
  const Fits fits = fit_sizes(settings, summaries);
  result.tables.push_back(fit_table(settings, fits));
  result.figures = figures(settings, summaries, fits);
  result.notes = {
      fmt::format(
          "Protocol: p = round(α N) random ±1 patterns, Hebb couplings C = Σ_μ ξξᵀ with zero diagonal "
          "(16-bit integers, grown along α: each network's patterns are one stream, the first p stored); "
          "zero-temperature asynchronous dynamics in a fresh random order every sweep (h_i = 0 keeps the "
          "unit), at most {} sweeps, started at each of the first {} stored patterns; m = (1/N) s · ξ "
          "after convergence; retrieved when m ≥ {}.",
          parameters.max_sweeps, parameters.probes, parameters.threshold),
      "α_c(N): the α where the fraction retrieved, averaged over the networks of that N, falls through 1/2 "
      "(linear interpolation between grid points). Its 95 % interval is the 2.5–97.5 percentile range of the "
      "same read-off on bootstrap resamples of the networks (networks, not patterns, are independent); the "
      "bootstrap standard deviation weights the fit. m at α_c(N): the mean m of the retrieved starts, "
      "interpolated to α_c(N).",
      fmt::format(
          "Finite-size form: α_c(N) = α_c(∞) + a N^(−ν) with ν = {} (fit_exponent), fitted by weighted "
          "least squares in closed form (the normal equations of a straight line in x = N^(−ν)); the "
          "same form for m at α_c. ν = 1/2 assumes the shift is set by the crosstalk fluctuations of a "
          "finite network, which are O(N^(−1/2)) relative to the signal; χ² against its degrees of "
          "freedom says whether the form describes the data.",
          parameters.fit_exponent),
      "Theory (Amit, Gutfreund & Sompolinsky 1985, 1987): the replica-symmetric retrieval state, m = erf(y) "
      "with y (√(2α) + (2/√π) e^(−y²)) = erf(y), computed here (AGS columns, 'computed'), beside the values "
      "they publish, α_c = 0.138 and m = 0.967.",
      fmt::format("Wall clock: {:.1f} s (not a result).", seconds)};
  return result;
}

}  // namespace

Experiment classical_critical_capacity_experiment() {
  return typed_experiment(
      {.name = "classical-critical-capacity",
       .summary = "Hebb network: α_c(N) from N = 500 to 16000 and its extrapolation to N → ∞, beside Amit, "
                  "Gutfreund & Sompolinsky's 0.138 and m = 0.967",
       .source = "Amit, Gutfreund & Sompolinsky (1985, 1987); write-up [1], \"Classical Hopfield: Storage "
                 "Capacity\" (its ~0.14 N)"},
      critical_fields(), run_critical_capacity);
}

}  // namespace hopfield::experiments
