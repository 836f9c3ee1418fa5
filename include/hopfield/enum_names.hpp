// Names of enum values, both ways, from one table per enum: the name printed for a value and the value
// parsed from a name can never disagree.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "hopfield/error.hpp"

namespace hopfield {

template <typename Enum>
struct EnumName {
  Enum value;
  std::string_view name;
};

/// The first name the table gives `value` ("unknown" if none).
template <typename Enum, std::size_t Count>
constexpr std::string_view enum_name(const std::array<EnumName<Enum>, Count>& names, Enum value) {
  for (const auto& entry : names)
    if (entry.value == value) return entry.name;
  return "unknown";
}

/// The value named `name` in the table; otherwise hopfield::Error "unknown <what> '<name>'; expected a, b or
/// c".
template <typename Enum, std::size_t Count>
Enum enum_from_name(const std::array<EnumName<Enum>, Count>& names, std::string_view name,
                    std::string_view what) {
  std::string expected;
  for (std::size_t k = 0; k < Count; ++k) {
    if (names[k].name == name) return names[k].value;
    expected += std::string(k == 0 ? "" : (k + 1 == Count ? " or " : ", ")) + std::string(names[k].name);
  }
  throw Error(detail::concat("unknown ", what, " '", name, "'; expected ", expected));
}

}  // namespace hopfield
