// The bytecode interpreter (instruction set: runmat/lang/bytecode.hpp).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "runmat/core/value.hpp"
#include "runmat/lang/bytecode.hpp"

namespace runmat::runtime {

class Runtime;

// One activation of a function or script: what workspace builtins (nargin, exist, who,
// clear) see as "the current workspace".
struct Frame {
  const lang::Function* fn = nullptr;
  std::vector<Value>* vars = nullptr;
  std::vector<Value*> ref;  // slot addresses when slots may be bound elsewhere (global)
  int nargin = 0;
  int nargout = 0;
  // Variables that have no slot: created by a script called from this workspace (a script
  // runs in its caller's workspace, and the caller was compiled without knowing its names).
  std::map<std::string, Value> extras;
  Value& slot(size_t i) { return ref.empty() ? (*vars)[i] : *ref[i]; }
};

class Vm {
 public:
  // The module is shared: function handles created while it runs keep it alive.
  Vm(Runtime& rt, std::shared_ptr<const lang::Module> module)
      : rt_(rt), module_(std::move(module)) {}
  // Runs `f` with arguments; returns up to nargout outputs. MATLAB errors propagate as
  // MatlabError with line information filled in.
  // `preset_output`: the first output variable starts with this value (a constructor's
  // object) instead of unassigned.
  std::vector<Value> call(const lang::Function& f, std::vector<Value> args, int nargout,
                          const Value* preset_output = nullptr);
  std::vector<Value> call_named(const std::string& name, std::vector<Value>& args, int nargout);
  // Calls a function handle value (named or anonymous) or, for text, the named function.
  std::vector<Value> call_value(const Value& fn, std::vector<Value> args, int nargout);
  // A handle to a function by name (@name); binds local functions of this module.
  Value make_named_handle(const std::string& name) const;
  // Evaluates MATLAB expression text in a fresh scope (str2func('@(x) ...')).
  Value eval_expression(const std::string& text);
  // Runs a script's code in the workspace of `caller`'s current frame (MATLAB: a script
  // called by name shares its caller's variables).
  void run_in_workspace(const lang::Function& script, Vm& caller);

  // The current workspace (null before anything runs).
  Frame* current_frame() { return frames_.empty() ? nullptr : frames_.back(); }
  // Variables of the current workspace by name: defined ones only.
  const Value* find_variable(const std::string& name);
  void assign_variable(const std::string& name, Value v);
  void clear_variable(const std::string& name);
  // Defined variables of the current workspace, sorted by name (who, whos).
  std::vector<std::pair<std::string, Value>> variables();
  // The number of declared inputs/outputs of a function visible from here (nargin('f')):
  // negative when it ends with varargin/varargout, as MATLAB reports.
  bool function_arity(const std::string& name, int* nin, int* nout);
  Runtime& runtime() { return rt_; }
  // The module this interpreter runs (a class's methods run in its classdef file's module).
  const std::shared_ptr<const lang::Module>& module() const { return module_; }
  // Whether `name` is a local function of the running module.
  bool is_local_function(const std::string& name) const {
    return module_->find_function(name) != nullptr;
  }

 private:
  void execute(const lang::Function& f, std::vector<Value>& vars, Frame& frame);
  // Displays `name = value` (classdef objects through their display/disp overloads).
  void show(const std::string& name, const Value& v);
  // What a scalar fast path's call N[step.name] of `f` resolves to: a scalar math builtin's
  // index (scalar_math.hpp), or -1 when the general call must run. Cached in the step.
  int resolve_scalar_call(const lang::Function& f, const lang::ScalarStep& step);
  Runtime& rt_;
  std::shared_ptr<const lang::Module> module_;
  std::vector<Frame*> frames_;
};

}  // namespace runmat::runtime
