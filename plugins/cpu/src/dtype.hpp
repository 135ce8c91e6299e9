// Element types as the executor sees them: F32 = float, F64 = double, BOOL = one byte (0/1).
#pragma once

#include <cstddef>
#include <cstdint>

#include "runmat/accel.h"

namespace rmcpu {

inline bool dtype_valid(uint32_t dt) {
  return dt == RM_DTYPE_F32 || dt == RM_DTYPE_F64 || dt == RM_DTYPE_BOOL;
}
inline bool dtype_is_float(uint32_t dt) {
  return dt == RM_DTYPE_F32 || dt == RM_DTYPE_F64;
}

inline size_t dtype_size(uint32_t dt) {
  switch (dt) {
    case RM_DTYPE_F32:
      return 4;
    case RM_DTYPE_F64:
      return 8;
    case RM_DTYPE_BOOL:
      return 1;
    default:
      return 0;
  }
}

inline const char* dtype_name(uint32_t dt) {
  switch (dt) {
    case RM_DTYPE_F32:
      return "F32";
    case RM_DTYPE_F64:
      return "F64";
    case RM_DTYPE_BOOL:
      return "BOOL";
    default:
      return "INVALID";
  }
}

}  // namespace rmcpu
