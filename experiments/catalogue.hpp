// The experiments, one factory per file of experiments/. registry.cpp lists them in order.
#pragma once

#include "registry.hpp"

namespace hopfield::experiments {

Experiment classical_retrieval_experiment();
Experiment classical_capacity_experiment();
Experiment modern_retrieval_experiment();
Experiment modern_capacity_experiment();
Experiment attention_equivalence_experiment();
Experiment capacity_comparison_experiment();
Experiment dense_capacity_experiment();
Experiment mnist_hebb_collapse_experiment();
Experiment mnist_spectrum_experiment();
Experiment mnist_centred_experiment();
Experiment mnist_pseudoinverse_capacity_experiment();
Experiment mnist_beta_experiment();
Experiment random_features_phases_experiment();
Experiment random_features_diagram_experiment();
Experiment random_features_paper_experiment();
Experiment classical_critical_capacity_experiment();
Experiment maxcut_gset_experiment();

}  // namespace hopfield::experiments
