// hopfield._nn: the numpy-level kernels under hopfield.nn's PyTorch layers — the softmax retrieval that also
// returns the per-query log-sum-exp, and its fused backward (hopfield/attention_gradients.hpp), over a batch
// of G independent memories (one per batch element and head). Arrays are C-ordered (G, rows, d): each
// (rows, d) slice is the library's column-major d x rows matrix, so nothing is copied.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>

#include "hopfield/attention_gradients.hpp"
#include "hopfield/error.hpp"
#include "hopfield/parallel.hpp"

namespace py = pybind11;

namespace hopfield {
namespace {

template <typename Scalar>
using Array = py::array_t<Scalar, py::array::c_style>;

// The (rows, d) slice g of a C-ordered (G, rows, d) array as a d x rows column-major view.
template <typename Scalar>
ConstMatrixMap<Scalar> slice(const Array<Scalar>& a, py::ssize_t g) {
  return ConstMatrixMap<Scalar>(a.data() + g * a.shape(1) * a.shape(2), a.shape(2), a.shape(1));
}
template <typename Scalar>
MatrixMap<Scalar> mutable_slice(Array<Scalar>& a, py::ssize_t g) {
  return MatrixMap<Scalar>(a.mutable_data() + g * a.shape(1) * a.shape(2), a.shape(2), a.shape(1));
}

template <typename Scalar>
void check_batch(const Array<Scalar>& a, int dims, py::ssize_t groups, const char* what) {
  require(a.ndim() == dims, what, ": ", a.ndim(), " dimensions; expected ", dims);
  require(a.shape(0) == groups, what, ": ", a.shape(0), " memories in the first dimension; expected ", groups,
          " like the queries");
}

// Over the G memories: in parallel across memories when there are several (each one single-threaded),
// else across the one memory's panels or blocks. Either way the numbers do not depend on the thread count.
template <typename Work>
void for_each_memory(py::ssize_t groups, int threads, Work&& work) {
  py::gil_scoped_release release;
  run_in_parallel(
      groups, [&](Index g) { work(g, groups > 1 ? 1 : threads); }, threads);
}

template <typename Scalar>
RetrievalInputs<Scalar> inputs_of(const Array<Scalar>& q, const Array<Scalar>& k, const Array<Scalar>& v,
                                  const Array<Scalar>& beta, py::ssize_t g) {
  return {slice(q, g), slice(k, g), slice(v, g), beta.data()[g]};
}

template <typename Scalar>
void check_memories(const Array<Scalar>& q, const Array<Scalar>& k, const Array<Scalar>& v,
                    const Array<Scalar>& beta) {
  require(q.ndim() == 3, "queries: ", q.ndim(), " dimensions; expected 3 (memories, queries, key dimension)");
  check_batch(k, 3, q.shape(0), "keys");
  check_batch(v, 3, q.shape(0), "values");
  check_batch(beta, 1, q.shape(0), "beta");
}

template <typename Scalar>
py::tuple retrieve(const Array<Scalar>& q, const Array<Scalar>& k, const Array<Scalar>& v,
                   const Array<Scalar>& beta, int threads) {
  check_memories(q, k, v, beta);
  check_thread_count(threads, "threads");
  const py::ssize_t groups = q.shape(0), batch = q.shape(1);
  Array<Scalar> out({groups, batch, v.shape(2)}), lse({groups, batch});
  for_each_memory(groups, threads, [&](Index g, int inner) {
    retrieve_with_log_normaliser(inputs_of(q, k, v, beta, g), mutable_slice(out, g),
                                 RowMap<Scalar>(lse.mutable_data() + g * batch, batch), inner);
  });
  return py::make_tuple(out, lse);
}

template <typename Scalar>
py::tuple retrieve_backward(const Array<Scalar>& q, const Array<Scalar>& k, const Array<Scalar>& v,
                            const Array<Scalar>& beta, const Array<Scalar>& out, const Array<Scalar>& lse,
                            const Array<Scalar>& out_grad, int threads) {
  check_memories(q, k, v, beta);
  check_thread_count(threads, "threads");
  const py::ssize_t groups = q.shape(0), batch = q.shape(1);
  check_batch(out, 3, groups, "out");
  check_batch(lse, 2, groups, "log_normaliser");
  check_batch(out_grad, 3, groups, "out_grad");
  require(lse.shape(1) == batch, "log_normaliser: ", lse.shape(1), " entries per memory; expected ", batch);
  Array<Scalar> dq({groups, batch, q.shape(2)}), dk({groups, k.shape(1), k.shape(2)}),
      dv({groups, v.shape(1), v.shape(2)}), dbeta(groups);
  for_each_memory(groups, threads, [&](Index g, int inner) {
    RetrievalGradients<Scalar> gradients{mutable_slice(dq, g), mutable_slice(dk, g), mutable_slice(dv, g)};
    retrieval_backward(inputs_of(q, k, v, beta, g), slice(out, g),
                       ConstRowMap<Scalar>(lse.data() + g * batch, batch), slice(out_grad, g), gradients,
                       inner);
    dbeta.mutable_data()[g] = gradients.beta;
  });
  return py::make_tuple(dq, dk, dv, dbeta);
}

template <typename Scalar>
void define(py::module_& m) {
  m.def("retrieve", &retrieve<Scalar>, py::arg("queries").noconvert(), py::arg("keys").noconvert(),
        py::arg("values").noconvert(), py::arg("beta").noconvert(), py::arg("threads") = 0,
        "out = softmax(beta q kᵀ) v and the per-query log-sum-exp of beta q kᵀ, per memory g.\n"
        "queries (G, B, d_k), keys (G, p, d_k), values (G, p, d_v), beta (G,); returns out (G, B, d_v) and\n"
        "log_normaliser (G, B). float32 runs the fused kernel, float64 the exact path.");
  m.def("retrieve_backward", &retrieve_backward<Scalar>, py::arg("queries").noconvert(),
        py::arg("keys").noconvert(), py::arg("values").noconvert(), py::arg("beta").noconvert(),
        py::arg("out").noconvert(), py::arg("log_normaliser").noconvert(), py::arg("out_grad").noconvert(),
        py::arg("threads") = 0,
        "Gradients (dq, dk, dv, dbeta) of a loss given out_grad = dL/dout, recomputing the scores block by\n"
        "block from the saved log-sum-exp (no (B, p) matrix is formed).");
}

}  // namespace
}  // namespace hopfield

PYBIND11_MODULE(_nn, m) {
  m.doc() = "Fused softmax retrieval and its backward pass, the kernels of hopfield.nn.";
  // Local to this module: a global translator would take hopfield::Error from every module, and the package's
  // own (_core) translates its subclasses (a missing data set, a file error) more precisely.
  py::register_local_exception_translator([](std::exception_ptr failure) {
    try {
      if (failure) std::rethrow_exception(failure);
    } catch (const hopfield::Error& error) {
      PyErr_SetString(PyExc_ValueError, error.what());
    }
  });
  hopfield::define<float>(m);
  hopfield::define<double>(m);
}
