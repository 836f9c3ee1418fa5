// The explorer's binding layer: the library's functions as JavaScript calls (embind). Arrays cross the
// boundary as typed arrays (copied both ways); shapes follow the library's convention (one pattern per
// column, column-major). Every call returns a plain object; a hopfield::Error (bad input) comes back as
// {error: message} instead of an exception, so the page can show it. Nothing here computes a model: it
// only chooses library calls, reads their results and copies them out.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Cholesky>

#include "hopfield/attention.hpp"
#include "hopfield/binary_patterns.hpp"
#include "hopfield/classical.hpp"
#include "hopfield/corruption.hpp"
#include "hopfield/dense_memory.hpp"
#include "hopfield/error.hpp"
#include "hopfield/measures.hpp"
#include "hopfield/modern.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"
#include "hopfield/random_features.hpp"
#include "hopfield/spectrum.hpp"

using emscripten::val;

namespace hopfield::web {
namespace {

// --- crossing the boundary ------------------------------------------------------------------------------

double number(const val& options, const char* key) {
  const val value = options[key];
  require(value.typeOf().as<std::string>() == "number", "option '", key, "': expected a number");
  const double x = value.as<double>();
  require(std::isfinite(x), "option '", key, "' = ", x, ": expected a finite number");
  return x;
}

Index count(const val& options, const char* key, Index lowest, Index highest) {
  const double x = number(options, key);
  require(x == std::floor(x) && x >= static_cast<double>(lowest) && x <= static_cast<double>(highest),
          "option '", key, "' = ", x, ": expected an integer in [", lowest, ", ", highest, "]");
  return static_cast<Index>(x);
}

// A seed: an integer in [0, 2⁵³] (exact in a JavaScript number).
std::uint64_t seed_of(const val& options, const char* key = "seed") {
  const double x = number(options, key);
  require(x == std::floor(x) && x >= 0.0 && x <= 9007199254740992.0, "option '", key, "' = ", x,
          ": expected an integer in [0, 2^53]");
  return static_cast<std::uint64_t>(x);
}

std::string text(const val& options, const char* key) {
  const val value = options[key];
  require(value.typeOf().as<std::string>() == "string", "option '", key, "': expected a string");
  return value.as<std::string>();
}

bool flag(const val& options, const char* key) {
  const val value = options[key];
  return value.typeOf().as<std::string>() == "boolean" && value.as<bool>();
}

// A rows x cols matrix from a typed array (or plain array) of rows·cols numbers, column-major.
Matrix matrix(const val& options, const char* key, Index rows, Index cols) {
  const val array = options[key];
  require(!array.isUndefined() && !array.isNull(), "option '", key, "': missing");
  const std::vector<double> values = emscripten::convertJSArrayToNumberVector<double>(array);
  require(static_cast<Index>(values.size()) == rows * cols, "option '", key, "': expected ", rows, " x ",
          cols, " = ", rows * cols, " numbers, got ", values.size());
  return Eigen::Map<const Matrix>(values.data(), rows, cols);
}

template <typename T>
val typed(const char* type, const T* data, std::size_t size) {
  return val::global(type).new_(val(emscripten::typed_memory_view(size, data)));  // a copy
}
val float64s(const double* data, Index size) {
  return typed("Float64Array", data, static_cast<std::size_t>(size));
}
val float64s(const Matrix& m) {
  return float64s(m.data(), m.size());
}
val float64s(const std::vector<double>& v) {
  return float64s(v.data(), static_cast<Index>(v.size()));
}
val int32s(const std::vector<std::int32_t>& v) {
  return typed("Int32Array", v.data(), v.size());
}

// The call, or {error: message} for bad input.
template <typename Call>
val guarded(Call&& call) {
  try {
    return call();
  } catch (const std::exception& failure) {
    val out = val::object();
    out.set("error", std::string(failure.what()));
    return out;
  }
}

// --- memories ----------------------------------------------------------------------------------------

struct Stored {
  Index neurons = 0;
  Index count = 0;
  Matrix patterns;
};

Stored stored_patterns(const val& options) {
  Stored s;
  s.neurons = count(options, "neurons", 1, 100'000);
  s.count = count(options, "count", 1, 100'000);
  s.patterns = matrix(options, "patterns", s.neurons, s.count);
  return s;
}

ClassicalHopfield classical_network(const std::string& rule, const Matrix& patterns, bool centre) {
  if (rule == "hebb") return ClassicalHopfield::hebb(patterns, {.centre = centre});
  if (rule == "storkey") return ClassicalHopfield::storkey(patterns);
  if (rule == "pseudoinverse") return ClassicalHopfield::pseudoinverse(patterns);
  throw Error(detail::concat("rule '", rule, "': expected hebb, storkey, pseudoinverse, dense or modern"));
}

// Overlaps m = ξᵀv / N of a state with every stored pattern (binary models).
Vector overlaps_with(const Matrix& patterns, const Vector& state) {
  return patterns.transpose() * state / static_cast<double>(patterns.rows());
}

// The order in which asynchronous sweep `sweep_count` of probe 0 visits the units: the recall shuffles
// 0 … N−1 with Rng(derive_seed(seed, 0)) before every sweep (hopfield/binary_dynamics.hpp). Used only to
// show, unit by unit, the flips the library's recall made between two sweep states.
std::vector<std::vector<std::int32_t>> sweep_orders(Index neurons, std::uint64_t seed, int sweeps) {
  Rng rng(derive_seed(seed, 0));
  std::vector<std::int32_t> order(static_cast<std::size_t>(neurons));
  std::iota(order.begin(), order.end(), 0);
  std::vector<std::vector<std::int32_t>> orders;
  for (int k = 0; k < sweeps; ++k) {
    rng.shuffle(std::span<std::int32_t>(order));
    orders.push_back(order);
  }
  return orders;
}

// The energy after each flip of a replay. Dense memories: energy() (O(N p)). Classical networks: from the
// library's weights and thresholds, E changes by 2 s_i h_i − 2 W_ii when unit i flips from s_i (h = W v − θ
// before the flip), and h is kept up to date by one column of W per flip, so a replay costs O(N) a flip
// instead of O(N²); the node test checks that the last flip lands on the library's final energy.
template <typename Memory>
struct FlipEnergy {
  FlipEnergy(const Memory& memory, const Vector&) : memory_(memory) {}
  double after_flip(const Vector& state, Index) { return memory_.energy(state); }
  const Memory& memory_;
};

template <>
struct FlipEnergy<ClassicalHopfield> {
  FlipEnergy(const ClassicalHopfield& network, const Vector& start)
      : weights_(network.weights()), field_(network.local_field(start)), energy_(network.energy(start)) {}
  double after_flip(const Vector& state, Index i) {
    const double before = -state[i];
    energy_ += 2.0 * before * field_[i] - 2.0 * weights_(i, i);
    field_ += weights_.col(i) * (state[i] - before);
    return energy_;
  }
  Matrix weights_;
  Vector field_;
  double energy_;
};

// A binary memory's recall of one probe, sweep by sweep: the state after every sweep is the library's recall
// stopped after that many sweeps (same seed, so the same trajectory). With `units`, also every flip in the
// order the sweep made it, with the energy and overlaps after it.
template <typename Memory>
val binary_trajectory(const Memory& memory, const Matrix& patterns, const Vector& probe, std::uint64_t seed,
                      int max_sweeps, bool units) {
  const Index n = probe.size();
  RecallOptions options{.dynamics = Dynamics::Asynchronous,
                        .max_sweeps = max_sweeps,
                        .seed = seed,
                        .record_energy = true,
                        .threads = 1};
  const RecallResult full = memory.recall(probe, options);
  const int sweeps = full.sweeps[0];
  Matrix frames(n, sweeps + 1);
  frames.col(0) = probe;
  options.record_energy = false;
  for (int k = 1; k <= sweeps; ++k) {
    options.max_sweeps = k;
    frames.col(k) = memory.recall(probe, options).states.col(0);
  }
  Matrix frame_overlaps(patterns.cols(), sweeps + 1);
  for (int k = 0; k <= sweeps; ++k) frame_overlaps.col(k) = overlaps_with(patterns, frames.col(k));

  val out = val::object();
  out.set("kind", std::string("binary"));
  out.set("sweeps", sweeps);
  out.set("outcome", std::string(full.outcome[0] == Outcome::FixedPoint ? "fixed point" : "sweep limit"));
  out.set("flips", static_cast<double>(full.flips[0]));
  out.set("frames", float64s(frames));
  out.set("energies", float64s(full.energy_trace[0]));
  out.set("overlaps", float64s(frame_overlaps));
  if (!units) return out;

  std::vector<std::int32_t> flip_units, flip_sweeps;
  std::vector<double> flip_energies, flip_overlaps;
  Vector state = probe;
  FlipEnergy<Memory> energy(memory, probe);
  const auto orders = sweep_orders(n, seed, sweeps);
  for (int k = 1; k <= sweeps; ++k) {
    for (const std::int32_t i : orders[static_cast<std::size_t>(k - 1)]) {
      if (frames(i, k) == frames(i, k - 1)) continue;
      state[i] = frames(i, k);
      flip_units.push_back(i);
      flip_sweeps.push_back(k);
      flip_energies.push_back(energy.after_flip(state, i));
      const Vector m = overlaps_with(patterns, state);
      flip_overlaps.insert(flip_overlaps.end(), m.data(), m.data() + m.size());
    }
  }
  out.set("flipUnits", int32s(flip_units));
  out.set("flipSweeps", int32s(flip_sweeps));
  out.set("flipEnergies", float64s(flip_energies));
  out.set("flipOverlaps", float64s(flip_overlaps));
  return out;
}

// The modern network's recall of one probe, step by step (cosine similarity with each stored pattern).
val modern_trajectory(const ModernHopfield& memory, const Vector& probe, int max_steps) {
  const Matrix& patterns = memory.patterns();
  ModernRecallOptions options{.max_sweeps = 1, .threads = 1};
  std::vector<Vector> states{probe};
  Outcome outcome = Outcome::MaxSweeps;
  for (int k = 0; k < max_steps; ++k) {
    const RecallResult step = memory.recall(states.back(), options);
    states.push_back(step.states.col(0));
    if (step.outcome[0] == Outcome::FixedPoint) {
      outcome = Outcome::FixedPoint;
      break;
    }
  }
  const auto frames_count = static_cast<Index>(states.size());
  Matrix frames(probe.size(), frames_count), similarity(patterns.cols(), frames_count);
  std::vector<double> energies;
  for (Index k = 0; k < frames_count; ++k) {
    const Vector& state = states[static_cast<std::size_t>(k)];
    frames.col(k) = state;
    energies.push_back(memory.energy(state));
    for (Index j = 0; j < patterns.cols(); ++j) similarity(j, k) = cosine_similarity(state, patterns.col(j));
  }
  val out = val::object();
  out.set("kind", std::string("continuous"));
  out.set("sweeps", static_cast<int>(frames_count - 1));
  out.set("outcome", std::string(outcome == Outcome::FixedPoint ? "fixed point" : "step limit"));
  out.set("frames", float64s(frames));
  out.set("energies", float64s(energies));
  out.set("overlaps", float64s(similarity));
  out.set("weights", float64s(memory.retrieval_weights(states.back())));
  return out;
}

// options: neurons, count, patterns (N x p), probe (N), rule (hebb | storkey | pseudoinverse | dense |
// modern), beta (modern), interaction + degree (dense), centre (hebb), seed, maxSweeps, units.
val recall_trajectory(const val& options) {
  return guarded([&] {
    const Stored s = stored_patterns(options);
    const Vector probe = matrix(options, "probe", s.neurons, 1).col(0);
    const std::string rule = text(options, "rule");
    const int max_sweeps = static_cast<int>(count(options, "maxSweeps", 1, 1000));
    const auto seed = seed_of(options);
    const bool units = flag(options, "units");
    if (rule == "modern")
      return modern_trajectory(ModernHopfield(s.patterns, number(options, "beta")), probe, max_sweeps);
    require_binary(probe, "probe");
    if (rule == "dense") {
      const DenseAssociativeMemory memory(s.patterns,
                                          interaction_function_from_name(text(options, "interaction")),
                                          static_cast<int>(count(options, "degree", 1, 30)));
      return binary_trajectory(memory, s.patterns, probe, seed, max_sweeps, units);
    }
    const ClassicalHopfield network = classical_network(rule, s.patterns, flag(options, "centre"));
    return binary_trajectory(network, s.patterns, probe, seed, max_sweeps, units);
  });
}

// --- corruption ----------------------------------------------------------------------------------------

// options: neurons, count, patterns, noise (flip probability), seed; or occlusion: width, top, left,
// height, blockWidth, fill.
val corrupt(const val& options) {
  return guarded([&] {
    const Stored s = stored_patterns(options);
    Matrix out = s.patterns;
    const double noise = number(options, "noise");
    require(noise >= 0.0 && noise <= 1.0, "noise = ", noise, ": expected a flip probability in [0, 1]");
    if (noise > 0.0) {
      out = flip_with_probability(out, noise, seed_of(options));
    }
    if (flag(options, "occlude")) {
      const Occlusion block{.top = count(options, "top", 0, 10'000),
                            .left = count(options, "left", 0, 10'000),
                            .height = count(options, "height", 0, 10'000),
                            .width = count(options, "blockWidth", 0, 10'000),
                            .fill = number(options, "fill")};
      out = occlude(out, count(options, "width", 1, 10'000), block);
    }
    val result = val::object();
    result.set("patterns", float64s(out));
    return result;
  });
}

// --- the bias sink -----------------------------------------------------------------------------------

// Where the probes of the stored digits end, as mnist-hebb-collapse and mnist-centred run it: probes
// flip_with_probability(stored, noise, derive_seed(seed, 1)), asynchronous recall seeded derive_seed(seed,
// 2). zeroField "plus" is sign(0) = +1, a threshold of −1e-9 as in mnist-centred.
ClassicalHopfield sink_network(const Matrix& stored, bool centre, const std::string& zero_field) {
  ClassicalHopfield network = ClassicalHopfield::hebb(stored, {.centre = centre});
  if (zero_field == "keep") return network;
  require(zero_field == "plus", "zeroField '", zero_field, "': expected keep or plus");
  return ClassicalHopfield::from_weights(network.weights(), Vector::Constant(stored.rows(), -1e-9));
}

// 0 own digit, 1 its negation, 2 nearest another digit, 3 nearest another digit's negation (by |overlap|).
int end_category(const Vector& end, const Matrix& stored, Index own) {
  const Vector m = stored.transpose() * end;
  Index nearest = 0;
  m.cwiseAbs().maxCoeff(&nearest);
  if (nearest == own) return m[nearest] > 0 ? 0 : 1;
  return m[nearest] > 0 ? 2 : 3;
}

val bias_sink(const val& options) {
  return guarded([&] {
    const Stored s = stored_patterns(options);
    const auto seed = seed_of(options);
    const Matrix probes = flip_with_probability(s.patterns, number(options, "noise"), derive_seed(seed, 1));
    const ClassicalHopfield network =
        sink_network(s.patterns, flag(options, "centre"), text(options, "zeroField"));
    const RecallResult r = network.recall(
        probes,
        {.dynamics = Dynamics::Asynchronous, .max_sweeps = 100, .seed = derive_seed(seed, 2), .threads = 1});
    const Index p = s.count;
    Matrix similarity(p, p);
    double pair_sum = 0.0;
    Index distinct = 0;
    std::vector<double> categories, exact;
    for (Index a = 0; a < p; ++a) {
      for (Index b = 0; b < p; ++b) similarity(a, b) = overlap(r.states.col(a), r.states.col(b));
      for (Index b = a + 1; b < p; ++b) pair_sum += similarity(a, b);
      bool seen = false;
      for (Index b = 0; b < a && !seen; ++b) seen = r.states.col(b) == r.states.col(a);
      distinct += !seen;
      categories.push_back(end_category(r.states.col(a), s.patterns, a));
      exact.push_back(r.states.col(a) == s.patterns.col(a) ? 1.0 : 0.0);
    }
    const Vector mean = mean_pattern(s.patterns);
    val out = val::object();
    out.set("probes", float64s(probes));
    out.set("ends", float64s(r.states));
    out.set("similarity", float64s(similarity));
    out.set("meanSimilarity", p > 1 ? pair_sum / static_cast<double>(p * (p - 1) / 2) : 1.0);
    out.set("distinct", static_cast<double>(distinct));
    out.set("categories", float64s(categories));
    out.set("exact", float64s(exact));
    out.set("mean", float64s(mean));
    Vector sink = mean.unaryExpr([](double x) { return x >= 0.0 ? 1.0 : -1.0; });
    double sink_sum = 0.0;
    for (Index a = 0; a < p; ++a) sink_sum += overlap(r.states.col(a), sink);
    out.set("sinkOverlap", sink_sum / static_cast<double>(p));
    return out;
  });
}

// --- the spectrum slider -------------------------------------------------------------------------------

// W(a) = (1 − a) W_Hebb + a W_PI on fixed stored digits and probes, as mnist-spectrum interpolates: the
// spectrum from the p x p problem W(a) = X M(a) Xᵀ − (1 − a)(p/N) I, M(a) = (1 − a)/N I + a G⁻¹, and the
// recall of the probes by W(a) (seed derive_seed(seed, 2)). The couplings are formed once.
class SpectrumSlider {
 public:
  explicit SpectrumSlider(const val& options) {
    try {
      build(options);
    } catch (const std::exception& failure) {
      error_ = failure.what();
    }
  }
  /// Why the construction failed (bad input), or empty.
  std::string error() const { return error_; }

  val at(double a) const {
    return guarded([&] {
      require(error_.empty(), error_);
      return spectrum_at(a);
    });
  }

 private:
  void build(const val& options) {
    const Stored s = stored_patterns(options);
    stored_ = s.patterns;
    seed_ = seed_of(options);
    probes_ = flip_with_probability(stored_, number(options, "noise"), derive_seed(seed_, 1));
    hebb_ = hebb_weights(stored_);
    pseudoinverse_ = pseudoinverse_weights(stored_);
    const Matrix gram = stored_.transpose() * stored_;
    gram_inverse_ = gram.ldlt().solve(Matrix::Identity(gram.rows(), gram.cols()));
  }

  val spectrum_at(double a) const {
    {
      require(a >= 0.0 && a <= 1.0, "a = ", a, ": expected a value in [0, 1]");
      const Index n = stored_.rows(), p = stored_.cols();
      const Matrix middle = (1.0 - a) / static_cast<double>(n) * Matrix::Identity(p, p) + a * gram_inverse_;
      const double shift = -(1.0 - a) * static_cast<double>(p) / static_cast<double>(n);
      const Spectrum spectrum = pattern_space_spectrum(stored_, middle, shift);
      const auto network = ClassicalHopfield::from_weights((1.0 - a) * hebb_ + a * pseudoinverse_);
      const RecallResult r = network.recall(probes_, {.dynamics = Dynamics::Asynchronous,
                                                      .max_sweeps = 100,
                                                      .seed = derive_seed(seed_, 2),
                                                      .threads = 1});
      std::vector<double> exact, nearest_own;
      for (Index k = 0; k < p; ++k) {
        exact.push_back(r.states.col(k) == stored_.col(k) ? 1.0 : 0.0);
        const Vector m = stored_.transpose() * r.states.col(k);
        Index nearest = 0;
        m.maxCoeff(&nearest);
        nearest_own.push_back(nearest == k ? 1.0 : 0.0);
      }
      val out = val::object();
      out.set("eigenvalues", float64s(spectrum.eigenvalues.data(), spectrum.eigenvalues.size()));
      out.set("bulk", shift);
      out.set("probes", float64s(probes_));
      out.set("ends", float64s(r.states));
      out.set("exact", float64s(exact));
      out.set("nearestOwn", float64s(nearest_own));
      return out;
    }
  }

  Matrix stored_, probes_, hebb_, pseudoinverse_, gram_inverse_;
  std::uint64_t seed_ = 0;
  std::string error_;
};

// --- the β slider --------------------------------------------------------------------------------------

// options: neurons, count, patterns, probe, beta. The softmax weights of the probe and their entropy, the
// one-step retrieval (= attention), and the fixed point the iteration reaches and its kind.
val beta_retrieval(const val& options) {
  return guarded([&] {
    const Stored s = stored_patterns(options);
    const Matrix probe = matrix(options, "probe", s.neurons, 1);
    const ModernHopfield memory(s.patterns, number(options, "beta"));
    const RecallResult fixed =
        memory.recall(probe, {.max_sweeps = 100, .precision = Precision::Double, .threads = 1});
    val out = val::object();
    out.set("weights", float64s(memory.retrieval_weights(probe)));
    out.set("entropy", memory.retrieval_entropy(probe)[0]);
    out.set("oneStep", float64s(memory.update(probe)));
    out.set("fixedPoint", float64s(fixed.states));
    out.set("steps", fixed.sweeps[0]);
    out.set("fixedWeights", float64s(memory.retrieval_weights(fixed.states)));
    out.set("carrying", static_cast<double>(memory.patterns_carrying_mass(fixed.states)[0]));
    out.set("kind", std::string(fixed_point_kind_name(memory.classify_fixed_points(fixed.states)[0])));
    return out;
  });
}

// --- attention = Hopfield ------------------------------------------------------------------------------

// One modern Hopfield step X softmax(β Xᵀξ) beside scaled dot-product attention with Q = ξ, K = V = X and
// scale β (default 1/√N), in double and in single precision, and the largest difference of each pair.
val attention_step(const val& options) {
  return guarded([&] {
    const Stored s = stored_patterns(options);
    const Matrix probe = matrix(options, "probe", s.neurons, 1);
    const double beta = number(options, "beta") > 0.0 ? number(options, "beta")
                                                      : 1.0 / std::sqrt(static_cast<double>(s.neurons));
    const ModernHopfield memory(s.patterns, beta);
    const Matrix hopfield = memory.update(probe);
    const Matrix attention =
        scaled_dot_product_attention<double>(probe, s.patterns, s.patterns, {.scale = beta});
    const MatrixF stored_f = s.patterns.cast<float>(), probe_f = probe.cast<float>();
    const MatrixF hopfield_f =
        memory
            .recall(probe,
                    {.max_sweeps = 1, .precision = Precision::Single, .final_energy = false, .threads = 1})
            .states.cast<float>();
    const MatrixF attention_f =
        scaled_dot_product_attention<float>(probe_f, stored_f, stored_f, {.scale = beta});
    val out = val::object();
    out.set("beta", beta);
    out.set("hopfield", float64s(hopfield));
    out.set("attention", float64s(attention));
    out.set("difference", (hopfield - attention).cwiseAbs().maxCoeff());
    out.set("differenceSingle", static_cast<double>((hopfield_f - attention_f).cwiseAbs().maxCoeff()));
    out.set("weights", float64s(attention_weights(probe, s.patterns, {.scale = beta})));
    return out;
  });
}

// --- capacity curves -----------------------------------------------------------------------------------

// One point of the classical curve: `trials` networks of p random ±1 patterns (N neurons), every pattern
// probed with round(flip_fraction · N) bits flipped; trial t draws patterns, flips and the update order from
// derive_seed(derive_seed(seed, t), 0 | 1 | 2). Returns the mean bit accuracy and the exact fraction.
val classical_capacity_point(const val& options) {
  return guarded([&] {
    const Index n = count(options, "neurons", 1, 4096), p = count(options, "patterns", 1, 4096);
    const Index trials = count(options, "trials", 1, 10'000);
    const double fraction = number(options, "flipFraction");
    require(fraction >= 0.0 && fraction <= 1.0, "flipFraction = ", fraction, ": expected [0, 1]");
    const auto seed = seed_of(options);
    const auto flips = static_cast<Index>(std::llround(fraction * static_cast<double>(n)));
    double accuracy = 0.0, exact = 0.0;
    for (Index t = 0; t < trials; ++t) {
      const std::uint64_t trial = derive_seed(seed, static_cast<std::uint64_t>(t));
      const Matrix patterns = random_binary_patterns(n, p, derive_seed(trial, 0));
      const Matrix probes = flip_exactly(patterns, flips, derive_seed(trial, 1));
      const RecallResult r = ClassicalHopfield::hebb(patterns).recall(
          probes, {.max_sweeps = 100, .seed = derive_seed(trial, 2), .threads = 1});
      for (Index k = 0; k < p; ++k) {
        accuracy += bit_accuracy(r.states.col(k), patterns.col(k));
        exact += r.states.col(k) == patterns.col(k);
      }
    }
    const double probes = static_cast<double>(trials * p);
    val out = val::object();
    out.set("accuracy", accuracy / probes);
    out.set("exact", exact / probes);
    return out;
  });
}

// One point of the modern curve: p N(0, 1) patterns of dimension d, each probed with Gaussian noise of
// relative std `noise`, one step at β; retrieved when the nearest stored pattern (cosine) of the result is
// its own. Trial t draws from derive_seed(derive_seed(seed, t), 0 | 1).
val modern_capacity_point(const val& options) {
  return guarded([&] {
    const Index d = count(options, "dimension", 1, 4096), p = count(options, "patterns", 1, 100'000);
    const Index trials = count(options, "trials", 1, 10'000);
    const auto seed = seed_of(options);
    const double beta = number(options, "beta"), noise = number(options, "noise");
    double retrieved = 0.0;
    for (Index t = 0; t < trials; ++t) {
      const std::uint64_t trial = derive_seed(seed, static_cast<std::uint64_t>(t));
      const Matrix patterns = gaussian_patterns(d, p, derive_seed(trial, 0));
      const Matrix probes = add_gaussian_noise(patterns, noise, derive_seed(trial, 1));
      const ModernHopfield memory(patterns, beta);
      const RecallResult r = memory.recall(probes, {.max_sweeps = 1, .final_energy = false, .threads = 1});
      const Vector norms = patterns.colwise().norm().transpose();
      for (Index k = 0; k < p; ++k) {
        const Vector scores = (patterns.transpose() * r.states.col(k)).cwiseQuotient(norms);
        Index best = 0;
        scores.maxCoeff(&best);
        retrieved += best == k;
      }
    }
    val out = val::object();
    out.set("retrieved", retrieved / static_cast<double>(trials * p));
    return out;
  });
}

// --- random features: the three phases ---------------------------------------------------------------

// The α sweep of random-features-phases, one point per call: the data set drawn once (F, test and train
// examples from derive_seed(seed, 0)), the α grid log-spaced from alphaMin to alphaMax, point k of rule r
// seeded derive_seed(derive_seed(seed, 10 + r), k), so a point equals the CLI's point of the same grid.
class RandomFeaturesSweep {
 public:
  explicit RandomFeaturesSweep(const val& options) {
    try {
      build(options);
    } catch (const std::exception& failure) {
      error_ = failure.what();
    }
  }
  std::string error() const { return error_; }
  Index features() const { return spec_.features; }
  val alphas() const { return float64s(alphas_); }

  val point(const std::string& rule_name, Index k) const {
    return guarded([&] {
      require(error_.empty(), error_);
      return measure_point(rule_name, k, {0, 1, 2});
    });
  }
  // One set of a point (0 train, 1 features, 2 test): the worker measures a point set by set, so that a
  // newer request waits for one set at most; the point's network is kept for its next set.
  val point_set(const std::string& rule_name, Index k, int set) const {
    return guarded([&] {
      require(error_.empty(), error_);
      require(set >= 0 && set <= 2, "set ", set, ": expected 0 (train), 1 (features) or 2 (test)");
      return measure_point(rule_name, k, {set});
    });
  }

 private:
  void build(const val& options) {
    const Index n = count(options, "neurons", 2, 4000);
    const double alpha_d = number(options, "alphaD");
    require(alpha_d > 0.0, "alphaD = ", alpha_d, ": expected > 0");
    const double lo = number(options, "alphaMin"), hi = number(options, "alphaMax");
    const Index points = count(options, "points", 1, 200);
    require(lo > 0.0 && hi >= lo, "alpha range [", lo, ", ", hi, "]: expected 0 < alphaMin <= alphaMax");
    spec_ = {.neurons = n,
             .features = std::max<Index>(1, std::llround(alpha_d * static_cast<double>(n))),
             .sparsity = count(options, "sparsity", 1, 1000),
             .coefficients = coefficient_kind_from_name(text(options, "coefficients"))};
    require(spec_.sparsity <= spec_.features, "sparsity L = ", spec_.sparsity,
            ": expected at most D = ", spec_.features);
    seed_ = seed_of(options);
    train_probes_ = count(options, "trainProbes", 0, 100'000);
    max_sweeps_ = static_cast<int>(count(options, "maxSweeps", 1, 100'000));
    for (Index k = 0; k < points; ++k) {
      const double t = points == 1 ? 0.0 : static_cast<double>(k) / static_cast<double>(points - 1);
      alphas_.push_back(std::exp(std::log(lo) + t * (std::log(hi) - std::log(lo))));
    }
    const Index max_stored = std::max<Index>(1, std::llround(hi * static_cast<double>(n)));
    data_ = generate_random_features_data(spec_, max_stored, count(options, "testExamples", 0, 10'000),
                                          derive_seed(seed_, 0));
  }

  val measure_point(const std::string& rule_name, Index k, std::initializer_list<int> sets) const {
    {
      require(k >= 0 && k < static_cast<Index>(alphas_.size()), "point ", k, ": expected 0 … ",
              alphas_.size() - 1);
      const CouplingRule rule = coupling_rule_from_name(rule_name);
      const Index n = spec_.neurons;
      const double alpha = alphas_[static_cast<std::size_t>(k)];
      const Index p = std::max<Index>(1, std::llround(alpha * static_cast<double>(n)));
      val out = val::object();
      out.set("alpha", alpha);
      out.set("stored", static_cast<double>(p));
      out.set("skipped", rule == CouplingRule::Pseudoinverse && p > n);
      if (rule == CouplingRule::Pseudoinverse && p > n) return out;
      const Matrix stored = data_.train.leftCols(p);
      if (!network_ || network_rule_ != rule || network_point_ != k) {
        network_.emplace(random_features_network(stored, rule, 1e-9));
        network_rule_ = rule;
        network_point_ = k;
      }
      const ClassicalHopfield& network = *network_;
      const std::vector<Index> unseen = unseen_columns(data_.test_coefficients, data_.train_coefficients, p);
      Matrix test(n, static_cast<Index>(unseen.size()));
      for (std::size_t j = 0; j < unseen.size(); ++j)
        test.col(static_cast<Index>(j)) = data_.test.col(unseen[j]);
      const std::uint64_t point_seed =
          derive_seed(derive_seed(seed_, 10 + static_cast<std::uint64_t>(rule)), k);
      auto measure = [&](const Matrix& starts, std::uint64_t set, const char* key) {
        if (starts.cols() == 0) return;
        const RecallOptions options{.dynamics = Dynamics::Asynchronous,
                                    .max_sweeps = max_sweeps_,
                                    .seed = derive_seed(point_seed, set),
                                    .threads = 1};
        const MagnetisationSummary m =
            summarise_magnetisations(final_magnetisations(network, starts, options));
        val summary = val::object();
        summary.set("mean", m.mean);
        summary.set("std", m.standard_deviation);
        summary.set("retrieved", m.fraction_retrieved);
        summary.set("count", static_cast<double>(m.count));
        out.set(key, summary);
      };
      for (const int set : sets) {
        if (set == 0) measure(stored.leftCols(std::min(p, train_probes_)), 0, "train");
        if (set == 1) measure(data_.feature_matrix, 1, "features");
        if (set == 2) measure(test, 2, "test");
      }
      return out;
    }
  }

  RandomFeaturesSpec spec_;
  RandomFeaturesData data_;
  std::vector<double> alphas_;
  std::uint64_t seed_ = 0;
  Index train_probes_ = 0;
  int max_sweeps_ = 100;
  std::string error_;
  mutable std::optional<ClassicalHopfield> network_;  // the last point's network, for its next set
  mutable CouplingRule network_rule_ = CouplingRule::Hebb;
  mutable Index network_point_ = -1;
};

// --- kernels for the benchmark -----------------------------------------------------------------------

// Milliseconds per call (best of `repeats`) of named library kernels on inputs drawn from `seed`; the
// native program web/native/explorer_reference.cpp times the same calls on the same inputs.
double milliseconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

val benchmark(const val& options) {
  return guarded([&] {
    const std::string name = text(options, "kernel");
    const int repeats = static_cast<int>(count(options, "repeats", 1, 1000));
    double best = 1e300, check = 0.0;
    for (int r = 0; r < repeats; ++r) {
      const auto start = std::chrono::steady_clock::now();
      if (name == "modern-step") {  // d = 64, p = 10 000, B = 256: one fused single-precision step
        static const Matrix patterns = gaussian_patterns(64, 10'000, 1);
        static const Matrix probes = add_gaussian_noise(patterns.leftCols(256), 0.3, 2);
        static const ModernHopfield memory(patterns, 1.0);
        check = memory.recall(probes, {.max_sweeps = 1, .final_energy = false, .threads = 1}).states.sum();
      } else if (name == "modern-step-dense") {  // the same step through Eigen's GEMM (Dense path)
        static const Matrix patterns = gaussian_patterns(64, 10'000, 1);
        static const Matrix probes = add_gaussian_noise(patterns.leftCols(256), 0.3, 2);
        static const ModernHopfield memory(patterns, 1.0);
        check =
            memory
                .recall(probes,
                        {.max_sweeps = 1, .path = RetrievalPath::Dense, .final_energy = false, .threads = 1})
                .states.sum();
      } else if (name == "hebb-recall") {  // N = 784, p = 100, 100 probes, 20 % flipped
        static const Matrix patterns = random_binary_patterns(784, 100, 3);
        static const Matrix probes = flip_exactly(patterns, 157, 4);
        static const ClassicalHopfield network = ClassicalHopfield::hebb(patterns);
        check = network.recall(probes, {.seed = 5, .threads = 1}).states.sum();
      } else if (name == "hebb-weights") {  // N = 784, p = 100
        static const Matrix patterns = random_binary_patterns(784, 100, 3);
        check = hebb_weights(patterns).sum();
      } else if (name == "spectrum") {  // eigenvalues of a 300 x 300 Hebb matrix
        static const Matrix weights = hebb_weights(random_binary_patterns(300, 20, 6));
        check = symmetric_spectrum(weights, {.eigenvectors = false}).eigenvalues.sum();
      } else {
        throw Error(detail::concat(
            "kernel '", name,
            "': expected modern-step, modern-step-dense, hebb-recall, hebb-weights or spectrum"));
      }
      best = std::min(best, milliseconds_since(start));
    }
    val out = val::object();
    out.set("milliseconds", best);
    out.set("check", check);
    return out;
  });
}

}  // namespace
}  // namespace hopfield::web

EMSCRIPTEN_BINDINGS(hopfield_explorer) {
  using namespace hopfield::web;
  emscripten::function("recallTrajectory", &recall_trajectory);
  emscripten::function("corrupt", &corrupt);
  emscripten::function("biasSink", &bias_sink);
  emscripten::function("betaRetrieval", &beta_retrieval);
  emscripten::function("attentionStep", &attention_step);
  emscripten::function("classicalCapacityPoint", &classical_capacity_point);
  emscripten::function("modernCapacityPoint", &modern_capacity_point);
  emscripten::function("benchmark", &benchmark);
  emscripten::class_<SpectrumSlider>("SpectrumSlider")
      .constructor<const val&>()
      .function("at", &SpectrumSlider::at)
      .function("error", &SpectrumSlider::error);
  emscripten::class_<RandomFeaturesSweep>("RandomFeaturesSweep")
      .constructor<const val&>()
      .function("point", &RandomFeaturesSweep::point)
      .function("pointSet", &RandomFeaturesSweep::point_set)
      .function("alphas", &RandomFeaturesSweep::alphas)
      .function("features", &RandomFeaturesSweep::features)
      .function("error", &RandomFeaturesSweep::error);
}
