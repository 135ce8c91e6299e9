// REDUCE kernels. The iteration space is [outer, len, inner]; output (o, i) reduces over k.
//
// Phase 1 accumulates in double (F32 and F64 alike) into one accumulator per output, using
// work decompositions that depend only on the shape, never on the thread count, so results are
// bit-identical however many threads run them:
//   A  many outer slices:  a task owns whole outer slices (every k and i of them);
//   B  few, wide slices:   a task owns (o, tile of 2048 i) and walks all k;
//   C  few, narrow slices: a task owns (o, fixed chunk of k); chunk partials are combined in
//                          chunk order afterwards.
// Sums are compensated: contiguous runs (inner == 1) are summed pairwise and added with
// Neumaier's correction; lane-wise accumulation (inner > 1) uses Neumaier per output.
// Phase 2 runs the epilogue per output element and stores the outputs (inputs are no longer
// read, so outputs may alias inputs).
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "dtype.hpp"
#include "ir_executor.hpp"
#include "ops.hpp"

namespace rmcpu {
namespace {

constexpr uint64_t kTaskElements = 65536;  // target elements per task
constexpr uint64_t kMinOuterTasks = 16;
constexpr uint64_t kTile = kBlock;
constexpr uint64_t kMaxPartials = uint64_t(1) << 20;

double identity(uint16_t op) {
  switch (op) {
    case RM_RED_PROD:
    case RM_RED_ALL:
      return 1.0;
    case RM_RED_MIN:
    case RM_RED_MAX:
      return std::numeric_limits<double>::quiet_NaN();  // reduction of nothing
    default:
      return 0.0;
  }
}

inline void neumaier_add(double& s, double& c, double x) {
  const double t = s + x;
  c += (std::fabs(s) >= std::fabs(x)) ? (s - t) + x : (x - t) + s;
  s = t;
}

inline double finish_sum(double s, double c) {
  return std::isfinite(s) ? s + c : s;
}

template <class T>
double pairwise_sum(const T* v, size_t n) {
  if (n <= 32) {
    double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
      a0 += static_cast<double>(v[i]);
      a1 += static_cast<double>(v[i + 1]);
      a2 += static_cast<double>(v[i + 2]);
      a3 += static_cast<double>(v[i + 3]);
    }
    for (; i < n; ++i) a0 += static_cast<double>(v[i]);
    return (a0 + a1) + (a2 + a3);
  }
  const size_t h = (n / 2 + 3) & ~size_t(3);
  return pairwise_sum(v, h) + pairwise_sum(v + h, n - h);
}

// m consecutive elements that all belong to one output.
template <class T>
void fold_same(uint16_t op, const T* v, size_t m, double& s, double* c) {
  switch (op) {
    case RM_RED_SUM:
      neumaier_add(s, *c, pairwise_sum(v, m));
      break;
    case RM_RED_PROD:
      for (size_t t = 0; t < m; ++t) s *= static_cast<double>(v[t]);
      break;
    case RM_RED_MIN:
      for (size_t t = 0; t < m; ++t) s = ops::nanmin(s, static_cast<double>(v[t]));
      break;
    case RM_RED_MAX:
      for (size_t t = 0; t < m; ++t) s = ops::nanmax(s, static_cast<double>(v[t]));
      break;
    case RM_RED_ANY:
      for (size_t t = 0; t < m; ++t) s = (s != 0 || v[t] != 0) ? 1.0 : 0.0;
      break;
    case RM_RED_ALL:
      for (size_t t = 0; t < m; ++t) s = (s != 0 && v[t] != 0) ? 1.0 : 0.0;
      break;
    default:
      break;
  }
}

// m consecutive elements belonging to m consecutive outputs.
template <class T>
void fold_lanes(uint16_t op, const T* v, size_t m, double* s, double* c) {
  switch (op) {
    case RM_RED_SUM:
      for (size_t t = 0; t < m; ++t) neumaier_add(s[t], c[t], static_cast<double>(v[t]));
      break;
    case RM_RED_PROD:
      for (size_t t = 0; t < m; ++t) s[t] *= static_cast<double>(v[t]);
      break;
    case RM_RED_MIN:
      for (size_t t = 0; t < m; ++t) s[t] = ops::nanmin(s[t], static_cast<double>(v[t]));
      break;
    case RM_RED_MAX:
      for (size_t t = 0; t < m; ++t) s[t] = ops::nanmax(s[t], static_cast<double>(v[t]));
      break;
    case RM_RED_ANY:
      for (size_t t = 0; t < m; ++t) s[t] = (s[t] != 0 || v[t] != 0) ? 1.0 : 0.0;
      break;
    case RM_RED_ALL:
      for (size_t t = 0; t < m; ++t) s[t] = (s[t] != 0 && v[t] != 0) ? 1.0 : 0.0;
      break;
    default:
      break;
  }
}

struct Shape3 {
  uint64_t outer, len, inner;
};

// Position (o, k, i) walked forward through a contiguous range of the iteration space.
struct Cursor {
  uint64_t o, k, i;
};

template <class T>
void fold_block(uint16_t op, const T* v, size_t n, const Shape3& sh, Cursor& cur, uint64_t ob,
                double* s, double* c) {
  size_t j = 0;
  double dummy = 0;
  while (j < n) {
    if (sh.inner == 1) {
      const size_t m = static_cast<size_t>(std::min<uint64_t>(sh.len - cur.k, n - j));
      const uint64_t at = cur.o - ob;
      fold_same(op, v + j, m, s[at], c ? &c[at] : &dummy);
      j += m;
      cur.k += m;
      if (cur.k == sh.len) {
        cur.k = 0;
        ++cur.o;
      }
    } else {
      const size_t m = static_cast<size_t>(std::min<uint64_t>(sh.inner - cur.i, n - j));
      const uint64_t at = (cur.o - ob) * sh.inner + cur.i;
      fold_lanes(op, v + j, m, s + at, c ? c + at : nullptr);
      j += m;
      cur.i += m;
      if (cur.i == sh.inner) {
        cur.i = 0;
        if (++cur.k == sh.len) {
          cur.k = 0;
          ++cur.o;
        }
      }
    }
  }
}

void fold_any(uint32_t dtype, uint16_t op, const void* v, size_t n, const Shape3& sh, Cursor& cur,
              uint64_t ob, double* s, double* c) {
  switch (dtype) {
    case RM_DTYPE_F32:
      fold_block(op, static_cast<const float*>(v), n, sh, cur, ob, s, c);
      break;
    case RM_DTYPE_F64:
      fold_block(op, static_cast<const double*>(v), n, sh, cur, ob, s, c);
      break;
    default:
      fold_block(op, static_cast<const uint8_t*>(v), n, sh, cur, ob, s, c);
      break;
  }
}

void fold_lanes_any(uint32_t dtype, uint16_t op, const void* v, size_t m, double* s, double* c) {
  switch (dtype) {
    case RM_DTYPE_F32:
      fold_lanes(op, static_cast<const float*>(v), m, s, c);
      break;
    case RM_DTYPE_F64:
      fold_lanes(op, static_cast<const double*>(v), m, s, c);
      break;
    default:
      fold_lanes(op, static_cast<const uint8_t*>(v), m, s, c);
      break;
  }
}

// Evaluates the pre-reduce steps over [begin, end) and folds into s/c, indexed
// (o - ob) * inner + i.
void fold_range(const LaunchState& ls, Arena& arena, const Shape3& sh, uint64_t begin, uint64_t end,
                uint64_t ob, double* s, double* c) {
  const Plan& p = *ls.plan;
  const uint64_t slab = sh.len * sh.inner;
  Cursor cur{begin / slab, (begin % slab) / sh.inner, begin % sh.inner};
  for (uint64_t b = begin; b < end; b += kBlock) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(kBlock, end - b));
    eval_steps(p.pre, ls, arena, b, n);
    fold_any(p.reduce_dtype, p.reduce_op, arena.vptr[p.reduce_operand], n, sh, cur, ob, s, c);
  }
}

