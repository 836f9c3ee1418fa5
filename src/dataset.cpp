#include "hopfield/dataset.hpp"

#include <cmath>
#include <cstdlib>
#include <string>

#include "hopfield/error.hpp"
#include "hopfield/idx.hpp"
#include "hopfield/random.hpp"

#ifndef HOPFIELD_DEFAULT_DATA_DIR
#define HOPFIELD_DEFAULT_DATA_DIR "data"
#endif

namespace hopfield {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDebianFashionDirectory = "/usr/share/datasets/fashion-mnist";

// The first existing file among `directories` x {name, name.gz}; empty if none.
fs::path find_file(const std::vector<fs::path>& directories, const std::string& name,
                   std::vector<std::string>& tried) {
  for (const auto& directory : directories) {
    for (const std::string& candidate : {name, name + ".gz"}) {
      const fs::path path = directory / candidate;
      std::error_code error;
      if (fs::is_regular_file(path, error)) return path;
      tried.push_back(path.string());
    }
  }
  return {};
}

std::string joined(const std::vector<std::string>& parts) {
  std::string text;
  for (const auto& part : parts) text += (text.empty() ? "" : ", ") + part;
  return text;
}

}  // namespace

DatasetKind dataset_from_name(std::string_view name) {
  if (name == "mnist") return DatasetKind::Mnist;
  if (name == "fashion-mnist") return DatasetKind::FashionMnist;
  throw Error(detail::concat("unknown dataset '", name, "'; expected mnist or fashion-mnist"));
}

std::string_view dataset_name(DatasetKind kind) {
  return kind == DatasetKind::Mnist ? "mnist" : "fashion-mnist";
}

fs::path default_data_directory() {
  return fs::path(HOPFIELD_DEFAULT_DATA_DIR);
}

fs::path resolve_data_directory(const fs::path& explicit_directory) {
  if (!explicit_directory.empty()) return explicit_directory;
  if (const char* environment = std::getenv("HOPFIELD_DATA"); environment && *environment)
    return fs::path(environment);
  return default_data_directory();
}

Dataset load_idx_dataset(const fs::path& images_file, const fs::path& labels_file, std::string name,
                         Index limit) {
  require(limit >= 0, "load_idx_dataset: limit must be >= 0, got ", limit);
  const IdxImages images = read_idx_images(images_file);
  const std::vector<std::uint8_t> labels = read_idx_labels(labels_file);
  require(static_cast<std::int64_t>(labels.size()) == images.count, "data set '", name, "': the label file '",
          labels_file.string(), "' has ", labels.size(), " labels but the image file '", images_file.string(),
          "' has ", images.count, " images");
  const Index count = limit > 0 ? std::min<Index>(limit, images.count) : images.count;
  const Index pixels = images.rows * images.columns;
  Dataset dataset;
  dataset.name = std::move(name);
  dataset.image_height = images.rows;
  dataset.image_width = images.columns;
  dataset.images_file = images_file;
  dataset.images.resize(pixels, count);
  dataset.labels.resize(static_cast<std::size_t>(count));
  for (Index k = 0; k < count; ++k) {
    const std::uint8_t label = labels[static_cast<std::size_t>(k)];
    require(label <= 9, "label file '", labels_file.string(), "': label ", unsigned{label}, " of image ", k,
            " is not a class 0 ... 9");
    dataset.labels[static_cast<std::size_t>(k)] = label;
    const std::uint8_t* source = images.pixels.data() + static_cast<std::size_t>(k * pixels);
    for (Index i = 0; i < pixels; ++i) dataset.images(i, k) = source[i] / 255.0;
  }
  return dataset;
}

