// runmat — command-line front end. Thin over librunmat: argument parsing and exit codes only.
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "runmat/runmat.hpp"

namespace {

constexpr const char* kUsage = R"(Usage:
  runmat SCRIPT.m                     run a script
  runmat run SCRIPT.m [options]       run a script
  runmat -e "CODE" [options]          run code given on the command line
  runmat accel-info                   plugins found or refused (with reasons), devices, cache
  runmat accel-calibrate [--quick]    measure each device for the offload cost model and save
                                      the coefficients in the cache directory
  runmat --list-builtins              every builtin function, one per line
  runmat help NAME                    help text of a builtin
  runmat telemetry show FILE          readable summary of a telemetry file (binary or JSON)
  runmat telemetry diff A B           what changed between two telemetry files, with deltas
  runmat cache ls|stats|verify|clear  list cache entries, sizes per cache against the limit,
                                      list damaged entries, or clear the cache
  runmat --version | --help

Options:
  --telemetry FILE                    write the run's telemetry (RunRecord protobuf)
  --telemetry-format binary|json      format of FILE (default binary)
  --telemetry-summary                 print a readable telemetry summary to stderr

Environment:
  RUNMAT_ACCEL=auto|cpu|vulkan|off    where fused kernels run (default auto)
  RUNMAT_ACCEL_LOG=1                  log every offload decision to stderr
  RUNMAT_PLUGIN_PATH=DIR[:DIR...]     extra plugin directories
  RUNMAT_VULKAN_DEVICE=INDEX|NAME     pick the Vulkan device
  RUNMAT_CACHE_DIR=DIR                cache location (else $XDG_CACHE_HOME/runmat, ~/.cache/runmat)
  RUNMAT_CACHE_MAX_BYTES=SIZE         cache size limit, e.g. 512M, 2G (default 1G; 0 = none)
  RUNMAT_LAZY_THRESHOLD=N             defer array ops on >= N elements (default 4096; 0 = eager)
)";

int usage_error(const std::string& msg) {
  std::cerr << "runmat: " << msg << "\n\n" << kUsage;
  return 2;
}

// `runmat telemetry show FILE` and `runmat telemetry diff A B`.
int telemetry_command(const std::vector<std::string>& args) {
  const std::string sub = args.size() >= 2 ? args[1] : "";
  std::string text, error;
  if (sub == "show" && args.size() == 3) {
    if (!runmat::Session::SummarizeTelemetryFile(args[2], &text, &error)) {
      std::cerr << "runmat: " << args[2] << ": " << error << "\n";
      return 1;
    }
  } else if (sub == "diff" && args.size() == 4) {
    // The message names the file already, so no prefix beyond the program's name.
    if (!runmat::Session::DiffTelemetryFiles(args[2], args[3], &text, &error)) {
      std::cerr << "runmat: " << error << "\n";
      return 1;
    }
  } else {
    return usage_error("usage: runmat telemetry show FILE | runmat telemetry diff A B");
  }
  std::cout << text;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cout << kUsage;
    return 0;
  }
  std::string script, code, telemetry_path;
  runmat::TelemetryFormat format = runmat::TelemetryFormat::kBinary;
  bool print_summary = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const char* what) -> std::string {
      if (i + 1 >= args.size()) {
        std::cerr << "runmat: " << what << " needs a value\n";
        std::exit(2);
      }
      return args[++i];
    };
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (a == "--version") {
      std::cout << "runmat " << runmat::Session::Version() << "\n";
      return 0;
    } else if (a == "--list-builtins") {
      for (const auto& n : runmat::Session::BuiltinNames()) std::cout << n << "\n";
      return 0;
    } else if (a == "help" && i == 0) {
      const std::string name = value("help");
      const std::string text = runmat::Session::BuiltinHelp(name);
      if (text.empty()) {
        std::cerr << "help: '" << name << "' is not a builtin function.\n";
        return 1;
      }
      std::cout << name << ": " << text << "\n";
      return 0;
    } else if (a == "telemetry" && i == 0) {
      return telemetry_command(args);
    } else if (a == "cache" && i == 0) {
      const std::string sub = args.size() == 2 ? args[1] : "";
      if (sub == "ls" || sub == "verify") {
        std::cout << runmat::Session::CacheListing(sub == "verify");
        return 0;
      }
      if (sub == "stats") {
        std::cout << runmat::Session::CacheStats();
        return 0;
      }
      if (sub == "clear") {
        std::string error;
        if (!runmat::Session::ClearCache(&error)) {
          std::cerr << "runmat: cannot clear the cache: " << error << "\n";
          return 1;
        }
        return 0;
      }
      return usage_error("usage: runmat cache ls|stats|verify|clear");
    } else if (a == "accel-calibrate" && i == 0) {
      if (args.size() > 2 || (args.size() == 2 && args[1] != "--quick"))
        return usage_error("usage: runmat accel-calibrate [--quick]");
      std::string report;
      const bool ok = runmat::Session::Create()->CalibrateAccelerators(args.size() == 2, &report);
      std::cout << report;
      return ok ? 0 : 1;
    } else if (a == "accel-info" && i == 0) {
      std::cout << runmat::Session::Create()->AcceleratorInfo();
      return 0;
    } else if (a == "run" && i == 0) {
      script = value("run");
      if (!code.empty()) return usage_error("give either a script or -e CODE, not both");
    } else if (a == "-e") {
      if (!script.empty()) return usage_error("give either a script or -e CODE, not both");
      if (!code.empty()) return usage_error("-e may be given once");
      code = value("-e");
    } else if (a == "--telemetry") {
      telemetry_path = value("--telemetry");
    } else if (a == "--telemetry-format") {
      const std::string f = value("--telemetry-format");
      if (f == "json") {
        format = runmat::TelemetryFormat::kJson;
      } else if (f == "binary") {
        format = runmat::TelemetryFormat::kBinary;
      } else {
        return usage_error("unknown telemetry format '" + f + "'");
      }
    } else if (a == "--telemetry-summary") {
      print_summary = true;
    } else if (!a.empty() && a[0] == '-') {
      return usage_error("unknown option '" + a + "'");
    } else if (script.empty() && code.empty()) {
      script = a;
    } else if (!code.empty()) {
      return usage_error("give either a script or -e CODE, not both");
    } else {
      return usage_error("unexpected argument '" + a + "'");
    }
  }
  if (script.empty() && code.empty()) return usage_error("nothing to run");
  std::ios::sync_with_stdio(false);
  auto session = runmat::Session::Create();
  const runmat::RunOutcome outcome =
      script.empty() ? session->RunCode(code) : session->RunFile(script);
  std::cout.flush();
  if (!outcome.ok) std::cerr << outcome.error_report;
  if (!telemetry_path.empty()) {
    std::string error;
    if (!session->WriteTelemetry(telemetry_path, format, &error)) {
      std::cerr << "runmat: cannot write telemetry: " << error << "\n";
      return outcome.ok ? 1 : outcome.exit_code;
    }
  }
  if (print_summary) std::cerr << session->TelemetrySummary();
  return outcome.exit_code;
}
