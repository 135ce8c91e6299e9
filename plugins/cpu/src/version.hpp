// Version of the CPU plugin itself (part of cache keys and of rm_device_info.driver_version).
#pragma once

#include <cstdint>

namespace rmcpu {

inline constexpr uint32_t kVersionMajor = 0;
inline constexpr uint32_t kVersionMinor = 1;
inline constexpr uint32_t kVersionPatch = 0;
inline constexpr uint32_t kPluginVersion =
    (kVersionMajor << 16) | (kVersionMinor << 8) | kVersionPatch;
inline constexpr const char* kVersionString = "0.1.0";

}  // namespace rmcpu
