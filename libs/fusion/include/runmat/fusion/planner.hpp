// Lowering a lazy graph to one fusion group = one kernel (kernel IR v1, runmat/accel.h).
//
// A fusion group is an elementwise DAG with implicit expansion, optionally ending in one
// reduction, optionally followed by a scalar epilogue (mean = sum * 1/n; sqrt(sum(x.^2))).
// Whatever does not fit (a reduction feeding further array-sized work, a second reduction)
// is handed to `materialize_dependency` first and enters this kernel as an input.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "runmat/fusion/graph.hpp"

namespace runmat::fusion {

struct KernelInput {
  ArrayPtr array;
  rm_ir_access access = RM_ACCESS_LINEAR;
  std::array<int64_t, RM_MAX_RANK> strides{};  // element strides, STRIDED only
};

struct KernelPlan {
  std::vector<rm_ir_inst> insts;
  std::vector<KernelInput> inputs;
  ClassId out_cls = ClassId::Double;
  Shape out_shape;
  Shape iter_shape;  // elementwise: out_shape; reduction: the pre-reduction shape
  bool has_reduce = false;
  uint64_t reduce_outer = 1, reduce_len = 1, reduce_inner = 1;
  uint64_t rng_base = 0;   // stream position that RANDOM offsets are relative to (launch-time)
  uint64_t signature = 0;  // structural hash of insts + access modes (not sizes)
  std::string label;       // readable form of the kernel, for telemetry
  uint32_t ops_fused = 0;  // compute instructions (not inputs/consts/outputs)
  uint32_t splits = 0;     // parts computed first because the group read too many arrays
  // Output slots 1.. : intermediates of the group that are also held outside it (a variable,
  // another pending value). The kernel stores them as it computes the root, so they are never
  // computed a second time; the caller marks each materialized with its output.
  std::vector<NodePtr> extra_outputs;

  rm_kernel_desc desc() const;  // points into insts/label: valid while the plan lives
  uint64_t bytes_read() const;
  uint64_t bytes_written() const;
};

using MaterializeFn = std::function<ArrayPtr(const NodePtr&)>;

// What the host sends a plugin at most (include/runmat/accel.h: every plugin accepts kernels
// of up to 16 inputs and 8 outputs); larger groups are split by the planner.
inline constexpr size_t kMaxKernelInputs = 16;
inline constexpr size_t kMaxKernelOutputs = 8;

class PlanCache;

// Lowers the group rooted at `root`. Nodes already materialized are inputs. With a `cache`, a
// group whose graph has the structure of an earlier one (plan_cache.hpp) reuses its lowering;
// `*cache_hit` says whether it did.
KernelPlan lower_group(const NodePtr& root, const MaterializeFn& materialize_dependency,
                       PlanCache* cache = nullptr, bool* cache_hit = nullptr);

// FNV-1a: stable across processes (absl::Hash is salted per process), so signatures can be
// compared between telemetry files.
uint64_t stable_hash(const void* data, size_t size, uint64_t seed = 14695981039346656037ull);

}  // namespace runmat::fusion
