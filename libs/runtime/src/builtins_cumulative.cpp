// cumsum cumprod cummin cummax diff nnz find sort, and the index output of max/min. Each works
// slice by slice along one dimension using the [inner, extent, outer] layout, eagerly on the host.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <numeric>

#include "builtins.hpp"
#include "builtins_arrays.hpp"
#include "reductions.hpp"
#include "runmat/core/integer.hpp"

namespace runmat::runtime {
namespace {

// Arithmetic results are single for single input, the class itself for integer classes and
// double otherwise (logical, char).
ClassId arithmetic_result(ClassId c) {
  if (is_integer_class(c)) return c;
  return c == ClassId::Single ? ClassId::Single : ClassId::Double;
}

// Visits every slice along `dim`: fn(base, stride) where element e of the slice is at
// base + e * stride.
template <typename Fn>
void for_each_slice(const DimLayout& l, Fn fn) {
  for (int64_t o = 0; o < l.outer; ++o) {
    for (int64_t i = 0; i < l.inner; ++i) fn(o * l.extent * l.inner + i, l.inner);
  }
}

// ---- cumsum / cumprod -------------------------------------------------------------------

template <typename T, bool Product>
void accumulate(const Array& src, Array& dst, const DimLayout& l, bool reverse) {
  T* out = dst.mutable_data<T>();
  for_each_slice(l, [&](int64_t base, int64_t stride) {
    T acc = Product ? T(1) : T(0);
    for (int64_t k = 0; k < l.extent; ++k) {
      const int64_t e = reverse ? l.extent - 1 - k : k;
      const T v = static_cast<T>(src.get_as_double(base + e * stride));
      acc = Product ? acc * v : acc + v;
      out[base + e * stride] = acc;
    }
  });
}

// Integer classes: exact, each partial result saturated to the class as MATLAB's native
// integer arithmetic does (cumsum(int8([100 100 -100])) is [100 127 27]).
enum class IntScan { kSum, kProd, kMin, kMax };
void integer_scan(const Array& src, Array& dst, const DimLayout& l, bool reverse, IntScan op) {
  const ClassId cls = dst.cls();
  for_each_slice(l, [&](int64_t base, int64_t stride) {
    Wide acc = op == IntScan::kProd ? 1 : 0;
    for (int64_t k = 0; k < l.extent; ++k) {
      const int64_t e = reverse ? l.extent - 1 - k : k;
      const Wide v = get_wide(src, base + e * stride);
      switch (op) {
        case IntScan::kSum:
          acc = saturate(cls, acc + v);
          break;
        case IntScan::kProd: {
          Wide p = 0;
          acc = __builtin_mul_overflow(acc, v, &p)
                    ? ((acc < 0) != (v < 0) ? integer_min(cls) : integer_max(cls))
                    : saturate(cls, p);
          break;
        }
        case IntScan::kMin:
          acc = k == 0 || v < acc ? v : acc;
          break;
        case IntScan::kMax:
          acc = k == 0 || v > acc ? v : acc;
          break;
      }
      set_wide(dst, base + e * stride, acc);
    }
  });
}

// Removes a trailing 'forward'/'reverse' option; returns true for 'reverse'.
bool take_direction(Args& args) {
  if (args.size() < 2 || !args.back().is_char()) return false;
  const std::string dir = args.back().to_text();
  if (dir != "reverse" && dir != "forward") {
    throw_error("MATLAB:cumfun:invalidDirection", "Direction must be 'forward' or 'reverse'.");
  }
  args.pop_back();
  return dir == "reverse";
}

// The shared shell of cumsum/cumprod/cummin/cummax: (x[, dim][, direction]) parsing and the
// result array; `kernel(type_tag, src, dst, layout, reverse)` runs in float or double.
template <typename Kernel>
Args cumulative_apply(CallContext& ctx, Args& args, Kernel kernel, IntScan int_op) {
  check_nargs(ctx, args, 1, 3);
  const bool reverse = take_direction(args);
  const ArrayPtr src = args[0].as_array();
  const Shape s = src->shape();
  const int dim = args.size() >= 2 ? dim_from_value(args[1]) : default_reduce_dim(s);
  ArrayPtr out = new_array(arithmetic_result(src->cls()), s);
  const DimLayout l = layout_around(s, dim);
  if (is_integer_class(out->cls())) {
    integer_scan(*src, *out, l, reverse, int_op);
  } else if (out->cls() == ClassId::Single) {
    kernel(float{}, *src, *out, l, reverse);
  } else {
    kernel(double{}, *src, *out, l, reverse);
  }
  return {wrap_array(std::move(out))};
}

template <bool Product>
Args cumulative_fn(CallContext& ctx, Args& args) {
  return cumulative_apply(
      ctx, args,
      [](auto tag, const Array& src, Array& dst, const DimLayout& l, bool rev) {
        accumulate<decltype(tag), Product>(src, dst, l, rev);
      },
      Product ? IntScan::kProd : IntScan::kSum);
}

// cummin/cummax skip NaN: the running extremum starts at the first non-NaN element and
// positions before it stay NaN.
template <typename T, bool Max>
void running_extremum(const Array& src, Array& dst, const DimLayout& l, bool reverse) {
  T* out = dst.mutable_data<T>();
  for_each_slice(l, [&](int64_t base, int64_t stride) {
    T acc = std::numeric_limits<T>::quiet_NaN();
    for (int64_t k = 0; k < l.extent; ++k) {
      const int64_t e = reverse ? l.extent - 1 - k : k;
      const T v = static_cast<T>(src.get_as_double(base + e * stride));
      if (std::isnan(acc) || (Max ? v > acc : v < acc)) acc = v;
      out[base + e * stride] = acc;
    }
  });
}

template <bool Max>
Args cumulative_extremum_fn(CallContext& ctx, Args& args) {
  return cumulative_apply(
      ctx, args,
      [](auto tag, const Array& src, Array& dst, const DimLayout& l, bool rev) {
        running_extremum<decltype(tag), Max>(src, dst, l, rev);
      },
      Max ? IntScan::kMax : IntScan::kMin);
}

// ---- diff -------------------------------------------------------------------------------

// One first difference along dim (that dim shrinks by one, never below zero).
ArrayPtr diff_once(const Array& src, int dim) {
  const Shape s = src.shape();
  Shape::Dims d(std::max(s.ndims(), dim + 1));
  for (int k = 0; k < static_cast<int>(d.size()); ++k) d[k] = s.dim(k);
  d[dim] = std::max<int64_t>(0, d[dim] - 1);
  ArrayPtr out = new_array(arithmetic_result(src.cls()), Shape(d));
  const DimLayout in = layout_around(s, dim);
  const int64_t ext = d[dim];
  for (int64_t o = 0; o < in.outer; ++o) {
    for (int64_t e = 0; e < ext; ++e) {
      for (int64_t i = 0; i < in.inner; ++i) {
        const int64_t a = (o * in.extent + e) * in.inner + i;
        const double hi = src.get_as_double(a + in.inner), lo = src.get_as_double(a);
        const int64_t to = (o * ext + e) * in.inner + i;
        if (out->cls() == ClassId::Single) {
          // Subtract in single precision so the rounding matches MATLAB's.
          out->mutable_data<float>()[to] = static_cast<float>(hi) - static_cast<float>(lo);
        } else {
          out->mutable_data<double>()[to] = hi - lo;
        }
      }
    }
  }
  return out;
}

Args diff_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 3);
  int64_t order = 1;
  if (args.size() >= 2 && args[1].numel() != 0) {
    const double n = args[1].numel() == 1 ? args[1].elem(0) : -1;
    if (!(n >= 0) || n != std::floor(n) || std::isinf(n)) {
      throw_error("MATLAB:diff:differenceOrderMustBePositiveInteger",
                  "Difference order N must be a positive integer scalar.");
    }
    order = static_cast<int64_t>(n);
  }
  ArrayPtr cur = args[0].as_array();
  if (args.size() == 3) {
    const int dim = dim_from_value(args[2]);
    check_result_dims(dim);
    for (int64_t k = 0; k < order && cur->shape().dim(dim) > 0; ++k) cur = diff_once(*cur, dim);
  } else {
    if (order > 0 && cur->numel() == 1)
      return {empty_value(arithmetic_result(cur->cls()), Shape{0, 0})};
    // Without a dim, each difference runs along the current first non-singleton dimension,
    // so a matrix continues along its rows once its columns are used up (as MATLAB does).
    int dim = default_reduce_dim(cur->shape());
    for (int64_t k = 0; k < order && cur->shape().dim(dim) > 0; ++k) {
      cur = diff_once(*cur, dim);
      if (cur->numel() != 1) dim = default_reduce_dim(cur->shape());
    }
  }
  if (cur->cls() != arithmetic_result(cur->cls())) {
    // diff(x, 0) of logical or char: the input converted to double.
    ArrayPtr out = new_array(arithmetic_result(cur->cls()), cur->shape());
    for (int64_t i = 0; i < cur->numel(); ++i) store_as(*out, i, cur->get_as_double(i));
    cur = out;
  }
  return {wrap_array(std::move(cur))};
}

