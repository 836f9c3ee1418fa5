// Experiment parameters. Each experiment declares its parameters once, as a plain struct and a list of field
// descriptors; `hopfield list NAME`, the parsing of `--set NAME=VALUE` and the "params" of the JSON output
// are generated from that list.
//
// How to declare an experiment's parameters:
//
//   struct MyParameters {                       // the defaults live here, once
//     std::uint64_t seed = 42;
//     Index neurons = 100;
//     int max_sweeps = 100;                     // the type the value ends up in
//     double corruption = 0.2;
//     std::string dynamics = "asynchronous";
//   };
//
//   const ParameterFields<MyParameters>& my_fields() {
//     static const auto fields = ParameterFields<MyParameters>()
//         .seed(&MyParameters::seed)
//         .integer("neurons", &MyParameters::neurons, "number of neurons N", 1, 20'000)
//         .integer("max_sweeps", &MyParameters::max_sweeps, "sweep limit", 1, 1'000'000)
//         .real("corruption", &MyParameters::corruption, "fraction of bits flipped", 0.0, 1.0)
//         .text("dynamics", &MyParameters::dynamics, "asynchronous | synchronous", dynamics_names());
//     return fields;
//   }
//
//   Result run_mine(const MyParameters& parameters, Progress& progress);
//
//   Experiment my_experiment() {
//     return typed_experiment({.name = "...", .summary = "...", .source = "..."}, my_fields(), run_mine);
//   }
//
// Fields are listed (and recorded in the JSON "params") in declaration order. Every integer is read in the
// full 64-bit range and then checked against [min, max] and against the member's own type, so a value that
// would be cut or wrap is an error naming the parameter; the default must itself lie in the range. A size
// that multiplies into memory (N² couplings, N × p patterns) is also checked before allocation with
// require_memory (below). Older experiments that still pass a std::vector<ParameterSpec> and read
// Parameters by name keep working unchanged.
#pragma once

#include <fmt/format.h>

#include <concepts>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "result.hpp"

namespace hopfield::experiments {

/// Reads a parameter's text; throws hopfield::Error saying what was expected (the caller adds the name).
using ParameterParser = std::function<ParameterValue(std::string_view text)>;

struct ParameterSpec {
  ParameterSpec(std::string name_, ParameterValue default_value_, std::string description_,
                ParameterParser parse_ = {})
      : name(std::move(name_)),
        default_value(std::move(default_value_)),
        description(std::move(description_)),
        parse(std::move(parse_)) {}

  std::string name;
  ParameterValue default_value;
  std::string description;  ///< meaning, and the accepted range when there is one
  ParameterParser parse;    ///< empty: parsed as the type of the default
};

/// The values of an experiment's parameters: the declared defaults, overridden by name.
class Parameters {
 public:
  explicit Parameters(std::vector<ParameterSpec> specs);

  /// Sets `name` from text. Throws hopfield::Error for an unknown name (listing the known ones) or a
  /// value that does not parse or lies outside the parameter's range.
  void set(std::string_view name, std::string_view text);

  const ParameterValue& value(std::string_view name) const;
  std::int64_t integer(std::string_view name) const;
  double real(std::string_view name) const;  ///< accepts integer parameters too
  const std::string& text(std::string_view name) const;
  bool flag(std::string_view name) const;
  std::uint64_t seed() const;  ///< the "seed" parameter, 0 … 2⁶⁴ − 1
  /// A text parameter read as a comma-separated list of positive integers ("10,100,150") of at least
  /// `minimum_count` items (empty text is the empty list). Throws hopfield::Error naming the parameter and
  /// the item that does not parse, or saying the list is too short.
  std::vector<std::int64_t> positive_integers(std::string_view name, std::size_t minimum_count = 1) const;
  /// A text parameter read as a comma-separated list of finite numbers ("0.01,0.1,1"), likewise.
  std::vector<double> reals(std::string_view name, std::size_t minimum_count = 1) const;

  /// Name/value pairs in declaration order, for the Result.
  std::vector<std::pair<std::string, ParameterValue>> values() const;
  const std::vector<ParameterSpec>& specs() const { return specs_; }

 private:
  std::size_t index_of(std::string_view name) const;

