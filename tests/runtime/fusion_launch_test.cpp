// The acceptance chain runs as ONE kernel launch on either plugin (telemetry proves it), and
// matches eager host evaluation.
#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>
#include <vector>

#include "runtime_fixture.hpp"

using runmat::runtime::AccelMode;
using runmat::testing::run_matlab;
using runmat::testing::test_options;

namespace {

const char* kChain =
    "x = %s(linspace(-3, 40, %d));\n"
    "y = tanh(sin(x).*exp(-x/10)) + 0.1*x;\n"
    "fprintf('%%.9g\\n', y([1 2 3 17 %d]));\n";

std::string chain_script(const char* cls, int n) {
  char buf[512];
  std::snprintf(buf, sizeof buf, kChain, cls, n, n);
  return buf;
}

std::vector<double> numbers(const std::string& text) {
  std::vector<double> v;
  std::istringstream in(text);
  double d;
  while (in >> d) v.push_back(d);
  return v;
}

// The host reference: no plugin, no deferral at all.
runmat::testing::RunCapture run_eager(const std::string& src) {
  auto opts = test_options(AccelMode::kOff);
  opts.lazy_threshold = 0;
  return run_matlab(src, opts);
}

uint64_t total_launches(const runmat::telemetry::RunRecord& r) {
  uint64_t n = 0;
  for (const auto& k : r.kernels()) n += k.launches();
  return n;
}

void check_one_launch_and_parity(AccelMode mode, const char* cls, int n, double tol) {
  auto opts = test_options(mode);
  auto fused = run_matlab(chain_script(cls, n), opts);
  INFO(fused.result.error_report << fused.err);
  REQUIRE(fused.result.ok);
  REQUIRE(fused.record.kernels_size() == 1);
  CHECK(total_launches(fused.record) == 1);
  CHECK(fused.record.kernels(0).ops_fused() >= 7);
  CHECK(fused.record.fusion().groups() == 1);

  auto eager = run_eager(chain_script(cls, n));
  REQUIRE(eager.result.ok);
  CHECK(eager.record.kernels_size() == 0);
  const auto a = numbers(fused.out), b = numbers(eager.out);
  REQUIRE(a.size() == 5);
  REQUIRE(b.size() == 5);
  for (size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i] == Approx(b[i]).epsilon(tol).margin(tol));
  }
}

bool vulkan_available() {
  auto r = run_matlab("x = gpuArray(ones(1, 8)); s = sum(x + 1); fprintf('%s', accel_device());",
                      test_options(AccelMode::kVulkan));
  return r.result.ok && r.out.rfind("vulkan", 0) == 0;
}

}  // namespace

TEST_CASE("chain is one launch on the CPU plugin, single and double", "[fusion][cpu]") {
  check_one_launch_and_parity(AccelMode::kCpu, "single", 100003, 2e-6);
  check_one_launch_and_parity(AccelMode::kCpu, "double", 100003, 1e-13);
}

TEST_CASE("chain is one launch on the Vulkan plugin, single and double", "[fusion][vulkan]") {
  if (!vulkan_available()) {
    if (runmat::testing::ci_mode()) FAIL("CI=true and no Vulkan device was found");
    WARN("no Vulkan device: skipping");
    return;
  }
  check_one_launch_and_parity(AccelMode::kVulkan, "single", 100003, 2e-6);
  check_one_launch_and_parity(AccelMode::kVulkan, "double", 100003, 1e-12);
}

TEST_CASE("a chain feeding a reduction fuses into one kernel with its epilogue", "[fusion]") {
  auto r =
      run_matlab("x = linspace(0, 1, 50000);\nm = mean(sqrt(x) .* 2);\nfprintf('%.10f\\n', m);");
  REQUIRE(r.result.ok);
  CHECK(r.record.kernels_size() == 1);
  CHECK(total_launches(r.record) == 1);
  // Exact mean of 2*sqrt(x) over the grid, by the eager path.
  auto opts = test_options(AccelMode::kOff);
  opts.lazy_threshold = 0;
  auto e = run_matlab(
      "x = linspace(0, 1, 50000);\nm = mean(sqrt(x) .* 2);\nfprintf('%.10f\\n', m);", opts);
  CHECK(r.out == e.out);
}

