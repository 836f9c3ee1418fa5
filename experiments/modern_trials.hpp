// Shared by modern-capacity and capacity-comparison: one-step retrieval trials of the modern Hopfield network
// on random Gaussian patterns (the random-energy estimate of where retrieval fails is
// random_energy_log_capacity, include/hopfield/capacity_theory.hpp).
#pragma once

#include <cstdint>

#include "hopfield/types.hpp"
#include "progress.hpp"

namespace hopfield::experiments {

struct RetrievalTrials {
  Index dimension = 64;
  Index patterns = 100;
  double beta = 1.0;
  double noise = 0.3;              ///< Gaussian noise std relative to the pattern's rms
  Index probes_per_trial = 100;    ///< distinct stored patterns probed per trial (all when p is smaller)
  Index trials = 5;                ///< fresh patterns every trial
  double cosine_threshold = 0.99;  ///< a probe is "retrieved" when cos(one-step output, target) ≥ this
  int steps = 1;                   ///< updates (1 = single-step attention retrieval)
};

struct RetrievalTally {
  std::int64_t probes = 0;
  std::int64_t retrieved = 0;   ///< cosine with the target ≥ threshold
  std::int64_t identified = 0;  ///< the largest retrieval weight belongs to the target
  double cosine_sum = 0.0;
  double cosine_min = 1.0;
  double retrieved_fraction() const { return probes ? static_cast<double>(retrieved) / probes : 0.0; }
  double identified_fraction() const { return probes ? static_cast<double>(identified) / probes : 0.0; }
  double mean_cosine() const { return probes ? cosine_sum / static_cast<double>(probes) : 0.0; }
};

RetrievalTally run_retrieval_trials(const RetrievalTrials& setup, std::uint64_t seed);

}  // namespace hopfield::experiments
