// sprintf/fprintf formatting with MATLAB's rules: the format is recycled while arguments
// remain, %d with a non-integer value switches to %e, a char array feeds %s whole (or its
// character codes to numeric conversions), escapes (\n \t \\ %%) in the format.
#pragma once

#include <string>
#include <vector>

#include "runmat/core/value.hpp"

namespace runmat::runtime {
std::string format_printf(const std::string& format, const std::vector<Value>& args);
}
