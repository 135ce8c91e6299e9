// Lowering: one DFS over the group's DAG emits SSA instructions in dependency order. Pre-reduce
// values are computed per element of the iteration space; the REDUCE and everything above it
// (the epilogue) run once per output element, so the epilogue may only see scalars.
#include "runmat/fusion/planner.hpp"

#include <cstring>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "runmat/core/error.hpp"
#include "runmat/fusion/plan_cache.hpp"

namespace runmat::fusion {

uint64_t stable_hash(const void* data, size_t size, uint64_t seed) {
  const auto* p = static_cast<const uint8_t*>(data);
  uint64_t h = seed;
  for (size_t i = 0; i < size; ++i) {
    h ^= p[i];
    h *= 1099511628211ull;
  }
  return h;
}

namespace {

bool is_effectively_leaf(const Node& n) {
  return n.kind == NodeKind::Leaf || n.materialized;
}

// True when every path from `n` down to a leaf passes through `reduce` or ends in a Scalar:
// then `n` can be computed in the reduction's epilogue.
bool scalar_above(const Node& n, const Node* reduce) {
  if (&n == reduce) return true;
  if (n.kind == NodeKind::Scalar) return true;
  if (is_effectively_leaf(n)) return false;  // array inputs are not allowed in epilogues
  // Index and Random are per element of the iteration space: not in an epilogue either.
  if (n.kind == NodeKind::Reduce || n.kind == NodeKind::Index || n.kind == NodeKind::Random)
    return false;
  for (const auto& in : n.inputs) {
    if (!scalar_above(*in, reduce)) return false;
  }
  return true;
}

// The distinct arrays the group below `n` reads (its inputs), up to `stop` of them.
void collect_inputs(const Node& n, absl::flat_hash_map<const Node*, bool>* seen,
                    absl::flat_hash_map<const Array*, bool>* arrays) {
  if (!seen->emplace(&n, true).second) return;
  if (n.materialized) {
    arrays->emplace(n.materialized.get(), true);
    return;
  }
  if (n.kind == NodeKind::Leaf) {
    if (n.leaf) arrays->emplace(n.leaf.get(), true);
    return;
  }
  for (const auto& in : n.inputs) collect_inputs(*in, seen, arrays);
}

size_t count_inputs(const Node& n) {
  absl::flat_hash_map<const Node*, bool> seen;
  absl::flat_hash_map<const Array*, bool> arrays;
  collect_inputs(n, &seen, &arrays);
  return arrays.size();
}

// A group reading more arrays than a kernel may bind (kMaxKernelInputs) is split: descend from
// the root into the operand that reads the most arrays until one reads few enough, and
// compute that part first (its result is then one input). A chain S = S .* f(R_t) over many
// steps thus becomes ceil(steps / limit) kernels instead of being refused. Returns the cuts.
uint32_t split_for_inputs(const NodePtr& root, const MaterializeFn& materialize) {
  uint32_t cuts = 0;
  while (count_inputs(*root) > kMaxKernelInputs) {
    const Node* at = root.get();
    NodePtr cut;
    while (!cut) {
      NodePtr best;
      size_t best_n = 0;
      for (const auto& in : at->inputs) {
        if (is_effectively_leaf(*in)) continue;
        const size_t c = count_inputs(*in);
        if (c > best_n) {
          best = in;
          best_n = c;
        }
      }
      if (!best || best_n <= 1) break;  // nothing below to cut (cannot happen: binary ops)
      if (best_n <= kMaxKernelInputs) {
        cut = best;
      } else {
        at = best.get();
      }
    }
    if (!cut) break;
    cut->mark_materialized(materialize(cut));
    ++cuts;
  }
  return cuts;
}

// The outermost pending reductions below `n` (not those nested in another reduction's input:
// they are materialized with that reduction, so `sqrt(sum((x - mean(x)).^2))` still fuses
// its epilogue into the outer sum).
void collect_reduces(const NodePtr& n, std::vector<NodePtr>* out,
                     absl::flat_hash_map<const Node*, bool>* seen) {
  if (is_effectively_leaf(*n) || !seen->emplace(n.get(), true).second) return;
  if (n->kind == NodeKind::Reduce) {
    out->push_back(n);
    return;
  }
  for (const auto& in : n->inputs) collect_reduces(in, out, seen);
}

const char* unary_name(uint16_t op) {
  static const char* names[] = {"?",    "neg",   "abs",   "sqrt",  "exp",   "log",   "sin",
                                "cos",  "tan",   "tanh",  "floor", "ceil",  "round", "fix",
                                "sign", "not",   "asin",  "acos",  "atan",  "sinh",  "cosh",
                                "log2", "log10", "expm1", "log1p", "isnan", "isinf", "isfinite"};
  return op < sizeof(names) / sizeof(names[0]) ? names[op] : "?";
}
const char* binary_symbol(uint16_t op) {
  static const char* names[] = {"?",     "+",     "-",   ".*",  "./", ".^", "min", "max",
                                "atan2", "hypot", "mod", "rem", "&",  "|",  "xor"};
  return op < sizeof(names) / sizeof(names[0]) ? names[op] : "?";
}
const char* compare_symbol(uint16_t op) {
  static const char* names[] = {"?", "==", "~=", "<", "<=", ">", ">="};
  return op < 7 ? names[op] : "?";
}
const char* reduce_name(uint16_t op) {
  static const char* names[] = {"?", "sum", "prod", "min", "max", "any", "all"};
  return op < 7 ? names[op] : "?";
}

class Lowering {
 public:
  explicit Lowering(KernelPlan* plan) : plan_(plan) {}

