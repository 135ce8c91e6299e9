// Adaptive quadrature: integral, quadgk and integral2 (as iterated integrals). Both are MATLAB's
// quadgk scheme: the interval is mapped to a finite t-interval by a transformation that also
// weakens endpoint singularities (x = (b-a)/4 t (3 - t^2) + (b+a)/2 for finite limits, t/(1-t)
// squared or t/(1-t^2) for infinite ones), split into at least 10 subintervals, and each
// subinterval is integrated with the Gauss-Kronrod (7,15) pair; subintervals whose error estimate
// is within their share of max(AbsTol, RelTol*|Q|) are accepted, the others are halved, up to
// MaxIntervalCount. The integrand is called once per pass with every node as a row vector (or, with
// 'ArrayValued', once per node with a scalar).
#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>

#include "builtins_numeric.hpp"
#include "builtins_solver.hpp"
#include "complex_ops.hpp"
#include "matrix_ops.hpp"

namespace runmat::runtime {
namespace {

using cplx = std::complex<double>;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Gauss-Kronrod (7,15): nodes on [-1, 1], Kronrod weights, and Kronrod minus Gauss weights.
struct GaussKronrod {
  double nodes[15], wt[15], ewt[15];
  GaussKronrod() {
    const double pn[7] = {0.2077849550078985, 0.4058451513773972, 0.5860872354676911,
                          0.7415311855993944, 0.8648644233597691, 0.9491079123427585,
                          0.9914553711208126};
    const double pw[7] = {0.2044329400752989, 0.1903505780647854, 0.1690047266392679,
                          0.1406532597155259, 0.1047900103222502, 0.06309209262997855,
                          0.02293532201052922};
    const double pw7[7] = {0, 0.3818300505051189, 0, 0.2797053914892767, 0, 0.1294849661688697, 0};
    for (int i = 0; i < 7; ++i) {
      nodes[6 - i] = -pn[i], nodes[8 + i] = pn[i];
      wt[6 - i] = wt[8 + i] = pw[i];
      ewt[6 - i] = ewt[8 + i] = pw[i] - pw7[i];
    }
    nodes[7] = 0;
    wt[7] = 0.2094821410847278;
    ewt[7] = 0.2094821410847278 - 0.4179591836734694;
  }
};

enum class Limits { Finite, UpperInf, LowerInf, BothInf };

struct QuadOptions {
  double abstol = 1e-10, reltol = 1e-6;
  double max_intervals = 650;
  bool array_valued = false;
  std::vector<double> waypoints;
};

// An integrand: values at a row of points, m components per point (point-major), and the
// class and shape of one value.
class Integrand {
 public:
  virtual ~Integrand() = default;
  virtual std::vector<cplx> eval(const std::vector<double>& x) = 0;
  // The shape of one value, for an integral over an empty interval (calls f when it must).
  virtual Shape probe_shape(double x) = 0;
  int64_t components(const std::vector<cplx>& values, size_t npoints) const {
    return npoints == 0 ? 1 : static_cast<int64_t>(values.size() / npoints);
  }
  const Shape& shape() const { return shape_; }
  bool single() const { return single_; }

 protected:
  void note_class(const Value& r) {
    single_ = single_ || r.cls() == ClassId::Single || (r.is_complex() && r.complex().single);
  }
  Shape shape_ = Shape::scalar();
  bool single_ = false;
};

// A MATLAB function of one variable: called with every point at once (a row vector, the result
// the same size), or with 'ArrayValued' once per point with a scalar.
class HandleIntegrand : public Integrand {
 public:
  HandleIntegrand(Vm& vm, Value fn, const char* who, bool array_valued)
      : vm_(vm), fn_(std::move(fn)), who_(who), array_valued_(array_valued) {}