  std::vector<ParameterSpec> specs_;
  std::vector<ParameterValue> values_;
};

/// `text` as a comma-separated list of positive integers / finite numbers (see Parameters); `name` is the
/// parameter's name for the error message.
std::vector<std::int64_t> positive_integer_list(std::string_view name, const std::string& text,
                                                std::size_t minimum_count = 1);
std::vector<double> real_list(std::string_view name, const std::string& text, std::size_t minimum_count = 1);

/// Reads an integer in [min, max] (signed or unsigned 64-bit arithmetic by `is_unsigned`); throws
/// hopfield::Error saying what was expected. The value is an int64 unless `is_unsigned`.
ParameterValue parse_integer(std::string_view text, bool is_unsigned, std::int64_t min, std::uint64_t max);
/// Reads a finite number in [min, max].
ParameterValue parse_real(std::string_view text, double min, double max);
/// Reads true/false (also 1/0, yes/no, on/off).
ParameterValue parse_flag(std::string_view text);

/// Throws hopfield::Error naming `parameter` and its `value` unless `bytes` (what the run will allocate for
/// `what`) fits in the machine's physical memory. Call it before allocating.
void require_memory(std::string_view parameter, std::int64_t value, double bytes, std::string_view what);

/// The machine's physical memory in bytes (a generous fallback when it cannot be read).
double physical_memory_bytes();

/// Throws (a programming error, caught by the tests) when a declared default lies outside its range.
void require_default_in_range(const std::string& name, bool inside);

/// An experiment's parameters as a struct `Params` (defaults from its member initialisers) and the ordered
/// list of its fields (name, member, meaning, range). See the note at the top of this file.
template <typename Params>
class ParameterFields {
 public:
  /// An integer of any width, checked against [min, max] and the member's type.
  template <std::integral T>
  ParameterFields&& integer(std::string name, T Params::*member, std::string meaning, T min,
                            T max = std::numeric_limits<T>::max()) && {
    const T default_value = Params{}.*member;
    require_default(name, default_value >= min && default_value <= max);
    constexpr bool is_unsigned = std::is_unsigned_v<T>;
    const auto low = static_cast<std::int64_t>(min);
    const auto high = static_cast<std::uint64_t>(max);
    add(
        std::move(name), stored(default_value), describe(meaning, min, max),
        [low, high](std::string_view text) { return parse_integer(text, is_unsigned, low, high); },
        [member](Params& params, const ParameterValue& value) {
          if constexpr (is_unsigned && sizeof(T) == sizeof(std::uint64_t)) {
            params.*member = static_cast<T>(std::get<std::uint64_t>(value));
          } else {
            params.*member = static_cast<T>(std::get<std::int64_t>(value));
          }
        });
    return std::move(*this);
  }

  /// The random seed: "seed", 0 … 2⁶⁴ − 1.
  ParameterFields&& seed(std::uint64_t Params::*member) && {
    return std::move(*this).integer("seed", member, "random seed", std::uint64_t{0});
  }

  /// A finite real in [min, max].
  ParameterFields&& real(std::string name, double Params::*member, std::string meaning,
                         double min = std::numeric_limits<double>::lowest(),
                         double max = std::numeric_limits<double>::max()) && {
    const double default_value = Params{}.*member;
    require_default(name, default_value >= min && default_value <= max);
    add(
        std::move(name), default_value, describe(meaning, min, max),
        [min, max](std::string_view text) { return parse_real(text, min, max); },
        [member](Params& params, const ParameterValue& value) { params.*member = std::get<double>(value); });
    return std::move(*this);
  }

  /// Text; `check` (optional) throws hopfield::Error for a value it rejects, e.g. an unknown name or a
  /// list that does not parse, so the error comes before the run.
  ParameterFields&& text(std::string name, std::string Params::*member, std::string meaning,
                         std::function<void(std::string_view)> check = {}) && {
    add(
        std::move(name), Params{}.*member, std::move(meaning),
        [check](std::string_view text) {
          if (check) check(text);
          return ParameterValue(std::string(text));
        },
        [member](Params& params, const ParameterValue& value) {
          params.*member = std::get<std::string>(value);
        });
    return std::move(*this);
  }

  ParameterFields&& flag(std::string name, bool Params::*member, std::string meaning) && {
    add(std::move(name), Params{}.*member, std::move(meaning), parse_flag,
        [member](Params& params, const ParameterValue& value) { params.*member = std::get<bool>(value); });
    return std::move(*this);
  }

  const std::vector<ParameterSpec>& specs() const { return specs_; }

  /// The struct holding `values` (which must have been made from specs()).
  Params read(const Parameters& values) const {
    Params params{};
    for (std::size_t i = 0; i < specs_.size(); ++i) assign_[i](params, values.value(specs_[i].name));
    return params;
  }

 private:
  using Assign = std::function<void(Params&, const ParameterValue&)>;

  template <typename T>
  static ParameterValue stored(T value) {
    if constexpr (std::is_unsigned_v<T> && sizeof(T) == sizeof(std::uint64_t)) {
      return static_cast<std::uint64_t>(value);
    } else {
      return static_cast<std::int64_t>(value);
    }
  }

  template <typename T>
  static std::string describe(const std::string& meaning, T min, T max) {
    const bool no_min = min == std::numeric_limits<T>::lowest();
    const bool no_max = max == std::numeric_limits<T>::max();
    if (no_min && no_max) return meaning;
    if (no_max) return fmt::format("{} (at least {})", meaning, min);
    if (no_min) return fmt::format("{} (at most {})", meaning, max);
    return fmt::format("{} ({} to {})", meaning, min, max);
  }

  static void require_default(const std::string& name, bool inside) {
    require_default_in_range(name, inside);
  }

  void add(std::string name, ParameterValue default_value, std::string description, ParameterParser parse,
           Assign assign) {
    specs_.emplace_back(std::move(name), std::move(default_value), std::move(description), std::move(parse));
    assign_.push_back(std::move(assign));
  }

  std::vector<ParameterSpec> specs_;
  std::vector<Assign> assign_;
};

/// "key=value" -> {key, value}; throws hopfield::Error naming the text when there is no '='.
std::pair<std::string, std::string> split_assignment(std::string_view assignment);

/// The text form of a parameter value (for help and terminal output).
std::string to_text(const ParameterValue& value);

}  // namespace hopfield::experiments
