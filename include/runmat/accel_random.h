/*
 * runmat/accel_random.h — the exact definition of RM_IR_RANDOM (runmat/accel.h): Philox4x32-10
 * and the transforms from its words to uniform and normal numbers.
 *
 * RunMat's philox stream must give the same bits everywhere: the runtime's host generator, the
 * CPU plugin and every Vulkan device. IEEE +, -, * and comparisons are correctly rounded on all of
 * them (Vulkan included); division, sqrt and the transcendentals are not. So the transforms below
 * use only +, -, *, comparisons and integer/bit operations, in a fixed order, and must be
 * compiled without contraction into FMAs: C/C++ callers compile the translation unit with
 * -ffp-contract=off (GCC ignores the STDC pragma below), GLSL marks every such value `precise`.
 *
 * A vendor plugin that implements RM_IR_RANDOM reproduces these functions bit for bit.
 *
 * Element value for stream position p (a 64-bit counter) and key k (the seed, 64 bits):
 *   (w0, w1, w2, w3) = Philox4x32-10(counter = {lo32(p), hi32(p), 0, 0}, key = {lo32(k), hi32(k)})
 *   uniform F32: (2*(w0 >> 9) + 1) * 2^-24                      in (0, 1), 23 random bits
 *   uniform F64: (2*((w0 >> 6) * 2^26 + (w1 >> 6)) + 1) * 2^-53  in (0, 1), 52 random bits
 *   normal:      sqrt(-2 ln u1) * cos(2 pi u2)  (Box-Muller, cosine branch), u1 the uniform
 *                above in the output precision; the angle's turn fraction u2 comes from w2
 *                (F32: its top 24 bits; F64: w2 and the top 21 bits of w3).
 * The "+ 1" (a half step) keeps 0 and 1 out and makes every uniform exact in its format (one
 * bit less than the format's significand, so the odd numerator is representable).
 *
 * Polynomial coefficients are Taylor coefficients (1/(2k+1), (-1)^k/(2k)!, (-1)^k/(2k+1)!);
 * tools/rng_polynomials.py checks the truncation bounds and the end-to-end accuracy.
 */
#ifndef RUNMAT_ACCEL_RANDOM_H
#define RUNMAT_ACCEL_RANDOM_H
/* clang-format off */

#include <stdint.h>
#include <string.h>

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- Philox4x32-10 (Random123) */
#define RM_PHILOX_M0 0xD2511F53u
#define RM_PHILOX_M1 0xCD9E8D57u
#define RM_PHILOX_W0 0x9E3779B9u
#define RM_PHILOX_W1 0xBB67AE85u

static inline void rm_philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]) {
  uint32_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3];
  uint32_t k0 = key[0], k1 = key[1];
  for (int r = 0; r < 10; ++r) {
    const uint64_t p0 = (uint64_t)RM_PHILOX_M0 * c0;
    const uint64_t p1 = (uint64_t)RM_PHILOX_M1 * c2;
    const uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1 ^ k0;
    const uint32_t n2 = (uint32_t)(p0 >> 32) ^ c3 ^ k1;
    c1 = (uint32_t)p1;
    c3 = (uint32_t)p0;
    c0 = n0;
    c2 = n2;
    k0 += RM_PHILOX_W0;
    k1 += RM_PHILOX_W1;
  }
  out[0] = c0; out[1] = c1; out[2] = c2; out[3] = c3;
}

/* ---------------------------------------------------------------- constants */
/* ln(m) = 2 s (1 + s^2/3 + s^4/5 + ...), s = (m-1)/(m+1), |s| <= 0.1716 for m in [1/sqrt2, sqrt2]. */
static const float rm_rng_log_f[] = {1.0f, (float)(1.0 / 3), (float)(1.0 / 5), (float)(1.0 / 7),
                                     (float)(1.0 / 9)};
static const double rm_rng_log_d[] = {1.0, 1.0 / 3, 1.0 / 5, 1.0 / 7, 1.0 / 9, 1.0 / 11, 1.0 / 13,
                                      1.0 / 15, 1.0 / 17, 1.0 / 19, 1.0 / 21};
/* cos(y), sin(y)/y as polynomials in y^2 on [0, pi/4]. */
static const float rm_rng_cos_f[] = {1.0f, (float)(-1.0 / 2), (float)(1.0 / 24), (float)(-1.0 / 720),
                                     (float)(1.0 / 40320), (float)(-1.0 / 3628800)};
static const float rm_rng_sin_f[] = {1.0f, (float)(-1.0 / 6), (float)(1.0 / 120), (float)(-1.0 / 5040),
                                     (float)(1.0 / 362880)};
static const double rm_rng_cos_d[] = {1.0, -1.0 / 2, 1.0 / 24, -1.0 / 720, 1.0 / 40320,
                                      -1.0 / 3628800, 1.0 / 479001600, -1.0 / 87178291200.0,
                                      1.0 / 20922789888000.0, -1.0 / 6402373705728000.0};
