// `runmat accel-calibrate`: measures the auto-offload cost model's coefficients on every device
// of every loaded plugin, through the plugin ABI, and persists them in the cache directory
// (docs/architecture.md#offload-policy, docs/cli.md).
#pragma once

#include <string>

namespace runmat::runtime {

class Runtime;

struct CalibrateResult {
  bool ok = false;     // every device was measured and saved
  std::string report;  // the table, where each device's coefficients went, and failures
};

// `quick`: smaller sizes and fewer repetitions (about a second per device on a CPU); the
// full run uses 64 MB buffers and more repetitions for steadier numbers.
CalibrateResult calibrate_accelerators(Runtime& rt, bool quick);

}  // namespace runmat::runtime
