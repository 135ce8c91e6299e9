// Device buffers: slots of pooled device-local blocks (buffer_pool.cpp), uploads/downloads
// through one reusable host-visible staging buffer (grown on demand up to kStagingMaxBytes,
// larger transfers are chunked), and device-side copies.
#include <algorithm>
#include <cstring>

#include "vk_internal.h"

namespace rmvk {

static int find_memory_type(rm_context ctx, uint32_t bits, VkMemoryPropertyFlags want,
                            VkMemoryPropertyFlags avoid) {
  for (uint32_t i = 0; i < ctx->mem_props.memoryTypeCount; ++i) {
    VkMemoryPropertyFlags f = ctx->mem_props.memoryTypes[i].propertyFlags;
    if ((bits & (1u << i)) && (f & want) == want && !(f & avoid)) return static_cast<int>(i);
  }
  return -1;
}

rm_status create_raw_buffer(rm_context ctx, uint64_t bytes, VkBufferUsageFlags usage,
                            bool host_visible, RawBuffer* out) {
  // Whole 32-byte units: vectorized kernels address float buffers as vec4/dvec4 arrays, and
  // the last, partial vector must lie inside the bound range.
  uint64_t size = std::max<uint64_t>(32, (bytes + 31) & ~31ull);
  VkBufferCreateInfo bci{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
  bci.size = size;
  bci.usage = usage;
  bci.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
  VkBuffer buf = VK_NULL_HANDLE;
  VkResult r = vkCreateBuffer(ctx->device, &bci, nullptr, &buf);
  if (r != VK_SUCCESS)
    return set_error(ctx, RM_ERR_OUT_OF_MEMORY,
                     "vkCreateBuffer(" + std::to_string(bytes) + " bytes): " + vk_result_string(r));
  VkMemoryRequirements req;
  vkGetBufferMemoryRequirements(ctx->device, buf, &req);
  int type = -1;
  if (host_visible) {
    const VkMemoryPropertyFlags hv =
        VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    type = find_memory_type(ctx, req.memoryTypeBits, hv | VK_MEMORY_PROPERTY_HOST_CACHED_BIT, 0);
    if (type < 0) type = find_memory_type(ctx, req.memoryTypeBits, hv, 0);
  } else {
    type = find_memory_type(ctx, req.memoryTypeBits, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, 0);
    if (type < 0) type = find_memory_type(ctx, req.memoryTypeBits, 0, 0);
  }
  if (type < 0) {
    vkDestroyBuffer(ctx->device, buf, nullptr);
    return set_error(ctx, RM_ERR_OUT_OF_MEMORY, "no suitable Vulkan memory type");
  }
  VkMemoryAllocateInfo mai{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
  mai.allocationSize = req.size;
  mai.memoryTypeIndex = static_cast<uint32_t>(type);
  VkDeviceMemory mem = VK_NULL_HANDLE;
  r = vkAllocateMemory(ctx->device, &mai, nullptr, &mem);
  if (r != VK_SUCCESS) {
    vkDestroyBuffer(ctx->device, buf, nullptr);
    return set_error(
        ctx, RM_ERR_OUT_OF_MEMORY,
        "vkAllocateMemory(" + std::to_string(req.size) + " bytes): " + vk_result_string(r));
  }
  vkBindBufferMemory(ctx->device, buf, mem, 0);
  void* mapped = nullptr;
  if (host_visible && vkMapMemory(ctx->device, mem, 0, VK_WHOLE_SIZE, 0, &mapped) != VK_SUCCESS) {
    vkDestroyBuffer(ctx->device, buf, nullptr);
    vkFreeMemory(ctx->device, mem, nullptr);
    return set_error(ctx, RM_ERR_OUT_OF_MEMORY, "vkMapMemory failed");
  }
  out->buffer = buf;
  out->memory = mem;
  out->size = size;
  out->mapped = mapped;
  return RM_OK;
}

void destroy_raw_buffer(rm_context ctx, RawBuffer* b) {
  if (b->buffer) vkDestroyBuffer(ctx->device, b->buffer, nullptr);
  if (b->memory) vkFreeMemory(ctx->device, b->memory, nullptr);
  *b = RawBuffer{};
}

rm_status buffer_alloc(rm_context ctx, uint64_t bytes, rm_buffer* out) {
  if (!ctx || !out) return RM_ERR_INVALID_ARGUMENT;
  std::lock_guard<std::recursive_mutex> lock(ctx->mu);
  auto* b = new rm_buffer_s();
  rm_status st = ctx->pool.allocate(ctx, bytes, &b->mem);
  if (st != RM_OK) {
    delete b;
    return st;
  }
  b->bytes = bytes;
  b->id = ctx->next_buffer_id++;
  ctx->buffers.insert(b);
  auto& c = ctx->counters;
  c.buffer_allocs++;
  c.buffer_bytes_live += bytes;
  c.buffer_bytes_peak = std::max(c.buffer_bytes_peak, c.buffer_bytes_live);
  *out = b;
  return RM_OK;
}

void buffer_free(rm_context ctx, rm_buffer buf) {
  if (!ctx || !buf) return;
  std::lock_guard<std::recursive_mutex> lock(ctx->mu);
  if (!ctx->buffers.count(buf)) return;
  wait_all(ctx);  // a pending launch or copy may still use it; then its slot is reusable
  ctx->buffers.erase(buf);
  ctx->counters.buffer_frees++;
  ctx->counters.buffer_bytes_live -= buf->bytes;
  ctx->pool.release(ctx, buf->mem);
  delete buf;
}

static rm_status ensure_staging(rm_context ctx, uint64_t bytes) {
  if (ctx->staging.buffer && ctx->staging.size >= bytes) return RM_OK;
  rm_status st = wait_all(ctx);
  if (st != RM_OK) return st;
  uint64_t want =
      std::max<uint64_t>(bytes, std::min<uint64_t>(kStagingMaxBytes, ctx->staging.size * 2));
  destroy_raw_buffer(ctx, &ctx->staging);
  return create_raw_buffer(ctx, want,
                           VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                           true, &ctx->staging);
}

static bool check_range(rm_context ctx, rm_buffer b, uint64_t off, uint64_t n, const char* what) {
  if (!b || !ctx->buffers.count(b)) {
    set_error(ctx, RM_ERR_INVALID_ARGUMENT, std::string(what) + ": unknown buffer handle");
    return false;
  }
  if (off > b->bytes || n > b->bytes - off) {
    set_error(ctx, RM_ERR_INVALID_ARGUMENT,
              std::string(what) + ": range [" + std::to_string(off) + ", +" + std::to_string(n) +
                  ") exceeds buffer of " + std::to_string(b->bytes) + " bytes");
    return false;
  }
  return true;
}

rm_status buffer_upload(rm_context ctx, rm_buffer dst, uint64_t off, const void* src, uint64_t n) {
  if (!ctx || (!src && n)) return RM_ERR_INVALID_ARGUMENT;
  std::lock_guard<std::recursive_mutex> lock(ctx->mu);
  if (!check_range(ctx, dst, off, n, "buffer_upload")) return RM_ERR_INVALID_ARGUMENT;
  const auto* p = static_cast<const uint8_t*>(src);
  for (uint64_t done = 0; done < n;) {
    uint64_t chunk = std::min<uint64_t>(n - done, kStagingMaxBytes);
    rm_status st = ensure_staging(ctx, chunk);
    if (st == RM_OK) st = wait_all(ctx);  // the staging buffer may still be read by a copy
    if (st != RM_OK) return st;
    std::memcpy(ctx->staging.mapped, p + done, chunk);
    Batch* b = nullptr;
    if ((st = open_batch(ctx, &b)) != RM_OK) return st;
    record_barrier(b->cb);  // write-after-read against earlier launches
    VkBufferCopy region{0, dst->mem.offset + off + done, chunk};
    vkCmdCopyBuffer(b->cb, ctx->staging.buffer, dst->mem.buffer, 1, &region);
    if ((st = flush(ctx)) != RM_OK) return st;
    done += chunk;
  }
  ctx->counters.upload_bytes += n;
  ctx->counters.upload_count++;
  return RM_OK;
}

rm_status buffer_download(rm_context ctx, rm_buffer src, uint64_t off, void* dst, uint64_t n) {
  if (!ctx || (!dst && n)) return RM_ERR_INVALID_ARGUMENT;
  std::lock_guard<std::recursive_mutex> lock(ctx->mu);
  if (!check_range(ctx, src, off, n, "buffer_download")) return RM_ERR_INVALID_ARGUMENT;
  auto* p = static_cast<uint8_t*>(dst);
  rm_status st = RM_OK;
  if (n == 0) st = wait_all(ctx);
  for (uint64_t done = 0; done < n && st == RM_OK;) {
    uint64_t chunk = std::min<uint64_t>(n - done, kStagingMaxBytes);
    if ((st = ensure_staging(ctx, chunk)) != RM_OK) return st;
    Batch* b = nullptr;
    if ((st = open_batch(ctx, &b)) != RM_OK) return st;
    record_barrier(b->cb);
    VkBufferCopy region{src->mem.offset + off + done, 0, chunk};
    vkCmdCopyBuffer(b->cb, src->mem.buffer, ctx->staging.buffer, 1, &region);
    VkMemoryBarrier mb{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    mb.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
    mb.dstAccessMask = VK_ACCESS_HOST_READ_BIT;
    vkCmdPipelineBarrier(b->cb, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_HOST_BIT, 0, 1,
                         &mb, 0, nullptr, 0, nullptr);
    if ((st = wait_all(ctx)) != RM_OK) return st;
    std::memcpy(p + done, ctx->staging.mapped, chunk);
    done += chunk;
  }
  if (st != RM_OK) return st;
  ctx->counters.download_bytes += n;
  ctx->counters.download_count++;
  return RM_OK;
}

rm_status buffer_copy(rm_context ctx, rm_buffer src, uint64_t so, rm_buffer dst, uint64_t doff,
                      uint64_t n) {
  if (!ctx) return RM_ERR_INVALID_ARGUMENT;
  std::lock_guard<std::recursive_mutex> lock(ctx->mu);
  if (!check_range(ctx, src, so, n, "buffer_copy(src)") ||
      !check_range(ctx, dst, doff, n, "buffer_copy(dst)"))
    return RM_ERR_INVALID_ARGUMENT;
  if (src == dst && so < doff + n && doff < so + n)
    return set_error(ctx, RM_ERR_INVALID_ARGUMENT, "buffer_copy: overlapping ranges");
  if (n) {
    Batch* b = nullptr;
    rm_status st = open_batch(ctx, &b);
    if (st != RM_OK) return st;
    record_barrier(b->cb);
    VkBufferCopy region{src->mem.offset + so, dst->mem.offset + doff, n};
    vkCmdCopyBuffer(b->cb, src->mem.buffer, dst->mem.buffer, 1, &region);
  }
  ctx->counters.copy_bytes += n;
  ctx->counters.copy_count++;
  return RM_OK;
}

}  // namespace rmvk
