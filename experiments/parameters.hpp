// Experiment parameters: each experiment declares its parameters with defaults and a one-line description
// (the CLI help is generated from them); the caller overrides them by name with text values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "result.hpp"

namespace hopfield::experiments {

struct ParameterSpec {
  std::string name;
  ParameterValue default_value;
  std::string description;
};

/// The values of an experiment's parameters: the declared defaults, overridden by name.
class Parameters {
 public:
  explicit Parameters(std::vector<ParameterSpec> specs);

  /// Sets `name` from text, parsed as the type of its default. Throws hopfield::Error for an unknown
  /// name (listing the known ones) or a value that does not parse.
  void set(std::string_view name, std::string_view text);

  std::int64_t integer(std::string_view name) const;
  double real(std::string_view name) const;  ///< accepts integer parameters too
  const std::string& text(std::string_view name) const;
  bool flag(std::string_view name) const;
  std::uint64_t seed() const;  ///< the "seed" parameter
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
  const ParameterValue& find(std::string_view name) const;

  std::vector<ParameterSpec> specs_;
  std::vector<ParameterValue> values_;
};

/// "key=value" -> {key, value}; throws hopfield::Error naming the text when there is no '='.
std::pair<std::string, std::string> split_assignment(std::string_view assignment);

/// The text form of a parameter value (for help and terminal output).
std::string to_text(const ParameterValue& value);

}  // namespace hopfield::experiments
