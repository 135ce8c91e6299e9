#include <dlfcn.h>

#include <filesystem>
#include <utility>

#include "absl/strings/str_format.h"
#include "runmat/builtins_list.hpp"
#include "runmat/cache/cache_report.hpp"
#include "runmat/cache/cache_service.hpp"
#include "runmat/runmat.h"
#include "runmat/runmat.hpp"
#include "runmat/runtime/calibrate.hpp"
#include "runmat/runtime/runtime.hpp"
#include "runmat/telemetry/diff.hpp"
#include "runmat/telemetry/recorder.hpp"
#include "runmat/telemetry/writer.hpp"

namespace runmat {
namespace {

// Where librunmat itself lives: its runmat/plugins subdirectory holds the bundled plugins.
std::filesystem::path library_dir() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&library_dir), &info) && info.dli_fname) {
    std::error_code ec;
    auto p = std::filesystem::canonical(info.dli_fname, ec);
    if (!ec) return p.parent_path();
  }
  return {};
}

class SessionImpl final : public Session {
 public:
  SessionImpl() : rt_(runtime::RuntimeOptions::from_environment(library_dir())) {}

  RunOutcome RunFile(const std::string& path) override { return finish(rt_.run_file(path)); }
  RunOutcome RunCode(const std::string& code, const std::string& name) override {
    return finish(rt_.run_source(code, name));
  }
  bool WriteTelemetry(const std::string& path, TelemetryFormat format,
                      std::string* error) override {
    const absl::Status st = telemetry::WriteRunRecord(
        snapshot(), path,
        format == TelemetryFormat::kJson ? telemetry::Format::kJson : telemetry::Format::kBinary);
    if (!st.ok() && error) *error = std::string(st.message());
    return st.ok();
  }
  std::string TelemetrySummary() override { return telemetry::SummarizeRunRecord(snapshot()); }
  std::string AcceleratorInfo() override { return rt_.describe_accelerators(); }
  bool CalibrateAccelerators(bool quick, std::string* report) override {
    runtime::CalibrateResult r = runtime::calibrate_accelerators(rt_, quick);
    if (report) *report = std::move(r.report);
    return r.ok;
  }

 private:
  telemetry::RunRecord snapshot() {
    if (!collected_) {
      rt_.collect_telemetry();
      collected_ = true;
    }
    return rt_.recorder().Snapshot(rt_.elapsed_ns());
  }
  RunOutcome finish(const runtime::RunResult& r) {
    RunOutcome o;
    o.ok = r.ok;
    o.exit_code = r.ok ? 0 : 1;
    o.error_identifier = r.error_identifier;
    o.error_report = r.error_report;
    rt_.recorder().SetExitCode(o.exit_code, o.error_identifier);
    return o;
  }
  runtime::Runtime rt_;
  bool collected_ = false;
};

}  // namespace

Session::~Session() = default;
std::unique_ptr<Session> Session::Create() {
  return std::make_unique<SessionImpl>();
}
bool Session::SummarizeTelemetryFile(const std::string& path, std::string* summary,
                                     std::string* error) {
  absl::StatusOr<telemetry::RunRecord> rec = telemetry::ReadRunRecord(path);
  if (!rec.ok()) {
    if (error) *error = std::string(rec.status().message());
    return false;
  }
  if (summary) *summary = telemetry::SummarizeRunRecord(*rec);
  return true;
}

bool Session::DiffTelemetryFiles(const std::string& path_a, const std::string& path_b,
                                 std::string* report, std::string* error) {
  absl::StatusOr<telemetry::RunRecord> a = telemetry::ReadRunRecord(path_a);
  absl::StatusOr<telemetry::RunRecord> b = a.ok() ? telemetry::ReadRunRecord(path_b) : a;
  if (!b.ok()) {
    if (error) *error = std::string(b.status().message());
    return false;
  }
  telemetry::DiffOptions options;
  options.name_a = path_a;
  options.name_b = path_b;
  if (report) *report = telemetry::DiffRunRecords(*a, *b, options);
  return true;
}

std::string Session::CacheListing(bool verify_only) {
  cache::CacheService service(cache::CacheService::DefaultRoot());
  std::string out = absl::StrFormat("cache directory: %s\n", service.root().string());
  absl::StatusOr<std::vector<cache::EntryInfo>> entries = service.List();
  if (!entries.ok()) return out + absl::StrFormat("cannot list: %s\n", entries.status().message());
  uint64_t bad = 0;
  for (const auto& e : *entries) {
    if (!e.ok) ++bad;
    if (verify_only && e.ok) continue;
    if (e.ok) {
      absl::StrAppendFormat(&out, "  %-12s %-8s v%-4d %10d B  %s\n", e.cache_name, e.plugin,
                            e.plugin_version, e.file_bytes, e.entry);
    } else {
      absl::StrAppendFormat(&out, "  DAMAGED %s: %s\n", e.path.string(), e.problem);
    }
  }
  absl::StrAppendFormat(&out, "%d entries, %d damaged, %d bytes in all\n", entries->size(), bad,
                        service.TotalBytes());
  return out;
}

std::string Session::CacheStats() {
  return cache::CacheStatsReport(cache::CacheService(cache::CacheService::DefaultRoot()));
}

bool Session::ClearCache(std::string* error) {
  cache::CacheService service(cache::CacheService::DefaultRoot());
  const absl::Status st = service.Clear();
  if (!st.ok() && error) *error = std::string(st.message());
  return st.ok();
}

std::vector<std::string> Session::BuiltinNames() {
  return runtime::builtin_names();
}
std::string Session::BuiltinHelp(const std::string& name) {
  return runtime::builtin_help(name);
}
const char* Session::Version() {
  return "0.1.0";
}

}  // namespace runmat

// ------------------------------------------------------------------ C API
struct runmat_session {
  std::unique_ptr<runmat::Session> session;
  std::string last_error;
};

extern "C" {
RUNMAT_API runmat_session* runmat_session_create(void) {
  auto* s = new runmat_session;
  s->session = runmat::Session::Create();
  return s;
}
RUNMAT_API void runmat_session_destroy(runmat_session* s) {
  delete s;
}
RUNMAT_API int runmat_run_file(runmat_session* s, const char* path) {
  const runmat::RunOutcome o = s->session->RunFile(path ? path : "");
  s->last_error = o.error_report;
  return o.exit_code;
}
RUNMAT_API int runmat_run_code(runmat_session* s, const char* code) {
  const runmat::RunOutcome o = s->session->RunCode(code ? code : "");
  s->last_error = o.error_report;
  return o.exit_code;
}
RUNMAT_API const char* runmat_last_error(runmat_session* s) {
  return s->last_error.c_str();
}
RUNMAT_API const char* runmat_version(void) {
  return runmat::Session::Version();
}
}
