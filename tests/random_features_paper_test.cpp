#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "hopfield/error.hpp"
#include "registry.hpp"

namespace hopfield::experiments {
namespace {

Result small_run(const std::string& threads, const std::string& neurons = "400") {
  return run_experiment(find_experiment("random-features-paper"), {{"neurons", neurons},
                                                                   {"alpha_d", "0.02"},
                                                                   {"samples", "3"},
                                                                   {"probes", "2"},
                                                                   {"first_exponent", "-20"},
                                                                   {"threads", threads}});
}

TEST(RandomFeaturesPaper, SameTablesOnOneAndTwoThreadsAndEveryPaperRowPresent) {
  const Result one = small_run("1");
  const Result two = small_run("2");
  ASSERT_EQ(one.tables.size(), 2u);
  // α = 0.14 … 0.89 of the paper's table lie on the grid 10^(k/20), k = −20 … 0: 5 rows × 5 probe sets.
  EXPECT_EQ(one.tables[0].rows.size(), 25u);
  EXPECT_EQ(one.tables[1].rows.size(), 5u);
  for (std::size_t t = 0; t < one.tables.size(); ++t) EXPECT_EQ(one.tables[t].rows, two.tables[t].rows);
  // At α = 0.89 the features are fixed points (D = 8 ≪ p = 356): m = 1 in every sample.
  for (const auto& row : one.tables[0].rows) {
    if (std::get<double>(row[0]) == 0.89 && std::get<std::string>(row[2]) == "features") {
      EXPECT_DOUBLE_EQ(std::get<double>(row[3]), 1.0);
    }
  }
}

TEST(RandomFeaturesPaper, TooFewFeaturesForTheLargestMixtureIsAnError) {
  try {
    small_run("1", "200");  // D = round(0.02 · 200) = 4 < L = 7
    FAIL();
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("smaller than the largest L = 7"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace hopfield::experiments
