// tic toc size numel class accel_device.
#include <chrono>
#include <cmath>
#include <cstdlib>

#include "absl/strings/str_format.h"
#include "accel_host.hpp"
#include "builtins.hpp"
#include "builtins_arrays.hpp"
#include "map_object.hpp"
#include "runmat/core/error.hpp"
#include "runmat/runtime/runtime.hpp"

namespace runmat::runtime {
namespace {

Args tic_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, 0);
  ctx.rt.tic_time = std::chrono::steady_clock::now();
  ctx.rt.tic_set = true;
  if (ctx.nargout > 0) {
    const auto ns =
        std::chrono::duration_cast<std::chrono::microseconds>(ctx.rt.tic_time.time_since_epoch())
            .count();
    return {Value::num(static_cast<double>(ns))};
  }
  return {};
}

Args toc_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, 1);
  if (!ctx.rt.tic_set)
    throw_error("MATLAB:toc:callTicFirst",
                "You must call TIC without an output argument before calling TOC without an input "
                "argument.");
  const double s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - ctx.rt.tic_time).count();
  if (ctx.nargout == 0) {
    ctx.rt.out() << "Elapsed time is " << absl::StrFormat("%.6f", s) << " seconds.\n";
    return {};
  }
  return {Value::num(s)};
}

Args size_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  // containers.Map: Count-by-1, as MATLAB's size method gives it.
  const Shape s = is_map(args[0]) ? Shape{map_count(args[0]), 1} : args[0].shape();
  if (args.size() == 2) {
    return {Value::num(static_cast<double>(s.dim(dim_from_value(args[1]))))};
  }
  if (ctx.nargout <= 1) {
    auto a =
        std::make_shared<Array>(ClassId::Double, Shape::row(s.ndims()), Array::Uninitialized{});
    for (int k = 0; k < s.ndims(); ++k)
      a->mutable_data<double>()[k] = static_cast<double>(s.dim(k));
    return {Value::array(std::move(a))};
  }
  Args out;
  for (int k = 0; k < ctx.nargout; ++k) {
    if (k == ctx.nargout - 1) {
      int64_t rest = 1;
      for (int j = k; j < s.ndims(); ++j) rest *= s.dim(j);
      out.push_back(Value::num(static_cast<double>(rest)));
    } else {
      out.push_back(Value::num(static_cast<double>(s.dim(k))));
    }
  }
  return out;
}

Args numel_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {Value::num(static_cast<double>(args[0].numel()))};
}

Args class_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {Value::char_row(args[0].class_name())};
}

// accel_device(): which device ran the most recent fused kernel ("host" if none).
Args accel_device_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, 0);
  return {Value::char_row(ctx.rt.accel().last_device())};
}

// materialize(x, ...): computes deferred arrays now, leaving them where they are (a gpuArray
// stays on the device). For benchmarks: separates compute from observation.
Args materialize_fn(CallContext& ctx, Args& args) {
  for (const auto& a : args) {
    if (!ctx.rt.accel().is_deferred(a)) continue;
    fusion::NodePtr node = ctx.rt.accel().node_of(a);
    ctx.rt.accel().materialize(node);
  }
  ctx.rt.accel().synchronize_all();
  return {};
}

Args getenv_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  const char* v = std::getenv(args[0].to_text().c_str());
  return {Value::char_row(v ? v : "")};
}

}  // namespace

void register_misc_builtins(BuiltinRegistry& reg) {
  reg.add("tic", tic_fn, "tic: start a stopwatch timer.");
  reg.add("toc", toc_fn, "toc: seconds since tic (prints when no output is requested).");
  reg.add("size", size_fn, "size(x), size(x, dim), [m, n] = size(x): array dimensions.");
  reg.add("numel", numel_fn, "numel(x): number of elements.");
  reg.add("class", class_fn, "class(x): class name of a value.");
  reg.add(
      "materialize", materialize_fn,
      "materialize(x, ...): compute deferred arrays now without moving them (RunMat extension).");
  reg.add("getenv", getenv_fn, "getenv(name): value of an environment variable ('' when unset).");
  reg.add("accel_device", accel_device_fn,
          "accel_device(): the device that ran the most recent fused kernel (RunMat extension).");
}

}  // namespace runmat::runtime
