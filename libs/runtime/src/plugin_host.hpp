// Finding and loading accelerator plugins (Boost.DLL), with the Vulkan loader's discipline:
// discovery only lists files; loading negotiates the ABI and refuses, with a reason, anything
// that does not fit. No device code runs until a context is created.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "runmat/accel.h"

namespace boost::dll {
class shared_library;
}

namespace runmat::runtime {

struct LoadedPlugin {
  std::string name;  // from the plugin table; file stem before loading
  std::filesystem::path path;
  const rm_plugin_api* api = nullptr;  // null when refused
  std::string refused_reason;
  uint32_t abi_major = 0, abi_minor = 0;
  std::shared_ptr<boost::dll::shared_library> library;
  // Filled by probe_devices().
  bool probed = false;
  std::string probe_failure;
  std::vector<rm_device_info> devices;
};

class PluginHost {
 public:
  explicit PluginHost(std::vector<std::filesystem::path> dirs) : dirs_(std::move(dirs)) {}

  // Lists candidate files (runmat-*.so) in the search directories, in order. Cheap.
  std::vector<std::filesystem::path> discover() const;
  // dlopens every discovered plugin once and negotiates. Idempotent.
  void load_all();
  // Enumerates a loaded plugin's devices (the side-effect-free probe). Idempotent.
  static void probe_devices(LoadedPlugin& p);

  std::vector<LoadedPlugin>& plugins() { return plugins_; }
  const std::vector<std::filesystem::path>& dirs() const { return dirs_; }
  bool loaded() const { return loaded_; }

  // Loads one file and negotiates; exposed for tests of the refusal paths.
  static LoadedPlugin load_one(const std::filesystem::path& path);

 private:
  std::vector<std::filesystem::path> dirs_;
  std::vector<LoadedPlugin> plugins_;
  bool loaded_ = false;
};

}  // namespace runmat::runtime
