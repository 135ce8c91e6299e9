// Linear algebra on the host with Eigen (the fused path covers elementwise work only).
#pragma once

#include <string>

#include "runmat/core/value.hpp"

namespace runmat::runtime {
class Runtime;
Value matrix_multiply(Runtime& rt, const Value& a, const Value& b);
Value matrix_left_divide(Runtime& rt, const Value& a, const Value& b);
// A / B for a non-scalar B: (B' \ A')'.
Value matrix_right_divide(Runtime& rt, const Value& a, const Value& b);
// A ^ p for a square A and an integer scalar p (repeated squaring; p = 0 gives eye, p < 0
// uses inv(A)). Other forms raise MATLAB's error or RunMat:notImplemented.
Value matrix_power(Runtime& rt, const Value& a, const Value& p);
Value transpose(Runtime& rt, const Value& a);
// Prints "Warning: msg" to the error stream unless warning('off', id) or warning('off', 'all')
// is in effect (MATLAB's ids: MATLAB:singularMatrix, MATLAB:nearlySingularMatrix, ...).
void numeric_warning(Runtime& rt, const std::string& id, const std::string& msg);
// inv(A): LU inverse with MATLAB's singular / badly-scaled warnings on the error stream.
Value matrix_inverse(Runtime& rt, const Value& a);
}  // namespace runmat::runtime
