// eye magic diag colon meshgrid tril triu trace — building and slicing 2-D matrices.
#include <algorithm>
#include <cmath>

#include "builtins.hpp"
#include "builtins_arrays.hpp"
#include "indexing.hpp"

namespace runmat::runtime {
namespace {

void require_2d(const Value& x, const std::string& fn) {
  if (x.shape().ndims() != 2) {
    throw_error(("MATLAB:" + fn + ":firstInputMustBe2D").c_str(), "First input must be 2-D.");
  }
}

// An integer offset argument such as diag's or tril's k.
int64_t offset_arg(const Args& args, size_t pos) {
  if (args.size() <= pos) return 0;
  const double k = args[pos].scalar_double("K");
  if (std::isnan(k) || std::isinf(k) || k != std::floor(k)) {
    throw_error("MATLAB:expectedInteger", "K-th diagonal input must be an integer scalar.");
  }
  // Offsets beyond any possible matrix size behave alike; clamping keeps them out of int64
  // overflow.
  return static_cast<int64_t>(std::clamp(k, -281474976710656.0, 281474976710656.0));
}

Args eye_fn(CallContext& ctx, Args& args) {
  const ClassId cls = take_class_arg(args, ClassId::Double);
  // shape_from_args casts sizes to int64 unchecked: refuse the ones that cannot fit first.
  for (const Value& a : args) {
    for (int64_t i = 0; i < a.numel(); ++i) {
      if (a.elem(i) > 281474976710656.0) {
        throw_error("MATLAB:array:SizeLimitExceeded",
                    "Requested array exceeds the maximum possible size.");
      }
    }
  }
  const Shape s = shape_from_args(ctx, args);
  if (s.ndims() > 2)
    throw_error("MATLAB:eye:notSupportedN-D", "N-dimensional arrays are not supported.");
  auto a = std::make_shared<Array>(cls, s);  // zero-filled
  for (int64_t i = 0; i < std::min(s.rows(), s.cols()); ++i) store_as(*a, i * s.rows() + i, 1.0);
  return {wrap_array(std::move(a))};
}

// magic(n) with MATLAB's three constructions, so that results match MATLAB exactly.
std::vector<double> magic_square(int64_t n) {
  std::vector<double> m(static_cast<size_t>(n * n));
  auto at = [&](int64_t i, int64_t j) -> double& { return m[j * n + i]; };  // 0-based
  if (n % 2 == 1) {
    // Siamese method: M = n*mod(I+J-(n+3)/2, n) + mod(I+2J-2, n) + 1 with 1-based I, J.
    for (int64_t i = 1; i <= n; ++i) {
      for (int64_t j = 1; j <= n; ++j) {
        const int64_t a = (((i + j - (n + 3) / 2) % n) + n) % n;
        const int64_t b = (i + 2 * j - 2) % n;
        at(i - 1, j - 1) = static_cast<double>(n * a + b + 1);
      }
    }
  } else if (n % 4 == 0) {
    // Doubly even: count row-wise, complement where fix(mod(I,4)/2) == fix(mod(J,4)/2).
    for (int64_t i = 1; i <= n; ++i) {
      for (int64_t j = 1; j <= n; ++j) {
        const double v = static_cast<double>((i - 1) * n + j);
        const bool k = (i % 4) / 2 == (j % 4) / 2;
        at(i - 1, j - 1) = k ? static_cast<double>(n * n + 1) - v : v;
      }
    }
  } else {
    // Singly even (LUX): four magic(p) quadrants, then swap columns between top and bottom.
    const int64_t p = n / 2;
    const std::vector<double> q = magic_square(p);
    const double p2 = static_cast<double>(p * p);
    for (int64_t i = 0; i < p; ++i) {
      for (int64_t j = 0; j < p; ++j) {
        const double v = q[j * p + i];
        at(i, j) = v;
        at(i, j + p) = v + 2 * p2;
        at(i + p, j) = v + 3 * p2;
        at(i + p, j + p) = v + p2;
      }
    }
    if (n == 2) return m;
    const int64_t k = (n - 2) / 4;
    auto swap_column_halves = [&](int64_t i, int64_t j) { std::swap(at(i, j), at(i + p, j)); };
    for (int64_t j = 1; j <= n; ++j) {
      if (j <= k || j >= n - k + 2) {
        for (int64_t i = 0; i < p; ++i) swap_column_halves(i, j - 1);
      }
    }
    // Row k+1 swaps back column 1 and swaps column k+1 instead.
    swap_column_halves(k, 0);
    swap_column_halves(k, k);
  }
  return m;
}

Args magic_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  const double d = std::floor(args[0].scalar_double("Input"));
  if (!(d >= 1)) return {empty_value(ClassId::Double, Shape{0, 0})};
  if (d > 46340)
    throw_error("MATLAB:array:SizeLimitExceeded",
                "Requested array exceeds the maximum possible size.");
  const auto n = static_cast<int64_t>(d);
  const std::vector<double> m = magic_square(n);
  ArrayPtr a = new_array(ClassId::Double, Shape{n, n});
  std::copy(m.begin(), m.end(), a->mutable_data<double>());
  return {wrap_array(std::move(a))};
}

Args diag_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  const Value& x = args[0];
  require_2d(x, "diag");
  const int64_t k = offset_arg(args, 1);
  const ArrayPtr src = x.as_array();
  const Shape s = src->shape();
  if (s.is_vector()) {
    // Vector -> square matrix with x on the k-th diagonal.
    const int64_t len = s.numel();
    const int64_t n = len + (k < 0 ? -k : k);
    if (static_cast<double>(n) * static_cast<double>(n) > 281474976710656.0) {
      throw_error("MATLAB:array:SizeLimitExceeded",
                  "Requested array exceeds the maximum possible size.");
    }
    auto out = std::make_shared<Array>(src->cls(), Shape{n, n});
    for (int64_t i = 0; i < len; ++i) {
      const int64_t r = k >= 0 ? i : i - k, c = k >= 0 ? i + k : i;
      copy_element(*src, i, *out, c * n + r);
    }
    out->set_gpu(src->is_gpu());
    return {wrap_array(std::move(out))};
  }
  // Matrix -> column holding the k-th diagonal (empty when it lies outside the matrix).
  const int64_t r0 = k >= 0 ? 0 : -k, c0 = k >= 0 ? k : 0;
  const int64_t len = std::max<int64_t>(0, std::min(s.rows() - r0, s.cols() - c0));
  if (s.is_empty() && s.rows() == 0 && s.cols() == 0) return {x};
  ArrayPtr out = new_array(src->cls(), Shape::column(len));
  for (int64_t i = 0; i < len; ++i) copy_element(*src, (c0 + i) * s.rows() + r0 + i, *out, i);
  out->set_gpu(src->is_gpu());
  return {wrap_array(std::move(out))};
}

