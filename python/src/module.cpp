// hopfield._core: the compiled half of the Python package `hopfield` (the Python half wraps it).
#include <pybind11/pybind11.h>

#include <cstdint>

#include "arrays.hpp"
#include "errors.hpp"

namespace hopfield::python {
void bind_classical(pybind11::module_& module);
void bind_modern(pybind11::module_& module);
void bind_data(pybind11::module_& module);
void bind_experiments(pybind11::module_& module);
void bind_maxcut(pybind11::module_& module);
}  // namespace hopfield::python

PYBIND11_MODULE(_core, module) {
  module.doc() =
      "Compiled core of the `hopfield` package: associative memories (classical, dense, modern Hopfield "
      "networks, attention), generators, data sets, MAX-CUT and the experiment registry. Import `hopfield` "
      "instead.";
  hopfield::python::register_error_translators();
  hopfield::python::bind_classical(module);
  hopfield::python::bind_modern(module);
  hopfield::python::bind_data(module);
  hopfield::python::bind_experiments(module);
  hopfield::python::bind_maxcut(module);
  module.def(
      "_items_address",
      [](const pybind11::handle& array) {
        return reinterpret_cast<std::uintptr_t>(hopfield::python::items_view(array, "array").columns.data());
      },
      pybind11::arg("array"),
      "The address of the memory the library reads for `array` (tests: equal to array.ctypes.data when no "
      "copy was made).");
}
