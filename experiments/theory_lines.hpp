// The theory curves the capacity experiments draw on their figures, from the formulas of
// hopfield/capacity_theory.hpp: the bit accuracy of the Amit–Gutfreund–Sompolinsky retrieval state and its
// capacity α_c N (classical-capacity, capacity-comparison), and the Krotov–Hopfield capacity of the
// polynomial dense memory (dense-capacity, capacity-comparison). A series labelled "theory: …" is drawn
// dashed by scripts/plot_figures.py.
#pragma once

#include <optional>
#include <vector>

#include "hopfield/types.hpp"
#include "result.hpp"

namespace hopfield::experiments {

/// (1 + m(α))/2, the bit accuracy of the replica-symmetric retrieval state at α; none at α ≥ α_c, where
/// there is no retrieval state.
std::optional<double> ags_bit_accuracy(double alpha);

/// Against p = α N for p in [0, min(α_c N, largest_p)]: the curve (1 + m(p/N))/2, then, when α_c N ≤
/// largest_p, the vertical line p = α_c N over accuracies 0.5 … 1.
std::vector<Series> ags_accuracy_lines(Index neurons, double largest_p);

/// The Krotov–Hopfield capacity N^(n−1) / (2 (2n−3)!! ln N) of F(x) = x^n at whole N on a geometric grid
/// from `smallest` to `largest` (both ≥ 2).
Series krotov_hopfield_line(Index smallest, Index largest, int degree);

}  // namespace hopfield::experiments
