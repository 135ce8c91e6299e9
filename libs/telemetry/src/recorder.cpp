#include "runmat/telemetry/recorder.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"

namespace runmat::telemetry {

// Positions in record_'s repeated fields, so merging is O(1) and the record keeps
// first-seen order (which is what a reader of the JSON expects).
struct Recorder::Index {
  using Key = std::pair<std::string, std::string>;
  absl::flat_hash_map<Key, int> events;   // (name, detail)
  absl::flat_hash_map<Key, int> kernels;  // (signature, plugin)
  absl::flat_hash_map<Key, int> devices;  // (plugin, uuid)
  absl::flat_hash_map<Key, int> plugins;  // (name, path)
  absl::flat_hash_map<std::string, int> caches;
  absl::flat_hash_map<std::string, int> device_memory;  // by plugin
  // (signature, elements, device, reason) of offload decisions
  absl::flat_hash_map<std::tuple<std::string, uint64_t, std::string, std::string>, int> decisions;
};

namespace {

// Finds `key` in `index` or appends a new element to `field`, returning it.
template <typename Map, typename Key, typename Field>
auto* FindOrAdd(Map& index, Key key, Field* field) {
  auto [it, inserted] = index.try_emplace(std::move(key), field->size());
  return inserted ? field->Add() : field->Mutable(it->second);
}

}  // namespace

Recorder::Recorder(std::string runmat_version) : index_(std::make_unique<Index>()) {
  record_.set_schema_version(kSchemaVersion);
  record_.set_runmat_version(std::move(runmat_version));
}

Recorder::~Recorder() = default;

void Recorder::SetScript(std::string script) {
  absl::MutexLock lock(&mu_);
  record_.set_script(std::move(script));
}

void Recorder::SetExitCode(int exit_code, std::string error_identifier) {
  absl::MutexLock lock(&mu_);
  record_.set_exit_code(exit_code);
  record_.set_error_identifier(std::move(error_identifier));
}

void Recorder::AddPlugin(const PluginInfo& plugin) {
  absl::MutexLock lock(&mu_);
  *FindOrAdd(index_->plugins, Index::Key(plugin.name(), plugin.path()), record_.mutable_plugins()) =
      plugin;
}

void Recorder::AddDevice(const DeviceInfo& device) {
  absl::MutexLock lock(&mu_);
  *FindOrAdd(index_->devices, Index::Key(device.plugin(), device.uuid()),
             record_.mutable_devices()) = device;
}

void Recorder::Event(std::string_view name, std::string_view detail) {
  absl::MutexLock lock(&mu_);
  telemetry::Event* event =
      FindOrAdd(index_->events, Index::Key(name, detail), record_.mutable_events());
  if (event->count() == 0) {
    event->set_name(std::string(name));
    event->set_detail(std::string(detail));
  }
  event->set_count(event->count() + 1);
}

void Recorder::RecordKernel(std::string_view label, std::string_view signature_hex,
                            std::string_view plugin, uint64_t launches, uint64_t device_ns,
                            uint64_t elements, uint32_t ops_fused, uint64_t bytes_read,
                            uint64_t bytes_written) {
  absl::MutexLock lock(&mu_);
  KernelRecord* kernel =
      FindOrAdd(index_->kernels, Index::Key(signature_hex, plugin), record_.mutable_kernels());
  if (kernel->signature().empty() && kernel->plugin().empty()) {
    kernel->set_signature(std::string(signature_hex));
    kernel->set_plugin(std::string(plugin));
  }
  if (kernel->label().empty()) kernel->set_label(std::string(label));
  kernel->set_launches(kernel->launches() + launches);
  kernel->set_device_ns(kernel->device_ns() + device_ns);
  kernel->set_elements(kernel->elements() + elements);
  if (ops_fused > kernel->ops_fused()) kernel->set_ops_fused(ops_fused);
  kernel->set_bytes_read(kernel->bytes_read() + bytes_read);
  kernel->set_bytes_written(kernel->bytes_written() + bytes_written);
}

void Recorder::RecordOffloadDecision(const OffloadDecision& decision) {
  absl::MutexLock lock(&mu_);
  auto key = std::make_tuple(decision.signature(), decision.elements(), decision.device(),
                             decision.reason());
  auto it = index_->decisions.find(key);
  if (it == index_->decisions.end()) {
    if (record_.offload_decisions_size() >= kMaxOffloadDecisions) {
      record_.set_offload_decisions_dropped(record_.offload_decisions_dropped() + 1);
      return;
    }
    it = index_->decisions.emplace(std::move(key), record_.offload_decisions_size()).first;
    *record_.add_offload_decisions() = decision;
    record_.mutable_offload_decisions(it->second)->set_count(0);
  }
  OffloadDecision* d = record_.mutable_offload_decisions(it->second);
  const uint64_t count = d->count() + std::max<uint64_t>(decision.count(), 1);
  *d->mutable_estimates() = decision.estimates();
  d->set_detail(decision.detail());
  d->set_count(count);
}

void Recorder::AddUpload(uint64_t bytes) {
  absl::MutexLock lock(&mu_);
  TransferStats* t = record_.mutable_transfers();
  t->set_upload_bytes(t->upload_bytes() + bytes);
  t->set_upload_count(t->upload_count() + 1);
}

void Recorder::AddDownload(uint64_t bytes) {
  absl::MutexLock lock(&mu_);
  TransferStats* t = record_.mutable_transfers();
  t->set_download_bytes(t->download_bytes() + bytes);
  t->set_download_count(t->download_count() + 1);
}

void Recorder::SetCacheStats(std::string_view name, uint64_t hits, uint64_t misses,
                             uint64_t corrupt, uint64_t writes, uint64_t bytes_read,
                             uint64_t bytes_written) {
  absl::MutexLock lock(&mu_);
  CacheStats* stats = FindOrAdd(index_->caches, std::string(name), record_.mutable_caches());
  stats->set_name(std::string(name));
  stats->set_hits(hits);
  stats->set_misses(misses);
  stats->set_corrupt(corrupt);
  stats->set_writes(writes);
  stats->set_bytes_read(bytes_read);
  stats->set_bytes_written(bytes_written);
}

void Recorder::SetDeviceMemory(const DeviceMemoryStats& stats) {
  absl::MutexLock lock(&mu_);
  *FindOrAdd(index_->device_memory, stats.plugin(), record_.mutable_device_memory()) = stats;
}

void Recorder::AddFusion(uint64_t groups, uint64_t ops_fused) {
  absl::MutexLock lock(&mu_);
  FusionStats* f = record_.mutable_fusion();
  f->set_groups(f->groups() + groups);
  f->set_ops_fused(f->ops_fused() + ops_fused);
}

void Recorder::AddMaterialization() {
  absl::MutexLock lock(&mu_);
  FusionStats* f = record_.mutable_fusion();
  f->set_materializations(f->materializations() + 1);
}

void Recorder::AddPlanCache(bool hit) {
  absl::MutexLock lock(&mu_);
  FusionStats* f = record_.mutable_fusion();
  if (hit) {
    f->set_plan_cache_hits(f->plan_cache_hits() + 1);
  } else {
    f->set_plan_cache_misses(f->plan_cache_misses() + 1);
  }
}

RunRecord Recorder::Snapshot(uint64_t wall_ns) const {
  absl::MutexLock lock(&mu_);
  RunRecord snapshot = record_;
  snapshot.set_wall_ns(wall_ns);
  return snapshot;
}

std::vector<std::pair<std::string, uint64_t>> Recorder::EventCounts() const {
  absl::MutexLock lock(&mu_);
  std::vector<std::pair<std::string, uint64_t>> counts;
  absl::flat_hash_map<std::string_view, size_t> position;
  for (const telemetry::Event& event : record_.events()) {
    auto [it, inserted] = position.try_emplace(event.name(), counts.size());
    if (inserted) counts.emplace_back(event.name(), 0);
    counts[it->second].second += event.count();
  }
  return counts;
}

}  // namespace runmat::telemetry