TEST_CASE("implicit expansion in deferred ops matches eager", "[fusion]") {
  const std::string src =
      "a = linspace(0, 1, 3000)';\nb = linspace(1, 2, 4);\nc = a .* b + b;\n"
      "fprintf('%.12g ', c(1, 1), c(3000, 4), c(17, 2), sum(c(:)));";
  auto fused = run_matlab(src);
  auto opts = test_options(AccelMode::kOff);
  opts.lazy_threshold = 0;
  auto eager = run_matlab(src, opts);
  REQUIRE(fused.result.ok);
  REQUIRE(eager.result.ok);
  CHECK(fused.out == eager.out);
  CHECK(fused.record.kernels_size() >= 1);
}

TEST_CASE("size mismatch in a deferred op is reported at its statement", "[fusion][errors]") {
  auto r = run_matlab("a = ones(1, 10000);\nb = ones(1, 9999);\nc = a + b;\n");
  REQUIRE_FALSE(r.result.ok);
  CHECK(r.result.error_identifier == "MATLAB:sizeDimensionsMustMatch");
  CHECK(r.result.error_report.find("(line 3)") != std::string::npos);
}

TEST_CASE("without plugins the host evaluates deferred work and says so", "[fusion][fallback]") {
  auto opts = test_options(AccelMode::kAuto);
  opts.plugin_dirs.clear();
  auto r = run_matlab("x = linspace(0, 1, 10000);\ns = sum(x.^2);\nfprintf('%.6f\\n', s);", opts);
  REQUIRE(r.result.ok);
  CHECK(r.out == "3333.500017\n");  // n(2n-1)/(6(n-1)) for n = 10000
  bool saw = false;
  for (const auto& e : r.record.events()) saw = saw || e.name() == "host-fallback";
  CHECK(saw);
}

TEST_CASE("a host array used by kernels in a loop is uploaded once, again after a write",
          "[fusion][residency]") {
  // rand gives a host array; each iteration's y(1) observes a kernel that reads x.
  const char* script =
      "x = rand(1, 50000, 'single');\n"
      "for k = 1:5\n"
      "  y = x .* 2 + k;\n"
      "  fprintf('%.7g\\n', y(7) - 2*x(7) - k);\n"
      "end\n"
      "x(7) = 10;\n"
      "y = x .* 2 + 1;\n"
      "fprintf('%.7g\\n', y(7));\n"
      "y = x .* 3;\n"
      "fprintf('%.7g\\n', y(7));\n";
  for (AccelMode mode : {AccelMode::kCpu, AccelMode::kVulkan}) {
    INFO((mode == AccelMode::kCpu ? "cpu" : "vulkan"));
    auto r = run_matlab(script, test_options(mode));
    INFO(r.result.error_report << r.err);
    REQUIRE(r.result.ok);
    if (r.record.kernels_size() == 0) continue;  // no device for this plugin (skipped)
    const auto v = numbers(r.out);
    REQUIRE(v.size() == 7);
    for (int i = 0; i < 5; ++i) CHECK(std::fabs(v[i]) < 1e-5);
    CHECK(v[5] == 21);
    CHECK(v[6] == 30);
    // Once for the loop, once more after x(7) = 10 dropped the stale copy.
    CHECK(r.record.transfers().upload_count() == 2);
  }
}