void combine(uint16_t op, double& s, double& c, double ps, double pc) {
  switch (op) {
    case RM_RED_SUM:
      c += pc;
      neumaier_add(s, c, ps);
      break;
    case RM_RED_PROD:
      s *= ps;
      break;
    case RM_RED_MIN:
      s = ops::nanmin(s, ps);
      break;
    case RM_RED_MAX:
      s = ops::nanmax(s, ps);
      break;
    case RM_RED_ANY:
      s = (s != 0 || ps != 0) ? 1.0 : 0.0;
      break;
    case RM_RED_ALL:
      s = (s != 0 && ps != 0) ? 1.0 : 0.0;
      break;
    default:
      break;
  }
}

void store_reduced(uint32_t dtype, const double* r, size_t n, void* col) {
  switch (dtype) {
    case RM_DTYPE_F32: {
      float* o = static_cast<float*>(col);
      for (size_t t = 0; t < n; ++t) o[t] = static_cast<float>(r[t]);
      break;
    }
    case RM_DTYPE_F64:
      std::copy(r, r + n, static_cast<double*>(col));
      break;
    default: {
      uint8_t* o = static_cast<uint8_t*>(col);
      for (size_t t = 0; t < n; ++t) o[t] = r[t] != 0 ? 1 : 0;
      break;
    }
  }
}

}  // namespace

