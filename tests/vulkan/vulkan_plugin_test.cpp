// Tests for the Vulkan accelerator plugin, driven only through the C ABI (dlopen).
// Without a Vulkan device: skipped with a warning, unless CI=true (then it fails).
#include <dlfcn.h>
#include <fcntl.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "kit/kernel_case.hpp"
#include "kit/reference.hpp"
#include "runmat/accel.h"

namespace pk = runmat::plugin_kit;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

// ------------------------------------------------------------------ plugin loading
const rm_plugin_api* load_api(uint32_t major = RM_ACCEL_ABI_MAJOR) {
  static void* handle = nullptr;
  if (!handle) {
    const char* dir = std::getenv("RUNMAT_PLUGIN_DIR");
    std::string path = std::string(dir ? dir : ".") + "/runmat-vulkan.so";
    handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) FAIL("dlopen " << path << ": " << dlerror());
  }
  auto entry = reinterpret_cast<rm_accel_plugin_entry_fn>(dlsym(handle, RM_ACCEL_ENTRY_SYMBOL));
  REQUIRE(entry != nullptr);
  return entry(major, RM_ACCEL_ABI_MINOR);
}

bool have_device() {
  const rm_plugin_api* api = load_api();
  REQUIRE(api);
  uint32_t n = 0;
  char reason[256] = {0};
  REQUIRE(api->probe(&n, reason, sizeof reason) == RM_OK);
  if (n > 0) return true;
  const char* ci = std::getenv("CI");
  if (ci && std::string(ci) == "true") FAIL("no Vulkan device (CI=true): " << reason);
  WARN("no Vulkan device, skipping: " << reason);
  return false;
}
#define REQUIRE_DEVICE() \
  if (!have_device()) return

// ------------------------------------------------------------------ fake host services
struct FakeHost {
  std::map<std::string, std::vector<uint8_t>> store;
  std::vector<std::pair<std::string, std::string>> events;
  std::vector<std::string> rejects;
  int gets = 0, puts = 0;
  rm_host_services services{};

  static std::string key_str(const rm_cache_key* k) {
    std::string s = std::string(k->cache_name) + "|" + k->plugin_name + "|" +
                    std::to_string(k->plugin_version) + "|";
    for (int i = 0; i < 16; ++i) s += std::to_string(k->device_uuid[i]) + ".";
    return s + "|" + k->driver_version + "|" + std::to_string(k->precision) + "|" + k->entry;
  }
  FakeHost() {
    services.struct_size = sizeof services;
    services.abi_major = RM_ACCEL_ABI_MAJOR;
    services.abi_minor = RM_ACCEL_ABI_MINOR;
    services.host_data = this;
    services.log = [](void*, rm_log_level, const char*) {};
    services.event = [](void* h, const char* name, const char* detail) {
      static_cast<FakeHost*>(h)->events.emplace_back(name, detail);
    };
    services.cache_get = [](void* h, const rm_cache_key* k, void** data, size_t* size) {
      auto* self = static_cast<FakeHost*>(h);
      self->gets++;
      auto it = self->store.find(key_str(k));
      if (it == self->store.end()) return RM_ERR_NOT_FOUND;
      *data = std::malloc(it->second.size() ? it->second.size() : 1);
      std::memcpy(*data, it->second.data(), it->second.size());
      *size = it->second.size();
      return RM_OK;
    };
    services.cache_free = [](void*, void* data) { std::free(data); };
    services.cache_put = [](void* h, const rm_cache_key* k, const void* data, size_t size) {
      auto* self = static_cast<FakeHost*>(h);
      self->puts++;
      const auto* p = static_cast<const uint8_t*>(data);
      self->store[key_str(k)] = std::vector<uint8_t>(p, p + size);
      return RM_OK;
    };
    services.cache_reject = [](void* h, const rm_cache_key* k, const char* reason) {
      auto* self = static_cast<FakeHost*>(h);
      self->rejects.push_back(reason);
      self->store.erase(key_str(k));
    };
  }
  bool saw(const std::string& name) const {
    for (auto& e : events)
      if (e.first == name) return true;
    return false;
  }
};

// ------------------------------------------------------------------ IR builder
struct IR {
  std::vector<rm_ir_inst> v;
  uint32_t num_inputs = 0, num_outputs = 0;
  uint32_t add(uint16_t op, uint16_t sub, rm_dtype dt, uint32_t a = RM_IR_NONE,
               uint32_t b = RM_IR_NONE, uint32_t c = RM_IR_NONE, double imm = 0) {
    rm_ir_inst i{};
    i.opcode = op;
    i.sub = sub;
    i.dtype = static_cast<uint16_t>(dt);
    i.a = a;
    i.b = b;
    i.c = c;
    i.imm = imm;
    v.push_back(i);
    return static_cast<uint32_t>(v.size() - 1);
  }
  uint32_t input(uint32_t slot, rm_dtype dt, rm_ir_access acc = RM_ACCESS_LINEAR) {
    num_inputs = std::max(num_inputs, slot + 1);
    return add(RM_IR_INPUT, acc, dt, slot);
  }
  uint32_t cnst(rm_dtype dt, double x) {
    return add(RM_IR_CONST, 0, dt, RM_IR_NONE, RM_IR_NONE, RM_IR_NONE, x);
  }
  uint32_t index(rm_dtype dt) { return add(RM_IR_INDEX, 0, dt); }
  uint32_t un(rm_ir_unary op, uint32_t a, rm_dtype dt) { return add(RM_IR_UNARY, op, dt, a); }
  uint32_t bin(rm_ir_binary op, uint32_t a, uint32_t b, rm_dtype dt) {
    return add(RM_IR_BINARY, op, dt, a, b);
  }
  uint32_t cmp(rm_ir_compare op, uint32_t a, uint32_t b) {
    return add(RM_IR_COMPARE, op, RM_DTYPE_BOOL, a, b);
  }
  uint32_t sel(uint32_t c, uint32_t a, uint32_t b, rm_dtype dt) {
    return add(RM_IR_SELECT, 0, dt, c, a, b);
  }
  uint32_t cast(uint32_t a, rm_dtype dt) { return add(RM_IR_CAST, 0, dt, a); }
  uint32_t reduce(rm_ir_reduce op, uint32_t a, rm_dtype dt) { return add(RM_IR_REDUCE, op, dt, a); }
  void output(uint32_t slot, uint32_t val, rm_dtype dt) {
    num_outputs = std::max(num_outputs, slot + 1);
    add(RM_IR_OUTPUT, 0, dt, slot, val);
  }
  rm_kernel_desc desc(const char* label = "test") const {
    rm_kernel_desc d{};
    d.struct_size = sizeof d;
    d.ir_version = RM_IR_VERSION;
    d.inst_size = sizeof(rm_ir_inst);
    d.num_insts = static_cast<uint32_t>(v.size());
    d.insts = v.data();
    d.num_inputs = num_inputs;
    d.num_outputs = num_outputs;
    d.label = label;
    return d;
  }
};

// ------------------------------------------------------------------ reference
// The one oracle is the conformance kit's reference evaluator (tests/plugins/kit); these
// helpers only adapt this file's IR to it.
double rnd(rm_dtype dt, double x) {
  return pk::ref_round_to(dt, x);
}
double ref_unary(uint32_t op, double x) {
  return pk::ref_unary(static_cast<uint16_t>(op), x);
}
double ref_binary(uint32_t op, double a, double b) {
  return pk::ref_binary(static_cast<uint16_t>(op), a, b);
}

