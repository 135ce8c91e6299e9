#include "ir_validate.hpp"

#include <cstdarg>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <string>

#include "dtype.hpp"

namespace rmcpu {
namespace {

constexpr uint32_t kMaxInsts = 1u << 20;
constexpr uint32_t kMaxSlots = 1u << 16;

const char* opcode_name(uint32_t op) {
  switch (op) {
    case RM_IR_INPUT:
      return "INPUT";
    case RM_IR_CONST:
      return "CONST";
    case RM_IR_INDEX:
      return "INDEX";
    case RM_IR_UNARY:
      return "UNARY";
    case RM_IR_BINARY:
      return "BINARY";
    case RM_IR_COMPARE:
      return "COMPARE";
    case RM_IR_SELECT:
      return "SELECT";
    case RM_IR_CAST:
      return "CAST";
    case RM_IR_REDUCE:
      return "REDUCE";
    case RM_IR_OUTPUT:
      return "OUTPUT";
    case RM_IR_RANDOM:
      return "RANDOM";
    default:
      return "?";
  }
}

std::string fmt(const char* f, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char* f, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, f);
  std::vsnprintf(buf, sizeof buf, f, ap);
  va_end(ap);
  return buf;
}

class Validator {
 public:
  Validator(const ValidatedIr& ir, std::string* error) : ir_(ir), error_(error) {}

