// The one device: this machine's CPU. Nothing here opens anything but /proc/cpuinfo.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

#include "api.hpp"
#include "context.hpp"
#include "version.hpp"

namespace rmcpu {
namespace {

struct CpuIdentity {
  std::string model = "Unknown CPU";
  std::string vendor = "Unknown";
  uint32_t vendor_id = 0;
  uint32_t family = 0, model_number = 0;
};

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  const size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

CpuIdentity read_cpu_identity() {
  CpuIdentity id;
  std::ifstream f("/proc/cpuinfo");
  std::string line;
  bool have_model = false, have_vendor = false, have_family = false, have_number = false;
  while (std::getline(f, line)) {
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::string key = trim(line.substr(0, colon));
    const std::string value = trim(line.substr(colon + 1));
    if (!have_model && (key == "model name" || key == "Model" || key == "cpu model")) {
      id.model = value;
      have_model = true;
    } else if (!have_vendor && key == "vendor_id") {
      id.vendor = value;
      have_vendor = true;
    } else if (!have_family && key == "cpu family") {
      id.family = static_cast<uint32_t>(std::strtoul(value.c_str(), nullptr, 10));
      have_family = true;
    } else if (!have_number && key == "model") {
      id.model_number = static_cast<uint32_t>(std::strtoul(value.c_str(), nullptr, 10));
      have_number = true;
    }
  }
  if (id.vendor == "GenuineIntel") {
    id.vendor = "Intel";
    id.vendor_id = 0x8086;
  } else if (id.vendor == "AuthenticAMD") {
    id.vendor = "AMD";
    id.vendor_id = 0x1022;
  }
  return id;
}

const CpuIdentity& cpu_identity() {
  static const CpuIdentity id = read_cpu_identity();
  return id;
}

uint64_t fnv1a(const std::string& s, uint64_t h) {
  for (unsigned char ch : s) {
    h ^= ch;
    h *= 1099511628211ull;
  }
  return h;
}

// Deterministic 16-byte id: two FNV-1a hashes of model name + "runmat-cpu", shaped like an RFC
// 4122 version-8 (custom) UUID.
void make_uuid(const std::string& model, uint8_t out[16]) {
  const std::string key = model + "|runmat-cpu";
  const uint64_t h1 = fnv1a(key, 14695981039346656037ull);
  const uint64_t h2 = fnv1a(key, h1 ^ 0x9e3779b97f4a7c15ull);
  for (int i = 0; i < 8; ++i) {
    out[i] = static_cast<uint8_t>(h1 >> (56 - 8 * i));
    out[8 + i] = static_cast<uint8_t>(h2 >> (56 - 8 * i));
  }
  out[6] = static_cast<uint8_t>((out[6] & 0x0f) | 0x80);
  out[8] = static_cast<uint8_t>((out[8] & 0x3f) | 0x80);
}

void copy_str(char* dst, size_t cap, const std::string& s) {
  std::snprintf(dst, cap, "%s", s.c_str());
}

}  // namespace

rm_status probe(uint32_t* device_count, char* reason, size_t reason_size) {
  if (reason && reason_size > 0) reason[0] = '\0';
  if (!device_count) {
    set_thread_error("probe: device_count is NULL");
    return RM_ERR_INVALID_ARGUMENT;
  }
  *device_count = 1;
  return RM_OK;
}

rm_status get_device_info(uint32_t device_index, rm_device_info* info) {
  if (!info) {
    set_thread_error("get_device_info: info is NULL");
    return RM_ERR_INVALID_ARGUMENT;
  }
  if (device_index != 0) {
    set_thread_error("get_device_info: no device %u (the CPU plugin has one device)", device_index);
    return RM_ERR_NOT_FOUND;
  }
  const CpuIdentity& id = cpu_identity();
  rm_device_info d;
  std::memset(&d, 0, sizeof d);
  d.struct_size = sizeof d;
  d.flags = RM_DEVICE_FLAG_FLOAT64 | RM_DEVICE_FLAG_HOST_MEMORY;
  d.type = RM_DEVICE_CPU;
  d.vendor_id = id.vendor_id;
  d.device_id = (id.family << 8) | (id.model_number & 0xff);
  d.compute_units = std::thread::hardware_concurrency();
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGESIZE);
  if (pages > 0 && page_size > 0)
    d.memory_bytes = static_cast<uint64_t>(pages) * static_cast<uint64_t>(page_size);
  d.max_buffer_bytes = d.memory_bytes;
  make_uuid(id.model, d.uuid);
  copy_str(d.name, sizeof d.name, id.model);
  copy_str(d.vendor, sizeof d.vendor, id.vendor);
  copy_str(d.driver_version, sizeof d.driver_version, kVersionString);
  d.api_version[0] = '\0';
  write_sized(info, d);
  return RM_OK;
}

}  // namespace rmcpu
