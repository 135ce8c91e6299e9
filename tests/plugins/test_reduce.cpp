// Reductions over [outer, len, inner]: every op along dims 1, 2, 3 and all, odd sizes, NaN
// handling, empty reductions, epilogues (mean, norm), large shapes and determinism.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "plugin_fixture.hpp"

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Data suited to each reduction: positive for sums (relative tolerances stay meaningful), near
// one for products, NaN-sprinkled for min/max (including an all-NaN first slice along dim 1),
// logical patterns for any/all.
std::vector<double> data_for(rm_ir_reduce op, const std::vector<uint64_t>& dims, uint64_t seed) {
  uint64_t n = 1;
  for (uint64_t d : dims) n *= d;
  switch (op) {
    case RM_RED_SUM:
      return random_values(n, 0.5, 1.5, seed);
    case RM_RED_PROD: {
      // exp(U(-0.05, 0.05)): products stay far from overflow and underflow at any length.
      std::vector<double> v = random_values(n, -0.05, 0.05, seed);
      for (double& x : v) x = std::exp(x);
      return v;
    }
    case RM_RED_MIN:
    case RM_RED_MAX: {
      std::vector<double> v = random_values(n, -100, 100, seed);
      for (uint64_t i = 0; i < n; i += 13) v[i] = kNaN;
      for (uint64_t i = 0; i < dims[0] && i < n; ++i) v[i] = kNaN;  // slice (:, 1, 1) all NaN
      return v;
    }
    default: {
      std::vector<double> v(n);
      for (uint64_t i = 0; i < n; ++i) v[i] = (i % 7 == 3 || i % 11 == 0) ? 1.0 : 0.0;
      // An all-true run and an all-false run at the start, so some slices are uniform.
      for (uint64_t i = 0; i < dims[0] && i < n; ++i) v[i] = op == RM_RED_ALL ? 1.0 : 0.0;
      return v;
    }
  }
}

pk::KernelCase reduce_case(rm_ir_reduce op, rm_dtype dt, const std::vector<uint64_t>& dims, int dim,
                           uint64_t seed) {
  pk::KernelCase kc;
  const bool logical = op == RM_RED_ANY || op == RM_RED_ALL;
  const rm_dtype in_dt = logical ? RM_DTYPE_BOOL : dt;
  const uint32_t x = kc.ir.input(0, in_dt);
  kc.ir.output(0, kc.ir.reduce(op, x));
  kc.dims = dims;
  kc.reduce_over(dim);
  kc.inputs = {data_for(op, dims, seed)};
  return kc;
}

pk::Tolerance reduce_tolerance(rm_ir_reduce op, rm_dtype dt, uint64_t len) {
  if (op == RM_RED_ANY || op == RM_RED_ALL) return {0, 0};
  if (op == RM_RED_MIN || op == RM_RED_MAX) return {0, 0};  // exact
  if (dt == RM_DTYPE_F64) return {1e-13, 0};
  // Single precision: positive sums must be accurate (pairwise or wider accumulation); a
  // product accumulated in single drifts like a random walk, ~sqrt(len) ulps.
  if (op == RM_RED_PROD)
    return {std::max(2e-6, 4.0 * std::sqrt(static_cast<double>(len)) * 6e-8), 0};
  return {2e-6, 0};
}

const rm_ir_reduce kAllReductions[] = {RM_RED_SUM, RM_RED_PROD, RM_RED_MIN,
                                       RM_RED_MAX, RM_RED_ANY,  RM_RED_ALL};

}  // namespace

TEST_CASE("reductions along every dimension of odd-sized 3-D arrays", "[plugins][reduce]") {
  for_each_plugin([](PluginUnderTest& p) {
    pk::Session s(p.api());
    const std::vector<std::vector<uint64_t>> shapes = {{5, 7, 3}, {1, 9, 1}, {37, 129, 11}};
    for (const auto& dims : shapes) {
      for (int dim : {0, 1, 2, -1}) {
        for (rm_ir_reduce op : kAllReductions) {
          for (rm_dtype dt : {RM_DTYPE_F32, RM_DTYPE_F64}) {
            if ((op == RM_RED_ANY || op == RM_RED_ALL) && dt == RM_DTYPE_F32) continue;
            INFO(pk::reduce_name(op) << " " << pk::dtype_name(dt) << " dims " << dims[0] << "x"
                                     << dims[1] << "x" << dims[2] << " dim " << dim + 1);
            const pk::KernelCase kc = reduce_case(op, dt, dims, dim, dims[0] * 31 + dim + op);
            const pk::Tolerance tol = reduce_tolerance(op, dt, kc.reduce_len);
            check_case(p, s, kc, pk::reduce_name(op), &tol);
          }
        }
      }
    }
  });
}

