// Complex arithmetic with MATLAB's rules: operators, elementwise math, comparisons (ordering
// compares real parts), and the narrowing MATLAB applies to results (a result whose
// imaginary parts are all zero becomes real; complex() keeps it complex).
//
// Complex values are computed on the host. Real inputs whose result is complex (sqrt(-4),
// log(-1), (-8)^(1/3), asin(2)) are detected when the input is on the host; see
// elementwise.cpp.
#pragma once

#include "runmat/accel.h"
#include "runmat/core/value.hpp"
#include "runmat/lang/ast.hpp"

namespace runmat::runtime {

// Real parts of a real value as a complex array (shape and single flag kept).
Value to_complex(const Value& v);
// A complex value with all-zero imaginary parts becomes real (double or single).
Value narrow_complex(Value v);

Value complex_binary_operator(lang::BinOp op, const Value& a, const Value& b);
Value complex_unary_operator(lang::UnOp op, const Value& a);
// Elementwise math on complex values (or real values whose result is complex).
Value complex_unary(rm_ir_unary op, const Value& a);
Value complex_binary(rm_ir_binary op, const Value& a, const Value& b);
Value complex_compare(rm_ir_compare op, const Value& a, const Value& b);

// double(z) / single(z) of a complex value (single rounds both parts); other classes are
// MATLAB's errors (complex logicals and, here, complex integers are not supported).
Value complex_cast(const Value& z, ClassId cls);

// Whether a real host operand makes the result of `op` complex (sqrt of a negative ...).
bool real_op_needs_complex(rm_ir_unary op, const Value& a);
bool real_pow_needs_complex(const Value& base, const Value& exponent);

}  // namespace runmat::runtime
