// Contexts: creation, destruction, errors, counters.
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <new>

#include "api.hpp"
#include "context.hpp"
#include "vmath.hpp"

namespace rmcpu {

rm_status context_create(uint32_t device_index, const rm_host_services* host, rm_context* out) {
  if (!out) {
    set_thread_error("context_create: out is NULL");
    return RM_ERR_INVALID_ARGUMENT;
  }
  *out = nullptr;
  if (device_index != 0) {
    set_thread_error("context_create: no device %u (the CPU plugin has one device)", device_index);
    return RM_ERR_NOT_FOUND;
  }
  if (host && host->struct_size >= offsetof(rm_host_services, abi_minor) + sizeof(uint32_t) &&
      host->abi_major != RM_ACCEL_ABI_MAJOR) {
    set_thread_error("context_create: host ABI major %u, plugin implements %u", host->abi_major,
                     RM_ACCEL_ABI_MAJOR);
    return RM_ERR_INVALID_ARGUMENT;
  }
  auto* ctx = new (std::nothrow) rm_context_s();
  if (!ctx) {
    set_thread_error("context_create: out of memory");
    return RM_ERR_OUT_OF_MEMORY;
  }
  ctx->host = host;
  char msg[160];
  std::snprintf(msg, sizeof msg, "runmat-cpu: context created (%u worker threads, %s math)",
                available_cpus(), vm::backend());
  ctx->log(RM_LOG_DEBUG, msg);
  *out = ctx;
  return RM_OK;
}

void context_destroy(rm_context ctx) {
  if (!valid_context(ctx)) return;
  ctx->pool.reset();  // joins the worker threads
  for (rm_buffer b : ctx->buffers) {
    std::free(b->data);
    delete b;
  }
  for (rm_kernel k : ctx->kernels) delete k;
  ctx->magic = 0;
  delete ctx;
}

const char* last_error(rm_context ctx) {
  if (!valid_context(ctx)) return thread_error();
  std::lock_guard<std::mutex> lock(ctx->error_mu);
  return ctx->error.c_str();
}

rm_status synchronize(rm_context ctx) {
  if (!valid_context(ctx))
    return fail(ctx, RM_ERR_INVALID_ARGUMENT, "synchronize: invalid context");
  return RM_OK;  // launches are synchronous
}

rm_status get_counters(rm_context ctx, rm_counters* out) {
  if (!valid_context(ctx))
    return fail(ctx, RM_ERR_INVALID_ARGUMENT, "get_counters: invalid context");
  if (!out) return fail(ctx, RM_ERR_INVALID_ARGUMENT, "get_counters: out is NULL");
  const Counters& c = ctx->counters;
  rm_counters r;
  std::memset(&r, 0, sizeof r);
  r.struct_size = sizeof r;
  r.kernel_launches = c.kernel_launches.load();
  r.kernel_device_ns = c.kernel_device_ns.load();
  r.kernel_compiles = c.kernel_compiles.load();
  r.compile_ns = c.compile_ns.load();
  r.upload_bytes = c.upload_bytes.load();
  r.upload_count = c.upload_count.load();
  r.download_bytes = c.download_bytes.load();
  r.download_count = c.download_count.load();
  r.copy_bytes = c.copy_bytes.load();
  r.copy_count = c.copy_count.load();
  r.buffer_allocs = c.buffer_allocs.load();
  r.buffer_frees = c.buffer_frees.load();
  r.buffer_bytes_live = c.buffer_bytes_live.load();
  r.buffer_bytes_peak = c.buffer_bytes_peak.load();
  // ABI 1.1 pool fields: every buffer is its own host allocation, nothing is cached or reused.
  r.device_allocs = r.buffer_allocs;
  r.device_bytes_reserved = r.buffer_bytes_live;
  r.device_bytes_peak = r.buffer_bytes_peak;
  r.pipeline_cache_hits = 0;  // nothing is compiled to persist
  r.pipeline_cache_misses = 0;
  write_sized(out, r);
  return RM_OK;
}

}  // namespace rmcpu
