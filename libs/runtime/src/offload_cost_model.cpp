#include "offload_cost_model.hpp"

#include <cmath>

namespace runmat::runtime::offload {

DeviceCoefficients default_coefficients(const rm_device_info& info, bool cpu_plugin) {
  DeviceCoefficients c;
  c.calibrated = false;
  if (cpu_plugin) {
    // A fork-join over the thread pool, memory-bound simple ops, libmvec transcendentals:
    // faster than most CPUs measure (see `runmat accel-calibrate`), so the CPU is favoured.
    c.launch_ns = 10e3;
    c.upload_bytes_per_ns = c.download_bytes_per_ns = 5.0;  // memcpy
    c.f32 = {true, 0.7, 0.4, 0.1};
    c.f64 = {true, 1.4, 0.8, 0.2};
    return c;
  }
  const bool software = (info.flags & RM_DEVICE_FLAG_SOFTWARE) != 0 || info.type == RM_DEVICE_CPU;
  if (software) {
    // lavapipe and friends run on the same cores as the CPU plugin, with a driver in between.
    c.launch_ns = 200e3;
    c.open_ns = 100e6;
    c.compile_ns = 20e6;
    c.upload_bytes_per_ns = c.download_bytes_per_ns = 3.0;
    c.f32 = {true, 2.5, 1.5, 0.5};
    c.f64 = {true, 5.0, 3.0, 1.0};
    return c;
  }
  // A hardware GPU: submit + fence wait dominates small work; a PCIe-class link with staging
  // copies; float64 assumed slow (consumer GPUs run it at 1/32 to 1/64 rate).
  c.launch_ns = 50e3;
  c.open_ns = 300e6;     // driver context (seen: 0.25 s, H100)
  c.compile_ns = 300e6;  // a fused kernel's pipeline, cold (seen: up to 1 s, H100)
  c.upload_bytes_per_ns = c.download_bytes_per_ns = 6.0;
  c.f32 = {true, 0.025, 0.005, 0.01};
  c.f64 = {true, 0.14, 0.1, 0.02};
  return c;
}

namespace {

const DtypeCost& dtype_cost(const DeviceCoefficients& c, bool f64, DtypeCost* scratch) {
  const DtypeCost& d = f64 ? c.f64 : c.f32;
  if (d.measured) return d;
  // Not calibrated for this dtype: twice the other one's cost (float64 is at best half rate).
  const DtypeCost& o = f64 ? c.f32 : c.f64;
  const double k = f64 ? 2.0 : 1.0;
  *scratch = {true, o.element_ns * k, o.op_ns * k, o.reduce_element_ns * k};
  return *scratch;
}

}  // namespace

double compute_ns(const DeviceCoefficients& c, const GroupCost& g) {
  DtypeCost scratch;
  const DtypeCost& d = dtype_cost(c, g.f64, &scratch);
  const double further_ops = g.ops > 1 ? static_cast<double>(g.ops - 1) : 0.0;
  const double per_element =
      d.element_ns + d.op_ns * further_ops + (g.has_reduce ? d.reduce_element_ns : 0.0);
  return c.launch_ns + static_cast<double>(g.elements) * per_element;
}

Choice choose(const GroupCost& group, const std::vector<Candidate>& candidates) {
  Choice choice;
  choice.all_calibrated = true;
  int cpu = -1;
  int best = -1;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const Candidate& c = candidates[i];
    Estimate e;
    e.device = c.device;
    e.calibrated = c.coeffs.calibrated;
    if (group.f64 && !c.supports_f64) {
      e.excluded = "no float64";
      choice.estimates.push_back(std::move(e));
      continue;
    }
    e.compute_ns = compute_ns(c.coeffs, group);
    // Held back by the caller: estimated (its coefficients shape the caller's rule), not chosen.
    if (!c.excluded.empty()) e.excluded = c.excluded;
    choice.all_calibrated = choice.all_calibrated && c.coeffs.calibrated;
    e.transfer_ns = c.staging_ns +
                    static_cast<double>(c.upload_bytes) / c.coeffs.upload_bytes_per_ns +
                    static_cast<double>(group.readback_bytes) / c.coeffs.download_bytes_per_ns;
    e.total_ns = e.compute_ns + e.transfer_ns;
    if (!std::isfinite(e.total_ns)) e.excluded = "no usable estimate";
    if (!e.excluded.empty()) {
      choice.estimates.push_back(std::move(e));
      continue;
    }
    if (c.is_cpu && cpu < 0) cpu = static_cast<int>(i);
    if (best < 0 || e.total_ns < choice.estimates[best].total_ns) best = static_cast<int>(i);
    choice.estimates.push_back(std::move(e));
  }
  if (best >= 0 && cpu >= 0 && best != cpu &&
      choice.estimates[best].total_ns >= choice.estimates[cpu].total_ns * (1.0 - kOffloadMargin)) {
    best = cpu;  // not clearly cheaper: stay on the CPU
  }
  choice.index = best;
  if (best < 0) choice.all_calibrated = false;
  return choice;
}

}  // namespace runmat::runtime::offload