  // Random nodes are lowered relative to the plan's rng_base (set before emitting).

  uint32_t emit(const NodePtr& n, rm_dtype want) {
    const uint32_t v = emit_value(n);
    return convert(v, want);
  }

  uint32_t emit_value(const NodePtr& n) {
    auto it = value_of_.find(n.get());
    if (it != value_of_.end()) return it->second;
    uint32_t v = RM_IR_NONE;
    const rm_dtype dt = dtype_of(n->cls);
    if (is_effectively_leaf(*n)) {
      v = emit_input(n->materialized ? n->materialized : n->leaf);
    } else {
      switch (n->kind) {
        case NodeKind::Scalar:
          v = push(RM_IR_CONST, 0, dt, RM_IR_NONE, RM_IR_NONE, RM_IR_NONE, n->scalar);
          labels_[v] = absl::StrFormat("%.6g", n->scalar);
          break;
        case NodeKind::Unary: {
          // Predicates produce bool from a float operand; NOT works on bool.
          const bool predicate =
              n->op == RM_UN_ISNAN || n->op == RM_UN_ISINF || n->op == RM_UN_ISFINITE;
          const rm_dtype in_dt = predicate ? dtype_of(n->inputs[0]->cls) == RM_DTYPE_BOOL
                                                 ? RM_DTYPE_F64
                                                 : dtype_of(n->inputs[0]->cls)
                                           : dt;
          const uint32_t a = emit(n->inputs[0], in_dt);
          v = push(RM_IR_UNARY, n->op, dt, a);
          labels_[v] = absl::StrCat(unary_name(n->op), "(", labels_[a], ")");
          break;
        }
        case NodeKind::Binary: {
          const rm_dtype op_dt = dt;
          const uint32_t a = emit(n->inputs[0], op_dt);
          const uint32_t b = emit(n->inputs[1], op_dt);
          v = push(RM_IR_BINARY, n->op, dt, a, b);
          labels_[v] =
              n->op == RM_BIN_MIN || n->op == RM_BIN_MAX || n->op >= RM_BIN_ATAN2
                  ? absl::StrCat(binary_symbol(n->op), "(", labels_[a], ",", labels_[b], ")")
                  : absl::StrCat("(", labels_[a], binary_symbol(n->op), labels_[b], ")");
          break;
        }
        case NodeKind::Compare: {
          const rm_dtype op_dt = compare_dtype(*n->inputs[0], *n->inputs[1]);
          const uint32_t a = emit(n->inputs[0], op_dt);
          const uint32_t b = emit(n->inputs[1], op_dt);
          v = push(RM_IR_COMPARE, n->op, RM_DTYPE_BOOL, a, b);
          labels_[v] = absl::StrCat("(", labels_[a], compare_symbol(n->op), labels_[b], ")");
          break;
        }
        case NodeKind::Cast: {
          const uint32_t a = emit_value(n->inputs[0]);
          v = convert(a, dt);
          break;
        }
        case NodeKind::Reduce: {
          const uint32_t a = emit(n->inputs[0], dt);
          v = push(RM_IR_REDUCE, n->op, dt, a);
          labels_[v] = absl::StrCat(reduce_name(n->op), "(", labels_[a], ")");
          if (n->scalar != 1.0) {
            const uint32_t s =
                push(RM_IR_CONST, 0, dt, RM_IR_NONE, RM_IR_NONE, RM_IR_NONE, n->scalar);
            const std::string inner = labels_[v];
            v = push(RM_IR_BINARY, RM_BIN_MUL, dt, v, s);
            labels_[v] = absl::StrFormat("%s*%.6g", inner, n->scalar);
          }
          break;
        }
        case NodeKind::Index:
          v = push(RM_IR_INDEX, 0, RM_DTYPE_F64);
          labels_[v] = "index";
          break;
        case NodeKind::Random: {
          // The offset from the group's base is part of the IR (and its signature); the base
          // itself arrives at launch, so the same kernel serves every position of the stream.
          const uint64_t off = n->rng_start - plan_->rng_base;
          v = push(RM_IR_RANDOM, n->op, dt, RM_IR_NONE, static_cast<uint32_t>(off),
                   static_cast<uint32_t>(off >> 32), n->scalar);
          labels_[v] = n->op == RM_RAND_NORMAL ? "randn" : "rand";
          break;
        }
        case NodeKind::Select: {
          const uint32_t c = emit(n->inputs[0], RM_DTYPE_BOOL);
          const uint32_t a = emit(n->inputs[1], dt);
          const uint32_t b = emit(n->inputs[2], dt);
          v = push(RM_IR_SELECT, 0, dt, c, a, b);
          labels_[v] = absl::StrCat("(", labels_[c], "?", labels_[a], ":", labels_[b], ")");
          break;
        }
        case NodeKind::Leaf:
          break;
      }
    }
    value_of_[n.get()] = v;
    return v;
  }

