// Array indexing and indexed assignment: linear and subscript indices, ':' and logical masks,
// growth on assignment with zero fill, scalar expansion, MATLAB's errors for bad subscripts.
#pragma once

#include <vector>

#include "runmat/core/value.hpp"

namespace runmat::runtime {
Value index_value(const Value& base, const std::vector<Value>& args);
void assign_index(Value& base, const std::vector<Value>& args, const Value& rhs);
// base(args) = [] : deletes elements (one index: a vector stays a row/column, anything else
// becomes a row) or whole slices (several indices, all but one ':' or covering their
// dimension). An undefined base counts as [].
void delete_index(Value& base, const std::vector<Value>& args);
double end_value(const Value& base, int position, int count);
Value concat(const std::vector<Value>& items, bool horizontal);
Value make_range(double start, double step, double stop);
// lo:hi or lo:step:hi on values, with MATLAB's class rules: an integer operand gives that
// integer class (counted exactly), single gives single, char endpoints give char.
Value range_value(const Value& lo, const Value* step, const Value& hi);
}  // namespace runmat::runtime
