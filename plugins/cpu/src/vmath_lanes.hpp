// Shared by vmath.cpp (SSE) and vmath_avx2.cpp (compiled with -mavx2): loops that feed a libmvec
// vector function W lanes at a time, padding the tail. Everything here has internal linkage so
// the AVX2 instantiations can never be merged into code that runs on a CPU without AVX2.
#pragma once

#include <cstddef>
#include <cstring>

namespace rmcpu::vm {
namespace {

template <class V, class T>
inline void map1(V (*f)(V), const T* a, T* d, size_t n) {
  constexpr size_t W = sizeof(V) / sizeof(T);
  size_t i = 0;
  for (; i + W <= n; i += W) {
    V x;
    std::memcpy(&x, a + i, sizeof x);
    const V y = f(x);
    std::memcpy(d + i, &y, sizeof y);
  }
  if (i < n) {
    T tmp[W] = {};
    std::memcpy(tmp, a + i, (n - i) * sizeof(T));
    V x;
    std::memcpy(&x, tmp, sizeof x);
    const V y = f(x);
    std::memcpy(tmp, &y, sizeof y);
    std::memcpy(d + i, tmp, (n - i) * sizeof(T));
  }
}

template <class V, class T>
inline void map2(V (*f)(V, V), const T* a, const T* b, T* d, size_t n) {
  constexpr size_t W = sizeof(V) / sizeof(T);
  size_t i = 0;
  for (; i + W <= n; i += W) {
    V x, y;
    std::memcpy(&x, a + i, sizeof x);
    std::memcpy(&y, b + i, sizeof y);
    const V z = f(x, y);
    std::memcpy(d + i, &z, sizeof z);
  }
  if (i < n) {
    T ta[W] = {}, tb[W] = {};
    std::memcpy(ta, a + i, (n - i) * sizeof(T));
    std::memcpy(tb, b + i, (n - i) * sizeof(T));
    V x, y;
    std::memcpy(&x, ta, sizeof x);
    std::memcpy(&y, tb, sizeof y);
    const V z = f(x, y);
    std::memcpy(ta, &z, sizeof z);
    std::memcpy(d + i, ta, (n - i) * sizeof(T));
  }
}

}  // namespace
}  // namespace rmcpu::vm

// X(unary op enum, libmvec base name) for every unary transcendental; likewise for binary.
// clang-format off
#define RMCPU_VM_UNARY_LIST(X) \
  X(RM_UN_EXP, exp)            \
  X(RM_UN_LOG, log)            \
  X(RM_UN_SIN, sin)            \
  X(RM_UN_COS, cos)            \
  X(RM_UN_TAN, tan)            \
  X(RM_UN_TANH, tanh)          \
  X(RM_UN_ASIN, asin)          \
  X(RM_UN_ACOS, acos)          \
  X(RM_UN_ATAN, atan)          \
  X(RM_UN_SINH, sinh)          \
  X(RM_UN_COSH, cosh)          \
  X(RM_UN_LOG2, log2)          \
  X(RM_UN_LOG10, log10)        \
  X(RM_UN_EXPM1, expm1)        \
  X(RM_UN_LOG1P, log1p)
#define RMCPU_VM_BINARY_LIST(X) \
  X(RM_BIN_POW, pow)            \
  X(RM_BIN_ATAN2, atan2)        \
  X(RM_BIN_HYPOT, hypot)
// clang-format on
