// gpuArray gather isgpuarray.
#include "accel_host.hpp"
#include "builtins.hpp"
#include "runmat/runtime/runtime.hpp"

namespace runmat::runtime {
namespace {

Args gpuarray_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {ctx.rt.accel().to_gpu(args[0])};
}

Args gather_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, SIZE_MAX);
  Args out;
  for (const auto& a : args) out.push_back(ctx.rt.accel().gather(a));
  return out;
}

Args isgpuarray_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {Value::logical(args[0].is_gpu())};
}

}  // namespace

void register_gpu_builtins(BuiltinRegistry& reg) {
  reg.add(
      "gpuArray", gpuarray_fn,
      "gpuArray(x): a copy of x resident on the GPU plugin's device; operations on it run there.");
  reg.add("gather", gather_fn,
          "gather(x): bring a gpuArray back to host memory (other values pass through).");
  reg.add("isgpuarray", isgpuarray_fn, "isgpuarray(x): true for gpuArray values.");
}

}  // namespace runmat::runtime
