// GLSL helper functions for MATLAB semantics and for double-precision transcendentals (GLSL
// 450 has exp/log/sin/... for float only). Double versions use range reduction + Taylor/
// series evaluation in double (~1e-16 relative for moderate arguments; see each function).
// Only the helpers a kernel uses are emitted, in dependency order.
#include <set>
#include <string>
#include <utility>

#include "vk_internal.h"

namespace rmvk {
namespace {

struct Helper {
  const char* name;
  // 'f' float only, 'd' double only, 'g' generic ($T is the type), 'x' written for double
  // and instantiated for float by a mechanical rewrite (double->float, RM_->RMF_, no LF).
  char type;
  std::vector<const char*> deps;
  const char* text;
};

// Exactly-representable literals only in generic helpers ($T may be double).
const std::vector<Helper>& helpers() {
  static const std::vector<Helper> h = {
      {"consts", 'd', {}, R"(
const double RM_PI = 3.141592653589793LF;
const double RM_PI_2 = 1.5707963267948966LF;
const double RM_PI_4 = 0.7853981633974483LF;
const double RM_PI_6 = 0.5235987755982989LF;
const double RM_3PI_4 = 2.356194490192345LF;
// pi/2 = P1 + P2 + P3 + P4 with 24-bit P1..P3, so n * Pk is exact for |n| < 2^29.
const double RM_PIO2_1 = 1.5707963705062866LF;
const double RM_PIO2_2 = -4.371138828673793e-08LF;
const double RM_PIO2_3 = -1.7151245100058819e-15LF;
const double RM_PIO2_4 = 1.0562999066987428e-23LF;
const double RM_2_PI = 0.6366197723675814LF;
// ln2 = HI + LO with a 32-bit HI: n * HI is exact for the |n| <= 1100 exp needs. (GLSL fma
// may be evaluated unfused, e.g. on llvmpipe, so the reductions must not depend on it.)
const double RM_LN2_HI = 0.6931471806019545LF;
const double RM_LN2_LO = -4.2009150726810846e-11LF;
const double RM_LN2 = 0.6931471805599453LF;
const double RM_LN2_TAIL = 2.3190468138462996e-17LF;
const double RM_INV_LN2 = 1.4426950408889634LF;
const double RM_INV_LN10 = 0.4342944819032518LF;
const double RM_SQRT3 = 1.7320508075688772LF;
const double RM_SQRT_HALF = 0.7071067811865476LF;
const double RM_PH_MIN = 5.0e8LF;
double rm_inf_d() { return packDouble2x32(uvec2(0u, 0x7ff00000u)); }
double rm_nan_d() { return packDouble2x32(uvec2(0u, 0x7ff80000u)); }
)"},
      {"consts", 'f', {}, R"(
const float RMF_PI = 3.14159265358979;
const float RMF_PI_2 = 1.57079632679490;
const float RMF_PI_4 = 0.785398163397448;
const float RMF_PI_6 = 0.523598775598299;
const float RMF_3PI_4 = 2.35619449019234;
const float RMF_SQRT3 = 1.73205080756888;
// pi/2 = P1 + P2 + P3 with 12-bit P1, P2: n * Pk exact for |n| < 2^12 (|x| < ~6000; beyond
// RMF_PH_MIN the Payne-Hanek path takes over). The builtin sin/cos are not accurate enough on some
// drivers (NVIDIA: absolute error ~1e-6, amplified by e.g. sin(x).*exp(3)).
const float RMF_PIO2_1 = 1.57080078125;
const float RMF_PIO2_2 = -4.453584551811218e-06;
const float RMF_PIO2_3 = -8.705515752716053e-10;
const float RMF_2_PI = 0.636619772367581;
const float RMF_PH_MIN = 4000.0;
float rm_inf_f() { return uintBitsToFloat(0x7f800000u); }
float rm_nan_f() { return uintBitsToFloat(0x7fc00000u); }
)"},
      {"rm_min", 'g', {}, R"(
$T rm_min($T a, $T b) { return isnan(a) ? b : (isnan(b) ? a : min(a, b)); }
)"},
      {"rm_max", 'g', {}, R"(
$T rm_max($T a, $T b) { return isnan(a) ? b : (isnan(b) ? a : max(a, b)); }
)"},
      {"rm_round", 'g', {}, R"(
$T rm_round($T x) { $T t = trunc(x); if (abs(x - t) >= $T(0.5)) t += sign(x); return t; }
)"},
      {"rm_sign", 'g', {}, R"(
$T rm_sign($T x) { return isnan(x) ? x : sign(x); }
)"},
      {"rm_mod", 'g', {"consts"}, R"(
$T rm_mod($T x, $T y) {
  if (y == $T(0)) return x;
  if (isnan(x) || isnan(y) || isinf(x)) return x + y + (isinf(x) ? rm_nan_$S() : $T(0));
  if (isinf(y)) return (x == $T(0) || ((x > $T(0)) == (y > $T(0)))) ? x : y;
  $T q = floor(x / y);
  $T r = x - q * y;
  if (r != $T(0) && ((r < $T(0)) != (y < $T(0)))) r += y;
  // |r| == |y|: either x/y rounded down past an exact multiple (x == (q+1)*y, remainder 0), or
  // x is tiny against y with the other sign and x - q*y rounds to y, which MATLAB returns
  // (mod(-1e-20, 1) = 1).
  if (abs(r) > abs(y)) r -= y;
  else if (abs(r) == abs(y) && x == (q + $T(1)) * y) r = $T(0);
  return r;
}
)"},
      {"rm_rem", 'g', {"consts"}, R"(
$T rm_rem($T x, $T y) {
  if (y == $T(0) || isnan(x) || isnan(y) || isinf(x)) return rm_nan_$S();
  if (isinf(y)) return x;
  $T q = trunc(x / y);
  $T r = x - q * y;
  $T ay = abs(y), sx = x < $T(0) ? $T(-1) : $T(1);
  if (r != $T(0) && ((r < $T(0)) != (x < $T(0)))) r += sx * ay;
  if (abs(r) >= ay) r = (abs(r) == ay) ? $T(0) : r - sx * ay;
  return r;
}
)"},
      {"rm_hypot", 'g', {}, R"(
$T rm_hypot($T x, $T y) {
  $T a = abs(x), b = abs(y);
  if (isinf(a)) return a;
  if (isinf(b)) return b;
  if (isnan(a) || isnan(b)) return a + b;
  $T m = max(a, b), n = min(a, b);
  if (m == $T(0)) return m;
  $T r = n / m;
  return m * sqrt($T(1) + r * r);
}
)"},
      // ---------------- float-only helpers (builtins are float; these fix accuracy/semantics)
      {"rm_expm1", 'f', {}, R"(
float rm_expm1(float x) {
  if (abs(x) < 0.5) {
    float p = 2.7557319223985893e-06;
    p = p * x + 2.48015873015873e-05; p = p * x + 0.0001984126984126984;
    p = p * x + 0.001388888888888889; p = p * x + 0.008333333333333333;
    p = p * x + 0.041666666666666664; p = p * x + 0.16666666666666666;
    p = p * x + 0.5; p = p * x + 1.0;
    return p * x;
  }
  return exp(x) - 1.0;
}
)"},
      {"rm_log1p", 'f', {}, R"(
float rm_log1p(float x) {
  if (isinf(x) && x > 0.0) return x;
  precise float u = 1.0 + x;  // precise: (1 + x) - 1 must not be folded to x
  if (u == 1.0) return x;
  precise float um1 = u - 1.0;
  return log(u) * (x / um1);
}
)"},
      {"rm_tanh", 'f', {}, R"(
float rm_tanh(float x) {
  float ax = abs(x), r;
  if (ax < 0.55) {
    float x2 = x * x;
    float p = -0.0014558343870513183;
    p = p * x2 + 0.003592128036572481; p = p * x2 - 0.008863235529902197;
    p = p * x2 + 0.021869488536155203; p = p * x2 - 0.05396825396825397;
    p = p * x2 + 0.13333333333333333; p = p * x2 - 0.3333333333333333;
    r = ax + ax * x2 * p;
  } else {
    r = 1.0 - 2.0 / (exp(2.0 * ax) + 1.0);  // exp overflows to Inf for ax > 44: r = 1
  }
  return x < 0.0 ? -r : r;
}
)"},
      {"rm_sinh", 'f', {"rm_expm1"}, R"(
float rm_sinh(float x) {
  float ax = abs(x), r;
  if (ax < 80.0) { float t = rm_expm1(ax); r = 0.5 * (t + t / (t + 1.0)); }
  else { float e = exp(0.5 * ax); r = (0.5 * e) * e; }
  return x < 0.0 ? -r : r;
}
)"},
      {"rm_cosh", 'f', {}, R"(
float rm_cosh(float x) {
  float ax = abs(x);
  if (ax < 80.0) { float e = exp(ax); return 0.5 * e + 0.5 / e; }
  float e = exp(0.5 * ax); return (0.5 * e) * e;
}
)"},
      {"rm_log10", 'f', {}, R"(
float rm_log10(float x) { return log2(x) * 0.30102999566398120; }
)"},
      {"rm_powpos", 'f', {}, R"(
float rm_powpos(float x, float y) { return pow(x, y); }
)"},
      // ---------------- double-only helpers
      {"rm_exp", 'd', {"consts"}, R"(
double rm_exp(double x) {
  if (isnan(x)) return x;
  if (x > 709.782712893384LF) return rm_inf_d();
  if (x < -745.1332191019412LF) return 0.0LF;
  double n = floor(x * RM_INV_LN2 + 0.5LF);
  precise double r = x - n * RM_LN2_HI;
  r = r - n * RM_LN2_LO;
  double p = 1.6059043836821613e-10LF;
  p = fma(p, r, 2.08767569878681e-09LF); p = fma(p, r, 2.505210838544172e-08LF);
  p = fma(p, r, 2.755731922398589e-07LF); p = fma(p, r, 2.7557319223985893e-06LF);
  p = fma(p, r, 2.48015873015873e-05LF); p = fma(p, r, 0.0001984126984126984LF);
  p = fma(p, r, 0.001388888888888889LF); p = fma(p, r, 0.008333333333333333LF);
  p = fma(p, r, 0.041666666666666664LF); p = fma(p, r, 0.16666666666666666LF);
  p = fma(p, r, 0.5LF); p = fma(p, r, 1.0LF); p = fma(p, r, 1.0LF);
  int e = int(n);
  if (e > 1000 || e < -1000) { int h = e / 2; return ldexp(ldexp(p, h), e - h); }
  return ldexp(p, e);
}
)"},
      {"rm_log_parts", 'd', {"consts"}, R"(
// x finite > 0: returns log(m) with x = m * 2^e, m in [sqrt(1/2), sqrt(2)).
double rm_log_parts(double x, out int e) {
  double m = frexp(x, e);
  if (m < RM_SQRT_HALF) { m *= 2.0LF; e -= 1; }
  double f = m - 1.0LF;
  double s = f / (2.0LF + f);
  double s2 = s * s;
  double p = 0.047619047619047616LF;
  p = fma(p, s2, 0.05263157894736842LF); p = fma(p, s2, 0.058823529411764705LF);
  p = fma(p, s2, 0.06666666666666667LF); p = fma(p, s2, 0.07692307692307693LF);
  p = fma(p, s2, 0.09090909090909091LF); p = fma(p, s2, 0.1111111111111111LF);
  p = fma(p, s2, 0.14285714285714285LF); p = fma(p, s2, 0.2LF);
  p = fma(p, s2, 0.3333333333333333LF);
  return 2.0LF * s + (2.0LF * s) * (s2 * p);
}
)"},
      {"rm_log", 'd', {"rm_log_parts"}, R"(
double rm_log(double x) {
  if (isnan(x) || x < 0.0LF) return rm_nan_d();
  if (x == 0.0LF) return -rm_inf_d();
  if (isinf(x)) return x;
  int e; double lm = rm_log_parts(x, e);
  double de = double(e);
  precise double hi = de * RM_LN2_HI;
  precise double lo = de * RM_LN2_LO + lm;
  return hi + lo;
}
)"},
      {"rm_log2", 'd', {"rm_log_parts"}, R"(
double rm_log2(double x) {
  if (isnan(x) || x < 0.0LF) return rm_nan_d();
  if (x == 0.0LF) return -rm_inf_d();
  if (isinf(x)) return x;
  int e; double lm = rm_log_parts(x, e);
  return double(e) + lm * RM_INV_LN2;
}
)"},
      {"rm_log10", 'd', {"rm_log"}, R"(
double rm_log10(double x) { return rm_log(x) * RM_INV_LN10; }
)"},
      {"rm_log1p", 'd', {"rm_log"}, R"(
double rm_log1p(double x) {
  if (isinf(x) && x > 0.0LF) return x;
  precise double u = 1.0LF + x;  // precise: (1 + x) - 1 must not be folded to x
  if (u == 1.0LF) return x;
  precise double um1 = u - 1.0LF;
  return rm_log(u) * (x / um1);
}
)"},
      {"rm_expm1", 'd', {"rm_exp"}, R"(
double rm_expm1(double x) {
  if (abs(x) < 0.5LF) {
    double p = 2.8114572543455206e-15LF;
    p = fma(p, x, 4.779477332387385e-14LF); p = fma(p, x, 7.647163731819816e-13LF);
    p = fma(p, x, 1.1470745597729725e-11LF); p = fma(p, x, 1.6059043836821613e-10LF);
    p = fma(p, x, 2.08767569878681e-09LF); p = fma(p, x, 2.505210838544172e-08LF);
    p = fma(p, x, 2.755731922398589e-07LF); p = fma(p, x, 2.7557319223985893e-06LF);
    p = fma(p, x, 2.48015873015873e-05LF); p = fma(p, x, 0.0001984126984126984LF);
    p = fma(p, x, 0.001388888888888889LF); p = fma(p, x, 0.008333333333333333LF);
    p = fma(p, x, 0.041666666666666664LF); p = fma(p, x, 0.16666666666666666LF);
    p = fma(p, x, 0.5LF); p = fma(p, x, 1.0LF);
    return p * x;
  }
  return rm_exp(x) - 1.0LF;
}
)"},
      {"rm_tanh", 'd', {"rm_expm1"}, R"(
double rm_tanh(double x) {
  if (isnan(x)) return x;
  double ax = abs(x);
  double r = 1.0LF;
  if (ax < 22.0LF) { double t = rm_expm1(2.0LF * ax); r = t / (t + 2.0LF); }
  return x < 0.0LF ? -r : r;
}
)"},
      {"rm_sinh", 'd', {"rm_expm1"}, R"(
double rm_sinh(double x) {
  if (isnan(x)) return x;
  double ax = abs(x), r;
  if (ax < 700.0LF) { double t = rm_expm1(ax); r = 0.5LF * (t + t / (t + 1.0LF)); }
  else { double e = rm_exp(0.5LF * ax); r = (0.5LF * e) * e; }
  return x < 0.0LF ? -r : r;
}
)"},
      {"rm_cosh", 'd', {"rm_exp"}, R"(
double rm_cosh(double x) {
  double ax = abs(x);
  if (isnan(x)) return x;
  if (ax < 700.0LF) { double e = rm_exp(ax); return 0.5LF * e + 0.5LF / e; }
  double e = rm_exp(0.5LF * ax); return (0.5LF * e) * e;
}
)"},
      // Payne-Hanek reduction for huge trig arguments (shared integer core + per-type wrappers).
      {"rm_ph_core", 'f', {}, R"(
// 2/pi in 32-bit words, most significant first (1280 bits). A switch rather than a const
// array: llvmpipe would materialize a dynamically indexed array in every invocation.
uint rm_2opi(int i) {
  switch (i) {
    case 0: return 0xA2F9836Eu;
    case 1: return 0x4E441529u;
    case 2: return 0xFC2757D1u;
    case 3: return 0xF534DDC0u;
    case 4: return 0xDB629599u;
    case 5: return 0x3C439041u;
    case 6: return 0xFE5163ABu;
    case 7: return 0xDEBBC561u;
    case 8: return 0xB7246E3Au;
    case 9: return 0x424DD2E0u;
    case 10: return 0x06492EEAu;
    case 11: return 0x09D1921Cu;
    case 12: return 0xFE1DEB1Cu;
    case 13: return 0xB129A73Eu;
    case 14: return 0xE88235F5u;
    case 15: return 0x2EBB4484u;
    case 16: return 0xE99C7026u;
    case 17: return 0xB45F7E41u;
    case 18: return 0x3991D639u;
    case 19: return 0x835339F4u;
    case 20: return 0x9C845F8Bu;
    case 21: return 0xBDF9283Bu;
    case 22: return 0x1FF897FFu;
    case 23: return 0xDE05980Fu;
    case 24: return 0xEF2F118Bu;
    case 25: return 0x5A0A6D1Fu;
    case 26: return 0x6D367ECFu;
    case 27: return 0x27CB09B7u;
    case 28: return 0x4F463F66u;
    case 29: return 0x9E5FEA2Du;
    case 30: return 0x7527BAC7u;
    case 31: return 0xEBE5F17Bu;
    case 32: return 0x3D0739F7u;
    case 33: return 0x8A5292EAu;
    case 34: return 0x6BFB5FB1u;
    case 35: return 0x1F8D5D08u;
    case 36: return 0x56033046u;
    case 37: return 0xFC7B6BABu;
    case 38: return 0xF0CFBC20u;
    case 39: return 0x9AF4361Du;
    default: return 0u;
  }
}
uint rm_limb(int i, uint q0, uint q1, uint q2, uint q3, uint q4, uint q5, uint q6) {
  return i <= 0 ? q0 : i == 1 ? q1 : i == 2 ? q2 : i == 3 ? q3 : i == 4 ? q4 : i == 5 ? q5 : i == 6 ? q6 : 0u;
}
// x = (mh:ml) * 2^t. Returns floor(x * 2/pi) mod 4 and the fraction as 64-bit fixed point.
// Straight-line limb arithmetic (no local arrays: they would live in memory on some drivers).
void rm_ph_core(uint mh, uint ml, int t, out uint n, out uint fh, out uint fl) {
  int k0 = max(0, (t - 2) / 32);
  uint q0 = 0u, q1 = 0u, q2 = 0u, q3 = 0u, q4 = 0u, q5 = 0u, q6 = 0u;
  uint hi, lo, c, c1, c2, s;
  {
    uint w = rm_2opi(k0 + 4);
    umulExtended(ml, w, hi, lo);
    q0 = uaddCarry(q0, lo, c);
    s = uaddCarry(q1, hi, c1);
    q1 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q2, 0u, c1);
    q2 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q3, 0u, c1);
    q3 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q4, 0u, c1);
    q4 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q5, 0u, c1);
    q5 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q6, 0u, c1);
    q6 = uaddCarry(s, c, c2);
    c = c1 + c2;
    umulExtended(mh, w, hi, lo);
    q1 = uaddCarry(q1, lo, c);
    s = uaddCarry(q2, hi, c1);
    q2 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q3, 0u, c1);
    q3 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q4, 0u, c1);
    q4 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q5, 0u, c1);
    q5 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q6, 0u, c1);
    q6 = uaddCarry(s, c, c2);
    c = c1 + c2;
  }
  {
    uint w = rm_2opi(k0 + 3);
    umulExtended(ml, w, hi, lo);
    q1 = uaddCarry(q1, lo, c);
    s = uaddCarry(q2, hi, c1);
    q2 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q3, 0u, c1);
    q3 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q4, 0u, c1);
    q4 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q5, 0u, c1);
    q5 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q6, 0u, c1);
    q6 = uaddCarry(s, c, c2);
    c = c1 + c2;
    umulExtended(mh, w, hi, lo);
    q2 = uaddCarry(q2, lo, c);
    s = uaddCarry(q3, hi, c1);
    q3 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q4, 0u, c1);
    q4 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q5, 0u, c1);
    q5 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q6, 0u, c1);
    q6 = uaddCarry(s, c, c2);
    c = c1 + c2;
  }
  {
    uint w = rm_2opi(k0 + 2);
    umulExtended(ml, w, hi, lo);
    q2 = uaddCarry(q2, lo, c);
    s = uaddCarry(q3, hi, c1);
    q3 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q4, 0u, c1);
    q4 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q5, 0u, c1);
    q5 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q6, 0u, c1);
    q6 = uaddCarry(s, c, c2);
    c = c1 + c2;
    umulExtended(mh, w, hi, lo);
    q3 = uaddCarry(q3, lo, c);
    s = uaddCarry(q4, hi, c1);
    q4 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q5, 0u, c1);
    q5 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q6, 0u, c1);
    q6 = uaddCarry(s, c, c2);
    c = c1 + c2;
  }
  {
    uint w = rm_2opi(k0 + 1);
    umulExtended(ml, w, hi, lo);
    q3 = uaddCarry(q3, lo, c);
    s = uaddCarry(q4, hi, c1);
    q4 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q5, 0u, c1);
    q5 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q6, 0u, c1);
    q6 = uaddCarry(s, c, c2);
    c = c1 + c2;
    umulExtended(mh, w, hi, lo);
    q4 = uaddCarry(q4, lo, c);
    s = uaddCarry(q5, hi, c1);
    q5 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q6, 0u, c1);
    q6 = uaddCarry(s, c, c2);
    c = c1 + c2;
  }
  {
    uint w = rm_2opi(k0 + 0);
    umulExtended(ml, w, hi, lo);
    q4 = uaddCarry(q4, lo, c);
    s = uaddCarry(q5, hi, c1);
    q5 = uaddCarry(s, c, c2);
    c = c1 + c2;
    s = uaddCarry(q6, 0u, c1);
    q6 = uaddCarry(s, c, c2);
    c = c1 + c2;
    umulExtended(mh, w, hi, lo);
    q5 = uaddCarry(q5, lo, c);
    s = uaddCarry(q6, hi, c1);
    q6 = uaddCarry(s, c, c2);
    c = c1 + c2;
  }
  int p = 32 * k0 + 160 - t;  // bit index of the binary point
  for (int part = 0; part < 3; ++part) {
    int pos = p - 32 * part, limb = pos >> 5, off = pos & 31;
    uint v = rm_limb(limb, q0, q1, q2, q3, q4, q5, q6) >> uint(off);
    if (off != 0) v |= rm_limb(limb + 1, q0, q1, q2, q3, q4, q5, q6) << uint(32 - off);
    if (part == 0) n = v & 3u;
    else if (part == 1) fh = v;
    else fl = v;
  }
}
)"},
      {"rm_ph", 'f', {"rm_ph_core"}, R"(
float rm_reduce_large(float x, out int qd) {
  uint b = floatBitsToUint(abs(x));
  uint n, fh, fl;
  rm_ph_core(0u, (b & 0x7fffffu) | 0x800000u, int((b >> 23) & 0xffu) - 127 - 23, n, fh, fl);
  bool neg = (fh & 0x80000000u) != 0u;
  if (neg) { n += 1u; fl = ~fl + 1u; fh = ~fh + (fl == 0u ? 1u : 0u); }
  float r = float(fh) * 2.3283064365386963e-10 * 1.5707963267948966;
  if (neg) r = -r;
  int qq = int(n & 3u);
  if (x < 0.0) { r = -r; qq = (4 - qq) & 3; }
  qd = qq;
  return r;
}
)"},
      {"rm_ph", 'd', {"!rm_ph_core"}, R"(
double rm_reduce_large(double x, out int qd) {
  uvec2 u = unpackDouble2x32(abs(x));
  uint n, fh, fl;
  rm_ph_core((u.y & 0xfffffu) | 0x100000u, u.x, int((u.y >> 20) & 0x7ffu) - 1023 - 52, n, fh,
             fl);
  bool neg = (fh & 0x80000000u) != 0u;
  if (neg) { n += 1u; fl = ~fl + 1u; fh = ~fh + (fl == 0u ? 1u : 0u); }
  double f = double(fh) * 2.3283064365386963e-10LF + double(fl) * 5.421010862427522e-20LF;
  double r = f * RM_PI_2;
  if (neg) r = -r;
  int qq = int(n & 3u);
  if (x < 0.0LF) { r = -r; qq = (4 - qq) & 3; }
  qd = qq;
  return r;
}
)"},
      {"rm_trig", 'f', {"consts", "rm_ph"}, R"(
// Float sin/cos/tan: Cody-Waite reduction by pi/2 in three steps (exact products while
// |x| < RMF_PH_MIN, Payne-Hanek beyond), then Taylor polynomials of float length on
// |r| <= pi/4 (truncation < 3e-9 relative: sin to r^9, cos to r^10). The double algorithm's
// polynomials would cost twice the instructions for no float accuracy, and fused elementwise
// chains with trig are instruction-bound on fast GPUs.
// +-Inf takes the rare branch too (NaN comes out); NaN flows through the arithmetic.
float rm_reduce_pio2(float x, out int q) {
  if (rm_any(abs(x) > RMF_PH_MIN)) {  // uniform test: skipped unless some lane needs it
    if (isinf(x)) { q = 0; return rm_nan_f(); }
    if (abs(x) > RMF_PH_MIN) return rm_reduce_large(x, q);
  }
  float n = floor(x * RMF_2_PI + 0.5);
  precise float r = x - n * RMF_PIO2_1;
  r = r - n * RMF_PIO2_2;
  r = r - n * RMF_PIO2_3;
  q = int(n) & 3;
  return r;
}
float rm_sin_k(float r) {
  float r2 = r * r;
  float p = 2.7557319e-06;
  p = p * r2 - 1.9841270e-04; p = p * r2 + 8.3333333e-03; p = p * r2 - 1.6666667e-01;
  return r + r * r2 * p;
}
float rm_cos_k(float r) {
  float r2 = r * r;
  float p = -2.7557319e-07;
  p = p * r2 + 2.4801587e-05; p = p * r2 - 1.3888889e-03; p = p * r2 + 4.1666667e-02;
  return (1.0 - 0.5 * r2) + r2 * r2 * p;
}
float rm_sin(float x) {
  int q; float r = rm_reduce_pio2(x, q);
  float v = (q & 1) == 0 ? rm_sin_k(r) : rm_cos_k(r);
  return (q & 2) == 0 ? v : -v;
}
float rm_cos(float x) {
  int q; float r = rm_reduce_pio2(x, q);
  float v = (q & 1) == 0 ? rm_cos_k(r) : rm_sin_k(r);
  return (q == 0 || q == 3) ? v : -v;
}
float rm_tan(float x) {
  int q; float r = rm_reduce_pio2(x, q);
  float s = rm_sin_k(r), c = rm_cos_k(r);
  return (q & 1) == 0 ? s / c : -c / s;
}
)"},
      {"rm_trig", 'd', {"consts", "rm_ph"}, R"(
// Cody-Waite reduction by pi/2 in four steps with exact products while |x| < RM_PH_MIN;
// beyond that Payne-Hanek (rm_reduce_large) with 2/pi to 1280 bits.
double rm_reduce_pio2(double x, out int q) {
  if (rm_any(abs(x) > RM_PH_MIN)) {  // uniform test: skipped unless some lane needs it
    if (abs(x) > RM_PH_MIN) return rm_reduce_large(x, q);
  }
  double n = floor(x * RM_2_PI + 0.5LF);
  precise double r = x - n * RM_PIO2_1;
  r = r - n * RM_PIO2_2;
  r = r - n * RM_PIO2_3;
  r = r - n * RM_PIO2_4;
  q = int(n - 4.0LF * floor(n * 0.25LF));
  return r;
}
double rm_sin_k(double r) {
  double r2 = r * r;
  double p = 2.8114572543455206e-15LF;
  p = fma(p, r2, -7.647163731819816e-13LF); p = fma(p, r2, 1.6059043836821613e-10LF);
  p = fma(p, r2, -2.505210838544172e-08LF); p = fma(p, r2, 2.7557319223985893e-06LF);
  p = fma(p, r2, -0.0001984126984126984LF); p = fma(p, r2, 0.008333333333333333LF);
  p = fma(p, r2, -0.16666666666666666LF);
  return fma(r * r2, p, r);
}
double rm_cos_k(double r) {
  double r2 = r * r;
  double p = -1.5619206968586225e-16LF;
  p = fma(p, r2, 4.779477332387385e-14LF); p = fma(p, r2, -1.1470745597729725e-11LF);
  p = fma(p, r2, 2.08767569878681e-09LF); p = fma(p, r2, -2.755731922398589e-07LF);
  p = fma(p, r2, 2.48015873015873e-05LF); p = fma(p, r2, -0.001388888888888889LF);
  p = fma(p, r2, 0.041666666666666664LF);
  precise double h = 0.5LF * r2;
  precise double w = 1.0LF - h;
  precise double t = ((1.0LF - w) - h) + r2 * r2 * p;
  return w + t;
}
double rm_sin(double x) {
  if (isinf(x) || isnan(x)) return rm_nan_d();
  int q; double r = rm_reduce_pio2(x, q);
  double v = (q & 1) == 0 ? rm_sin_k(r) : rm_cos_k(r);
  return (q & 2) == 0 ? v : -v;
}
double rm_cos(double x) {
  if (isinf(x) || isnan(x)) return rm_nan_d();
  int q; double r = rm_reduce_pio2(x, q);
  double v = (q & 1) == 0 ? rm_cos_k(r) : rm_sin_k(r);
  return (q == 0 || q == 3) ? v : -v;
}
double rm_tan(double x) {
  if (isinf(x) || isnan(x)) return rm_nan_d();
  int q; double r = rm_reduce_pio2(x, q);
  double s = rm_sin_k(r), c = rm_cos_k(r);
  return (q & 1) == 0 ? s / c : -c / s;
}
)"},
      {"rm_atan", 'x', {"consts"}, R"(
double rm_atan(double x) {
  if (isnan(x)) return x;
  double a = abs(x);
  bool inv = a > 1.0LF;
  if (inv) a = 1.0LF / a;
  double off = 0.0LF;
  if (a > 0.2679491924311227LF) { a = (a * RM_SQRT3 - 1.0LF) / (RM_SQRT3 + a); off = RM_PI_6; }
  double t2 = a * a;
  double p = 0.034482758620689655LF;
  p = fma(p, t2, -0.037037037037037035LF); p = fma(p, t2, 0.04LF);
  p = fma(p, t2, -0.043478260869565216LF); p = fma(p, t2, 0.047619047619047616LF);
  p = fma(p, t2, -0.05263157894736842LF); p = fma(p, t2, 0.058823529411764705LF);
  p = fma(p, t2, -0.06666666666666667LF); p = fma(p, t2, 0.07692307692307693LF);
  p = fma(p, t2, -0.09090909090909091LF); p = fma(p, t2, 0.1111111111111111LF);
  p = fma(p, t2, -0.14285714285714285LF); p = fma(p, t2, 0.2LF);
  p = fma(p, t2, -0.3333333333333333LF);
  double r = off + fma(a * t2, p, a);
  if (inv) r = RM_PI_2 - r;
  return x < 0.0LF ? -r : r;
}
)"},
      {"rm_atan2", 'x', {"rm_atan"}, R"(
double rm_atan2(double y, double x) {
  if (isnan(x) || isnan(y)) return x + y;
  bool xneg = (unpackDouble2x32(x).y >> 31) != 0u;
  bool yneg = (unpackDouble2x32(y).y >> 31) != 0u;
  double sy = yneg ? -1.0LF : 1.0LF;
  if (y == 0.0LF) return xneg ? sy * RM_PI : y;
  if (x == 0.0LF) return sy * RM_PI_2;
  if (isinf(x) && isinf(y)) return sy * (xneg ? RM_3PI_4 : RM_PI_4);
  if (isinf(x)) return xneg ? sy * RM_PI : sy * 0.0LF;
  if (isinf(y)) return sy * RM_PI_2;
  double ax = abs(x), ay = abs(y), r;
  if (ay <= ax) {
    r = rm_atan(ay / ax);
    if (xneg) r = RM_PI - r;
  } else {
    r = RM_PI_2 - rm_atan(ax / ay);
    if (xneg) r = RM_PI - r;
  }
  return sy * r;
}
)"},
      {"rm_asin", 'x', {"rm_atan2"}, R"(
double rm_asin(double x) {
  if (abs(x) > 1.0LF) return rm_nan_d();
  return rm_atan2(x, sqrt((1.0LF - x) * (1.0LF + x)));
}
double rm_acos(double x) {
  if (abs(x) > 1.0LF) return rm_nan_d();
  return rm_atan2(sqrt((1.0LF - x) * (1.0LF + x)), x);
}
)"},
      {"rm_powpos", 'd', {"rm_exp", "rm_log"}, R"(
// x > 0 finite, y finite: exp(y*log(x)); relative error ~|y*log(x)|*eps.
double rm_powpos(double x, double y) { return rm_exp(y * rm_log(x)); }
)"},
      {"rm_pow", 'g', {"consts", "rm_powpos"}, R"(
$T rm_pow($T x, $T y) {
  if (y == $T(0)) return $T(1);
  if (x == $T(1)) return $T(1);
  if (isnan(x) || isnan(y)) return x + y;
  $T ax = abs(x);
  bool yint = floor(y) == y;
  bool yodd = yint && !isinf(y) && abs(y) < $T(9007199254740992.0) && (y - $T(2) * floor(y * $T(0.5))) == $T(1);
  if (isinf(y)) {
    if (ax == $T(1)) return $T(1);
    return ((ax > $T(1)) == (y > $T(0))) ? rm_inf_$S() : $T(0);
  }
  if (x == $T(0)) { $T r = y > $T(0) ? $T(0) : rm_inf_$S(); return (yodd && (x < $T(0) || (1.0 / x) < 0.0)) ? -r : r; }
  if (isinf(x)) {
    $T r = y > $T(0) ? rm_inf_$S() : $T(0);
    return (x < $T(0) && yodd) ? -r : r;
  }
  if (x < $T(0) && !yint) return rm_nan_$S();
  $T r;
  if (yint && abs(y) <= $T(1024)) {
    int n = int(abs(y));
    $T b = ax; r = $T(1);
    while (n > 0) { if ((n & 1) != 0) r *= b; b *= b; n >>= 1; }
    if (y < $T(0)) r = $T(1) / r;
  } else {
    r = rm_powpos(ax, y);
  }
  return (x < $T(0) && yodd) ? -r : r;
}
)"},
  };
  return h;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size())
    s.replace(p, from.size(), to);
}

