#include "plugin_fixture.hpp"

#include <cstdlib>
#include <cstring>
#include <memory>

// RUNMAT_PLUGIN_DIR (set by ctest), else the build tree's plugin directory.
static std::string plugin_dir() {
  const std::string env = pk::plugin_dir_from_env();
  return env.empty() ? std::string(RUNMAT_BUILD_PLUGIN_DIR) : env;
}

// RUNMAT_PLUGIN_ONLY=cpu,vulkan restricts the run to the named plugins (all when unset).
static bool selected(const std::string& name) {
  const char* only = std::getenv("RUNMAT_PLUGIN_ONLY");
  if (!only || !*only) return true;
  const std::string list = std::string(",") + only + ",";
  return list.find("," + name + ",") != std::string::npos;
}

std::vector<PluginUnderTest*>& all_plugins() {
  static std::vector<std::unique_ptr<PluginUnderTest>> storage;
  static std::vector<PluginUnderTest*> plugins;
  static bool loaded = false;
  if (!loaded) {
    loaded = true;
    const std::string dir = plugin_dir();
    for (const std::string& file : pk::find_plugin_files(dir)) {
      auto p = std::make_unique<PluginUnderTest>();
      p->file = file;
      p->handle = pk::PluginHandle::open(file);
      if (p->handle.ok() && !selected(p->handle.api()->name ? p->handle.api()->name : "")) continue;
      if (p->handle.ok()) {
        p->name = p->api()->name ? p->api()->name : "";
        char reason[512] = {0};
        const rm_status st = p->api()->probe(&p->device_count, reason, sizeof reason);
        if (st != RM_OK) p->device_count = 0;
        p->probe_reason = reason;
        if (p->device_count > 0) {
          std::memset(&p->info, 0, sizeof p->info);
          p->info.struct_size = sizeof p->info;
          p->api()->get_device_info(0, &p->info);
        }
      }
      plugins.push_back(p.get());
      storage.push_back(std::move(p));
    }
  }
  return plugins;
}

void for_each_plugin(const std::function<void(PluginUnderTest&)>& fn) {
  auto& plugins = all_plugins();
  INFO("plugin directory " << plugin_dir());
  REQUIRE(!plugins.empty());
  bool saw_cpu = false;
  for (PluginUnderTest* p : plugins) {
    if (p->name == "cpu") saw_cpu = true;
  }
  REQUIRE(saw_cpu);
  for (PluginUnderTest* p : plugins) {
    DYNAMIC_SECTION("plugin " << p->file) {
      INFO("plugin file " << p->file);
      REQUIRE(p->handle.ok());
      if (p->device_count == 0) {
        if (pk::ci_mode()) {
          FAIL("plugin '" << p->name << "' found no device (CI=true): " << p->probe_reason);
        } else {
          WARN("skipping plugin '" << p->name << "': no device (" << p->probe_reason << ")");
        }
        continue;
      }
      fn(*p);
    }
  }
}

bool check_case(PluginUnderTest& p, pk::Session& s, const pk::KernelCase& kc, const char* what,
                const pk::Tolerance* tol, const std::vector<double>* shown_inputs) {
  INFO("case: " << what << " on plugin " << p.name);
  const pk::CaseResult r = pk::run_case(s, kc, what);
  if (r.status() == RM_ERR_UNSUPPORTED) {
    const bool f64_transcendental = !p.is_cpu() && pk::uses_f64_transcendentals(kc.ir.insts());
    const bool no_f64 = !(p.info.flags & RM_DEVICE_FLAG_FLOAT64) && pk::uses_f64(kc.ir.insts());
    INFO("RM_ERR_UNSUPPORTED: " << r.error);
    REQUIRE((f64_transcendental || no_f64));
    CHECK(!r.error.empty());
    return false;
  }
  INFO("compile: " << pk::status_name(r.compile_status)
                   << ", launch: " << pk::status_name(r.launch_status) << ", error: " << r.error);
  if (!r.ok()) {
    FAIL_CHECK("the kernel did not run");
    return false;
  }
  const auto expected = pk::reference_outputs(kc);
  if (r.outputs.size() != expected.size()) {
    FAIL_CHECK("got " << r.outputs.size() << " outputs, expected " << expected.size());
    return false;
  }
  for (size_t o = 0; o < expected.size(); ++o) {
    const rm_dtype dt = kc.output_dtype(static_cast<uint32_t>(o));
    const pk::Tolerance t = tol ? *tol : pk::default_tolerance(dt);
    const pk::Comparison c = pk::compare_values(r.outputs[o], expected[o], t, shown_inputs);
    INFO("output " << o << " (" << pk::dtype_name(dt) << "), rtol " << t.rtol << ", atol " << t.atol
                   << "\n"
                   << c.report);
    CHECK(c.ok);
    if (dt == RM_DTYPE_BOOL) {
      for (double v : r.outputs[o]) {
        if (v != 0.0 && v != 1.0) {
          FAIL_CHECK("BOOL output byte is " << v << ", not 0 or 1");
          break;
        }
      }
    }
  }
  return true;
}

std::vector<double> random_values(size_t n, double lo, double hi, uint64_t seed) {
  std::vector<double> v(n);
  uint64_t x = seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull;
  for (size_t i = 0; i < n; ++i) {
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    const double u = static_cast<double>((x * 0x2545F4914F6CDD1Dull) >> 11) * 0x1.0p-53;
    v[i] = lo + (hi - lo) * u;
  }
  return v;
}
