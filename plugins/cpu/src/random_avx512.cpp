// The RM_IR_RANDOM block code on 16 lanes for AVX-512 (this file alone is compiled with
// -mavx512f, without FMA contraction; called only after a CPUID check, see random.cpp).
#if defined(__x86_64__)
#include <immintrin.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "runmat/accel.h"
#include "runmat/accel_random.h"

#define RMCPU_RNG_VECTOR_BYTES 64
namespace rmcpu::rng_avx512 {
#include "random_block.inc"
}  // namespace rmcpu::rng_avx512
#endif
