// The builtins the VM's double-scalar fast path may call directly (bytecode.hpp:
// ScalarProgram), and their evaluation with the same rules the builtins apply.
#pragma once

#include <cstdint>
#include <string_view>

#include "runmat/lang/bytecode.hpp"

namespace runmat::runtime {

// The index of `name` among the scalar math builtins (math_builtin_table.hpp and the
// constants pi, eps, Inf, NaN), or -1.
int scalar_math_index(std::string_view name);

// One binary operator over real doubles with the general path's result (comparisons and & |
// give 0 or 1); false when the general path must decide (a complex power, NaN as a logical).
bool binary_on_doubles(lang::BinOp op, double a, double b, double* r);

// Resolves the call of a step to a scalar math index, or -1 (the general path must run: the
// name is a variable, a local or path function, or not scalar math).
using ScalarCallResolver = int (*)(void* ctx, const lang::ScalarStep& step);

// A real double array (or scalar) whose elements a program reads: column-major, `rows` =
// its first dimension, numel elements.
struct ScalarArrayView {
  const double* data = nullptr;
  int64_t rows = 0;
  int64_t numel = 0;
};

// The 0-based element of `a` at 1-based subscripts (one: linear; two: row and column, the
// column running over all trailing dimensions, as MATLAB), or -1 when a subscript is not a
// positive integer within the array (the general path reports that or grows the array).
int64_t scalar_element_index(const ScalarArrayView& a, int nsubs, double s0, double s1);

// Runs `p` with `slots[j]` = the value of V[p.slots[j]] and `arrays[j]` = V[p.arrays[j]]; for
// an element target, `target` is the array written and `*target_index` receives the element.
// Returns false when the program cannot complete over real doubles with the general path's
// result: a call that is not scalar math or has the wrong argument count, a subscript out of
// range, a result that would be complex (sqrt(-1), (-1)^0.5), a NaN where a logical is
// needed, or (unless `logical_ok`) a logical result.
bool run_scalar_program(const lang::ScalarProgram& p, const double* slots,
                        const ScalarArrayView* arrays, const ScalarArrayView* target,
                        bool logical_ok, ScalarCallResolver resolve, void* ctx, double* result,
                        int64_t* target_index);

}  // namespace runmat::runtime
