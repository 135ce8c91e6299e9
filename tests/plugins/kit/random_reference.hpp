// RM_IR_RANDOM ground truth, written from the definition in runmat/accel.h and
// runmat/accel_random.h but sharing no code with it: Philox4x32-10 as Random123 states it
// (checked against its published known-answer vectors) and the uniform/normal transforms, in
// the same operation order so that results agree bit for bit.
#pragma once

#include <array>
#include <cstdint>

namespace runmat::plugin_kit {

using PhiloxWords = std::array<uint32_t, 4>;

PhiloxWords ref_philox4x32_10(PhiloxWords counter, std::array<uint32_t, 2> key);

// The value of a RANDOM (kind: RM_RAND_*, dt: RM_DTYPE_F32/F64) at stream position `pos`.
double ref_random(uint16_t kind, uint32_t dt, uint64_t key, uint64_t pos);

}  // namespace runmat::plugin_kit
