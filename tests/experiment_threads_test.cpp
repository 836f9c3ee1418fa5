// The experiments that run their cells, trials or points in parallel: the same tables and figures, bit for
// bit, with one OpenMP thread and with two, and an exception inside a parallel item reaches the caller as an
// error. Small sizes; the MNIST ones run on the shipped sample.
#include <gtest/gtest.h>
#include <omp.h>

#include <new>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "capacity_protocol.hpp"
#include "dense_capacity.hpp"
#include "hopfield/error.hpp"
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

template <typename Run>
auto with_threads(int threads, Run&& run) {
  const int saved = omp_get_max_threads();
  omp_set_num_threads(threads);
  auto result = run();
  omp_set_num_threads(saved);
  return result;
}

// The trials of one dense-capacity cell, made to run in parallel at any size (parallel_work = 0): the same
// tally per trial on one thread and on two. The cells sit near capacity, so the tallies differ from trial to
// trial and a trial that drew another's patterns (a shared generator, an order-dependent seed) would show.
TEST(ExperimentThreads, DenseCapacityTrials) {
  const DenseCapacitySearch search{.neurons = 24,
                                   .corruption = 0.1,
                                   .trials = 24,
                                   .probes = 8,
                                   .threshold = 0.9,
                                   .max_patterns = 1000,
                                   .seed = 42,
                                   .parallel_work = 0};
  for (const auto& [p, classical] : std::vector<std::pair<Index, bool>>{{4, true}, {40, false}}) {
    const auto one = with_threads(1, [&] { return dense_trial_successes(search, p, 3, classical); });
    const auto two = with_threads(2, [&] { return dense_trial_successes(search, p, 3, classical); });
    EXPECT_EQ(one, two) << "p = " << p;
    EXPECT_GT(std::set<std::int64_t>(one.begin(), one.end()).size(), 2u) << "p = " << p;
  }
  expect_same_numbers("dense-capacity", {{"neurons", "16,24"}, {"degrees", "2,3"}, {"trials", "4"}});
}

// A Progress that throws on its `fail_at`-th advance: advance() is called inside the parallel items.
class FailingProgress : public Progress {
 public:
  explicit FailingProgress(int fail_at) : fail_at_(fail_at) {}
  void advance(std::int64_t) override {
    int count;
#pragma omp atomic capture
    count = ++calls_;
    if (count == fail_at_) throw Error("injected failure in a parallel item");
  }

 private:
  int fail_at_;
  int calls_ = 0;
};

// An exception thrown inside a parallel item (there: std::bad_alloc, here an injected Error) used to
// terminate the process; it now reaches the caller.
TEST(ExperimentThreads, ExceptionInsideAParallelItemBecomesAnError) {
  const std::vector<std::pair<std::string, Overrides>> runs = {
      {"classical-retrieval", {{"trials", "20"}}},
      {"classical-capacity", {{"trials", "4"}, {"max_patterns", "6"}}},
      {"capacity-comparison", {{"classical_trials", "4"}, {"classical_max_patterns", "13"}}},
      {"modern-capacity", {{"pattern_counts", "5,10"}, {"extended_counts", "10"}, {"trials", "2"}}}};
  for (const auto& [name, overrides] : runs) {
    FailingProgress progress(3);
    const int saved = omp_get_max_threads();
    omp_set_num_threads(2);
    EXPECT_THROW(run_experiment(find_experiment(name), overrides, progress), Error) << name;
    omp_set_num_threads(saved);
  }
  Progress quiet;
  EXPECT_THROW(run_cells(
                   8,
                   [](Index cell) {
                     if (cell == 5) throw std::bad_alloc();
                   },
                   quiet),
               std::bad_alloc);
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
