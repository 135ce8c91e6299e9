#include "string_ops.hpp"

#include "broadcast.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"
#include "text_util.hpp"

namespace runmat::runtime {
namespace {

const char* op_symbol(lang::BinOp op) {
  switch (op) {
    case lang::BinOp::Add:
      return "+";
    case lang::BinOp::Sub:
      return "-";
    case lang::BinOp::MatMul:
      return "*";
    case lang::BinOp::MatDiv:
      return "/";
    case lang::BinOp::MatLDiv:
      return "\\";
    case lang::BinOp::MatPow:
      return "^";
    case lang::BinOp::ElemMul:
      return ".*";
    case lang::BinOp::ElemDiv:
      return "./";
    case lang::BinOp::ElemLDiv:
      return ".\\";
    case lang::BinOp::ElemPow:
      return ".^";
    case lang::BinOp::Eq:
      return "==";
    case lang::BinOp::Ne:
      return "~=";
    case lang::BinOp::Lt:
      return "<";
    case lang::BinOp::Le:
      return "<=";
    case lang::BinOp::Gt:
      return ">";
    case lang::BinOp::Ge:
      return ">=";
    case lang::BinOp::ElemAnd:
      return "&";
    case lang::BinOp::ElemOr:
      return "|";
    case lang::BinOp::AndAnd:
      return "&&";
    case lang::BinOp::OrOr:
      return "||";
  }
  return "?";
}

[[noreturn]] void unsupported(lang::BinOp op, const Value& a, const Value& b) {
  // MATLAB names the first operand whose class has no such operator.
  const Value& bad = (a.is_cell() || (a.is_string() && !b.is_cell())) ? a : b;
  throw_error("MATLAB:UndefinedFunction",
              absl::StrFormat("Operator '%s' is not supported for operands of type '%s'.",
                              op_symbol(op), bad.class_name()));
}

// An operand as a string array: strings as they are, a char row vector as one string, a cellstr
// elementwise, numbers and logicals through string().
StringArray as_strings(const Value& v, lang::BinOp op, const Value& a, const Value& b) {
  if (v.is_string()) return v.string();
  StringArray s;
  if (v.is_char()) {
    if (v.shape().rows() > 1) {
      // A char matrix converts row by row into a column of strings.
      TextArray t = text_array(v, "string");
      s.shape = t.shape;
      s.data = t.data;
      return s;
    }
    s.data[0] = v.to_text();
    return s;
  }
  if (v.is_cell()) {
    if (!is_text_value(v)) unsupported(op, a, b);
    TextArray t = text_array(v, "string");
    s.shape = t.shape;
    s.data = t.data;
    return s;
  }
  if (v.is_numeric_like()) {
    s = StringArray(v.shape());
    for (int64_t i = 0; i < v.numel(); ++i) s.data[i] = number_to_string(v.elem(i), v.cls());
    return s;
  }
  unsupported(op, a, b);
}

}  // namespace

bool needs_string_operator(const Value& a, const Value& b) {
  return a.is_string() || b.is_string() || a.is_cell() || b.is_cell();
}

Value string_binary_operator(lang::BinOp op, const Value& a, const Value& b) {
  const bool relational = op == lang::BinOp::Eq || op == lang::BinOp::Ne || op == lang::BinOp::Lt ||
                          op == lang::BinOp::Le || op == lang::BinOp::Gt || op == lang::BinOp::Ge;
  // Only strings have + and the relational operators; cells have none (cellstr == string is
  // fine: the string side converts the cell).
  if (!(a.is_string() || b.is_string()) || !(relational || op == lang::BinOp::Add)) {
    unsupported(op, a, b);
  }
  const StringArray x = as_strings(a, op, a, b), y = as_strings(b, op, a, b);
  Shape out;
  if (!broadcast_shapes(x.shape, y.shape, &out)) {
    throw_error("MATLAB:sizeDimensionsMustMatch",
                "Arrays have incompatible sizes for this operation.");
  }
  if (op == lang::BinOp::Add) {
    auto r = std::make_shared<StringArray>(out);
    std::vector<uint8_t> missing(static_cast<size_t>(out.numel()), 0);
    bool any_missing = false;
    for_each_broadcast(out, x.shape, y.shape, [&](int64_t i, int64_t ia, int64_t ib) {
      if (x.is_missing(ia) || y.is_missing(ib)) {
        missing[i] = 1;
        any_missing = true;
        return;
      }
      r->data[i] = x.data[ia] + y.data[ib];
    });
    if (any_missing) r->missing = std::move(missing);
    return Value::string(std::move(r));
  }
  std::vector<uint8_t> bits(static_cast<size_t>(out.numel()), 0);
  for_each_broadcast(out, x.shape, y.shape, [&](int64_t i, int64_t ia, int64_t ib) {
    if (x.is_missing(ia) || y.is_missing(ib)) {
      bits[i] = op == lang::BinOp::Ne;  // <missing> equals nothing, itself included
      return;
    }
    const int c = x.data[ia].compare(y.data[ib]);  // by character code
    switch (op) {
      case lang::BinOp::Eq:
        bits[i] = c == 0;
        break;
      case lang::BinOp::Ne:
        bits[i] = c != 0;
        break;
      case lang::BinOp::Lt:
        bits[i] = c < 0;
        break;
      case lang::BinOp::Le:
        bits[i] = c <= 0;
        break;
      case lang::BinOp::Gt:
        bits[i] = c > 0;
        break;
      default:
        bits[i] = c >= 0;
        break;
    }
  });
  return logical_array(out, bits);
}

}  // namespace runmat::runtime