// The kit's description of one launch of `ir` over a 1-D iteration space of n elements.
pk::KernelCase as_case(const IR& ir, uint64_t n, const std::vector<std::vector<double>>& ins) {
  pk::KernelCase kc;
  kc.ir.insts() = ir.v;
  kc.dims = {n};
  kc.inputs = ins;
  kc.strides.assign(ins.size(), pk::Strides{});
  return kc;
}

bool close(double got, double ref, double rtol) {
  if (std::isnan(ref)) return std::isnan(got);
  if (std::isinf(ref)) return got == ref;
  return std::fabs(got - ref) <= rtol * std::max(std::fabs(ref), 1.0);
}

// ------------------------------------------------------------------ context helper
struct Ctx {
  const rm_plugin_api* api;
  rm_context ctx = nullptr;
  std::vector<rm_buffer> owned;
  explicit Ctx(const rm_host_services* host = nullptr) : api(load_api()) {
    REQUIRE(api->context_create(0, host, &ctx) == RM_OK);
  }
  ~Ctx() {
    for (rm_buffer b : owned) api->buffer_free(ctx, b);
    api->context_destroy(ctx);
  }
  std::string err() const { return api->last_error(ctx); }
  rm_buffer alloc(uint64_t bytes) {
    rm_buffer b = nullptr;
    REQUIRE(api->buffer_alloc(ctx, bytes, &b) == RM_OK);
    owned.push_back(b);
    return b;
  }
  // Uploads doubles converted to dt.
  rm_buffer upload(const std::vector<double>& x, rm_dtype dt) {
    std::vector<uint8_t> bytes;
    if (dt == RM_DTYPE_F32) {
      std::vector<float> f(x.begin(), x.end());
      bytes.assign(reinterpret_cast<uint8_t*>(f.data()),
                   reinterpret_cast<uint8_t*>(f.data() + f.size()));
    } else if (dt == RM_DTYPE_F64) {
      bytes.assign(reinterpret_cast<const uint8_t*>(x.data()),
                   reinterpret_cast<const uint8_t*>(x.data() + x.size()));
    } else {
      for (double v : x) bytes.push_back(v != 0);
    }
    rm_buffer b = alloc(bytes.size());
    REQUIRE(api->buffer_upload(ctx, b, 0, bytes.data(), bytes.size()) == RM_OK);
    return b;
  }
  std::vector<double> download(rm_buffer b, size_t n, rm_dtype dt) {
    std::vector<double> out(n);
    if (dt == RM_DTYPE_F32) {
      std::vector<float> f(n);
      REQUIRE(api->buffer_download(ctx, b, 0, f.data(), n * 4) == RM_OK);
      for (size_t i = 0; i < n; ++i) out[i] = f[i];
    } else if (dt == RM_DTYPE_F64) {
      REQUIRE(api->buffer_download(ctx, b, 0, out.data(), n * 8) == RM_OK);
    } else {
      std::vector<uint8_t> u(n);
      REQUIRE(api->buffer_download(ctx, b, 0, u.data(), n) == RM_OK);
      for (size_t i = 0; i < n; ++i) out[i] = u[i];
    }
    return out;
  }
  rm_kernel compile(const IR& ir, const char* label = "test") {
    rm_kernel_desc d = ir.desc(label);
    rm_kernel k = nullptr;
    rm_status st = api->kernel_compile(ctx, &d, &k);
    INFO(err());
    REQUIRE(st == RM_OK);
    return k;
  }
};

rm_launch_desc launch_1d(uint64_t n, const std::vector<rm_buffer>& in,
                         const std::vector<rm_buffer>& out) {
  rm_launch_desc l{};
  l.struct_size = sizeof l;
  l.rank = 1;
  l.dims[0] = n;
  l.count = n;
  l.num_inputs = static_cast<uint32_t>(in.size());
  l.inputs = in.data();
  l.num_outputs = static_cast<uint32_t>(out.size());
  l.outputs = out.data();
  return l;
}

size_t esize(rm_dtype dt) {
  return dt == RM_DTYPE_F64 ? 8 : dt == RM_DTYPE_F32 ? 4 : 1;
}

// y = tanh(sin(x).*exp(-x/10)) + 0.1*x
IR fused_chain(rm_dtype dt) {
  IR ir;
  uint32_t x = ir.input(0, dt);
  uint32_t s = ir.un(RM_UN_SIN, x, dt);
  uint32_t d = ir.bin(RM_BIN_DIV, x, ir.cnst(dt, 10), dt);
  uint32_t e = ir.un(RM_UN_EXP, ir.un(RM_UN_NEG, d, dt), dt);
  uint32_t t = ir.un(RM_UN_TANH, ir.bin(RM_BIN_MUL, s, e, dt), dt);
  uint32_t y = ir.bin(RM_BIN_ADD, t, ir.bin(RM_BIN_MUL, ir.cnst(dt, 0.1), x, dt), dt);
  ir.output(0, y, dt);
  return ir;
}

}  // namespace

// ================================================================== tests
TEST_CASE("vulkan: entry point, probe and device info", "[vulkan]") {
  REQUIRE(load_api(RM_ACCEL_ABI_MAJOR + 1) == nullptr);
  const rm_plugin_api* api = load_api();
  REQUIRE(api != nullptr);
  CHECK(std::string(api->name) == "vulkan");
  CHECK(api->abi_major == RM_ACCEL_ABI_MAJOR);
  CHECK(api->struct_size == sizeof(rm_plugin_api));
  REQUIRE_DEVICE();
  uint32_t n = 0;
  REQUIRE(api->probe(&n, nullptr, 0) == RM_OK);
  for (uint32_t i = 0; i < n; ++i) {
    rm_device_info info{};
    info.struct_size = sizeof info;
    REQUIRE(api->get_device_info(i, &info) == RM_OK);
    CHECK(info.struct_size == sizeof info);
    CHECK(std::strlen(info.name) > 0);
    CHECK(std::strlen(info.vendor) > 0);
    CHECK(std::strlen(info.driver_version) > 0);
    CHECK(std::string(info.api_version).rfind("Vulkan 1.", 0) == 0);
    CHECK(info.max_buffer_bytes > 0);
    bool uuid_nonzero = false;
    for (uint8_t b : info.uuid) uuid_nonzero |= b != 0;
    CHECK(uuid_nonzero);
    if (info.type == RM_DEVICE_CPU) CHECK((info.flags & RM_DEVICE_FLAG_SOFTWARE));
    std::printf("vulkan device %u: %s (%s), driver %s, %s, flags 0x%x, %.1f GiB, max buffer %llu\n",
                i, info.name, info.vendor, info.driver_version, info.api_version, info.flags,
                info.memory_bytes / 1073741824.0,
                static_cast<unsigned long long>(info.max_buffer_bytes));
  }
  rm_device_info small{};
  small.struct_size = 8;  // an older, smaller reader: nothing beyond 8 bytes is written
  REQUIRE(api->get_device_info(0, &small) == RM_OK);
  CHECK(small.type == RM_DEVICE_OTHER);
  CHECK(small.name[0] == 0);
  rm_device_info none{};
  none.struct_size = sizeof none;
  CHECK(api->get_device_info(n + 5, &none) == RM_ERR_NOT_FOUND);
}

