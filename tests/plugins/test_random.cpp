// RM_IR_RANDOM: every plugin must produce the reference's philox numbers bit for bit, for
// uniform and normal draws in single and double, at odd sizes, with stream positions that
// cross 2^32, inside reductions and with other instructions around them; malformed RANDOM
// instructions are refused. The reference itself is checked against Random123's published
// known-answer vectors first.
#include <cmath>

#include "kit/random_reference.hpp"
#include "plugin_fixture.hpp"

namespace {

const pk::Tolerance kExact{0, 0};

pk::KernelCase random_case(rm_ir_random kind, rm_dtype dt, uint64_t n, uint64_t key, uint64_t base,
                           uint64_t offset) {
  pk::KernelCase kc;
  kc.ir.output(0, kc.ir.random(kind, dt, key, offset));
  kc.dims = {n};
  kc.rng_base = base;
  return kc;
}

const char* kind_name(rm_ir_random k) {
  return k == RM_RAND_NORMAL ? "normal" : "uniform";
}

}  // namespace

TEST_CASE("the RANDOM reference is Philox4x32-10 (Random123 known answers)", "[plugins][random]") {
  using W = pk::PhiloxWords;
  CHECK(pk::ref_philox4x32_10({0, 0, 0, 0}, {0, 0}) ==
        W{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u});
  CHECK(pk::ref_philox4x32_10({~0u, ~0u, ~0u, ~0u}, {~0u, ~0u}) ==
        W{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu});
  CHECK(pk::ref_philox4x32_10({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u},
                              {0xa4093822u, 0x299f31d0u}) ==
        W{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u});
}

TEST_CASE("the RANDOM reference transforms are accurate", "[plugins][random]") {
  // Uniforms are in (0, 1); normals agree with the libm formula on the same words to a few
  // float ulps (single) and ~1e-14 (double). Checked over many positions.
  double worst_f = 0, worst_d = 0;
  for (uint64_t pos = 0; pos < 200000; ++pos) {
    for (uint32_t dt : {RM_DTYPE_F32, RM_DTYPE_F64}) {
      const double u = pk::ref_random(RM_RAND_UNIFORM, dt, 7, pos);
      REQUIRE(u > 0.0);
      REQUIRE(u < 1.0);
    }
    const auto w = pk::ref_philox4x32_10({static_cast<uint32_t>(pos), 0, 0, 0}, {7, 0});
    const long double pi2 = 6.283185307179586476925286766559L;
    const long double uf = ((w[0] >> 9) * 2.0L + 1) / 16777216.0L;
    const long double zf =
        std::sqrt(-2 * std::log(uf)) * std::cos(pi2 * ((w[2] >> 8) / 16777216.0L));
    const double nf = pk::ref_random(RM_RAND_NORMAL, RM_DTYPE_F32, 7, pos);
    worst_f =
        std::max(worst_f, static_cast<double>(std::fabs(nf - zf) / std::fmax(1.0L, std::fabs(zf))));
    const long double ud =
        (((static_cast<uint64_t>(w[0] >> 6) << 26) | (w[1] >> 6)) * 2.0L + 1) / 9007199254740992.0L;
    const long double turn =
        (w[2] >> 30) / 4.0L +
        ((static_cast<uint64_t>(w[2] & 0x3FFFFFFFu) << 21) | (w[3] >> 11)) / 9007199254740992.0L;
    const long double zd = std::sqrt(-2 * std::log(ud)) * std::cos(pi2 * turn);
    const double nd = pk::ref_random(RM_RAND_NORMAL, RM_DTYPE_F64, 7, pos);
    worst_d =
        std::max(worst_d, static_cast<double>(std::fabs(nd - zd) / std::fmax(1.0L, std::fabs(zd))));
  }
  CHECK(worst_f < 8 * 5.97e-8);
  CHECK(worst_d < 1e-14);
}

TEST_CASE("RANDOM matches the reference bit for bit", "[plugins][random]") {
  for_each_plugin([](PluginUnderTest& p) {
    pk::Session s(p.api());
    for (rm_ir_random kind : {RM_RAND_UNIFORM, RM_RAND_NORMAL}) {
      for (rm_dtype dt : {RM_DTYPE_F32, RM_DTYPE_F64}) {
        for (uint64_t n : {uint64_t{1}, uint64_t{7}, uint64_t{1000003}}) {
          INFO(kind_name(kind) << " " << pk::dtype_name(dt) << " n=" << n);
          check_case(p, s, random_case(kind, dt, n, 42, 0, 0), "random", &kExact);
        }
        // Positions crossing 2^32 through the base, through the offset, and a 64-bit key.
        INFO(kind_name(kind) << " " << pk::dtype_name(dt) << " across 2^32");
        check_case(p, s, random_case(kind, dt, 4099, 42, (uint64_t{1} << 32) - 2000, 0),
                   "random base across 2^32", &kExact);
        check_case(p, s, random_case(kind, dt, 4099, 42, 5, (uint64_t{1} << 32) - 3),
                   "random offset across 2^32", &kExact);
        check_case(p, s,
                   random_case(kind, dt, 513, (uint64_t{1} << 40) + 3, (uint64_t{7} << 32) + 9, 1),
                   "random 64-bit key and base", &kExact);
      }
    }
  });
}

