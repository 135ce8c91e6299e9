// Elementwise kernels: the fused chain, every unary/binary/compare op, SELECT, CAST, INDEX,
// and SCALAR / STRIDED broadcasting. Everything is checked against the reference evaluator.
#include <cmath>
#include <cstring>
#include <limits>

#include "plugin_fixture.hpp"

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const rm_dtype kFloatTypes[] = {RM_DTYPE_F32, RM_DTYPE_F64};

// y = tanh(sin(x) .* exp(-x/10)) + 0.1*x
pk::KernelCase chain_case(rm_dtype dt, uint64_t n) {
  pk::KernelCase kc;
  auto& b = kc.ir;
  const uint32_t x = b.input(0, dt);
  const uint32_t s = b.unary(RM_UN_SIN, x);
  const uint32_t nx = b.unary(RM_UN_NEG, x);
  const uint32_t d = b.binary(RM_BIN_DIV, nx, b.constant(10.0, dt));
  const uint32_t e = b.unary(RM_UN_EXP, d);
  const uint32_t t = b.unary(RM_UN_TANH, b.binary(RM_BIN_MUL, s, e));
  const uint32_t y = b.binary(RM_BIN_ADD, t, b.binary(RM_BIN_MUL, b.constant(0.1, dt), x));
  b.output(0, y);
  kc.dims = {n};
  kc.inputs = {random_values(n, -20.0, 20.0, n)};
  return kc;
}

std::vector<double> special_values() {
  return {0.0,   -0.0,   1.0, -1.0,     0.5,       -0.5,  1.5,  -1.5, 2.5,  -2.5,  0.49999997,
          3.0,   -7.0,   0.1, 1e-3,     -1e-7,     1e-10, 0.9,  -0.9, 10.0, -10.0, 88.0,
          100.0, -100.0, 1e5, -3.14159, 1.5707963, 1e20,  kNaN, kInf, -kInf};
}

pk::KernelCase unary_case(rm_ir_unary op, rm_dtype dt, const std::vector<double>& xs) {
  pk::KernelCase kc;
  const uint32_t x = kc.ir.input(0, dt);
  kc.ir.output(0, kc.ir.unary(op, x));
  kc.dims = {xs.size()};
  kc.inputs = {xs};
  return kc;
}

pk::KernelCase binary_case(rm_ir_binary op, rm_dtype dt, const std::vector<double>& vals,
                           std::vector<double>* shown = nullptr) {
  pk::KernelCase kc;
  std::vector<double> xs, ys;
  for (double a : vals) {
    for (double c : vals) {
      xs.push_back(a);
      ys.push_back(c);
    }
  }
  const uint32_t x = kc.ir.input(0, dt);
  const uint32_t y = kc.ir.input(1, dt);
  kc.ir.output(0, kc.ir.binary(op, x, y));
  kc.dims = {xs.size()};
  kc.inputs = {xs, ys};
  if (shown) *shown = xs;
  return kc;
}

}  // namespace

TEST_CASE("fused chain tanh(sin(x).*exp(-x/10)) + 0.1*x as one launch",
          "[plugins][elementwise][chain]") {
  for_each_plugin([](PluginUnderTest& p) {
    pk::Session s(p.api());
    REQUIRE(s.ok());
    for (rm_dtype dt : kFloatTypes) {
      for (uint64_t n : {1ull, 7ull, 257ull, 1000003ull}) {
        INFO(pk::dtype_name(dt) << " n=" << n);
        const rm_counters before = s.counters();
        const pk::KernelCase kc = chain_case(dt, n);
        const pk::Tolerance tol =
            dt == RM_DTYPE_F32 ? pk::Tolerance{1e-5, 1e-6} : pk::Tolerance{1e-12, 1e-14};
        if (!check_case(p, s, kc, "chain", &tol)) continue;
        const rm_counters after = s.counters();
        CHECK(after.kernel_launches - before.kernel_launches == 1);  // ONE launch
        CHECK(after.kernel_compiles - before.kernel_compiles == 1);
        CHECK(after.kernel_device_ns >= before.kernel_device_ns);
        CHECK(after.upload_bytes - before.upload_bytes == n * pk::dtype_size(dt));
        CHECK(after.download_bytes - before.download_bytes == n * pk::dtype_size(dt));
      }
    }
  });
}

