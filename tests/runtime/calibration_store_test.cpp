// Persisted calibration: round trip, key matching, and stale or damaged entries ignored with a
// reason (never a crash, never a wrong coefficient).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "calibration.hpp"
#include "calibration.pb.h"

namespace fs = std::filesystem;
using runmat::cache::CacheService;
using runmat::runtime::CalibrationIdentity;
using runmat::runtime::LoadCalibration;
using runmat::runtime::SaveCalibration;
namespace off = runmat::runtime::offload;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("runmat-calibration-test-" + std::to_string(::getpid()) +
                                        "-" + std::to_string(counter()++));
    fs::remove_all(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  static int& counter() {
    static int n = 0;
    return n;
  }
};

rm_device_info device(const char* name, const char* driver, uint8_t uuid_seed) {
  rm_device_info d;
  std::memset(&d, 0, sizeof d);
  std::strncpy(d.name, name, sizeof d.name - 1);
  std::strncpy(d.driver_version, driver, sizeof d.driver_version - 1);
  for (int i = 0; i < 16; ++i) d.uuid[i] = static_cast<uint8_t>(uuid_seed + i);
  return d;
}

off::DeviceCoefficients measured() {
  off::DeviceCoefficients c;
  c.calibrated = true;
  c.launch_ns = 12345.5;
  c.upload_bytes_per_ns = 7.25;
  c.download_bytes_per_ns = 6.5;
  c.f32 = {true, 0.31, 0.42, 0.05};
  c.f64 = {false, 0, 0, 0};
  return c;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_file(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

}  // namespace

TEST_CASE("calibration round trip through the cache", "[calibration]") {
  TempDir dir;
  CacheService cache(dir.path);
  const auto id = CalibrationIdentity::Of("vulkan", 3, device("GPU A", "1.2.3", 7));
  // Never calibrated: no coefficients and nothing to warn about.
  auto none = LoadCalibration(cache, id);
  CHECK_FALSE(none.coefficients);
  CHECK(none.problem.empty());

  REQUIRE(SaveCalibration(cache, id, measured(), /*quick=*/true).ok());
  CHECK(fs::exists(cache.PathFor(id.key())));
  auto back = LoadCalibration(cache, id);
  REQUIRE(back.coefficients);
  CHECK(back.problem.empty());
  const off::DeviceCoefficients& c = *back.coefficients;
  CHECK(c.calibrated);
  CHECK(c.launch_ns == 12345.5);
  CHECK(c.upload_bytes_per_ns == 7.25);
  CHECK(c.download_bytes_per_ns == 6.5);
  CHECK(c.f32.measured);
  CHECK(c.f32.element_ns == 0.31);
  CHECK(c.f32.op_ns == 0.42);
  CHECK(c.f32.reduce_element_ns == 0.05);
  CHECK_FALSE(c.f64.measured);

  // The payload names the device it belongs to.
  runmat::accel::DeviceCalibration p;
  auto entry = cache.Get(id.key());
  REQUIRE(entry);
  REQUIRE(p.ParseFromString(*entry));
  CHECK(p.plugin() == "vulkan");
  CHECK(p.plugin_version() == 3);
  CHECK(p.device_uuid() == id.uuid_hex());
  CHECK(p.driver_version() == "1.2.3");
  CHECK(p.device_name() == "GPU A");
  CHECK(p.quick());

  // Another device is simply not calibrated: no warning.
  auto other =
      LoadCalibration(cache, CalibrationIdentity::Of("vulkan", 3, device("B", "1.2.3", 9)));
  CHECK_FALSE(other.coefficients);
  CHECK(other.problem.empty());
}

TEST_CASE("a calibration of another driver or plugin version is stale", "[calibration]") {
  TempDir dir;
  CacheService cache(dir.path);
  const rm_device_info old_driver = device("GPU A", "1.0", 7);
  REQUIRE(
      SaveCalibration(cache, CalibrationIdentity::Of("vulkan", 3, old_driver), measured(), false)
          .ok());
  auto driver =
      LoadCalibration(cache, CalibrationIdentity::Of("vulkan", 3, device("GPU A", "2.0", 7)));
  CHECK_FALSE(driver.coefficients);
  CHECK_THAT(driver.problem, Catch::StartsWith("stale"));
  CHECK_THAT(driver.problem, Catch::Contains("driver 1.0"));
  CHECK_THAT(driver.problem, Catch::Contains("driver 2.0"));
  auto plugin = LoadCalibration(cache, CalibrationIdentity::Of("vulkan", 4, old_driver));
  CHECK_FALSE(plugin.coefficients);
  CHECK_THAT(plugin.problem, Catch::Contains("plugin v3"));
  // The matching key still loads.
  CHECK(LoadCalibration(cache, CalibrationIdentity::Of("vulkan", 3, old_driver)).coefficients);
}

TEST_CASE("a damaged calibration is discarded with a reason", "[calibration]") {
  TempDir dir;
  CacheService cache(dir.path);
  const auto id = CalibrationIdentity::Of("cpu", 1, device("CPU", "1", 1));
  const fs::path file = cache.PathFor(id.key());

  SECTION("checksum mismatch") {
    REQUIRE(SaveCalibration(cache, id, measured(), true).ok());
    std::string bytes = read_file(file);
    bytes.back() = static_cast<char>(bytes.back() ^ 0x5a);
    write_file(file, bytes);
    auto load = LoadCalibration(cache, id);
    CHECK_FALSE(load.coefficients);
    CHECK_THAT(load.problem, Catch::StartsWith("corrupt"));
    CHECK_FALSE(fs::exists(file));
  }
  SECTION("truncated file") {
    REQUIRE(SaveCalibration(cache, id, measured(), true).ok());
    const std::string bytes = read_file(file);
    write_file(file, bytes.substr(0, bytes.size() / 2));
    auto load = LoadCalibration(cache, id);
    CHECK_FALSE(load.coefficients);
    CHECK_THAT(load.problem, Catch::StartsWith("corrupt"));
  }
  SECTION("intact entry whose payload is not a calibration") {
    REQUIRE(cache.Put(id.key(), std::string("\xff\xff\xff\x07garbage", 11)).ok());
    auto load = LoadCalibration(cache, id);
    CHECK_FALSE(load.coefficients);
    CHECK_THAT(load.problem, Catch::Contains("not a DeviceCalibration"));
    CHECK_FALSE(fs::exists(file));  // rejected: deleted and counted
    CHECK(cache.Counters().at("accel-calibration").corrupt == 1);
  }
  SECTION("values the model cannot use") {
    runmat::accel::DeviceCalibration p;
    p.set_format_version(1);
    p.set_plugin("cpu");
    p.set_plugin_version(1);
    p.set_device_uuid(id.uuid_hex());
    p.set_driver_version("1");
    p.set_launch_ns(-5);
    p.set_upload_bytes_per_ns(1);
    p.set_download_bytes_per_ns(1);
    p.mutable_f32()->set_measured(true);
    REQUIRE(cache.Put(id.key(), p.SerializeAsString()).ok());
    auto load = LoadCalibration(cache, id);
    CHECK_FALSE(load.coefficients);
    CHECK_THAT(load.problem, Catch::Contains("out of range"));
  }
  SECTION("a payload for another device under this key") {
    REQUIRE(SaveCalibration(cache, CalibrationIdentity::Of("cpu", 1, device("X", "1", 50)),
                            measured(), true)
                .ok());
    const auto other = CalibrationIdentity::Of("cpu", 1, device("X", "1", 50));
    REQUIRE(cache.Put(id.key(), *cache.Get(other.key())).ok());
    auto load = LoadCalibration(cache, id);
    CHECK_FALSE(load.coefficients);
    CHECK_THAT(load.problem, Catch::Contains("another device"));
  }
  // Whatever happened, the next load is a clean miss or a clean hit, never a crash.
  auto again = LoadCalibration(cache, id);
  CHECK_FALSE(again.coefficients);
}

TEST_CASE("unusable coefficients are not saved", "[calibration]") {
  TempDir dir;
  CacheService cache(dir.path);
  const auto id = CalibrationIdentity::Of("cpu", 1, device("CPU", "1", 1));
  off::DeviceCoefficients c = measured();
  c.upload_bytes_per_ns = 0;
  CHECK_FALSE(SaveCalibration(cache, id, c, true).ok());
  CHECK_FALSE(fs::exists(cache.PathFor(id.key())));
}
