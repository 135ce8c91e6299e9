// Index conversion and grid/array construction: sub2ind ind2sub rot90 logspace ndgrid blkdiag.
#include <cmath>
#include <vector>

#include "builtins.hpp"
#include "builtins_numeric.hpp"
#include "runmat/core/containers.hpp"

namespace runmat::runtime {
namespace {

// A result whose element i is source element map(i): every kind of array keeps its kind and
// class (numeric, char, logical, cell, string, struct, complex).
template <typename Map>
Value rearrange(const Value& v, const Shape& out_shape, Map map) {
  const int64_t n = out_shape.numel();
  if (v.is_cell()) {
    auto out = std::make_shared<CellArray>(out_shape);
    for (int64_t i = 0; i < n; ++i) out->data[i] = v.cell().data[map(i)];
    return Value::cell(std::move(out));
  }
  if (v.is_string()) {
    const StringArray& s = v.string();
    auto out = std::make_shared<StringArray>(out_shape);
    if (!s.missing.empty()) out->missing.resize(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      out->data[i] = s.data[map(i)];
      if (!s.missing.empty()) out->missing[i] = s.missing[map(i)];
    }
    return Value::string(std::move(out));
  }
  if (v.is_struct()) {
    const StructArray& st = v.structure();
    auto out = std::make_shared<StructArray>(out_shape);
    out->fields = st.fields;
    out->values.resize(static_cast<size_t>(n) * st.fields.size());
    for (int64_t i = 0; i < n; ++i) {
      for (size_t f = 0; f < st.fields.size(); ++f) {
        out->at(i, static_cast<int>(f)) = st.at(map(i), static_cast<int>(f));
      }
    }
    return Value::structure(std::move(out));
  }
  if (v.is_complex()) {
    auto out = std::make_shared<ComplexArray>(out_shape);
    out->single = v.complex().single;
    for (int64_t i = 0; i < n; ++i) out->data[i] = v.complex().data[map(i)];
    return Value::complex(std::move(out));
  }
  if (!v.is_numeric_like()) {
    throw_error("MATLAB:UndefinedFunction", "Undefined function for input arguments of type '%s'.",
                v.class_name());
  }
  const ArrayPtr src = v.as_array();
  ArrayPtr out = new_array(src->cls(), out_shape);
  for (int64_t i = 0; i < n; ++i) copy_element(*src, map(i), *out, i);
  out->set_gpu(src->is_gpu());
  return wrap_array(std::move(out));
}

// ---- rot90 ------------------------------------------------------------------------------

Args rot90_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  int k = 1;
  if (args.size() == 2) {
    const Value& kv = args[1];
    const double kd = kv.is_numeric_like() && kv.numel() == 1 ? kv.elem(0) : 0.5;
    if (!std::isfinite(kd) || kd != std::floor(kd)) {
      throw_error("MATLAB:rot90:kNonInteger", "K must be an integer scalar.");
    }
    k = static_cast<int>(std::fmod(kd, 4.0));
    k = (k % 4 + 4) % 4;
  }
  const Value& a = args[0];
  const Shape s = a.shape();
  const int64_t m = s.rows(), n = s.cols();
  const int64_t page = m * n;
  Shape::Dims dims = s.dims();
  if (k % 2 == 1) std::swap(dims[0], dims[1]);
  const Shape out_shape(dims);
  const int64_t orows = out_shape.rows();
  return {rearrange(a, out_shape, [&](int64_t i) -> int64_t {
    const int64_t p = page == 0 ? 0 : i / page, r = i % page;
    const int64_t oi = r % orows, oj = r / orows;  // output row, column
    int64_t si = oi, sj = oj;
    if (k == 1) si = oj, sj = n - 1 - oi;
    if (k == 2) si = m - 1 - oi, sj = n - 1 - oj;
    if (k == 3) si = m - 1 - oj, sj = oi;
    return p * page + si + sj * m;
  })};
}

// ---- sub2ind / ind2sub ------------------------------------------------------------------

std::vector<double> size_vector(const Value& v, const char* fn) {
  if (!v.is_numeric_like() || v.numel() < 2 || !v.shape().is_vector()) {
    throw_error(fn[0] == 's' ? "MATLAB:sub2ind:InvalidSize" : "MATLAB:ind2sub:InvalidSize",
                "Size vector must have at least two elements.");
  }
  std::vector<double> sz = to_doubles(v);
  for (double d : sz) {
    if (!(d >= 0) || d != std::floor(d) || std::isinf(d)) {
      throw_error(fn[0] == 's' ? "MATLAB:sub2ind:InvalidSize" : "MATLAB:ind2sub:InvalidSize",
                  "Size vector must contain nonnegative integers.");
    }
  }
  return sz;
}

Args sub2ind_fn(CallContext& ctx, Args& args) {
  if (args.size() < 2) {
    throw_error("MATLAB:minrhs", "Not enough input arguments.");
  }
  std::vector<double> sz = size_vector(args[0], "sub2ind");
  const size_t nsub = args.size() - 1;
  // Trailing dims fold into the last subscript; missing dims are singleton.
  if (nsub < sz.size()) {
    double tail = 1;
    for (size_t d = nsub - 1; d < sz.size(); ++d) tail *= sz[d];
    sz.resize(nsub);
    sz[nsub - 1] = tail;
  }
  sz.resize(std::max(sz.size(), nsub), 1.0);
  const Shape shape = args[1].shape();
  for (size_t s = 1; s < args.size(); ++s) {
    if (!args[s].is_numeric_like()) {
      throw_error("MATLAB:sub2ind:IndexOutOfRange", "Out of range subscript.");
    }
    if (!(args[s].shape() == shape)) {
      throw_error("MATLAB:sub2ind:SubscriptVectorSize",
                  "The subscripts must all be of the same size.");
    }
  }
  std::vector<double> out(static_cast<size_t>(shape.numel()), 0.0);
  double stride = 1;
  for (size_t s = 0; s < nsub; ++s) {
    const ArrayPtr sub = args[s + 1].as_array();
    for (int64_t i = 0; i < sub->numel(); ++i) {
      const double v = sub->get_as_double(i);
      if (!(v >= 1) || v > sz[s]) {
        throw_error("MATLAB:sub2ind:IndexOutOfRange", "Out of range subscript.");
      }
      if (v != std::floor(v)) {
        throw_error("MATLAB:sub2ind:InvalidSubscript",
                    "Subscript indices must either be real positive integers or logicals.");
      }
      out[i] += (v - 1) * stride;
    }
    stride *= sz[s];
  }
  for (double& v : out) v += 1;
  return {from_doubles(out, shape, ClassId::Double)};
}

Args ind2sub_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 2);
  std::vector<double> sz = size_vector(args[0], "ind2sub");
  const size_t nout = static_cast<size_t>(std::max(ctx.nargout, 1));
  if (nout < sz.size()) {
    double tail = 1;
    for (size_t d = nout - 1; d < sz.size(); ++d) tail *= sz[d];
    sz.resize(nout);
    sz[nout - 1] = tail;
  }
  sz.resize(std::max(sz.size(), nout), 1.0);
  double total = 1;
  for (double d : sz) total *= d;
  if (!args[1].is_numeric_like()) {
    throw_error("MATLAB:ind2sub:IndexOutOfRange", "Index out of range.");
  }
  const ArrayPtr ind = args[1].as_array();
  const Shape shape = ind->shape();
  std::vector<std::vector<double>> subs(nout, std::vector<double>(ind->numel()));
  for (int64_t i = 0; i < ind->numel(); ++i) {
    const double v = ind->get_as_double(i);
    if (!(v >= 1) || v > total || v != std::floor(v)) {
      throw_error("MATLAB:ind2sub:IndexOutOfRange", "Index out of range.");
    }
    double rest = v - 1;
    for (size_t d = 0; d < nout; ++d) {
      const double q = d + 1 < nout ? std::floor(rest / sz[d]) : 0;
      subs[d][i] = (d + 1 < nout ? rest - q * sz[d] : rest) + 1;
      rest = q;
    }
  }
  Args out;
  for (size_t d = 0; d < nout; ++d) out.push_back(from_doubles(subs[d], shape, ClassId::Double));
  return out;
}

