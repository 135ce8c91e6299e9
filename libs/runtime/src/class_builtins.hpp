// Builtins that know classdef objects: isobject, properties, methods, isprop, ismethod,
// isvalid (registered), and the class-aware forms of existing builtins when an argument is a
// classdef object (isa with base classes, fieldnames, disp, delete, struct).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "runmat/core/value.hpp"

namespace runmat::runtime {

class Vm;

// The builtin `name` applied to arguments that include a classdef object; nullopt when the
// ordinary builtin (or an error) applies.
std::optional<std::vector<Value>> object_builtin(Vm& vm, const std::string& name,
                                                 std::vector<Value>& args, int nargout);

// disp(obj) without an overload: "  Cls with properties:" and the public, visible properties
// (Dependent ones through their get methods), as MATLAB prints them.
void print_object_body(Vm& vm, const Value& obj);

}  // namespace runmat::runtime
