// The persistent cache service: versioned, checksummed entries on local disk (docs/cache.md).
//
// Plugins reach it through rm_host_services.cache_get/cache_put/cache_reject (include/runmat/
// accel.h); the runtime adapts those callbacks to this class. Every entry is verified before a
// payload is handed out, and a damaged entry is deleted, counted and reported, never returned:
// the worst a bad cache can do is cost a rebuild.
#ifndef RUNMAT_CACHE_CACHE_SERVICE_HPP
#define RUNMAT_CACHE_CACHE_SERVICE_HPP

#include <array>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace runmat::cache {

// Identifies one entry. Every field except `entry` is a version part: it is encoded in the
// directory path, so a new plugin, driver or precision never even opens an old entry.
struct CacheKey {
  std::string cache_name;  // which cache, e.g. "vk-pipeline"
  std::string plugin;      // plugin id, e.g. "vulkan"
  uint32_t plugin_version = 0;
  std::array<uint8_t, 16> device_uuid{};
  std::string driver_version;
  uint32_t precision = 0;  // rm_dtype of the widest float used, 0 when irrelevant
  std::string entry;       // the entry within the cache, e.g. a kernel signature in hex
};

// Per cache_name. A corrupt entry found by Get counts as corrupt AND as a miss (the caller
// rebuilds); Reject counts only as corrupt (the Get before it already counted a hit).
// bytes_read / bytes_written count payload bytes of hits / successful puts.
// evictions: entries of this cache deleted to keep the cache under its size limit.
struct CacheCounters {
  uint64_t hits = 0, misses = 0, corrupt = 0, writes = 0, bytes_read = 0, bytes_written = 0;
  uint64_t evictions = 0;
};

// Receives named events ("cache-entry-corrupt", "<cache>: <reason>") for telemetry. Called
// without any lock of the service held, so it may call back into the service.
using EventSink = std::function<void(std::string_view name, std::string_view detail)>;

// One file found by List(). Entries whose header cannot be read are listed with ok = false
// and a reason, so `runmat cache ls` can show them; the next Get of that key deletes them.
struct EntryInfo {
  std::filesystem::path path;
  uint64_t file_bytes = 0;
  bool ok = false;
  std::string problem;  // why ok is false
  // From the entry header (valid when ok):
  std::string cache_name;
  std::string plugin;
  uint32_t plugin_version = 0;
  std::string device_uuid_hex;
  std::string driver_version;
  uint32_t precision = 0;
  std::string entry;
  uint64_t payload_bytes = 0;
  uint64_t created_unix_ms = 0;
  // Last Put or Get hit (the file's modification time): what LRU eviction orders by.
  uint64_t last_used_unix_ms = 0;
};

class CacheService {
 public:
  // `root` need not exist yet; it is created on the first Put. Nothing here touches disk.
  // The size limit starts as DefaultMaxBytes(); an invalid RUNMAT_CACHE_MAX_BYTES is reported
  // to `sink` as a "config-warning" event.
  explicit CacheService(std::filesystem::path root, EventSink sink = {});
  ~CacheService();
  CacheService(const CacheService&) = delete;
  CacheService& operator=(const CacheService&) = delete;

  // $RUNMAT_CACHE_DIR, else $XDG_CACHE_HOME/runmat (absolute values only, per the XDG spec),
  // else $HOME/.cache/runmat, else <temp dir>/runmat-cache-<uid>. Empty variables are unset.
  static std::filesystem::path DefaultRoot();

  // Size limit when RUNMAT_CACHE_MAX_BYTES is unset: compiled pipelines are kilobytes each, so
  // this holds thousands while staying small next to what the GPU drivers cache themselves.
  static constexpr uint64_t kDefaultMaxBytes = uint64_t{1} << 30;
  // RUNMAT_CACHE_MAX_BYTES ("512M", "2G", "1048576"; "0" = no limit), else kDefaultMaxBytes.
  // An unparsable value gives kDefaultMaxBytes and, when `problem` is given, says why there.
  static uint64_t DefaultMaxBytes(std::string* problem = nullptr);

  // The verified payload, or nullopt (miss). Never returns a damaged or mismatched entry.
  std::optional<std::string> Get(const CacheKey& key);
  // Atomic: the payload is written to a temp file in the entry's directory, then renamed over
  // the entry, so readers see the old entry, the new one, or none. Errors are returned, never
  // thrown; no event is emitted for them (the caller reports the status it got).
  // Afterwards, if the files under <root>/v1 exceed max_bytes(), the least recently used
  // entries (by last Put or Get hit) are deleted until they fit, never the one just written;
  // they count as `evictions` and one "cache-evicted" event reports them.
  absl::Status Put(const CacheKey& key, std::string_view payload);
  // A plugin found a verified payload unusable (e.g. a VkPipelineCache for another device):
  // delete it, count it as corrupt and report "cache-entry-rejected".
  void Reject(const CacheKey& key, std::string_view reason);

  std::map<std::string, CacheCounters> Counters() const;
  std::filesystem::path PathFor(const CacheKey& key) const;
  const std::filesystem::path& root() const { return root_; }

  // fsync the entry and its directory before the rename returns. Off by default: a lost
  // entry after a power failure is only a miss, and a torn one fails its checksum.
  void SetDurable(bool durable) { durable_.store(durable, std::memory_order_relaxed); }

  // 0 means no limit. Applies from the next Put.
  void SetMaxBytes(uint64_t max_bytes) { max_bytes_.store(max_bytes, std::memory_order_relaxed); }
  uint64_t max_bytes() const { return max_bytes_.load(std::memory_order_relaxed); }

  // Every *.bin file under <root>/v1 (headers only; payload checksums are verified by Get).
  // A missing root is an empty list; an unreadable one is an error.
  absl::StatusOr<std::vector<EntryInfo>> List() const;
  // Bytes of all files under <root>/v1, temp files included; 0 when unreadable.
  uint64_t TotalBytes() const;
  // Removes <root>/v1 only: the root may be a directory the user shares with other data.
  absl::Status Clear();

 private:
  struct State;  // counters and the I/O lock, kept out of the header (absl::Mutex)

  // Reports sink(name, "<cache_name>: <reason>"); called with no lock held.
  void Emit(std::string_view name, std::string_view cache_name, std::string_view reason) const;

  std::filesystem::path root_;
  EventSink sink_;
  std::atomic<bool> durable_{false};
  std::atomic<uint64_t> max_bytes_{kDefaultMaxBytes};
  std::unique_ptr<State> state_;
};

}  // namespace runmat::cache

#endif  // RUNMAT_CACHE_CACHE_SERVICE_HPP
