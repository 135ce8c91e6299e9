// CacheService: Get/Put/Reject and counters. The byte format lives in entry_format.cpp, the
// path layout in cache_paths.cpp, listing/clearing in cache_listing.cpp.
#include "runmat/cache/cache_service.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "cache_paths.hpp"
#include "cache_state.hpp"
#include "entry_format.hpp"
#include "file_io.hpp"
#include "size_limit.hpp"

namespace runmat::cache {
namespace {

// Bounds the allocation a damaged file can cause; no real entry comes near this.
constexpr uint64_t kMaxEntryBytes = uint64_t{1} << 30;

uint64_t NowUnixMs() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
}

}  // namespace

CacheService::CacheService(std::filesystem::path root, EventSink sink)
    : root_(std::move(root)), sink_(std::move(sink)), state_(std::make_unique<State>()) {
  std::string problem;
  max_bytes_.store(DefaultMaxBytes(&problem), std::memory_order_relaxed);
  if (!problem.empty() && sink_) sink_("config-warning", problem);
}

CacheService::~CacheService() = default;

std::filesystem::path CacheService::DefaultRoot() {
  return internal::ResolveDefaultRoot(std::getenv("RUNMAT_CACHE_DIR"),
                                      std::getenv("XDG_CACHE_HOME"), std::getenv("HOME"));
}

uint64_t CacheService::DefaultMaxBytes(std::string* problem) {
  const char* text = std::getenv("RUNMAT_CACHE_MAX_BYTES");
  if (text == nullptr || *text == '\0') return kDefaultMaxBytes;
  if (std::optional<uint64_t> bytes = internal::ParseByteSize(text)) return *bytes;
  if (problem) {
    *problem = absl::StrCat("RUNMAT_CACHE_MAX_BYTES='", text,
                            "' is not a size (e.g. 512M, 2G, 0 for no limit); using ",
                            kDefaultMaxBytes, " bytes");
  }
  return kDefaultMaxBytes;
}

std::filesystem::path CacheService::PathFor(const CacheKey& key) const {
  return root_ / internal::RelativeEntryPath(key);
}

std::optional<std::string> CacheService::Get(const CacheKey& key) {
  const std::filesystem::path path = PathFor(key);
  std::optional<std::string> result;
  std::string corrupt_reason;
  std::string read_error;
  {
    // File operations are serialized so a corrupt-entry delete cannot remove an entry a
    // concurrent Put of this process just renamed into place.
    absl::MutexLock io(&state_->io_mu);
    absl::StatusOr<std::optional<std::string>> file = internal::ReadWholeFile(path, kMaxEntryBytes);
    if (file.ok() && file->has_value()) {
      absl::StatusOr<std::string_view> payload = internal::DecodeEntry(**file, key);
      if (payload.ok()) {
        result.emplace(*payload);
        internal::TouchEntry(path);  // recently used: last in line for eviction
      } else {
        corrupt_reason = std::string(payload.status().message());
      }
    } else if (!file.ok() && absl::IsOutOfRange(file.status())) {
      corrupt_reason = std::string(file.status().message());  // absurdly large: not ours
    } else if (!file.ok()) {
      read_error = std::string(file.status().message());
    }
    if (!corrupt_reason.empty()) {
      if (absl::Status removed = internal::RemoveFile(path); !removed.ok()) {
        absl::StrAppend(&corrupt_reason, " (not deleted: ", removed.message(), ")");
      }
    }
  }

  state_->Update(key.cache_name, [&](CacheCounters& c) {
    if (result.has_value()) {
      ++c.hits;
      c.bytes_read += result->size();
    } else {
      ++c.misses;
      if (!corrupt_reason.empty()) ++c.corrupt;
    }
  });
  if (!corrupt_reason.empty()) Emit("cache-entry-corrupt", key.cache_name, corrupt_reason);
  if (!read_error.empty()) Emit("cache-read-failed", key.cache_name, read_error);
  return result;
}

absl::Status CacheService::Put(const CacheKey& key, std::string_view payload) {
  if (key.cache_name.empty() || key.plugin.empty() || key.entry.empty()) {
    return absl::InvalidArgumentError("cache key needs cache_name, plugin and entry");
  }
  if (payload.size() > kMaxEntryBytes / 2) {
    return absl::InvalidArgumentError(absl::StrCat("cache payload too large: ", payload.size()));
  }
  const std::filesystem::path path = PathFor(key);
  const std::string file = internal::EncodeEntry(key, payload, NowUnixMs());
  // Unique per process and call: concurrent writers (threads or processes) never share a
  // temp file, and the last rename wins with a complete entry.
  std::filesystem::path temp = path;
  temp += absl::StrCat(".tmp-", static_cast<int64_t>(::getpid()), "-",
                       state_->temp_counter.fetch_add(1, std::memory_order_relaxed));
  absl::Status status;
  internal::EvictionResult evicted;
  const uint64_t limit = max_bytes();
  {
    absl::MutexLock io(&state_->io_mu);
    status =
        internal::WriteFileAtomically(path, temp, file, durable_.load(std::memory_order_relaxed));
    if (status.ok() && limit > 0) {
      evicted = internal::EvictLeastRecentlyUsed(root_ / internal::kLayoutDir, limit, path);
    }
  }
  // A failed Put is reported by the caller (it owns the status); emitting here as well
  // would count the same failure twice.
  if (status.ok()) {
    state_->Update(key.cache_name, [&](CacheCounters& c) {
      ++c.writes;
      c.bytes_written += payload.size();
    });
  }
  // Evicted entries count against the cache they belonged to (its directory name, which is
  // the cache name for every name RunMat uses).
  for (const auto& [cache_name, files] : evicted.files_per_cache) {
    state_->Update(cache_name, [&](CacheCounters& c) { c.evictions += files; });
  }
  if (evicted.files > 0) {
    Emit("cache-evicted", key.cache_name,
         absl::StrCat(evicted.files, " least recently used entries (", evicted.bytes,
                      " bytes) to stay under ", limit, " bytes"));
  }
  return status;
}

void CacheService::Reject(const CacheKey& key, std::string_view reason) {
  std::string detail(reason);
  {
    absl::MutexLock io(&state_->io_mu);
    if (absl::Status removed = internal::RemoveFile(PathFor(key)); !removed.ok()) {
      absl::StrAppend(&detail, " (not deleted: ", removed.message(), ")");
    }
  }
  state_->Update(key.cache_name, [](CacheCounters& c) { ++c.corrupt; });
  Emit("cache-entry-rejected", key.cache_name, detail);
}

std::map<std::string, CacheCounters> CacheService::Counters() const {
  absl::MutexLock lock(&state_->counters_mu);
  return state_->counters;
}

void CacheService::Emit(std::string_view name, std::string_view cache_name,
                        std::string_view reason) const {
  if (!sink_) return;
  // Debian's Abseil has its own string_view type, so build the detail without StrCat.
  std::string detail;
  detail.reserve(cache_name.size() + 2 + reason.size());
  detail.append(cache_name).append(": ").append(reason);
  sink_(name, detail);
}

}  // namespace runmat::cache
