#include "maxcut_command.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "hopfield/error.hpp"
#include "hopfield/file_bytes.hpp"
#include "hopfield/maxcut.hpp"
#include "hopfield/maxcut_solvers.hpp"
#include "hopfield/parallel.hpp"
#include "writers.hpp"

namespace hopfield::cli {
namespace {

// FILE is a path; when no such file exists and it names a graph ("G1"), the shipped copy in the data
// directory is used.
std::filesystem::path graph_path(const std::string& file) {
  const bool plain_name = file.find('/') == std::string::npos && !file.ends_with(".txt");
  if (plain_name && !std::filesystem::exists(file)) return gset_file(file);
  return file;
}

nlohmann::json to_json(const std::string& graph_name, const WeightedGraph& graph,
                       const MaxCutOptions& options, const MaxCutResult& result) {
  const CutSummary summary = summarise_cuts(result);
  nlohmann::json restarts = nlohmann::json::array();
  for (const auto& r : result.restarts) {
    restarts.push_back(
        {{"restart", r.restart},
         {"cut", r.cut},
         {"sweeps", r.sweeps},
         {"start_seconds", r.start_seconds},
         {"end_seconds", r.end_seconds},
         {"seconds_to_target", r.seconds_to_target ? nlohmann::json(*r.seconds_to_target) : nullptr}});
  }
  nlohmann::json trace = nlohmann::json::array();
  for (const auto& point : result.trace) trace.push_back({point.seconds, point.cut});
  return {
      {"graph", graph_name},
      {"vertices", graph.vertices()},
      {"edges", graph.edge_count()},
      {"solver", maxcut_solver_name(options.solver)},
      {"seed", options.seed},
      {"restarts_requested", options.restarts},
      {"time_limit", options.time_limit},
      {"target_cut", options.target_cut ? nlohmann::json(*options.target_cut) : nullptr},
      {"sweeps", options.sweeps},
      {"mean_coupling", mean_coupling_name(options.mean_coupling)},
      {"mean_coupling_removed", result.mean_coupling_removed},
      {"best_cut", result.best_cut},
      {"best_restart", result.best_restart},
      {"mean_cut", summary.mean},
      {"standard_deviation", summary.standard_deviation},
      {"least_cut", summary.least},
      {"seconds_to_target", result.seconds_to_target ? nlohmann::json(*result.seconds_to_target) : nullptr},
      {"seconds", result.seconds},
      {"restarts", restarts},
      {"trace", trace},
      {"best_partition", result.best_partition}};
}

void print_summary(const std::string& graph_name, const WeightedGraph& graph, const MaxCutOptions& options,
                   const MaxCutResult& result) {
  const CutSummary summary = summarise_cuts(result);
  fmt::print("graph        {} ({} vertices, {} edges, total weight {:g})\n", graph_name, graph.vertices(),
             graph.edge_count(), graph.total_weight());
  fmt::print("solver       {}, seed {}, {} of {} restarts run\n", maxcut_solver_name(options.solver),
             options.seed, result.restarts.size(), options.restarts);
  if (options.solver == MaxCutSolver::BallisticBifurcation ||
      options.solver == MaxCutSolver::DiscreteBifurcation)
    fmt::print("couplings    {} (--mean-coupling {})\n",
               result.mean_coupling_removed ? "W - mean, the mean coupling taken out" : "W as given",
               mean_coupling_name(options.mean_coupling));
  fmt::print("best cut     {:g} (restart {})\n", result.best_cut, result.best_restart);
  fmt::print("over restarts mean {:.1f}, standard deviation {:.1f}, least {:g}, greatest {:g}\n",
             summary.mean, summary.standard_deviation, summary.least, summary.greatest);
  if (!options.target_cut)
    fmt::print("time to target: no target given (--target C)\n");
  else if (result.seconds_to_target)
    fmt::print("time to target {:g}: {:.3f} s\n", *options.target_cut, *result.seconds_to_target);
  else
    fmt::print("time to target {:g}: not reached\n", *options.target_cut);
  fmt::print("wall time    {:.3f} s\n", result.seconds);
}

}  // namespace

void add_maxcut_command(CLI::App& app, MaxCutCommand& line) {
  line.command = app.add_subcommand("maxcut", "solve MAX-CUT on a G-set graph as a Hopfield energy minimum");
  line.command->add_option("file", line.file, "a G-set file, or a shipped graph's name (G1, G14, ...)")
      ->required();
  line.command->add_option("--solver", line.solver, fmt::format("one of {}", maxcut_solver_names()))
      ->capture_default_str();
  line.command->add_option("--restarts", line.restarts, "independent restarts")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{10'000'000}))
      ->capture_default_str();
  line.command->add_option("--time-limit", line.time_limit, "seconds after which no restart starts (0: none)")
      ->check(CLI::NonNegativeNumber);
  line.target_option =
      line.command->add_option("--target", line.target, "stop once a restart reaches this cut");
  line.command->add_option("--seed", line.seed, "random seed, 0 to 2^64 - 1")->capture_default_str();
  line.command
      ->add_option("--threads", line.threads, "OpenMP threads (0: all cores); results do not depend on it")
      ->check(CLI::Range(0, max_threads));
  line.command->add_option("--sweeps", line.sweeps, "sweep budget per restart (0: the solver's default)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{1'000'000'000}));
  line.command
      ->add_option("--initial-temperature", line.initial_temperature,
                   "annealing, glauber: temperature of the first sweep, in units of a flip's energy change "
                   "(0: 1.2 sqrt(mean degree))")
      ->check(CLI::NonNegativeNumber);
  line.command
      ->add_option("--final-temperature", line.final_temperature,
                   "annealing, glauber: temperature of the last sweep (0: 0.1 sqrt(mean degree))")
      ->check(CLI::NonNegativeNumber);
  line.command
      ->add_option(
          "--time-step", line.time_step,
          "bifurcation: time step, 0 < dt <= 10 (0: 1.25 with the mean coupling taken out, else 0.5)")
      ->check(CLI::NonNegativeNumber);
  line.command
      ->add_option("--coupling-scale", line.coupling_scale,
                   "bifurcation: c0 = scale / (sigma sqrt(N)) (0: 0.5, Goto et al.)")
      ->check(CLI::NonNegativeNumber);
  line.command
      ->add_option("--mean-coupling", line.mean_coupling,
                   "bifurcation: run on the couplings less their mean: automatic, removed or kept")
      ->capture_default_str();
  line.json_option = line.command->add_option(
      "--json", line.json_path, "also write the result as JSON to this file ('-': standard output)");
}

