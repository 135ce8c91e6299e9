#include "integer_ops.hpp"

#include <cmath>

#include "broadcast.hpp"
#include "elementwise.hpp"
#include "runmat/core/error.hpp"
#include "scalar_binary.hpp"

namespace runmat::runtime {
namespace {

// Far outside every class's range but safe from 128-bit overflow: stands for +-Inf before
// saturation.
constexpr Wide kHuge = Wide{1} << 100;

Wide wabs(Wide v) {
  return v < 0 ? -v : v;
}

// 2^64 as a double: integral doubles below it convert exactly to Wide.
constexpr double kTwo64 = 18446744073709551616.0;

// A finite integral double within +-2^64 becomes exact (the common `int64(x) + 1` case).
IntOperand normalize(IntOperand x) {
  if (!x.exact && std::isfinite(x.d) && x.d == std::trunc(x.d) && std::fabs(x.d) < kTwo64) {
    x.exact = true;
    x.i = static_cast<Wide>(x.d);
  }
  return x;
}

long double as_long_double(const IntOperand& x) {
  return x.exact ? static_cast<long double>(x.i) : static_cast<long double>(x.d);
}

double as_double(const IntOperand& x) {
  return x.exact ? static_cast<double>(x.i) : x.d;
}

// MATLAB's scalar semantics in long double, which holds every int64/uint64 and double exactly:
// the fallback for the rare exact cases not handled with integers (NaN, Inf, huge doubles,
// non-integer powers).
long double ld_binary(rm_ir_binary op, long double x, long double y) {
  return scalar_binary(op, x, y);
}

// Rounds S + F (S an integer, |F| < 1) half away from zero, exactly.
Wide round_sum(Wide s, double f) {
  if (f == 0) return s;
  if (s == 0) return std::fabs(f) >= 0.5 ? (f > 0 ? 1 : -1) : 0;
  if (s > 0) return f > 0 ? s + (f >= 0.5 ? 1 : 0) : s - (f < -0.5 ? 1 : 0);
  return f < 0 ? s - (f <= -0.5 ? 1 : 0) : s + (f > 0.5 ? 1 : 0);
}

// A finite non-integer double d as m * 2^-shift with m an integer (|m| < 2^53, shift > 0).
void dyadic(double d, Wide* m, int* shift) {
  int e = 0;
  const double fr = std::frexp(d, &e);  // d = fr * 2^e, 0.5 <= |fr| < 1
  *m = static_cast<Wide>(std::ldexp(fr, 53));
  *shift = 53 - e;
}

Wide int_pow(Wide base, Wide k) {
  if (base == 0) return k == 0 ? 1 : 0;
  if (base == 1) return 1;
  if (base == -1) return (k & 1) ? -1 : 1;
  const bool neg = base < 0 && (k & 1);
  if (k >= 128) return neg ? -kHuge : kHuge;
  Wide r = 1;
  for (Wide j = 0; j < k; ++j) {
    r *= base;
    if (wabs(r) > kHuge) return neg ? -kHuge : kHuge;
  }
  return r;
}

// Both operands exact integers (|v| < 2^64).
Wide exact_binary(rm_ir_binary op, Wide x, Wide y) {
  switch (op) {
    case RM_BIN_ADD:
      return x + y;
    case RM_BIN_SUB:
      return x - y;
    case RM_BIN_MUL: {
      Wide r = 0;
      if (__builtin_mul_overflow(x, y, &r)) return ((x < 0) != (y < 0)) ? -kHuge : kHuge;
      return r;
    }
    case RM_BIN_DIV:
      return div_round_half_away(x, y);
    case RM_BIN_MIN:
      return y < x ? y : x;
    case RM_BIN_MAX:
      return y > x ? y : x;
    case RM_BIN_MOD: {
      if (y == 0) return x;
      Wide r = x % y;
      if (r != 0 && ((r < 0) != (y < 0))) r += y;
      return r;
    }
    case RM_BIN_REM:
      return y == 0 ? 0 : x % y;  // rem(x, 0) is NaN, which converts to 0
    default:
      return 0;  // not reached: the caller handles the rest in long double
  }
}

// int64/uint64 results: exact wherever an integer computation can give the exact answer.
Wide exact64_binary(rm_ir_binary op, IntOperand x, IntOperand y) {
  x = normalize(x);
  y = normalize(y);
  const bool pow_int = op == RM_BIN_POW && x.exact && y.exact && y.i >= 0;
  if (x.exact && y.exact && op != RM_BIN_POW) return exact_binary(op, x.i, y.i);
  if (pow_int) return int_pow(x.i, y.i);
  const bool finite = (x.exact || std::isfinite(x.d)) && (y.exact || std::isfinite(y.d));
  if (finite && (x.exact || y.exact)) {
    // One exact integer n and one fraction d (|d| < 2^52, not an integer).
    const bool x_int = x.exact;
    const Wide n = x_int ? x.i : y.i;
    const double d = x_int ? y.d : x.d;
    switch (op) {
      case RM_BIN_ADD:
      case RM_BIN_SUB: {
        const double di = std::trunc(d), df = d - di;  // both exact
        const Wide w = static_cast<Wide>(di);
        if (op == RM_BIN_ADD) return round_sum(n + w, df);
        return x_int ? round_sum(n - w, -df) : round_sum(w - n, df);
      }
      case RM_BIN_MUL: {
        Wide m = 0;
        int shift = 0;
        dyadic(d, &m, &shift);
        if (shift >= 120) return 0;  // |n*m| < 2^117
        return div_round_half_away(n * m, Wide{1} << shift);
      }
      case RM_BIN_DIV: {
        Wide m = 0;
        int shift = 0;
        dyadic(d, &m, &shift);
        if (x_int) {  // n / (m 2^-shift) = n 2^shift / m
          if (shift <= 62) return div_round_half_away(n << shift, m);
          break;
        }
        // (m 2^-shift) / n = m / (n 2^shift)
        if (n == 0) return d > 0 ? kHuge : -kHuge;
        if (shift <= 62) return div_round_half_away(m, n << shift);
        return 0;  // |d| < 2^-10 and |n| >= 1
      }
      default:
        break;
    }
  }
  const long double r = ld_binary(op, as_long_double(x), as_long_double(y));
  if (std::isnan(r)) return 0;
  if (r >= static_cast<long double>(kHuge)) return kHuge;
  if (r <= -static_cast<long double>(kHuge)) return -kHuge;
  return static_cast<Wide>(std::roundl(r));
}

const char* unary_name(rm_ir_unary op) {
  switch (op) {
    case RM_UN_SQRT:
      return "sqrt";
    case RM_UN_EXP:
      return "exp";
    case RM_UN_LOG:
      return "log";
    case RM_UN_SIN:
      return "sin";
    case RM_UN_COS:
      return "cos";
    case RM_UN_TAN:
      return "tan";
    case RM_UN_TANH:
      return "tanh";
    case RM_UN_ASIN:
      return "asin";
    case RM_UN_ACOS:
      return "acos";
    case RM_UN_ATAN:
      return "atan";
    case RM_UN_SINH:
      return "sinh";
    case RM_UN_COSH:
      return "cosh";
    case RM_UN_LOG2:
      return "log2";
    case RM_UN_LOG10:
      return "log10";
    case RM_UN_EXPM1:
      return "expm1";
    case RM_UN_LOG1P:
      return "log1p";
    default:
      return "unknown";
  }
}

[[noreturn]] void undefined_for(const char* fn, ClassId cls) {
  throw_error("MATLAB:UndefinedFunction",
              "Check for incorrect argument data type or missing argument in call to function "
              "'%s'.",
              fn);
}

}  // namespace

Wide div_round_half_away(Wide n, Wide d) {
  if (d == 0) return n > 0 ? kHuge : n < 0 ? -kHuge : 0;
  Wide q = n / d;
  const Wide r = wabs(n % d), ad = wabs(d);
  if (r != 0 && r >= ad - r) q += ((n < 0) != (d < 0)) ? -1 : 1;
  return q;
}

ClassId integer_result_class(ClassId a, ClassId b) {
  const bool ia = is_integer_class(a), ib = is_integer_class(b);
  if (ia && ib && a != b) {
    throw_error("MATLAB:mixedClasses",
                "Integers can only be combined with integers of the same class, or scalar "
                "doubles.");
  }
  return ia ? a : b;
}

IntOperand int_operand(const Array& a, int64_t i) {
  IntOperand o;
  if (has_integer_elements(a.cls())) {
    o.exact = true;
    o.i = get_wide(a, i);
  } else {
    o.d = a.get_as_double(i);
  }
  return o;
}

Wide integer_binary_scalar(rm_ir_binary op, ClassId cls, IntOperand x, IntOperand y) {
  if (op == RM_BIN_ATAN2) undefined_for("atan2", cls);
  if (op == RM_BIN_HYPOT) undefined_for("hypot", cls);
  if (integer_bits(cls) == 64) return saturate(cls, exact64_binary(op, x, y));
  // Narrower classes: MATLAB computes in double, then rounds and saturates.
  return saturate_double(cls, host_binary(op, as_double(x), as_double(y)));
}

Value integer_binary(rm_ir_binary op, const Value& a, const Value& b, const Shape& out_shape) {
  const ClassId cls = integer_result_class(a.cls(), b.cls());
  const ArrayPtr pa = a.as_array(), pb = b.as_array();
  auto out = std::make_shared<Array>(cls, out_shape, Array::Uninitialized{});
  for_each_broadcast(out_shape, pa->shape(), pb->shape(), [&](int64_t i, int64_t ia, int64_t ib) {
    set_wide(*out, i, integer_binary_scalar(op, cls, int_operand(*pa, ia), int_operand(*pb, ib)));
  });
  out->set_gpu(a.is_gpu() || b.is_gpu());
  return Value::array(std::move(out));
}

Value integer_compare(rm_ir_compare op, const Value& a, const Value& b, const Shape& out_shape) {
  const ArrayPtr pa = a.as_array(), pb = b.as_array();
  auto out = std::make_shared<Array>(ClassId::Logical, out_shape, Array::Uninitialized{});
  uint8_t* o = out->mutable_data<uint8_t>();
  // long double holds both sides exactly, so int64 vs double compares exactly (NaN: false).
  for_each_broadcast(out_shape, pa->shape(), pb->shape(), [&](int64_t i, int64_t ia, int64_t ib) {
    const long double x = as_long_double(int_operand(*pa, ia));
    const long double y = as_long_double(int_operand(*pb, ib));
    bool r = false;
    switch (op) {
      case RM_CMP_EQ:
        r = x == y;
        break;
      case RM_CMP_NE:
        r = x != y;
        break;
      case RM_CMP_LT:
        r = x < y;
        break;
      case RM_CMP_LE:
        r = x <= y;
        break;
      case RM_CMP_GT:
        r = x > y;
        break;
      case RM_CMP_GE:
        r = x >= y;
        break;
    }
    o[i] = r;
  });
  return Value::array(std::move(out));
}

Value integer_unary(rm_ir_unary op, const Value& a) {
  const ArrayPtr pa = a.as_array();
  const ClassId cls = pa->cls();
  const int64_t n = pa->numel();
  switch (op) {
    case RM_UN_NOT:
    case RM_UN_ISNAN:
    case RM_UN_ISINF:
    case RM_UN_ISFINITE: {
      auto out = std::make_shared<Array>(ClassId::Logical, pa->shape(), Array::Uninitialized{});
      uint8_t* o = out->mutable_data<uint8_t>();
      for (int64_t i = 0; i < n; ++i) {
        o[i] = op == RM_UN_NOT ? get_wide(*pa, i) == 0 : op == RM_UN_ISFINITE;
      }
      return Value::array(std::move(out));
    }
    case RM_UN_NEG:
    case RM_UN_ABS:
    case RM_UN_SIGN:
    case RM_UN_FLOOR:
    case RM_UN_CEIL:
    case RM_UN_ROUND:
    case RM_UN_FIX: {
      auto out = std::make_shared<Array>(cls, pa->shape(), Array::Uninitialized{});
      for (int64_t i = 0; i < n; ++i) {
        const Wide v = get_wide(*pa, i);
        Wide r = v;  // rounding functions leave integers as they are
        if (op == RM_UN_NEG) r = -v;
        if (op == RM_UN_ABS) r = wabs(v);
        if (op == RM_UN_SIGN) r = (v > 0) - (v < 0);
        set_wide(*out, i, r);  // saturates: -int8(-128) is 127
      }
      out->set_gpu(a.is_gpu());
      return Value::array(std::move(out));
    }
    default:
      undefined_for(unary_name(op), cls);
  }
}

Value to_integer_class(const Value& a, ClassId cls) {
  const ArrayPtr pa = a.as_array();
  auto out = std::make_shared<Array>(cls, pa->shape(), Array::Uninitialized{});
  for (int64_t i = 0; i < pa->numel(); ++i) convert_element(*pa, i, *out, i);
  out->set_gpu(a.is_gpu());
  return Value::array(std::move(out));
}

}  // namespace runmat::runtime
