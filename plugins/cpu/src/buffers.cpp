// Buffers: 64-byte aligned host allocations; transfers are memcpy.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

#include "api.hpp"
#include "context.hpp"

namespace rmcpu {
namespace {

bool range_ok(uint64_t offset, uint64_t bytes, uint64_t size) {
  return offset <= size && bytes <= size - offset;
}

void update_peak(Counters& c, uint64_t live) {
  uint64_t peak = c.buffer_bytes_peak.load(std::memory_order_relaxed);
  while (live > peak && !c.buffer_bytes_peak.compare_exchange_weak(peak, live)) {
  }
}

}  // namespace

rm_status buffer_alloc(rm_context ctx, uint64_t bytes, rm_buffer* out) {
  if (!valid_context(ctx))
    return fail(ctx, RM_ERR_INVALID_ARGUMENT, "buffer_alloc: invalid context");
  if (!out) return fail(ctx, RM_ERR_INVALID_ARGUMENT, "buffer_alloc: out is NULL");
  *out = nullptr;
  if (bytes > (uint64_t(1) << 62)) {
    return fail(ctx, RM_ERR_OUT_OF_MEMORY, "buffer_alloc: %llu bytes is more than can be allocated",
                static_cast<unsigned long long>(bytes));
  }
  const size_t rounded = static_cast<size_t>((std::max<uint64_t>(bytes, 1) + 63) & ~uint64_t(63));
  void* data = std::aligned_alloc(64, rounded);
  if (!data) {
    return fail(ctx, RM_ERR_OUT_OF_MEMORY, "buffer_alloc: could not allocate %llu bytes",
                static_cast<unsigned long long>(bytes));
  }
  auto* b = new (std::nothrow) rm_buffer_s();
  if (!b) {
    std::free(data);
    return fail(ctx, RM_ERR_OUT_OF_MEMORY, "buffer_alloc: out of memory");
  }
  b->ctx = ctx;
  b->data = static_cast<unsigned char*>(data);
  b->bytes = bytes;
  try {
    std::lock_guard<std::mutex> lock(ctx->objects_mu);
    ctx->buffers.insert(b);
  } catch (...) {
    std::free(data);
    delete b;
    return fail(ctx, RM_ERR_OUT_OF_MEMORY, "buffer_alloc: out of memory");
  }
  Counters& c = ctx->counters;
  c.buffer_allocs.fetch_add(1);
  update_peak(c, c.buffer_bytes_live.fetch_add(bytes) + bytes);
  *out = b;
  return RM_OK;
}

void buffer_free(rm_context ctx, rm_buffer buf) {
  if (!buf || !valid_context(ctx)) return;
  {
    std::lock_guard<std::mutex> lock(ctx->objects_mu);
    if (ctx->buffers.erase(buf) == 0) return;  // not ours, or already freed
  }
  ctx->counters.buffer_frees.fetch_add(1);
  ctx->counters.buffer_bytes_live.fetch_sub(buf->bytes);
  std::free(buf->data);
  buf->magic = 0;
  delete buf;
}

rm_status buffer_upload(rm_context ctx, rm_buffer dst, uint64_t offset, const void* src,
                        uint64_t bytes) {
  if (!valid_buffer(ctx, dst))
    return fail(ctx, RM_ERR_INVALID_ARGUMENT, "buffer_upload: invalid buffer or context");
  if (!range_ok(offset, bytes, dst->bytes)) {
    return fail(ctx, RM_ERR_INVALID_ARGUMENT,
                "buffer_upload: range [%llu, +%llu) exceeds the buffer's %llu bytes",
                static_cast<unsigned long long>(offset), static_cast<unsigned long long>(bytes),
                static_cast<unsigned long long>(dst->bytes));
  }
  if (bytes > 0 && !src) return fail(ctx, RM_ERR_INVALID_ARGUMENT, "buffer_upload: src is NULL");
  if (bytes > 0) std::memcpy(dst->data + offset, src, bytes);
  ctx->counters.upload_bytes.fetch_add(bytes);
  ctx->counters.upload_count.fetch_add(1);
  return RM_OK;
}

rm_status buffer_download(rm_context ctx, rm_buffer src, uint64_t offset, void* dst,
                          uint64_t bytes) {
  if (!valid_buffer(ctx, src))
    return fail(ctx, RM_ERR_INVALID_ARGUMENT, "buffer_download: invalid buffer or context");
  if (!range_ok(offset, bytes, src->bytes)) {
    return fail(ctx, RM_ERR_INVALID_ARGUMENT,
                "buffer_download: range [%llu, +%llu) exceeds the buffer's %llu bytes",
                static_cast<unsigned long long>(offset), static_cast<unsigned long long>(bytes),
                static_cast<unsigned long long>(src->bytes));
  }
  if (bytes > 0 && !dst) return fail(ctx, RM_ERR_INVALID_ARGUMENT, "buffer_download: dst is NULL");
  if (bytes > 0) std::memcpy(dst, src->data + offset, bytes);
  ctx->counters.download_bytes.fetch_add(bytes);
  ctx->counters.download_count.fetch_add(1);
  return RM_OK;
}

rm_status buffer_copy(rm_context ctx, rm_buffer src, uint64_t src_offset, rm_buffer dst,
                      uint64_t dst_offset, uint64_t bytes) {
  if (!valid_buffer(ctx, src) || !valid_buffer(ctx, dst)) {
    return fail(ctx, RM_ERR_INVALID_ARGUMENT, "buffer_copy: invalid buffer or context");
  }
  if (!range_ok(src_offset, bytes, src->bytes) || !range_ok(dst_offset, bytes, dst->bytes)) {
    return fail(ctx, RM_ERR_INVALID_ARGUMENT,
                "buffer_copy: %llu bytes do not fit the source or destination range",
                static_cast<unsigned long long>(bytes));
  }
  if (bytes > 0) std::memmove(dst->data + dst_offset, src->data + src_offset, bytes);
  ctx->counters.copy_bytes.fetch_add(bytes);
  ctx->counters.copy_count.fetch_add(1);
  return RM_OK;
}

void* buffer_map(rm_context ctx, rm_buffer buf) {
  if (!valid_buffer(ctx, buf)) {
    fail(ctx, RM_ERR_INVALID_ARGUMENT, "buffer_map: invalid buffer or context");
    return nullptr;
  }
  return buf->data;
}

}  // namespace rmcpu
