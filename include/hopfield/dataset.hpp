// Image data sets: MNIST and Fashion-MNIST from IDX files, binarised to ±1 patterns.
//
// Shapes: a Dataset holds `images` as a (height·width) x count matrix, one image per column, pixels
// row-major within an image, values pixel/255 in [0, 1]; `labels` has one class 0 … 9 per image.
//
// Where the files are found (the data directory D), decided at run time, first match wins:
//   1. the explicit directory of DatasetOptions::directory, if not empty;
//   2. the environment variable HOPFIELD_DATA, if set and not empty;
//   3. ./data, relative to the working directory, if it is a directory (returned as an absolute path);
//   4. the per-user directory $XDG_DATA_HOME/hopfield (XDG_DATA_HOME set to an absolute path), else
//      ~/.local/share/hopfield, if it is a directory.
// An explicit or HOPFIELD_DATA directory is used as given, even when it does not exist (the error then
// names the files looked for).
// MNIST:         D/mnist/mnist-{images-idx3,labels-idx1}-ubyte[.gz], or the same names directly in D.
// Fashion-MNIST: D/fashion-mnist/<split>-{images-idx3,labels-idx1}-ubyte[.gz], or directly in D, or (when no
//                explicit directory was given) Debian's /usr/share/datasets/fashion-mnist (package
//                dataset-fashion-mnist). Split "t10k" (10 000 images, the default) or "train" (60 000).
// Data that cannot be found throws hopfield::DatasetNotFound, naming every path tried and why each could
// not be used (missing, a directory, a FIFO, a symlink loop, permission denied, …).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "hopfield/error.hpp"
#include "hopfield/types.hpp"

namespace hopfield {

enum class DatasetKind : std::uint8_t { Mnist, FashionMnist };

/// "mnist" or "fashion-mnist" (throws hopfield::Error otherwise).
DatasetKind dataset_from_name(std::string_view name);
std::string_view dataset_name(DatasetKind kind);

/// The data set's files were not found (a hopfield::Error): front ends catch it to add how to get the data.
class DatasetNotFound : public Error {
 public:
  DatasetNotFound(DatasetKind kind, const std::string& message);
  DatasetKind kind() const { return kind_; }

 private:
  DatasetKind kind_;
};

struct Dataset {
  std::string name;  ///< "mnist" or "fashion-mnist"
  Index image_height = 0;
  Index image_width = 0;
  Matrix images;                      ///< (height·width) x count, values in [0, 1]
  std::vector<int> labels;            ///< one per image, 0 … 9
  std::filesystem::path images_file;  ///< where the images were read from
  Index size() const { return images.cols(); }
};

struct DatasetOptions {
  /// Data directory; empty: HOPFIELD_DATA, else ./data, else the per-user directory (see above).
  std::filesystem::path directory;
  /// Fashion-MNIST split: "t10k" (10 000 test images) or "train" (60 000). Ignored for MNIST.
  std::string split = "t10k";
  /// Keep only the first `limit` images (0: all).
  Index limit = 0;
};

/// The data directory (see the header comment): `explicit_directory` if not empty, else $HOPFIELD_DATA,
/// else ./data if it exists, else the per-user directory if it exists, else ./data.
std::filesystem::path resolve_data_directory(const std::filesystem::path& explicit_directory = {});

/// The per-user data directory: $XDG_DATA_HOME/hopfield, else $HOME/.local/share/hopfield (empty when
/// neither variable is set). It need not exist.
std::filesystem::path user_data_directory();

/// Loads a data set (see the header comment for where it is looked up). Throws DatasetNotFound when its
/// files are not found, hopfield::Error when they are found but invalid.
Dataset load_dataset(DatasetKind kind, const DatasetOptions& options = {});

/// Loads an image file and a label file given by path (IDX, raw or gzip); `name` names the set.
Dataset load_idx_dataset(const std::filesystem::path& images_file, const std::filesystem::path& labels_file,
                         std::string name, Index limit = 0);

/// The binarisation threshold used throughout: a pixel value v in [0, 1] becomes +1 when v > 0.5 (ink),
/// −1 otherwise (background). For MNIST, pixel/255 > 0.5 means pixel ≥ 128.
inline constexpr double kBinarisationThreshold = 0.5;

/// ±1 patterns from images in [0, 1]: +1 where value > threshold, −1 elsewhere. (Centring, the subtraction
/// of the mean pattern, is centre_patterns() in hopfield/patterns.hpp.)
Matrix binarise(const Matrix& images, double threshold = kBinarisationThreshold);

/// Indices of the first `per_class` images of each class 0 … 9 in file order, class by class (all of
/// class 0 first). Throws hopfield::Error if a class has fewer.
std::vector<Index> first_of_each_class(const std::vector<int>& labels, Index per_class = 1);

/// Indices of `per_class` images drawn uniformly without replacement from each class, class by class.
std::vector<Index> random_of_each_class(const std::vector<int>& labels, Index per_class, std::uint64_t seed);

/// Indices of the images of class `label`, in file order.
std::vector<Index> indices_of_class(const std::vector<int>& labels, int label);

/// The columns `indices` of `matrix`, in that order.
Matrix select_columns(const Matrix& matrix, const std::vector<Index>& indices);

}  // namespace hopfield