  rm_status run() {
    const auto& insts = ir_.insts;
    const uint32_t n = static_cast<uint32_t>(insts.size());
    std::vector<uint32_t> input_dtype(ir_.num_inputs, 0);
    std::vector<uint32_t> output_writer(ir_.num_outputs, RM_IR_NONE);
    int64_t reduce = -1;
    for (uint32_t i = 0; i < n; ++i) {
      const rm_ir_inst& in = insts[i];
      i_ = i;
      const uint32_t op = in.opcode;
      if (op < RM_IR_INPUT || op > RM_IR_RANDOM) {
        return fail(RM_ERR_UNSUPPORTED, fmt("unknown opcode %u", op));
      }
      if (op != RM_IR_OUTPUT && !dtype_valid(in.dtype)) {
        return fail(RM_ERR_INVALID_ARGUMENT, fmt("invalid dtype %u", in.dtype));
      }
      if (op == RM_IR_REDUCE && reduce >= 0) {
        return fail(RM_ERR_INVALID_ARGUMENT,
                    fmt("second REDUCE (the first is instruction %lld; at most one per kernel)",
                        static_cast<long long>(reduce)));
      }
      const bool epilogue = reduce >= 0;
      // Operands: earlier instructions that define a value; in the epilogue only post-reduce
      // values (the REDUCE, later instructions, any CONST).
      const uint32_t operands[3] = {in.a, in.b, in.c};
      const char* names[3] = {"a", "b", "c"};
      int nops = 0;
      switch (op) {
        case RM_IR_UNARY:
        case RM_IR_CAST:
        case RM_IR_REDUCE:
          nops = 1;
          break;
        case RM_IR_BINARY:
        case RM_IR_COMPARE:
          nops = 2;
          break;
        case RM_IR_SELECT:
          nops = 3;
          break;
        default:
          nops = 0;
      }
      const int first = op == RM_IR_OUTPUT ? 1 : 0;  // OUTPUT: a is a slot, b the value
      if (op == RM_IR_OUTPUT) nops = 2;
      for (int k = first; k < nops; ++k) {
        const uint32_t v = operands[k];
        if (v == RM_IR_NONE)
          return fail(RM_ERR_INVALID_ARGUMENT, fmt("operand %s is missing", names[k]));
        if (v >= i) {
          return fail(RM_ERR_INVALID_ARGUMENT,
                      fmt("operand %s=%u does not refer to an earlier instruction (forward "
                          "reference; SSA operands must be < %u)",
                          names[k], v, i));
        }
        if (insts[v].opcode == RM_IR_OUTPUT) {
          return fail(RM_ERR_INVALID_ARGUMENT,
                      fmt("operand %s=%u is an OUTPUT, which defines no value", names[k], v));
        }
        if (epilogue && static_cast<int64_t>(v) < reduce && insts[v].opcode != RM_IR_CONST) {
          return fail(RM_ERR_INVALID_ARGUMENT,
                      fmt("epilogue instruction uses pre-reduce value %u (%s); after the REDUCE "
                          "(instruction %lld) only the REDUCE result, CONSTs and later values "
                          "may be used",
                          v, opcode_name(insts[v].opcode), static_cast<long long>(reduce)));
        }
      }
      auto dt = [&](uint32_t v) { return static_cast<uint32_t>(insts[v].dtype); };
      switch (op) {
        case RM_IR_INPUT: {
          if (epilogue)
            return fail(RM_ERR_INVALID_ARGUMENT,
                        "INPUT after the REDUCE (epilogues see only scalars)");
          if (in.a >= ir_.num_inputs) {
            return fail(RM_ERR_INVALID_ARGUMENT,
                        fmt("input slot %u out of range (num_inputs = %u)", in.a, ir_.num_inputs));
          }
          if (in.sub > RM_ACCESS_STRIDED) {
            return fail(RM_ERR_UNSUPPORTED, fmt("unknown input access mode %u", in.sub));
          }
          uint32_t& seen = input_dtype[in.a];
          if (seen != 0 && seen != in.dtype) {
            return fail(RM_ERR_INVALID_ARGUMENT,
                        fmt("input slot %u read as %s here but as %s earlier", in.a,
                            dtype_name(in.dtype), dtype_name(seen)));
          }
          seen = in.dtype;
          break;
        }
        case RM_IR_CONST:
          break;
        case RM_IR_INDEX:
          if (epilogue) return fail(RM_ERR_INVALID_ARGUMENT, "INDEX after the REDUCE");
          if (!dtype_is_float(in.dtype))
            return fail(RM_ERR_INVALID_ARGUMENT, "INDEX must be F32 or F64");
          break;
        case RM_IR_RANDOM:
          // b, c hold the counter offset, not value operands; imm is the key.
          if (epilogue) return fail(RM_ERR_INVALID_ARGUMENT, "RANDOM after the REDUCE");
          if (in.sub != RM_RAND_UNIFORM && in.sub != RM_RAND_NORMAL) {
            return fail(RM_ERR_UNSUPPORTED, fmt("unknown random distribution %u", in.sub));
          }
          if (!dtype_is_float(in.dtype))
            return fail(RM_ERR_INVALID_ARGUMENT, "RANDOM must be F32 or F64");
          if (!(in.imm >= 0 && in.imm <= 9007199254740992.0) ||
              in.imm != static_cast<double>(static_cast<uint64_t>(in.imm))) {
            return fail(RM_ERR_INVALID_ARGUMENT,
                        fmt("RANDOM key %g is not an integer in [0, 2^53]", in.imm));
          }
          break;
        case RM_IR_UNARY: {
          const uint32_t s = in.sub;
          if (s < RM_UN_NEG || s >= RM_UN_COUNT_) {
            return fail(RM_ERR_UNSUPPORTED, fmt("unknown unary operation %u", s));
          }
          if (s == RM_UN_NOT) {
            if (in.dtype != RM_DTYPE_BOOL || dt(in.a) != RM_DTYPE_BOOL) {
              return type_error("NOT needs a BOOL operand and BOOL result", in.a);
            }
          } else if (s == RM_UN_ISNAN || s == RM_UN_ISINF || s == RM_UN_ISFINITE) {
            if (in.dtype != RM_DTYPE_BOOL)
              return type_error("ISNAN/ISINF/ISFINITE produce BOOL", in.a);
          } else if (!dtype_is_float(in.dtype) || dt(in.a) != in.dtype) {
            return type_error(
                "arithmetic unary operations need a float dtype equal to the operand's", in.a);
          }
          break;
        }
        case RM_IR_BINARY: {
          const uint32_t s = in.sub;
          if (s < RM_BIN_ADD || s >= RM_BIN_COUNT_) {
            return fail(RM_ERR_UNSUPPORTED, fmt("unknown binary operation %u", s));
          }
          const bool logical = s == RM_BIN_AND || s == RM_BIN_OR || s == RM_BIN_XOR;
          if (logical ? in.dtype != RM_DTYPE_BOOL : !dtype_is_float(in.dtype)) {
            return fail(RM_ERR_INVALID_ARGUMENT,
                        fmt("binary operation %u cannot produce %s", s, dtype_name(in.dtype)));
          }
          if (dt(in.a) != in.dtype || dt(in.b) != in.dtype) {
            return fail(RM_ERR_INVALID_ARGUMENT,
                        fmt("operand types %s, %s differ from the instruction's %s (producers "
                            "insert CASTs)",
                            dtype_name(dt(in.a)), dtype_name(dt(in.b)), dtype_name(in.dtype)));
          }
          break;
        }
        case RM_IR_COMPARE:
          if (in.sub < RM_CMP_EQ || in.sub > RM_CMP_GE) {
            return fail(RM_ERR_UNSUPPORTED, fmt("unknown compare operation %u", in.sub));
          }
          if (in.dtype != RM_DTYPE_BOOL)
            return fail(RM_ERR_INVALID_ARGUMENT, "COMPARE must produce BOOL");
          if (dt(in.a) != dt(in.b)) {
            return fail(RM_ERR_INVALID_ARGUMENT, fmt("COMPARE operands differ in type (%s vs %s)",
                                                     dtype_name(dt(in.a)), dtype_name(dt(in.b))));
          }
          break;
        case RM_IR_SELECT:
          if (dt(in.a) != RM_DTYPE_BOOL) return type_error("SELECT condition must be BOOL", in.a);
          if (dt(in.b) != in.dtype || dt(in.c) != in.dtype) {
            return fail(RM_ERR_INVALID_ARGUMENT,
                        fmt("SELECT values are %s, %s but the instruction is %s",
                            dtype_name(dt(in.b)), dtype_name(dt(in.c)), dtype_name(in.dtype)));
          }
          break;
        case RM_IR_CAST:
          break;
        case RM_IR_REDUCE: {
          const uint32_t s = in.sub;
          if (s < RM_RED_SUM || s > RM_RED_ALL) {
            return fail(RM_ERR_UNSUPPORTED, fmt("unknown reduction %u", s));
          }
          const bool logical = s == RM_RED_ANY || s == RM_RED_ALL;
          if (logical ? in.dtype != RM_DTYPE_BOOL : !dtype_is_float(in.dtype)) {
            return fail(RM_ERR_INVALID_ARGUMENT,
                        fmt("reduction %u cannot produce %s", s, dtype_name(in.dtype)));
          }
          if (dt(in.a) != in.dtype)
            return type_error("REDUCE operand must have the REDUCE's dtype", in.a);
          for (uint32_t j = 0; j < i; ++j) {
            if (insts[j].opcode == RM_IR_OUTPUT) {
              return fail(RM_ERR_INVALID_ARGUMENT,
                          fmt("OUTPUT at instruction %u precedes the REDUCE: a reduction kernel "
                              "stores only post-reduce values",
                              j));
            }
          }
          reduce = i;
          break;
        }
        case RM_IR_OUTPUT: {
          if (in.a >= ir_.num_outputs) {
            return fail(
                RM_ERR_INVALID_ARGUMENT,
                fmt("output slot %u out of range (num_outputs = %u)", in.a, ir_.num_outputs));
          }
          if (!dtype_valid(in.dtype) || in.dtype != dt(in.b)) {
            return fail(RM_ERR_INVALID_ARGUMENT,
                        fmt("OUTPUT dtype %s does not match the stored value's %s",
                            dtype_name(in.dtype), dtype_name(dt(in.b))));
          }
          if (output_writer[in.a] != RM_IR_NONE) {
            return fail(RM_ERR_INVALID_ARGUMENT,
                        fmt("output slot %u is already written by instruction %u", in.a,
                            output_writer[in.a]));
          }
          output_writer[in.a] = i;
          break;
        }
      }
    }
    for (uint32_t s = 0; s < ir_.num_outputs; ++s) {
      if (output_writer[s] == RM_IR_NONE) {
        i_ = RM_IR_NONE;
        return fail(RM_ERR_INVALID_ARGUMENT, fmt("output slot %u is never written", s));
      }
    }
    return RM_OK;
  }