// ---- nnz / find -------------------------------------------------------------------------

Args nnz_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  const ArrayPtr a = args[0].as_array();
  int64_t n = 0;
  for (int64_t i = 0; i < a->numel(); ++i) n += a->get_as_double(i) != 0;  // NaN counts
  return {Value::num(static_cast<double>(n))};
}

// find's result shape: a row for row-vector input, 0x0 for 0x0 input, a column otherwise.
Shape find_shape(const Shape& in, int64_t count) {
  if (in.ndims() == 2 && in.rows() == 0 && in.cols() == 0) return Shape{0, 0};
  if (in.ndims() == 2 && in.rows() == 1) return Shape::row(count);
  return Shape::column(count);
}

Value doubles(const std::vector<double>& v, const Shape& shape) {
  ArrayPtr a = new_array(ClassId::Double, shape);
  std::copy(v.begin(), v.end(), a->mutable_data<double>());
  return wrap_array(std::move(a));
}

Args find_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 3);
  const ArrayPtr a = args[0].as_array();
  const int64_t numel = a->numel();
  int64_t limit = numel;
  bool last = false;
  if (args.size() >= 2) {
    const double n = args[1].numel() == 1 ? args[1].elem(0) : -1;
    if (!(n >= 1) || n != std::floor(n)) {
      throw_error("MATLAB:find:secondInputNotPositiveInteger",
                  "Second argument must be a positive scalar integer.");
    }
    limit = std::isinf(n) ? numel
                          : static_cast<int64_t>(std::min<double>(n, static_cast<double>(numel)));
  }
  if (args.size() == 3) {
    const std::string dir = args[2].is_char() ? args[2].to_text() : std::string();
    if (dir != "first" && dir != "last") {
      throw_error("MATLAB:find:invalidSearchDirection",
                  "Invalid search option. Use 'first' or 'last'.");
    }
    last = dir == "last";
  }
  std::vector<int64_t> hits;
  if (last) {
    for (int64_t i = numel - 1; i >= 0 && static_cast<int64_t>(hits.size()) < limit; --i) {
      if (a->get_as_double(i) != 0) hits.push_back(i);
    }
    std::reverse(hits.begin(), hits.end());  // 'last' still lists them in ascending order
  } else {
    for (int64_t i = 0; i < numel && static_cast<int64_t>(hits.size()) < limit; ++i) {
      if (a->get_as_double(i) != 0) hits.push_back(i);
    }
  }
  const Shape shape = find_shape(a->shape(), static_cast<int64_t>(hits.size()));
  const int64_t rows = std::max<int64_t>(a->shape().rows(), 1);
  std::vector<double> first, second;
  for (int64_t h : hits) {
    if (ctx.nargout >= 2) {
      first.push_back(static_cast<double>(h % rows + 1));
      second.push_back(static_cast<double>(h / rows + 1));  // columns run on through N-D pages
    } else {
      first.push_back(static_cast<double>(h + 1));
    }
  }
  if (ctx.nargout < 2) return {doubles(first, shape)};
  Args out{doubles(first, shape), doubles(second, shape)};
  if (ctx.nargout >= 3) {
    ArrayPtr v = new_array(a->cls(), shape);
    for (size_t i = 0; i < hits.size(); ++i) copy_element(*a, hits[i], *v, static_cast<int64_t>(i));
    out.push_back(wrap_array(std::move(v)));
  }
  return out;
}

