// rng(seed, 'philox'): the host generator, the CPU plugin and Vulkan give the same bits; draws
// above the threshold are generated inside fused kernels (no uploads), a loop re-uses one plan;
// the stream advances by the elements drawn; rng saves and restores both generators.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "runtime_fixture.hpp"

using runmat::runtime::AccelMode;
using runmat::testing::run_matlab;
using runmat::testing::RunCapture;
using runmat::testing::test_options;

namespace {

// A cache directory of this process's own (removed at exit): other test processes on the
// machine share the default one, and their pipeline and calibration entries must not change
// what runs here.
struct CacheDir {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("runmat-random-test-" + std::to_string(static_cast<long>(::getpid())));
  ~CacheDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

runmat::runtime::RuntimeOptions options(AccelMode mode) {
  static CacheDir dir;
  auto o = test_options(mode);
  o.cache_dir = dir.path;
  return o;
}

RunCapture run_ok(const std::string& src, runmat::runtime::RuntimeOptions o) {
  RunCapture r = run_matlab(src, o);
  INFO(src << "\n" << r.result.error_report << r.err);
  REQUIRE(r.result.ok);
  return r;
}

RunCapture run_ok(const std::string& src, AccelMode mode = AccelMode::kCpu) {
  return run_ok(src, options(mode));
}

std::vector<double> numbers(const std::string& text) {
  std::vector<double> v;
  std::istringstream in(text);
  double d;
  while (in >> d) v.push_back(d);
  return v;
}

bool vulkan_available() {
  auto r = run_matlab("x = gpuArray(ones(1, 8)); s = sum(x + 1); fprintf('%s', accel_device());",
                      options(AccelMode::kVulkan));
  return r.result.ok && r.out.rfind("vulkan", 0) == 0;
}

bool ran_kernel_labelled(const runmat::telemetry::RunRecord& rec, const std::string& part) {
  for (const auto& k : rec.kernels()) {
    if (k.label().find(part) != std::string::npos && k.launches() > 0) return true;
  }
  return false;
}

// Every bit of every element: single and double draws as their uint32 words.
const char* kBits =
    "rng(42, 'philox');\n"
    "x = randn(1e5, 1, 'single'); u = rand(1e5, 1, 'single');\n"
    "y = randn(50001, 1); v = rand(3, 7001);\n"
    "fprintf('%d\\n', typecast(x, 'uint32'), typecast(u, 'uint32'), typecast(y, 'uint32'), "
    "typecast(v(:), 'uint32'));\n";

}  // namespace

TEST_CASE("philox draws are bit-identical on the host, the CPU plugin and Vulkan",
          "[random][fusion]") {
  const RunCapture host = run_ok(kBits, AccelMode::kOff);
  CHECK(host.record.kernels_size() == 0);
  REQUIRE(numbers(host.out).size() == 2 * 100000 + 2 * 50001 + 2 * 21003);

  const RunCapture cpu = run_ok(kBits, AccelMode::kCpu);
  CHECK(ran_kernel_labelled(cpu.record, "randn"));
  CHECK(cpu.out == host.out);

  // Deferred, but no plugin to run it: the host evaluator computes the Random nodes.
  auto no_plugins = options(AccelMode::kCpu);
  no_plugins.plugin_dirs = {"/nonexistent-runmat-plugins"};
  const RunCapture fallback = run_ok(kBits, no_plugins);
  CHECK(fallback.record.kernels_size() == 0);
  CHECK(fallback.out == host.out);

  if (!vulkan_available()) {
    if (runmat::testing::ci_mode()) FAIL("CI=true and no Vulkan device was found");
    WARN("no Vulkan device: skipping the Vulkan part");
    return;
  }
  const RunCapture gpu = run_ok(kBits, AccelMode::kVulkan);
  CHECK(ran_kernel_labelled(gpu.record, "randn"));
  CHECK(gpu.out == host.out);
}

TEST_CASE("the philox stream advances by the elements drawn", "[random]") {
  for (AccelMode mode : {AccelMode::kOff, AccelMode::kCpu}) {
    const RunCapture r = run_ok(
        "rng(7, 'philox'); a = randn(1, 5000); b = randn(1, 5000);\n"
        "rng(7, 'philox'); c = randn(1, 10000);\n"
        "rng(7, 'philox'); p = rand(1, 3); q = randn(2, 2); w = rand(1, 7);\n"
        "rng(7, 'philox'); p2 = rand(1, 7); rng(7, 'philox'); q2 = randn(1, 7);\n"
        "rng(7, 'philox'); all14 = rand(1, 14);\n"
        "fprintf('%d %d %d %d %d\\n', isequal([a b], c), isequal(p, p2(1:3)), "
        "isequal(q(:)', q2(4:7)), isequal(w, all14(8:14)), isequal(a(1:3), c(1:3)));\n",
        mode);
    CHECK(r.out == "1 1 1 1 1\n");
  }
}

TEST_CASE("rng saves and restores the generator, seed and position", "[random]") {
  const RunCapture r = run_ok(
      "rng(3, 'philox'); x = rand(1, 10); s = rng; y = rand(1, 5000); rng(s); z = rand(1, 5000);\n"
      "fprintf('%s %d %d %d\\n', s.Type, s.Seed, isequal(y, z), isequal(s.State(:)', [10 0]));\n"
      "rng(5, 'twister'); rand(1, 3); t = rng; a = rand(1, 4); rng(t); b = rand(1, 4);\n"
      "fprintf('%s %d %d %d\\n', t.Type, t.Seed, isequal(a, b), numel(t.State));\n"
      "rng(1, 'philox'); rng(2); u = rng; fprintf('%s %d\\n', u.Type, u.Seed);\n"
      "prev = rng(9, 'twister'); fprintf('%s %d\\n', prev.Type, prev.Seed);\n"
      "rng('default'); d = rng; fprintf('%s %d %.16g\\n', d.Type, d.Seed, rand);\n"
      "rng(4, 'philox4x32_10'); g = rng; fprintf('%s\\n', g.Type);\n");
  CHECK(r.out ==
        "philox 3 1 1\n"
        "twister 5 1 625\n"
        "philox 2\n"
        "philox 2\n"
        "twister 0 0.8147236863931789\n"
        "philox\n");
  const RunCapture bad = run_matlab("rng(1, 'threefry');", options(AccelMode::kCpu));
  CHECK(!bad.result.ok);
  CHECK(bad.result.error_identifier == "MATLAB:rng:badGenerator");
}

TEST_CASE("philox draws have the right statistics", "[random]") {
  // 1e6 draws: the mean's standard error is 1e-3, so 5e-3 is five sigma.
  const RunCapture r = run_ok(
      "rng(11, 'philox');\n"
      "z = randn(1e6, 1); zs = randn(1e6, 1, 'single'); u = rand(1e6, 1);\n"
      "fprintf('%.6f %.6f %.6f %.6f %.6f %.6f %.6g %.6g\\n', mean(z), var(z), "
      "mean(double(zs)), var(double(zs)), mean(u), var(u), min(u), max(u));\n");
  const auto v = numbers(r.out);
  REQUIRE(v.size() == 8);
  CHECK(std::fabs(v[0]) < 5e-3);
  CHECK(std::fabs(v[1] - 1) < 1e-2);
  CHECK(std::fabs(v[2]) < 5e-3);
  CHECK(std::fabs(v[3] - 1) < 1e-2);
  CHECK(std::fabs(v[4] - 0.5) < 2e-3);
  CHECK(std::fabs(v[5] - 1.0 / 12) < 1e-3);
  CHECK(v[6] > 0);
  CHECK(v[7] < 1);
}

TEST_CASE("randi under philox uses the rand stream", "[random]") {
  const RunCapture r = run_ok(
      "rng(4, 'philox'); k = randi([3 12], 1, 5000); rng(4, 'philox'); u = rand(1, 5000);\n"
      "fprintf('%d %d %d\\n', isequal(k, 3 + floor(u * 10)), min(k), max(k));\n");
  CHECK(r.out == "1 3 12\n");
}

namespace {

// The GBM step of issue 5, drawn inside the kernel.
const char* kLoop =
    "rng(1, 'philox'); M = 50000; S = ones(M, 1, 'single');\n"
    "a = single(0.0001); b = single(0.02);\n"
    "for t = 1:64\n  S = S .* exp(a + b .* randn(M, 1, 'single'));\nend\n"
    "fprintf('%.9g\\n', S([1 2 3 777 M]), sum(double(S)));\n";

}  // namespace

TEST_CASE("a philox loop fuses its draws and re-uses one plan", "[random][fusion]") {
  const RunCapture eager = run_ok(kLoop, AccelMode::kOff);
  const auto want = numbers(eager.out);
  REQUIRE(want.size() == 6);
  std::vector<AccelMode> modes{AccelMode::kCpu};
  if (vulkan_available()) modes.push_back(AccelMode::kVulkan);
  for (AccelMode mode : modes) {
    // A depth bound of 8 cuts the 64 steps into chunks of a few iterations each, every chunk
    // the same graph but for where its draws sit in the stream.
    auto opts = options(mode);
    opts.max_graph_depth = 8;
    const RunCapture fused = run_ok(kLoop, opts);
    // The draws are identical; exp may differ by an ulp between libm and a plugin, which 64
    // multiplications carry to a few 1e-6 relative.
    const auto got = numbers(fused.out);
    REQUIRE(got.size() == 6);
    for (size_t i = 0; i < got.size(); ++i) CHECK(got[i] == Approx(want[i]).epsilon(2e-5));
    const auto& f = fused.record.fusion();
    INFO("plan cache hits " << f.plan_cache_hits() << ", misses " << f.plan_cache_misses()
                            << ", kernels " << fused.record.kernels_size());
    CHECK(f.plan_cache_hits() >= 5);
    CHECK(f.plan_cache_misses() <= 4);
    CHECK(fused.record.kernels_size() <= 4);
    CHECK(ran_kernel_labelled(fused.record, "randn"));
    // Only S's first value is uploaded: no host-generated draws (64 * M * 4 bytes) move.
    CHECK(fused.record.transfers().upload_bytes() <= 2 * 50000 * 4);
  }
}
