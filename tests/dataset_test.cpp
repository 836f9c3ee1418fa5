#include "hopfield/dataset.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "hopfield/error.hpp"
#include "test_files.hpp"

namespace hopfield {
namespace {

const std::filesystem::path kSample = HOPFIELD_TEST_DATA_DIR;

TEST(Binarise, ThresholdIsStrictlyAboveHalf) {
  Matrix images(5, 1);
  images << 0.0, 0.5, 127.0 / 255.0, 128.0 / 255.0, 1.0;
  const Matrix patterns = binarise(images);
  EXPECT_EQ(patterns(0, 0), -1.0);
  EXPECT_EQ(patterns(1, 0), -1.0);  // exactly 0.5 is background
  EXPECT_EQ(patterns(2, 0), -1.0);  // pixel 127
  EXPECT_EQ(patterns(3, 0), 1.0);   // pixel 128
  EXPECT_EQ(patterns(4, 0), 1.0);
  EXPECT_EQ(binarise(images, 0.9)(4, 0), 1.0);
  EXPECT_EQ(binarise(images, 0.9)(3, 0), -1.0);
}

TEST(Dataset, LoadsTheShippedSample) {
  const Dataset sample =
      load_dataset(DatasetKind::Mnist, {.directory = kSample, .split = "t10k", .limit = 0});
  EXPECT_EQ(sample.name, "mnist");
  EXPECT_EQ(sample.image_height, 28);
  EXPECT_EQ(sample.image_width, 28);
  ASSERT_EQ(sample.size(), 400);
  EXPECT_EQ(sample.images.rows(), 784);
  EXPECT_GE(sample.images.minCoeff(), 0.0);
  EXPECT_LE(sample.images.maxCoeff(), 1.0);
  EXPECT_EQ(sample.images.maxCoeff(), 1.0);  // MNIST has saturated ink pixels
  // Written class by class, 40 per class.
  for (int label = 0; label <= 9; ++label) EXPECT_EQ(indices_of_class(sample.labels, label).size(), 40u);
  EXPECT_EQ(sample.labels.front(), 0);
  EXPECT_EQ(sample.labels.back(), 9);
  // Digits have far more background than ink: mean ±1 pixel between -0.95 and -0.4.
  const Matrix patterns = binarise(sample.images);
  for (Index k = 0; k < sample.size(); ++k) {
    EXPECT_LT(patterns.col(k).mean(), -0.4);
    EXPECT_GT(patterns.col(k).mean(), -0.95);
  }
  const Dataset limited =
      load_dataset(DatasetKind::Mnist, {.directory = kSample, .split = "t10k", .limit = 25});
  EXPECT_EQ(limited.size(), 25);
  EXPECT_EQ(limited.images, sample.images.leftCols(25));
}

TEST(Dataset, SelectionHelpers) {
  const std::vector<int> labels = {3, 0, 1, 0, 2, 3, 4, 5, 6, 7, 8, 9, 1};
  const std::vector<Index> first = first_of_each_class(labels);
  EXPECT_EQ(first, (std::vector<Index>{1, 2, 4, 0, 6, 7, 8, 9, 10, 11}));
  const std::vector<Index> random = random_of_each_class(labels, 1, 7);
  ASSERT_EQ(random.size(), 10u);
  for (int label = 0; label <= 9; ++label) EXPECT_EQ(labels[static_cast<std::size_t>(random[label])], label);
  EXPECT_THROW(first_of_each_class(labels, 2), Error);  // class 2 has one image
  Matrix m(2, 3);
  m << 1, 2, 3, 4, 5, 6;
  const Matrix picked = select_columns(m, {2, 0});
  EXPECT_EQ(picked(0, 0), 3);
  EXPECT_EQ(picked(1, 1), 4);
  EXPECT_THROW(select_columns(m, {3}), Error);
}

// Sets (or, for nullptr, unsets) an environment variable for the lifetime of the object.
class ScopedEnvironment {
 public:
  ScopedEnvironment(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    value ? ::setenv(name, value, 1) : ::unsetenv(name);
  }
  ~ScopedEnvironment() { old_ ? ::setenv(name_, old_->c_str(), 1) : ::unsetenv(name_); }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// Changes the working directory for the lifetime of the object.
class ScopedWorkingDirectory {
 public:
  explicit ScopedWorkingDirectory(const std::filesystem::path& directory)
      : old_(std::filesystem::current_path()) {
    std::filesystem::current_path(directory);
  }
  ~ScopedWorkingDirectory() { std::filesystem::current_path(old_); }

