// Operators on string arrays and cells, as the VM's binary operator meets them: "a" + "b"
// concatenates elementwise (numbers and chars convert to strings first), the relational
// operators compare texts elementwise with implicit expansion (a char vector or cellstr is
// converted to strings), and any other operator on a string or cell is MATLAB's "Operator '+'
// is not supported for operands of type 'cell'." error.
#pragma once

#include "runmat/core/value.hpp"
#include "runmat/lang/ast.hpp"

namespace runmat::runtime {

// True when the operator must go through string_binary_operator (an operand is a string or a
// cell).
bool needs_string_operator(const Value& a, const Value& b);
Value string_binary_operator(lang::BinOp op, const Value& a, const Value& b);

}  // namespace runmat::runtime
