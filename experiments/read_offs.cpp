#include "read_offs.hpp"

#include <cmath>

#include "hopfield/error.hpp"

namespace hopfield::experiments {

ThresholdReadOff read_off_threshold(const std::vector<double>& x, const std::vector<double>& scores,
                                    double threshold) {
  require(x.size() == scores.size(), "read_off_threshold: ", x.size(), " x values but ", scores.size(),
          " scores");
  ThresholdReadOff read_off;
  std::size_t i = 0;
  for (; i < scores.size() && scores[i] >= threshold; ++i) read_off.last_above = x[i];
  read_off.passing = i;
  if (i == scores.size()) return read_off;
  read_off.first_below = x[i];
  if (i > 0) {
    const double fraction = (scores[i - 1] - threshold) / (scores[i - 1] - scores[i]);
    read_off.crossing = x[i - 1] + fraction * (x[i] - x[i - 1]);
  }
  return read_off;
}

ThresholdReadOff read_off_threshold(const std::vector<Index>& x, const std::vector<double>& scores,
                                    double threshold) {
  const std::vector<double> real_x(x.begin(), x.end());
  return read_off_threshold(real_x, scores, threshold);
}

Index capacity_of(const ThresholdReadOff& read_off) {
  return read_off.last_above ? static_cast<Index>(std::llround(*read_off.last_above)) : 0;
}

}  // namespace hopfield::experiments
