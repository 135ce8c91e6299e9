// Malformed kernels and launches are rejected with the documented status and a reason, and the
// context stays usable afterwards.
#include <cstring>

#include "plugin_fixture.hpp"

namespace {

struct BadIr {
  const char* what;
  pk::IrBuilder ir;
  rm_status expected;
  int64_t num_inputs = -1, num_outputs = -1;
  rm_status also_ok = RM_OK;  // a second acceptable status where the ABI leaves room
};

std::vector<BadIr> bad_kernels() {
  std::vector<BadIr> v;
  const rm_dtype F = RM_DTYPE_F64;
  {
    BadIr b{"operand forward reference", {}, RM_ERR_INVALID_ARGUMENT};
    const uint32_t x = b.ir.input(0, F);
    const uint32_t y = b.ir.raw(RM_IR_BINARY, RM_BIN_ADD, F, x, 2);  // refers to itself+1
    b.ir.raw(RM_IR_UNARY, RM_UN_NEG, F, y);
    b.ir.output(0, y);
    v.push_back(std::move(b));
  }
  {
    BadIr b{"operand refers to itself", {}, RM_ERR_INVALID_ARGUMENT};
    const uint32_t x = b.ir.input(0, F);
    const uint32_t y = b.ir.raw(RM_IR_BINARY, RM_BIN_ADD, F, x, 1);
    b.ir.output(0, y);
    v.push_back(std::move(b));
  }
  {
    BadIr b{"two REDUCEs", {}, RM_ERR_INVALID_ARGUMENT};
    const uint32_t x = b.ir.input(0, F);
    const uint32_t r1 = b.ir.reduce(RM_RED_SUM, x);
    const uint32_t r2 = b.ir.reduce(RM_RED_SUM, r1);
    b.ir.output(0, r2);
    v.push_back(std::move(b));
  }
  {
    BadIr b{"input slot out of range", {}, RM_ERR_INVALID_ARGUMENT, 1, -1};
    const uint32_t x = b.ir.input(3, F);
    b.ir.output(0, x);
    v.push_back(std::move(b));
  }
  {
    BadIr b{"output slot out of range", {}, RM_ERR_INVALID_ARGUMENT, -1, 1};
    const uint32_t x = b.ir.input(0, F);
    b.ir.output(2, x);
    v.push_back(std::move(b));
  }
  {
    BadIr b{"operand types differ", {}, RM_ERR_INVALID_ARGUMENT};
    const uint32_t x = b.ir.input(0, F);
    const uint32_t y = b.ir.input(1, RM_DTYPE_F32);
    b.ir.output(0, b.ir.raw(RM_IR_BINARY, RM_BIN_ADD, F, x, y));
    v.push_back(std::move(b));
  }
  {
    BadIr b{"OUTPUT dtype differs from the value", {}, RM_ERR_INVALID_ARGUMENT};
    const uint32_t x = b.ir.input(0, F);
    b.ir.raw(RM_IR_OUTPUT, 0, RM_DTYPE_F32, 0, x);
    v.push_back(std::move(b));
  }
  {
    BadIr b{"epilogue reads a pre-reduce value", {}, RM_ERR_INVALID_ARGUMENT};
    const uint32_t x = b.ir.input(0, F);
    const uint32_t r = b.ir.reduce(RM_RED_SUM, x);
    b.ir.output(0, b.ir.binary(RM_BIN_ADD, r, x));
    v.push_back(std::move(b));
  }
  {
    BadIr b{"SELECT condition is not BOOL", {}, RM_ERR_INVALID_ARGUMENT};
    const uint32_t x = b.ir.input(0, F);
    b.ir.output(0, b.ir.raw(RM_IR_SELECT, 0, F, x, x, x));
    v.push_back(std::move(b));
  }
  {
    BadIr b{"invalid dtype", {}, RM_ERR_INVALID_ARGUMENT};
    const uint32_t x = b.ir.raw(RM_IR_INPUT, RM_ACCESS_LINEAR, 9, 0);
    b.ir.raw(RM_IR_OUTPUT, 0, 9, 0, x);
    v.push_back(std::move(b));
  }
  {
    // Zero outputs: malformed; a plugin with slot limits may also call it unsupported.
    BadIr b{"no OUTPUT", {}, RM_ERR_INVALID_ARGUMENT, -1, 0, RM_ERR_UNSUPPORTED};
    b.ir.input(0, F);
    v.push_back(std::move(b));
  }
  {
    BadIr b{"unknown opcode", {}, RM_ERR_UNSUPPORTED};
    const uint32_t x = b.ir.input(0, F);
    const uint32_t y = b.ir.raw(77, 0, F, x);
    b.ir.output(0, y);
    v.push_back(std::move(b));
  }
  {
    BadIr b{"unknown unary operation", {}, RM_ERR_UNSUPPORTED};
    const uint32_t x = b.ir.input(0, F);
    b.ir.output(0, b.ir.raw(RM_IR_UNARY, 200, F, x));
    v.push_back(std::move(b));
  }
  return v;
}

void expect_usable(PluginUnderTest& p, pk::Session& s) {
  pk::KernelCase kc;
  const uint32_t x = kc.ir.input(0, RM_DTYPE_F64);
  kc.ir.output(0, kc.ir.unary(RM_UN_ABS, x));
  kc.dims = {3};
  kc.inputs = {{-1, 2, -3}};
  const pk::CaseResult r = pk::run_case(s, kc);
  REQUIRE(r.ok());
  CHECK(r.outputs[0] == std::vector<double>{1, 2, 3});
}

}  // namespace

