// The experiment layer: registry, parameters, writers, and the two classical seed experiments on their own
// numbers (checked against theory, not against a stored copy of their output).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "hopfield/error.hpp"
#include "registry.hpp"
#include "writers.hpp"

namespace hopfield::experiments {
namespace {

const Table& table_titled(const Result& result, std::string_view prefix) {
  for (const auto& table : result.tables) {
    if (table.title.starts_with(prefix)) return table;
  }
  throw std::runtime_error("no table " + std::string(prefix));
}

std::size_t column_of(const Table& table, std::string_view name) {
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (table.columns[c] == name) return c;
  }
  throw std::runtime_error("no column " + std::string(name));
}

TEST(Registry, NamesAreUniqueAndFound) {
  std::set<std::string> names;
  for (const auto& experiment : all_experiments()) {
    EXPECT_TRUE(names.insert(experiment.name).second) << experiment.name;
    EXPECT_FALSE(experiment.summary.empty());
    bool has_seed = false;
    for (const auto& spec : experiment.parameters) has_seed |= spec.name == "seed";
    EXPECT_TRUE(has_seed) << experiment.name << " has no seed parameter";
  }
  EXPECT_EQ(find_experiment("classical-capacity").name, "classical-capacity");
  try {
    find_experiment("classical-capacty");
    FAIL();
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("unknown experiment 'classical-capacty'"), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("classical-capacity"), std::string::npos);
  }
}

TEST(Parameters, ParseAndReject) {
  Parameters parameters({{"seed", std::int64_t{42}, ""},
                         {"noise", 0.2, ""},
                         {"rule", std::string("hebb"), ""},
                         {"centre", false, ""}});
  parameters.set("noise", "0.35");
  parameters.set("seed", "7");
  parameters.set("centre", "true");
  EXPECT_DOUBLE_EQ(parameters.real("noise"), 0.35);
  EXPECT_EQ(parameters.seed(), 7u);
  EXPECT_TRUE(parameters.flag("centre"));
  EXPECT_THROW(parameters.set("noise", "lots"), Error);
  EXPECT_THROW(parameters.set("noise", "nan"), Error);
  EXPECT_THROW(parameters.set("seed", "4.5"), Error);
  EXPECT_THROW(parameters.set("centre", "maybe"), Error);
  try {
    parameters.set("temperature", "1");
    FAIL();
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("unknown parameter 'temperature'"), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("noise"), std::string::npos);
  }
  EXPECT_THROW(split_assignment("noise"), Error);

  Parameters lists({{"counts", std::string("10, 100,150"), ""},
                    {"betas", std::string("0.01,1e2"), ""},
                    {"none", std::string(""), ""}});
  EXPECT_EQ(lists.positive_integers("counts"), (std::vector<std::int64_t>{10, 100, 150}));
  EXPECT_EQ(lists.reals("betas"), (std::vector<double>{0.01, 100.0}));
  EXPECT_TRUE(lists.positive_integers("none", 0).empty());
  EXPECT_THROW(lists.positive_integers("none"), Error);
  lists.set("counts", "10,-3");
  EXPECT_THROW(lists.positive_integers("counts"), Error);
  lists.set("counts", "10,,20");
  EXPECT_THROW(lists.positive_integers("counts"), Error);
  lists.set("betas", "0.1,inf");
  try {
    lists.reals("betas");
    FAIL();
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("'inf'"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("betas"), std::string::npos) << error.what();
  }
  EXPECT_EQ(split_assignment("a=b=c").second, "b=c");
}

// The message of the Error that `run` throws (empty when it throws none).
template <typename Run>
std::string error_message(Run&& run) {
  try {
    run();
  } catch (const Error& error) {
    return error.what();
  }
  return {};
}

std::string run_error(const std::string& name,
                      const std::vector<std::pair<std::string, std::string>>& overrides) {
  return error_message([&] { run_experiment(find_experiment(name), overrides); });
}

void expect_contains(const std::string& text, const std::string& part) {
  EXPECT_NE(text.find(part), std::string::npos) << "'" << part << "' not in: " << text;
}