void run_reduce(rm_context ctx, const LaunchState& ls, uint64_t outer, uint64_t len,
                uint64_t inner) {
  const Plan& p = *ls.plan;
  const uint16_t op = p.reduce_op;
  const Shape3 sh{outer, len, inner};
  const uint64_t nout = outer * inner;
  if (nout == 0) return;
  const bool is_sum = op == RM_RED_SUM;
  std::vector<double> acc(nout, identity(op));
  std::vector<double> comp(is_sum ? nout : 0, 0.0);
  double* S = acc.data();
  double* C = is_sum ? comp.data() : nullptr;
  const bool inline_only = ls.count < kInlineElements;

  if (len > 0) {
    const uint64_t slab = len * inner;  // elements per outer index
    if (outer >= kMinOuterTasks || slab <= kTaskElements) {
      // A: groups of whole outer slices.
      const uint64_t group = std::max<uint64_t>(1, kTaskElements / slab);
      const uint64_t tasks = (outer + group - 1) / group;
      parallel_tasks(ctx, ls, static_cast<size_t>(tasks), inline_only, [&](size_t t, Arena& a) {
        const uint64_t o0 = t * group, o1 = std::min(outer, o0 + group);
        fold_range(ls, a, sh, o0 * slab, o1 * slab, 0, S, C);
      });
    } else if (inner >= kTile) {
      // B: (o, tile of inner), walking every k.
      const uint64_t tiles = (inner + kTile - 1) / kTile;
      parallel_tasks(ctx, ls, static_cast<size_t>(outer * tiles), inline_only,
                     [&](size_t t, Arena& a) {
                       const uint64_t o = t / tiles, i0 = (t % tiles) * kTile;
                       const size_t w = static_cast<size_t>(std::min(kTile, inner - i0));
                       double* s = S + o * inner + i0;
                       double* c = C ? C + o * inner + i0 : nullptr;
                       for (uint64_t k = 0; k < len; ++k) {
                         eval_steps(p.pre, ls, a, (o * len + k) * inner + i0, w);
                         fold_lanes_any(p.reduce_dtype, op, a.vptr[p.reduce_operand], w, s, c);
                       }
                     });
    } else {
      // C: (o, chunk of k) partials, combined in chunk order.
      uint64_t chunk = std::max<uint64_t>(1, (kTaskElements + inner - 1) / inner);
      uint64_t nchunks = (len + chunk - 1) / chunk;
      if (outer * inner * nchunks > kMaxPartials) {
        const uint64_t cap = std::max<uint64_t>(1, kMaxPartials / (outer * inner));
        chunk = (len + cap - 1) / cap;
        nchunks = (len + chunk - 1) / chunk;
      }
      const uint64_t per_o = nchunks * inner;
      std::vector<double> ps(outer * per_o, identity(op));
      std::vector<double> pc(is_sum ? outer * per_o : 0, 0.0);
      parallel_tasks(
          ctx, ls, static_cast<size_t>(outer * nchunks), inline_only, [&](size_t t, Arena& a) {
            const uint64_t o = t / nchunks, ch = t % nchunks;
            const uint64_t k0 = ch * chunk, k1 = std::min(len, k0 + chunk);
            double* s = ps.data() + o * per_o + ch * inner;
            double* c = is_sum ? pc.data() + o * per_o + ch * inner : nullptr;
            fold_range(ls, a, sh, (o * len + k0) * inner, (o * len + k1) * inner, o, s, c);
          });
      for (uint64_t o = 0; o < outer; ++o) {
        for (uint64_t ch = 0; ch < nchunks; ++ch) {
          for (uint64_t i = 0; i < inner; ++i) {
            const uint64_t at = o * per_o + ch * inner + i;
            double dummy = 0;
            combine(op, S[o * inner + i], C ? C[o * inner + i] : dummy, ps[at],
                    is_sum ? pc[at] : 0.0);
          }
        }
      }
    }
  }
  if (is_sum) {
    for (uint64_t j = 0; j < nout; ++j) S[j] = finish_sum(S[j], C[j]);
  }

  // Phase 2: epilogue over the outputs.
  const uint64_t blocks = (nout + kBlock - 1) / kBlock;
  parallel_tasks(ctx, ls, static_cast<size_t>(blocks), nout < kInlineElements,
                 [&](size_t b, Arena& a) {
                   const uint64_t start = b * kBlock;
                   const size_t n = static_cast<size_t>(std::min<uint64_t>(kBlock, nout - start));
                   unsigned char* col = a.column(p.reduce_col);
                   store_reduced(p.reduce_dtype, S + start, n, col);
                   a.vptr[p.reduce_value] = col;
                   eval_steps(p.post, ls, a, start, n);
                 });
}

}  // namespace rmcpu
