// The builtins the VM's double-scalar fast path may call directly (bytecode.hpp:
// ScalarProgram), and their evaluation with the same rules the builtins apply.
#pragma once

#include <string_view>

#include "runmat/lang/bytecode.hpp"

namespace runmat::runtime {

// The index of `name` among the scalar math builtins (math_builtin_table.hpp and the
// constants pi, eps, Inf, NaN), or -1.
int scalar_math_index(std::string_view name);

// Resolves the call of a step to a scalar math index, or -1 (the general path must run: the
// name is a variable, a local or path function, or not scalar math).
using ScalarCallResolver = int (*)(void* ctx, const lang::ScalarStep& step);

// Runs `p` with `slots[j]` = the value of V[p.slots[j]]. Returns false when the program cannot
// complete over real doubles with the general path's result: a call that is not scalar math
// or has the wrong argument count, a result that would be complex (sqrt(-1), (-1)^0.5), a
// NaN where a logical is needed, or (unless `logical_ok`) a logical result.
bool run_scalar_program(const lang::ScalarProgram& p, const double* slots, bool logical_ok,
                        ScalarCallResolver resolve, void* ctx, double* result);

}  // namespace runmat::runtime
