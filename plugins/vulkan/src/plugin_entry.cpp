// The plugin's one exported symbol and its static function table. Loading runs no Vulkan
// code: everything device-related happens in probe/get_device_info/context_create.
#include "vk_internal.h"

namespace {

const rm_plugin_api kApi = {
    sizeof(rm_plugin_api),
    RM_ACCEL_ABI_MAJOR,
    RM_ACCEL_ABI_MINOR,
    rmvk::kPluginVersion,
    "vulkan",
    "Vulkan compute (GLSL via shaderc, SPIRV-Cross reflection, VkPipelineCache)",
    rmvk::probe_devices,
    rmvk::get_device_info,
    rmvk::context_create,
    rmvk::context_destroy,
    rmvk::last_error,
    rmvk::buffer_alloc,
    rmvk::buffer_free,
    rmvk::buffer_upload,
    rmvk::buffer_download,
    rmvk::buffer_copy,
    rmvk::kernel_compile,
    rmvk::kernel_destroy,
    rmvk::kernel_launch,
    rmvk::kernel_get_stats,
    rmvk::synchronize,
    rmvk::get_counters,
    nullptr,  // buffer_map: device-local memory is not host-addressable
};

}  // namespace

extern "C" RM_ACCEL_EXPORT const rm_plugin_api* rm_accel_plugin_entry(uint32_t host_abi_major,
                                                                      uint32_t host_abi_minor) {
  (void)host_abi_minor;  // minor differences are handled with struct_size on both sides
  if (host_abi_major != RM_ACCEL_ABI_MAJOR) return nullptr;
  return &kApi;
}
