// Plan building: dead-code elimination, split into pre-reduce steps and epilogue, constant
// columns, scratch-column allocation with reuse, and direct stores into output buffers.
#include "ir_plan.hpp"

#include <algorithm>

#include "dtype.hpp"
#include "ir_validate.hpp"

namespace rmcpu {
namespace {

bool writes_column(const rm_ir_inst& in) {
  switch (in.opcode) {
    case RM_IR_INPUT:
      return in.sub == RM_ACCESS_STRIDED;
    case RM_IR_INDEX:
    case RM_IR_RANDOM:
    case RM_IR_UNARY:
    case RM_IR_BINARY:
    case RM_IR_COMPARE:
    case RM_IR_SELECT:
    case RM_IR_CAST:
      return true;
    default:
      return false;
  }
}

bool is_const_column(const rm_ir_inst& in) {
  return in.opcode == RM_IR_CONST || (in.opcode == RM_IR_INPUT && in.sub == RM_ACCESS_SCALAR);
}

int operand_count(const rm_ir_inst& in) {
  switch (in.opcode) {
    case RM_IR_UNARY:
    case RM_IR_CAST:
    case RM_IR_REDUCE:
      return 1;
    case RM_IR_BINARY:
    case RM_IR_COMPARE:
      return 2;
    case RM_IR_SELECT:
      return 3;
    default:
      return 0;
  }
}

// Operand value indices of an instruction (OUTPUT reads b).
int operands(const rm_ir_inst& in, uint32_t out[3]) {
  if (in.opcode == RM_IR_OUTPUT) {
    out[0] = in.b;
    return 1;
  }
  const int n = operand_count(in);
  const uint32_t all[3] = {in.a, in.b, in.c};
  for (int k = 0; k < n; ++k) out[k] = all[k];
  return n;
}

// Assigns scratch columns to the steps of one phase; returns the number used. `reserved`
// columns (e.g. the REDUCE result in the epilogue) are allocated first and never freed.
uint32_t allocate_columns(const std::vector<rm_ir_inst>& insts, std::vector<Step>& steps,
                          uint32_t reserved, uint32_t num_values) {
  std::vector<size_t> last_use(num_values, 0);
  std::vector<bool> used(num_values, false);
  for (size_t s = 0; s < steps.size(); ++s) {
    uint32_t ops[3];
    const int n = operands(insts[steps[s].value], ops);
    for (int k = 0; k < n; ++k) {
      last_use[ops[k]] = s;
      used[ops[k]] = true;
    }
  }
  std::vector<int32_t> col_of(num_values, -1);
  std::vector<int32_t> free_cols;
  uint32_t next = reserved;
  for (size_t s = 0; s < steps.size(); ++s) {
    Step& st = steps[s];
    const rm_ir_inst& in = insts[st.value];
    if (writes_column(in)) {
      int32_t c;
      if (!free_cols.empty()) {
        c = free_cols.back();
        free_cols.pop_back();
      } else {
        c = static_cast<int32_t>(next++);
      }
      st.col = c;
      col_of[st.value] = c;
      if (!used[st.value]) free_cols.push_back(c);  // never read (cannot happen for live values)
    }
    uint32_t ops[3];
    const int n = operands(in, ops);
    for (int k = 0; k < n; ++k) {
      const uint32_t v = ops[k];
      if (last_use[v] == s && col_of[v] >= 0) {
        // Free once: a value used twice by this step appears twice in ops.
        if (std::find(free_cols.begin(), free_cols.end(), col_of[v]) == free_cols.end()) {
          free_cols.push_back(col_of[v]);
        }
      }
    }
  }
  return next;
}

// A computed value whose only use is one OUTPUT in the same phase is written straight into the
// output buffer (when the launch allows: no output aliases an input).
void mark_direct_outputs(const std::vector<rm_ir_inst>& insts, std::vector<Step>& steps,
                         const std::vector<uint32_t>& use_count) {
  std::vector<int32_t> step_of(insts.size(), -1);
  for (size_t s = 0; s < steps.size(); ++s) step_of[steps[s].value] = static_cast<int32_t>(s);
  for (Step& st : steps) {
    if (st.opcode != RM_IR_OUTPUT) continue;
    const int32_t p = step_of[st.b];
    if (p < 0 || use_count[st.b] != 1) continue;
    Step& producer = steps[p];
    if (producer.col < 0) continue;  // LINEAR input / constant: the OUTPUT copies
    producer.direct_out = static_cast<int32_t>(st.slot);
    st.direct_out = static_cast<int32_t>(st.slot);
  }
}

}  // namespace

rm_status build_plan(const rm_kernel_desc* desc, Plan* plan, std::string* error) {
  ValidatedIr ir;
  const rm_status st = validate_ir(desc, &ir, error);
  if (st != RM_OK) return st;
  const auto& insts = ir.insts;
  const uint32_t n = static_cast<uint32_t>(insts.size());
  plan->num_values = n;
  plan->num_inputs = ir.num_inputs;
  plan->num_outputs = ir.num_outputs;
  plan->label = ir.label;
  plan->value_dtype.resize(n);
  for (uint32_t i = 0; i < n; ++i) plan->value_dtype[i] = insts[i].dtype;
  plan->input_dtype.assign(ir.num_inputs, 0);
  plan->input_access.assign(ir.num_inputs, 0);
  plan->output_dtype.assign(ir.num_outputs, 0);

  // Liveness, backwards from the OUTPUTs (and the REDUCE, which always runs).
  std::vector<bool> live(n, false);
  for (uint32_t i = 0; i < n; ++i) {
    if (insts[i].opcode == RM_IR_OUTPUT || insts[i].opcode == RM_IR_REDUCE) live[i] = true;
  }
  std::vector<uint32_t> use_count(n, 0);
  for (uint32_t i = n; i-- > 0;) {
    if (!live[i]) continue;
    uint32_t ops[3];
    const int k = operands(insts[i], ops);
    for (int j = 0; j < k; ++j) {
      live[ops[j]] = true;
      ++use_count[ops[j]];
    }
  }

  const int64_t r = ir.reduce_index;
  plan->has_reduce = r >= 0;
  if (plan->has_reduce) {
    plan->reduce_value = static_cast<uint32_t>(r);
    plan->reduce_op = insts[r].sub;
    plan->reduce_operand = insts[r].a;
    plan->reduce_dtype = insts[r].dtype;
  }

  for (uint32_t i = 0; i < n; ++i) {
    if (!live[i]) continue;
    const rm_ir_inst& in = insts[i];
    if (in.opcode == RM_IR_INPUT) {
      plan->input_dtype[in.a] = in.dtype;
      plan->input_access[in.a] |= static_cast<uint8_t>(1u << in.sub);
    }
    if (in.opcode == RM_IR_OUTPUT) plan->output_dtype[in.a] = in.dtype;
    if (is_const_column(in)) {
      plan->consts.push_back(ConstColumn{i, in.dtype, in.opcode == RM_IR_INPUT, in.a, in.imm});
      continue;
    }
    if (in.opcode == RM_IR_REDUCE) continue;
    Step s;
    s.opcode = in.opcode;
    s.sub = in.sub;
    s.dtype = in.dtype;
    s.value = i;
    s.imm = in.imm;
    if (in.opcode == RM_IR_INPUT) {
      s.slot = in.a;
    } else if (in.opcode == RM_IR_OUTPUT) {
      s.slot = in.a;
      s.b = in.b;
      s.dtype = in.dtype;
    } else {
      s.a = in.a;
      s.b = in.b;
      s.c = in.c;
      if (in.a != RM_IR_NONE && in.a < n) s.src_dtype = insts[in.a].dtype;
    }
    if (r >= 0 && static_cast<int64_t>(i) > r) {
      plan->post.push_back(s);
    } else {
      plan->pre.push_back(s);
    }
  }

  const uint32_t pre_cols = allocate_columns(insts, plan->pre, 0, n);
  uint32_t post_cols = 0;
  if (plan->has_reduce) {
    plan->reduce_col = 0;
    post_cols = allocate_columns(insts, plan->post, 1, n);
  }
  plan->num_cols = std::max(pre_cols, post_cols);
  mark_direct_outputs(insts, plan->pre, use_count);
  mark_direct_outputs(insts, plan->post, use_count);
  return RM_OK;
}

}  // namespace rmcpu
