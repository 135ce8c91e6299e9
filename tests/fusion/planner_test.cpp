// The planner's lowering, checked on the IR it emits (no plugin involved).
#include "runmat/fusion/planner.hpp"

#include <catch2/catch.hpp>

#include "runmat/fusion/plan_cache.hpp"

using namespace runmat;
using namespace runmat::fusion;

namespace {

ArrayPtr array(ClassId cls, Shape s) {
  return std::make_shared<Array>(cls, std::move(s));
}

ArrayPtr no_dependency(const NodePtr&) {
  FAIL("no dependency should need materializing");
  return nullptr;
}

int count(const KernelPlan& p, rm_ir_opcode op) {
  int n = 0;
  for (const auto& i : p.insts) n += i.opcode == op;
  return n;
}

// y = tanh(sin(x).*exp(-x/10)) + 0.1*x on a single-precision x.
NodePtr chain(const NodePtr& x, const Shape& s) {
  auto neg = make_unary(RM_UN_NEG, x, ClassId::Single);
  auto div = make_binary(RM_BIN_DIV, neg, make_scalar(10, ClassId::Double), ClassId::Single, s);
  auto prod = make_binary(RM_BIN_MUL, make_unary(RM_UN_SIN, x, ClassId::Single),
                          make_unary(RM_UN_EXP, div, ClassId::Single), ClassId::Single, s);
  auto lin = make_binary(RM_BIN_MUL, make_scalar(0.1, ClassId::Double), x, ClassId::Single, s);
  return make_binary(RM_BIN_ADD, make_unary(RM_UN_TANH, prod, ClassId::Single), lin,
                     ClassId::Single, s);
}

}  // namespace

TEST_CASE("the acceptance chain lowers to one single-precision kernel", "[planner]") {
  const Shape s = Shape::row(1000);
  auto x = make_leaf(array(ClassId::Single, s));
  KernelPlan p = lower_group(chain(x, s), no_dependency);
  CHECK(p.inputs.size() == 1);        // x is bound once
  CHECK(count(p, RM_IR_INPUT) == 1);  // and loaded once
  CHECK(count(p, RM_IR_OUTPUT) == 1);
  CHECK(count(p, RM_IR_REDUCE) == 0);
  CHECK(p.ops_fused == 8);                                       // neg div sin exp mul tanh mul add
  for (const auto& i : p.insts) CHECK(i.dtype != RM_DTYPE_F64);  // no stray double constants
  CHECK(p.inputs[0].access == RM_ACCESS_LINEAR);
  CHECK(p.out_cls == ClassId::Single);
  CHECK(p.label == "(tanh((sin(in0).*exp((neg(in0)./10))))+(0.1.*in0))");
  // Operands always refer to earlier instructions.
  for (size_t k = 0; k < p.insts.size(); ++k) {
    const auto& i = p.insts[k];
    if (i.opcode == RM_IR_UNARY || i.opcode == RM_IR_BINARY) CHECK(i.a < k);
    if (i.opcode == RM_IR_BINARY) CHECK(i.b < k);
  }
}

TEST_CASE("signatures depend on structure, not on sizes", "[planner]") {
  auto a = lower_group(chain(make_leaf(array(ClassId::Single, Shape::row(10))), Shape::row(10)),
                       no_dependency);
  auto b = lower_group(chain(make_leaf(array(ClassId::Single, Shape::row(99))), Shape::row(99)),
                       no_dependency);
  CHECK(a.signature == b.signature);
  auto c = lower_group(
      make_unary(RM_UN_COS, make_leaf(array(ClassId::Single, Shape::row(10))), ClassId::Single),
      no_dependency);
  CHECK(c.signature != a.signature);
}

TEST_CASE("broadcast inputs get SCALAR and STRIDED access with strides", "[planner]") {
  const Shape out{3, 4};
  auto col = make_leaf(array(ClassId::Double, Shape{3, 1}));
  auto row = make_leaf(array(ClassId::Double, Shape{1, 4}));
  auto one = make_leaf(array(ClassId::Double, Shape::scalar()));
  auto e = make_binary(RM_BIN_ADD, make_binary(RM_BIN_MUL, col, row, ClassId::Double, out), one,
                       ClassId::Double, out);
  KernelPlan p = lower_group(e, no_dependency);
  REQUIRE(p.inputs.size() == 3);
  CHECK(p.inputs[0].access == RM_ACCESS_STRIDED);
  CHECK(p.inputs[0].strides[0] == 1);
  CHECK(p.inputs[0].strides[1] == 0);
  CHECK(p.inputs[1].access == RM_ACCESS_STRIDED);
  CHECK(p.inputs[1].strides[0] == 0);
  CHECK(p.inputs[1].strides[1] == 1);
  CHECK(p.inputs[2].access == RM_ACCESS_SCALAR);
  CHECK(p.iter_shape == out);
}

