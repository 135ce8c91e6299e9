#include "plugin_host.hpp"

#include <boost/dll/shared_library.hpp>
#include <cstring>
#include <set>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace runmat::runtime {

std::vector<std::filesystem::path> PluginHost::discover() const {
  std::vector<std::filesystem::path> found;
  std::set<std::filesystem::path> seen;  // the same directory named twice is searched once
  for (const auto& dir : dirs_) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) continue;
    const auto canonical = std::filesystem::canonical(dir, ec);
    if (ec || !seen.insert(canonical).second) continue;
    std::vector<std::filesystem::path> here;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      const std::string file = entry.path().filename().string();
      if (absl::StartsWith(file, "runmat-") && absl::EndsWith(file, ".so"))
        here.push_back(entry.path());
    }
    std::sort(here.begin(), here.end());
    found.insert(found.end(), here.begin(), here.end());
  }
  return found;
}

LoadedPlugin PluginHost::load_one(const std::filesystem::path& path) {
  LoadedPlugin p;
  p.path = path;
  p.name = path.stem().string();
  try {
    p.library = std::make_shared<boost::dll::shared_library>(
        path.string(), boost::dll::load_mode::rtld_local | boost::dll::load_mode::rtld_now);
  } catch (const std::exception& e) {
    p.refused_reason = absl::StrCat("cannot be loaded: ", e.what());
    return p;
  }
  if (!p.library->has(RM_ACCEL_ENTRY_SYMBOL)) {
    p.refused_reason =
        absl::StrCat("does not export the entry symbol '", RM_ACCEL_ENTRY_SYMBOL, "'");
    p.library.reset();
    return p;
  }
  auto entry = p.library->get<const rm_plugin_api*(uint32_t, uint32_t)>(RM_ACCEL_ENTRY_SYMBOL);
  const rm_plugin_api* api = entry(RM_ACCEL_ABI_MAJOR, RM_ACCEL_ABI_MINOR);
  if (!api) {
    p.refused_reason =
        absl::StrCat("declined to serve host ABI ", RM_ACCEL_ABI_MAJOR, ".", RM_ACCEL_ABI_MINOR);
    p.library.reset();
    return p;
  }
  p.abi_major = api->abi_major;
  p.abi_minor = api->abi_minor;
  if (api->abi_major != RM_ACCEL_ABI_MAJOR) {
    p.refused_reason = absl::StrCat("ABI major version ", api->abi_major, " differs from host ",
                                    RM_ACCEL_ABI_MAJOR, " (plugin implements ", api->abi_major, ".",
                                    api->abi_minor, ")");
    p.library.reset();
    return p;
  }
  if (api->struct_size < sizeof(rm_plugin_api) - sizeof(void*)) {
    p.refused_reason = absl::StrCat("function table too small (", api->struct_size, " bytes)");
    p.library.reset();
    return p;
  }
  const bool complete =
      api->probe && api->get_device_info && api->context_create && api->context_destroy &&
      api->last_error && api->buffer_alloc && api->buffer_free && api->buffer_upload &&
      api->buffer_download && api->buffer_copy && api->kernel_compile && api->kernel_destroy &&
      api->kernel_launch && api->kernel_get_stats && api->synchronize && api->get_counters;
  if (!complete || !api->name) {
    p.refused_reason = "function table is missing required entries";
    p.library.reset();
    return p;
  }
  p.name = api->name;
  p.api = api;
  return p;
}

void PluginHost::load_all() {
  if (loaded_) return;
  loaded_ = true;
  std::set<std::string> names;
  for (const auto& path : discover()) {
    LoadedPlugin p = load_one(path);
    if (p.api && !names.insert(p.name).second) {
      p.refused_reason =
          absl::StrCat("duplicate plugin name '", p.name, "' (an earlier directory wins)");
      p.api = nullptr;
    }
    plugins_.push_back(std::move(p));
  }
}

void PluginHost::probe_devices(LoadedPlugin& p) {
  if (p.probed || !p.api) return;
  p.probed = true;
  uint32_t count = 0;
  char reason[512] = {0};
  const rm_status st = p.api->probe(&count, reason, sizeof reason);
  if (st != RM_OK) {
    p.probe_failure = reason[0] ? reason : absl::StrCat("probe failed with status ", st);
    return;
  }
  if (count == 0) p.probe_failure = reason[0] ? reason : "no devices";
  for (uint32_t i = 0; i < count; ++i) {
    rm_device_info info;
    std::memset(&info, 0, sizeof info);
    info.struct_size = sizeof info;
    if (p.api->get_device_info(i, &info) == RM_OK) p.devices.push_back(info);
  }
}

}  // namespace runmat::runtime
