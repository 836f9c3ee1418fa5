// What the MNIST experiments share: the `dataset`, `data` and `split` parameters, loading and binarising the
// digits, choosing the digits to store and corrupting them into probes, the noise model, the write-up's
// pseudoinverse capacity figures, and image grids of stored / corrupted / recalled digits. Any experiment on
// MNIST or Fashion-MNIST can reuse it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hopfield/classical.hpp"
#include "hopfield/dataset.hpp"
#include "hopfield/types.hpp"
#include "parameters.hpp"
#include "result.hpp"

namespace hopfield::experiments {

/// Throws hopfield::Error unless `model` is "probability" or "exact".
void check_noise_model(std::string_view model);

/// Throws hopfield::Error unless `selection` is "first" or "random".
void check_selection(std::string_view selection);

/// The parameters every MNIST experiment opens with, in this order: seed, dataset, data, split, noise,
/// noise_model. `P` (the experiment's parameter struct) has members of those names; the defaults are P's.
template <typename P>
ParameterFields<P> mnist_fields() {
  return ParameterFields<P>()
      .seed(&P::seed)
      .text("dataset", &P::dataset, "mnist | fashion-mnist",
            [](std::string_view name) { dataset_from_name(name); })
      .text("data", &P::data,
            "data directory (empty: $HOPFIELD_DATA, else <repo>/data; see scripts/fetch_data.sh)")
      .text("split", &P::split, "Fashion-MNIST split: t10k (10 000 images) | train (60 000)")
      .real("noise", &P::noise, "pixel noise: the fraction of pixels flipped in every probe", 0.0, 1.0)
      .text("noise_model", &P::noise_model,
            "probability (each pixel flipped independently) | exact (exactly round(noise N) pixels)",
            check_noise_model);
}

/// The parameters mnist_fields declares, with their defaults: an MNIST experiment's parameter struct derives
/// from this one (or from OnePerClassParameters) and adds its own members.
struct MnistParameters {
  std::uint64_t seed = 42;
  std::string dataset = "mnist";
  std::string data;
  std::string split = "t10k";
  double noise = 0.10;
  std::string noise_model = "probability";
};

/// The parameters of the experiments that store one digit per class (one_per_class_fields), likewise.
struct OnePerClassParameters : MnistParameters {
  OnePerClassParameters() { noise = 0.15; }  // the pixel noise of write-up [2]'s ten-digit experiments

  std::string selection = "first";
  std::string dynamics = "asynchronous";
};

/// mnist_fields, then "selection" and "dynamics": the experiments that store one digit per class.
template <typename P>
ParameterFields<P> one_per_class_fields(std::string selection_meaning) {
  return mnist_fields<P>()
      .text("selection", &P::selection, std::move(selection_meaning), check_selection)
      .text("dynamics", &P::dynamics, "asynchronous | asynchronous-fixed-order | synchronous",
            [](std::string_view name) { dynamics_from_name(name); });
}

struct MnistData {
  Dataset dataset;  ///< images in [0, 1], labels
  Matrix patterns;  ///< binarised ±1 (pixel > 0.5 -> +1), one per column
};

/// Loads the data set `dataset` ("mnist" | "fashion-mnist") from `directory` (empty: the default data
/// directory), Fashion-MNIST's `split` (throws hopfield::Error with the fetch hint when it is missing).
/// The most recently loaded set is kept for the process and shared, read-only, with the next caller that
/// names the same set (same dataset, data directory and split, image file unchanged on disk): `hopfield
/// reproduce` reads and binarises MNIST once for its five MNIST experiments instead of five times.
std::shared_ptr<const MnistData> load_mnist_data(const std::string& dataset, const std::string& directory,
                                                 const std::string& split = "t10k");

/// load_mnist_data for the `dataset`, `data` and `split` members of an experiment's parameters.
template <typename P>
std::shared_ptr<const MnistData> load_mnist_data(const P& parameters) {
  return load_mnist_data(parameters.dataset, parameters.data, parameters.split);
}

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

/// The `noise` and `noise_model` members of an experiment's parameters.
template <typename P>
ProbeNoise probe_noise(const P& parameters) {
  return {.level = parameters.noise, .model = parameters.noise_model};
}

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

/// What the parameters of a one-digit-per-class experiment settle: its seed, the probe noise, which digits,
/// and the recall options (the dynamics the parameters name, one thread per recall; the seed is left for
/// each run to set).
struct OnePerClassSettings {
  std::uint64_t seed = 0;
  ProbeNoise noise;
  std::string selection;
  RecallOptions recall;
};

OnePerClassSettings one_per_class_settings(const OnePerClassParameters& parameters);

/// The class label of each stored digit.
std::vector<std::int64_t> labels_of(const Dataset& dataset, const std::vector<Index>& indices);

/// The fraction of noisy probes (10 % pixel noise) recalled exactly by the pseudoinverse rule at p stored
/// MNIST digits, as the spin-glass-to-attention write-up reports it (reference_values.hpp); empty for any
/// other p.
Cell seed_pseudoinverse_fraction(Index p);

/// Indices of one image per class (ten): "first" = the first of each class in file order, "random" = a
/// uniformly random one of each class drawn with `seed`.
std::vector<Index> one_per_class(const Dataset& dataset, const std::string& selection, std::uint64_t seed);

/// An image grid whose rows are the given blocks of images (each block has the same number of columns).
ImageGrid make_image_grid(const std::string& name, const std::string& title, const Dataset& dataset,
                          const std::vector<std::pair<std::string, Matrix>>& rows);

}  // namespace hopfield::experiments