TEST_CASE("malformed IR is rejected with a reason", "[plugins][invalid]") {
  for_each_plugin([](PluginUnderTest& p) {
    pk::Session s(p.api());
    for (BadIr& bad : bad_kernels()) {
      INFO("kernel: " << bad.what);
      const rm_kernel_desc d = bad.ir.desc(bad.what, bad.num_inputs, bad.num_outputs);
      rm_kernel k = nullptr;
      const rm_status st = p.api()->kernel_compile(s.ctx(), &d, &k);
      INFO("status " << pk::status_name(st) << ", last_error: " << s.last_error());
      CHECK((st == bad.expected || (bad.also_ok != RM_OK && st == bad.also_ok)));
      CHECK(!s.last_error().empty());
      if (st == RM_OK) p.api()->kernel_destroy(s.ctx(), k);
    }
    // Descriptor-level errors.
    pk::IrBuilder ok;
    ok.output(0, ok.unary(RM_UN_NEG, ok.input(0, RM_DTYPE_F64)));
    rm_kernel k = nullptr;
    CHECK(p.api()->kernel_compile(s.ctx(), nullptr, &k) == RM_ERR_INVALID_ARGUMENT);
    rm_kernel_desc d = ok.desc();
    d.ir_version = RM_IR_VERSION + 1;
    CHECK(p.api()->kernel_compile(s.ctx(), &d, &k) == RM_ERR_UNSUPPORTED);
    CHECK(!s.last_error().empty());
    d = ok.desc();
    d.num_insts = 0;
    CHECK(p.api()->kernel_compile(s.ctx(), &d, &k) == RM_ERR_INVALID_ARGUMENT);
    expect_usable(p, s);
  });
}

