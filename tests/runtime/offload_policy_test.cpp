// The offload policy through a Runtime in `auto` mode: decisions in telemetry with their
// reason and estimates, calibration picked up from the cache, a stale calibration warned
// about once per process, and results unchanged wherever the work runs.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>

#include "calibration.hpp"
#include "plugin_host.hpp"
#include "runtime_fixture.hpp"

namespace fs = std::filesystem;
using runmat::runtime::AccelMode;
using runmat::runtime::CalibrationIdentity;
using runmat::runtime::LoadedPlugin;
using runmat::runtime::PluginHost;
using runmat::testing::run_matlab;
using runmat::testing::test_options;
namespace off = runmat::runtime::offload;

namespace {

// 1e5 elements: a CPU estimate well below the point where GPU plugins are probed.
const char* kSmall = "x = linspace(0, 1, 100000); s = sum(exp(x) .* 2); fprintf('%.6f', s);";

runmat::runtime::RuntimeOptions auto_options(const fs::path& cache) {
  auto o = test_options(AccelMode::kAuto);
  o.cache_dir = cache;
  return o;
}

// A plugin's device 0 identity as the policy computes it; nullopt when it has no device.
std::optional<CalibrationIdentity> identity(const std::string& plugin) {
  const char* dir = std::getenv("RUNMAT_PLUGIN_DIR");
  if (!dir) return std::nullopt;
  PluginHost host({fs::path(dir)});
  host.load_all();
  for (LoadedPlugin& p : host.plugins()) {
    if (!p.api || p.name != plugin) continue;
    PluginHost::probe_devices(p);
    if (p.devices.empty()) return std::nullopt;
    return CalibrationIdentity::Of(p.name, p.api->plugin_version, p.devices[0]);
  }
  return std::nullopt;
}

// The CPU plugin's identity as the policy computes it.
CalibrationIdentity cpu_identity(std::string driver_override = "") {
  const char* dir = std::getenv("RUNMAT_PLUGIN_DIR");
  REQUIRE(dir != nullptr);
  PluginHost host({fs::path(dir)});
  host.load_all();
  for (LoadedPlugin& p : host.plugins()) {
    if (!p.api || p.name != "cpu") continue;
    PluginHost::probe_devices(p);
    REQUIRE_FALSE(p.devices.empty());
    rm_device_info info = p.devices[0];
    if (!driver_override.empty()) {
      std::memset(info.driver_version, 0, sizeof info.driver_version);
      std::strncpy(info.driver_version, driver_override.c_str(), sizeof info.driver_version - 1);
    }
    return CalibrationIdentity::Of(p.name, p.api->plugin_version, info);
  }
  FAIL("no CPU plugin in RUNMAT_PLUGIN_DIR");
  return {};
}

off::DeviceCoefficients synthetic(double launch_ns, double element_ns) {
  off::DeviceCoefficients c;
  c.calibrated = true;
  c.launch_ns = launch_ns;
  c.upload_bytes_per_ns = c.download_bytes_per_ns = 4.0;
  c.f32 = {true, element_ns, element_ns, element_ns};
  c.f64 = {true, element_ns, element_ns, element_ns};
  return c;
}

struct TempCache {
  fs::path path;
  explicit TempCache(const char* name) : path(fs::temp_directory_path() / name) {
    fs::remove_all(path);
  }
  ~TempCache() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

bool has_event(const runmat::telemetry::RunRecord& r, const std::string& name) {
  for (const auto& e : r.events())
    if (e.name() == name) return true;
  return false;
}

}  // namespace

TEST_CASE("auto mode records each decision with its reason and estimates", "[offload]") {
  TempCache cache("runmat-offload-policy-defaults");
  auto r = run_matlab(kSmall, auto_options(cache.path));
  REQUIRE(r.result.ok);
  REQUIRE(r.record.offload_decisions_size() == 1);
  const auto& d = r.record.offload_decisions(0);
  CHECK(d.reason() == "default-coefficients");
  CHECK(d.elements() == 100000);
  CHECK(d.dtype() == "double");
  CHECK(d.ops() >= 2);
  CHECK(d.count() == 1);
  CHECK_THAT(d.device(), Catch::StartsWith("cpu: "));
  // Small work: only the CPU plugin was estimated; no GPU driver was loaded or opened.
  REQUIRE(d.estimates_size() == 1);
  CHECK(d.estimates(0).device() == d.device());
  CHECK_FALSE(d.estimates(0).calibrated());
  CHECK(d.estimates(0).total_ns() ==
        Approx(d.estimates(0).compute_ns() + d.estimates(0).transfer_ns()));
  for (const auto& dev : r.record.devices()) CHECK(dev.plugin() == "cpu");
  CHECK(r.err.empty());
}

TEST_CASE("a calibration in the cache drives the estimates", "[offload]") {
  TempCache cache("runmat-offload-policy-calibrated");
  runmat::cache::CacheService service(cache.path);
  REQUIRE(SaveCalibration(service, cpu_identity(), synthetic(2e5, 0.001), true).ok());
  auto r = run_matlab(kSmall, auto_options(cache.path));
  REQUIRE(r.result.ok);
  REQUIRE(r.record.offload_decisions_size() == 1);
  const auto& d = r.record.offload_decisions(0);
  CHECK(d.reason() == "cost-model");
  REQUIRE(d.estimates_size() == 1);
  CHECK(d.estimates(0).calibrated());
  // The synthetic 200 us launch latency is in the estimate; per element almost nothing.
  CHECK(d.estimates(0).compute_ns() >= 2e5);
  CHECK(d.estimates(0).compute_ns() < 2e5 + 100000 * 0.001 * 20);
  CHECK(r.err.empty());

  // A CPU calibrated as very slow makes the work worth a GPU plugin's estimate; wherever it
  // runs, the result is the same.
  const std::string expected = r.out;
  runmat::cache::CacheService again(cache.path);
  REQUIRE(SaveCalibration(again, cpu_identity(), synthetic(1e6, 1e3), true).ok());
  auto slow = run_matlab(kSmall, auto_options(cache.path));
  REQUIRE(slow.result.ok);
  CHECK(slow.out == expected);
  REQUIRE(slow.record.offload_decisions_size() == 1);
  const auto& s = slow.record.offload_decisions(0);
  if (s.estimates_size() == 1) {
    // No GPU plugin with a device here: the CPU it is.
    CHECK(s.reason() == "cost-model");
    CHECK_THAT(s.device(), Catch::StartsWith("cpu: "));
  } else {
    // The GPU plugin's device was estimated (with default coefficients) and is far cheaper.
    CHECK(s.reason() == "default-coefficients");
    CHECK_THAT(s.device(), !Catch::StartsWith("cpu: "));
    CHECK(s.estimates(1).total_ns() < s.estimates(0).total_ns());
  }
}

TEST_CASE("a stale calibration is ignored with one warning per process", "[offload]") {
  TempCache cache("runmat-offload-policy-stale");
  runmat::cache::CacheService service(cache.path);
  REQUIRE(
      SaveCalibration(service, cpu_identity("an-older-driver"), synthetic(1e4, 0.5), true).ok());
  auto first = run_matlab(kSmall, auto_options(cache.path));
  REQUIRE(first.result.ok);
  CHECK_THAT(first.err, Catch::Contains("Warning: ignoring the offload calibration of cpu: "));
  CHECK_THAT(first.err, Catch::Contains("stale"));
  CHECK_THAT(first.err, Catch::Contains("an-older-driver"));
  CHECK(has_event(first.record, "calibration-ignored"));
  REQUIRE(first.record.offload_decisions_size() == 1);
  CHECK(first.record.offload_decisions(0).reason() == "default-coefficients");

  // A second session in this process: the event again, the warning not.
  auto second = run_matlab(kSmall, auto_options(cache.path));
  REQUIRE(second.result.ok);
  CHECK(second.out == first.out);
  CHECK(second.err.find("Warning: ignoring") == std::string::npos);
  CHECK(has_event(second.record, "calibration-ignored"));
  // The stale entry is left in place (it is another driver's, not damaged).
  CHECK(fs::exists(service.PathFor(cpu_identity("an-older-driver").key())));
}

TEST_CASE("forced placement does not read the calibration", "[offload]") {
  TempCache cache("runmat-offload-policy-forced");
  auto o = auto_options(cache.path);
  o.accel = AccelMode::kCpu;
  auto r = run_matlab(kSmall, o);
  REQUIRE(r.result.ok);
  REQUIRE(r.record.offload_decisions_size() == 1);
  CHECK(r.record.offload_decisions(0).reason() == "forced-by-env");
  CHECK(r.record.offload_decisions(0).detail() == "RUNMAT_ACCEL=cpu");
  for (const auto& c : r.record.caches()) CHECK(c.name() != "accel-calibration");
}

TEST_CASE("GPU plugins are considered once the session's CPU work adds up", "[offload]") {
  TempCache cache("runmat-offload-policy-accumulate");
  runmat::cache::CacheService service(cache.path);
  // Each group costs the CPU 20 ms (launch latency): two stay below kConsiderGpuNs together.
  REQUIRE(SaveCalibration(service, cpu_identity(), synthetic(20e6, 0.001), true).ok());
  const char* loop =
      "x = linspace(0, 1, 100000); for k = 1:4, s = sum(exp(x) .* 2); fprintf('%.6f\\n', s); "
      "end";
  auto r = run_matlab(loop, auto_options(cache.path));
  REQUIRE(r.result.ok);
  REQUIRE(r.record.offload_decisions_size() >= 1);
  const auto& first = r.record.offload_decisions(0);
  CHECK_THAT(first.device(), Catch::StartsWith("cpu: "));
  CHECK(first.reason() == "cost-model");
  CHECK(first.estimates_size() == 1);
  uint64_t total = 0;
  for (const auto& d : r.record.offload_decisions()) total += d.count();
  CHECK(total == 4);
  if (r.record.offload_decisions_size() == 1) {
    // No GPU plugin with a device: every decision is the CPU's.
    CHECK(first.count() == 4);
  } else {
    // The first two groups (40 ms of CPU work) stayed on the CPU without probing; from the
    // third on, the GPU plugin's device was a candidate.
    CHECK(first.count() == 2);
    CHECK(r.record.offload_decisions(1).estimates_size() == 2);
  }
  // Same numbers wherever each iteration ran.
  const std::string line = r.out.substr(0, r.out.find('\n') + 1);
  CHECK(r.out == line + line + line + line);
}

TEST_CASE("a GPU takes a kernel once its savings repay opening and compiling", "[offload]") {
  const auto gpu = identity("vulkan");
  if (!gpu) {
    if (runmat::testing::ci_mode()) FAIL("CI=true and no Vulkan device was found");
    WARN("no Vulkan device: skipping");
    return;
  }
  TempCache cache("runmat-offload-policy-ski-rental");
  runmat::cache::CacheService service(cache.path);
  // The CPU spends 20 ms per group, the GPU almost nothing but 50 ms to start: groups 1-2 are
  // below the probing threshold, 3-4 save 40 ms (< 50 ms), from group 5 on the GPU runs them.
  REQUIRE(SaveCalibration(service, cpu_identity(), synthetic(20e6, 0.001), true).ok());
  off::DeviceCoefficients fast = synthetic(1e3, 0.0001);
  fast.open_ns = 30e6;     // opening the device
  fast.compile_ns = 20e6;  // and compiling this kernel: 50 ms to repay
  REQUIRE(SaveCalibration(service, *gpu, fast, true).ok());
  const char* loop =
      "x = linspace(0, 1, 100000); for k = 1:8, s = sum(exp(x) .* 2); fprintf('%.6f\\n', s); "
      "end";
  auto r = run_matlab(loop, auto_options(cache.path));
  REQUIRE(r.result.ok);
  uint64_t on_cpu = 0, on_gpu = 0;
  for (const auto& d : r.record.offload_decisions()) {
    CHECK(d.reason() == "cost-model");
    const bool cpu = d.device().rfind("cpu: ", 0) == 0;
    (cpu ? on_cpu : on_gpu) += d.count();
    // The CPU's last decision weighed the GPU and held it back; the GPU's were free choices.
    REQUIRE(d.estimates_size() == 2);
    CHECK(d.estimates(1).excluded().rfind("not yet repaid", 0) == (cpu ? 0u : std::string::npos));
  }
  CHECK(on_cpu == 4);
  CHECK(on_gpu == 4);
  const std::string line = r.out.substr(0, r.out.find('\n') + 1);
  std::string eight;
  for (int i = 0; i < 8; ++i) eight += line;
  CHECK(r.out == eight);
}
