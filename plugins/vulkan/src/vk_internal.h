// Internal declarations shared by the Vulkan plugin's translation units. Nothing here crosses
// the plugin boundary: the only exported symbol is rm_accel_plugin_entry (plugin_entry.cpp).
#pragma once

#include <vulkan/vulkan.h>

#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "buffer_pool.h"
#include "runmat/accel.h"

namespace rmvk {

constexpr uint32_t kPluginVersion = 1;
constexpr uint32_t kLocalSize = 256;
constexpr uint32_t kMaxLaunchesPerBatch = 64;
constexpr uint32_t kNumBatches = 3;
constexpr uint32_t kParamRingBytes = 64 * 1024;
constexpr uint64_t kStagingMaxBytes = 64ull << 20;

// ------------------------------------------------------------------ devices
struct DeviceSummary {
  VkPhysicalDeviceProperties props{};
  uint8_t device_uuid[16]{};
  uint32_t compute_family = 0;
  uint32_t timestamp_valid_bits = 0;
  bool float64 = false;
  bool storage8 = false;
  bool subgroup_vote = false;  // subgroupAny in compute shaders
  uint64_t device_local_bytes = 0;
  uint64_t max_storage_range = 0;
  std::string driver_version;
};

// Creates an instance (caller destroys it). Returns VK_SUCCESS or the failing code.
VkResult create_instance(VkInstance* out);
// The process-wide instance (see instance_and_devices.cpp); never destroy it.
VkResult shared_instance(VkInstance* out);
// Physical devices that have a compute queue, in plugin order (discrete, integrated, virtual,
// CPU, other; stable within a type).
std::vector<VkPhysicalDevice> ordered_devices(VkInstance instance);
DeviceSummary summarize_device(VkPhysicalDevice pd);
// Maps a host device index to an index into ordered_devices() (RUNMAT_VULKAN_DEVICE rule,
// see instance_and_devices.cpp). Returns false and fills `why` when it cannot.
bool resolve_device_index(uint32_t host_index, const std::vector<std::string>& names, uint32_t* out,
                          std::string* why);
void fill_device_info(const DeviceSummary& s, rm_device_info* info);
rm_status probe_devices(uint32_t* count, char* reason, size_t reason_size);
rm_status get_device_info(uint32_t index, rm_device_info* info);

// ------------------------------------------------------------------ context objects
struct Context;

}  // namespace rmvk

struct rm_buffer_s {
  rmvk::PoolAllocation mem;  // the slot of a pooled block that holds the data
  uint64_t bytes = 0;        // size requested by the host
  uint64_t id = 0;           // unique within the context
};

namespace rmvk {

enum class BindingRole { Input, Output, Strides, Scratch };
struct Binding {
  uint32_t binding = 0;
  BindingRole role = BindingRole::Input;
  uint32_t slot = 0;
};

struct Reflection {
  std::vector<Binding> bindings;
  uint32_t push_constant_bytes = 0;
  uint32_t local_size_x = 0;
};

// A decoded IR instruction (fields copied with the producer's stride).
using Inst = rm_ir_inst;

struct KernelInfo {
  std::vector<Inst> insts;
  uint32_t num_inputs = 0, num_outputs = 0;
  int reduce_index = -1;  // index of the REDUCE instruction or -1
  rm_dtype acc_dtype = RM_DTYPE_INVALID;
  uint32_t reduce_op = 0;
  std::vector<rm_dtype> input_dtype;   // per slot, INVALID when unused
  std::vector<uint32_t> input_access;  // per slot (first use)
  std::vector<rm_dtype> output_dtype;  // per slot
  bool uses_f64 = false, uses_f32 = false, uses_bool_buffers = false, has_strided = false;
};

}  // namespace rmvk

struct rm_kernel_s {
  rmvk::KernelInfo info;
  std::string label;
  std::string glsl;
  std::string hash_hex;
  rmvk::Reflection refl;
  VkDescriptorSetLayout set_layout = VK_NULL_HANDLE;
  VkPipelineLayout layout = VK_NULL_HANDLE;
  VkPipeline pipeline = VK_NULL_HANDLE;
  bool vectorized = false;  // 4 elements per step (elementwise kernels only)
  uint64_t launches = 0, device_ns = 0, elements = 0;
};

namespace rmvk {

struct PendingTimer {
  rm_kernel kernel;
  uint32_t query;  // first of two
};

struct Batch {
  VkCommandBuffer cb = VK_NULL_HANDLE;
  VkFence fence = VK_NULL_HANDLE;
  VkDescriptorPool pool = VK_NULL_HANDLE;
  VkQueryPool queries = VK_NULL_HANDLE;
  RawBuffer ring;  // host-visible parameter ring (strides)
  uint64_t ring_used = 0;
  uint32_t launches = 0;
  bool recording = false, in_flight = false;
  std::vector<PendingTimer> timers;
  // Descriptor sets recorded in this batch, keyed by (kernel, buffer ids): a repeated launch
  // with the same buffers reuses its set instead of allocating and writing a new one.
  std::vector<std::pair<std::vector<uint64_t>, VkDescriptorSet>> set_cache;
};

}  // namespace rmvk

struct rm_context_s {
  rm_host_services host{};  // copied, zero-extended to our size
  bool has_host = false;
  std::string last_error;
  std::recursive_mutex mu;