  std::vector<cplx> eval(const std::vector<double>& x) override {
    const int64_t n = static_cast<int64_t>(x.size());
    std::vector<cplx> out;
    if (!array_valued_) {
      const Value r = call_one(vm_, fn_, {from_doubles(x, Shape::row(n), ClassId::Double)});
      note_class(r);
      if (r.shape() != Shape::row(n)) {
        solver_error(who_, "FxNotSameSizeAsX",
                     "Output of the function must be the same size as the input. If FUN is an "
                     "array-valued integrand, set the 'ArrayValued' option to true.");
      }
      return complex_elements(r, who_);
    }
    for (double xi : x) {
      const Value r = call_one(vm_, fn_, {Value::num(xi)});
      note_class(r);
      if (!have_shape_) {
        shape_ = r.shape(), have_shape_ = true;
      } else if (r.shape() != shape_) {
        solver_error(
            who_, "ArrayValuedSizeChanged",
            absl::StrFormat("The size of the function value changed between calls (from %s to %s).",
                            shape_.to_string(), r.shape().to_string()));
      }
      const std::vector<cplx> v = complex_elements(r, who_);
      out.insert(out.end(), v.begin(), v.end());
    }
    return out;
  }

  Shape probe_shape(double x) override {
    if (!array_valued_) return Shape::scalar();
    eval({x});
    return shape_;
  }