// ---- logspace ---------------------------------------------------------------------------

// MATLAB's linspace arithmetic (end points exact, overflow-safe form when needed).
std::vector<double> linspace_points(double d1, double d2, double n) {
  n = std::floor(n);
  if (!(n >= 1)) return {};
  const int64_t count = static_cast<int64_t>(n);
  if (count == 1) return {d2};
  const double n1 = static_cast<double>(count - 1);
  std::vector<double> y(static_cast<size_t>(count));
  const bool overflow = std::isinf((d2 - d1) * (n1 - 1));
  for (int64_t i = 0; i < count; ++i) {
    const double t = static_cast<double>(i);
    if (!overflow) {
      y[i] = d1 + t * (d2 - d1) / n1;
    } else if (std::isinf(d2 - d1)) {
      y[i] = d1 + (d2 / n1) * t - (d1 / n1) * t;
    } else {
      y[i] = d1 + t * ((d2 - d1) / n1);
    }
  }
  if (d1 == d2) {
    for (double& v : y) v = d1;
  } else {
    y.front() = d1;
    y.back() = d2;
  }
  return y;
}

Args logspace_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 3);
  for (const Value& v : args) {
    if (!v.is_numeric_like() || v.numel() != 1) {
      throw_error("MATLAB:logspace:NonScalarInputs", "Inputs must be scalars.");
    }
  }
  const ClassId cls = float_result(args[0].cls(), args[1].cls());
  const double a = args[0].elem(0);
  double b = args[1].elem(0);
  // logspace(a, pi) spans 10^a .. pi (MATLAB's special case for signal-processing use).
  const bool is_pi = args[1].cls() == ClassId::Single
                         ? static_cast<float>(b) == static_cast<float>(M_PI)
                         : b == M_PI;
  if (is_pi) b = std::log10(b);
  const double n = args.size() == 3 ? args[2].elem(0) : 50.0;
  std::vector<double> y = linspace_points(a, b, n);
  for (double& v : y) v = std::pow(10.0, v);
  return {from_doubles(y, Shape::row(static_cast<int64_t>(y.size())), cls)};
}

