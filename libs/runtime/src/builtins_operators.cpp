// Elementwise operators as functions (plus minus times rdivide ldivide eq ne lt le gt
// ge and or not uminus uplus; power is in builtins_math), so that @plus, feval('times', ...) and
// cellfun(@eq, ...) work. The matrix operators (mtimes mldivide mrdivide mpower transpose) are in
// builtins_linalg.
#include "builtins.hpp"
#include "elementwise.hpp"
#include "runmat/runtime/runtime.hpp"

namespace runmat::runtime {
namespace {

using lang::BinOp;
using lang::UnOp;

template <BinOp Op>
Args binary_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 2);
  return {binary_operator(ctx.rt, Op, args[0], args[1])};
}

template <UnOp Op>
Args unary_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {unary_operator(ctx.rt, Op, args[0])};
}

}  // namespace

void register_operator_builtins(BuiltinRegistry& reg) {
  reg.add("plus", binary_fn<BinOp::Add>, "plus(a, b): a + b.");
  reg.add("minus", binary_fn<BinOp::Sub>, "minus(a, b): a - b.");
  reg.add("times", binary_fn<BinOp::ElemMul>, "times(a, b): a .* b.");
  reg.add("rdivide", binary_fn<BinOp::ElemDiv>, "rdivide(a, b): a ./ b.");
  reg.add("ldivide", binary_fn<BinOp::ElemLDiv>, "ldivide(a, b): a .\\ b.");
  reg.add("eq", binary_fn<BinOp::Eq>, "eq(a, b): a == b.");
  reg.add("ne", binary_fn<BinOp::Ne>, "ne(a, b): a ~= b.");
  reg.add("lt", binary_fn<BinOp::Lt>, "lt(a, b): a < b.");
  reg.add("le", binary_fn<BinOp::Le>, "le(a, b): a <= b.");
  reg.add("gt", binary_fn<BinOp::Gt>, "gt(a, b): a > b.");
  reg.add("ge", binary_fn<BinOp::Ge>, "ge(a, b): a >= b.");
  reg.add("and", binary_fn<BinOp::ElemAnd>, "and(a, b): a & b.");
  reg.add("or", binary_fn<BinOp::ElemOr>, "or(a, b): a | b.");
  reg.add("not", unary_fn<UnOp::Not>, "not(a): ~a.");
  reg.add("uminus", unary_fn<UnOp::Neg>, "uminus(a): -a.");
  reg.add("uplus", unary_fn<UnOp::Plus>, "uplus(a): +a.");
}

}  // namespace runmat::runtime
