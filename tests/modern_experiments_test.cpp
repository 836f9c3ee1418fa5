// The experiments of issue 3, run through the registry at small sizes: their numbers against theory or
// against each other.
#include <gtest/gtest.h>

#include <cmath>

#include "catalogue.hpp"
#include "registry.hpp"

namespace hopfield::experiments {
namespace {

double real_cell(const Cell& cell) {
  if (const auto* value = std::get_if<double>(&cell)) return *value;
  if (const auto* value = std::get_if<std::int64_t>(&cell)) return static_cast<double>(*value);
  ADD_FAILURE() << "cell is not a number";
  return std::nan("");
}

std::size_t column(const Table& table, const std::string& name) {
  for (std::size_t c = 0; c < table.columns.size(); ++c)
    if (table.columns[c] == name) return c;
  ADD_FAILURE() << "no column " << name << " in " << table.title;
  return 0;
}

TEST(ModernExperiments, RetrievalRecoversEveryQuery) {
  const Result result = run_experiment(find_experiment("modern-retrieval"), {{"beta_sweep", "0.001,1"}});
  const Table& table = result.tables.at(0);
  ASSERT_EQ(table.rows.size(), 10u);
  for (const auto& row : table.rows) EXPECT_GT(real_cell(row[column(table, "cosine retrieved")]), 0.9999);
  // At beta = 0.001 every fixed point is the global average.
  const Table& sweep = result.tables.at(1);
  EXPECT_EQ(real_cell(sweep.rows.at(0)[column(sweep, "global average")]), 10.0);
  EXPECT_EQ(real_cell(sweep.rows.at(1)[column(sweep, "single pattern")]), 10.0);
}

TEST(ModernExperiments, AttentionEquivalenceIsExactInBothPrecisions) {
  const Result result =
      run_experiment(find_experiment("attention-equivalence"), {{"rounding_vectors", "200"}});
  const Table& table = result.tables.at(0);
  ASSERT_EQ(table.rows.size(), 2u);
  for (const auto& row : table.rows) EXPECT_EQ(real_cell(row[column(table, "max |difference|")]), 0.0);
  // The rounding table's fractions sum to 1 for every formula; dot/sqrt(|a|^2|b|^2) is exactly 1 for a = b.
  const Table& rounding = result.tables.at(1);
  for (const auto& row : rounding.rows) {
    EXPECT_NEAR(real_cell(row[1]) + real_cell(row[2]) + real_cell(row[3]) + real_cell(row[4]), 1.0, 1e-12);
  }
  EXPECT_EQ(real_cell(rounding.rows.at(1)[1]), 1.0);
}

TEST(ModernExperiments, CapacityFailsWhereThePredictionSays) {
  const Result result = run_experiment(
      find_experiment("modern-capacity"),
      {{"pattern_counts", "5,50"}, {"extended_counts", "10,1000"}, {"configurations", "64:1:0.3;8:1:0.3"}});
  const Table& seed_table = result.tables.at(0);
  for (const auto& row : seed_table.rows) EXPECT_EQ(real_cell(row[column(seed_table, "retrieved")]), 1.0);
  const Table& extended = result.tables.at(1);
  EXPECT_EQ(real_cell(extended.rows.at(0)[column(extended, "p = 1000")]), 1.0);  // p* ~ 1e11
  EXPECT_LT(real_cell(extended.rows.at(1)[column(extended, "p = 1000")]), 0.5);  // p* ~ 6
}

TEST(ModernExperiments, DenseCapacityGrowsWithDegreeAndMatchesHebbAtTwo) {
  const Result result = run_experiment(find_experiment("dense-capacity"),
                                       {{"neurons", "16,32"}, {"degrees", "2,3"}, {"trials", "4"}});
  const Table& table = result.tables.at(0);
  ASSERT_EQ(table.rows.size(), 2u);
  for (const auto& row : table.rows) {
    EXPECT_EQ(real_cell(row[column(table, "classical Hebb")]), real_cell(row[column(table, "n = 2")]));
    EXPECT_GT(real_cell(row[column(table, "n = 3")]), 2.0 * real_cell(row[column(table, "n = 2")]));
  }
}

TEST(ModernExperiments, CapacityComparisonMeasuresBothNetworks) {
  const Result result =
      run_experiment(find_experiment("capacity-comparison"),
                     {{"classical_trials", "10"}, {"modern_trials", "1"}, {"modern_max_patterns", "100"}});
  const Table& table = result.tables.at(0);
  const double classical = real_cell(table.rows.at(2)[1]);
  EXPECT_GT(classical, 0.85);
  EXPECT_LT(classical, 1.0);
  EXPECT_EQ(real_cell(table.rows.at(2)[3]), 1.0);
}

}  // namespace
}  // namespace hopfield::experiments
