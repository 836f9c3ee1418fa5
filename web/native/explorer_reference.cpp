// The explorer's native companion, linked against the library of the Release build:
//   explorer_reference digits DATA_DIR OUT.bin PER_CLASS   writes the explorer's digit subset (format below)
//   explorer_reference reference DIGITS.bin               prints, as JSON, numbers the WebAssembly build
//                                                         must reproduce (web/test/core.test.mjs)
//   explorer_reference bench                              prints, as JSON, milliseconds per call of the
//                                                         kernels the node benchmark times in WebAssembly
//
// Digit subset format (little-endian): "HFDG", uint32 version (1), uint32 count, uint32 rows, uint32 cols;
// count uint8 labels; count uint32 image indices (in the MNIST file read); then count images of
// ceil(rows·cols / 8) bytes each: pixel b (row-major) is bit 7 − (b mod 8) of byte b / 8, 1 for ink (+1,
// pixel/255 > 0.5, the library's binarisation), 0 for background (−1).
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "hopfield/attention.hpp"
#include "hopfield/binary_patterns.hpp"
#include "hopfield/classical.hpp"
#include "hopfield/corruption.hpp"
#include "hopfield/dataset.hpp"
#include "hopfield/error.hpp"
#include "hopfield/kernels.hpp"
#include "hopfield/modern.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"
#include "hopfield/random_features.hpp"
#include "hopfield/spectrum.hpp"

using namespace hopfield;
using nlohmann::json;

namespace {

void put_u32(std::ofstream& out, std::uint32_t value) {
  const char bytes[4] = {static_cast<char>(value & 0xff), static_cast<char>((value >> 8) & 0xff),
                         static_cast<char>((value >> 16) & 0xff), static_cast<char>(value >> 24)};
  out.write(bytes, 4);
}

std::uint32_t get_u32(const std::vector<unsigned char>& bytes, std::size_t at) {
  return bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) |
         (static_cast<std::uint32_t>(bytes[at + 3]) << 24);
}

// The first `per_class` images of every class, interleaved: image j of class 0, 1, …, 9, then j + 1; so the
// first ten are the first image of each class, in class order, as the CLI's selection "first" stores them.
int write_digits(const std::string& directory, const std::string& path, Index per_class) {
  const Dataset data = load_dataset(DatasetKind::Mnist, {.directory = directory});
  const Matrix patterns = binarise(data.images);
  const std::vector<Index> by_class = first_of_each_class(data.labels, per_class);
  std::vector<Index> order;
  for (Index j = 0; j < per_class; ++j)
    for (Index c = 0; c < 10; ++c) order.push_back(by_class[static_cast<std::size_t>(c * per_class + j)]);
  std::ofstream out(path, std::ios::binary);
  require(static_cast<bool>(out), "cannot write '", path, "'");
  out.write("HFDG", 4);
  put_u32(out, 1);
  put_u32(out, static_cast<std::uint32_t>(order.size()));
  put_u32(out, static_cast<std::uint32_t>(data.image_height));
  put_u32(out, static_cast<std::uint32_t>(data.image_width));
  for (const Index i : order) out.put(static_cast<char>(data.labels[static_cast<std::size_t>(i)]));
  for (const Index i : order) put_u32(out, static_cast<std::uint32_t>(i));
  const Index pixels = patterns.rows();
  for (const Index i : order) {
    std::vector<unsigned char> bits(static_cast<std::size_t>((pixels + 7) / 8), 0);
    for (Index b = 0; b < pixels; ++b)
      if (patterns(b, i) > 0)
        bits[static_cast<std::size_t>(b / 8)] |= static_cast<unsigned char>(0x80u >> (b % 8));
    out.write(reinterpret_cast<const char*>(bits.data()), static_cast<std::streamsize>(bits.size()));
  }
  require(static_cast<bool>(out), "write to '", path, "' failed");
  std::cerr << "wrote " << order.size() << " digits to " << path << "\n";
  return 0;
}

