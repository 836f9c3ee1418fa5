#include "parameters.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include <unistd.h>

#include "hopfield/error.hpp"

namespace hopfield::experiments {

Parameters::Parameters(std::vector<ParameterSpec> specs) : specs_(std::move(specs)) {
  for (auto& spec : specs_) {
    // A seed declared the older way (an int64 default) takes the full unsigned 64-bit range too.
    if (const auto* seed = std::get_if<std::int64_t>(&spec.default_value); seed && spec.name == "seed") {
      spec.default_value = static_cast<std::uint64_t>(*seed);
      spec.parse = [](std::string_view text) {
        return parse_integer(text, true, 0, std::numeric_limits<std::uint64_t>::max());
      };
    }
    values_.push_back(spec.default_value);
  }
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
  const std::size_t index = index_of(name);
  const ParameterSpec& spec = specs_[index];
  try {
    if (spec.parse) {
      values_[index] = spec.parse(text);
    } else if (std::holds_alternative<std::int64_t>(spec.default_value)) {
      values_[index] = parse_integer(text, false, std::numeric_limits<std::int64_t>::min(),
                                     std::numeric_limits<std::int64_t>::max());
    } else if (std::holds_alternative<double>(spec.default_value)) {
      values_[index] =
          parse_real(text, std::numeric_limits<double>::lowest(), std::numeric_limits<double>::max());
    } else if (std::holds_alternative<bool>(spec.default_value)) {
      values_[index] = parse_flag(text);
    } else {
      values_[index] = std::string(text);
    }
  } catch (const Error& error) {
    throw Error(fmt::format("parameter '{}': {}", name, error.what()));
  }
}

const ParameterValue& Parameters::value(std::string_view name) const {
  return values_[index_of(name)];
}

std::int64_t Parameters::integer(std::string_view name) const {
  return std::get<std::int64_t>(value(name));
}

double Parameters::real(std::string_view name) const {
  const auto& stored = value(name);
  if (const auto* integer_value = std::get_if<std::int64_t>(&stored))
    return static_cast<double>(*integer_value);
  return std::get<double>(stored);
}

const std::string& Parameters::text(std::string_view name) const {
  return std::get<std::string>(value(name));
}

bool Parameters::flag(std::string_view name) const {
  return std::get<bool>(value(name));
}

std::uint64_t Parameters::seed() const {
  return std::get<std::uint64_t>(value("seed"));
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

std::vector<std::int64_t> positive_integer_list(std::string_view name, const std::string& text,
                                                std::size_t minimum_count) {
  std::vector<std::int64_t> values;
  for (const auto& item : list_items(text)) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), value);
    require(!item.empty() && error == std::errc() && end == item.data() + item.size() && value > 0,
            "parameter '", name, "': cannot read '", item, "' of '", text,
            "' as a positive integer (expected a comma-separated list)");
    values.push_back(value);
  }
  require_count(values.size(), minimum_count, name);
  return values;
}

std::vector<double> real_list(std::string_view name, const std::string& text, std::size_t minimum_count) {
  std::vector<double> values;
  for (const auto& item : list_items(text)) {
    char* end = nullptr;
    const double value = std::strtod(item.c_str(), &end);
    require(!item.empty() && end == item.c_str() + item.size() && std::isfinite(value), "parameter '", name,
            "': cannot read '", item, "' of '", text,
            "' as a finite number (expected a comma-separated list)");
    values.push_back(value);
  }
  require_count(values.size(), minimum_count, name);
  return values;
}

std::vector<std::int64_t> Parameters::positive_integers(std::string_view name,
                                                        std::size_t minimum_count) const {
  return positive_integer_list(name, text(name), minimum_count);
}

std::vector<double> Parameters::reals(std::string_view name, std::size_t minimum_count) const {
  return real_list(name, text(name), minimum_count);
}

std::vector<std::pair<std::string, ParameterValue>> Parameters::values() const {
  std::vector<std::pair<std::string, ParameterValue>> out;
  for (std::size_t i = 0; i < specs_.size(); ++i) out.emplace_back(specs_[i].name, values_[i]);
  return out;
}

ParameterValue parse_integer(std::string_view text, bool is_unsigned, std::int64_t min, std::uint64_t max) {
  const auto expected = [&] {
    return fmt::format("expected an integer from {} to {}, got '{}'", min, max, text);
  };
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (is_unsigned) {
    std::uint64_t parsed = 0;
    const auto [end, error] = std::from_chars(first, last, parsed);
    require(!text.empty() && error == std::errc() && end == last, expected());
    require(parsed >= static_cast<std::uint64_t>(std::max<std::int64_t>(min, 0)) && parsed <= max,
            expected());
    return parsed;
  }
  std::int64_t parsed = 0;
  const auto [end, error] = std::from_chars(first, last, parsed);
  require(!text.empty() && error == std::errc() && end == last, expected());
  require(parsed >= min && (parsed < 0 || static_cast<std::uint64_t>(parsed) <= max), expected());
  return parsed;
}

ParameterValue parse_real(std::string_view text, double min, double max) {
  const std::string copy(text);
  char* end = nullptr;
  const double parsed = std::strtod(copy.c_str(), &end);
  const bool bounded =
      min != std::numeric_limits<double>::lowest() || max != std::numeric_limits<double>::max();
  require(!copy.empty() && end == copy.c_str() + copy.size() && std::isfinite(parsed) && parsed >= min &&
              parsed <= max,
          bounded ? fmt::format("expected a number from {} to {}, got '{}'", min, max, text)
                  : fmt::format("expected a finite number, got '{}'", text));
  return parsed;
}

ParameterValue parse_flag(std::string_view text) {
  if (text == "true" || text == "1" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "0" || text == "no" || text == "off") return false;
  throw Error(fmt::format("expected true or false, got '{}'", text));
}

void require_default_in_range(const std::string& name, bool inside) {
  require(inside, "parameter '", name, "': the declared default lies outside the declared range");
}

double physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return 1e15;
  return static_cast<double>(pages) * static_cast<double>(page_size);
}

void require_memory(std::string_view parameter, std::int64_t value, double bytes, std::string_view what) {
  const double available = physical_memory_bytes();
  require(bytes <= available, "parameter '", parameter, "' = ", value, " needs about ",
          fmt::format("{:.3g}", bytes / 1e9), " GB for ", what, ", more than this machine's ",
          fmt::format("{:.3g}", available / 1e9), " GB of memory");
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
