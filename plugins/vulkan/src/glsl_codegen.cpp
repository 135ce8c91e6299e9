// Kernel IR -> GLSL 450 compute shader. Elementwise kernels run a 1-D grid-stride loop over
// the iteration space, either one element per step or (vectorized, the default when a float
// buffer is read or written linearly) four: LINEAR float inputs and float outputs are then
// declared as vec4/dvec4 arrays, so each step is one 16-byte (32 for double) load per input
// and one store per output, and the last count % 4 elements are done one by one through
// component indexing. Every element is still computed by the same scalar expressions, so
// results are bit-identical to the scalar form. Reduce kernels get one shader with four
// launch-time modes (push constant `mode`): 0 thread per output, 1 workgroup per output,
// 2 partials into the scratch buffer, 3 final pass over the partials (+ epilogue). Sums are
// compensated throughout (see the reduce section).
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "vk_internal.h"

namespace rmvk {
namespace {

const char* type_name(uint32_t dt) {
  return dt == RM_DTYPE_F64 ? "double" : dt == RM_DTYPE_BOOL ? "bool" : "float";
}
const char* buffer_elem(uint32_t dt) {
  return dt == RM_DTYPE_F64 ? "double" : dt == RM_DTYPE_BOOL ? "uint8_t" : "float";
}
const char* sfx(uint32_t dt) {
  return dt == RM_DTYPE_F64 ? "d" : "f";
}

std::string literal(uint32_t dt, double v) {
  char buf[64];
  if (dt == RM_DTYPE_BOOL) return v != 0.0 ? "true" : "false";
  if (std::isnan(v)) return std::string("rm_nan_") + sfx(dt) + "()";
  if (std::isinf(v)) return std::string(v < 0 ? "(-" : "(") + "rm_inf_" + sfx(dt) + "())";
  if (dt == RM_DTYPE_F64) {
    std::snprintf(buf, sizeof buf, "%.17g", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(static_cast<float>(v)));
  }
  std::string s = buf;
  if (s.find_first_of(".en") == std::string::npos) s += ".0";
  if (dt == RM_DTYPE_F64) s += "LF";
  if (s[0] == '-') s = "(" + s + ")";
  return s;
}

struct Gen {
  const KernelInfo& k;
  std::string out;
  // Vectorized elementwise kernels: which slots are vec4/dvec4 arrays, and which lane of the
  // current 4-element step is being emitted (kTail: one element addressed by component).
  std::vector<bool> vec_in, vec_out;
  static constexpr int kScalar = -1, kTail = -2;
  int lane = kScalar;

  bool vec_input(uint32_t slot) const { return slot < vec_in.size() && vec_in[slot]; }
  bool vec_output(uint32_t slot) const { return slot < vec_out.size() && vec_out[slot]; }
  static const char* lane_name(int l) {
    static const char* names[] = {"x", "y", "z", "w"};
    return names[l];
  }

  std::string val(uint32_t v) const {
    const Inst& in = k.insts[v];
    if (in.opcode == RM_IR_CONST) return literal(in.dtype, in.imm);
    return "v" + std::to_string(v);
  }

