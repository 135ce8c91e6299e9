// Reading, writing and summarizing RunRecords (`runmat run --telemetry out.pb`).
#ifndef RUNMAT_TELEMETRY_WRITER_HPP
#define RUNMAT_TELEMETRY_WRITER_HPP

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "telemetry.pb.h"

namespace runmat::telemetry {

enum class Format {
  kBinary,  // protobuf wire format: compact, for tools
  kJson     // protobuf JSON mapping with the .proto field names: for people and scripts
};

// Writes to a temp file next to `path` and renames it, so a reader never sees half a record.
absl::Status WriteRunRecord(const RunRecord& record, const std::string& path, Format format);

// Detects the format: JSON when the first non-whitespace byte is '{', else binary. Unknown
// fields (from a newer writer) are ignored. A record without schema_version is rejected.
absl::StatusOr<RunRecord> ReadRunRecord(const std::string& path);

// JSON text of `record` (the same text WriteRunRecord writes for kJson).
absl::StatusOr<std::string> RunRecordToJson(const RunRecord& record);

// A short human-readable report: wall time, devices, kernels by device time (with launches),
// transfers, fusion, caches and events. Ends with a newline.
std::string SummarizeRunRecord(const RunRecord& record);

}  // namespace runmat::telemetry

#endif  // RUNMAT_TELEMETRY_WRITER_HPP