 private:
  rm_status type_error(const char* what, uint32_t operand) {
    return fail(RM_ERR_INVALID_ARGUMENT, fmt("%s (instruction is %s, operand %u is %s)", what,
                                             dtype_name(ir_.insts[i_].dtype), operand,
                                             dtype_name(ir_.insts[operand].dtype)));
  }
  rm_status fail(rm_status st, const std::string& what) {
    if (i_ == RM_IR_NONE) {
      *error_ = "invalid kernel IR: " + what;
    } else {
      *error_ =
          fmt("invalid kernel IR: instruction %u (%s): ", i_, opcode_name(ir_.insts[i_].opcode)) +
          what;
    }
    return st;
  }

  const ValidatedIr& ir_;
  std::string* error_;
  uint32_t i_ = RM_IR_NONE;
};

}  // namespace

rm_status validate_ir(const rm_kernel_desc* desc, ValidatedIr* out, std::string* error) {
  if (!desc) {
    *error = "kernel descriptor is NULL";
    return RM_ERR_INVALID_ARGUMENT;
  }
  if (desc->struct_size < offsetof(rm_kernel_desc, label)) {
    *error = fmt("rm_kernel_desc.struct_size %u is too small (need at least %zu)",
                 desc->struct_size, offsetof(rm_kernel_desc, label));
    return RM_ERR_INVALID_ARGUMENT;
  }
  if (desc->ir_version != RM_IR_VERSION) {
    *error = fmt("kernel IR version %u is not supported (this plugin implements %u)",
                 desc->ir_version, RM_IR_VERSION);
    return RM_ERR_UNSUPPORTED;
  }
  if (desc->inst_size < sizeof(rm_ir_inst)) {
    *error = fmt("rm_kernel_desc.inst_size %u is smaller than rm_ir_inst (%zu)", desc->inst_size,
                 sizeof(rm_ir_inst));
    return RM_ERR_INVALID_ARGUMENT;
  }
  if (desc->num_insts == 0 || !desc->insts) {
    *error = "kernel has no instructions";
    return RM_ERR_INVALID_ARGUMENT;
  }
  if (desc->num_insts > kMaxInsts || desc->num_inputs > kMaxSlots ||
      desc->num_outputs > kMaxSlots) {
    *error = fmt("kernel too large (%u instructions, %u inputs, %u outputs)", desc->num_insts,
                 desc->num_inputs, desc->num_outputs);
    return RM_ERR_INVALID_ARGUMENT;
  }
  if (desc->num_outputs == 0) {
    *error = "kernel has no outputs";
    return RM_ERR_INVALID_ARGUMENT;
  }
  out->num_inputs = desc->num_inputs;
  out->num_outputs = desc->num_outputs;
  out->insts.resize(desc->num_insts);
  const auto* base = reinterpret_cast<const unsigned char*>(desc->insts);
  for (uint32_t i = 0; i < desc->num_insts; ++i) {
    std::memcpy(&out->insts[i], base + static_cast<size_t>(i) * desc->inst_size,
                sizeof(rm_ir_inst));
  }
  if (desc->struct_size >= offsetof(rm_kernel_desc, label) + sizeof(const char*) && desc->label) {
    out->label = desc->label;
  }
  Validator v(*out, error);
  const rm_status st = v.run();
  if (st != RM_OK) return st;
  out->reduce_index = -1;
  for (uint32_t i = 0; i < desc->num_insts; ++i) {
    if (out->insts[i].opcode == RM_IR_REDUCE) out->reduce_index = i;
  }
  return RM_OK;
}

}  // namespace rmcpu
