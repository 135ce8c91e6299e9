// The vectorized elementwise form of the Vulkan plugin (4 elements per step, vec4/dvec4
// buffers, component-indexed tail) must compute exactly what the scalar form computes, for
// every size (tails of 1..3 elements), every mix of LINEAR/SCALAR/STRIDED inputs, bool
// buffers, INDEX, several outputs, and in-place launches. Each case runs on two contexts, one
// with RUNMAT_VULKAN_VECTORIZE=0, and the outputs are compared bit for bit; the vectorized
// results are also checked against the kit's reference.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "kit/compare.hpp"
#include "kit/kernel_case.hpp"
#include "kit/plugin_loader.hpp"
#include "kit/reference.hpp"
#include "kit/session.hpp"

namespace pk = runmat::plugin_kit;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

const rm_plugin_api* vulkan_api() {
  static pk::PluginHandle h = [] {
    std::string dir = pk::plugin_dir_from_env();
    return pk::PluginHandle::open((dir.empty() ? std::string(".") : dir) + "/runmat-vulkan.so");
  }();
  if (!h.ok()) FAIL("cannot load runmat-vulkan.so: " << h.error());
  return h.api();
}

bool have_device() {
  uint32_t n = 0;
  char reason[256] = {0};
  REQUIRE(vulkan_api()->probe(&n, reason, sizeof reason) == RM_OK);
  if (n > 0) return true;
  if (pk::ci_mode()) FAIL("no Vulkan device (CI=true): " << reason);
  WARN("no Vulkan device, skipping: " << reason);
  return false;
}

// A session whose context was created with RUNMAT_VULKAN_VECTORIZE set as asked (the plugin
// reads the knob at context creation).
std::unique_ptr<pk::Session> session(bool vectorize) {
  if (vectorize)
    unsetenv("RUNMAT_VULKAN_VECTORIZE");
  else
    setenv("RUNMAT_VULKAN_VECTORIZE", "0", 1);
  auto s = std::make_unique<pk::Session>(vulkan_api());
  unsetenv("RUNMAT_VULKAN_VECTORIZE");
  REQUIRE(s->ok());
  return s;
}

// Equal bits as far as a double holding a float/double/bool can show: NaN matches NaN, and
// zeros must agree in sign.
bool same_bits(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return a == b && std::signbit(a) == std::signbit(b);
}

std::vector<double> values(size_t n, uint64_t seed) {
  std::vector<double> v(n);
  uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
  for (size_t i = 0; i < n; ++i) {
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    v[i] = -20.0 + 40.0 * static_cast<double>((x * 0x2545F4914F6CDD1Dull) >> 11) * 0x1.0p-53;
  }
  return v;
}

// y = tanh(sin(x).*exp(-x/10)) + 0.1*x
pk::KernelCase chain(rm_dtype dt, uint64_t n) {
  pk::KernelCase kc;
  pk::IrBuilder& b = kc.ir;
  const uint32_t x = b.input(0, dt);
  const uint32_t e =
      b.unary(RM_UN_EXP, b.unary(RM_UN_NEG, b.binary(RM_BIN_DIV, x, b.constant(10, dt))));
  const uint32_t t = b.unary(RM_UN_TANH, b.binary(RM_BIN_MUL, b.unary(RM_UN_SIN, x), e));
  b.output(0, b.binary(RM_BIN_ADD, t, b.binary(RM_BIN_MUL, b.constant(0.1, dt), x)));
  kc.dims = {n};
  kc.inputs = {values(n, n)};
  return kc;
}

// A 2-D launch mixing every access mode and buffer type: a LINEAR float matrix, a STRIDED
// column, a SCALAR, a LINEAR bool mask; outputs: a float, a bool and a double (INDEX).
pk::KernelCase mixed(uint64_t rows, uint64_t cols) {
  pk::KernelCase kc;
  pk::IrBuilder& b = kc.ir;
  const rm_dtype F = RM_DTYPE_F32;
  const uint32_t x = b.input(0, F);
  const uint32_t col = b.input(1, F, RM_ACCESS_STRIDED);
  const uint32_t s = b.input(2, F, RM_ACCESS_SCALAR);
  const uint32_t m = b.input(3, RM_DTYPE_BOOL);
  const uint32_t y = b.binary(RM_BIN_ADD, b.binary(RM_BIN_MUL, x, s), col);
  b.output(0, b.select(m, y, b.unary(RM_UN_NEG, y)));
  b.output(1, b.compare(RM_CMP_GT, y, b.constant(0, F)));
  b.output(2, b.binary(RM_BIN_MUL, b.index(RM_DTYPE_F64), b.constant(0.5, RM_DTYPE_F64)));
  kc.dims = {rows, cols};
  const uint64_t n = rows * cols;
  std::vector<double> mask(n);
  for (uint64_t i = 0; i < n; ++i) mask[i] = (i * 7) % 3 == 0 ? 1.0 : 0.0;
  kc.inputs = {values(n, 3), values(rows, 4), {1.5}, mask};
  kc.strides = {pk::Strides{}, pk::broadcast_strides({rows, 1}), pk::Strides{}, pk::Strides{}};
  return kc;
}

