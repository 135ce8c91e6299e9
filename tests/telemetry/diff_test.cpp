// `runmat telemetry diff`: the report pairs kernels, caches and events across two runs and shows
// what changed, including things present in only one run.
#include "runmat/telemetry/diff.hpp"

#include <catch2/catch.hpp>

#include "telemetry_test_util.hpp"

namespace rt = runmat::telemetry;
using Catch::Contains;

namespace {

// The line of `text` that contains `needle` (empty if none), to check one row's cells.
std::string LineWith(const std::string& text, const std::string& needle) {
  const size_t at = text.find(needle);
  if (at == std::string::npos) return "";
  const size_t begin = text.rfind('\n', at) == std::string::npos ? 0 : text.rfind('\n', at) + 1;
  return text.substr(begin, text.find('\n', at) - begin);
}

}  // namespace

TEST_CASE("Diff of a run with itself shows no change", "[telemetry][diff]") {
  rt::Recorder rec("0.1.0");
  rt::testing::FillTypicalRun(rec);
  const rt::RunRecord r = rec.Snapshot(42'000'000);
  const std::string text = rt::DiffRunRecords(r, r);
  INFO(text);
  CHECK_THAT(LineWith(text, "kernel launches"), Contains("12") && Contains("="));
  CHECK_THAT(LineWith(text, "wall time"), Contains("42.000 ms") && Contains("="));
  CHECK(text.find("new") == std::string::npos);
  CHECK(text.find("gone") == std::string::npos);
  // No signed change anywhere in the overview (kernel labels may contain '+' themselves).
  CHECK(text.substr(0, text.find("kernels (")).find('+') == std::string::npos);
  CHECK_THAT(LineWith(text, "tanh(sin(x)"), Contains("       =  "));
}

TEST_CASE("Diff shows deltas per kernel, transfer, cache and event", "[telemetry][diff]") {
  rt::Recorder before("0.1.0");
  rt::testing::FillTypicalRun(before);
  rt::Recorder after("0.1.0");
  rt::testing::FillTypicalRun(after);
  // The second run launched the chain 5 more times in twice the time, lost the reduction
  // kernel to a new one, uploaded once more, hit the pipeline cache, and fell back once more.
  after.RecordKernel("", "9f3a", "vulkan", 5, 5'000'000, 0, 7, 0, 0);
  after.RecordKernel("mean(x)", "77cc", "cpu", 3, 1'000, 30, 1, 240, 24);
  after.AddUpload(2048);
  after.SetCacheStats("vk-pipeline", 2, 0, 0, 0, 4096, 0);
  after.Event("cpu-fallback", "float64 unsupported");
  after.Event("plugin-refused", "libfoo.so: wrong ABI");

  rt::DiffOptions options;
  options.name_a = "before.pb";
  options.name_b = "after.json";
  const std::string text =
      rt::DiffRunRecords(before.Snapshot(10'000'000), after.Snapshot(15'000'000), options);
  INFO(text);
  CHECK_THAT(text, Contains("A: before.pb (examples/monte_carlo.m"));
  CHECK_THAT(text, Contains("B: after.json"));
  CHECK_THAT(LineWith(text, "wall time"), Contains("+50.0%"));
  CHECK_THAT(LineWith(text, "kernel launches"), Contains("12") && Contains("20") && Contains("+8"));
  CHECK_THAT(LineWith(text, "distinct kernels"), Contains("+1"));
  CHECK_THAT(LineWith(text, "uploads"), Contains("2") && Contains("3") && Contains("+1"));
  CHECK_THAT(LineWith(text, "upload bytes"), Contains("+2.0 KiB"));
  CHECK_THAT(LineWith(text, "download bytes"), Contains("="));

  const std::string chain = LineWith(text, "tanh(sin(x)");
  CHECK_THAT(chain, Contains("10") && Contains("15") && Contains("+5") && Contains("+100.0%"));
  CHECK_THAT(LineWith(text, "mean(x)"), Contains("new"));
  // The new kernel has '-' on A's side; the reduction, unchanged, is matched by signature.
  CHECK_THAT(LineWith(text, "mean(x)"), Contains(" - "));
  CHECK_THAT(LineWith(text, "sum(x.^2)"), Contains("="));

  CHECK_THAT(LineWith(text, "vk-pipeline"), Contains("50%") && Contains("100%"));
  CHECK_THAT(LineWith(text, "cpu-fallback"), Contains("2") && Contains("3") && Contains("+1"));
  CHECK_THAT(LineWith(text, "plugin-refused"), Contains("0") && Contains("+1"));
  CHECK_THAT(LineWith(text, "cache-entry-corrupt"), Contains("="));
}

TEST_CASE("Diff marks kernels that disappeared and caps the kernel rows", "[telemetry][diff]") {
  rt::Recorder a("0.1.0");
  for (int i = 0; i < 25; ++i) {
    a.RecordKernel("k" + std::to_string(i), "s" + std::to_string(i), "cpu", 1,
                   static_cast<uint64_t>(1000 + i), 1, 1, 1, 1);
  }
  rt::Recorder b("0.1.0");
  b.RecordKernel("k24", "s24", "cpu", 1, 1024, 1, 1, 1, 1);
  rt::DiffOptions options;
  options.max_kernels = 3;
  const std::string text = rt::DiffRunRecords(a.Snapshot(0), b.Snapshot(0), options);
  INFO(text);
  CHECK_THAT(LineWith(text, "k24"), Contains("="));
  CHECK_THAT(LineWith(text, "k23"), Contains("gone"));
  CHECK_THAT(text, Contains("... 22 more"));
  CHECK(LineWith(text, "k0").empty());
  CHECK_THAT(LineWith(text, "distinct kernels"), Contains("-24"));
}

TEST_CASE("Diff of two empty runs says so", "[telemetry][diff]") {
  rt::Recorder rec("0.1.0");
  const std::string text = rt::DiffRunRecords(rec.Snapshot(0), rec.Snapshot(0));
  CHECK_THAT(text, Contains("kernels: none in either run"));
  CHECK_THAT(text, Contains("events: none in either run"));
  CHECK_THAT(text, Contains("devices: none"));
}
