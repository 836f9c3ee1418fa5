// Threshold read-offs of a measured curve: where a score (accuracy, fraction retrieved, success rate)
// measured at increasing x (stored patterns p, a load α) crosses a level. Every experiment that reports a
// capacity reads it off with these, so "capacity" means the same thing everywhere.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "hopfield/types.hpp"

namespace hopfield::experiments {

/// A curve of scores at increasing x read against a threshold, from the left.
struct ThresholdReadOff {
  /// The number of leading points at or above the threshold: points 0 … passing − 1 all reach it.
  std::size_t passing = 0;
  /// The largest x such that every point up to it reaches the threshold (the capacity); none when even the
  /// first point falls below.
  std::optional<double> last_above;
  /// The next x, the first below the threshold; none when every point reaches it.
  std::optional<double> first_below;
  /// Where the straight line between those two points crosses the threshold, when both exist.
  std::optional<double> crossing;
};

/// Reads `scores` (at `x`, increasing; the same length) against `threshold`: a point passes when its score
/// is at or above the threshold.
ThresholdReadOff read_off_threshold(const std::vector<double>& x, const std::vector<double>& scores,
                                    double threshold);

/// The same for integer x (stored-pattern counts).
ThresholdReadOff read_off_threshold(const std::vector<Index>& x, const std::vector<double>& scores,
                                    double threshold);

/// The capacity as a count: the largest p with every p' ≤ p passing, 0 when none does.
Index capacity_of(const ThresholdReadOff& read_off);

}  // namespace hopfield::experiments
