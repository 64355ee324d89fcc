#pragma once
// Two doubles side by side, with GCC/Clang vector extensions: SSE2 natively (part of x86-64, so
// the portable release build has it) and WebAssembly SIMD under -msimd128 (without it, clang
// splits each operation into two scalar ones). Each lane goes through exactly the operations a
// scalar loop would do, in the same order, so results are bit-identical to scalar code on every
// target; -ffp-contract=off keeps the compilers from fusing a * b + c into an FMA here too.
#include <cstdint>
#include <cstring>

namespace lrlab::simd {

typedef double V2 __attribute__((vector_size(16)));
typedef std::int64_t I2 __attribute__((vector_size(16)));

template <typename V>
struct IntOf;
template <>
struct IntOf<V2> {
  using type = I2;
};

template <typename V>
constexpr int kLanes = sizeof(V) / sizeof(double);

// memcpy, not a cast: the pointers are only 8-byte aligned, and this keeps aliasing rules intact.
// Both compilers turn it into unaligned vector loads and stores.
template <typename V = V2>
inline V load(const double* p) {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <typename V>
inline void store(double* p, V v) {
  std::memcpy(p, &v, sizeof v);
}
// Written as a vector literal, not a loop: then a constant splat is a 16-byte constant in memory
// that SSE2 uses as an operand, instead of a scalar load and a shuffle at every use.
template <typename V = V2>
inline V splat(double x) {
  static_assert(kLanes<V> == 2, "splat is written for two lanes");
  return V{x, x};
}
template <typename V>
inline typename IntOf<V>::type bits(V v) {
  typename IntOf<V>::type i;
  std::memcpy(&i, &v, sizeof i);
  return i;
}
template <typename I>
inline auto from_bits(I i) {
  typedef double V __attribute__((vector_size(sizeof(I))));
  V v;
  std::memcpy(&v, &i, sizeof v);
  return v;
}
// Lane-wise mask ? a : b, with mask lanes all ones or all zeros (what vector comparisons give).
template <typename I, typename V>
inline V select(I mask, V a, V b) {
  return from_bits(static_cast<I>((mask & bits(a)) | (~mask & bits(b))));
}

}  // namespace lrlab::simd
