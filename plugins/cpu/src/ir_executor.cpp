#include "ir_executor.hpp"

#include <algorithm>
#include <cstring>

#include "dtype.hpp"
#include "elementwise.hpp"
#include "random.hpp"

namespace rmcpu {

StridedView make_strided_view(uint32_t rank, const uint64_t* dims, const int64_t* strides) {
  StridedView v;
  v.rank = 0;
  for (uint32_t d = 0; d < rank; ++d) {
    if (dims[d] == 1) continue;  // contributes nothing to the offset
    if (v.rank > 0 &&
        strides[d] == v.strides[v.rank - 1] * static_cast<int64_t>(v.dims[v.rank - 1])) {
      v.dims[v.rank - 1] *= dims[d];  // contiguous with the previous dim: merge
      continue;
    }
    v.dims[v.rank] = dims[d];
    v.strides[v.rank] = strides[d];
    ++v.rank;
  }
  if (v.rank == 0) {
    v.rank = 1;
    v.dims[0] = 1;
    v.strides[0] = 0;
  }
  return v;
}

void ensure_pool(rm_context ctx) {
  if (!ctx->pool) ctx->pool = std::make_unique<ThreadPool>(available_cpus());
  while (ctx->arenas.size() < ctx->pool->workers())
    ctx->arenas.push_back(std::make_unique<Arena>());
}

void prepare_arena(Arena& arena, const LaunchState& ls) {
  if (arena.launch_id == ls.id) return;
  const Plan& p = *ls.plan;
  const size_t col_bytes = kBlock * 8;
  arena.reserve((p.num_cols + p.consts.size()) * col_bytes);
  arena.vptr.assign(p.num_values, nullptr);
  for (size_t k = 0; k < p.consts.size(); ++k) {
    const ConstColumn& c = p.consts[k];
    unsigned char* col = arena.column(static_cast<int32_t>(p.num_cols + k));
    if (c.from_input) {
      col_fill_scalar(c.dtype, ls.in[c.slot], col, kBlock);
    } else {
      col_fill_const(c.dtype, c.imm, col, kBlock);
    }
    arena.vptr[c.value] = col;
  }
  arena.launch_id = ls.id;
}

namespace {

template <class T>
void gather(const StridedView& v, const T* base, uint64_t start, size_t n, T* out) {
  uint64_t idx[RM_MAX_RANK];
  int64_t off = 0;
  uint64_t rest = start;
  for (uint32_t d = 0; d < v.rank; ++d) {
    idx[d] = rest % v.dims[d];
    rest /= v.dims[d];
    off += static_cast<int64_t>(idx[d]) * v.strides[d];
  }
  const int64_t s0 = v.strides[0];
  const uint64_t d0 = v.dims[0];
  size_t j = 0;
  while (j < n) {
    const size_t run = static_cast<size_t>(std::min<uint64_t>(d0 - idx[0], n - j));
    const T* src = base + off;
    if (s0 == 0) {
      const T x = *src;
      for (size_t t = 0; t < run; ++t) out[j + t] = x;
    } else if (s0 == 1) {
      std::memcpy(out + j, src, run * sizeof(T));
    } else {
      for (size_t t = 0; t < run; ++t) out[j + t] = src[static_cast<int64_t>(t) * s0];
    }
    j += run;
    // Advance the multi-index by `run` along dim 0, carrying into higher dims.
    idx[0] += run;
    off += static_cast<int64_t>(run) * s0;
    for (uint32_t d = 0; d + 1 < v.rank && idx[d] == v.dims[d]; ++d) {
      off -= static_cast<int64_t>(v.dims[d]) * v.strides[d];
      idx[d] = 0;
      ++idx[d + 1];
      off += v.strides[d + 1];
    }
  }
}

void gather_any(uint32_t dtype, const StridedView& v, const unsigned char* base, uint64_t start,
                size_t n, void* out) {
  switch (dtype_size(dtype)) {
    case 1:
      gather(v, base, start, n, static_cast<unsigned char*>(out));
      break;
    case 4:
      gather(v, reinterpret_cast<const float*>(base), start, n, static_cast<float*>(out));
      break;
    case 8:
      gather(v, reinterpret_cast<const double*>(base), start, n, static_cast<double*>(out));
      break;
    default:
      break;
  }
}

}  // namespace

void eval_steps(const std::vector<Step>& steps, const LaunchState& ls, Arena& arena, uint64_t start,
                size_t n) {
  void** vp = arena.vptr.data();
  for (const Step& s : steps) {
    void* dst = nullptr;
    if (s.col >= 0) {
      dst = (ls.direct_out && s.direct_out >= 0)
                ? ls.out[s.direct_out] + start * dtype_size(s.dtype)
                : static_cast<void*>(arena.column(s.col));
      vp[s.value] = dst;
    }
    switch (s.opcode) {
      case RM_IR_INPUT:
        if (s.sub == RM_ACCESS_LINEAR) {
          vp[s.value] = const_cast<unsigned char*>(ls.in[s.slot]) + start * dtype_size(s.dtype);
        } else {
          gather_any(s.dtype, ls.strided[s.slot], ls.in[s.slot], start, n, dst);
        }
        break;
      case RM_IR_INDEX:
        col_index(s.dtype, start, dst, n);
        break;
      case RM_IR_RANDOM:  // b, c: the instruction's counter offset (low, high 32 bits)
        col_random(s.sub, s.dtype, static_cast<uint64_t>(s.imm),
                   ls.rng_base + (static_cast<uint64_t>(s.c) << 32 | s.b) + start, dst, n);
        break;
      case RM_IR_UNARY:
        col_unary(s.sub, s.dtype, s.src_dtype, vp[s.a], dst, n);
        break;
      case RM_IR_BINARY:
        col_binary(s.sub, s.dtype, vp[s.a], vp[s.b], dst, n);
        break;
      case RM_IR_COMPARE:
        col_compare(s.sub, s.src_dtype, vp[s.a], vp[s.b], dst, n);
        break;
      case RM_IR_SELECT:
        col_select(s.dtype, vp[s.a], vp[s.b], vp[s.c], dst, n);
        break;
      case RM_IR_CAST:
        col_cast(s.src_dtype, s.dtype, vp[s.a], dst, n);
        break;
      case RM_IR_OUTPUT:
        if (!(ls.direct_out && s.direct_out >= 0)) {
          const size_t es = dtype_size(s.dtype);
          std::memmove(ls.out[s.slot] + start * es, vp[s.b], n * es);
        }
        break;
      default:
        break;
    }
  }
}

void run_elementwise(rm_context ctx, const LaunchState& ls) {
  constexpr uint64_t kBlocksPerTask = 8;
  const uint64_t blocks = (ls.count + kBlock - 1) / kBlock;
  const uint64_t tasks = (blocks + kBlocksPerTask - 1) / kBlocksPerTask;
  const Plan& p = *ls.plan;
  parallel_tasks(
      ctx, ls, static_cast<size_t>(tasks), ls.count < kInlineElements, [&](size_t t, Arena& arena) {
        const uint64_t b0 = t * kBlocksPerTask;
        const uint64_t b1 = std::min(blocks, b0 + kBlocksPerTask);
        for (uint64_t b = b0; b < b1; ++b) {
          const uint64_t start = b * kBlock;
          const size_t n = static_cast<size_t>(std::min<uint64_t>(kBlock, ls.count - start));
          eval_steps(p.pre, ls, arena, start, n);
        }
      });
}

}  // namespace rmcpu