TEST_CASE("mod and rem with infinite and NaN operands: host evaluation = plugins",
          "[fusion][semantics]") {
  // Every pair of 0, finite, +-Inf and NaN; the rule is the one written in runmat/accel.h.
  const char* script =
      "a = [0 1 -1 2.5 -2.5 Inf -Inf NaN];\n"
      "b = [Inf -Inf 0 NaN 3 -3];\n"
      "x = repmat(a', 1, 6); y = repmat(b, 8, 1);\n"
      "m = mod(x, y); r = rem(x, y);\n"
      "fprintf('%g ', m + 0); fprintf('\\n'); fprintf('%g ', r + 0); fprintf('\\n');\n";
  auto host_opts = test_options(AccelMode::kOff);
  host_opts.lazy_threshold = 0;  // eager host path: scalar_semantics.cpp
  const auto host = run_matlab(script, host_opts);
  INFO(host.result.error_report);
  REQUIRE(host.result.ok);
  // Columns of b: Inf, -Inf, 0, NaN, 3, -3; rows of a as listed.
  std::istringstream lines(host.out);
  std::string mod_line, rem_line;
  std::getline(lines, mod_line);
  std::getline(lines, rem_line);
  CHECK(mod_line ==
        "0 1 Inf 2.5 Inf NaN NaN NaN "      // mod(a, Inf)
        "0 -Inf -1 -Inf -2.5 NaN NaN NaN "  // mod(a, -Inf)
        "0 1 -1 2.5 -2.5 Inf -Inf NaN "     // mod(a, 0) = a
        "NaN NaN NaN NaN NaN NaN NaN NaN "  // mod(a, NaN)
        "0 1 2 2.5 0.5 NaN NaN NaN "        // mod(a, 3)
        "0 -2 -1 -0.5 -2.5 NaN NaN NaN ");  // mod(a, -3)
  CHECK(rem_line ==
        "0 1 -1 2.5 -2.5 NaN NaN NaN "
        "0 1 -1 2.5 -2.5 NaN NaN NaN "
        "NaN NaN NaN NaN NaN NaN NaN NaN "
        "NaN NaN NaN NaN NaN NaN NaN NaN "
        "0 1 -1 2.5 -2.5 NaN NaN NaN "
        "0 1 -1 2.5 -2.5 NaN NaN NaN ");
  // The same statements deferred (every array is lazy) and run by each plugin.
  for (AccelMode mode : {AccelMode::kCpu, AccelMode::kVulkan}) {
    auto opts = test_options(mode);
    opts.lazy_threshold = 1;
    const auto fused = run_matlab(script, opts);
    INFO((mode == AccelMode::kCpu ? "cpu" : "vulkan") << fused.result.error_report);
    REQUIRE(fused.result.ok);
    if (fused.record.kernels_size() == 0) continue;  // no device for this plugin (skipped)
    CHECK(fused.out == host.out);
  }
}

// MATLAB's vecdim (mean(X, [2 3])) and var/std of large arrays fuse: consecutive dims reduce
// in one kernel, std is a mean kernel plus one kernel whose epilogue takes the square root,
// and every result equals the host's.
TEST_CASE("vecdim reductions and std fuse and match the host", "[fusion][vecdim]") {
  const std::string src =
      "b = (1:8)'; h = 0:59; w = reshape(0:39, 1, 1, 40);\n"
      "X = 0.5 + (0.1 + 0.3*b/8) .* sin(0.013*h + 0.007*w + 0.5*b);\n"
      "m = mean(X, [2 3]); s = std(X, 0, [2 3]); v = var(X, 1, 'all');\n"
      "q = sum(X, [1 3]); r = max(X, [], [3 2]); e = std(X, 0, 2);\n"
      "fprintf('%.12g\\n', m(3), s(5), v, q(7), r(8), e(2, 1, 9));\n";
  auto fused = run_matlab(src, test_options(AccelMode::kCpu));
  INFO(fused.result.error_report << fused.err);
  REQUIRE(fused.result.ok);
  auto eager = run_eager(src);
  REQUIRE(eager.result.ok);
  const auto a = numbers(fused.out), b = numbers(eager.out);
  REQUIRE(a.size() == 6);
  REQUIRE(b.size() == 6);
  for (size_t i = 0; i < a.size(); ++i) CHECK(a[i] == Approx(b[i]).epsilon(1e-12));

  // std over [2 3] alone: two launches (the mean, then the deviations with sqrt fused in), on
  // top of the one that computes X.
  const std::string make_x = "X = reshape(sin(1:96000), 8, 100, 120); fprintf('%g\\n', X(1));\n";
  auto base = run_matlab(make_x, test_options(AccelMode::kCpu));
  auto one = run_matlab(make_x + "s = std(X, 0, [2 3]);\nfprintf('%.6f\\n', s(1));\n",
                        test_options(AccelMode::kCpu));
  REQUIRE(base.result.ok);
  REQUIRE(one.result.ok);
  CHECK(total_launches(one.record) == total_launches(base.record) + 2);
}

