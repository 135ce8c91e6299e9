// Reductions (sum, prod, mean, max, min, any, all) along one dimension or over all elements.
// Large or deferred inputs become Reduce nodes, so the elementwise chain feeding a reduction
// fuses with it into one kernel.
#pragma once

#include "runmat/accel.h"
#include "runmat/core/value.hpp"

namespace runmat::runtime {
class Runtime;

// dim: 0-based, or -1 for all elements. scale multiplies the result (mean: 1/len).
Value reduce_value(Runtime& rt, rm_ir_reduce op, const Value& x, int dim, bool mean,
                   ClassId out_cls);
// MATLAB's default dimension: the first non-singleton one (0 for scalars).
int default_reduce_dim(const Shape& s);
}  // namespace runmat::runtime
