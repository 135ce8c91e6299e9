// Polynomial and signal builtins: polyfit polyval roots conv deconv filter trapz cumtrapz
// interp1. Computation runs in double; a single input gives a single result.
#include <algorithm>
#include <cmath>
#include <limits>

#include "builtins_numeric.hpp"
#include "matrix_ops.hpp"
#include "reductions.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/runtime/runtime.hpp"

namespace runmat::runtime {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void require_vector(const Value& v, const char* id, const char* msg) {
  if (!v.shape().is_vector() && v.numel() != 0) throw_error(id, std::string(msg));
}

// Non-scalar columns give columns; everything else is a row (MATLAB's conv/deconv rule).
bool is_column_vector(const Value& v) {
  return v.shape().ndims() == 2 && v.shape().cols() == 1 && v.shape().rows() > 1;
}

Shape vector_shape(int64_t n, bool column) {
  return column ? Shape::column(n) : Shape::row(n);
}

// ---- polyfit polyval roots -------------------------------------------------------------------

Args polyfit_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 3, 3);
  if (ctx.nargout > 1) {
    throw_error("RunMat:notImplemented",
                "[p, S, mu] = polyfit(...) needs struct values, which are not supported yet.");
  }
  const Value &xv = require_numeric(args[0], "polyfit"), &yv = require_numeric(args[1], "polyfit");
  if (xv.numel() != yv.numel()) {
    throw_error("MATLAB:polyfit:XYSizeMismatch",
                "The first two inputs must have the same number of elements.");
  }
  const double nd = args[2].scalar_double("Degree");
  if (!(nd >= 0) || nd != std::floor(nd) || nd > 1e6) {
    throw_error("MATLAB:polyfit:invalidDegree", "N must be a nonnegative integer scalar.");
  }
  const int64_t n = static_cast<int64_t>(nd), m = xv.numel();
  const std::vector<double> x = to_doubles(xv), y = to_doubles(yv);
  // Vandermonde matrix, highest power first; least squares through QR as MATLAB does.
  MatD v(m, n + 1);
  for (int64_t i = 0; i < m; ++i) {
    v(i, n) = 1;
    for (int64_t j = n - 1; j >= 0; --j) v(i, j) = v(i, j + 1) * x[i];
  }
  Eigen::VectorXd yy = Eigen::Map<const Eigen::VectorXd>(y.data(), m);
  const Eigen::VectorXd p = v.colPivHouseholderQr().solve(yy);
  if (m <= n) {
    numeric_warning(ctx.rt, "MATLAB:polyfit:PolyNotUnique",
                    "Polynomial is not unique; degree >= number of data points.");
  }
  MatD row = p.transpose();
  return {from_matrix(row, float_result(xv.cls(), yv.cls()))};
}

Args polyval_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 4);
  const Value &pv = require_numeric(args[0], "polyval"), &xv = require_numeric(args[1], "polyval");
  require_vector(pv, "MATLAB:polyval:InvalidP", "Input P must be a vector.");
  const std::vector<double> p = to_doubles(pv);
  std::vector<double> x = to_doubles(xv);
  if (args.size() == 4) {
    // polyval(p, x, [], mu): evaluates at (x - mu(1)) / mu(2).
    const std::vector<double> mu = to_doubles(args[3]);
    if (mu.size() != 2) {
      throw_error("MATLAB:polyval:InvalidMu", "MU must be a two-element vector.");
    }
    for (double& d : x) d = (d - mu[0]) / mu[1];
  }
  std::vector<double> out(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    double acc = p.empty() ? 0.0 : p[0];
    for (size_t k = 1; k < p.size(); ++k) acc = acc * x[i] + p[k];
    out[i] = acc;
  }
  return {from_doubles(out, xv.shape(), float_result(pv.cls(), xv.cls()))};
}

