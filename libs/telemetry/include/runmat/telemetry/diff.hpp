// Comparing two RunRecords (`runmat telemetry diff A B`): what changed between two runs of a
// script — totals, per-kernel launches/time/bytes, transfers, fusion, caches, events — as a
// readable table with deltas.
#ifndef RUNMAT_TELEMETRY_DIFF_HPP
#define RUNMAT_TELEMETRY_DIFF_HPP

#include <string>

#include "telemetry.pb.h"

namespace runmat::telemetry {

struct DiffOptions {
  std::string name_a = "A";  // how the report names the two records (file names, usually)
  std::string name_b = "B";
  int max_kernels = 20;  // kernel rows shown; the rest are counted in one line
};

// Kernels are matched by (signature, plugin), caches by name, events by (name, detail); a thing
// present in only one record shows "-" on the other side. Counts change by "+n"/"-n", times by
// percent, bytes by a signed size; "=" means unchanged. Ends with a newline.
std::string DiffRunRecords(const RunRecord& a, const RunRecord& b, const DiffOptions& options = {});

}  // namespace runmat::telemetry

#endif  // RUNMAT_TELEMETRY_DIFF_HPP
