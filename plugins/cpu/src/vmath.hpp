// Vectorized transcendental functions. On x86-64 glibc (>= 2.35) these call libmvec's vector
// variants directly (AVX2 when the CPU has it, SSE otherwise), so they do not depend on
// -ffast-math or the auto-vectorizer; elsewhere they fall back to scalar <cmath> loops. Tails
// are computed through a padded vector so that an element's result never depends on its
// position in a block (results are independent of blocking and thread count).
#pragma once

#include <cstddef>
#include <cstdint>

namespace rmcpu::vm {

// Each returns false (and writes nothing) when `op` is not a transcendental it handles; then
// the caller uses its scalar loop. op is an rm_ir_unary / rm_ir_binary value.
bool unary_f32(uint16_t op, const float* a, float* d, size_t n);
bool unary_f64(uint16_t op, const double* a, double* d, size_t n);
bool binary_f32(uint16_t op, const float* a, const float* b, float* d, size_t n);
bool binary_f64(uint16_t op, const double* a, const double* b, double* d, size_t n);

// "libmvec-avx2", "libmvec-sse" or "scalar".
const char* backend();

}  // namespace rmcpu::vm