 private:
  Vm& vm_;
  Value fn_;
  const char* who_;
  bool array_valued_;
  bool have_shape_ = false;
};

struct QuadResult {
  std::vector<cplx> q;
  double errbnd = 0;
};

// Inserts points so that no subinterval is longer than 1/minsubs of the path (MATLAB's split).
std::vector<double> split(std::vector<double> x, int minsubs) {
  double pathlen = 0;
  for (size_t i = 1; i < x.size(); ++i) pathlen += std::abs(x[i] - x[i - 1]);
  if (pathlen > 0) {
    std::vector<double> out{x[0]};
    for (size_t k = 0; k + 1 < x.size(); ++k) {
      const double nnew = std::ceil(std::abs(x[k + 1] - x[k]) * minsubs / pathlen) - 1;
      for (int j = 1; j <= static_cast<int>(nnew); ++j) {
        out.push_back(x[k] + j / (nnew + 1) * (x[k + 1] - x[k]));
      }
      out.push_back(x[k + 1]);
    }
    x.swap(out);
  }
  std::vector<double> kept{x[0]};
  for (size_t i = 1; i < x.size(); ++i) {
    if (x[i] != kept.back()) kept.push_back(x[i]);
  }
  if (kept.size() == 1) kept.push_back(kept[0]);
  return kept;
}

double spacing(double v) {
  v = std::abs(v);
  if (v < std::numeric_limits<double>::min()) return std::numeric_limits<double>::denorm_min();
  int e = 0;
  std::frexp(v, &e);
  return std::ldexp(1.0, e - 53);
}

QuadResult adapt(CallContext& ctx, Integrand& f, const char* who, Limits kind, double a, double b,
                 const std::vector<double>& tinterval0, const QuadOptions& opt) {
  static const GaussKronrod gk;
  const std::vector<double> tinterval = split(tinterval0, 10);
  const double pathlen = tinterval.back() - tinterval.front();
  std::vector<std::pair<double, double>> subs;
  for (size_t i = 0; i + 1 < tinterval.size(); ++i)
    subs.emplace_back(tinterval[i], tinterval[i + 1]);
  const double A2 = 0.5 * (a + b), B2 = 0.25 * (b - a);
  // x(t) and dx/dt of each transformation.
  auto map = [&](double t, double* dxdt) {
    switch (kind) {
      case Limits::Finite:
        *dxdt = 3 * B2 * (1 - t * t);
        return B2 * t * (3 - t * t) + A2;
      case Limits::UpperInf: {
        const double tt = t / (1 - t);
        *dxdt = 2 * tt / ((1 - t) * (1 - t));
        return a + tt * tt;
      }
      case Limits::LowerInf: {
        const double tt = t / (1 + t);
        *dxdt = -2 * tt / ((1 + t) * (1 + t));
        return b - tt * tt;
      }
      case Limits::BothInf:
        *dxdt = (1 + t * t) / ((1 - t * t) * (1 - t * t));
        return t / (1 - t * t);
    }
    return 0.0;
  };
  QuadResult res;
  std::vector<cplx> q_ok, q;
  double err_ok = 0;
  int64_t m = -1;  // components per node
  while (true) {
    const size_t ns = subs.size();
    std::vector<double> x(ns * 15), w(ns * 15);
    for (size_t s = 0; s < ns; ++s) {
      const double mid = 0.5 * (subs[s].first + subs[s].second);
      const double halfh = 0.5 * (subs[s].second - subs[s].first);
      for (int k = 0; k < 15; ++k) x[s * 15 + k] = map(gk.nodes[k] * halfh + mid, &w[s * 15 + k]);
    }
    // Mesh points too close together to resolve: stop with the previous pass's values.
    for (size_t i = 0; i + 1 < x.size(); ++i) {
      const double scale = std::max(std::abs(x[i]), std::abs(x[i + 1]));
      if (std::abs(x[i + 1] - x[i]) <= 100 * spacing(1.0) * scale) {
        numeric_warning(ctx.rt, absl::StrFormat("MATLAB:%s:MinStepSize", who),
                        absl::StrFormat("Minimum step size reached near x = %g. There may be a "
                                        "singularity, or the tolerances may be too tight for "
                                        "this problem.",
                                        x[i]));
        if (q.empty()) q.assign(static_cast<size_t>(std::max<int64_t>(m, 1)), kNaN);
        res.q = q;
        return res;
      }
    }
    const std::vector<cplx> fx = f.eval(x);
    m = f.components(fx, x.size());
    if (q_ok.empty()) q_ok.assign(static_cast<size_t>(m), 0.0);
    // Per subinterval: integral and error estimate, m components each.
    std::vector<cplx> qsubs(ns * m, 0.0), esubs(ns * m, 0.0);
    for (size_t s = 0; s < ns; ++s) {
      const double halfh = 0.5 * (subs[s].second - subs[s].first);
      for (int k = 0; k < 15; ++k) {
        const size_t p = s * 15 + k;
        for (int64_t c = 0; c < m; ++c) {
          const cplx y = fx[p * m + c] * w[p];
          qsubs[s * m + c] += gk.wt[k] * y;
          esubs[s * m + c] += gk.ewt[k] * y;
        }
      }
      for (int64_t c = 0; c < m; ++c) qsubs[s * m + c] *= halfh, esubs[s * m + c] *= halfh;
    }
    q = q_ok;
    for (size_t s = 0; s < ns; ++s) {
      for (int64_t c = 0; c < m; ++c) q[c] += qsubs[s * m + c];
    }
    double qnorm = 0;
    for (const cplx& z : q) qnorm = std::max(qnorm, std::abs(z));
    const double tol = std::max(opt.abstol, opt.reltol * qnorm);
    // Accept subintervals whose error is within their share of tol.
    std::vector<bool> accept(ns);
    double err_rest = 0;
    for (size_t s = 0; s < ns; ++s) {
      double e = 0;
      for (int64_t c = 0; c < m; ++c) e = std::max(e, std::abs(esubs[s * m + c]));
      const double halfh = 0.5 * (subs[s].second - subs[s].first);
      accept[s] = e <= (2 * tol / pathlen) * std::abs(halfh);
      if (accept[s]) {
        err_ok += e;
      } else {
        err_rest += e;
      }
    }
    res.errbnd = std::abs(err_ok) + err_rest;
    res.q = q;
    if (!(std::isfinite(qnorm) && std::isfinite(res.errbnd))) {
      numeric_warning(ctx.rt, absl::StrFormat("MATLAB:%s:NonFiniteValue", who),
                      "Inf or NaN value encountered.");
      return res;
    }
    if (res.errbnd <= tol) return res;
    std::vector<std::pair<double, double>> next;
    for (size_t s = 0; s < ns; ++s) {
      if (accept[s]) {
        for (int64_t c = 0; c < m; ++c) q_ok[c] += qsubs[s * m + c];
        continue;
      }
      const double mid = 0.5 * (subs[s].first + subs[s].second);
      next.emplace_back(subs[s].first, mid);
      next.emplace_back(mid, subs[s].second);
    }
    if (next.empty()) return res;
    if (static_cast<double>(next.size()) > opt.max_intervals) {
      numeric_warning(
          ctx.rt, absl::StrFormat("MATLAB:%s:MaxIntervalCountReached", who),
          absl::StrFormat("Reached the limit on the maximum number of intervals in use. "
                          "Approximate bound on error is%9.1e. The integral may not exist, or "
                          "it may be difficult to approximate numerically to the requested "
                          "accuracy.",
                          res.errbnd));
      return res;
    }
    subs.swap(next);
  }
}

// The t-interval of a transformation with the waypoints mapped into it.
std::vector<double> t_interval(Limits kind, double a, double b, const std::vector<double>& wp) {
  std::vector<double> t;
  switch (kind) {
    case Limits::Finite:
      t.push_back(-1);
      // Invert x = (b-a)/4 t (3 - t^2) + (b+a)/2 on [-1, 1].
      for (double x : wp) t.push_back(2 * std::sin(std::asin((a + b - 2 * x) / (a - b)) / 3));
      t.push_back(1);
      break;
    case Limits::UpperInf:
      t.push_back(0);
      for (double x : wp) t.push_back(std::sqrt(x - a) / (1 + std::sqrt(x - a)));
      t.push_back(1);
      break;
    case Limits::LowerInf:
      t.push_back(-1);
      for (double x : wp) t.push_back(-std::sqrt(b - x) / (1 + std::sqrt(b - x)));
      t.push_back(0);
      break;
    case Limits::BothInf:
      t.push_back(-1);
      for (double x : wp) t.push_back(2 * x / (1 + std::sqrt(1 + 4 * x * x)));
      t.push_back(1);
      break;
  }
  return t;
}

// Which name-value options a function accepts.
enum OptionSet : unsigned {
  kTolerances = 1,
  kArrayValued = 2,
  kWaypoints = 4,
  kMaxIntervals = 8,
  kMethod = 16,
};
constexpr unsigned kIntegralOptions = kTolerances | kArrayValued | kWaypoints;
constexpr unsigned kQuadgkOptions = kTolerances | kMaxIntervals | kWaypoints;
constexpr unsigned kIntegral2Options = kTolerances | kMethod;

QuadOptions parse_options(const Args& args, size_t from, const char* who, unsigned accepted) {
  QuadOptions o;
  if ((args.size() - from) % 2 != 0) {
    solver_error(who, "invalidNameValuePairs",
                 absl::StrFormat("Name-value arguments must come in pairs."));
  }
  for (size_t i = from; i < args.size(); i += 2) {
    if (!args[i].is_char() && !args[i].is_string()) {
      solver_error(who, "invalidOptionName", absl::StrFormat("Expected a name-value option name."));
    }
    const std::string name = absl::AsciiStrToLower(args[i].to_text());
    const Value& v = args[i + 1];
    auto positive = [&](const char* pretty) {
      if (!v.is_numeric_like() || v.numel() != 1 || !(v.elem(0) >= 0)) {
        solver_error(
            who, absl::StrCat("invalid", pretty),
            absl::StrFormat("The value of '%s' is invalid. It must be a nonnegative real scalar.",
                            pretty));
      }
      return v.elem(0);
    };
    if (name == "abstol" && (accepted & kTolerances)) {
      o.abstol = positive("AbsTol");
    } else if (name == "reltol" && (accepted & kTolerances)) {
      o.reltol = positive("RelTol");
    } else if (name == "method" && (accepted & kMethod)) {
      // 'tiled' and 'auto' are computed by the iterated method too (see docs/numeric.md).
      const std::string m = v.is_char() || v.is_string() ? absl::AsciiStrToLower(v.to_text()) : "";
      if (m != "auto" && m != "tiled" && m != "iterated") {
        solver_error(who, "invalidMethod",
                     "The value of 'Method' is invalid. It must be 'auto', 'tiled' or 'iterated'.");
      }
    } else if (name == "arrayvalued" && (accepted & kArrayValued)) {
      if (!v.is_numeric_like() || v.numel() != 1) {
        throw_error("MATLAB:integral:invalidArrayValued",
                    "The value of 'ArrayValued' is invalid. It must be true or false.");
      }
      o.array_valued = v.elem(0) != 0;
    } else if (name == "maxintervalcount" && (accepted & kMaxIntervals)) {
      o.max_intervals = positive("MaxIntervalCount");
    } else if (name == "waypoints" && (accepted & kWaypoints)) {
      if (v.is_complex()) {
        throw_error("RunMat:notImplemented",
                    "Complex waypoints (contour integrals) are not supported yet.");
      }
      if (!v.is_numeric_like()) {
        solver_error(who, "invalidWaypoints",
                     absl::StrFormat("Waypoints must be a vector of finite values."));
      }
      o.waypoints = to_doubles(v);
      for (double w : o.waypoints) {
        if (!std::isfinite(w)) {
          solver_error(who, "invalidWaypoints",
                       absl::StrFormat("Waypoints must be a vector of finite values."));
        }
      }
    } else {
      solver_error(who, "unknownOption",
                   absl::StrFormat("'%s' is not a recognized parameter.", args[i].to_text()));
    }
  }
  return o;
}

Value result_value(const std::vector<cplx>& q, const Shape& shape, bool single) {
  auto c = std::make_shared<ComplexArray>(shape);
  c->single = single;
  for (size_t i = 0; i < c->data.size() && i < q.size(); ++i) {
    c->data[i] =
        single ? cplx(static_cast<float>(q[i].real()), static_cast<float>(q[i].imag())) : q[i];
  }
  return narrow_complex(Value::complex(std::move(c)));
}

// The integral of f from a to b (either may be infinite), with MATLAB's conventions for NaN
// limits (NaN) and an empty interval (0).
QuadResult integrate_1d(CallContext& ctx, Integrand& f, const char* who, double a, double b,
                        const QuadOptions& opt, Shape* shape) {
  QuadResult r;
  if (std::isnan(a) || std::isnan(b)) {
    *shape = f.probe_shape(0);
    r.q.assign(static_cast<size_t>(shape->numel()), kNaN);
    r.errbnd = kNaN;
    return r;
  }
  if (a == b) {
    *shape = f.probe_shape(a);
    r.q.assign(static_cast<size_t>(shape->numel()), 0.0);
    return r;
  }
  // Infinite limits integrate in increasing order; the sign flips back at the end.
  double sign = 1;
  if ((std::isinf(a) || std::isinf(b)) && b < a) std::swap(a, b), sign = -1;
  const Limits kind = std::isfinite(a) && std::isfinite(b) ? Limits::Finite
                      : std::isfinite(a)                   ? Limits::UpperInf
                      : std::isfinite(b)                   ? Limits::LowerInf
                                                           : Limits::BothInf;
  std::vector<double> wp = opt.waypoints;
  if (!wp.empty()) {
    // Waypoints lie strictly between the limits, in the direction of integration.
    const double lo = std::min(a, b), hi = std::max(a, b);
    wp.erase(std::remove_if(wp.begin(), wp.end(), [&](double w) { return !(w > lo && w < hi); }),
             wp.end());
    std::sort(wp.begin(), wp.end());
    if (b < a) std::reverse(wp.begin(), wp.end());
  }
  r = adapt(ctx, f, who, kind, a, b, t_interval(kind, a, b, wp), opt);
  for (cplx& z : r.q) z *= sign;
  *shape = f.shape();
  return r;
}

void require_real_limit(const Value& v, const char* who) {
  if (v.is_complex() || !v.is_numeric_like() || v.numel() != 1) {
    solver_error(who, "invalidLimit", "The limits of integration must be real scalars.");
  }
}

Args quad_impl(CallContext& ctx, Args& args, const char* who) {
  check_nargs(ctx, args, 3, SIZE_MAX);
  const bool quadgk = std::string(who) == "quadgk";
  require_function(args[0], who);
  require_real_limit(args[1], who);
  require_real_limit(args[2], who);
  const QuadOptions opt = parse_options(args, 3, who, quadgk ? kQuadgkOptions : kIntegralOptions);
  HandleIntegrand f(solver_vm(ctx), args[0], who, opt.array_valued);
  const bool single_limits = args[1].cls() == ClassId::Single || args[2].cls() == ClassId::Single;
  Shape shape;
  const QuadResult r = integrate_1d(ctx, f, who, args[1].elem(0), args[2].elem(0), opt, &shape);
  Args out{result_value(r.q, shape, f.single() || single_limits)};
  if (ctx.nargout > 1) {
    if (!quadgk) throw_error("MATLAB:TooManyOutputs", "Too many output arguments.");
    out.push_back(Value::num(r.errbnd));
  }
  return out;
}

// ---- integral2 (the 'iterated' method) -----------------------------------------------------

// y -> fun(x * ones(size(y)), y) for one x.
class SliceIntegrand : public Integrand {
 public:
  SliceIntegrand(Vm& vm, const Value& fn, double x) : vm_(vm), fn_(fn), x_(x) {}
  std::vector<cplx> eval(const std::vector<double>& y) override {
    const Shape row = Shape::row(static_cast<int64_t>(y.size()));
    const std::vector<double> xs(y.size(), x_);
    const Value r = call_one(
        vm_, fn_, {from_doubles(xs, row, ClassId::Double), from_doubles(y, row, ClassId::Double)});
    note_class(r);
    if (r.shape() != row) {
      solver_error("integral2", "FxNotSameSizeAsX",
                   "Integrand output size does not match the input size.");
    }
    return complex_elements(r, "integral2");
  }
  Shape probe_shape(double) override { return Shape::scalar(); }

