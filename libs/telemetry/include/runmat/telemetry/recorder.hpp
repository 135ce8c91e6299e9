// The run recorder: collects what one `runmat run` did (devices, kernels, transfers, caches,
// fusion, events) into a runmat.telemetry.RunRecord (schemas/telemetry.proto). Everything
// stays local; see docs/telemetry.md.
#ifndef RUNMAT_TELEMETRY_RECORDER_HPP
#define RUNMAT_TELEMETRY_RECORDER_HPP

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "telemetry.pb.h"

namespace runmat::telemetry {

// Bumped whenever fields are added to RunRecord (never renumbered): readers use it to know
// which fields a writer knew about.
inline constexpr uint32_t kSchemaVersion = 3;  // 2: device_memory, 3: offload_decisions

// Thread-safe: plugins report from their own threads. Every method takes one short lock.
class Recorder {
 public:
  explicit Recorder(std::string runmat_version);
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  void SetScript(std::string script);
  void SetExitCode(int exit_code, std::string error_identifier);

  // Plugins are kept per (name, path): a later report for the same one replaces it.
  void AddPlugin(const PluginInfo& plugin);
  // Devices are deduplicated by (plugin, uuid); a later report replaces the earlier one.
  void AddDevice(const DeviceInfo& device);

  // A named event, counted per (name, detail), in first-seen order. Nothing degrades
  // silently: refused plugins, CPU fallbacks, discarded cache entries all come through here.
  void Event(std::string_view name, std::string_view detail);

  // Merged per (signature_hex, plugin): launches, device_ns, elements and bytes add up.
  // ops_fused describes the kernel, not a launch, so the largest reported value is kept; the
  // first non-empty label is kept.
  void RecordKernel(std::string_view label, std::string_view signature_hex, std::string_view plugin,
                    uint64_t launches, uint64_t device_ns, uint64_t elements, uint32_t ops_fused,
                    uint64_t bytes_read, uint64_t bytes_written);

  void AddUpload(uint64_t bytes);    // one host->device transfer
  void AddDownload(uint64_t bytes);  // one device->host transfer

  // Replaces the stats of cache `name` (caches report running totals).
  void SetCacheStats(std::string_view name, uint64_t hits, uint64_t misses, uint64_t corrupt,
                     uint64_t writes, uint64_t bytes_read, uint64_t bytes_written);

  // Replaces the device-memory stats of stats.plugin() (plugins report running totals).
  void SetDeviceMemory(const DeviceMemoryStats& stats);

  // Merged per (signature, elements, device, reason): `count` adds up and the estimates of
  // the latest decision replace earlier ones. Past kMaxOffloadDecisions distinct records a
  // new one only counts in offload_decisions_dropped (a loop over changing sizes stays small).
  void RecordOffloadDecision(const OffloadDecision& decision);
  static constexpr int kMaxOffloadDecisions = 1000;

  void AddFusion(uint64_t groups, uint64_t ops_fused);
  void AddMaterialization();
  void AddPlanCache(bool hit);

  // Everything recorded so far, with schema_version, runmat_version and wall_ns filled in.
  RunRecord Snapshot(uint64_t wall_ns) const;
  // Event counts summed per name (over all details), in first-seen order; the per-detail
  // counts are in Snapshot().events().
  std::vector<std::pair<std::string, uint64_t>> EventCounts() const;

 private:
  struct Index;  // lookup tables into record_, kept out of this header

  mutable absl::Mutex mu_;
  RunRecord record_ ABSL_GUARDED_BY(mu_);
  std::unique_ptr<Index> index_ ABSL_GUARDED_BY(mu_);
};

}  // namespace runmat::telemetry

#endif  // RUNMAT_TELEMETRY_RECORDER_HPP
