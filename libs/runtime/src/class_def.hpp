// classdef classes: what a classdef file defines (properties with attributes and defaults,
// methods, accessors, superclasses), built from its AST and compiled module once per session,
// and loaded (superclasses resolved, defaults evaluated) on first use. Objects point at their
// ClassInfo through ObjectValue::meta. Semantics and error identifiers: docs/classes.md.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runmat/core/containers.hpp"
#include "runmat/core/value.hpp"
#include "runmat/lang/ast.hpp"
#include "runmat/lang/bytecode.hpp"

namespace runmat::runtime {

class Vm;
class ClassInfo;

enum class Access : uint8_t { kPublic, kProtected, kPrivate };

struct PropInfo {
  std::string name;
  Access get_access = Access::kPublic;
  Access set_access = Access::kPublic;
  bool constant = false;
  bool dependent = false;
  bool hidden = false;
  const lang::Function* default_fn = nullptr;  // "(default)name" in the class's module
  const lang::Function* getter = nullptr;      // get.name
  const lang::Function* setter = nullptr;      // set.name
  const ClassInfo* owner = nullptr;            // the class that defines it
  Value value;                                 // after load: the default / Constant value
};

struct MethodInfo {
  std::string name;
  const lang::Function* fn = nullptr;
  // A method defined in its own file in the class folder (@Cls/name.m) runs in that file's
  // module; null for methods of the classdef file.
  std::shared_ptr<const lang::Module> file_module;
  bool is_static = false;
  Access access = Access::kPublic;
  const ClassInfo* owner = nullptr;
};

class ClassInfo final : public ClassMeta, public std::enable_shared_from_this<ClassInfo> {
 public:
  // Builds the class from its parsed definition and the module compile_program made of it.
  ClassInfo(const lang::ClassDef& def, std::shared_ptr<const lang::Module> module,
            std::filesystem::path path);

  const std::string& name() const { return name_; }
  const std::shared_ptr<const lang::Module>& module() const { return module_; }
  bool is_handle() const { return is_handle_; }
  const lang::Function* constructor() const { return ctor_; }
  // The constructor calls obj@Base(...) itself (else the bases' run first, with no inputs).
  bool constructor_calls_base() const { return ctor_calls_base_; }
  const std::vector<std::shared_ptr<ClassInfo>>& bases() const { return bases_; }

  // A method from its own file in the class folder @Cls/ (public, not static).
  void add_file_method(std::shared_ptr<const lang::Module> file);
  // Whether code of `m` belongs to this class (its classdef file or a method file).
  bool owns_module(const lang::Module* m) const;

  // Resolves the superclasses (through the function path) and evaluates property defaults,
  // once. Errors (a missing superclass, a failing default) propagate; the next use retries.
  void load(Vm& vm);

  // A property or method of this class or (depth first) of a base class; null when none.
  const PropInfo* find_property(std::string_view name) const;
  const MethodInfo* find_method(std::string_view name) const;
  // isa: this class, a base class (transitively), or "handle" for handle classes.
  bool isa(std::string_view cls) const;
  // Every property in MATLAB's order: this class's, then each base's (no duplicates).
  std::vector<const PropInfo*> all_properties() const;
  // Method names of this class and its bases, sorted, without duplicates.
  std::vector<std::string> method_names(bool include_hidden) const;

  // A new object with every stored property at its default (a fresh one for handle classes).
  Value instantiate() const;

 private:
  std::string name_;
  std::filesystem::path path_;
  std::shared_ptr<const lang::Module> module_;
  std::vector<std::string> base_names_;
  std::vector<PropInfo> props_;
  std::vector<MethodInfo> methods_;
  const lang::Function* ctor_ = nullptr;
  bool ctor_calls_base_ = false;
  bool loaded_ = false;
  bool loading_ = false;
  bool is_handle_ = false;
  std::vector<std::shared_ptr<ClassInfo>> bases_;
};

// The class of a classdef object; null for any other value (MException included).
const ClassInfo* class_of(const Value& v);

}  // namespace runmat::runtime
