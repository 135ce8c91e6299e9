// Column kernels: one IR operation over n elements of a block. Plain loops the compiler
// vectorizes; transcendentals go through vmath. Operand/result types follow the validated IR.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rmcpu {

void col_fill_const(uint32_t dtype, double imm, void* d, size_t n);
void col_fill_scalar(uint32_t dtype, const void* src, void* d, size_t n);  // broadcast src[0]
void col_index(uint32_t dtype, uint64_t start, void* d, size_t n);
void col_unary(uint16_t op, uint32_t dtype, uint32_t src_dtype, const void* a, void* d, size_t n);
void col_binary(uint16_t op, uint32_t dtype, const void* a, const void* b, void* d, size_t n);
void col_compare(uint16_t op, uint32_t src_dtype, const void* a, const void* b, void* d, size_t n);
void col_select(uint32_t dtype, const void* cond, const void* a, const void* b, void* d, size_t n);
void col_cast(uint32_t from, uint32_t to, const void* a, void* d, size_t n);

}  // namespace rmcpu
