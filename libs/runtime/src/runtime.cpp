#include "runmat/runtime/runtime.hpp"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "accel_host.hpp"
#include "file_table.hpp"
#include "function_path.hpp"
#include "philox.hpp"  // complete RngState for the destructor
#include "runmat/cache/cache_service.hpp"
#include "runmat/core/error.hpp"
#include "runmat/lang/compiler.hpp"
#include "runmat/lang/parser.hpp"
#include "runmat/telemetry/recorder.hpp"
#include "vm.hpp"

#ifndef RUNMAT_VERSION_STRING
#define RUNMAT_VERSION_STRING "0.1.0"
#endif

namespace runmat::runtime {

RuntimeOptions RuntimeOptions::from_environment(const std::filesystem::path& lib_dir) {
  RuntimeOptions o;
  // 1. The install's (or build tree's) plugin directory next to librunmat.
  if (!lib_dir.empty()) o.plugin_dirs.push_back(lib_dir / "runmat" / "plugins");
  // 2. RUNMAT_PLUGIN_PATH (colon-separated), RUNMAT_PLUGIN_DIR (one directory, used by tests).
  for (const char* var : {"RUNMAT_PLUGIN_PATH", "RUNMAT_PLUGIN_DIR"}) {
    if (const char* p = std::getenv(var)) {
      for (absl::string_view part : absl::StrSplit(p, ':', absl::SkipEmpty())) {
        o.plugin_dirs.emplace_back(std::string(part));
      }
    }
  }
  // 3. The config file entry: plugin_path=DIR in $XDG_CONFIG_HOME/runmat/config.
  std::filesystem::path config;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) {
    config = std::filesystem::path(x) / "runmat" / "config";
  } else if (const char* h = std::getenv("HOME"); h && *h) {
    config = std::filesystem::path(h) / ".config" / "runmat" / "config";
  }
  if (!config.empty()) {
    std::ifstream in(config);
    std::string line;
    while (std::getline(in, line)) {
      absl::string_view l = absl::StripAsciiWhitespace(line);
      if (absl::ConsumePrefix(&l, "plugin_path=")) o.plugin_dirs.emplace_back(std::string(l));
    }
  }
  if (const char* a = std::getenv("RUNMAT_ACCEL"); a && *a) {
    const std::string m = a;
    if (m == "cpu") {
      o.accel = AccelMode::kCpu;
    } else if (m == "vulkan" || m == "gpu") {
      o.accel = AccelMode::kVulkan;
    } else if (m == "off" || m == "none") {
      o.accel = AccelMode::kOff;
    } else if (m != "auto") {
      o.config_warnings += absl::StrCat("Warning: RUNMAT_ACCEL='", m,
                                        "' is not one of auto, cpu, vulkan, off; using auto.\n");
    }
  }
  if (const char* l = std::getenv("RUNMAT_ACCEL_LOG")) o.accel_log = *l && std::string(l) != "0";
  if (const char* t = std::getenv("RUNMAT_LAZY_THRESHOLD")) o.lazy_threshold = std::atoll(t);
  o.cache_dir = cache::CacheService::DefaultRoot();
  return o;
}

Runtime::Runtime(RuntimeOptions options) : options_(std::move(options)), twister_(5489u) {
  start_ = std::chrono::steady_clock::now();
  if (!options_.out) options_.out = &std::cout;
  if (!options_.err) options_.err = &std::cerr;
  recorder_ = std::make_unique<telemetry::Recorder>(RUNMAT_VERSION_STRING);
  cache_ = std::make_unique<cache::CacheService>(
      options_.cache_dir.empty() ? cache::CacheService::DefaultRoot() : options_.cache_dir,
      [this](std::string_view name, std::string_view detail) { recorder_->Event(name, detail); });
  accel_ = std::make_unique<AccelHost>(*this);
  path_ = std::make_unique<FunctionPath>();
  if (!options_.config_warnings.empty()) {
    *options_.err << options_.config_warnings;
    recorder_->Event("config-warning", options_.config_warnings);
  }
}

Runtime::~Runtime() {
  accel_.reset();
}

FileTable& Runtime::files() {
  if (!files_) files_ = std::make_unique<FileTable>();
  return *files_;
}

uint64_t Runtime::elapsed_ns() const {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now() - start_)
                                   .count());
}

namespace {

std::string script_label(std::string_view filename) {
  std::filesystem::path p{std::string(filename)};
  return p.stem().string();
}

RunResult error_result(const MatlabError& e, std::string_view filename) {
  RunResult r;
  r.ok = false;
  r.error_identifier = e.identifier();
  std::string text;
  if (!e.where.empty()) text = absl::StrCat("Error using ", e.where, "\n");
  text += e.message();
  text += "\n";
  if (e.line > 0) {
    const std::string fn =
        e.function.empty() || e.function == filename ? script_label(filename) : e.function;
    absl::StrAppend(&text, "\nError in ", fn, " (line ", e.line, ")\n");
  }
  r.error_report = text;
  return r;
}

}  // namespace

RunResult Runtime::run_source(std::string_view source, std::string_view filename) {
  recorder_->SetScript(std::string(filename));
  lang::ParseResult parsed = lang::parse_program(source, filename);
  if (!parsed.ok) {
    RunResult r;
    r.ok = false;
    r.error_identifier = "MATLAB:parse";
    r.error_report = parsed.error.format() + "\n";
    return r;
  }
  absl::StatusOr<lang::Module> module = lang::compile_program(parsed.program);
  if (!module.ok()) {
    RunResult r;
    r.ok = false;
    r.error_identifier = "MATLAB:compile";
    r.error_report =
        absl::StrCat("Error: File: ", std::string(filename), " ", module.status().message(), "\n");
    return r;
  }
  auto shared_module = std::make_shared<const lang::Module>(*std::move(module));
  try {
    Vm vm(*this, shared_module);
    const lang::Module* m = shared_module.get();
    if (parsed.program.is_function_file && !m->functions.empty()) {
      vm.call(m->functions.front(), {}, 0);
    } else {
      vm.call(m->script, {}, 0);
    }
    accel_->synchronize_all();
  } catch (const MatlabError& e) {
    return error_result(e, filename);
  } catch (const std::bad_alloc&) {
    return error_result(MatlabError("MATLAB:nomem", "Out of memory."), filename);
  }
  return {};
}

RunResult Runtime::run_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    RunResult r;
    r.ok = false;
    r.error_identifier = "MATLAB:run:FileNotFound";
    r.error_report = absl::StrCat("Error: File not found: ", path.string(), "\n");
    return r;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  // Functions in .m files next to the script are found as MATLAB finds them in the folder.
  path_->set_script_dir(path.has_parent_path() ? path.parent_path() : std::filesystem::path("."));
  return run_source(ss.str(), path.filename().string());
}

void Runtime::collect_telemetry() {
  accel_->collect_telemetry();
  for (const auto& [name, c] : cache_->Counters()) {
    recorder_->SetCacheStats(name, c.hits, c.misses, c.corrupt, c.writes, c.bytes_read,
                             c.bytes_written);
  }
}

}  // namespace runmat::runtime
