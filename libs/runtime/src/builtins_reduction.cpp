// sum prod mean max min any all.
#include "builtins.hpp"
#include "builtins_arrays.hpp"
#include "elementwise.hpp"
#include "reductions.hpp"
#include "runmat/core/error.hpp"
#include "runmat/core/integer.hpp"

namespace runmat::runtime {
namespace {

// Parses (x), (x, dim), (x, 'all'); returns the 0-based dim or -1 for 'all'.
int reduce_dim_arg(const Value& x, const Args& args, size_t pos) {
  if (args.size() <= pos) return default_reduce_dim(x.shape());
  const Value& d = args[pos];
  if (d.is_char()) {
    if (d.to_text() == "all") return -1;
    throw_error("MATLAB:invalidOption", "Unrecognized option '%s'.", d.to_text());
  }
  return dim_from_value(d);
}

// Whether args[pos] is a vecdim: a numeric vector of more than one dimension (sum(x, [2 3])).
bool is_vecdim(const Args& args, size_t pos) {
  return args.size() > pos && !args[pos].is_char() && args[pos].is_numeric_like() &&
         args[pos].numel() > 1;
}

// Removes a trailing 'default'/'double'/'native' output-type option (sum, prod, mean).
std::string take_outtype(Args& args) {
  if (args.size() < 2 || !args.back().is_char()) return "default";
  const std::string t = args.back().to_text();
  if (t != "default" && t != "double" && t != "native") return "default";
  args.pop_back();
  return t;
}

template <rm_ir_reduce Op, bool Mean>
Args reduce_fn(CallContext& ctx, Args& args) {
  const bool typed = (Op == RM_RED_SUM || Op == RM_RED_PROD) && !Mean;
  const std::string outtype = typed ? take_outtype(args) : "default";
  check_nargs(ctx, args, 1, 2);
  const Value& x = args[0];
  const int dim = is_vecdim(args, 1) ? 0 : reduce_dim_arg(x, args, 1);
  ClassId out = x.cls() == ClassId::Single ? ClassId::Single : ClassId::Double;
  // Integer sums and products stay in their class by default ('native'), saturating; mean of
  // integers is double.
  if (!Mean && is_integer_class(x.cls()) && outtype != "double") out = x.cls();
  if (outtype == "double") out = ClassId::Double;
  if (Op == RM_RED_ANY || Op == RM_RED_ALL) out = ClassId::Logical;
  // sum([]) is 0 and mean([]) is NaN: MATLAB reduces a 0x0 along dim 1 to a scalar.
  if (x.shape() == Shape{0, 0} && args.size() == 1) {
    return {reduce_value(ctx.rt, Op, Value::array(std::make_shared<Array>(x.cls(), Shape{0, 1})), 0,
                         Mean, out)};
  }
  if constexpr (Mean) {
    return {mean_over_dims(
        ctx.rt, x, is_vecdim(args, 1) ? vecdim_from_value(args[1]) : std::vector<int>{dim}, out)};
  }
  if (is_vecdim(args, 1))
    return {reduce_over_dims(ctx.rt, Op, x, vecdim_from_value(args[1]), Mean, out)};
  return {reduce_value(ctx.rt, Op, x, dim, Mean, out)};
}

// max(x), max(x, [], dim), max(a, b).
template <rm_ir_reduce Op, rm_ir_binary Bin>
Args extremum_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 3);
  if (args.size() >= 2 && !(args[1].is_array() && args[1].numel() == 0)) {
    if (args.size() == 3)
      throw_error("MATLAB:max:caseNotSupported",
                  "MAX with two matrices to compare and a working dimension is not supported.");
    if (ctx.nargout > 1) {
      throw_error("MATLAB:max:TwoInTwoOutCaseNotSupported",
                  "%s with two matrices to compare and two output arguments is not supported.",
                  Op == RM_RED_MAX ? "MAX" : "MIN");
    }
    return {binary_elementwise(ctx.rt, Bin, args[0], args[1])};
  }
  const Value& x = args[0];
  const ClassId out =
      x.cls() == ClassId::Single || is_integer_class(x.cls()) ? x.cls() : ClassId::Double;
  if (ctx.nargout > 1) {
    // The index output needs a scan per slice, which the Reduce node cannot give: compute
    // both outputs eagerly on the host ('all' gives a linear index).
    const int dim = args.size() == 3 ? reduce_dim_arg(x, args, 2) : default_reduce_dim(x.shape());
    return extremum_with_index(x, dim, Op == RM_RED_MAX, out);
  }
  if (x.numel() == 0) return {Value::array(std::make_shared<Array>(x.cls(), Shape{0, 0}))};
  if (is_vecdim(args, 2))
    return {reduce_over_dims(ctx.rt, Op, x, vecdim_from_value(args[2]), false, out)};
  const int dim = args.size() == 3 ? reduce_dim_arg(x, args, 2) : default_reduce_dim(x.shape());
  return {reduce_value(ctx.rt, Op, x, dim, false, out)};
}

}  // namespace

void register_reduction_builtins(BuiltinRegistry& reg) {
  reg.add("sum", reduce_fn<RM_RED_SUM, false>,
          "sum(x), sum(x, dim), sum(x, 'all'): sum of elements.");
  reg.add("prod", reduce_fn<RM_RED_PROD, false>,
          "prod(x), prod(x, dim), prod(x, 'all'): product of elements.");
  reg.add("mean", reduce_fn<RM_RED_SUM, true>, "mean(x), mean(x, dim), mean(x, 'all'): average.");
  reg.add("any", reduce_fn<RM_RED_ANY, false>,
          "any(x), any(x, dim), any(x, 'all'): true if any element is nonzero.");
  reg.add("all", reduce_fn<RM_RED_ALL, false>,
          "all(x), all(x, dim), all(x, 'all'): true if all elements are nonzero.");
  reg.add("max", extremum_fn<RM_RED_MAX, RM_BIN_MAX>,
          "max(x), max(x, [], dim), max(a, b): largest elements (NaN ignored).");
  reg.add("min", extremum_fn<RM_RED_MIN, RM_BIN_MIN>,
          "min(x), min(x, [], dim), min(a, b): smallest elements (NaN ignored).");
}

}  // namespace runmat::runtime