// ---- sort -------------------------------------------------------------------------------

bool parse_descend(const Value& v) {
  std::string mode = v.is_char() ? v.to_text() : std::string();
  std::transform(mode.begin(), mode.end(), mode.begin(), ::tolower);
  if (mode != "ascend" && mode != "descend") {
    throw_error("MATLAB:sort:sortDirection", "Sorting direction must be 'ascend' or 'descend'.");
  }
  return mode == "descend";
}

Args sort_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 3);
  const ArrayPtr src = args[0].as_array();
  const Shape s = src->shape();
  int dim = default_reduce_dim(s);
  bool descend = false;
  if (args.size() == 3) {
    dim = dim_from_value(args[1]);
    descend = parse_descend(args[2]);
  } else if (args.size() == 2) {
    if (args[1].is_char()) {
      descend = parse_descend(args[1]);
    } else {
      dim = dim_from_value(args[1]);
    }
  }
  const DimLayout l = layout_around(s, dim);
  ArrayPtr sorted = new_array(src->cls(), s);
  ArrayPtr index = new_array(ClassId::Double, s);
  std::vector<int64_t> order(static_cast<size_t>(l.extent));
  // long double keys hold int64/uint64 values exactly.
  std::vector<long double> key(static_cast<size_t>(l.extent));
  const bool exact = is_integer_class(src->cls());
  // NaN sorts as the largest value: last when ascending, first when descending. The stable
  // sort keeps equal elements in their original order in both directions, as MATLAB does.
  auto less = [&](int64_t a, int64_t b) {
    const long double x = key[a], y = key[b];
    if (descend) return !std::isnan(y) && (std::isnan(x) || x > y);
    return !std::isnan(x) && (std::isnan(y) || x < y);
  };
  for_each_slice(l, [&](int64_t base, int64_t stride) {
    for (int64_t e = 0; e < l.extent; ++e) {
      const int64_t at = base + e * stride;
      key[e] = exact ? static_cast<long double>(get_wide(*src, at)) : src->get_as_double(at);
    }
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), less);
    for (int64_t e = 0; e < l.extent; ++e) {
      copy_element(*src, base + order[e] * stride, *sorted, base + e * stride);
      index->mutable_data<double>()[base + e * stride] = static_cast<double>(order[e] + 1);
    }
  });
  sorted->set_gpu(src->is_gpu());
  Args out{wrap_array(std::move(sorted))};
  if (ctx.nargout >= 2) out.push_back(wrap_array(std::move(index)));
  return out;
}

}  // namespace