std::string instantiate(const Helper& h, char t) {
  std::string s = h.text;
  if (h.type == 'x' && t == 'f') {
    replace_all(s, "unpackDouble2x32(x).y", "floatBitsToUint(x)");
    replace_all(s, "unpackDouble2x32(y).y", "floatBitsToUint(y)");
    replace_all(s, "double", "float");
    replace_all(s, "LF", "");
    replace_all(s, "RM_", "RMF_");
    replace_all(s, "rm_nan_d", "rm_nan_f");
    replace_all(s, "rm_inf_d", "rm_inf_f");
  }
  const std::string T = t == 'd' ? "double" : "float";
  const std::string S = t == 'd' ? "d" : "f";
  for (size_t p; (p = s.find("$T")) != std::string::npos;) s.replace(p, 2, T);
  for (size_t p; (p = s.find("$S")) != std::string::npos;) s.replace(p, 2, S);
  return s;
}

const Helper* find(const char* name, char t) {
  for (const Helper& h : helpers())
    if (std::string(h.name) == name && (h.type == t || h.type == 'g' || h.type == 'x')) return &h;
  return nullptr;
}

void need(std::set<std::pair<std::string, char>>& set, const char* name, char t) {
  const Helper* h = find(name, t);
  if (!h || !set.insert({name, t}).second) return;
  for (const char* d : h->deps) {
    if (d[0] == '!')
      need(set, d + 1, 'f');  // a type-neutral helper that lives in the float group
    else
      need(set, d, t);
  }
}