TEST_CASE("vecdim arguments: errors and singleton dims", "[fusion][vecdim]") {
  auto r = run_matlab("x = sum(ones(2,3), [2 2]);");
  REQUIRE_FALSE(r.result.ok);
  CHECK(r.result.error_identifier == "MATLAB:getdimarg:vecdimsMustBeUniquePositiveIntegers");
  r = run_matlab("x = mean(ones(2,3), [0 1]);");
  REQUIRE_FALSE(r.result.ok);
  CHECK(r.result.error_identifier == "MATLAB:getdimarg:dimensionMustBePositiveInteger");
  // Dims past the rank are singletons: sum over [3 4] of a matrix is the matrix.
  r = run_matlab("x = magic(3); y = sum(x, [3 4]); p = prod([1 2; 3 4], [1 2]);"
                 " fprintf('%d %g\\n', isequal(x, y), p);");
  REQUIRE(r.result.ok);
  CHECK(r.out == "1 24\n");
}

// A loop whose steps each read a new host array (twister draws) would fuse into one group
// reading more arrays than a kernel may bind: the planner splits it into kernels of at most
// 16 inputs (not refused, not run on the host) and says so in telemetry.
TEST_CASE("a group reading too many arrays is split into kernels", "[fusion][split]") {
  const std::string src =
      "rng(1); M = 5000; S = ones(M, 1);\n"
      "for t = 1:40\n"
      "  S = S .* exp(-0.001 + 0.02 .* rand(M, 1));\n"
      "end\n"
      "fprintf('%.15g\\n', sum(S));\n";
  auto fused = run_matlab(src, test_options(AccelMode::kCpu));
  INFO(fused.result.error_report << fused.err);
  REQUIRE(fused.result.ok);
  bool split = false, fallback = false;
  for (const auto& e : fused.record.events()) {
    split = split || e.name() == "fusion-split";
    fallback = fallback || e.name() == "host-fallback";
  }
  CHECK(split);
  CHECK_FALSE(fallback);
  // 40 steps of 15 draws per kernel (the running product is the 16th input): 3 kernels for
  // the steps, 1 for the sum.
  CHECK(total_launches(fused.record) <= 5);
  auto eager = run_eager(src);
  REQUIRE(eager.result.ok);
  CHECK(numbers(fused.out).at(0) == Approx(numbers(eager.out).at(0)).epsilon(1e-12));
}

// A loop-carried value is bounded when stored, after the variable's previous value is
// released: a block of steps is one kernel that writes only the new value (no extra output
// for the previous step's S), and the blocks reuse one plan.
TEST_CASE("a fused loop block writes only the loop-carried value", "[fusion][loop]") {
  auto r = run_matlab(
      "S = linspace(1, 2, 100000);\n"
      "for t = 1:60\n"
      "  S = S .* exp(0.001 - 0.0005 * (S > 1.5));\n"
      "end\n"
      "fprintf('%.12g\\n', S(end));\n",
      test_options(AccelMode::kCpu));
  INFO(r.result.error_report << r.err);
  REQUIRE(r.result.ok);
  CHECK(total_launches(r.record) <= 6);
  CHECK(r.record.fusion().plan_cache_hits() >= 2);
  for (const auto& k : r.record.kernels()) {
    INFO(k.label());
    CHECK(k.label().find("; ") == std::string::npos);  // no extra outputs
  }
}

