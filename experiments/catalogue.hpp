// The experiments, one factory per file of experiments/. registry.cpp lists them in order.
#pragma once

#include "registry.hpp"

namespace hopfield::experiments {

Experiment classical_retrieval_experiment();
Experiment classical_capacity_experiment();
Experiment random_features_phases_experiment();
Experiment random_features_diagram_experiment();

}  // namespace hopfield::experiments