void run_maxcut_command(const MaxCutCommand& line) {
  MaxCutOptions options;
  options.solver = maxcut_solver_from_name(line.solver);
  options.seed = line.seed;
  options.restarts = line.restarts;
  options.time_limit = line.time_limit;
  options.threads = line.threads;
  options.sweeps = line.sweeps;
  options.initial_temperature = line.initial_temperature;
  options.final_temperature = line.final_temperature;
  options.time_step = line.time_step;
  options.coupling_scale = line.coupling_scale;
  options.mean_coupling = mean_coupling_from_name(line.mean_coupling);
  if (line.target_option->count() > 0) options.target_cut = line.target;
  const bool json = line.json_option->count() > 0;
  const bool json_to_stdout = json && experiments::is_standard_output(line.json_path);
  if (json && !json_to_stdout) {
    require(!line.json_path.empty(), "--json: the path is empty; give a file, or '-' for standard output");
    check_output_file(line.json_path);
  }
  const auto path = graph_path(line.file);
  const WeightedGraph graph = read_gset(path);
  const MaxCutResult result = solve_maxcut(graph, options);
  const std::string name = path.filename().string();
  if (!json_to_stdout) print_summary(name, graph, options, result);
  if (json)
    experiments::write_output_file(line.json_path, to_json(name, graph, options, result).dump(1) + "\n");
}

}  // namespace hopfield::cli