Args roots_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  const Value& cv = require_numeric(args[0], "roots");
  require_vector(cv, "MATLAB:roots:NonVectorInput", "Input must be a vector.");
  std::vector<double> c = to_doubles(cv);
  for (double d : c) {
    if (!std::isfinite(d)) {
      throw_error("MATLAB:roots:NonFiniteInput", "Input to ROOTS must not contain NaN or Inf.");
    }
  }
  const ClassId cls = float_result(cv.cls());
  // Leading zeros do not change the roots; trailing zeros are roots at 0 (listed first).
  size_t first = 0, last = c.size();
  while (first < c.size() && c[first] == 0) ++first;
  while (last > first && c[last - 1] == 0) --last;
  if (first == last) return {from_matrix(MatD(0, 1), cls)};
  const size_t zeros = c.size() - last;
  c = std::vector<double>(c.begin() + first, c.begin() + last);
  // Relatively tiny leading coefficients would make the companion matrix overflow.
  auto scaled_has_inf = [&] {
    for (size_t k = 1; k < c.size(); ++k) {
      if (std::isinf(c[k] / c[0])) return true;
    }
    return false;
  };
  while (c.size() > 1 && scaled_has_inf()) c.erase(c.begin());
  const int64_t n = static_cast<int64_t>(c.size()) - 1;
  std::vector<double> r(zeros, 0.0);
  if (n >= 1) {
    MatD a = MatD::Zero(n, n);
    for (int64_t j = 0; j < n; ++j) a(0, j) = -c[j + 1] / c[0];
    for (int64_t i = 1; i < n; ++i) a(i, i - 1) = 1;
    // eig(a) as MATLAB computes it: a symmetric companion (x^2 - c) takes the symmetric
    // solver and comes out ascending.
    if (a == a.transpose()) {
      const Eigen::VectorXd ev = Eigen::SelfAdjointEigenSolver<MatD>(a).eigenvalues();
      for (int64_t i = 0; i < n; ++i) r.push_back(ev[i]);
    } else {
      Eigen::EigenSolver<MatD> es(a, false);
      const auto ev = es.eigenvalues();
      if ((ev.imag().array() != 0).any()) {
        // Complex roots: a complex column (the zero roots first, as above).
        auto out = std::make_shared<ComplexArray>(Shape::column(static_cast<int64_t>(zeros) + n));
        out->single = cls == ClassId::Single;
        for (int64_t i = 0; i < n; ++i) {
          std::complex<double> z = ev[i];
          if (out->single) z = {static_cast<float>(z.real()), static_cast<float>(z.imag())};
          out->data[zeros + static_cast<size_t>(i)] = z;
        }
        return {Value::complex(std::move(out))};
      }
      for (int64_t i = 0; i < n; ++i) r.push_back(ev[i].real());
    }
  }
  return {from_doubles(r, Shape::column(static_cast<int64_t>(r.size())), cls)};
}

// ---- conv deconv filter ----------------------------------------------------------------------

std::vector<double> convolve(const std::vector<double>& u, const std::vector<double>& v) {
  if (u.empty() || v.empty()) return {};
  std::vector<double> w(u.size() + v.size() - 1, 0.0);
  for (size_t i = 0; i < u.size(); ++i) {
    for (size_t j = 0; j < v.size(); ++j) w[i + j] += u[i] * v[j];
  }
  return w;
}

Args conv_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 3);
  const Value &uv = require_numeric(args[0], "conv"), &vv = require_numeric(args[1], "conv");
  if ((!uv.shape().is_vector() && uv.numel() > 0) || (!vv.shape().is_vector() && vv.numel() > 0)) {
    throw_error("MATLAB:conv:AorBNotVector", "A and B must be vectors.");
  }
  std::string shape = "full";
  if (args.size() == 3) {
    shape = lower_text(args[2]);
    if (shape != "full" && shape != "same" && shape != "valid") {
      throw_error("MATLAB:conv:unknownShapeParameter", "SHAPE must be 'full', 'same', or 'valid'.");
    }
  }
  const std::vector<double> u = to_doubles(uv), v = to_doubles(vv);
  std::vector<double> w = convolve(u, v);
  const int64_t nu = static_cast<int64_t>(u.size()), nv = static_cast<int64_t>(v.size());
  bool column = is_column_vector(uv) || is_column_vector(vv);
  if (shape == "same") {
    // The central part, the size of u.
    const int64_t start = (nv - 1 + 1) / 2;  // ceil((nv - 1) / 2)
    std::vector<double> s(static_cast<size_t>(nu), 0.0);
    for (int64_t i = 0; i < nu && nv > 0; ++i) s[i] = w[start + i];
    w.swap(s);
    column = is_column_vector(uv);
  } else if (shape == "valid") {
    const int64_t len = nv == 0 ? nu : std::max<int64_t>(nu - nv + 1, 0);
    std::vector<double> s(static_cast<size_t>(len), 0.0);
    for (int64_t i = 0; i < len && nv > 0; ++i) s[i] = w[nv - 1 + i];
    w.swap(s);
  }
  const ClassId cls = float_result(uv.cls(), vv.cls());
  return {from_doubles(w, vector_shape(static_cast<int64_t>(w.size()), column), cls)};
}

