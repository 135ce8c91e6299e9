// AVX2 variants (this file alone is compiled with -mavx2 -mfma; called only after a CPUID check).
#include <cstdint>  // defines __GLIBC__ where applicable
#if defined(__x86_64__) && defined(__GLIBC__) && defined(__AVX2__)
#include <features.h>
#if __GLIBC_PREREQ(2, 35)
#include <immintrin.h>

#include "runmat/accel.h"
#include "vmath_lanes.hpp"

#define RMCPU_VF __m256
#define RMCPU_VD __m256d
#define RMCPU_F1(name) _ZGVdN8v_##name##f
#define RMCPU_D1(name) _ZGVdN4v_##name
#define RMCPU_F2(name) _ZGVdN8vv_##name##f
#define RMCPU_D2(name) _ZGVdN4vv_##name
#define RMCPU_FN(name) avx2_##name
#include "vmath_isa.inc"

#endif
#endif
