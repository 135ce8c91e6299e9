// `runmat accel-info`: everything a user needs to see why work ran where it did.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "accel_host.hpp"
#include "runmat/cache/cache_service.hpp"
#include "runmat/runtime/runtime.hpp"
#include "runmat/telemetry/recorder.hpp"

namespace runmat::runtime {

namespace {
const char* type_name(rm_device_type t) {
  switch (t) {
    case RM_DEVICE_CPU:
      return "cpu";
    case RM_DEVICE_INTEGRATED_GPU:
      return "integrated-gpu";
    case RM_DEVICE_DISCRETE_GPU:
      return "discrete-gpu";
    case RM_DEVICE_VIRTUAL_GPU:
      return "virtual-gpu";
    default:
      return "other";
  }
}
}  // namespace

std::string Runtime::describe_accelerators() {
  std::string out = absl::StrFormat("RunMat accelerator host, ABI %d.%d, kernel IR v%d\n",
                                    RM_ACCEL_ABI_MAJOR, RM_ACCEL_ABI_MINOR, RM_IR_VERSION);
  PluginHost& host = accel_->plugins();
  absl::StrAppend(&out, "Plugin search path:\n");
  for (const auto& d : host.dirs())
    absl::StrAppend(&out, "  ", d.lexically_normal().string(), "\n");
  accel_->plugins().load_all();
  absl::StrAppend(&out, "Plugins:\n");
  if (host.plugins().empty()) absl::StrAppend(&out, "  (none found)\n");
  for (auto& p : host.plugins()) {
    if (!p.api) {
      absl::StrAppend(&out, "  REFUSED ", p.path.string(), ": ", p.refused_reason, "\n");
      recorder_->Event("plugin-refused", absl::StrCat(p.path.string(), ": ", p.refused_reason));
      continue;
    }
    absl::StrAppendFormat(&out, "  %s (ABI %d.%d, plugin version %d) %s\n    %s\n", p.name,
                          p.abi_major, p.abi_minor, p.api->plugin_version, p.path.string(),
                          p.api->description ? p.api->description : "");
    PluginHost::probe_devices(p);
    if (p.devices.empty()) {
      absl::StrAppend(&out, "    no devices: ", p.probe_failure, "\n");
      recorder_->Event("plugin-no-device", absl::StrCat(p.name, ": ", p.probe_failure));
    }
    for (size_t i = 0; i < p.devices.size(); ++i) {
      const rm_device_info& d = p.devices[i];
      std::string uuid;
      for (uint8_t b : d.uuid) absl::StrAppendFormat(&uuid, "%02x", b);
      absl::StrAppendFormat(&out,
                            "    device %d: %s [%s] vendor %s (0x%04x) driver %s %s\n"
                            "      memory %.1f GiB, float64 %s, timestamps %s, uuid %s\n",
                            i, d.name, type_name(d.type), d.vendor, d.vendor_id, d.driver_version,
                            d.api_version, d.memory_bytes / 1073741824.0,
                            (d.flags & RM_DEVICE_FLAG_FLOAT64) ? "yes" : "NO",
                            (d.flags & RM_DEVICE_FLAG_TIMESTAMPS) ? "yes" : "no", uuid);
      if (!(d.flags & RM_DEVICE_FLAG_FLOAT64)) {
        recorder_->Event("float64-unsupported", absl::StrCat(p.name, ": ", d.name));
      }
    }
  }
  absl::StrAppend(&out, "Offload mode: ",
                  options_.accel == AccelMode::kAuto     ? "auto"
                  : options_.accel == AccelMode::kCpu    ? "cpu"
                  : options_.accel == AccelMode::kVulkan ? "vulkan"
                                                         : "off",
                  " (RUNMAT_ACCEL=auto|cpu|vulkan|off)\n");
  absl::StrAppend(&out, "Cache directory: ", cache_->root().string(), "\n");
  const auto events = recorder_->EventCounts();
  if (!events.empty()) {
    absl::StrAppend(&out, "Events:\n");
    for (const auto& [name, count] : events) absl::StrAppendFormat(&out, "  %s x%d\n", name, count);
  }
  return out;
}

}  // namespace runmat::runtime