const char* unary_helper(uint32_t op, char t) {
  switch (op) {
    case RM_UN_ROUND:
      return "rm_round";
    case RM_UN_SIGN:
      return "rm_sign";
    case RM_UN_TANH:
      return "rm_tanh";
    case RM_UN_SINH:
      return "rm_sinh";
    case RM_UN_COSH:
      return "rm_cosh";
    case RM_UN_EXPM1:
      return "rm_expm1";
    case RM_UN_LOG1P:
      return "rm_log1p";
    case RM_UN_LOG10:
      return "rm_log10";
    default:
      break;
  }
  switch (op) {
    case RM_UN_SIN:
    case RM_UN_COS:
    case RM_UN_TAN:
      return "rm_trig";
    case RM_UN_ATAN:
      return "rm_atan";
    case RM_UN_ASIN:
    case RM_UN_ACOS:
      return "rm_asin";
    default:
      break;
  }
  if (t == 'd') {
    switch (op) {
      case RM_UN_EXP:
        return "rm_exp";
      case RM_UN_LOG:
        return "rm_log";
      case RM_UN_LOG2:
        return "rm_log2";
      default:
        break;
    }
  }
  return nullptr;
}

const char* binary_helper(uint32_t op) {
  switch (op) {
    case RM_BIN_POW:
      return "rm_pow";
    case RM_BIN_MIN:
      return "rm_min";
    case RM_BIN_MAX:
      return "rm_max";
    case RM_BIN_ATAN2:
      return "rm_atan2";
    case RM_BIN_HYPOT:
      return "rm_hypot";
    case RM_BIN_MOD:
      return "rm_mod";
    case RM_BIN_REM:
      return "rm_rem";
    default:
      return nullptr;
  }
}

}  // namespace

std::string glsl_math_helpers(const KernelInfo& k) {
  std::set<std::pair<std::string, char>> needed;
  for (const Inst& in : k.insts) {
    char t = in.dtype == RM_DTYPE_F64 ? 'd' : 'f';
    if (in.opcode == RM_IR_UNARY) {
      if (const char* h = unary_helper(in.sub, t)) need(needed, h, t);
    } else if (in.opcode == RM_IR_BINARY) {
      if (const char* h = binary_helper(in.sub)) need(needed, h, t);
    } else if (in.opcode == RM_IR_CONST || in.opcode == RM_IR_REDUCE) {
      if (in.dtype != RM_DTYPE_BOOL) need(needed, "consts", t);
      if (in.opcode == RM_IR_REDUCE && (in.sub == RM_RED_MIN || in.sub == RM_RED_MAX)) {
        need(needed, "rm_min", t);
        need(needed, "rm_max", t);
      }
    }
  }
  std::string out;
  for (char t : {'f', 'd'})
    for (const Helper& h : helpers())
      if ((h.type == t || h.type == 'g' || h.type == 'x') && needed.count({h.name, t}))
        out += instantiate(h, t);
  return out;
}

}  // namespace rmvk
