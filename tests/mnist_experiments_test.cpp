// The MNIST experiments on the shipped sample (tests/data: 40 digits per class), never on a download.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <new>
#include <string>

#include "hopfield/classical.hpp"
#include "hopfield/dataset.hpp"
#include "hopfield/error.hpp"
#include "mnist_data.hpp"
#include "registry.hpp"

namespace hopfield::experiments {
namespace {

const std::string kSample = HOPFIELD_TEST_DATA_DIR;

Result run(const std::string& name, std::vector<std::pair<std::string, std::string>> overrides) {
  overrides.emplace_back("data", kSample);
  return run_experiment(find_experiment(name), overrides);
}

const Table& table_titled(const Result& result, const std::string& start) {
  for (const auto& table : result.tables) {
    if (table.title.rfind(start, 0) == 0) return table;
  }
  throw Error("no table starting '" + start + "'");
}

// The value in column `column` of the row whose first cell is `key`.
double value(const Table& table, const std::string& key, std::size_t column) {
  for (const auto& row : table.rows) {
    if (std::get<std::string>(row[0]).rfind(key, 0) == 0) {
      if (const auto* real = std::get_if<double>(&row[column])) return *real;
      return static_cast<double>(std::get<std::int64_t>(row[column]));
    }
  }
  throw Error("no row '" + key + "'");
}

double number(const Cell& cell) {
  if (const auto* real = std::get_if<double>(&cell)) return *real;
  return static_cast<double>(std::get<std::int64_t>(cell));
}

TEST(MnistExperiments, HebbCollapse) {
  const Result result = run("mnist-hebb-collapse", {{"trials", "8"}});
  const Table& summary = table_titled(result, "Hebb collapse");
  EXPECT_GT(value(summary, "mean pairwise similarity", 1), 0.9);  // seed 0.99
  EXPECT_GT(value(summary, "  same, mean over", 1), 0.9);
  EXPECT_EQ(value(summary, "recalls equal to their own digit", 1), 0.0);
  EXPECT_LE(value(summary, "distinct end states", 1), 3.0);
  // Stored digits share most pixels (seed 400-600 of 784) and are mostly background (seed -0.63 ... -0.90).
  EXPECT_GT(value(summary, "smallest pairwise inner product", 1), 300.0);
  EXPECT_LT(value(summary, "largest pairwise inner product", 1), 700.0);
  EXPECT_LT(value(summary, "least negative mean pixel value", 1), -0.5);
  EXPECT_GT(value(summary, "most negative mean pixel value", 1), -0.95);
  ASSERT_EQ(result.images.size(), 1u);
  EXPECT_EQ(result.images[0].pixels.cols(), 40);  // stored, probe, recalled, mean x 10
  EXPECT_EQ(result.images[0].grid_columns, 10);
}

TEST(MnistExperiments, Spectrum) {
  const Result result = run("mnist-spectrum", {{"interpolation_steps", "3"}});
  const Table& summary = table_titled(result, "Spectral summary");
  EXPECT_GT(value(summary, "Hebb: lambda_1 / lambda_2", 1), 5.0);  // seed ~10
  EXPECT_GT(value(summary, "Hebb: lambda_1", 1), 5.0);             // seed 6.65
  EXPECT_GT(value(summary, "Hebb: |cos(top eigenvector", 1), 0.999);
  EXPECT_EQ(value(summary, "PI: eigenvalues within 1e-9 of 1", 1), 10.0);
  EXPECT_EQ(value(summary, "PI: eigenvalues within 1e-9 of 0", 1), 774.0);
  EXPECT_LT(value(summary, "PI: max |W_PI xi - xi|", 1), 1e-9);  // W_PI ξ = ξ
  // The full solver and the Gram path agree on every listed eigenvalue of the span.
  const Table& hebb = table_titled(result, "Eigenvalues of W_Hebb");
  for (const auto& row : hebb.rows) EXPECT_NEAR(number(row[1]), number(row[3]), 1e-9);
  // Interpolation: a = 0 is Hebb (no digit recalled), a = 1 is the projection (lambda_1 = lambda_2 = 1, all).
  const Table& path = table_titled(result, "W(a)");
  ASSERT_EQ(path.rows.size(), 3u);
  EXPECT_EQ(number(path.rows[0][4]), 0.0);
  EXPECT_NEAR(number(path.rows[2][1]), 1.0, 1e-9);
  EXPECT_NEAR(number(path.rows[2][2]), 1.0, 1e-9);
  EXPECT_EQ(number(path.rows[2][4]), 10.0);
  EXPECT_GT(number(path.rows[0][3]), number(path.rows[1][3]));  // the gap shrinks along the path
}

TEST(MnistExperiments, Centred) {
  const Result result = run("mnist-centred", {{"trials", "6"}});
  const Table& sink = table_titled(result, "The bias sink");
  EXPECT_LE(value(sink, "Hebb", 1), 3.0);
  EXPECT_GE(value(sink, "centred Hebb", 1), 8.0);  // the sink is gone
  const Table& where = table_titled(result, "Where");
  double total = 0.0;
  for (std::size_t r = 0; r < 6; ++r) total += number(where.rows[r][3]);
  EXPECT_EQ(total, 60.0);                            // every probe lands in exactly one category
  EXPECT_EQ(value(where, "closer to -xi", 3), 0.0);  // ties keep the state: no negations
  // Pixels that are background in all ten digits have a zero row in the centred couplings.
  EXPECT_GT(value(sink, "pixels with exactly zero local field", 1), 200.0);
  // With sign(0) = +1 those pixels turn to ink: every end state is closer to -xi than to +xi (the seed's
  // "recalls land on negations").
  const Result plus = run("mnist-centred", {{"trials", "6"}, {"zero_field", "plus"}});
  EXPECT_EQ(value(table_titled(plus, "Where"), "closer to -xi", 3), 60.0);
  EXPECT_THROW(run("mnist-centred", {{"trials", "1"}, {"zero_field", "minus"}}), Error);
}

TEST(MnistExperiments, PseudoinverseCliff) {
  const Result result = run(
      "mnist-pseudoinverse-capacity",
      {{"patterns", "10,100,250"}, {"fine_patterns", "300"}, {"draws", "1"}, {"protocol_patterns", "30"}});
  const Table& coarse = table_titled(result, "Fraction of probes");
  ASSERT_EQ(coarse.rows.size(), 3u);
  double previous = 2.0;
  for (const auto& row : coarse.rows) {
    EXPECT_EQ(number(row[2]), 0.0);  // Hebb recalls nothing (seed: 0 % everywhere)
    const double pi = number(row[4]);
    EXPECT_LE(pi, previous);  // the cliff is monotone
    previous = pi;
    EXPECT_LE(number(row[5]), pi + 1e-12);  // Wilson bounds (rounding: the upper bound at 100 % is 1 - 1e-16)
    EXPECT_GE(number(row[6]), pi - 1e-12);
  }
  EXPECT_EQ(number(coarse.rows[0][4]), 1.0);  // p = 10
  EXPECT_GT(number(coarse.rows[1][4]), 0.9);  // p = 100
  EXPECT_LT(number(coarse.rows[2][4]), 0.3);  // p = 250 is past the cliff
  const Table& fine = table_titled(result, "Finer grid");
  EXPECT_LT(number(fine.rows[0][4]), 0.05);  // p = 300
  const Table& protocol = table_titled(result, "How protocol choices");
  EXPECT_EQ(protocol.rows.size(), 6u);
}

TEST(MnistExperiments, PseudoinverseStoredDigitsAreFixedPoints) {
  const Dataset sample =
      load_dataset(DatasetKind::Mnist, {.directory = kSample, .split = "t10k", .limit = 0});
  const Matrix stored = binarise(sample.images).leftCols(120);
  const Matrix w = pseudoinverse_weights(stored);
  EXPECT_LT((w * stored - stored).cwiseAbs().maxCoeff(), 1e-9);  // W ξ = ξ
  const auto zeroed = ClassicalHopfield::pseudoinverse(stored, {.ridge = 0.0, .zero_diagonal = true});
  EXPECT_EQ(zeroed.recall(stored).states, stored);  // still fixed points with W_ii = 0
}

TEST(MnistExperiments, RunOnFashionMnistByAFlag) {
  if (!std::filesystem::exists("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"))
    GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  const Result result = run_experiment(find_experiment("mnist-spectrum"),
                                       {{"dataset", "fashion-mnist"}, {"interpolation_steps", "2"}});
  EXPECT_EQ(value(table_titled(result, "Spectral summary"), "PI: eigenvalues within 1e-9 of 1", 1), 10.0);
}

// load_mnist_data keeps the last set it read: the same parameters share it, a changed or vanished file is
// read again, and what it serves equals a fresh load_dataset + binarise.
TEST(MnistExperiments, LoadedDataIsSharedUntilTheFileChanges) {
  namespace fs = std::filesystem;
  const fs::path directory = fs::temp_directory_path() / "hopfield-mnist-cache-test";
  fs::remove_all(directory);
  fs::create_directories(directory);
  for (const char* file : {"mnist-images-idx3-ubyte.gz", "mnist-labels-idx1-ubyte.gz"})
    fs::copy_file(fs::path(kSample) / file, directory / file);
  const auto load = [&] { return load_mnist_data("mnist", directory.string()); };

  const auto first = load();
  const auto second = load();
  EXPECT_EQ(first.get(), second.get());
  const Dataset fresh =
      load_dataset(DatasetKind::Mnist, {.directory = directory, .split = "t10k", .limit = 0});
  EXPECT_EQ(first->dataset.images, fresh.images);
  EXPECT_EQ(first->dataset.labels, fresh.labels);
  EXPECT_EQ(first->patterns, binarise(fresh.images));

  // Another directory is another set.
  EXPECT_NE(load_mnist_data("mnist", kSample).get(), first.get());

  // The file vanishes: an error, not the old copy; it comes back: read again.
  const auto third = load();
  fs::rename(directory / "mnist-images-idx3-ubyte.gz", directory / "moved.gz");
  EXPECT_THROW(load(), Error);
  fs::rename(directory / "moved.gz", directory / "mnist-images-idx3-ubyte.gz");
  const auto fourth = load();
  EXPECT_NE(fourth.get(), third.get());
  EXPECT_EQ(fourth->patterns, first->patterns);
  fs::remove_all(directory);
}

// A Progress whose advance() fails as an allocation can: the repeats of mnist-centred and mnist-hebb-collapse
// call it from inside their parallel loop, so the failure has to leave the loop as an exception on the
// calling thread (an exception escaping an OpenMP region would end the process instead).
class FailingProgress : public Progress {
 public:
  void advance(std::int64_t /*units*/) override {
    if (++calls_ == 2) throw std::bad_alloc();
  }

