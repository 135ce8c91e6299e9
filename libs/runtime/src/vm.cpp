// The dispatch loop. Scalar doubles stay inline in Values (no allocation) and scalar binary
// operators take a fast path before the general elementwise machinery.
#include "vm.hpp"

#include <cmath>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "accel_host.hpp"
#include "builtins.hpp"
#include "class_def.hpp"
#include "class_ops.hpp"
#include "container_concat.hpp"
#include "container_index.hpp"
#include "display.hpp"
#include "elementwise.hpp"
#include "exceptions.hpp"
#include "function_path.hpp"
#include "indexing.hpp"
#include "matrix_ops.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"
#include "runmat/lang/compiler.hpp"
#include "runmat/lang/parser.hpp"
#include "runmat/runtime/runtime.hpp"
#include "scalar_math.hpp"
#include "string_ops.hpp"

namespace runmat::runtime {
namespace {

using lang::BinOp;
using lang::Instr;
using lang::Op;

// MATLAB truth: nonempty and all elements nonzero (NaN is an error in conditions).
bool truth(const Value& v, bool strict) {
  if (v.is_num()) {
    if (std::isnan(v.num()))
      throw_error("MATLAB:nologicalnan", "NaN's cannot be converted to logicals.");
    return v.num() != 0;
  }
  if (strict && v.numel() != 1) {
    throw_error(
        "MATLAB:nonLogicalConditional",
        "Operands to the || and && operators must be convertible to logical scalar values.");
  }
  if (v.numel() == 0) return false;
  for (int64_t i = 0; i < v.numel(); ++i) {
    const double x = v.elem(i);
    if (std::isnan(x)) throw_error("MATLAB:nologicalnan", "NaN's cannot be converted to logicals.");
    if (x == 0) return false;
  }
  return true;
}

// Double scalar arithmetic without the general operator machinery; logical-valued operators
// (their result is a logical, not a Num) and complex results take the general path.
inline bool fast_scalar(BinOp op, double a, double b, Value* out) {
  double r;
  if (lang::is_logical_binop(op) || !binary_on_doubles(op, a, b, &r)) return false;
  *out = Value::num(r);
  return true;
}

// switch: the subject must be a scalar or a char vector.
void check_switch_subject(const Value& v) {
  const bool ok = (v.is_num() || v.is_array()) &&
                  (v.is_char() ? v.shape().ndims() == 2 && (v.shape().rows() <= 1 || v.numel() == 0)
                               : v.numel() == 1);
  if (!ok) {
    throw_error("MATLAB:switch:nonScalarOrCharVector",
                "SWITCH expression must be a scalar or a character vector.");
  }
}

// Whether a case value matches the switch subject: numbers by ==, char vectors by equal text
// (strcmp); a number never matches a char, nor a char a number.
bool case_matches(const Value& subject, const Value& c) {
  if (!c.is_num() && !c.is_array()) return false;
  if (subject.is_char() != c.is_char()) return false;
  if (subject.is_char()) {
    const bool sv = subject.shape().ndims() == 2 && subject.shape().rows() <= 1;
    const bool cv = c.shape().ndims() == 2 && c.shape().rows() <= 1;
    if (subject.numel() != c.numel()) return false;
    if (!(sv || subject.numel() == 0) || !(cv || c.numel() == 0)) return false;
    for (int64_t i = 0; i < c.numel(); ++i) {
      if (subject.elem(i) != c.elem(i)) return false;
    }
    return true;
  }
  return c.numel() == 1 && subject.elem(0) == c.elem(0);
}

Value empty_double() {
  return Value::array(std::make_shared<Array>(ClassId::Double, Shape{0, 0}));
}

// The code behind a handle: a compiled function (anonymous body or local function) in a
// module that the handle keeps alive.
struct CompiledCode : HandleCode {
  std::shared_ptr<const lang::Module> module;
  const lang::Function* fn = nullptr;
};

// One value from a comma-separated list where exactly one is needed.
Value single_value(std::vector<Value>&& vals) {
  if (vals.size() != 1) {
    throw_error("MATLAB:index:expected_one_output",
                "Expected one output from a curly brace or dot indexing expression, but there "
                "were %d results.",
                vals.size());
  }
  return std::move(vals[0]);
}

// Reads one level of an assignment path; a part that does not exist yet is undefined.
Value read_level(Vm& vm, const Value& v, const lang::PathLevel& lv, const std::vector<Value>& args,
                 const std::string& field) {
  if (!v.is_defined()) return Value();
  switch (lv.kind) {
    case lang::PathLevel::kParen: {
      if (v.is_numeric_like() && v.numel() == 0) return Value();
      try {
        return index_paren(v, args);
      } catch (const MatlabError& e) {
        if (e.identifier() == "MATLAB:badsubscript") return Value();  // grows
        throw;
      }
    }
    case lang::PathLevel::kBrace: {
      if (!v.is_cell()) return Value();
      try {
        return single_value(index_brace(v, args));
      } catch (const MatlabError& e) {
        if (e.identifier() == "MATLAB:badsubscript") return Value();
        throw;
      }
    }
    default:
      if (v.is_struct() && v.structure().find_field(field) < 0) return Value();
      if (!v.is_struct() && !v.is_object()) return Value();
      if (v.is_object()) return class_get(vm, v, field, /*allow_method=*/false);
      return single_value(get_field(v, field));
  }
}

void write_level(Vm& vm, Value& v, const lang::PathLevel& lv, const std::vector<Value>& args,
                 const std::string& field, const Value& rhs) {
  switch (lv.kind) {
    case lang::PathLevel::kParen:
      assign_paren(v, args, rhs);
      break;
    case lang::PathLevel::kBrace:
      assign_brace(v, args, rhs);
      break;
    default:
      if (v.is_object()) {
        class_set(vm, v, field, rhs);  // access, set methods (other objects: set_field)
      } else {
        set_field(v, field, rhs);
      }
      break;
  }
}

// target(levels...) = rhs, one level at a time: read the child, assign into it, write it
// back. The child is moved out of a struct field or cell element when possible so that
// `s.data(i) = v` in a loop does not copy s.data every time.
void assign_path(Vm& vm, Value& target, const std::vector<lang::PathLevel>& levels, size_t k,
                 const std::vector<std::vector<Value>>& args,
                 const std::vector<std::string>& fields, const Value* rhs, bool del) {
  const lang::PathLevel& lv = levels[k];
  if (k + 1 == levels.size()) {
    if (del) {
      delete_paren(target, args[k]);
    } else {
      write_level(vm, target, lv, args[k], fields[k], *rhs);
    }
    return;
  }
  Value child;
  bool moved = false;
  Value* object_slot = nullptr;  // a plain classdef property, moved out the same way
  if (lv.kind == lang::PathLevel::kField || lv.kind == lang::PathLevel::kDynField) {
    if (target.is_struct() && target.numel() == 1) {
      const int f = target.structure().find_field(fields[k]);
      if (f >= 0) {
        child = std::move(target.mutable_structure().at(0, f));
        moved = true;
      }
    } else if (target.is_object()) {
      object_slot = class_property_slot(vm, target, fields[k]);
      if (object_slot) {
        child = std::move(*object_slot);
        moved = true;
      }
    }
  }
  if (!moved) child = read_level(vm, target, lv, args[k], fields[k]);
  try {
    assign_path(vm, child, levels, k + 1, args, fields, rhs, del);
  } catch (...) {
    if (object_slot) {
      *object_slot = std::move(child);
    } else if (moved) {
      target.mutable_structure().at(0, target.structure().find_field(fields[k])) = child;
    }
    throw;
  }
  if (object_slot) {
    *object_slot = std::move(child);
    return;
  }
  write_level(vm, target, lv, args[k], fields[k], child);
}

DisplayFormat display_format(const Runtime& rt) {
  return DisplayFormat{rt.format_long, rt.format_compact};
}

[[noreturn]] void not_enough_inputs() {
  throw_error("MATLAB:minrhs", "Not enough input arguments.");
}

// The value the first `upto` levels of a path reach from root (undefined when missing).
Value read_prefix(Vm& vm, const Value& root, const std::vector<lang::PathLevel>& levels,
                  size_t upto, const std::vector<std::vector<Value>>& args,
                  const std::vector<std::string>& fields) {
  Value cur = root;
  for (size_t k = 0; k < upto && cur.is_defined(); ++k) {
    cur = read_level(vm, cur, levels[k], args[k], fields[k]);
  }
  return cur;
}

// How many values a target in [ ... ] = rhs takes: p.y takes numel(p) (a struct array's
// comma-separated list), c{1:3} takes one per addressed element, others one.
int64_t list_count(Vm& vm, const Value& root, const std::vector<lang::PathLevel>& levels,
                   const std::vector<std::vector<Value>>& args,
                   const std::vector<std::string>& fields) {
  const lang::PathLevel& last = levels.back();
  if (last.kind == lang::PathLevel::kParen) return 1;
  const Value prefix = read_prefix(vm, root, levels, levels.size() - 1, args, fields);
  if (last.kind != lang::PathLevel::kBrace) {
    return prefix.is_defined() && prefix.is_struct() ? prefix.numel() : 1;
  }
  const auto& idx = args.back();
  int64_t n = 1;
  for (size_t i = 0; i < idx.size(); ++i) {
    const Value& a = idx[i];
    if (a.kind() == Value::Kind::Colon) {
      n *= prefix.is_defined() ? static_cast<int64_t>(end_value(prefix, static_cast<int>(i),
                                                                static_cast<int>(idx.size())))
                               : 1;
    } else if (a.cls() == ClassId::Logical) {
      int64_t t = 0;
      for (int64_t j = 0; j < a.numel(); ++j) t += a.elem(j) != 0;
      n *= t;
    } else {
      n *= a.numel();
    }
  }
  return n;
}

// [p.y] = ... / [c{1:2}] = ...: the k values go to the k elements the target addresses.
void assign_list(Vm& vm, Value& root, const std::vector<lang::PathLevel>& levels,
                 const std::vector<std::vector<Value>>& args,
                 const std::vector<std::string>& fields, std::vector<Value> vals) {
  if (vals.empty()) return;
  if (vals.size() == 1) {
    assign_path(vm, root, levels, 0, args, fields, &vals[0], false);
    return;
  }
  const size_t n = levels.size();
  Value prefix = read_prefix(vm, root, levels, n - 1, args, fields);
  const lang::PathLevel& last = levels.back();
  if (last.kind == lang::PathLevel::kBrace) {
    // c{i} = v for each addressed element is c(i) = {v1, v2, ...}.
    auto c = std::make_shared<CellArray>(Shape::row(static_cast<int64_t>(vals.size())));
    for (size_t i = 0; i < vals.size(); ++i) c->data[i] = std::move(vals[i]);
    if (!prefix.is_defined()) prefix = Value::cell(std::make_shared<CellArray>(Shape{0, 0}));
    assign_paren(prefix, args.back(), Value::cell(std::move(c)));
  } else {
    if (!prefix.is_struct() || prefix.numel() != static_cast<int64_t>(vals.size())) {
      throw_error("MATLAB:needMoreRhsOutputs",
                  "Insufficient number of outputs from right hand side of equal sign to "
                  "satisfy assignment.");
    }
    for (size_t i = 0; i < vals.size(); ++i) {
      const std::vector<Value> at{Value::num(static_cast<double>(i + 1))};
      Value elem = index_paren(prefix, at);
      set_field(elem, fields.back(), vals[i]);
      assign_paren(prefix, at, elem);
    }
  }
  if (n == 1) {
    root = std::move(prefix);
    return;
  }
  const std::vector<lang::PathLevel> head(levels.begin(), levels.end() - 1);
  assign_path(vm, root, head, 0, args, fields, &prefix, false);
}

struct TryFrame {
  size_t catch_pc;
  int slot;
  size_t stack_height;
  size_t marks_height;
};

struct LoopState {
  bool is_range = false;
  double start = 0, step = 1;
  int64_t count = 0, next = 0;
  Value over;
};

}  // namespace

std::vector<Value> Vm::call_named(const std::string& name, std::vector<Value>& args, int nargout) {
  // MATLAB's order: a variable of the workspace (one a called script created without a slot
  // here), a local function, a function file (current folder, script folder, path), a builtin.
  if (!frames_.empty() && !frames_.back()->extras.empty()) {
    auto it = frames_.back()->extras.find(name);
    if (it != frames_.back()->extras.end()) {
      if (args.empty()) return {it->second};
      if (it->second.is_handle()) return call_value(it->second, std::move(args), nargout);
      return {index_paren(it->second, args)};
    }
  }
  // Cls.name, obj@Base, name@Base, and methods of classdef objects among the arguments.
  if (auto r = class_call(*this, name, args, nargout)) return std::move(*r);
  if (const lang::Function* f = module_->find_function(name))
    return call(*f, std::move(args), nargout);
  if (const FunctionFile* file = rt_.function_path().find(name)) {
    const FunctionFile keep = *file;  // the cache entry may be replaced during the call
    if (keep.cls) return class_construct(*this, keep.cls, args, nargout);
    if (keep.is_script) {
      if (!args.empty()) {
        throw_error("MATLAB:scriptNotAFunction", "Attempt to execute SCRIPT %s as a function:\n%s",
                    name, keep.path.string());
      }
      Vm other(rt_, keep.module);
      other.run_in_workspace(keep.module->script, *this);
      return {};
    }
    Vm other(rt_, keep.module);
    return other.call(*keep.entry(), std::move(args), nargout);
  }
  if (const Builtin* b = builtins().find(name)) {
    CallContext ctx{rt_, nargout, name, this};
    try {
      return b->fn(ctx, args);
    } catch (MatlabError& e) {
      if (e.where.empty()) e.where = name;
      throw;
    }
  }
  throw_error("MATLAB:UndefinedFunction", "Unrecognized function or variable '%s'.", name);
}

// The elements of a real double value as the scalar fast path reads them; false for anything
// else (other classes, complex, deferred or device-resident data).
// `storage` holds the value of a Num.
static bool scalar_array_view(const Value& v, ScalarArrayView* out, double* storage) {
  if (v.is_num()) {
    *storage = v.num();
    out->data = storage;
    out->rows = 1;
    out->numel = 1;
    return true;
  }
  if (!v.is_array() || v.cls() != ClassId::Double) return false;
  const Array& a = *v.arr();
  if (!a.host_valid() || a.is_gpu()) return false;
  out->data = a.data<double>();
  out->rows = a.shape().rows();
  out->numel = a.numel();
  return true;
}

int Vm::resolve_scalar_call(const lang::Function& f, const lang::ScalarStep& step) {
  const std::string& name = f.names[static_cast<size_t>(step.name)];
  // A variable a called script or eval created (it has no slot here) shadows the function.
  if (!frames_.empty() && !frames_.back()->extras.empty() &&
      frames_.back()->extras.count(name) != 0) {
    return -1;
  }
  FunctionPath& path = rt_.function_path();
  if (step.cache_owner == &path && step.cache_generation == path.generation()) {
    return step.cache_op;
  }
  // MATLAB's order (call_named): a local function or a function file comes before a builtin.
  // A file that fails to compile is left to the general call, which reports it.
  int op = -1;
  try {
    if (module_->find_function(name) == nullptr && path.find(name) == nullptr) {
      op = scalar_math_index(name);
    }
  } catch (const MatlabError&) {
    op = -1;
  }
  step.cache_owner = &path;
  step.cache_generation = path.generation();
  step.cache_op = op;
  return op;
}

void Vm::run_in_workspace(const lang::Function& script, Vm& caller) {
  std::vector<Value> vars(script.var_names.size());
  for (size_t i = 0; i < vars.size(); ++i) {
    if (const Value* v = caller.find_variable(script.var_names[i])) vars[i] = *v;
  }
  Frame frame;
  frame.fn = &script;
  frame.vars = &vars;
  if (++rt_.call_depth > 1000) {
    --rt_.call_depth;
    throw_error("MATLAB:recursionLimit", "Maximum recursion limit of 1000 reached.");
  }
  struct DepthGuard {
    int& d;
    ~DepthGuard() { --d; }
  } guard{rt_.call_depth};
  auto write_back = [&] {
    for (size_t i = 0; i < vars.size(); ++i) {
      const std::string& n = script.var_names[i];
      if (n.empty() || n[0] == '(') continue;
      if (vars[i].is_defined()) {
        caller.assign_variable(n, std::move(vars[i]));
      } else {
        caller.clear_variable(n);  // cleared by the script
      }
    }
    for (auto& [n, v] : frame.extras) caller.assign_variable(n, std::move(v));
  };
  try {
    execute(script, vars, frame);
  } catch (...) {
    write_back();  // what the script assigned before the error stays (as in MATLAB)
    throw;
  }
  write_back();
}

const Value* Vm::find_variable(const std::string& name) {
  Frame* fr = current_frame();
  if (!fr) return nullptr;
  const auto& names = fr->fn->var_names;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) {
      const Value& v = fr->slot(i);
      return v.is_defined() ? &v : nullptr;
    }
  }
  auto it = fr->extras.find(name);
  return it == fr->extras.end() ? nullptr : &it->second;
}

