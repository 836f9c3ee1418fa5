// hopfield._core: scaled dot-product attention and multi-head attention, in the row convention of numpy and
// PyTorch: queries (B, d_k), keys (p, d_k), values (p, d_v) -> (B, d_v) = softmax(scale · Q Kᵀ) V. These are
// the library's column matrices Q: d_k x B, K: d_k x p, V: d_v x p, byte for byte.
#include <pybind11/stl.h>

#include <cmath>
#include <optional>
#include <vector>

#include "arrays.hpp"
#include "hopfield/attention.hpp"
#include "hopfield/error.hpp"

namespace hopfield::python {

namespace {

// A (B, p) boolean array (True: the query attends to the key) as the library's p x B mask.
AttentionMask attention_mask(const py::handle& mask) {
  using Flags = py::array_t<bool, py::array::c_style | py::array::forcecast>;
  const auto flags = Flags::ensure(mask);
  require(bool(flags) && flags.ndim() == 2, "mask: expected a two-dimensional (queries, keys) boolean array");
  return Eigen::Map<const AttentionMask>(flags.data(), flags.shape(1), flags.shape(0));
}

template <typename Scalar>
using Items = py::array_t<Scalar, py::array::c_style | py::array::forcecast>;

// The rows of `array` as the columns of a matrix of Scalar: a C-contiguous array of Scalar in place, any
// other converted once; `owner` keeps the memory alive.
template <typename Scalar>
struct Columns {
  Items<Scalar> owner;
  Eigen::Map<const kernels::MatrixOf<Scalar>> columns;
};

template <typename Scalar>
Columns<Scalar> columns_of(const py::handle& array, const char* what) {
  auto items = Items<Scalar>::ensure(array);
  require(bool(items) && items.ndim() == 2, what, ": expected a two-dimensional (items, width) array");
  const Scalar* data = items.data();
  const Index width = items.shape(1), count = items.shape(0);
  return {std::move(items), Eigen::Map<const kernels::MatrixOf<Scalar>>(data, width, count)};
}

template <typename Scalar>
py::array attend(const py::handle& queries, const py::handle& keys, const py::handle& values,
                 const AttentionOptions& options) {
  const auto q = columns_of<Scalar>(queries, "queries");
  const auto k = columns_of<Scalar>(keys, "keys");
  const auto v = columns_of<Scalar>(values, "values");
  auto* out = new kernels::MatrixOf<Scalar>();
  py::capsule owner(out, [](void* pointer) { delete static_cast<kernels::MatrixOf<Scalar>*>(pointer); });
  {
    py::gil_scoped_release release;
    *out = scaled_dot_product_attention<Scalar>(q.columns, k.columns, v.columns, options);
  }
  const auto item = static_cast<py::ssize_t>(sizeof(Scalar));
  return py::array_t<Scalar>({out->cols(), out->rows()}, {out->rows() * item, item}, out->data(), owner);
}

bool is_float32(const py::handle& array) {
  if (!py::isinstance<py::array>(array)) return false;
  const py::dtype type = py::reinterpret_borrow<py::array>(array).dtype();
  return type.kind() == 'f' && type.itemsize() == 4;
}

py::array attention(const py::handle& queries, const py::handle& keys, const py::handle& values,
                    const std::optional<double>& scale, const py::object& mask) {
  AttentionOptions options;
  if (scale) {
    require(std::isfinite(*scale) && *scale > 0.0, "attention: scale must be finite and > 0, got ", *scale);
    options.scale = *scale;
  }
  if (!mask.is_none()) options.mask = attention_mask(mask);
  if (is_float32(queries) && is_float32(keys) && is_float32(values))
    return attend<float>(queries, keys, values, options);
  return attend<double>(queries, keys, values, options);
}

std::vector<Matrix> projections(const std::vector<py::array>& arrays, const char* what) {
  std::vector<Matrix> matrices;
  for (const auto& array : arrays) matrices.emplace_back(matrix_view(array, what).columns.transpose());
  return matrices;
}

}  // namespace

void bind_attention(py::module_& module) {
  module.def("attention", &attention, py::arg("queries"), py::arg("keys"), py::arg("values"),
             py::arg("scale") = py::none(), py::arg("mask") = py::none(),
             "softmax(scale · Q Kᵀ) V for queries (B, d_k), keys (p, d_k), values (p, d_v) -> (B, d_v). "
             "scale defaults to 1/√d_k. mask: (B, p) booleans, False hides a key from a query. float32 when "
             "all three arrays are float32, else float64.");
  py::class_<MultiHeadAttention>(
      module, "MultiHeadAttention",
      "Multi-head attention W_O [head_1; …; head_h], head_j = Attention(Q W_Q^jᵀ, K W_K^jᵀ, V W_V^jᵀ) in the "
      "row convention. Projections: W_Q^j, W_K^j (d_k, d_model), W_V^j (d_v, d_model), W_O (d_out, h·d_v).")
      .def(py::init([](const std::vector<py::array>& query, const std::vector<py::array>& key,
                       const std::vector<py::array>& value, const py::array& output) {
             return MultiHeadAttention(projections(query, "query_projections"),
                                       projections(key, "key_projections"),
                                       projections(value, "value_projections"),
                                       matrix_view(output, "output_projection").columns.transpose());
           }),
           py::arg("query_projections"), py::arg("key_projections"), py::arg("value_projections"),
           py::arg("output_projection"))
      .def_static("random", &MultiHeadAttention::random, py::arg("heads"), py::arg("model_width"),
                  py::arg("key_width"), py::arg("value_width"), py::kw_only(), py::arg("seed"),
                  "Random projections with N(0, 1/d_model) entries (W_O: N(0, 1/(h·d_v))), seeded.")
      .def_property_readonly("heads", &MultiHeadAttention::heads)
      .def(
          "__call__",
          [](const MultiHeadAttention& self, const py::handle& queries, const py::handle& keys,
             const py::handle& values, const py::object& mask) {
            AttentionOptions options;
            if (!mask.is_none()) options.mask = attention_mask(mask);
            const auto q = columns_of<double>(queries, "queries");
            const auto k = columns_of<double>(keys, "keys");
            const auto v = columns_of<double>(values, "values");
            Matrix out;
            {
              py::gil_scoped_release release;
              out = self.forward(q.columns, k.columns, v.columns, options);
            }
            return items_array(std::move(out));
          },
          py::arg("queries"), py::arg("keys"), py::arg("values"), py::arg("mask") = py::none(),
          "The forward pass: queries (B, d_model), keys and values (p, d_model) -> (B, d_out).");
}

}  // namespace hopfield::python