TEST_CASE("large reductions: many outputs, wide rows, long rows, reduce-all", "[plugins][reduce]") {
  for_each_plugin([](PluginUnderTest& p) {
    pk::Session s(p.api());
    struct Shape {
      std::vector<uint64_t> dims;
      int dim;
    };
    const std::vector<Shape> shapes = {
        {{1000, 300}, 0},    // many outputs, contiguous rows
        {{3000, 40}, 1},     // few outputs, wide inner
        {{7, 20000}, 1},     // few outputs, narrow inner, long len
        {{2, 5, 40000}, 2},  // inner 10, long len
        {{1000003}, -1},     // reduce-all of a prime count
        {{4099, 3, 2}, 0},   // len crossing block boundaries
    };
    for (const Shape& sh : shapes) {
      for (rm_ir_reduce op : {RM_RED_SUM, RM_RED_MAX, RM_RED_ANY}) {
        for (rm_dtype dt : {RM_DTYPE_F32, RM_DTYPE_F64}) {
          if (op == RM_RED_ANY && dt == RM_DTYPE_F32) continue;
          INFO(pk::reduce_name(op)
               << " " << pk::dtype_name(dt) << " dims[0] " << sh.dims[0] << " dim " << sh.dim + 1);
          const pk::KernelCase kc = reduce_case(op, dt, sh.dims, sh.dim, 77);
          const pk::Tolerance tol = reduce_tolerance(op, dt, kc.reduce_len);
          check_case(p, s, kc, pk::reduce_name(op), &tol);
        }
      }
    }
  });
}

TEST_CASE("single-precision sums are accurate and deterministic", "[plugins][reduce]") {
  for_each_plugin([](PluginUnderTest& p) {
    pk::Session s(p.api());
    // 1e7 values of 0.1: a naive float loop drifts by ~1e-2 relative; MATLAB-level accuracy
    // needs blocked/pairwise summation or a wider accumulator.
    pk::KernelCase kc;
    const uint32_t x = kc.ir.input(0, RM_DTYPE_F32);
    kc.ir.output(0, kc.ir.reduce(RM_RED_SUM, x));
    kc.dims = {10000000};
    kc.reduce_over(-1);
    kc.inputs = {std::vector<double>(10000000, 0.1)};
    const pk::CaseResult a = pk::run_case(s, kc);
    REQUIRE(a.ok());
    const double want = 10000000.0 * static_cast<double>(0.1f);
    CHECK(std::fabs(a.outputs[0][0] - want) <= 1e-6 * want);
    // Same inputs, same bits.
    const pk::CaseResult b = pk::run_case(s, kc);
    REQUIRE(b.ok());
    CHECK(std::memcmp(&a.outputs[0][0], &b.outputs[0][0], sizeof(double)) == 0);
  });
}

TEST_CASE("empty reductions give the identity", "[plugins][reduce]") {
  for_each_plugin([](PluginUnderTest& p) {
    pk::Session s(p.api());
    // MATLAB: sum(zeros(3,0,2), 2) = zeros(3,1,2); prod(...) = ones. (min/max of empty is
    // empty, so the runtime never launches len = 0 for them.)
    for (rm_ir_reduce op : {RM_RED_SUM, RM_RED_PROD}) {
      for (rm_dtype dt : {RM_DTYPE_F32, RM_DTYPE_F64}) {
        pk::KernelCase kc;
        const uint32_t x = kc.ir.input(0, dt);
        kc.ir.output(0, kc.ir.reduce(op, x));
        kc.dims = {3, 0, 2};
        kc.reduce_over(1);
        kc.inputs = {{0.0}};  // a non-empty buffer; nothing is read
        REQUIRE(kc.output_elements() == 6);
        const pk::CaseResult r = pk::run_case(s, kc);
        INFO(pk::reduce_name(op) << " " << pk::dtype_name(dt) << ": " << r.error);
        REQUIRE(r.ok());
        const double id = op == RM_RED_SUM ? 0.0 : 1.0;
        CHECK(r.outputs[0] == std::vector<double>(6, id));
      }
    }
  });
}