TEST_CASE("kernel stats count launches and elements", "[plugins][elementwise][counters]") {
  for_each_plugin([](PluginUnderTest& p) {
    pk::Session s(p.api());
    const pk::KernelCase kc = chain_case(RM_DTYPE_F32, 100000);
    const rm_kernel_desc desc = kc.ir.desc("stats");
    rm_kernel k = nullptr;
    REQUIRE(p.api()->kernel_compile(s.ctx(), &desc, &k) == RM_OK);
    rm_buffer in = s.upload(kc.inputs[0], RM_DTYPE_F32);
    rm_buffer out = s.alloc(100000 * 4);
    rm_launch_desc l;
    std::memset(&l, 0, sizeof l);
    l.struct_size = sizeof l;
    l.rank = 1;
    l.dims[0] = l.count = 100000;
    l.num_inputs = 1;
    l.inputs = &in;
    l.num_outputs = 1;
    l.outputs = &out;
    for (int i = 0; i < 3; ++i) REQUIRE(p.api()->kernel_launch(s.ctx(), k, &l) == RM_OK);
    REQUIRE(p.api()->synchronize(s.ctx()) == RM_OK);
    rm_kernel_stats st;
    std::memset(&st, 0, sizeof st);
    st.struct_size = sizeof st;
    REQUIRE(p.api()->kernel_get_stats(s.ctx(), k, &st) == RM_OK);
    CHECK(st.launches == 3);
    CHECK(st.elements == 300000);
    CHECK(st.device_ns > 0);
    const rm_counters c = s.counters();
    CHECK(c.kernel_launches == 3);
    CHECK(c.kernel_device_ns >= st.device_ns);
    CHECK(c.compile_ns > 0);
    p.api()->kernel_destroy(s.ctx(), k);
  });
}

TEST_CASE("unary operations, special values included", "[plugins][elementwise][unary]") {
  for_each_plugin([](PluginUnderTest& p) {
    pk::Session s(p.api());
    const std::vector<double> xs = special_values();
    for (rm_dtype dt : kFloatTypes) {
      for (int op = RM_UN_NEG; op < RM_UN_COUNT_; ++op) {
        if (op == RM_UN_NOT) continue;
        INFO(pk::unary_name(op) << " " << pk::dtype_name(dt));
        check_case(p, s, unary_case(static_cast<rm_ir_unary>(op), dt, xs), pk::unary_name(op),
                   nullptr, &xs);
      }
    }
    // NOT on logicals. (ISNAN/ISINF/ISFINITE take float operands; producers cast logicals.)
    const std::vector<double> bits = {0, 1, 1, 0, 1};
    check_case(p, s, unary_case(RM_UN_NOT, RM_DTYPE_BOOL, bits), "not", nullptr, &bits);
  });
}