Args deconv_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 2);
  const Value &yv = require_numeric(args[0], "deconv"), &av = require_numeric(args[1], "deconv");
  if (!yv.shape().is_vector() || !av.shape().is_vector()) {
    throw_error("MATLAB:deconv:NotVector", "Inputs must be vectors.");
  }
  const std::vector<double> y = to_doubles(yv), a = to_doubles(av);
  if (a.empty() || a[0] == 0) {
    throw_error("MATLAB:deconv:ZeroCoef1", "First coefficient of A must be non-zero.");
  }
  const ClassId cls = float_result(yv.cls(), av.cls());
  const bool column = is_column_vector(yv);
  if (a.size() > y.size()) return {scalar_result(0, cls), args[0]};
  // Long division: q has length ny - na + 1, r = y - conv(a, q).
  const size_t nq = y.size() - a.size() + 1;
  std::vector<double> rem = y, q(nq, 0.0);
  for (size_t k = 0; k < nq; ++k) {
    q[k] = rem[k] / a[0];
    for (size_t j = 0; j < a.size(); ++j) rem[k + j] -= q[k] * a[j];
  }
  // The leading nq remainder entries are exactly zero by construction.
  for (size_t k = 0; k < nq; ++k) rem[k] = 0;
  Args out{from_doubles(q, vector_shape(static_cast<int64_t>(nq), column), cls)};
  if (ctx.nargout >= 2) out.push_back(from_doubles(rem, yv.shape(), cls));
  return out;
}

// filter(b, a, x), filter(b, a, x, zi), filter(b, a, x, zi, dim), [y, zf] = filter(...):
// direct form II transposed along dim, normalized by a(1).
Args filter_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 3, 5);
  const Value& xv = require_numeric(args[2], "filter");
  std::vector<double> b = to_doubles(require_numeric(args[0], "filter"));
  std::vector<double> a = to_doubles(require_numeric(args[1], "filter"));
  if (!args[0].shape().is_vector() || !args[1].shape().is_vector() || a.empty() || b.empty()) {
    throw_error("MATLAB:filter:invalidInputs", "Filter coefficients must be vectors.");
  }
  if (a[0] == 0) {
    throw_error("MATLAB:filter:firstElementOfDenominatorFilterZero",
                "First denominator filter coefficient must be non-zero.");
  }
  const size_t n = std::max(a.size(), b.size());
  a.resize(n, 0.0);
  b.resize(n, 0.0);
  const double a0 = a[0];
  for (double& d : a) d /= a0;
  for (double& d : b) d /= a0;
  const Shape s = xv.shape();
  const int dim = args.size() == 5 ? dim_from_value(args[4]) : default_reduce_dim(s);
  const DimLayout l = layout_around(s, dim);
  const int64_t nslices = l.inner * l.outer, nz = static_cast<int64_t>(n) - 1;
  std::vector<double> z(static_cast<size_t>(nz * nslices), 0.0);
  if (args.size() >= 4 && args[3].numel() > 0) {
    const std::vector<double> zi = to_doubles(args[3]);
    if (static_cast<int64_t>(zi.size()) == nz) {
      for (int64_t k = 0; k < nslices; ++k) std::copy(zi.begin(), zi.end(), z.begin() + k * nz);
    } else if (static_cast<int64_t>(zi.size()) == nz * nslices) {
      z = zi;
    } else {
      throw_error("MATLAB:filter:invalidInitialConditions",
                  "Initial conditions must be a vector of length max(length(a),length(b))-1, or "
                  "an array with the leading dimension of size max(length(a),length(b))-1 and "
                  "with remaining dimensions matching those of x.");
    }
  }
  std::vector<double> x = to_doubles(xv);
  for (int64_t o = 0; o < l.outer; ++o) {
    for (int64_t i = 0; i < l.inner; ++i) {
      double* zk = z.data() + (o * l.inner + i) * nz;
      for (int64_t e = 0; e < l.extent; ++e) {
        double& v = x[(o * l.extent + e) * l.inner + i];
        const double in = v;
        const double out = b[0] * in + (nz > 0 ? zk[0] : 0.0);
        for (int64_t k = 0; k + 1 < nz; ++k) zk[k] = zk[k + 1] + b[k + 1] * in - a[k + 1] * out;
        if (nz > 0) zk[nz - 1] = b[nz] * in - a[nz] * out;
        v = out;
      }
    }
  }
  const ClassId cls = float_result(xv.cls(), float_result(args[0].cls(), args[1].cls()));
  Args res{from_doubles(x, s, cls)};
  if (ctx.nargout >= 2) {
    res.push_back(from_doubles(z, Shape{nz, nslices}, cls));
  }
  return res;
}

