#include "parameters.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <cmath>

#include "hopfield/error.hpp"

namespace hopfield::experiments {

Parameters::Parameters(std::vector<ParameterSpec> specs) : specs_(std::move(specs)) {
  for (const auto& spec : specs_) values_.push_back(spec.default_value);
}

std::size_t Parameters::index_of(std::string_view name) const {
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    if (specs_[i].name == name) return i;
  }
  std::string known;
  for (const auto& spec : specs_) known += (known.empty() ? "" : ", ") + spec.name;
  throw Error(fmt::format("unknown parameter '{}'; known parameters: {}", name, known));
}

void Parameters::set(std::string_view name, std::string_view text) {
  auto& value = values_[index_of(name)];
  const auto fail = [&](const char* expected) {
    throw Error(fmt::format("parameter '{}': cannot read '{}' as {}", name, text, expected));
  };
  if (std::holds_alternative<std::int64_t>(value)) {
    std::int64_t parsed = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), parsed);
    if (error != std::errc() || end != text.data() + text.size()) fail("an integer");
    value = parsed;
  } else if (std::holds_alternative<double>(value)) {
    std::string copy(text);
    char* end = nullptr;
    const double parsed = std::strtod(copy.c_str(), &end);
    if (copy.empty() || end != copy.c_str() + copy.size() || !std::isfinite(parsed)) fail("a finite number");
    value = parsed;
  } else if (std::holds_alternative<bool>(value)) {
    if (text == "true" || text == "1" || text == "yes" || text == "on") {
      value = true;
    } else if (text == "false" || text == "0" || text == "no" || text == "off") {
      value = false;
    } else {
      fail("true or false");
    }
  } else {
    value = std::string(text);
  }
}

const ParameterValue& Parameters::find(std::string_view name) const {
  return values_[index_of(name)];
}

std::int64_t Parameters::integer(std::string_view name) const {
  return std::get<std::int64_t>(find(name));
}

double Parameters::real(std::string_view name) const {
  const auto& value = find(name);
  if (const auto* integer_value = std::get_if<std::int64_t>(&value))
    return static_cast<double>(*integer_value);
  return std::get<double>(value);
}

const std::string& Parameters::text(std::string_view name) const {
  return std::get<std::string>(find(name));
}

bool Parameters::flag(std::string_view name) const {
  return std::get<bool>(find(name));
}

std::uint64_t Parameters::seed() const {
  const auto seed = integer("seed");
  require(seed >= 0, "parameter 'seed' must be >= 0, got ", seed);
  return static_cast<std::uint64_t>(seed);
}

namespace {

// The comma-separated items of `text`, spaces around each removed; no items for empty text.
std::vector<std::string> list_items(const std::string& text) {
  std::vector<std::string> items;
  if (text.find_first_not_of(' ') == std::string::npos) return items;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    std::string item = text.substr(start, end - start);
    const auto first = item.find_first_not_of(' ');
    item = first == std::string::npos ? std::string()
                                      : item.substr(first, item.find_last_not_of(' ') - first + 1);
    items.push_back(std::move(item));
    if (end == text.size()) break;
    start = end + 1;
  }
  return items;
}

void require_count(std::size_t count, std::size_t minimum_count, std::string_view name) {
  require(count >= minimum_count, "parameter '", name, "' needs at least ", minimum_count, " value",
          minimum_count == 1 ? "" : "s", ", got ", count);
}

}  // namespace

std::vector<std::int64_t> Parameters::positive_integers(std::string_view name,
                                                        std::size_t minimum_count) const {
  std::vector<std::int64_t> values;
  for (const auto& item : list_items(text(name))) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), value);
    require(!item.empty() && error == std::errc() && end == item.data() + item.size() && value > 0,
            "parameter '", name, "': cannot read '", item, "' of '", text(name),
            "' as a positive integer (expected a comma-separated list)");
    values.push_back(value);
  }
  require_count(values.size(), minimum_count, name);
  return values;
}

std::vector<double> Parameters::reals(std::string_view name, std::size_t minimum_count) const {
  std::vector<double> values;
  for (const auto& item : list_items(text(name))) {
    char* end = nullptr;
    const double value = std::strtod(item.c_str(), &end);
    require(!item.empty() && end == item.c_str() + item.size() && std::isfinite(value), "parameter '", name,
            "': cannot read '", item, "' of '", text(name),
            "' as a finite number (expected a comma-separated list)");
    values.push_back(value);
  }
  require_count(values.size(), minimum_count, name);
  return values;
}

std::vector<std::pair<std::string, ParameterValue>> Parameters::values() const {
  std::vector<std::pair<std::string, ParameterValue>> out;
  for (std::size_t i = 0; i < specs_.size(); ++i) out.emplace_back(specs_[i].name, values_[i]);
  return out;
}

std::pair<std::string, std::string> split_assignment(std::string_view assignment) {
  const auto equals = assignment.find('=');
  require(equals != std::string_view::npos && equals > 0, "expected KEY=VALUE, got '", assignment, "'");
  return {std::string(assignment.substr(0, equals)), std::string(assignment.substr(equals + 1))};
}

std::string to_text(const ParameterValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else {
          return fmt::format("{}", v);
        }
      },
      value);
}

}  // namespace hopfield::experiments
