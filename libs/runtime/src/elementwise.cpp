#include "elementwise.hpp"

#include <cmath>
#include <vector>

#include "accel_host.hpp"
#include "broadcast.hpp"
#include "complex_ops.hpp"
#include "integer_ops.hpp"
#include "matrix_ops.hpp"
#include "runmat/core/error.hpp"
#include "runmat/fusion/graph.hpp"
#include "runmat/runtime/runtime.hpp"

namespace runmat::runtime {

ClassId arithmetic_class(ClassId a, ClassId b) {
  if (a == ClassId::Single || b == ClassId::Single) return ClassId::Single;
  return ClassId::Double;
}

ClassId float_class(ClassId a) {
  return a == ClassId::Single ? ClassId::Single : ClassId::Double;
}

namespace {

Shape broadcast_or_throw(const Value& a, const Value& b) {
  Shape out;
  if (!broadcast_shapes(a.shape(), b.shape(), &out)) {
    throw_error("MATLAB:sizeDimensionsMustMatch",
                "Arrays have incompatible sizes for this operation.");
  }
  return out;
}

// Lazy when the result is large or either operand is already deferred or on the GPU.
bool should_defer(Runtime& rt, const Value& a, const Value* b, int64_t result_numel) {
  AccelHost& host = rt.accel();
  if (host.eager_depth > 0) return false;  // the host fallback evaluator computes eagerly
  // The kernel IR has no integer dtypes: integer-class work stays on the host.
  if (is_integer_value(a) || (b && is_integer_value(*b))) return false;
  if (a.is_gpu() || (b && b->is_gpu())) return true;
  if (host.is_deferred(a) || (b && host.is_deferred(*b))) return true;
  return rt.options().lazy_threshold > 0 && result_numel >= rt.options().lazy_threshold;
}

void store_as(Array& out, int64_t i, double v) {
  out.set_from_double(i, v);
}

// In single precision every intermediate is rounded to float, as MATLAB computes it.
inline double round_to(ClassId cls, double v) {
  return cls == ClassId::Single ? static_cast<double>(static_cast<float>(v)) : v;
}

}  // namespace

Value binary_elementwise(Runtime& rt, rm_ir_binary op, const Value& a, const Value& b) {
  if (a.is_complex() || b.is_complex() || (op == RM_BIN_POW && real_pow_needs_complex(a, b))) {
    return complex_binary(op, a, b);
  }
  const bool logical_op = op == RM_BIN_AND || op == RM_BIN_OR || op == RM_BIN_XOR;
  const ClassId cls = logical_op ? ClassId::Logical : arithmetic_class(a.cls(), b.cls());
  if (a.is_num() && b.is_num()) {
    const double r = host_binary(op, a.num(), b.num());
    return logical_op ? Value::logical(r != 0) : Value::num(r);
  }
  const Shape out_shape = broadcast_or_throw(a, b);
  if (!logical_op && (is_integer_value(a) || is_integer_value(b))) {
    return integer_binary(op, a, b, out_shape);  // host only: see integer_ops.hpp
  }
  if (should_defer(rt, a, &b, out_shape.numel())) {
    AccelHost& host = rt.accel();
    return host.defer(fusion::make_binary(op, host.node_of(a), host.node_of(b), cls, out_shape),
                      a.is_gpu() || b.is_gpu());
  }
  auto out = std::make_shared<Array>(cls, out_shape, Array::Uninitialized{});
  const ArrayPtr pa = a.as_array(), pb = b.as_array();
  for_each_broadcast(out_shape, pa->shape(), pb->shape(), [&](int64_t i, int64_t ia, int64_t ib) {
    const double x = pa->get_as_double(ia), y = pb->get_as_double(ib);
    store_as(*out, i, round_to(cls, host_binary(op, round_to(cls, x), round_to(cls, y))));
  });
  return Value::array(std::move(out));
}

Value compare_elementwise(Runtime& rt, rm_ir_compare op, const Value& a, const Value& b) {
  if (a.is_complex() || b.is_complex()) return complex_compare(op, a, b);
  if (a.is_num() && b.is_num()) return Value::logical(host_compare(op, a.num(), b.num()));
  const Shape out_shape = broadcast_or_throw(a, b);
  if (is_integer_value(a) || is_integer_value(b)) return integer_compare(op, a, b, out_shape);
  if (should_defer(rt, a, &b, out_shape.numel())) {
    AccelHost& host = rt.accel();
    return host.defer(fusion::make_compare(op, host.node_of(a), host.node_of(b), out_shape),
                      a.is_gpu() || b.is_gpu());
  }
  auto out = std::make_shared<Array>(ClassId::Logical, out_shape, Array::Uninitialized{});
  const ArrayPtr pa = a.as_array(), pb = b.as_array();
  uint8_t* o = out->mutable_data<uint8_t>();
  const ClassId cls = arithmetic_class(a.cls(), b.cls());
  for_each_broadcast(out_shape, pa->shape(), pb->shape(), [&](int64_t i, int64_t ia, int64_t ib) {
    o[i] = host_compare(op, round_to(cls, pa->get_as_double(ia)),
                        round_to(cls, pb->get_as_double(ib)));
  });
  return Value::array(std::move(out));
}

Value unary_elementwise(Runtime& rt, rm_ir_unary op, const Value& a) {
  if (a.is_complex() || real_op_needs_complex(op, a)) return complex_unary(op, a);
  const bool predicate =
      op == RM_UN_ISNAN || op == RM_UN_ISINF || op == RM_UN_ISFINITE || op == RM_UN_NOT;
  ClassId cls = predicate ? ClassId::Logical : float_class(a.cls());
  if (op == RM_UN_NEG || op == RM_UN_ABS) cls = arithmetic_class(a.cls(), a.cls());
  if (a.is_num()) {
    const double r = host_unary(op, a.num());
    return predicate ? Value::logical(r != 0) : Value::num(r);
  }
  if (is_integer_value(a)) return integer_unary(op, a);
  if (should_defer(rt, a, nullptr, a.numel())) {
    AccelHost& host = rt.accel();
    return host.defer(fusion::make_unary(op, host.node_of(a), cls), a.is_gpu());
  }
  const ArrayPtr pa = a.as_array();
  auto out = std::make_shared<Array>(cls, pa->shape(), Array::Uninitialized{});
  const ClassId in_cls = float_class(a.cls());
  for (int64_t i = 0; i < pa->numel(); ++i) {
    store_as(*out, i, round_to(cls, host_unary(op, round_to(in_cls, pa->get_as_double(i)))));
  }
  return Value::array(std::move(out));
}

bool defers(Runtime& rt, const Value& a) {
  return should_defer(rt, a, nullptr, a.numel());
}

Value cast_to(Runtime& rt, const Value& a, ClassId cls) {
  if (a.is_complex()) return complex_cast(a, cls);
  if (a.cls() == cls) return a;
  if (is_integer_class(cls)) return to_integer_class(a, cls);
  if (cls == ClassId::Double && a.is_num()) return a;
  if (a.is_num()) return Value::scalar_of(cls, a.num());
  // logical() must reject NaN with MATLAB's error, which needs the values: not deferred.
  if (should_defer(rt, a, nullptr, a.numel()) && cls != ClassId::Char && cls != ClassId::Logical) {
    AccelHost& host = rt.accel();
    return host.defer(fusion::make_cast(host.node_of(a), cls), a.is_gpu());
  }
  const ArrayPtr pa = a.as_array();
  if (cls == ClassId::Logical) {
    for (int64_t i = 0; i < pa->numel(); ++i) {
      if (std::isnan(pa->get_as_double(i))) {
        throw_error("MATLAB:nologicalnan", "NaN's cannot be converted to logicals.");
      }
    }
  }
  auto out = std::make_shared<Array>(cls, pa->shape(), Array::Uninitialized{});
  for (int64_t i = 0; i < pa->numel(); ++i) store_as(*out, i, pa->get_as_double(i));
  if (cls == ClassId::Double && out->numel() == 1 && !a.is_gpu())
    return Value::num(out->data<double>()[0]);
  out->set_gpu(a.is_gpu());
  return Value::array(std::move(out));
}

namespace {
// MATLAB has no integer linear algebra: matrix operators need a scalar integer operand.
void check_integer_matrix_op(const char* name, const char* sym, const Value& a, const Value& b) {
  if ((is_integer_value(a) || is_integer_value(b)) && !a.is_scalar() && !b.is_scalar()) {
    throw_error("MATLAB:mtimes:integerNotSupported",
                "%s (%s) is not fully supported for integer data types. At least one input must "
                "be scalar.",
                name, sym);
  }
}
}  // namespace

Value binary_operator(Runtime& rt, lang::BinOp op, const Value& a, const Value& b) {
  using lang::BinOp;
  if (a.is_complex() || b.is_complex()) return complex_binary_operator(op, a, b);
  switch (op) {
    case BinOp::Add:
      return binary_elementwise(rt, RM_BIN_ADD, a, b);
    case BinOp::Sub:
      return binary_elementwise(rt, RM_BIN_SUB, a, b);
    case BinOp::ElemMul:
      return binary_elementwise(rt, RM_BIN_MUL, a, b);
    case BinOp::ElemDiv:
      return binary_elementwise(rt, RM_BIN_DIV, a, b);
    case BinOp::ElemLDiv:
      return binary_elementwise(rt, RM_BIN_DIV, b, a);
    case BinOp::ElemPow:
      return binary_elementwise(rt, RM_BIN_POW, a, b);
    case BinOp::MatMul:
      if (a.is_scalar() || b.is_scalar()) return binary_elementwise(rt, RM_BIN_MUL, a, b);
      check_integer_matrix_op("MTIMES", "*", a, b);
      return matrix_multiply(rt, a, b);
    case BinOp::MatDiv:
      if (b.is_scalar()) return binary_elementwise(rt, RM_BIN_DIV, a, b);
      check_integer_matrix_op("MRDIVIDE", "/", a, b);
      return matrix_right_divide(rt, a, b);
    case BinOp::MatLDiv:
      if (a.is_scalar()) return binary_elementwise(rt, RM_BIN_DIV, b, a);
      check_integer_matrix_op("MLDIVIDE", "\\", a, b);
      return matrix_left_divide(rt, a, b);
    case BinOp::MatPow:
      if (a.is_scalar() && b.is_scalar()) return binary_elementwise(rt, RM_BIN_POW, a, b);
      return matrix_power(rt, a, b);
    case BinOp::Eq:
      return compare_elementwise(rt, RM_CMP_EQ, a, b);
    case BinOp::Ne:
      return compare_elementwise(rt, RM_CMP_NE, a, b);
    case BinOp::Lt:
      return compare_elementwise(rt, RM_CMP_LT, a, b);
    case BinOp::Le:
      return compare_elementwise(rt, RM_CMP_LE, a, b);
    case BinOp::Gt:
      return compare_elementwise(rt, RM_CMP_GT, a, b);
    case BinOp::Ge:
      return compare_elementwise(rt, RM_CMP_GE, a, b);
    case BinOp::ElemAnd:
      return binary_elementwise(rt, RM_BIN_AND, a, b);
    case BinOp::ElemOr:
      return binary_elementwise(rt, RM_BIN_OR, a, b);
    case BinOp::AndAnd:
    case BinOp::OrOr:
      break;  // compiled to jumps
  }
  throw_error("RunMat:internal", "Unexpected operator.");
}

Value unary_operator(Runtime& rt, lang::UnOp op, const Value& a) {
  if (a.is_complex()) return complex_unary_operator(op, a);
  switch (op) {
    case lang::UnOp::Neg:
      return unary_elementwise(rt, RM_UN_NEG, a);
    case lang::UnOp::Plus:
      return a;
    case lang::UnOp::Not:
      return unary_elementwise(rt, RM_UN_NOT, a);
    case lang::UnOp::Transpose:
    case lang::UnOp::CTranspose:
      return transpose(rt, a);
  }
  throw_error("RunMat:internal", "Unexpected operator.");
}

}  // namespace runmat::runtime