// ---- trapz cumtrapz --------------------------------------------------------------------------

// Arguments of trapz/cumtrapz: (y), (x, y), (y, dim) when the second argument is a scalar
// (as MATLAB's trapz.m decides), (x, y, dim); x is a spacing scalar or the sample points.
struct TrapzArgs {
  Value y;
  std::vector<double> x;  // spacing points; empty: unit spacing
  double h = 1;           // scalar spacing
  int dim = 0;
};

TrapzArgs parse_trapz(const Args& args, const char* fn) {
  TrapzArgs t;
  if (args.size() == 1) {
    t.y = require_numeric(args[0], fn);
    t.dim = default_reduce_dim(t.y.shape());
    return t;
  }
  if (args.size() == 2 && args[1].numel() == 1) {
    t.y = require_numeric(args[0], fn);  // trapz(y, dim)
    t.dim = dim_from_value(args[1]);
    return t;
  }
  t.y = require_numeric(args[1], fn);
  t.dim = args.size() == 3 ? dim_from_value(args[2]) : default_reduce_dim(t.y.shape());
  if (args[0].numel() == 1) {
    t.h = args[0].elem(0);
  } else {
    t.x = to_doubles(args[0]);
    if (static_cast<int64_t>(t.x.size()) != t.y.shape().dim(t.dim)) {
      throw_error("MATLAB:trapz:LengthXMismatchY",
                  "length(X) must equal the length of Y in the dimension of integration.");
    }
  }
  return t;
}

template <bool Cumulative>
Args trapz_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 3);
  const TrapzArgs t = parse_trapz(args, Cumulative ? "cumtrapz" : "trapz");
  const Shape s = t.y.shape();
  const DimLayout l = layout_around(s, t.dim);
  const std::vector<double> y = to_doubles(t.y);
  Shape::Dims d = s.dims();
  if (!Cumulative && t.dim < static_cast<int>(d.size())) d[t.dim] = 1;
  const Shape out_shape(d);
  std::vector<double> out(static_cast<size_t>(out_shape.numel()), 0.0);
  for (int64_t o = 0; o < l.outer; ++o) {
    for (int64_t i = 0; i < l.inner; ++i) {
      double acc = 0;
      auto at = [&](int64_t e) { return (o * l.extent + e) * l.inner + i; };
      if (Cumulative && l.extent > 0) out[at(0)] = 0;
      for (int64_t e = 1; e < l.extent; ++e) {
        const double h = t.x.empty() ? t.h : t.x[e] - t.x[e - 1];
        acc += h * (y[at(e)] + y[at(e - 1)]) / 2;
        if (Cumulative) out[at(e)] = acc;
      }
      if (!Cumulative) out[o * l.inner + i] = acc;
    }
  }
  return {from_doubles(out, out_shape, float_result(t.y.cls()))};
}

// ---- interp1 ---------------------------------------------------------------------------------

enum class Method { Linear, Nearest, Previous, Next, Pchip, Spline };

Method parse_method(const std::string& m) {
  if (m == "linear") return Method::Linear;
  if (m == "nearest") return Method::Nearest;
  if (m == "previous") return Method::Previous;
  if (m == "next") return Method::Next;
  if (m == "pchip" || m == "cubic") return Method::Pchip;
  if (m == "spline") return Method::Spline;
  throw_error("MATLAB:interp1:InvalidMethod", "Invalid interpolation method '%s'.", m);
}

double sign_of(double v) {
  return v > 0 ? 1 : (v < 0 ? -1 : 0);
}

