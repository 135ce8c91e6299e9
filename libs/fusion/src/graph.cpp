#include "runmat/fusion/graph.hpp"

#include <algorithm>

namespace runmat::fusion {

namespace {
uint32_t depth_of(const std::vector<NodePtr>& inputs) {
  uint32_t d = 0;
  for (const auto& in : inputs) d = std::max(d, in->depth + 1);
  return d;
}
}  // namespace

rm_dtype dtype_of(ClassId cls) {
  switch (cls) {
    case ClassId::Single:
      return RM_DTYPE_F32;
    case ClassId::Logical:
      return RM_DTYPE_BOOL;
    default:
      return RM_DTYPE_F64;
  }
}

NodePtr make_leaf(ArrayPtr array) {
  auto n = std::make_shared<Node>();
  n->kind = NodeKind::Leaf;
  n->cls = array->cls();
  n->shape = array->shape();
  n->leaf = std::move(array);
  return n;
}

NodePtr make_scalar(double value, ClassId cls) {
  auto n = std::make_shared<Node>();
  n->kind = NodeKind::Scalar;
  n->cls = cls;
  n->shape = Shape::scalar();
  n->scalar = value;
  return n;
}

NodePtr make_unary(rm_ir_unary op, NodePtr a, ClassId result_cls) {
  auto n = std::make_shared<Node>();
  n->kind = NodeKind::Unary;
  n->cls = result_cls;
  n->shape = a->shape;
  n->op = static_cast<uint16_t>(op);
  n->inputs = {std::move(a)};
  n->depth = depth_of(n->inputs);
  return n;
}

NodePtr make_binary(rm_ir_binary op, NodePtr a, NodePtr b, ClassId result_cls, Shape shape) {
  auto n = std::make_shared<Node>();
  n->kind = NodeKind::Binary;
  n->cls = result_cls;
  n->shape = std::move(shape);
  n->op = static_cast<uint16_t>(op);
  n->inputs = {std::move(a), std::move(b)};
  n->depth = depth_of(n->inputs);
  return n;
}

NodePtr make_compare(rm_ir_compare op, NodePtr a, NodePtr b, Shape shape) {
  auto n = std::make_shared<Node>();
  n->kind = NodeKind::Compare;
  n->cls = ClassId::Logical;
  n->shape = std::move(shape);
  n->op = static_cast<uint16_t>(op);
  n->inputs = {std::move(a), std::move(b)};
  n->depth = depth_of(n->inputs);
  return n;
}

NodePtr make_cast(NodePtr a, ClassId cls) {
  auto n = std::make_shared<Node>();
  n->kind = NodeKind::Cast;
  n->cls = cls;
  n->shape = a->shape;
  n->inputs = {std::move(a)};
  n->depth = depth_of(n->inputs);
  return n;
}

NodePtr make_index(Shape shape) {
  auto n = std::make_shared<Node>();
  n->kind = NodeKind::Index;
  n->cls = ClassId::Double;
  n->shape = std::move(shape);
  return n;
}

NodePtr make_random(rm_ir_random kind, Shape shape, ClassId cls, double key, uint64_t start) {
  auto n = std::make_shared<Node>();
  n->kind = NodeKind::Random;
  n->cls = cls;
  n->shape = std::move(shape);
  n->op = static_cast<uint16_t>(kind);
  n->scalar = key;
  n->rng_start = start;
  return n;
}

NodePtr make_select(NodePtr cond, NodePtr a, NodePtr b, ClassId cls, Shape shape) {
  auto n = std::make_shared<Node>();
  n->kind = NodeKind::Select;
  n->cls = cls;
  n->shape = std::move(shape);
  n->inputs = {std::move(cond), std::move(a), std::move(b)};
  n->depth = depth_of(n->inputs);
  return n;
}

NodePtr make_reduce(rm_ir_reduce op, NodePtr a, int dim, double scale, ClassId result_cls,
                    int ndims) {
  auto n = std::make_shared<Node>();
  n->kind = NodeKind::Reduce;
  n->cls = result_cls;
  if (dim < 0) {
    n->shape = Shape::scalar();
  } else {
    Shape::Dims d = a->shape.dims();
    while (static_cast<int>(d.size()) < dim + ndims) d.push_back(1);
    for (int k = dim; k < dim + ndims; ++k) d[k] = 1;
    n->shape = Shape(d);
  }
  n->op = static_cast<uint16_t>(op);
  n->reduce_dim = dim;
  n->reduce_ndims = ndims;
  n->scalar = scale;
  n->inputs = {std::move(a)};
  n->depth = depth_of(n->inputs);
  return n;
}

}  // namespace runmat::fusion
