// Kernels: compile (validate + plan), launch (validate the launch, run synchronously), stats.
#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <string>

#include "api.hpp"
#include "context.hpp"
#include "dtype.hpp"
#include "ir_executor.hpp"

namespace rmcpu {
namespace {

using ull = unsigned long long;
__extension__ typedef __int128 i128;

bool mul_overflows(uint64_t a, uint64_t b, uint64_t* r) {
  return __builtin_mul_overflow(a, b, r);
}

// Checks the launch against the plan and fills `ls`. On error sets the context's error.
rm_status prepare_launch(rm_context ctx, const Plan& p, const rm_launch_desc* l, LaunchState* ls) {
  if (!l) return fail(ctx, RM_ERR_INVALID_ARGUMENT, "kernel_launch: launch descriptor is NULL");
  // rng_base (ABI 1.2) is the only optional field: a 1.0/1.1 host's descriptor ends before it.
  constexpr size_t kMinLaunch = offsetof(rm_launch_desc, rng_base);
  if (l->struct_size < kMinLaunch) {
    return fail(ctx, RM_ERR_INVALID_ARGUMENT, "kernel_launch: rm_launch_desc.struct_size %u < %zu",
                l->struct_size, kMinLaunch);
  }
  ls->rng_base = l->struct_size >= kMinLaunch + sizeof(uint64_t) ? l->rng_base : 0;
  if (l->rank < 1 || l->rank > RM_MAX_RANK) {
    return fail(ctx, RM_ERR_INVALID_ARGUMENT, "kernel_launch: rank %u is outside 1..%d", l->rank,
                RM_MAX_RANK);
  }
  uint64_t count = 1;
  for (uint32_t d = 0; d < l->rank; ++d) {
    if (mul_overflows(count, l->dims[d], &count)) {
      return fail(ctx, RM_ERR_INVALID_ARGUMENT, "kernel_launch: dims overflow 64 bits");
    }
  }
  if (count != l->count) {
    return fail(ctx, RM_ERR_INVALID_ARGUMENT, "kernel_launch: count %llu != product of dims %llu",
                static_cast<ull>(l->count), static_cast<ull>(count));
  }
  uint64_t out_elements = count;
  if (p.has_reduce) {
    uint64_t a, b;
    if (mul_overflows(l->reduce_outer, l->reduce_len, &a) ||
        mul_overflows(a, l->reduce_inner, &b) || b != count) {
      return fail(
          ctx, RM_ERR_INVALID_ARGUMENT,
          "kernel_launch: reduce_outer*reduce_len*reduce_inner (%llu*%llu*%llu) != count %llu",
          static_cast<ull>(l->reduce_outer), static_cast<ull>(l->reduce_len),
          static_cast<ull>(l->reduce_inner), static_cast<ull>(count));
    }
    if (l->reduce_len == 0 && (l->reduce_outer == 0 || l->reduce_inner == 0)) {
      out_elements = 0;
    } else if (mul_overflows(l->reduce_outer, l->reduce_inner, &out_elements)) {
      return fail(ctx, RM_ERR_INVALID_ARGUMENT, "kernel_launch: reduce output size overflows");
    }
  }
  if (l->num_inputs != p.num_inputs || l->num_outputs != p.num_outputs) {
    return fail(ctx, RM_ERR_INVALID_ARGUMENT,
                "kernel_launch: %u inputs / %u outputs given, the kernel has %u / %u",
                l->num_inputs, l->num_outputs, p.num_inputs, p.num_outputs);
  }
  if ((p.num_inputs > 0 && !l->inputs) || !l->outputs) {
    return fail(ctx, RM_ERR_INVALID_ARGUMENT, "kernel_launch: inputs or outputs array is NULL");
  }
  ls->plan = &p;
  ls->count = count;
  ls->in.assign(p.num_inputs, nullptr);
  ls->out.assign(p.num_outputs, nullptr);
  ls->strided.assign(p.num_inputs, StridedView{});
  for (uint32_t s = 0; s < p.num_inputs; ++s) {
    if (p.input_dtype[s] == 0) continue;  // never read
    rm_buffer b = l->inputs[s];
    if (!valid_buffer(ctx, b)) {
      return fail(ctx, RM_ERR_INVALID_ARGUMENT,
                  "kernel_launch: input %u is not a buffer of this context", s);
    }
    const uint64_t es = dtype_size(p.input_dtype[s]);
    const uint64_t elems = b->bytes / es;
    const uint8_t acc = p.input_access[s];
    if ((acc & (1u << RM_ACCESS_LINEAR)) && elems < count) {
      return fail(ctx, RM_ERR_INVALID_ARGUMENT,
                  "kernel_launch: LINEAR input %u holds %llu %s elements, the launch needs %llu", s,
                  static_cast<ull>(elems), dtype_name(p.input_dtype[s]), static_cast<ull>(count));
    }
    if ((acc & (1u << RM_ACCESS_SCALAR)) && elems < 1) {
      return fail(ctx, RM_ERR_INVALID_ARGUMENT, "kernel_launch: SCALAR input %u is empty", s);
    }
    if (acc & (1u << RM_ACCESS_STRIDED)) {
      if (!l->input_strides) {
        return fail(ctx, RM_ERR_INVALID_ARGUMENT,
                    "kernel_launch: STRIDED input %u but input_strides is NULL", s);
      }
      const int64_t* st = l->input_strides + static_cast<size_t>(s) * RM_MAX_RANK;
      if (count > 0) {
        i128 lo = 0, hi = 0;
        for (uint32_t d = 0; d < l->rank; ++d) {
          const i128 span = static_cast<i128>(l->dims[d] - 1) * st[d];
          if (span < 0)
            lo += span;
          else
            hi += span;
        }
        if (lo < 0 || hi >= static_cast<i128>(elems)) {
          return fail(
              ctx, RM_ERR_INVALID_ARGUMENT,
              "kernel_launch: STRIDED input %u addresses elements outside its %llu elements", s,
              static_cast<ull>(elems));
        }
      }
      ls->strided[s] = make_strided_view(l->rank, l->dims, st);
    }
    ls->in[s] = b->data;
  }
  ls->direct_out = true;
  for (uint32_t s = 0; s < p.num_outputs; ++s) {
    rm_buffer b = l->outputs[s];
    if (!valid_buffer(ctx, b)) {
      return fail(ctx, RM_ERR_INVALID_ARGUMENT,
                  "kernel_launch: output %u is not a buffer of this context", s);
    }
    const uint64_t es = dtype_size(p.output_dtype[s]);
    if (b->bytes / es < out_elements) {
      return fail(ctx, RM_ERR_INVALID_ARGUMENT,
                  "kernel_launch: output %u holds %llu %s elements, the launch writes %llu", s,
                  static_cast<ull>(b->bytes / es), dtype_name(p.output_dtype[s]),
                  static_cast<ull>(out_elements));
    }
    ls->out[s] = b->data;
    for (uint32_t i = 0; i < p.num_inputs; ++i) {
      if (ls->in[i] == b->data) ls->direct_out = false;  // in-place: store only at block end
    }
  }
  return RM_OK;
}

}  // namespace

rm_status kernel_compile(rm_context ctx, const rm_kernel_desc* desc, rm_kernel* out) {
  if (!valid_context(ctx))
    return fail(ctx, RM_ERR_INVALID_ARGUMENT, "kernel_compile: invalid context");
  if (!out) return fail(ctx, RM_ERR_INVALID_ARGUMENT, "kernel_compile: out is NULL");
  *out = nullptr;
  const uint64_t t0 = now_ns();
  try {
    auto k = std::make_unique<rm_kernel_s>();
    k->ctx = ctx;
    std::string error;
    const rm_status st = build_plan(desc, &k->plan, &error);
    if (st != RM_OK) {
      if (!k->plan.label.empty()) error += " [kernel \"" + k->plan.label + "\"]";
      ctx->set_error(error);
      return st;
    }
    {
      std::lock_guard<std::mutex> lock(ctx->objects_mu);
      ctx->kernels.insert(k.get());
    }
    *out = k.release();
  } catch (const std::bad_alloc&) {
    return fail(ctx, RM_ERR_OUT_OF_MEMORY, "kernel_compile: out of memory");
  } catch (const std::exception& e) {
    return fail(ctx, RM_ERR_INTERNAL, "kernel_compile: %s", e.what());
  }
  ctx->counters.kernel_compiles.fetch_add(1);
  ctx->counters.compile_ns.fetch_add(now_ns() - t0);
  return RM_OK;
}

void kernel_destroy(rm_context ctx, rm_kernel kernel) {
  if (!kernel || !valid_context(ctx)) return;
  {
    std::lock_guard<std::mutex> lock(ctx->objects_mu);
    if (ctx->kernels.erase(kernel) == 0) return;
  }
  kernel->magic = 0;
  delete kernel;
}

rm_status kernel_launch(rm_context ctx, rm_kernel kernel, const rm_launch_desc* launch) {
  if (!valid_context(ctx))
    return fail(ctx, RM_ERR_INVALID_ARGUMENT, "kernel_launch: invalid context");
  if (!valid_kernel(ctx, kernel)) {
    return fail(ctx, RM_ERR_INVALID_ARGUMENT, "kernel_launch: invalid kernel handle");
  }
  try {
    std::lock_guard<std::mutex> lock(ctx->launch_mu);
    LaunchState ls;
    const rm_status st = prepare_launch(ctx, kernel->plan, launch, &ls);
    if (st != RM_OK) return st;
    ls.id = ++ctx->launch_id;
    const uint64_t t0 = now_ns();
    if (kernel->plan.has_reduce) {
      run_reduce(ctx, ls, launch->reduce_outer, launch->reduce_len, launch->reduce_inner);
    } else {
      run_elementwise(ctx, ls);
    }
    const uint64_t dt = now_ns() - t0;
    kernel->launches.fetch_add(1);
    kernel->device_ns.fetch_add(dt);
    kernel->elements.fetch_add(ls.count);
    ctx->counters.kernel_launches.fetch_add(1);
    ctx->counters.kernel_device_ns.fetch_add(dt);
  } catch (const std::bad_alloc&) {
    return fail(ctx, RM_ERR_OUT_OF_MEMORY, "kernel_launch: out of memory");
  } catch (const std::exception& e) {
    return fail(ctx, RM_ERR_INTERNAL, "kernel_launch: %s", e.what());
  }
  return RM_OK;
}

rm_status kernel_get_stats(rm_context ctx, rm_kernel kernel, rm_kernel_stats* out) {
  if (!valid_context(ctx))
    return fail(ctx, RM_ERR_INVALID_ARGUMENT, "kernel_get_stats: invalid context");
  if (!valid_kernel(ctx, kernel))
    return fail(ctx, RM_ERR_INVALID_ARGUMENT, "kernel_get_stats: invalid kernel");
  if (!out) return fail(ctx, RM_ERR_INVALID_ARGUMENT, "kernel_get_stats: out is NULL");
  rm_kernel_stats s;
  std::memset(&s, 0, sizeof s);
  s.struct_size = sizeof s;
  s.launches = kernel->launches.load();
  s.device_ns = kernel->device_ns.load();
  s.elements = kernel->elements.load();
  write_sized(out, s);
  return RM_OK;
}

}  // namespace rmcpu