 private:
  std::atomic<int> calls_{0};
};

TEST(MnistExperiments, FailureInsideTheRepeatsIsAnException) {
  for (const char* name : {"mnist-centred", "mnist-hebb-collapse"}) {
    FailingProgress progress;
    EXPECT_THROW(run_experiment(find_experiment(name), {{"data", kSample}, {"trials", "6"}}, progress),
                 std::bad_alloc)
        << name;
  }
}

// The message of the error `name` throws with `overrides` (empty when it runs).
std::string error_of(const std::string& name,
                     const std::vector<std::pair<std::string, std::string>>& overrides) {
  try {
    run(name, overrides);
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

// Integers are checked against their range and the type they end up in, before any data are read: steps
// used to be cut to 32 bits (4294967297 ran 1 step) and a negative trial count to reach the allocation.
TEST(MnistExperiments, IntegerParametersAreRangeChecked) {
  const std::pair<const char*, std::pair<std::string, std::string>> cases[] = {
      {"mnist-beta", {"steps", "4294967297"}},          {"mnist-beta", {"threads", "70000"}},
      {"mnist-hebb-collapse", {"trials", "-1"}},        {"mnist-centred", {"trials", "0"}},
      {"mnist-spectrum", {"interpolation_steps", "1"}}, {"mnist-pseudoinverse-capacity", {"draws", "-3"}}};
  for (const auto& [name, assignment] : cases) {
    const std::string message = error_of(name, {assignment, {"data", "/nonexistent/hopfield-data"}});
    EXPECT_NE(message.find("'" + assignment.first + "'"), std::string::npos) << name << ": " << message;
    EXPECT_NE(message.find(assignment.second), std::string::npos) << name << ": " << message;
  }
  // A text parameter is checked when it is set, before the run.
  EXPECT_NE(error_of("mnist-centred", {{"zero_field", "minus"}}).find("'zero_field'"), std::string::npos);
}

TEST(MnistExperiments, MissingDataIsAClearError) {
  for (const char* name :
       {"mnist-hebb-collapse", "mnist-spectrum", "mnist-centred", "mnist-pseudoinverse-capacity"}) {
    try {
      run_experiment(find_experiment(name), {{"data", "/nonexistent/hopfield-data"}});
      ADD_FAILURE() << name << " ran without data";
    } catch (const Error& error) {
      EXPECT_NE(std::string(error.what())
                    .find("'/nonexistent/hopfield-data/mnist/mnist-images-idx3-ubyte' does not exist"),
                std::string::npos)
          << error.what();
    }
  }
}

}  // namespace
}  // namespace hopfield::experiments
