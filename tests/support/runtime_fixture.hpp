// Runs MATLAB source in a fresh Runtime with captured output, for tests.
#pragma once

#include <cstdlib>
#include <sstream>
#include <string>

#include "runmat/runtime/runtime.hpp"
#include "runmat/telemetry/recorder.hpp"

namespace runmat::testing {

struct RunCapture {
  runtime::RunResult result;
  std::string out;
  std::string err;
  telemetry::RunRecord record;
};

inline runtime::RuntimeOptions test_options(runtime::AccelMode mode = runtime::AccelMode::kCpu) {
  runtime::RuntimeOptions o;
  if (const char* d = std::getenv("RUNMAT_PLUGIN_DIR")) o.plugin_dirs.emplace_back(d);
  o.accel = mode;
  o.cache_dir = std::filesystem::temp_directory_path() / "runmat-test-cache";
  return o;
}

inline RunCapture run_matlab(const std::string& src, runtime::RuntimeOptions o = test_options()) {
  std::ostringstream out, err;
  o.out = &out;
  o.err = &err;
  runtime::Runtime rt(o);
  RunCapture c;
  c.result = rt.run_source(src, "test.m");
  rt.collect_telemetry();
  c.record = rt.recorder().Snapshot(rt.elapsed_ns());
  c.out = out.str();
  c.err = err.str();
  return c;
}

// CI=true turns "no Vulkan device" from a skip into a failure.
inline bool ci_mode() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

}  // namespace runmat::testing
