// Context lifetime: VkDevice with one compute queue, command pool, batches (command buffer +
// fence + descriptor pool + timestamp query pool + parameter ring), error/event plumbing,
// submission and synchronization.
#include <chrono>
#include <cstdlib>
#include <cstring>

#include "vk_internal.h"

namespace rmvk {

static thread_local std::string g_contextless_error;

std::string vk_result_string(VkResult r) {
  switch (r) {
    case VK_SUCCESS:
      return "VK_SUCCESS";
    case VK_ERROR_OUT_OF_HOST_MEMORY:
      return "VK_ERROR_OUT_OF_HOST_MEMORY";
    case VK_ERROR_OUT_OF_DEVICE_MEMORY:
      return "VK_ERROR_OUT_OF_DEVICE_MEMORY";
    case VK_ERROR_INITIALIZATION_FAILED:
      return "VK_ERROR_INITIALIZATION_FAILED";
    case VK_ERROR_DEVICE_LOST:
      return "VK_ERROR_DEVICE_LOST";
    case VK_ERROR_INCOMPATIBLE_DRIVER:
      return "VK_ERROR_INCOMPATIBLE_DRIVER";
    case VK_ERROR_FEATURE_NOT_PRESENT:
      return "VK_ERROR_FEATURE_NOT_PRESENT";
    case VK_ERROR_EXTENSION_NOT_PRESENT:
      return "VK_ERROR_EXTENSION_NOT_PRESENT";
    case VK_ERROR_OUT_OF_POOL_MEMORY:
      return "VK_ERROR_OUT_OF_POOL_MEMORY";
    default:
      return "VkResult(" + std::to_string(static_cast<int>(r)) + ")";
  }
}

static rm_status status_of(VkResult r) {
  switch (r) {
    case VK_ERROR_OUT_OF_HOST_MEMORY:
    case VK_ERROR_OUT_OF_DEVICE_MEMORY:
    case VK_ERROR_OUT_OF_POOL_MEMORY:
      return RM_ERR_OUT_OF_MEMORY;
    case VK_ERROR_DEVICE_LOST:
      return RM_ERR_DEVICE_LOST;
    default:
      return RM_ERR_INTERNAL;
  }
}

rm_status set_error(rm_context ctx, rm_status st, const std::string& msg) {
  if (ctx)
    ctx->last_error = msg;
  else
    g_contextless_error = msg;
  return st;
}

void emit_event(rm_context ctx, const char* name, const std::string& detail) {
  if (ctx && ctx->has_host && ctx->host.event)
    ctx->host.event(ctx->host.host_data, name, detail.c_str());
}

void log_msg(rm_context ctx, rm_log_level level, const std::string& msg) {
  if (ctx && ctx->has_host && ctx->host.log) ctx->host.log(ctx->host.host_data, level, msg.c_str());
}

void record_barrier(VkCommandBuffer cb) {
  VkMemoryBarrier mb{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
  mb.srcAccessMask =
      VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT | VK_ACCESS_HOST_WRITE_BIT;
  mb.dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT |
                     VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
  vkCmdPipelineBarrier(cb,
                       VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT |
                           VK_PIPELINE_STAGE_HOST_BIT,
                       VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 1,
                       &mb, 0, nullptr, 0, nullptr);
}

// Waits for a submitted batch and folds its timestamps into kernel stats and counters.
static rm_status retire(rm_context ctx, Batch& b) {
  if (!b.in_flight) return RM_OK;
  VkResult r = vkWaitForFences(ctx->device, 1, &b.fence, VK_TRUE, UINT64_MAX);
  if (r != VK_SUCCESS)
    return set_error(ctx, status_of(r), "vkWaitForFences: " + vk_result_string(r));
  b.in_flight = false;
  if (ctx->timestamps && !b.timers.empty()) {
    uint32_t nq = b.launches * 2;
    std::vector<uint64_t> ts(nq, 0);
    r = vkGetQueryPoolResults(ctx->device, b.queries, 0, nq, nq * sizeof(uint64_t), ts.data(),
                              sizeof(uint64_t), VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT);
    if (r == VK_SUCCESS) {
      for (const PendingTimer& t : b.timers) {
        uint64_t t0 = ts[t.query] & ctx->timestamp_mask, t1 = ts[t.query + 1] & ctx->timestamp_mask;
        uint64_t ns = t1 >= t0 ? static_cast<uint64_t>((t1 - t0) * ctx->timestamp_period_ns) : 0;
        if (ctx->kernels.count(t.kernel)) t.kernel->device_ns += ns;
        ctx->counters.kernel_device_ns += ns;
      }
    }
  }
  b.timers.clear();
  return RM_OK;
}

rm_status open_batch(rm_context ctx, Batch** out) {
  Batch& b = ctx->batches[ctx->current];
  if (!b.recording) {
    rm_status st = retire(ctx, b);
    if (st != RM_OK) return st;
    vkResetFences(ctx->device, 1, &b.fence);
    vkResetDescriptorPool(ctx->device, b.pool, 0);
    vkResetCommandBuffer(b.cb, 0);
    VkCommandBufferBeginInfo bi{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    bi.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    VkResult r = vkBeginCommandBuffer(b.cb, &bi);
    if (r != VK_SUCCESS)
      return set_error(ctx, status_of(r), "vkBeginCommandBuffer: " + vk_result_string(r));
    if (ctx->timestamps) vkCmdResetQueryPool(b.cb, b.queries, 0, kMaxLaunchesPerBatch * 2);
    b.ring_used = 0;
    b.launches = 0;
    b.set_cache.clear();
    b.recording = true;
  }
  *out = &b;
  return RM_OK;
}

rm_status flush(rm_context ctx) {
  Batch& b = ctx->batches[ctx->current];
  if (!b.recording) return RM_OK;
  b.recording = false;
  VkResult r = vkEndCommandBuffer(b.cb);
  if (r != VK_SUCCESS)
    return set_error(ctx, status_of(r), "vkEndCommandBuffer: " + vk_result_string(r));
  VkSubmitInfo si{VK_STRUCTURE_TYPE_SUBMIT_INFO};
  si.commandBufferCount = 1;
  si.pCommandBuffers = &b.cb;
  r = vkQueueSubmit(ctx->queue, 1, &si, b.fence);
  if (r != VK_SUCCESS) return set_error(ctx, status_of(r), "vkQueueSubmit: " + vk_result_string(r));
  b.in_flight = true;
  ctx->current = (ctx->current + 1) % kNumBatches;
  return RM_OK;
}

rm_status wait_all(rm_context ctx) {
  rm_status st = flush(ctx);
  if (st != RM_OK) return st;
  // Oldest first so timestamps are attributed in order.
  for (uint32_t i = 0; i < kNumBatches; ++i) {
    st = retire(ctx, ctx->batches[(ctx->current + i) % kNumBatches]);
    if (st != RM_OK) return st;
  }
  return RM_OK;
}

static void destroy_everything(rm_context ctx) {
  if (ctx->device) {
    vkDeviceWaitIdle(ctx->device);
    for (rm_kernel k : ctx->kernels) {
      kernel_release(ctx, k);
      delete k;
    }
    ctx->kernels.clear();
    for (rm_buffer b : ctx->buffers) delete b;
    ctx->buffers.clear();
    ctx->pool.destroy_all(ctx);
    destroy_raw_buffer(ctx, &ctx->staging);
    destroy_raw_buffer(ctx, &ctx->scratch);
    for (Batch& b : ctx->batches) {
      destroy_raw_buffer(ctx, &b.ring);
      if (b.fence) vkDestroyFence(ctx->device, b.fence, nullptr);
      if (b.pool) vkDestroyDescriptorPool(ctx->device, b.pool, nullptr);
      if (b.queries) vkDestroyQueryPool(ctx->device, b.queries, nullptr);
    }
    if (ctx->cmd_pool) vkDestroyCommandPool(ctx->device, ctx->cmd_pool, nullptr);
    vkDestroyDevice(ctx->device, nullptr);
  }
  // ctx->instance is the shared process-wide instance: not destroyed here.
}

// Benchmark knobs (vk_internal.h): RUNMAT_VULKAN_VECTORIZE=0, RUNMAT_VULKAN_MAX_GROUPS=N.
// Without them: vectorized elementwise kernels, and one thread per step up to 65535
// workgroups (grid-stride beyond): on an H100 the best compromise between a copy (which
// likes one step per thread) and an instruction-heavy chain (which likes fewer, longer
// threads); see bench/README.md.
static void read_tuning_knobs(rm_context ctx) {
  if (const char* v = std::getenv("RUNMAT_VULKAN_VECTORIZE"); v && std::string(v) == "0")
    ctx->vectorize = false;
  ctx->max_groups = 65535;
  if (const char* g = std::getenv("RUNMAT_VULKAN_MAX_GROUPS")) {
    unsigned long v = std::strtoul(g, nullptr, 10);
    if (v >= 1 && v <= 0x7FFFFFFFul) ctx->max_groups = static_cast<uint32_t>(v);
  }
}

rm_status context_create(uint32_t device_index, const rm_host_services* host, rm_context* out) {
  if (!out) return RM_ERR_INVALID_ARGUMENT;
  *out = nullptr;
  auto* ctx = new rm_context_s();
  ctx->counters.struct_size = sizeof(rm_counters);
  if (host && host->struct_size >= 8) {
    std::memcpy(&ctx->host, host, std::min<size_t>(host->struct_size, sizeof(rm_host_services)));
    ctx->has_host = true;
  }
  auto fail = [&](rm_status st, const std::string& msg) {
    log_msg(ctx, RM_LOG_ERROR, "vulkan: " + msg);
    destroy_everything(ctx);
    delete ctx;
    return set_error(nullptr, st, msg);
  };
  VkResult r = shared_instance(&ctx->instance);
  if (r != VK_SUCCESS)
    return fail(RM_ERR_NOT_FOUND, "vkCreateInstance failed: " + vk_result_string(r));
  auto devs = ordered_devices(ctx->instance);
  std::vector<std::string> names;
  for (auto pd : devs) {
    VkPhysicalDeviceProperties p;
    vkGetPhysicalDeviceProperties(pd, &p);
    names.push_back(p.deviceName);
  }
  uint32_t idx = 0;
  std::string why;
  if (!resolve_device_index(device_index, names, &idx, &why)) return fail(RM_ERR_NOT_FOUND, why);
  ctx->phys = devs[idx];
  ctx->dev = summarize_device(ctx->phys);
  vkGetPhysicalDeviceMemoryProperties(ctx->phys, &ctx->mem_props);

  float prio = 1.0f;
  VkDeviceQueueCreateInfo qci{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
  qci.queueFamilyIndex = ctx->dev.compute_family;
  qci.queueCount = 1;
  qci.pQueuePriorities = &prio;
  VkPhysicalDeviceVulkan12Features f12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES};
  f12.storageBuffer8BitAccess = ctx->dev.storage8 ? VK_TRUE : VK_FALSE;
  VkPhysicalDeviceFeatures2 f2{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
  f2.features.shaderFloat64 = ctx->dev.float64 ? VK_TRUE : VK_FALSE;
  f2.features.shaderInt64 = VK_FALSE;
  if (ctx->dev.props.apiVersion >= VK_API_VERSION_1_2) f2.pNext = &f12;
  VkDeviceCreateInfo dci{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
  dci.pNext = &f2;
  dci.queueCreateInfoCount = 1;
  dci.pQueueCreateInfos = &qci;
  r = vkCreateDevice(ctx->phys, &dci, nullptr, &ctx->device);
  if (r != VK_SUCCESS) return fail(status_of(r), "vkCreateDevice failed: " + vk_result_string(r));
  vkGetDeviceQueue(ctx->device, ctx->dev.compute_family, 0, &ctx->queue);

  VkCommandPoolCreateInfo pci{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
  pci.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
  pci.queueFamilyIndex = ctx->dev.compute_family;
  r = vkCreateCommandPool(ctx->device, &pci, nullptr, &ctx->cmd_pool);
  if (r != VK_SUCCESS) return fail(status_of(r), "vkCreateCommandPool: " + vk_result_string(r));

  ctx->timestamps =
      ctx->dev.props.limits.timestampComputeAndGraphics && ctx->dev.timestamp_valid_bits;
  ctx->timestamp_period_ns = ctx->dev.props.limits.timestampPeriod;
  if (ctx->dev.timestamp_valid_bits && ctx->dev.timestamp_valid_bits < 64)
    ctx->timestamp_mask = (1ull << ctx->dev.timestamp_valid_bits) - 1;
  read_tuning_knobs(ctx);
  ctx->pool.configure(ctx);

  for (Batch& b : ctx->batches) {
    VkCommandBufferAllocateInfo ai{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    ai.commandPool = ctx->cmd_pool;
    ai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    ai.commandBufferCount = 1;
    if ((r = vkAllocateCommandBuffers(ctx->device, &ai, &b.cb)) != VK_SUCCESS)
      return fail(status_of(r), "vkAllocateCommandBuffers: " + vk_result_string(r));
    VkFenceCreateInfo fci{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    if ((r = vkCreateFence(ctx->device, &fci, nullptr, &b.fence)) != VK_SUCCESS)
      return fail(status_of(r), "vkCreateFence: " + vk_result_string(r));
    VkDescriptorPoolSize ps{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, kMaxLaunchesPerBatch * 2 * 24};
    VkDescriptorPoolCreateInfo dpci{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    dpci.maxSets = kMaxLaunchesPerBatch * 2;
    dpci.poolSizeCount = 1;
    dpci.pPoolSizes = &ps;
    if ((r = vkCreateDescriptorPool(ctx->device, &dpci, nullptr, &b.pool)) != VK_SUCCESS)
      return fail(status_of(r), "vkCreateDescriptorPool: " + vk_result_string(r));
    if (ctx->timestamps) {
      VkQueryPoolCreateInfo qpci{VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO};
      qpci.queryType = VK_QUERY_TYPE_TIMESTAMP;
      qpci.queryCount = kMaxLaunchesPerBatch * 2;
      if ((r = vkCreateQueryPool(ctx->device, &qpci, nullptr, &b.queries)) != VK_SUCCESS)
        return fail(status_of(r), "vkCreateQueryPool: " + vk_result_string(r));
    }
    rm_status st =
        create_raw_buffer(ctx, kParamRingBytes, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, true, &b.ring);
    if (st != RM_OK) return fail(st, "parameter ring allocation failed");
  }
  rm_status st =
      create_raw_buffer(ctx, 4096, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, false, &ctx->scratch);
  if (st != RM_OK) return fail(st, "scratch allocation failed");
  log_msg(ctx, RM_LOG_INFO, std::string("vulkan: opened ") + ctx->dev.props.deviceName);
  *out = ctx;
  return RM_OK;
}

void context_destroy(rm_context ctx) {
  if (!ctx) return;
  {
    std::lock_guard<std::recursive_mutex> lock(ctx->mu);
    destroy_everything(ctx);
  }
  delete ctx;
}

const char* last_error(rm_context ctx) {
  // NULL context: the reason the last context_create on this thread failed (an extension;
  // the ABI has no other channel for it besides host->log).
  if (!ctx) return g_contextless_error.c_str();
  return ctx->last_error.c_str();
}

rm_status synchronize(rm_context ctx) {
  if (!ctx) return RM_ERR_INVALID_ARGUMENT;
  std::lock_guard<std::recursive_mutex> lock(ctx->mu);
  return wait_all(ctx);
}

rm_status get_counters(rm_context ctx, rm_counters* out) {
  if (!ctx || !out || out->struct_size < 8) return RM_ERR_INVALID_ARGUMENT;
  std::lock_guard<std::recursive_mutex> lock(ctx->mu);
  rm_counters c = ctx->counters;
  uint32_t n = std::min<uint32_t>(out->struct_size, sizeof(rm_counters));
  c.struct_size = n;
  std::memcpy(out, &c, n);
  return RM_OK;
}

}  // namespace rmvk
