// RM_IR_RANDOM columns. Compiled with -ffp-contract=off (CMakeLists.txt): the transforms must
// round exactly as on the host generator and on Vulkan devices, so no multiply-add may be fused.
#include "random.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "runmat/accel.h"
#include "runmat/accel_random.h"

namespace rmcpu {

namespace rng_generic {
#include "random_block.inc"
}  // namespace rng_generic

#if defined(__x86_64__)
namespace rng_avx2 {
// random_avx2.cpp: the same block code compiled with -mavx2 (no FMA).
void fill_random(uint16_t kind, uint32_t dtype, uint64_t key, uint64_t pos, void* dst, size_t n);
}  // namespace rng_avx2
#endif

namespace {

// AVX2 when the CPU has it, unless RUNMAT_CPU_ISA=sse caps the vector ISA (as for vmath).
bool use_avx2() {
#if defined(__x86_64__)
  const char* cap = std::getenv("RUNMAT_CPU_ISA");
  if (cap && std::strcmp(cap, "sse") == 0) return false;
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2");
#else
  return false;
#endif
}

const bool kAvx2 = use_avx2();

}  // namespace

void col_random(uint16_t kind, uint32_t dtype, uint64_t key, uint64_t pos, void* dst, size_t n) {
#if defined(__x86_64__)
  if (kAvx2) return rng_avx2::fill_random(kind, dtype, key, pos, dst, n);
#endif
  rng_generic::fill_random(kind, dtype, key, pos, dst, n);
}

}  // namespace rmcpu