TEST_CASE("vulkan: buffer round trip, partial ranges and copies", "[vulkan]") {
  REQUIRE_DEVICE();
  Ctx c;
  std::vector<uint8_t> src(10007);
  for (size_t i = 0; i < src.size(); ++i) src[i] = static_cast<uint8_t>(i * 31 + 7);
  rm_buffer a = c.alloc(src.size()), b = c.alloc(src.size());
  REQUIRE(c.api->buffer_upload(c.ctx, a, 0, src.data(), src.size()) == RM_OK);
  std::vector<uint8_t> back(src.size());
  REQUIRE(c.api->buffer_download(c.ctx, a, 0, back.data(), back.size()) == RM_OK);
  CHECK(back == src);
  uint8_t patch[5] = {1, 2, 3, 4, 5};
  REQUIRE(c.api->buffer_upload(c.ctx, a, 101, patch, 5) == RM_OK);
  REQUIRE(c.api->buffer_copy(c.ctx, a, 100, b, 3, 1000) == RM_OK);
  std::vector<uint8_t> part(1000);
  REQUIRE(c.api->buffer_download(c.ctx, b, 3, part.data(), part.size()) == RM_OK);
  CHECK(part[0] == src[100]);
  CHECK(part[1] == 1);
  CHECK(part[5] == 5);
  CHECK(part[6] == src[106]);
  CHECK(c.api->buffer_download(c.ctx, a, 10000, back.data(), 100) == RM_ERR_INVALID_ARGUMENT);
  CHECK(std::string(c.err()).find("exceeds") != std::string::npos);
  rm_counters cnt{};
  cnt.struct_size = sizeof cnt;
  REQUIRE(c.api->get_counters(c.ctx, &cnt) == RM_OK);
  CHECK(cnt.upload_count == 2);
  CHECK(cnt.upload_bytes == src.size() + 5);
  CHECK(cnt.download_count == 2);
  CHECK(cnt.copy_bytes == 1000);
  CHECK(cnt.buffer_allocs == 2);
  CHECK(cnt.buffer_bytes_live == 2 * src.size());
  CHECK(cnt.buffer_bytes_peak >= cnt.buffer_bytes_live);
}

TEST_CASE("vulkan: fused chain is one launch and matches the reference", "[vulkan]") {
  REQUIRE_DEVICE();
  Ctx c;
  for (rm_dtype dt : {RM_DTYPE_F32, RM_DTYPE_F64}) {
    IR ir = fused_chain(dt);
    rm_kernel k = c.compile(ir, "tanh(sin(x).*exp(-x/10))+0.1*x");
    for (size_t n : {size_t(1), size_t(7), size_t(257), size_t(1000003)}) {
      std::vector<double> x(n);
      for (size_t i = 0; i < n; ++i) x[i] = rnd(dt, -30.0 + 60.0 * double(i) / double(n) + 1e-3);
      rm_buffer bx = c.upload(x, dt), by = c.alloc(n * esize(dt));
      std::vector<rm_buffer> in{bx}, out{by};
      rm_launch_desc l = launch_1d(n, in, out);
      auto t0 = std::chrono::steady_clock::now();
      REQUIRE(c.api->kernel_launch(c.ctx, k, &l) == RM_OK);
      REQUIRE(c.api->synchronize(c.ctx) == RM_OK);
      double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      std::vector<double> y = c.download(by, n, dt);
      double rtol = dt == RM_DTYPE_F32 ? 1e-5 : 1e-12;
      size_t bad = 0;
      double worst = 0;
      for (size_t i = 0; i < n; ++i) {
        double ref = std::tanh(std::sin(x[i]) * std::exp(-x[i] / 10)) + 0.1 * x[i];
        double err = std::fabs(y[i] - ref) / std::max(std::fabs(ref), 0.1);
        worst = std::max(worst, err);
        if (!(err <= rtol) && bad++ < 5)
          WARN("i=" << i << " x=" << x[i] << " got " << y[i] << " ref " << ref);
      }
      CHECK(bad == 0);
      if (n > 1000)
        std::printf("fused chain %s n=%zu: launch+sync %.2f ms, worst rel err %.3g\n",
                    dt == RM_DTYPE_F32 ? "f32" : "f64", n, ms, worst);
    }
    rm_kernel_stats st{};
    st.struct_size = sizeof st;
    REQUIRE(c.api->kernel_get_stats(c.ctx, k, &st) == RM_OK);
    CHECK(st.launches == 4);
    CHECK(st.elements == 1 + 7 + 257 + 1000003);
    CHECK(st.device_ns > 0);
    c.api->kernel_destroy(c.ctx, k);
  }
  rm_counters cnt{};
  cnt.struct_size = sizeof cnt;
  REQUIRE(c.api->get_counters(c.ctx, &cnt) == RM_OK);
  CHECK(cnt.kernel_launches == 8);
  CHECK(cnt.kernel_compiles == 2);
  CHECK(cnt.kernel_device_ns > 0);
  CHECK(cnt.compile_ns > 0);
}

TEST_CASE("vulkan: SCALAR and STRIDED broadcast inputs", "[vulkan]") {
  REQUIRE_DEVICE();
  Ctx c;
  for (rm_dtype dt : {RM_DTYPE_F32, RM_DTYPE_F64}) {
    // out(3x4) = col(3x1) + row(1x4) * s  (implicit expansion), plus INDEX.
    IR ir;
    uint32_t col = ir.input(0, dt, RM_ACCESS_STRIDED);
    uint32_t row = ir.input(1, dt, RM_ACCESS_STRIDED);
    uint32_t s = ir.input(2, dt, RM_ACCESS_SCALAR);
    uint32_t y = ir.bin(RM_BIN_ADD, col, ir.bin(RM_BIN_MUL, row, s, dt), dt);
    ir.output(0, y, dt);
    ir.output(1, ir.index(dt), dt);
    rm_kernel k = c.compile(ir, "col + row*s");
    std::vector<double> a{1, 2, 3}, b{10, 20, 30, 40}, sv{0.5};
    std::vector<rm_buffer> in{c.upload(a, dt), c.upload(b, dt), c.upload(sv, dt)};
    std::vector<rm_buffer> out{c.alloc(12 * esize(dt)), c.alloc(12 * esize(dt))};
    std::vector<int64_t> strides(3 * RM_MAX_RANK, 0);
    strides[0 * RM_MAX_RANK + 0] = 1;  // col: varies along dim 0
    strides[1 * RM_MAX_RANK + 1] = 1;  // row: varies along dim 1
    rm_launch_desc l = launch_1d(12, in, out);
    l.rank = 2;
    l.dims[0] = 3;
    l.dims[1] = 4;
    l.input_strides = strides.data();
    REQUIRE(c.api->kernel_launch(c.ctx, k, &l) == RM_OK);
    std::vector<double> y1 = c.download(out[0], 12, dt), idx = c.download(out[1], 12, dt);
    for (int j = 0; j < 4; ++j)
      for (int i = 0; i < 3; ++i) {
        CHECK(y1[i + 3 * j] == a[i] + b[j] * 0.5);
        CHECK(idx[i + 3 * j] == i + 3 * j);
      }
    // A strided input that would read out of bounds is refused.
    strides[1 * RM_MAX_RANK + 1] = 2;
    CHECK(c.api->kernel_launch(c.ctx, k, &l) == RM_ERR_INVALID_ARGUMENT);
  }
}

