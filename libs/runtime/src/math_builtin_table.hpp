// The elementwise math builtins that map one-to-one onto a kernel IR operation. One list for
// their registration (builtins_math.cpp) and for the VM's double-scalar fast path
// (scalar_math.cpp), so the two cannot disagree about what `sin` or `mod` computes.
#pragma once

#include <cstddef>
#include <limits>

#include "runmat/accel.h"

namespace runmat::runtime {

struct UnaryMathBuiltin {
  const char* name;
  rm_ir_unary op;
  const char* help;
};

struct BinaryMathBuiltin {
  const char* name;
  rm_ir_binary op;
  const char* help;
};

inline constexpr UnaryMathBuiltin kUnaryMathBuiltins[] = {
    {"sin", RM_UN_SIN, "sin(x): sine of x in radians, elementwise."},
    {"cos", RM_UN_COS, "cos(x): cosine of x in radians, elementwise."},
    {"tan", RM_UN_TAN, "tan(x): tangent of x in radians, elementwise."},
    {"asin", RM_UN_ASIN, "asin(x): inverse sine, elementwise."},
    {"acos", RM_UN_ACOS, "acos(x): inverse cosine, elementwise."},
    {"atan", RM_UN_ATAN, "atan(x): inverse tangent, elementwise."},
    {"sinh", RM_UN_SINH, "sinh(x): hyperbolic sine, elementwise."},
    {"cosh", RM_UN_COSH, "cosh(x): hyperbolic cosine, elementwise."},
    {"tanh", RM_UN_TANH, "tanh(x): hyperbolic tangent, elementwise."},
    {"exp", RM_UN_EXP, "exp(x): exponential, elementwise."},
    {"expm1", RM_UN_EXPM1, "expm1(x): exp(x)-1 accurate for small x."},
    {"log", RM_UN_LOG, "log(x): natural logarithm, elementwise (real inputs >= 0)."},
    {"log1p", RM_UN_LOG1P, "log1p(x): log(1+x) accurate for small x."},
    {"log2", RM_UN_LOG2, "log2(x): base-2 logarithm, elementwise."},
    {"log10", RM_UN_LOG10, "log10(x): base-10 logarithm, elementwise."},
    {"sqrt", RM_UN_SQRT, "sqrt(x): square root, elementwise (real inputs >= 0)."},
    {"abs", RM_UN_ABS, "abs(x): absolute value, elementwise."},
    {"floor", RM_UN_FLOOR, "floor(x): round toward -Inf."},
    {"ceil", RM_UN_CEIL, "ceil(x): round toward +Inf."},
    {"round", RM_UN_ROUND, "round(x): round to nearest, ties away from zero."},
    {"fix", RM_UN_FIX, "fix(x): round toward zero."},
    {"sign", RM_UN_SIGN, "sign(x): -1, 0 or 1 by the sign of x."},
    {"isnan", RM_UN_ISNAN, "isnan(x): true where x is NaN."},
    {"isinf", RM_UN_ISINF, "isinf(x): true where x is +-Inf."},
    {"isfinite", RM_UN_ISFINITE, "isfinite(x): true where x is finite."},
};

inline constexpr BinaryMathBuiltin kBinaryMathBuiltins[] = {
    {"mod", RM_BIN_MOD, "mod(x, y): remainder after division, sign of y."},
    {"rem", RM_BIN_REM, "rem(x, y): remainder after division, sign of x."},
    {"atan2", RM_BIN_ATAN2, "atan2(y, x): four-quadrant inverse tangent."},
    {"hypot", RM_BIN_HYPOT, "hypot(x, y): sqrt(x.^2 + y.^2) without overflow."},
    {"power", RM_BIN_POW, "power(x, y): x.^y."},
};

// The constants (double without arguments; size and class arguments in builtins_construction):
// pi, Inf, NaN, eps. Without arguments the VM's scalar path uses the value directly.
struct ConstantBuiltin {
  const char* name;
  double value;
  const char* help;
};

inline constexpr ConstantBuiltin kConstantBuiltins[] = {
    {"pi", 3.141592653589793, "pi: 3.141592653589793."},
    {"Inf", std::numeric_limits<double>::infinity(), "Inf, Inf(m,n,...): positive infinity."},
    {"inf", std::numeric_limits<double>::infinity(), "inf: positive infinity."},
    {"NaN", std::numeric_limits<double>::quiet_NaN(), "NaN, NaN(m,n,...): not-a-number."},
    {"nan", std::numeric_limits<double>::quiet_NaN(), "nan: not-a-number."},
    {"eps", std::numeric_limits<double>::epsilon(),
     "eps: spacing of doubles at 1; eps('single'); eps(x): spacing at each abs(x)."},
};
inline constexpr size_t kEpsConstant = 5;  // kConstantBuiltins[5] is eps (its own builtin)

inline constexpr size_t kNumUnaryMathBuiltins = std::size(kUnaryMathBuiltins);
inline constexpr size_t kNumBinaryMathBuiltins = std::size(kBinaryMathBuiltins);

// Predicates (isnan, isinf, isfinite) return logical.
inline constexpr bool is_predicate(rm_ir_unary op) {
  return op == RM_UN_ISNAN || op == RM_UN_ISINF || op == RM_UN_ISFINITE || op == RM_UN_NOT;
}

}  // namespace runmat::runtime
