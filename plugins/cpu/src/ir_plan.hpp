// A validated kernel and its execution plan.
//
// Every value of the IR lives, per block of kBlock elements, in a "column": a pointer to kBlock
// elements of the value's dtype. Computed values get scratch columns (reused once a value is
// dead); CONSTs and SCALAR inputs get constant columns filled once per launch; LINEAR inputs
// point straight into their buffer. The plan has two step lists: `pre` runs over the
// iteration space, `post` (the epilogue of a REDUCE kernel) over the output elements.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "runmat/accel.h"

namespace rmcpu {

inline constexpr size_t kBlock = 2048;  // elements per column

struct Step {
  uint16_t opcode = 0;  // rm_ir_opcode
  uint16_t sub = 0;
  uint32_t dtype = 0;      // dtype of the value defined (or stored, for OUTPUT)
  uint32_t src_dtype = 0;  // dtype of operand a (CAST, UNARY predicates, COMPARE)
  uint32_t value = 0;      // value index this step defines
  uint32_t a = RM_IR_NONE, b = RM_IR_NONE, c = RM_IR_NONE;  // operand value indices
  uint32_t slot = RM_IR_NONE;                               // INPUT / OUTPUT slot
  int32_t col = -1;                                         // scratch column of the result
  int32_t direct_out = -1;  // output slot this result may be written to directly
  double imm = 0.0;
};

struct ConstColumn {
  uint32_t value;
  uint32_t dtype;
  bool from_input;  // SCALAR input (filled from the buffer at launch) or CONST (imm)
  uint32_t slot;
  double imm;
};

struct Plan {
  uint32_t num_values = 0;
  uint32_t num_inputs = 0, num_outputs = 0;
  std::vector<uint32_t> value_dtype;
  std::vector<uint32_t> input_dtype;   // per slot; 0 when no INPUT reads the slot
  std::vector<uint8_t> input_access;   // per slot: bitmask of (1 << rm_ir_access) used
  std::vector<uint32_t> output_dtype;  // per slot

  bool has_reduce = false;
  uint16_t reduce_op = 0;
  uint32_t reduce_value = RM_IR_NONE;    // the REDUCE instruction's value
  uint32_t reduce_operand = RM_IR_NONE;  // its operand (a pre value)
  uint32_t reduce_dtype = 0;
  int32_t reduce_col = -1;  // scratch column holding the REDUCE result in the epilogue

  std::vector<Step> pre;
  std::vector<Step> post;
  std::vector<ConstColumn> consts;
  uint32_t num_cols = 0;  // scratch columns (each kBlock * 8 bytes)

  std::string label;
};

// Validates the descriptor and builds the plan. On failure returns the status and fills `error`
// with a precise reason (instruction index, field, expected vs found).
rm_status build_plan(const rm_kernel_desc* desc, Plan* plan, std::string* error);

}  // namespace rmcpu