// Slopes of MATLAB's pchip (Fritsch-Carlson with the three-point end formulas).
std::vector<double> pchip_slopes(const std::vector<double>& h, const std::vector<double>& del) {
  const size_t n = h.size() + 1;
  std::vector<double> d(n, 0.0);
  if (n == 2) return {del[0], del[0]};
  for (size_t k = 0; k + 1 < h.size(); ++k) {
    if (sign_of(del[k]) * sign_of(del[k + 1]) > 0) {
      const double hs = h[k] + h[k + 1];
      const double w1 = (h[k] + hs) / (3 * hs), w2 = (hs + h[k + 1]) / (3 * hs);
      const double dmax = std::max(std::fabs(del[k]), std::fabs(del[k + 1]));
      const double dmin = std::min(std::fabs(del[k]), std::fabs(del[k + 1]));
      d[k + 1] = dmin / (w1 * (del[k] / dmax) + w2 * (del[k + 1] / dmax));
    }
  }
  auto end_slope = [](double h0, double h1, double del0, double del1) {
    double e = ((2 * h0 + h1) * del0 - h0 * del1) / (h0 + h1);
    if (sign_of(e) != sign_of(del0)) {
      e = 0;
    } else if (sign_of(del0) != sign_of(del1) && std::fabs(e) > std::fabs(3 * del0)) {
      e = 3 * del0;
    }
    return e;
  };
  d[0] = end_slope(h[0], h[1], del[0], del[1]);
  d[n - 1] = end_slope(h[n - 2], h[n - 3], del[n - 2], del[n - 3]);
  return d;
}

// Solves a tridiagonal system in place (b becomes x) by Gaussian elimination with partial
// pivoting, as LAPACK's dgtsv: O(n) time and memory for splines through many points.
void solve_tridiagonal(std::vector<double>& sub, std::vector<double>& diag,
                       std::vector<double>& sup, std::vector<double>& b) {
  const size_t n = diag.size();
  std::vector<double> sup2(n, 0.0);  // fill-in two above the diagonal from row swaps
  for (size_t i = 0; i + 1 < n; ++i) {
    if (std::fabs(diag[i]) >= std::fabs(sub[i])) {
      const double f = sub[i] / diag[i];
      diag[i + 1] -= f * sup[i];
      b[i + 1] -= f * b[i];
    } else {
      // Swap rows i and i+1, then eliminate.
      const double f = diag[i] / sub[i];
      diag[i] = sub[i];
      const double t = diag[i + 1];
      diag[i + 1] = sup[i] - f * t;
      if (i + 2 < n) {
        sup2[i] = sup[i + 1];
        sup[i + 1] = -f * sup2[i];
      }
      sup[i] = t;
      const double tb = b[i];
      b[i] = b[i + 1];
      b[i + 1] = tb - f * b[i + 1];
    }
  }
  b[n - 1] /= diag[n - 1];
  if (n > 1) b[n - 2] = (b[n - 2] - sup[n - 2] * b[n - 1]) / diag[n - 2];
  for (size_t i = n - 2; i-- > 0;) {
    b[i] = (b[i] - sup[i] * b[i + 1] - sup2[i] * b[i + 2]) / diag[i];
  }
}

// Slopes of MATLAB's not-a-knot cubic spline (a parabola for three points, a line for two).
std::vector<double> spline_slopes(const std::vector<double>& x, const std::vector<double>& h,
                                  const std::vector<double>& del) {
  const size_t n = x.size();
  if (n == 2) return {del[0], del[0]};
  if (n == 3) {
    const double f123 = (del[1] - del[0]) / (x[2] - x[0]);
    std::vector<double> d(3);
    for (size_t i = 0; i < 3; ++i) d[i] = del[0] + f123 * (2 * x[i] - x[0] - x[1]);
    return d;
  }
  const double x31 = x[2] - x[0], xn = x[n - 1] - x[n - 3];
  // Tridiagonal system: sub[i] = c(i+1, i), diag[i] = c(i, i), sup[i] = c(i, i+1).
  std::vector<double> sub(n - 1), diag(n), sup(n - 1), b(n);
  diag[0] = h[1];
  sup[0] = x31;
  b[0] = ((h[0] + 2 * x31) * h[1] * del[0] + h[0] * h[0] * del[1]) / x31;
  for (size_t i = 1; i + 1 < n; ++i) {
    sub[i - 1] = h[i];
    diag[i] = 2 * (h[i] + h[i - 1]);
    sup[i] = h[i - 1];
    b[i] = 3 * (h[i] * del[i - 1] + h[i - 1] * del[i]);
  }
  sub[n - 2] = xn;
  diag[n - 1] = h[n - 3];
  b[n - 1] = (h[n - 2] * h[n - 2] * del[n - 3] + (2 * xn + h[n - 2]) * h[n - 3] * del[n - 2]) / xn;
  solve_tridiagonal(sub, diag, sup, b);
  return b;
}

