// What the MNIST experiments share: the `dataset`, `data` and `split` parameters, loading and binarising the
// digits, choosing the digits to store and corrupting them into probes, the noise model, the seed's
// pseudoinverse capacity figures, and image grids of stored / corrupted / recalled digits. Any experiment on
// MNIST or Fashion-MNIST can reuse it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hopfield/dataset.hpp"
#include "hopfield/types.hpp"
#include "parameters.hpp"
#include "result.hpp"

namespace hopfield::experiments {

/// {"dataset", "mnist"}, {"data", ""}, {"split", "t10k"}: declare these in an experiment's parameters.
std::vector<ParameterSpec> mnist_data_parameters();

/// {"noise", default_noise}, {"noise_model", "probability"}.
std::vector<ParameterSpec> mnist_noise_parameters(double default_noise);

/// {"seed", 42}, then mnist_data_parameters() and mnist_noise_parameters(default_noise): the parameters every
/// MNIST experiment opens with.
std::vector<ParameterSpec> mnist_common_parameters(double default_noise);

/// The `selection` and `dynamics` parameters of the experiments that store one digit per class.
std::vector<ParameterSpec> one_per_class_parameters(const std::string& selection_description);

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

/// The probe noise the `noise` and `noise_model` parameters name.
struct ProbeNoise {
  double level = 0.0;
  std::string model = "probability";

  /// corrupt_probes(patterns, level, model, seed).
  Matrix corrupt(const Matrix& patterns, std::uint64_t seed) const;
  /// describe_noise(level, model, dimension).
  std::string describe(Index dimension) const;
};
ProbeNoise probe_noise(const Parameters& parameters);

/// Stored digits and one noisy probe of each: how every MNIST experiment begins.
struct DigitDraw {
  std::vector<Index> indices;  ///< image index of each stored digit, in storage order
  Matrix stored;               ///< the binarised digits, one per column
  Matrix probes;               ///< column k: stored digit k corrupted once
};

/// Stores the images `indices` of `data` and corrupts each once with `noise`, drawn from `probe_seed`.
DigitDraw draw_digits(const MnistData& data, std::vector<Index> indices, const ProbeNoise& noise,
                      std::uint64_t probe_seed);

/// `count` images drawn uniformly without replacement (any class) from Rng(derive_seed(seed, 0)), probed with
/// noise drawn from derive_seed(seed, 1).
DigitDraw draw_uniform_digits(const MnistData& data, Index count, const ProbeNoise& noise,
                              std::uint64_t seed);

/// The digits `selection` names (one_per_class with `seed`), probed with noise drawn from derive_seed(seed,
/// 1): the main run of the experiments that store one digit per class.
DigitDraw draw_selected_digits(const MnistData& data, const std::string& selection, const ProbeNoise& noise,
                               std::uint64_t seed);

/// The seed of repeat `trial` of those experiments: derive_seed(derive_seed(seed, 100), trial).
std::uint64_t trial_seed(std::uint64_t seed, Index trial);

/// One random image per class from derive_seed(seed, 0), probed with noise drawn from derive_seed(seed, 1):
/// one repeat of those experiments (seed = trial_seed(...); the recall draws from derive_seed(seed, 2)).
DigitDraw draw_random_digit_per_class(const MnistData& data, const ProbeNoise& noise, std::uint64_t seed);

/// The class label of each stored digit.
std::vector<std::int64_t> labels_of(const Dataset& dataset, const std::vector<Index>& indices);

/// The fraction of noisy probes (10 % pixel noise) recalled exactly by the pseudoinverse rule at p stored
/// MNIST digits, as the seed reports it (p = 10, 100, 150, 200, 250, 300); empty for any other p.
Cell seed_pseudoinverse_fraction(Index p);

/// Indices of one image per class (ten): "first" = the first of each class in file order, "random" = a
/// uniformly random one of each class drawn with `seed`.
std::vector<Index> one_per_class(const Dataset& dataset, const std::string& selection, std::uint64_t seed);

/// An image grid whose rows are the given blocks of images (each block has the same number of columns).
ImageGrid make_image_grid(const std::string& name, const std::string& title, const Dataset& dataset,
                          const std::vector<std::pair<std::string, Matrix>>& rows);

}  // namespace hopfield::experiments
