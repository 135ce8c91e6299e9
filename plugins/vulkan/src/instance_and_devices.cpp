// Instance creation, device enumeration/ordering, and rm_device_info. Nothing here opens a
// VkDevice.
//
// One VkInstance per process (shared_instance): on NVIDIA (H100, Ubuntu 24.04 container) the
// driver starts failing vkCreateInstance with VK_ERROR_INCOMPATIBLE_DRIVER after ~30
// create/destroy cycles in one process, so probe, get_device_info and every context share one
// instance, created on first need (never at plugin load) and deliberately never destroyed
// (destroying it at exit races the driver's own teardown). An instance opens no device.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "vk_internal.h"

namespace rmvk {

VkResult create_instance(VkInstance* out) {
  uint32_t api = VK_API_VERSION_1_0;
  auto enum_version = reinterpret_cast<PFN_vkEnumerateInstanceVersion>(
      vkGetInstanceProcAddr(nullptr, "vkEnumerateInstanceVersion"));
  if (enum_version) enum_version(&api);
  VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
  app.pApplicationName = "runmat";
  app.pEngineName = "runmat-vulkan";
  app.engineVersion = kPluginVersion;
  app.apiVersion = api >= VK_API_VERSION_1_2 ? VK_API_VERSION_1_2 : VK_API_VERSION_1_1;
  VkInstanceCreateInfo ci{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
  ci.pApplicationInfo = &app;
  return vkCreateInstance(&ci, nullptr, out);
}

VkResult shared_instance(VkInstance* out) {
  static std::mutex mu;
  static VkInstance instance = VK_NULL_HANDLE;
  std::lock_guard<std::mutex> lock(mu);
  if (!instance) {
    VkResult r = create_instance(&instance);
    if (r != VK_SUCCESS) {
      instance = VK_NULL_HANDLE;
      return r;
    }
  }
  *out = instance;
  return VK_SUCCESS;
}

static int type_rank(VkPhysicalDeviceType t) {
  switch (t) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
      return 0;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
      return 1;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
      return 2;
    case VK_PHYSICAL_DEVICE_TYPE_CPU:
      return 3;
    default:
      return 4;
  }
}

static bool find_compute_family(VkPhysicalDevice pd, uint32_t* family, uint32_t* ts_bits) {
  uint32_t n = 0;
  vkGetPhysicalDeviceQueueFamilyProperties(pd, &n, nullptr);
  std::vector<VkQueueFamilyProperties> fams(n);
  vkGetPhysicalDeviceQueueFamilyProperties(pd, &n, fams.data());
  int best = -1;
  // Prefer a compute-only family (async compute on discrete GPUs), else any with compute.
  for (uint32_t i = 0; i < n; ++i) {
    if (!(fams[i].queueFlags & VK_QUEUE_COMPUTE_BIT)) continue;
    if (best < 0 || !(fams[i].queueFlags & VK_QUEUE_GRAPHICS_BIT)) best = static_cast<int>(i);
    if (!(fams[i].queueFlags & VK_QUEUE_GRAPHICS_BIT)) break;
  }
  if (best < 0) return false;
  *family = static_cast<uint32_t>(best);
  *ts_bits = fams[best].timestampValidBits;
  return true;
}

std::vector<VkPhysicalDevice> ordered_devices(VkInstance instance) {
  uint32_t n = 0;
  if (vkEnumeratePhysicalDevices(instance, &n, nullptr) != VK_SUCCESS) return {};
  std::vector<VkPhysicalDevice> all(n);
  if (vkEnumeratePhysicalDevices(instance, &n, all.data()) < 0) return {};
  all.resize(n);
  std::vector<std::pair<int, VkPhysicalDevice>> keyed;
  for (VkPhysicalDevice pd : all) {
    VkPhysicalDeviceProperties p;
    vkGetPhysicalDeviceProperties(pd, &p);
    uint32_t fam, bits;
    if (p.apiVersion < VK_API_VERSION_1_1) continue;  // we target SPIR-V for Vulkan 1.1
    if (!find_compute_family(pd, &fam, &bits)) continue;
    keyed.emplace_back(type_rank(p.deviceType), pd);
  }
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<VkPhysicalDevice> out;
  for (auto& k : keyed) out.push_back(k.second);
  return out;
}

static std::string decode_driver_version(const VkPhysicalDeviceProperties& p,
                                         const VkPhysicalDeviceDriverProperties* dp) {
  char buf[64];
  uint32_t v = p.driverVersion;
  if (p.vendorID == 0x10DE) {  // NVIDIA: 10.8.8.6 bits, printed like nvidia-smi (580.159.04)
    std::snprintf(buf, sizeof buf, "%u.%u.%02u", (v >> 22) & 0x3ff, (v >> 14) & 0xff,
                  (v >> 6) & 0xff);
    return buf;
  }
  if (dp && dp->driverInfo[0]) {
    std::string info(dp->driverInfo, strnlen(dp->driverInfo, VK_MAX_DRIVER_INFO_SIZE));
    return info.substr(0, 63);
  }
  std::snprintf(buf, sizeof buf, "%u.%u.%u", VK_API_VERSION_MAJOR(v), VK_API_VERSION_MINOR(v),
                VK_API_VERSION_PATCH(v));
  return buf;
}

DeviceSummary summarize_device(VkPhysicalDevice pd) {
  DeviceSummary s;
  vkGetPhysicalDeviceProperties(pd, &s.props);
  VkPhysicalDeviceSubgroupProperties sgp{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES};
  VkPhysicalDeviceIDProperties idp{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_ID_PROPERTIES};
  idp.pNext = &sgp;
  VkPhysicalDeviceDriverProperties drv{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES};
  VkPhysicalDeviceProperties2 p2{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2};
  p2.pNext = &idp;
  bool v12 = s.props.apiVersion >= VK_API_VERSION_1_2;
  if (v12) sgp.pNext = &drv;
  vkGetPhysicalDeviceProperties2(pd, &p2);
  std::memcpy(s.device_uuid, idp.deviceUUID, 16);
  s.subgroup_vote = (sgp.supportedStages & VK_SHADER_STAGE_COMPUTE_BIT) &&
                    (sgp.supportedOperations & VK_SUBGROUP_FEATURE_VOTE_BIT);
  s.driver_version = decode_driver_version(s.props, v12 ? &drv : nullptr);

  VkPhysicalDeviceVulkan12Features f12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES};
  VkPhysicalDeviceFeatures2 f2{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
  if (v12) f2.pNext = &f12;
  vkGetPhysicalDeviceFeatures2(pd, &f2);
  s.float64 = f2.features.shaderFloat64 == VK_TRUE;
  // Test/diagnostic knob: behave as if the device had no shaderFloat64 (exercises the host's
  // float64 fallback on devices that do have it).
  if (const char* no64 = std::getenv("RUNMAT_VULKAN_DISABLE_FLOAT64");
      no64 && *no64 && *no64 != '0')
    s.float64 = false;
  s.storage8 = v12 && f12.storageBuffer8BitAccess == VK_TRUE;

  VkPhysicalDeviceMemoryProperties mp;
  vkGetPhysicalDeviceMemoryProperties(pd, &mp);
  for (uint32_t i = 0; i < mp.memoryHeapCount; ++i)
    if (mp.memoryHeaps[i].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT)
      s.device_local_bytes += mp.memoryHeaps[i].size;
  s.max_storage_range = s.props.limits.maxStorageBufferRange;
  find_compute_family(pd, &s.compute_family, &s.timestamp_valid_bits);
  return s;
}

static std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// RUNMAT_VULKAN_DEVICE rule: devices are ordered discrete, integrated, virtual, CPU. Host
// index k names the k-th device of that order, except that when RUNMAT_VULKAN_DEVICE is set,
// index 0 (the host's default device) names the device it selects instead: a decimal index
// into the same order, or else the first device whose name contains the value
// (case-insensitive). Indices >= 1 are never remapped. get_device_info and context_create
// apply the same rule, so info for index 0 describes the device index 0 opens.
bool resolve_device_index(uint32_t host_index, const std::vector<std::string>& names, uint32_t* out,
                          std::string* why) {
  const char* env = std::getenv("RUNMAT_VULKAN_DEVICE");
  if (host_index == 0 && env && *env) {
    std::string v = env;
    bool numeric = std::all_of(v.begin(), v.end(), [](char c) { return std::isdigit(c); });
    if (numeric) {
      unsigned long idx = std::strtoul(v.c_str(), nullptr, 10);
      if (idx < names.size()) {
        *out = static_cast<uint32_t>(idx);
        return true;
      }
      *why = "RUNMAT_VULKAN_DEVICE=" + v + " is out of range (" + std::to_string(names.size()) +
             " Vulkan compute devices)";
      return false;
    }
    std::string needle = lower(v);
    for (size_t i = 0; i < names.size(); ++i) {
      if (lower(names[i]).find(needle) != std::string::npos) {
        *out = static_cast<uint32_t>(i);
        return true;
      }
    }
    *why = "RUNMAT_VULKAN_DEVICE='" + v + "' matches no Vulkan compute device name";
    return false;
  }
  if (host_index >= names.size()) {
    *why = "device index " + std::to_string(host_index) + " out of range (" +
           std::to_string(names.size()) + " Vulkan compute devices)";
    return false;
  }
  *out = host_index;
  return true;
}

static const char* vendor_name(uint32_t id) {
  switch (id) {
    case 0x10DE:
      return "NVIDIA";
    case 0x1002:
      return "AMD";
    case 0x1022:
      return "AMD";
    case 0x8086:
      return "Intel";
    case 0x13B5:
      return "ARM";
    case 0x5143:
      return "Qualcomm";
    case 0x1010:
      return "Imagination";
    case 0x106B:
      return "Apple";
    case 0x14E4:
      return "Broadcom";
    case VK_VENDOR_ID_MESA:
      return "Mesa";
    case VK_VENDOR_ID_VIV:
      return "Vivante";
    case VK_VENDOR_ID_VSI:
      return "VeriSilicon";
    case VK_VENDOR_ID_KAZAN:
      return "Kazan";
    case VK_VENDOR_ID_CODEPLAY:
      return "Codeplay";
    case VK_VENDOR_ID_POCL:
      return "PoCL";
    default:
      return nullptr;
  }
}

void fill_device_info(const DeviceSummary& s, rm_device_info* info) {
  rm_device_info d{};
  d.struct_size = sizeof(rm_device_info);
  if (s.float64) d.flags |= RM_DEVICE_FLAG_FLOAT64;
  if (s.props.limits.timestampComputeAndGraphics && s.timestamp_valid_bits > 0)
    d.flags |= RM_DEVICE_FLAG_TIMESTAMPS;
  switch (s.props.deviceType) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
      d.type = RM_DEVICE_DISCRETE_GPU;
      break;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
      d.type = RM_DEVICE_INTEGRATED_GPU;
      break;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
      d.type = RM_DEVICE_VIRTUAL_GPU;
      break;
    case VK_PHYSICAL_DEVICE_TYPE_CPU:
      d.type = RM_DEVICE_CPU;
      d.flags |= RM_DEVICE_FLAG_SOFTWARE;
      break;
    default:
      d.type = RM_DEVICE_OTHER;
      break;
  }
  d.vendor_id = s.props.vendorID;
  d.device_id = s.props.deviceID;
  d.compute_units = 0;
  d.memory_bytes = s.device_local_bytes;
  d.max_buffer_bytes = s.max_storage_range;
  std::memcpy(d.uuid, s.device_uuid, 16);
  std::snprintf(d.name, sizeof d.name, "%s", s.props.deviceName);
  if (const char* v = vendor_name(s.props.vendorID))
    std::snprintf(d.vendor, sizeof d.vendor, "%s", v);
  else
    std::snprintf(d.vendor, sizeof d.vendor, "0x%04x", s.props.vendorID);
  std::snprintf(d.driver_version, sizeof d.driver_version, "%s", s.driver_version.c_str());
  std::snprintf(d.api_version, sizeof d.api_version, "Vulkan %u.%u.%u",
                VK_API_VERSION_MAJOR(s.props.apiVersion), VK_API_VERSION_MINOR(s.props.apiVersion),
                VK_API_VERSION_PATCH(s.props.apiVersion));
  // Respect the reader's declared size: never write beyond it.
  uint32_t n = info->struct_size ? info->struct_size : 0;
  if (n > sizeof d) n = sizeof d;
  d.struct_size = n;
  std::memcpy(info, &d, n);
}

