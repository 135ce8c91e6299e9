// Builds the double-scalar fast path (bytecode.hpp: ScalarProgram) of an expression, when the
// expression has one.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "runmat/lang/ast.hpp"
#include "runmat/lang/bytecode.hpp"

namespace runmat::lang {

struct ScalarNameLookup {
  // The variable slot of a name, or -1 when the name is not a variable of the scope.
  std::function<int(const std::string&)> find_slot;
  // N[i] for a called function's name.
  std::function<int(const std::string&)> name_index;
};

// The program computing `e` over double scalars, or nothing when `e` uses anything else
// (strings, matrices, `end`, ':', calls with more than two arguments, ...). Elements of
// variables (`v(i)`, `v(i,j)`) are read as scalars. `target`: null for a condition or an
// assignment to a variable, else the indexed target of `v(i) = e`. A result that is logical
// in MATLAB (a comparison, & |, && ||) is only allowed for conditions (`logical_result_ok`):
// an assignment must store exactly what the general code stores.
std::optional<ScalarProgram> build_scalar_program(const Expr& e, const Expr* target,
                                                  const ScalarNameLookup& names,
                                                  bool logical_result_ok);

}  // namespace runmat::lang
