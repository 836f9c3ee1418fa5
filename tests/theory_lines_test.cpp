// The theory the capacity experiments print and draw: every value equals the library's formula at that
// point (hopfield/capacity_theory.hpp, itself tested against published numbers), and the critical-capacity
// experiment's schedule changes no number.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <variant>

#include "hopfield/capacity_theory.hpp"
#include "hopfield/error.hpp"
#include "registry.hpp"

namespace hopfield::experiments {
namespace {

const Series& series_starting(const Figure& figure, const std::string& prefix) {
  const auto found = std::find_if(figure.series.begin(), figure.series.end(),
                                  [&](const Series& s) { return s.label.rfind(prefix, 0) == 0; });
  if (found == figure.series.end()) throw std::runtime_error("no series '" + prefix + "' in " + figure.name);
  return *found;
}

std::size_t column_of(const Table& table, const std::string& name) {
  const auto found = std::find(table.columns.begin(), table.columns.end(), name);
  if (found == table.columns.end()) throw std::runtime_error("no column '" + name + "' in " + table.title);
  return static_cast<std::size_t>(found - table.columns.begin());
}

TEST(TheoryLines, ClassicalCapacityDrawsAndPrintsTheAgsRetrievalState) {
  const Result result = run_experiment(find_experiment("classical-capacity"), {{"trials", "2"}});
  const Table& table = result.tables.at(0);
  const auto theory = column_of(table, "theory (1 + m)/2 (AGS, N → ∞)");
  // N = 100: p = 10 is α = 0.1, inside the retrieval phase; p = 14 is past α_c = 0.1379.
  EXPECT_DOUBLE_EQ(std::get<double>(table.rows[9][theory]), (1 + ags_retrieval_overlap(0.1)) / 2);
  // m(0.1) ≈ 1 − √(2α/π) e^(−1/(2α)) = 0.998 (the small-α form of the AGS equations).
  EXPECT_NEAR(std::get<double>(table.rows[9][theory]), 0.999, 2e-4);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(table.rows[13][theory]));
  const Figure& figure = result.figures.at(0);
  const Series& curve = series_starting(figure, "theory: (1 + m)/2");
  ASSERT_GT(curve.x.size(), 100u);
  EXPECT_EQ(curve.y.front(), 1.0);
  EXPECT_LT(curve.x.back(), 100 * ags_critical_capacity());
  EXPECT_GT(curve.x.back(), 13.78);
  EXPECT_NEAR(curve.y.back(), (1 + 0.9674) / 2, 5e-4);  // m ≈ 0.967 just below α_c
  const Series& critical = series_starting(figure, "theory: α_c N");
  EXPECT_NEAR(critical.x.at(0), 13.79, 0.01);
}

TEST(TheoryLines, DenseCapacityDrawsTheKrotovHopfieldCapacity) {
  const Result result = run_experiment(find_experiment("dense-capacity"),
                                       {{"neurons", "16,32"}, {"degrees", "3"}, {"trials", "2"}});
  const Series& line = series_starting(result.figures.at(0), "theory: n = 3");
  ASSERT_EQ(line.x.front(), 16.0);
  ASSERT_EQ(line.x.back(), 32.0);
  // N² / (2 · 3!! · ln N): 256 / (6 ln 16) and 1024 / (6 ln 32), as in the table's theory column.
  EXPECT_NEAR(line.y.front(), 256 / (6 * std::log(16.0)), 1e-9);
  EXPECT_NEAR(line.y.back(), 1024 / (6 * std::log(32.0)), 1e-9);
  const Table& table = result.tables.at(0);
  EXPECT_DOUBLE_EQ(std::get<double>(table.rows[1][column_of(table, "theory n = 3")]), line.y.back());
  // N = 1 has no ln N: refused before anything runs, naming the parameter.
  try {
    run_experiment(find_experiment("dense-capacity"), {{"neurons", "1,16"}});
    FAIL() << "N = 1 accepted";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("'neurons'"), std::string::npos) << error.what();
  }
}

