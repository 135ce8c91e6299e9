#include "accel_host.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "accel_context.hpp"
#include "elementwise.hpp"
#include "host_services.hpp"
#include "philox.hpp"
#include "offload_policy.hpp"
#include "reductions.hpp"
#include "runmat/core/error.hpp"
#include "runmat/runtime/runtime.hpp"
#include "runmat/telemetry/recorder.hpp"

namespace runmat::runtime {

// ------------------------------------------------------------------ backings

// A deferred array: the node computes it when the host first needs its elements.
class LazyBacking : public Backing {
 public:
  LazyBacking(AccelHost* host, fusion::NodePtr node) : host_(host), node_(std::move(node)) {}
  void fill_host(const Array& array, void* dst) override {
    ArrayPtr result = host_->materialize(node_, /*host_reads=*/true);
    if (result->host_valid() || !result->backing()) {
      std::memcpy(dst, result->host_bytes(), array.byte_size());
    } else {
      result->backing()->fill_host(*result, dst);
    }
  }
  const fusion::NodePtr& node() const { return node_; }

 private:
  AccelHost* host_;
  fusion::NodePtr node_;
};

AccelContext::~AccelContext() {
  if (!ctx) return;
  for (auto& [sig, k] : kernels) api().kernel_destroy(ctx, k.handle);
  for (rm_buffer b : transient) api().buffer_free(ctx, b);
  api().context_destroy(ctx);
}

std::string AccelContext::error_text() const {
  const char* e = api().last_error(ctx);
  return e && *e ? e : "(no details)";
}

std::string AccelContext::device_label() const {
  return absl::StrCat(plugin->name, ": ", info.name);
}

DeviceBacking::~DeviceBacking() {
  if (ctx_ && buf_) ctx_->api().buffer_free(ctx_->ctx, buf_);
}

void DeviceBacking::fill_host(const Array& array, void* dst) {
  const uint64_t bytes = array.byte_size();
  const rm_status st = ctx_->api().buffer_download(ctx_->ctx, buf_, 0, dst, bytes);
  if (st != RM_OK) {
    throw_error("RunMat:accel:downloadFailed", "Reading a result from %s failed: %s",
                ctx_->device_label(), ctx_->error_text());
  }
  ctx_->host->note_download(bytes);
}

// ------------------------------------------------------------------ host

AccelHost::AccelHost(Runtime& rt) : rt_(rt), plugins_(rt.options().plugin_dirs) {
  services_ = make_host_services(rt);
  policy_ = std::make_unique<OffloadPolicy>(rt, plugins_, contexts_, open_failures_);
}

AccelHost::~AccelHost() {
  contexts_.clear();
}

Value AccelHost::defer(fusion::NodePtr node, bool gpu) {
  // Graphs are bounded when stored (settle); within one statement only at twice the depth.
  if (node->depth > 2 * rt_.options().max_graph_depth) {
    // Bound the graph: compute what we have so far and continue from a leaf.
    ArrayPtr result = materialize(node);
    return Value::array(result);
  }
  const ClassId cls = node->cls;
  const Shape shape = node->shape;
  auto arr =
      std::make_shared<Array>(cls, shape, std::make_shared<LazyBacking>(this, std::move(node)));
  arr->set_gpu(gpu);
  return Value::array(std::move(arr));
}

fusion::NodePtr AccelHost::graph_node(const Value& v) const {
  if (!v.is_array()) return nullptr;
  auto* lazy = dynamic_cast<LazyBacking*>(v.arr()->backing().get());
  return lazy ? lazy->node() : nullptr;
}

void AccelHost::settle(Value& v) {
  if (!is_deferred(v)) return;
  const fusion::NodePtr node = static_cast<LazyBacking*>(v.arr()->backing().get())->node();
  if (node->depth <= rt_.options().max_graph_depth) return;
  ArrayPtr result = materialize(node);
  result->set_gpu(v.arr()->is_gpu());
  v = Value::array(std::move(result));
}

bool AccelHost::is_deferred(const Value& v) const {
  if (!v.is_array() || v.arr()->host_valid()) return false;
  return dynamic_cast<LazyBacking*>(v.arr()->backing().get()) != nullptr;
}

fusion::NodePtr AccelHost::node_of(const Value& v) {
  if (v.is_num()) return fusion::make_scalar(v.num(), ClassId::Double);
  const ArrayPtr& a = v.arr();
  if (!a->host_valid()) {
    if (auto* lazy = dynamic_cast<LazyBacking*>(a->backing().get())) return lazy->node();
  }
  if (a->numel() == 1 && a->host_valid() && !a->is_gpu()) {
    return fusion::make_scalar(a->get_as_double(0), a->cls());
  }
  return fusion::make_leaf(a);
}

void AccelHost::ensure_loaded() {
  if (plugins_.loaded()) return;
  plugins_.load_all();
  if (plugins_reported_) return;
  plugins_reported_ = true;
  for (const auto& p : plugins_.plugins()) {
    telemetry::PluginInfo info;
    info.set_name(p.name);
    info.set_path(p.path.string());
    info.set_abi_major(p.abi_major);
    info.set_abi_minor(p.abi_minor);
    info.set_plugin_version(p.api ? p.api->plugin_version : 0);
    info.set_loaded(p.api != nullptr);
    info.set_refused_reason(p.refused_reason);
    rt_.recorder().AddPlugin(info);
    if (!p.api)
      rt_.recorder().Event("plugin-refused", absl::StrCat(p.path.string(), ": ", p.refused_reason));
  }
}

std::shared_ptr<AccelContext> AccelHost::open_context(const std::string& plugin_name,
                                                      bool want_gpu) {
  auto it = contexts_.find(plugin_name);
  if (it != contexts_.end()) return it->second;
  if (open_failures_.contains(plugin_name)) return nullptr;
  ensure_loaded();
  for (auto& p : plugins_.plugins()) {
    if (!p.api || p.name != plugin_name) continue;
    PluginHost::probe_devices(p);
    if (p.devices.empty()) {
      open_failures_[plugin_name] = p.probe_failure.empty() ? "no devices" : p.probe_failure;
      rt_.recorder().Event("plugin-no-device",
                           absl::StrCat(plugin_name, ": ", open_failures_[plugin_name]));
      return nullptr;
    }
    auto ctx = std::make_shared<AccelContext>();
    ctx->plugin = &p;
    ctx->host = this;
    ctx->device_index = 0;  // plugins order their devices best first
    ctx->info = p.devices[0];
    const rm_status st = p.api->context_create(0, &services_, &ctx->ctx);
    if (st != RM_OK) {
      const char* why = p.api->last_error(nullptr);
      open_failures_[plugin_name] = absl::StrCat("context creation failed (status ", st, ")",
                                                 why && *why ? absl::StrCat(": ", why) : "");
      rt_.recorder().Event("device-open-failed",
                           absl::StrCat(plugin_name, ": ", open_failures_[plugin_name]));
      ctx->ctx = nullptr;
      return nullptr;
    }
    telemetry::DeviceInfo d;
    d.set_plugin(p.name);
    d.set_name(ctx->info.name);
    d.set_vendor(ctx->info.vendor);
    d.set_driver_version(ctx->info.driver_version);
    d.set_memory_bytes(ctx->info.memory_bytes);
    d.set_float64((ctx->info.flags & RM_DEVICE_FLAG_FLOAT64) != 0);
    static const char* types[] = {"other", "cpu", "integrated-gpu", "discrete-gpu", "virtual-gpu"};
    d.set_type(types[ctx->info.type <= 4 ? ctx->info.type : 0]);
    std::string uuid;
    for (uint8_t b : ctx->info.uuid) absl::StrAppendFormat(&uuid, "%02x", b);
    d.set_uuid(uuid);
    rt_.recorder().AddDevice(d);
    contexts_[plugin_name] = ctx;
    (void)want_gpu;
    return ctx;
  }
  open_failures_[plugin_name] = "plugin not found or refused";
  return nullptr;
}

// Explicit modes obey the user; gpuArray work goes to the GPU plugin (MATLAB semantics); in
// `auto` the cost model (offload_policy.hpp) picks the device with the lowest estimate.
std::shared_ptr<AccelContext> AccelHost::context_for(const fusion::KernelPlan& plan, bool gpu,
                                                     uint64_t readback_bytes, OffloadDecision* d) {
  const AccelMode mode = rt_.options().accel;
  d->reason = kReasonForcedByEnv;
  if (mode == AccelMode::kOff) {
    d->detail = "RUNMAT_ACCEL=off";
    return nullptr;
  }
  auto want_vulkan = [&]() { return open_gpu_context(); };
  auto want_cpu = [&]() { return open_context("cpu", false); };
  std::shared_ptr<AccelContext> ctx;
  if (mode == AccelMode::kVulkan || (mode == AccelMode::kAuto && gpu)) {
    ctx = want_vulkan();
    if (mode != AccelMode::kVulkan) d->reason = kReasonGpuResident;
    d->detail = mode == AccelMode::kVulkan ? "RUNMAT_ACCEL=vulkan" : "gpuArray input";
    if (!ctx) {
      rt_.recorder().Event("cpu-fallback",
                           absl::StrCat("GPU unavailable for ", d->detail, ": ", gpu_failure()));
      ctx = want_cpu();
      d->detail += " (GPU unavailable, CPU plugin)";
    }
    return ctx;
  }
  if (mode == AccelMode::kAuto) {
    ensure_loaded();
    const std::string chosen = policy_->decide_auto(plan, readback_bytes, d);
    if (chosen.empty() || chosen == "cpu") return want_cpu();
    if (auto other = open_context(chosen, true)) return other;
    d->detail += absl::StrCat("; ", chosen, " could not be opened, CPU plugin");
    return want_cpu();
  }
  d->detail = "RUNMAT_ACCEL=cpu";
  return want_cpu();
}

ArrayPtr AccelHost::materialize(const fusion::NodePtr& root, bool host_reads) {
  if (root->materialized) return root->materialized;
  if (root->kind == fusion::NodeKind::Leaf) return root->leaf;
  bool plan_hit = false;
  fusion::KernelPlan plan = fusion::lower_group(
      root, [this](const fusion::NodePtr& n) { return materialize(n); }, &plan_cache_, &plan_hit);
  rt_.recorder().AddPlanCache(plan_hit);
  if (plan.splits > 0) {
    rt_.recorder().Event("fusion-split",
                         absl::StrCat(plan.label, ": read more than ", fusion::kMaxKernelInputs,
                                      " arrays; ", plan.splits, " part(s) computed first"));
  }
  bool gpu = false;
  for (const auto& in : plan.inputs) gpu = gpu || in.array->is_gpu();
  rt_.recorder().AddMaterialization();
  ArrayPtr result;
  std::vector<ArrayPtr> outputs;
  if (plan.out_shape.numel() == 0) {
    result = std::make_shared<Array>(plan.out_cls, plan.out_shape);
    for (const auto& n : plan.extra_outputs) {
      outputs.push_back(std::make_shared<Array>(n->cls, n->shape));
    }
  } else {
    const uint64_t readback =
        host_reads ? static_cast<uint64_t>(plan.out_shape.numel()) * element_size(plan.out_cls) : 0;
    OffloadDecision decision;
    std::shared_ptr<AccelContext> ctx = context_for(plan, gpu, readback, &decision);
    // Every placement decision goes to telemetry (with the estimates) and RUNMAT_ACCEL_LOG.
    policy_->report(plan, readback, ctx.get(), &decision);
    const std::string& why = decision.detail;
    if (ctx) outputs = run_on(ctx, plan, gpu);
    if (!outputs.empty()) {
      result = outputs.front();
      outputs.erase(outputs.begin());
    } else {
      if (ctx) {
        rt_.recorder().Event("host-fallback", absl::StrCat(plan.label, ": ", fallback_reason_));
      } else {
        rt_.recorder().Event("host-fallback", absl::StrCat("no accelerator plugin: ", why));
      }
      // The host evaluator marks every node it computes, the extra outputs included.
      result = evaluate_on_host(root);
      last_device_ = "host";
    }
  }
  for (size_t i = 0; i < outputs.size(); ++i) {
    outputs[i]->set_gpu(gpu);
    plan.extra_outputs[i]->mark_materialized(outputs[i]);
  }
  result->set_gpu(gpu);
  root->mark_materialized(result);
  return result;
}

void AccelHost::note_download(uint64_t bytes) {
  rt_.recorder().AddDownload(bytes);
}

std::vector<ArrayPtr> AccelHost::run_on(const std::shared_ptr<AccelContext>& ctx,
                                        const fusion::KernelPlan& plan, bool gpu) {
  const rm_plugin_api& api = ctx->api();
  // Kernel: compiled once per context and IR.
  auto kit = ctx->kernels.find(plan.signature);
  const bool cached = kit != ctx->kernels.end() && kit->second.ir.size() == plan.insts.size() &&
                      std::memcmp(kit->second.ir.data(), plan.insts.data(),
                                  plan.insts.size() * sizeof(rm_ir_inst)) == 0;
  if (!cached) {
    if (kit != ctx->kernels.end()) {  // signature collision: keep the newer one
      api.kernel_destroy(ctx->ctx, kit->second.handle);
      ctx->kernels.erase(kit);
    }
    const rm_kernel_desc desc = plan.desc();
    CompiledKernel k;
    const rm_status st = api.kernel_compile(ctx->ctx, &desc, &k.handle);
    if (st != RM_OK) {
      // The plugin reports its own "kernel-compile-failed" event; the host records the fallback.
      fallback_reason_ =
          absl::StrCat("kernel compile failed on ", ctx->device_label(), ": ", ctx->error_text());
      return {};
    }
    k.ir = plan.insts;
    k.label = plan.label;
    k.signature_hex = absl::StrFormat("%016x", plan.signature);
    k.ops_fused = plan.ops_fused;
    rt_.recorder().AddFusion(1, plan.ops_fused);
    kit = ctx->kernels.emplace(plan.signature, std::move(k)).first;
  } else {
    rt_.recorder().AddFusion(1, plan.ops_fused);
  }
  CompiledKernel& kernel = kit->second;

  // Inputs: resident buffers are used in place; host arrays are uploaded.
  std::vector<rm_buffer> inputs;
  std::vector<int64_t> strides(plan.inputs.size() * RM_MAX_RANK, 0);
  std::vector<rm_buffer> temporaries;
  uint64_t temporary_bytes = 0;
  auto release = [&]() {
    for (rm_buffer b : temporaries) api.buffer_free(ctx->ctx, b);
  };
  for (size_t i = 0; i < plan.inputs.size(); ++i) {
    const fusion::KernelInput& in = plan.inputs[i];
    std::copy(in.strides.begin(), in.strides.end(), strides.begin() + i * RM_MAX_RANK);
    auto* dev = dynamic_cast<DeviceBacking*>(in.array->backing().get());
    if (!in.array->host_valid() && !dev) {
      if (auto* lazy = dynamic_cast<LazyBacking*>(in.array->backing().get())) {
        ArrayPtr m = materialize(lazy->node());
        dev = dynamic_cast<DeviceBacking*>(m->backing().get());
      }
    }
    if (dev && dev->context() == ctx) {
      inputs.push_back(dev->buffer());
      continue;
    }
    const uint64_t bytes = in.array->byte_size();
    rm_buffer buf = nullptr;
    if (api.buffer_alloc(ctx->ctx, bytes, &buf) != RM_OK ||
        api.buffer_upload(ctx->ctx, buf, 0, in.array->host_bytes(), bytes) != RM_OK) {
      fallback_reason_ =
          absl::StrCat("upload failed on ", ctx->device_label(), ": ", ctx->error_text());
      if (buf) api.buffer_free(ctx->ctx, buf);
      release();
      return {};
    }
    rt_.recorder().AddUpload(bytes);
    // The copy stays with the array as its device copy (Array::mutable_bytes drops it on a
    // write), so later kernels on this context read it instead of uploading again: a loop over
    // the same input uploads once. On a host-memory device (the CPU plugin) this keeps a
    // second host copy while the array lives; an upload costs as much as the kernel there.
    const bool keep = in.array->host_valid() && !in.array->backing();
    if (keep) {
      in.array->set_backing(std::make_shared<DeviceBacking>(ctx, buf));
    } else {
      temporaries.push_back(buf);
      temporary_bytes += bytes;
    }
    inputs.push_back(buf);
  }
  // Outputs: slot 0 is the root, then the shared intermediates the kernel also stores.
  std::vector<std::pair<ClassId, Shape>> out_types{{plan.out_cls, plan.out_shape}};
  for (const auto& n : plan.extra_outputs) out_types.emplace_back(n->cls, n->shape);
  std::vector<rm_buffer> outs;
  for (const auto& [cls, shape] : out_types) {
    const uint64_t out_bytes = static_cast<uint64_t>(shape.numel()) * element_size(cls);
    rm_buffer out = nullptr;
    if (api.buffer_alloc(ctx->ctx, out_bytes, &out) != RM_OK) {
      fallback_reason_ =
          absl::StrCat("out of device memory on ", ctx->device_label(), ": ", ctx->error_text());
      rt_.recorder().Event("device-out-of-memory", fallback_reason_);
      for (rm_buffer b : outs) api.buffer_free(ctx->ctx, b);
      release();
      return {};
    }
    outs.push_back(out);
  }
  rm_launch_desc launch;
  std::memset(&launch, 0, sizeof launch);
  launch.struct_size = sizeof launch;
  const Shape& it = plan.iter_shape;
  launch.rank = static_cast<uint32_t>(it.ndims());
  for (int d = 0; d < it.ndims(); ++d) launch.dims[d] = static_cast<uint64_t>(it.dim(d));
  launch.count = static_cast<uint64_t>(it.numel());
  launch.reduce_outer = plan.reduce_outer;
  launch.reduce_len = plan.reduce_len;
  launch.reduce_inner = plan.reduce_inner;
  launch.num_inputs = static_cast<uint32_t>(inputs.size());
  launch.inputs = inputs.data();
  launch.input_strides = strides.data();
  launch.num_outputs = static_cast<uint32_t>(outs.size());
  launch.outputs = outs.data();
  launch.rng_base = plan.rng_base;
  const rm_status st = api.kernel_launch(ctx->ctx, kernel.handle, &launch);
  if (st != RM_OK) {
    fallback_reason_ =
        absl::StrCat("launch failed on ", ctx->device_label(), ": ", ctx->error_text());
    rt_.recorder().Event(st == RM_ERR_DEVICE_LOST ? "device-lost" : "kernel-launch-failed",
                         fallback_reason_);
    for (rm_buffer b : outs) api.buffer_free(ctx->ctx, b);
    release();
    if (st == RM_ERR_DEVICE_LOST) {
      // The ABI says a lost context is unusable: stop handing it work. Arrays still resident
      // there keep it alive until they go; their downloads fail with a clear error.
      open_failures_[ctx->plugin->name] = "device lost";
      contexts_.erase(ctx->plugin->name);
    }
    return {};
  }
  // Temporaries must outlive the (possibly asynchronous) launch; they are freed at the next
  // synchronize, forced here once they hold too much memory.
  ctx->transient.insert(ctx->transient.end(), temporaries.begin(), temporaries.end());
  ctx->transient_bytes += temporary_bytes;
  if (ctx->transient_bytes > kMaxTransientBytes || ctx->transient.size() > kMaxTransientBuffers) {
    synchronize(*ctx);
  }
  kernel.launches += 1;
  kernel.elements += launch.count;
  kernel.bytes_read += plan.bytes_read();
  kernel.bytes_written += plan.bytes_written();
  last_device_ = ctx->device_label();
  std::vector<ArrayPtr> results;
  for (size_t i = 0; i < outs.size(); ++i) {
    auto r = std::make_shared<Array>(out_types[i].first, out_types[i].second,
                                     std::make_shared<DeviceBacking>(ctx, outs[i]));
    r->set_gpu(gpu);
    results.push_back(std::move(r));
  }
  return results;
}

ArrayPtr AccelHost::evaluate_on_host(const fusion::NodePtr& root) {
  using fusion::NodeKind;
  if (root->materialized) return root->materialized;
  if (root->kind == NodeKind::Leaf) return root->leaf;
  ++eager_depth;
  struct Guard {
    int& d;
    ~Guard() { --d; }
  } guard{eager_depth};
  auto value_of = [&](const fusion::NodePtr& n) -> Value {
    if (n->kind == NodeKind::Scalar) return Value::scalar_of(n->cls, n->scalar);
    ArrayPtr a = evaluate_on_host(n);
    // Host fallback results are plain host arrays.
    return Value::array(a);
  };
  Value r;
  switch (root->kind) {
    case NodeKind::Scalar:
      r = Value::scalar_of(root->cls, root->scalar);
      break;
    case NodeKind::Unary:
      r = unary_elementwise(rt_, static_cast<rm_ir_unary>(root->op), value_of(root->inputs[0]));
      break;
    case NodeKind::Binary:
      r = binary_elementwise(rt_, static_cast<rm_ir_binary>(root->op), value_of(root->inputs[0]),
                             value_of(root->inputs[1]));
      r = cast_to(rt_, r, root->cls);
      break;
    case NodeKind::Compare:
      r = compare_elementwise(rt_, static_cast<rm_ir_compare>(root->op), value_of(root->inputs[0]),
                              value_of(root->inputs[1]));
      break;
    case NodeKind::Cast:
      r = cast_to(rt_, value_of(root->inputs[0]), root->cls);
      break;
    case NodeKind::Reduce: {
      r = reduce_value(rt_, static_cast<rm_ir_reduce>(root->op), value_of(root->inputs[0]),
                       root->reduce_dim, false, root->cls, root->reduce_ndims);
      if (root->scalar != 1.0)
        r = cast_to(rt_, binary_elementwise(rt_, RM_BIN_MUL, r, Value::num(root->scalar)),
                    root->cls);
      break;
    }
    case NodeKind::Index: {
      auto a = std::make_shared<Array>(ClassId::Double, root->shape, Array::Uninitialized{});
      double* d = a->mutable_data<double>();
      for (int64_t i = 0; i < a->numel(); ++i) d[i] = static_cast<double>(i);
      r = Value::array(a);
      break;
    }
    case NodeKind::Random: {  // the host generator gives the kernel's bits
      auto a = std::make_shared<Array>(root->cls, root->shape, Array::Uninitialized{});
      philox_fill(static_cast<rm_ir_random>(root->op), root->cls,
                  static_cast<uint64_t>(root->scalar), root->rng_start, a->numel(),
                  a->mutable_bytes());
      r = Value::array(a);
      break;
    }
    case NodeKind::Select: {
      const Value c = value_of(root->inputs[0]), x = value_of(root->inputs[1]),
                  y = value_of(root->inputs[2]);
      auto a = std::make_shared<Array>(root->cls, root->shape, Array::Uninitialized{});
      for (int64_t i = 0; i < a->numel(); ++i) {
        const auto at = [i](const Value& v) { return v.elem(v.numel() == 1 ? 0 : i); };
        const double e = at(c) != 0 ? at(x) : at(y);
        if (root->cls == ClassId::Single) {
          a->mutable_data<float>()[i] = static_cast<float>(e);
        } else {
          a->mutable_data<double>()[i] = e;
        }
      }
      r = Value::array(a);
      break;
    }
    case NodeKind::Leaf:
      break;
  }
  ArrayPtr out = r.as_array();
  root->mark_materialized(out);
  return out;
}

// The plugin that serves gpuArray work: "vulkan" first, else any other loaded plugin except
// the CPU one, in search-path order. Vendor plugins get GPU work this way.
std::shared_ptr<AccelContext> AccelHost::open_gpu_context() {
  ensure_loaded();
  std::vector<std::string> names;
  for (const auto& p : plugins_.plugins()) {
    if (p.api && p.name != "cpu") names.push_back(p.name);
  }
  std::stable_partition(names.begin(), names.end(),
                        [](const std::string& n) { return n == "vulkan"; });
  for (const auto& n : names) {
    if (auto ctx = open_context(n, true)) return ctx;
  }
  return nullptr;
}

std::string AccelHost::gpu_failure() const {
  std::string why;
  for (const auto& [name, reason] : open_failures_) {
    if (name != "cpu") absl::StrAppend(&why, why.empty() ? "" : "; ", name, ": ", reason);
  }
  return why.empty() ? "no GPU plugin found" : why;
}

Value AccelHost::to_gpu(const Value& v) {
  ArrayPtr src = v.as_array();
  if (src->is_gpu()) return v;
  // RUNMAT_ACCEL=cpu|off: gpuArray keeps its class semantics but the data stays on the host.
  const AccelMode mode = rt_.options().accel;
  std::shared_ptr<AccelContext> ctx;
  if (mode == AccelMode::kAuto || mode == AccelMode::kVulkan) {
    ctx = open_gpu_context();
    if (!ctx)
      rt_.recorder().Event("cpu-fallback", absl::StrCat("gpuArray without a GPU: ", gpu_failure()));
  }
  // With a device, the gpuArray holds only the device copy (no second host copy); its elements
  // come back to the host when something observes them. Without one it is a host copy.
  if (ctx && src->numel() > 0) {
    rm_buffer buf = nullptr;
    const uint64_t bytes = src->byte_size();
    if (ctx->api().buffer_alloc(ctx->ctx, bytes, &buf) == RM_OK &&
        ctx->api().buffer_upload(ctx->ctx, buf, 0, src->host_bytes(), bytes) == RM_OK) {
      rt_.recorder().AddUpload(bytes);
      auto arr = std::make_shared<Array>(src->cls(), src->shape(),
                                         std::make_shared<DeviceBacking>(ctx, buf));
      arr->set_gpu(true);
      return Value::array(std::move(arr));
    }
    if (buf) ctx->api().buffer_free(ctx->ctx, buf);
    rt_.recorder().Event("device-out-of-memory",
                         absl::StrCat("gpuArray upload: ", ctx->error_text()));
  }
  auto arr = std::make_shared<Array>(src->cls(), src->shape(), Array::Uninitialized{});
  std::memcpy(arr->mutable_bytes(), src->host_bytes(), src->byte_size());
  arr->set_gpu(true);
  return Value::array(std::move(arr));
}

Value AccelHost::gather(const Value& v) {
  if (!v.is_gpu()) return v;
  const ArrayPtr& src = v.arr();
  auto arr = std::make_shared<Array>(src->cls(), src->shape(), Array::Uninitialized{});
  std::memcpy(arr->mutable_bytes(), src->host_bytes(), src->byte_size());
  if (arr->cls() == ClassId::Double && arr->numel() == 1) return Value::num(arr->data<double>()[0]);
  return Value::array(std::move(arr));
}

void AccelHost::synchronize(AccelContext& ctx) {
  ctx.api().synchronize(ctx.ctx);
  for (rm_buffer b : ctx.transient) ctx.api().buffer_free(ctx.ctx, b);
  ctx.transient.clear();
  ctx.transient_bytes = 0;
}

void AccelHost::synchronize_all() {
  for (auto& [name, ctx] : contexts_) synchronize(*ctx);
}

void AccelHost::collect_telemetry() {
  if (moments_.hits() + moments_.misses() > 0) {
    rt_.recorder().SetCacheStats("moments", moments_.hits(), moments_.misses(), 0, 0, 0, 0);
  }
  synchronize_all();
  for (auto& [name, ctx] : contexts_) {
    for (auto& [sig, k] : ctx->kernels) {
      rm_kernel_stats stats;
      std::memset(&stats, 0, sizeof stats);
      stats.struct_size = sizeof stats;
      ctx->api().kernel_get_stats(ctx->ctx, k.handle, &stats);
      rt_.recorder().RecordKernel(k.label, k.signature_hex, ctx->plugin->name, k.launches,
                                  stats.device_ns, k.elements, k.ops_fused, k.bytes_read,
                                  k.bytes_written);
      k.launches = k.elements = k.bytes_read = k.bytes_written = 0;  // recorded (merge adds)
    }
    record_device_memory(*ctx);
  }
}

// The plugin's counters are running totals for the context, so each collection replaces the
// previous one. A 1.0 plugin writes less than the pool fields; they are then marked unknown.
void AccelHost::record_device_memory(AccelContext& ctx) {
  rm_counters c;
  std::memset(&c, 0, sizeof c);
  c.struct_size = sizeof c;
  if (ctx.api().get_counters(ctx.ctx, &c) != RM_OK) return;
  telemetry::DeviceMemoryStats m;
  m.set_plugin(ctx.plugin->name);
  m.set_buffer_allocs(c.buffer_allocs);
  m.set_buffer_frees(c.buffer_frees);
  m.set_buffer_bytes_peak(c.buffer_bytes_peak);
  m.set_pool_counters(c.struct_size >= offsetof(rm_counters, device_bytes_peak) + sizeof(uint64_t));
  if (m.pool_counters()) {
    m.set_buffer_reuses(c.buffer_reuses);
    m.set_device_allocs(c.device_allocs);
    m.set_pool_evictions(c.pool_evictions);
    m.set_device_bytes_reserved(c.device_bytes_reserved);
    m.set_device_bytes_peak(c.device_bytes_peak);
  }
  rt_.recorder().SetDeviceMemory(m);
}

}  // namespace runmat::runtime