TEST_CASE("vulkan: compare, select, bool inputs and outputs", "[vulkan]") {
  REQUIRE_DEVICE();
  Ctx c;
  const rm_dtype F = RM_DTYPE_F32, B = RM_DTYPE_BOOL;
  IR ir;
  uint32_t x = ir.input(0, F), y = ir.input(1, F), m = ir.input(2, B);
  uint32_t gt = ir.cmp(RM_CMP_GT, x, y);
  uint32_t ne = ir.cmp(RM_CMP_NE, x, y);
  ir.output(0, gt, B);
  ir.output(1, ir.sel(gt, x, y, F), F);
  ir.output(2, ir.bin(RM_BIN_AND, ir.un(RM_UN_NOT, m, B), ne, B), B);
  ir.output(3, ir.bin(RM_BIN_XOR, m, ir.un(RM_UN_ISNAN, x, B), B), B);
  ir.output(4, ir.cast(ir.bin(RM_BIN_OR, m, ir.cmp(RM_CMP_LE, x, y), B), F), F);
  rm_kernel k = c.compile(ir, "compare/select/bool");
  std::vector<double> xs{1, 2, 3, kNaN, -1, 0, kInf}, ys{2, 2, 1, 0, kNaN, -0.0, 5},
      ms{1, 0, 1, 0, 1, 0, 0};
  const size_t n = xs.size();
  std::vector<rm_buffer> in{c.upload(xs, F), c.upload(ys, F), c.upload(ms, B)};
  std::vector<rm_buffer> out{c.alloc(n), c.alloc(4 * n), c.alloc(n), c.alloc(n), c.alloc(4 * n)};
  rm_launch_desc l = launch_1d(n, in, out);
  REQUIRE(c.api->kernel_launch(c.ctx, k, &l) == RM_OK);
  auto o0 = c.download(out[0], n, B), o1 = c.download(out[1], n, F), o2 = c.download(out[2], n, B),
       o3 = c.download(out[3], n, B), o4 = c.download(out[4], n, F);
  for (size_t i = 0; i < n; ++i) {
    INFO("i=" << i);
    bool g = xs[i] > ys[i];
    CHECK(o0[i] == (g ? 1 : 0));
    double sel = g ? xs[i] : ys[i];
    CHECK((o1[i] == sel || (std::isnan(sel) && std::isnan(o1[i]))));
    CHECK(o2[i] == ((!ms[i] && xs[i] != ys[i]) ? 1 : 0));
    CHECK(o3[i] == (((ms[i] != 0) != std::isnan(xs[i])) ? 1 : 0));
    CHECK(o4[i] == ((ms[i] != 0 || xs[i] <= ys[i]) ? 1.0 : 0.0));
  }
}

namespace {
const std::vector<double> kValues{0,    -0.0, 1,   -1,   0.5, -0.5, 2.5,  -2.5, 3.7,  -3.7,
                                  1e-3, 10,   100, -100, 0.3, 0.9,  kNaN, kInf, -kInf};

std::vector<double> run_op(Ctx& c, const IR& ir, const std::vector<std::vector<double>>& ins,
                           const std::vector<rm_dtype>& in_dt, rm_dtype out_dt, size_t n) {
  rm_kernel k = c.compile(ir);
  std::vector<rm_buffer> in;
  for (size_t i = 0; i < ins.size(); ++i) in.push_back(c.upload(ins[i], in_dt[i]));
  std::vector<rm_buffer> out{c.alloc(n * esize(out_dt))};
  rm_launch_desc l = launch_1d(n, in, out);
  REQUIRE(c.api->kernel_launch(c.ctx, k, &l) == RM_OK);
  auto r = c.download(out[0], n, out_dt);
  c.api->kernel_destroy(c.ctx, k);
  return r;
}
}  // namespace

TEST_CASE("vulkan: every unary op, f32 and f64, MATLAB semantics", "[vulkan]") {
  REQUIRE_DEVICE();
  Ctx c;
  for (rm_dtype dt : {RM_DTYPE_F32, RM_DTYPE_F64}) {
    for (uint32_t op = RM_UN_NEG; op < RM_UN_COUNT_; ++op) {
      bool to_bool = op == RM_UN_ISNAN || op == RM_UN_ISINF || op == RM_UN_ISFINITE;
      bool is_not = op == RM_UN_NOT;
      rm_dtype in_dt = is_not ? RM_DTYPE_BOOL : dt;
      rm_dtype out_dt = (to_bool || is_not) ? RM_DTYPE_BOOL : dt;
      IR ir;
      ir.output(0, ir.un(static_cast<rm_ir_unary>(op), ir.input(0, in_dt), out_dt), out_dt);
      std::vector<double> xs = kValues;
      auto got = run_op(c, ir, {xs}, {in_dt}, out_dt, xs.size());
      double rtol = dt == RM_DTYPE_F32 ? 1e-5 : 1e-14;
      for (size_t i = 0; i < xs.size(); ++i) {
        double x = rnd(in_dt, xs[i]);
        double ref = rnd(out_dt, ref_unary(op, x));
        INFO((dt == RM_DTYPE_F32 ? "f32" : "f64")
             << " unary op " << op << " x=" << x << " got " << got[i] << " ref " << ref);
        CHECK(close(got[i], ref, rtol));
      }
    }
  }
}

TEST_CASE("vulkan: every binary op, f32 and f64, MATLAB semantics", "[vulkan]") {
  REQUIRE_DEVICE();
  Ctx c;
  for (rm_dtype dt : {RM_DTYPE_F32, RM_DTYPE_F64}) {
    for (uint32_t op = RM_BIN_ADD; op < RM_BIN_COUNT_; ++op) {
      rm_dtype t = op >= RM_BIN_AND ? RM_DTYPE_BOOL : dt;
      IR ir;
      ir.output(0, ir.bin(static_cast<rm_ir_binary>(op), ir.input(0, t), ir.input(1, t), t), t);
      std::vector<double> as, bs;
      for (double a : kValues)
        for (double b : kValues) {
          as.push_back(a);
          bs.push_back(b);
        }
      auto got = run_op(c, ir, {as, bs}, {t, t}, t, as.size());
      double rtol = dt == RM_DTYPE_F32 ? 1e-5 : (op == RM_BIN_POW ? 1e-13 : 1e-14);
      for (size_t i = 0; i < as.size(); ++i) {
        double a = rnd(t, as[i]), b = rnd(t, bs[i]);
        double ref = rnd(t, ref_binary(op, a, b));
        INFO((dt == RM_DTYPE_F32 ? "f32" : "f64") << " binary op " << op << " a=" << a << " b=" << b
                                                  << " got " << got[i] << " ref " << ref);
        bool ok = close(got[i], ref, rtol);
        // mod/rem: x/y within rounding of an integer may legitimately land on either side.
        if (!ok && (op == RM_BIN_MOD || op == RM_BIN_REM) && std::isfinite(ref))
          ok = std::fabs(std::fabs(got[i] - ref) - std::fabs(b)) <=
               rtol * std::max(std::fabs(a), 1.0);
        CHECK(ok);
      }
    }
  }
}