  void emit_output(uint32_t slot, uint32_t v, rm_dtype dt) { push(RM_IR_OUTPUT, 0, dt, slot, v); }

  std::string label_of(uint32_t v) { return labels_[v]; }

 private:
  static rm_dtype compare_dtype(const Node& a, const Node& b) {
    const rm_dtype x = dtype_of(a.cls), y = dtype_of(b.cls);
    if (x == RM_DTYPE_F64 || y == RM_DTYPE_F64) return RM_DTYPE_F64;
    if (x == RM_DTYPE_F32 || y == RM_DTYPE_F32) return RM_DTYPE_F32;
    return RM_DTYPE_F64;  // logical vs logical compares as numbers
  }

  uint32_t convert(uint32_t v, rm_dtype want) {
    const rm_ir_inst& src = plan_->insts[v];
    if (src.dtype == want) return v;
    if (src.opcode == RM_IR_CONST) {  // fold: constants are emitted in the consumer's type
      const double imm = src.imm;
      const std::string text = labels_[v];
      const uint32_t c = push(RM_IR_CONST, 0, want, RM_IR_NONE, RM_IR_NONE, RM_IR_NONE, imm);
      labels_[c] = text;
      return c;
    }
    const uint32_t c = push(RM_IR_CAST, 0, want, v);
    labels_[c] = labels_[v];
    return c;
  }

  uint32_t emit_input(const ArrayPtr& array) {
    auto it = slot_of_.find(array.get());
    uint32_t slot;
    if (it != slot_of_.end()) {
      slot = it->second;
    } else {
      slot = static_cast<uint32_t>(plan_->inputs.size());
      slot_of_[array.get()] = slot;
      KernelInput in;
      in.array = array;
      const Shape& s = array->shape();
      const Shape& it_shape = plan_->iter_shape;
      if (s.numel() == 1) {
        in.access = RM_ACCESS_SCALAR;
      } else if (s == it_shape) {
        in.access = RM_ACCESS_LINEAR;
      } else {
        in.access = RM_ACCESS_STRIDED;
        int64_t stride = 1;
        for (int d = 0; d < RM_MAX_RANK; ++d) {
          in.strides[d] = s.dim(d) == 1 ? 0 : stride;
          stride *= s.dim(d);
        }
      }
      plan_->inputs.push_back(std::move(in));
    }
    const uint32_t v = push(RM_IR_INPUT, plan_->inputs[slot].access, dtype_of(array->cls()), slot);
    labels_[v] = absl::StrCat("in", slot);
    return v;
  }

