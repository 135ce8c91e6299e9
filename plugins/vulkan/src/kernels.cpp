// kernel_compile (IR -> GLSL -> SPIR-V -> reflected layout -> cached pipeline) and
// kernel_launch (descriptor set from the batch pool, push constants, 1-D grid-stride dispatch,
// timestamps around each launch).
#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>

#include "vk_internal.h"

namespace rmvk {

static uint64_t now_ns() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

void kernel_release(rm_context ctx, rm_kernel k) {
  if (k->pipeline) vkDestroyPipeline(ctx->device, k->pipeline, nullptr);
  if (k->layout) vkDestroyPipelineLayout(ctx->device, k->layout, nullptr);
  if (k->set_layout) vkDestroyDescriptorSetLayout(ctx->device, k->set_layout, nullptr);
  k->pipeline = VK_NULL_HANDLE;
  k->layout = VK_NULL_HANDLE;
  k->set_layout = VK_NULL_HANDLE;
}

rm_status kernel_compile(rm_context ctx, const rm_kernel_desc* desc, rm_kernel* out) {
  if (!ctx || !desc || !out) return RM_ERR_INVALID_ARGUMENT;
  std::lock_guard<std::recursive_mutex> lock(ctx->mu);
  *out = nullptr;
  const uint64_t t0 = now_ns();
  auto k = std::make_unique<rm_kernel_s>();
  std::string why;
  rm_status st = decode_kernel(desc, &k->info, &why);
  if (st != RM_OK) return set_error(ctx, st, "kernel_compile: " + why);
  k->label = desc->label ? desc->label : "kernel";
  if (k->info.uses_f64 && !ctx->dev.float64) {
    std::string msg = std::string("device '") + ctx->dev.props.deviceName +
                      "' has no shaderFloat64: kernel '" + k->label + "' needs float64";
    emit_event(ctx, "float64-unsupported", msg);
    return set_error(ctx, RM_ERR_UNSUPPORTED, msg);
  }
  if (k->info.uses_bool_buffers && !ctx->dev.storage8)
    return set_error(ctx, RM_ERR_UNSUPPORTED,
                     "bool buffers need storageBuffer8BitAccess, which this device lacks");
  k->vectorized = ctx->vectorize && vectorizable(k->info);
  k->glsl = generate_glsl(k->info, ctx->dev.storage8, ctx->dev.subgroup_vote, k->vectorized);
  k->hash_hex = hash_hex(k->glsl);

  std::vector<uint32_t> spirv;
  std::string log;
  auto compile_failed = [&](const std::string& msg) {
    emit_event(ctx, "kernel-compile-failed", k->label + ": " + msg);
    log_msg(ctx, RM_LOG_ERROR, "vulkan: kernel '" + k->label + "' failed to compile: " + msg);
    return set_error(ctx, RM_ERR_COMPILE_FAILED, "kernel '" + k->label + "': " + msg);
  };
  if (!compile_glsl(k->glsl, k->label, &spirv, &log)) return compile_failed("shaderc: " + log);
  if (!reflect_spirv(spirv, &k->refl, &why)) return compile_failed("reflection: " + why);
  if (k->refl.local_size_x != kLocalSize) return compile_failed("unexpected workgroup size");

  std::vector<VkDescriptorSetLayoutBinding> lb;
  for (const Binding& b : k->refl.bindings) {
    VkDescriptorSetLayoutBinding x{};
    x.binding = b.binding;
    x.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    x.descriptorCount = 1;
    x.stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
    lb.push_back(x);
  }
  VkDescriptorSetLayoutCreateInfo dsl{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
  dsl.bindingCount = static_cast<uint32_t>(lb.size());
  dsl.pBindings = lb.data();
  VkResult r = vkCreateDescriptorSetLayout(ctx->device, &dsl, nullptr, &k->set_layout);
  if (r != VK_SUCCESS) return compile_failed("vkCreateDescriptorSetLayout: " + vk_result_string(r));
  VkPushConstantRange pcr{VK_SHADER_STAGE_COMPUTE_BIT, 0, k->refl.push_constant_bytes};
  VkPipelineLayoutCreateInfo plci{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
  plci.setLayoutCount = 1;
  plci.pSetLayouts = &k->set_layout;
  plci.pushConstantRangeCount = pcr.size ? 1 : 0;
  plci.pPushConstantRanges = &pcr;
  r = vkCreatePipelineLayout(ctx->device, &plci, nullptr, &k->layout);
  if (r != VK_SUCCESS) {
    kernel_release(ctx, k.get());
    return compile_failed("vkCreatePipelineLayout: " + vk_result_string(r));
  }
  st = create_pipeline_cached(ctx, k.get(), spirv);
  if (st != RM_OK) {
    std::string msg = ctx->last_error;
    kernel_release(ctx, k.get());
    compile_failed(msg);
    return st;
  }
  ctx->counters.kernel_compiles++;
  ctx->counters.compile_ns += now_ns() - t0;
  log_msg(ctx, RM_LOG_DEBUG,
          "vulkan: compiled '" + k->label + "' (" +
              (k->info.reduce_index >= 0 ? "reduction"
               : k->vectorized           ? "elementwise, 4 elements per step"
                                         : "elementwise, 1 element per step") +
              ")");
  *out = k.release();
  ctx->kernels.insert(*out);
  return RM_OK;
}

void kernel_destroy(rm_context ctx, rm_kernel k) {
  if (!ctx || !k) return;
  std::lock_guard<std::recursive_mutex> lock(ctx->mu);
  if (!ctx->kernels.count(k)) return;
  wait_all(ctx);  // pending launches reference the pipeline and the stats
  ctx->kernels.erase(k);
  kernel_release(ctx, k);
  delete k;
}

rm_status kernel_get_stats(rm_context ctx, rm_kernel k, rm_kernel_stats* out) {
  if (!ctx || !k || !out || out->struct_size < 8) return RM_ERR_INVALID_ARGUMENT;
  std::lock_guard<std::recursive_mutex> lock(ctx->mu);
  if (!ctx->kernels.count(k)) return set_error(ctx, RM_ERR_INVALID_ARGUMENT, "unknown kernel");
  rm_kernel_stats s{};
  s.launches = k->launches;
  s.device_ns = k->device_ns;
  s.elements = k->elements;
  uint32_t n = std::min<uint32_t>(out->struct_size, sizeof s);
  s.struct_size = n;
  std::memcpy(out, &s, n);
  return RM_OK;
}

namespace {

struct PushConstants {
  uint32_t count, outer, len, inner, mode, groups, rank, pad;
  uint32_t dims[RM_MAX_RANK];
  uint32_t rng_lo, rng_hi;  // rm_launch_desc.rng_base (RM_IR_RANDOM)
};
static_assert(sizeof(PushConstants) == 72);

rm_status ensure_scratch(rm_context ctx, uint64_t bytes) {
  if (ctx->scratch.size >= bytes) return RM_OK;
  rm_status st = wait_all(ctx);
  if (st != RM_OK) return st;
  destroy_raw_buffer(ctx, &ctx->scratch);
  return create_raw_buffer(ctx, std::max<uint64_t>(bytes, 4096), VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                           false, &ctx->scratch);
}

}  // namespace

rm_status kernel_launch(rm_context ctx, rm_kernel k, const rm_launch_desc* L) {
  if (!ctx || !k || !L) return RM_ERR_INVALID_ARGUMENT;
  std::lock_guard<std::recursive_mutex> lock(ctx->mu);
  auto bad = [&](const std::string& m) {
    return set_error(ctx, RM_ERR_INVALID_ARGUMENT, "kernel_launch: " + m);
  };
  if (!ctx->kernels.count(k)) return bad("unknown kernel");
  if (L->struct_size < offsetof(rm_launch_desc, outputs) + sizeof(L->outputs))
    return bad("launch desc too small");
  const KernelInfo& ki = k->info;
  const bool reduce = ki.reduce_index >= 0;
  if (L->num_inputs < ki.num_inputs || L->num_outputs < ki.num_outputs)
    return bad("fewer buffers than the kernel has slots");
  if ((ki.num_inputs && !L->inputs) || !L->outputs) return bad("missing buffer arrays");
  if (L->rank < 1 || L->rank > RM_MAX_RANK) return bad("rank must be 1..RM_MAX_RANK");
  uint64_t count = L->count;
  {
    uint64_t prod = 1;
    for (uint32_t d = 0; d < L->rank; ++d) {
      if (L->dims[d] > 0xFFFFFFFFull) return bad("dimension too large");
      prod *= L->dims[d];
    }
    if (prod != count) return bad("count != product of dims");
  }
  uint64_t nout = count;
  if (reduce) {
    if (L->reduce_outer * L->reduce_len * L->reduce_inner != count)
      return bad("reduce_outer*reduce_len*reduce_inner != count");
    nout = L->reduce_outer * L->reduce_inner;
  }
  if (count > 0xF0000000ull || nout > 0xF0000000ull)
    return set_error(ctx, RM_ERR_UNSUPPORTED,
                     "kernel_launch: the Vulkan plugin indexes with 32 bits (count >= 2^32)");
  if (ki.has_strided && (L->rank == 0 || !L->input_strides))
    return bad("STRIDED inputs need rank, dims and input_strides");

  // Buffers and their needed sizes.
  const uint64_t max_range = ctx->dev.max_storage_range;
  auto too_big = [&](uint64_t bytes) {
    return set_error(ctx, RM_ERR_UNSUPPORTED,
                     "kernel_launch: a kernel buffer of " + std::to_string(bytes) +
                         " bytes exceeds this device's maxStorageBufferRange (" +
                         std::to_string(max_range) + ")");
  };
  for (uint32_t s = 0; s < ki.num_inputs; ++s) {
    if (ki.input_dtype[s] == RM_DTYPE_INVALID) continue;
    rm_buffer b = L->inputs[s];
    if (!b || !ctx->buffers.count(b)) return bad("input " + std::to_string(s) + " is not a buffer");
    uint64_t es = dtype_size(ki.input_dtype[s]), need = 0;
    if (ki.input_access[s] == RM_ACCESS_LINEAR) need = count * es;
    if (ki.input_access[s] == RM_ACCESS_SCALAR) need = es;
    if (ki.input_access[s] == RM_ACCESS_STRIDED && count) {
      int64_t lo = 0, hi = 0;
      for (uint32_t d = 0; d < L->rank; ++d) {
        int64_t st = L->input_strides[s * RM_MAX_RANK + d];
        if (st > INT32_MAX || st < INT32_MIN) return bad("stride out of 32-bit range");
        int64_t span = static_cast<int64_t>(L->dims[d] - 1) * st;
        (span < 0 ? lo : hi) += span;
      }
      if (lo < 0) return bad("negative strided offset for input " + std::to_string(s));
      need = static_cast<uint64_t>(hi + 1) * es;
    }
    if (b->bytes < need)
      return bad("input " + std::to_string(s) + " has " + std::to_string(b->bytes) +
                 " bytes, needs " + std::to_string(need));
    if (need > max_range) return too_big(need);
  }
  for (uint32_t s = 0; s < ki.num_outputs; ++s) {
    rm_buffer b = L->outputs[s];
    if (!b || !ctx->buffers.count(b))
      return bad("output " + std::to_string(s) + " is not a buffer");
    if (b->bytes < nout * dtype_size(ki.output_dtype[s]))
      return bad("output " + std::to_string(s) + " too small");
    if (nout * dtype_size(ki.output_dtype[s]) > max_range)
      return too_big(nout * dtype_size(ki.output_dtype[s]));
  }
  k->launches++;
  k->elements += count;
  ctx->counters.kernel_launches++;
  if (nout == 0) return RM_OK;

  // Launch geometry.
  PushConstants pc{};
  pc.count = static_cast<uint32_t>(count);
  pc.outer = static_cast<uint32_t>(reduce ? L->reduce_outer : 1);
  pc.len = static_cast<uint32_t>(reduce ? L->reduce_len : count);
  pc.inner = static_cast<uint32_t>(reduce ? L->reduce_inner : 1);
  pc.rank = L->rank;
  for (uint32_t d = 0; d < L->rank; ++d) pc.dims[d] = static_cast<uint32_t>(L->dims[d]);
  if (L->struct_size >= offsetof(rm_launch_desc, rng_base) + sizeof(uint64_t)) {
    pc.rng_lo = static_cast<uint32_t>(L->rng_base);
    pc.rng_hi = static_cast<uint32_t>(L->rng_base >> 32);
  }
  const uint64_t cap =
      std::min<uint64_t>(ctx->dev.props.limits.maxComputeWorkGroupCount[0], ctx->max_groups);
  auto groups_for = [&](uint64_t threads) {
    return static_cast<uint32_t>(
        std::clamp<uint64_t>((threads + kLocalSize - 1) / kLocalSize, 1, cap));
  };
  uint32_t g1 = 0, g2 = 0;
  uint32_t mode = 0, G = 1;
  if (!reduce) {
    g1 = groups_for(k->vectorized ? (count + 3) / 4 : count);
  } else {
    uint64_t len = L->reduce_len, inner = L->reduce_inner;
    if (len < 64 || (inner >= 32 && nout >= 2048) || (len < 256 && nout >= 4096)) {
      mode = 0;
      g1 = groups_for(nout);
    } else if (inner >= 16) {
      // Strided and few outputs: split len into G chunks, one thread per (output, chunk), about
      // 256K threads in all (mode 4, coalesced), then combine the chunks (mode 3).
      const uint64_t g =
          std::clamp<uint64_t>((262144 + nout - 1) / nout, 1, std::max<uint64_t>(1, len / 64));
      mode = 4;
      G = static_cast<uint32_t>(g);
      g1 = groups_for(nout * g);
      g2 = static_cast<uint32_t>(std::min<uint64_t>(nout, cap));
    } else {
      uint64_t g = 1;
      if (nout < 1024)
        g = std::min<uint64_t>((len + 4095) / 4096, std::max<uint64_t>(1, 2048 / nout));
      if (g > 1) {
        mode = 2;
        G = static_cast<uint32_t>(g);
        g1 = static_cast<uint32_t>(std::min<uint64_t>(nout * G, cap));
        g2 = static_cast<uint32_t>(std::min<uint64_t>(nout, cap));
      } else {
        mode = 1;
        g1 = static_cast<uint32_t>(std::min<uint64_t>(nout, cap));
      }
    }
  }
  pc.mode = mode;
  pc.groups = G;
  if (reduce) {
    uint64_t acc_bytes = ki.acc_dtype == RM_DTYPE_F64 ? 8 : 4;
    // A compensated sum's partial is a (sum, error) pair (glsl_codegen.cpp).
    if (ki.insts[ki.reduce_index].sub == RM_RED_SUM) acc_bytes *= 2;
    rm_status st = ensure_scratch(ctx, mode == 2 || mode == 4 ? nout * G * acc_bytes : 16);
    if (st != RM_OK) return st;
  }

  Batch* b = nullptr;
  rm_status st = open_batch(ctx, &b);
  if (st != RM_OK) return st;
  // Key for reusing a descriptor set within the batch (not for STRIDED kernels: their
  // parameter ring offset changes per launch).
  std::vector<uint64_t> set_key;
  if (!ki.has_strided) {
    set_key.push_back(reinterpret_cast<uintptr_t>(k));
    for (const Binding& bd : k->refl.bindings) {
      if (bd.role == BindingRole::Input) set_key.push_back(L->inputs[bd.slot]->id);
      if (bd.role == BindingRole::Output) set_key.push_back(L->outputs[bd.slot]->id);
      if (bd.role == BindingRole::Scratch)
        set_key.push_back(reinterpret_cast<uint64_t>(ctx->scratch.buffer));
    }
  }
  VkDescriptorSet set = VK_NULL_HANDLE;
  if (!set_key.empty())
    for (const auto& [key, cached] : b->set_cache)
      if (key == set_key) set = cached;
  if (!set) {
    for (int attempt = 0;; ++attempt) {
      VkDescriptorSetAllocateInfo dai{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
      dai.descriptorPool = b->pool;
      dai.descriptorSetCount = 1;
      dai.pSetLayouts = &k->set_layout;
      VkResult r = vkAllocateDescriptorSets(ctx->device, &dai, &set);
      bool ring_full =
          ki.has_strided && b->ring_used + RM_MAX_RANK * 4 * ki.num_inputs + 256 > kParamRingBytes;
      if (r == VK_SUCCESS && !ring_full) break;
      if (attempt > 0)
        return set_error(ctx, RM_ERR_OUT_OF_MEMORY,
                         "descriptor allocation failed: " + vk_result_string(r));
      if ((st = flush(ctx)) != RM_OK || (st = open_batch(ctx, &b)) != RM_OK) return st;
    }
    uint64_t ring_off = 0, ring_bytes = 0;
    if (ki.has_strided) {
      uint64_t align =
          std::max<uint64_t>(ctx->dev.props.limits.minStorageBufferOffsetAlignment, 16);
      ring_off = (b->ring_used + align - 1) / align * align;
      ring_bytes = uint64_t(RM_MAX_RANK) * 4 * ki.num_inputs;
      auto* dst = reinterpret_cast<int32_t*>(static_cast<uint8_t*>(b->ring.mapped) + ring_off);
      for (uint32_t s = 0; s < ki.num_inputs; ++s)
        for (uint32_t d = 0; d < RM_MAX_RANK; ++d)
          dst[s * RM_MAX_RANK + d] =
              (ki.input_access[s] == RM_ACCESS_STRIDED && d < L->rank)
                  ? static_cast<int32_t>(L->input_strides[s * RM_MAX_RANK + d])
                  : 0;
      b->ring_used = ring_off + ring_bytes;
    }
    std::vector<VkDescriptorBufferInfo> infos(k->refl.bindings.size());
    std::vector<VkWriteDescriptorSet> writes(k->refl.bindings.size());
    for (size_t i = 0; i < k->refl.bindings.size(); ++i) {
      const Binding& bd = k->refl.bindings[i];
      VkDescriptorBufferInfo& bi = infos[i];
      switch (bd.role) {
        case BindingRole::Input:
          bi = {L->inputs[bd.slot]->mem.buffer, L->inputs[bd.slot]->mem.offset,
                L->inputs[bd.slot]->mem.size};
          break;
        case BindingRole::Output:
          bi = {L->outputs[bd.slot]->mem.buffer, L->outputs[bd.slot]->mem.offset,
                L->outputs[bd.slot]->mem.size};
          break;
        case BindingRole::Strides:
          bi = {b->ring.buffer, ring_off, ring_bytes};
          break;
        case BindingRole::Scratch:
          bi = {ctx->scratch.buffer, 0, ctx->scratch.size};
          break;
      }
      bi.range = std::min<VkDeviceSize>(bi.range, max_range);  // needs were checked above
      VkWriteDescriptorSet& w = writes[i];
      w = {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
      w.dstSet = set;
      w.dstBinding = bd.binding;
      w.descriptorCount = 1;
      w.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
      w.pBufferInfo = &bi;
    }
    vkUpdateDescriptorSets(ctx->device, static_cast<uint32_t>(writes.size()), writes.data(), 0,
                           nullptr);
    if (!set_key.empty()) b->set_cache.emplace_back(set_key, set);
  }
  VkCommandBuffer cb = b->cb;
  record_barrier(cb);
  uint32_t q = b->launches * 2;
  if (ctx->timestamps) vkCmdWriteTimestamp(cb, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, b->queries, q);
  vkCmdBindPipeline(cb, VK_PIPELINE_BIND_POINT_COMPUTE, k->pipeline);
  vkCmdBindDescriptorSets(cb, VK_PIPELINE_BIND_POINT_COMPUTE, k->layout, 0, 1, &set, 0, nullptr);
  const uint32_t pc_bytes = std::min<uint32_t>(k->refl.push_constant_bytes, sizeof pc);
  if (pc_bytes) vkCmdPushConstants(cb, k->layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, pc_bytes, &pc);
  vkCmdDispatch(cb, g1, 1, 1);
  if (mode == 2 || mode == 4) {
    record_barrier(cb);
    pc.mode = 3;
    if (pc_bytes) vkCmdPushConstants(cb, k->layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, pc_bytes, &pc);
    vkCmdDispatch(cb, g2, 1, 1);
  }
  if (ctx->timestamps) {
    vkCmdWriteTimestamp(cb, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, b->queries, q + 1);
    b->timers.push_back({k, q});
  }
  b->launches++;
  // Submit now when the queue has nothing in flight (low latency for a lone launch); while
  // earlier batches are still running, keep recording so launches are submitted in batches.
  bool busy = false;
  for (const Batch& other : ctx->batches)
    if (&other != b && other.in_flight &&
        vkGetFenceStatus(ctx->device, other.fence) == VK_NOT_READY)
      busy = true;
  if (!busy || b->launches >= kMaxLaunchesPerBatch) return flush(ctx);
  return RM_OK;
}

}  // namespace rmvk