// Integers that do not fit the type they end up in (max_sweeps and max_steps are int) were cut to 32 bits:
// 4294967297 ran one sweep. Every integer is now checked against its declared range.
TEST(TypedParameters, IntegersOutOfRangeAreRejectedWithTheirName) {
  for (const auto& [name, parameter] : std::vector<std::pair<std::string, std::string>>{
           {"classical-retrieval", "max_sweeps"}, {"modern-retrieval", "max_steps"}}) {
    const std::string message = run_error(name, {{parameter, "4294967297"}});
    expect_contains(message, "parameter '" + parameter + "'");
    expect_contains(message, "4294967297");
    expect_contains(message, "to 1000000");
  }
  const std::string negative = run_error("classical-retrieval", {{"trials", "-1"}});
  expect_contains(negative, "parameter 'trials'");
  expect_contains(negative, "from 1 to");
  expect_contains(run_error("capacity-comparison", {{"classical_trials", "0"}}), "'classical_trials'");
  expect_contains(run_error("dense-capacity", {{"probes", "-5"}}), "'probes'");
  expect_contains(run_error("classical-capacity", {{"corruption", "1.5"}}), "'corruption'");
  expect_contains(run_error("dense-capacity", {{"degrees", "2,13"}}), "'degrees'");
  expect_contains(run_error("classical-retrieval", {{"dynamics", "sideways"}}), "'dynamics'");
  expect_contains(run_error("classical-retrieval", {{"neurons", "1e7"}}), "'neurons'");
  expect_contains(run_error("classical-retrieval", {{"neurons", "10000000"}}), "to 100000");
}

// The seed takes the full unsigned 64-bit range and is recorded exactly; one beyond it is an error.
TEST(TypedParameters, SeedTakesTheFullUnsigned64BitRange) {
  const Experiment& experiment = find_experiment("classical-retrieval");
  const Result result = run_experiment(experiment, {{"seed", "18446744073709551615"}, {"trials", "2"}});
  EXPECT_EQ(std::get<std::uint64_t>(result.params.at(0).second), 18446744073709551615u);
  EXPECT_EQ(to_json({result}).at("experiments").at(0).at("params").at("seed").get<std::uint64_t>(),
            18446744073709551615u);
  // A different seed draws different patterns: the seed reached the run.
  const Result other = run_experiment(experiment, {{"seed", "18446744073709551614"}, {"trials", "2"}});
  EXPECT_NE(result.tables.at(0).rows, other.tables.at(0).rows);
  expect_contains(run_error("classical-retrieval", {{"seed", "18446744073709551616"}}), "parameter 'seed'");
  expect_contains(run_error("classical-retrieval", {{"seed", "-1"}}), "parameter 'seed'");
  // Experiments still declared the older way take the same range.
  Parameters legacy({{"seed", std::int64_t{42}, "random seed"}});
  legacy.set("seed", "18446744073709551615");
  EXPECT_EQ(legacy.seed(), 18446744073709551615u);
}

// The declared fields are what `hopfield list` shows and what the JSON records, in order, with their ranges.
TEST(TypedParameters, FieldsGenerateTheListAndTheValues) {
  const Experiment& experiment = find_experiment("classical-retrieval");
  std::vector<std::string> names;
  for (const auto& spec : experiment.parameters) names.push_back(spec.name);
  EXPECT_EQ(names, (std::vector<std::string>{"seed", "neurons", "patterns", "flips", "dynamics", "max_sweeps",
                                             "trials"}));
  expect_contains(experiment.parameters.at(5).description, "(1 to 1000000)");
  const Result result = run_experiment(experiment, {{"max_sweeps", "7"}, {"trials", "3"}});
  EXPECT_EQ(std::get<std::int64_t>(result.params.at(5).second), 7);
  EXPECT_EQ(std::get<std::uint64_t>(result.params.at(0).second), 42u);
  EXPECT_EQ(std::get<std::string>(result.params.at(4).second), "asynchronous");
}