TEST_CASE("RANDOM with other instructions, two offsets and inputs", "[plugins][random]") {
  for_each_plugin([](PluginUnderTest& p) {
    pk::Session s(p.api());
    for (rm_dtype dt : {RM_DTYPE_F32, RM_DTYPE_F64}) {
      // out0 = x .* randn(off 0) + rand(off n): correctly rounded ops only, so still exact.
      pk::KernelCase kc;
      const uint64_t n = 3001;
      const uint32_t x = kc.ir.input(0, dt);
      const uint32_t z = kc.ir.random(RM_RAND_NORMAL, dt, 9, 0);
      const uint32_t u = kc.ir.random(RM_RAND_UNIFORM, dt, 9, n);
      kc.ir.output(0, kc.ir.binary(RM_BIN_ADD, kc.ir.binary(RM_BIN_MUL, x, z), u));
      // out1 = exp(randn): a transcendental of a random number, within the usual tolerance.
      kc.ir.output(1, kc.ir.unary(RM_UN_EXP, z));
      kc.dims = {n};
      kc.rng_base = 123456789;
      kc.inputs = {random_values(n, -2, 2, 5)};
      pk::Tolerance tol[2] = {kExact, pk::default_tolerance(dt)};
      const pk::CaseResult r = pk::run_case(s, kc, "random chain");
      if (r.status() == RM_ERR_UNSUPPORTED) {
        REQUIRE(dt == RM_DTYPE_F64);
        REQUIRE(!p.is_cpu());
        continue;
      }
      REQUIRE(r.ok());
      const auto expected = pk::reference_outputs(kc);
      for (int o = 0; o < 2; ++o) {
        const pk::Comparison c = pk::compare_values(r.outputs[o], expected[o], tol[o]);
        INFO(pk::dtype_name(dt) << " output " << o << "\n" << c.report);
        CHECK(c.ok);
      }
    }
  });
}

TEST_CASE("RANDOM inside a reduction is numbered by the iteration element", "[plugins][random]") {
  for_each_plugin([](PluginUnderTest& p) {
    pk::Session s(p.api());
    for (rm_dtype dt : {RM_DTYPE_F32, RM_DTYPE_F64}) {
      for (int dim : {0, 1, 2, -1}) {
        // max is exact, so the reduced values pin down which position each element drew.
        pk::KernelCase kc;
        kc.ir.output(0, kc.ir.reduce(RM_RED_MAX, kc.ir.random(RM_RAND_NORMAL, dt, 3, 17)));
        kc.dims = {33, 65, 7};
        kc.reduce_over(dim);
        kc.rng_base = (uint64_t{1} << 32) - 7000;
        INFO(pk::dtype_name(dt) << " max over dim " << dim);
        check_case(p, s, kc, "max(randn)", &kExact);
        // A sum of uniforms with a mean epilogue, within the sum's tolerance.
        pk::KernelCase ks;
        const uint32_t r = ks.ir.reduce(RM_RED_SUM, ks.ir.random(RM_RAND_UNIFORM, dt, 3, 0));
        ks.ir.output(0, ks.ir.binary(RM_BIN_MUL, r, ks.ir.constant(0.5, dt)));
        ks.dims = {33, 65, 7};
        ks.reduce_over(dim);
        const pk::Tolerance t{dt == RM_DTYPE_F32 ? 2e-6 : 1e-13, 0};
        check_case(p, s, ks, "sum(rand)/2", &t);
      }
    }
  });
}

TEST_CASE("malformed RANDOM instructions are refused", "[plugins][random]") {
  for_each_plugin([](PluginUnderTest& p) {
    pk::Session s(p.api());
    auto status = [&](const pk::IrBuilder& ir) {
      const rm_kernel_desc d = ir.desc("bad random");
      rm_kernel k = nullptr;
      const rm_status st = p.api()->kernel_compile(s.ctx(), &d, &k);
      if (k) p.api()->kernel_destroy(s.ctx(), k);
      return st;
    };
    {
      pk::IrBuilder ir;  // unknown distribution
      ir.output(0, ir.raw(RM_IR_RANDOM, 7, RM_DTYPE_F32, RM_IR_NONE, 0, 0, 1.0));
      CHECK(status(ir) == RM_ERR_UNSUPPORTED);
    }
    {
      pk::IrBuilder ir;  // a key that is not an integer
      ir.output(0, ir.raw(RM_IR_RANDOM, RM_RAND_UNIFORM, RM_DTYPE_F32, RM_IR_NONE, 0, 0, 0.5));
      CHECK(status(ir) == RM_ERR_INVALID_ARGUMENT);
    }
    {
      pk::IrBuilder ir;  // a BOOL random
      ir.output(0, ir.raw(RM_IR_RANDOM, RM_RAND_UNIFORM, RM_DTYPE_BOOL, RM_IR_NONE, 0, 0, 1.0));
      CHECK(status(ir) == RM_ERR_INVALID_ARGUMENT);
    }
    {
      pk::IrBuilder ir;  // in an epilogue
      const uint32_t r = ir.reduce(RM_RED_SUM, ir.input(0, RM_DTYPE_F32));
      ir.output(0, ir.binary(RM_BIN_ADD, r, ir.random(RM_RAND_UNIFORM, RM_DTYPE_F32, 1)));
      const rm_status st = status(ir);
      CHECK((st == RM_ERR_INVALID_ARGUMENT || st == RM_ERR_UNSUPPORTED));
    }
  });
}
