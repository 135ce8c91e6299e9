// Compiled with -ffp-contract=off (libs/runtime/CMakeLists.txt): the transforms of
// runmat/accel_random.h must round exactly as in the plugins, with no fused multiply-adds.
#include "philox.hpp"

#include <random>
#include <sstream>

#include "runmat/accel_random.h"
#include "runmat/runtime/runtime.hpp"

namespace runmat::runtime {

void philox_fill(rm_ir_random kind, ClassId cls, uint64_t key, uint64_t start, int64_t n,
                 void* out) {
  uint32_t w[4];
  if (cls == ClassId::Single) {
    auto* f = static_cast<float*>(out);
    for (int64_t i = 0; i < n; ++i) {
      rm_rng_words(key, start + static_cast<uint64_t>(i), w);
      f[i] = kind == RM_RAND_NORMAL ? rm_rng_normal_f32(w) : rm_rng_uniform_f32(w[0]);
    }
  } else {
    auto* d = static_cast<double*>(out);
    for (int64_t i = 0; i < n; ++i) {
      rm_rng_words(key, start + static_cast<uint64_t>(i), w);
      d[i] = kind == RM_RAND_NORMAL ? rm_rng_normal_f64(w) : rm_rng_uniform_f64(w[0], w[1]);
    }
  }
}

double philox_uniform(uint64_t key, uint64_t pos) {
  uint32_t w[4];
  rm_rng_words(key, pos, w);
  return rm_rng_uniform_f64(w[0], w[1]);
}

// The standard library's text form of an engine is its state words followed by its position;
// going through it keeps this independent of the library's member names.
std::vector<uint32_t> twister_state(const std::mt19937& mt) {
  std::stringstream ss;
  ss << mt;
  std::vector<uint32_t> v;
  uint64_t x;
  while (ss >> x) v.push_back(static_cast<uint32_t>(x));
  return v;
}

bool twister_from_state(const std::vector<uint32_t>& state, std::mt19937* mt) {
  if (state.size() != twister_state(*mt).size()) return false;
  std::stringstream ss;
  for (uint32_t x : state) ss << x << ' ';
  std::mt19937 restored;
  ss >> restored;
  if (ss.fail()) return false;
  *mt = restored;
  return true;
}

RngState& Runtime::rng() {
  if (!rng_) rng_ = std::make_unique<RngState>();
  return *rng_;
}

}  // namespace runmat::runtime
