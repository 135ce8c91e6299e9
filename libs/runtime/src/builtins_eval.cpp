// eval(text), eval(try_text, catch_text), x = eval(expression): text runs in the caller's
// workspace (eval_text.hpp). evalc is not provided: the session's output stream cannot be
// redirected from a builtin yet.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "builtins.hpp"
#include "eval_text.hpp"
#include "runmat/core/error.hpp"
#include "runmat/lang/compiler.hpp"
#include "runmat/lang/parser.hpp"
#include "runmat/runtime/runtime.hpp"
#include "text_util.hpp"
#include "vm.hpp"

namespace runmat::runtime {

void eval_statements(Runtime& rt, Vm& caller, const std::string& text) {
  // The caller's variables are known names, so `x -1` parses as an expression as it would in
  // the caller's own code.
  lang::ParseOptions opts;
  std::string source = text;
  std::string never_run;
  for (auto& [name, v] : caller.variables()) {
    opts.known_variables.push_back(name);
    absl::StrAppend(&never_run, name, " = []; ");
  }
  // The compiler gives slots only to names a script assigns; a dead assignment of every
  // caller variable (after the text, so line numbers stay) makes reads of them variable
  // loads, filled from the caller's workspace when the script starts.
  if (!never_run.empty()) absl::StrAppend(&source, "\nif false, ", never_run, "end");
  lang::ParseResult parsed = lang::parse_program(source, "eval", opts);
  if (!parsed.ok) {
    throw_error("MATLAB:parse", "Error: %s", parsed.error.message.c_str());
  }
  absl::StatusOr<lang::Module> compiled = lang::compile_program(parsed.program);
  if (!compiled.ok()) {
    throw_error("MATLAB:parse", "Error: %s", std::string(compiled.status().message()).c_str());
  }
  auto module = std::make_shared<const lang::Module>(*std::move(compiled));
  if (!module->functions.empty()) {
    throw_error("MATLAB:parse", "Error: Function definitions are not supported in eval.");
  }
  Vm other(rt, module);
  other.run_in_workspace(module->script, caller);
}

Value eval_in_workspace(Runtime& rt, Vm& caller, const std::string& expr) {
  // The expression's value is passed back through a scratch variable of the workspace.
  static const std::string kScratch = "runmat_eval_result_";
  eval_statements(rt, caller, kScratch + " = " + expr + ";");
  const Value* v = caller.find_variable(kScratch);
  Value out = v ? *v : Value();
  caller.clear_variable(kScratch);
  return out;
}

namespace {

Args eval_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  if (!ctx.vm) throw_error("MATLAB:eval:noWorkspace", "eval needs a running interpreter.");
  const std::string text = text_scalar(args[0], "eval", "Input");
  const std::string fallback = args.size() > 1 ? text_scalar(args[1], "eval", "Input") : "";
  auto run = [&](const std::string& t) -> Args {
    if (ctx.nargout > 0) return {eval_in_workspace(ctx.rt, *ctx.vm, t)};
    eval_statements(ctx.rt, *ctx.vm, t);
    return {};
  };
  if (args.size() < 2) return run(text);
  try {
    return run(text);
  } catch (const MatlabError& e) {
    ctx.rt.last_error = e.message();  // lasterr sees the error the catch text handles
  }
  return run(fallback);
}

}  // namespace

void register_eval_builtins(BuiltinRegistry& reg) {
  reg.add("eval", eval_fn,
          "eval(text): run statements in the current workspace; eval(try, catch) runs catch "
          "when try errors; x = eval(expression) returns its value.");
}

}  // namespace runmat::runtime
