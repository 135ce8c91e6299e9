// Value display in MATLAB's `format short`, `format loose` style: `x = ...` statements without
// a semicolon (display) and disp(). Exact byte-for-byte parity for every class is the language
// issue's work; this covers numeric, logical and char arrays.
#pragma once

#include <ostream>
#include <string>

#include "runmat/core/value.hpp"

namespace runmat::runtime {
void display_value(std::ostream& os, const std::string& name, const Value& v);
void disp_value(std::ostream& os, const Value& v);
}  // namespace runmat::runtime
