// AVX-512 variants (this file alone is compiled with -mavx512f; called only after a CPUID check).
#include <cstdint>  // defines __GLIBC__ where applicable
#if defined(__x86_64__) && defined(__GLIBC__) && defined(__AVX512F__)
#include <features.h>
#if __GLIBC_PREREQ(2, 35)
#include <immintrin.h>

#include "runmat/accel.h"
#include "vmath_lanes.hpp"

#define RMCPU_VF __m512
#define RMCPU_VD __m512d
#define RMCPU_F1(name) _ZGVeN16v_##name##f
#define RMCPU_D1(name) _ZGVeN8v_##name
#define RMCPU_F2(name) _ZGVeN16vv_##name##f
#define RMCPU_D2(name) _ZGVeN8vv_##name
#define RMCPU_FN(name) avx512_##name
#include "vmath_isa.inc"

#endif
#endif
