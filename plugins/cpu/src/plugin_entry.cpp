// The plugin's only exported symbol: rm_accel_plugin_entry returns the static function table.
// Loading runs nothing else (no threads, no device work): the pool starts on the first launch.
#include "api.hpp"
#include "runmat/accel.h"
#include "version.hpp"

namespace {

const rm_plugin_api kApi = {
    sizeof(rm_plugin_api),
    RM_ACCEL_ABI_MAJOR,
    RM_ACCEL_ABI_MINOR,
    rmcpu::kPluginVersion,
    "cpu",
    "RunMat CPU backend: fused kernels evaluated in vectorized blocks on a thread pool",
    &rmcpu::probe,
    &rmcpu::get_device_info,
    &rmcpu::context_create,
    &rmcpu::context_destroy,
    &rmcpu::last_error,
    &rmcpu::buffer_alloc,
    &rmcpu::buffer_free,
    &rmcpu::buffer_upload,
    &rmcpu::buffer_download,
    &rmcpu::buffer_copy,
    &rmcpu::kernel_compile,
    &rmcpu::kernel_destroy,
    &rmcpu::kernel_launch,
    &rmcpu::kernel_get_stats,
    &rmcpu::synchronize,
    &rmcpu::get_counters,
    &rmcpu::buffer_map,
};

}  // namespace

extern "C" RM_ACCEL_EXPORT const rm_plugin_api* rm_accel_plugin_entry(uint32_t host_abi_major,
                                                                      uint32_t host_abi_minor) {
  (void)host_abi_minor;  // minor differences are handled by struct_size / min(minor)
  if (host_abi_major != RM_ACCEL_ABI_MAJOR) return nullptr;
  return &kApi;
}