TEST_CASE("vulkan: double transcendentals over wide ranges", "[vulkan]") {
  REQUIRE_DEVICE();
  Ctx c;
  const rm_dtype D = RM_DTYPE_F64;
  std::vector<double> xs;
  for (int i = 0; i < 4001; ++i) xs.push_back(-50.0 + 100.0 * i / 4000.0 + 1e-7);
  for (double v : {1e-300, 1e-20, 1e-8, 1e5, 1e8, 700.0, -700.0, 0.69314718055994531, 1e9, 1e10,
                   -1e15, 1e20, -1e22, 1e100, 1e300})
    xs.push_back(v);
  for (uint32_t op :
       {RM_UN_EXP, RM_UN_LOG, RM_UN_SIN, RM_UN_COS, RM_UN_TAN, RM_UN_TANH, RM_UN_ATAN, RM_UN_SINH,
        RM_UN_COSH, RM_UN_LOG2, RM_UN_LOG10, RM_UN_EXPM1, RM_UN_LOG1P, RM_UN_ASIN, RM_UN_ACOS}) {
    IR ir;
    ir.output(0, ir.un(static_cast<rm_ir_unary>(op), ir.input(0, D), D), D);
    std::vector<double> in = xs;
    if (op == RM_UN_ASIN || op == RM_UN_ACOS)
      for (double& v : in) v = std::sin(v);
    auto got = run_op(c, ir, {in}, {D}, D, in.size());
    double worst = 0, worst_x = 0;
    for (size_t i = 0; i < in.size(); ++i) {
      double ref = ref_unary(op, in[i]);
      if (std::isnan(ref) || std::isinf(ref)) {
        CHECK(close(got[i], ref, 0));
        continue;
      }
      double err = std::fabs(got[i] - ref) / std::max(std::fabs(ref), 1e-300);
      if (op == RM_UN_TAN || op == RM_UN_SIN || op == RM_UN_COS)  // absolute near zeros
        err = std::fabs(got[i] - ref) / std::max(std::fabs(ref), 1e-3);
      if (err > worst) {
        worst = err;
        worst_x = in[i];
      }
    }
    INFO("f64 unary op " << op << " worst relative error " << worst << " at x=" << worst_x);
    CHECK(worst < 1e-14);
  }
}

namespace {
// Reference reduction over [outer, len, inner] with the IR's pre-reduce part and epilogue.
std::vector<std::vector<double>> ref_reduce(const IR& ir,
                                            const std::vector<std::vector<double>>& ins,
                                            uint64_t outer, uint64_t len, uint64_t inner) {
  pk::KernelCase kc = as_case(ir, outer * len * inner, ins);
  kc.reduce_outer = outer;
  kc.reduce_len = len;
  kc.reduce_inner = inner;
  return pk::reference_outputs(kc);
}

rm_launch_desc launch_reduce(uint64_t outer, uint64_t len, uint64_t inner,
                             const std::vector<rm_buffer>& in, const std::vector<rm_buffer>& out) {
  rm_launch_desc l = launch_1d(outer * len * inner, in, out);
  l.reduce_outer = outer;
  l.reduce_len = len;
  l.reduce_inner = inner;
  return l;
}
}  // namespace

TEST_CASE("vulkan: REDUCE sum/prod/min/max/any/all along dims and reduce-all", "[vulkan]") {
  REQUIRE_DEVICE();
  Ctx c;
  struct Shape {
    uint64_t outer, len, inner;
  };
  // dim-1 of 37x53, dim-2 of 37x53, middle of 4x5x6, long columns (workgroup per output),
  // wide rows (thread per output), and two reduce-alls (two-pass).
  const std::vector<Shape> shapes{{53, 37, 1},    {1, 53, 37},  {6, 5, 4},
                                  {40, 3000, 1},  {1, 8, 4096}, {3, 300, 70},
                                  {1, 100000, 1}, {1, 1, 1},    {2, 30000, 3}};
  for (rm_dtype dt : {RM_DTYPE_F32, RM_DTYPE_F64}) {
    for (rm_ir_reduce op :
         {RM_RED_SUM, RM_RED_PROD, RM_RED_MIN, RM_RED_MAX, RM_RED_ANY, RM_RED_ALL}) {
      bool logical = op == RM_RED_ANY || op == RM_RED_ALL;
      IR ir;
      uint32_t x = ir.input(0, dt);
      uint32_t v = x;
      rm_dtype acc = dt;
      if (logical) {  // any/all over (x > 0.5)
        v = ir.cmp(RM_CMP_GT, x, ir.cnst(dt, 0.5));
        acc = RM_DTYPE_BOOL;
      }
      uint32_t r = ir.reduce(op, v, acc);
      ir.output(0, r, acc);
      rm_kernel k = c.compile(ir, "reduce");
      for (const Shape& sh : shapes) {
        uint64_t n = sh.outer * sh.len * sh.inner, nout = sh.outer * sh.inner;
        std::vector<double> xs(n);
        for (uint64_t i = 0; i < n; ++i) {
          xs[i] = rnd(dt, op == RM_RED_PROD ? 1.0 + ((i * 7919) % 201 - 100) * 1e-5
                                            : ((i * 7919) % 1000) / 1000.0);
          if ((op == RM_RED_MIN || op == RM_RED_MAX) && i % 13 == 5) xs[i] = kNaN;
        }
        if (logical && sh.len == 53)  // one all-false and one all-true column
          for (uint64_t k2 = 0; k2 < sh.len; ++k2) {
            xs[k2 * sh.inner + 0] = 0.1;
            xs[k2 * sh.inner + 1] = 0.9;
          }
        std::vector<rm_buffer> in{c.upload(xs, dt)}, out{c.alloc(nout * esize(acc))};
        rm_launch_desc l = launch_reduce(sh.outer, sh.len, sh.inner, in, out);
        REQUIRE(c.api->kernel_launch(c.ctx, k, &l) == RM_OK);
        auto got = c.download(out[0], nout, acc);
        auto ref = ref_reduce(ir, {xs}, sh.outer, sh.len, sh.inner)[0];
        double rtol = dt == RM_DTYPE_F32 ? (sh.len > 10000 ? 1e-5 : 2e-6) : 1e-12;
        size_t bad = 0;
        for (uint64_t i = 0; i < nout; ++i)
          if (!close(got[i], ref[i], rtol) && bad++ < 3)
            WARN("op " << op << " shape [" << sh.outer << "," << sh.len << "," << sh.inner
                       << "] i=" << i << " got " << got[i] << " ref " << ref[i]);
        INFO("dtype " << dt << " op " << op << " shape [" << sh.outer << "," << sh.len << ","
                      << sh.inner << "]");
        CHECK(bad == 0);
      }
    }
  }
}