static const double rm_rng_sin_d[] = {1.0, -1.0 / 6, 1.0 / 120, -1.0 / 5040, 1.0 / 362880,
                                      -1.0 / 39916800, 1.0 / 6227020800.0, -1.0 / 1307674368000.0,
                                      1.0 / 355687428096000.0};
#define RM_RNG_LOG_F_N 5
#define RM_RNG_LOG_D_N 11
#define RM_RNG_COS_F_N 6
#define RM_RNG_SIN_F_N 5
#define RM_RNG_COS_D_N 10
#define RM_RNG_SIN_D_N 9
/* 1/d for d = 2 + t in [1.707, 2.414]: linear start (max relative error 1.5%, the minimax line),
 * then Newton steps r = r (2 - d r): 3 for F32, 4 for F64. */
#define RM_RNG_RECIP_A 0.98506
#define RM_RNG_RECIP_B 0.23902
/* ln 2 split so that e * hi is exact for |e| <= 64 (fdlibm's split; the F32 one has 15 bits). */
#define RM_RNG_LN2_HI_D 6.93147180369123816490e-01
#define RM_RNG_LN2_LO_D 1.90821492927058770002e-10
#define RM_RNG_LN2_HI_F 0.693145751953125f
#define RM_RNG_LN2_LO_F 1.428606765330187045e-06f
#define RM_RNG_SQRT2_F 1.41421356f
#define RM_RNG_SQRT2_D 1.4142135623730951
/* pi/2 per unit of the quadrant fraction: F32 22 bits, F64 51 bits (exact power-of-2 scalings). */
#define RM_RNG_ANGLE_F (1.57079632679489661923f * 0x1p-22f)
#define RM_RNG_ANGLE_D (1.57079632679489661923 * 0x1p-51)
/* fast inverse square root starts (error <= 3.5%), then Newton: 4 steps F32, 5 steps F64. */
#define RM_RNG_RSQRT_MAGIC_F 0x5f3759dfu
#define RM_RNG_RSQRT_MAGIC_D 0x5fe6eb50c7b537a9ull

/* ---------------------------------------------------------------- uniforms */
static inline float rm_rng_uniform_f32(uint32_t w0) {
  /* Integer-to-float conversions go through int32_t (every value is below 2^31, so the result
   * is the same): x86 has no vector unsigned conversion, and loops over these vectorize. */
  return (float)(int32_t)(((w0 >> 9) << 1) | 1u) * 0x1p-24f;
}
static inline double rm_rng_uniform_f64(uint32_t w0, uint32_t w1) {
  return ((double)(int32_t)(w0 >> 6) * 134217728.0 + (double)(int32_t)(((w1 >> 6) << 1) | 1u)) *
         0x1p-53;
}

/* ---------------------------------------------------------------- F32 pieces */
static inline uint32_t rm_rng_fbits(float x) { uint32_t u; memcpy(&u, &x, 4); return u; }
static inline float rm_rng_ffrom(uint32_t u) { float x; memcpy(&x, &u, 4); return x; }

/* ln(u), u in (0, 1) normal. */
static inline float rm_rng_log_f32(float u) {
  const uint32_t b = rm_rng_fbits(u);
  int e = (int)(b >> 23) - 127;
  float m = rm_rng_ffrom((b & 0x7FFFFFu) | 0x3F800000u);
  const int big = m > RM_RNG_SQRT2_F; /* selects, not branches: loops over these vectorize */
  m = big ? m * 0.5f : m;
  e = e + big;
  const float t = m - 1.0f;
  const float d = 2.0f + t;
  float r = (float)RM_RNG_RECIP_A - (float)RM_RNG_RECIP_B * d;
  for (int i = 0; i < 3; ++i) r = r * (2.0f - d * r);
  const float s = t * r;
  const float z = s * s;
  float p = rm_rng_log_f[RM_RNG_LOG_F_N - 1];
  for (int i = RM_RNG_LOG_F_N - 2; i >= 0; --i) p = p * z + rm_rng_log_f[i];
  const float fe = (float)e;
  return fe * RM_RNG_LN2_HI_F + (fe * RM_RNG_LN2_LO_F + (s + s) * p);
}

/* sqrt(v), v > 0 normal. */
static inline float rm_rng_sqrt_f32(float v) {
  float y = rm_rng_ffrom(RM_RNG_RSQRT_MAGIC_F - (rm_rng_fbits(v) >> 1));
  const float h = 0.5f * v;
  for (int i = 0; i < 4; ++i) y = y * (1.5f - h * (y * y));
  const float s = v * y;
  return s + (0.5f * y) * (v - s * s);
}

