// The auto-offload cost model: an estimated time for one fusion group on each candidate device
// (launch latency + elements x per-element cost + transfers of inputs that are not resident
// there + the readback the caller needs), the cheapest wins, and the CPU plugin keeps whatever
// is not clearly cheaper elsewhere. Pure arithmetic: no plugins, no I/O, so it is unit-tested
// with synthetic coefficients (tests/runtime/offload_cost_model_test.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runmat/accel.h"

namespace runmat::runtime::offload {

// Cost of one element type on one device, in nanoseconds per iteration-space element.
struct DtypeCost {
  bool measured = true;          // false: unknown here (the model uses the other dtype's x2)
  double element_ns = 0;         // a 1-input, 1-output kernel with one op (memory + one op)
  double op_ns = 0;              // each further fused op
  double reduce_element_ns = 0;  // extra for a kernel that ends in a reduction
};

struct DeviceCoefficients {
  double launch_ns = 0;  // launch + synchronize of a one-element kernel
  // One-time cost of starting to use the device: context creation and a first kernel
  // compile. Weighed by the policy (offload_policy.hpp), not by choose().
  double open_ns = 0;
  // One-time cost of a kernel the device has not compiled yet (shader compile on a GPU).
  double compile_ns = 0;
  double upload_bytes_per_ns = 1;    // host -> device (bytes/ns = GB/s)
  double download_bytes_per_ns = 1;  // device -> host
  DtypeCost f32, f64;
  bool calibrated = false;  // measured by `runmat accel-calibrate`, else defaults
};

// Documented, conservative defaults (docs/architecture.md#offload-policy) for a device that
// has no calibration: the CPU plugin is assumed fast, a hardware GPU slow to launch and
// behind a PCIe-class link, and a software Vulkan device (lavapipe) slower than the CPU plugin
// on the same cores, so that without measurements nothing leaves the CPU unless it clearly
// pays. `cpu_plugin` marks the CPU plugin's device.
DeviceCoefficients default_coefficients(const rm_device_info& info, bool cpu_plugin);

// What the model needs to know about a fusion group.
struct GroupCost {
  uint64_t elements = 0;  // iteration space (for a reduction: its input's elements)
  uint32_t ops = 0;       // fused ops (KernelPlan::ops_fused)
  bool has_reduce = false;
  bool f64 = false;             // the kernel computes or stores float64
  uint64_t readback_bytes = 0;  // result bytes the caller reads on the host; 0 when unknown
};

struct Candidate {
  std::string device;  // "<plugin>: <device name>"
  DeviceCoefficients coeffs;
  bool supports_f64 = true;
  bool is_cpu = false;        // the CPU plugin: the default and the tie-breaker
  uint64_t upload_bytes = 0;  // input bytes not resident on this device
  double staging_ns = 0;      // bringing inputs resident on another device to the host first
  std::string excluded;       // set by the caller: the device may not take work now, and why
};

struct Estimate {
  std::string device;
  double compute_ns = 0, transfer_ns = 0, total_ns = 0;
  bool calibrated = false;
  std::string excluded;  // why the device cannot take the group, or empty
};

struct Choice {
  int index = -1;                   // into the candidates; -1 when none can take the group
  std::vector<Estimate> estimates;  // one per candidate, in candidate order
  bool all_calibrated = false;      // every estimated candidate had measured coefficients
};

// Another device must beat the CPU plugin's estimate by this fraction: estimates are
// approximate, and moving work off the CPU has costs the model does not see (residency of
// the result on a device, a second copy of inputs), so near-ties stay on the CPU.
inline constexpr double kOffloadMargin = 0.10;

// Launch + elements x (element + (ops - 1) x op [+ reduce]) for the group's dtype. The
// reduction counts among the ops (a plain sum is one op: element + reduce).
double compute_ns(const DeviceCoefficients& c, const GroupCost& g);

// Estimates every candidate and picks the cheapest; the first CPU candidate wins ties and
// anything within kOffloadMargin of it. Candidates that cannot run the group (float64 on a
// device without it) are excluded.
Choice choose(const GroupCost& group, const std::vector<Candidate>& candidates);

}  // namespace runmat::runtime::offload
