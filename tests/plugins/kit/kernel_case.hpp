// One kernel launch described completely on the host side: IR, iteration space, reduction
// shape, input values (as doubles; stored in each slot's dtype) and strides. Both the reference
// evaluator and run_case() (which drives a plugin) consume it.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "kit/ir_builder.hpp"
#include "runmat/accel.h"

namespace runmat::plugin_kit {

using Strides = std::array<int64_t, RM_MAX_RANK>;

struct KernelCase {
  IrBuilder ir;
  std::vector<uint64_t> dims;  // iteration space, column-major; rank = dims.size()
  uint64_t reduce_outer = 1, reduce_len = 1, reduce_inner = 1;
  std::vector<std::vector<double>> inputs;  // per input slot
  std::vector<Strides> strides;             // per input slot; read for STRIDED inputs only
  uint64_t rng_base = 0;                    // rm_launch_desc.rng_base (RM_IR_RANDOM)

  uint64_t count() const;
  uint64_t output_elements() const;
  rm_dtype input_dtype(uint32_t slot) const;   // from the slot's INPUT instruction
  rm_dtype output_dtype(uint32_t slot) const;  // from the slot's OUTPUT instruction
  // Sets reduce_outer/len/inner for a reduction along `dim` (0-based) of dims; dim < 0: all.
  void reduce_over(int dim);
};

// Column-major strides of an array of shape `shape` broadcast to a launch: 0 for size-1 dims.
Strides broadcast_strides(const std::vector<uint64_t>& shape);

}  // namespace runmat::plugin_kit
