#include "vmath.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>

#include "runmat/accel.h"
#include "vmath_lanes.hpp"

#if defined(__x86_64__) && defined(__GLIBC__)
#include <features.h>
#if __GLIBC_PREREQ(2, 35)
#define RMCPU_HAVE_LIBMVEC 1
#endif
#endif

#ifdef RMCPU_HAVE_LIBMVEC
#include <emmintrin.h>

#define RMCPU_DECL1(op, name)        \
  __m128 _ZGVbN4v_##name##f(__m128); \
  __m128d _ZGVbN2v_##name(__m128d);
#define RMCPU_DECL2(op, name)                 \
  __m128 _ZGVbN4vv_##name##f(__m128, __m128); \
  __m128d _ZGVbN2vv_##name(__m128d, __m128d);
extern "C" {
RMCPU_VM_UNARY_LIST(RMCPU_DECL1)
RMCPU_VM_BINARY_LIST(RMCPU_DECL2)
}
#endif

namespace rmcpu::vm {

#ifdef RMCPU_HAVE_LIBMVEC
// vmath_avx2.cpp
bool avx2_unary_f32(uint16_t op, const float* a, float* d, size_t n);
bool avx2_unary_f64(uint16_t op, const double* a, double* d, size_t n);
bool avx2_binary_f32(uint16_t op, const float* a, const float* b, float* d, size_t n);
bool avx2_binary_f64(uint16_t op, const double* a, const double* b, double* d, size_t n);
// vmath_avx512.cpp
bool avx512_unary_f32(uint16_t op, const float* a, float* d, size_t n);
bool avx512_unary_f64(uint16_t op, const double* a, double* d, size_t n);
bool avx512_binary_f32(uint16_t op, const float* a, const float* b, float* d, size_t n);
bool avx512_binary_f64(uint16_t op, const double* a, const double* b, double* d, size_t n);

namespace {
bool detect_avx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
bool detect_avx512() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f");
}
// RUNMAT_CPU_ISA=sse|avx2 caps the vector ISA (for testing and for CPUs that downclock).
const char* isa_cap() {
  const char* e = std::getenv("RUNMAT_CPU_ISA");
  return e ? e : "";
}
const bool kAvx512 =
    detect_avx512() && std::strcmp(isa_cap(), "avx2") != 0 && std::strcmp(isa_cap(), "sse") != 0;
const bool kAvx2 = detect_avx2() && std::strcmp(isa_cap(), "sse") != 0;
}  // namespace

bool unary_f32(uint16_t op, const float* a, float* d, size_t n) {
  if (kAvx512) return avx512_unary_f32(op, a, d, n);
  if (kAvx2) return avx2_unary_f32(op, a, d, n);
  switch (op) {
#define RMCPU_CASE(e, name)             \
  case e:                               \
    map1(&_ZGVbN4v_##name##f, a, d, n); \
    return true;
    RMCPU_VM_UNARY_LIST(RMCPU_CASE)
#undef RMCPU_CASE
    default:
      return false;
  }
}

bool unary_f64(uint16_t op, const double* a, double* d, size_t n) {
  if (kAvx512) return avx512_unary_f64(op, a, d, n);
  if (kAvx2) return avx2_unary_f64(op, a, d, n);
  switch (op) {
#define RMCPU_CASE(e, name)          \
  case e:                            \
    map1(&_ZGVbN2v_##name, a, d, n); \
    return true;
    RMCPU_VM_UNARY_LIST(RMCPU_CASE)
#undef RMCPU_CASE
    default:
      return false;
  }
}

bool binary_f32(uint16_t op, const float* a, const float* b, float* d, size_t n) {
  if (kAvx512) return avx512_binary_f32(op, a, b, d, n);
  if (kAvx2) return avx2_binary_f32(op, a, b, d, n);
  switch (op) {
#define RMCPU_CASE(e, name)                 \
  case e:                                   \
    map2(&_ZGVbN4vv_##name##f, a, b, d, n); \
    return true;
    RMCPU_VM_BINARY_LIST(RMCPU_CASE)
#undef RMCPU_CASE
    default:
      return false;
  }
}

bool binary_f64(uint16_t op, const double* a, const double* b, double* d, size_t n) {
  if (kAvx512) return avx512_binary_f64(op, a, b, d, n);
  if (kAvx2) return avx2_binary_f64(op, a, b, d, n);
  switch (op) {
#define RMCPU_CASE(e, name)              \
  case e:                                \
    map2(&_ZGVbN2vv_##name, a, b, d, n); \
    return true;
    RMCPU_VM_BINARY_LIST(RMCPU_CASE)
#undef RMCPU_CASE
    default:
      return false;
  }
}

const char* backend() {
  return kAvx512 ? "libmvec-avx512" : kAvx2 ? "libmvec-avx2" : "libmvec-sse";
}

#else  // scalar fallback

namespace {
template <class T>
bool scalar_unary(uint16_t op, const T* a, T* d, size_t n) {
  switch (op) {
#define RMCPU_CASE(e, name)                                \
  case e:                                                  \
    for (size_t i = 0; i < n; ++i) d[i] = std::name(a[i]); \
    return true;
    RMCPU_VM_UNARY_LIST(RMCPU_CASE)
#undef RMCPU_CASE
    default:
      return false;
  }
}
template <class T>
bool scalar_binary(uint16_t op, const T* a, const T* b, T* d, size_t n) {
  switch (op) {
#define RMCPU_CASE(e, name)                                      \
  case e:                                                        \
    for (size_t i = 0; i < n; ++i) d[i] = std::name(a[i], b[i]); \
    return true;
    RMCPU_VM_BINARY_LIST(RMCPU_CASE)
#undef RMCPU_CASE
    default:
      return false;
  }
}
}  // namespace

bool unary_f32(uint16_t op, const float* a, float* d, size_t n) {
  return scalar_unary(op, a, d, n);
}
bool unary_f64(uint16_t op, const double* a, double* d, size_t n) {
  return scalar_unary(op, a, d, n);
}
bool binary_f32(uint16_t op, const float* a, const float* b, float* d, size_t n) {
  return scalar_binary(op, a, b, d, n);
}
bool binary_f64(uint16_t op, const double* a, const double* b, double* d, size_t n) {
  return scalar_binary(op, a, b, d, n);
}
const char* backend() {
  return "scalar";
}

#endif

}  // namespace rmcpu::vm