void Vm::assign_variable(const std::string& name, Value v) {
  Frame* fr = current_frame();
  if (!fr) return;
  const auto& names = fr->fn->var_names;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) {
      fr->slot(i) = std::move(v);
      return;
    }
  }
  fr->extras[name] = std::move(v);
}

void Vm::clear_variable(const std::string& name) {
  Frame* fr = current_frame();
  if (!fr) return;
  const auto& names = fr->fn->var_names;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] != name) continue;
    if (!fr->ref.empty()) fr->ref[i] = &(*fr->vars)[i];  // unbinds a global; it keeps its value
    (*fr->vars)[i] = Value();
  }
  fr->extras.erase(name);
}

std::vector<std::pair<std::string, Value>> Vm::variables() {
  std::vector<std::pair<std::string, Value>> out;
  Frame* fr = current_frame();
  if (!fr) return out;
  const auto& names = fr->fn->var_names;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty() || names[i][0] == '(') continue;
    if (fr->slot(i).is_defined()) out.emplace_back(names[i], fr->slot(i));
  }
  for (const auto& [n, v] : fr->extras) out.emplace_back(n, v);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

bool Vm::function_arity(const std::string& name, int* nin, int* nout) {
  const lang::Function* f = module_->find_function(name);
  std::shared_ptr<const lang::Module> keep;
  if (!f) {
    if (const FunctionFile* file = rt_.function_path().find(name)) {
      keep = file->module;
      f = file->entry();
    }
  }
  if (!f) return false;
  *nin = f->varargin ? -f->num_params : f->num_params;
  const int outs = static_cast<int>(f->output_slots.size());
  *nout = f->varargout ? -outs : outs;
  return true;
}

