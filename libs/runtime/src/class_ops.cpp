#include "class_ops.hpp"

#include <ostream>

#include "builtins.hpp"
#include "class_builtins.hpp"
#include "class_def.hpp"
#include "container_index.hpp"
#include "display.hpp"
#include "function_path.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"
#include "runmat/runtime/runtime.hpp"
#include "vm.hpp"

namespace runmat::runtime {
namespace {

using lang::BinOp;
using lang::UnOp;

// Code of class `owner` (or of a class deriving from it, for protected members) is running
// when the interpreter's module is that class's classdef file.
bool can_access(Vm& vm, Access level, const ClassInfo& owner, const ClassInfo& object_class) {
  if (level == Access::kPublic || owner.owns_module(vm.module().get())) return true;
  if (level == Access::kPrivate) return false;
  // protected: a method of the object's class or of a base of it that derives from owner.
  bool found = false;
  auto walk = [&](const ClassInfo& c, auto& self) -> void {
    if (c.owns_module(vm.module().get()) && c.isa(owner.name())) found = true;
    for (const auto& b : c.bases()) self(*b, self);
  };
  walk(object_class, walk);
  return found;
}

// Inside an accessor, the property itself is read and written directly (no recursion).
bool running(Vm& vm, const lang::Function* fn) {
  const Frame* f = vm.current_frame();
  return f && f->fn == fn;
}

std::vector<Value> invoke(Vm& vm, const ClassInfo& owner, const lang::Function& fn,
                          std::vector<Value> args, int nargout, const Value* preset = nullptr) {
  Vm other(vm.runtime(), owner.module());
  return other.call(fn, std::move(args), nargout, preset);
}

std::vector<Value> invoke_method(Vm& vm, const MethodInfo& m, std::vector<Value> args,
                                 int nargout) {
  if (!m.file_module) return invoke(vm, *m.owner, *m.fn, std::move(args), nargout);
  Vm other(vm.runtime(), m.file_module);
  return other.call(*m.fn, std::move(args), nargout);
}

void check_valid(const Value& obj) {
  if (obj.object().deleted) throw_error("MATLAB:class:InvalidHandle", "Invalid or deleted object.");
}

std::vector<Value> call_method(Vm& vm, const ClassInfo& cls, const MethodInfo& m,
                               std::vector<Value> args, int nargout) {
  if (!can_access(vm, m.access, *m.owner, cls)) {
    throw_error("MATLAB:class:MethodRestricted", "Cannot access method '%s' in class '%s'.", m.name,
                cls.name());
  }
  return invoke_method(vm, m, std::move(args), nargout);
}

Value first_output(std::vector<Value>&& outs) {
  if (outs.empty()) throw_error("MATLAB:TooManyOutputs", "Too many output arguments.");
  return std::move(outs[0]);
}

// The object under construction goes through each class's constructor, bases first unless the
// constructor calls obj@Base(...) itself.
Value run_constructor(Vm& vm, const ClassInfo& cls, Value obj, std::vector<Value> args) {
  const lang::Function* ctor = cls.constructor();
  if (!ctor || !cls.constructor_calls_base()) {
    if (!ctor && !args.empty()) {
      throw_error("MATLAB:TooManyInputs", "Too many input arguments.");
    }
    for (const auto& b : cls.bases()) obj = run_constructor(vm, *b, std::move(obj), {});
  }
  if (!ctor) return obj;
  return first_output(invoke(vm, cls, *ctor, std::move(args), 1, &obj));
}

std::shared_ptr<ClassInfo> find_class(Vm& vm, const std::string& name) {
  const FunctionFile* f = vm.runtime().function_path().find(name);
  if (!f || !f->cls) return nullptr;
  std::shared_ptr<ClassInfo> cls = f->cls;
  cls->load(vm);
  return cls;
}

// obj.name(args) when name is not a method: the property (or field) indexed, or a function
// handle stored there called.
std::vector<Value> index_member(Vm& vm, const Value& v, std::vector<Value>& args, int nargout) {
  if (v.is_handle()) return vm.call_value(v, std::move(args), nargout);
  if (args.empty()) return {v};
  return {index_paren(v, args)};
}

const char* method_of(BinOp op) {
  switch (op) {
    case BinOp::Add:
      return "plus";
    case BinOp::Sub:
      return "minus";
    case BinOp::MatMul:
      return "mtimes";
    case BinOp::MatDiv:
      return "mrdivide";
    case BinOp::MatLDiv:
      return "mldivide";
    case BinOp::MatPow:
      return "mpower";
    case BinOp::ElemMul:
      return "times";
    case BinOp::ElemDiv:
      return "rdivide";
    case BinOp::ElemLDiv:
      return "ldivide";
    case BinOp::ElemPow:
      return "power";
    case BinOp::Eq:
      return "eq";
    case BinOp::Ne:
      return "ne";
    case BinOp::Lt:
      return "lt";
    case BinOp::Le:
      return "le";
    case BinOp::Gt:
      return "gt";
    case BinOp::Ge:
      return "ge";
    case BinOp::ElemAnd:
      return "and";
    case BinOp::ElemOr:
      return "or";
    default:
      return nullptr;
  }
}

const char* symbol_of(BinOp op) {
  static const char* const kSymbols[] = {
      "+",  "-",  "*", "/",  "\\", "^",  ".*", "./", ".\\", ".^",
      "==", "~=", "<", "<=", ">",  ">=", "&",  "|",  "&&",  "||"};
  return kSymbols[static_cast<int>(op)];
}

}  // namespace

Value class_get(Vm& vm, const Value& obj, const std::string& name, bool allow_method) {
  const ClassInfo* c = class_of(obj);
  if (!c) {
    // A method of a built-in object named without parentheses (M.keys): the builtin of that
    // name with the object (other names fail below as unknown properties).
    if (allow_method && obj.is_object() && obj.object().find(name) < 0 && builtins().find(name)) {
      std::vector<Value> with_obj{obj};
      return first_output(vm.call_named(name, with_obj, 1));
    }
    std::vector<Value> vals = get_field(obj, name);
    if (vals.size() != 1) {
      throw_error("MATLAB:index:expected_one_output",
                  "Expected one output from a curly brace or dot indexing expression, but there "
                  "were %d results.",
                  vals.size());
    }
    return std::move(vals[0]);
  }
  check_valid(obj);
  if (const PropInfo* p = c->find_property(name)) {
    if (!can_access(vm, p->get_access, *p->owner, *c)) {
      throw_error("MATLAB:class:GetProhibited",
                  "Unable to get the '%s' property of class '%s' because it is not public.", name,
                  c->name());
    }
    if (p->getter && !running(vm, p->getter)) {
      return first_output(invoke(vm, *p->owner, *p->getter, {obj}, 1));
    }
    if (p->constant) return p->value;
    if (p->dependent) {
      throw_error("MATLAB:class:GetMethodMissing",
                  "Dependent property '%s' of class '%s' has no get method.", name, c->name());
    }
    return obj.object().get(name);
  }
  if (allow_method) {
    if (const MethodInfo* m = c->find_method(name)) {
      std::vector<Value> args;
      if (!m->is_static) args.push_back(obj);
      return first_output(call_method(vm, *c, *m, std::move(args), 1));
    }
  }
  throw_error("MATLAB:noSuchMethodOrField",
              "Unrecognized method, property, or field '%s' for class '%s'.", name, c->name());
}

void class_set(Vm& vm, Value& obj, const std::string& name, const Value& rhs) {
  const ClassInfo* c = class_of(obj);
  if (!c) {
    set_field(obj, name, rhs);
    return;
  }
  check_valid(obj);
  const PropInfo* p = c->find_property(name);
  if (!p) {
    throw_error("MATLAB:noSuchMethodOrField", "Unrecognized property '%s' for class '%s'.", name,
                c->name());
  }
  if (p->constant) {
    throw_error("MATLAB:class:SetProhibited",
                "Unable to set the '%s' property of class '%s' because it is a Constant "
                "property.",
                name, c->name());
  }
  if (!can_access(vm, p->set_access, *p->owner, *c)) {
    throw_error("MATLAB:class:SetProhibited",
                "Unable to set the '%s' property of class '%s' because it is read-only.", name,
                c->name());
  }
  if (p->setter && !running(vm, p->setter)) {
    // A value class's set method returns the modified object; a handle class's need not.
    const int nout = p->setter->output_slots.empty() ? 0 : 1;
    std::vector<Value> outs = invoke(vm, *p->owner, *p->setter, {obj, rhs}, nout);
    if (!obj.object().is_handle) obj = first_output(std::move(outs));
    return;
  }
  if (p->dependent) {
    throw_error("MATLAB:class:noSetMethod",
                "In class '%s', no set method is defined for Dependent property '%s'.  A "
                "Dependent property needs a set method to assign its value.",
                c->name(), name);
  }
  obj.mutable_object().set(name, rhs);
}

Value* class_property_slot(Vm& vm, Value& obj, const std::string& name) {
  const ClassInfo* c = class_of(obj);
  if (!c || obj.object().deleted) return nullptr;
  const PropInfo* p = c->find_property(name);
  if (!p || p->getter || p->setter || p->constant || p->dependent) return nullptr;
  if (!can_access(vm, p->get_access, *p->owner, *c) ||
      !can_access(vm, p->set_access, *p->owner, *c)) {
    return nullptr;
  }
  ObjectValue& o = obj.mutable_object();  // a value object is unshared first (copy on write)
  const int i = o.find(name);
  return i < 0 ? nullptr : &o.props[static_cast<size_t>(i)];
}

std::optional<std::vector<Value>> class_method_call(Vm& vm, const Value& obj,
                                                    const std::string& name,
                                                    std::vector<Value>& args, int nargout) {
  const ClassInfo* c = class_of(obj);
  if (!c) return std::nullopt;
  if (c->find_property(name)) {
    Value v = class_get(vm, obj, name, false);
    return index_member(vm, v, args, nargout);
  }
  if (const MethodInfo* m = c->find_method(name)) {
    check_valid(obj);
    std::vector<Value> all;
    if (!m->is_static) all.push_back(obj);
    for (Value& a : args) all.push_back(std::move(a));
    return call_method(vm, *c, *m, std::move(all), nargout);
  }
  // Methods every handle object has (delete, isvalid), then the generic error.
  std::vector<Value> with_obj{obj};
  for (Value& a : args) with_obj.push_back(std::move(a));
  if (auto r = object_builtin(vm, name, with_obj, nargout)) return r;
  throw_error("MATLAB:noSuchMethodOrField",
              "Unrecognized method, property, or field '%s' for class '%s'.", name, c->name());
}

std::vector<Value> class_construct(Vm& vm, const std::shared_ptr<ClassInfo>& cls,
                                   std::vector<Value>& args, int nargout) {
  cls->load(vm);
  return {run_constructor(vm, *cls, cls->instantiate(), std::move(args))};
}

std::optional<std::vector<Value>> class_call(Vm& vm, const std::string& name,
                                             std::vector<Value>& args, int nargout) {
  const size_t special = name.find_first_of(".@");
  if (special != std::string::npos && name[special] == '@') {
    const std::string member = name.substr(0, special), base = name.substr(special + 1);
    std::shared_ptr<ClassInfo> cls = find_class(vm, base);
    if (!cls) {
      throw_error("MATLAB:class:InvalidSuperClass",
                  "The specified superclass '%s' contains a parse error, cannot be found on "
                  "MATLAB's search path, or is shadowed by another file with the same name.",
                  base);
    }
    if (member.empty()) {  // obj@Base(args): the base's constructor on the object
      Value obj = std::move(args.at(0));
      std::vector<Value> rest(std::make_move_iterator(args.begin() + 1),
                              std::make_move_iterator(args.end()));
      return std::vector<Value>{run_constructor(vm, *cls, std::move(obj), std::move(rest))};
    }
    const MethodInfo* m = cls->find_method(member);
    if (!m) {
      throw_error("MATLAB:UndefinedFunction", "Unrecognized function or variable '%s'.", name);
    }
    return invoke_method(vm, *m, std::move(args), nargout);
  }
  if (special != std::string::npos) {
    const std::string cname = name.substr(0, special), member = name.substr(special + 1);
    if (std::shared_ptr<ClassInfo> cls = find_class(vm, cname)) {
      const PropInfo* p = cls->find_property(member);
      if (p && p->constant) {
        if (!can_access(vm, p->get_access, *p->owner, *cls)) {
          throw_error("MATLAB:class:GetProhibited",
                      "Unable to get the '%s' property of class '%s' because it is not public.",
                      member, cls->name());
        }
        return index_member(vm, p->value, args, nargout);
      }
      if (const MethodInfo* m = cls->find_method(member); m && m->is_static) {
        return call_method(vm, *cls, *m, std::move(args), nargout);
      }
      throw_error("MATLAB:subscripting:classHasNoPropertyOrMethod",
                  "The class %s has no Constant property or Static method named '%s'.", cname,
                  member);
    }
    // A builtin with a dotted name (containers.Map) is called as it is.
    if (builtins().find(name)) return std::nullopt;
    // Not a class: a variable made at run time (load, eval, a called script) or a function's
    // value, then its field.
    std::vector<Value> none;
    Value base = first_output(vm.call_named(cname, none, 1));
    Value v = class_get(vm, base, member, true);
    return index_member(vm, v, args, nargout);
  }
  // Inside a class's own file, its name is the constructor (not the compiled function of
  // that name, which expects the object preset).
  if (vm.module()->filename.size() == name.size() + 2 &&
      vm.module()->filename.compare(0, name.size(), name) == 0) {
    if (std::shared_ptr<ClassInfo> cls = find_class(vm, name);
        cls && cls->module() == vm.module()) {
      return class_construct(vm, cls, args, nargout);
    }
  }
  // Dispatch: the first classdef object argument whose class has the method.
  for (const Value& a : args) {
    const ClassInfo* c = class_of(a);
    if (!c) continue;
    if (const MethodInfo* m = c->find_method(name)) {
      if (name == "delete" && a.object().is_handle) {
        Value h = a;
        call_method(vm, *c, *m, std::move(args), 0);
        h.mutable_object().deleted = true;
        return std::vector<Value>{};
      }
      return call_method(vm, *c, *m, std::move(args), nargout);
    }
  }
  for (const Value& a : args) {
    if (class_of(a)) return object_builtin(vm, name, args, nargout);
  }
  return std::nullopt;
}

bool class_binary(Vm& vm, BinOp op, const Value& a, const Value& b, Value* out) {
  const ClassInfo* ca = class_of(a);
  const ClassInfo* cb = class_of(b);
  if (!ca && !cb) return false;
  const char* name = method_of(op);
  for (const ClassInfo* c : {ca, cb}) {
    if (!c || !name) continue;
    if (const MethodInfo* m = c->find_method(name)) {
      *out = first_output(call_method(vm, *c, *m, {a, b}, 1));
      return true;
    }
  }
  if ((op == BinOp::Eq || op == BinOp::Ne) && ca && cb && a.object().is_handle &&
      b.object().is_handle) {
    // == on handles: the same object.
    const bool same = &a.object() == &b.object();
    *out = Value::logical(op == BinOp::Eq ? same : !same);
    return true;
  }
  throw_error("MATLAB:UndefinedFunction",
              "Operator '%s' is not supported for operands of type '%s'.", symbol_of(op),
              (ca ? ca : cb)->name());
}

bool class_unary(Vm& vm, UnOp op, const Value& a, Value* out) {
  const ClassInfo* c = class_of(a);
  if (!c) return false;
  const char* name = op == UnOp::Neg         ? "uminus"
                     : op == UnOp::Plus      ? "uplus"
                     : op == UnOp::Not       ? "not"
                     : op == UnOp::Transpose ? "transpose"
                                             : "ctranspose";
  if (const MethodInfo* m = c->find_method(name)) {
    *out = first_output(call_method(vm, *c, *m, {a}, 1));
    return true;
  }
  if (op == UnOp::Transpose || op == UnOp::CTranspose) {
    *out = a;  // a 1x1 object is its own transpose
    return true;
  }
  const char* symbol = op == UnOp::Neg ? "-" : op == UnOp::Plus ? "+" : "~";
  throw_error("MATLAB:UndefinedFunction",
              "Operator '%s' is not supported for operands of type '%s'.", symbol, c->name());
}

bool class_display(Vm& vm, const std::string& name, const Value& v) {
  const ClassInfo* c = class_of(v);
  if (!c) return false;
  if (const MethodInfo* m = c->find_method("display")) {
    call_method(vm, *c, *m, {v}, 0);
    return true;
  }
  Runtime& rt = vm.runtime();
  std::ostream& os = rt.out();
  const char* gap = rt.format_compact ? "\n" : "\n\n";
  if (const MethodInfo* m = c->find_method("disp")) {
    os << name << " = " << gap;
    call_method(vm, *c, *m, {v}, 0);
    if (!rt.format_compact) os << "\n";
    return true;
  }
  os << name << " = " << gap;
  print_object_body(vm, v);
  if (!rt.format_compact) os << "\n";
  return true;
}

}  // namespace runmat::runtime
