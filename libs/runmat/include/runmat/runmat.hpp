// librunmat — the one library a host application links to run MATLAB code.
// Only standard C++ types cross this interface (no Abseil, no protobuf), so hosts need no
// particular versions of our dependencies.
#pragma once

#include <memory>
#include <string>
#include <vector>

#if defined(RUNMAT_BUILDING_LIBRARY)
#define RUNMAT_API __attribute__((visibility("default")))
#else
#define RUNMAT_API
#endif

namespace runmat {

struct RunOutcome {
  bool ok = true;
  int exit_code = 0;
  std::string error_identifier;  // e.g. "MATLAB:UndefinedFunction"
  std::string error_report;      // MATLAB-style text ("Error using ...", "Error in ... (line N)")
};

enum class TelemetryFormat { kBinary, kJson };

class RUNMAT_API Session {
 public:
  // Reads the environment (RUNMAT_ACCEL, RUNMAT_PLUGIN_PATH, RUNMAT_CACHE_DIR, ...).
  static std::unique_ptr<Session> Create();
  virtual ~Session();

  virtual RunOutcome RunFile(const std::string& path) = 0;
  virtual RunOutcome RunCode(const std::string& code, const std::string& name = "command") = 0;
  // Writes the run's telemetry (schemas/telemetry.proto RunRecord). Returns false and sets
  // *error on failure.
  virtual bool WriteTelemetry(const std::string& path, TelemetryFormat format,
                              std::string* error) = 0;
  // Human-readable summary of the run's telemetry.
  virtual std::string TelemetrySummary() = 0;
  virtual std::string AcceleratorInfo() = 0;
  // `runmat accel-calibrate [--quick]`: measures the offload cost model's coefficients on every
  // device and saves them in the cache directory. The report is a table plus where each device's
  // entry went; false when a device could not be measured or saved.
  virtual bool CalibrateAccelerators(bool quick, std::string* report) = 0;

  // Tools over files and caches (no session state needed).
  // Readable summary of a telemetry file (binary or JSON RunRecord); false + *error on failure.
  static bool SummarizeTelemetryFile(const std::string& path, std::string* summary,
                                     std::string* error);
  // `runmat telemetry diff A B`: what changed between two telemetry files (totals, kernels,
  // transfers, fusion, caches, events) as readable tables; false + *error if one is unreadable.
  static bool DiffTelemetryFiles(const std::string& path_a, const std::string& path_b,
                                 std::string* report, std::string* error);
  // `runmat cache ls|verify|clear`: every cache entry with its size and state; verify also
  // reports damaged entries; clear removes the current layout version's entries.
  static std::string CacheListing(bool verify_only);
  // `runmat cache stats`: entries, bytes and last use per cache, the total against the size
  // limit (RUNMAT_CACHE_MAX_BYTES).
  static std::string CacheStats();
  static bool ClearCache(std::string* error);

  static std::vector<std::string> BuiltinNames();
  static std::string BuiltinHelp(const std::string& name);
  static const char* Version();
};

}  // namespace runmat
