// AST -> bytecode (bytecode.hpp). Variables are resolved to frame slots at compile time: a name
// is a variable in a scope if the scope assigns it anywhere (or it is a parameter); references
// to such names that might still be unassigned at run time compile to kCallOrIndex, which
// decides between indexing and calling when it runs, as MATLAB does for scripts.
#pragma once

#include "absl/status/statusor.h"
#include "runmat/lang/ast.hpp"
#include "runmat/lang/bytecode.hpp"

namespace runmat::lang {

// Compile errors (e.g. `break` outside a loop) come back as InvalidArgument with a message
// that starts "Line N: ".
absl::StatusOr<Module> compile_program(const Program& program);

}  // namespace runmat::lang