// A size whose memory is known in advance is checked before anything is allocated, naming the parameter.
TEST(TypedParameters, SizesThatCannotFitAreRejectedBeforeAllocation) {
  // p = 100 000 patterns of N = 1 000 000 neurons: far more than any machine's memory.
  const std::string message =
      run_error("classical-capacity", {{"neurons", "1000000"}, {"patterns", "100000"}, {"trials", "1"}});
  expect_contains(message, "parameter 'neurons' = 1000000");
  expect_contains(message, "GB");
  const std::string retrieval =
      run_error("classical-retrieval", {{"neurons", "100000"}, {"patterns", "100000"}, {"flips", "1"}});
  expect_contains(retrieval, "parameter 'neurons' = 100000");
}

TEST(ClassicalRetrievalExperiment, MatchesTheoryAndIsDeterministic) {
  const Experiment& experiment = find_experiment("classical-retrieval");
  const Result first = run_experiment(experiment, {{"trials", "300"}});
  const Result second = run_experiment(experiment, {{"trials", "300"}});
  EXPECT_EQ(to_json({first}), to_json({second}));
  const Table& per_pattern = first.tables.at(0);
  ASSERT_EQ(per_pattern.rows.size(), 7u);
  const Table& summary = table_titled(first, "The same protocol");
  const auto ours = column_of(summary, "ours");
  // Energies: a stored pattern sits near −(N−1)/2 = −49.5, a probe with m = 0.5 near −N m²/2 = −12.5.
  const double start = std::get<double>(summary.rows[2][ours]);
  const double end = std::get<double>(summary.rows[3][ours]);
  EXPECT_NEAR(start, -12.5, 1.0);
  EXPECT_NEAR(end, -49.5, 1.0);
  // Well below capacity nearly every probe is recovered exactly.
  EXPECT_GT(std::get<double>(summary.rows[0][ours]), 0.9);
}

// A p list picks the same trials as the full sweep (each p has its own seeds); probing only the first
// patterns averages over those probes; the read-off brackets the threshold between listed p.
TEST(ClassicalCapacityExperiment, PatternListAndProbeCap) {
  const Result full = run_experiment(find_experiment("classical-capacity"), {{"trials", "20"}});
  const Result listed =
      run_experiment(find_experiment("classical-capacity"), {{"trials", "20"}, {"patterns", "4,13,14,30"}});
  const auto precise = column_of(full.tables.at(0), "accuracy (20 trials)");
  ASSERT_EQ(listed.tables.at(0).rows.size(), 4u);
  const std::vector<std::size_t> ps = {4, 13, 14, 30};
  for (std::size_t i = 0; i < ps.size(); ++i) {
    EXPECT_EQ(std::get<std::int64_t>(listed.tables.at(0).rows[i][0]), static_cast<std::int64_t>(ps[i]));
    EXPECT_EQ(std::get<double>(listed.tables.at(0).rows[i][precise]),
              std::get<double>(full.tables.at(0).rows[ps[i] - 1][precise]));
  }
  // Read-off: 13 passes and 14 fails in the full sweep, so in the list too, and the crossing lies between.
  const Table& capacity = listed.tables.at(1);
  const auto& row = capacity.rows.at(1);
  const auto full_capacity = std::get<std::int64_t>(full.tables.at(1).rows.at(1)[1]);
  EXPECT_EQ(std::get<std::int64_t>(row[column_of(capacity, "capacity p")]), full_capacity);
  const double crossing = std::get<double>(row[column_of(capacity, "crossing p (interpolated)")]);
  const auto below = std::get<std::int64_t>(row[column_of(capacity, "first p below")]);
  EXPECT_GT(crossing, static_cast<double>(full_capacity));
  EXPECT_LT(crossing, static_cast<double>(below));
  EXPECT_DOUBLE_EQ(std::get<double>(row[column_of(capacity, "theory p")]), 13.8);

  // A cap of at least p changes nothing; a cap of 1 is the accuracy of probe 0 alone, which with one stored
  // pattern is the full-sweep value at p = 1 (1.0) and at p = 30 differs from the 30-probe mean.
  const Result capped = run_experiment(find_experiment("classical-capacity"),
                                       {{"trials", "20"}, {"patterns", "1,30"}, {"probes", "30"}});
  EXPECT_EQ(std::get<double>(capped.tables.at(0).rows[1][precise]),
            std::get<double>(full.tables.at(0).rows[29][precise]));
  const Result single = run_experiment(find_experiment("classical-capacity"),
                                       {{"trials", "20"}, {"patterns", "1,30"}, {"probes", "1"}});
  EXPECT_EQ(std::get<double>(single.tables.at(0).rows[0][precise]), 1.0);
  EXPECT_NE(std::get<double>(single.tables.at(0).rows[1][precise]),
            std::get<double>(full.tables.at(0).rows[29][precise]));
  // Seed columns only for the seed's protocol.
  const Result larger = run_experiment(find_experiment("classical-capacity"),
                                       {{"trials", "5"}, {"neurons", "200"}, {"patterns", "10,20"}});
  EXPECT_TRUE(std::holds_alternative<std::monostate>(larger.tables.at(0).rows[0][3]));

  EXPECT_THROW(run_experiment(find_experiment("classical-capacity"), {{"patterns", "10,5"}}), Error);
  EXPECT_THROW(run_experiment(find_experiment("classical-capacity"), {{"probes", "-1"}}), Error);
}

