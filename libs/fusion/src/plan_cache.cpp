#include "runmat/fusion/plan_cache.hpp"

#include <cstring>

namespace runmat::fusion {

namespace {

enum Tag : uint64_t { kNodeTag = 1, kLeafTag = 2, kRefTag = 3, kExtraTag = 4 };

class KeyBuilder {
 public:
  KeyBuilder(GraphKey* key, uint64_t rng_base) : key_(key), rng_base_(rng_base) {}

  void visit(const NodePtr& p) {
    const Node& n = *p;
    auto [it, inserted] = key_->node_id.try_emplace(&n, static_cast<uint32_t>(key_->nodes.size()));
    if (!inserted) {
      push(kRefTag);
      push(it->second);
      return;
    }
    key_->nodes.push_back(&p);
    if (n.kind == NodeKind::Leaf || n.materialized) {
      const ArrayPtr& a = n.materialized ? n.materialized : n.leaf;
      auto [pos, fresh] =
          key_->array_position.try_emplace(a.get(), static_cast<uint32_t>(key_->arrays.size()));
      if (fresh) key_->arrays.push_back(&a);
      push(kLeafTag);
      push(pos->second);
      push(static_cast<uint64_t>(a->cls()));
      push_shape(a->shape());
      return;
    }
    push(kNodeTag);
    push(static_cast<uint64_t>(n.kind));
    push(n.op);
    push(static_cast<uint64_t>(n.cls));
    push(static_cast<uint64_t>(static_cast<int64_t>(n.reduce_dim)));
    push(static_cast<uint64_t>(n.reduce_ndims));
    uint64_t bits;
    std::memcpy(&bits, &n.scalar, sizeof bits);
    push(bits);
    push_shape(n.shape);
    if (n.kind == NodeKind::Random) push(n.rng_start - rng_base_);
    push(n.inputs.size());
    for (const auto& in : n.inputs) visit(in);
  }

  void push(uint64_t w) { key_->words.push_back(w); }

 private:
  void push_shape(const Shape& s) {
    push(static_cast<uint64_t>(s.ndims()));
    for (int d = 0; d < s.ndims(); ++d) push(static_cast<uint64_t>(s.dim(d)));
  }

  GraphKey* key_;
  uint64_t rng_base_;
};

}  // namespace

GraphKey graph_key(const NodePtr& root, const std::vector<NodePtr>& extra_outputs,
                   uint64_t rng_base) {
  GraphKey key;
  KeyBuilder b(&key, rng_base);
  b.visit(root);
  b.push(kExtraTag);
  for (const auto& e : extra_outputs) b.push(key.node_id.at(e.get()));
  return key;
}

bool PlanCache::lookup(const GraphKey& key, KernelPlan* plan) const {
  auto it = entries_.find(key.words);
  if (it == entries_.end()) return false;
  const Entry& e = it->second;
  *plan = e.plan;
  for (size_t i = 0; i < plan->inputs.size(); ++i) {
    plan->inputs[i].array = *key.arrays[e.input_array[i]];
  }
  for (size_t i = 0; i < plan->extra_outputs.size(); ++i) {
    plan->extra_outputs[i] = *key.nodes[e.extra_node[i]];
  }
  return true;
}

void PlanCache::insert(const GraphKey& key, const KernelPlan& plan) {
  // A bounded cache: a program that keeps building new graph shapes starts over rather than
  // growing without limit (its plans are not being reused anyway).
  if (entries_.size() >= capacity_) entries_.clear();
  Entry e;
  e.plan = plan;
  for (auto& in : e.plan.inputs) {
    e.input_array.push_back(key.array_position.at(in.array.get()));
    in.array = nullptr;
  }
  for (auto& out : e.plan.extra_outputs) {
    e.extra_node.push_back(key.node_id.at(out.get()));
    out = nullptr;
  }
  entries_.insert_or_assign(key.words, std::move(e));
}

}  // namespace runmat::fusion
