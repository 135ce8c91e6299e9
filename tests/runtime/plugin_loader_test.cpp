// Every refusal path of the plugin host, with the deliberately broken plugins built in
// tests/plugins/broken, and that a refusal never stops work.
#include <catch2/catch.hpp>
#include <fstream>

#include "plugin_host.hpp"
#include "runtime_fixture.hpp"

using runmat::runtime::LoadedPlugin;
using runmat::runtime::PluginHost;
using runmat::testing::run_matlab;
using runmat::testing::test_options;

namespace {
std::filesystem::path broken(const char* file) {
  return std::filesystem::path(RUNMAT_TEST_PLUGIN_DIR) / file;
}
std::filesystem::path real_dir() {
  return std::getenv("RUNMAT_PLUGIN_DIR");
}
}  // namespace

TEST_CASE("the CPU plugin loads and negotiates ABI 1", "[plugins]") {
  LoadedPlugin p = PluginHost::load_one(real_dir() / "runmat-cpu.so");
  REQUIRE(p.api != nullptr);
  CHECK(p.refused_reason.empty());
  CHECK(p.name == "cpu");
  CHECK(p.abi_major == RM_ACCEL_ABI_MAJOR);
  PluginHost::probe_devices(p);
  REQUIRE(p.devices.size() == 1);
  CHECK((p.devices[0].flags & RM_DEVICE_FLAG_FLOAT64) != 0);
}

TEST_CASE("a plugin of another ABI major is refused with the reason", "[plugins]") {
  LoadedPlugin p = PluginHost::load_one(broken("runmat-wrongmajor.so"));
  CHECK(p.api == nullptr);
  CHECK_THAT(p.refused_reason, Catch::Contains("ABI major version 99 differs from host 1"));
}

TEST_CASE("a plugin without the entry symbol is refused", "[plugins]") {
  LoadedPlugin p = PluginHost::load_one(broken("runmat-noentry.so"));
  CHECK(p.api == nullptr);
  CHECK_THAT(p.refused_reason,
             Catch::Contains("does not export the entry symbol 'rm_accel_plugin_entry'"));
}

TEST_CASE("a plugin whose entry returns NULL is refused", "[plugins]") {
  LoadedPlugin p = PluginHost::load_one(broken("runmat-null.so"));
  CHECK(p.api == nullptr);
  CHECK_THAT(p.refused_reason, Catch::Contains("declined"));
}

TEST_CASE("a file that is not a shared object is refused, not a crash", "[plugins]") {
  const auto dir = std::filesystem::temp_directory_path() / "runmat-bogus-plugins";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "runmat-garbage.so") << "this is not an ELF file";
  LoadedPlugin p = PluginHost::load_one(dir / "runmat-garbage.so");
  CHECK(p.api == nullptr);
  CHECK_THAT(p.refused_reason, Catch::Contains("cannot be loaded"));
}

TEST_CASE("refused plugins are counted in telemetry and work still runs", "[plugins]") {
  auto opts = test_options(runmat::runtime::AccelMode::kCpu);
  opts.plugin_dirs.insert(opts.plugin_dirs.begin(), RUNMAT_TEST_PLUGIN_DIR);
  auto r = run_matlab("x = linspace(0, 1, 20000); fprintf('%.4f\\n', sum(x));", opts);
  REQUIRE(r.result.ok);
  CHECK(r.out == "10000.0000\n");
  int refused = 0;
  for (const auto& e : r.record.events()) {
    if (e.name() == "plugin-refused") ++refused;
  }
  CHECK(refused >= 3);
  bool cpu_loaded = false;
  for (const auto& p : r.record.plugins())
    cpu_loaded = cpu_loaded || (p.name() == "cpu" && p.loaded());
  CHECK(cpu_loaded);
}

TEST_CASE("discovery lists files without loading them", "[plugins]") {
  PluginHost host({real_dir(), "/nonexistent/dir"});
  const auto files = host.discover();
  CHECK(files.size() >= 1);
  CHECK_FALSE(host.loaded());
}
