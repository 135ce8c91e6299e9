// Compiled with -ffp-contract=off (tests/plugins/CMakeLists.txt): the transforms are defined
// with separately rounded multiplies and adds.
#include "kit/random_reference.hpp"

#include <bit>

#include "runmat/accel.h"

namespace runmat::plugin_kit {
namespace {

void mulhilo(uint32_t a, uint32_t b, uint32_t* hi, uint32_t* lo) {
  const uint64_t p = static_cast<uint64_t>(a) * b;
  *hi = static_cast<uint32_t>(p >> 32);
  *lo = static_cast<uint32_t>(p);
}

PhiloxWords philox_round(const PhiloxWords& x, const std::array<uint32_t, 2>& k) {
  uint32_t hi0, lo0, hi1, lo1;
  mulhilo(0xD2511F53u, x[0], &hi0, &lo0);
  mulhilo(0xCD9E8D57u, x[2], &hi1, &lo1);
  return {hi1 ^ x[1] ^ k[0], lo1, hi0 ^ x[3] ^ k[1], lo0};
}

// Horner with the highest coefficient first in `c`.
template <class T, size_t N>
T horner(const T (&c)[N], T z) {
  T p = c[0];
  for (size_t i = 1; i < N; ++i) p = p * z + c[i];
  return p;
}

// ---- single precision
float log_f(float u) {
  const uint32_t b = std::bit_cast<uint32_t>(u);
  int e = static_cast<int>(b >> 23) - 127;
  float m = std::bit_cast<float>((b & 0x7FFFFFu) | 0x3F800000u);
  if (m > 1.41421356f) {
    m = m * 0.5f;
    e += 1;
  }
  const float t = m - 1.0f, d = 2.0f + t;
  float r = static_cast<float>(0.98506) - static_cast<float>(0.23902) * d;
  r = r * (2.0f - d * r);
  r = r * (2.0f - d * r);
  r = r * (2.0f - d * r);
  const float s = t * r;
  static const float c[] = {static_cast<float>(1.0 / 9), static_cast<float>(1.0 / 7),
                            static_cast<float>(1.0 / 5), static_cast<float>(1.0 / 3), 1.0f};
  const float p = horner(c, s * s);
  const float fe = static_cast<float>(e);
  return fe * 0.693145751953125f + (fe * 1.428606765330187045e-06f + (s + s) * p);
}

float sqrt_f(float v) {
  float y = std::bit_cast<float>(0x5f3759dfu - (std::bit_cast<uint32_t>(v) >> 1));
  const float h = 0.5f * v;
  for (int i = 0; i < 4; ++i) y = y * (1.5f - h * (y * y));
  const float s = v * y;
  return s + (0.5f * y) * (v - s * s);
}

float cos_turn_f(uint32_t a24) {
  const uint32_t quadrant = a24 >> 22;
  uint32_t r = a24 & 0x3FFFFFu;
  const bool mirrored = r > 0x200000u;
  if (mirrored) r = 0x400000u - r;
  const float y = static_cast<float>(r) * (1.57079632679489661923f * 0x1p-22f);
  const float z = y * y;
  static const float cc[] = {static_cast<float>(-1.0 / 3628800), static_cast<float>(1.0 / 40320),
                             static_cast<float>(-1.0 / 720),     static_cast<float>(1.0 / 24),
                             static_cast<float>(-1.0 / 2),       1.0f};
  static const float sc[] = {static_cast<float>(1.0 / 362880), static_cast<float>(-1.0 / 5040),
                             static_cast<float>(1.0 / 120), static_cast<float>(-1.0 / 6), 1.0f};
  const float c = horner(cc, z);
  const float s = horner(sc, z) * y;
  // cos of quadrant q + x: cos x, -sin x, -cos x, sin x; mirrored x swaps cos and sin.
  const bool use_cos = (quadrant % 2 == 0) != mirrored;
  const float v = use_cos ? c : s;
  return (quadrant == 1 || quadrant == 2) ? -v : v;
}

// ---- double precision
double log_d(double u) {
  const uint64_t b = std::bit_cast<uint64_t>(u);
  int e = static_cast<int>(b >> 52) - 1023;
  double m = std::bit_cast<double>((b & 0xFFFFFFFFFFFFFull) | 0x3FF0000000000000ull);
  if (m > 1.4142135623730951) {
    m = m * 0.5;
    e += 1;
  }
  const double t = m - 1.0, d = 2.0 + t;
  double r = 0.98506 - 0.23902 * d;
  for (int i = 0; i < 4; ++i) r = r * (2.0 - d * r);
  const double s = t * r;
  static const double c[] = {1.0 / 21, 1.0 / 19, 1.0 / 17, 1.0 / 15, 1.0 / 13, 1.0 / 11,
                             1.0 / 9,  1.0 / 7,  1.0 / 5,  1.0 / 3,  1.0};
  const double p = horner(c, s * s);
  const double fe = static_cast<double>(e);
  return fe * 6.93147180369123816490e-01 + (fe * 1.90821492927058770002e-10 + (s + s) * p);
}

double sqrt_d(double v) {
  double y = std::bit_cast<double>(0x5fe6eb50c7b537a9ull - (std::bit_cast<uint64_t>(v) >> 1));
  const double h = 0.5 * v;
  for (int i = 0; i < 5; ++i) y = y * (1.5 - h * (y * y));
  const double s = v * y;
  return s + (0.5 * y) * (v - s * s);
}

double cos_turn_d(uint32_t w2, uint32_t w3) {
  const uint32_t quadrant = w2 >> 30;
  uint64_t r = (static_cast<uint64_t>(w2 & 0x3FFFFFFFu) << 21) | (w3 >> 11);
  const bool mirrored = r > (uint64_t{1} << 50);
  if (mirrored) r = (uint64_t{1} << 51) - r;
  const double y = static_cast<double>(r) * (1.57079632679489661923 * 0x1p-51);
  const double z = y * y;
  static const double cc[] = {-1.0 / 6402373705728000.0,
                              1.0 / 20922789888000.0,
                              -1.0 / 87178291200.0,
                              1.0 / 479001600,
                              -1.0 / 3628800,
                              1.0 / 40320,
                              -1.0 / 720,
                              1.0 / 24,
                              -1.0 / 2,
                              1.0};
  static const double sc[] = {1.0 / 355687428096000.0,
                              -1.0 / 1307674368000.0,
                              1.0 / 6227020800.0,
                              -1.0 / 39916800,
                              1.0 / 362880,
                              -1.0 / 5040,
                              1.0 / 120,
                              -1.0 / 6,
                              1.0};
  const double c = horner(cc, z);
  const double s = horner(sc, z) * y;
  const bool use_cos = (quadrant % 2 == 0) != mirrored;
  const double v = use_cos ? c : s;
  return (quadrant == 1 || quadrant == 2) ? -v : v;
}

}  // namespace

PhiloxWords ref_philox4x32_10(PhiloxWords counter, std::array<uint32_t, 2> key) {
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      key[0] += 0x9E3779B9u;
      key[1] += 0xBB67AE85u;
    }
    counter = philox_round(counter, key);
  }
  return counter;
}

double ref_random(uint16_t kind, uint32_t dt, uint64_t key, uint64_t pos) {
  const PhiloxWords w =
      ref_philox4x32_10({static_cast<uint32_t>(pos), static_cast<uint32_t>(pos >> 32), 0, 0},
                        {static_cast<uint32_t>(key), static_cast<uint32_t>(key >> 32)});
  if (dt == RM_DTYPE_F32) {
    const float u = static_cast<float>((w[0] >> 9) * 2u + 1u) * 0x1p-24f;
    if (kind == RM_RAND_UNIFORM) return u;
    return sqrt_f(-2.0f * log_f(u)) * cos_turn_f(w[2] >> 8);
  }
  const uint64_t m = (static_cast<uint64_t>(w[0] >> 6) << 26) | (w[1] >> 6);
  const double u = static_cast<double>(2 * m + 1) * 0x1p-53;
  if (kind == RM_RAND_UNIFORM) return u;
  return sqrt_d(-2.0 * log_d(u)) * cos_turn_d(w[2], w[3]);
}

}  // namespace runmat::plugin_kit