TEST_CASE("vulkan: reduce-all over 1e6 elements and mean as sum * epilogue", "[vulkan]") {
  REQUIRE_DEVICE();
  Ctx c;
  for (rm_dtype dt : {RM_DTYPE_F32, RM_DTYPE_F64}) {
    const uint64_t n = 1000000;
    IR ir;
    uint32_t x = ir.input(0, dt);
    uint32_t sq = ir.bin(RM_BIN_MUL, x, x, dt);  // fused pre-reduce work
    uint32_t s = ir.reduce(RM_RED_SUM, sq, dt);
    uint32_t mean = ir.bin(RM_BIN_MUL, s, ir.cnst(dt, 1.0 / double(n)), dt);
    ir.output(0, mean, dt);
    ir.output(1, ir.un(RM_UN_SQRT, mean, dt), dt);  // rms, also in the epilogue
    rm_kernel k = c.compile(ir, "mean(x.^2)");
    std::vector<double> xs(n);
    double ref = 0;
    for (uint64_t i = 0; i < n; ++i) {
      xs[i] = rnd(dt, ((i * 7919) % 1000) / 1000.0 - 0.25);
      ref += xs[i] * xs[i];
    }
    ref /= double(n);
    std::vector<rm_buffer> in{c.upload(xs, dt)}, out{c.alloc(esize(dt)), c.alloc(esize(dt))};
    rm_launch_desc l = launch_reduce(1, n, 1, in, out);
    auto t0 = std::chrono::steady_clock::now();
    REQUIRE(c.api->kernel_launch(c.ctx, k, &l) == RM_OK);
    REQUIRE(c.api->synchronize(c.ctx) == RM_OK);
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    double got = c.download(out[0], 1, dt)[0], rms = c.download(out[1], 1, dt)[0];
    double rtol = dt == RM_DTYPE_F32 ? 1e-5 : 1e-12;
    CHECK(std::fabs(got - ref) <= rtol * ref);
    CHECK(std::fabs(rms - std::sqrt(ref)) <= rtol * std::sqrt(ref));
    std::printf("reduce-all %s n=%llu: launch+sync %.2f ms, rel err %.3g\n",
                dt == RM_DTYPE_F32 ? "f32" : "f64", static_cast<unsigned long long>(n), ms,
                std::fabs(got - ref) / ref);
  }
}

TEST_CASE("vulkan: single-precision sums are compensated", "[vulkan]") {
  // [2^25, 1, 1, ..., 1, -2^25]: in float, 2^25 + 1 == 2^25, so a plain accumulator that meets
  // a big value first drops every 1 it adds afterwards; a compensated one keeps them and the
  // sum is n - 2 exactly. Also a long sum of 0.1f, against the same values summed in double.
  REQUIRE_DEVICE();
  Ctx c;
  for (uint64_t n : {uint64_t{3000}, uint64_t{4000000}}) {  // one workgroup; split
    IR ir;
    ir.output(0, ir.reduce(RM_RED_SUM, ir.input(0, RM_DTYPE_F32), RM_DTYPE_F32), RM_DTYPE_F32);
    rm_kernel k = c.compile(ir, "sum(x)");
    std::vector<double> xs(n, 1.0);
    xs.front() = 33554432.0;
    xs.back() = -33554432.0;
    std::vector<rm_buffer> in{c.upload(xs, RM_DTYPE_F32)}, out{c.alloc(4)};
    rm_launch_desc l = launch_reduce(1, n, 1, in, out);
    REQUIRE(c.api->kernel_launch(c.ctx, k, &l) == RM_OK);
    CHECK(c.download(out[0], 1, RM_DTYPE_F32)[0] == double(n - 2));

    std::vector<double> tenth(n, double(0.1f));
    std::vector<rm_buffer> in2{c.upload(tenth, RM_DTYPE_F32)};
    l = launch_reduce(1, n, 1, in2, out);
    REQUIRE(c.api->kernel_launch(c.ctx, k, &l) == RM_OK);
    const double ref = double(n) * double(0.1f);
    const float got = static_cast<float>(c.download(out[0], 1, RM_DTYPE_F32)[0]);
    // The correctly rounded float of the exact sum, or a neighbour.
    CHECK(std::fabs(double(got) - ref) <=
          double(std::nextafter(static_cast<float>(ref), INFINITY) - static_cast<float>(ref)));
  }
}

TEST_CASE("vulkan: invalid IR and launches are refused with a reason", "[vulkan]") {
  REQUIRE_DEVICE();
  Ctx c;
  IR bad;
  uint32_t x = bad.input(0, RM_DTYPE_F32);
  bad.output(0, bad.bin(RM_BIN_ADD, x, 7, RM_DTYPE_F32), RM_DTYPE_F32);  // operand 7 undefined
  rm_kernel_desc d = bad.desc();
  rm_kernel k = nullptr;
  CHECK(c.api->kernel_compile(c.ctx, &d, &k) == RM_ERR_INVALID_ARGUMENT);
  CHECK(std::string(c.err()).find("earlier value") != std::string::npos);
  IR mixed;  // f32 + f64 without a CAST
  mixed.output(0,
               mixed.bin(RM_BIN_ADD, mixed.input(0, RM_DTYPE_F32), mixed.input(1, RM_DTYPE_F64),
                         RM_DTYPE_F32),
               RM_DTYPE_F32);
  d = mixed.desc();
  CHECK(c.api->kernel_compile(c.ctx, &d, &k) == RM_ERR_INVALID_ARGUMENT);
  IR ok;
  ok.output(0, ok.un(RM_UN_ABS, ok.input(0, RM_DTYPE_F32), RM_DTYPE_F32), RM_DTYPE_F32);
  k = c.compile(ok);
  rm_buffer small = c.alloc(8), out = c.alloc(400);
  std::vector<rm_buffer> in{small}, outs{out};
  rm_launch_desc l = launch_1d(100, in, outs);
  CHECK(c.api->kernel_launch(c.ctx, k, &l) == RM_ERR_INVALID_ARGUMENT);
  CHECK(std::string(c.err()).find("bytes") != std::string::npos);
  l.count = 0;
  l.dims[0] = 0;
  CHECK(c.api->kernel_launch(c.ctx, k, &l) == RM_OK);  // empty launch is a no-op
}

TEST_CASE("vulkan: pipeline cache through host services (hit, reject, rebuild)", "[vulkan]") {
  REQUIRE_DEVICE();
  FakeHost host;
  IR ir = fused_chain(RM_DTYPE_F32);
  auto run_and_check = [&](Ctx& c, rm_kernel k) {
    std::vector<double> xs{0.5, -1, 2, 7};
    std::vector<rm_buffer> in{c.upload(xs, RM_DTYPE_F32)}, out{c.alloc(16)};
    rm_launch_desc l = launch_1d(4, in, out);
    REQUIRE(c.api->kernel_launch(c.ctx, k, &l) == RM_OK);
    auto y = c.download(out[0], 4, RM_DTYPE_F32);
    for (size_t i = 0; i < 4; ++i) {
      double x = xs[i];
      CHECK(close(y[i], std::tanh(std::sin(x) * std::exp(-x / 10)) + 0.1 * x, 1e-5));
    }
  };
  auto counters = [](Ctx& c) {
    rm_counters cnt{};
    cnt.struct_size = sizeof cnt;
    REQUIRE(c.api->get_counters(c.ctx, &cnt) == RM_OK);
    return cnt;
  };
  {
    Ctx c(&host.services);
    rm_kernel k = c.compile(ir, "chain");
    CHECK(counters(c).pipeline_cache_misses == 1);
    CHECK(counters(c).pipeline_cache_hits == 0);
    run_and_check(c, k);
  }
  REQUIRE(host.puts == 1);
  REQUIRE(host.store.size() == 1);
  CHECK(host.store.begin()->first.rfind("vk-pipeline|vulkan|", 0) == 0);
  {
    Ctx c(&host.services);
    rm_kernel k = c.compile(ir, "chain");
    CHECK(counters(c).pipeline_cache_hits == 1);
    CHECK(counters(c).pipeline_cache_misses == 0);
    run_and_check(c, k);
  }
  const std::vector<uint8_t> good = host.store.begin()->second;
  const std::string key = host.store.begin()->first;
  struct Corruption {
    const char* name;
    std::function<void(std::vector<uint8_t>&)> apply;
    const char* reason;
  };
  std::vector<Corruption> corruptions{
      {"header version", [](std::vector<uint8_t>& b) { b[4] ^= 0xff; }, "version"},
      {"vendor id", [](std::vector<uint8_t>& b) { b[8] ^= 0x01; }, "vendor"},
      {"uuid", [](std::vector<uint8_t>& b) { b[20] ^= 0x5a; }, "UUID"},
      {"truncated", [](std::vector<uint8_t>& b) { b.resize(20); }, "truncated"},
  };
  for (const auto& corr : corruptions) {
    INFO("corruption: " << corr.name);
    std::vector<uint8_t> blob = good;
    corr.apply(blob);
    host.store[key] = blob;
    size_t rejects = host.rejects.size();
    host.events.clear();
    Ctx c(&host.services);
    rm_kernel k = c.compile(ir, "chain");
    REQUIRE(host.rejects.size() == rejects + 1);
    CHECK(host.rejects.back().find(corr.reason) != std::string::npos);
    CHECK(host.saw("pipeline-cache-rejected"));
    CHECK(counters(c).pipeline_cache_misses == 1);
    CHECK(counters(c).pipeline_cache_hits == 0);
    run_and_check(c, k);
    REQUIRE(host.store.count(key) == 1);  // rebuilt and stored again
    CHECK(host.store[key].size() >= 32);
  }
}

