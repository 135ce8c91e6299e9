// VkPipelineCache persistence through the host cache service (never the filesystem). One
// entry per kernel: key entry = hex hash of the GLSL source; blobs are validated against this
// device before they reach vkCreatePipelineCache.
#include <cstdio>
#include <cstring>

#include "vk_internal.h"

namespace rmvk {

std::string hash_hex(const std::string& text) {
  uint64_t h1 = 1469598103934665603ull, h2 = 0x9E3779B97F4A7C15ull;
  for (unsigned char c : text) {
    h1 = (h1 ^ c) * 1099511628211ull;
    h2 = (h2 + c) * 0xff51afd7ed558ccdull;
    h2 ^= h2 >> 29;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(h1),
                static_cast<unsigned long long>(h2));
  return buf;
}

std::string validate_pipeline_cache_blob(const rm_context_s& ctx, const void* data, size_t size) {
  if (!data || size < 32)
    return "truncated pipeline cache header (" + std::to_string(size) + " bytes)";
  uint32_t header_size, header_version, vendor, device;
  const auto* p = static_cast<const uint8_t*>(data);
  std::memcpy(&header_size, p, 4);
  std::memcpy(&header_version, p + 4, 4);
  std::memcpy(&vendor, p + 8, 4);
  std::memcpy(&device, p + 12, 4);
  if (header_size < 32 || header_size > size) return "bad pipeline cache header size";
  if (header_version != VK_PIPELINE_CACHE_HEADER_VERSION_ONE)
    return "pipeline cache header version " + std::to_string(header_version);
  if (vendor != ctx.dev.props.vendorID) return "pipeline cache vendor id mismatch";
  if (device != ctx.dev.props.deviceID) return "pipeline cache device id mismatch";
  if (std::memcmp(p + 16, ctx.dev.props.pipelineCacheUUID, VK_UUID_SIZE) != 0)
    return "pipeline cache UUID mismatch";
  return "";
}

rm_status create_pipeline_cached(rm_context ctx, rm_kernel k, const std::vector<uint32_t>& spirv) {
  VkShaderModuleCreateInfo smci{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
  smci.codeSize = spirv.size() * 4;
  smci.pCode = spirv.data();
  VkShaderModule module = VK_NULL_HANDLE;
  VkResult r = vkCreateShaderModule(ctx->device, &smci, nullptr, &module);
  if (r != VK_SUCCESS)
    return set_error(ctx, RM_ERR_COMPILE_FAILED, "vkCreateShaderModule: " + vk_result_string(r));

  rm_cache_key key{};
  key.struct_size = sizeof key;
  key.plugin_version = kPluginVersion;
  key.cache_name = "vk-pipeline";
  key.plugin_name = "vulkan";
  std::memcpy(key.device_uuid, ctx->dev.device_uuid, 16);
  key.driver_version = ctx->dev.driver_version.c_str();
  key.precision = k->info.uses_f64 ? RM_DTYPE_F64 : k->info.uses_f32 ? RM_DTYPE_F32 : 0;
  key.entry = k->hash_hex.c_str();

  const rm_host_services& h = ctx->host;
  void* blob = nullptr;
  size_t blob_size = 0;
  bool hit = false;
  if (ctx->has_host && h.cache_get && h.cache_get(h.host_data, &key, &blob, &blob_size) == RM_OK &&
      blob) {
    std::string why = validate_pipeline_cache_blob(*ctx, blob, blob_size);
    if (why.empty()) {
      hit = true;
    } else {
      if (h.cache_reject) h.cache_reject(h.host_data, &key, why.c_str());
      emit_event(ctx, "pipeline-cache-rejected", why);
      log_msg(ctx, RM_LOG_WARN, "vulkan: rejected cached pipeline for " + k->label + ": " + why);
    }
  }
  VkPipelineCacheCreateInfo pcci{VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO};
  if (hit) {
    pcci.initialDataSize = blob_size;
    pcci.pInitialData = blob;
  }
  VkPipelineCache cache = VK_NULL_HANDLE;
  r = vkCreatePipelineCache(ctx->device, &pcci, nullptr, &cache);
  if (blob && h.cache_free) h.cache_free(h.host_data, blob);
  if (r != VK_SUCCESS) {
    hit = false;
    pcci.initialDataSize = 0;
    pcci.pInitialData = nullptr;
    r = vkCreatePipelineCache(ctx->device, &pcci, nullptr, &cache);
  }
  if (r != VK_SUCCESS) cache = VK_NULL_HANDLE;  // build without a cache

  VkComputePipelineCreateInfo cpci{VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
  cpci.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
  cpci.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
  cpci.stage.module = module;
  cpci.stage.pName = "main";
  cpci.layout = k->layout;
  r = vkCreateComputePipelines(ctx->device, cache, 1, &cpci, nullptr, &k->pipeline);
  vkDestroyShaderModule(ctx->device, module, nullptr);
  if (r != VK_SUCCESS) {
    if (cache) vkDestroyPipelineCache(ctx->device, cache, nullptr);
    return set_error(ctx, RM_ERR_COMPILE_FAILED,
                     "vkCreateComputePipelines: " + vk_result_string(r));
  }
  if (hit) {
    ctx->counters.pipeline_cache_hits++;
  } else {
    ctx->counters.pipeline_cache_misses++;
    if (cache && ctx->has_host && h.cache_put) {
      size_t n = 0;
      if (vkGetPipelineCacheData(ctx->device, cache, &n, nullptr) == VK_SUCCESS && n) {
        std::vector<uint8_t> data(n);
        if (vkGetPipelineCacheData(ctx->device, cache, &n, data.data()) == VK_SUCCESS)
          h.cache_put(h.host_data, &key, data.data(), n);
      }
    }
  }
  if (cache) vkDestroyPipelineCache(ctx->device, cache, nullptr);
  return RM_OK;
}

}  // namespace rmvk