// The ±1 digits of a subset file, one per column.
Matrix read_digits(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  require(static_cast<bool>(in), "cannot read '", path, "'");
  const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                         std::istreambuf_iterator<char>());
  require(bytes.size() >= 20 && std::string(bytes.begin(), bytes.begin() + 4) == "HFDG", "'", path,
          "' is not a digit subset file");
  const std::uint32_t count = get_u32(bytes, 8), rows = get_u32(bytes, 12), cols = get_u32(bytes, 16);
  const std::size_t pixels = std::size_t{rows} * cols, stride = (pixels + 7) / 8;
  const std::size_t images = 20 + 5 * std::size_t{count};
  require(bytes.size() == images + count * stride, "'", path, "' has the wrong size");
  Matrix digits(static_cast<Index>(pixels), count);
  for (std::uint32_t k = 0; k < count; ++k)
    for (std::size_t b = 0; b < pixels; ++b)
      digits(static_cast<Index>(b), k) =
          (bytes[images + k * stride + b / 8] & (0x80u >> (b % 8))) ? 1.0 : -1.0;
  return digits;
}

std::vector<double> values(const Matrix& m) {
  return {m.data(), m.data() + m.size()};
}

// A Hebb recall of one noisy digit: the state after every sweep and the energy trace.
json hebb_trajectory(const Matrix& stored) {
  const Matrix probe = flip_with_probability(stored.col(2), 0.2, 7);
  const auto network = ClassicalHopfield::hebb(stored);
  RecallOptions options{.max_sweeps = 100, .seed = 11, .record_energy = true, .threads = 1};
  const RecallResult full = network.recall(probe, options);
  json frames = json::array();
  frames.push_back(values(probe));
  options.record_energy = false;
  for (int k = 1; k <= full.sweeps[0]; ++k) {
    options.max_sweeps = k;
    frames.push_back(values(network.recall(probe, options).states));
  }
  return {{"digit", 2},
          {"noise", 0.2},
          {"noiseSeed", 7},
          {"recallSeed", 11},
          {"probe", values(probe)},
          {"sweeps", full.sweeps[0]},
          {"energies", full.energy_trace[0]},
          {"frames", frames}};
}

// The β demo's numbers for one probe.
json modern_retrieval(const Matrix& stored) {
  const Matrix probe = flip_with_probability(stored.col(5), 0.15, 3);
  const double beta = 0.02;
  const ModernHopfield memory(stored, beta);
  const RecallResult fixed =
      memory.recall(probe, {.max_sweeps = 100, .precision = Precision::Double, .threads = 1});
  const RecallResult one = memory.recall(probe, {.max_sweeps = 1, .final_energy = false, .threads = 1});
  return {{"digit", 5},
          {"noise", 0.15},
          {"noiseSeed", 3},
          {"beta", beta},
          {"weights", values(memory.retrieval_weights(probe))},
          {"entropy", memory.retrieval_entropy(probe)[0]},
          {"oneStep", values(memory.update(probe))},
          {"oneStepSingle", values(one.states)},
          {"fixedPoint", values(fixed.states)},
          {"steps", fixed.sweeps[0]},
          {"kind", std::string(fixed_point_kind_name(memory.classify_fixed_points(fixed.states)[0]))}};
}

// One point of the random-features sweep (the protocol of random-features-phases), written out here from
// the library's functions.
json random_features_point() {
  const Index n = 100;
  const RandomFeaturesSpec spec{
      .neurons = n, .features = 5, .sparsity = 3, .coefficients = CoefficientKind::Signed};
  const std::uint64_t seed = 42;
  const Index k = 3, points = 7;
  const double lo = 0.01, hi = 3.0;
  const double alpha =
      std::exp(std::log(lo) + static_cast<double>(k) / (points - 1) * (std::log(hi) - std::log(lo)));
  const Index p = std::llround(alpha * n);
  const RandomFeaturesData data =
      generate_random_features_data(spec, std::llround(hi * n), 20, derive_seed(seed, 0));
  const auto network = random_features_network(data.train.leftCols(p), CouplingRule::Hebb);
  const std::uint64_t point_seed = derive_seed(derive_seed(seed, 10), k);
  const RecallOptions options{.max_sweeps = 100, .seed = derive_seed(point_seed, 1), .threads = 1};
  const auto features = summarise_magnetisations(final_magnetisations(network, data.feature_matrix, options));
  RecallOptions train_options = options;
  train_options.seed = derive_seed(point_seed, 0);
  const auto train = summarise_magnetisations(
      final_magnetisations(network, data.train.leftCols(std::min<Index>(p, 20)), train_options));
  return {{"neurons", n},
          {"alphaD", 0.05},
          {"sparsity", 3},
          {"alphaMin", lo},
          {"alphaMax", hi},
          {"points", points},
          {"testExamples", 20},
          {"trainProbes", 20},
          {"seed", seed},
          {"point", k},
          {"alpha", alpha},
          {"stored", p},
          {"features", features.mean},
          {"train", train.mean}};
}

