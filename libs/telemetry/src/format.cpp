#include "format.hpp"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace runmat::telemetry {

std::string FormatDuration(uint64_t ns) {
  if (ns >= 1'000'000'000) return absl::StrFormat("%.3f s", ns / 1e9);
  if (ns >= 1'000'000) return absl::StrFormat("%.3f ms", ns / 1e6);
  if (ns >= 1'000) return absl::StrFormat("%.3f us", ns / 1e3);
  return absl::StrCat(ns, " ns");
}

std::string FormatBytes(uint64_t bytes) {
  if (bytes >= (uint64_t{1} << 30)) return absl::StrFormat("%.1f GiB", bytes / 1073741824.0);
  if (bytes >= (uint64_t{1} << 20)) return absl::StrFormat("%.1f MiB", bytes / 1048576.0);
  if (bytes >= (uint64_t{1} << 10)) return absl::StrFormat("%.1f KiB", bytes / 1024.0);
  return absl::StrCat(bytes, " B");
}

}  // namespace runmat::telemetry
