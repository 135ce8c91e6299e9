#include "kit/plugin_loader.hpp"

#include <dirent.h>
#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace runmat::plugin_kit {

const char* to_string(LoadStatus s) {
  switch (s) {
    case LoadStatus::kOk:
      return "ok";
    case LoadStatus::kOpenFailed:
      return "open-failed";
    case LoadStatus::kNoEntry:
      return "no-entry";
    case LoadStatus::kNullTable:
      return "null-table";
    case LoadStatus::kAbiMismatch:
      return "abi-mismatch";
    case LoadStatus::kTableTooSmall:
      return "table-too-small";
  }
  return "?";
}

PluginHandle::~PluginHandle() {
  if (dl_) dlclose(dl_);
}

PluginHandle::PluginHandle(PluginHandle&& o) noexcept {
  *this = std::move(o);
}

PluginHandle& PluginHandle::operator=(PluginHandle&& o) noexcept {
  if (this != &o) {
    if (dl_) dlclose(dl_);
    dl_ = o.dl_;
    api_ = o.api_;
    entry_ = o.entry_;
    status_ = o.status_;
    error_ = std::move(o.error_);
    path_ = std::move(o.path_);
    o.dl_ = nullptr;
    o.api_ = nullptr;
    o.entry_ = nullptr;
  }
  return *this;
}

PluginHandle PluginHandle::open(const std::string& path, uint32_t host_major, uint32_t host_minor) {
  PluginHandle h;
  h.path_ = path;
  h.dl_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h.dl_) {
    const char* e = dlerror();
    h.status_ = LoadStatus::kOpenFailed;
    h.error_ = e ? e : "dlopen failed";
    return h;
  }
  void* sym = dlsym(h.dl_, RM_ACCEL_ENTRY_SYMBOL);
  if (!sym) {
    h.status_ = LoadStatus::kNoEntry;
    h.error_ = std::string(path) + " does not export " + RM_ACCEL_ENTRY_SYMBOL;
    return h;
  }
  // POSIX guarantees object-to-function pointer conversion for dlsym results.
  std::memcpy(&h.entry_, &sym, sizeof sym);
  const rm_plugin_api* api = h.entry_(host_major, host_minor);
  if (!api) {
    h.status_ = LoadStatus::kNullTable;
    h.error_ = std::string(path) + ": entry returned NULL for host ABI " +
               std::to_string(host_major) + "." + std::to_string(host_minor);
    return h;
  }
  if (api->abi_major != host_major) {
    h.status_ = LoadStatus::kAbiMismatch;
    h.error_ = std::string(path) + " implements ABI major " + std::to_string(api->abi_major) +
               ", host speaks " + std::to_string(host_major);
    return h;
  }
  if (api->struct_size < offsetof(rm_plugin_api, buffer_map)) {
    h.status_ = LoadStatus::kTableTooSmall;
    h.error_ = std::string(path) + ": function table struct_size " +
               std::to_string(api->struct_size) + " is smaller than ABI 1.0 needs";
    return h;
  }
  h.api_ = api;
  h.status_ = LoadStatus::kOk;
  return h;
}

std::vector<std::string> find_plugin_files(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = opendir(dir.c_str());
  if (!d) return out;
  while (dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (name.size() > 10 && name.rfind("runmat-", 0) == 0 &&
        name.compare(name.size() - 3, 3, ".so") == 0) {
      out.push_back(dir + "/" + name);
    }
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

std::string plugin_dir_from_env() {
  const char* d = std::getenv("RUNMAT_PLUGIN_DIR");
  return d ? d : "";
}

bool ci_mode() {
  const char* ci = std::getenv("CI");
  return ci && std::strcmp(ci, "true") == 0;
}

}  // namespace runmat::plugin_kit