 private:
  std::filesystem::path old_;
};

using test_files::fresh_directory;

// Explicit, then HOPFIELD_DATA, then ./data, then $XDG_DATA_HOME/hopfield, else ~/.local/share/hopfield.
TEST(Dataset, DirectoryResolutionOrder) {
  namespace fs = std::filesystem;
  const fs::path root = fresh_directory("hopfield-data-order");
  const ScopedWorkingDirectory working(root);
  const ScopedEnvironment xdg("XDG_DATA_HOME", (root / "xdg").c_str());
  const ScopedEnvironment home("HOME", (root / "home").c_str());
  {
    const ScopedEnvironment environment("HOPFIELD_DATA", "/from/environment");
    EXPECT_EQ(resolve_data_directory("/explicit"), fs::path("/explicit"));
    EXPECT_EQ(resolve_data_directory(), fs::path("/from/environment"));
  }
  const ScopedEnvironment no_environment("HOPFIELD_DATA", nullptr);
  EXPECT_EQ(user_data_directory(), root / "xdg" / "hopfield");
  EXPECT_EQ(resolve_data_directory(), root / "data");  // nothing exists: ./data is named
  fs::create_directories(root / "xdg" / "hopfield");
  EXPECT_EQ(resolve_data_directory(), root / "xdg" / "hopfield");
  fs::create_directories(root / "data");
  EXPECT_EQ(resolve_data_directory(), root / "data");
  EXPECT_EQ(resolve_data_directory("/explicit"), fs::path("/explicit"));
  {
    const ScopedEnvironment no_xdg("XDG_DATA_HOME", nullptr);
    EXPECT_EQ(user_data_directory(), root / "home" / ".local" / "share" / "hopfield");
  }
  fs::current_path(std::filesystem::temp_directory_path());
  fs::remove_all(root);
}

// ./data is found relative to the working directory at run time (the library holds no path of its own).
TEST(Dataset, FindsDataInTheWorkingDirectory) {
  namespace fs = std::filesystem;
  const fs::path root = fresh_directory("hopfield-data-working");
  fs::create_directories(root / "data" / "mnist");
  for (const auto& entry : fs::directory_iterator(kSample))
    if (entry.path().extension() == ".gz")
      fs::copy_file(entry.path(), root / "data" / "mnist" / entry.path().filename());
  {
    const ScopedWorkingDirectory working(root);
    const ScopedEnvironment no_environment("HOPFIELD_DATA", nullptr);
    const Dataset sample = load_dataset(DatasetKind::Mnist);
    EXPECT_EQ(sample.size(), 400);
    EXPECT_EQ(sample.images_file, root / "data" / "mnist" / "mnist-images-idx3-ubyte.gz");
  }
  fs::remove_all(root);
}

// The library's message names the paths and why each failed, and says nothing of front-end flags or
// scripts (the command-line tool adds those).
TEST(Dataset, MissingDataSaysWhatWasTried) {
  try {
    load_dataset(DatasetKind::Mnist,
                 {.directory = "/nonexistent/hopfield-data", .split = "t10k", .limit = 0});
    FAIL() << "expected an error";
  } catch (const DatasetNotFound& error) {
    const std::string message = error.what();
    EXPECT_EQ(error.kind(), DatasetKind::Mnist);
    EXPECT_NE(message.find("'/nonexistent/hopfield-data/mnist/mnist-images-idx3-ubyte' does not exist"),
              std::string::npos)
        << message;
    EXPECT_EQ(message.find("--set"), std::string::npos) << message;
    EXPECT_EQ(message.find("scripts/"), std::string::npos) << message;
  }
  EXPECT_THROW(dataset_from_name("cifar"), Error);
  EXPECT_EQ(dataset_from_name("fashion-mnist"), DatasetKind::FashionMnist);
}

TEST(Dataset, NoDefaultDirectoryIsSaidPlainly) {
  namespace fs = std::filesystem;
  const fs::path root = fresh_directory("hopfield-data-none");
  const ScopedWorkingDirectory working(root);
  const ScopedEnvironment no_environment("HOPFIELD_DATA", nullptr);
  const ScopedEnvironment xdg("XDG_DATA_HOME", (root / "xdg").c_str());
  try {
    load_dataset(DatasetKind::Mnist);
    FAIL() << "expected an error";
  } catch (const DatasetNotFound& error) {
    EXPECT_EQ(std::string(error.what()),
              "mnist data not found: no data directory (HOPFIELD_DATA is not set, and neither ./data nor '" +
                  (root / "xdg" / "hopfield").string() + "' exists)");
  }
  fs::current_path(fs::temp_directory_path());
  fs::remove_all(root);
}

// A candidate that exists but cannot be read is reported with the reason, and a FIFO is never opened.
TEST(Dataset, UnreadableFilesSayWhy) {
  namespace fs = std::filesystem;
  const fs::path root = fresh_directory("hopfield-data-reasons");
  fs::create_directories(root / "mnist" / "mnist-images-idx3-ubyte");
  ASSERT_EQ(::mkfifo((root / "mnist" / "mnist-images-idx3-ubyte.gz").c_str(), 0600), 0);
  fs::create_symlink("loop-b", root / "mnist-images-idx3-ubyte");
  fs::create_symlink("mnist-images-idx3-ubyte", root / "loop-b");
  try {
    load_dataset(DatasetKind::Mnist, {.directory = root, .split = "t10k", .limit = 0});
    FAIL() << "expected an error";
  } catch (const DatasetNotFound& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("mnist-images-idx3-ubyte' is a directory"), std::string::npos) << message;
    EXPECT_NE(message.find("mnist-images-idx3-ubyte.gz' is a FIFO (named pipe)"), std::string::npos)
        << message;
    EXPECT_NE(message.find("is a symlink loop"), std::string::npos) << message;
  }
  fs::remove_all(root);
}

TEST(Dataset, FashionMnistFromDebianWhenInstalled) {
  if (!std::filesystem::exists("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"))
    GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  ::unsetenv("HOPFIELD_DATA");
  const Dataset fashion =
      load_dataset(DatasetKind::FashionMnist, {.directory = {}, .split = "t10k", .limit = 100});
  EXPECT_EQ(fashion.size(), 100);
  EXPECT_EQ(fashion.images.rows(), 784);
  EXPECT_NE(fashion.images_file.string().find("t10k-images-idx3-ubyte"), std::string::npos);
}

}  // namespace
}  // namespace hopfield
