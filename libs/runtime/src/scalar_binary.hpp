// MATLAB's scalar semantics of the binary IR ops, for any floating type: double for the host
// evaluator (scalar_semantics.cpp), long double for exact integer-class arithmetic
// (integer_ops.cpp). One definition, so the mod/rem rules of include/runmat/accel.h cannot
// drift apart between the two.
#pragma once

#include <cmath>
#include <limits>

#include "runmat/accel.h"

namespace runmat::runtime {

template <typename T>
T scalar_binary(rm_ir_binary op, T x, T y) {
  const T kNaN = std::numeric_limits<T>::quiet_NaN();
  switch (op) {
    case RM_BIN_ADD:
      return x + y;
    case RM_BIN_SUB:
      return x - y;
    case RM_BIN_MUL:
      return x * y;
    case RM_BIN_DIV:
      return x / y;
    case RM_BIN_POW:
      return std::pow(x, y);
    case RM_BIN_MIN:
      return std::isnan(x) ? y : std::isnan(y) ? x : (y < x ? y : x);
    case RM_BIN_MAX:
      return std::isnan(x) ? y : std::isnan(y) ? x : (y > x ? y : x);
    case RM_BIN_ATAN2:
      return std::atan2(x, y);
    case RM_BIN_HYPOT:
      return std::hypot(x, y);
    // The rule of include/runmat/accel.h, so the host fallback agrees with every plugin. The
    // formulas alone give 0*Inf = NaN for an infinite divisor; MATLAB takes the limit.
    case RM_BIN_MOD: {
      if (y == 0) return x;  // also for x = +-Inf and NaN
      if (std::isnan(x) || std::isnan(y) || std::isinf(x)) return kNaN;
      if (std::isinf(y)) return (x == 0 || (x > 0) == (y > 0)) ? x : y;
      return x - std::floor(x / y) * y;
    }
    case RM_BIN_REM: {
      if (y == 0 || std::isnan(x) || std::isnan(y) || std::isinf(x)) return kNaN;
      if (std::isinf(y)) return x;
      return x - std::trunc(x / y) * y;
    }
    case RM_BIN_AND:
      return (x != 0 && y != 0) ? T(1) : T(0);
    case RM_BIN_OR:
      return (x != 0 || y != 0) ? T(1) : T(0);
    case RM_BIN_XOR:
      return ((x != 0) != (y != 0)) ? T(1) : T(0);
    default:
      return kNaN;
  }
}

}  // namespace runmat::runtime
