// `runmat accel-calibrate --quick` end to end: it measures the CPU plugin (and lavapipe or a
// GPU where present), saves an entry per device in the cache, `runmat cache ls` lists it, and a
// following run's offload decisions use it. Damaged calibration is ignored with one warning.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "runmat/telemetry/writer.hpp"

namespace fs = std::filesystem;

namespace {

struct Exec {
  int code = -1;
  std::string out;
};

// Runs `env runmat args` with stderr merged into stdout when `merge` is set.
Exec run(const std::string& env, const std::string& args, bool merge = true) {
  const std::string bin = std::string(std::getenv("RUNMAT_BIN")) + "/runmat";
  const std::string cmd = env + " " + bin + " " + args + (merge ? " 2>&1" : " 2>/dev/null");
  Exec e;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) e.out.append(buf.data(), n);
  const int status = pclose(p);
  e.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return e;
}

struct TempDir {
  fs::path path =
      fs::temp_directory_path() / ("runmat-calibrate-cli-" + std::to_string(::getpid()));
  TempDir() {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// A script whose groups the cost model places: a 1e6-element chain ending in a sum.
const char* kScript = "\"x = linspace(0, 1, 1000000); s = sum(exp(x) .* 2); disp(s > 0)\"";

runmat::telemetry::RunRecord run_recorded(const std::string& env, const fs::path& dir,
                                          std::string* output) {
  const fs::path json = dir / "run.json";
  Exec r = run(env + " RUNMAT_ACCEL_LOG=1", std::string("-e ") + kScript + " --telemetry " +
                                                json.string() + " --telemetry-format json");
  REQUIRE(r.code == 0);
  *output = r.out;
  auto rec = runmat::telemetry::ReadRunRecord(json.string());
  REQUIRE(rec.ok());
  return *rec;
}

}  // namespace

TEST_CASE("accel-calibrate --quick persists coefficients that a later run uses", "[cli][offload]") {
  TempDir dir;
  const std::string env = "RUNMAT_CACHE_DIR=" + dir.path.string() + " RUNMAT_ACCEL=auto";

  // Before calibration: the model runs on documented defaults and says so.
  std::string log;
  runmat::telemetry::RunRecord before = run_recorded(env, dir.path, &log);
  REQUIRE(before.offload_decisions_size() >= 1);
  for (const auto& d : before.offload_decisions()) {
    CHECK(d.reason() == "default-coefficients");
    REQUIRE(d.estimates_size() >= 1);
    CHECK_FALSE(d.estimates(0).calibrated());
    CHECK(d.estimates(0).total_ns() > 0);
    CHECK(d.elements() == 1000000);
  }
  CHECK_THAT(log, Catch::Contains("[accel] "));
  CHECK_THAT(log, Catch::Contains("(default-coefficients: "));

  Exec cal = run(env, "accel-calibrate --quick");
  INFO(cal.out);
  REQUIRE(cal.code == 0);
  CHECK_THAT(cal.out, Catch::Contains("launch"));
  CHECK_THAT(cal.out, Catch::Contains("cpu: "));
  CHECK_THAT(cal.out, Catch::Contains("saved to " + dir.path.string()));

  Exec ls = run(env, "cache ls");
  CHECK(ls.code == 0);
  CHECK_THAT(ls.out, Catch::Contains("accel-calibration"));

  runmat::telemetry::RunRecord after = run_recorded(env, dir.path, &log);
  REQUIRE(after.offload_decisions_size() >= 1);
  for (const auto& d : after.offload_decisions()) {
    CHECK(d.reason() == "cost-model");
    REQUIRE(d.estimates_size() >= 1);
    for (const auto& e : d.estimates()) CHECK(e.calibrated());
  }
  CHECK_THAT(log, Catch::Contains("(cost-model: "));

  // Forced placement is recorded as such, with the chosen device's estimate.
  Exec forced = run(env + " RUNMAT_ACCEL=cpu RUNMAT_ACCEL_LOG=1", std::string("-e ") + kScript);
  CHECK(forced.code == 0);
  CHECK_THAT(forced.out, Catch::Contains("(forced-by-env: RUNMAT_ACCEL=cpu)"));

  // Damage every calibration entry: the next run warns once, uses defaults, and still works.
  for (const auto& f : fs::recursive_directory_iterator(dir.path / "v1" / "accel-calibration")) {
    if (!f.is_regular_file()) continue;
    std::fstream io(f.path(), std::ios::in | std::ios::out | std::ios::binary);
    io.seekp(-1, std::ios::end);
    io.put('\x7f');
  }
  runmat::telemetry::RunRecord damaged = run_recorded(env, dir.path, &log);
  CHECK(count(log, "Warning: ignoring the offload calibration of cpu: ") == 1);
  CHECK_THAT(log, Catch::Contains("corrupt"));
  for (const auto& d : damaged.offload_decisions()) CHECK(d.reason() == "default-coefficients");
  bool event = false;
  for (const auto& e : damaged.events()) event = event || e.name() == "calibration-ignored";
  CHECK(event);
}

TEST_CASE("accel-calibrate rejects unknown arguments", "[cli][offload]") {
  CHECK(run("", "accel-calibrate --slow").code == 2);
  CHECK(run("", "accel-calibrate --quick extra").code == 2);
  Exec help = run("", "--help");
  CHECK_THAT(help.out, Catch::Contains("accel-calibrate [--quick]"));
}
