// A tiny builder for kernel IR v1 (runmat/accel.h). Result dtypes are inferred the way the IR
// defines them (predicates and compares give BOOL, everything else the operand's type); raw()
// appends arbitrary instructions for malformed-IR tests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runmat/accel.h"

namespace runmat::plugin_kit {

class IrBuilder {
 public:
  uint32_t input(uint32_t slot, rm_dtype dt, rm_ir_access access = RM_ACCESS_LINEAR);
  uint32_t constant(double value, rm_dtype dt);
  uint32_t index(rm_dtype dt);
  uint32_t unary(rm_ir_unary op, uint32_t a);
  uint32_t binary(rm_ir_binary op, uint32_t a, uint32_t b);
  uint32_t compare(rm_ir_compare op, uint32_t a, uint32_t b);
  uint32_t select(uint32_t cond, uint32_t if_true, uint32_t if_false);
  uint32_t cast(uint32_t a, rm_dtype to);
  uint32_t reduce(rm_ir_reduce op, uint32_t a);
  // RM_IR_RANDOM: `key` the seed, `offset` added to the launch's rng_base.
  uint32_t random(rm_ir_random kind, rm_dtype dt, uint64_t key, uint64_t offset = 0);
  void output(uint32_t slot, uint32_t value);
  uint32_t raw(uint16_t opcode, uint16_t sub, uint16_t dtype, uint32_t a = RM_IR_NONE,
               uint32_t b = RM_IR_NONE, uint32_t c = RM_IR_NONE, double imm = 0.0);

  rm_dtype dtype(uint32_t v) const { return static_cast<rm_dtype>(insts_.at(v).dtype); }
  const std::vector<rm_ir_inst>& insts() const { return insts_; }
  std::vector<rm_ir_inst>& insts() { return insts_; }
  bool has_reduce() const;
  // Input and output slot counts implied by the INPUT / OUTPUT instructions.
  uint32_t num_inputs() const;
  uint32_t num_outputs() const;

  // A descriptor pointing into this builder (valid while it lives and is not modified).
  // Slot counts default to the implied ones.
  rm_kernel_desc desc(const char* label = nullptr, int64_t num_inputs = -1,
                      int64_t num_outputs = -1) const;

 private:
  std::vector<rm_ir_inst> insts_;
};

bool is_transcendental_unary(uint16_t op);
bool is_transcendental_binary(uint16_t op);
// True when any instruction is a transcendental unary/binary operating on F64.
bool uses_f64_transcendentals(const std::vector<rm_ir_inst>& insts);
bool uses_f64(const std::vector<rm_ir_inst>& insts);

const char* unary_name(uint16_t op);
const char* binary_name(uint16_t op);
const char* compare_name(uint16_t op);
const char* reduce_name(uint16_t op);
const char* dtype_name(uint32_t dt);
size_t dtype_size(uint32_t dt);

}  // namespace runmat::plugin_kit
