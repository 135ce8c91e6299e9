// Elementwise math functions and class conversions. Each is fusible: on large or deferred
// inputs it adds a node to the lazy graph (see elementwise.cpp).
#include "builtins.hpp"
#include "elementwise.hpp"
#include "runmat/core/error.hpp"

namespace runmat::runtime {
namespace {

template <rm_ir_unary Op>
Args unary_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {unary_elementwise(ctx.rt, Op, args[0])};
}

template <rm_ir_binary Op>
Args binary_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 2);
  return {binary_elementwise(ctx.rt, Op, args[0], args[1])};
}

template <ClassId Cls>
Args convert_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {cast_to(ctx.rt, args[0], Cls)};
}

}  // namespace

void register_math_builtins(BuiltinRegistry& reg) {
  reg.add("sin", unary_fn<RM_UN_SIN>, "sin(x): sine of x in radians, elementwise.");
  reg.add("cos", unary_fn<RM_UN_COS>, "cos(x): cosine of x in radians, elementwise.");
  reg.add("tan", unary_fn<RM_UN_TAN>, "tan(x): tangent of x in radians, elementwise.");
  reg.add("asin", unary_fn<RM_UN_ASIN>, "asin(x): inverse sine, elementwise.");
  reg.add("acos", unary_fn<RM_UN_ACOS>, "acos(x): inverse cosine, elementwise.");
  reg.add("atan", unary_fn<RM_UN_ATAN>, "atan(x): inverse tangent, elementwise.");
  reg.add("sinh", unary_fn<RM_UN_SINH>, "sinh(x): hyperbolic sine, elementwise.");
  reg.add("cosh", unary_fn<RM_UN_COSH>, "cosh(x): hyperbolic cosine, elementwise.");
  reg.add("tanh", unary_fn<RM_UN_TANH>, "tanh(x): hyperbolic tangent, elementwise.");
  reg.add("exp", unary_fn<RM_UN_EXP>, "exp(x): exponential, elementwise.");
  reg.add("expm1", unary_fn<RM_UN_EXPM1>, "expm1(x): exp(x)-1 accurate for small x.");
  reg.add("log", unary_fn<RM_UN_LOG>, "log(x): natural logarithm, elementwise (real inputs >= 0).");
  reg.add("log1p", unary_fn<RM_UN_LOG1P>, "log1p(x): log(1+x) accurate for small x.");
  reg.add("log2", unary_fn<RM_UN_LOG2>, "log2(x): base-2 logarithm, elementwise.");
  reg.add("log10", unary_fn<RM_UN_LOG10>, "log10(x): base-10 logarithm, elementwise.");
  reg.add("sqrt", unary_fn<RM_UN_SQRT>, "sqrt(x): square root, elementwise (real inputs >= 0).");
  reg.add("abs", unary_fn<RM_UN_ABS>, "abs(x): absolute value, elementwise.");
  reg.add("floor", unary_fn<RM_UN_FLOOR>, "floor(x): round toward -Inf.");
  reg.add("ceil", unary_fn<RM_UN_CEIL>, "ceil(x): round toward +Inf.");
  reg.add("round", unary_fn<RM_UN_ROUND>, "round(x): round to nearest, ties away from zero.");
  reg.add("fix", unary_fn<RM_UN_FIX>, "fix(x): round toward zero.");
  reg.add("sign", unary_fn<RM_UN_SIGN>, "sign(x): -1, 0 or 1 by the sign of x.");
  reg.add("isnan", unary_fn<RM_UN_ISNAN>, "isnan(x): true where x is NaN.");
  reg.add("isinf", unary_fn<RM_UN_ISINF>, "isinf(x): true where x is +-Inf.");
  reg.add("isfinite", unary_fn<RM_UN_ISFINITE>, "isfinite(x): true where x is finite.");
  reg.add("mod", binary_fn<RM_BIN_MOD>, "mod(x, y): remainder after division, sign of y.");
  reg.add("rem", binary_fn<RM_BIN_REM>, "rem(x, y): remainder after division, sign of x.");
  reg.add("atan2", binary_fn<RM_BIN_ATAN2>, "atan2(y, x): four-quadrant inverse tangent.");
  reg.add("hypot", binary_fn<RM_BIN_HYPOT>, "hypot(x, y): sqrt(x.^2 + y.^2) without overflow.");
  reg.add("power", binary_fn<RM_BIN_POW>, "power(x, y): x.^y.");
  reg.add("double", convert_fn<ClassId::Double>, "double(x): convert to double precision.");
  reg.add("single", convert_fn<ClassId::Single>, "single(x): convert to single precision.");
  reg.add("logical", convert_fn<ClassId::Logical>,
          "logical(x): convert to logical (nonzero -> true).");
  // Integer conversions round half away from zero and saturate; NaN becomes 0.
  reg.add("int8", convert_fn<ClassId::Int8>, "int8(x): convert to 8-bit signed integers.");
  reg.add("int16", convert_fn<ClassId::Int16>, "int16(x): convert to 16-bit signed integers.");
  reg.add("int32", convert_fn<ClassId::Int32>, "int32(x): convert to 32-bit signed integers.");
  reg.add("int64", convert_fn<ClassId::Int64>, "int64(x): convert to 64-bit signed integers.");
  reg.add("uint8", convert_fn<ClassId::UInt8>, "uint8(x): convert to 8-bit unsigned integers.");
  reg.add("uint16", convert_fn<ClassId::UInt16>, "uint16(x): convert to 16-bit unsigned integers.");
  reg.add("uint32", convert_fn<ClassId::UInt32>, "uint32(x): convert to 32-bit unsigned integers.");
  reg.add("uint64", convert_fn<ClassId::UInt64>, "uint64(x): convert to 64-bit unsigned integers.");
}

}  // namespace runmat::runtime
