#include "hopfield/dataset.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "hopfield/error.hpp"

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

TEST(Dataset, DirectoryResolution) {
  EXPECT_EQ(resolve_data_directory("/explicit"), std::filesystem::path("/explicit"));
  ::setenv("HOPFIELD_DATA", "/from/environment", 1);
  EXPECT_EQ(resolve_data_directory(), std::filesystem::path("/from/environment"));
  EXPECT_EQ(resolve_data_directory("/explicit"), std::filesystem::path("/explicit"));
  ::unsetenv("HOPFIELD_DATA");
  EXPECT_EQ(resolve_data_directory(), default_data_directory());
  EXPECT_EQ(default_data_directory().filename(), "data");
}

TEST(Dataset, MissingDataSaysWhatToRun) {
  try {
    load_dataset(DatasetKind::Mnist,
                 {.directory = "/nonexistent/hopfield-data", .split = "t10k", .limit = 0});
    FAIL() << "expected an error";
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("/nonexistent/hopfield-data/mnist/mnist-images-idx3-ubyte"), std::string::npos)
        << message;
    EXPECT_NE(message.find("scripts/fetch_data.sh"), std::string::npos) << message;
  }
  EXPECT_THROW(dataset_from_name("cifar"), Error);
  EXPECT_EQ(dataset_from_name("fashion-mnist"), DatasetKind::FashionMnist);
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
