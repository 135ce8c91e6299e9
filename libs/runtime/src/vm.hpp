// The bytecode interpreter (instruction set: runmat/lang/bytecode.hpp).
#pragma once

#include <vector>

#include "runmat/core/value.hpp"
#include "runmat/lang/bytecode.hpp"

namespace runmat::runtime {

class Runtime;

class Vm {
 public:
  Vm(Runtime& rt, const lang::Module& module) : rt_(rt), module_(module) {}
  // Runs `f` with arguments; returns up to nargout outputs. MATLAB errors propagate as
  // MatlabError with line information filled in.
  std::vector<Value> call(const lang::Function& f, std::vector<Value> args, int nargout);
  std::vector<Value> call_named(const std::string& name, std::vector<Value>& args, int nargout);

 private:
  Runtime& rt_;
  const lang::Module& module_;
  int depth_ = 0;
};

}  // namespace runmat::runtime
