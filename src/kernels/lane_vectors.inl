// The compiler's vector types over the lanes of the replica-parallel MAX-CUT kernels
// (bifurcation_kernels.inl, thermal_kernels.inl): included once per instruction set, so each unit's flags
// choose the instructions (SSE2, AVX2, AVX-512, WebAssembly SIMD) while every lane performs the same
// operations in the same order on all of them. Included by both, once per unit.
#pragma once

// GCC notes where a vector type wider than the unit's registers is passed by value (-Wpsabi), which only
// matters across translation units; these helpers are inline and file-local. The note is emitted at the end
// of the unit, so the setting stays for the rest of it.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace lanes {

typedef std::int16_t Shorts16 __attribute__((vector_size(32)));  // NOLINT(modernize-use-using)
typedef std::int16_t Shorts8 __attribute__((vector_size(16)));   // NOLINT(modernize-use-using)
typedef std::int32_t Ints8 __attribute__((vector_size(32)));     // NOLINT(modernize-use-using)
typedef std::uint32_t Words8 __attribute__((vector_size(32)));   // NOLINT(modernize-use-using)
typedef float Floats8 __attribute__((vector_size(32)));          // NOLINT(modernize-use-using)

template <typename Vector, typename Element>
inline Vector load(const Element* from) {
  Vector v;
  std::memcpy(&v, from, sizeof v);
  return v;
}

template <typename Vector, typename Element>
inline void store(Element* to, const Vector& v) {
  std::memcpy(to, &v, sizeof v);
}

// Whether any bit of v is set (a comparison's lanes are all ones or all zeros).
template <typename Vector>
inline bool any(const Vector& v) {
  std::uint64_t words[sizeof(Vector) / 8];
  std::memcpy(words, &v, sizeof v);
  std::uint64_t bits = 0;
  for (const std::uint64_t word : words) bits |= word;
  return bits != 0;
}

// Lanes where mask is all ones: yes; all zeros: no.
inline Floats8 select(Ints8 mask, Floats8 yes, Floats8 no) {
  return reinterpret_cast<Floats8>((mask & reinterpret_cast<Ints8>(yes)) |
                                   (~mask & reinterpret_cast<Ints8>(no)));
}

}  // namespace lanes
