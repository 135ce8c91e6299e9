// The session's random-number generator choice and RunMat's philox stream (host side).
//
// `rng(seed, 'philox')` selects a counter-based stream: key = seed, and a 64-bit position that
// every rand/randn/randi call advances by the number of elements it draws. Element i of a call
// that starts at position p is the philox number at p + i (runmat/accel_random.h), so the host
// generator here, the CPU plugin and a GPU kernel (RM_IR_RANDOM) produce the same bits, and a
// draw can be generated inside a fused kernel instead of being stored. The twister stream stays
// MATLAB's (Runtime::twister()).
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "runmat/accel.h"
#include "runmat/core/array.hpp"

namespace runmat::runtime {

enum class RngType { kTwister, kPhilox };

struct RngState {
  RngType type = RngType::kTwister;
  uint32_t seed = 0;        // the seed rng was last given (MATLAB's Seed)
  uint64_t philox_pos = 0;  // next philox stream position
  // Positions for a draw of n elements: returns the first and advances the stream past them.
  uint64_t take(uint64_t n) {
    const uint64_t p = philox_pos;
    philox_pos += n;
    return p;
  }
};

// Philox numbers at stream positions start .. start + n - 1 under `key`, into `out` (n floats
// for cls Single, n doubles otherwise). Bit-identical to RM_IR_RANDOM.
void philox_fill(rm_ir_random kind, ClassId cls, uint64_t key, uint64_t start, int64_t n,
                 void* out);
// One uniform double (randi under philox).
double philox_uniform(uint64_t key, uint64_t pos);

// MATLAB's State vector for the twister (the 624 state words and the position, 625 values)
// and back; `from` returns false when the vector is not such a state.
std::vector<uint32_t> twister_state(const std::mt19937& mt);
bool twister_from_state(const std::vector<uint32_t>& state, std::mt19937* mt);

}  // namespace runmat::runtime
