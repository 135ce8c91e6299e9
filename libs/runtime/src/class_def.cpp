#include "class_def.hpp"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "function_path.hpp"
#include "runmat/core/error.hpp"
#include "runmat/runtime/runtime.hpp"
#include "vm.hpp"

namespace runmat::runtime {
namespace {

// One attribute of a block's attribute list: "Access = private" -> {"access", "private"};
// a bare "Constant" is {"constant", "true"}. Keys are lower-cased (MATLAB ignores their case).
struct Attribute {
  std::string key, value;
};

std::vector<Attribute> parse_attributes(const std::string& text) {
  std::vector<Attribute> out;
  int depth = 0;
  std::string cur;
  auto flush = [&] {
    const std::string item(absl::StripAsciiWhitespace(cur));
    cur.clear();
    if (item.empty()) return;
    Attribute a;
    const size_t eq = item.find('=');
    if (eq == std::string::npos) {
      a.key = absl::AsciiStrToLower(item);
      a.value = "true";
    } else {
      a.key = absl::AsciiStrToLower(absl::StripAsciiWhitespace(item.substr(0, eq)));
      a.value = std::string(absl::StripAsciiWhitespace(absl::string_view(item).substr(eq + 1)));
    }
    if (absl::StartsWith(a.key, "~")) {  // ~Hidden is Hidden = false
      a.key = a.key.substr(1);
      a.value = "false";
    }
    out.push_back(std::move(a));
  };
  for (char c : text) {
    if (c == '{' || c == '(') ++depth;
    if (c == '}' || c == ')') --depth;
    if (c == ',' && depth == 0) {
      flush();
    } else {
      cur.push_back(c);
    }
  }
  flush();
  return out;
}

bool is_true(const std::string& v) {
  return absl::AsciiStrToLower(v) != "false" && v != "0";
}

// Access levels; a class list ({?A, ?B}) is treated as private (listed classes are not
// tracked), `immutable` as private too (the constructor is a method of the class).
Access access_of(const std::string& v) {
  const std::string s = absl::AsciiStrToLower(v);
  if (s == "public" || s == "'public'") return Access::kPublic;
  if (s == "protected" || s == "'protected'") return Access::kProtected;
  return Access::kPrivate;
}

}  // namespace

ClassInfo::ClassInfo(const lang::ClassDef& def, std::shared_ptr<const lang::Module> module,
                     std::filesystem::path path)
    : name_(def.name), path_(std::move(path)), module_(std::move(module)) {
  for (const std::string& b : def.superclasses) base_names_.push_back(b);
  for (const lang::PropertyDef& pd : def.properties) {
    PropInfo p;
    p.name = pd.name;
    p.owner = this;
    for (const Attribute& a : parse_attributes(pd.attributes)) {
      if (a.key == "access") {
        p.get_access = p.set_access = access_of(a.value);
      } else if (a.key == "getaccess") {
        p.get_access = access_of(a.value);
      } else if (a.key == "setaccess") {
        p.set_access = access_of(a.value);
      } else if (a.key == "constant") {
        p.constant = is_true(a.value);
      } else if (a.key == "dependent") {
        p.dependent = is_true(a.value);
      } else if (a.key == "hidden") {
        p.hidden = is_true(a.value);
      }
    }
    if (pd.default_value) p.default_fn = module_->find_function("(default)" + pd.name);
    props_.push_back(std::move(p));
  }
  for (size_t i = 0; i < def.methods.size(); ++i) {
    const std::string& n = def.methods[i].name;
    const lang::Function* fn = module_->find_function(n);
    if (!fn) continue;
    if (n == name_) {
      ctor_ = fn;
      // An explicit obj@Base(...) call compiles to a call of "@Base" (bytecode.hpp).
      for (const std::string& b : def.superclasses) {
        if (std::find(fn->names.begin(), fn->names.end(), "@" + b) != fn->names.end()) {
          ctor_calls_base_ = true;
        }
      }
      continue;
    }
    if (absl::StartsWith(n, "get.") || absl::StartsWith(n, "set.")) {
      for (PropInfo& p : props_) {
        if (p.name == n.substr(4)) (n[0] == 'g' ? p.getter : p.setter) = fn;
      }
      continue;
    }
    MethodInfo m;
    m.name = n;
    m.fn = fn;
    m.owner = this;
    for (const Attribute& a : parse_attributes(def.method_attributes[i])) {
      if (a.key == "static") m.is_static = is_true(a.value);
      if (a.key == "access") m.access = access_of(a.value);
    }
    methods_.push_back(std::move(m));
  }
}

void ClassInfo::add_file_method(std::shared_ptr<const lang::Module> file) {
  if (file->functions.empty()) return;
  MethodInfo m;
  m.fn = &file->functions.front();
  m.name = m.fn->name;
  m.owner = this;
  m.file_module = std::move(file);
  methods_.push_back(std::move(m));
}

bool ClassInfo::owns_module(const lang::Module* m) const {
  if (m == module_.get()) return true;
  for (const MethodInfo& mi : methods_) {
    if (mi.file_module.get() == m) return true;
  }
  return false;
}

void ClassInfo::load(Vm& vm) {
  // A default may use the class itself (Scale = Cls.helper(10)): it sees the class as
  // loaded so far (static methods work; later defaults are still []).
  if (loaded_ || loading_) return;
  loading_ = true;
  struct Reset {
    bool& b;
    ~Reset() { b = false; }
  } reset{loading_};
  std::vector<std::shared_ptr<ClassInfo>> bases;
  bool handle = false;
  for (const std::string& b : base_names_) {
    if (b == "handle") {
      handle = true;
      continue;
    }
    const FunctionFile* file = vm.runtime().function_path().find(b);
    if (!file || !file->cls) {
      throw_error("MATLAB:class:InvalidSuperClass",
                  "The specified superclass '%s' contains a parse error, cannot be found on "
                  "MATLAB's search path, or is shadowed by another file with the same name.",
                  b);
    }
    std::shared_ptr<ClassInfo> base = file->cls;
    base->load(vm);
    handle |= base->is_handle();
    bases.push_back(std::move(base));
  }
  // Defaults are evaluated once, now, in the class's own module (MATLAB: at class load).
  Vm own(vm.runtime(), module_);
  for (PropInfo& p : props_) {
    if (!p.default_fn) {
      p.value = Value::empty();
      continue;
    }
    std::vector<Value> out = own.call(*p.default_fn, {}, 1);
    p.value = out.empty() ? Value::empty() : std::move(out[0]);
  }
  bases_ = std::move(bases);
  is_handle_ = handle;
  loaded_ = true;
}

const PropInfo* ClassInfo::find_property(std::string_view name) const {
  for (const PropInfo& p : props_) {
    if (p.name == name) return &p;
  }
  for (const auto& b : bases_) {
    if (const PropInfo* p = b->find_property(name)) return p;
  }
  return nullptr;
}

const MethodInfo* ClassInfo::find_method(std::string_view name) const {
  for (const MethodInfo& m : methods_) {
    if (m.name == name) return &m;
  }
  for (const auto& b : bases_) {
    if (const MethodInfo* m = b->find_method(name)) return m;
  }
  return nullptr;
}

bool ClassInfo::isa(std::string_view cls) const {
  if (cls == name_ || (cls == "handle" && is_handle_)) return true;
  for (const auto& b : bases_) {
    if (b->isa(cls)) return true;
  }
  return false;
}

std::vector<const PropInfo*> ClassInfo::all_properties() const {
  std::vector<const PropInfo*> out;
  std::set<std::string> seen;
  auto walk = [&](const ClassInfo& c, auto& self) -> void {
    for (const PropInfo& p : c.props_) {
      if (seen.insert(p.name).second) out.push_back(&p);
    }
    for (const auto& b : c.bases_) self(*b, self);
  };
  walk(*this, walk);
  return out;
}

std::vector<std::string> ClassInfo::method_names(bool include_hidden) const {
  std::set<std::string> names;
  auto walk = [&](const ClassInfo& c, auto& self) -> void {
    if (c.ctor_ || &c == this) names.insert(c.name_);
    for (const MethodInfo& m : c.methods_) {
      if (include_hidden || m.access == Access::kPublic) names.insert(m.name);
    }
    for (const auto& b : c.bases_) self(*b, self);
  };
  walk(*this, walk);
  // The constructor of a base class is not a method of the subclass.
  for (const auto& b : bases_) {
    if (b->name_ != name_) names.erase(b->name_);
  }
  if (is_handle_) {
    for (const char* h : {"delete", "isvalid", "eq", "ne"}) names.insert(h);
  }
  return {names.begin(), names.end()};
}

Value ClassInfo::instantiate() const {
  auto o = std::make_shared<ObjectValue>();
  o->class_name = name_;
  o->meta = shared_from_this();
  o->is_handle = is_handle_;
  for (const PropInfo* p : all_properties()) {
    if (p->constant || p->dependent) continue;  // no per-object storage
    o->names.push_back(p->name);
    o->props.push_back(p->value);
  }
  return Value::object(std::move(o));
}

const ClassInfo* class_of(const Value& v) {
  if (!v.is_object()) return nullptr;
  // dynamic_cast: a built-in handle class keeps other state in meta (containers.Map).
  return dynamic_cast<const ClassInfo*>(v.object().meta.get());
}

}  // namespace runmat::runtime
