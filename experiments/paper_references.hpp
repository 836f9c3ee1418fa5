// The published numbers of the papers whose figures the experiments print beside their own, beside the
// write-ups' numbers of reference_values.hpp: one place for every value of a "paper" column or line.
#pragma once

#include <array>
#include <string_view>

#include "hopfield/types.hpp"

namespace hopfield::experiments::reference {

// Amit, Gutfreund & Sompolinsky (1985, 1987): the retrieval state at the critical capacity.
namespace ags {
inline constexpr double critical_capacity = 0.138;
inline constexpr double overlap_at_capacity = 0.967;
}  // namespace ags

// Kalaj, Lauditi, Perugini, Lucibello, Malatesta & Negri, "Random Features Hopfield Networks generalize
// retrieval to previously unseen examples" (2024): their simulations at N = 8000, α_D = 0.005 (D = 40),
// training examples with L = 3, 10 samples, and their theory of where L-mixtures become stable.
namespace random_features_paper {
inline constexpr std::string_view citation =
    "Kalaj, Lauditi, Perugini, Lucibello, Malatesta & Negri, \"Random Features Hopfield Networks generalize "
    "retrieval to previously unseen examples\" (2024)";
inline constexpr Index neurons = 8000;
inline constexpr double alpha_d = 0.005;
inline constexpr Index train_sparsity = 3;
inline constexpr Index samples = 10;
/// How precisely the published means can be read: ±0.05.
inline constexpr double reading_tolerance = 0.05;
/// Mean final overlap m at α = 10^(k/20) (the α they tabulate, rounded).
struct OverlapRow {
  double alpha;
  double features, train, test_3, test_5, test_7;
};
inline constexpr std::array<OverlapRow, 7> overlaps = {{{0.04, 0.70, 0.32, 0.18, 0.19, 0.14},
                                                        {0.05, 1.00, 0.47, 0.34, 0.30, 0.22},
                                                        {0.14, 1.00, 0.90, 0.75, 0.23, 0.29},
                                                        {0.20, 1.00, 1.00, 1.00, 0.40, 0.26},
                                                        {0.45, 1.00, 1.00, 1.00, 0.93, 0.35},
                                                        {0.56, 1.00, 1.00, 1.00, 1.00, 0.59},
                                                        {0.89, 1.00, 1.00, 1.00, 1.00, 1.00}}};
/// Theory at α_D = 0.005: the α above which mixtures of L features are stable (spinodal lines).
struct StabilityLine {
  Index sparsity;
  double alpha;
};
inline constexpr std::array<StabilityLine, 4> stability = {{{3, 0.204}, {5, 0.432}, {7, 0.782}, {9, 1.40}}};
}  // namespace random_features_paper

}  // namespace hopfield::experiments::reference
