// Elementwise arithmetic, comparisons and conversions on MATLAB's integer classes.
//
// Integer work always runs here, on the host: the kernel IR has no integer dtypes, and MATLAB's
// saturating round-half-away semantics are not what a float kernel computes. Rules (R2023b):
//  * int OP int needs the same class; int OP double/single/logical/char gives the int class.
//  * Classes below 64 bits compute in double and convert (MATLAB's documented rule).
//  * int64/uint64 compute exactly (128-bit integers; an int64 times a fraction such as 0.5 is
//    a scaled integer product), so results beyond 2^53 are exact for + - .* ./ and rounding.
//  * Division by zero saturates (x/0 -> intmax or intmin, 0/0 -> 0).
#pragma once

#include "runmat/accel.h"
#include "runmat/core/integer.hpp"
#include "runmat/core/value.hpp"

namespace runmat::runtime {

// One operand element: an exact integer (integer classes, logical, char) or a float value.
struct IntOperand {
  bool exact = false;
  Wide i = 0;
  double d = 0;
};

inline bool is_integer_value(const Value& v) {
  return v.is_array() && is_integer_class(v.cls());
}

// The integer class of `a op b` when either is an integer; throws MATLAB:mixedClasses when two
// different integer classes meet.
ClassId integer_result_class(ClassId a, ClassId b);

// One element of an integer operation whose result class is `cls` (saturated to it).
Wide integer_binary_scalar(rm_ir_binary op, ClassId cls, IntOperand x, IntOperand y);

Value integer_binary(rm_ir_binary op, const Value& a, const Value& b, const Shape& out_shape);
Value integer_compare(rm_ir_compare op, const Value& a, const Value& b, const Shape& out_shape);
Value integer_unary(rm_ir_unary op, const Value& a);
// Conversion to an integer class (from anything numeric), exact between integer classes.
Value to_integer_class(const Value& a, ClassId cls);

// Element i of v as an operand.
IntOperand int_operand(const Array& a, int64_t i);

// round-half-away(n / d) for d != 0, exactly.
Wide div_round_half_away(Wide n, Wide d);

}  // namespace runmat::runtime