TEST_CASE("MATLAB rounding and sign rules", "[plugins][elementwise][unary]") {
  // Spot checks of the reference itself, so a shared misunderstanding cannot hide.
  CHECK(pk::ref_unary(RM_UN_ROUND, 2.5) == 3.0);
  CHECK(pk::ref_unary(RM_UN_ROUND, -2.5) == -3.0);
  CHECK(pk::ref_unary(RM_UN_ROUND, 0.49999999999999994) == 0.0);
  CHECK(pk::ref_unary(RM_UN_FIX, -2.7) == -2.0);
  CHECK(pk::ref_unary(RM_UN_SIGN, 0.0) == 0.0);
  CHECK(std::isnan(pk::ref_unary(RM_UN_SIGN, kNaN)));
  CHECK(pk::ref_binary(RM_BIN_MOD, -1, 3) == 2.0);
  CHECK(pk::ref_binary(RM_BIN_MOD, 5, -3) == -1.0);
  CHECK(pk::ref_binary(RM_BIN_MOD, 5, 0) == 5.0);
  CHECK(pk::ref_binary(RM_BIN_REM, -5, 3) == -2.0);
  CHECK(std::isnan(pk::ref_binary(RM_BIN_REM, 5, 0)));
  // Infinite divisors: the limit of large ones (accel.h, rm_ir_binary).
  CHECK(pk::ref_binary(RM_BIN_MOD, 1, kInf) == 1.0);
  CHECK(pk::ref_binary(RM_BIN_MOD, -1, kInf) == kInf);
  CHECK(pk::ref_binary(RM_BIN_MOD, 1, -kInf) == -kInf);
  CHECK(pk::ref_binary(RM_BIN_MOD, -1, -kInf) == -1.0);
  CHECK(pk::ref_binary(RM_BIN_MOD, 0, -kInf) == 0.0);
  CHECK(pk::ref_binary(RM_BIN_REM, -1, kInf) == -1.0);
  CHECK(pk::ref_binary(RM_BIN_REM, 1, -kInf) == 1.0);
  // Infinite dividends have no remainder, except that mod(x, 0) = x.
  CHECK(std::isnan(pk::ref_binary(RM_BIN_MOD, kInf, 3)));
  CHECK(std::isnan(pk::ref_binary(RM_BIN_MOD, -kInf, kInf)));
  CHECK(pk::ref_binary(RM_BIN_MOD, -kInf, 0) == -kInf);
  CHECK(std::isnan(pk::ref_binary(RM_BIN_REM, kInf, 3)));
  CHECK(std::isnan(pk::ref_binary(RM_BIN_REM, 3, kNaN)));
  CHECK(pk::ref_binary(RM_BIN_MOD, -1e-20, 1) == 1.0);
  CHECK(pk::ref_binary(RM_BIN_MOD, 1e-20, -1) == -1.0);
  CHECK(pk::ref_binary(RM_BIN_MIN, kNaN, 2) == 2.0);
  CHECK(pk::ref_binary(RM_BIN_MAX, 2, kNaN) == 2.0);
  CHECK(std::isnan(pk::ref_binary(RM_BIN_MAX, kNaN, kNaN)));

  for_each_plugin([](PluginUnderTest& p) {
    pk::Session s(p.api());
    const std::vector<double> xs = {
        0.5,  -0.5,      1.5,  -1.5, 2.5, -2.5, 0.49999999999999994, 4503599627370495.5,
        -0.0, 2.4999999, 1e300};
    for (rm_dtype dt : kFloatTypes) {
      check_case(p, s, unary_case(RM_UN_ROUND, dt, xs), "round", nullptr, &xs);
      check_case(p, s, unary_case(RM_UN_FIX, dt, xs), "fix", nullptr, &xs);
      check_case(p, s, unary_case(RM_UN_SIGN, dt, xs), "sign", nullptr, &xs);
    }
  });
}

TEST_CASE("binary operations on all pairs of special values", "[plugins][elementwise][binary]") {
  for_each_plugin([](PluginUnderTest& p) {
    pk::Session s(p.api());
    const std::vector<double> general = {0.0, -0.0, 1.0,    -1.0, 0.5,  -2.0, 3.0,
                                         2.5, 1e-3, -100.0, 1e30, kNaN, kInf, -kInf};
    // mod/rem: exactly representable finite operands (the formula and fmod agree), plus
    // infinite dividends and divisors (accel.h states their rule) and NaN.
    const std::vector<double> modvals = {0.0, -0.0, 1.0, -1.0, 0.5,   -0.5, 2.0,  -2.5,
                                         3.0, -3.0, 7.0, -7.0, 100.0, kNaN, kInf, -kInf};
    for (rm_dtype dt : kFloatTypes) {
      for (int op = RM_BIN_ADD; op <= RM_BIN_REM; ++op) {
        INFO(pk::binary_name(op) << " " << pk::dtype_name(dt));
        const bool is_mod = op == RM_BIN_MOD || op == RM_BIN_REM;
        std::vector<double> shown;
        check_case(
            p, s,
            binary_case(static_cast<rm_ir_binary>(op), dt, is_mod ? modvals : general, &shown),
            pk::binary_name(op), nullptr, &shown);
      }
    }
    // A dividend tiny against a divisor of the other sign: x - floor(x/y)*y rounds to y, which
    // is MATLAB's answer (mod(-1e-20, 1) = 1), not 0. rem keeps x.
    const std::vector<double> tiny_x = {-1e-20, 1e-20, -1e-30, 1e-30, -1e-20, 6.0, -6.0};
    const std::vector<double> tiny_y = {1.0, -1.0, 3.0, -3.0, -1.0, 3.0, 3.0};
    for (rm_dtype dt : kFloatTypes)
      for (rm_ir_binary op : {RM_BIN_MOD, RM_BIN_REM}) {
        INFO(pk::binary_name(op) << " of tiny dividends, " << pk::dtype_name(dt));
        pk::KernelCase kc;
        kc.ir.output(0, kc.ir.binary(op, kc.ir.input(0, dt), kc.ir.input(1, dt)));
        kc.dims = {tiny_x.size()};
        kc.inputs = {tiny_x, tiny_y};
        check_case(p, s, kc, pk::binary_name(op), nullptr, &tiny_x);
      }
    const std::vector<double> bits = {0.0, 1.0};
    for (rm_ir_binary op : {RM_BIN_AND, RM_BIN_OR, RM_BIN_XOR}) {
      std::vector<double> shown;
      check_case(p, s, binary_case(op, RM_DTYPE_BOOL, bits, &shown), pk::binary_name(op), nullptr,
                 &shown);
    }
  });
}

