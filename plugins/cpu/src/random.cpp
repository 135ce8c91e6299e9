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
// random_avx2.cpp / random_avx512.cpp: the same block code compiled for wider vectors (no FMA).
namespace rng_avx2 {
void fill_random(uint16_t kind, uint32_t dtype, uint64_t key, uint64_t pos, void* dst, size_t n);
}  // namespace rng_avx2
namespace rng_avx512 {
void fill_random(uint16_t kind, uint32_t dtype, uint64_t key, uint64_t pos, void* dst, size_t n);
}  // namespace rng_avx512
#endif

namespace {

// The widest vectors the CPU has, capped by RUNMAT_CPU_ISA=sse|avx2 (as for vmath).
enum class Width { kBase, kAvx2, kAvx512 };

Width pick_width() {
#if defined(__x86_64__)
  const char* cap = std::getenv("RUNMAT_CPU_ISA");
  const bool sse_only = cap && std::strcmp(cap, "sse") == 0;
  const bool avx2_cap = cap && std::strcmp(cap, "avx2") == 0;
  __builtin_cpu_init();
  if (!sse_only && !avx2_cap && __builtin_cpu_supports("avx512f")) return Width::kAvx512;
  if (!sse_only && __builtin_cpu_supports("avx2")) return Width::kAvx2;
#endif
  return Width::kBase;
}

const Width kWidth = pick_width();

}  // namespace

void col_random(uint16_t kind, uint32_t dtype, uint64_t key, uint64_t pos, void* dst, size_t n) {
#if defined(__x86_64__)
  if (kWidth == Width::kAvx512) return rng_avx512::fill_random(kind, dtype, key, pos, dst, n);
  if (kWidth == Width::kAvx2) return rng_avx2::fill_random(kind, dtype, key, pos, dst, n);
#endif
  rng_generic::fill_random(kind, dtype, key, pos, dst, n);
}

}  // namespace rmcpu