/* cos(2 pi a / 2^24), a < 2^24. */
static inline float rm_rng_cos_turn_f32(uint32_t a) {
  const uint32_t q = a >> 22;
  uint32_t r = a & 0x3FFFFFu;
  const int swap = r > 0x200000u;
  r = swap ? 0x400000u - r : r;
  const float y = (float)(int32_t)r * RM_RNG_ANGLE_F;
  const float z = y * y;
  float c = rm_rng_cos_f[RM_RNG_COS_F_N - 1];
  for (int i = RM_RNG_COS_F_N - 2; i >= 0; --i) c = c * z + rm_rng_cos_f[i];
  float s = rm_rng_sin_f[RM_RNG_SIN_F_N - 1];
  for (int i = RM_RNG_SIN_F_N - 2; i >= 0; --i) s = s * z + rm_rng_sin_f[i];
  s = s * y;
  const float v = (((q & 1u) == 0u) != (swap != 0)) ? c : s;
  return (q == 1u || q == 2u) ? -v : v;
}

static inline float rm_rng_normal_f32(const uint32_t w[4]) {
  const float u1 = rm_rng_uniform_f32(w[0]);
  const float v = -2.0f * rm_rng_log_f32(u1);
  return rm_rng_sqrt_f32(v) * rm_rng_cos_turn_f32(w[2] >> 8);
}

/* ---------------------------------------------------------------- F64 pieces */
static inline uint64_t rm_rng_dbits(double x) { uint64_t u; memcpy(&u, &x, 8); return u; }
static inline double rm_rng_dfrom(uint64_t u) { double x; memcpy(&x, &u, 8); return x; }

static inline double rm_rng_log_f64(double u) {
  const uint64_t b = rm_rng_dbits(u);
  int e = (int)(b >> 52) - 1023;
  double m = rm_rng_dfrom((b & 0xFFFFFFFFFFFFFull) | 0x3FF0000000000000ull);
  const int big = m > RM_RNG_SQRT2_D;
  m = big ? m * 0.5 : m;
  e = e + big;
  const double t = m - 1.0;
  const double d = 2.0 + t;
  double r = RM_RNG_RECIP_A - RM_RNG_RECIP_B * d;
  for (int i = 0; i < 4; ++i) r = r * (2.0 - d * r);
  const double s = t * r;
  const double z = s * s;
  double p = rm_rng_log_d[RM_RNG_LOG_D_N - 1];
  for (int i = RM_RNG_LOG_D_N - 2; i >= 0; --i) p = p * z + rm_rng_log_d[i];
  const double fe = (double)e;
  return fe * RM_RNG_LN2_HI_D + (fe * RM_RNG_LN2_LO_D + (s + s) * p);
}

static inline double rm_rng_sqrt_f64(double v) {
  double y = rm_rng_dfrom(RM_RNG_RSQRT_MAGIC_D - (rm_rng_dbits(v) >> 1));
  const double h = 0.5 * v;
  for (int i = 0; i < 5; ++i) y = y * (1.5 - h * (y * y));
  const double s = v * y;
  return s + (0.5 * y) * (v - s * s);
}

/* cos(2 pi (q/4 + r/2^53)), q = w2 >> 30, r = (w2 & 0x3FFFFFFF) * 2^21 + (w3 >> 11) < 2^51. */
static inline double rm_rng_cos_turn_f64(uint32_t w2, uint32_t w3) {
  const uint32_t q = w2 >> 30;
  double r = (double)(int32_t)(w2 & 0x3FFFFFFFu) * 2097152.0 + (double)(int32_t)(w3 >> 11);
  const int swap = r > 1125899906842624.0; /* 2^50 */
  r = swap ? 2251799813685248.0 - r : r;   /* 2^51 - r, exact */
  const double y = r * RM_RNG_ANGLE_D;
  const double z = y * y;
  double c = rm_rng_cos_d[RM_RNG_COS_D_N - 1];
  for (int i = RM_RNG_COS_D_N - 2; i >= 0; --i) c = c * z + rm_rng_cos_d[i];
  double s = rm_rng_sin_d[RM_RNG_SIN_D_N - 1];
  for (int i = RM_RNG_SIN_D_N - 2; i >= 0; --i) s = s * z + rm_rng_sin_d[i];
  s = s * y;
  const double v = (((q & 1u) == 0u) != (swap != 0)) ? c : s;
  return (q == 1u || q == 2u) ? -v : v;
}

static inline double rm_rng_normal_f64(const uint32_t w[4]) {
  const double u1 = rm_rng_uniform_f64(w[0], w[1]);
  const double v = -2.0 * rm_rng_log_f64(u1);
  return rm_rng_sqrt_f64(v) * rm_rng_cos_turn_f64(w[2], w[3]);
}

/* ---------------------------------------------------------------- one element */
/* The words for stream position `pos` under `key`. */
static inline void rm_rng_words(uint64_t key, uint64_t pos, uint32_t w[4]) {
  const uint32_t ctr[4] = {(uint32_t)pos, (uint32_t)(pos >> 32), 0u, 0u};
  const uint32_t k[2] = {(uint32_t)key, (uint32_t)(key >> 32)};
  rm_philox4x32_10(ctr, k, w);
}

#ifdef __cplusplus
}
#endif
/* clang-format on */
#endif /* RUNMAT_ACCEL_RANDOM_H */