TEST_CASE("compare operations incl. NaN, Inf and logicals", "[plugins][elementwise][compare]") {
  for_each_plugin([](PluginUnderTest& p) {
    pk::Session s(p.api());
    const std::vector<double> vals = {0.0, -0.0, 1.0, -1.0, 0.1, 1e30, kNaN, kInf, -kInf};
    for (rm_dtype dt : {RM_DTYPE_F32, RM_DTYPE_F64, RM_DTYPE_BOOL}) {
      const std::vector<double>& v = dt == RM_DTYPE_BOOL ? std::vector<double>{0.0, 1.0} : vals;
      for (int op = RM_CMP_EQ; op <= RM_CMP_GE; ++op) {
        pk::KernelCase kc;
        std::vector<double> xs, ys;
        for (double a : v) {
          for (double b : v) {
            xs.push_back(a);
            ys.push_back(b);
          }
        }
        const uint32_t x = kc.ir.input(0, dt), y = kc.ir.input(1, dt);
        kc.ir.output(0, kc.ir.compare(static_cast<rm_ir_compare>(op), x, y));
        kc.dims = {xs.size()};
        kc.inputs = {xs, ys};
        INFO(pk::compare_name(op) << " " << pk::dtype_name(dt));
        check_case(p, s, kc, pk::compare_name(op), nullptr, &xs);
      }
    }
  });
}

TEST_CASE("SELECT, CAST and INDEX", "[plugins][elementwise]") {
  for_each_plugin([](PluginUnderTest& p) {
    pk::Session s(p.api());
    const std::vector<double> xs = special_values();
    for (rm_dtype dt : kFloatTypes) {
      // y = x > 0 ? x : -2*x  (NaN goes to the false branch)
      pk::KernelCase kc;
      auto& b = kc.ir;
      const uint32_t x = b.input(0, dt);
      const uint32_t c = b.compare(RM_CMP_GT, x, b.constant(0, dt));
      b.output(0, b.select(c, x, b.binary(RM_BIN_MUL, b.constant(-2, dt), x)));
      kc.dims = {xs.size()};
      kc.inputs = {xs};
      check_case(p, s, kc, "select", nullptr, &xs);
    }
    {  // SELECT of logicals
      pk::KernelCase kc;
      auto& b = kc.ir;
      const uint32_t c = b.input(0, RM_DTYPE_BOOL), t = b.input(1, RM_DTYPE_BOOL),
                     f = b.input(2, RM_DTYPE_BOOL);
      b.output(0, b.select(c, t, f));
      kc.dims = {8};
      kc.inputs = {{0, 0, 0, 0, 1, 1, 1, 1}, {0, 0, 1, 1, 0, 0, 1, 1}, {0, 1, 0, 1, 0, 1, 0, 1}};
      check_case(p, s, kc, "select bool");
    }
    // Every CAST pair (NaN -> logical is true: x ~= 0).
    const rm_dtype all[] = {RM_DTYPE_F32, RM_DTYPE_F64, RM_DTYPE_BOOL};
    for (rm_dtype from : all) {
      for (rm_dtype to : all) {
        pk::KernelCase kc;
        const uint32_t x = kc.ir.input(0, from);
        kc.ir.output(0, kc.ir.cast(x, to));
        std::vector<double> v =
            from == RM_DTYPE_BOOL
                ? std::vector<double>{0, 1, 1, 0}
                : std::vector<double>{0.0, -0.0, 1.0, -2.5, 0.1, 1e40, 1e-50, kNaN, kInf, -kInf};
        kc.dims = {v.size()};
        kc.inputs = {v};
        INFO("cast " << pk::dtype_name(from) << " -> " << pk::dtype_name(to));
        check_case(p, s, kc, "cast", nullptr, &v);
      }
    }
    // INDEX: the element's linear index, also past the first block and across threads.
    for (rm_dtype dt : kFloatTypes) {
      pk::KernelCase kc;
      kc.ir.output(0, kc.ir.index(dt));
      kc.dims = {dt == RM_DTYPE_F32 ? 70001ull : 1000003ull};
      check_case(p, s, kc, "index");
      pk::KernelCase kc2;  // index in a 3-D space: still linear (column-major)
      kc2.ir.output(0, kc2.ir.binary(RM_BIN_MUL, kc2.ir.index(dt), kc2.ir.constant(2, dt)));
      kc2.dims = {3, 5, 7};
      check_case(p, s, kc2, "index 3-D");
    }
  });
}

