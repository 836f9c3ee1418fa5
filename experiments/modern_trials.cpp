#include "modern_trials.hpp"

#include <cmath>
#include <numeric>

#include "capacity_protocol.hpp"
#include "hopfield/corruption.hpp"
#include "hopfield/measures.hpp"
#include "hopfield/modern.hpp"
#include "hopfield/patterns.hpp"
#include "hopfield/random.hpp"

namespace hopfield::experiments {

RetrievalTally run_retrieval_trials(const RetrievalTrials& setup, std::uint64_t seed) {
  RetrievalTally tally;
  for (Index t = 0; t < setup.trials; ++t) {
    const std::uint64_t trial_seed = derive_seed(seed, static_cast<std::uint64_t>(t));
    const Matrix patterns = gaussian_patterns(setup.dimension, setup.patterns, derive_seed(trial_seed, 0));
    std::vector<std::int64_t> targets;
    if (setup.patterns <= setup.probes_per_trial) {
      targets.resize(static_cast<std::size_t>(setup.patterns));
      std::iota(targets.begin(), targets.end(), 0);
    } else {
      Rng rng(derive_seed(trial_seed, 1));
      targets = rng.sample_without_replacement(setup.patterns, setup.probes_per_trial);
    }
    Matrix clean(setup.dimension, static_cast<Index>(targets.size()));
    for (std::size_t k = 0; k < targets.size(); ++k)
      clean.col(static_cast<Index>(k)) = patterns.col(targets[k]);
    const Matrix probes = add_gaussian_noise(clean, setup.noise, derive_seed(trial_seed, 2));
    const ModernHopfield memory(patterns, setup.beta);
    ModernRecallOptions options;
    options.max_sweeps = setup.steps;
    const Matrix scores = patterns.transpose() * probes;  // argmax of the weights = argmax of the scores
    recall_and_score(memory, probes, options, [&](Index k, const auto& recalled) {
      const double cosine = cosine_similarity(recalled, clean.col(k));
      Index best = 0;
      scores.col(k).maxCoeff(&best);
      ++tally.probes;
      tally.retrieved += cosine >= setup.cosine_threshold;
      tally.identified += best == targets[static_cast<std::size_t>(k)];
      tally.cosine_sum += cosine;
      tally.cosine_min = std::min(tally.cosine_min, cosine);
    });
  }
  return tally;
}

}  // namespace hopfield::experiments