// A binary op over all pairs of special values (an odd count: 16 * 16 = 256 + 1 extra pair).
// mod/rem get exactly representable finite values: with quotients beyond 2^24 the remainder
// is ill-conditioned and the reference (a double-precision formula) no oracle.
pk::KernelCase special_pairs(rm_ir_binary op, rm_dtype dt) {
  const bool rem = op == RM_BIN_MOD || op == RM_BIN_REM;
  const std::vector<double> v = {0.0,
                                 -0.0,
                                 1.0,
                                 -1.0,
                                 0.5,
                                 -2.5,
                                 3.0,
                                 7.0,
                                 0.25,
                                 100,
                                 -100,
                                 rem ? 96.0 : 1e30,
                                 rem ? -0.75 : 1e-30,
                                 kNaN,
                                 kInf,
                                 -kInf};
  pk::KernelCase kc;
  kc.ir.output(0, kc.ir.binary(op, kc.ir.input(0, dt), kc.ir.input(1, dt)));
  std::vector<double> a, c;
  for (double x : v)
    for (double y : v) {
      a.push_back(x);
      c.push_back(y);
    }
  a.push_back(2.0);
  c.push_back(3.0);
  kc.dims = {a.size()};
  kc.inputs = {a, c};
  return kc;
}

// Runs kc on both sessions; checks bit equality and the reference. Returns false (after
// failing CHECKs) on a mismatch.
void check_both(pk::Session& vec, pk::Session& scalar, const pk::KernelCase& kc,
                const std::string& what) {
  INFO(what << ", " << kc.count() << " elements");
  pk::CaseResult rv = pk::run_case(vec, kc, what.c_str());
  pk::CaseResult rs = pk::run_case(scalar, kc, what.c_str());
  if (rv.status() == RM_ERR_UNSUPPORTED && rs.status() == RM_ERR_UNSUPPORTED) return;  // no F64
  INFO(rv.error << rs.error);
  REQUIRE(rv.ok());
  REQUIRE(rs.ok());
  const auto ref = pk::reference_outputs(kc);
  for (size_t o = 0; o < rv.outputs.size(); ++o) {
    size_t differ = 0;
    for (size_t i = 0; i < rv.outputs[o].size(); ++i)
      if (!same_bits(rv.outputs[o][i], rs.outputs[o][i]) && differ++ < 3)
        WARN("output " << o << " element " << i << ": vectorized " << rv.outputs[o][i]
                       << ", scalar " << rs.outputs[o][i]);
    CHECK(differ == 0);
    const pk::Comparison c = pk::compare_values(
        rv.outputs[o], ref[o], pk::default_tolerance(kc.output_dtype(static_cast<uint32_t>(o))));
    INFO(c.report);
    CHECK(c.ok);
  }
}

bool logged(pk::Session& s, const std::string& text) {
  for (const std::string& l : s.host().logs())
    if (l.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("vulkan: vectorized elementwise kernels equal the scalar form bit for bit",
          "[vulkan][vectorize]") {
  if (!have_device()) return;
  auto vec = session(true);
  auto scalar = session(false);
  for (rm_dtype dt : {RM_DTYPE_F32, RM_DTYPE_F64})
    for (uint64_t n : {1, 2, 3, 4, 5, 6, 7, 8, 9, 1023, 4099})
      check_both(*vec, *scalar, chain(dt, n), std::string("chain ") + pk::dtype_name(dt));
  CHECK(logged(*vec, "4 elements per step"));
  CHECK(logged(*scalar, "1 element per step"));
  CHECK_FALSE(logged(*vec, "1 element per step"));
  for (auto [rows, cols] : {std::pair<uint64_t, uint64_t>{1, 1}, {3, 1}, {3, 5}, {7, 9}, {64, 33}})
    check_both(*vec, *scalar, mixed(rows, cols), "mixed access modes");
  for (rm_dtype dt : {RM_DTYPE_F32, RM_DTYPE_F64})
    for (int op = RM_BIN_ADD; op <= RM_BIN_REM; ++op)
      check_both(*vec, *scalar, special_pairs(static_cast<rm_ir_binary>(op), dt),
                 std::string(pk::binary_name(op)) + " " + pk::dtype_name(dt));
}

TEST_CASE("vulkan: vectorized kernels run in place (output aliases the input)",
          "[vulkan][vectorize]") {
  if (!have_device()) return;
  auto s = session(true);
  const rm_plugin_api* api = s->api();
  for (uint64_t n : {1, 3, 4, 5, 4099}) {
    INFO(n << " elements");
    pk::KernelCase kc;  // x = 2*x + 1, computed exactly in float
    const uint32_t x = kc.ir.input(0, RM_DTYPE_F32);
    kc.ir.output(
        0, kc.ir.binary(RM_BIN_ADD, kc.ir.binary(RM_BIN_MUL, x, kc.ir.constant(2, RM_DTYPE_F32)),
                        kc.ir.constant(1, RM_DTYPE_F32)));
    const rm_kernel_desc d = kc.ir.desc("in place");
    rm_kernel k = nullptr;
    REQUIRE(api->kernel_compile(s->ctx(), &d, &k) == RM_OK);
    std::vector<double> xs(n);
    for (uint64_t i = 0; i < n; ++i) xs[i] = static_cast<double>(i) - 7.0;
    rm_buffer b = s->upload(xs, RM_DTYPE_F32);
    rm_launch_desc l;
    std::memset(&l, 0, sizeof l);
    l.struct_size = sizeof l;
    l.rank = 1;
    l.dims[0] = n;
    l.count = n;
    l.num_inputs = 1;
    l.inputs = &b;
    l.num_outputs = 1;
    l.outputs = &b;
    REQUIRE(api->kernel_launch(s->ctx(), k, &l) == RM_OK);
    REQUIRE(api->kernel_launch(s->ctx(), k, &l) == RM_OK);
    const std::vector<double> got = s->download(b, n, RM_DTYPE_F32);
    size_t bad = 0;
    for (uint64_t i = 0; i < n; ++i) bad += got[i] != 4.0 * xs[i] + 3.0;  // 2(2x+1)+1
    CHECK(bad == 0);
    api->kernel_destroy(s->ctx(), k);
  }
}
