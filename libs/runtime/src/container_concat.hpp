// [a, b] and [a; b] for every kind of value: numeric/char/logical arrays go to concat()
// (indexing.hpp); cells, structs and strings concatenate element-wise with MATLAB's promotion
// rules ([c, 1] wraps 1 in a cell, ["a", 'b'] makes a string array, [] is skipped).
#pragma once

#include <vector>

#include "runmat/core/value.hpp"

namespace runmat::runtime {
Value concat_values(const std::vector<Value>& items, bool horizontal);
// N-D concatenation along 0-based dimension `dim` (cat(dim+1, ...)).
Value concat_values_dim(const std::vector<Value>& items, int dim);
}  // namespace runmat::runtime
