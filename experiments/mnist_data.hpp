// What the MNIST experiments share: the `dataset`, `data` and `split` parameters, loading and binarising the
// digits, the noise model, and image grids of stored / corrupted / recalled digits. Any experiment on MNIST
// or Fashion-MNIST (e.g. the modern network's mnist-beta) can reuse it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hopfield/dataset.hpp"
#include "parameters.hpp"
#include "result.hpp"

namespace hopfield::experiments {

/// {"dataset", "mnist"}, {"data", ""}, {"split", "t10k"}: declare these in an experiment's parameters.
std::vector<ParameterSpec> mnist_data_parameters();

/// {"noise", default_noise}, {"noise_model", "probability"}.
std::vector<ParameterSpec> mnist_noise_parameters(double default_noise);

struct MnistData {
  Dataset dataset;  ///< images in [0, 1], labels
  Matrix patterns;  ///< binarised ±1 (pixel > 0.5 -> +1), one per column
};

/// Loads the data set the parameters name (throws hopfield::Error with the fetch hint when it is missing).
/// The most recently loaded set is kept for the process and shared, read-only, with the next caller that
/// names the same set (same dataset, data directory and split, image file unchanged on disk): `hopfield
/// reproduce` reads and binarises MNIST once for its five MNIST experiments instead of five times.
std::shared_ptr<const MnistData> load_mnist_data(const Parameters& parameters);

/// Corrupts ±1 probes as the `noise` / `noise_model` parameters say: "probability" flips every pixel
/// independently with probability `noise`; "exact" flips exactly round(noise · N) pixels of every probe.
Matrix corrupt_probes(const Matrix& patterns, double noise, const std::string& noise_model,
                      std::uint64_t seed);

/// The one-line description of the noise model, for notes and table titles.
std::string describe_noise(double noise, const std::string& noise_model, Index dimension);

/// Indices of one image per class (ten): "first" = the first of each class in file order, "random" = a
/// uniformly random one of each class drawn with `seed`.
std::vector<Index> one_per_class(const Dataset& dataset, const std::string& selection, std::uint64_t seed);

/// An image grid whose rows are the given blocks of images (each block has the same number of columns).
ImageGrid make_image_grid(const std::string& name, const std::string& title, const Dataset& dataset,
                          const std::vector<std::pair<std::string, Matrix>>& rows);

}  // namespace hopfield::experiments