TEST_CASE("SCALAR and STRIDED broadcasting", "[plugins][elementwise][broadcast]") {
  for_each_plugin([](PluginUnderTest& p) {
    pk::Session s(p.api());
    for (rm_dtype dt : kFloatTypes) {
      INFO(pk::dtype_name(dt));
      {  // 3x1 + 1x4 -> 3x4
        pk::KernelCase kc;
        auto& b = kc.ir;
        const uint32_t a = b.input(0, dt, RM_ACCESS_STRIDED);
        const uint32_t c = b.input(1, dt, RM_ACCESS_STRIDED);
        b.output(0, b.binary(RM_BIN_ADD, a, c));
        kc.dims = {3, 4};
        kc.inputs = {{1, 2, 3}, {10, 20, 30, 40}};
        kc.strides = {pk::broadcast_strides({3, 1}), pk::broadcast_strides({1, 4})};
        check_case(p, s, kc, "3x1 + 1x4");
        // Exact expected values, independently of the reference.
        const pk::CaseResult r = pk::run_case(s, kc);
        REQUIRE(r.ok());
        const std::vector<double> want = {11, 12, 13, 21, 22, 23, 31, 32, 33, 41, 42, 43};
        CHECK(r.outputs[0] == want);
      }
      {  // 2x3x4: A(2x1x4) .* B(1x3x1) + C(2x3x4) - s
        pk::KernelCase kc;
        auto& b = kc.ir;
        const uint32_t A = b.input(0, dt, RM_ACCESS_STRIDED);
        const uint32_t B = b.input(1, dt, RM_ACCESS_STRIDED);
        const uint32_t C = b.input(2, dt, RM_ACCESS_LINEAR);
        const uint32_t S = b.input(3, dt, RM_ACCESS_SCALAR);
        b.output(0, b.binary(RM_BIN_SUB, b.binary(RM_BIN_ADD, b.binary(RM_BIN_MUL, A, B), C), S));
        kc.dims = {2, 3, 4};
        kc.inputs = {random_values(8, -1, 1, 1),
                     random_values(3, -1, 1, 2),
                     random_values(24, -1, 1, 3),
                     {0.25}};
        kc.strides = {pk::broadcast_strides({2, 1, 4}), pk::broadcast_strides({1, 3, 1}), {}, {}};
        check_case(p, s, kc, "2x3x4 broadcast");
      }
      {  // a transposed view: input stored 4x3, read as 3x4 (strides {4, 1})
        pk::KernelCase kc;
        const uint32_t a = kc.ir.input(0, dt, RM_ACCESS_STRIDED);
        kc.ir.output(0, kc.ir.binary(RM_BIN_MUL, a, kc.ir.constant(2, dt)));
        kc.dims = {3, 4};
        kc.inputs = {random_values(12, -5, 5, 4)};
        kc.strides = {pk::Strides{4, 1}};
        check_case(p, s, kc, "transpose view");
      }
      {  // large: 1000x1 + 1x1001 (multi-threaded, many blocks) with a scalar and a constant
        pk::KernelCase kc;
        auto& b = kc.ir;
        const uint32_t col = b.input(0, dt, RM_ACCESS_STRIDED);
        const uint32_t row = b.input(1, dt, RM_ACCESS_STRIDED);
        const uint32_t sc = b.input(2, dt, RM_ACCESS_SCALAR);
        b.output(0, b.binary(RM_BIN_MUL, b.binary(RM_BIN_SUB, col, row), sc));
        kc.dims = {1000, 1001};
        kc.inputs = {random_values(1000, -1, 1, 5), random_values(1001, -1, 1, 6), {3.0}};
        kc.strides = {pk::broadcast_strides({1000, 1}), pk::broadcast_strides({1, 1001}), {}};
        check_case(p, s, kc, "1000x1 - 1x1001");
      }
      {  // 5-D with a singleton-expanded middle dimension
        pk::KernelCase kc;
        const uint32_t a = kc.ir.input(0, dt, RM_ACCESS_STRIDED);
        const uint32_t c = kc.ir.input(1, dt, RM_ACCESS_LINEAR);
        kc.ir.output(0, kc.ir.binary(RM_BIN_MAX, a, c));
        kc.dims = {3, 2, 5, 1, 4};
        kc.inputs = {random_values(3 * 2 * 4, -1, 1, 7), random_values(120, -1, 1, 8)};
        kc.strides = {pk::broadcast_strides({3, 2, 1, 1, 4})};
        kc.strides.push_back({});
        check_case(p, s, kc, "5-D broadcast");
      }
    }
  });
}