Value Vm::make_named_handle(const std::string& name) const {
  auto h = std::make_shared<FunctionHandle>();
  h->name = name;
  h->text = name;
  if (const lang::Function* f = module_->find_function(name)) {
    auto code = std::make_shared<CompiledCode>();
    code->module = module_;
    code->fn = f;
    h->code = std::move(code);
  }
  return Value::handle(std::move(h));
}

Value Vm::eval_expression(const std::string& text) {
  const std::string source =
      absl::StrCat("function out = runmat_eval_()\nout = ", text, ";\nend\n");
  lang::ParseResult parsed = lang::parse_program(source, "str2func");
  if (!parsed.ok) {
    throw_error("MATLAB:str2func:invalidExpression", "Invalid expression: %s", text);
  }
  absl::StatusOr<lang::Module> compiled = lang::compile_program(parsed.program);
  if (!compiled.ok()) {
    throw_error("MATLAB:str2func:invalidExpression", "Invalid expression: %s", text);
  }
  auto module = std::make_shared<const lang::Module>(*std::move(compiled));
  Vm other(rt_, module);
  std::vector<Value> out = other.call(module->functions.front(), {}, 1);
  return out.empty() ? Value() : out[0];
}

std::vector<Value> Vm::call_value(const Value& fn, std::vector<Value> args, int nargout) {
  if (fn.is_char() || fn.is_string()) {
    const std::string name = fn.to_text();
    return call_named(name, args, nargout);
  }
  if (!fn.is_handle()) {
    throw_error("MATLAB:invalidFunctionHandle",
                "Expected a function handle or a function name, not a value of class %s.",
                fn.class_name());
  }
  const FunctionHandle& h = fn.handle();
  if (!h.code) return call_named(h.name, args, nargout);
  const auto& code = static_cast<const CompiledCode&>(*h.code);
  if (h.is_anonymous()) {
    const int declared = code.fn->anon_params;
    if (static_cast<int>(args.size()) > declared) {
      throw_error("MATLAB:TooManyInputs", "Too many input arguments.");
    }
    args.resize(static_cast<size_t>(declared));  // missing parameters stay undefined
    args.insert(args.end(), h.captured.begin(), h.captured.end());
  }
  if (code.module == module_) return call(*code.fn, std::move(args), nargout);
  Vm other(rt_, code.module);
  return other.call(*code.fn, std::move(args), nargout);
}

