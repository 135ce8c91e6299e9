// The functions behind the rm_plugin_api table (plugin_entry.cpp assembles it).
#pragma once

#include "runmat/accel.h"

namespace rmcpu {

// device_info.cpp
rm_status probe(uint32_t* device_count, char* reason, size_t reason_size);
rm_status get_device_info(uint32_t device_index, rm_device_info* info);

// context_api.cpp
rm_status context_create(uint32_t device_index, const rm_host_services* host, rm_context* out);
void context_destroy(rm_context ctx);
const char* last_error(rm_context ctx);
rm_status synchronize(rm_context ctx);
rm_status get_counters(rm_context ctx, rm_counters* out);

// buffers.cpp
rm_status buffer_alloc(rm_context ctx, uint64_t bytes, rm_buffer* out);
void buffer_free(rm_context ctx, rm_buffer buf);
rm_status buffer_upload(rm_context ctx, rm_buffer dst, uint64_t offset, const void* src,
                        uint64_t bytes);
rm_status buffer_download(rm_context ctx, rm_buffer src, uint64_t offset, void* dst,
                          uint64_t bytes);
rm_status buffer_copy(rm_context ctx, rm_buffer src, uint64_t src_offset, rm_buffer dst,
                      uint64_t dst_offset, uint64_t bytes);
void* buffer_map(rm_context ctx, rm_buffer buf);

// kernel.cpp
rm_status kernel_compile(rm_context ctx, const rm_kernel_desc* desc, rm_kernel* out);
void kernel_destroy(rm_context ctx, rm_kernel kernel);
rm_status kernel_launch(rm_context ctx, rm_kernel kernel, const rm_launch_desc* launch);
rm_status kernel_get_stats(rm_context ctx, rm_kernel kernel, rm_kernel_stats* out);

}  // namespace rmcpu