TEST_CASE("a producer's larger instruction stride is honoured", "[plugins][abi]") {
  for_each_plugin([](PluginUnderTest& p) {
    pk::Session s(p.api());
    // A future producer with 16 extra bytes per instruction (appended fields).
    struct WideInst {
      rm_ir_inst inst;
      unsigned char future[16];
    };
    pk::IrBuilder b;
    const uint32_t x = b.input(0, RM_DTYPE_F64);
    b.output(0, b.binary(RM_BIN_MUL, x, b.constant(3, RM_DTYPE_F64)));
    std::vector<WideInst> wide(b.insts().size());
    for (size_t i = 0; i < wide.size(); ++i) {
      wide[i].inst = b.insts()[i];
      std::memset(wide[i].future, 0xAB, sizeof wide[i].future);
    }
    rm_kernel_desc d = b.desc();
    d.inst_size = sizeof(WideInst);
    d.insts = &wide[0].inst;
    rm_kernel k = nullptr;
    REQUIRE(p.api()->kernel_compile(s.ctx(), &d, &k) == RM_OK);
    rm_buffer in = s.upload({1, 2, 3}, RM_DTYPE_F64);
    rm_buffer out = s.alloc(24);
    rm_launch_desc l;
    std::memset(&l, 0, sizeof l);
    l.struct_size = sizeof l;
    l.rank = 1;
    l.dims[0] = l.count = 3;
    l.num_inputs = 1;
    l.inputs = &in;
    l.num_outputs = 1;
    l.outputs = &out;
    REQUIRE(p.api()->kernel_launch(s.ctx(), k, &l) == RM_OK);
    CHECK(s.download(out, 3, RM_DTYPE_F64) == std::vector<double>{3, 6, 9});
    p.api()->kernel_destroy(s.ctx(), k);
  });
}

TEST_CASE("malformed launches are rejected with a reason", "[plugins][invalid]") {
  for_each_plugin([](PluginUnderTest& p) {
    pk::Session s(p.api());
    pk::IrBuilder b;
    const uint32_t x = b.input(0, RM_DTYPE_F64);
    b.output(0, b.binary(RM_BIN_ADD, x, x));
    const rm_kernel_desc d = b.desc("x+x");
    rm_kernel k = nullptr;
    REQUIRE(p.api()->kernel_compile(s.ctx(), &d, &k) == RM_OK);
    rm_buffer in = s.upload(std::vector<double>(10, 1.0), RM_DTYPE_F64);
    rm_buffer out = s.alloc(80);
    rm_buffer small = s.alloc(40);
    auto base = [&] {
      rm_launch_desc l;
      std::memset(&l, 0, sizeof l);
      l.struct_size = sizeof l;
      l.rank = 2;
      l.dims[0] = 2;
      l.dims[1] = 5;
      l.count = 10;
      l.num_inputs = 1;
      l.inputs = &in;
      l.num_outputs = 1;
      l.outputs = &out;
      return l;
    };
    rm_launch_desc l = base();
    REQUIRE(p.api()->kernel_launch(s.ctx(), k, &l) == RM_OK);

    struct Bad {
      const char* what;
      rm_launch_desc l;
    };
    std::vector<Bad> bads;
    l = base();
    l.count = 11;
    bads.push_back({"count != product of dims", l});
    l = base();
    l.rank = 0;
    bads.push_back({"rank 0", l});
    l = base();
    l.rank = RM_MAX_RANK + 1;
    bads.push_back({"rank too large", l});
    l = base();
    l.num_inputs = 0;
    l.inputs = nullptr;
    bads.push_back({"missing input", l});
    l = base();
    l.outputs = &small;
    bads.push_back({"output buffer too small", l});
    l = base();
    l.dims[1] = 10;
    l.count = 20;
    l.outputs = &in;
    bads.push_back({"LINEAR input too small", l});
    for (Bad& bad : bads) {
      INFO("launch: " << bad.what);
      CHECK(p.api()->kernel_launch(s.ctx(), k, &bad.l) == RM_ERR_INVALID_ARGUMENT);
      CHECK(!s.last_error().empty());
    }
    CHECK(p.api()->kernel_launch(s.ctx(), k, nullptr) == RM_ERR_INVALID_ARGUMENT);
    p.api()->kernel_destroy(s.ctx(), k);
    expect_usable(p, s);
  });
}
