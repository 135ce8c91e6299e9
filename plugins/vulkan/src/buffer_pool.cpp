// The device-memory pool behind rm_buffers (see buffer_pool.h for the policy).
#include "buffer_pool.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "vk_internal.h"

namespace rmvk {

namespace {

constexpr VkBufferUsageFlags kUsage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT |
                                      VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
                                      VK_BUFFER_USAGE_TRANSFER_DST_BIT;
// Allocations the context makes outside the pool (staging, scratch, parameter rings, spare).
constexpr uint32_t kReservedAllocations = 16;

uint64_t env_u64(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  char* end = nullptr;
  unsigned long long x = std::strtoull(v, &end, 10);
  return (end && *end == '\0') ? x : fallback;
}

void note_reserved(rm_context ctx, int64_t delta) {
  rm_counters& c = ctx->counters;
  c.device_bytes_reserved += static_cast<uint64_t>(delta);
  c.device_bytes_peak = std::max(c.device_bytes_peak, c.device_bytes_reserved);
}

}  // namespace

uint64_t BufferPool::size_class(uint64_t bytes) {
  if (bytes <= 256) return 256;
  // Four classes per power of two: step = 2^floor(log2(bytes - 1)) / 4.
  uint64_t base = 1;
  while (base * 2 < bytes) base *= 2;
  const uint64_t step = std::max<uint64_t>(base / 4, 1);
  const uint64_t cls = (bytes + step - 1) / step * step;
  return (cls + 255) / 256 * 256;
}

void BufferPool::configure(rm_context ctx) {
  const uint32_t device_max = ctx->dev.props.limits.maxMemoryAllocationCount;
  uint64_t max_alloc = device_max > kReservedAllocations ? device_max - kReservedAllocations : 1;
  max_alloc =
      std::min<uint64_t>(max_alloc, env_u64("RUNMAT_VULKAN_POOL_MAX_ALLOCATIONS", max_alloc));
  limits_.max_allocations = static_cast<uint32_t>(std::max<uint64_t>(max_alloc, 1));
  // Keep up to 1/8 of device memory (at most 2 GiB) of emptied blocks for reuse.
  const uint64_t by_device = std::min<uint64_t>(ctx->dev.device_local_bytes / 8, 2ull << 30);
  limits_.cache_bytes = env_u64("RUNMAT_VULKAN_POOL_CACHE_BYTES", by_device);
}

rm_status BufferPool::new_block(rm_context ctx, uint64_t cls, PoolBlock** out) {
  const bool dedicated = cls > kMaxSlotBytes;
  const uint64_t bytes =
      dedicated ? cls : std::clamp<uint64_t>(cls * 32, kMinBlockBytes, kMaxBlockBytes) / cls * cls;
  auto block = std::make_unique<PoolBlock>();
  // Make room: the allocation-count limit first, then, if the device is out of memory,
  // everything cached, and try once more.
  if (blocks_.size() >= limits_.max_allocations) {
    trim(ctx, 0);
    if (blocks_.size() >= limits_.max_allocations)
      return set_error(ctx, RM_ERR_OUT_OF_MEMORY,
                       "buffer_alloc: " + std::to_string(blocks_.size()) +
                           " device memory allocations in use, the limit is " +
                           std::to_string(limits_.max_allocations) + " (all blocks are in use)");
  }
  rm_status st = create_raw_buffer(ctx, bytes, kUsage, false, &block->raw);
  if (st == RM_ERR_OUT_OF_MEMORY && cached_bytes_ > 0) {
    trim(ctx, 0);
    st = create_raw_buffer(ctx, bytes, kUsage, false, &block->raw);
  }
  if (st != RM_OK) return st;
  block->slot_bytes = cls;
  block->slots = static_cast<uint32_t>(block->raw.size / cls);
  ctx->counters.device_allocs++;
  note_reserved(ctx, static_cast<int64_t>(block->raw.size));
  blocks_.push_back(std::move(block));
  *out = blocks_.back().get();
  return RM_OK;
}

rm_status BufferPool::allocate(rm_context ctx, uint64_t bytes, PoolAllocation* out) {
  const uint64_t cls = size_class(bytes);
  // A block of this class with room: prefer a partly used one (keeps empty ones evictable),
  // then the most recently emptied one.
  PoolBlock* pick = nullptr;
  for (const auto& b : blocks_) {
    if (b->slot_bytes != cls || (b->freed.empty() && b->fresh == b->slots)) continue;
    if (!pick || (pick->used == 0 && (b->used > 0 || b->emptied_at > pick->emptied_at)))
      pick = b.get();
  }
  bool reuse = pick != nullptr && !pick->freed.empty();
  if (!pick) {
    rm_status st = new_block(ctx, cls, &pick);
    if (st != RM_OK) return st;
    reuse = false;
  }
  uint32_t slot = 0;
  if (!pick->freed.empty()) {
    slot = pick->freed.back();
    pick->freed.pop_back();
  } else {
    slot = pick->fresh++;
  }
  if (pick->used++ == 0 && reuse) cached_bytes_ -= pick->raw.size;
  if (reuse) ctx->counters.buffer_reuses++;
  out->block = pick;
  out->buffer = pick->raw.buffer;
  out->offset = uint64_t(slot) * cls;
  out->size = cls;
  out->slot = slot;
  return RM_OK;
}

void BufferPool::release(rm_context ctx, const PoolAllocation& a) {
  PoolBlock* b = a.block;
  if (!b) return;
  b->freed.push_back(a.slot);
  if (--b->used == 0) {
    b->emptied_at = ++clock_;
    cached_bytes_ += b->raw.size;
    if (cached_bytes_ > limits_.cache_bytes) trim(ctx, limits_.cache_bytes);
  }
}

void BufferPool::destroy_block(rm_context ctx, size_t index) {
  PoolBlock* b = blocks_[index].get();
  if (b->used == 0) cached_bytes_ -= b->raw.size;
  note_reserved(ctx, -static_cast<int64_t>(b->raw.size));
  destroy_raw_buffer(ctx, &b->raw);
  blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(index));
}

void BufferPool::trim(rm_context ctx, uint64_t keep_bytes) {
  while (cached_bytes_ > keep_bytes) {
    size_t lru = blocks_.size();
    for (size_t i = 0; i < blocks_.size(); ++i)
      if (blocks_[i]->used == 0 &&
          (lru == blocks_.size() || blocks_[i]->emptied_at < blocks_[lru]->emptied_at))
        lru = i;
    if (lru == blocks_.size()) break;
    destroy_block(ctx, lru);
    ctx->counters.pool_evictions++;
  }
}

void BufferPool::destroy_all(rm_context ctx) {
  while (!blocks_.empty()) destroy_block(ctx, blocks_.size() - 1);
  cached_bytes_ = 0;
}

}  // namespace rmvk
