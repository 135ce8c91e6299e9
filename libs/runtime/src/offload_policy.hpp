// The offload policy's bookkeeping around the cost model: which devices are candidates for a
// fusion group, where its inputs already live, each device's coefficients (calibration from
// the cache, else defaults, loaded once per session), and the record of every decision
// (telemetry OffloadDecision, the "offload-decision" event, RUNMAT_ACCEL_LOG lines).
// AccelHost::context_for decides the mode (RUNMAT_ACCEL, gpuArray); this class decides `auto`.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "offload_cost_model.hpp"
#include "plugin_host.hpp"
#include "runmat/fusion/planner.hpp"

namespace runmat::runtime {

class Runtime;
struct AccelContext;

// Why a group runs where it runs; `reason` is one of the kReason* names.
struct OffloadDecision {
  std::string reason;
  std::string detail;  // readable: "RUNMAT_ACCEL=cpu", "cheapest estimate", ...
  offload::GroupCost group;
  offload::Choice choice;  // estimates per candidate (only the chosen device when forced)
};

inline constexpr const char* kReasonForcedByEnv = "forced-by-env";
inline constexpr const char* kReasonGpuResident = "gpuArray-resident";
inline constexpr const char* kReasonCostModel = "cost-model";
inline constexpr const char* kReasonDefaults = "default-coefficients";

class OffloadPolicy {
 public:
  using Contexts = absl::flat_hash_map<std::string, std::shared_ptr<AccelContext>>;
  using Failures = absl::flat_hash_map<std::string, std::string>;

  // The maps are AccelHost's open contexts and failed plugins (by plugin name).
  OffloadPolicy(Runtime& rt, PluginHost& plugins, const Contexts& contexts,
                const Failures& failures);

  // GPU plugins are probed (their driver loaded: 50-100 ms for lavapipe here) only once the
  // CPU plugin's estimates of this session's groups add up to this much, or a GPU context is
  // already open: until then a GPU could not save more than loading its driver costs, and a
  // script of small or medium work never pays for it.
  static constexpr double kConsiderGpuNs = 50e6;

  // RUNMAT_ACCEL=auto without gpuArray inputs: fills `d` and returns the plugin to run on
  // ("cpu", "vulkan", ...), or "" when no plugin has a device.
  std::string decide_auto(const fusion::KernelPlan& plan, uint64_t readback_bytes,
                          OffloadDecision* d);

  // After the context is known: for decisions made without the model (forced, gpuArray),
  // the chosen device's estimate alone if its coefficients were loaded already; then
  // telemetry, the event and the log line.
  void report(const fusion::KernelPlan& plan, uint64_t readback_bytes, const AccelContext* ctx,
              OffloadDecision* d);

 private:
  struct Device {
    LoadedPlugin* plugin = nullptr;
    const rm_device_info* info = nullptr;
  };
  Device device_of(const std::string& plugin_name);
  const offload::DeviceCoefficients& coefficients(const LoadedPlugin& p,
                                                  const rm_device_info& info);
  offload::Candidate candidate(const Device& dev, const fusion::KernelPlan& plan);
  void warn(const std::string& device, const std::string& problem);
  void hold_back_unpaid(const std::vector<std::string>& plugin_of, const fusion::KernelPlan& plan,
                        const offload::GroupCost& group,
                        std::vector<offload::Candidate>* candidates);

  Runtime& rt_;
  PluginHost& plugins_;
  const Contexts& contexts_;
  const Failures& failures_;
  absl::flat_hash_map<std::string, offload::DeviceCoefficients> coefficients_;  // by plugin
  absl::flat_hash_map<std::string, double> saved_ns_;  // "plugin:signature", hold_back_unpaid
  double cpu_work_ns_ = 0;        // the CPU plugin's estimates so far (see kConsiderGpuNs)
  bool gpus_considered_ = false;  // sticky: once probed, GPU plugins stay candidates
};

// What the model knows about a group: elements, ops, reduction, float64, readback.
offload::GroupCost group_cost(const fusion::KernelPlan& plan, uint64_t readback_bytes);

}  // namespace runmat::runtime
