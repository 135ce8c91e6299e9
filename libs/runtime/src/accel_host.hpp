// The accelerator host: owns plugin contexts, turns deferred arrays into kernel launches, keeps
// results resident on the device that produced them, and falls back to the host evaluator —
// always with a named, counted telemetry event — when no plugin can do the work.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "moments_cache.hpp"
#include "plugin_host.hpp"
#include "runmat/core/value.hpp"
#include "runmat/fusion/graph.hpp"
#include "runmat/fusion/plan_cache.hpp"
#include "runmat/fusion/planner.hpp"

namespace runmat::runtime {

class Runtime;
struct AccelContext;
class OffloadPolicy;
struct OffloadDecision;

class AccelHost {
 public:
  explicit AccelHost(Runtime& rt);
  ~AccelHost();

  // Lazy graph interface used by the elementwise ops and reductions.
  Value defer(fusion::NodePtr node, bool gpu);
  fusion::NodePtr node_of(const Value& v);
  bool is_deferred(const Value& v) const;
  // Called when a deferred value has been stored in a variable: computes it (on the device;
  // nothing is downloaded) once its graph is deeper than max_graph_depth. Bounding the graph
  // here rather than while the statement builds it means the value the variable held before
  // (S in `S = S .* f(t)`) is already released, so the kernel does not store it as a shared
  // intermediate: a fused loop block reads and writes S once.
  // The variable then holds the computed array (a leaf: later graphs start from depth 0).
  void settle(Value& v);
  // `host_reads`: the caller reads the result on the host (its readback enters the cost model).
  ArrayPtr materialize(const fusion::NodePtr& root, bool host_reads = false);

  // gpuArray / gather.
  Value to_gpu(const Value& v);
  Value gather(const Value& v);

  // While > 0, elementwise ops compute eagerly (used by the host fallback evaluator).
  int eager_depth = 0;

  PluginHost& plugins() { return plugins_; }
  // Device the last kernel ran on ("cpu: <name>", "vulkan: <name>", "host").
  const std::string& last_device() const { return last_device_; }
  void collect_telemetry();
  // Means of deferred values reused across statements (moments_cache.hpp).
  MomentsCache& moments() { return moments_; }
  // The graph node a value was computed from (deferred, or computed and still unmodified: an
  // in-place write drops it), or null.
  fusion::NodePtr graph_node(const Value& v) const;
  void note_download(uint64_t bytes);
  void synchronize_all();

 private:
  friend struct AccelContext;
  std::shared_ptr<AccelContext> context_for(const fusion::KernelPlan& plan, bool gpu,
                                            uint64_t readback_bytes, OffloadDecision* decision);
  std::shared_ptr<AccelContext> open_context(const std::string& plugin_name, bool want_gpu);
  std::shared_ptr<AccelContext> open_gpu_context();
  std::string gpu_failure() const;
  void synchronize(AccelContext& ctx);
  // Upload temporaries are freed at synchronize; past these bounds the host synchronizes early.
  static constexpr uint64_t kMaxTransientBytes = uint64_t{256} << 20;
  static constexpr size_t kMaxTransientBuffers = 64;
  // The kernel's outputs (slot 0 first), or none when it could not run there.
  std::vector<ArrayPtr> run_on(const std::shared_ptr<AccelContext>& ctx,
                               const fusion::KernelPlan& plan, bool gpu);
  ArrayPtr evaluate_on_host(const fusion::NodePtr& root);
  void ensure_loaded();
  void record_device_memory(AccelContext& ctx);

  Runtime& rt_;
  PluginHost plugins_;
  bool plugins_reported_ = false;
  absl::flat_hash_map<std::string, std::shared_ptr<AccelContext>> contexts_;  // by plugin name
  absl::flat_hash_map<std::string, std::string> open_failures_;
  std::string last_device_ = "host";
  std::string fallback_reason_;
  fusion::PlanCache plan_cache_;
  MomentsCache moments_;
  rm_host_services services_{};
  std::unique_ptr<OffloadPolicy> policy_;  // the `auto` mode's cost model (offload_policy.hpp)
};

}  // namespace runmat::runtime
