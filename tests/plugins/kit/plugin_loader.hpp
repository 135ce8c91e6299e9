// dlopen-based loading of accelerator plugins for tests: the same checks the runtime's loader
// makes (entry symbol, non-NULL table, ABI major), without linking anything of the runtime.
#pragma once

#include <string>
#include <vector>

#include "runmat/accel.h"

namespace runmat::plugin_kit {

enum class LoadStatus {
  kOk,
  kOpenFailed,     // dlopen failed (missing file, unresolved symbols, ...)
  kNoEntry,        // no rm_accel_plugin_entry symbol
  kNullTable,      // the entry returned NULL (the plugin refuses this host)
  kAbiMismatch,    // the table's abi_major differs from the host's
  kTableTooSmall,  // struct_size smaller than the ABI v1 table
};
const char* to_string(LoadStatus s);

class PluginHandle {
 public:
  PluginHandle() = default;
  ~PluginHandle();
  PluginHandle(PluginHandle&& o) noexcept;
  PluginHandle& operator=(PluginHandle&& o) noexcept;
  PluginHandle(const PluginHandle&) = delete;
  PluginHandle& operator=(const PluginHandle&) = delete;

  // Loads `path` and calls its entry with (host_major, host_minor). On failure the handle is
  // empty, status() says why and error() has the details.
  static PluginHandle open(const std::string& path, uint32_t host_major = RM_ACCEL_ABI_MAJOR,
                           uint32_t host_minor = RM_ACCEL_ABI_MINOR);

  bool ok() const { return status_ == LoadStatus::kOk; }
  LoadStatus status() const { return status_; }
  const std::string& error() const { return error_; }
  const std::string& path() const { return path_; }
  const rm_plugin_api* api() const { return api_; }
  // The raw entry point (valid while loaded), to call it again with other host versions.
  rm_accel_plugin_entry_fn entry() const { return entry_; }

 private:
  void* dl_ = nullptr;
  const rm_plugin_api* api_ = nullptr;
  rm_accel_plugin_entry_fn entry_ = nullptr;
  LoadStatus status_ = LoadStatus::kOpenFailed;
  std::string error_;
  std::string path_;
};

// Files named runmat-*.so in `dir`, sorted. Empty when dir does not exist.
std::vector<std::string> find_plugin_files(const std::string& dir);

// The value of RUNMAT_PLUGIN_DIR, or "" when unset.
std::string plugin_dir_from_env();

// True when the environment variable CI is "true" (missing devices then fail instead of skip).
bool ci_mode();

}  // namespace runmat::plugin_kit
