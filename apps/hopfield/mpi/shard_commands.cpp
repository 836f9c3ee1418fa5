#include "shard_commands.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "hopfield/error.hpp"
#include "hopfield/file_bytes.hpp"
#include "hopfield/pattern_file.hpp"
#include "hopfield/random.hpp"
#include "hopfield/sharded_memory.hpp"
#include "result.hpp"
#include "writers.hpp"

namespace hopfield::cli {
namespace {

using experiments::Cell;
using experiments::Result;
using experiments::Table;

// Query j: stored pattern t_j (drawn from the seed) plus noise·N(0, 1) per entry — the same on every process.
struct Queries {
  MatrixF states;
  MatrixF targets;
};

Queries make_queries(const ShardCommandLine& line, Index dimension, Index count) {
  Queries queries{MatrixF(dimension, line.queries), MatrixF(dimension, line.queries)};
  Rng pick(derive_seed(line.seed, 1));
  for (Index j = 0; j < line.queries; ++j) {
    const auto target = static_cast<Index>(pick.uniform_below(static_cast<std::uint64_t>(count)));
    queries.targets.col(j) = line.patterns_path.empty()
                                 ? gaussian_pattern_columns(dimension, target, 1, line.seed)
                                 : read_pattern_file_columns(line.patterns_path, target, 1);
    Rng noise(derive_seed(derive_seed(line.seed, 2), static_cast<std::uint64_t>(j)));
    for (Index i = 0; i < dimension; ++i)
      queries.states(i, j) = queries.targets(i, j) + static_cast<float>(line.noise * noise.normal());
  }
  return queries;
}

// Energy, entropy and fixed-point kind of the first statistics_queries final states.
constexpr Index statistics_queries = 64;
struct Statistics {
  std::vector<double> energy;
  std::vector<double> entropy;
  std::vector<FixedPointKind> kinds;
};

double cosine(const MatrixF& a, const MatrixF& b, Index column) {
  const Eigen::VectorXd x = a.col(column).cast<double>(), y = b.col(column).cast<double>();
  return x.dot(y) / (x.norm() * y.norm());
}

void check_arguments(const ShardCommandLine& line) {
  require(line.queries >= 1, "--queries: ", line.queries, "; expected >= 1");
  require(line.steps >= 1, "--steps: ", line.steps, "; expected >= 1");
  require(line.repeats >= 1, "--repeats: ", line.repeats, "; expected >= 1");
  require(std::isfinite(line.noise) && line.noise >= 0.0, "--noise: ", line.noise, "; expected >= 0");
}

Result retrieval_result(const ShardCommandLine& line, const ShardedModernMemory& memory, int processes,
                        double seconds, const MatrixF& states, const Statistics& statistics,
                        const Queries& queries) {
  std::int64_t retrieved = 0, single = 0;
  double energy = 0.0, entropy_sum = 0.0;
  for (Index j = 0; j < line.queries; ++j) retrieved += cosine(states, queries.targets, j) >= 0.99;
  for (std::size_t j = 0; j < statistics.kinds.size(); ++j) {
    single += statistics.kinds[j] == FixedPointKind::SinglePattern;
    energy += statistics.energy[j];
    entropy_sum += statistics.entropy[j];
  }
  const double n = static_cast<double>(line.queries);
  const auto sampled = static_cast<double>(statistics.kinds.size());
  const double scores = static_cast<double>(memory.pattern_count()) * n * line.steps;
  Table table{.title = fmt::format("Retrieval over {} patterns of dimension {} on {} process(es)",
                                   memory.pattern_count(), memory.dimension(), processes),
              .columns = {"processes", "threads per process", "queries", "steps", "retrieved (cos >= 0.99)",
                          "single-pattern fixed points", "mean energy", "mean entropy", "seconds",
                          "pattern-queries per second"},
              .rows = {},
              .decimals = {-1, -1, -1, -1, 4, 4, 6, 6, 4, -1}};
  table.add_row({std::int64_t{processes}, std::int64_t{omp_get_max_threads()}, std::int64_t{line.queries},
                 std::int64_t{line.steps}, static_cast<double>(retrieved) / n,
                 static_cast<double>(single) / sampled, energy / sampled, entropy_sum / sampled, seconds,
                 scores / seconds});
  Result result;
  result.name = "shard-retrieval";
  result.params = {{"dimension", std::int64_t{memory.dimension()}},
                   {"patterns", std::int64_t{memory.pattern_count()}},
                   {"file", line.patterns_path},
                   {"seed", line.seed},
                   {"beta", line.beta},
                   {"noise", line.noise}};
  result.tables.push_back(std::move(table));
  result.notes.push_back(
      "seconds: the fastest of the repeats of the retrieval steps alone (per process: its shard's fused "
      "kernel and one log-sum-exp Allreduce per step); pattern-queries per second = p x queries x steps / "
      "seconds. Fixed points, energy and entropy: means over the first 64 queries' final states.");
  return result;
}

void run_retrieval(const ShardCommandLine& line, ProcessGroup& group) {
  check_arguments(line);
  const bool writer = group.rank() == 0;
  if (writer && line.json->count() > 0 && !experiments::is_standard_output(line.json_path))
    check_output_file(line.json_path);
  const ShardedModernMemory memory =
      line.patterns_path.empty()
          ? ShardedModernMemory::generate(line.dimension, line.count, line.seed, line.beta, group)
          : ShardedModernMemory::map_file(line.patterns_path, line.beta, group);
  const Queries queries = make_queries(line, memory.dimension(), memory.pattern_count());
  double fastest = 0.0;
  MatrixF states;
  for (int repeat = 0; repeat < line.repeats; ++repeat) {
    group.exchange({});  // start together
    const auto start = std::chrono::steady_clock::now();
    states = queries.states;
    for (int step = 0; step < line.steps; ++step) states = memory.step(states).states;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    fastest = repeat == 0 ? seconds : std::min(fastest, seconds);
  }
  // The statistics of the first queries (the fixed-point kind costs about 65 passes over the patterns).
  const MatrixF sample = states.leftCols(std::min<Index>(states.cols(), statistics_queries));
  const Statistics statistics{memory.energy(sample), memory.retrieval_entropy(sample),
                              memory.classify_fixed_points(sample)};
  group.exchange({});
  if (writer) {
    const std::vector<Result> results{
        retrieval_result(line, memory, group.size(), fastest, states, statistics, queries)};
    if (!line.quiet) fmt::print("{}", experiments::format_result(results.front()));
    if (line.json->count() > 0)
      experiments::write_output_file(line.json_path, experiments::to_json(results).dump(1) + "\n");
  }
  // A failed write on process 0 ends the others here, instead of leaving it alone at an exchange.
  group.exchange({});
}

}  // namespace

void add_shard_commands(CLI::App& app, ShardCommandLine& line) {
  line.write = app.add_subcommand(
      "write-patterns", "write a pattern file (64-byte header + float32 columns) of Gaussian patterns");
  line.write->add_option("file", line.write_path, "the file to write")->required();
  line.write->add_option("--dimension", line.dimension, "dimension d of the patterns")->capture_default_str();
  line.write->add_option("--count", line.count, "number p of patterns")->capture_default_str();
  line.write->add_option("--seed", line.seed, "random seed")->capture_default_str();

  line.retrieval = app.add_subcommand(
      "shard-retrieval",
      "modern Hopfield retrieval over patterns sharded across the processes of mpirun; reports throughput");
  line.retrieval->add_option("--patterns", line.patterns_path,
                             "a pattern file (each process maps its part); default: generate from --seed");
  line.retrieval->add_option("--dimension", line.dimension, "d, when generating")->capture_default_str();
  line.retrieval->add_option("--count", line.count, "p, when generating")->capture_default_str();
  line.retrieval->add_option("--seed", line.seed, "random seed (patterns and queries)")
      ->capture_default_str();
  line.retrieval->add_option("--beta", line.beta, "inverse temperature")->capture_default_str();
  line.retrieval->add_option("--noise", line.noise, "query = stored pattern + noise x N(0, 1)")
      ->capture_default_str();
  line.retrieval->add_option("--queries", line.queries, "queries per batch")->capture_default_str();
  line.retrieval->add_option("--steps", line.steps, "retrieval steps")->capture_default_str();
  line.retrieval->add_option("--repeats", line.repeats, "timed repeats (the fastest is reported)")
      ->capture_default_str();
  line.json = line.retrieval->add_option("--json", line.json_path, "write the result as JSON ('-': stdout)");
  line.retrieval->add_flag("--quiet", line.quiet, "do not print the table");
}

void run_shard_command(const ShardCommandLine& line, ProcessGroup& group) {
  if (*line.write) {
    if (group.rank() == 0)
      write_gaussian_pattern_file(line.write_path, line.dimension, line.count, line.seed);
    group.exchange({});
  } else if (*line.retrieval) {
    run_retrieval(line, group);
  }
}

}  // namespace hopfield::cli
