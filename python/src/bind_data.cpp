// hopfield._core: pattern generators, corruption (each with an explicit seed: the library's draws, bit for
// bit) and the data sets (IDX files through the library's reader).
#include <pybind11/stl.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "arrays.hpp"
#include "errors.hpp"
#include "hopfield/corruption.hpp"
#include "hopfield/dataset.hpp"
#include "hopfield/idx.hpp"
#include "hopfield/patterns.hpp"

namespace hopfield::python {

namespace {

// Applies `corrupt` to the rows of `states` and returns the rows in the input's shape.
template <typename Corrupt>
py::array corrupt_rows(const py::handle& states, Corrupt&& corrupt) {
  const ItemsView view = items_view(states, "states");
  return items_array(corrupt(Matrix(view.columns)), view.vector);
}

// An array of bytes with the given shape (moved, no copy).
py::array byte_array(std::vector<std::uint8_t>&& bytes, std::vector<py::ssize_t> shape) {
  auto* heap = new std::vector<std::uint8_t>(std::move(bytes));
  py::capsule owner(heap, [](void* pointer) { delete static_cast<std::vector<std::uint8_t>*>(pointer); });
  return py::array_t<std::uint8_t>(shape, heap->data(), owner);
}

// (images (count, height, width) uint8, labels (count,) uint8) of a loaded data set.
py::tuple dataset_arrays(const Dataset& dataset) {
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(dataset.images.size()));
  // The library keeps pixel / 255 in double; rounding back gives the file's bytes exactly.
  for (Index i = 0; i < dataset.images.size(); ++i)
    pixels[static_cast<std::size_t>(i)] =
        static_cast<std::uint8_t>(std::lround(dataset.images.data()[i] * 255));
  std::vector<std::uint8_t> labels(dataset.labels.begin(), dataset.labels.end());
  const auto count = static_cast<py::ssize_t>(dataset.size());
  return py::make_tuple(byte_array(std::move(pixels), {count, dataset.image_height, dataset.image_width}),
                        byte_array(std::move(labels), {count}));
}

py::tuple load(const std::string& name, const std::string& split, const py::object& data, Index limit) {
  require(limit >= 0, "limit must be >= 0 (0: every image), got ", limit);
  DatasetOptions options;
  options.split = split;
  options.limit = limit;
  if (!data.is_none()) options.directory = py::str(data).cast<std::string>();
  const DatasetKind kind = dataset_from_name(name);
  Dataset dataset;
  {
    py::gil_scoped_release release;
    dataset = reading_files([&] { return load_dataset(kind, options); });
  }
  return dataset_arrays(dataset);
}

// A data set from an image file and a label file named by path (IDX, raw or gzip).
py::tuple load_files(const py::object& images, const py::object& labels, const std::string& name,
                     Index limit) {
  require(limit >= 0, "limit must be >= 0 (0: every image), got ", limit);
  const std::string images_file = py::str(images).cast<std::string>();
  const std::string labels_file = py::str(labels).cast<std::string>();
  Dataset dataset;
  {
    py::gil_scoped_release release;
    dataset = reading_files([&] { return load_idx_dataset(images_file, labels_file, name, limit); });
  }
  return dataset_arrays(dataset);
}

py::array read_idx_file(const py::object& path) {
  const std::string file = py::str(path).cast<std::string>();
  IdxArray array;
  {
    py::gil_scoped_release release;
    array = reading_files([&] { return read_idx(file); });
  }
  std::vector<py::ssize_t> shape(array.dimensions.begin(), array.dimensions.end());
  return byte_array(std::move(array.values), shape);
}

void bind_generators(py::module_& module) {
  module.def(
      "random_binary_patterns",
      [](Index count, Index dimension, std::uint64_t seed, double bias) {
        return items_array(random_binary_patterns(dimension, count, seed, bias));
      },
      py::arg("count"), py::arg("dimension"), py::kw_only(), py::arg("seed"), py::arg("bias") = 0.0,
      "count random ±1 patterns of `dimension` units, shape (count, dimension); an entry is +1 with "
      "probability (1 + bias)/2. Pattern k is drawn from derive_seed(seed, k), as in the C++ library.");
  module.def(
      "gaussian_patterns",
      [](Index count, Index dimension, std::uint64_t seed) {
        return items_array(gaussian_patterns(dimension, count, seed));
      },
      py::arg("count"), py::arg("dimension"), py::kw_only(), py::arg("seed"),
      "count patterns with independent N(0, 1) entries, shape (count, dimension).");
  module.def(
      "flip_exactly",
      [](const py::handle& states, Index flips, std::uint64_t seed) {
        return corrupt_rows(states, [&](const Matrix& m) { return flip_exactly(m, flips, seed); });
      },
      py::arg("states"), py::arg("flips"), py::kw_only(), py::arg("seed"),
      "Flips exactly `flips` distinct entries of every row (row k draws from derive_seed(seed, k)).");
  module.def(
      "flip_with_probability",
      [](const py::handle& states, double probability, std::uint64_t seed) {
        return corrupt_rows(states,
                            [&](const Matrix& m) { return flip_with_probability(m, probability, seed); });
      },
      py::arg("states"), py::arg("probability"), py::kw_only(), py::arg("seed"),
      "Flips every entry independently with probability `probability` in [0, 1].");
  module.def(
      "add_gaussian_noise",
      [](const py::handle& patterns, double relative_std, std::uint64_t seed) {
        return corrupt_rows(patterns,
                            [&](const Matrix& m) { return add_gaussian_noise(m, relative_std, seed); });
      },
      py::arg("patterns"), py::arg("relative_std"), py::kw_only(), py::arg("seed"),
      "Adds N(0, (relative_std · rms(row))²) noise to every entry of each row.");
}

}  // namespace

void bind_data(py::module_& module) {
  bind_generators(module);
  module.def("load_dataset", &load, py::arg("name"), py::arg("split") = "t10k", py::arg("data") = py::none(),
             py::arg("limit") = 0,
             "(images (count, height, width) uint8, labels (count,) uint8) of 'mnist' or 'fashion-mnist'.");
  module.def("load_idx_files", &load_files, py::arg("images"), py::arg("labels"), py::arg("name"),
             py::arg("limit") = 0, "(images, labels) uint8 arrays of an image file and a label file (IDX).");
  module.def(
      "data_directory",
      [](const py::object& data) {
        const std::string explicit_directory =
            data.is_none() ? std::string() : py::str(data).cast<std::string>();
        return resolve_data_directory(explicit_directory).string();
      },
      py::arg("data") = py::none(),
      "The data folder: `data` if given, else $HOPFIELD_DATA, ./data or the per-user folder.");
  module.def("read_idx", &read_idx_file, py::arg("path"),
             "An IDX file (raw or gzip) as a uint8 array of its dimensions.");
}

}  // namespace hopfield::python
