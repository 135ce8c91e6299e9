#include "calibration.hpp"

#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "calibration.pb.h"

namespace runmat::runtime {

namespace {

constexpr uint32_t kFormatVersion = 1;
constexpr const char* kEntry = "coefficients";

bool usable(double v) {
  return std::isfinite(v) && v >= 0;
}

// A payload that parses but holds values the model cannot use is as bad as a damaged one.
std::string check(const accel::DeviceCalibration& p, const CalibrationIdentity& id) {
  if (p.format_version() != kFormatVersion)
    return absl::StrCat("unknown format version ", p.format_version());
  if (p.plugin() != id.plugin || p.plugin_version() != id.plugin_version ||
      p.device_uuid() != id.uuid_hex() || p.driver_version() != id.driver_version)
    return "the payload belongs to another device, driver or plugin";
  if (!usable(p.launch_ns()) || !usable(p.open_ns()) || !usable(p.compile_ns()) ||
      !(p.upload_bytes_per_ns() > 0) || !(p.download_bytes_per_ns() > 0) ||
      !std::isfinite(p.upload_bytes_per_ns()) || !std::isfinite(p.download_bytes_per_ns()))
    return "launch latency or bandwidth out of range";
  for (const accel::DtypeCost* d : {&p.f32(), &p.f64()}) {
    if (d->measured() &&
        !(usable(d->element_ns()) && usable(d->op_ns()) && usable(d->reduce_element_ns())))
      return "per-element cost out of range";
  }
  if (!p.f32().measured() && !p.f64().measured()) return "no element type was measured";
  return "";
}

offload::DtypeCost from_proto(const accel::DtypeCost& d) {
  return {d.measured(), d.element_ns(), d.op_ns(), d.reduce_element_ns()};
}

void to_proto(const offload::DtypeCost& d, accel::DtypeCost* out) {
  out->set_measured(d.measured);
  out->set_element_ns(d.element_ns);
  out->set_op_ns(d.op_ns);
  out->set_reduce_element_ns(d.reduce_element_ns);
}

uint64_t corrupt_count(const cache::CacheService& cache) {
  const auto counters = cache.Counters();
  auto it = counters.find(kCalibrationCache);
  return it == counters.end() ? 0 : it->second.corrupt;
}

// An entry of this device under another driver or plugin version: the device was calibrated,
// but not as it is now. Listing is only done when the calibration directory exists at all.
std::string find_stale(const cache::CacheService& cache, const CalibrationIdentity& id) {
  // <root>/v1/<cache>/<plugin>-v<N>/<uuid>-<driver>-p0/<entry>.bin: three levels up.
  const std::filesystem::path dir =
      cache.PathFor(id.key()).parent_path().parent_path().parent_path();
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return "";
  auto entries = cache.List();
  if (!entries.ok()) return "";
  for (const cache::EntryInfo& e : *entries) {
    if (!e.ok || e.cache_name != kCalibrationCache || e.plugin != id.plugin ||
        e.device_uuid_hex != id.uuid_hex())
      continue;
    if (e.plugin_version == id.plugin_version && e.driver_version == id.driver_version) continue;
    return absl::StrFormat(
        "stale: calibrated with %s plugin v%d and driver %s, now plugin v%d and driver %s",
        e.plugin, e.plugin_version, e.driver_version, id.plugin_version, id.driver_version);
  }
  return "";
}

}  // namespace

CalibrationIdentity CalibrationIdentity::Of(const std::string& plugin, uint32_t plugin_version,
                                            const rm_device_info& info) {
  CalibrationIdentity id;
  id.plugin = plugin;
  id.plugin_version = plugin_version;
  id.device_name = std::string(info.name, strnlen(info.name, sizeof info.name));
  std::memcpy(id.device_uuid.data(), info.uuid, sizeof info.uuid);
  id.driver_version =
      std::string(info.driver_version, strnlen(info.driver_version, sizeof info.driver_version));
  return id;
}

cache::CacheKey CalibrationIdentity::key() const {
  cache::CacheKey k;
  k.cache_name = kCalibrationCache;
  k.plugin = plugin;
  k.plugin_version = plugin_version;
  k.device_uuid = device_uuid;
  k.driver_version = driver_version;
  k.precision = 0;
  k.entry = kEntry;
  return k;
}

std::string CalibrationIdentity::uuid_hex() const {
  std::string hex;
  for (uint8_t b : device_uuid) absl::StrAppendFormat(&hex, "%02x", b);
  return hex;
}

CalibrationLoad LoadCalibration(cache::CacheService& cache, const CalibrationIdentity& id) {
  CalibrationLoad load;
  const cache::CacheKey key = id.key();
  const uint64_t corrupt_before = corrupt_count(cache);
  std::optional<std::string> payload = cache.Get(key);
  if (!payload) {
    // The cache service deleted a damaged file (and emitted cache-entry-corrupt): say so.
    if (corrupt_count(cache) != corrupt_before) {
      load.problem = "corrupt: the entry failed its integrity check and was discarded";
    } else {
      load.problem = find_stale(cache, id);
    }
    return load;
  }
  accel::DeviceCalibration p;
  std::string bad;
  if (!p.ParseFromString(*payload)) {
    bad = "the payload is not a DeviceCalibration message";
  } else {
    bad = check(p, id);
  }
  if (!bad.empty()) {
    cache.Reject(key, bad);
    load.problem = absl::StrCat("corrupt: ", bad, "; discarded");
    return load;
  }
  offload::DeviceCoefficients c;
  c.calibrated = true;
  c.launch_ns = p.launch_ns();
  c.upload_bytes_per_ns = p.upload_bytes_per_ns();
  c.download_bytes_per_ns = p.download_bytes_per_ns();
  c.f32 = from_proto(p.f32());
  c.f64 = from_proto(p.f64());
  c.open_ns = p.open_ns();
  c.compile_ns = p.compile_ns();
  load.coefficients = c;
  return load;
}

absl::Status SaveCalibration(cache::CacheService& cache, const CalibrationIdentity& id,
                             const offload::DeviceCoefficients& c, bool quick) {
  accel::DeviceCalibration p;
  p.set_format_version(kFormatVersion);
  p.set_plugin(id.plugin);
  p.set_plugin_version(id.plugin_version);
  p.set_device_uuid(id.uuid_hex());
  p.set_driver_version(id.driver_version);
  p.set_device_name(id.device_name);
  p.set_created_unix_ms(
      static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count()));
  p.set_quick(quick);
  p.set_launch_ns(c.launch_ns);
  p.set_upload_bytes_per_ns(c.upload_bytes_per_ns);
  p.set_download_bytes_per_ns(c.download_bytes_per_ns);
  to_proto(c.f32, p.mutable_f32());
  to_proto(c.f64, p.mutable_f64());
  p.set_open_ns(c.open_ns);
  p.set_compile_ns(c.compile_ns);
  if (const std::string bad = check(p, id); !bad.empty())
    return absl::InvalidArgumentError(absl::StrCat("calibration not saved: ", bad));
  return cache.Put(id.key(), p.SerializeAsString());
}

}  // namespace runmat::runtime
