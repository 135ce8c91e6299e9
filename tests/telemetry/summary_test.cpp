// The human-readable summary mentions what a user looks for first.
#include <catch2/catch.hpp>

#include "runmat/telemetry/writer.hpp"
#include "telemetry_test_util.hpp"

namespace rt = runmat::telemetry;
using Catch::Contains;

TEST_CASE("Summary lists wall time, devices, kernels, transfers, caches, events",
          "[telemetry][summary]") {
  rt::Recorder rec("0.1.0");
  rt::testing::FillTypicalRun(rec);
  const std::string text = rt::SummarizeRunRecord(rec.Snapshot(42'000'000));
  INFO(text);
  CHECK_THAT(text, Contains("wall time: 42.000 ms"));
  CHECK_THAT(text, Contains("NVIDIA H100"));
  CHECK_THAT(text, Contains("2 distinct, 12 launches"));
  CHECK_THAT(text, Contains("tanh(sin(x).*exp(-x/10))+0.1*x"));
  CHECK_THAT(text, Contains("10 launches"));
  CHECK_THAT(text, Contains("5.000 ms"));
  CHECK_THAT(text, Contains("2 uploads (5.0 KiB)"));
  CHECK_THAT(text, Contains("vk-pipeline: 1 hits, 1 misses, 0 corrupt"));
  CHECK_THAT(text, Contains("2x cpu-fallback: float64 unsupported"));
  CHECK_THAT(text, Contains("1x cache-entry-corrupt"));
  // Kernels are ordered by device time, largest first.
  CHECK(text.find("tanh(") < text.find("sum(x.^2)"));
}

TEST_CASE("Summary of an empty run says so", "[telemetry][summary]") {
  rt::Recorder rec("0.1.0");
  const std::string text = rt::SummarizeRunRecord(rec.Snapshot(0));
  CHECK_THAT(text, Contains("kernels: none"));
  CHECK_THAT(text, Contains("events: none"));
  CHECK_THAT(text, Contains("devices: none"));
}

TEST_CASE("Summary shows the top kernels only", "[telemetry][summary]") {
  rt::Recorder rec("0.1.0");
  for (int i = 0; i < 15; ++i) {
    rec.RecordKernel("k" + std::to_string(i), "s" + std::to_string(i), "cpu", 1,
                     static_cast<uint64_t>(i), 1, 1, 1, 1);
  }
  const std::string text = rt::SummarizeRunRecord(rec.Snapshot(0));
  CHECK_THAT(text, Contains("... 5 more"));
  CHECK_THAT(text, Contains("k14"));
  CHECK(text.find(" k0\n") == std::string::npos);
}

TEST_CASE("Summary shows offload decisions with their estimates", "[telemetry][summary]") {
  rt::Recorder rec("0.1.0");
  rt::OffloadDecision d;
  d.set_label("sum(exp(x))");
  d.set_signature("ab");
  d.set_elements(1000000);
  d.set_dtype("double");
  d.set_device("cpu: Xeon");
  d.set_reason("cost-model");
  rt::OffloadEstimate* cpu = d.add_estimates();
  cpu->set_device("cpu: Xeon");
  cpu->set_total_ns(2e6);
  rt::OffloadEstimate* gpu = d.add_estimates();
  gpu->set_device("vulkan: tiny");
  gpu->set_excluded("no float64");
  rec.RecordOffloadDecision(d);
  rec.RecordOffloadDecision(d);
  const std::string text = rt::SummarizeRunRecord(rec.Snapshot(0));
  INFO(text);
  CHECK_THAT(text, Contains("offload decisions:"));
  CHECK_THAT(text, Contains("2x 1000000 elements double -> cpu: Xeon (cost-model)"));
  CHECK_THAT(text, Contains("estimates cpu: Xeon 2.000 ms, vulkan: tiny no float64"));
  CHECK_THAT(text, Contains("sum(exp(x))"));
}
