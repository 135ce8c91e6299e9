// Reductions (sum, prod, mean, max, min, any, all) along one dimension or over all elements.
// Large or deferred inputs become Reduce nodes, so the elementwise chain feeding a reduction
// fuses with it into one kernel.
#pragma once

#include "runmat/accel.h"
#include <vector>

#include "runmat/core/value.hpp"

namespace runmat::runtime {
class Runtime;

// dim: 0-based, or -1 for all elements; ndims consecutive dims from dim are reduced together
// (vecdim [2 3]: dim 1, ndims 2). mean divides by the number of elements reduced.
Value reduce_value(Runtime& rt, rm_ir_reduce op, const Value& x, int dim, bool mean,
                   ClassId out_cls, int ndims = 1);
// MATLAB's vecdim argument (sum(x, [2 3])): the 0-based dims, sorted, without duplicates;
// MATLAB's error for non-positive-integer or repeated entries.
std::vector<int> vecdim_from_value(const Value& v);
// Reduces over any set of dims (sorted, 0-based): consecutive runs become one reduction each;
// dims past the array's rank are singleton and skipped.
Value reduce_over_dims(Runtime& rt, rm_ir_reduce op, const Value& x, const std::vector<int>& dims,
                       bool mean, ClassId out_cls);
// The mean of x over dims (sorted, 0-based; -1 alone = all elements), through the moments
// cache when x is deferred (moments_cache.hpp): a second mean of the same value over the same
// dims (mean then std) reuses the first.
Value mean_over_dims(Runtime& rt, const Value& x, std::vector<int> dims, ClassId out_cls);
// MATLAB's default dimension: the first non-singleton one (0 for scalars).
int default_reduce_dim(const Shape& s);
}  // namespace runmat::runtime
