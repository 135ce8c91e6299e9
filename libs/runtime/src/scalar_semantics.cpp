// MATLAB's scalar semantics for every IR op, in double. The eager host path applies them
// elementwise (in float for single, rounding each result).
#include <cmath>
#include <limits>

#include "elementwise.hpp"
#include "scalar_binary.hpp"

namespace runmat::runtime {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

double host_unary(rm_ir_unary op, double x) {
  switch (op) {
    case RM_UN_NEG:
      return -x;
    case RM_UN_ABS:
      return std::fabs(x);
    case RM_UN_SQRT:
      return std::sqrt(x);
    case RM_UN_EXP:
      return std::exp(x);
    case RM_UN_LOG:
      return std::log(x);
    case RM_UN_SIN:
      return std::sin(x);
    case RM_UN_COS:
      return std::cos(x);
    case RM_UN_TAN:
      return std::tan(x);
    case RM_UN_TANH:
      return std::tanh(x);
    case RM_UN_FLOOR:
      return std::floor(x);
    case RM_UN_CEIL:
      return std::ceil(x);
    case RM_UN_ROUND:
      return std::round(x);  // half away from zero, as MATLAB
    case RM_UN_FIX:
      return std::trunc(x);
    case RM_UN_SIGN:
      return x > 0 ? 1.0 : x < 0 ? -1.0 : x == 0 ? 0.0 : x;
    case RM_UN_NOT:
      return x == 0 ? 1.0 : 0.0;
    case RM_UN_ASIN:
      return std::asin(x);
    case RM_UN_ACOS:
      return std::acos(x);
    case RM_UN_ATAN:
      return std::atan(x);
    case RM_UN_SINH:
      return std::sinh(x);
    case RM_UN_COSH:
      return std::cosh(x);
    case RM_UN_LOG2:
      return std::log2(x);
    case RM_UN_LOG10:
      return std::log10(x);
    case RM_UN_EXPM1:
      return std::expm1(x);
    case RM_UN_LOG1P:
      return std::log1p(x);
    case RM_UN_ISNAN:
      return std::isnan(x) ? 1.0 : 0.0;
    case RM_UN_ISINF:
      return std::isinf(x) ? 1.0 : 0.0;
    case RM_UN_ISFINITE:
      return std::isfinite(x) ? 1.0 : 0.0;
    default:
      return std::numeric_limits<double>::quiet_NaN();
  }
}

double host_binary(rm_ir_binary op, double x, double y) {
  return scalar_binary(op, x, y);
}

bool host_compare(rm_ir_compare op, double x, double y) {
  switch (op) {
    case RM_CMP_EQ:
      return x == y;
    case RM_CMP_NE:
      return x != y;
    case RM_CMP_LT:
      return x < y;
    case RM_CMP_LE:
      return x <= y;
    case RM_CMP_GT:
      return x > y;
    case RM_CMP_GE:
      return x >= y;
  }
  return false;
}

}  // namespace runmat::runtime
