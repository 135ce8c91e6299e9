// CacheStatsReport: `runmat cache stats`.
#include "runmat/cache/cache_report.hpp"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace runmat::cache {
namespace {

std::string Size(uint64_t bytes) {
  if (bytes >= (uint64_t{1} << 30)) return absl::StrFormat("%.1f GiB", bytes / 1073741824.0);
  if (bytes >= (uint64_t{1} << 20)) return absl::StrFormat("%.1f MiB", bytes / 1048576.0);
  if (bytes >= (uint64_t{1} << 10)) return absl::StrFormat("%.1f KiB", bytes / 1024.0);
  return absl::StrCat(bytes, " B");
}

std::string UtcTime(uint64_t unix_ms) {
  if (unix_ms == 0) return "-";
  const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

struct Usage {
  uint64_t entries = 0, bytes = 0, last_used_unix_ms = 0;
};

}  // namespace

std::string CacheStatsReport(const CacheService& service) {
  std::string out = absl::StrCat("cache directory: ", service.root().string(), "\n");
  const uint64_t limit = service.max_bytes();
  const char* env = std::getenv("RUNMAT_CACHE_MAX_BYTES");
  absl::StrAppend(
      &out, "size limit: ", limit == 0 ? "none" : Size(limit),
      env && *env ? " (RUNMAT_CACHE_MAX_BYTES)" : " (default; RUNMAT_CACHE_MAX_BYTES sets it)",
      ", least recently used entries are evicted beyond it\n");
  absl::StatusOr<std::vector<EntryInfo>> entries = service.List();
  if (!entries.ok()) {
    absl::StrAppend(&out, "cannot list: ", entries.status().message(), "\n");
    return out;
  }
  std::map<std::string, Usage> per_cache;
  Usage damaged;
  for (const EntryInfo& e : *entries) {
    Usage& u = e.ok ? per_cache[e.cache_name] : damaged;
    ++u.entries;
    u.bytes += e.file_bytes;
    u.last_used_unix_ms = std::max(u.last_used_unix_ms, e.last_used_unix_ms);
  }
  absl::StrAppend(
      &out, absl::StrFormat("  %-14s %8s %10s  %s\n", "cache", "entries", "size", "last used"));
  for (const auto& [name, u] : per_cache) {
    absl::StrAppend(&out, absl::StrFormat("  %-14s %8d %10s  %s\n", name, u.entries, Size(u.bytes),
                                          UtcTime(u.last_used_unix_ms)));
  }
  if (damaged.entries > 0) {
    absl::StrAppend(&out, absl::StrFormat("  %-14s %8d %10s  (runmat cache verify lists them)\n",
                                          "damaged", damaged.entries, Size(damaged.bytes)));
  }
  const uint64_t total = service.TotalBytes();  // temp files of writes in progress included
  absl::StrAppend(&out, "total: ", entries->size(), " entries, ", Size(total));
  if (limit > 0)
    absl::StrAppend(&out, absl::StrFormat(" (%.1f%% of the limit)", total * 100.0 / limit));
  absl::StrAppend(&out, "\n");
  return out;
}

}  // namespace runmat::cache
