#include "cache_paths.hpp"

#include <unistd.h>

#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace runmat::cache::internal {
namespace {

// Long names are cut so the whole path stays well under NAME_MAX (255) per component.
constexpr size_t kMaxComponentChars = 96;

bool IsSafeChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '+' || c == '-';
}

uint32_t Fnv1a32(std::string_view text) {
  uint32_t hash = 2166136261u;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 16777619u;
  }
  return hash;
}

bool IsSet(const char* value) {
  return value != nullptr && value[0] != '\0';
}

}  // namespace

std::string SanitizeComponent(std::string_view text) {
  std::string cleaned;
  cleaned.reserve(text.size());
  for (char c : text) cleaned.push_back(IsSafeChar(c) ? c : '_');
  // A leading '.' would make "." / ".." (path traversal) or hidden files.
  if (!cleaned.empty() && cleaned[0] == '.') cleaned[0] = '_';
  if (!text.empty() && cleaned == text && cleaned.size() <= kMaxComponentChars) return cleaned;
  if (cleaned.size() > kMaxComponentChars) cleaned.resize(kMaxComponentChars);
  return absl::StrFormat("%s~%08x", cleaned, Fnv1a32(text));
}

std::string UuidHex(const std::array<uint8_t, 16>& uuid) {
  std::string hex;
  hex.reserve(32);
  for (uint8_t byte : uuid) absl::StrAppendFormat(&hex, "%02x", byte);
  return hex;
}

std::filesystem::path RelativeEntryPath(const CacheKey& key) {
  std::filesystem::path path(kLayoutDir);
  path /= SanitizeComponent(key.cache_name);
  path /= absl::StrCat(SanitizeComponent(key.plugin), "-v", key.plugin_version);
  path /= absl::StrCat(UuidHex(key.device_uuid), "-", SanitizeComponent(key.driver_version), "-p",
                       key.precision);
  path /= absl::StrCat(SanitizeComponent(key.entry), ".bin");
  return path;
}

std::filesystem::path ResolveDefaultRoot(const char* runmat_cache_dir, const char* xdg_cache_home,
                                         const char* home) {
  if (IsSet(runmat_cache_dir)) return std::filesystem::path(runmat_cache_dir);
  // The XDG spec says relative values are invalid and must be ignored.
  if (IsSet(xdg_cache_home) && std::filesystem::path(xdg_cache_home).is_absolute()) {
    return std::filesystem::path(xdg_cache_home) / "runmat";
  }
  if (IsSet(home)) return std::filesystem::path(home) / ".cache" / "runmat";
  // No home at all (daemons, sandboxes): a per-user temp directory still gives warm runs.
  std::error_code ec;
  std::filesystem::path tmp = std::filesystem::temp_directory_path(ec);
  if (ec) tmp = "/tmp";
  return tmp / absl::StrCat("runmat-cache-", static_cast<uint64_t>(::getuid()));
}

}  // namespace runmat::cache::internal
