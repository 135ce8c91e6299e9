// Structural and type validation of kernel IR v1 (see runmat/accel.h).
#pragma once

#include <string>
#include <vector>

#include "runmat/accel.h"

namespace rmcpu {

struct ValidatedIr {
  std::vector<rm_ir_inst> insts;  // copied with the producer's stride
  uint32_t num_inputs = 0, num_outputs = 0;
  int64_t reduce_index = -1;
  std::string label;
};

// RM_OK, or RM_ERR_INVALID_ARGUMENT (malformed IR) / RM_ERR_UNSUPPORTED (unknown version,
// opcode or sub-operation) with `error` saying exactly what is wrong.
rm_status validate_ir(const rm_kernel_desc* desc, ValidatedIr* out, std::string* error);

}  // namespace rmcpu
