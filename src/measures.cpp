#include "hopfield/measures.hpp"

#include "hopfield/error.hpp"

namespace hopfield {
namespace {
void require_same_size(const Vector& a, const Vector& b, const char* what) {
  require(a.size() == b.size(), what, ": vectors differ in dimension (", a.size(), " vs ", b.size(), ")");
  require(a.size() > 0, what, ": vectors are empty");
}
}  // namespace

double overlap(const Vector& a, const Vector& b) {
  require_same_size(a, b, "overlap");
  return a.dot(b) / static_cast<double>(a.size());
}

Index hamming_distance(const Vector& a, const Vector& b) {
  require_same_size(a, b, "hamming_distance");
  return (a.array() != b.array()).count();
}

double bit_accuracy(const Vector& a, const Vector& b) {
  require_same_size(a, b, "bit_accuracy");
  return 1.0 - static_cast<double>(hamming_distance(a, b)) / static_cast<double>(a.size());
}

double cosine_similarity(const Vector& a, const Vector& b) {
  require_same_size(a, b, "cosine_similarity");
  const double norms = a.norm() * b.norm();
  return norms == 0.0 ? 0.0 : a.dot(b) / norms;
}

}  // namespace hopfield
