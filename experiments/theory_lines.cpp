#include "theory_lines.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "hopfield/capacity_theory.hpp"

namespace hopfield::experiments {

std::optional<double> ags_bit_accuracy(double alpha) {
  if (alpha >= ags_critical_capacity()) return std::nullopt;
  return (1.0 + ags_retrieval_overlap(alpha)) / 2.0;
}

std::vector<Series> ags_accuracy_lines(Index neurons, double largest_p) {
  const auto n = static_cast<double>(neurons);
  const double critical_p = ags_critical_capacity() * n;
  const double last = std::min(critical_p, largest_p);
  Series accuracy{.label = "theory: (1 + m)/2 of the AGS retrieval state (N → ∞)",
                  .x = {},
                  .y = {},
                  .y_low = {},
                  .y_high = {}};
  // Up to just below α_c when the sweep reaches it, where m falls steeply (∝ √(α_c − α)) to 0.967.
  const int points = 200;
  for (int k = 0; k <= points; ++k) {
    const double p = last * static_cast<double>(k) / points * (k == points ? 1.0 - 1e-9 : 1.0);
    accuracy.x.push_back(p);
    accuracy.y.push_back(ags_bit_accuracy(p / n).value_or(0.5));
  }
  std::vector<Series> lines = {std::move(accuracy)};
  if (critical_p <= largest_p)
    lines.push_back({.label = fmt::format("theory: α_c N = {:.1f} (AGS)", critical_p),
                     .x = {critical_p, critical_p},
                     .y = {0.5, 1.0},
                     .y_low = {},
                     .y_high = {}});
  return lines;
}

Series krotov_hopfield_line(Index smallest, Index largest, int degree) {
  Series line{.label = fmt::format("theory: n = {}, N^{} / (2 · {}!! · ln N) (Krotov & Hopfield)", degree,
                                   degree - 1, 2 * degree - 3),
              .x = {},
              .y = {},
              .y_low = {},
              .y_high = {}};
  // Whole N on a geometric grid (the formula is for whole networks); a repeated N is drawn once.
  const int points = 40;
  for (int k = 0; k <= points; ++k) {
    const Index n =
        std::max<Index>(2, std::llround(static_cast<double>(smallest) *
                                        std::pow(static_cast<double>(largest) / static_cast<double>(smallest),
                                                 static_cast<double>(k) / points)));
    if (!line.x.empty() && line.x.back() == static_cast<double>(n)) continue;
    line.x.push_back(static_cast<double>(n));
    line.y.push_back(krotov_hopfield_capacity(n, degree));
  }
  return line;
}

}  // namespace hopfield::experiments