 private:
  Vm& vm_;
  const Value& fn_;
  double x_;
};

// x -> the integral over y from ymin(x) to ymax(x) (limits: numbers or functions of x).
class InnerIntegral : public Integrand {
 public:
  InnerIntegral(CallContext& ctx, const Value& fn, const Value& ymin, const Value& ymax,
                const QuadOptions& opt)
      : ctx_(ctx), fn_(fn), ymin_(ymin), ymax_(ymax), opt_(opt) {}
  std::vector<cplx> eval(const std::vector<double>& x) override {
    std::vector<cplx> out;
    out.reserve(x.size());
    for (double xi : x) {
      SliceIntegrand slice(solver_vm(ctx_), fn_, xi);
      Shape shape;
      const QuadResult r =
          integrate_1d(ctx_, slice, "integral2", limit(ymin_, xi), limit(ymax_, xi), opt_, &shape);
      single_ = single_ || slice.single();
      out.push_back(r.q.empty() ? cplx{} : r.q[0]);
    }
    return out;
  }
  Shape probe_shape(double) override { return Shape::scalar(); }

 private:
  double limit(const Value& lim, double x) {
    if (!lim.is_handle()) return lim.elem(0);
    const Value v = call_one(solver_vm(ctx_), lim, {Value::num(x)});
    if (!v.is_numeric_like() || v.numel() != 1) {
      solver_error("integral2", "invalidLimit", "A limit function must return a real scalar.");
    }
    return v.elem(0);
  }
  CallContext& ctx_;
  const Value& fn_;
  const Value& ymin_;
  const Value& ymax_;
  const QuadOptions& opt_;
};

Args integral2_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 5, SIZE_MAX);
  require_function(args[0], "integral2");
  require_real_limit(args[1], "integral2");
  require_real_limit(args[2], "integral2");
  for (int i = 3; i <= 4; ++i) {
    if (!args[i].is_handle()) require_real_limit(args[i], "integral2");
  }
  const QuadOptions opt = parse_options(args, 5, "integral2", kIntegral2Options);
  InnerIntegral inner(ctx, args[0], args[3], args[4], opt);
  Shape shape;
  const QuadResult r =
      integrate_1d(ctx, inner, "integral2", args[1].elem(0), args[2].elem(0), opt, &shape);
  Args out{result_value(r.q, Shape::scalar(), inner.single())};
  if (ctx.nargout > 1) out.push_back(Value::num(r.errbnd));
  return out;
}

Args integral_fn(CallContext& ctx, Args& args) {
  return quad_impl(ctx, args, "integral");
}

Args quadgk_fn(CallContext& ctx, Args& args) {
  return quad_impl(ctx, args, "quadgk");
}

}  // namespace

void register_quad_builtins(BuiltinRegistry& reg) {
  reg.add("integral", integral_fn,
          "integral(fun, a, b), integral(..., 'AbsTol', t, 'RelTol', t, 'ArrayValued', tf, "
          "'Waypoints', w): adaptive Gauss-Kronrod quadrature; a and b may be infinite.");
  reg.add("integral2", integral2_fn,
          "[q, errbnd] = integral2(fun, xmin, xmax, ymin, ymax, 'AbsTol', t, 'RelTol', t): "
          "double integral of fun(x, y); ymin and ymax may be functions of x.");
  reg.add("quadgk", quadgk_fn,
          "[q, errbnd] = quadgk(fun, a, b, 'AbsTol', t, 'RelTol', t, 'MaxIntervalCount', n, "
          "'Waypoints', w): adaptive Gauss-Kronrod (7,15) quadrature.");
}

}  // namespace runmat::runtime
