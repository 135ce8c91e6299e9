#include "offload_policy.hpp"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "accel_context.hpp"
#include "calibration.hpp"
#include "runmat/runtime/runtime.hpp"
#include "runmat/telemetry/recorder.hpp"

namespace runmat::runtime {

namespace {

std::string device_label(const std::string& plugin, const rm_device_info& info) {
  return absl::StrCat(plugin, ": ", std::string(info.name, strnlen(info.name, sizeof info.name)));
}

std::string format_ns(double ns) {
  if (ns < 1e3) return absl::StrFormat("%.0f ns", ns);
  if (ns < 1e6) return absl::StrFormat("%.1f us", ns / 1e3);
  if (ns < 1e9) return absl::StrFormat("%.2f ms", ns / 1e6);
  return absl::StrFormat("%.2f s", ns / 1e9);
}

// Each stale or corrupt calibration is worth one warning per process, not one per session
// (an embedding host may create many sessions).
bool first_warning(const std::string& text) {
  static absl::Mutex mu(absl::kConstInit);
  static auto* seen = new absl::flat_hash_set<std::string>();
  absl::MutexLock lock(&mu);
  return seen->insert(text).second;
}

}  // namespace

offload::GroupCost group_cost(const fusion::KernelPlan& plan, uint64_t readback_bytes) {
  offload::GroupCost g;
  g.elements = static_cast<uint64_t>(plan.iter_shape.numel());
  g.ops = plan.ops_fused;
  g.has_reduce = plan.has_reduce;
  g.f64 = std::any_of(plan.insts.begin(), plan.insts.end(),
                      [](const rm_ir_inst& i) { return i.dtype == RM_DTYPE_F64; });
  g.readback_bytes = readback_bytes;
  return g;
}

OffloadPolicy::OffloadPolicy(Runtime& rt, PluginHost& plugins, const Contexts& contexts,
                             const Failures& failures)
    : rt_(rt), plugins_(plugins), contexts_(contexts), failures_(failures) {}

OffloadPolicy::Device OffloadPolicy::device_of(const std::string& plugin_name) {
  if (failures_.contains(plugin_name)) return {};
  if (auto it = contexts_.find(plugin_name); it != contexts_.end()) {
    return {it->second->plugin, &it->second->info};
  }
  for (auto& p : plugins_.plugins()) {
    if (!p.api || p.name != plugin_name) continue;
    PluginHost::probe_devices(p);  // idempotent; loads the driver once
    if (p.devices.empty()) return {};
    return {&p, &p.devices[0]};  // the host opens device 0 of each plugin
  }
  return {};
}

void OffloadPolicy::warn(const std::string& device, const std::string& problem) {
  const std::string text =
      absl::StrCat("Warning: ignoring the offload calibration of ", device, " (", problem,
                   "); using default coefficients. Run 'runmat accel-calibrate' to measure "
                   "them again.");
  rt_.recorder().Event("calibration-ignored", absl::StrCat(device, ": ", problem));
  if (first_warning(text)) rt_.err() << text << "\n";
}

const offload::DeviceCoefficients& OffloadPolicy::coefficients(const LoadedPlugin& p,
                                                               const rm_device_info& info) {
  auto it = coefficients_.find(p.name);
  if (it != coefficients_.end()) return it->second;
  const CalibrationIdentity id = CalibrationIdentity::Of(p.name, p.api->plugin_version, info);
  CalibrationLoad load = LoadCalibration(rt_.cache(), id);
  if (!load.problem.empty()) warn(device_label(p.name, info), load.problem);
  offload::DeviceCoefficients c =
      load.coefficients ? *load.coefficients : offload::default_coefficients(info, p.name == "cpu");
  return coefficients_.emplace(p.name, c).first->second;
}

offload::Candidate OffloadPolicy::candidate(const Device& dev, const fusion::KernelPlan& plan) {
  offload::Candidate c;
  c.device = device_label(dev.plugin->name, *dev.info);
  c.coeffs = coefficients(*dev.plugin, *dev.info);
  c.supports_f64 = (dev.info->flags & RM_DEVICE_FLAG_FLOAT64) != 0;
  c.is_cpu = dev.plugin->name == "cpu";
  // Inputs resident on this device cost nothing; host arrays are uploaded (on the CPU plugin
  // too: a copy into its buffer); arrays held only by another device come down first.
  for (const fusion::KernelInput& in : plan.inputs) {
    const uint64_t bytes = in.array->byte_size();
    auto* backing = dynamic_cast<DeviceBacking*>(in.array->backing().get());
    if (backing && backing->context()->plugin == dev.plugin) continue;
    c.upload_bytes += bytes;
    if (backing && !in.array->host_valid()) {
      const LoadedPlugin& owner = *backing->context()->plugin;
      c.staging_ns += static_cast<double>(bytes) /
                      coefficients(owner, backing->context()->info).download_bytes_per_ns;
    }
  }
  return c;
}

// A device must first repay the one-time costs of taking a kernel (ski rental): opening the
// device if it is not open, compiling the kernel if that device has not compiled it. What it
// would have saved over the CPU plugin accumulates per (plugin, kernel signature), and it may
// take the kernel once that exceeds those costs. A one-off group does not pay for starting a
// driver or compiling a shader; a loop over the same kernel does, and at worst about twice
// the best placement's time is spent.
void OffloadPolicy::hold_back_unpaid(const std::vector<std::string>& plugin_of,
                                     const fusion::KernelPlan& plan,
                                     const offload::GroupCost& group,
                                     std::vector<offload::Candidate>* candidates) {
  if (candidates->size() < 2 || !(*candidates)[0].is_cpu) return;
  const offload::Choice free = offload::choose(group, *candidates);
  const double cpu_ns = free.estimates[0].total_ns;
  for (size_t i = 1; i < candidates->size(); ++i) {
    const offload::Estimate& e = free.estimates[i];
    if (!e.excluded.empty()) continue;
    const offload::DeviceCoefficients& c = (*candidates)[i].coeffs;
    auto ctx = contexts_.find(plugin_of[i]);
    const bool open = ctx != contexts_.end();
    const bool compiled = open && ctx->second->kernels.contains(plan.signature);
    const double owed = (open ? 0.0 : c.open_ns) + (compiled ? 0.0 : c.compile_ns);
    if (owed <= 0) continue;
    double& saved = saved_ns_[absl::StrCat(plugin_of[i], ":", plan.signature)];
    saved += std::max(0.0, cpu_ns - e.total_ns);
    if (saved < owed) {
      (*candidates)[i].excluded =
          absl::StrCat("not yet repaid: ", format_ns(saved), " of ", format_ns(owed),
                       open ? " (compile)" : " (open + compile)", " saved so far");
    }
  }
}

std::string OffloadPolicy::decide_auto(const fusion::KernelPlan& plan, uint64_t readback_bytes,
                                       OffloadDecision* d) {
  d->group = group_cost(plan, readback_bytes);
  std::vector<offload::Candidate> candidates;
  std::vector<std::string> plugin_of;
  const Device cpu = device_of("cpu");
  if (cpu.plugin) {
    candidates.push_back(candidate(cpu, plan));
    plugin_of.push_back("cpu");
  }
  // GPU plugins in the order gpuArray work uses them: "vulkan" first, then the others.
  std::vector<std::string> gpu_names;
  bool gpu_open = false;
  for (const auto& p : plugins_.plugins()) {
    if (!p.api || p.name == "cpu") continue;
    gpu_names.push_back(p.name);
    gpu_open = gpu_open || contexts_.contains(p.name);
  }
  std::stable_partition(gpu_names.begin(), gpu_names.end(),
                        [](const std::string& n) { return n == "vulkan"; });
  if (!candidates.empty()) cpu_work_ns_ += offload::compute_ns(candidates[0].coeffs, d->group);
  gpus_considered_ =
      gpus_considered_ || candidates.empty() || gpu_open || cpu_work_ns_ >= kConsiderGpuNs;
  const bool worth_probing = gpus_considered_;
  if (worth_probing) {
    for (const std::string& name : gpu_names) {
      const Device dev = device_of(name);
      if (!dev.plugin) continue;
      candidates.push_back(candidate(dev, plan));
      plugin_of.push_back(name);
    }
  }
  hold_back_unpaid(plugin_of, plan, d->group, &candidates);
  d->choice = offload::choose(d->group, candidates);
  d->reason = d->choice.all_calibrated ? kReasonCostModel : kReasonDefaults;
  if (d->choice.index < 0) {
    d->detail = "no device can run it";
    return "";
  }
  const std::string& chosen = plugin_of[d->choice.index];
  if (chosen != "cpu") {
    d->detail = "cheapest estimate";
  } else if (candidates.size() == 1) {
    d->detail = worth_probing ? "no other device" : "GPUs not considered yet (little work so far)";
  } else {
    d->detail = "CPU estimate lowest or within the margin";
  }
  return chosen;
}

void OffloadPolicy::report(const fusion::KernelPlan& plan, uint64_t readback_bytes,
                           const AccelContext* ctx, OffloadDecision* d) {
  const std::string device = ctx ? ctx->device_label() : "host";
  d->group = group_cost(plan, readback_bytes);
  // A forced or gpuArray placement shows the chosen device's estimate when its coefficients
  // are at hand, but never reads the calibration cache for it: runs with RUNMAT_ACCEL=cpu or
  // vulkan stay independent of calibration (the CI counter gates count cache misses).
  if (d->choice.estimates.empty() && ctx && coefficients_.contains(ctx->plugin->name)) {
    d->choice = offload::choose(d->group, {candidate({ctx->plugin, &ctx->info}, plan)});
  }
  telemetry::OffloadDecision rec;
  rec.set_label(plan.label);
  rec.set_signature(absl::StrFormat("%016x", plan.signature));
  rec.set_elements(d->group.elements);
  rec.set_ops(d->group.ops);
  rec.set_dtype(d->group.f64 ? "double" : "single");
  rec.set_device(device);
  rec.set_reason(d->reason);
  rec.set_detail(d->detail);
  rec.set_count(1);
  std::string estimates;
  for (const offload::Estimate& e : d->choice.estimates) {
    telemetry::OffloadEstimate* t = rec.add_estimates();
    t->set_device(e.device);
    t->set_total_ns(e.total_ns);
    t->set_compute_ns(e.compute_ns);
    t->set_transfer_ns(e.transfer_ns);
    t->set_calibrated(e.calibrated);
    t->set_excluded(e.excluded);
    absl::StrAppend(&estimates, estimates.empty() ? "" : ", ", e.device, " ",
                    e.total_ns > 0 ? format_ns(e.total_ns) : "",
                    e.excluded.empty() ? "" : absl::StrCat(" [", e.excluded, "]"),
                    e.calibrated ? "" : " (default)");
  }
  rt_.recorder().RecordOffloadDecision(rec);
  // Counted per device and reason, as before the cost model (the CI gates read it).
  rt_.recorder().Event("offload-decision", absl::StrCat(device, " (", d->reason, ")"));
  if (rt_.options().accel_log) {
    rt_.err() << absl::StrFormat("[accel] %s -> %s (%s: %s), %d elements; estimates: %s\n",
                                 plan.label, device, d->reason, d->detail, d->group.elements,
                                 estimates.empty() ? "none" : estimates);
  }
}

}  // namespace runmat::runtime