  std::string unary(const Inst& in) const {
    std::string a = val(in.a);
    bool d = in.dtype == RM_DTYPE_F64 || (k.insts[in.a].dtype == RM_DTYPE_F64);
    auto call = [&](const char* f) { return std::string(f) + "(" + a + ")"; };
    switch (in.sub) {
      case RM_UN_NEG:
        return "(-" + a + ")";
      case RM_UN_ABS:
        return call("abs");
      case RM_UN_SQRT:
        return call("sqrt");
      case RM_UN_EXP:
        return call(d ? "rm_exp" : "exp");
      case RM_UN_LOG:
        return call(d ? "rm_log" : "log");
      case RM_UN_SIN:
        return call("rm_sin");
      case RM_UN_COS:
        return call("rm_cos");
      case RM_UN_TAN:
        return call("rm_tan");
      case RM_UN_TANH:
        return call("rm_tanh");
      case RM_UN_FLOOR:
        return call("floor");
      case RM_UN_CEIL:
        return call("ceil");
      case RM_UN_ROUND:
        return call("rm_round");
      case RM_UN_FIX:
        return call("trunc");
      case RM_UN_SIGN:
        return call("rm_sign");
      case RM_UN_NOT:
        return "(!" + a + ")";
      case RM_UN_ASIN:
        return call("rm_asin");
      case RM_UN_ACOS:
        return call("rm_acos");
      case RM_UN_ATAN:
        return call("rm_atan");
      case RM_UN_SINH:
        return call("rm_sinh");
      case RM_UN_COSH:
        return call("rm_cosh");
      case RM_UN_LOG2:
        return call(d ? "rm_log2" : "log2");
      case RM_UN_LOG10:
        return call("rm_log10");
      case RM_UN_EXPM1:
        return call("rm_expm1");
      case RM_UN_LOG1P:
        return call("rm_log1p");
      case RM_UN_ISNAN:
        return call("isnan");
      case RM_UN_ISINF:
        return call("isinf");
      case RM_UN_ISFINITE:
        return "(!isnan(" + a + ") && !isinf(" + a + "))";
      default:
        return "?";
    }
  }

  std::string binary(const Inst& in) const {
    std::string a = val(in.a), b = val(in.b);
    auto op = [&](const char* o) { return "(" + a + " " + o + " " + b + ")"; };
    auto call = [&](const char* f) { return std::string(f) + "(" + a + ", " + b + ")"; };
    switch (in.sub) {
      case RM_BIN_ADD:
        return op("+");
      case RM_BIN_SUB:
        return op("-");
      case RM_BIN_MUL:
        return op("*");
      case RM_BIN_DIV:
        return op("/");
      case RM_BIN_POW:
        return call("rm_pow");
      case RM_BIN_MIN:
        return call("rm_min");
      case RM_BIN_MAX:
        return call("rm_max");
      case RM_BIN_ATAN2:
        return call("rm_atan2");
      case RM_BIN_HYPOT:
        return call("rm_hypot");
      case RM_BIN_MOD:
        return call("rm_mod");
      case RM_BIN_REM:
        return call("rm_rem");
      case RM_BIN_AND:
        return op("&&");
      case RM_BIN_OR:
        return op("||");
      case RM_BIN_XOR:
        return op("!=");
      default:
        return "?";
    }
  }

  std::string compare(const Inst& in) const {
    std::string a = val(in.a), b = val(in.b);
    if (k.insts[in.a].dtype == RM_DTYPE_BOOL) {
      a = "uint(" + a + ")";
      b = "uint(" + b + ")";
    }
    auto op = [&](const char* o) { return "(" + a + " " + o + " " + b + ")"; };
    switch (in.sub) {
      case RM_CMP_EQ:
        return op("==");
      case RM_CMP_NE:
        return "(!" + op("==") + ")";  // true for NaN operands
      case RM_CMP_LT:
        return op("<");
      case RM_CMP_LE:
        return op("<=");
      case RM_CMP_GT:
        return op(">");
      default:
        return op(">=");
    }
  }

  std::string cast(const Inst& in) const {
    std::string a = val(in.a);
    uint32_t from = k.insts[in.a].dtype, to = in.dtype;
    if (from == to) return a;
    if (to == RM_DTYPE_BOOL) return "(" + a + " != " + type_name(from) + "(0))";
    return std::string(type_name(to)) + "(" + a + ")";
  }