TEST_CASE("several outputs and in-place launches", "[plugins][elementwise]") {
  for_each_plugin([](PluginUnderTest& p) {
    pk::Session s(p.api());
    {  // two outputs of different types from one kernel
      pk::KernelCase kc;
      auto& b = kc.ir;
      const uint32_t x = b.input(0, RM_DTYPE_F64);
      const uint32_t y = b.binary(RM_BIN_MUL, x, x);
      b.output(0, y);
      b.output(1, b.compare(RM_CMP_GT, y, b.constant(0.25, RM_DTYPE_F64)));
      kc.dims = {50000};
      kc.inputs = {random_values(50000, -1, 1, 9)};
      check_case(p, s, kc, "two outputs");
    }
    {  // x = x * 2 + 1 with the output buffer being the input buffer
      const std::vector<double> v = random_values(70000, -1, 1, 10);
      pk::IrBuilder b;
      const uint32_t x = b.input(0, RM_DTYPE_F32);
      b.output(0, b.binary(RM_BIN_ADD, b.binary(RM_BIN_MUL, x, b.constant(2, RM_DTYPE_F32)),
                           b.constant(1, RM_DTYPE_F32)));
      const rm_kernel_desc d = b.desc("in-place");
      rm_kernel k = nullptr;
      REQUIRE(p.api()->kernel_compile(s.ctx(), &d, &k) == RM_OK);
      rm_buffer buf = s.upload(v, RM_DTYPE_F32);
      rm_launch_desc l;
      std::memset(&l, 0, sizeof l);
      l.struct_size = sizeof l;
      l.rank = 1;
      l.dims[0] = l.count = v.size();
      l.num_inputs = 1;
      l.inputs = &buf;
      l.num_outputs = 1;
      l.outputs = &buf;
      REQUIRE(p.api()->kernel_launch(s.ctx(), k, &l) == RM_OK);
      const std::vector<double> got = s.download(buf, v.size(), RM_DTYPE_F32);
      size_t bad = 0;
      for (size_t i = 0; i < v.size(); ++i) {
        const float want = static_cast<float>(v[i]) * 2.0f + 1.0f;
        if (!pk::values_match(got[i], want, {1e-6, 1e-7})) ++bad;
      }
      CHECK(bad == 0);
      p.api()->kernel_destroy(s.ctx(), k);
    }
  });
}
