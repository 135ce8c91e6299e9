// RM_IR_RANDOM on the CPU: columns of philox numbers (runmat/accel_random.h defines the bits).
#pragma once

#include <cstddef>
#include <cstdint>

namespace rmcpu {

// Fills `n` elements of `dst` (dtype F32 or F64) with the numbers of stream positions
// pos, pos + 1, ... under `key`; `kind` is an rm_ir_random.
void col_random(uint16_t kind, uint32_t dtype, uint64_t key, uint64_t pos, void* dst, size_t n);

}  // namespace rmcpu