TEST_CASE("mean along a dim is a REDUCE with an epilogue and [outer,len,inner] geometry",
          "[planner]") {
  auto x = make_leaf(array(ClassId::Double, Shape{4, 5, 6}));
  auto sq = make_binary(RM_BIN_MUL, x, x, ClassId::Double, Shape{4, 5, 6});
  auto m = make_reduce(RM_RED_SUM, sq, 1, 1.0 / 5, ClassId::Double);
  auto r = make_unary(RM_UN_SQRT, m, ClassId::Double);  // sqrt(mean(x.^2, 2)) in one kernel
  sq.reset();  // held here, they would be shared intermediates (see the shared-node tests)
  m.reset();
  KernelPlan p = lower_group(r, no_dependency);
  CHECK(p.has_reduce);
  CHECK(p.reduce_inner == 4);
  CHECK(p.reduce_len == 5);
  CHECK(p.reduce_outer == 6);
  CHECK(p.out_shape == (Shape{4, 1, 6}));
  CHECK(count(p, RM_IR_REDUCE) == 1);
  // The epilogue (scale, sqrt) comes after the REDUCE.
  size_t red = 0;
  for (size_t k = 0; k < p.insts.size(); ++k) {
    if (p.insts[k].opcode == RM_IR_REDUCE) red = k;
  }
  bool sqrt_after = false;
  for (size_t k = red; k < p.insts.size(); ++k) {
    sqrt_after = sqrt_after || (p.insts[k].opcode == RM_IR_UNARY && p.insts[k].sub == RM_UN_SQRT);
  }
  CHECK(sqrt_after);
}

TEST_CASE("a reduction feeding array-sized work is cut into its own group", "[planner]") {
  const Shape s = Shape::row(100);
  auto x = make_leaf(array(ClassId::Double, s));
  auto total = make_reduce(RM_RED_SUM, x, -1, 1.0, ClassId::Double);
  auto centered = make_binary(RM_BIN_SUB, x, total, ClassId::Double, s);
  int dependencies = 0;
  KernelPlan p = lower_group(centered, [&](const NodePtr& n) {
    ++dependencies;
    CHECK(n->kind == NodeKind::Reduce);
    return array(ClassId::Double, Shape::scalar());
  });
  CHECK(dependencies == 1);
  CHECK_FALSE(p.has_reduce);
  REQUIRE(p.inputs.size() == 2);
  CHECK(p.inputs[1].access == RM_ACCESS_SCALAR);
}

TEST_CASE("an intermediate held outside an elementwise group is a second output", "[planner]") {
  const Shape s = Shape::row(50);
  auto x = make_leaf(array(ClassId::Double, s));
  auto y = make_unary(RM_UN_EXP, x, ClassId::Double);  // y = exp(x), kept by the program
  auto z = make_binary(RM_BIN_ADD, y, make_scalar(1, ClassId::Double), ClassId::Double, s);
  KernelPlan p = lower_group(z, no_dependency);
  REQUIRE(p.extra_outputs.size() == 1);
  CHECK(p.extra_outputs[0] == y);
  CHECK(count(p, RM_IR_OUTPUT) == 2);
  CHECK(p.desc().num_outputs == 2);
  CHECK(p.bytes_written() == 2 * 50 * sizeof(double));
  // Not held elsewhere: one output.
  y.reset();
  auto z2 = make_binary(RM_BIN_ADD, make_unary(RM_UN_EXP, x, ClassId::Double),
                        make_scalar(1, ClassId::Double), ClassId::Double, s);
  CHECK(lower_group(z2, no_dependency).extra_outputs.empty());
}

TEST_CASE("a shared intermediate inside a reduction's input is computed first, once", "[planner]") {
  const Shape s = Shape::row(50);
  auto x = make_leaf(array(ClassId::Double, s));
  auto y = make_unary(RM_UN_EXP, x, ClassId::Double);
  auto a = make_reduce(RM_RED_SUM, y, -1, 1.0, ClassId::Double);
  auto b = make_reduce(RM_RED_MAX, y, -1, 1.0, ClassId::Double);
  int dependencies = 0;
  auto materialize = [&](const NodePtr& n) {
    ++dependencies;
    CHECK(n == y);
    return array(ClassId::Double, s);
  };
  KernelPlan pa = lower_group(a, materialize);
  CHECK(dependencies == 1);
  CHECK(pa.inputs.size() == 1);
  CHECK(pa.inputs[0].array == y->materialized);
  KernelPlan pb = lower_group(b, materialize);  // y is an input now: not computed again
  CHECK(dependencies == 1);
  CHECK(pb.inputs[0].array == y->materialized);
}

