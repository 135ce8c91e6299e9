// Value display in MATLAB's `format short`, `format loose` style: `x = ...` statements without
// a semicolon (display) and disp(). Exact byte-for-byte parity for every class is the language
// issue's work; this covers numeric, logical and char arrays.
#pragma once

#include <ostream>
#include <string>

#include "runmat/core/value.hpp"

namespace runmat::runtime {
// `format long` (15 digits after the point for doubles, 7 for single) and `format compact`
// (no blank lines around displayed values): the session's state, kept in Runtime.
struct DisplayFormat {
  bool long_format = false;
  bool compact = false;
};
void display_value(std::ostream& os, const std::string& name, const Value& v,
                   const DisplayFormat& format = {});
void disp_value(std::ostream& os, const Value& v, const DisplayFormat& format = {});
}  // namespace runmat::runtime
