// Shared helpers for the telemetry tests.
#ifndef RUNMAT_TESTS_TELEMETRY_TEST_UTIL_HPP
#define RUNMAT_TESTS_TELEMETRY_TEST_UTIL_HPP

#include <stdlib.h>

#include <filesystem>
#include <string>

#include "runmat/telemetry/recorder.hpp"

namespace runmat::telemetry::testing {

class TempDir {
 public:
  TempDir() {
    std::string templ = (std::filesystem::temp_directory_path() / "runmat-telemetry-XXXXXX");
    path_ = ::mkdtemp(templ.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A recorder with a bit of everything, as a run on a GPU would produce.
inline void FillTypicalRun(Recorder& rec) {
  rec.SetScript("examples/monte_carlo.m");
  rec.SetExitCode(0, "");
  PluginInfo plugin;
  plugin.set_name("vulkan");
  plugin.set_path("/opt/runmat/lib/runmat/plugins/librunmat_vulkan.so");
  plugin.set_abi_major(1);
  plugin.set_plugin_version(3);
  plugin.set_loaded(true);
  rec.AddPlugin(plugin);
  DeviceInfo device;
  device.set_plugin("vulkan");
  device.set_name("NVIDIA H100");
  device.set_type("discrete-gpu");
  device.set_driver_version("535.104.05");
  device.set_uuid("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
  device.set_memory_bytes(uint64_t{80} << 30);
  device.set_float64(true);
  rec.AddDevice(device);
  rec.RecordKernel("tanh(sin(x).*exp(-x/10))+0.1*x", "9f3a", "vulkan", 10, 5'000'000, 10'000'000, 7,
                   40'000'000, 40'000'000);
  rec.RecordKernel("sum(x.^2)", "11bb", "vulkan", 2, 900'000, 2'000'000, 2, 8'000'000, 16);
  rec.AddUpload(4096);
  rec.AddUpload(1024);
  rec.AddDownload(8);
  rec.SetCacheStats("vk-pipeline", 1, 1, 0, 1, 2048, 4096);
  rec.AddFusion(2, 9);
  rec.AddMaterialization();
  rec.AddPlanCache(false);
  rec.AddPlanCache(true);
  rec.Event("cpu-fallback", "float64 unsupported");
  rec.Event("cpu-fallback", "float64 unsupported");
  rec.Event("cache-entry-corrupt", "vk-pipeline: payload crc32 mismatch");
}

}  // namespace runmat::telemetry::testing

#endif  // RUNMAT_TESTS_TELEMETRY_TEST_UTIL_HPP