TEST(ClassicalCapacityExperiment, AccuracyFallsAndCapacityIsNearTheSeeds) {
  const Result result = run_experiment(find_experiment("classical-capacity"), {{"trials", "100"}});
  const Table& table = result.tables.at(0);
  ASSERT_EQ(table.rows.size(), 30u);
  const auto precise = column_of(table, "accuracy (100 trials)");
  const auto accuracy = [&](std::size_t p) { return std::get<double>(table.rows[p - 1][precise]); };
  EXPECT_DOUBLE_EQ(accuracy(1), 1.0);
  EXPECT_GT(accuracy(5), 0.995);
  EXPECT_LT(accuracy(30), 0.8);  // well past 0.138 N
  EXPECT_GT(accuracy(30), 0.6);  // partial retrieval, not chance (0.5)
  EXPECT_GT(accuracy(10), accuracy(20));
  EXPECT_GT(accuracy(20), accuracy(30));
  const Table& capacity = result.tables.at(1);
  const auto p = std::get<std::int64_t>(capacity.rows[1][1]);
  EXPECT_GE(p, 11);
  EXPECT_LE(p, 15);
}

TEST(Writers, JsonFollowsTheSchema) {
  Result result;
  result.name = "example";
  result.params = {{"seed", std::int64_t{42}}, {"noise", 0.25}};
  Table table{.title = "t", .columns = {"p", "ours", "seed"}, .rows = {}, .decimals = {}};
  table.add_row({std::int64_t{10}, 0.5, Cell()});
  table.add_row({std::int64_t{20}, std::nan(""), 0.837});
  result.tables.push_back(table);
  const auto json = to_json({result});
  const auto& experiment = json.at("experiments").at(0);
  EXPECT_EQ(experiment.at("name"), "example");
  EXPECT_EQ(experiment.at("params").at("seed"), 42);
  EXPECT_DOUBLE_EQ(experiment.at("params").at("noise").get<double>(), 0.25);
  const auto& rows = experiment.at("tables").at(0).at("rows");
  EXPECT_EQ(rows.at(0).at(0), 10);
  EXPECT_TRUE(rows.at(0).at(2).is_null());
  EXPECT_TRUE(rows.at(1).at(1).is_null());  // NaN is written as null, never as an invalid token
  EXPECT_DOUBLE_EQ(rows.at(1).at(2).get<double>(), 0.837);
  EXPECT_THROW(table.add_row({std::int64_t{1}}), Error);
  EXPECT_EQ(to_csv(table), "p,ours,seed\n10,0.5,\n20,nan,0.837\n");
}

TEST(Writers, AtomicWriteLeavesNoPartialFile) {
  namespace fs = std::filesystem;
  const fs::path directory = fs::temp_directory_path() / "hopfield-writer-test";
  fs::remove_all(directory);
  fs::create_directories(directory);
  write_file_atomically(directory / "out.json", "{}\n");
  std::ifstream in(directory / "out.json");
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "{}\n");
  EXPECT_THROW(write_file_atomically(directory / "missing" / "out.json", "x"), Error);
  EXPECT_EQ(std::distance(fs::directory_iterator(directory), fs::directory_iterator()), 1);
  fs::remove_all(directory);
}

}  // namespace
}  // namespace hopfield::experiments
