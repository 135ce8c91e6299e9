// Persisted auto-offload calibration: one cache entry per device (cache "accel-calibration",
// keyed by plugin name and version, device uuid and driver version; schemas/calibration.proto
// payload). A stale entry (same device, another driver or plugin version) or a damaged one is
// never used: loading says why, and the caller warns and falls back to default coefficients.
#pragma once

#include <array>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "offload_cost_model.hpp"
#include "runmat/accel.h"
#include "runmat/cache/cache_service.hpp"

namespace runmat::runtime {

inline constexpr const char* kCalibrationCache = "accel-calibration";

// Who was calibrated: the fields of the cache key.
struct CalibrationIdentity {
  std::string plugin;
  uint32_t plugin_version = 0;
  std::string device_name;
  std::array<uint8_t, 16> device_uuid{};
  std::string driver_version;

  static CalibrationIdentity Of(const std::string& plugin, uint32_t plugin_version,
                                const rm_device_info& info);
  cache::CacheKey key() const;
  std::string uuid_hex() const;
};

struct CalibrationLoad {
  std::optional<offload::DeviceCoefficients> coefficients;  // set when a valid entry was found
  // Non-empty when an entry exists but was ignored (stale or corrupt): the reason, ready for
  // a warning. Empty with no coefficients: this device was never calibrated.
  std::string problem;
};

// Reads the device's calibration. A damaged entry is deleted by the cache service (checksum)
// or rejected here (unreadable payload, mismatched identity, non-finite or negative values).
// Looks for stale entries of the same device only when the exact key misses.
CalibrationLoad LoadCalibration(cache::CacheService& cache, const CalibrationIdentity& id);

// Writes the device's calibration (atomically, through the cache service).
absl::Status SaveCalibration(cache::CacheService& cache, const CalibrationIdentity& id,
                             const offload::DeviceCoefficients& coefficients, bool quick);

}  // namespace runmat::runtime
