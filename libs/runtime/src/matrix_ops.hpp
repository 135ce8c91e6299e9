// Linear algebra on the host with Eigen (the fused path covers elementwise work only).
#pragma once

#include "runmat/core/value.hpp"

namespace runmat::runtime {
class Runtime;
Value matrix_multiply(Runtime& rt, const Value& a, const Value& b);
Value matrix_left_divide(Runtime& rt, const Value& a, const Value& b);
Value transpose(Runtime& rt, const Value& a);
}  // namespace runmat::runtime