Dataset load_dataset(DatasetKind kind, const DatasetOptions& options) {
  const fs::path directory = resolve_data_directory(options.directory);
  std::vector<fs::path> directories;
  std::string stem;
  std::string remedy;
  if (kind == DatasetKind::Mnist) {
    directories = {directory / "mnist", directory};
    stem = "mnist";
    remedy =
        "run scripts/fetch_data.sh (it writes data/mnist/), or point the data parameter (--set data=DIR) or "
        "HOPFIELD_DATA at a "
        "directory holding the IDX files";
  } else {
    require(options.split == "t10k" || options.split == "train",
            "fashion-mnist: split must be t10k or train, got '", options.split, "'");
    directories = {directory / "fashion-mnist", directory};
    if (options.directory.empty()) directories.emplace_back(kDebianFashionDirectory);
    stem = options.split;
    remedy =
        "install Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist, see "
        "scripts/setup.sh), "
        "or point the data parameter (--set data=DIR) or HOPFIELD_DATA at a directory holding the IDX files";
  }
  std::vector<std::string> tried_images, tried_labels;
  const fs::path images = find_file(directories, stem + "-images-idx3-ubyte", tried_images);
  const fs::path labels = find_file(directories, stem + "-labels-idx1-ubyte", tried_labels);
  require(!images.empty(), dataset_name(kind), " data not found: no image file (tried ", joined(tried_images),
          "); ", remedy);
  require(!labels.empty(), dataset_name(kind), " data not found: no label file (tried ", joined(tried_labels),
          "); ", remedy);
  return load_idx_dataset(images, labels, std::string(dataset_name(kind)), options.limit);
}

Matrix binarise(const Matrix& images, double threshold) {
  require(std::isfinite(threshold), "binarise: threshold must be finite, got ", threshold);
  return (images.array() > threshold).cast<double>() * 2.0 - 1.0;
}

std::vector<Index> indices_of_class(const std::vector<int>& labels, int label) {
  std::vector<Index> indices;
  for (std::size_t k = 0; k < labels.size(); ++k) {
    if (labels[k] == label) indices.push_back(static_cast<Index>(k));
  }
  return indices;
}

std::vector<Index> first_of_each_class(const std::vector<int>& labels, Index per_class) {
  require(per_class >= 1, "first_of_each_class: per_class must be >= 1, got ", per_class);
  std::vector<Index> chosen;
  for (int label = 0; label <= 9; ++label) {
    const std::vector<Index> members = indices_of_class(labels, label);
    require(static_cast<Index>(members.size()) >= per_class, "first_of_each_class: class ", label, " has ",
            members.size(), " images, ", per_class, " wanted");
    chosen.insert(chosen.end(), members.begin(), members.begin() + per_class);
  }
  return chosen;
}

std::vector<Index> random_of_each_class(const std::vector<int>& labels, Index per_class, std::uint64_t seed) {
  require(per_class >= 1, "random_of_each_class: per_class must be >= 1, got ", per_class);
  std::vector<Index> chosen;
  for (int label = 0; label <= 9; ++label) {
    const std::vector<Index> members = indices_of_class(labels, label);
    require(static_cast<Index>(members.size()) >= per_class, "random_of_each_class: class ", label, " has ",
            members.size(), " images, ", per_class, " wanted");
    Rng rng(derive_seed(seed, static_cast<std::uint64_t>(label)));
    for (const auto k : rng.sample_without_replacement(static_cast<std::int64_t>(members.size()), per_class))
      chosen.push_back(members[static_cast<std::size_t>(k)]);
  }
  return chosen;
}

Matrix select_columns(const Matrix& matrix, const std::vector<Index>& indices) {
  Matrix selected(matrix.rows(), static_cast<Index>(indices.size()));
  for (std::size_t j = 0; j < indices.size(); ++j) {
    require(indices[j] >= 0 && indices[j] < matrix.cols(), "select_columns: index ", indices[j],
            " outside [0, ", matrix.cols(), ")");
    selected.col(static_cast<Index>(j)) = matrix.col(indices[j]);
  }
  return selected;
}

}  // namespace hopfield