TEST_CASE("a shared reduction in an epilogue is stored by the kernel that computes it",
          "[planner]") {
  auto x = make_leaf(array(ClassId::Single, Shape{7, 9}));
  auto m = make_reduce(RM_RED_SUM, x, 0, 1.0 / 7, ClassId::Single);  // m = mean(x)
  auto a =
      make_binary(RM_BIN_ADD, m, make_scalar(1, ClassId::Double), ClassId::Single, Shape{1, 9});
  KernelPlan p = lower_group(a, no_dependency);
  CHECK(p.has_reduce);
  REQUIRE(p.extra_outputs.size() == 1);
  CHECK(p.extra_outputs[0] == m);
  CHECK(count(p, RM_IR_OUTPUT) == 2);
}

TEST_CASE("the plan cache reuses a lowering for a graph of the same structure", "[planner]") {
  PlanCache cache;
  auto build = [](const ArrayPtr& in, double k) {
    auto x = make_leaf(in);
    return make_binary(
        RM_BIN_MUL, make_unary(RM_UN_SIN, x, ClassId::Double),
        make_binary(RM_BIN_ADD, x, make_scalar(k, ClassId::Double), ClassId::Double, in->shape()),
        ClassId::Double, in->shape());
  };
  bool hit = true;
  auto a1 = array(ClassId::Double, Shape::row(64));
  KernelPlan first = lower_group(build(a1, 2), no_dependency, &cache, &hit);
  CHECK_FALSE(hit);
  auto a2 = array(ClassId::Double, Shape::row(64));
  KernelPlan second = lower_group(build(a2, 2), no_dependency, &cache, &hit);
  CHECK(hit);
  REQUIRE(second.inputs.size() == 1);
  CHECK(second.inputs[0].array == a2);  // bound to this graph's array, not the cached one
  CHECK(second.signature == first.signature);
  CHECK(second.label == first.label);
  // Another constant, size or class is another plan.
  lower_group(build(a2, 3), no_dependency, &cache, &hit);
  CHECK_FALSE(hit);
  lower_group(build(array(ClassId::Double, Shape::row(65)), 2), no_dependency, &cache, &hit);
  CHECK_FALSE(hit);
  lower_group(build(array(ClassId::Double, Shape{64, 1}), 2), no_dependency, &cache, &hit);
  CHECK_FALSE(hit);
  // x + x (one array twice) and x + y (two arrays) differ in their inputs.
  auto b1 = array(ClassId::Double, Shape::row(64)), b2 = array(ClassId::Double, Shape::row(64));
  auto sum_of = [](const ArrayPtr& p, const ArrayPtr& q) {
    return make_binary(RM_BIN_ADD, make_leaf(p), make_leaf(q), ClassId::Double, p->shape());
  };
  KernelPlan same = lower_group(sum_of(b1, b1), no_dependency, &cache, &hit);
  CHECK_FALSE(hit);
  KernelPlan two = lower_group(sum_of(b1, b2), no_dependency, &cache, &hit);
  CHECK_FALSE(hit);
  CHECK(same.inputs.size() == 1);
  CHECK(two.inputs.size() == 2);
  lower_group(sum_of(b2, b1), no_dependency, &cache, &hit);
  CHECK(hit);
  CHECK(cache.size() == 6);
}

TEST_CASE("an index generator added to a reduction is not part of its epilogue", "[planner]") {
  // sum(x) + linspace-like index values: the index runs over the output, not the reduction.
  const Shape s = Shape::row(40);
  auto x = make_leaf(array(ClassId::Double, s));
  auto total = make_reduce(RM_RED_SUM, x, -1, 1.0, ClassId::Double);
  auto r = make_binary(RM_BIN_ADD, total, make_index(s), ClassId::Double, s);
  total.reset();
  int dependencies = 0;
  KernelPlan p = lower_group(r, [&](const NodePtr& n) {
    ++dependencies;
    CHECK(n->kind == NodeKind::Reduce);
    return array(ClassId::Double, Shape::scalar());
  });
  CHECK(dependencies == 1);  // the sum is its own kernel; this one is elementwise
  CHECK_FALSE(p.has_reduce);
  CHECK(count(p, RM_IR_INDEX) == 1);
}
