// CacheService::List / TotalBytes / Clear: whole-cache operations for `runmat cache`.
#include <chrono>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "cache_paths.hpp"
#include "cache_state.hpp"
#include "entry_format.hpp"
#include "file_io.hpp"
#include "runmat/cache/cache_service.hpp"

namespace runmat::cache {
namespace {

namespace fs = std::filesystem;

uint64_t LastUsedUnixMs(const fs::path& path) {
  std::error_code ec;
  const fs::file_time_type t = fs::last_write_time(path, ec);
  if (ec) return 0;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::file_clock::to_sys(t).time_since_epoch());
  return ms.count() > 0 ? static_cast<uint64_t>(ms.count()) : 0;
}

EntryInfo DescribeEntry(const fs::path& path, uint64_t file_bytes) {
  EntryInfo info;
  info.path = path;
  info.file_bytes = file_bytes;
  info.last_used_unix_ms = LastUsedUnixMs(path);
  absl::StatusOr<std::string> prefix =
      internal::ReadFilePrefix(path, internal::kPreambleBytes + internal::kMaxHeaderBytes);
  if (!prefix.ok()) {
    info.problem = std::string(prefix.status().message());
    return info;
  }
  absl::StatusOr<runmat::cache::EntryHeader> header = internal::DecodeHeader(*prefix, nullptr);
  if (!header.ok()) {
    info.problem = std::string(header.status().message());
    return info;
  }
  info.ok = true;
  info.cache_name = header->cache_name();
  info.plugin = header->plugin();
  info.plugin_version = header->plugin_version();
  info.device_uuid_hex = header->device_uuid();
  info.driver_version = header->driver_version();
  info.precision = header->precision();
  info.entry = header->entry();
  info.payload_bytes = header->payload_size();
  info.created_unix_ms = header->created_unix_ms();
  return info;
}

}  // namespace

absl::StatusOr<std::vector<EntryInfo>> CacheService::List() const {
  const fs::path layout = root_ / internal::kLayoutDir;
  std::vector<EntryInfo> entries;
  std::error_code ec;
  if (!fs::exists(layout, ec)) {
    if (ec)
      return absl::UnavailableError(
          absl::StrCat("cannot access ", layout.string(), ": ", ec.message()));
    return entries;
  }
  fs::recursive_directory_iterator it(layout, ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("cannot list ", layout.string(), ": ", ec.message()));
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    std::error_code entry_ec;
    // Temp files end in ".tmp-<pid>-<n>", so only finished entries match ".bin".
    if (!it->is_regular_file(entry_ec) || it->path().extension() != ".bin") continue;
    const uint64_t size = it->file_size(entry_ec);
    entries.push_back(DescribeEntry(it->path(), entry_ec ? 0 : size));
  }
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("cannot list ", layout.string(), ": ", ec.message()));
  }
  return entries;
}

uint64_t CacheService::TotalBytes() const {
  uint64_t total = 0;
  std::error_code ec;
  fs::recursive_directory_iterator it(root_ / internal::kLayoutDir, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code entry_ec;
    if (!it->is_regular_file(entry_ec)) continue;
    const uint64_t size = it->file_size(entry_ec);
    if (!entry_ec) total += size;
  }
  return total;
}

absl::Status CacheService::Clear() {
  const fs::path layout = root_ / internal::kLayoutDir;
  absl::MutexLock io(&state_->io_mu);
  std::error_code ec;
  // Nothing there (including a root below a regular file) is already clear.
  if (!fs::exists(layout, ec) && !ec) return absl::OkStatus();
  fs::remove_all(layout, ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("cannot clear ", layout.string(), ": ", ec.message()));
  }
  return absl::OkStatus();
}

}  // namespace runmat::cache