Args extremum_with_index(const Value& x, int dim, bool is_max, ClassId out_cls) {
  const ArrayPtr src = x.as_array();
  const Shape in_shape = src->shape();
  if (in_shape == Shape{0, 0} || (dim < 0 && in_shape.is_empty())) {
    return {empty_value(out_cls, Shape{0, 0}), empty_value(ClassId::Double, Shape{0, 0})};
  }
  // 'all' scans the elements as one column, so the index is linear.
  const Shape s = dim < 0 ? Shape::column(in_shape.numel()) : in_shape;
  if (dim < 0) dim = 0;
  const DimLayout l = layout_around(s, dim);
  Shape out_shape = s;
  if (dim < s.ndims()) {
    Shape::Dims d = s.dims();
    d[dim] = l.extent == 0 ? 0 : 1;  // no extremum of an empty slice: that dim stays empty
    out_shape = Shape(d);
  }
  ArrayPtr m = new_array(out_cls, out_shape);
  ArrayPtr idx = new_array(ClassId::Double, out_shape);
  const bool exact = is_integer_class(src->cls());
  if (l.extent > 0) {
    int64_t slot = 0;
    for_each_slice(l, [&](int64_t base, int64_t stride) {
      // NaN is ignored unless the whole slice is NaN (then the result is NaN at index 1).
      int64_t best = 0;
      double bv = src->get_as_double(base);
      Wide bw = exact ? get_wide(*src, base) : 0;
      for (int64_t e = 1; e < l.extent; ++e) {
        if (exact) {  // int64/uint64 beyond 2^53 compare exactly
          const Wide w = get_wide(*src, base + e * stride);
          if (is_max ? w > bw : w < bw) {
            best = e;
            bw = w;
          }
          continue;
        }
        const double v = src->get_as_double(base + e * stride);
        if (std::isnan(v)) continue;
        if (std::isnan(bv) || (is_max ? v > bv : v < bv)) {
          best = e;
          bv = v;
        }
      }
      // Slices are visited in output order: outer-major, inner-minor.
      slot = (base / (l.extent * l.inner)) * l.inner + base % l.inner;
      if (m->cls() == src->cls()) {
        copy_element(*src, base + best * stride, *m, slot);
      } else {
        store_as(*m, slot, bv);
      }
      idx->mutable_data<double>()[slot] = static_cast<double>(best + 1);
    });
  }
  return {wrap_array(std::move(m)), wrap_array(std::move(idx))};
}

void register_cumulative_builtins(BuiltinRegistry& reg) {
  reg.add("cumsum", cumulative_fn<false>,
          "cumsum(x), cumsum(x, dim), cumsum(..., 'reverse'): cumulative sum.");
  reg.add("cumprod", cumulative_fn<true>,
          "cumprod(x), cumprod(x, dim), cumprod(..., 'reverse'): cumulative product.");
  reg.add("cummin", cumulative_extremum_fn<false>,
          "cummin(x), cummin(x, dim), cummin(..., 'reverse'): running minimum (NaN skipped).");
  reg.add("cummax", cumulative_extremum_fn<true>,
          "cummax(x), cummax(x, dim), cummax(..., 'reverse'): running maximum (NaN skipped).");
  reg.add("diff", diff_fn,
          "diff(x), diff(x, n), diff(x, n, dim): differences between adjacent elements.");
  reg.add("nnz", nnz_fn, "nnz(x): number of nonzero elements.");
  reg.add("find", find_fn,
          "find(x), find(x, n), find(x, n, 'last'), [r, c, v] = find(x): nonzero elements.");
  reg.add("sort", sort_fn,
          "sort(x), sort(x, dim), sort(..., 'descend'), [s, i] = sort(x): stable sort, NaN last "
          "(first descending).");
}

}  // namespace runmat::runtime