  uint32_t push(rm_ir_opcode op, uint16_t sub, rm_dtype dt, uint32_t a = RM_IR_NONE,
                uint32_t b = RM_IR_NONE, uint32_t c = RM_IR_NONE, double imm = 0.0) {
    rm_ir_inst inst;
    std::memset(&inst, 0, sizeof inst);
    inst.opcode = static_cast<uint16_t>(op);
    inst.sub = sub;
    inst.dtype = static_cast<uint16_t>(dt);
    inst.a = a;
    inst.b = b;
    inst.c = c;
    inst.imm = imm;
    plan_->insts.push_back(inst);
    if (op != RM_IR_INPUT && op != RM_IR_CONST && op != RM_IR_OUTPUT && op != RM_IR_CAST) {
      ++plan_->ops_fused;
    }
    return static_cast<uint32_t>(plan_->insts.size() - 1);
  }

  KernelPlan* plan_;
  absl::flat_hash_map<const Node*, uint32_t> value_of_;
  absl::flat_hash_map<const Array*, uint32_t> slot_of_;
  absl::flat_hash_map<uint32_t, std::string> labels_;
};

// INPUT, CONST, INDEX and RANDOM use a, b, c for slots, offsets or nothing, not for values.
bool has_value_operands(const rm_ir_inst& in) {
  return in.opcode != RM_IR_INPUT && in.opcode != RM_IR_CONST && in.opcode != RM_IR_INDEX &&
         in.opcode != RM_IR_RANDOM;
}

// Removes instructions no OUTPUT depends on (e.g. a double CONST left behind when a constant
// was re-emitted in single precision), so kernels carry no stray F64 values.
void eliminate_dead_code(KernelPlan* plan) {
  std::vector<rm_ir_inst>& insts = plan->insts;
  std::vector<bool> live(insts.size(), false);
  for (size_t i = insts.size(); i-- > 0;) {
    const rm_ir_inst& in = insts[i];
    if (in.opcode == RM_IR_OUTPUT) live[i] = true;
    if (!live[i]) continue;
    if (!has_value_operands(in)) continue;
    const bool output = in.opcode == RM_IR_OUTPUT;
    if (!output && in.a != RM_IR_NONE) live[in.a] = true;
    if (output && in.b != RM_IR_NONE) live[in.b] = true;
    if (!output && in.b != RM_IR_NONE) live[in.b] = true;
    if (in.c != RM_IR_NONE) live[in.c] = true;
  }
  std::vector<uint32_t> remap(insts.size(), RM_IR_NONE);
  std::vector<rm_ir_inst> kept;
  uint32_t removed_ops = 0;
  for (size_t i = 0; i < insts.size(); ++i) {
    if (!live[i]) {
      const uint16_t op = insts[i].opcode;
      if (op != RM_IR_INPUT && op != RM_IR_CONST && op != RM_IR_OUTPUT && op != RM_IR_CAST)
        ++removed_ops;
      continue;
    }
    rm_ir_inst in = insts[i];
    auto fix = [&](uint32_t& operand) {
      if (operand != RM_IR_NONE) operand = remap[operand];
    };
    if (in.opcode == RM_IR_OUTPUT) {
      fix(in.b);
    } else if (has_value_operands(in)) {
      fix(in.a);
      fix(in.b);
      fix(in.c);
    }
    remap[i] = static_cast<uint32_t>(kept.size());
    kept.push_back(in);
  }
  insts = std::move(kept);
  plan->ops_fused -= removed_ops;
}

// True when `n` is an index generator: it reads no array and computes only index arithmetic
// (linspace: Index, Select, Compare, Binary, Cast and Scalars) or counter-based random numbers.
// Recomputing one in every consumer costs a few instructions and no memory traffic, so it is never
// stored.
bool is_generator(const Node& n, absl::flat_hash_map<const Node*, bool>* memo) {
  if (is_effectively_leaf(n)) return false;
  if (auto it = memo->find(&n); it != memo->end()) return it->second;
  bool r = n.kind == NodeKind::Scalar || n.kind == NodeKind::Index || n.kind == NodeKind::Random ||
           n.kind == NodeKind::Select || n.kind == NodeKind::Compare ||
           n.kind == NodeKind::Binary || n.kind == NodeKind::Cast;
  for (const auto& in : n.inputs) r = r && is_generator(*in, memo);
  (*memo)[&n] = r;
  return r;
}

// Nodes of the group below `root` that something outside the group also holds: a variable of
// the program or another pending value (y = f(x); a = sum(y); b = max(y)). Inside the group a
// node is computed once however often it is used; a holder outside would compute it again, so
// these are computed once, here. Holders are counted by shared_ptr use count minus the group's
// own edges to the node, so the caller must not keep copies of group nodes while lowering.
std::vector<NodePtr> shared_nodes(const NodePtr& root) {
  absl::flat_hash_map<const Node*, uint32_t> refs;
  absl::flat_hash_set<const Node*> seen;
  std::vector<const NodePtr*> order;
  std::vector<const Node*> stack{root.get()};
  seen.insert(root.get());
  while (!stack.empty()) {
    const Node* n = stack.back();
    stack.pop_back();
    for (const auto& in : n->inputs) {
      if (is_effectively_leaf(*in)) continue;
      ++refs[in.get()];
      if (seen.insert(in.get()).second) {
        order.push_back(&in);
        stack.push_back(in.get());
      }
    }
  }
  absl::flat_hash_map<const Node*, bool> memo;
  std::vector<const NodePtr*> picked;
  for (const NodePtr* p : order) {
    const Node& n = **p;
    if (static_cast<long>(p->use_count()) > static_cast<long>(refs[&n]) && !is_generator(n, &memo))
      picked.push_back(p);
  }
  std::vector<NodePtr> shared;
  shared.reserve(picked.size());
  for (const NodePtr* p : picked) shared.push_back(*p);
  return shared;
}

// The group's Random nodes (stopping at leaves and materialized nodes).
void collect_randoms(const NodePtr& n, std::vector<NodePtr>* out,
                     absl::flat_hash_set<const Node*>* seen) {
  if (is_effectively_leaf(*n) || !seen->insert(n.get()).second) return;
  if (n->kind == NodeKind::Random) out->push_back(n);
  for (const auto& in : n->inputs) collect_randoms(in, out, seen);
}

// A Random node numbers its elements by the iteration space's linear index, so one whose shape
// differs (it is broadcast, or feeds a reduction of another shape) is computed first by its own
// kernel and read as an input. Returns the smallest stream position of the rest: the group's
// rng_base.
uint64_t cut_randoms(const NodePtr& root, const Shape& iter_shape,
                     const MaterializeFn& materialize_dependency) {
  std::vector<NodePtr> randoms;
  absl::flat_hash_set<const Node*> seen;
  collect_randoms(root, &randoms, &seen);
  uint64_t base = UINT64_MAX;
  for (const auto& r : randoms) {
    if (r->shape != iter_shape) {
      if (r.get() != root.get()) r->mark_materialized(materialize_dependency(r));
      continue;
    }
    base = std::min(base, r->rng_start);
  }
  return base == UINT64_MAX ? 0 : base;
}

}  // namespace

rm_kernel_desc KernelPlan::desc() const {
  rm_kernel_desc d;
  std::memset(&d, 0, sizeof d);
  d.struct_size = sizeof d;
  d.ir_version = RM_IR_VERSION;
  d.inst_size = sizeof(rm_ir_inst);
  d.num_insts = static_cast<uint32_t>(insts.size());
  d.insts = insts.data();
  d.num_inputs = static_cast<uint32_t>(inputs.size());
  d.num_outputs = static_cast<uint32_t>(1 + extra_outputs.size());
  d.label = label.c_str();
  d.signature = signature;
  return d;
}

uint64_t KernelPlan::bytes_read() const {
  uint64_t b = 0;
  for (const auto& in : inputs) b += in.array->byte_size();
  return b;
}

uint64_t KernelPlan::bytes_written() const {
  uint64_t b = static_cast<uint64_t>(out_shape.numel()) * element_size(out_cls);
  for (const auto& n : extra_outputs) {
    b += static_cast<uint64_t>(n->shape.numel()) * element_size(n->cls);
  }
  return b;
}

KernelPlan lower_group(const NodePtr& root, const MaterializeFn& materialize_dependency,
                       PlanCache* cache, bool* cache_hit) {
  // Cut: reductions that cannot be part of this group are computed first and become inputs.
  std::vector<NodePtr> reduces;
  absl::flat_hash_map<const Node*, bool> seen;
  collect_reduces(root, &reduces, &seen);
  const Node* fused_reduce = nullptr;
  if (root->kind == NodeKind::Reduce) {
    fused_reduce = root.get();
  } else if (reduces.size() == 1 && scalar_above(*root, reduces[0].get())) {
    fused_reduce = reduces[0].get();
  }
  for (const auto& r : reduces) {
    if (r.get() == fused_reduce) continue;
    // Only reductions not nested in another pending reduction are cut here; nested ones are
    // cut when that reduction is materialized.
    if (!r->materialized) r->mark_materialized(materialize_dependency(r));
  }
  // A reduction nested inside the fused one must also be materialized first.
  if (fused_reduce) {
    std::vector<NodePtr> inner;
    absl::flat_hash_map<const Node*, bool> seen2;
    for (const auto& in : fused_reduce->inputs) collect_reduces(in, &inner, &seen2);
    for (const auto& r : inner) {
      if (!r->materialized) r->mark_materialized(materialize_dependency(r));
    }
  }

  const uint32_t splits = split_for_inputs(root, materialize_dependency);

  // Shared intermediates: stored by this kernel where they live in its output space (the
  // iteration space of an elementwise group, the epilogue of a reduction); otherwise (inside a
  // reduction's input, or broadcast to a larger shape) computed first by their own kernel, as
  // the IR cannot store a pre-reduction value. Cutting shrinks the group, so look again.
  std::vector<NodePtr> extras;
  for (bool cut = true; cut;) {
    cut = false;
    extras.clear();
    for (const auto& n : shared_nodes(root)) {
      const bool storable = fused_reduce ? scalar_above(*n, fused_reduce) : n->shape == root->shape;
      // Output slots are limited too: beyond them, shared values are computed first.
      if (storable && extras.size() + 1 < kMaxKernelOutputs) {
        extras.push_back(n);
      } else {
        n->mark_materialized(materialize_dependency(n));
        cut = true;
        break;  // the walk above saw nodes that this cut removed from the group
      }
    }
  }

  const Shape& group_iter =
      fused_reduce ? fused_reduce->inputs[0]->shape : static_cast<const Shape&>(root->shape);
  const uint64_t rng_base = cut_randoms(root, group_iter, materialize_dependency);

  GraphKey key;
  if (cache) {
    key = graph_key(root, extras, rng_base);
    KernelPlan hit;
    if (cache->lookup(key, &hit)) {
      if (cache_hit) *cache_hit = true;
      hit.rng_base = rng_base;
      hit.splits = splits;
      return hit;
    }
  }
  if (cache_hit) *cache_hit = false;

  KernelPlan plan;
  plan.rng_base = rng_base;
  plan.splits = splits;
  plan.out_cls = root->cls;
  plan.out_shape = root->shape;
  if (fused_reduce) {
    const Shape& s = fused_reduce->inputs[0]->shape;
    plan.iter_shape = s;
    plan.has_reduce = true;
    const int d = fused_reduce->reduce_dim;
    if (d < 0) {
      plan.reduce_len = static_cast<uint64_t>(s.numel());
    } else {
      const int last = d + fused_reduce->reduce_ndims;  // one past the last reduced dim
      uint64_t inner = 1, len = 1, outer = 1;
      for (int k = 0; k < d; ++k) inner *= static_cast<uint64_t>(s.dim(k));
      for (int k = d; k < last; ++k) len *= static_cast<uint64_t>(s.dim(k));
      for (int k = last; k < s.ndims(); ++k) outer *= static_cast<uint64_t>(s.dim(k));
      plan.reduce_inner = inner;
      plan.reduce_outer = outer;
      plan.reduce_len = len;
    }
  } else {
    plan.iter_shape = root->shape;
  }
  if (plan.iter_shape.ndims() > RM_MAX_RANK) {
    throw_error("RunMat:fusion:rank", "Arrays with more than %d dimensions cannot be fused.",
                RM_MAX_RANK);
  }

  Lowering lower(&plan);
  const uint32_t v = lower.emit(root, dtype_of(root->cls));
  lower.emit_output(0, v, dtype_of(root->cls));
  plan.label = lower.label_of(v);
  for (size_t i = 0; i < extras.size(); ++i) {
    const rm_dtype dt = dtype_of(extras[i]->cls);
    const uint32_t e = lower.emit(extras[i], dt);
    lower.emit_output(static_cast<uint32_t>(i + 1), e, dt);
    absl::StrAppend(&plan.label, "; ", lower.label_of(e));
  }
  plan.extra_outputs = std::move(extras);
  eliminate_dead_code(&plan);

  uint64_t h = stable_hash(plan.insts.data(), plan.insts.size() * sizeof(rm_ir_inst));
  for (const auto& in : plan.inputs) h = stable_hash(&in.access, sizeof in.access, h);
  plan.signature = h;
  if (cache) cache->insert(key, plan);
  return plan;
}

}  // namespace runmat::fusion
