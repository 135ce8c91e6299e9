// Running MATLAB text in the caller's workspace (eval, input): the text is compiled as a
// script and run the way a script called by name runs, sharing the caller's variables.
#pragma once

#include <string>

#include "runmat/core/value.hpp"

namespace runmat::runtime {

class Runtime;
class Vm;

// Runs statements in `caller`'s current workspace. Parse errors are MATLAB errors.
void eval_statements(Runtime& rt, Vm& caller, const std::string& text);
// The value of an expression evaluated in `caller`'s workspace.
Value eval_in_workspace(Runtime& rt, Vm& caller, const std::string& expr);

}  // namespace runmat::runtime
