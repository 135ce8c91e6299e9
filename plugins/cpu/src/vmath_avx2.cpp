// AVX2 variants (this file alone is compiled with -mavx2 -mfma; called only after a CPUID check).
#include <cstdint>  // defines __GLIBC__ where applicable
#if defined(__x86_64__) && defined(__GLIBC__) && defined(__AVX2__)
#include <features.h>
#if __GLIBC_PREREQ(2, 35)
#include <immintrin.h>

#include "runmat/accel.h"
#include "vmath_lanes.hpp"

#define RMCPU_DECL1(op, name)        \
  __m256 _ZGVdN8v_##name##f(__m256); \
  __m256d _ZGVdN4v_##name(__m256d);
#define RMCPU_DECL2(op, name)                 \
  __m256 _ZGVdN8vv_##name##f(__m256, __m256); \
  __m256d _ZGVdN4vv_##name(__m256d, __m256d);
extern "C" {
RMCPU_VM_UNARY_LIST(RMCPU_DECL1)
RMCPU_VM_BINARY_LIST(RMCPU_DECL2)
}

namespace rmcpu::vm {

bool avx2_unary_f32(uint16_t op, const float* a, float* d, size_t n) {
  switch (op) {
#define RMCPU_CASE(e, name)             \
  case e:                               \
    map1(&_ZGVdN8v_##name##f, a, d, n); \
    return true;
    RMCPU_VM_UNARY_LIST(RMCPU_CASE)
#undef RMCPU_CASE
    default:
      return false;
  }
}

bool avx2_unary_f64(uint16_t op, const double* a, double* d, size_t n) {
  switch (op) {
#define RMCPU_CASE(e, name)          \
  case e:                            \
    map1(&_ZGVdN4v_##name, a, d, n); \
    return true;
    RMCPU_VM_UNARY_LIST(RMCPU_CASE)
#undef RMCPU_CASE
    default:
      return false;
  }
}

bool avx2_binary_f32(uint16_t op, const float* a, const float* b, float* d, size_t n) {
  switch (op) {
#define RMCPU_CASE(e, name)                 \
  case e:                                   \
    map2(&_ZGVdN8vv_##name##f, a, b, d, n); \
    return true;
    RMCPU_VM_BINARY_LIST(RMCPU_CASE)
#undef RMCPU_CASE
    default:
      return false;
  }
}

bool avx2_binary_f64(uint16_t op, const double* a, const double* b, double* d, size_t n) {
  switch (op) {
#define RMCPU_CASE(e, name)              \
  case e:                                \
    map2(&_ZGVdN4vv_##name, a, b, d, n); \
    return true;
    RMCPU_VM_BINARY_LIST(RMCPU_CASE)
#undef RMCPU_CASE
    default:
      return false;
  }
}

}  // namespace rmcpu::vm
#endif
#endif
