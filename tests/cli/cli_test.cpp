// The `runmat` executable end to end: exit codes, MATLAB-style errors on stderr, telemetry files
// readable by the protobuf library, accel-info.
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "runmat/telemetry/writer.hpp"

namespace {

struct Exec {
  int code = -1;
  std::string out;
};

// Runs a shell command line; stderr is merged into stdout when `merge` is set.
Exec run(const std::string& args, bool merge = false) {
  const std::string bin = std::string(std::getenv("RUNMAT_BIN")) + "/runmat";
  const std::string cmd = bin + " " + args + (merge ? " 2>&1" : " 2>/dev/null");
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

}  // namespace

TEST_CASE("--version and --help", "[cli]") {
  auto v = run("--version");
  CHECK(v.code == 0);
  CHECK(v.out.rfind("runmat ", 0) == 0);
  auto h = run("--help");
  CHECK(h.code == 0);
  CHECK_THAT(h.out, Catch::Contains("accel-info"));
}

TEST_CASE("-e runs code; errors exit 1 with MATLAB-style text on stderr", "[cli]") {
  auto ok = run("-e \"x = 6*7; fprintf('%d\\n', x)\"");
  CHECK(ok.code == 0);
  CHECK(ok.out == "42\n");
  auto bad = run("-e \"y = 1; z = y + nope;\"", true);
  CHECK(bad.code == 1);
  CHECK_THAT(bad.out, Catch::Contains("Unrecognized function or variable 'nope'."));
  CHECK_THAT(bad.out, Catch::Contains("(line 1)"));
  auto usage = run("--no-such-option");
  CHECK(usage.code == 2);
}

TEST_CASE("the demo runs", "[cli]") {
  auto d = run(std::string("run ") + RUNMAT_SOURCE_DIR + "/examples/demo.m");
  CHECK(d.code == 0);
  CHECK_THAT(d.out, Catch::Contains("sum(y)  = "));
  CHECK_THAT(d.out, Catch::Contains("ran on  : "));
}

TEST_CASE("telemetry round trip through the protobuf library", "[cli][telemetry]") {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string pb = (dir / "runmat-cli-test.pb").string();
  const std::string js = (dir / "runmat-cli-test.json").string();
  const std::string code =
      "\"x = linspace(0, 1, 100000); y = sum(exp(x) .* 2); fprintf('%.3f', y);\"";
  auto a = run("-e " + code + " --telemetry " + pb);
  REQUIRE(a.code == 0);
  auto b = run("-e " + code + " --telemetry " + js + " --telemetry-format json");
  REQUIRE(b.code == 0);
  for (const std::string& path : {pb, js}) {
    auto rec = runmat::telemetry::ReadRunRecord(path);
    REQUIRE(rec.ok());
    CHECK(rec->schema_version() == 3);
    CHECK(rec->wall_ns() > 0);
    CHECK(rec->exit_code() == 0);
    REQUIRE(rec->kernels_size() == 1);
    CHECK(rec->kernels(0).launches() == 1);
    CHECK(rec->fusion().groups() == 1);
    CHECK(rec->devices_size() >= 1);
  }
}

TEST_CASE("accel-info lists plugins and refused ones with reasons", "[cli]") {
  const std::string env =
      std::string("RUNMAT_PLUGIN_PATH=") + std::getenv("RUNMAT_BIN") + "/../test-plugins ";
  const std::string bin = std::string(std::getenv("RUNMAT_BIN")) + "/runmat";
  FILE* p = popen((env + bin + " accel-info").c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  CHECK(pclose(p) == 0);
  CHECK_THAT(out, Catch::Contains("cpu (ABI 1."));
  CHECK_THAT(out, Catch::Contains("REFUSED"));
  CHECK_THAT(out, Catch::Contains("ABI major version 99"));
  CHECK_THAT(out, Catch::Contains("Cache directory:"));
}

TEST_CASE("telemetry show summarizes a file; cache ls lists entries", "[cli][telemetry][cache]") {
  const std::string pb = (std::filesystem::temp_directory_path() / "runmat-cli-show.pb").string();
  REQUIRE(run("-e \"s = sum(exp(linspace(0, 1, 100000)));\" --telemetry " + pb).code == 0);
  auto show = run("telemetry show " + pb);
  CHECK(show.code == 0);
  CHECK_THAT(show.out, Catch::Contains("kernels: 1 distinct, 1 launches"));
  auto missing = run("telemetry show /nonexistent/file.pb");
  CHECK(missing.code == 1);
  const std::string dir = (std::filesystem::temp_directory_path() / "runmat-cli-cache").string();
  auto ls = run("cache ls");
  CHECK(ls.code == 0);
  CHECK_THAT(ls.out, Catch::Contains("entries"));
  CHECK(run("cache bogus").code == 2);
}

TEST_CASE("telemetry diff compares a binary and a JSON record", "[cli][telemetry]") {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string a = (dir / "runmat-cli-diff-a.pb").string();
  const std::string b = (dir / "runmat-cli-diff-b.json").string();
  // B computes a second, different reduction: one more kernel, one more download.
  REQUIRE(run("-e \"x = linspace(0, 1, 100000); s = sum(exp(x)); disp(s > 0)\" --telemetry " + a)
              .code == 0);
  REQUIRE(run("-e \"x = linspace(0, 1, 100000); s = sum(exp(x)); t = sum(sin(x)); disp(s > t)\""
              " --telemetry " +
              b + " --telemetry-format json")
              .code == 0);
  auto diff = run("telemetry diff " + a + " " + b);
  INFO(diff.out);
  CHECK(diff.code == 0);
  CHECK_THAT(diff.out, Catch::Contains("A: " + a));
  CHECK_THAT(diff.out, Catch::Contains("B: " + b));
  CHECK_THAT(diff.out, Catch::Matches("[\\s\\S]*kernel launches +1 +2 +\\+1\n[\\s\\S]*"));
  CHECK_THAT(diff.out, Catch::Matches("[\\s\\S]*downloads +1 +2 +\\+1\n[\\s\\S]*"));
  CHECK_THAT(diff.out, Catch::Contains("new"));

  auto missing = run("telemetry diff " + a + " /nonexistent/b.pb", true);
  CHECK(missing.code == 1);
  CHECK_THAT(missing.out, Catch::Contains("/nonexistent/b.pb"));
  CHECK(run("telemetry diff " + a).code == 2);
}

TEST_CASE("cache stats; the size limit evicts pipelines through the runtime", "[cli][cache]") {
  const auto dir = std::filesystem::temp_directory_path() / "runmat-cli-cache-limit";
  std::filesystem::remove_all(dir);
  const std::string record = (dir / "run.json").string();
  const std::string env = "RUNMAT_CACHE_DIR=" + (dir / "cache").string() +
                          " RUNMAT_CACHE_MAX_BYTES=1 RUNMAT_ACCEL=vulkan ";
  const std::string bin = std::string(std::getenv("RUNMAT_BIN")) + "/runmat";
  std::filesystem::create_directories(dir);
  // Two different kernels, so two pipeline-cache entries; a 1-byte limit keeps only the last.
  const std::string code =
      "\"x = linspace(0, 1, 100000); a = sum(exp(x)); b = sum(sin(x)); fprintf('%d', a > b);\"";
  REQUIRE(std::system((env + bin + " -e " + code + " --telemetry " + record +
                       " --telemetry-format json > /dev/null 2>&1")
                          .c_str()) == 0);
  auto rec = runmat::telemetry::ReadRunRecord(record);
  REQUIRE(rec.ok());
  const bool vulkan = std::any_of(rec->devices().begin(), rec->devices().end(),
                                  [](const auto& d) { return d.plugin() == "vulkan"; });
  FILE* p = popen((env + bin + " cache stats").c_str(), "r");
  REQUIRE(p != nullptr);
  std::string stats;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) stats.append(buf.data(), n);
  CHECK(pclose(p) == 0);
  INFO(stats);
  CHECK_THAT(stats, Catch::Contains("size limit: 1 B (RUNMAT_CACHE_MAX_BYTES)"));
  if (!vulkan) {
    WARN("no Vulkan device: eviction through the pipeline cache not exercised");
    return;
  }
  uint64_t evicted = 0;
  for (const auto& e : rec->events()) evicted += e.name() == "cache-evicted" ? e.count() : 0;
  CHECK(evicted == 1);
  CHECK_THAT(stats, Catch::Contains("vk-pipeline           1"));
  CHECK_THAT(stats, Catch::Contains("total: 1 entries"));
  std::filesystem::remove_all(dir);
}
