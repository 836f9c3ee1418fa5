// The two write-ups the experiments reproduce, and the numbers they report: one place for every figure that
// appears in a table's "seed" column. A "seed" column holds the value the write-up reports for that row, and
// is empty (null in JSON) where the write-up gives none.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "hopfield/types.hpp"

namespace hopfield::experiments::reference {

/// How `hopfield list` and the sources of the experiments cite the two write-ups.
inline constexpr std::string_view from_scratch_series =
    "the final part of a three-part series on Hopfield networks implemented from scratch in PyTorch (its "
    "retrieval, capacity, modern-network and attention-equivalence results)";
inline constexpr std::string_view spin_glass_to_attention =
    "the condensed write-up of Mathias, \"Hopfield Networks — From Spin Glass to Attention\" (ki-mathias.de)";

/// The meaning of a table's "seed" column, said once in `hopfield list`.
inline constexpr std::string_view seed_column_meaning =
    "A 'seed' column holds the value the write-up reports for that row, and is empty (null in JSON) where "
    "the write-up gives none.";

// From-scratch series, "Classical Hopfield: Retrieval Accuracy": 7 patterns, N = 100, 25 bits flipped.
namespace classical_retrieval {
inline constexpr std::int64_t bit_errors = 0;
inline constexpr std::string_view sweeps = "2-3";
inline constexpr std::string_view energy_corrupted = "~ -11";
inline constexpr std::string_view energy_final = "~ -48";
inline constexpr std::string_view recovered = "7 of 7";
inline constexpr std::string_view all_recovered = "yes";
}  // namespace classical_retrieval

// From-scratch series, "Classical Hopfield: Storage Capacity": N = 100, 20 % of bits flipped, 5 trials.
namespace classical_capacity {
inline constexpr Index neurons = 100;
inline constexpr Index flips = 20;
inline constexpr Index capacity = 13;           ///< "~95 % (threshold)" at p = 13
inline constexpr double capacity_ratio = 0.13;  ///< P/N
inline constexpr double theory_ratio = 0.138;   ///< Amit, Gutfreund & Sompolinsky (1985)
/// The mean bit accuracy the write-up reports at p (1.0 for p = 1 … 9), none where it gives none.
std::optional<double> accuracy(Index p);
}  // namespace classical_capacity

// From-scratch series, "Modern Hopfield: Continuous Retrieval" and "Modern Hopfield: Exponential Capacity".
namespace modern {
inline constexpr double retrieval_cosine = 1.0;   ///< "1.0000 (four decimal places)" for all 10 queries
inline constexpr double capacity_accuracy = 1.0;  ///< "100 %" for every p = 5 … 500
}  // namespace modern

// From-scratch series, "Attention Equivalence: Numerical Proof".
namespace attention {
inline constexpr double max_difference = 0.0;
inline constexpr double mean_difference = 0.0;
inline constexpr double cosine = 0.9999999404;
inline constexpr bool identical = true;
}  // namespace attention

// From-scratch series, "Capacity Comparison: The Full Picture" (classical N = 100, modern d = 64).
namespace comparison {
inline constexpr std::string_view classical_network = "N = 100";
inline constexpr std::string_view modern_network = "d = 64";
inline constexpr std::int64_t classical_max_patterns = 30;
inline constexpr std::int64_t modern_max_patterns = 500;
inline constexpr std::string_view classical_at_capacity = "~95%";
inline constexpr std::string_view modern_retrieved = "100%";
inline constexpr std::string_view classical_capacity = "~13";
inline constexpr std::string_view modern_capacity = ">= 500";
inline constexpr std::string_view classical_theory = "~14";
inline constexpr std::string_view modern_theory = "~10^13";
inline constexpr double modern_theory_value = 1e13;  ///< the same, as a number for figures
inline constexpr std::string_view classical_scaling = "Linear O(N)";
inline constexpr std::string_view modern_scaling = "Exponential O(exp(d))";
}  // namespace comparison

// Spin-glass-to-attention write-up, the pseudoinverse capacity on MNIST: 10 % of the pixels flipped.
namespace mnist {
/// The fraction of noisy probes the pseudoinverse rule recalls exactly at p stored digits (p = 10, 100, 150,
/// 200, 250, 300), none for any other p.
std::optional<double> pseudoinverse_exact_fraction(Index p);
}  // namespace mnist

}  // namespace hopfield::experiments::reference
