// MException objects <-> the runtime's MatlabError: try/catch hands the caught error to MATLAB
// code as an MException (identifier, message, stack, cause); rethrow/throw/error(ME) turn one
// back into an error.
#pragma once

#include "runmat/core/error.hpp"
#include "runmat/core/value.hpp"

namespace runmat::runtime {
Value make_mexception(const MatlabError& e);
Value make_mexception(const std::string& identifier, const std::string& message);
MatlabError error_from_mexception(const Value& me);
bool is_mexception(const Value& v);
}  // namespace runmat::runtime
