// Recorder: what gets recorded, and how repeated reports merge.
#include <catch2/catch.hpp>
#include <thread>

#include "telemetry_test_util.hpp"

namespace rt = runmat::telemetry;

TEST_CASE("Snapshot carries the version, wall time and everything recorded", "[telemetry]") {
  rt::Recorder rec("0.1.0");
  rt::testing::FillTypicalRun(rec);
  const rt::RunRecord r = rec.Snapshot(123'456'789);

  CHECK(r.schema_version() == rt::kSchemaVersion);
  CHECK(r.schema_version() == 3);
  CHECK(r.runmat_version() == "0.1.0");
  CHECK(r.wall_ns() == 123'456'789);
  CHECK(r.script() == "examples/monte_carlo.m");
  REQUIRE(r.plugins_size() == 1);
  CHECK(r.plugins(0).loaded());
  REQUIRE(r.devices_size() == 1);
  CHECK(r.devices(0).name() == "NVIDIA H100");
  REQUIRE(r.kernels_size() == 2);
  CHECK(r.kernels(0).signature() == "9f3a");
  CHECK(r.kernels(0).launches() == 10);
  CHECK(r.transfers().upload_bytes() == 5120);
  CHECK(r.transfers().upload_count() == 2);
  CHECK(r.transfers().download_bytes() == 8);
  CHECK(r.transfers().download_count() == 1);
  REQUIRE(r.caches_size() == 1);
  CHECK(r.caches(0).writes() == 1);
  CHECK(r.fusion().groups() == 2);
  CHECK(r.fusion().ops_fused() == 9);
  CHECK(r.fusion().materializations() == 1);
  CHECK(r.fusion().plan_cache_hits() == 1);
  CHECK(r.fusion().plan_cache_misses() == 1);
  REQUIRE(r.events_size() == 2);
  CHECK(r.events(0).name() == "cpu-fallback");
  CHECK(r.events(0).count() == 2);
}

TEST_CASE("Events are counted per (name, detail) and summed per name", "[telemetry]") {
  rt::Recorder rec("v");
  rec.Event("plugin-refused", "abi major 2");
  rec.Event("cpu-fallback", "");
  rec.Event("plugin-refused", "abi major 2");
  rec.Event("plugin-refused", "missing symbol");
  const rt::RunRecord r = rec.Snapshot(0);
  REQUIRE(r.events_size() == 3);
  CHECK(r.events(0).detail() == "abi major 2");
  CHECK(r.events(0).count() == 2);
  CHECK(r.events(1).name() == "cpu-fallback");
  CHECK(r.events(2).detail() == "missing symbol");
  CHECK(r.events(2).count() == 1);

  const auto counts = rec.EventCounts();
  REQUIRE(counts.size() == 2);
  CHECK(counts[0] == std::make_pair(std::string("plugin-refused"), uint64_t{3}));
  CHECK(counts[1] == std::make_pair(std::string("cpu-fallback"), uint64_t{1}));
}

TEST_CASE("Kernels merge per (signature, plugin) by adding", "[telemetry]") {
  rt::Recorder rec("v");
  rec.RecordKernel("x+1", "aa", "vulkan", 1, 100, 10, 1, 40, 40);
  rec.RecordKernel("", "aa", "vulkan", 2, 50, 20, 1, 80, 80);
  rec.RecordKernel("x+1", "aa", "cpu", 1, 7, 10, 1, 40, 40);  // same kernel, other plugin
  rec.RecordKernel("x*2", "bb", "vulkan", 1, 1, 1, 3, 1, 1);
  const rt::RunRecord r = rec.Snapshot(0);
  REQUIRE(r.kernels_size() == 3);
  const rt::KernelRecord& k = r.kernels(0);
  CHECK(k.label() == "x+1");
  CHECK(k.plugin() == "vulkan");
  CHECK(k.launches() == 3);
  CHECK(k.device_ns() == 150);
  CHECK(k.elements() == 30);
  CHECK(k.ops_fused() == 1);  // a property of the kernel: not multiplied by reports
  CHECK(k.bytes_read() == 120);
  CHECK(k.bytes_written() == 120);
  CHECK(r.kernels(1).plugin() == "cpu");
  CHECK(r.kernels(1).launches() == 1);
  CHECK(r.kernels(2).ops_fused() == 3);
}

