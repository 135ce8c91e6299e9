// Elementwise math functions and class conversions. Each is fusible: on large or deferred
// inputs it adds a node to the lazy graph (see elementwise.cpp).
#include <utility>

#include "builtins.hpp"
#include "elementwise.hpp"
#include "math_builtin_table.hpp"
#include "runmat/core/error.hpp"

namespace runmat::runtime {
namespace {

template <rm_ir_unary Op>
Args unary_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {unary_elementwise(ctx.rt, Op, args[0])};
}

template <rm_ir_binary Op>
Args binary_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 2);
  return {binary_elementwise(ctx.rt, Op, args[0], args[1])};
}

template <ClassId Cls>
Args convert_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {cast_to(ctx.rt, args[0], Cls)};
}

template <size_t... I>
void register_unary(BuiltinRegistry& reg, std::index_sequence<I...>) {
  (reg.add(kUnaryMathBuiltins[I].name, unary_fn<kUnaryMathBuiltins[I].op>,
           kUnaryMathBuiltins[I].help),
   ...);
}

template <size_t... I>
void register_binary(BuiltinRegistry& reg, std::index_sequence<I...>) {
  (reg.add(kBinaryMathBuiltins[I].name, binary_fn<kBinaryMathBuiltins[I].op>,
           kBinaryMathBuiltins[I].help),
   ...);
}

}  // namespace

void register_math_builtins(BuiltinRegistry& reg) {
  register_unary(reg, std::make_index_sequence<kNumUnaryMathBuiltins>{});
  register_binary(reg, std::make_index_sequence<kNumBinaryMathBuiltins>{});
  reg.add("double", convert_fn<ClassId::Double>, "double(x): convert to double precision.");
  reg.add("single", convert_fn<ClassId::Single>, "single(x): convert to single precision.");
  reg.add("logical", convert_fn<ClassId::Logical>,
          "logical(x): convert to logical (nonzero -> true).");
  // Integer conversions round half away from zero and saturate; NaN becomes 0.
  reg.add("int8", convert_fn<ClassId::Int8>, "int8(x): convert to 8-bit signed integers.");
  reg.add("int16", convert_fn<ClassId::Int16>, "int16(x): convert to 16-bit signed integers.");
  reg.add("int32", convert_fn<ClassId::Int32>, "int32(x): convert to 32-bit signed integers.");
  reg.add("int64", convert_fn<ClassId::Int64>, "int64(x): convert to 64-bit signed integers.");
  reg.add("uint8", convert_fn<ClassId::UInt8>, "uint8(x): convert to 8-bit unsigned integers.");
  reg.add("uint16", convert_fn<ClassId::UInt16>, "uint16(x): convert to 16-bit unsigned integers.");
  reg.add("uint32", convert_fn<ClassId::UInt32>, "uint32(x): convert to 32-bit unsigned integers.");
  reg.add("uint64", convert_fn<ClassId::UInt64>, "uint64(x): convert to 64-bit unsigned integers.");
}

}  // namespace runmat::runtime
