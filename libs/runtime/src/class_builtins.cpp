#include "class_builtins.hpp"

#include <memory>
#include <ostream>

#include "builtins.hpp"
#include "class_def.hpp"
#include "class_ops.hpp"
#include "display.hpp"
#include "function_path.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"
#include "runmat/runtime/runtime.hpp"
#include "text_util.hpp"
#include "vm.hpp"

namespace runmat::runtime {
namespace {

Value column_of(const std::vector<std::string>& names) {
  std::vector<Value> cells;
  for (const auto& n : names) cells.push_back(Value::char_row(n));
  return make_cell(Shape{static_cast<int64_t>(names.size()), 1}, std::move(cells));
}

// Public, non-hidden properties: what properties(), fieldnames() and display list.
std::vector<const PropInfo*> visible_properties(const ClassInfo& c) {
  std::vector<const PropInfo*> out;
  for (const PropInfo* p : c.all_properties()) {
    if (!p->hidden && p->get_access == Access::kPublic) out.push_back(p);
  }
  return out;
}

std::vector<std::string> names_of(const std::vector<const PropInfo*>& props) {
  std::vector<std::string> out;
  for (const PropInfo* p : props) out.push_back(p->name);
  return out;
}

Vm& vm_of(CallContext& ctx) {
  if (!ctx.vm) throw_error("RunMat:internal", "%s needs an interpreter.", std::string(ctx.name));
  return *ctx.vm;
}

// The class an argument names: a classdef object, or a class name (loaded on demand).
std::shared_ptr<const ClassInfo> class_arg(CallContext& ctx, const Value& v) {
  if (class_of(v)) return std::dynamic_pointer_cast<const ClassInfo>(v.object().meta);
  if (v.is_char() || (v.is_string() && v.numel() == 1)) {
    const std::string name = v.is_char() ? v.to_text() : v.string().data[0];
    Vm& vm = vm_of(ctx);
    if (const FunctionFile* f = vm.runtime().function_path().find(name); f && f->cls) {
      std::shared_ptr<ClassInfo> cls = f->cls;
      cls->load(vm);
      return cls;
    }
  }
  return nullptr;
}

void print_list(CallContext& ctx, const char* what, const std::string& cls,
                const std::vector<std::string>& names) {
  std::ostream& os = ctx.rt.out();
  os << "\n" << what << " for class " << cls << ":\n\n";
  for (const auto& n : names) os << "    " << n << "\n";
  os << "\n";
}

Args properties_fn(CallContext& ctx, Args& args) {
  if (args.size() != 1)
    throw_error("MATLAB:narginchk:notEnoughInputs", "Not enough input arguments.");
  std::shared_ptr<const ClassInfo> c = class_arg(ctx, args[0]);
  if (!c) {
    if (ctx.nargout > 0) return {make_cell(Shape{0, 1}, {})};
    ctx.rt.out() << "No properties for class " << args[0].class_name() << ".\n";
    return {};
  }
  const std::vector<std::string> names = names_of(visible_properties(*c));
  if (ctx.nargout > 0) return {column_of(names)};
  print_list(ctx, "Properties", c->name(), names);
  return {};
}

Args methods_fn(CallContext& ctx, Args& args) {
  if (args.empty()) throw_error("MATLAB:narginchk:notEnoughInputs", "Not enough input arguments.");
  std::shared_ptr<const ClassInfo> c = class_arg(ctx, args[0]);
  if (!c) {
    throw_error("MATLAB:methods:InvalidClass", "No class %s.",
                args[0].is_char() ? args[0].to_text() : args[0].class_name());
  }
  const std::vector<std::string> names = c->method_names(false);
  if (ctx.nargout > 0) return {column_of(names)};
  print_list(ctx, "Methods", c->name(), names);
  return {};
}

std::string name_arg(const Value& v) {
  if (v.is_char()) return v.to_text();
  if (v.is_string() && v.numel() == 1) return v.string().data[0];
  throw_error("MATLAB:invalidType", "Name must be a character vector or string scalar.");
}

Args isprop_fn(CallContext& ctx, Args& args) {
  if (args.size() != 2)
    throw_error("MATLAB:narginchk:notEnoughInputs", "Not enough input arguments.");
  const std::string name = name_arg(args[1]);
  const ClassInfo* c = class_of(args[0]);
  if (!c) {
    // MException and other built-in objects: their named properties.
    return {Value::logical(args[0].is_object() && args[0].object().find(name) >= 0)};
  }
  const PropInfo* p = c->find_property(name);
  return {Value::logical(p && !p->hidden && p->get_access == Access::kPublic)};
}

Args ismethod_fn(CallContext& ctx, Args& args) {
  if (args.size() != 2)
    throw_error("MATLAB:narginchk:notEnoughInputs", "Not enough input arguments.");
  const std::string name = name_arg(args[1]);
  const ClassInfo* c = class_of(args[0]);
  if (!c) return {Value::logical(false)};
  const std::vector<std::string> names = c->method_names(false);
  return {Value::logical(std::find(names.begin(), names.end(), name) != names.end())};
}

Args isobject_fn(CallContext& ctx, Args& args) {
  if (args.size() != 1)
    throw_error("MATLAB:narginchk:notEnoughInputs", "Not enough input arguments.");
  return {Value::logical(args[0].is_object())};
}

Args isvalid_fn(CallContext& ctx, Args& args) {
  if (args.size() != 1)
    throw_error("MATLAB:narginchk:notEnoughInputs", "Not enough input arguments.");
  const Value& h = args[0];
  if (!h.is_object() || !h.object().is_handle) {
    throw_error("MATLAB:UndefinedFunction",
                "Undefined function 'isvalid' for input arguments of type '%s'.", h.class_name());
  }
  return {Value::logical(!h.object().deleted)};
}

}  // namespace

void print_object_body(Vm& vm, const Value& obj) {
  const ClassInfo* c = class_of(obj);
  std::ostream& os = vm.runtime().out();
  if (obj.object().deleted) {
    os << "  handle to deleted " << c->name() << "\n";
    return;
  }
  // A display copy holding what MATLAB shows: public, visible, non-Constant properties, with
  // Dependent ones read through their get methods.
  auto view = std::make_shared<ObjectValue>();
  view->class_name = c->name();
  for (const PropInfo* p : visible_properties(*c)) {
    if (p->constant || (p->dependent && !p->getter)) continue;
    view->names.push_back(p->name);
    view->props.push_back(class_get(vm, obj, p->name, false));
  }
  if (view->names.empty()) {
    os << "  " << c->name() << " with no properties.\n";
    return;
  }
  const Runtime& rt = vm.runtime();
  disp_value(os, Value::object(std::move(view)), DisplayFormat{rt.format_long, rt.format_compact});
}

std::optional<std::vector<Value>> object_builtin(Vm& vm, const std::string& name,
                                                 std::vector<Value>& args, int nargout) {
  const ClassInfo* c = args.empty() ? nullptr : class_of(args[0]);
  if (!c) return std::nullopt;
  Value& obj = args[0];
  if (name == "isa" && args.size() == 2) {
    return std::vector<Value>{Value::logical(c->isa(name_arg(args[1])))};
  }
  if (name == "fieldnames" && args.size() == 1) {
    return std::vector<Value>{column_of(names_of(visible_properties(*c)))};
  }
  if (name == "disp" && args.size() == 1) {
    print_object_body(vm, obj);
    return std::vector<Value>{};
  }
  if (name == "struct" && args.size() == 1) {
    // Every stored property (MATLAB includes non-public ones too).
    auto s = std::make_shared<StructArray>();
    const ObjectValue& o = obj.object();
    for (size_t i = 0; i < o.names.size(); ++i) {
      s->add_field(o.names[i]);
      s->at(0, static_cast<int>(i)) = o.props[i];
    }
    return std::vector<Value>{Value::structure(std::move(s))};
  }
  if (obj.object().is_handle) {
    if (name == "delete" && args.size() == 1) {
      obj.mutable_object().deleted = true;
      return std::vector<Value>{};
    }
    if (name == "isvalid" && args.size() == 1) {
      return std::vector<Value>{Value::logical(!obj.object().deleted)};
    }
  }
  return std::nullopt;
}

void register_class_builtins(BuiltinRegistry& reg) {
  reg.add("isobject", isobject_fn,
          "isobject(x): true for an object (classdef, containers.Map, MException).");
  reg.add("properties", properties_fn,
          "properties(obj), properties('Cls'): public property names (printed, or a cell "
          "column with an output).");
  reg.add("methods", methods_fn,
          "methods(obj), methods('Cls'): public method names (printed, or a cell column).");
  reg.add("isprop", isprop_fn, "isprop(obj, name): whether obj has the public property name.");
  reg.add("ismethod", ismethod_fn, "ismethod(obj, name): whether name is a method of obj.");
  reg.add("isvalid", isvalid_fn, "isvalid(h): false once the handle object h is deleted.");
}

}  // namespace runmat::runtime