// colon(a, b) is a:b and colon(a, d, b) is a:d:b; char endpoints give a char range, an
// integer operand an integer range.
Args colon_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 3);
  return {range_value(args[0], args.size() == 3 ? &args[1] : nullptr, args.back())};
}

// [X, Y] = meshgrid(x, y), [X, Y, Z] = meshgrid(x, y, z); meshgrid(x) is meshgrid(x, x).
Args meshgrid_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 3);
  const bool three = args.size() == 3 || (args.size() == 1 && ctx.nargout >= 3);
  const ArrayPtr x = args[0].as_array();
  const ArrayPtr y = args.size() >= 2 ? args[1].as_array() : x;
  const ArrayPtr z = args.size() == 3 ? args[2].as_array() : x;
  const int64_t nx = x->numel(), ny = y->numel(), nz = three ? z->numel() : 1;
  if (nx == 0 || ny == 0 || nz == 0) {
    // MATLAB's meshgrid returns 0x0 grids (of each input's class) when any vector is empty.
    return {empty_value(x->cls(), Shape{0, 0}), empty_value(y->cls(), Shape{0, 0}),
            empty_value(z->cls(), Shape{0, 0})};
  }
  const Shape s = Shape{ny, nx, nz};
  auto grid = [&](const ArrayPtr& v, int axis) {
    // A single page (nz == 1) leaves s with two dims: its page subscript is then always 0.
    const int nd = s.ndims();
    return wrap_array(
        gather(*v, s, [axis, nd](const int64_t* sub) { return axis < nd ? sub[axis] : 0; }));
  };
  // Rows run along y (dim 1), columns along x (dim 2), pages along z (dim 3).
  Args out{grid(x, 1), grid(y, 0)};
  if (three) out.push_back(grid(z, 2));
  return out;
}

template <bool Lower>
Args triangle_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  require_2d(args[0], Lower ? "tril" : "triu");
  const int64_t k = offset_arg(args, 1);
  const ArrayPtr src = args[0].as_array();
  const Shape s = src->shape();
  auto out = std::make_shared<Array>(src->cls(), s);  // zero-filled
  for (int64_t j = 0; j < s.cols(); ++j) {
    for (int64_t i = 0; i < s.rows(); ++i) {
      const bool keep = Lower ? j - i <= k : j - i >= k;
      if (keep) copy_element(*src, j * s.rows() + i, *out, j * s.rows() + i);
    }
  }
  out->set_gpu(src->is_gpu());
  return {wrap_array(std::move(out))};
}

// trace(A) = sum(diag(A)): double unless A is single.
Args trace_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  const Shape s = args[0].shape();
  if (s.ndims() != 2 || s.rows() != s.cols())
    throw_error("MATLAB:square", "Matrix must be square.");
  const ArrayPtr src = args[0].as_array();
  double t = 0;
  for (int64_t i = 0; i < s.rows(); ++i) t += src->get_as_double(i * s.rows() + i);
  if (src->cls() == ClassId::Single) {
    float f = 0;  // accumulate in single, as MATLAB's sum of a single does
    for (int64_t i = 0; i < s.rows(); ++i) f += src->data<float>()[i * s.rows() + i];
    return {Value::scalar_of(ClassId::Single, f)};
  }
  return {Value::num(t)};
}

}  // namespace

void register_matrix_construction_builtins(BuiltinRegistry& reg) {
  reg.add("eye", eye_fn, "eye(n), eye(m, n), eye([m n]), eye(..., 'single'): identity matrix.");
  reg.add("magic", magic_fn, "magic(n): n-by-n magic square (MATLAB's construction).");
  reg.add("diag", diag_fn,
          "diag(v, k): matrix with v on diagonal k; diag(A, k): diagonal k of A as a column.");
  reg.add("colon", colon_fn, "colon(a, b), colon(a, d, b): the ranges a:b and a:d:b.");
  reg.add("meshgrid", meshgrid_fn,
          "[X, Y] = meshgrid(x, y), [X, Y, Z] = meshgrid(x, y, z): grid coordinates.");
  reg.add("tril", triangle_fn<true>, "tril(A, k): lower triangle of A on and below diagonal k.");
  reg.add("triu", triangle_fn<false>, "triu(A, k): upper triangle of A on and above diagonal k.");
  reg.add("trace", trace_fn, "trace(A): sum of the diagonal of a square matrix.");
}

}  // namespace runmat::runtime