// ---- ndgrid -----------------------------------------------------------------------------

Args ndgrid_fn(CallContext& ctx, Args& args) {
  if (args.empty()) throw_error("MATLAB:minrhs", "Not enough input arguments.");
  const size_t nout = static_cast<size_t>(std::max(ctx.nargout, 1));
  if (args.size() > 1 && nout > args.size()) {
    throw_error("MATLAB:ndgrid:NotEnoughInputs",
                "The number of output arguments exceeds the number of input vectors.");
  }
  const size_t ndim = args.size() == 1 ? std::max<size_t>(nout, 1) : args.size();
  auto input = [&](size_t d) -> const Value& { return args.size() == 1 ? args[0] : args[d]; };
  Shape::Dims dims;
  for (size_t d = 0; d < ndim; ++d) dims.push_back(input(d).numel());
  if (ndim == 1) dims.push_back(1);
  const Shape shape(dims);
  Args out;
  for (size_t d = 0; d < nout; ++d) {
    int64_t stride = 1;
    for (size_t e = 0; e < d; ++e) stride *= dims[e];
    const int64_t extent = dims[d];
    out.push_back(rearrange(input(d), shape, [&](int64_t i) { return (i / stride) % extent; }));
  }
  return out;
}

// ---- blkdiag ----------------------------------------------------------------------------

// Class of the block-diagonal result by concatenation's rules: an integer class wins, then
// single, then double; the same class throughout is kept (char, logical).
ClassId concat_class(const Args& args) {
  ClassId cls = args[0].cls();
  bool same = true;
  for (const Value& v : args) same = same && v.cls() == cls;
  if (same) return cls;
  for (const Value& v : args) {
    if (is_integer_class(v.cls())) return v.cls();
  }
  for (const Value& v : args) {
    if (v.cls() == ClassId::Single) return ClassId::Single;
  }
  return ClassId::Double;
}

Args blkdiag_fn(CallContext& ctx, Args& args) {
  (void)ctx;
  if (args.empty()) return {Value::empty()};
  int64_t rows = 0, cols = 0;
  for (const Value& v : args) {
    if (!v.is_numeric_like()) {
      throw_error("MATLAB:blkdiag:UnsupportedType", "Inputs must be numeric, char or logical.");
    }
    if (v.shape().ndims() > 2) {
      throw_error("MATLAB:blkdiag:NDInputs", "Inputs must be 2-D.");
    }
    rows += v.shape().rows();
    cols += v.shape().cols();
  }
  const ClassId cls = concat_class(args);
  ArrayPtr out = std::make_shared<Array>(cls, Shape{rows, cols});  // zero off the blocks
  int64_t r0 = 0, c0 = 0;
  for (const Value& v : args) {
    const ArrayPtr a = v.as_array();
    const int64_t m = a->shape().rows(), n = a->shape().cols();
    for (int64_t j = 0; j < n; ++j) {
      for (int64_t i = 0; i < m; ++i) {
        const int64_t di = (r0 + i) + (c0 + j) * rows;
        if (a->cls() == cls) {
          copy_element(*a, i + j * m, *out, di);
        } else {
          out->set_from_double(di, a->get_as_double(i + j * m));
        }
      }
    }
    r0 += m;
    c0 += n;
  }
  return {wrap_array(std::move(out))};
}

}  // namespace

void register_index_grid_builtins(BuiltinRegistry& reg) {
  reg.add("rot90", rot90_fn,
          "rot90(A), rot90(A, k): rotate by k*90 degrees counterclockwise (each page of N-D).");
  reg.add("sub2ind", sub2ind_fn,
          "ind = sub2ind(sz, i1, i2, ...): linear indices of subscripts into an array of size sz.");
  reg.add("ind2sub", ind2sub_fn,
          "[i1, i2, ...] = ind2sub(sz, ind): subscripts of linear indices; the last output "
          "covers the remaining dimensions.");
  reg.add("logspace", logspace_fn,
          "logspace(a, b, n): n points from 10^a to 10^b (50 by default; b = pi ends at pi).");
  reg.add("ndgrid", ndgrid_fn,
          "[X1, X2, ...] = ndgrid(x1, x2, ...): N-D grids; Xk varies along dimension k.");
  reg.add("blkdiag", blkdiag_fn, "blkdiag(A, B, ...): block diagonal matrix of the inputs.");
}

}  // namespace runmat::runtime
