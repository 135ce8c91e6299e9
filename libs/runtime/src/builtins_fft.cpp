// Fourier transforms and 2-D convolution: fft ifft fft2 ifft2 fftn ifftn fftshift ifftshift
// conv2 filter2. Transforms run in double (dft.hpp: Eigen's FFT module, Bluestein for lengths
// with a large prime factor); single input gives a single result (rounded from the double
// transform). Results are complex and narrow to real by the runtime's rule (all imaginary parts
// exactly zero); ifft returns real data when its input is conjugate symmetric, as MATLAB's does.
#include <algorithm>
#include <cmath>
#include <complex>
#include <vector>

#include "builtins_numeric.hpp"
#include "complex_ops.hpp"
#include "dft.hpp"
#include "reductions.hpp"
#include "runmat/core/containers.hpp"

namespace runmat::runtime {
namespace {

using cplx = std::complex<double>;

// The data being transformed: complex, column-major, in double.
struct CData {
  Shape shape;
  bool single = false;
  bool real = false;  // read from real data (its forward transform is conjugate symmetric)
  std::vector<cplx> v;
};

CData read_input(const Value& x) {
  CData d;
  if (x.is_complex()) {
    const ComplexArray& c = x.complex();
    d.shape = c.shape;
    d.single = c.single;
    d.v = c.data;
    return d;
  }
  const ClassId cls = x.cls();
  if (!x.is_numeric_like() || cls == ClassId::Char || cls == ClassId::Int64 ||
      cls == ClassId::UInt64) {
    throw_error("MATLAB:fft:InvalidDataType",
                "Invalid data type. First argument must be double, single, int8, uint8, int16, "
                "uint16, int32, uint32, or logical.");
  }
  d.shape = x.shape();
  d.single = cls == ClassId::Single;
  d.real = true;
  d.v.resize(static_cast<size_t>(x.numel()));
  const ArrayPtr a = x.as_array();
  for (int64_t i = 0; i < a->numel(); ++i) d.v[static_cast<size_t>(i)] = a->get_as_double(i);
  return d;
}

Value to_value(CData d, bool force_real) {
  if (d.single) {
    for (cplx& z : d.v) z = {static_cast<float>(z.real()), static_cast<float>(z.imag())};
  }
  auto c = std::make_shared<ComplexArray>(d.shape);
  c->single = d.single;
  c->data = std::move(d.v);
  if (force_real) {
    for (cplx& z : c->data) z = {z.real(), 0.0};
  }
  return narrow_complex(Value::complex(std::move(c)));
}

// A transform length argument: [] means "the size along the dimension".
int64_t length_arg(const Value& n, int64_t fallback) {
  if (n.numel() == 0 && !n.is_char()) return fallback;
  const double d = n.is_numeric_like() && n.numel() == 1 ? n.elem(0) : -1;
  if (!(d >= 0) || d != std::floor(d) || d > 1e12) {
    throw_error("MATLAB:fft:FFTLengthNotNonnegativeInteger",
                "FFT length must be a nonnegative integer scalar.");
  }
  return static_cast<int64_t>(d);
}

// x truncated or zero padded to n elements along `dim`.
CData resize_dim(const CData& x, int dim, int64_t n) {
  if (n == x.shape.dim(dim)) return x;
  Shape::Dims dims = x.shape.dims();
  while (static_cast<int>(dims.size()) <= dim) dims.push_back(1);
  const int64_t len = dims[dim];
  dims[dim] = n;
  CData out;
  out.shape = Shape(dims);
  out.single = x.single;
  out.real = x.real;
  out.v.assign(static_cast<size_t>(out.shape.numel()), cplx{});
  const DimLayout l = layout_around(x.shape, dim);
  for (int64_t o = 0; o < l.outer; ++o) {
    for (int64_t k = 0; k < std::min(n, len); ++k) {
      for (int64_t i = 0; i < l.inner; ++i) {
        out.v[static_cast<size_t>(i + l.inner * (k + n * o))] =
            x.v[static_cast<size_t>(i + l.inner * (k + len * o))];
      }
    }
  }
  return out;
}

// One transform along `dim` for every vector of x. `symmetric` makes each input vector
// conjugate symmetric first (ifft's 'symmetric': only the first half is read).
CData transform(const CData& x, int dim, bool inverse, bool symmetric = false) {
  CData out;
  out.shape = x.shape;
  out.single = x.single;
  out.v.assign(x.v.size(), cplx{});
  const int64_t n = x.shape.dim(dim);
  if (n == 0 || out.v.empty()) return out;
  const DimLayout l = layout_around(x.shape, dim);
  Dft dft(n);
  std::vector<cplx> src(static_cast<size_t>(n)), dst(static_cast<size_t>(n));
  for (int64_t o = 0; o < l.outer; ++o) {
    for (int64_t i = 0; i < l.inner; ++i) {
      for (int64_t k = 0; k < n; ++k) src[k] = x.v[static_cast<size_t>(i + l.inner * (k + n * o))];
      if (symmetric) {
        src[0] = src[0].real();
        for (int64_t k = n / 2 + 1; k < n; ++k) src[k] = std::conj(src[n - k]);
        if (n % 2 == 0) src[n / 2] = src[n / 2].real();
      }
      if (inverse) {
        dft.inverse(src, dst);
      } else {
        dft.forward(src, dst);
      }
      for (int64_t k = 0; k < n; ++k)
        out.v[static_cast<size_t>(i + l.inner * (k + n * o))] = dst[k];
    }
  }
  return out;
}

// Visits every element with the linear index of its mirror image through the origin, modulo
// each transformed dim's size: f(i, mirror).
template <typename F>
void for_each_mirror(const Shape& s, const std::vector<int>& dims, F f) {
  const int nd = s.ndims();
  std::vector<int64_t> sub(static_cast<size_t>(nd), 0);
  const int64_t total = s.numel();
  for (int64_t i = 0; i < total; ++i) {
    int64_t mirror = 0, stride = 1;
    for (int d = 0; d < nd; ++d) {
      const int64_t n = s.dim(d);
      const bool reflected = std::find(dims.begin(), dims.end(), d) != dims.end();
      mirror += (reflected ? (n - sub[d]) % n : sub[d]) * stride;
      stride *= n;
    }
    if (!f(static_cast<size_t>(i), static_cast<size_t>(mirror))) return;
    for (int d = 0; d < nd; ++d) {
      if (++sub[d] < s.dim(d)) break;
      sub[d] = 0;
    }
  }
}

// Whether X equals its conjugate mirror image, i.e. its inverse transform over `dims` is real.
bool conjugate_symmetric(const CData& x, const std::vector<int>& dims) {
  bool symmetric = true;
  for_each_mirror(x.shape, dims, [&](size_t i, size_t m) {
    symmetric = x.v[i] == std::conj(x.v[m]);
    return symmetric;
  });
  return symmetric;
}

// The transform of real data is conjugate symmetric; rounding (more so in the chirp-z path)
// breaks that in the last bits. MATLAB's real-input transforms compute half the spectrum and
// mirror it, so ifft(fft(x)) of real x is real again: do the same.
void make_conjugate_symmetric(CData& x, const std::vector<int>& dims) {
  for_each_mirror(x.shape, dims, [&](size_t i, size_t m) {
    if (i == m) {
      x.v[i] = x.v[i].real();
    } else if (i < m) {
      x.v[m] = std::conj(x.v[i]);
    }
    return true;
  });
}

// Trailing 'symmetric' / 'nonsymmetric' of the inverse transforms; returns whether symmetric.
bool take_symmetry_flag(Args& args, const char* fn) {
  if (args.size() < 2 || !(args.back().is_char() || args.back().is_string())) return false;
  const std::string flag = lower_text(args.back());
  if (flag != "symmetric" && flag != "nonsymmetric") {
    throw_error("MATLAB:ifft:InvalidOption",
                "Invalid option for %s. The option must be 'symmetric' or 'nonsymmetric'.", fn);
  }
  args.pop_back();
  return flag == "symmetric";
}

// ---- fft / ifft ------------------------------------------------------------------------------

Args fft1(CallContext& ctx, Args& args, bool inverse) {
  const bool symmetric = inverse && take_symmetry_flag(args, "ifft");
  check_nargs(ctx, args, 1, 3);
  CData x = read_input(args[0]);
  const int dim = args.size() == 3 ? dim_from_value(args[2]) : default_reduce_dim(x.shape);
  if (args.size() == 3) check_result_dims(dim);
  const int64_t n = args.size() >= 2 ? length_arg(args[1], x.shape.dim(dim)) : x.shape.dim(dim);
  x = resize_dim(x, dim, n);
  // ifft of a conjugate symmetric input is real (the 'symmetric' flag says so by fiat).
  const bool real = inverse && (symmetric || conjugate_symmetric(x, {dim}));
  CData y = transform(x, dim, inverse, symmetric);
  if (!inverse && x.real) make_conjugate_symmetric(y, {dim});
  return {to_value(std::move(y), real)};
}

Args fft_fn(CallContext& ctx, Args& args) {
  return fft1(ctx, args, false);
}

Args ifft_fn(CallContext& ctx, Args& args) {
  return fft1(ctx, args, true);
}

// Transforms over several dims in turn; `lengths[i]` < 0 keeps that dim's size.
Value transform_dims(CData x, const std::vector<int>& dims, const std::vector<int64_t>& lengths,
                     bool inverse, bool symmetric) {
  for (size_t i = 0; i < dims.size(); ++i) {
    if (lengths[i] >= 0) x = resize_dim(x, dims[i], lengths[i]);
  }
  const bool real = inverse && (symmetric || conjugate_symmetric(x, dims));
  const bool real_input = x.real;
  for (int d : dims) x = transform(x, d, inverse);
  if (!inverse && real_input) make_conjugate_symmetric(x, dims);
  return to_value(std::move(x), real);
}

Args fft2_impl(CallContext& ctx, Args& args, bool inverse) {
  const bool symmetric = inverse && take_symmetry_flag(args, "ifft2");
  check_nargs(ctx, args, 1, 3);
  if (args.size() == 2) {
    throw_error("MATLAB:fft2:invalidSize", "Size inputs must be specified as fft2(X, M, N).");
  }
  CData x = read_input(args[0]);
  std::vector<int64_t> lengths{-1, -1};
  if (args.size() == 3) {
    lengths = {length_arg(args[1], x.shape.dim(0)), length_arg(args[2], x.shape.dim(1))};
  }
  return {transform_dims(std::move(x), {0, 1}, lengths, inverse, symmetric)};
}

Args fft2_fn(CallContext& ctx, Args& args) {
  return fft2_impl(ctx, args, false);
}

Args ifft2_fn(CallContext& ctx, Args& args) {
  return fft2_impl(ctx, args, true);
}

Args fftn_impl(CallContext& ctx, Args& args, bool inverse) {
  const bool symmetric = inverse && take_symmetry_flag(args, "ifftn");
  check_nargs(ctx, args, 1, 2);
  CData x = read_input(args[0]);
  std::vector<int64_t> lengths;
  if (args.size() == 2) {
    const Value& siz = args[1];
    if (siz.numel() < x.shape.ndims()) {
      throw_error("MATLAB:fftn:invalidSizeVector",
                  "Size vector must have at least as many elements as the number of dimensions "
                  "of the input.");
    }
    for (int64_t i = 0; i < siz.numel(); ++i)
      lengths.push_back(length_arg(Value::num(siz.elem(i)), 0));
  } else {
    for (int d = 0; d < x.shape.ndims(); ++d) lengths.push_back(-1);
  }
  std::vector<int> dims;
  for (size_t d = 0; d < lengths.size(); ++d) dims.push_back(static_cast<int>(d));
  return {transform_dims(std::move(x), dims, lengths, inverse, symmetric)};
}

Args fftn_fn(CallContext& ctx, Args& args) {
  return fftn_impl(ctx, args, false);
}

Args ifftn_fn(CallContext& ctx, Args& args) {
  return fftn_impl(ctx, args, true);
}

// ---- fftshift / ifftshift --------------------------------------------------------------------

// Circular shift by shifts[d] (already in [0, n)) along each dim, for numeric and complex data.
Value shift_value(const Value& x, const std::vector<int64_t>& shifts) {
  const Shape s = x.shape();
  auto source_index = [&](const int64_t* sub) {
    int64_t off = 0, stride = 1;
    for (int d = 0; d < s.ndims(); ++d) {
      const int64_t n = s.dim(d);
      off += (sub[d] - shifts[d] + n) % n * stride;
      stride *= n;
    }
    return off;
  };
  if (s.is_empty()) return x;
  if (x.is_complex()) {
    const ComplexArray& c = x.complex();
    auto out = std::make_shared<ComplexArray>(s);
    out->single = c.single;
    std::vector<int64_t> sub(static_cast<size_t>(s.ndims()), 0);
    for (size_t i = 0; i < out->data.size(); ++i) {
      out->data[i] = c.data[static_cast<size_t>(source_index(sub.data()))];
      for (int d = 0; d < s.ndims(); ++d) {
        if (++sub[d] < s.dim(d)) break;
        sub[d] = 0;
      }
    }
    return Value::complex(std::move(out));
  }
  if (!x.is_numeric_like()) {
    throw_error("MATLAB:fftshift:InvalidInput", "Input must be a numeric, logical or char array.");
  }
  return wrap_array(gather(*x.as_array(), s, source_index));
}

// fftshift moves the zero frequency to the centre: a shift of floor(n/2); ifftshift undoes it
// with ceil(n/2).
Args shift_impl(CallContext& ctx, Args& args, bool inverse) {
  check_nargs(ctx, args, 1, 2);
  const Shape s = args[0].shape();
  std::vector<int64_t> shifts(static_cast<size_t>(s.ndims()), 0);
  auto amount = [&](int d) { return inverse ? (s.dim(d) + 1) / 2 : s.dim(d) / 2; };
  if (args.size() == 2) {
    const int dim = dim_from_value(args[1]);
    if (dim < s.ndims()) shifts[dim] = amount(dim);
  } else {
    for (int d = 0; d < s.ndims(); ++d) shifts[d] = amount(d);
  }
  return {shift_value(args[0], shifts)};
}

Args fftshift_fn(CallContext& ctx, Args& args) {
  return shift_impl(ctx, args, false);
}

Args ifftshift_fn(CallContext& ctx, Args& args) {
  return shift_impl(ctx, args, true);
}

// ---- conv2 / filter2 -------------------------------------------------------------------------

enum class ConvShape { Full, Same, Valid };

ConvShape conv_shape_arg(const Value& v) {
  const std::string s = v.is_char() || v.is_string() ? lower_text(v) : "";
  if (s == "full") return ConvShape::Full;
  if (s == "same") return ConvShape::Same;
  if (s == "valid") return ConvShape::Valid;
  throw_error("MATLAB:conv2:unknownShapeParameter", "SHAPE must be 'full', 'same', or 'valid'.");
}

// A 2-D operand as complex column-major data (real operands have zero imaginary parts).
CData matrix_operand(const Value& v) {
  if (!v.is_complex() && !v.is_numeric_like()) {
    throw_error("MATLAB:conv2:inputType", "Invalid data type. Inputs to conv2 must be numeric.");
  }
  if (v.shape().ndims() > 2) {
    throw_error("MATLAB:conv2:inputsMustBe2D", "N-D arrays are not supported.");
  }
  CData d;
  d.shape = v.shape();
  if (v.is_complex()) {
    d.single = v.complex().single;
    d.v = v.complex().data;
  } else {
    d.single = v.cls() == ClassId::Single;
    const ArrayPtr a = v.as_array();
    d.v.resize(static_cast<size_t>(a->numel()));
    for (int64_t i = 0; i < a->numel(); ++i) d.v[static_cast<size_t>(i)] = a->get_as_double(i);
  }
  return d;
}

// Direct 2-D convolution of a with k, cropped to `shape` relative to a (MATLAB's offsets:
// 'same' starts at floor(size(k)/2), 'valid' keeps the part computed without zero padding).
CData convolve2(const CData& a, const CData& k, ConvShape shape) {
  const int64_t ma = a.shape.rows(), na = a.shape.cols();
  const int64_t mk = k.shape.rows(), nk = k.shape.cols();
  int64_t r0 = 0, c0 = 0, mr = 0, nr = 0;
  switch (shape) {
    case ConvShape::Full:
      mr = ma + mk - 1, nr = na + nk - 1;
      if (ma == 0 || mk == 0) mr = std::max<int64_t>(ma + mk - 1, 0);
      if (na == 0 || nk == 0) nr = std::max<int64_t>(na + nk - 1, 0);
      break;
    case ConvShape::Same:
      mr = ma, nr = na, r0 = mk / 2, c0 = nk / 2;
      break;
    case ConvShape::Valid:
      mr = std::max<int64_t>(ma - mk + 1, 0), nr = std::max<int64_t>(na - nk + 1, 0);
      if (mk == 0 || nk == 0) mr = nr = 0;
      r0 = mk - 1, c0 = nk - 1;
      break;
  }
  CData out;
  out.shape = Shape{mr, nr};
  out.single = a.single || k.single;
  out.v.assign(static_cast<size_t>(mr * nr), cplx{});
  for (int64_t j = 0; j < nr; ++j) {
    for (int64_t i = 0; i < mr; ++i) {
      // Full-result position (i + r0, j + c0) = sum over a(p, q) * k(i + r0 - p, j + c0 - q).
      const int64_t fi = i + r0, fj = j + c0;
      cplx acc{};
      const int64_t q_lo = std::max<int64_t>(0, fj - nk + 1), q_hi = std::min(na - 1, fj);
      const int64_t p_lo = std::max<int64_t>(0, fi - mk + 1), p_hi = std::min(ma - 1, fi);
      for (int64_t q = q_lo; q <= q_hi; ++q) {
        for (int64_t p = p_lo; p <= p_hi; ++p) {
          acc += a.v[static_cast<size_t>(p + ma * q)] *
                 k.v[static_cast<size_t>((fi - p) + mk * (fj - q))];
        }
      }
      out.v[static_cast<size_t>(i + mr * j)] = acc;
    }
  }
  return out;
}

Args conv2_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 4);
  ConvShape shape = ConvShape::Full;
  if (args.size() >= 3 && (args.back().is_char() || args.back().is_string())) {
    shape = conv_shape_arg(args.back());
    args.pop_back();
  }
  if (args.size() == 2) {
    return {to_value(convolve2(matrix_operand(args[0]), matrix_operand(args[1]), shape), false)};
  }
  if (args.size() != 3) throw_error("MATLAB:TooManyInputs", "Too many input arguments.");
  // conv2(u, v, A): columns with u, then rows with v, i.e. with the kernel u(:) * v(:).'.
  const CData u = matrix_operand(args[0]), v = matrix_operand(args[1]);
  if (!u.shape.is_vector() || !v.shape.is_vector()) {
    throw_error("MATLAB:conv2:firstTwoInputsNotVectors",
                "The first two inputs must be vectors when three inputs are given.");
  }
  CData kernel;
  kernel.shape = Shape{static_cast<int64_t>(u.v.size()), static_cast<int64_t>(v.v.size())};
  kernel.single = u.single || v.single;
  for (const cplx& vj : v.v) {
    for (const cplx& ui : u.v) kernel.v.push_back(ui * vj);
  }
  return {to_value(convolve2(matrix_operand(args[2]), kernel, shape), false)};
}

