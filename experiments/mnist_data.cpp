#include "mnist_data.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <mutex>
#include <optional>

#include "hopfield/corruption.hpp"
#include "hopfield/error.hpp"

namespace hopfield::experiments {

std::vector<ParameterSpec> mnist_data_parameters() {
  return {{"dataset", std::string("mnist"), "mnist | fashion-mnist"},
          {"data", std::string(""),
           "data directory (empty: $HOPFIELD_DATA, else <repo>/data; see scripts/fetch_data.sh)"},
          {"split", std::string("t10k"), "Fashion-MNIST split: t10k (10 000 images) | train (60 000)"}};
}

std::vector<ParameterSpec> mnist_noise_parameters(double default_noise) {
  return {{"noise", default_noise, "pixel noise: the fraction of pixels flipped in every probe"},
          {"noise_model", std::string("probability"),
           "probability (each pixel flipped independently) | exact (exactly round(noise N) pixels)"}};
}

namespace {

// The data set one cache entry holds, and the state of its image file when it was read.
struct MnistCacheKey {
  std::string dataset;
  std::filesystem::path directory;  // resolved: the data parameter, else $HOPFIELD_DATA, else the default
  std::string split;
  bool operator==(const MnistCacheKey&) const = default;
};

struct FileStamp {
  std::uintmax_t size = 0;
  std::filesystem::file_time_type modified{};
  bool operator==(const FileStamp&) const = default;
};

// An empty stamp when the file is gone (which then never matches the stamp taken at load time).
FileStamp stamp_of(const std::filesystem::path& file) {
  std::error_code error;
  FileStamp stamp;
  stamp.size = std::filesystem::file_size(file, error);
  if (error) return {};
  stamp.modified = std::filesystem::last_write_time(file, error);
  if (error) return {};
  return stamp;
}

}  // namespace

std::shared_ptr<const MnistData> load_mnist_data(const Parameters& parameters) {
  DatasetOptions options;
  options.directory = parameters.text("data");
  options.split = parameters.text("split");
  const MnistCacheKey key{.dataset = parameters.text("dataset"),
                          .directory = resolve_data_directory(options.directory),
                          .split = options.split};
  // One entry (the images take ~125 MB as doubles); experiments may run on several threads.
  static std::mutex mutex;
  static std::optional<MnistCacheKey> cached_key;
  static FileStamp cached_stamp;
  static std::shared_ptr<const MnistData> cached;
  const std::lock_guard lock(mutex);
  if (cached && cached_key == key && stamp_of(cached->dataset.images_file) == cached_stamp) return cached;
  cached.reset();  // free the old set before reading the new one
  auto data = std::make_shared<MnistData>();
  data->dataset = load_dataset(dataset_from_name(key.dataset), options);
  data->patterns = binarise(data->dataset.images);
  cached_key = key;
  cached_stamp = stamp_of(data->dataset.images_file);
  cached = std::move(data);
  return cached;
}

Matrix corrupt_probes(const Matrix& patterns, double noise, const std::string& noise_model,
                      std::uint64_t seed) {
  require(std::isfinite(noise) && noise >= 0.0 && noise <= 1.0, "parameter 'noise' must lie in [0, 1], got ",
          noise);
  if (noise_model == "probability") return flip_with_probability(patterns, noise, seed);
  if (noise_model == "exact") {
    return flip_exactly(patterns,
                        static_cast<Index>(std::llround(noise * static_cast<double>(patterns.rows()))), seed);
  }
  throw Error(
      fmt::format("parameter 'noise_model': unknown model '{}'; expected probability or exact", noise_model));
}

std::string describe_noise(double noise, const std::string& noise_model, Index dimension) {
  if (noise_model == "exact") {
    return fmt::format("exactly {} of {} pixels flipped",
                       std::llround(noise * static_cast<double>(dimension)), dimension);
  }
  return fmt::format("each pixel flipped with probability {}", noise);
}

std::vector<Index> one_per_class(const Dataset& dataset, const std::string& selection, std::uint64_t seed) {
  if (selection == "first") return first_of_each_class(dataset.labels, 1);
  if (selection == "random") return random_of_each_class(dataset.labels, 1, seed);
  throw Error(
      fmt::format("parameter 'selection': unknown selection '{}'; expected first or random", selection));
}

ImageGrid make_image_grid(const std::string& name, const std::string& title, const Dataset& dataset,
                          const std::vector<std::pair<std::string, Matrix>>& rows) {
  ImageGrid grid;
  grid.name = name;
  grid.title = title;
  grid.image_height = dataset.image_height;
  grid.image_width = dataset.image_width;
  grid.grid_columns = rows.empty() ? 0 : rows.front().second.cols();
  Index total = 0;
  for (const auto& [label, images] : rows) {
    require(images.cols() == grid.grid_columns, "make_image_grid: rows of different lengths");
    total += images.cols();
    grid.row_labels.push_back(label);
  }
  grid.pixels.resize(dataset.image_height * dataset.image_width, total);
  Index column = 0;
  for (const auto& [label, images] : rows) {
    grid.pixels.middleCols(column, images.cols()) = images;
    column += images.cols();
  }
  return grid;
}

}  // namespace hopfield::experiments
