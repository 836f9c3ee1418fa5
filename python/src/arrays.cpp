#include "arrays.hpp"

#include <string>

#include "hopfield/error.hpp"

namespace hopfield::python {

namespace {

// A C-contiguous float64 array of `array`: the array itself when it already is one, else one converted copy.
py::array contiguous_doubles(const py::handle& array, const char* what) {
  using Doubles = py::array_t<double, py::array::c_style | py::array::forcecast>;
  if (py::isinstance<Doubles>(array)) return py::reinterpret_borrow<py::array>(array);  // the fast path
  // The messages are built only on failure: a type name or dtype as text costs microseconds.
  if (!py::isinstance<py::array>(array) && !py::isinstance<py::sequence>(array))
    throw Error(detail::concat(what, ": expected a numpy array (or a nested sequence of numbers), got a ",
                               std::string(py::str(py::type::handle_of(array).attr("__name__")))));
  auto converted = py::array::ensure(array);
  require(bool(converted), what, ": cannot be read as a numeric array");
  const char kind = converted.dtype().kind();
  if (kind != 'f' && kind != 'i' && kind != 'u' && kind != 'b')
    throw Error(detail::concat(what, ": dtype ", std::string(py::str(converted.dtype())),
                               " is not a real number type (float, int or bool)"));
  return Doubles::ensure(converted);
}

}  // namespace

ItemsView items_view(const py::handle& array, const char* what) {
  py::array doubles = contiguous_doubles(array, what);
  const auto rank = doubles.ndim();
  require(rank == 1 || rank == 2, what, ": expected shape (count, dimension) or (dimension,), got ", rank,
          " dimensions");
  const Index count = rank == 2 ? doubles.shape(0) : 1;
  const Index dimension = rank == 2 ? doubles.shape(1) : doubles.shape(0);
  const auto* data = static_cast<const double*>(doubles.data());
  return {doubles, Eigen::Map<const Matrix>(data, dimension, count), rank == 1};
}

ItemsView matrix_view(const py::handle& array, const char* what) {
  py::array doubles = contiguous_doubles(array, what);
  require(doubles.ndim() == 2, what, ": expected a two-dimensional array, got ", doubles.ndim(),
          " dimensions");
  const auto* data = static_cast<const double*>(doubles.data());
  // Row-major (rows, cols) is the column-major cols x rows matrix: its transpose.
  return {doubles, Eigen::Map<const Matrix>(data, doubles.shape(1), doubles.shape(0)), false};
}

py::array items_array(Matrix&& matrix, bool vector) {
  auto* heap = new Matrix(std::move(matrix));
  py::capsule owner(heap, [](void* pointer) { delete static_cast<Matrix*>(pointer); });
  const auto item = static_cast<py::ssize_t>(sizeof(double));
  if (vector) return py::array_t<double>({heap->rows()}, {item}, heap->data(), owner);
  return py::array_t<double>({heap->cols(), heap->rows()}, {heap->rows() * item, item}, heap->data(), owner);
}

py::array square_array(Matrix&& matrix) {
  // Column-major rows x cols read as row-major is the transpose: transposed in place first, so the array
  // holds the matrix's own (i, j) entries (O(N²), small beside computing the matrix).
  matrix.transposeInPlace();
  return items_array(std::move(matrix));
}

}  // namespace hopfield::python