TEST_CASE("vulkan: stats and counters move; many async launches", "[vulkan]") {
  REQUIRE_DEVICE();
  Ctx c;
  IR ir;
  uint32_t x = ir.input(0, RM_DTYPE_F32);
  ir.output(0, ir.bin(RM_BIN_ADD, x, ir.cnst(RM_DTYPE_F32, 1), RM_DTYPE_F32), RM_DTYPE_F32);
  rm_kernel k = c.compile(ir, "x+1");
  const size_t n = 4099;
  std::vector<double> xs(n, 0.0);
  rm_buffer a = c.upload(xs, RM_DTYPE_F32), b = c.alloc(n * 4);
  const int iters = 150;  // > one batch: exercises flushes and the batch ring
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < iters; ++i) {
    std::vector<rm_buffer> in{i % 2 ? b : a}, out{i % 2 ? a : b};
    rm_launch_desc l = launch_1d(n, in, out);
    REQUIRE(c.api->kernel_launch(c.ctx, k, &l) == RM_OK);
  }
  double host_us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() /
      iters;
  auto y = c.download(iters % 2 ? b : a, n, RM_DTYPE_F32);
  CHECK(y[0] == iters);
  CHECK(y[n - 1] == iters);
  rm_kernel_stats st{};
  st.struct_size = sizeof st;
  REQUIRE(c.api->kernel_get_stats(c.ctx, k, &st) == RM_OK);
  CHECK(st.launches == iters);
  CHECK(st.elements == iters * n);
  CHECK(st.device_ns > 0);
  rm_counters cnt{};
  cnt.struct_size = sizeof cnt;
  REQUIRE(c.api->get_counters(c.ctx, &cnt) == RM_OK);
  CHECK(cnt.kernel_launches == iters);
  CHECK(cnt.kernel_device_ns >= st.device_ns);
  CHECK(cnt.kernel_compiles == 1);
  CHECK(cnt.buffer_allocs == 2);
  std::printf("x+1 n=%zu: %d launches, mean device time %.1f us, host time per launch %.1f us\n", n,
              iters, st.device_ns / 1000.0 / iters, host_us);
}

// Not run by default (hidden tag): `vulkan_plugin_test "[.bench]"`, size from RUNMAT_VK_BENCH_N
// (default 1e8), launches per round from RUNMAT_VK_BENCH_REPS (default 20). A copy kernel
// (y = x) through the same code generator is the bandwidth yardstick. Device time per launch:
// the median over 5 rounds of the round's mean. The chain output's FNV-1a hash is printed so
// runs with different knobs (RUNMAT_VULKAN_VECTORIZE, RUNMAT_VULKAN_MAX_GROUPS) can be checked
// for bit-identical results.
TEST_CASE("vulkan: benchmark copy, fused chain and reduce-all", "[.bench]") {
  REQUIRE_DEVICE();
  const char* env = std::getenv("RUNMAT_VK_BENCH_N");
  const uint64_t n = env ? static_cast<uint64_t>(std::strtod(env, nullptr)) : 100000000ull;
  const char* reps_env = std::getenv("RUNMAT_VK_BENCH_REPS");
  const int reps = reps_env ? std::max(1, std::atoi(reps_env)) : 20;
  Ctx c;
  rm_device_info info{};
  info.struct_size = sizeof info;
  c.api->get_device_info(0, &info);
  if (n * 4 > info.max_buffer_bytes) {
    WARN("benchmark size " << n << " exceeds the device's max buffer (" << info.max_buffer_bytes
                           << " bytes); set RUNMAT_VK_BENCH_N smaller");
    return;
  }
  std::vector<float> x(n);
  for (uint64_t i = 0; i < n; ++i) x[i] = static_cast<float>(-30.0 + 60.0 * double(i) / double(n));
  rm_buffer bx = c.alloc(n * 4), by = c.alloc(n * 4), bc = c.alloc(n * 4), bs = c.alloc(4);
  auto t0 = std::chrono::steady_clock::now();
  REQUIRE(c.api->buffer_upload(c.ctx, bx, 0, x.data(), n * 4) == RM_OK);
  REQUIRE(c.api->synchronize(c.ctx) == RM_OK);
  double up_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  IR copy;
  copy.output(0, copy.input(0, RM_DTYPE_F32), RM_DTYPE_F32);
  rm_kernel kc = c.compile(copy, "copy");
  IR chain = fused_chain(RM_DTYPE_F32);
  rm_kernel k = c.compile(chain, "chain");
  IR sum;
  sum.output(0, sum.reduce(RM_RED_SUM, sum.input(0, RM_DTYPE_F32), RM_DTYPE_F32), RM_DTYPE_F32);
  rm_kernel ks = c.compile(sum, "sum");
  std::vector<rm_buffer> in{bx}, out{by}, outc{bc}, outs{bs};
  rm_launch_desc lc = launch_1d(n, in, outc);
  rm_launch_desc l = launch_1d(n, in, out);
  rm_launch_desc lr = launch_reduce(1, n, 1, in, outs);
  for (auto [kern, desc, name, bytes] :
       {std::tuple{kc, &lc, "copy f32", 8.0}, std::tuple{k, &l, "fused chain f32", 8.0},
        std::tuple{ks, &lr, "sum-all f32", 4.0}}) {
    REQUIRE(c.api->kernel_launch(c.ctx, kern, desc) == RM_OK);  // warm-up
    REQUIRE(c.api->synchronize(c.ctx) == RM_OK);
    std::vector<double> rounds;
    double wall_ms = 0;
    for (int round = 0; round < 5; ++round) {
      rm_kernel_stats s0{};
      s0.struct_size = sizeof s0;
      c.api->kernel_get_stats(c.ctx, kern, &s0);
      t0 = std::chrono::steady_clock::now();
      for (int r = 0; r < reps; ++r) REQUIRE(c.api->kernel_launch(c.ctx, kern, desc) == RM_OK);
      REQUIRE(c.api->synchronize(c.ctx) == RM_OK);
      wall_ms +=
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() /
          reps / 5;
      rm_kernel_stats s1{};
      s1.struct_size = sizeof s1;
      c.api->kernel_get_stats(c.ctx, kern, &s1);
      rounds.push_back((s1.device_ns - s0.device_ns) / 1e6 / reps);
    }
    std::sort(rounds.begin(), rounds.end());
    const double dev_ms = rounds[2];
    std::printf(
        "[bench] %s on %s, n=%llu: device %.4f ms (%.1f GB/s; rounds %.4f..%.4f), wall %.3f ms "
        "per launch\n",
        name, info.name, static_cast<unsigned long long>(n), dev_ms, bytes * n / dev_ms / 1e6,
        rounds.front(), rounds.back(), wall_ms);
  }
  std::vector<float> y(n), yc(n);
  REQUIRE(c.api->buffer_download(c.ctx, by, 0, y.data(), n * 4) == RM_OK);
  REQUIRE(c.api->buffer_download(c.ctx, bc, 0, yc.data(), n * 4) == RM_OK);
  CHECK(std::memcmp(yc.data(), x.data(), n * 4) == 0);
  size_t bad = 0;
  for (uint64_t i = 0; i < n; i += 997) {
    double xi = x[i], ref = std::tanh(std::sin(xi) * std::exp(-xi / 10)) + 0.1 * xi;
    if (std::fabs(y[i] - ref) > 1e-5 * std::max(std::fabs(ref), 0.1)) ++bad;
  }
  uint64_t hash = 1469598103934665603ull;
  const auto* bytes = reinterpret_cast<const unsigned char*>(y.data());
  for (uint64_t i = 0; i < n * 4; ++i) hash = (hash ^ bytes[i]) * 1099511628211ull;
  float s = 0;
  REQUIRE(c.api->buffer_download(c.ctx, bs, 0, &s, 4) == RM_OK);
  double ref_sum = 0;
  for (uint64_t i = 0; i < n; ++i) ref_sum += x[i];
  std::printf(
      "[bench] upload %.1f ms; chain mismatches %zu, output hash %016llx; sum %.6g vs %.6g\n",
      up_ms, bad, static_cast<unsigned long long>(hash), s, ref_sum);
  CHECK(bad == 0);
}

