// hopfield::Error — the one exception type for user errors (bad arguments, bad files, bad values).
// Its message names the argument, the value and what was expected. Internal invariants are asserts.
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace hopfield {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

namespace detail {
template <typename... Parts>
std::string concat(Parts&&... parts) {
  std::ostringstream out;
  (out << ... << std::forward<Parts>(parts));
  return out.str();
}
}  // namespace detail

/// Throws hopfield::Error with the concatenation of `parts` when `condition` is false.
template <typename... Parts>
void require(bool condition, Parts&&... parts) {
  if (!condition) throw Error(detail::concat(std::forward<Parts>(parts)...));
}

}  // namespace hopfield
