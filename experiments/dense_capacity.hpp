// dense-capacity's search, exposed for the tests: the success rate of the capacity protocol at one p.
#pragma once

#include <cstdint>
#include <vector>

#include "hopfield/types.hpp"

namespace hopfield::experiments {

struct DenseCapacitySearch {
  Index neurons = 0;
  double corruption = 0.0;
  Index trials = 0;
  Index probes = 0;
  double threshold = 0.0;
  Index max_patterns = 0;
  std::uint64_t seed = 0;
  /// The smallest p × N whose trials run in parallel; smaller cells stay serial, where a parallel region
  /// costs more than it saves.
  Index parallel_work = 16384;
};

/// Probes recalled exactly in each trial at p stored patterns, with F(x) = x^degree or, when `classical`,
/// the Hebb network on the same patterns and probes.
std::vector<std::int64_t> dense_trial_successes(const DenseCapacitySearch& search, Index p, int degree,
                                                bool classical);

}  // namespace hopfield::experiments
