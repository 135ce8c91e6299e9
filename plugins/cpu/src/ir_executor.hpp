// Block evaluation of a plan and the elementwise launch.
#pragma once

#include <cstdint>
#include <vector>

#include "context.hpp"
#include "ir_plan.hpp"

namespace rmcpu {

// An input's addressing for STRIDED access, with size-1 dims dropped and contiguous dims merged.
struct StridedView {
  uint32_t rank = 1;
  uint64_t dims[RM_MAX_RANK] = {1};
  int64_t strides[RM_MAX_RANK] = {0};
};

struct LaunchState {
  const Plan* plan = nullptr;
  uint64_t count = 0;
  uint64_t id = 0;
  std::vector<const unsigned char*> in;  // per input slot
  std::vector<unsigned char*> out;       // per output slot
  std::vector<StridedView> strided;      // per input slot (STRIDED slots only)
  bool direct_out = true;                // results may be stored straight into outputs
  uint64_t rng_base = 0;                 // RM_IR_RANDOM: stream position of element 0
};

StridedView make_strided_view(uint32_t rank, const uint64_t* dims, const int64_t* strides);

// Makes the worker's arena ready for this launch: scratch columns and constant columns.
void prepare_arena(Arena& arena, const LaunchState& ls);

// Evaluates `steps` for elements [start, start + n) (n <= kBlock) of the steps' index space.
void eval_steps(const std::vector<Step>& steps, const LaunchState& ls, Arena& arena, uint64_t start,
                size_t n);

// Calls fn(task, arena) for every task, on the pool unless `inline_only`. Each worker's arena
// is prepared for the launch before its first task.
template <class Fn>
void parallel_tasks(rm_context ctx, const LaunchState& ls, size_t tasks, bool inline_only, Fn&& fn);

void run_elementwise(rm_context ctx, const LaunchState& ls);
void run_reduce(rm_context ctx, const LaunchState& ls, uint64_t outer, uint64_t len,
                uint64_t inner);

// ---------------------------------------------------------------- implementation
void ensure_pool(rm_context ctx);

template <class Fn>
void parallel_tasks(rm_context ctx, const LaunchState& ls, size_t tasks, bool inline_only,
                    Fn&& fn) {
  if (tasks == 0) return;
  if (inline_only || tasks == 1) {
    if (ctx->arenas.empty()) ctx->arenas.push_back(std::make_unique<Arena>());
    Arena& a = *ctx->arenas[0];
    prepare_arena(a, ls);
    for (size_t t = 0; t < tasks; ++t) fn(t, a);
    return;
  }
  ensure_pool(ctx);
  ctx->pool->run(tasks, [&](size_t t, unsigned w) {
    Arena& a = *ctx->arenas[w];
    prepare_arena(a, ls);
    fn(t, a);
  });
}

}  // namespace rmcpu
