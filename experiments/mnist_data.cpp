#include "mnist_data.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <mutex>
#include <optional>

#include "hopfield/corruption.hpp"
#include "hopfield/error.hpp"
#include "hopfield/random.hpp"
#include "reference_values.hpp"

namespace hopfield::experiments {

void check_noise_model(std::string_view model) {
  require(model == "probability" || model == "exact", "expected probability or exact, got '", model, "'");
}

void check_selection(std::string_view selection) {
  require(selection == "first" || selection == "random", "expected first or random, got '", selection, "'");
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

std::shared_ptr<const MnistData> load_mnist_data(const std::string& dataset, const std::string& directory,
                                                 const std::string& split) {
  DatasetOptions options;
  options.directory = directory;
  options.split = split;
  const MnistCacheKey key{
      .dataset = dataset, .directory = resolve_data_directory(options.directory), .split = options.split};
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

Matrix ProbeNoise::corrupt(const Matrix& patterns, std::uint64_t seed) const {
  return corrupt_probes(patterns, level, model, seed);
}

std::string ProbeNoise::describe(Index dimension) const {
  return describe_noise(level, model, dimension);
}

DigitDraw draw_digits(const MnistData& data, std::vector<Index> indices, const ProbeNoise& noise,
                      std::uint64_t probe_seed) {
  DigitDraw draw;
  draw.stored = select_columns(data.patterns, indices);
  draw.probes = noise.corrupt(draw.stored, probe_seed);
  draw.indices = std::move(indices);
  return draw;
}

DigitDraw draw_uniform_digits(const MnistData& data, Index count, const ProbeNoise& noise,
                              std::uint64_t seed) {
  Rng chooser(derive_seed(seed, 0));
  return draw_digits(data, chooser.sample_without_replacement(data.patterns.cols(), count), noise,
                     derive_seed(seed, 1));
}

DigitDraw draw_selected_digits(const MnistData& data, const std::string& selection, const ProbeNoise& noise,
                               std::uint64_t seed) {
  return draw_digits(data, one_per_class(data.dataset, selection, seed), noise, derive_seed(seed, 1));
}

std::uint64_t trial_seed(std::uint64_t seed, Index trial) {
  return derive_seed(derive_seed(seed, 100), static_cast<std::uint64_t>(trial));
}

DigitDraw draw_random_digit_per_class(const MnistData& data, const ProbeNoise& noise, std::uint64_t seed) {
  return draw_digits(data, random_of_each_class(data.dataset.labels, 1, derive_seed(seed, 0)), noise,
                     derive_seed(seed, 1));
}

OnePerClassSettings one_per_class_settings(const OnePerClassParameters& parameters) {
  OnePerClassSettings settings{.seed = parameters.seed,
                               .noise = probe_noise(parameters),
                               .selection = parameters.selection,
                               .recall = {}};
  settings.recall.dynamics = dynamics_from_name(parameters.dynamics);
  settings.recall.threads = 1;
  return settings;
}

std::vector<std::int64_t> labels_of(const Dataset& dataset, const std::vector<Index>& indices) {
  std::vector<std::int64_t> labels;
  labels.reserve(indices.size());
  for (const Index index : indices) labels.push_back(dataset.labels[static_cast<std::size_t>(index)]);
  return labels;
}

Cell seed_pseudoinverse_fraction(Index p) {
  const std::optional<double> fraction = reference::mnist::pseudoinverse_exact_fraction(p);
  return fraction ? Cell(*fraction) : Cell();
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