  std::string load(const Inst& in, const char* lin) const {
    if (in.sub == RM_ACCESS_LINEAR && vec_input(in.a)) {
      if (lane >= 0) return "L" + std::to_string(in.a) + "." + lane_name(lane);
      return "in" + std::to_string(in.a) + ".d[" + lin + " >> 2u][" + lin + " & 3u]";
    }
    std::string idx = in.sub == RM_ACCESS_SCALAR   ? std::string("0")
                      : in.sub == RM_ACCESS_LINEAR ? std::string(lin)
                                                   : "uint(off" + std::to_string(in.a) + ")";
    std::string e = "in" + std::to_string(in.a) + ".d[" + idx + "]";
    if (in.dtype == RM_DTYPE_BOOL) return "(uint(" + e + ") != 0u)";
    return e;
  }

  std::string store(const Inst& in, const char* idx) const {
    std::string v = val(in.b);
    uint32_t from = k.insts[in.b].dtype;
    std::string e;
    if (in.dtype == RM_DTYPE_BOOL) {
      if (from != RM_DTYPE_BOOL) v = "(" + v + " != " + type_name(from) + "(0))";
      e = "uint8_t(" + v + " ? 1u : 0u)";
    } else {
      e = from == in.dtype ? v : std::string(type_name(in.dtype)) + "(" + v + ")";
    }
    if (vec_output(in.a)) {
      if (lane >= 0)
        return "  O" + std::to_string(in.a) + "." + lane_name(lane) + " = " + e + ";\n";
      return "  out" + std::to_string(in.a) + ".d[" + idx + " >> 2u][" + idx + " & 3u] = " + e +
             ";\n";
    }
    return "  out" + std::to_string(in.a) + ".d[" + idx + "] = " + e + ";\n";
  }

