// Work the runtime must not repeat, proven with telemetry: a deferred value observed by two
// consumers is computed once, a loop that builds the same graph lowers it once, and the
// plugins' buffer-pool counters reach the RunRecord.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "runmat/telemetry/writer.hpp"
#include "runtime_fixture.hpp"

using runmat::runtime::AccelMode;
using runmat::testing::run_matlab;
using runmat::testing::test_options;

namespace {

uint64_t launches(const runmat::telemetry::RunRecord& r, const std::string& label_part = "") {
  uint64_t n = 0;
  for (const auto& k : r.kernels()) {
    if (k.label().find(label_part) != std::string::npos) n += k.launches();
  }
  return n;
}

// The same script eagerly on the host (no deferral, no plugin): the reference output.
std::string eager_output(const std::string& src) {
  auto opts = test_options(AccelMode::kOff);
  opts.lazy_threshold = 0;
  auto r = run_matlab(src, opts);
  REQUIRE(r.result.ok);
  return r.out;
}

// Same numbers as the reference, to the rounding a different summation order gives.
void check_same_numbers(const std::string& got, const std::string& want) {
  std::istringstream a(got), b(want);
  std::vector<double> x, y;
  for (double d; a >> d;) x.push_back(d);
  for (double d; b >> d;) y.push_back(d);
  REQUIRE(x.size() == y.size());
  REQUIRE_FALSE(x.empty());
  for (size_t i = 0; i < x.size(); ++i) CHECK(x[i] == Approx(y[i]).epsilon(1e-12));
}

const AccelMode kModes[] = {AccelMode::kCpu, AccelMode::kVulkan};
const char* name(AccelMode m) {
  return m == AccelMode::kCpu ? "cpu" : "vulkan";
}

}  // namespace

TEST_CASE("a deferred value feeding two reductions is computed once", "[fusion][cse]") {
  const std::string src =
      "x = linspace(-1, 1, 200000);\n"
      "y = exp(x) .* 2;\n"
      "a = sum(y);\n"
      "b = max(y);\n"
      "fprintf('%.12e %.12e\\n', a, b);\n";
  const std::string expected = eager_output(src);
  for (AccelMode mode : kModes) {
    INFO(name(mode));
    auto r = run_matlab(src, test_options(mode));
    INFO(r.result.error_report << r.err);
    REQUIRE(r.result.ok);
    if (r.record.kernels_size() == 0) continue;  // no device for this plugin (skipped)
    check_same_numbers(r.out, expected);
    CHECK(launches(r.record, "exp(") == 1);  // y once, then sum(y) and max(y) read it
    CHECK(launches(r.record) == 3);
  }
}

TEST_CASE("an elementwise intermediate held by a variable is stored by the kernel that needs it",
          "[fusion][cse]") {
  // z is observed first: its kernel also stores y (held by the variable y and by w), so w
  // reads y instead of computing exp again, and the whole script is two launches.
  const std::string src =
      "x = linspace(0, 1, 100000);\n"
      "y = exp(x);\n"
      "z = y + 1;\n"
      "w = y .* 2;\n"
      "fprintf('%.15e %.15e %.15e\\n', z(7), w(99999), y(5));\n";
  const std::string expected = eager_output(src);
  for (AccelMode mode : kModes) {
    INFO(name(mode));
    auto r = run_matlab(src, test_options(mode));
    INFO(r.result.error_report << r.err);
    REQUIRE(r.result.ok);
    if (r.record.kernels_size() == 0) continue;
    check_same_numbers(r.out, expected);
    CHECK(launches(r.record, "exp(") == 1);
    CHECK(launches(r.record) == 2);
  }
}

TEST_CASE("a mean used by two expressions is reduced once", "[fusion][cse]") {
  const std::string src =
      "x = reshape(linspace(0, 3, 120000), 300, 400);\n"
      "m = mean(x);\n"
      "a = sqrt(m) + 1;\n"
      "b = m .* 2;\n"
      "fprintf('%.15e %.15e\\n', a(17), b(400));\n";
  const std::string expected = eager_output(src);
  for (AccelMode mode : kModes) {
    INFO(name(mode));
    auto r = run_matlab(src, test_options(mode));
    INFO(r.result.error_report << r.err);
    REQUIRE(r.result.ok);
    if (r.record.kernels_size() == 0) continue;
    check_same_numbers(r.out, expected);
    CHECK(launches(r.record, "sum(") == 1);
  }
}

TEST_CASE("a loop building the same graph every iteration lowers it once", "[fusion][plan-cache]") {
  const std::string src =
      "x = rand(1, 100000);\n"
      "s = 0;\n"
      "for k = 1:10\n"
      "  y = sin(x) .* 2 + 1;\n"
      "  s = s + y(5);\n"
      "end\n"
      "fprintf('%.15e\\n', s - 10 * (sin(x(5)) * 2 + 1));\n";
  for (AccelMode mode : kModes) {
    INFO(name(mode));
    auto r = run_matlab(src, test_options(mode));
    INFO(r.result.error_report << r.err);
    REQUIRE(r.result.ok);
    if (r.record.kernels_size() == 0) continue;
    CHECK(r.record.fusion().plan_cache_misses() == 1);
    CHECK(r.record.fusion().plan_cache_hits() == 9);
    CHECK(launches(r.record) == 10);
    CHECK(std::stod(r.out) == Approx(0).margin(1e-9));
  }
  // A constant that changes every iteration is a different kernel each time: no hits.
  auto r = run_matlab(
      "x = rand(1, 100000);\ns = 0;\nfor k = 1:4\n  y = x .* k;\n  s = s + y(5);\nend\n");
  REQUIRE(r.result.ok);
  CHECK(r.record.fusion().plan_cache_misses() == 4);
  CHECK(r.record.fusion().plan_cache_hits() == 0);
}

TEST_CASE("the plugins' buffer and pool counters reach the RunRecord and its summary",
          "[telemetry][pool]") {
  // Each iteration frees the previous y's buffer and allocates a new one of the same size.
  const std::string src =
      "x = rand(1, 100000);\n"
      "for k = 1:6\n"
      "  y = x .* 3 + 1;\n"
      "  v = y(3);\n"
      "end\n";
  for (AccelMode mode : kModes) {
    INFO(name(mode));
    auto r = run_matlab(src, test_options(mode));
    INFO(r.result.error_report << r.err);
    REQUIRE(r.result.ok);
    if (r.record.kernels_size() == 0) continue;
    REQUIRE(r.record.device_memory_size() == 1);
    const auto& m = r.record.device_memory(0);
    CHECK(m.plugin() == name(mode));
    CHECK(m.pool_counters());
    CHECK(m.buffer_allocs() >= 7);  // x's upload and six results
    CHECK(m.buffer_frees() >= 5);
    CHECK(m.buffer_bytes_peak() >= 2 * 800000);
    CHECK(m.device_bytes_peak() >= m.buffer_bytes_peak());
    if (mode == AccelMode::kVulkan) {
      CHECK(m.buffer_reuses() >= 4);                 // freed results' memory comes back
      CHECK(m.device_allocs() < m.buffer_allocs());  // so fewer device allocations
    }
    const std::string text = runmat::telemetry::SummarizeRunRecord(r.record);
    CHECK(text.find("device memory:") != std::string::npos);
    CHECK(text.find(std::string("  ") + name(mode) + ": ") != std::string::npos);
  }
}