TEST_CASE("epilogues: mean, norm, and a scaled compare", "[plugins][reduce][epilogue]") {
  for_each_plugin([](PluginUnderTest& p) {
    pk::Session s(p.api());
    for (rm_dtype dt : {RM_DTYPE_F32, RM_DTYPE_F64}) {
      const std::vector<uint64_t> dims = {13, 1001};
      for (int dim : {0, 1, -1}) {
        INFO(pk::dtype_name(dt) << " dim " << dim + 1);
        {  // mean = sum(x) * (1/len), with the CONST emitted before the REDUCE
          pk::KernelCase kc;
          kc.dims = dims;
          kc.reduce_over(dim);
          auto& b = kc.ir;
          const uint32_t scale = b.constant(1.0 / static_cast<double>(kc.reduce_len), dt);
          const uint32_t x = b.input(0, dt);
          b.output(0, b.binary(RM_BIN_MUL, b.reduce(RM_RED_SUM, x), scale));
          kc.inputs = {random_values(13 * 1001, -1, 3, 11)};
          const pk::Tolerance tol =
              dt == RM_DTYPE_F32 ? pk::Tolerance{1e-5, 1e-6} : pk::Tolerance{1e-12, 1e-13};
          check_case(p, s, kc, "mean", &tol);
        }
        {  // norm = sqrt(sum(x.^2)), then a logical epilogue output too
          pk::KernelCase kc;
          kc.dims = dims;
          kc.reduce_over(dim);
          auto& b = kc.ir;
          const uint32_t x = b.input(0, dt);
          const uint32_t r = b.reduce(RM_RED_SUM, b.binary(RM_BIN_MUL, x, x));
          const uint32_t nrm = b.unary(RM_UN_SQRT, r);
          b.output(0, nrm);
          b.output(1, b.compare(RM_CMP_GT, nrm, b.constant(10.0, dt)));
          kc.inputs = {random_values(13 * 1001, -1, 1, 12)};
          check_case(p, s, kc, "norm");
        }
      }
    }
  });
}

TEST_CASE("reductions of fused expressions with broadcasting and INDEX", "[plugins][reduce]") {
  for_each_plugin([](PluginUnderTest& p) {
    pk::Session s(p.api());
    for (rm_dtype dt : {RM_DTYPE_F32, RM_DTYPE_F64}) {
      {  // sum((A - b).^2, 1) with b a 1xN row broadcast over 300x200
        pk::KernelCase kc;
        auto& B = kc.ir;
        const uint32_t a = B.input(0, dt);
        const uint32_t row = B.input(1, dt, RM_ACCESS_STRIDED);
        const uint32_t d = B.binary(RM_BIN_SUB, a, row);
        B.output(0, B.reduce(RM_RED_SUM, B.binary(RM_BIN_MUL, d, d)));
        kc.dims = {300, 200};
        kc.reduce_over(0);
        kc.inputs = {random_values(60000, 0, 1, 13), random_values(200, 0, 1, 14)};
        kc.strides = {pk::Strides{}, pk::broadcast_strides({1, 200})};
        const pk::Tolerance tol =
            dt == RM_DTYPE_F32 ? pk::Tolerance{1e-5, 1e-6} : pk::Tolerance{1e-12, 1e-13};
        check_case(p, s, kc, "sum sq diff", &tol);
      }
      {  // any(x > 0.999, 2) and all(isfinite(x), 2)
        for (rm_ir_reduce op : {RM_RED_ANY, RM_RED_ALL}) {
          pk::KernelCase kc;
          auto& B = kc.ir;
          const uint32_t x = B.input(0, dt);
          const uint32_t c = op == RM_RED_ANY ? B.compare(RM_CMP_GT, x, B.constant(0.999, dt))
                                              : B.unary(RM_UN_ISFINITE, x);
          B.output(0, B.reduce(op, c));
          kc.dims = {50, 400};
          kc.reduce_over(1);
          std::vector<double> v = random_values(20000, 0, 1, 15);
          v[7 + 50 * 3] = kNaN;
          kc.inputs = {v};
          check_case(p, s, kc, pk::reduce_name(op));
        }
      }
      {  // sum of the linear index over all elements: n(n-1)/2
        pk::KernelCase kc;
        kc.ir.output(0, kc.ir.reduce(RM_RED_SUM, kc.ir.index(RM_DTYPE_F64)));
        kc.dims = {100003};
        kc.reduce_over(-1);
        check_case(p, s, kc, "sum index");
      }
    }
  });
}
