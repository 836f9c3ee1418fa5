#include "reference_values.hpp"

#include <map>

namespace hopfield::experiments::reference::classical_capacity {

std::optional<double> accuracy(Index p) {
  static const std::map<Index, double> table = {{10, 0.986}, {13, 0.95},  {15, 0.915},
                                                {20, 0.837}, {25, 0.734}, {30, 0.712}};
  if (p >= 1 && p <= 9) return 1.0;
  const auto found = table.find(p);
  return found == table.end() ? std::nullopt : std::optional<double>(found->second);
}

}  // namespace hopfield::experiments::reference::classical_capacity

namespace hopfield::experiments::reference::mnist {

std::optional<double> pseudoinverse_exact_fraction(Index p) {
  static const std::map<Index, double> table = {{10, 1.0},   {100, 1.0},  {150, 0.97},
                                                {200, 0.32}, {250, 0.01}, {300, 0.0}};
  const auto found = table.find(p);
  return found == table.end() ? std::nullopt : std::optional<double>(found->second);
}

}  // namespace hopfield::experiments::reference::mnist
