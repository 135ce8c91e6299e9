// The calibration microbenchmarks. Each device gets its own context and runs, through the
// same ABI calls the host uses for real work (and timed the way the host experiences them:
// wall time from launch to synchronize):
//   * opening the device and compiling a kernel  -> one-time cost of using it
//   * compiling a new 10-op kernel               -> one-time cost per kernel
//   * a one-element kernel                       -> launch latency
//   * a 1-op and a 10-op chain, F32 and F64      -> per-element cost (1-op), per further op
//   * a full sum (one op)                        -> extra per-element cost of a reduction
//   * an upload and a download of a large buffer -> bandwidth
// Per-element costs are what remains after the launch latency, divided by the elements.
#include "runmat/runtime/calibrate.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "accel_host.hpp"
#include "calibration.hpp"
#include "host_services.hpp"
#include "offload_cost_model.hpp"
#include "runmat/cache/cache_service.hpp"
#include "runmat/fusion/planner.hpp"
#include "runmat/runtime/runtime.hpp"

namespace runmat::runtime {

namespace {

struct Sizes {
  uint64_t elements;        // chains and the reduction
  uint64_t transfer_bytes;  // upload / download
  int reps;                 // timed repetitions (the median counts)
  int launch_reps;
};
constexpr Sizes kQuick{uint64_t{1} << 18, uint64_t{16} << 20, 3, 20};
constexpr Sizes kFull{uint64_t{1} << 24, uint64_t{64} << 20, 7, 100};

// A failed ABI call ends the device's calibration with this message.
struct Failure {
  std::string what;
};

rm_ir_inst make(rm_ir_opcode op, uint16_t sub, rm_dtype dtype, uint32_t a = RM_IR_NONE,
                uint32_t b = RM_IR_NONE, double imm = 0) {
  rm_ir_inst i;
  std::memset(&i, 0, sizeof i);
  i.opcode = static_cast<uint16_t>(op);
  i.sub = sub;
  i.dtype = static_cast<uint16_t>(dtype);
  i.a = a;
  i.b = b;
  i.c = RM_IR_NONE;
  i.imm = imm;
  return i;
}

// y = chain(x) with `ops` fused ops: 1 is a scale; 10 mixes arithmetic and transcendentals
// the way the benchmark chains do (sin, sqrt, exp among multiplies and adds).
std::vector<rm_ir_inst> chain_ir(rm_dtype t, int ops) {
  std::vector<rm_ir_inst> ir{make(RM_IR_INPUT, RM_ACCESS_LINEAR, t, 0)};
  auto value = [&]() { return static_cast<uint32_t>(ir.size() - 1); };
  auto with_const = [&](rm_ir_binary op, double c) {
    const uint32_t x = value();
    ir.push_back(make(RM_IR_CONST, 0, t, RM_IR_NONE, RM_IR_NONE, c));
    ir.push_back(make(RM_IR_BINARY, op, t, x, value()));
  };
  auto unary = [&](rm_ir_unary op) { ir.push_back(make(RM_IR_UNARY, op, t, value())); };
  if (ops == 1) {
    with_const(RM_BIN_MUL, 1.0001);
  } else {
    with_const(RM_BIN_MUL, 1.0001);
    with_const(RM_BIN_ADD, 0.5);
    unary(RM_UN_SIN);
    ir.push_back(make(RM_IR_BINARY, RM_BIN_MUL, t, value(), value()));
    with_const(RM_BIN_ADD, 1.0);
    unary(RM_UN_SQRT);
    with_const(RM_BIN_MUL, 0.5);
    unary(RM_UN_EXP);
    with_const(RM_BIN_SUB, 1.0);
    unary(RM_UN_ABS);
  }
  ir.push_back(make(RM_IR_OUTPUT, 0, t, 0, value()));
  return ir;
}

std::vector<rm_ir_inst> sum_ir(rm_dtype t) {
  return {make(RM_IR_INPUT, RM_ACCESS_LINEAR, t, 0), make(RM_IR_REDUCE, RM_RED_SUM, t, 0),
          make(RM_IR_OUTPUT, 0, t, 0, 1)};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

using Clock = std::chrono::steady_clock;
double since_ns(Clock::time_point t0) {
  return std::chrono::duration<double, std::nano>(Clock::now() - t0).count();
}

// One open device and the buffers and kernels of its benchmarks, released on every path.
class Bench {
 public:
  Bench(const LoadedPlugin& p, uint32_t device, const rm_host_services& services) : api_(*p.api) {
    if (api_.context_create(device, &services, &ctx_) != RM_OK) {
      const char* e = api_.last_error(nullptr);
      ctx_ = nullptr;
      throw Failure{absl::StrCat("context creation failed: ", e && *e ? e : "(no details)")};
    }
  }
  ~Bench() {
    for (rm_kernel k : kernels_) api_.kernel_destroy(ctx_, k);
    for (rm_buffer b : buffers_) api_.buffer_free(ctx_, b);
    if (ctx_) api_.context_destroy(ctx_);
  }
  Bench(const Bench&) = delete;
  Bench& operator=(const Bench&) = delete;

  void check(rm_status st, const char* what) {
    if (st == RM_OK) return;
    const char* e = api_.last_error(ctx_);
    throw Failure{absl::StrCat(what, " failed (status ", st, "): ", e && *e ? e : "(no details)")};
  }
  rm_buffer buffer(uint64_t bytes) {
    rm_buffer b = nullptr;
    check(api_.buffer_alloc(ctx_, bytes, &b), "buffer_alloc");
    buffers_.push_back(b);
    return b;
  }
  void upload(rm_buffer b, const std::vector<char>& host, uint64_t bytes) {
    check(api_.buffer_upload(ctx_, b, 0, host.data(), bytes), "buffer_upload");
  }
  void download(rm_buffer b, std::vector<char>& host, uint64_t bytes) {
    check(api_.buffer_download(ctx_, b, 0, host.data(), bytes), "buffer_download");
  }
  void sync() { check(api_.synchronize(ctx_), "synchronize"); }
  rm_kernel compile(const std::vector<rm_ir_inst>& ir, const char* label) {
    rm_kernel_desc d;
    std::memset(&d, 0, sizeof d);
    d.struct_size = sizeof d;
    d.ir_version = RM_IR_VERSION;
    d.inst_size = sizeof(rm_ir_inst);
    d.num_insts = static_cast<uint32_t>(ir.size());
    d.insts = ir.data();
    d.num_inputs = 1;
    d.num_outputs = 1;
    d.label = label;
    d.signature = fusion::stable_hash(ir.data(), ir.size() * sizeof(rm_ir_inst));
    rm_kernel k = nullptr;
    check(api_.kernel_compile(ctx_, &d, &k), "kernel_compile");
    kernels_.push_back(k);
    return k;
  }
  // Median wall time of launch + synchronize over `reps`, after one untimed warm-up launch.
  double time_launch(rm_kernel k, rm_buffer in, rm_buffer out, uint64_t n, bool reduce, int reps) {
    rm_launch_desc l;
    std::memset(&l, 0, sizeof l);
    l.struct_size = sizeof l;
    l.rank = 1;
    l.dims[0] = n;
    l.count = n;
    l.reduce_outer = 1;
    l.reduce_len = reduce ? n : 1;
    l.reduce_inner = 1;
    const int64_t strides[RM_MAX_RANK] = {};
    l.num_inputs = 1;
    l.inputs = &in;
    l.input_strides = strides;
    l.num_outputs = 1;
    l.outputs = &out;
    std::vector<double> t;
    for (int r = -1; r < reps; ++r) {
      const auto t0 = Clock::now();
      check(api_.kernel_launch(ctx_, k, &l), "kernel_launch");
      sync();
      if (r >= 0) t.push_back(since_ns(t0));
    }
    return median(t);
  }

 private:
  const rm_plugin_api& api_;
  rm_context ctx_ = nullptr;
  std::vector<rm_buffer> buffers_;
  std::vector<rm_kernel> kernels_;
};

offload::DtypeCost measure_dtype(Bench& b, rm_dtype t, const Sizes& s, uint64_t n, double launch) {
  const uint64_t bytes = n * (t == RM_DTYPE_F64 ? 8 : 4);
  std::vector<char> host(bytes);
  if (t == RM_DTYPE_F64) {
    auto* d = reinterpret_cast<double*>(host.data());
    for (uint64_t i = 0; i < n; ++i) d[i] = static_cast<double>(i % 1000) / 1000.0;
  } else {
    auto* f = reinterpret_cast<float*>(host.data());
    for (uint64_t i = 0; i < n; ++i) f[i] = static_cast<float>(i % 1000) / 1000.0f;
  }
  rm_buffer in = b.buffer(bytes), out = b.buffer(bytes);
  b.upload(in, host, bytes);
  rm_kernel one = b.compile(chain_ir(t, 1), "calibrate: 1-op chain");
  rm_kernel ten = b.compile(chain_ir(t, 10), "calibrate: 10-op chain");
  rm_kernel sum = b.compile(sum_ir(t), "calibrate: sum");
  const double n_d = static_cast<double>(n);
  const double t1 = (b.time_launch(one, in, out, n, false, s.reps) - launch) / n_d;
  const double t10 = (b.time_launch(ten, in, out, n, false, s.reps) - launch) / n_d;
  const double tsum = (b.time_launch(sum, in, out, n, true, s.reps) - launch) / n_d;
  offload::DtypeCost c;
  c.measured = true;
  // Noise can make a difference slightly negative; a cost is never below zero.
  c.element_ns = std::max(0.0, t1);
  c.op_ns = std::max(0.0, (t10 - t1) / 9.0);
  c.reduce_element_ns = std::max(0.0, tsum - t1);
  return c;
}

offload::DeviceCoefficients measure(const LoadedPlugin& p, uint32_t device,
                                    const rm_device_info& info, const rm_host_services& services,
                                    const Sizes& s) {
  const auto opened = Clock::now();
  Bench b(p, device, services);
  offload::DeviceCoefficients c;
  c.calibrated = true;
  // Stay within the largest buffer a kernel may bind.
  uint64_t n = s.elements;
  uint64_t transfer = s.transfer_bytes;
  if (info.max_buffer_bytes > 0) {
    n = std::min<uint64_t>(n, info.max_buffer_bytes / 8);
    transfer = std::min<uint64_t>(transfer, info.max_buffer_bytes);
  }
  {
    rm_buffer in = b.buffer(4), out = b.buffer(4);
    b.upload(in, std::vector<char>(4, 0), 4);
    rm_kernel k = b.compile(chain_ir(RM_DTYPE_F32, 1), "calibrate: launch");
    c.open_ns = since_ns(opened);  // what the first use of the device costs
    c.launch_ns = b.time_launch(k, in, out, 1, false, s.launch_reps);
  }
  {
    // A kernel no cache has seen (its constant is new on every run): a cold compile.
    std::vector<rm_ir_inst> fresh = chain_ir(RM_DTYPE_F32, 10);
    fresh[1].imm =
        1.0 + static_cast<double>(Clock::now().time_since_epoch().count() % 1000003) * 1e-12;
    const auto t0 = Clock::now();
    b.compile(fresh, "calibrate: compile");
    c.compile_ns = since_ns(t0);
  }
  c.f32 = measure_dtype(b, RM_DTYPE_F32, s, n, c.launch_ns);
  if (info.flags & RM_DEVICE_FLAG_FLOAT64) {
    c.f64 = measure_dtype(b, RM_DTYPE_F64, s, n, c.launch_ns);
  } else {
    c.f64 = {};
    c.f64.measured = false;
  }
  std::vector<char> host(transfer, 1);
  rm_buffer big = b.buffer(transfer);
  std::vector<double> up, down;
  for (int r = -1; r < s.reps; ++r) {
    auto t0 = Clock::now();
    b.upload(big, host, transfer);
    b.sync();
    if (r >= 0) up.push_back(since_ns(t0));
    t0 = Clock::now();
    b.download(big, host, transfer);
    if (r >= 0) down.push_back(since_ns(t0));
  }
  c.upload_bytes_per_ns = static_cast<double>(transfer) / std::max(1.0, median(up));
  c.download_bytes_per_ns = static_cast<double>(transfer) / std::max(1.0, median(down));
  return c;
}

std::string ns(double v) {
  if (v < 1e3) return absl::StrFormat("%.2f ns", v);
  if (v < 1e6) return absl::StrFormat("%.1f us", v / 1e3);
  return absl::StrFormat("%.2f ms", v / 1e6);
}

std::string dtype_cells(const offload::DtypeCost& d) {
  if (!d.measured) return absl::StrFormat("%10s %10s %10s", "-", "-", "-");
  return absl::StrFormat("%10s %10s %10s", ns(d.element_ns), ns(d.op_ns), ns(d.reduce_element_ns));
}

}  // namespace

CalibrateResult calibrate_accelerators(Runtime& rt, bool quick) {
  CalibrateResult result;
  result.ok = true;
  const Sizes& s = quick ? kQuick : kFull;
  PluginHost& plugins = rt.accel().plugins();
  plugins.load_all();
  const rm_host_services services = make_host_services(rt);
  std::string& out = result.report;
  absl::StrAppendFormat(&out,
                        "Calibrating the offload cost model (%s: %d elements per kernel, %d MB "
                        "transfers, median of %d)\n",
                        quick ? "quick" : "full", s.elements, s.transfer_bytes >> 20, s.reps);
  absl::StrAppendFormat(&out, "%-36s %10s %10s %10s %10s %10s %10s %10s %10s %10s %11s %11s\n",
                        "device", "open", "compile", "launch", "f32 elem", "f32 op", "f32 red",
                        "f64 elem", "f64 op", "f64 red", "upload", "download");
  std::vector<std::string> notes;
  int devices = 0;
  for (LoadedPlugin& p : plugins.plugins()) {
    if (!p.api) continue;
    PluginHost::probe_devices(p);
    if (p.devices.empty()) {
      notes.push_back(absl::StrCat(p.name, ": no devices (", p.probe_failure, ")"));
      continue;
    }
    for (uint32_t i = 0; i < p.devices.size(); ++i) {
      const rm_device_info& info = p.devices[i];
      const CalibrationIdentity id = CalibrationIdentity::Of(p.name, p.api->plugin_version, info);
      const std::string label = absl::StrCat(p.name, ": ", id.device_name);
      ++devices;
      try {
        const offload::DeviceCoefficients c = measure(p, i, info, services, s);
        absl::StrAppendFormat(&out, "%-36s %10s %10s %10s %s %s %8.2f GB/s %8.2f GB/s\n",
                              label.substr(0, 36), ns(c.open_ns), ns(c.compile_ns), ns(c.launch_ns),
                              dtype_cells(c.f32), dtype_cells(c.f64), c.upload_bytes_per_ns,
                              c.download_bytes_per_ns);
        const absl::Status st = SaveCalibration(rt.cache(), id, c, quick);
        if (st.ok()) {
          notes.push_back(
              absl::StrCat(label, ": saved to ", rt.cache().PathFor(id.key()).string()));
        } else {
          result.ok = false;
          notes.push_back(absl::StrCat(label, ": NOT saved: ", st.message()));
        }
      } catch (const Failure& f) {
        result.ok = false;
        absl::StrAppendFormat(&out, "%-36s FAILED: %s\n", label.substr(0, 36), f.what);
      }
    }
  }
  if (devices == 0) {
    result.ok = false;
    absl::StrAppend(&out, "(no accelerator device found; see `runmat accel-info`)\n");
  }
  for (const std::string& n : notes) absl::StrAppend(&out, n, "\n");
  absl::StrAppend(&out,
                  "(costs per element: elem = a 1-input, 1-output kernel with one op, op = each "
                  "further fused op, red = extra for a reduction)\n");
  return result;
}

}  // namespace runmat::runtime
