// An independent, scalar reference evaluator for kernel IR v1: every element evaluated on its
// own in double precision (F32 values rounded to float after each instruction, as the IR
// defines them), reductions accumulated in long double. It shares no code with any plugin and
// states MATLAB semantics directly (round half away from zero, NaN-ignoring min/max, mod with
// the divisor's sign, rem(x,0) = NaN, ...). Ground truth for the conformance tests.
#pragma once

#include <vector>

#include "kit/kernel_case.hpp"

namespace runmat::plugin_kit {

// Values of every output slot (bool as 0/1), output_elements() each.
std::vector<std::vector<double>> reference_outputs(const KernelCase& kc);

// Scalar semantics, exposed for tests that spot-check special values.
double ref_unary(uint16_t op, double x);
double ref_binary(uint16_t op, double x, double y);
double ref_compare(uint16_t op, double x, double y);
// Rounds a double to the value a `dt` element holds.
double ref_round_to(uint32_t dt, double x);

}  // namespace runmat::plugin_kit
