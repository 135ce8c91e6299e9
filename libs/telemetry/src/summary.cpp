// SummarizeRunRecord: the text printed after `runmat run --telemetry` and by tools.
#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "format.hpp"
#include "runmat/telemetry/writer.hpp"

namespace runmat::telemetry {
namespace {

// Enough to see where time went without flooding the terminal.
constexpr int kMaxKernelsShown = 10;

void AppendHeader(const RunRecord& r, std::string* out) {
  absl::StrAppend(out, "RunMat ", r.runmat_version().empty() ? "?" : r.runmat_version());
  if (!r.script().empty()) absl::StrAppend(out, " - ", r.script());
  absl::StrAppend(out, "\nwall time: ", FormatDuration(r.wall_ns()), ", exit code ", r.exit_code());
  if (!r.error_identifier().empty()) absl::StrAppend(out, " (", r.error_identifier(), ")");
  absl::StrAppend(out, "\n");
}

void AppendDevices(const RunRecord& r, std::string* out) {
  if (r.devices_size() == 0) {
    absl::StrAppend(out, "devices: none\n");
    return;
  }
  absl::StrAppend(out, "devices:\n");
  for (const DeviceInfo& d : r.devices()) {
    absl::StrAppend(out, "  ", d.plugin(), "#", d.device_index(), " ", d.name(), " (",
                    d.type().empty() ? "unknown type" : d.type());
    if (!d.driver_version().empty()) absl::StrAppend(out, ", driver ", d.driver_version());
    if (d.memory_bytes() != 0) absl::StrAppend(out, ", ", FormatBytes(d.memory_bytes()));
    absl::StrAppend(out, d.float64() ? ", float64" : ", no float64", ")\n");
  }
}

void AppendKernels(const RunRecord& r, std::string* out) {
  std::vector<const KernelRecord*> kernels;
  uint64_t total_ns = 0, total_launches = 0;
  for (const KernelRecord& k : r.kernels()) {
    kernels.push_back(&k);
    total_ns += k.device_ns();
    total_launches += k.launches();
  }
  if (kernels.empty()) {
    absl::StrAppend(out, "kernels: none\n");
    return;
  }
  std::stable_sort(
      kernels.begin(), kernels.end(),
      [](const KernelRecord* a, const KernelRecord* b) { return a->device_ns() > b->device_ns(); });
  absl::StrAppend(out, "kernels: ", kernels.size(), " distinct, ", total_launches, " launches, ",
                  FormatDuration(total_ns), " device time\n");
  const int shown = std::min<int>(kMaxKernelsShown, static_cast<int>(kernels.size()));
  for (int i = 0; i < shown; ++i) {
    const KernelRecord& k = *kernels[i];
    absl::StrAppend(out, absl::StrFormat("  %12s  %6d launches  %-8s %s",
                                         FormatDuration(k.device_ns()), k.launches(), k.plugin(),
                                         k.label().empty() ? k.signature() : k.label()));
    if (k.ops_fused() > 0) absl::StrAppend(out, "  [", k.ops_fused(), " ops]");
    absl::StrAppend(out, "\n");
  }
  if (static_cast<int>(kernels.size()) > shown) {
    absl::StrAppend(out, "  ... ", kernels.size() - shown, " more\n");
  }
}

void AppendTransfersAndFusion(const RunRecord& r, std::string* out) {
  const TransferStats& t = r.transfers();
  absl::StrAppend(out, "transfers: ", t.upload_count(), " uploads (", FormatBytes(t.upload_bytes()),
                  "), ", t.download_count(), " downloads (", FormatBytes(t.download_bytes()),
                  ")\n");
  const FusionStats& f = r.fusion();
  if (f.groups() + f.materializations() + f.plan_cache_hits() + f.plan_cache_misses() > 0) {
    absl::StrAppend(out, "fusion: ", f.groups(), " groups, ", f.ops_fused(), " ops fused, ",
                    f.materializations(), " materializations, plan cache ", f.plan_cache_hits(),
                    " hits / ", f.plan_cache_misses(), " misses\n");
  }
}

// Pool behaviour per plugin: a loop that allocates per iteration shows up as device
// allocations growing with the iteration count instead of reuses.
void AppendDeviceMemory(const RunRecord& r, std::string* out) {
  if (r.device_memory_size() == 0) return;
  absl::StrAppend(out, "device memory:\n");
  for (const DeviceMemoryStats& m : r.device_memory()) {
    absl::StrAppend(out, "  ", m.plugin(), ": ", m.buffer_allocs(), " buffer allocs, ",
                    m.buffer_frees(), " frees, peak ", FormatBytes(m.buffer_bytes_peak()),
                    " in buffers");
    if (m.pool_counters()) {
      absl::StrAppend(out, "; pool: ", m.buffer_reuses(), " reuses, ", m.device_allocs(),
                      " device allocations, ", m.pool_evictions(), " evictions, ",
                      FormatBytes(m.device_bytes_reserved()), " reserved, ",
                      FormatBytes(m.device_bytes_peak()), " peak");
    }
    absl::StrAppend(out, "\n");
  }
}

// Where groups ran and why, most frequent first: what a user reads to see whether the cost
// model (or an override) put work where they expected.
void AppendOffloadDecisions(const RunRecord& r, std::string* out) {
  if (r.offload_decisions_size() == 0) return;
  std::vector<const OffloadDecision*> decisions;
  for (const OffloadDecision& d : r.offload_decisions()) decisions.push_back(&d);
  std::stable_sort(decisions.begin(), decisions.end(),
                   [](const auto* a, const auto* b) { return a->count() > b->count(); });
  absl::StrAppend(out, "offload decisions:\n");
  const int shown = std::min<int>(kMaxKernelsShown, static_cast<int>(decisions.size()));
  for (int i = 0; i < shown; ++i) {
    const OffloadDecision& d = *decisions[i];
    absl::StrAppend(out, "  ", d.count(), "x ", d.elements(), " elements ", d.dtype(), " -> ",
                    d.device(), " (", d.reason(), ")");
    for (int e = 0; e < d.estimates_size(); ++e) {
      const OffloadEstimate& est = d.estimates(e);
      absl::StrAppend(out, e == 0 ? "; estimates " : ", ", est.device(), " ",
                      est.excluded().empty()
                          ? FormatDuration(static_cast<uint64_t>(std::max(0.0, est.total_ns())))
                          : est.excluded());
    }
    absl::StrAppend(out, ": ", d.label().substr(0, 60), d.label().size() > 60 ? "..." : "", "\n");
  }
  if (static_cast<int>(decisions.size()) > shown)
    absl::StrAppend(out, "  ... ", decisions.size() - shown, " more\n");
  if (r.offload_decisions_dropped() > 0)
    absl::StrAppend(out, "  (", r.offload_decisions_dropped(),
                    " decisions beyond the record cap)\n");
}

void AppendCachesAndEvents(const RunRecord& r, std::string* out) {
  if (r.caches_size() > 0) {
    absl::StrAppend(out, "caches:\n");
    for (const CacheStats& c : r.caches()) {
      absl::StrAppend(out, "  ", c.name(), ": ", c.hits(), " hits, ", c.misses(), " misses, ",
                      c.corrupt(), " corrupt, ", c.writes(), " writes\n");
    }
  }
  if (r.events_size() == 0) {
    absl::StrAppend(out, "events: none\n");
    return;
  }
  absl::StrAppend(out, "events:\n");
  for (const Event& e : r.events()) {
    absl::StrAppend(out, "  ", e.count(), "x ", e.name());
    if (!e.detail().empty()) absl::StrAppend(out, ": ", e.detail());
    absl::StrAppend(out, "\n");
  }
}

}  // namespace

std::string SummarizeRunRecord(const RunRecord& record) {
  std::string out;
  AppendHeader(record, &out);
  AppendDevices(record, &out);
  AppendKernels(record, &out);
  AppendTransfersAndFusion(record, &out);
  AppendDeviceMemory(record, &out);
  AppendOffloadDecisions(record, &out);
  AppendCachesAndEvents(record, &out);
  return out;
}

}  // namespace runmat::telemetry
