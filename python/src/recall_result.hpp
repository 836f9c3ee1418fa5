// The RecallResult class of the module, shared by every model's recall.
#pragma once

#include <pybind11/pybind11.h>

#include <utility>

#include "arrays.hpp"
#include "hopfield/memory.hpp"

namespace hopfield::python {

/// A RecallResult whose final states are already an array (the probes' shape); `rest` holds the per-probe
/// entries (its states are moved out).
struct PythonRecallResult {
  py::array states;
  RecallResult rest;
};

/// Call with the GIL held.
inline PythonRecallResult to_python(RecallResult&& result, bool vector) {
  py::array states = items_array(std::move(result.states), vector);
  return {std::move(states), std::move(result)};
}

void bind_recall_result(py::module_& module);

/// Defines recall(probes, *, dynamics, max_sweeps, seed, record_energy, threads) and energy(states) on a
/// binary model's class (ClassicalHopfield, DenseAssociativeMemory).
template <typename Model>
void define_binary_recall(py::class_<Model>& model);

}  // namespace hopfield::python
