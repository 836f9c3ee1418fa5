#include "hopfield/dataset.hpp"

#include <cmath>
#include <cstdlib>
#include <string>

#include "hopfield/error.hpp"
#include "hopfield/file_bytes.hpp"
#include "hopfield/idx.hpp"
#include "hopfield/random.hpp"

namespace hopfield {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDebianFashionDirectory = "/usr/share/datasets/fashion-mnist";

// The first readable regular file among `directories` x {name, name.gz}; empty if none. Every candidate
// that is not one is added to `tried` with the reason.
fs::path find_file(const std::vector<fs::path>& directories, const std::string& name,
                   std::vector<std::string>& tried) {
  for (const auto& directory : directories) {
    for (const std::string& candidate : {name, name + ".gz"}) {
      const fs::path path = directory / candidate;
      const std::string reason = unreadable_file_reason(path);
      if (reason.empty()) return path;
      tried.push_back(detail::concat('\'', path.string(), "' ", reason));
    }
  }
  return {};
}

std::string joined(const std::vector<std::string>& parts) {
  std::string text;
  for (const auto& part : parts) text += (text.empty() ? "" : "; ") + part;
  return text;
}

std::string environment_text(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string(value) : std::string();
}

bool is_existing_directory(const fs::path& path) {
  std::error_code ignored;
  return fs::is_directory(path, ignored);
}

}  // namespace

DatasetNotFound::DatasetNotFound(DatasetKind kind, const std::string& message)
    : Error(message), kind_(kind) {}

DatasetKind dataset_from_name(std::string_view name) {
  if (name == "mnist") return DatasetKind::Mnist;
  if (name == "fashion-mnist") return DatasetKind::FashionMnist;
  throw Error(detail::concat("unknown dataset '", name, "'; expected mnist or fashion-mnist"));
}

std::string_view dataset_name(DatasetKind kind) {
  return kind == DatasetKind::Mnist ? "mnist" : "fashion-mnist";
}

fs::path user_data_directory() {
  if (const std::string xdg = environment_text("XDG_DATA_HOME"); !xdg.empty() && fs::path(xdg).is_absolute())
    return fs::path(xdg) / "hopfield";
  if (const std::string home = environment_text("HOME"); !home.empty())
    return fs::path(home) / ".local" / "share" / "hopfield";
  return {};
}

fs::path resolve_data_directory(const fs::path& explicit_directory) {
  if (!explicit_directory.empty()) return explicit_directory;
  if (const std::string environment = environment_text("HOPFIELD_DATA"); !environment.empty())
    return fs::path(environment);
  // ./data as an absolute path, so that messages and results say where the files were found.
  std::error_code no_working_directory;
  fs::path working = fs::absolute("data", no_working_directory);
  if (no_working_directory) working = "data";
  if (is_existing_directory(working)) return working;
  if (const fs::path user = user_data_directory(); !user.empty() && is_existing_directory(user)) return user;
  return working;
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

namespace {

// When no directory was named (neither explicitly nor by HOPFIELD_DATA) and none of the default places
// exists, the error says so rather than listing files under a directory that is not there.
void require_a_default_directory(DatasetKind kind, const DatasetOptions& options) {
  if (!options.directory.empty() || !environment_text("HOPFIELD_DATA").empty()) return;
  const fs::path user = user_data_directory();
  if (is_existing_directory("data") || (!user.empty() && is_existing_directory(user))) return;
  if (kind == DatasetKind::FashionMnist && is_existing_directory(kDebianFashionDirectory)) return;
  throw DatasetNotFound(
      kind, detail::concat(dataset_name(kind), " data not found: no data directory (",
                           "HOPFIELD_DATA is not set, and neither ./data nor '", user.string(), "' exists)"));
}

}  // namespace

Dataset load_dataset(DatasetKind kind, const DatasetOptions& options) {
  require_a_default_directory(kind, options);
  const fs::path directory = resolve_data_directory(options.directory);
  std::vector<fs::path> directories;
  std::string stem;
  if (kind == DatasetKind::Mnist) {
    directories = {directory / "mnist", directory};
    stem = "mnist";
  } else {
    require(options.split == "t10k" || options.split == "train",
            "fashion-mnist: split must be t10k or train, got '", options.split, "'");
    directories = {directory / "fashion-mnist", directory};
    if (options.directory.empty()) directories.emplace_back(kDebianFashionDirectory);
    stem = options.split;
  }
  std::vector<std::string> tried_images, tried_labels;
  const fs::path images = find_file(directories, stem + "-images-idx3-ubyte", tried_images);
  if (images.empty()) {
    throw DatasetNotFound(kind, detail::concat(dataset_name(kind), " data not found: no image file (tried ",
                                               joined(tried_images), ")"));
  }
  const fs::path labels = find_file(directories, stem + "-labels-idx1-ubyte", tried_labels);
  if (labels.empty()) {
    throw DatasetNotFound(kind, detail::concat(dataset_name(kind), " data not found: no label file (tried ",
                                               joined(tried_labels), ")"));
  }
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
