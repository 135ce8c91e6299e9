// The auto-offload cost model with synthetic coefficients: every rule of the model (launch
// latency, per-element cost, transfers, residency, float64, the CPU's margin) decides a case.
#include "offload_cost_model.hpp"

#include <catch2/catch.hpp>
#include <cstring>

namespace off = runmat::runtime::offload;

namespace {

off::DeviceCoefficients cpu_coeffs() {
  off::DeviceCoefficients c;
  c.calibrated = true;
  c.launch_ns = 5e3;
  c.upload_bytes_per_ns = c.download_bytes_per_ns = 10.0;
  c.f32 = {true, 0.5, 0.5, 0.2};
  c.f64 = {true, 1.0, 1.0, 0.4};
  return c;
}

off::DeviceCoefficients gpu_coeffs() {
  off::DeviceCoefficients c;
  c.calibrated = true;
  c.launch_ns = 40e3;
  c.upload_bytes_per_ns = c.download_bytes_per_ns = 2.0;  // a link slower than host memory
  c.f32 = {true, 0.01, 0.01, 0.01};
  c.f64 = {true, 0.02, 0.02, 0.02};
  return c;
}

off::Candidate cpu(uint64_t upload_bytes = 0) {
  off::Candidate c;
  c.device = "cpu: test";
  c.coeffs = cpu_coeffs();
  c.is_cpu = true;
  c.upload_bytes = upload_bytes;
  return c;
}

off::Candidate gpu(uint64_t upload_bytes = 0, bool f64 = true) {
  off::Candidate c;
  c.device = "vulkan: test";
  c.coeffs = gpu_coeffs();
  c.supports_f64 = f64;
  c.upload_bytes = upload_bytes;
  return c;
}

off::GroupCost group(uint64_t n, uint32_t ops, bool f64 = false) {
  off::GroupCost g;
  g.elements = n;
  g.ops = ops;
  g.f64 = f64;
  return g;
}

rm_device_info device(rm_device_type type, uint32_t flags) {
  rm_device_info d;
  std::memset(&d, 0, sizeof d);
  d.type = type;
  d.flags = flags;
  return d;
}

}  // namespace

TEST_CASE("compute estimate: launch + elements x (element + further ops x op + reduce)",
          "[offload]") {
  const off::DeviceCoefficients c = cpu_coeffs();
  CHECK(off::compute_ns(c, group(0, 3)) == Approx(5e3));
  CHECK(off::compute_ns(c, group(1000, 1)) == Approx(5e3 + 1000 * 0.5));
  CHECK(off::compute_ns(c, group(1000, 3)) == Approx(5e3 + 1000 * (0.5 + 2 * 0.5)));
  // A plain sum is one op: element + reduce.
  off::GroupCost r = group(1000, 1);
  r.has_reduce = true;
  CHECK(off::compute_ns(c, r) == Approx(5e3 + 1000 * (0.5 + 0.2)));
  CHECK(off::compute_ns(c, group(1000, 2, true)) == Approx(5e3 + 1000 * 2.0));
  // A dtype that was not measured costs twice the other one (float64 is at best half rate).
  off::DeviceCoefficients no64 = c;
  no64.f64.measured = false;
  CHECK(off::compute_ns(no64, group(1000, 2, true)) == Approx(5e3 + 1000 * 2.0));
}

TEST_CASE("small work stays on the CPU, large work goes to the GPU", "[offload]") {
  // Inputs resident on the GPU (e.g. a previous kernel's result) and already uploaded to the
  // CPU plugin: only launch latency and per-element cost decide.
  const std::vector<off::Candidate> both{cpu(), gpu()};
  off::Choice small = off::choose(group(1000, 4), both);
  CHECK(small.index == 0);
  CHECK(small.estimates.size() == 2);
  CHECK(small.estimates[0].total_ns < small.estimates[1].total_ns);
  off::Choice large = off::choose(group(10'000'000, 4), both);
  CHECK(large.index == 1);
  CHECK(large.estimates[1].total_ns < large.estimates[0].total_ns);
  CHECK(large.all_calibrated);
}

TEST_CASE("transfer of non-resident inputs tips the decision", "[offload]") {
  const uint64_t n = 2'000'000;
  const off::GroupCost g = group(n, 1);
  // The data is on the host: the CPU plugin copies it at its rate, the GPU uploads it.
  const uint64_t bytes = n * 4;
  off::Choice resident = off::choose(g, {cpu(bytes), gpu(0)});
  CHECK(resident.index == 1);
  off::Choice uploaded = off::choose(g, {cpu(0), gpu(bytes)});
  CHECK(uploaded.index == 0);
  CHECK(uploaded.estimates[1].transfer_ns == Approx(bytes / 2.0));
  // A readback the caller needs is paid on every device at that device's rate.
  off::GroupCost read = g;
  read.readback_bytes = bytes;
  off::Choice with_readback = off::choose(read, {cpu(0), gpu(0)});
  CHECK(with_readback.estimates[0].transfer_ns == Approx(bytes / 10.0));
  CHECK(with_readback.estimates[1].transfer_ns == Approx(bytes / 2.0));
  // Inputs held by another device are staged through the host first.
  off::Candidate staged = gpu(bytes);
  staged.staging_ns = 1e6;
  off::Choice s = off::choose(g, {staged});
  CHECK(s.estimates[0].transfer_ns == Approx(1e6 + bytes / 2.0));
}