// Interpolates one column of values v (at sorted x) at q.
double interp_point(const std::vector<double>& x, const double* v, const std::vector<double>& d,
                    Method m, double q, bool extrap, double fill) {
  const size_t n = x.size();
  if (std::isnan(q)) return kNaN;
  const bool outside = q < x.front() || q > x.back();
  if (outside && !extrap) return fill;
  // Interval k with x[k] <= q < x[k+1] (clamped to the end intervals).
  size_t k = static_cast<size_t>(std::upper_bound(x.begin(), x.end(), q) - x.begin());
  k = k == 0 ? 0 : std::min(k - 1, n - 2);
  const double h = x[k + 1] - x[k], s = q - x[k];
  switch (m) {
    case Method::Nearest:
      // Halfway points go to the larger neighbor.
      if (outside) return q < x.front() ? v[0] : v[n - 1];
      return s < h / 2 ? v[k] : v[k + 1];
    case Method::Previous:
      if (outside) return q < x.front() ? kNaN : v[n - 1];
      return q >= x[k + 1] ? v[k + 1] : v[k];
    case Method::Next:
      if (outside) return q > x.back() ? kNaN : v[0];
      return q <= x[k] ? v[k] : v[k + 1];
    case Method::Linear:
      return v[k] + (v[k + 1] - v[k]) * (s / h);
    case Method::Pchip:
    case Method::Spline: {
      const double del = (v[k + 1] - v[k]) / h;
      const double c = (3 * del - 2 * d[k] - d[k + 1]) / h;
      const double b = (d[k] - 2 * del + d[k + 1]) / (h * h);
      return v[k] + s * (d[k] + s * (c + s * b));
    }
  }
  return kNaN;
}

