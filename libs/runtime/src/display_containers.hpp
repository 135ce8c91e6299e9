// Display of cells, structs, strings, function handles and objects in MATLAB's format loose
// style ("c =\n\n  1×2 cell array\n\n    {[1]}    {'a'}\n\n").
#pragma once

#include <ostream>
#include <string>

#include "runmat/core/value.hpp"

namespace runmat::runtime {
void display_container(std::ostream& os, const std::string& name, const Value& v);
void disp_container(std::ostream& os, const Value& v);
// One-line summary of a value as it appears inside a cell or a struct field: [1 2 3],
// 'text', [2×2 double], {1×3 cell}, "str", @(x)x+1.
std::string summarize_value(const Value& v, bool in_cell);
}  // namespace runmat::runtime
