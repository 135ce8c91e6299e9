// The bytecode interpreter (instruction set: runmat/lang/bytecode.hpp).
#pragma once

#include <memory>
#include <vector>

#include "runmat/core/value.hpp"
#include "runmat/lang/bytecode.hpp"

namespace runmat::runtime {

class Runtime;

class Vm {
 public:
  // The module is shared: function handles created while it runs keep it alive.
  Vm(Runtime& rt, std::shared_ptr<const lang::Module> module)
      : rt_(rt), module_(std::move(module)) {}
  // Runs `f` with arguments; returns up to nargout outputs. MATLAB errors propagate as
  // MatlabError with line information filled in.
  std::vector<Value> call(const lang::Function& f, std::vector<Value> args, int nargout);
  std::vector<Value> call_named(const std::string& name, std::vector<Value>& args, int nargout);
  // Calls a function handle value (named or anonymous) or, for text, the named function.
  std::vector<Value> call_value(const Value& fn, std::vector<Value> args, int nargout);
  // A handle to a function by name (@name); binds local functions of this module.
  Value make_named_handle(const std::string& name) const;
  // Evaluates MATLAB expression text in a fresh scope (str2func('@(x) ...')).
  Value eval_expression(const std::string& text);

 private:
  Runtime& rt_;
  std::shared_ptr<const lang::Module> module_;
  int depth_ = 0;
};

}  // namespace runmat::runtime