// Hidden: repeated instance/context creation (driver load/unload) in one process.
TEST_CASE("vulkan: stress context create/destroy", "[.stress]") {
  REQUIRE_DEVICE();
  const rm_plugin_api* api = load_api();
  auto proc_count = [](const char* what) {
    if (std::string(what) == "fds") {
      int n = 0;
      for (int fd = 0; fd < 4096; ++fd) n += (fcntl(fd, F_GETFD) != -1);
      return n;
    }
    FILE* f = std::fopen("/proc/self/status", "r");
    char line[256];
    int threads = 0;
    while (f && std::fgets(line, sizeof line, f))
      if (std::sscanf(line, "Threads: %d", &threads) == 1) break;
    if (f) std::fclose(f);
    return threads;
  };
  for (int i = 0; i < 40; ++i) {
    uint32_t n = 0;
    REQUIRE(api->probe(&n, nullptr, 0) == RM_OK);
    rm_context ctx = nullptr;
    rm_status st = api->context_create(0, nullptr, &ctx);
    INFO("iteration " << i << ": " << api->last_error(nullptr));
    REQUIRE(st == RM_OK);
    api->context_destroy(ctx);
    if (i % 10 == 0)
      std::printf("[stress] iter %d: fds %d threads %d\n", i, proc_count("fds"),
                  proc_count("threads"));
  }
}

TEST_CASE("vulkan: RUNMAT_VULKAN_DEVICE selects device 0 by index or name", "[vulkan]") {
  REQUIRE_DEVICE();
  const rm_plugin_api* api = load_api();
  rm_device_info first{};
  first.struct_size = sizeof first;
  REQUIRE(api->get_device_info(0, &first) == RM_OK);
  std::string name = first.name;
  std::string needle = name.substr(0, std::min<size_t>(name.size(), 5));
  for (char& ch : needle) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  const char* old = std::getenv("RUNMAT_VULKAN_DEVICE");
  std::string saved = old ? old : "";
  for (const std::string& sel : {std::string("0"), needle}) {
    setenv("RUNMAT_VULKAN_DEVICE", sel.c_str(), 1);
    rm_device_info info{};
    info.struct_size = sizeof info;
    REQUIRE(api->get_device_info(0, &info) == RM_OK);
    CHECK(std::string(info.name) == name);
    rm_context ctx = nullptr;
    REQUIRE(api->context_create(0, nullptr, &ctx) == RM_OK);
    api->context_destroy(ctx);
  }
  setenv("RUNMAT_VULKAN_DEVICE", "no-such-device-xyz", 1);
  rm_context ctx = nullptr;
  CHECK(api->context_create(0, nullptr, &ctx) == RM_ERR_NOT_FOUND);
  CHECK(std::string(api->last_error(nullptr)).find("no-such-device-xyz") != std::string::npos);
  setenv("RUNMAT_VULKAN_DEVICE", "999", 1);
  CHECK(api->context_create(0, nullptr, &ctx) == RM_ERR_NOT_FOUND);
  if (old)
    setenv("RUNMAT_VULKAN_DEVICE", saved.c_str(), 1);
  else
    unsetenv("RUNMAT_VULKAN_DEVICE");
}

TEST_CASE("vulkan: float64 kernels are refused without shaderFloat64", "[vulkan]") {
  REQUIRE_DEVICE();
  setenv("RUNMAT_VULKAN_DISABLE_FLOAT64", "1", 1);
  {
    const rm_plugin_api* api = load_api();
    rm_device_info info{};
    info.struct_size = sizeof info;
    REQUIRE(api->get_device_info(0, &info) == RM_OK);
    CHECK((info.flags & RM_DEVICE_FLAG_FLOAT64) == 0);
    FakeHost host;
    Ctx c(&host.services);
    IR ir = fused_chain(RM_DTYPE_F64);
    rm_kernel_desc d = ir.desc("f64 chain");
    rm_kernel k = nullptr;
    CHECK(c.api->kernel_compile(c.ctx, &d, &k) == RM_ERR_UNSUPPORTED);
    CHECK(std::string(c.err()).find("float64") != std::string::npos);
    CHECK(host.saw("float64-unsupported"));
    IR f32 = fused_chain(RM_DTYPE_F32);  // single precision still works
    c.compile(f32);
  }
  unsetenv("RUNMAT_VULKAN_DISABLE_FLOAT64");
}

TEST_CASE("vulkan: float trig with huge arguments (Payne-Hanek)", "[vulkan]") {
  REQUIRE_DEVICE();
  Ctx c;
  const rm_dtype F = RM_DTYPE_F32;
  std::vector<double> xs{3000, 5000, 1e4, 1e5, -1e5, 123456.7, 1e10, -1e20, 1e20, 3e38};
  for (uint32_t op : {RM_UN_SIN, RM_UN_COS, RM_UN_TAN}) {
    IR ir;
    ir.output(0, ir.un(static_cast<rm_ir_unary>(op), ir.input(0, F), F), F);
    auto got = run_op(c, ir, {xs}, {F}, F, xs.size());
    for (size_t i = 0; i < xs.size(); ++i) {
      double x = rnd(F, xs[i]), ref = rnd(F, ref_unary(op, x));
      INFO("f32 op " << op << " x=" << x << " got " << got[i] << " ref " << ref);
      CHECK(std::fabs(got[i] - ref) <= 1e-5 * std::fabs(ref) + 1e-6);
    }
  }
}
