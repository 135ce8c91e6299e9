// Elementwise arithmetic, comparisons and math functions with MATLAB's class rules and
// implicit expansion. Small arrays are computed eagerly on the host; arrays at or above the
// lazy threshold (and every gpuArray) become nodes in the lazy graph (libs/fusion).
#pragma once

#include "runmat/accel.h"
#include "runmat/core/value.hpp"
#include "runmat/lang/ast.hpp"

namespace runmat::runtime {

class Runtime;

// MATLAB's result class for arithmetic between two operands.
ClassId arithmetic_class(ClassId a, ClassId b);
// Result class of a math function such as sin (single stays single; others become double).
ClassId float_class(ClassId a);

Value binary_elementwise(Runtime& rt, rm_ir_binary op, const Value& a, const Value& b);
Value compare_elementwise(Runtime& rt, rm_ir_compare op, const Value& a, const Value& b);
Value unary_elementwise(Runtime& rt, rm_ir_unary op, const Value& a);
Value cast_to(Runtime& rt, const Value& a, ClassId cls);
// Whether work on `a` alone would be deferred into the lazy graph (large, deferred or on a
// device), so builtins composed of elementwise ops and reductions can fuse too.
bool defers(Runtime& rt, const Value& a);

// Operators as the VM sees them (matrix operators dispatch to elementwise ones when an
// operand is scalar, as MATLAB does).
Value binary_operator(Runtime& rt, lang::BinOp op, const Value& a, const Value& b);
Value unary_operator(Runtime& rt, lang::UnOp op, const Value& a);

// Scalar semantics shared by the eager host path and the reference for plugins.
double host_unary(rm_ir_unary op, double x);
double host_binary(rm_ir_binary op, double x, double y);
bool host_compare(rm_ir_compare op, double x, double y);

}  // namespace runmat::runtime