int reference(const std::string& path) {
  use_kernel_path(KernelPath::Portable);  // the path the WebAssembly build has
  const Matrix digits = read_digits(path);
  const Matrix stored = digits.leftCols(10);
  const Spectrum hebb = symmetric_spectrum(hebb_weights(stored), {.top = 10, .eigenvectors = false});
  const Matrix probe = flip_with_probability(stored.col(0), 0.1, 1);
  const ModernHopfield attention_memory(stored, 1.0 / std::sqrt(784.0));
  const Matrix attention =
      scaled_dot_product_attention<double>(probe, stored, stored, {.mask = {}, .scale = 1.0 / 28.0});
  json out{{"hebbTrajectory", hebb_trajectory(stored)},
           {"hebbEigenvalues", std::vector<double>(hebb.eigenvalues.data(), hebb.eigenvalues.data() + 10)},
           {"modern", modern_retrieval(stored)},
           {"randomFeatures", random_features_point()},
           {"attentionDifference", (attention_memory.update(probe) - attention).cwiseAbs().maxCoeff()}};
  std::cout << out.dump() << "\n";
  return 0;
}

template <typename Call>
double best_milliseconds(int repeats, Call&& call) {
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    call();
    best = std::min(
        best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

// The same kernels and inputs as the benchmark of web/bindings/explorer_bindings.cpp, on one thread.
int bench(int repeats) {
  json out;
  for (const KernelPath path : {KernelPath::Automatic, KernelPath::Portable}) {
    use_kernel_path(path);
    const std::string tag = path == KernelPath::Portable ? "portable" : "automatic";
    volatile double sink = 0.0;
    const Matrix gauss = gaussian_patterns(64, 10'000, 1);
    const Matrix probes = add_gaussian_noise(gauss.leftCols(256), 0.3, 2);
    const ModernHopfield memory(gauss, 1.0);
    out[tag]["modern-step"] = best_milliseconds(repeats, [&] {
      sink = memory.recall(probes, {.max_sweeps = 1, .final_energy = false, .threads = 1}).states.sum();
    });
    out[tag]["modern-step-dense"] = best_milliseconds(repeats, [&] {
      sink = memory
                 .recall(probes,
                         {.max_sweeps = 1, .path = RetrievalPath::Dense, .final_energy = false, .threads = 1})
                 .states.sum();
    });
    const Matrix binary = random_binary_patterns(784, 100, 3);
    const Matrix flipped = flip_exactly(binary, 157, 4);
    const auto network = ClassicalHopfield::hebb(binary);
    out[tag]["hebb-recall"] = best_milliseconds(
        repeats, [&] { sink = network.recall(flipped, {.seed = 5, .threads = 1}).states.sum(); });
    out[tag]["hebb-weights"] = best_milliseconds(repeats, [&] { sink = hebb_weights(binary).sum(); });
    const Matrix weights = hebb_weights(random_binary_patterns(300, 20, 6));
    out[tag]["spectrum"] = best_milliseconds(
        repeats, [&] { sink = symmetric_spectrum(weights, {.eigenvectors = false}).eigenvalues.sum(); });
    out["active"][tag] = std::string(kernel_path_name(active_kernel_path()));
  }
  std::cout << out.dump() << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 4 && args[0] == "digits") return write_digits(args[1], args[2], std::stoll(args[3]));
    if (args.size() == 2 && args[0] == "reference") return reference(args[1]);
    if (!args.empty() && args[0] == "bench") return bench(args.size() > 1 ? std::stoi(args[1]) : 5);
    std::cerr << "usage: explorer_reference digits DATA_DIR OUT.bin PER_CLASS | reference DIGITS.bin | bench "
                 "[REPEATS]\n";
    return 1;
  } catch (const std::exception& failure) {
    std::cerr << "explorer_reference: " << failure.what() << "\n";
    return 1;
  }
}
