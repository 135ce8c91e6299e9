// Runtime: one MATLAB session — workspace of functions, accelerator host, telemetry recorder,
// RNG state, output streams. librunmat wraps it; the CLI never sees anything below it.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/status/status.h"
#include "runmat/core/value.hpp"

namespace runmat::telemetry {
class Recorder;
}
namespace runmat::cache {
class CacheService;
}

namespace runmat::runtime {

class AccelHost;
class FunctionPath;
class FileTable;
struct RngState;

enum class AccelMode { kAuto, kCpu, kVulkan, kOff };

struct RuntimeOptions {
  std::ostream* out = nullptr;  // defaults to std::cout
  std::ostream* err = nullptr;  // defaults to std::cerr
  AccelMode accel = AccelMode::kAuto;
  // Plugin search path, in order: the install's plugin directory next to librunmat,
  // RUNMAT_PLUGIN_PATH entries, and the config entry. Filled by from_environment().
  std::vector<std::filesystem::path> plugin_dirs;
  std::filesystem::path cache_dir;
  // Array operations on at least this many elements are deferred into the lazy graph.
  int64_t lazy_threshold = 4096;
  // A deferred value stored in a variable with a graph deeper than this is computed (within
  // one statement: twice this). Bounds graph and kernel size; sets a fused loop's block.
  uint32_t max_graph_depth = 64;
  std::string script_name = "script";
  bool accel_log = false;       // RUNMAT_ACCEL_LOG set and not "0": log offload decisions
  std::string config_warnings;  // e.g. an unknown RUNMAT_ACCEL value (printed at start)

  // Reads RUNMAT_ACCEL, RUNMAT_PLUGIN_PATH, RUNMAT_PLUGIN_DIR, RUNMAT_CACHE_DIR,
  // RUNMAT_LAZY_THRESHOLD and ~/.config/runmat/config (plugin_path=...). `lib_dir` is where
  // librunmat lives (its runmat/plugins subdirectory is searched first).
  static RuntimeOptions from_environment(const std::filesystem::path& lib_dir);
};

struct RunResult {
  bool ok = true;
  std::string error_identifier;
  std::string error_report;  // MATLAB-style text for stderr
};

class Runtime {
 public:
  explicit Runtime(RuntimeOptions options);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  // Parses, compiles and runs a script's source. Errors are returned, not thrown.
  RunResult run_source(std::string_view source, std::string_view filename);
  RunResult run_file(const std::filesystem::path& path);

  const RuntimeOptions& options() const { return options_; }
  std::ostream& out() { return *options_.out; }
  std::ostream& err() { return *options_.err; }
  telemetry::Recorder& recorder() { return *recorder_; }
  cache::CacheService& cache() { return *cache_; }
  AccelHost& accel() { return *accel_; }

  // Session state used by builtins.
  std::mt19937& twister() { return twister_; }
  // rng's generator choice, seed and philox stream (philox.hpp).
  RngState& rng();
  std::chrono::steady_clock::time_point tic_time{};
  bool tic_set = false;
  // `global x`: one table per session, shared by the script and every function that declares
  // x. `persistent p`: keyed "file|function|name", kept across calls. The VM binds frame slots
  // to these entries by address (unordered_map nodes are stable): reset a value to clear it,
  // never erase an entry while code runs.
  std::unordered_map<std::string, Value> globals;
  std::unordered_map<std::string, Value> persistents;
  std::string last_error;  // lasterr: message of the most recent error
  std::string last_warning;
  // warning('off', id): id -> off; the key "all" switches every warning.
  std::unordered_map<std::string, bool> warnings_off;

  // Function files: the current folder, the script's folder, addpath's folders.
  FunctionPath& function_path() { return *path_; }
  // Files opened by fopen (closed when the session ends).
  FileTable& files();
  // Nesting depth of function calls across every module (MATLAB's recursion limit).
  int call_depth = 0;
  // `format long` / `format compact`: numeric display precision and blank-line spacing.
  bool format_long = false;
  bool format_compact = false;

  // Flushes device counters into the recorder; call before snapshotting telemetry.
  void collect_telemetry();
  // Text for `runmat accel-info`: search path, plugins (loaded or refused, with the reason),
  // their devices and ABI versions, the cache directory, and degradation events so far.
  std::string describe_accelerators();
  uint64_t elapsed_ns() const;

 private:
  RuntimeOptions options_;
  std::unique_ptr<telemetry::Recorder> recorder_;
  std::unique_ptr<cache::CacheService> cache_;
  std::unique_ptr<AccelHost> accel_;
  std::unique_ptr<FunctionPath> path_;
  std::unique_ptr<FileTable> files_;
  std::unique_ptr<RngState> rng_;
  std::mt19937 twister_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace runmat::runtime
