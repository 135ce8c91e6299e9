// The Vulkan pipeline cache through the runtime's host services: a second run hits, a
// corrupted entry is detected, discarded, counted and rebuilt, and results stay right.
#include <catch2/catch.hpp>
#include <fstream>

#include "runtime_fixture.hpp"

using runmat::runtime::AccelMode;
using runmat::testing::run_matlab;
using runmat::testing::test_options;

namespace {
const runmat::telemetry::CacheStats* find_cache(const runmat::telemetry::RunRecord& r,
                                                const std::string& name) {
  for (const auto& c : r.caches()) {
    if (c.name() == name) return &c;
  }
  return nullptr;
}
}  // namespace

TEST_CASE("pipeline cache: miss, hit, corrupt entry rebuilt", "[cache][vulkan]") {
  auto opts = test_options(AccelMode::kVulkan);
  opts.cache_dir = std::filesystem::temp_directory_path() / "runmat-cache-e2e";
  std::filesystem::remove_all(opts.cache_dir);
  const std::string src =
      "x = gpuArray(linspace(0, 1, 5000)); y = exp(x) .* 3; fprintf('%.6f %s', sum(y), "
      "accel_device());";

  auto first = run_matlab(src, opts);
  REQUIRE(first.result.ok);
  if (first.out.find("vulkan") == std::string::npos) {
    if (runmat::testing::ci_mode()) FAIL("CI=true and no Vulkan device was found");
    WARN("no Vulkan device: skipping");
    return;
  }
  const auto* c1 = find_cache(first.record, "vk-pipeline");
  REQUIRE(c1 != nullptr);
  CHECK(c1->misses() >= 1);
  CHECK(c1->writes() >= 1);

  auto second = run_matlab(src, opts);
  REQUIRE(second.result.ok);
  CHECK(second.out == first.out);
  const auto* c2 = find_cache(second.record, "vk-pipeline");
  REQUIRE(c2 != nullptr);
  CHECK(c2->hits() >= 1);
  CHECK(c2->corrupt() == 0);

  // Damage every entry: flip bytes in the middle of each file.
  int damaged = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(opts.cache_dir)) {
    if (!e.is_regular_file()) continue;
    std::fstream f(e.path(), std::ios::in | std::ios::out | std::ios::binary);
    const auto size = std::filesystem::file_size(e.path());
    f.seekp(static_cast<std::streamoff>(size / 2));
    f.put('\x5a');
    f.put('\xa5');
    ++damaged;
  }
  REQUIRE(damaged >= 1);
  auto third = run_matlab(src, opts);
  REQUIRE(third.result.ok);
  CHECK(third.out == first.out);
  const auto* c3 = find_cache(third.record, "vk-pipeline");
  REQUIRE(c3 != nullptr);
  CHECK(c3->corrupt() >= 1);
  CHECK(c3->hits() == 0);
  CHECK(c3->writes() >= 1);  // rebuilt

  auto fourth = run_matlab(src, opts);
  const auto* c4 = find_cache(fourth.record, "vk-pipeline");
  REQUIRE(c4 != nullptr);
  CHECK(c4->hits() >= 1);
}
