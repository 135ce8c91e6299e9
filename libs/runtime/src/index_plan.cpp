#include "index_plan.hpp"

#include <cmath>

#include "runmat/core/error.hpp"

namespace runmat::runtime {

std::vector<int64_t> resolve_subscript(const Value& idx, int64_t extent, bool allow_growth,
                                       Shape* idx_shape) {
  std::vector<int64_t> out;
  if (idx.kind() == Value::Kind::Colon) {
    out.resize(static_cast<size_t>(extent));
    for (int64_t i = 0; i < extent; ++i) out[i] = i;
    if (idx_shape) *idx_shape = Shape::column(extent);
    return out;
  }
  if (!idx.is_numeric_like()) {
    throw_error("MATLAB:badsubscript",
                "Array indices must be positive integers or logical values.");
  }
  if (idx_shape) *idx_shape = idx.shape();
  if (idx.cls() == ClassId::Logical) {
    for (int64_t i = 0; i < idx.numel(); ++i) {
      if (idx.elem(i) == 0) continue;
      if (i >= extent && !allow_growth) {
        throw_error("MATLAB:badsubscript",
                    "The logical indices contain a true value outside of the array bounds.");
      }
      out.push_back(i);
    }
    if (idx_shape) {
      const auto n = static_cast<int64_t>(out.size());
      *idx_shape = idx.shape().rows() == 1 ? Shape::row(n) : Shape::column(n);
    }
    return out;
  }
  out.reserve(static_cast<size_t>(idx.numel()));
  for (int64_t i = 0; i < idx.numel(); ++i) {
    const double d = idx.elem(i);
    if (std::isnan(d) || d != std::floor(d) || d < 1) {
      if (d == std::floor(d) && d < 1) {
        throw_error("MATLAB:index:outOfBounds",
                    "Index in position 1 is invalid. Array indices must be positive integers or "
                    "logical values.");
      }
      throw_error("MATLAB:badsubscript",
                  "Array indices must be positive integers or logical values.");
    }
    const auto k = static_cast<int64_t>(d) - 1;
    if (k >= extent && !allow_growth) {
      throw_error("MATLAB:badsubscript",
                  "Index exceeds the number of array elements. Index must not exceed %d.", extent);
    }
    out.push_back(k);
  }
  return out;
}

namespace {
// Extent of subscript position d of nd: the last one spans the trailing dimensions.
int64_t extent_at(const Shape& s, int d, int nd) {
  int64_t e = s.dim(d);
  if (d == nd - 1) {
    for (int k = d + 1; k < s.ndims(); ++k) e *= s.dim(k);
  }
  return e;
}

// Walks the cartesian product of per-dimension positions in column-major order.
template <typename Fn>
void for_each_subscript(const std::vector<std::vector<int64_t>>& subs, const Shape& target,
                        Fn&& fn) {
  const int nd = static_cast<int>(subs.size());
  int64_t count = 1;
  for (const auto& v : subs) count *= static_cast<int64_t>(v.size());
  std::vector<int64_t> ix(static_cast<size_t>(nd), 0);
  for (int64_t i = 0; i < count; ++i) {
    int64_t off = 0, stride = 1;
    for (int d = 0; d < nd; ++d) {
      off += subs[d][ix[d]] * stride;
      stride *= d == nd - 1 ? 1 : target.dim(d);
    }
    fn(off);
    for (int d = 0; d < nd; ++d) {
      if (++ix[d] < static_cast<int64_t>(subs[d].size())) break;
      ix[d] = 0;
    }
  }
}
}  // namespace

ReadPlan plan_read(const Shape& s, const std::vector<Value>& args) {
  ReadPlan p;
  if (args.empty()) {
    p.shape = s;
    for (int64_t i = 0; i < s.numel(); ++i) p.positions.push_back(i);
    return p;
  }
  if (args.size() == 1) {
    Shape ishape;
    p.positions = resolve_subscript(args[0], s.numel(), false, &ishape);
    const auto n = static_cast<int64_t>(p.positions.size());
    p.shape = ishape;
    if (args[0].kind() == Value::Kind::Colon) {
      p.shape = Shape::column(n);
    } else if (s.is_vector() && ishape.is_vector() && s.numel() > 0) {
      p.shape = s.rows() == 1 ? Shape::row(n) : Shape::column(n);
    }
    return p;
  }
  const int nd = static_cast<int>(args.size());
  std::vector<std::vector<int64_t>> subs(static_cast<size_t>(nd));
  Shape::Dims dims(static_cast<size_t>(nd));
  for (int d = 0; d < nd; ++d) {
    const int64_t extent = extent_at(s, d, nd);
    try {
      subs[d] = resolve_subscript(args[d], extent, false, nullptr);
    } catch (const MatlabError& e) {
      if (e.message().rfind("Index exceeds", 0) == 0) {
        throw_error("MATLAB:badsubscript",
                    "Index in position %d exceeds array bounds. Index must not exceed %d.", d + 1,
                    extent);
      }
      throw;
    }
    dims[d] = static_cast<int64_t>(subs[d].size());
  }
  p.shape = Shape(dims);
  Shape::Dims strides_shape(static_cast<size_t>(nd));
  for (int d = 0; d < nd; ++d) strides_shape[d] = extent_at(s, d, nd);
  for_each_subscript(subs, Shape(strides_shape), [&](int64_t off) { p.positions.push_back(off); });
  return p;
}

WritePlan plan_write(const Shape& s, const std::vector<Value>& args) {
  WritePlan p;
  const int nd = static_cast<int>(args.size());
  if (nd == 0) {
    p.grown = s;
    for (int64_t i = 0; i < s.numel(); ++i) p.positions.push_back(i);
    return p;
  }
  if (nd == 1) {
    p.positions = resolve_subscript(args[0], s.numel(), true, nullptr);
    int64_t need = s.numel();
    for (int64_t k : p.positions) need = std::max(need, k + 1);
    if (need == s.numel()) {
      p.grown = s;
    } else if (s.numel() == 0 || (s.ndims() == 2 && s.rows() == 1)) {
      p.grown = Shape::row(need);
    } else if (s.ndims() == 2 && s.cols() == 1) {
      p.grown = Shape::column(need);
    } else {
      throw_error("MATLAB:indexed:outOfBounds", "Attempt to grow array along ambiguous dimension.");
    }
    return p;
  }
  Shape::Dims dims(static_cast<size_t>(std::max(nd, s.ndims())));
  for (size_t d = 0; d < dims.size(); ++d) dims[d] = s.dim(static_cast<int>(d));
  std::vector<std::vector<int64_t>> subs(static_cast<size_t>(nd));
  for (int d = 0; d < nd; ++d) {
    if (d == nd - 1 && s.ndims() > nd && args[d].kind() != Value::Kind::Colon) {
      // A trailing subscript over folded dimensions cannot grow them.
      subs[d] = resolve_subscript(args[d], extent_at(s, d, nd), false, nullptr);
      continue;
    }
    subs[d] =
        resolve_subscript(args[d], d == nd - 1 ? extent_at(s, d, nd) : s.dim(d), true, nullptr);
    if (s.ndims() <= nd || d < nd - 1) {
      for (int64_t k : subs[d]) dims[d] = std::max(dims[d], k + 1);
    }
  }
  p.grown = Shape(dims);
  Shape::Dims fold(static_cast<size_t>(nd));
  for (int d = 0; d < nd; ++d) fold[d] = extent_at(p.grown, d, nd);
  for_each_subscript(subs, Shape(fold), [&](int64_t off) { p.positions.push_back(off); });
  return p;
}

DeletePlan plan_delete(const Shape& s, const std::vector<Value>& args) {
  DeletePlan p;
  const int64_t n = s.numel();
  auto out_of_range = []() {
    throw_error("MATLAB:subsdeldimmismatch", "Matrix index is out of range for deletion.");
  };
  auto marks = [&](const Value& idx, int64_t extent, std::vector<bool>* mark) {
    mark->assign(static_cast<size_t>(extent), false);
    int64_t count = 0;
    for (int64_t k : resolve_subscript(idx, extent, true, nullptr)) {
      if (k >= extent) out_of_range();
      if (!(*mark)[k]) {
        (*mark)[k] = true;
        ++count;
      }
    }
    return count;
  };
  if (args.empty()) {
    p.keep.assign(static_cast<size_t>(n), false);
    p.shape = Shape{0, 0};
    return p;
  }
  if (args.size() == 1) {
    std::vector<bool> mark;
    const int64_t gone = marks(args[0], n, &mark);
    if (gone == 0) {
      p.nothing = true;
      return p;
    }
    p.keep.resize(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) p.keep[i] = !mark[i];
    const int64_t left = n - gone;
    p.shape = Shape::row(left);
    if (args[0].kind() == Value::Kind::Colon) {
      p.shape = Shape{0, 0};
    } else if (s.ndims() == 2 && s.cols() == 1 && s.rows() != 1) {
      p.shape = Shape::column(left);
    }
    return p;
  }
  const int nd = static_cast<int>(args.size());
  Shape::Dims ext(static_cast<size_t>(nd));
  for (int d = 0; d < nd; ++d) ext[d] = extent_at(s, d, nd);
  std::vector<std::vector<bool>> mark(static_cast<size_t>(nd));
  int del_dim = -1, partial = 0;
  for (int d = 0; d < nd; ++d) {
    const int64_t count = marks(args[d], ext[d], &mark[d]);
    if (args[d].kind() == Value::Kind::Colon || count == ext[d]) continue;
    ++partial;
    if (count == 0) p.nothing = true;
    if (del_dim < 0) del_dim = d;
  }
  if (p.nothing) return p;
  if (partial > 1) {
    throw_error("MATLAB:subsdeldimmismatch",
                "A null assignment can have only one non-colon index.");
  }
  if (del_dim < 0) del_dim = 0;
  Shape::Dims out = ext;
  for (bool m : mark[del_dim]) out[del_dim] -= m ? 1 : 0;
  p.shape = Shape(out);
  p.keep.resize(static_cast<size_t>(n));
  std::vector<int64_t> ix(static_cast<size_t>(nd), 0);
  for (int64_t i = 0; i < n; ++i) {
    p.keep[i] = !mark[del_dim][ix[del_dim]];
    for (int d = 0; d < nd; ++d) {
      if (++ix[d] < ext[d]) break;
      ix[d] = 0;
    }
  }
  return p;
}

std::vector<int64_t> grow_positions(const Shape& from, const Shape& to) {
  std::vector<int64_t> out(static_cast<size_t>(from.numel()));
  const int nd = std::max(from.ndims(), 1);
  std::vector<int64_t> ix(static_cast<size_t>(nd), 0);
  for (int64_t i = 0; i < from.numel(); ++i) {
    int64_t off = 0, stride = 1;
    for (int d = 0; d < nd; ++d) {
      off += ix[d] * stride;
      stride *= to.dim(d);
    }
    out[static_cast<size_t>(i)] = off;
    for (int d = 0; d < nd; ++d) {
      if (++ix[d] < from.dim(d)) break;
      ix[d] = 0;
    }
  }
  return out;
}

}  // namespace runmat::runtime