std::vector<Value> Vm::call(const lang::Function& f, std::vector<Value> args, int nargout,
                            const Value* preset_output) {
  if (++rt_.call_depth > 1000) {
    --rt_.call_depth;
    throw_error("MATLAB:recursionLimit", "Maximum recursion limit of 1000 reached.");
  }
  struct DepthGuard {
    int& d;
    ~DepthGuard() { --d; }
  } guard{rt_.call_depth};
  const int nargin = static_cast<int>(args.size());
  if (f.varargin) {
    // Inputs past the declared ones arrive as the cell varargin (1x0 when there are none).
    const int fixed = f.num_params - 1;
    const int extra = std::max(0, nargin - fixed);
    auto c = std::make_shared<CellArray>(Shape{1, extra});
    for (int i = 0; i < extra; ++i) c->data[static_cast<size_t>(i)] = std::move(args[fixed + i]);
    args.resize(static_cast<size_t>(fixed));
    args.push_back(Value::cell(std::move(c)));
  } else if (nargin > f.num_params) {
    throw_error("MATLAB:TooManyInputs", "Too many input arguments.");
  }
  const int declared_outs = static_cast<int>(f.output_slots.size());
  if (nargout > 1 && nargout > declared_outs && !f.varargout && f.anon_params < 0) {
    throw_error("MATLAB:TooManyOutputs", "Too many output arguments.");
  }
  std::vector<Value> vars(f.var_names.size());
  for (size_t i = 0; i < args.size(); ++i) vars[i] = std::move(args[i]);
  if (preset_output && !f.output_slots.empty()) vars[f.output_slots[0]] = *preset_output;
  Frame frame;
  frame.fn = &f;
  frame.vars = &vars;
  frame.nargin = nargin;
  frame.nargout = nargout;
  execute(f, vars, frame);
  std::vector<Value> outs;
  const int want = std::max(nargout, 1);
  const int fixed = f.varargout ? declared_outs - 1 : declared_outs;
  for (int i = 0; i < want && i < fixed; ++i) {
    const auto slot = static_cast<size_t>(f.output_slots[i]);
    Value& v = frame.slot(slot);
    if (!v.is_defined()) {
      if (i < nargout) {
        throw_error("MATLAB:unassignedOutputs",
                    "Output argument \"%s\" (and possibly others) not assigned a value in the "
                    "execution with \"%s\" function.",
                    f.var_names[f.output_slots[i]], f.name);
      }
      return outs;
    }
    // A global output is returned by value; the global keeps its own.
    if (&v == &vars[slot]) {
      outs.push_back(std::move(v));
    } else {
      outs.push_back(v);
    }
  }
  if (f.varargout && want > fixed && static_cast<int>(outs.size()) == fixed) {
    // The outputs past the declared ones come from the cell varargout.
    const Value& vo = frame.slot(static_cast<size_t>(f.output_slots.back()));
    if (vo.is_defined() && !vo.is_cell()) {
      throw_error("MATLAB:varargoutMustBeCell", "The output argument varargout must be a cell.");
    }
    const int have = vo.is_defined() ? static_cast<int>(vo.numel()) : 0;
    for (int i = 0; fixed + i < want && i < have; ++i) {
      outs.push_back(vo.cell().data[static_cast<size_t>(i)]);
    }
    if (static_cast<int>(outs.size()) < nargout) {
      throw_error("MATLAB:unassignedOutputs",
                  "Output argument \"varargout{%d}\" (and possibly others) not assigned a value "
                  "in the execution with \"%s\" function.",
                  static_cast<int>(outs.size()) - fixed + 1, f.name);
    }
  }
  return outs;
}