  // Emits instructions [b, e) as statements; `lin` names the linear index variable.
  void body(uint32_t b, uint32_t e, const char* lin, const char* out_idx) {
    // Strided offsets, shared by all STRIDED inputs of this range.
    std::vector<uint32_t> strided;
    for (uint32_t i = b; i < e; ++i)
      if (k.insts[i].opcode == RM_IR_INPUT && k.insts[i].sub == RM_ACCESS_STRIDED) {
        bool seen = false;
        for (uint32_t s : strided) seen |= s == k.insts[i].a;
        if (!seen) strided.push_back(k.insts[i].a);
      }
    if (!strided.empty()) {
      for (uint32_t s : strided) out += "  int off" + std::to_string(s) + " = 0;\n";
      out += "  {\n    uint r = " + std::string(lin) + ";\n";
      out += "    for (uint d = 0u; d < pc.rank; ++d) {\n";
      out += "      uint q = r / pc.dims[d]; int id = int(r - q * pc.dims[d]); r = q;\n";
      for (uint32_t s : strided)
        out += "      off" + std::to_string(s) + " += id * st.s[" +
               std::to_string(s * RM_MAX_RANK) + "u + d];\n";
      out += "    }\n  }\n";
    }
    for (uint32_t i = b; i < e; ++i) {
      const Inst& in = k.insts[i];
      std::string expr;
      switch (in.opcode) {
        case RM_IR_CONST:
        case RM_IR_REDUCE:
          continue;
        case RM_IR_OUTPUT:
          out += store(in, out_idx);
          continue;
        case RM_IR_INPUT:
          expr = load(in, lin);
          break;
        case RM_IR_INDEX:
          expr = std::string(type_name(in.dtype)) + "(" + lin + ")";
          break;
        case RM_IR_RANDOM:
          expr = glsl_random_expr(in, lin);
          break;
        case RM_IR_UNARY:
          expr = unary(in);
          break;
        case RM_IR_BINARY:
          expr = binary(in);
          break;
        case RM_IR_COMPARE:
          expr = compare(in);
          break;
        case RM_IR_SELECT:
          expr = "(" + val(in.a) + " ? " + val(in.b) + " : " + val(in.c) + ")";
          break;
        case RM_IR_CAST:
          expr = cast(in);
          break;
        default:
          continue;
      }
      out +=
          "  " + std::string(type_name(in.dtype)) + " v" + std::to_string(i) + " = " + expr + ";\n";
    }
  }
};

}  // namespace

bool vectorizable(const KernelInfo& k) {
  if (k.reduce_index >= 0) return false;
  // A RANDOM costs far more than its element's loads: the 4-lane body (five copies of the
  // kernel's code) only multiplies shader size and compile time.
  for (const Inst& in : k.insts)
    if (in.opcode == RM_IR_RANDOM) return false;
  for (uint32_t s = 0; s < k.num_inputs; ++s)
    if (k.input_access[s] == RM_ACCESS_LINEAR && k.input_dtype[s] != RM_DTYPE_INVALID &&
        k.input_dtype[s] != RM_DTYPE_BOOL)
      return true;
  for (uint32_t s = 0; s < k.num_outputs; ++s)
    if (k.output_dtype[s] != RM_DTYPE_BOOL) return true;
  return false;
}

std::string generate_glsl(const KernelInfo& k, bool storage8, bool subgroup_vote, bool vectorize) {
  Gen g{k, {}};
  std::string& o = g.out;
  vectorize = vectorize && vectorizable(k);
  if (vectorize) {
    // BOOL buffers stay byte arrays (addressed per element); only float buffers are vectors.
    g.vec_in.assign(k.num_inputs, false);
    g.vec_out.assign(k.num_outputs, false);
    for (uint32_t s = 0; s < k.num_inputs; ++s)
      g.vec_in[s] = k.input_access[s] == RM_ACCESS_LINEAR && k.input_dtype[s] != RM_DTYPE_BOOL;
    for (uint32_t s = 0; s < k.num_outputs; ++s) g.vec_out[s] = k.output_dtype[s] != RM_DTYPE_BOOL;
  }
  auto elem = [&](uint32_t dt, bool vec) -> std::string {
    if (!vec) return buffer_elem(dt);
    return dt == RM_DTYPE_F64 ? "dvec4" : "vec4";
  };
  o += "#version 450\n";
  if (k.uses_bool_buffers) {
    o += "#extension GL_EXT_shader_8bit_storage : require\n";
    o += "#extension GL_EXT_shader_explicit_arithmetic_types_int8 : require\n";
  }
  if (subgroup_vote)
    o += "#extension GL_KHR_shader_subgroup_vote : require\n#define rm_any(c) subgroupAny(c)\n";
  else
    o += "#define rm_any(c) (c)\n";
  o += "layout(local_size_x = " + std::to_string(kLocalSize) + ") in;\n";
  o +=
      "layout(push_constant) uniform PC { uint count; uint outer; uint len; uint inner; uint mode; "
      "uint groups; uint rank; uint pad; uint dims[" +
      std::to_string(RM_MAX_RANK) + "]; uint rng_lo; uint rng_hi; } pc;\n";
  uint32_t binding = 0;
  for (uint32_t s = 0; s < k.num_inputs; ++s) {
    if (k.input_dtype[s] == RM_DTYPE_INVALID) continue;
    o += "layout(std430, set = 0, binding = " + std::to_string(binding++) + ") readonly buffer In" +
         std::to_string(s) + " { " + elem(k.input_dtype[s], g.vec_input(s)) + " d[]; } in" +
         std::to_string(s) + ";\n";
  }
  for (uint32_t s = 0; s < k.num_outputs; ++s)
    o += "layout(std430, set = 0, binding = " + std::to_string(binding++) +
         ") writeonly buffer Out" + std::to_string(s) + " { " +
         elem(k.output_dtype[s], g.vec_output(s)) + " d[]; } out" + std::to_string(s) + ";\n";
  if (k.has_strided)
    o += "layout(std430, set = 0, binding = " + std::to_string(binding++) +
         ") readonly buffer Strides { int s[]; } st;\n";
  const bool reduce = k.reduce_index >= 0;
  const char* acc = reduce ? type_name(k.acc_dtype) : "";
  const bool bacc = reduce && k.acc_dtype == RM_DTYPE_BOOL;
  if (reduce)
    o += "layout(std430, set = 0, binding = " + std::to_string(binding++) + ") buffer Scratch { " +
         (bacc ? "uint" : acc) + " d[]; } scratch;\n";
  o += glsl_math_helpers(k);
  o += glsl_random_helpers(k);

  const uint32_t n_insts = static_cast<uint32_t>(k.insts.size());
  if (!reduce && !vectorize) {
    o += "void rm_body(uint i) {\n";
    g.body(0, n_insts, "i", "i");
    o += "}\n";
    o += "void main() {\n  uint n = pc.count;\n  uint stride = gl_NumWorkGroups.x * " +
         std::to_string(kLocalSize) + "u;\n";
    o += "  for (uint i = gl_GlobalInvocationID.x; i < n; i += stride) rm_body(i);\n}\n";
    return o;
  }
  if (!reduce) {
    // Step q covers elements 4q..4q+3: vector loads first (so in-place launches read before
    // they write), then the four lanes, then vector stores.
    std::vector<bool> used(k.num_inputs, false);
    for (const Inst& in : k.insts)
      if (in.opcode == RM_IR_INPUT) used[in.a] = true;
    o += "void rm_body4(uint q) {\n";
    for (uint32_t s = 0; s < k.num_inputs; ++s)
      if (used[s] && g.vec_input(s))
        o += "  " + elem(k.input_dtype[s], true) + " L" + std::to_string(s) + " = in" +
             std::to_string(s) + ".d[q];\n";
    for (uint32_t s = 0; s < k.num_outputs; ++s)
      if (g.vec_output(s))
        o += "  " + elem(k.output_dtype[s], true) + " O" + std::to_string(s) + ";\n";
    for (int l = 0; l < 4; ++l) {
      g.lane = l;
      o += "  {\n  uint i = 4u * q + " + std::to_string(l) + "u;\n";
      g.body(0, n_insts, "i", "i");
      o += "  }\n";
    }
    for (uint32_t s = 0; s < k.num_outputs; ++s)
      if (g.vec_output(s))
        o += "  out" + std::to_string(s) + ".d[q] = O" + std::to_string(s) + ";\n";
    o += "}\n";
    g.lane = Gen::kTail;
    o += "void rm_body1(uint i) {\n";
    g.body(0, n_insts, "i", "i");
    o += "}\n";
    o += "void main() {\n  uint n = pc.count, nq = n >> 2u;\n"
         "  uint g = gl_GlobalInvocationID.x, stride = gl_NumWorkGroups.x * " +
         std::to_string(kLocalSize) +
         "u;\n"
         "  for (uint q = g; q < nq; q += stride) rm_body4(q);\n"
         "  if (g < (n & 3u)) rm_body1(4u * nq + g);\n}\n";
    return o;
  }
  const uint32_t R = static_cast<uint32_t>(k.reduce_index);
  const Inst& red = k.insts[R];
  std::string A = acc, S = sfx(k.acc_dtype);
  std::string ident, comb;
  switch (red.sub) {
    case RM_RED_SUM:
      ident = A + "(0)";
      comb = "a + b";
      break;
    case RM_RED_PROD:
      ident = A + "(1)";
      comb = "a * b";
      break;
    case RM_RED_MIN:
      ident = "rm_nan_" + S + "()";
      comb = "rm_min(a, b)";
      break;
    case RM_RED_MAX:
      ident = "rm_nan_" + S + "()";
      comb = "rm_max(a, b)";
      break;
    case RM_RED_ANY:
      ident = "false";
      comb = "a || b";
      break;
    default:
      ident = "true";
      comb = "a && b";
      break;
  }
  std::string sh = bacc ? "uint" : A;
  auto to_sh = [&](const std::string& v) { return bacc ? "(" + v + " ? 1u : 0u)" : v; };
  auto from_sh = [&](const std::string& v) { return bacc ? "(" + v + " != 0u)" : v; };
  // Sums are compensated (Neumaier): every partial is a pair (sum, error term), added with
  // an exact two-sum at each step, in the per-thread loops, the workgroup tree and across the
  // partials of a split reduction. A float sum of 1e8 elements is then as accurate as one in
  // double, at no cost in memory traffic. `precise` keeps compilers from reassociating the
  // error terms away or contracting them into FMAs.
  const bool comp = red.sub == RM_RED_SUM;
  o += A + " rm_comb(" + A + " a, " + A + " b) { return " + comb + "; }\n";
  if (comp) {
    o += "void rm_add(inout " + A + " s, inout " + A + " c, " + A + " x) {\n  precise " + A +
         " t = s + x;\n  precise " + A +
         " e = abs(s) >= abs(x) ? (s - t) + x : (x - t) + s;\n  c += e;\n  s = t;\n}\n";
  }
  o += A + " rm_pre(uint i) {\n";
  g.body(0, R, "i", "i");
  o += "  return " + g.val(red.a) + ";\n}\n";
  o += "void rm_epi(uint e, " + A + " r) {\n  " + A + " v" + std::to_string(R) + " = r;\n";
  g.body(R + 1, n_insts, "e", "e");
  o += "}\n";
  o += "shared " + sh + " rm_sh[" + std::to_string(kLocalSize) + "];\n";
  if (comp) o += "shared " + A + " rm_shc[" + std::to_string(kLocalSize) + "];\n";
  // rm_tree(acc[, err]): the workgroup's combined value (compensated sums: a pair, in place).
  if (comp) {
    o += "void rm_tree(inout " + A + " acc, inout " + A +
         " err) {\n  uint l = gl_LocalInvocationID.x;\n  rm_sh[l] = acc;\n  rm_shc[l] = "
         "err;\n  barrier();\n";
    o += "  for (uint s = " + std::to_string(kLocalSize / 2) + "u; s > 0u; s >>= 1) {\n";
    o += "    if (l < s) {\n      " + A +
         " a = rm_sh[l], c = rm_shc[l];\n"
         "      rm_add(a, c, rm_sh[l + s]);\n      rm_sh[l] = a;\n"
         "      rm_shc[l] = c + rm_shc[l + s];\n    }\n";
    o += "    barrier();\n  }\n  acc = rm_sh[0];\n  err = rm_shc[0];\n  barrier();\n}\n";
  } else {
    o += A + " rm_tree(" + A +
         " acc) {\n  uint l = gl_LocalInvocationID.x;\n  rm_sh[l] = " + to_sh("acc") +
         ";\n  barrier();\n";
    o += "  for (uint s = " + std::to_string(kLocalSize / 2) + "u; s > 0u; s >>= 1) {\n";
    o += "    if (l < s) rm_sh[l] = " +
         to_sh("rm_comb(" + from_sh("rm_sh[l]") + ", " + from_sh("rm_sh[l + s]") + ")") + ";\n";
    o += "    barrier();\n  }\n  " + A + " r = " + from_sh("rm_sh[0]") +
         ";\n  barrier();\n  return r;\n}\n";
  }
  // The statements that differ between plain and compensated accumulation.
  const std::string init =
      "      " + A + " acc = " + ident + (comp ? ", err = " + ident : "") + ";\n";
  auto step = [&](const std::string& x) {
    return comp ? "rm_add(acc, err, " + x + ")" : "acc = rm_comb(acc, " + x + ")";
  };
  const std::string tree = comp ? "      rm_tree(acc, err);\n" : "      acc = rm_tree(acc);\n";
  const std::string result = comp ? "acc + err" : "acc";
  std::string L = std::to_string(kLocalSize) + "u";
  o += "void main() {\n"
       "  uint lid = gl_LocalInvocationID.x;\n"
       "  uint len = pc.len, inner = pc.inner, nout = pc.outer * pc.inner;\n"
       "  if (pc.mode == 0u) {\n"
       "    uint stride = gl_NumWorkGroups.x * " +
       L +
       ";\n"
       "    for (uint e = gl_GlobalInvocationID.x; e < nout; e += stride) {\n"
       "      uint o = e / inner, ii = e - o * inner, base = o * len * inner + ii;\n" +
       init + "      for (uint k = 0u; k < len; ++k) " + step("rm_pre(base + k * inner)") +
       ";\n"
       "      rm_epi(e, " +
       result +
       ");\n"
       "    }\n"
       "  } else if (pc.mode == 1u) {\n"
       "    for (uint e = gl_WorkGroupID.x; e < nout; e += gl_NumWorkGroups.x) {\n"
       "      uint o = e / inner, ii = e - o * inner, base = o * len * inner + ii;\n" +
       init + "      for (uint k = lid; k < len; k += " + L + ") " +
       step("rm_pre(base + k * inner)") + ";\n" + tree + "      if (lid == 0u) rm_epi(e, " +
       result +
       ");\n"
       "    }\n"
       "  } else if (pc.mode == 2u) {\n"
       "    uint G = pc.groups, chunk = (len + G - 1u) / G;\n"
       "    for (uint w = gl_WorkGroupID.x; w < nout * G; w += gl_NumWorkGroups.x) {\n"
       "      uint e = w / G, c = w - e * G;\n"
       "      uint o = e / inner, ii = e - o * inner, base = o * len * inner + ii;\n"
       "      uint k0 = c * chunk, k1 = min(len, k0 + chunk);\n" +
       init + "      for (uint k = k0 + lid; k < k1; k += " + L + ") " +
       step("rm_pre(base + k * inner)") + ";\n" + tree +
       (comp ? "      if (lid == 0u) { scratch.d[2u * w] = acc; scratch.d[2u * w + 1u] = err; }\n"
             : "      if (lid == 0u) scratch.d[w] = " + to_sh("acc") + ";\n") +
       "    }\n"
       "  } else if (pc.mode == 4u) {\n"
       // Few outputs along a strided dim (inner > 1: mean(X, [2 3]) of B x H x W): one thread
       // per (output, chunk of len), neighbouring threads on neighbouring outputs, so each
       // step of the loop reads contiguous memory; mode 3 then combines the chunks.
       "    uint G = pc.groups, chunk = (len + G - 1u) / G, total = nout * G;\n"
       "    uint stride = gl_NumWorkGroups.x * " +
       L +
       ";\n"
       "    for (uint t = gl_GlobalInvocationID.x; t < total; t += stride) {\n"
       "      uint c = t / nout, e = t - c * nout, w = e * G + c;\n"
       "      uint o = e / inner, ii = e - o * inner, base = o * len * inner + ii;\n"
       "      uint k0 = c * chunk, k1 = min(len, k0 + chunk);\n" +
       init + "      for (uint k = k0; k < k1; ++k) " + step("rm_pre(base + k * inner)") + ";\n" +
       (comp ? "      scratch.d[2u * w] = acc; scratch.d[2u * w + 1u] = err;\n"
             : "      scratch.d[w] = " + to_sh("acc") + ";\n") +
       "    }\n"
       "  } else {\n"
       "    uint G = pc.groups;\n"
       "    for (uint e = gl_WorkGroupID.x; e < nout; e += gl_NumWorkGroups.x) {\n" +
       init + "      for (uint j = lid; j < G; j += " + L + ") " +
       (comp ? "{ rm_add(acc, err, scratch.d[2u * (e * G + j)]); err += scratch.d[2u * (e * G + "
               "j) + 1u]; }"
             : step(from_sh("scratch.d[e * G + j]"))) +
       ";\n" + tree + "      if (lid == 0u) rm_epi(e, " + result +
       ");\n"
       "    }\n"
       "  }\n"
       "}\n";
  (void)storage8;
  return o;
}

}  // namespace rmvk
