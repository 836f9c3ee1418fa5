// numpy arrays <-> the library's matrices.
//
// Python holds one item (pattern, probe, state) per row: an array of shape (count, dim). The library holds
// one item per column: a dim x count column-major matrix. The two are the same bytes when the array is
// C-contiguous, so a C-contiguous float64 array is viewed in place (no copy); any other array (another dtype,
// a slice with strides, Fortran order) is converted once to a C-contiguous float64 copy. Results travel back
// the same way: a matrix the library returns becomes the array's buffer without a copy.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "hopfield/types.hpp"

namespace hopfield::python {

namespace py = pybind11;

/// The columns view of an array of items as rows. `owner` keeps the viewed memory alive (the caller's array,
/// or the converted copy); `vector` is true when the array was one-dimensional (a single item).
struct ItemsView {
  py::array owner;
  Eigen::Map<const Matrix> columns;
  bool vector = false;
};

/// Views `array` (shape (count, dim), or (dim,) for one item) as a dim x count matrix. Throws hopfield::Error
/// naming `what` for an array that is not one- or two-dimensional or not numeric.
ItemsView items_view(const py::handle& array, const char* what);

/// Like items_view for a two-dimensional array seen as its own matrix (shape (rows, cols) -> rows x cols),
/// as a weight matrix is: symmetric matrices are their own transpose, others are transposed by the caller.
ItemsView matrix_view(const py::handle& array, const char* what);

/// `matrix` (dim x count) as an array of items as rows, shape (count, dim), or (dim,) when `vector`; the
/// matrix is moved into the array's buffer (no copy).
py::array items_array(Matrix&& matrix, bool vector = false);

/// A square matrix as the (rows, cols) array of its own entries.
py::array square_array(Matrix&& matrix);

template <typename T>
py::array_t<T> vector_array(std::vector<T>&& values) {
  auto* heap = new std::vector<T>(std::move(values));
  py::capsule owner(heap, [](void* pointer) { delete static_cast<std::vector<T>*>(pointer); });
  return py::array_t<T>(static_cast<py::ssize_t>(heap->size()), heap->data(), owner);
}

}  // namespace hopfield::python
