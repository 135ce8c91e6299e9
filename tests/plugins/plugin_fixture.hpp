// The plugins under test: every runmat-*.so in RUNMAT_PLUGIN_DIR, loaded once for the whole run.
// A plugin whose probe finds no device is skipped with a warning, or fails the test when
// CI=true.
#pragma once

#include <catch2/catch.hpp>
#include <functional>
#include <string>
#include <vector>

#include "kit/compare.hpp"
#include "kit/ir_builder.hpp"
#include "kit/kernel_case.hpp"
#include "kit/plugin_loader.hpp"
#include "kit/reference.hpp"
#include "kit/session.hpp"

namespace pk = runmat::plugin_kit;

struct PluginUnderTest {
  std::string file;  // path
  std::string name;  // api->name
  pk::PluginHandle handle;
  uint32_t device_count = 0;
  std::string probe_reason;
  rm_device_info info{};
  const rm_plugin_api* api() const { return handle.api(); }
  bool is_cpu() const { return name == "cpu"; }
};

// All plugin files found (loaded or not); REQUIREs that at least the CPU plugin is there.
std::vector<PluginUnderTest*>& all_plugins();

// Runs fn for every plugin that loads and has a device (skip/fail rules above), inside a
// Catch2 section named after the plugin.
void for_each_plugin(const std::function<void(PluginUnderTest&)>& fn);

// Compiles and launches kc on p, compares every output with the reference. RM_ERR_UNSUPPORTED
// is accepted only where the ABI allows it (F64 transcendentals on a non-CPU plugin, or any
// F64 kernel on a device without RM_DEVICE_FLAG_FLOAT64); returns false then.
bool check_case(PluginUnderTest& p, pk::Session& s, const pk::KernelCase& kc, const char* what,
                const pk::Tolerance* tol = nullptr,
                const std::vector<double>* shown_inputs = nullptr);

// Deterministic pseudo-random values in [lo, hi).
std::vector<double> random_values(size_t n, double lo, double hi, uint64_t seed);
