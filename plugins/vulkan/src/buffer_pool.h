// Device memory behind rm_buffers. Vulkan allocations are few (maxMemoryAllocationCount may be
// as low as 4096) and slow, and a program allocates and frees array-sized buffers all the
// time, so buffers are carved from pooled blocks:
//  * sizes round up to classes (four per power of two, multiples of 256 bytes: at most 25%
//    waste, offsets aligned for any minStorageBufferOffsetAlignment and for vec4/dvec4 access);
//  * small classes (<= kMaxSlotBytes) share slab blocks of equal slots, one block per class;
//    larger requests get a block of their own;
//  * a freed buffer's slot (or block) is reused by the next request of its class;
//  * blocks with no live buffer stay cached up to a byte budget, least recently emptied
//    evicted first; every cached block is evicted before an allocation would fail for
//    memory (VK_ERROR_OUT_OF_DEVICE_MEMORY) or for the allocation-count limit.
#pragma once

#include <vulkan/vulkan.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "runmat/accel.h"

namespace rmvk {

// One VkBuffer bound to its own VkDeviceMemory (buffers.cpp: create_raw_buffer).
struct RawBuffer {
  VkBuffer buffer = VK_NULL_HANDLE;
  VkDeviceMemory memory = VK_NULL_HANDLE;
  uint64_t size = 0;
  void* mapped = nullptr;
};

struct PoolBlock {
  RawBuffer raw;                // one VkBuffer over one VkDeviceMemory
  uint64_t slot_bytes = 0;      // the size class this block serves
  uint32_t slots = 0;           // slot_bytes * slots <= raw.size
  uint32_t fresh = 0;           // slots [fresh, slots) were never handed out
  std::vector<uint32_t> freed;  // slots handed out and released since
  uint32_t used = 0;
  uint64_t emptied_at = 0;  // pool clock when `used` last dropped to 0 (LRU order)
};

struct PoolAllocation {
  PoolBlock* block = nullptr;
  VkBuffer buffer = VK_NULL_HANDLE;
  uint64_t offset = 0, size = 0;  // the slot: [offset, offset + size) of buffer
  uint32_t slot = 0;
};

struct PoolLimits {
  uint64_t cache_bytes = 0;      // bytes of empty blocks kept for reuse
  uint32_t max_allocations = 0;  // device memory allocations the pool may hold
};

class BufferPool {
 public:
  static constexpr uint64_t kMaxSlotBytes = 1ull << 20;
  static constexpr uint64_t kMinBlockBytes = 64ull << 10, kMaxBlockBytes = 8ull << 20;
  static uint64_t size_class(uint64_t bytes);

  // Limits from the device (maxMemoryAllocationCount, device-local heap size) and the knobs
  // RUNMAT_VULKAN_POOL_CACHE_BYTES and RUNMAT_VULKAN_POOL_MAX_ALLOCATIONS (for tests).
  void configure(rm_context ctx);
  rm_status allocate(rm_context ctx, uint64_t bytes, PoolAllocation* out);
  // The device must be done with the memory (the caller waits for pending work first).
  void release(rm_context ctx, const PoolAllocation& a);
  // Evicts least recently emptied blocks until cached bytes <= keep_bytes.
  void trim(rm_context ctx, uint64_t keep_bytes);
  void destroy_all(rm_context ctx);

  uint64_t cached_bytes() const { return cached_bytes_; }
  uint32_t blocks() const { return static_cast<uint32_t>(blocks_.size()); }
  const PoolLimits& limits() const { return limits_; }

 private:
  rm_status new_block(rm_context ctx, uint64_t cls, PoolBlock** out);
  void destroy_block(rm_context ctx, size_t index);

  std::vector<std::unique_ptr<PoolBlock>> blocks_;
  PoolLimits limits_;
  uint64_t clock_ = 0;
  uint64_t cached_bytes_ = 0;  // raw sizes of blocks with used == 0
};

}  // namespace rmvk
