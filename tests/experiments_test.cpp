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

  Parameters lists({{"counts", std::string("10, 100,150"), ""}, {"betas", std::string("0.01,1e2"), ""},
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