TEST_CASE("a resident input favours its device", "[offload]") {
  const uint64_t n = 200'000;
  const off::GroupCost g = group(n, 2);
  // Resident on the GPU: the CPU would pay to bring the data over.
  off::Candidate cpu_far = cpu(n * 4);
  cpu_far.staging_ns = n * 4 / 10.0;
  CHECK(off::choose(g, {cpu_far, gpu(0)}).index == 1);
  // Resident on the CPU plugin: the GPU would pay the upload.
  CHECK(off::choose(g, {cpu(0), gpu(n * 4)}).index == 0);
}

TEST_CASE("float64 work never goes to a device without float64", "[offload]") {
  const off::GroupCost g = group(50'000'000, 10, /*f64=*/true);
  off::Choice c = off::choose(g, {cpu(), gpu(0, /*f64=*/false)});
  CHECK(c.index == 0);
  CHECK(c.estimates[1].excluded == "no float64");
  // The same work in single goes to that device.
  CHECK(off::choose(group(50'000'000, 10), {cpu(), gpu(0, false)}).index == 1);
  // With only that device, nothing can run it.
  CHECK(off::choose(g, {gpu(0, false)}).index == -1);
}

TEST_CASE("ties and near-ties stay on the CPU", "[offload]") {
  off::Candidate twin = cpu();
  twin.is_cpu = false;
  twin.device = "vulkan: twin";
  CHECK(off::choose(group(1'000'000, 3), {cpu(), twin}).index == 0);
  // Slightly cheaper (within the margin) is not enough...
  twin.coeffs.f32.element_ns *= 0.95;
  CHECK(off::choose(group(1'000'000, 3), {cpu(), twin}).index == 0);
  // ...clearly cheaper is.
  twin.coeffs.f32.element_ns = 0.05;
  twin.coeffs.f32.op_ns = 0.05;
  CHECK(off::choose(group(1'000'000, 3), {cpu(), twin}).index == 1);
  // The CPU's position in the list does not matter.
  CHECK(off::choose(group(1'000'000, 3), {twin, cpu()}).index == 0);
}

TEST_CASE("an uncalibrated candidate makes the decision a default-coefficient one", "[offload]") {
  off::Candidate g = gpu();
  g.coeffs.calibrated = false;
  off::Choice c = off::choose(group(1000, 1), {cpu(), g});
  CHECK_FALSE(c.all_calibrated);
  CHECK_FALSE(c.estimates[1].calibrated);
  CHECK(off::choose(group(1000, 1), {cpu(), gpu()}).all_calibrated);
}

TEST_CASE("default coefficients keep small work on the CPU and never favour a software GPU",
          "[offload]") {
  const rm_device_info host = device(RM_DEVICE_CPU, RM_DEVICE_FLAG_FLOAT64);
  const rm_device_info lavapipe =
      device(RM_DEVICE_CPU, RM_DEVICE_FLAG_FLOAT64 | RM_DEVICE_FLAG_SOFTWARE);
  const rm_device_info discrete = device(RM_DEVICE_DISCRETE_GPU, RM_DEVICE_FLAG_FLOAT64);
  off::Candidate c = cpu();
  c.coeffs = off::default_coefficients(host, true);
  CHECK_FALSE(c.coeffs.calibrated);
  off::Candidate soft = gpu();
  soft.coeffs = off::default_coefficients(lavapipe, false);
  off::Candidate hard = gpu();
  hard.coeffs = off::default_coefficients(discrete, false);
  for (uint64_t n : {uint64_t{4096}, uint64_t{1} << 20, uint64_t{1} << 26}) {
    for (uint32_t ops : {1u, 10u}) {
      INFO("n = " << n << ", ops = " << ops);
      CHECK(off::choose(group(n, ops), {c, soft}).index == 0);
    }
  }
  CHECK(off::choose(group(4096, 10), {c, hard}).index == 0);
  CHECK(off::choose(group(uint64_t{1} << 26, 10), {c, hard}).index == 1);
}

TEST_CASE("a candidate the caller holds back is estimated but not chosen", "[offload]") {
  off::Candidate held = gpu();
  held.excluded = "not yet repaid";
  off::Choice c = off::choose(group(10'000'000, 4), {cpu(), held});
  CHECK(c.index == 0);
  CHECK(c.estimates[1].excluded == "not yet repaid");
  CHECK(c.estimates[1].total_ns > 0);
  CHECK(c.estimates[1].total_ns < c.estimates[0].total_ns);
}