  VkInstance instance = VK_NULL_HANDLE;
  VkPhysicalDevice phys = VK_NULL_HANDLE;
  rmvk::DeviceSummary dev;
  VkPhysicalDeviceMemoryProperties mem_props{};
  VkDevice device = VK_NULL_HANDLE;
  VkQueue queue = VK_NULL_HANDLE;
  VkCommandPool cmd_pool = VK_NULL_HANDLE;
  bool timestamps = false;
  double timestamp_period_ns = 1.0;
  // Tuning knobs for benchmarks (read once at context creation): RUNMAT_VULKAN_VECTORIZE=0
  // keeps elementwise kernels scalar; RUNMAT_VULKAN_MAX_GROUPS caps a dispatch's workgroups
  // (threads beyond the cap loop grid-stride).
  bool vectorize = true;
  uint32_t max_groups = 0;
  uint64_t timestamp_mask = ~0ull;

  rmvk::Batch batches[rmvk::kNumBatches];
  uint32_t current = 0;

  rmvk::RawBuffer staging;
  rmvk::RawBuffer scratch;
  rmvk::BufferPool pool;  // device memory of rm_buffers

  std::set<rm_buffer> buffers;
  std::set<rm_kernel> kernels;
  uint64_t next_buffer_id = 1;
  rm_counters counters{};
};

namespace rmvk {

// ---- context.cpp
rm_status set_error(rm_context ctx, rm_status st, const std::string& msg);
void emit_event(rm_context ctx, const char* name, const std::string& detail);
void log_msg(rm_context ctx, rm_log_level level, const std::string& msg);
// The batch being recorded (begins one if needed, waiting for its slot).
rm_status open_batch(rm_context ctx, Batch** out);
// Submits the recording batch (if any). Does not wait.
rm_status flush(rm_context ctx);
// Submits and waits for everything; resolves timestamps.
rm_status wait_all(rm_context ctx);
// A full compute/transfer memory barrier at the current point of the batch.
void record_barrier(VkCommandBuffer cb);
rm_status context_create(uint32_t device_index, const rm_host_services* host, rm_context* out);
void context_destroy(rm_context ctx);
const char* last_error(rm_context ctx);
rm_status synchronize(rm_context ctx);
rm_status get_counters(rm_context ctx, rm_counters* out);
std::string vk_result_string(VkResult r);

// ---- buffers.cpp
rm_status create_raw_buffer(rm_context ctx, uint64_t bytes, VkBufferUsageFlags usage,
                            bool host_visible, RawBuffer* out);
void destroy_raw_buffer(rm_context ctx, RawBuffer* b);
rm_status buffer_alloc(rm_context ctx, uint64_t bytes, rm_buffer* out);
void buffer_free(rm_context ctx, rm_buffer buf);
rm_status buffer_upload(rm_context ctx, rm_buffer dst, uint64_t off, const void* src, uint64_t n);
rm_status buffer_download(rm_context ctx, rm_buffer src, uint64_t off, void* dst, uint64_t n);
rm_status buffer_copy(rm_context ctx, rm_buffer src, uint64_t so, rm_buffer dst, uint64_t doff,
                      uint64_t n);

// ---- ir_validate.cpp
rm_status decode_kernel(const rm_kernel_desc* desc, KernelInfo* out, std::string* why);
size_t dtype_size(rm_dtype t);

// ---- glsl_codegen.cpp / glsl_math.cpp
// subgroup_vote: the device supports subgroupAny in compute (lets rare slow paths, e.g.
// Payne-Hanek, be skipped by whole subgroups; needed on llvmpipe, harmless elsewhere).
// vectorize: elementwise kernels process 4 elements per step with vec4/dvec4 buffer access
// when vectorizable(k) (see glsl_codegen.cpp); launches then need a quarter of the threads.
bool vectorizable(const KernelInfo& k);
std::string generate_glsl(const KernelInfo& k, bool storage8, bool subgroup_vote, bool vectorize);
// Helper functions (GLSL text) for the math the kernel needs.
std::string glsl_math_helpers(const KernelInfo& k);
// RM_IR_RANDOM (glsl_random.cpp): the philox functions a kernel needs (empty when it has no
// RANDOM), and the expression for one RANDOM at linear index `lin`.
std::string glsl_random_helpers(const KernelInfo& k);
std::string glsl_random_expr(const Inst& in, const char* lin);

// ---- shader_compiler.cpp
bool compile_glsl(const std::string& source, const std::string& name, std::vector<uint32_t>* spirv,
                  std::string* log);

// ---- reflection.cpp
bool reflect_spirv(const std::vector<uint32_t>& spirv, Reflection* out, std::string* why);

// ---- pipeline_cache.cpp
std::string hash_hex(const std::string& text);
// Builds the pipeline for `k` (k->layout and SPIR-V ready), going through the host cache.
rm_status create_pipeline_cached(rm_context ctx, rm_kernel k, const std::vector<uint32_t>& spirv);
// Checks a VkPipelineCache blob against this device. Empty string when valid.
std::string validate_pipeline_cache_blob(const rm_context_s& ctx, const void* data, size_t size);

// ---- kernels.cpp
rm_status kernel_compile(rm_context ctx, const rm_kernel_desc* desc, rm_kernel* out);
void kernel_destroy(rm_context ctx, rm_kernel k);
void kernel_release(rm_context ctx, rm_kernel k);  // frees Vulkan objects, no locking
rm_status kernel_launch(rm_context ctx, rm_kernel k, const rm_launch_desc* launch);
rm_status kernel_get_stats(rm_context ctx, rm_kernel k, rm_kernel_stats* out);

}  // namespace rmvk
