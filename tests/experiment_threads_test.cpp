// The experiments that run their cells, trials or points in parallel (issue 6): the same tables and figures,
// bit for bit, with one OpenMP thread and with two. Small sizes; the MNIST one runs on the shipped sample.
#include <gtest/gtest.h>
#include <omp.h>

#include <string>
#include <utility>
#include <vector>

#include "registry.hpp"

namespace hopfield::experiments {
namespace {

using Overrides = std::vector<std::pair<std::string, std::string>>;

Result run_with_threads(const std::string& name, const Overrides& overrides, int threads) {
  const int saved = omp_get_max_threads();
  omp_set_num_threads(threads);
  Result result = run_experiment(find_experiment(name), overrides);
  omp_set_num_threads(saved);
  return result;
}

// Wall-clock tables ("Cost per …") are the only output allowed to differ.
void expect_same_numbers(const std::string& name, const Overrides& overrides) {
  const Result one = run_with_threads(name, overrides, 1);
  const Result two = run_with_threads(name, overrides, 2);
  ASSERT_EQ(one.tables.size(), two.tables.size()) << name;
  ASSERT_FALSE(one.tables.empty()) << name;
  for (std::size_t t = 0; t < one.tables.size(); ++t) {
    if (one.tables[t].title.rfind("Cost per", 0) == 0) continue;
    EXPECT_EQ(one.tables[t].title, two.tables[t].title);
    EXPECT_EQ(one.tables[t].rows, two.tables[t].rows) << name << ": " << one.tables[t].title;
  }
  ASSERT_EQ(one.figures.size(), two.figures.size()) << name;
  for (std::size_t f = 0; f < one.figures.size(); ++f) {
    ASSERT_EQ(one.figures[f].series.size(), two.figures[f].series.size());
    for (std::size_t s = 0; s < one.figures[f].series.size(); ++s) {
      const Series& a = one.figures[f].series[s];
      const Series& b = two.figures[f].series[s];
      EXPECT_EQ(a.x, b.x) << name << ": " << a.label;
      EXPECT_EQ(a.y, b.y) << name << ": " << a.label;
      EXPECT_EQ(a.y_low, b.y_low) << name << ": " << a.label;
      EXPECT_EQ(a.y_high, b.y_high) << name << ": " << a.label;
    }
  }
  EXPECT_EQ(one.notes, two.notes) << name;
}

TEST(ExperimentThreads, DenseCapacityTrials) {
  expect_same_numbers("dense-capacity", {{"neurons", "16,24"}, {"degrees", "2,3"}, {"trials", "4"}});
}

TEST(ExperimentThreads, ModernCapacityCells) {
  expect_same_numbers("modern-capacity", {{"pattern_counts", "5,50"},
                                          {"extended_counts", "10,1000"},
                                          {"configurations", "64:1:0.3;8:1:0.3;16:0.5:1"},
                                          {"trials", "2"}});
}

TEST(ExperimentThreads, MnistPseudoinverseCapacityCells) {
  expect_same_numbers("mnist-pseudoinverse-capacity", {{"data", HOPFIELD_TEST_DATA_DIR},
                                                       {"patterns", "10,60"},
                                                       {"fine_patterns", "40"},
                                                       {"protocol_patterns", "20,40"},
                                                       {"draws", "2"}});
}

TEST(ExperimentThreads, MnistBetaPointsAndCells) {
  expect_same_numbers("mnist-beta", {{"data", HOPFIELD_TEST_DATA_DIR},
                                     {"patterns", "50"},
                                     {"betas_per_decade", "2"},
                                     {"capacity_patterns", "10,100,400"}});
}

TEST(ExperimentThreads, MnistSpectrumSpectraAndSteps) {
  expect_same_numbers("mnist-spectrum", {{"data", HOPFIELD_TEST_DATA_DIR}, {"interpolation_steps", "5"}});
}

TEST(ExperimentThreads, RandomFeaturesPhasesPoints) {
  expect_same_numbers("random-features-phases", {{"neurons", "200"},
                                                 {"alpha_max", "4"},
                                                 {"points", "6"},
                                                 {"train_probes", "20"},
                                                 {"test_examples", "20"}});
}

}  // namespace
}  // namespace hopfield::experiments