Args interp1_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 5);
  // Trailing options: method, then 'extrap' or a fill value.
  Args a = args;
  std::string method = "linear";
  bool extrap_given = false, extrap = false;
  double fill = kNaN;
  size_t nnum = 0;
  while (nnum < a.size() && !a[nnum].is_char()) ++nnum;
  if (nnum < a.size()) method = lower_text(a[nnum]);
  if (nnum + 1 < a.size()) {
    extrap_given = true;
    if (is_option(a[nnum + 1], "extrap")) {
      extrap = true;
    } else if (!a[nnum + 1].is_char() && a[nnum + 1].numel() == 1) {
      fill = a[nnum + 1].elem(0);
    } else {
      throw_error("MATLAB:interp1:InvalidExtrap",
                  "Invalid extrapolation option; use 'extrap' or a scalar value.");
    }
  }
  if (nnum + 2 < a.size()) throw_error("MATLAB:TooManyInputs", "Too many input arguments.");
  const Method m = parse_method(method);
  if (!extrap_given && (m == Method::Pchip || m == Method::Spline)) extrap = true;
  a.resize(nnum);
  Value xv, vv, qv;
  if (a.size() == 2) {
    vv = require_numeric(a[0], "interp1");
    qv = require_numeric(a[1], "interp1");
  } else if (a.size() == 3) {
    xv = require_numeric(a[0], "interp1");
    vv = require_numeric(a[1], "interp1");
    qv = require_numeric(a[2], "interp1");
  } else {
    throw_error("MATLAB:minrhs", "Not enough input arguments.");
  }
  // v: a vector, or a matrix whose columns are interpolated separately.
  const bool v_vector = vv.shape().is_vector();
  const int64_t n = v_vector ? vv.numel() : vv.shape().rows();
  const int64_t ncols = v_vector ? 1 : vv.numel() / std::max<int64_t>(n, 1);
  std::vector<double> x;
  if (xv.is_defined()) {
    x = to_doubles(xv);
    if (static_cast<int64_t>(x.size()) != n) {
      throw_error("MATLAB:interp1:YInvalidNumRows",
                  "The grid vectors do not define a grid of points that match the given values.");
    }
  } else {
    for (int64_t i = 0; i < n; ++i) x.push_back(static_cast<double>(i + 1));
  }
  if (n < 2) {
    throw_error("MATLAB:interp1:NotEnoughPts",
                "Interpolation requires at least two sample points for each dimension.");
  }
  std::vector<double> v = to_doubles(vv);
  // Sort the sample points (MATLAB accepts any order of distinct points).
  std::vector<int64_t> order(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](int64_t p, int64_t q) { return x[p] < x[q]; });
  std::vector<double> xs(static_cast<size_t>(n)), vs(v.size());
  for (int64_t i = 0; i < n; ++i) {
    xs[i] = x[order[i]];
    for (int64_t c = 0; c < ncols; ++c) vs[c * n + i] = v[c * n + order[i]];
    if (std::isnan(xs[i])) {
      throw_error("MATLAB:interp1:NaNinX", "NaN is not an appropriate value for X.");
    }
    if (i > 0 && xs[i] == xs[i - 1]) {
      throw_error("MATLAB:griddedInterpolant:NonUniqueCompVecsPtsErrId",
                  "Sample points must be unique.");
    }
  }
  std::vector<double> h(static_cast<size_t>(n - 1));
  for (int64_t i = 0; i + 1 < n; ++i) h[i] = xs[i + 1] - xs[i];
  const std::vector<double> q = to_doubles(qv);
  const int64_t nq = static_cast<int64_t>(q.size());
  std::vector<double> out(static_cast<size_t>(nq * ncols));
  for (int64_t c = 0; c < ncols; ++c) {
    const double* col = vs.data() + c * n;
    std::vector<double> d;
    if (m == Method::Pchip || m == Method::Spline) {
      std::vector<double> del(static_cast<size_t>(n - 1));
      for (int64_t i = 0; i + 1 < n; ++i) del[i] = (col[i + 1] - col[i]) / h[i];
      d = m == Method::Pchip ? pchip_slopes(h, del) : spline_slopes(xs, h, del);
    }
    for (int64_t i = 0; i < nq; ++i) {
      out[c * nq + i] = interp_point(xs, col, d, m, q[i], extrap, fill);
    }
  }
  // A vector v gives the shape of xq; a matrix v gives one column per column of v.
  const Shape shape = v_vector ? qv.shape() : Shape{nq, ncols};
  return {from_doubles(out, shape, float_result(vv.cls(), qv.cls()))};
}

}  // namespace

void register_poly_builtins(BuiltinRegistry& reg) {
  reg.add("polyfit", polyfit_fn,
          "p = polyfit(x, y, n): least-squares polynomial of degree n, highest power first.");
  reg.add("polyval", polyval_fn,
          "polyval(p, x), polyval(p, x, [], mu): evaluates a polynomial (Horner).");
  reg.add("roots", roots_fn, "roots(c): polynomial roots (companion matrix eigenvalues).");
  reg.add("conv", conv_fn,
          "conv(u, v), conv(u, v, shape): convolution / polynomial product; shape 'full', "
          "'same' or 'valid'.");
  reg.add("deconv", deconv_fn, "[q, r] = deconv(y, a): polynomial division, y = conv(a, q) + r.");
  reg.add("filter", filter_fn,
          "y = filter(b, a, x), filter(b, a, x, zi, dim), [y, zf] = filter(...): 1-D digital "
          "filter (direct form II transposed).");
  reg.add("trapz", trapz_fn<false>,
          "trapz(y), trapz(x, y), trapz(..., dim): trapezoidal integration.");
  reg.add("cumtrapz", trapz_fn<true>,
          "cumtrapz(y), cumtrapz(x, y), cumtrapz(..., dim): cumulative trapezoidal integration.");
  reg.add("interp1", interp1_fn,
          "interp1(x, v, xq), interp1(v, xq), interp1(..., method, extrapolation): 1-D "
          "interpolation; methods 'linear', 'nearest', 'previous', 'next', 'pchip', 'spline'; "
          "NaN outside the data unless 'extrap' or a fill value is given.");
}

}  // namespace runmat::runtime