// filter2(h, X, shape) is the correlation of X with h: conv2(X, rot90(h, 2), shape).
Args filter2_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 3);
  const ConvShape shape = args.size() == 3 ? conv_shape_arg(args[2]) : ConvShape::Same;
  CData h = matrix_operand(args[0]);
  std::reverse(h.v.begin(), h.v.end());  // column-major reversal = rotation by 180 degrees
  return {to_value(convolve2(matrix_operand(args[1]), h, shape), false)};
}

}  // namespace

void register_fft_builtins(BuiltinRegistry& reg) {
  reg.add("fft", fft_fn,
          "fft(x), fft(x, n), fft(x, n, dim): discrete Fourier transform along the first "
          "non-singleton dimension (or dim), zero padded or truncated to n points.");
  reg.add("ifft", ifft_fn,
          "ifft(X), ifft(X, n, dim), ifft(..., 'symmetric'): inverse discrete Fourier transform; "
          "real when X is conjugate symmetric.");
  reg.add("fft2", fft2_fn, "fft2(X), fft2(X, m, n): 2-D discrete Fourier transform.");
  reg.add("ifft2", ifft2_fn, "ifft2(X), ifft2(X, m, n), ifft2(..., 'symmetric'): inverse of fft2.");
  reg.add("fftn", fftn_fn, "fftn(X), fftn(X, siz): N-D discrete Fourier transform.");
  reg.add("ifftn", ifftn_fn, "ifftn(X), ifftn(X, siz), ifftn(..., 'symmetric'): inverse of fftn.");
  reg.add("fftshift", fftshift_fn,
          "fftshift(X), fftshift(X, dim): moves the zero-frequency component to the centre.");
  reg.add("ifftshift", ifftshift_fn, "ifftshift(X), ifftshift(X, dim): inverse of fftshift.");
  reg.add("conv2", conv2_fn,
          "conv2(A, B), conv2(u, v, A), conv2(..., shape): 2-D convolution; shape 'full' "
          "(default), 'same' or 'valid'.");
  reg.add("filter2", filter2_fn,
          "filter2(h, X), filter2(h, X, shape): 2-D correlation of X with h; shape 'same' "
          "(default), 'full' or 'valid'.");
}

}  // namespace runmat::runtime