TEST(TheoryLines, ModernCapacityDrawsTheRandomEnergyEstimateInsideItsRange) {
  const Result result =
      run_experiment(find_experiment("modern-capacity"), {{"pattern_counts", "5,50"},
                                                          {"extended_counts", "2,10,1000"},
                                                          {"configurations", "64:1:0.3;8:1:0.3"},
                                                          {"trials", "2"}});
  const Figure& figure = result.figures.at(1);
  // d = 8, β = 1, noise 0.3: ln p* = (8 − ln 10)² / (2 · 8.72) ≈ 1.861, p* ≈ 6.4, inside 2 … 1000; d = 64
  // (p* ≈ e^27) lies outside and is left to the table.
  const Series& line = series_starting(figure, "theory: p* = ");
  EXPECT_NEAR(line.x.at(0), std::exp(random_energy_log_capacity(8, 1.0, 0.3)), 1e-9);
  EXPECT_NEAR(line.x.at(0), 6.43, 0.01);
  EXPECT_EQ(std::count_if(figure.series.begin(), figure.series.end(),
                          [](const Series& s) { return s.label.rfind("theory", 0) == 0; }),
            1);
  // The write-up's sweep has its own figure, with the write-up's 100 %.
  EXPECT_EQ(series_starting(result.figures.at(0), "seed").y, std::vector<double>({1.0, 1.0}));
}

TEST(TheoryLines, CapacityComparisonDrawsTheThreeTheoriesAndTheSeeds) {
  const Result result =
      run_experiment(find_experiment("capacity-comparison"),
                     {{"classical_trials", "4"}, {"modern_trials", "1"}, {"modern_max_patterns", "100"}});
  ASSERT_EQ(result.figures.size(), 2u);
  EXPECT_EQ(series_starting(result.figures[0], "seed").y.at(0), 0.95);
  const Figure& scaling = result.figures[1];
  const Series& classical = series_starting(scaling, "theory: classical");
  EXPECT_NEAR(classical.y.at(0), 8 * ags_critical_capacity(), 1e-12);
  const Series& modern = series_starting(scaling, "theory: modern");
  EXPECT_NEAR(std::log(modern.y.back()), random_energy_log_capacity(128, 1.0, 0.3), 1e-9);
  EXPECT_NEAR(series_starting(scaling, "theory: n = 3").y.back(), 128.0 * 128 / (6 * std::log(128.0)), 1e-9);
}

Result small_critical_run(const std::string& threads) {
  return run_experiment(find_experiment("classical-critical-capacity"), {{"neurons", "200,400"},
                                                                         {"alpha_max", "0.26"},
                                                                         {"alpha_step", "0.01"},
                                                                         {"probes", "10"},
                                                                         {"network_budget", "2000"},
                                                                         {"bootstrap", "50"},
                                                                         {"threads", threads}});
}

TEST(ClassicalCriticalCapacity, SameNumbersOnOneAndTwoThreadsAndCriticalPointsFound) {
  const Result one = small_critical_run("1");
  const Result two = small_critical_run("2");
  ASSERT_EQ(one.tables.size(), 2u);
  for (std::size_t t = 0; t < one.tables.size(); ++t) EXPECT_EQ(one.tables[t].rows, two.tables[t].rows);
  for (std::size_t f = 0; f < one.figures.size(); ++f)
    for (std::size_t s = 0; s < one.figures[f].series.size(); ++s)
      EXPECT_EQ(one.figures[f].series[s].y, two.figures[f].series[s].y);
  // Small networks retrieve past the N → ∞ value: α_c(N) above 0.138, m there near 0.97.
  for (const auto& row : one.tables[0].rows) {
    EXPECT_GT(std::get<double>(row[3]), 0.14);
    EXPECT_LT(std::get<double>(row[3]), 0.26);
    EXPECT_NEAR(std::get<double>(row[7]), 0.97, 0.02);
  }
}

}  // namespace
}  // namespace hopfield::experiments
