// GLSL for RM_IR_RANDOM: Philox4x32-10 and the uniform/normal transforms of
// runmat/accel_random.h, statement for statement, so a device computes the same bits as the
// host generator and the CPU plugin. Every floating-point value is `precise` (no contraction
// into FMAs, no reassociation); constants are emitted as bit patterns taken from the C header,
// so no decimal literal is re-parsed by the shader compiler.
#include <cstdio>
#include <cstring>

#include "runmat/accel_random.h"
#include "vk_internal.h"

namespace rmvk {
namespace {

std::string fconst(float v) {
  uint32_t u;
  std::memcpy(&u, &v, 4);
  char buf[48];
  std::snprintf(buf, sizeof buf, "uintBitsToFloat(0x%08xu)", u);
  return buf;
}

std::string dconst(double v) {
  uint64_t u;
  std::memcpy(&u, &v, 8);
  char buf[80];
  std::snprintf(buf, sizeof buf, "packDouble2x32(uvec2(0x%08xu, 0x%08xu))",
                static_cast<uint32_t>(u), static_cast<uint32_t>(u >> 32));
  return buf;
}

// Horner over coefficients c[0..n-1] in `z`, into precise variable `var` of type `t`.
template <class T, class Const>
std::string horner(const char* t, const char* var, const T* c, int n, const char* z, Const k) {
  std::string s = std::string("  precise ") + t + " " + var + " = " + k(c[n - 1]) + ";\n";
  for (int i = n - 2; i >= 0; --i)
    s += std::string("  ") + var + " = " + var + " * " + z + " + " + k(c[i]) + ";\n";
  return s;
}

const char* kPhilox = R"(uvec4 rm_philox(uvec2 ctr, uvec2 key) {
  uint c0 = ctr.x, c1 = ctr.y, c2 = 0u, c3 = 0u, k0 = key.x, k1 = key.y;
  for (int r = 0; r < 10; ++r) {
    uint hi0, lo0, hi1, lo1;
    umulExtended(0xD2511F53u, c0, hi0, lo0);
    umulExtended(0xCD9E8D57u, c2, hi1, lo1);
    uint n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
    c1 = lo1; c3 = lo0; c0 = n0; c2 = n2;
    k0 += 0x9E3779B9u; k1 += 0xBB67AE85u;
  }
  return uvec4(c0, c1, c2, c3);
}
// The words of stream position rng_base + offset + e (64-bit arithmetic on (lo, hi) pairs).
uvec4 rm_rng_words(uint off_lo, uint off_hi, uint e, uvec2 key) {
  uint c1, c2;
  uint lo = uaddCarry(pc.rng_lo, off_lo, c1);
  uint hi = pc.rng_hi + off_hi + c1;
  lo = uaddCarry(lo, e, c2);
  return rm_philox(uvec2(lo, hi + c2), key);
}
)";

std::string f32_helpers() {
  auto k = [](float v) { return fconst(v); };
  std::string s;
  s += "float rm_rng_uniform_f(uint w0) {\n  precise float u = float(((w0 >> 9u) << 1u) | 1u) * " +
       fconst(0x1p-24f) + ";\n  return u;\n}\n";
  s += "float rm_rng_log_f(float u) {\n  uint b = floatBitsToUint(u);\n"
       "  int e = int(b >> 23u) - 127;\n"
       "  precise float m = uintBitsToFloat((b & 0x7FFFFFu) | 0x3F800000u);\n"
       "  if (m > " +
       fconst(RM_RNG_SQRT2_F) + ") { m = m * 0.5; e = e + 1; }\n";
  s += "  precise float t = m - 1.0;\n  precise float d = 2.0 + t;\n";
  s += "  precise float r = " + fconst(static_cast<float>(RM_RNG_RECIP_A)) + " - " +
       fconst(static_cast<float>(RM_RNG_RECIP_B)) + " * d;\n";
  for (int i = 0; i < 3; ++i) s += "  r = r * (2.0 - d * r);\n";
  s += "  precise float s = t * r;\n  precise float z = s * s;\n";
  s += horner("float", "p", rm_rng_log_f, RM_RNG_LOG_F_N, "z", k);
  s += "  precise float fe = float(e);\n  precise float l = fe * " + fconst(RM_RNG_LN2_HI_F) +
       " + (fe * " + fconst(RM_RNG_LN2_LO_F) + " + (s + s) * p);\n  return l;\n}\n";
  s += "float rm_rng_sqrt_f(float v) {\n  precise float y = uintBitsToFloat(0x5f3759dfu - "
       "(floatBitsToUint(v) >> 1u));\n  precise float h = 0.5 * v;\n";
  for (int i = 0; i < 4; ++i) s += "  y = y * (1.5 - h * (y * y));\n";
  s += "  precise float s = v * y;\n  precise float r = s + (0.5 * y) * (v - s * s);\n"
       "  return r;\n}\n";
  s += "float rm_rng_cos_turn_f(uint a) {\n  uint q = a >> 22u, r = a & 0x3FFFFFu;\n"
       "  bool swap = r > 0x200000u;\n  if (swap) r = 0x400000u - r;\n"
       "  precise float y = float(r) * " +
       fconst(RM_RNG_ANGLE_F) + ";\n  precise float z = y * y;\n";
  s += horner("float", "c", rm_rng_cos_f, RM_RNG_COS_F_N, "z", k);
  s += horner("float", "sn", rm_rng_sin_f, RM_RNG_SIN_F_N, "z", k);
  s += "  sn = sn * y;\n  precise float v = (((q & 1u) == 0u) != swap) ? c : sn;\n"
       "  return (q == 1u || q == 2u) ? -v : v;\n}\n";
  s += "float rm_rand_u_f(uvec4 w) { return rm_rng_uniform_f(w.x); }\n";
  s += "float rm_rand_n_f(uvec4 w) {\n  precise float v = -2.0 * "
       "rm_rng_log_f(rm_rng_uniform_f(w.x));\n"
       "  precise float z = rm_rng_sqrt_f(v) * rm_rng_cos_turn_f(w.z >> 8u);\n  return z;\n}\n";
  return s;
}

