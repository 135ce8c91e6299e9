#include "kit/ir_builder.hpp"

#include <algorithm>
#include <cstring>

namespace runmat::plugin_kit {

uint32_t IrBuilder::raw(uint16_t opcode, uint16_t sub, uint16_t dtype, uint32_t a, uint32_t b,
                        uint32_t c, double imm) {
  rm_ir_inst in;
  std::memset(&in, 0, sizeof in);
  in.opcode = opcode;
  in.sub = sub;
  in.dtype = dtype;
  in.a = a;
  in.b = b;
  in.c = c;
  in.imm = imm;
  insts_.push_back(in);
  return static_cast<uint32_t>(insts_.size() - 1);
}

uint32_t IrBuilder::input(uint32_t slot, rm_dtype dt, rm_ir_access access) {
  return raw(RM_IR_INPUT, static_cast<uint16_t>(access), dt, slot);
}
uint32_t IrBuilder::constant(double value, rm_dtype dt) {
  return raw(RM_IR_CONST, 0, dt, RM_IR_NONE, RM_IR_NONE, RM_IR_NONE, value);
}
uint32_t IrBuilder::index(rm_dtype dt) {
  return raw(RM_IR_INDEX, 0, dt);
}
uint32_t IrBuilder::unary(rm_ir_unary op, uint32_t a) {
  const bool pred = op == RM_UN_ISNAN || op == RM_UN_ISINF || op == RM_UN_ISFINITE;
  return raw(RM_IR_UNARY, static_cast<uint16_t>(op), pred ? RM_DTYPE_BOOL : dtype(a), a);
}
uint32_t IrBuilder::binary(rm_ir_binary op, uint32_t a, uint32_t b) {
  return raw(RM_IR_BINARY, static_cast<uint16_t>(op), dtype(a), a, b);
}
uint32_t IrBuilder::compare(rm_ir_compare op, uint32_t a, uint32_t b) {
  return raw(RM_IR_COMPARE, static_cast<uint16_t>(op), RM_DTYPE_BOOL, a, b);
}
uint32_t IrBuilder::select(uint32_t cond, uint32_t if_true, uint32_t if_false) {
  return raw(RM_IR_SELECT, 0, dtype(if_true), cond, if_true, if_false);
}
uint32_t IrBuilder::cast(uint32_t a, rm_dtype to) {
  return raw(RM_IR_CAST, 0, to, a);
}
uint32_t IrBuilder::random(rm_ir_random kind, rm_dtype dt, uint64_t key, uint64_t offset) {
  return raw(RM_IR_RANDOM, kind, dt, RM_IR_NONE, static_cast<uint32_t>(offset),
             static_cast<uint32_t>(offset >> 32), static_cast<double>(key));
}

uint32_t IrBuilder::reduce(rm_ir_reduce op, uint32_t a) {
  return raw(RM_IR_REDUCE, static_cast<uint16_t>(op), dtype(a), a);
}
void IrBuilder::output(uint32_t slot, uint32_t value) {
  raw(RM_IR_OUTPUT, 0, dtype(value), slot, value);
}

bool IrBuilder::has_reduce() const {
  return std::any_of(insts_.begin(), insts_.end(),
                     [](const rm_ir_inst& i) { return i.opcode == RM_IR_REDUCE; });
}

uint32_t IrBuilder::num_inputs() const {
  uint32_t n = 0;
  for (const auto& i : insts_) {
    if (i.opcode == RM_IR_INPUT) n = std::max(n, i.a + 1);
  }
  return n;
}

uint32_t IrBuilder::num_outputs() const {
  uint32_t n = 0;
  for (const auto& i : insts_) {
    if (i.opcode == RM_IR_OUTPUT) n = std::max(n, i.a + 1);
  }
  return n;
}

rm_kernel_desc IrBuilder::desc(const char* label, int64_t num_inputs, int64_t num_outputs) const {
  rm_kernel_desc d;
  std::memset(&d, 0, sizeof d);
  d.struct_size = sizeof d;
  d.ir_version = RM_IR_VERSION;
  d.inst_size = sizeof(rm_ir_inst);
  d.num_insts = static_cast<uint32_t>(insts_.size());
  d.insts = insts_.data();
  d.num_inputs = num_inputs >= 0 ? static_cast<uint32_t>(num_inputs) : this->num_inputs();
  d.num_outputs = num_outputs >= 0 ? static_cast<uint32_t>(num_outputs) : this->num_outputs();
  d.label = label;
  d.signature = 0;
  return d;
}

bool is_transcendental_unary(uint16_t op) {
  switch (op) {
    case RM_UN_EXP:
    case RM_UN_LOG:
    case RM_UN_SIN:
    case RM_UN_COS:
    case RM_UN_TAN:
    case RM_UN_TANH:
    case RM_UN_ASIN:
    case RM_UN_ACOS:
    case RM_UN_ATAN:
    case RM_UN_SINH:
    case RM_UN_COSH:
    case RM_UN_LOG2:
    case RM_UN_LOG10:
    case RM_UN_EXPM1:
    case RM_UN_LOG1P:
      return true;
    default:
      return false;
  }
}

bool is_transcendental_binary(uint16_t op) {
  return op == RM_BIN_POW || op == RM_BIN_ATAN2 || op == RM_BIN_HYPOT;
}

bool uses_f64_transcendentals(const std::vector<rm_ir_inst>& insts) {
  for (const auto& i : insts) {
    if (i.dtype != RM_DTYPE_F64) continue;
    if (i.opcode == RM_IR_UNARY && is_transcendental_unary(i.sub)) return true;
    if (i.opcode == RM_IR_BINARY && is_transcendental_binary(i.sub)) return true;
  }
  return false;
}

bool uses_f64(const std::vector<rm_ir_inst>& insts) {
  return std::any_of(insts.begin(), insts.end(),
                     [](const rm_ir_inst& i) { return i.dtype == RM_DTYPE_F64; });
}

const char* unary_name(uint16_t op) {
  static const char* names[] = {"?",    "neg",   "abs",   "sqrt",  "exp",   "log",   "sin",
                                "cos",  "tan",   "tanh",  "floor", "ceil",  "round", "fix",
                                "sign", "not",   "asin",  "acos",  "atan",  "sinh",  "cosh",
                                "log2", "log10", "expm1", "log1p", "isnan", "isinf", "isfinite"};
  return op < sizeof(names) / sizeof(names[0]) ? names[op] : "?";
}
const char* binary_name(uint16_t op) {
  static const char* names[] = {"?",     "add",   "sub", "mul", "div", "pow", "min", "max",
                                "atan2", "hypot", "mod", "rem", "and", "or",  "xor"};
  return op < sizeof(names) / sizeof(names[0]) ? names[op] : "?";
}
const char* compare_name(uint16_t op) {
  static const char* names[] = {"?", "eq", "ne", "lt", "le", "gt", "ge"};
  return op < sizeof(names) / sizeof(names[0]) ? names[op] : "?";
}
const char* reduce_name(uint16_t op) {
  static const char* names[] = {"?", "sum", "prod", "min", "max", "any", "all"};
  return op < sizeof(names) / sizeof(names[0]) ? names[op] : "?";
}
const char* dtype_name(uint32_t dt) {
  switch (dt) {
    case RM_DTYPE_F32:
      return "F32";
    case RM_DTYPE_F64:
      return "F64";
    case RM_DTYPE_BOOL:
      return "BOOL";
    default:
      return "INVALID";
  }
}
size_t dtype_size(uint32_t dt) {
  switch (dt) {
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

}  // namespace runmat::plugin_kit
