// The plan cache: lowering results keyed by the structure of the graph they came from, so a
// loop that builds the same graph every iteration lowers it once.
//
// The key is a canonical serialization of the group's DAG in depth-first order: every node's
// kind, op, class, shape, reduction dim and scalar value, with a back reference for a node
// reached twice (sharing changes the IR) and, for inputs, the class and shape of the array and
// its first-seen position (one array read twice is one input slot), followed by the extra
// outputs. Array contents and identities are not part of it: a hit binds the cached plan to
// this graph's arrays by position. Scalars are (they are CONSTs in the IR). A Random node
// contributes its position relative to `rng_base` (the group's smallest), never the absolute
// one, so a loop drawing fresh numbers every iteration hits the same plan.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "runmat/fusion/planner.hpp"

namespace runmat::fusion {

struct GraphKey {
  std::vector<uint64_t> words;          // the serialization
  std::vector<const ArrayPtr*> arrays;  // input arrays by first-seen position
  std::vector<const NodePtr*> nodes;    // nodes by depth-first id
  absl::flat_hash_map<const Array*, uint32_t> array_position;
  absl::flat_hash_map<const Node*, uint32_t> node_id;
};

// Serializes the group rooted at `root` (stopping at leaves and materialized nodes) and its
// extra outputs. The pointers in the key are valid while the graph is unchanged.
GraphKey graph_key(const NodePtr& root, const std::vector<NodePtr>& extra_outputs,
                   uint64_t rng_base = 0);

class PlanCache {
 public:
  explicit PlanCache(size_t capacity = 512) : capacity_(capacity) {}

  // The plan lowered for a graph with this key, bound to this graph's arrays and nodes.
  bool lookup(const GraphKey& key, KernelPlan* plan) const;
  // Stores `plan` (lowered from the graph `key` describes) without its arrays and nodes.
  void insert(const GraphKey& key, const KernelPlan& plan);
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    KernelPlan plan;                    // inputs[].array and extra_outputs are null
    std::vector<uint32_t> input_array;  // per input slot: position in GraphKey::arrays
    std::vector<uint32_t> extra_node;   // per extra output: id in GraphKey::nodes
  };
  size_t capacity_;
  absl::flat_hash_map<std::vector<uint64_t>, Entry> entries_;
};

}  // namespace runmat::fusion
