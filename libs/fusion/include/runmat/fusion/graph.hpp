// The lazy array graph. Array operations on large arrays do not compute: they build Nodes, and a
// deferred Array (core) points at its node through a Backing. When the value is observed, the
// planner (planner.hpp) cuts the graph reachable from it into fusion groups and lowers each to
// kernel IR (include/runmat/accel.h).
//
// Nodes are immutable after construction (except the materialization memo) and shared; a node
// reached twice in one group is computed once in the kernel. Array inputs are bound to one slot
// per distinct array.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "runmat/accel.h"
#include "runmat/core/array.hpp"
#include "runmat/core/shape.hpp"

namespace runmat::fusion {

struct Node;
using NodePtr = std::shared_ptr<const Node>;

enum class NodeKind : uint8_t {
  Leaf,     // a concrete array (host or device resident): becomes a kernel input
  Scalar,   // a numeric constant folded into the kernel
  Unary,    // op = rm_ir_unary
  Binary,   // op = rm_ir_binary, implicit expansion of the two inputs
  Compare,  // op = rm_ir_compare -> logical
  Cast,     // to `cls`
  Reduce,   // op = rm_ir_reduce along dims reduce_dim .. reduce_dim + reduce_ndims - 1 (-1:
            // all elements), then scale
  Index,    // the element's linear index (0-based) in `shape`, as a double: generators such
            // as linspace compute in the kernel instead of reading memory
  Select,   // inputs[0] (logical) ? inputs[1] : inputs[2]
  Random    // philox numbers (op = rm_ir_random) of `shape` and class `cls`: element e is stream
            // position `rng_start` + e under key `scalar` (runmat/accel_random.h). Reads no
            // memory, so like Index it is generated inside the consuming kernel.
};

struct Node {
  NodeKind kind = NodeKind::Leaf;
  ClassId cls = ClassId::Double;  // MATLAB class of the result
  Shape shape;                    // result shape
  uint16_t op = 0;
  mutable std::vector<NodePtr> inputs;  // released once materialized (see below)
  ArrayPtr leaf;                        // Leaf
  double scalar = 0.0;                  // Scalar value; Reduce: epilogue multiplier (mean = 1/len)
  int reduce_dim = -1;                  // Reduce: 0-based dim, -1 = all
  int reduce_ndims = 1;                 // Reduce: consecutive dims reduced (vecdim [2 3]: 2)
  uint32_t depth = 0;                   // longest path to a leaf: bounds graph growth
  uint64_t rng_start = 0;               // Random: absolute stream position of element 0
  // Set once the node has been computed; from then on it is a leaf for every consumer and
  // its inputs are released so the upstream graph can be freed.
  mutable ArrayPtr materialized;
  void mark_materialized(ArrayPtr result) const {
    materialized = std::move(result);
    inputs.clear();
  }
};

NodePtr make_leaf(ArrayPtr array);
NodePtr make_scalar(double value, ClassId cls);
NodePtr make_unary(rm_ir_unary op, NodePtr a, ClassId result_cls);
// Caller has checked the shapes broadcast (the runtime reports MATLAB's error otherwise).
NodePtr make_binary(rm_ir_binary op, NodePtr a, NodePtr b, ClassId result_cls, Shape shape);
NodePtr make_compare(rm_ir_compare op, NodePtr a, NodePtr b, Shape shape);
NodePtr make_cast(NodePtr a, ClassId cls);
NodePtr make_index(Shape shape);
// `key` is the philox seed (an integer below 2^53), `start` the stream position of element 0.
NodePtr make_random(rm_ir_random kind, Shape shape, ClassId cls, double key, uint64_t start);
NodePtr make_select(NodePtr cond, NodePtr a, NodePtr b, ClassId cls, Shape shape);
// Reduces dims dim .. dim + ndims - 1 (consecutive; MATLAB's vecdim such as [2 3]).
NodePtr make_reduce(rm_ir_reduce op, NodePtr a, int dim, double scale, ClassId result_cls,
                    int ndims = 1);

rm_dtype dtype_of(ClassId cls);

}  // namespace runmat::fusion
