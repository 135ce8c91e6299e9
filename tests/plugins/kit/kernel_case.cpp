#include "kit/kernel_case.hpp"

namespace runmat::plugin_kit {

uint64_t KernelCase::count() const {
  uint64_t n = 1;
  for (uint64_t d : dims) n *= d;
  return n;
}

uint64_t KernelCase::output_elements() const {
  return ir.has_reduce() ? reduce_outer * reduce_inner : count();
}

rm_dtype KernelCase::input_dtype(uint32_t slot) const {
  for (const auto& i : ir.insts()) {
    if (i.opcode == RM_IR_INPUT && i.a == slot) return static_cast<rm_dtype>(i.dtype);
  }
  return RM_DTYPE_INVALID;
}

rm_dtype KernelCase::output_dtype(uint32_t slot) const {
  for (const auto& i : ir.insts()) {
    if (i.opcode == RM_IR_OUTPUT && i.a == slot) return static_cast<rm_dtype>(i.dtype);
  }
  return RM_DTYPE_INVALID;
}

void KernelCase::reduce_over(int dim) {
  if (dim < 0) {
    reduce_outer = 1;
    reduce_len = count();
    reduce_inner = 1;
    return;
  }
  reduce_inner = 1;
  reduce_outer = 1;
  reduce_len = static_cast<size_t>(dim) < dims.size() ? dims[dim] : 1;
  for (int d = 0; d < dim && static_cast<size_t>(d) < dims.size(); ++d) reduce_inner *= dims[d];
  for (size_t d = dim + 1; d < dims.size(); ++d) reduce_outer *= dims[d];
}

Strides broadcast_strides(const std::vector<uint64_t>& shape) {
  Strides s{};
  int64_t stride = 1;
  for (size_t d = 0; d < shape.size() && d < RM_MAX_RANK; ++d) {
    s[d] = shape[d] == 1 ? 0 : stride;
    stride *= static_cast<int64_t>(shape[d]);
  }
  return s;
}

}  // namespace runmat::plugin_kit
