// What the VM does with classdef objects: property reads and writes (access attributes,
// get./set. accessors, Constant and Dependent properties), method calls and dispatch,
// constructors (including obj@Base(...)), static calls Cls.name(...), operator overloading and
// display. Every function here is a no-op (returns false / nullopt) for values that are not
// classdef objects, so the VM can call it on its slow paths unconditionally.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runmat/core/value.hpp"
#include "runmat/lang/ast.hpp"

namespace runmat::runtime {

class Vm;
class ClassInfo;

// obj.name: a property's value, or (allow_method) the method `name` called with obj alone.
// Throws MATLAB:noSuchMethodOrField when it is neither.
Value class_get(Vm& vm, const Value& obj, const std::string& name, bool allow_method);

// obj.name = rhs on a classdef object (`obj` may be replaced: a value class's set.name
// returns the modified object).
void class_set(Vm& vm, Value& obj, const std::string& name, const Value& rhs);

// The storage of property `name` of a classdef object when a nested assignment
// (obj.name(3) = v, obj.name.f = v) may update it in place: a stored property without get or
// set methods that the running code may read and write. Null otherwise (and for other values);
// the caller then reads it with class_get and writes it back with class_set.
Value* class_property_slot(Vm& vm, Value& obj, const std::string& name);

// obj.name(args) where obj is a classdef object and name one of its methods: the outputs.
// nullopt when `name` is not a method (the caller indexes the property instead).
std::optional<std::vector<Value>> class_method_call(Vm& vm, const Value& obj,
                                                    const std::string& name,
                                                    std::vector<Value>& args, int nargout);

// The class step of calling a function by name: "Cls.name" (static method or Constant
// property), "@Base" (superclass constructor on args[0]), "name@Base" (superclass method), and
// a method `name` of a classdef object among the arguments. nullopt when none applies.
std::optional<std::vector<Value>> class_call(Vm& vm, const std::string& name,
                                             std::vector<Value>& args, int nargout);

// Cls(args): a new object, constructed.
std::vector<Value> class_construct(Vm& vm, const std::shared_ptr<ClassInfo>& cls,
                                   std::vector<Value>& args, int nargout);

// Operators with a classdef operand: the overloading method (plus, eq, uminus, ...), or ==/~=
// identity for handles. False when no operand is a classdef object.
bool class_binary(Vm& vm, lang::BinOp op, const Value& a, const Value& b, Value* out);
bool class_unary(Vm& vm, lang::UnOp op, const Value& a, Value* out);

// `name = ...` display of a classdef object (display/disp overloads, else "Cls with
// properties:"); false for other values.
bool class_display(Vm& vm, const std::string& name, const Value& v);

}  // namespace runmat::runtime