std::string f64_helpers() {
  auto k = [](double v) { return dconst(v); };
  std::string s;
  s += "double rm_rng_uniform_d(uint w0, uint w1) {\n  precise double u = (double(w0 >> 6u) * "
       "134217728.0LF + double(((w1 >> 6u) << 1u) | 1u)) * " +
       dconst(0x1p-53) + ";\n  return u;\n}\n";
  s += "double rm_rng_log_d(double u) {\n  uvec2 b = unpackDouble2x32(u);\n"
       "  int e = int(b.y >> 20u) - 1023;\n"
       "  precise double m = packDouble2x32(uvec2(b.x, (b.y & 0xFFFFFu) | 0x3FF00000u));\n"
       "  if (m > " +
       dconst(RM_RNG_SQRT2_D) + ") { m = m * 0.5LF; e = e + 1; }\n";
  s += "  precise double t = m - 1.0LF;\n  precise double d = 2.0LF + t;\n";
  s +=
      "  precise double r = " + dconst(RM_RNG_RECIP_A) + " - " + dconst(RM_RNG_RECIP_B) + " * d;\n";
  for (int i = 0; i < 4; ++i) s += "  r = r * (2.0LF - d * r);\n";
  s += "  precise double s = t * r;\n  precise double z = s * s;\n";
  s += horner("double", "p", rm_rng_log_d, RM_RNG_LOG_D_N, "z", k);
  s += "  precise double fe = double(e);\n  precise double l = fe * " + dconst(RM_RNG_LN2_HI_D) +
       " + (fe * " + dconst(RM_RNG_LN2_LO_D) + " + (s + s) * p);\n  return l;\n}\n";
  // 0x5fe6eb50c7b537a9 - (bits >> 1), on 32-bit halves.
  s += "double rm_rng_sqrt_d(double v) {\n  uvec2 b = unpackDouble2x32(v);\n"
       "  uint hlo = (b.x >> 1u) | (b.y << 31u), hhi = b.y >> 1u, borrow;\n"
       "  uint lo = usubBorrow(0xc7b537a9u, hlo, borrow);\n"
       "  precise double y = packDouble2x32(uvec2(lo, 0x5fe6eb50u - hhi - borrow));\n"
       "  precise double h = 0.5LF * v;\n";
  for (int i = 0; i < 5; ++i) s += "  y = y * (1.5LF - h * (y * y));\n";
  s += "  precise double s = v * y;\n  precise double r = s + (0.5LF * y) * (v - s * s);\n"
       "  return r;\n}\n";
  s += "double rm_rng_cos_turn_d(uint w2, uint w3) {\n  uint q = w2 >> 30u;\n"
       "  precise double r = double(w2 & 0x3FFFFFFFu) * 2097152.0LF + double(w3 >> 11u);\n"
       "  bool swap = r > 1125899906842624.0LF;\n  if (swap) r = 2251799813685248.0LF - r;\n"
       "  precise double y = r * " +
       dconst(RM_RNG_ANGLE_D) + ";\n  precise double z = y * y;\n";
  s += horner("double", "c", rm_rng_cos_d, RM_RNG_COS_D_N, "z", k);
  s += horner("double", "sn", rm_rng_sin_d, RM_RNG_SIN_D_N, "z", k);
  s += "  sn = sn * y;\n  precise double v = (((q & 1u) == 0u) != swap) ? c : sn;\n"
       "  return (q == 1u || q == 2u) ? -v : v;\n}\n";
  s += "double rm_rand_u_d(uvec4 w) { return rm_rng_uniform_d(w.x, w.y); }\n";
  s += "double rm_rand_n_d(uvec4 w) {\n  precise double v = -2.0LF * rm_rng_log_d(rm_rng_uniform_d("
       "w.x, w.y));\n  precise double z = rm_rng_sqrt_d(v) * rm_rng_cos_turn_d(w.z, w.w);\n"
       "  return z;\n}\n";
  return s;
}

}  // namespace

std::string glsl_random_helpers(const KernelInfo& k) {
  bool f = false, d = false;
  for (const Inst& in : k.insts) {
    if (in.opcode != RM_IR_RANDOM) continue;
    (in.dtype == RM_DTYPE_F64 ? d : f) = true;
  }
  if (!f && !d) return {};
  std::string s = kPhilox;
  if (f) s += f32_helpers();
  if (d) s += f64_helpers();
  return s;
}

std::string glsl_random_expr(const Inst& in, const char* lin) {
  const uint64_t key = static_cast<uint64_t>(in.imm);
  char buf[160];
  std::snprintf(buf, sizeof buf, "rm_rand_%s_%s(rm_rng_words(%uu, %uu, %s, uvec2(%uu, %uu)))",
                in.sub == RM_RAND_NORMAL ? "n" : "u", in.dtype == RM_DTYPE_F64 ? "d" : "f", in.b,
                in.c, lin, static_cast<uint32_t>(key), static_cast<uint32_t>(key >> 32));
  return buf;
}

}  // namespace rmvk
