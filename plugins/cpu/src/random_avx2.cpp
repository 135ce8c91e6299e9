// The RM_IR_RANDOM block code for AVX2 (this file alone is compiled with -mavx2, and without
// -mfma: no multiply-add may be fused; called only after a CPUID check, see random.cpp).
#if defined(__x86_64__)
#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "runmat/accel.h"
#include "runmat/accel_random.h"

namespace rmcpu::rng_avx2 {
#include "random_block.inc"
}  // namespace rmcpu::rng_avx2
#endif