static void put_reason(char* reason, size_t size, const std::string& msg) {
  if (reason && size) std::snprintf(reason, size, "%s", msg.c_str());
}

rm_status probe_devices(uint32_t* count, char* reason, size_t reason_size) {
  if (!count) return RM_ERR_INVALID_ARGUMENT;
  *count = 0;
  put_reason(reason, reason_size, "");
  VkInstance inst = VK_NULL_HANDLE;
  VkResult r = shared_instance(&inst);
  if (r != VK_SUCCESS) {
    put_reason(reason, reason_size, "vkCreateInstance failed: " + vk_result_string(r));
    return RM_OK;
  }
  auto devs = ordered_devices(inst);
  *count = static_cast<uint32_t>(devs.size());
  if (devs.empty())
    put_reason(reason, reason_size, "no Vulkan 1.1+ physical device with a compute queue");
  return RM_OK;
}

rm_status get_device_info(uint32_t index, rm_device_info* info) {
  if (!info || info->struct_size < 8) return RM_ERR_INVALID_ARGUMENT;
  VkInstance inst = VK_NULL_HANDLE;
  if (shared_instance(&inst) != VK_SUCCESS) return RM_ERR_NOT_FOUND;
  auto devs = ordered_devices(inst);
  std::vector<std::string> names;
  for (auto pd : devs) {
    VkPhysicalDeviceProperties p;
    vkGetPhysicalDeviceProperties(pd, &p);
    names.push_back(p.deviceName);
  }
  uint32_t idx = 0;
  std::string why;
  rm_status st = RM_ERR_NOT_FOUND;
  if (resolve_device_index(index, names, &idx, &why)) {
    fill_device_info(summarize_device(devs[idx]), info);
    st = RM_OK;
  }
  return st;
}

}  // namespace rmvk