// Reductions with few outputs along a strided dim (64 outputs, stride 64: the Vulkan plugin's
// chunked mode) and along dim 2 of a wide array agree with the host on every plugin.
TEST_CASE("strided reductions agree with the host on both plugins", "[fusion][vecdim][vulkan]") {
  const std::string src =
      "b = (1:64)'; h = 0:89; w = reshape(0:119, 1, 1, 120);\n"
      "X = single(0.5 + (0.1 + 0.3*b/64) .* sin(0.013*h + 0.007*w + 0.5*b));\n"
      "m = mean(X, [2 3]); s = std(X, 0, [2 3]); q = sum(double(X), [2 3]);\n"
      "mx = max(X, [], [2 3]); Y = reshape(sin(1:600000), 40, 5000, 3); r = sum(Y, 2);\n"
      "fprintf('%.9g\\n', m(7), s(9), q(33), mx(64), r(17, 1, 2));\n";
  auto eager = run_eager(src);
  REQUIRE(eager.result.ok);
  const auto b = numbers(eager.out);
  REQUIRE(b.size() == 5);
  std::vector<AccelMode> modes{AccelMode::kCpu};
  if (vulkan_available()) {
    modes.push_back(AccelMode::kVulkan);
  } else if (runmat::testing::ci_mode()) {
    FAIL("CI=true and no Vulkan device was found");
  }
  for (AccelMode mode : modes) {
    auto r = run_matlab(src, test_options(mode));
    INFO(r.result.error_report << r.err);
    REQUIRE(r.result.ok);
    CHECK(total_launches(r.record) >= 5);
    const auto a = numbers(r.out);
    REQUIRE(a.size() == 5);
    for (size_t i = 0; i < a.size(); ++i) CHECK(a[i] == Approx(b[i]).epsilon(2e-6));
  }
}

// The moments cache: std after mean of the same computed value over the same dims reuses the
// mean (one pass fewer), a write to the variable invalidates it, and results equal the host's.
TEST_CASE("mean then std of the same value computes the mean once", "[fusion][moments]") {
  const std::string src =
      "X = single(reshape(sin(1:96000), 8, 100, 120)) + 0;\n"
      "mu = mean(X, [2 3]); s = std(X, 0, [2 3]); v = var(X, 1, 'all'); m2 = mean(X, 'all');\n"
      "X(1) = 5; m3 = mean(X, [2 3]);\n"
      "fprintf('%.7g\\n', mu(1), s(2), v, m2, m3(1));\n";
  auto r = run_matlab(src, test_options(AccelMode::kCpu));
  INFO(r.result.error_report << r.err);
  REQUIRE(r.result.ok);
  uint64_t hits = 0, misses = 0;
  for (const auto& c : r.record.caches()) {
    if (c.name() == "moments") {
      hits = c.hits();
      misses = c.misses();
    }
  }
  CHECK(hits == 2);    // std's mean over [2 3]; mean(X,'all') after var's
  CHECK(misses == 2);  // the first mean over [2 3] and var's mean over all elements
  auto eager = run_eager(src);
  REQUIRE(eager.result.ok);
  const auto a = numbers(r.out), b = numbers(eager.out);
  REQUIRE(a.size() == 5);
  REQUIRE(b.size() == 5);
  for (size_t i = 0; i < a.size(); ++i) CHECK(a[i] == Approx(b[i]).epsilon(1e-5).margin(1e-9));
}
