#include "scalar_math.hpp"

#include <cmath>
#include <limits>

#include "absl/container/flat_hash_map.h"
#include "complex_ops.hpp"
#include "elementwise.hpp"
#include "math_builtin_table.hpp"

namespace runmat::runtime {
namespace {

using lang::BinOp;
using lang::ScalarOperand;
using lang::ScalarStep;
using lang::UnOp;

struct ScalarMath {
  int nargs;  // 0: constant, 1: unary, 2: binary
  rm_ir_unary unary;
  rm_ir_binary binary;
  double value;
};

struct Table {
  std::vector<ScalarMath> entries;
  absl::flat_hash_map<std::string, int> index;
  Table() {
    auto add = [&](const char* name, ScalarMath m) {
      index[name] = static_cast<int>(entries.size());
      entries.push_back(m);
    };
    for (const auto& u : kUnaryMathBuiltins) add(u.name, {1, u.op, RM_BIN_ADD, 0});
    for (const auto& b : kBinaryMathBuiltins) add(b.name, {2, RM_UN_NEG, b.op, 0});
    for (const auto& c : kConstantBuiltins) add(c.name, {0, RM_UN_NEG, RM_BIN_ADD, c.value});
  }
};

const Table& table() {
  static const Table t;
  return t;
}

}  // namespace

bool binary_on_doubles(BinOp op, double a, double b, double* r) {
  switch (op) {
    case BinOp::Add:
      *r = a + b;
      return true;
    case BinOp::Sub:
      *r = a - b;
      return true;
    case BinOp::MatMul:
    case BinOp::ElemMul:
      *r = a * b;
      return true;
    case BinOp::MatDiv:
    case BinOp::ElemDiv:
      *r = a / b;
      return true;
    case BinOp::MatLDiv:
    case BinOp::ElemLDiv:
      *r = b / a;
      return true;
    case BinOp::MatPow:
    case BinOp::ElemPow:
      if (real_pow_needs_complex(Value::num(a), Value::num(b))) return false;
      *r = host_binary(RM_BIN_POW, a, b);
      return true;
    case BinOp::Eq:
      *r = host_compare(RM_CMP_EQ, a, b);
      return true;
    case BinOp::Ne:
      *r = host_compare(RM_CMP_NE, a, b);
      return true;
    case BinOp::Lt:
      *r = host_compare(RM_CMP_LT, a, b);
      return true;
    case BinOp::Le:
      *r = host_compare(RM_CMP_LE, a, b);
      return true;
    case BinOp::Gt:
      *r = host_compare(RM_CMP_GT, a, b);
      return true;
    case BinOp::Ge:
      *r = host_compare(RM_CMP_GE, a, b);
      return true;
    case BinOp::ElemAnd:
    case BinOp::AndAnd:
      // NaN has no truth value: MATLAB's error comes from the general path.
      if (std::isnan(a) || std::isnan(b)) return false;
      *r = (a != 0 && b != 0) ? 1.0 : 0.0;
      return true;
    case BinOp::ElemOr:
    case BinOp::OrOr:
      if (std::isnan(a) || std::isnan(b)) return false;
      *r = (a != 0 || b != 0) ? 1.0 : 0.0;
      return true;
  }
  return false;
}

namespace {

bool call(const ScalarMath& m, int nargs, double x, double y, double* r, bool* logical) {
  if (nargs != m.nargs) return false;
  switch (m.nargs) {
    case 0:
      *r = m.value;
      return true;
    case 1:
      if (real_op_needs_complex(m.unary, Value::num(x))) return false;
      *r = host_unary(m.unary, x);
      *logical = is_predicate(m.unary);
      return true;
    default:
      if (m.binary == RM_BIN_POW && real_pow_needs_complex(Value::num(x), Value::num(y))) {
        return false;
      }
      *r = host_binary(m.binary, x, y);
      return true;
  }
}

}  // namespace

int scalar_math_index(std::string_view name) {
  const auto& t = table();
  auto it = t.index.find(absl::string_view(name.data(), name.size()));
  return it == t.index.end() ? -1 : it->second;
}

int64_t scalar_element_index(const ScalarArrayView& a, int nsubs, double s0, double s1) {
  // Integer-valued and at least 1; the upper bounds below also reject NaN and Inf.
  auto whole = [](double s) { return s >= 1 && s == std::floor(s); };
  if (nsubs == 1) {
    if (!whole(s0) || s0 > static_cast<double>(a.numel)) return -1;
    return static_cast<int64_t>(s0) - 1;
  }
  if (a.rows <= 0 || !whole(s0) || !whole(s1) || s0 > static_cast<double>(a.rows) ||
      s1 > static_cast<double>(a.numel / a.rows)) {
    return -1;
  }
  return (static_cast<int64_t>(s1) - 1) * a.rows + static_cast<int64_t>(s0) - 1;
}

bool run_scalar_program(const lang::ScalarProgram& p, const double* slots,
                        const ScalarArrayView* arrays, const ScalarArrayView* target,
                        bool logical_ok, ScalarCallResolver resolve, void* ctx, double* result,
                        int64_t* target_index) {
  double reg[lang::kScalarProgramMaxSteps];
  bool logical = false;
  auto value = [&](const ScalarOperand& o) {
    switch (o.kind) {
      case ScalarOperand::kSlot:
        return slots[o.index];
      case ScalarOperand::kConst:
        return p.consts[static_cast<size_t>(o.index)];
      case ScalarOperand::kStep:
        break;
    }
    return reg[o.index];
  };
  const size_t n = p.steps.size();
  for (size_t i = 0; i < n; ++i) {
    const ScalarStep& s = p.steps[i];
    logical = false;
    switch (s.kind) {
      case ScalarStep::kUnary:
        reg[i] = static_cast<UnOp>(s.op) == UnOp::Neg ? -value(s.x) : value(s.x);
        break;
      case ScalarStep::kBinary: {
        const auto op = static_cast<BinOp>(s.op);
        if (!binary_on_doubles(op, value(s.x), value(s.y), &reg[i])) return false;
        logical = lang::is_logical_binop(op);
        break;
      }
      case ScalarStep::kIndex: {
        const ScalarArrayView& a = arrays[s.name];
        const int64_t at =
            scalar_element_index(a, s.nargs, value(s.x), s.nargs > 1 ? value(s.y) : 0.0);
        if (at < 0) return false;
        reg[i] = a.data[at];
        break;
      }
      case ScalarStep::kCall: {
        const int index = resolve(ctx, s);
        if (index < 0) return false;
        const double x = s.nargs > 0 ? value(s.x) : 0.0;
        const double y = s.nargs > 1 ? value(s.y) : 0.0;
        if (!call(table().entries[static_cast<size_t>(index)], s.nargs, x, y, &reg[i], &logical)) {
          return false;
        }
        break;
      }
    }
  }
  // The flag is the last step's; the result is that step unless it is a variable or constant.
  if (p.result.kind != ScalarOperand::kStep) logical = false;
  if (logical && !logical_ok) return false;
  *result = value(p.result);
  if (p.target_nsubs > 0) {
    const double s1 = p.target_nsubs > 1 ? value(p.target_subs[1]) : 0.0;
    *target_index = scalar_element_index(*target, p.target_nsubs, value(p.target_subs[0]), s1);
    if (*target_index < 0) return false;
  }
  return true;
}

}  // namespace runmat::runtime