void Vm::show(const std::string& name, const Value& v) {
  if (!class_display(*this, name, v)) display_value(rt_.out(), name, v, display_format(rt_));
}

void Vm::execute(const lang::Function& f, std::vector<Value>& vars, Frame& frame) {
  frames_.push_back(&frame);
  struct FrameGuard {
    std::vector<Frame*>& fs;
    ~FrameGuard() { fs.pop_back(); }
  } frame_guard{frames_};
  // In a function that declares global/persistent variables, slot i lives at *ref[i]: the
  // frame's own storage, or a table entry once the declaration has bound it. Other functions
  // (almost all) run a copy of the loop that addresses vars directly.
  std::vector<Value*>& ref = frame.ref;
  if (f.has_bindings) {
    ref.resize(vars.size());
    for (size_t i = 0; i < vars.size(); ++i) ref[i] = &vars[i];
  }
  std::vector<LoopState> loops(static_cast<size_t>(f.num_loops));
  std::vector<Value> stack;
  stack.reserve(32);
  std::vector<size_t> marks;    // kMark heights
  std::vector<TryFrame> tries;  // active try blocks, innermost last
  // The argument count of an instruction: its field, or everything since the mark.
  auto count_of = [&](const Instr& in, int field) -> int {
    if (!(in.flags & lang::kDynArgs)) return field;
    const size_t m = marks.back();
    marks.pop_back();
    return static_cast<int>(stack.size() - m);
  };
  auto pop = [&]() {
    Value v = std::move(stack.back());
    stack.pop_back();
    return v;
  };
  auto pop_n = [&](int n) {
    std::vector<Value> out(static_cast<size_t>(n));
    for (int i = n - 1; i >= 0; --i) out[i] = pop();
    return out;
  };
  size_t pc = 0;
  const size_t end = f.code.size();
  auto run = [&](auto bound) {
    constexpr bool kBound = decltype(bound)::value;
    auto V = [&](int i) -> Value& {
      if constexpr (kBound) {
        return *ref[static_cast<size_t>(i)];
      } else {
        return vars[static_cast<size_t>(i)];
      }
    };
    while (pc < end) {
      const Instr& in = f.code[pc++];
      switch (in.op) {
        case Op::kConst:
          stack.push_back(f.consts[in.a]);
          break;
        case Op::kLoad:
          if (!V(in.a).is_defined()) {
            if (in.a < f.num_params) not_enough_inputs();
            throw_error("MATLAB:UndefinedFunction", "Unrecognized function or variable '%s'.",
                        f.names[in.b]);
          }
          stack.push_back(V(in.a));
          break;
        case Op::kStore: {
          Value v = pop();
          // A deferred scalar (a full reduction) is computed when stored: nothing can fuse
          // with it downstream except as a constant, and tic/toc should time its work.
          if (v.is_array() && v.numel() == 1 && !v.arr()->host_valid()) {
            v.arr()->host_bytes();
            if (v.cls() == ClassId::Double && !v.is_gpu()) v = Value::num(v.elem(0));
          }
          V(in.a) = std::move(v);
          rt_.accel().settle(V(in.a));
          break;
        }
        case Op::kPop:
          stack.pop_back();
          break;
        case Op::kUnary: {
          Value a = pop();
          Value r_unary;
          const auto uop = static_cast<lang::UnOp>(in.a);
          if (a.is_num() && uop == lang::UnOp::Neg) {
            stack.push_back(Value::num(-a.num()));
          } else if (a.is_object() && class_unary(*this, uop, a, &r_unary)) {
            stack.push_back(std::move(r_unary));
          } else if (!a.is_numeric_like() && !a.is_complex() &&
                     (uop == lang::UnOp::Transpose || uop == lang::UnOp::CTranspose)) {
            stack.push_back(transpose_container(a));
          } else {
            stack.push_back(unary_operator(rt_, static_cast<lang::UnOp>(in.a), a));
          }
          break;
        }
        case Op::kBinary: {
          Value b = pop();
          Value a = pop();
          Value r;
          const auto op = static_cast<BinOp>(in.a);
          if (!(a.is_num() && b.is_num() && fast_scalar(op, a.num(), b.num(), &r))) {
            if ((a.is_object() || b.is_object()) && class_binary(*this, op, a, b, &r)) {
              // an overloaded operator (or handle identity for == / ~=)
            } else if (needs_string_operator(a, b)) {
              r = string_binary_operator(op, a, b);
            } else if (op == BinOp::MatDiv && !b.is_scalar()) {
              r = matrix_right_divide(rt_, a, b);
            } else if (op == BinOp::MatPow && !(a.is_scalar() && b.is_scalar())) {
              r = matrix_power(rt_, a, b);
            } else {
              r = binary_operator(rt_, op, a, b);
            }
          }
          stack.push_back(std::move(r));
          break;
        }
        case Op::kCall: {
          std::vector<Value> args_in = pop_n(count_of(in, in.b));
          int nout = in.c;
          if (in.flags & lang::kDynOut) nout = static_cast<int>(pop().elem(0));
          std::vector<Value> outs = call_named(f.names[in.a], args_in, nout);
          if (outs.empty() && (in.flags & lang::kOptionalOutput)) {
            stack.emplace_back();
            break;
          }
          if (static_cast<int>(outs.size()) < nout) {
            throw_error("MATLAB:TooManyOutputs", "Too many output arguments.");
          }
          for (int i = 0; i < nout; ++i) stack.push_back(std::move(outs[i]));
          break;
        }
        case Op::kCallOrIndex: {
          const int n = count_of(in, in.c);
          std::vector<Value> args_in = pop_n(n);
          if (in.a >= 0 && V(in.a).is_defined()) {
            const Value& base = V(in.a);
            if (base.is_handle() && (n > 0 || (in.flags & (lang::kDynArgs | lang::kParens)))) {
              std::vector<Value> outs = call_value(base, std::move(args_in), 1);
              if (outs.empty()) throw_error("MATLAB:TooManyOutputs", "Too many output arguments.");
              stack.push_back(std::move(outs[0]));
            } else {
              stack.push_back(n == 0 && !(in.flags & (lang::kDynArgs | lang::kParens))
                                  ? base
                                  : index_paren(base, args_in));
            }
          } else {
            if (in.a >= 0 && in.a < f.num_params) not_enough_inputs();  // an unpassed input
            std::vector<Value> outs = call_named(f.names[in.b], args_in, 1);
            if (outs.empty()) throw_error("MATLAB:TooManyOutputs", "Too many output arguments.");
            stack.push_back(std::move(outs[0]));
          }
          break;
        }
        case Op::kStmtCall: {
          std::vector<Value> args_in = pop_n(count_of(in, in.c));
          const std::string& name = f.names[in.b];
          if (in.a >= 0 && V(in.a).is_defined()) {
            if (in.c == 0) {
              if (in.flags & lang::kPrint) show(name, V(in.a));
            } else if (V(in.a).is_handle()) {
              std::vector<Value> outs = call_value(V(in.a), std::move(args_in), 0);
              if (!outs.empty()) {
                V(f.ans_slot) = std::move(outs[0]);
                if (in.flags & lang::kPrint) show("ans", V(f.ans_slot));
              }
            } else {
              V(f.ans_slot) = index_paren(V(in.a), args_in);
              if (in.flags & lang::kPrint) show("ans", V(f.ans_slot));
            }
          } else {
            std::vector<Value> outs = call_named(name, args_in, 0);
            if (!outs.empty()) {
              V(f.ans_slot) = std::move(outs[0]);
              if (in.flags & lang::kPrint) show("ans", V(f.ans_slot));
            }
          }
          break;
        }
        case Op::kIndex: {
          std::vector<Value> args_in = pop_n(count_of(in, in.a));
          Value base = pop();
          if (base.is_handle()) {
            std::vector<Value> outs = call_value(base, std::move(args_in), 1);
            if (outs.empty()) throw_error("MATLAB:TooManyOutputs", "Too many output arguments.");
            stack.push_back(std::move(outs[0]));
          } else {
            stack.push_back(index_paren(base, args_in));
          }
          break;
        }
        case Op::kEndOf:
          if (!V(in.a).is_defined())
            throw_error("MATLAB:UndefinedFunction", "Unrecognized function or variable '%s'.",
                        f.var_names[in.a]);
          stack.push_back(Value::num(end_value(V(in.a), in.b, in.c)));
          break;
        case Op::kColonAll:
          stack.push_back(Value::colon());
          break;
        case Op::kRange: {
          // range_value applies MATLAB's class rules (integer, single and char ranges).
          if (in.a == 2) {
            Value hi = pop(), lo = pop();
            stack.push_back(range_value(lo, nullptr, hi));
          } else {
            Value hi = pop(), step = pop(), lo = pop();
            stack.push_back(range_value(lo, &step, hi));
          }
          break;
        }
        case Op::kHorzcat:
        case Op::kVertcat: {
          std::vector<Value> items = pop_n(count_of(in, in.a));
          stack.push_back(concat_values(items, in.op == Op::kHorzcat));
          break;
        }
        case Op::kJump:
          pc = static_cast<size_t>(in.a);
          break;
        case Op::kScalarExpr:
        case Op::kScalarCond: {
          const lang::ScalarProgram& p = f.scalar_programs[static_cast<size_t>(in.a)];
          double slots[lang::kScalarProgramMaxSlots];
          ScalarArrayView arrays[lang::kScalarProgramMaxSlots];
          double array_scalars[lang::kScalarProgramMaxSlots];
          ScalarArrayView target;
          double target_scalar = 0;
          bool numbers = true;
          for (size_t j = 0; j < p.slots.size() && numbers; ++j) {
            const Value& v = V(p.slots[j]);
            numbers = v.is_num();
            if (numbers) slots[j] = v.num();
          }
          for (size_t j = 0; j < p.arrays.size() && numbers; ++j) {
            numbers = scalar_array_view(V(p.arrays[j]), &arrays[j], &array_scalars[j]);
          }
          // An element store writes in place: the variable must hold the array alone.
          Value* target_var = p.target_nsubs > 0 ? &V(p.target_slot) : nullptr;
          if (target_var && numbers) {
            numbers = target_var->is_array() && target_var->arr().use_count() == 1 &&
                      scalar_array_view(*target_var, &target, &target_scalar);
          }
          struct Ctx {
            Vm* vm;
            const lang::Function* f;
          } ctx{this, &f};
          auto resolve = [](void* c, const lang::ScalarStep& step) {
            auto* x = static_cast<Ctx*>(c);
            return x->vm->resolve_scalar_call(*x->f, step);
          };
          const bool cond = in.op == Op::kScalarCond;
          double r = 0;
          int64_t at = -1;
          if (!numbers ||
              !run_scalar_program(p, slots, arrays, &target, cond, resolve, &ctx, &r, &at)) {
            break;
          }
          if (target_var) {
            target_var->arr()->mutable_data<double>()[at] = r;
            pc = static_cast<size_t>(in.c);
          } else if (!cond) {
            V(in.b) = Value::num(r);
            pc = static_cast<size_t>(in.c);
          } else if (!std::isnan(r)) {  // NaN has no truth value: the general code says so
            pc = static_cast<size_t>(r == 0 ? in.b : in.c);
          }
          break;
        }
        case Op::kJumpIfFalse: {
          Value c = pop();
          if (!truth(c, in.flags & lang::kStrict)) pc = static_cast<size_t>(in.a);
          break;
        }
        case Op::kForInit: {
          LoopState& L = loops[in.a];
          L = LoopState{};
          L.over = pop();
          const Shape s = L.over.shape();
          L.count = s.numel() == 0 ? 0 : s.numel() / s.rows();
          break;
        }
        case Op::kForRangeInit: {
          LoopState& L = loops[in.a];
          L = LoopState{};
          Value hi_v = pop(), step_v = pop(), lo_v = pop();
          if (!lo_v.is_num() || !step_v.is_num() || !hi_v.is_num()) {
            // Integer, single or char ranges: iterate over the typed row vector.
            L.over = range_value(lo_v, &step_v, hi_v);
            L.count = L.over.numel();
            break;
          }
          const double stop = hi_v.num(), step = step_v.num(), start = lo_v.num();
          L.is_range = true;
          L.start = start;
          L.step = step;
          if (step == 0 || (step > 0 && start > stop) || (step < 0 && start < stop) ||
              std::isnan(start + step + stop)) {
            L.count = 0;
          } else {
            const double span = (stop - start) / step;
            L.count = static_cast<int64_t>(std::floor(span + span * 1e-10 + 1e-10)) + 1;
          }
          break;
        }
        case Op::kForNext: {
          LoopState& L = loops[in.a];
          if (L.next >= L.count) {
            pc = static_cast<size_t>(in.c);
            break;
          }
          const int64_t k = L.next++;
          if (L.is_range) {
            V(in.b) = Value::num(L.start + static_cast<double>(k) * L.step);
          } else {
            const int64_t rows = L.over.shape().rows();
            if (rows == 1) {
              V(in.b) = index_paren(L.over, {Value::num(static_cast<double>(k + 1))});
            } else {
              V(in.b) =
                  index_paren(L.over, {Value::colon(), Value::num(static_cast<double>(k + 1))});
            }
          }
          break;
        }
        case Op::kDisplay:
          show(f.names[in.b], V(in.a));
          break;
        case Op::kStoreIndex: {
          // Stack: rhs, then the index arguments on top.
          std::vector<Value> args_in = pop_n(in.c);
          Value rhs = pop();
          assign_paren(V(in.a), args_in, rhs);
          break;
        }
        case Op::kReturn:
          pc = end;
          break;
        case Op::kSwitchSubject: {
          Value v = pop();
          check_switch_subject(v);
          V(in.a) = std::move(v);
          break;
        }
        case Op::kCaseJump: {
          Value c = pop();
          if (case_matches(V(in.b), c)) pc = static_cast<size_t>(in.a);
          break;
        }
        case Op::kGlobal:
        case Op::kPersistent: {
          if constexpr (kBound) {
            auto& table = in.op == Op::kGlobal ? rt_.globals : rt_.persistents;
            Value& slot = table[f.names[in.b]];
            if (!slot.is_defined()) slot = empty_double();
            ref[static_cast<size_t>(in.a)] = &slot;
          } else {
            throw_error("RunMat:internal", "Unexpected global/persistent binding.");
          }
          break;
        }
        case Op::kDeleteIndex: {
          std::vector<Value> args_in = pop_n(in.c);
          delete_paren(V(in.a), args_in);
          break;
        }
        case Op::kCondJump: {
          const Value& top = stack.back();
          if (top.numel() == 1 && truth(top, false) == (in.b == 1)) pc = static_cast<size_t>(in.a);
          break;
        }
        case Op::kMark:
          marks.push_back(stack.size());
          break;
        case Op::kCellRow: {
          const int n = count_of(in, in.a);
          auto c = std::make_shared<CellArray>(Shape::row(n));
          for (int i = n - 1; i >= 0; --i) c->data[static_cast<size_t>(i)] = pop();
          stack.push_back(Value::cell(std::move(c)));
          break;
        }
        case Op::kCellVcat: {
          std::vector<Value> rows = pop_n(in.a);
          // {} and empty rows are 0x0; the rest stack vertically.
          std::vector<Value> kept;
          for (Value& r : rows) {
            if (r.numel() > 0) kept.push_back(std::move(r));
          }
          if (kept.empty()) {
            stack.push_back(Value::cell(std::make_shared<CellArray>(Shape{0, 0})));
          } else {
            stack.push_back(concat_values(kept, /*horizontal=*/false));
          }
          break;
        }
        case Op::kIndexBrace: {
          std::vector<Value> args_in = pop_n(count_of(in, in.a));
          Value base = pop();
          std::vector<Value> vals = index_brace(base, args_in);
          if (in.flags & lang::kExpand) {
            for (auto& v : vals) stack.push_back(std::move(v));
          } else {
            stack.push_back(single_value(std::move(vals)));
          }
          break;
        }
        case Op::kField:
        case Op::kDynField: {
          std::string name;
          if (in.op == Op::kDynField) {
            name = field_name_of(pop());
          } else {
            name = f.names[in.a];
          }
          Value base = pop();
          if (base.is_object()) {  // properties, and methods named without parentheses
            stack.push_back(class_get(*this, base, name, /*allow_method=*/true));
            break;
          }
          std::vector<Value> vals = get_field(base, name);
          if (in.flags & lang::kExpand) {
            for (auto& v : vals) stack.push_back(std::move(v));
          } else {
            stack.push_back(single_value(std::move(vals)));
          }
          break;
        }
        case Op::kStorePath:
        case Op::kPathGet: {
          const auto& levels = f.paths[in.b];
          const size_t used = in.op == Op::kPathGet ? static_cast<size_t>(in.c) : levels.size();
          std::vector<std::vector<Value>> args_at(used);
          std::vector<std::string> fields(used);
          for (size_t k = used; k-- > 0;) {
            args_at[k] = pop_n(levels[k].nargs);
            if (levels[k].kind == lang::PathLevel::kField) {
              fields[k] = f.names[levels[k].name];
            } else if (levels[k].kind == lang::PathLevel::kDynField) {
              fields[k] = field_name_of(args_at[k][0]);
            }
          }
          if (in.op == Op::kPathGet) {
            Value cur = V(in.a);
            for (size_t k = 0; k < used && cur.is_defined(); ++k) {
              cur = read_level(*this, cur, levels[k], args_at[k], fields[k]);
            }
            stack.push_back(std::move(cur));
            break;
          }
          const bool del = in.flags & lang::kDelete;
          Value rhs = del ? Value() : pop();
          assign_path(*this, V(in.a), levels, 0, args_at, fields, &rhs, del);
          break;
        }
        case Op::kTakeN: {
          size_t m = marks.back();
          marks.pop_back();
          size_t want = static_cast<size_t>(in.a);
          if (in.flags & lang::kDynOut) {  // the count sits just below the list
            want = static_cast<size_t>(stack[m - 1].elem(0));
            stack.erase(stack.begin() + static_cast<std::ptrdiff_t>(m - 1));
            --m;
          }
          const size_t have = stack.size() - m;
          if (have < want) {
            throw_error("MATLAB:needMoreRhsOutputs",
                        "Insufficient number of outputs from right hand side of equal sign to "
                        "satisfy assignment.");
          }
          stack.resize(m + want);
          break;
        }
        case Op::kListCount:
        case Op::kStoreList: {
          const auto& levels = f.paths[in.b];
          std::vector<std::vector<Value>> args_at(levels.size());
          std::vector<std::string> fields(levels.size());
          for (size_t k = levels.size(); k-- > 0;) {
            args_at[k] = pop_n(levels[k].nargs);
            if (levels[k].kind == lang::PathLevel::kField) {
              fields[k] = f.names[levels[k].name];
            } else if (levels[k].kind == lang::PathLevel::kDynField) {
              fields[k] = field_name_of(args_at[k][0]);
            }
          }
          if (in.op == Op::kListCount) {
            const double n =
                static_cast<double>(list_count(*this, V(in.a), levels, args_at, fields));
            stack.push_back(Value::num(n));
            break;
          }
          std::vector<Value> vals = pop_n(static_cast<int>(V(in.c).elem(0)));
          assign_list(*this, V(in.a), levels, args_at, fields, std::move(vals));
          break;
        }
        case Op::kTry:
          tries.push_back({static_cast<size_t>(in.a), in.b, stack.size(), marks.size()});
          break;
        case Op::kEndTry:
          tries.pop_back();
          break;
        case Op::kMakeHandle:
          stack.push_back(make_named_handle(f.names[in.a]));
          break;
        case Op::kMakeAnon: {
          auto h = std::make_shared<FunctionHandle>();
          const lang::Function* body = module_->anon[static_cast<size_t>(in.a)].get();
          h->text = body->anon_text;
          h->captured = pop_n(in.b);
          auto code = std::make_shared<CompiledCode>();
          code->module = module_;
          code->fn = body;
          h->code = std::move(code);
          stack.push_back(Value::handle(std::move(h)));
          break;
        }
        case Op::kLoadOpt:
          stack.push_back(V(in.a));
          break;
        case Op::kMethodCall: {
          std::vector<Value> args_in = pop_n(count_of(in, in.b));
          Value base = pop();
          const std::string& name = f.names[in.a];
          const int nout = in.c;
          std::vector<Value> outs;
          if (auto r = class_method_call(*this, base, name, args_in, nout)) {
            outs = std::move(*r);
          } else if (base.is_object() && base.object().find(name) < 0 && builtins().find(name)) {
            // A method of a built-in object (M.keys(), M.isKey(k)): the builtin, object first.
            args_in.insert(args_in.begin(), base);
            outs = call_named(name, args_in, nout);
          } else {
            // A struct field (or built-in object property): index it or call the handle in it.
            Value v = single_value(get_field(base, name));
            if (v.is_handle()) {
              outs = call_value(v, std::move(args_in), nout);
            } else {
              outs.push_back(args_in.empty() && !(in.flags & lang::kDynArgs)
                                 ? std::move(v)
                                 : index_paren(v, args_in));
            }
          }
          if (nout == 0) {  // a statement: the value (if any) goes to ans
            if (!outs.empty() && outs[0].is_defined()) {
              V(f.ans_slot) = std::move(outs[0]);
              if (in.flags & lang::kPrint) show("ans", V(f.ans_slot));
            }
            break;
          }
          if (static_cast<int>(outs.size()) < nout) {
            throw_error("MATLAB:TooManyOutputs", "Too many output arguments.");
          }
          for (int i = 0; i < nout; ++i) stack.push_back(std::move(outs[i]));
          break;
        }
        case Op::kOpCount:
          throw_error("RunMat:internal", "Invalid instruction.");
      }
    }
  };
  for (;;) {
    try {
      if (f.has_bindings) {
        run(std::true_type{});
      } else {
        run(std::false_type{});
      }
      break;
    } catch (MatlabError& e) {
      if (e.line == 0) {
        e.line = f.lines[pc > 0 ? pc - 1 : 0];
        e.function = f.name;
      }
      rt_.last_error = e.message();
      if (tries.empty()) throw;
      // catch: unwind this frame's operand stack to the try's height and run the handler.
      const TryFrame t = tries.back();
      tries.pop_back();
      stack.resize(t.stack_height);
      marks.resize(t.marks_height);
      if (t.slot >= 0) {
        Value& v =
            f.has_bindings ? *ref[static_cast<size_t>(t.slot)] : vars[static_cast<size_t>(t.slot)];
        v = make_mexception(e);
      }
      pc = t.catch_pc;
    }
  }
}

}  // namespace runmat::runtime
