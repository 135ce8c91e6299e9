// Decodes an rm_kernel_desc (with the producer's instruction stride) and checks it: operand
// indices, types, slot usage and the REDUCE/epilogue rules of accel.h.
#include <cstring>

#include "vk_internal.h"

namespace rmvk {

size_t dtype_size(rm_dtype t) {
  switch (t) {
    case RM_DTYPE_F32:
      return 4;
    case RM_DTYPE_F64:
      return 8;
    case RM_DTYPE_BOOL:
      return 1;
    default:
      return 0;
  }
}

static bool valid_dtype(uint32_t t) {
  return t == RM_DTYPE_F32 || t == RM_DTYPE_F64 || t == RM_DTYPE_BOOL;
}

rm_status decode_kernel(const rm_kernel_desc* desc, KernelInfo* k, std::string* why) {
  auto bad = [&](rm_status st, const std::string& m) {
    *why = m;
    return st;
  };
  if (!desc || desc->struct_size < offsetof(rm_kernel_desc, label))
    return bad(RM_ERR_INVALID_ARGUMENT, "kernel desc missing or too small");
  if (desc->ir_version != RM_IR_VERSION)
    return bad(RM_ERR_UNSUPPORTED, "IR version " + std::to_string(desc->ir_version) +
                                       " (plugin speaks " + std::to_string(RM_IR_VERSION) + ")");
  if (desc->inst_size < offsetof(rm_ir_inst, imm) + sizeof(double))
    return bad(RM_ERR_INVALID_ARGUMENT, "inst_size smaller than IR v1 instruction");
  if (desc->num_insts == 0 || !desc->insts) return bad(RM_ERR_INVALID_ARGUMENT, "empty kernel");
  if (desc->num_inputs > 16 || desc->num_outputs > 8 || desc->num_outputs == 0)
    return bad(RM_ERR_UNSUPPORTED, "kernel needs 1..8 outputs and at most 16 inputs");
  k->num_inputs = desc->num_inputs;
  k->num_outputs = desc->num_outputs;
  k->input_dtype.assign(k->num_inputs, RM_DTYPE_INVALID);
  k->input_access.assign(k->num_inputs, RM_ACCESS_LINEAR);
  k->output_dtype.assign(k->num_outputs, RM_DTYPE_INVALID);
  const auto* base = reinterpret_cast<const uint8_t*>(desc->insts);
  k->insts.resize(desc->num_insts);
  for (uint32_t i = 0; i < desc->num_insts; ++i)
    std::memcpy(&k->insts[i], base + size_t(i) * desc->inst_size, sizeof(rm_ir_inst));

  auto operand = [&](uint32_t i, uint32_t v, const char* which) -> bool {
    if (v >= i) {
      *why = "instruction " + std::to_string(i) + ": operand " + which + " (" + std::to_string(v) +
             ") does not name an earlier value";
      return false;
    }
    if (k->insts[v].opcode == RM_IR_OUTPUT) {
      *why = "instruction " + std::to_string(i) + ": operand names an OUTPUT";
      return false;
    }
    return true;
  };
  std::vector<bool> post(k->insts.size(), false);  // value belongs to the epilogue
  for (uint32_t i = 0; i < k->insts.size(); ++i) {
    const Inst& in = k->insts[i];
    std::string at = "instruction " + std::to_string(i) + ": ";
    if (!valid_dtype(in.dtype)) return bad(RM_ERR_INVALID_ARGUMENT, at + "invalid dtype");
    rm_dtype dt = static_cast<rm_dtype>(in.dtype);
    if (dt == RM_DTYPE_F64) k->uses_f64 = true;
    if (dt == RM_DTYPE_F32) k->uses_f32 = true;
    bool after_reduce = k->reduce_index >= 0;
    auto dtype_of = [&](uint32_t v) { return static_cast<rm_dtype>(k->insts[v].dtype); };
    switch (in.opcode) {
      case RM_IR_INPUT:
        if (in.a >= k->num_inputs)
          return bad(RM_ERR_INVALID_ARGUMENT, at + "input slot out of range");
        if (in.sub > RM_ACCESS_STRIDED) return bad(RM_ERR_UNSUPPORTED, at + "unknown access mode");
        if (k->input_dtype[in.a] != RM_DTYPE_INVALID && k->input_dtype[in.a] != dt)
          return bad(RM_ERR_INVALID_ARGUMENT, at + "input slot used with two dtypes");
        if (k->input_dtype[in.a] != RM_DTYPE_INVALID && k->input_access[in.a] != in.sub)
          return bad(RM_ERR_UNSUPPORTED, at + "input slot used with two access modes");
        if (after_reduce && in.sub != RM_ACCESS_SCALAR)
          return bad(RM_ERR_UNSUPPORTED, at + "only SCALAR inputs may appear in a reduce epilogue");
        k->input_dtype[in.a] = dt;
        k->input_access[in.a] = in.sub;
        if (dt == RM_DTYPE_BOOL) k->uses_bool_buffers = true;
        if (in.sub == RM_ACCESS_STRIDED) k->has_strided = true;
        break;
      case RM_IR_CONST:
        break;
      case RM_IR_INDEX:
        if (after_reduce) return bad(RM_ERR_UNSUPPORTED, at + "INDEX in a reduce epilogue");
        if (dt == RM_DTYPE_BOOL) return bad(RM_ERR_INVALID_ARGUMENT, at + "INDEX as bool");
        break;
      case RM_IR_RANDOM:  // b, c: counter offset (not value operands); imm: the key
        if (after_reduce) return bad(RM_ERR_UNSUPPORTED, at + "RANDOM in a reduce epilogue");
        if (in.sub != RM_RAND_UNIFORM && in.sub != RM_RAND_NORMAL)
          return bad(RM_ERR_UNSUPPORTED, at + "unknown random distribution");
        if (dt == RM_DTYPE_BOOL) return bad(RM_ERR_INVALID_ARGUMENT, at + "RANDOM as bool");
        if (!(in.imm >= 0 && in.imm <= 9007199254740992.0) ||
            in.imm != static_cast<double>(static_cast<uint64_t>(in.imm)))
          return bad(RM_ERR_INVALID_ARGUMENT, at + "RANDOM key is not an integer in [0, 2^53]");
        break;
      case RM_IR_UNARY:
        if (!operand(i, in.a, "a")) return RM_ERR_INVALID_ARGUMENT;
        if (in.sub < RM_UN_NEG || in.sub >= RM_UN_COUNT_)
          return bad(RM_ERR_UNSUPPORTED, at + "unknown unary op " + std::to_string(in.sub));
        if (in.sub == RM_UN_ISNAN || in.sub == RM_UN_ISINF || in.sub == RM_UN_ISFINITE) {
          if (dt != RM_DTYPE_BOOL || dtype_of(in.a) == RM_DTYPE_BOOL)
            return bad(RM_ERR_INVALID_ARGUMENT, at + "isnan/isinf/isfinite map float -> bool");
        } else if (in.sub == RM_UN_NOT) {
          if (dt != RM_DTYPE_BOOL || dtype_of(in.a) != RM_DTYPE_BOOL)
            return bad(RM_ERR_INVALID_ARGUMENT, at + "NOT is bool -> bool");
        } else if (dt == RM_DTYPE_BOOL || dtype_of(in.a) != dt) {
          return bad(RM_ERR_INVALID_ARGUMENT,
                     at + "unary operand must have the result's float type");
        }
        break;
      case RM_IR_BINARY:
        if (!operand(i, in.a, "a") || !operand(i, in.b, "b")) return RM_ERR_INVALID_ARGUMENT;
        if (in.sub < RM_BIN_ADD || in.sub >= RM_BIN_COUNT_)
          return bad(RM_ERR_UNSUPPORTED, at + "unknown binary op " + std::to_string(in.sub));
        if ((in.sub >= RM_BIN_AND) != (dt == RM_DTYPE_BOOL))
          return bad(RM_ERR_INVALID_ARGUMENT, at + "and/or/xor are bool ops, the rest float ops");
        if (dtype_of(in.a) != dt || dtype_of(in.b) != dt)
          return bad(RM_ERR_INVALID_ARGUMENT, at + "binary operands must have the result type");
        break;
      case RM_IR_COMPARE:
        if (!operand(i, in.a, "a") || !operand(i, in.b, "b")) return RM_ERR_INVALID_ARGUMENT;
        if (in.sub < RM_CMP_EQ || in.sub > RM_CMP_GE)
          return bad(RM_ERR_UNSUPPORTED, at + "unknown compare op");
        if (dt != RM_DTYPE_BOOL || dtype_of(in.a) != dtype_of(in.b))
          return bad(RM_ERR_INVALID_ARGUMENT,
                     at + "compare operands must share a type; result bool");
        break;
      case RM_IR_SELECT:
        if (!operand(i, in.a, "a") || !operand(i, in.b, "b") || !operand(i, in.c, "c"))
          return RM_ERR_INVALID_ARGUMENT;
        if (dtype_of(in.a) != RM_DTYPE_BOOL || dtype_of(in.b) != dt || dtype_of(in.c) != dt)
          return bad(RM_ERR_INVALID_ARGUMENT, at + "select(bool, T, T) -> T");
        break;
      case RM_IR_CAST:
        if (!operand(i, in.a, "a")) return RM_ERR_INVALID_ARGUMENT;
        break;
      case RM_IR_REDUCE:
        if (!operand(i, in.a, "a")) return RM_ERR_INVALID_ARGUMENT;
        if (k->reduce_index >= 0)
          return bad(RM_ERR_INVALID_ARGUMENT, at + "more than one REDUCE (accel.h: at most one)");
        if (in.sub < RM_RED_SUM || in.sub > RM_RED_ALL)
          return bad(RM_ERR_UNSUPPORTED, at + "unknown reduce op");
        if ((in.sub >= RM_RED_ANY) != (dt == RM_DTYPE_BOOL) || dtype_of(in.a) != dt)
          return bad(RM_ERR_INVALID_ARGUMENT,
                     at + "reduce operand must have the accumulator type (bool for any/all)");
        k->reduce_index = static_cast<int>(i);
        k->acc_dtype = dt;
        k->reduce_op = in.sub;
        break;
      case RM_IR_OUTPUT:
        if (!operand(i, in.b, "b")) return RM_ERR_INVALID_ARGUMENT;
        if (in.a >= k->num_outputs)
          return bad(RM_ERR_INVALID_ARGUMENT, at + "output slot out of range");
        if (k->output_dtype[in.a] != RM_DTYPE_INVALID)
          return bad(RM_ERR_INVALID_ARGUMENT, at + "output slot written twice");
        if (dtype_of(in.b) != dt)
          return bad(RM_ERR_INVALID_ARGUMENT,
                     at + "OUTPUT dtype differs from the stored value's (insert a CAST)");
        k->output_dtype[in.a] = dt;
        if (dt == RM_DTYPE_BOOL) k->uses_bool_buffers = true;
        break;
      default:
        return bad(RM_ERR_UNSUPPORTED, at + "unknown opcode " + std::to_string(in.opcode));
    }
    // Epilogue rule: after the REDUCE only post-reduce values (and CONSTs/SCALAR inputs).
    if (k->reduce_index >= 0 && static_cast<int>(i) >= k->reduce_index) {
      post[i] = true;
      if (static_cast<int>(i) > k->reduce_index) {
        std::vector<uint32_t> ops;
        if (in.opcode == RM_IR_OUTPUT)
          ops = {in.b};
        else if (in.opcode != RM_IR_INPUT && in.opcode != RM_IR_CONST && in.opcode != RM_IR_INDEX &&
                 in.opcode != RM_IR_RANDOM)
          ops = {in.a, in.b, in.c};
        for (uint32_t v : ops) {
          if (v == RM_IR_NONE || v >= i) continue;
          if (!post[v] && k->insts[v].opcode != RM_IR_CONST)
            return bad(RM_ERR_INVALID_ARGUMENT, at + "epilogue uses a pre-reduce value");
        }
      }
    }
  }
  if (k->reduce_index >= 0) {
    for (uint32_t i = 0; i < static_cast<uint32_t>(k->reduce_index); ++i)
      if (k->insts[i].opcode == RM_IR_OUTPUT)
        return bad(RM_ERR_UNSUPPORTED, "OUTPUT before the REDUCE in a reduce kernel");
  }
  for (uint32_t s = 0; s < k->num_outputs; ++s)
    if (k->output_dtype[s] == RM_DTYPE_INVALID)
      return bad(RM_ERR_INVALID_ARGUMENT, "output slot " + std::to_string(s) + " never written");
  return RM_OK;
}

}  // namespace rmvk