TEST_CASE("Devices dedupe by plugin and uuid, caches replace by name", "[telemetry]") {
  rt::Recorder rec("v");
  rt::DeviceInfo gpu;
  gpu.set_plugin("vulkan");
  gpu.set_uuid("01");
  gpu.set_name("old name");
  rec.AddDevice(gpu);
  gpu.set_name("GPU");
  rec.AddDevice(gpu);
  rt::DeviceInfo cpu = gpu;
  cpu.set_plugin("cpu");
  rec.AddDevice(cpu);
  rec.SetCacheStats("vk-pipeline", 1, 2, 3, 4, 5, 6);
  rec.SetCacheStats("plan", 9, 9, 9, 9, 9, 9);
  rec.SetCacheStats("vk-pipeline", 10, 20, 0, 40, 50, 60);

  const rt::RunRecord r = rec.Snapshot(0);
  REQUIRE(r.devices_size() == 2);
  CHECK(r.devices(0).name() == "GPU");
  CHECK(r.devices(1).plugin() == "cpu");
  REQUIRE(r.caches_size() == 2);
  CHECK(r.caches(0).name() == "vk-pipeline");
  CHECK(r.caches(0).hits() == 10);
  CHECK(r.caches(0).corrupt() == 0);
  CHECK(r.caches(0).bytes_written() == 60);
  CHECK(r.caches(1).name() == "plan");
}

TEST_CASE("Exit code and error identifier are recorded", "[telemetry]") {
  rt::Recorder rec("v");
  rec.SetExitCode(1, "MATLAB:undefinedFunction");
  const rt::RunRecord r = rec.Snapshot(0);
  CHECK(r.exit_code() == 1);
  CHECK(r.error_identifier() == "MATLAB:undefinedFunction");
}

TEST_CASE("Recording from many threads loses nothing", "[telemetry][threads]") {
  rt::Recorder rec("v");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&rec] {
      for (int i = 0; i < 1000; ++i) {
        rec.Event("tick", "");
        rec.RecordKernel("k", "cc", "cpu", 1, 2, 3, 1, 4, 5);
        rec.AddUpload(1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const rt::RunRecord r = rec.Snapshot(0);
  CHECK(r.events(0).count() == 4000);
  CHECK(r.kernels(0).launches() == 4000);
  CHECK(r.kernels(0).device_ns() == 8000);
  CHECK(r.transfers().upload_count() == 4000);
}

TEST_CASE("Offload decisions merge per (signature, elements, device, reason)", "[telemetry]") {
  rt::Recorder rec("0.1.0");
  rt::OffloadDecision d;
  d.set_signature("s1");
  d.set_elements(100);
  d.set_device("cpu: x");
  d.set_reason("cost-model");
  d.add_estimates()->set_total_ns(1.0);
  rec.RecordOffloadDecision(d);
  d.mutable_estimates(0)->set_total_ns(2.0);  // the latest estimates replace the earlier ones
  rec.RecordOffloadDecision(d);
  d.set_reason("forced-by-env");  // another reason: another record
  rec.RecordOffloadDecision(d);
  rt::RunRecord r = rec.Snapshot(0);
  REQUIRE(r.offload_decisions_size() == 2);
  CHECK(r.offload_decisions(0).count() == 2);
  CHECK(r.offload_decisions(0).estimates(0).total_ns() == 2.0);
  CHECK(r.offload_decisions(1).count() == 1);
  CHECK(r.offload_decisions_dropped() == 0);
  // Past the cap, new distinct decisions are only counted.
  for (int i = 0; i < rt::Recorder::kMaxOffloadDecisions; ++i) {
    d.set_elements(1000 + i);
    rec.RecordOffloadDecision(d);
  }
  r = rec.Snapshot(0);
  CHECK(r.offload_decisions_size() == rt::Recorder::kMaxOffloadDecisions);
  CHECK(r.offload_decisions_dropped() == 2);
}
