// Statistics builtins: median mode var std range bounds prctile quantile normalize histcounts
// accumarray. Each gathers the slices it reduces (one dim, a vecdim list or 'all') on the host
// and computes in double; single inputs give single results.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>

#include "builtins_numeric.hpp"
#include "elementwise.hpp"
#include "reductions.hpp"
#include "vm.hpp"

namespace runmat::runtime {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---- slices along the reduced dimensions ---------------------------------------------------

// The elements of each output position: out_shape has every reduced dim set to 1, and
// data[j] holds (in input order) the elements that reduce into output element j.
struct Slices {
  Shape out_shape;
  std::vector<std::vector<double>> data;
  int dim = 0;  // the reduced dim when there is exactly one (prctile places p along it)
};

// Trailing arguments shared by the family: dim, vecdim or 'all', and a NaN flag.
struct ReduceArgs {
  std::vector<int> dims;  // empty: default dim
  bool all = false;
  bool omitnan = false;
};

ReduceArgs parse_reduce_args(const Args& args, size_t from, bool omitnan_default) {
  ReduceArgs r;
  r.omitnan = omitnan_default;
  for (size_t k = from; k < args.size(); ++k) {
    const Value& a = args[k];
    if (a.is_char()) {
      const std::string s = lower_text(a);
      if (s == "all") {
        r.all = true;
      } else if (s == "omitnan" || s == "omitmissing") {
        r.omitnan = true;
      } else if (s == "includenan" || s == "includemissing") {
        r.omitnan = false;
      } else {
        throw_error("MATLAB:invalidOption", "Unrecognized option '%s'.", a.to_text());
      }
    } else if (a.numel() == 1) {
      r.dims.push_back(dim_from_value(a));
    } else {
      const std::vector<int> v = vecdim_from_value(a);  // distinct positive integers
      r.dims.insert(r.dims.end(), v.begin(), v.end());
    }
  }
  return r;
}

Slices collect_slices(const Value& x, const ReduceArgs& r) {
  Shape s = x.shape();
  std::vector<int> dims = r.dims;
  if (r.all) {
    s = Shape::column(s.numel());
    dims = {0};
  } else if (dims.empty()) {
    // MATLAB reduces a 0x0 input as a 0x1 column (median([]) is NaN, not empty).
    if (s == Shape{0, 0}) s = Shape{0, 1};
    dims = {default_reduce_dim(s)};
  }
  // Dims beyond ndims are singletons: reducing them changes nothing (and median(x, 1e9) must
  // not build a billion-dimension shape).
  const int nd = s.ndims();
  Shape::Dims in_dims(nd), out_dims(nd);
  std::vector<bool> reduced(nd, false);
  for (int d : dims) {
    if (d < nd) reduced[d] = true;
  }
  for (int d = 0; d < nd; ++d) {
    in_dims[d] = s.dim(d);
    out_dims[d] = reduced[d] ? 1 : s.dim(d);
  }
  Slices out;
  out.out_shape = Shape(out_dims);
  out.dim = dims.size() == 1 ? dims[0] : -1;
  out.data.resize(static_cast<size_t>(out.out_shape.numel()));
  const std::vector<double> v = to_doubles(x);
  std::vector<int64_t> sub(nd, 0);
  for (size_t i = 0; i < v.size(); ++i) {
    int64_t o = 0, stride = 1;
    for (int d = 0; d < nd; ++d) {
      if (!reduced[d]) o += sub[d] * stride;
      stride *= out_dims[d];
    }
    out.data[o].push_back(v[i]);
    for (int d = 0; d < nd; ++d) {
      if (++sub[d] < in_dims[d]) break;
      sub[d] = 0;
    }
  }
  return out;
}

void drop_nan(std::vector<double>& v) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double d) { return std::isnan(d); }), v.end());
}

bool has_nan(const std::vector<double>& v) {
  return std::any_of(v.begin(), v.end(), [](double d) { return std::isnan(d); });
}

// Applies fn to every slice (after dropping NaN when omitnan) and builds the result.
template <typename Fn>
Value map_slices(Slices& sl, bool omitnan, ClassId cls, Fn fn) {
  std::vector<double> out(sl.data.size());
  for (size_t j = 0; j < sl.data.size(); ++j) {
    if (omitnan) drop_nan(sl.data[j]);
    out[j] = fn(sl.data[j]);
  }
  return from_doubles(out, sl.out_shape, cls);
}

// ---- median mode -----------------------------------------------------------------------------

double median_of(std::vector<double>& v) {
  if (v.empty() || has_nan(v)) return kNaN;
  const size_t n = v.size(), h = n / 2;
  std::nth_element(v.begin(), v.begin() + h, v.end());
  const double hi = v[h];
  if (n % 2) return hi;
  const double lo = *std::max_element(v.begin(), v.begin() + h);
  // Equal middles (Inf included) give that value, not Inf - Inf.
  return lo == hi ? hi : lo + (hi - lo) / 2;
}

Args median_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 4);
  const Value& x = require_numeric(args[0], "median");
  const ReduceArgs r = parse_reduce_args(args, 1, false);
  Slices sl = collect_slices(x, r);
  return {map_slices(sl, r.omitnan, keep_integer_class(x.cls()), median_of)};
}

// Most frequent value (smallest on ties, NaN ignored); freq receives its count.
double mode_of(std::vector<double>& v, double* freq) {
  drop_nan(v);
  if (v.empty()) {
    *freq = 0;
    return kNaN;
  }
  std::sort(v.begin(), v.end());
  double best = v[0];
  size_t best_n = 0;
  for (size_t i = 0; i < v.size();) {
    size_t j = i;
    while (j < v.size() && v[j] == v[i]) ++j;
    if (j - i > best_n) {
      best_n = j - i;
      best = v[i];
    }
    i = j;
  }
  *freq = static_cast<double>(best_n);
  return best;
}

Args mode_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  const Value& x = require_numeric(args[0], "mode");
  Slices sl = collect_slices(x, parse_reduce_args(args, 1, true));
  std::vector<double> m(sl.data.size()), f(sl.data.size());
  for (size_t j = 0; j < sl.data.size(); ++j) m[j] = mode_of(sl.data[j], &f[j]);
  // mode keeps the input's class (logical and char included).
  Args out{from_doubles(m, sl.out_shape, x.cls())};
  if (ctx.nargout >= 2) out.push_back(from_doubles(f, sl.out_shape, ClassId::Double));
  return out;
}

// ---- var std -----------------------------------------------------------------------------

// Variance with MATLAB's normalization: w = 0 divides by n-1 (n when n == 1), w = 1 by n, a
// weight vector gives the weighted variance about the weighted mean.
double variance_of(const std::vector<double>& v, double w, const std::vector<double>* weights,
                   double* mean_out) {
  const size_t n = v.size();
  if (n == 0) {
    *mean_out = kNaN;
    return kNaN;
  }
  if (weights) {
    double sw = 0, m = 0;
    for (size_t i = 0; i < n; ++i) {
      sw += (*weights)[i];
      m += (*weights)[i] * v[i];
    }
    m /= sw;
    double acc = 0;
    for (size_t i = 0; i < n; ++i) acc += (*weights)[i] * (v[i] - m) * (v[i] - m);
    *mean_out = m;
    return acc / sw;
  }
  double m = 0;
  for (double d : v) m += d;
  m /= static_cast<double>(n);
  double acc = 0;
  for (double d : v) acc += (d - m) * (d - m);
  *mean_out = m;
  // A single finite element has zero variance (Inf or NaN stays NaN).
  if (n == 1) return std::isfinite(v[0]) ? 0.0 : kNaN;
  return acc / (w == 1 ? static_cast<double>(n) : static_cast<double>(n - 1));
}

// var/std of a large, deferred or device-resident real float array without weights or
// omitnan, as lazy graph operations: the mean, then the sum of squared deviations from it
// (two passes, each one fused kernel; the same two-pass formula as variance_of). Nothing when
// the host path must run.
std::optional<Value> fused_variance(Runtime& rt, const Value& x, double w, const ReduceArgs& r,
                                    bool std_dev) {
  if (!x.is_array() || (x.cls() != ClassId::Double && x.cls() != ClassId::Single) ||
      r.omitnan || !defers(rt, x)) {
    return std::nullopt;
  }
  const Shape s = x.shape();
  std::vector<int> dims = r.dims;
  if (r.all) {
    dims.clear();
    for (int d = 0; d < s.ndims(); ++d) dims.push_back(d);
  } else if (dims.empty()) {
    dims = {default_reduce_dim(s)};
  }
  std::sort(dims.begin(), dims.end());
  int64_t n = 1;
  for (int d : dims) n *= d < s.ndims() ? s.dim(d) : 1;
  if (n <= 1) return std::nullopt;  // MATLAB's single-element rule: the host path
  const ClassId cls = x.cls();
  const Value mu = mean_over_dims(rt, x, dims, cls);
  const Value dev = binary_elementwise(rt, RM_BIN_SUB, x, mu);
  const Value sq = binary_elementwise(rt, RM_BIN_MUL, dev, dev);
  const Value ss = reduce_over_dims(rt, RM_RED_SUM, sq, dims, /*mean=*/false, cls);
  const double denom = static_cast<double>(w == 1 ? n : n - 1);
  Value var = binary_elementwise(rt, RM_BIN_DIV, ss, Value::scalar_of(cls, denom));
  return std_dev ? unary_elementwise(rt, RM_UN_SQRT, var) : var;
}

template <bool Std>
Args var_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 4);
  const Value& x = require_numeric(args[0], Std ? "std" : "var");
  double w = 0;
  std::vector<double> weights;
  if (args.size() >= 2 && !args[1].is_char()) {
    if (args[1].numel() == 0) {
      w = 0;
    } else if (args[1].numel() == 1) {
      w = args[1].elem(0);
      if (w != 0 && w != 1) {
        throw_error("MATLAB:var:invalidWgts",
                    "W must be a vector of nonnegative weights, or a scalar 0 or 1.");
      }
    } else {
      weights = to_doubles(args[1]);
      for (double d : weights) {
        if (!(d >= 0)) {
          throw_error("MATLAB:var:invalidWgts",
                      "W must be a vector of nonnegative weights, or a scalar 0 or 1.");
        }
      }
    }
  }
  const size_t from = args.size() >= 2 && !args[1].is_char() ? 2 : 1;
  const ReduceArgs r = parse_reduce_args(args, from, false);
  if (weights.empty() && ctx.nargout < 2) {
    if (std::optional<Value> v = fused_variance(ctx.rt, x, w, r, Std)) return {*v};
  }
  Slices sl = collect_slices(x, r);
  const ClassId cls = float_result(x.cls());
  std::vector<double> out(sl.data.size()), means(sl.data.size());
  for (size_t j = 0; j < sl.data.size(); ++j) {
    std::vector<double>& v = sl.data[j];
    std::vector<double> wj = weights;
    if (!weights.empty() && wj.size() != v.size()) {
      throw_error("MATLAB:var:invalidSizeWgts",
                  "The length of W must be compatible with the dimension of X.");
    }
    if (r.omitnan) {
      std::vector<double> keep_v, keep_w;
      for (size_t i = 0; i < v.size(); ++i) {
        if (std::isnan(v[i])) continue;
        keep_v.push_back(v[i]);
        if (!wj.empty()) keep_w.push_back(wj[i]);
      }
      v.swap(keep_v);
      wj.swap(keep_w);
    }
    const double var = variance_of(v, w, weights.empty() ? nullptr : &wj, &means[j]);
    out[j] = Std ? std::sqrt(var) : var;
  }
  Args res{from_doubles(out, sl.out_shape, cls)};
  if (ctx.nargout >= 2) res.push_back(from_doubles(means, sl.out_shape, cls));
  return res;
}

// ---- range bounds ----------------------------------------------------------------------------

// Min and max ignoring NaN (NaN when every element is NaN).
std::pair<double, double> extremes(const std::vector<double>& v) {
  double lo = kNaN, hi = kNaN;
  for (double d : v) {
    if (std::isnan(d)) continue;
    if (std::isnan(lo) || d < lo) lo = d;
    if (std::isnan(hi) || d > hi) hi = d;
  }
  return {lo, hi};
}

// As max/min, a reduction over an empty slice stays empty along that dim.
Shape empty_reduced_shape(const Value& x, const Slices& sl) {
  if (x.numel() != 0 || sl.dim < 0) return sl.out_shape;
  if (x.shape() == Shape{0, 0}) return Shape{0, 0};
  Shape::Dims d = sl.out_shape.dims();
  d[sl.dim] = 0;
  return Shape(d);
}

Args range_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 3);
  const Value& x = require_numeric(args[0], "range");
  const ReduceArgs r = parse_reduce_args(args, 1, true);
  Slices sl = collect_slices(x, r);
  const ClassId cls = keep_integer_class(x.cls());
  if (x.numel() == 0) return {empty_value(cls, empty_reduced_shape(x, sl))};
  return {map_slices(sl, false, cls, [&](const std::vector<double>& v) {
    if (!r.omitnan && has_nan(v)) return kNaN;
    const auto [lo, hi] = extremes(v);
    return hi - lo;
  })};
}

Args bounds_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 3);
  const Value& x = require_numeric(args[0], "bounds");
  const ReduceArgs r = parse_reduce_args(args, 1, true);
  Slices sl = collect_slices(x, r);
  const ClassId cls = x.cls();  // bounds keeps the input's class
  if (x.numel() == 0) {
    const Shape s = empty_reduced_shape(x, sl);
    return {empty_value(cls, s), empty_value(cls, s)};
  }
  std::vector<double> lo(sl.data.size()), hi(sl.data.size());
  for (size_t j = 0; j < sl.data.size(); ++j) {
    const bool nan = !r.omitnan && has_nan(sl.data[j]);
    std::tie(lo[j], hi[j]) = extremes(sl.data[j]);
    if (nan) lo[j] = hi[j] = kNaN;
  }
  return {from_doubles(lo, sl.out_shape, cls), from_doubles(hi, sl.out_shape, cls)};
}

// ---- prctile quantile ----------------------------------------------------------------------

// MATLAB's method: the sorted values sit at cumulative probabilities (i - 0.5) / n; between
// them the quantile is linear, beyond them it is the first / last value.
double quantile_of(const std::vector<double>& sorted, double p) {
  const size_t n = sorted.size();
  if (n == 0) return kNaN;
  const double pos = p * static_cast<double>(n) + 0.5;  // 1-based position
  if (pos <= 1) return sorted.front();
  if (pos >= static_cast<double>(n)) return sorted.back();
  const size_t lo = static_cast<size_t>(std::floor(pos));
  const double t = pos - static_cast<double>(lo);
  return sorted[lo - 1] + t * (sorted[lo] - sorted[lo - 1]);
}

template <bool Percent>
Args quantile_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 3);
  const Value& x = require_numeric(args[0], Percent ? "prctile" : "quantile");
  std::vector<double> p = to_doubles(args[1]);
  // quantile(x, N) with an integer N > 1: N evenly spaced probabilities (1:N) / (N + 1).
  if (!Percent && p.size() == 1 && p[0] > 1 && p[0] == std::floor(p[0])) {
    const int64_t n = static_cast<int64_t>(p[0]);
    p.resize(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) p[i] = static_cast<double>(i + 1) / static_cast<double>(n + 1);
  }
  for (double& q : p) {
    if (Percent) q /= 100;
    if (!(q >= 0 && q <= 1)) {
      if (Percent) {
        throw_error("MATLAB:prctile:BadPercents",
                    "P must be a scalar or a vector of percent values between 0 and 100.");
      }
      throw_error("MATLAB:quantile:BadProbs",
                  "P must be a scalar or vector of probabilities between 0 and 1.");
    }
  }
  ReduceArgs r = parse_reduce_args(args, 2, true);
  if (r.dims.size() > 1) {
    throw_error("RunMat:notImplemented", "%s with a vector of dimensions is not supported yet.",
                Percent ? "prctile" : "quantile");
  }
  // A vector's percentiles follow its orientation; 'all' works on x(:) (a column).
  Value src = x;
  if (r.all) {
    ArrayPtr col = new_array(x.cls(), Shape::column(x.numel()));
    const ArrayPtr in = x.as_array();
    for (int64_t i = 0; i < x.numel(); ++i) copy_element(*in, i, *col, i);
    src = Value::array(std::move(col));
    r.all = false;
    r.dims = {0};
  }
  Slices sl = collect_slices(src, r);
  const int dim = sl.dim;
  Shape::Dims d = sl.out_shape.dims();
  const int64_t np = static_cast<int64_t>(p.size());
  check_result_dims(dim);  // the result gains dim (prctile(x, p, 5) is 1x1x1x1xnp)
  while (static_cast<int>(d.size()) <= dim) d.push_back(1);
  d[dim] = np;
  const Shape out_shape(d);
  const DimLayout l = layout_around(sl.out_shape, dim);  // extent 1: inner x outer slices
  std::vector<double> out(static_cast<size_t>(out_shape.numel()));
  for (int64_t o = 0; o < l.outer; ++o) {
    for (int64_t i = 0; i < l.inner; ++i) {
      std::vector<double>& v = sl.data[o * l.inner + i];
      drop_nan(v);
      std::sort(v.begin(), v.end());
      for (int64_t k = 0; k < np; ++k) out[(o * np + k) * l.inner + i] = quantile_of(v, p[k]);
    }
  }
  return {from_doubles(out, out_shape, float_result(x.cls()))};
}

// ---- normalize -------------------------------------------------------------------------------

// normalize(x), normalize(x, dim), normalize(..., method): 'zscore' (default), 'center',
// 'scale', 'range' ([0, 1] or [a b]), 'norm' (2-norm, or p).
Args normalize_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 4);
  const Value& x = require_numeric(args[0], "normalize");
  size_t k = 1;
  ReduceArgs r;
  if (k < args.size() && !args[k].is_char()) r.dims = {dim_from_value(args[k++])};
  std::string method = "zscore";
  double p = 2, a = 0, b = 1;
  if (k < args.size()) {
    method = lower_text(args[k++]);
    if (method != "zscore" && method != "center" && method != "scale" && method != "range" &&
        method != "norm") {
      throw_error("MATLAB:normalize:InvalidMethod", "Invalid normalization method '%s'.", method);
    }
    if (k < args.size()) {
      if (method == "range") {
        const std::vector<double> ab = to_doubles(args[k]);
        if (ab.size() != 2 || !(ab[0] < ab[1])) {
          throw_error("MATLAB:normalize:InvalidRange",
                      "Range must be a 2-element row vector [a b] with a < b.");
        }
        a = ab[0];
        b = ab[1];
      } else if (method == "norm") {
        p = args[k].scalar_double("Norm type");
      } else if (!(method == "zscore" && is_option(args[k], "std"))) {
        throw_error("RunMat:notImplemented", "This normalize method option is not supported yet.");
      }
      ++k;
    }
  }
  if (k < args.size()) throw_error("MATLAB:TooManyInputs", "Too many input arguments.");
  const Shape s = x.shape();
  const int dim = r.dims.empty() ? default_reduce_dim(s) : r.dims[0];
  const DimLayout l = layout_around(s, dim);
  std::vector<double> v = to_doubles(x);
  for (int64_t o = 0; o < l.outer; ++o) {
    for (int64_t i = 0; i < l.inner; ++i) {
      const int64_t base = o * l.extent * l.inner + i;
      std::vector<double> slice(static_cast<size_t>(l.extent));
      for (int64_t e = 0; e < l.extent; ++e) slice[e] = v[base + e * l.inner];
      double center = 0, scale = 1, mean = 0;
      if (method == "zscore" || method == "scale") {
        const double sd = std::sqrt(variance_of(slice, 0, nullptr, &mean));
        scale = sd;
        center = method == "zscore" ? mean : 0;
      } else if (method == "center") {
        variance_of(slice, 0, nullptr, &mean);
        center = mean;
      } else if (method == "range") {
        const auto [lo, hi] = extremes(slice);
        center = lo;
        scale = (hi - lo) / (b - a);
      } else {
        double acc = 0;
        for (double d : slice) acc += std::isinf(p) ? 0 : std::pow(std::fabs(d), p);
        scale = std::isinf(p) ? extremes(slice).second : std::pow(acc, 1 / p);
      }
      // Constant data: MATLAB leaves the scale at 1 so that the result is centered, not NaN.
      if (scale == 0) scale = 1;
      for (int64_t e = 0; e < l.extent; ++e) {
        double& d = v[base + e * l.inner];
        d = (d - center) / scale + (method == "range" ? a : 0);
      }
    }
  }
  return {from_doubles(v, s, float_result(x.cls()))};
}

// ---- histcounts ------------------------------------------------------------------------------

// "Nice" bin edges as MATLAB's binpicker chooses them for data in [xmin, xmax] (nbins < 0:
// automatic count from the raw width).
std::vector<double> bin_picker(double xmin, double xmax, int64_t nbins, double raw_width) {
  const double xscale = std::max(std::fabs(xmin), std::fabs(xmax));
  const double xrange = xmax - xmin;
  const double eps_scale = std::nextafter(xscale, INFINITY) - xscale;
  raw_width = std::max(raw_width, eps_scale);
  double left, right, width;
  int64_t count;
  if (xrange > std::max(std::sqrt(eps_scale), std::numeric_limits<double>::min())) {
    const double pow10 = std::pow(10.0, std::floor(std::log10(raw_width)));
    const double rel = raw_width / pow10;
    if (nbins < 0) {
      width = pow10 * (rel < 1.5 ? 1 : rel < 2.5 ? 2 : rel < 4 ? 3 : rel < 7.5 ? 5 : 10);
      left = std::max(std::min(width * std::floor(xmin / width), xmin),
                      -std::numeric_limits<double>::max());
      count = std::max<int64_t>(1, static_cast<int64_t>(std::ceil((xmax - left) / width)));
    } else {
      width = pow10 * std::floor(rel);
      left = std::max(std::min(width * std::floor(xmin / width), xmin),
                      -std::numeric_limits<double>::max());
      if (nbins > 1) {
        const double ll = (xmax - left) / static_cast<double>(nbins);
        const double ul = (xmax - left) / static_cast<double>(nbins - 1);
        const double p10 = std::pow(10.0, std::floor(std::log10(ul - ll)));
        width = p10 * std::ceil(ll / p10);
      }
      count = nbins;
    }
    right = std::min(std::max(left + static_cast<double>(count) * width, xmax),
                     std::numeric_limits<double>::max());
  } else {
    // Nearly constant data: bins of unit-ish width around it.
    count = nbins < 0 ? 1 : nbins;
    const double bin_range = std::max(1.0, std::ceil(static_cast<double>(count) * eps_scale));
    left = std::floor(2 * (xmin - bin_range / 4)) / 2;
    right = std::ceil(2 * (xmax + bin_range / 4)) / 2;
    width = (right - left) / static_cast<double>(count);
  }
  std::vector<double> edges(static_cast<size_t>(count + 1));
  edges[0] = left;
  for (int64_t i = 1; i < count; ++i) edges[i] = left + static_cast<double>(i) * width;
  edges[count] = right;
  return edges;
}

// histcounts' automatic edges: integer data spanning at most 50 gets unit bins centered on
// the integers; anything else uses Scott's rule through bin_picker.
std::vector<double> auto_edges(const std::vector<double>& finite, int64_t nbins) {
  if (finite.empty()) {
    std::vector<double> e;
    for (int64_t i = 0; i <= (nbins < 0 ? 1 : nbins); ++i) e.push_back(static_cast<double>(i));
    return e;
  }
  const auto [lo, hi] = std::minmax_element(finite.begin(), finite.end());
  const double xmin = *lo, xmax = *hi;
  if (nbins >= 0) return bin_picker(xmin, xmax, nbins, (xmax - xmin) / static_cast<double>(nbins));
  const bool integers =
      std::all_of(finite.begin(), finite.end(), [](double d) { return d == std::round(d); });
  if (integers && xmax - xmin <= 50 && xmax <= 4503599627370496.0 && xmin >= -4503599627370496.0) {
    std::vector<double> e;
    for (double v = xmin - 0.5; v <= xmax + 0.5; v += 1) e.push_back(v);
    return e;
  }
  double mean = 0;
  const double sd = std::sqrt(variance_of(finite, 0, nullptr, &mean));
  const double width = 3.5 * sd / std::cbrt(static_cast<double>(finite.size()));
  return bin_picker(xmin, xmax, -1, width);
}

Args histcounts_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 4);
  const Value& x = require_numeric(args[0], "histcounts");
  const std::vector<double> data = to_doubles(x);
  std::vector<double> finite;
  for (double d : data) {
    if (std::isfinite(d)) finite.push_back(d);
  }
  size_t k = 1;
  std::vector<double> edges;
  if (k < args.size() && !args[k].is_char()) {
    const Value& e = args[k++];
    if (e.numel() == 1) {
      const double n = e.elem(0);
      if (!(n >= 1) || n != std::floor(n) || n > 1e9) {
        throw_error("MATLAB:histcounts:InvalidNumBins",
                    "Number of bins must be a positive integer scalar.");
      }
      edges = auto_edges(finite, static_cast<int64_t>(n));
    } else {
      edges = to_doubles(e);
      if (edges.size() < 2 || !std::is_sorted(edges.begin(), edges.end())) {
        throw_error("MATLAB:histcounts:InvalidEdges",
                    "Bin edges must be a vector of at least 2 nondecreasing values.");
      }
    }
  } else {
    edges = auto_edges(finite, -1);
  }
  std::string norm = "count";
  for (; k < args.size(); k += 2) {
    const std::string name = args[k].is_char() ? lower_text(args[k]) : std::string();
    if (name != "normalization" || k + 1 >= args.size()) {
      throw_error("RunMat:notImplemented", "histcounts supports only the 'Normalization' option.");
    }
    norm = lower_text(args[k + 1]);
  }
  const size_t nb = edges.size() - 1;
  std::vector<double> counts(nb, 0.0), bins(data.size(), 0.0);
  for (size_t i = 0; i < data.size(); ++i) {
    const double d = data[i];
    if (std::isnan(d) || d < edges.front() || d > edges.back()) continue;
    // Bins are [e_k, e_k+1) except the last, which includes its right edge.
    size_t b = static_cast<size_t>(std::upper_bound(edges.begin(), edges.end(), d) - edges.begin());
    b = std::min(b, nb);
    counts[b - 1] += 1;
    bins[i] = static_cast<double>(b);
  }
  const double total = static_cast<double>(data.size());
  if (norm == "probability") {
    for (double& c : counts) c /= total;
  } else if (norm == "pdf" || norm == "countdensity") {
    for (size_t b = 0; b < nb; ++b) {
      counts[b] /= (edges[b + 1] - edges[b]) * (norm == "pdf" ? total : 1.0);
    }
  } else if (norm == "cumcount" || norm == "cdf") {
    std::partial_sum(counts.begin(), counts.end(), counts.begin());
    if (norm == "cdf") {
      for (double& c : counts) c /= total;
    }
  } else if (norm != "count") {
    throw_error("MATLAB:histcounts:InvalidNormalization", "Invalid normalization '%s'.", norm);
  }
  const ClassId cls = x.cls() == ClassId::Single ? ClassId::Single : ClassId::Double;
  Args out{from_doubles(counts, Shape::row(static_cast<int64_t>(nb)), ClassId::Double)};
  if (ctx.nargout >= 2)
    out.push_back(from_doubles(edges, Shape::row(static_cast<int64_t>(edges.size())), cls));
  if (ctx.nargout >= 3) out.push_back(from_doubles(bins, x.shape(), ClassId::Double));
  return out;
}

// ---- accumarray ------------------------------------------------------------------------------

// Calls fun on each group's values (a column, in the order of subs) and stores its scalar
// results in out; returns the class of fun's results (all must be scalars of one class).
ClassId apply_accum_fun(CallContext& ctx, const Value& fun, ClassId vals_cls,
                        const std::vector<double>& v, const std::vector<int64_t>& target,
                        const std::vector<bool>& hit, std::vector<double>& out) {
  if (!ctx.vm) throw_error("RunMat:internal", "accumarray needs an interpreter.");
  std::vector<std::vector<double>> groups(out.size());
  for (size_t i = 0; i < target.size(); ++i) {
    groups[target[i]].push_back(v.size() == 1 ? v[0] : v[i]);
  }
  ClassId cls = ClassId::Double;
  bool first = true;
  for (size_t j = 0; j < out.size(); ++j) {
    if (!hit[j]) continue;
    const std::vector<double>& g = groups[j];
    Value col = from_doubles(g, Shape::column(static_cast<int64_t>(g.size())), vals_cls);
    const std::vector<Value> r = ctx.vm->call_value(fun, {col}, 1);
    if (r.empty() || !r[0].is_numeric_like() || r[0].numel() != 1) {
      throw_error("MATLAB:accumarray:nonscalarFunOutput", "The function FUN must return a scalar.");
    }
    if (first) cls = r[0].cls();
    first = false;
    out[j] = r[0].elem(0);
  }
  return cls;
}

// accumarray(subs, vals), accumarray(subs, vals, sz), accumarray(subs, vals, sz, [], fillval):
// sums vals into the positions given by the rows of subs.
Args accumarray_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 6);
  const Value& subs = require_numeric(args[0], "accumarray");
  const Value& vals = require_numeric(args[1], "accumarray");
  // fun: [] (sum) or a function handle applied to each group's values.
  const bool has_fun = args.size() >= 4 && !(args[3].is_array() && args[3].numel() == 0);
  if (has_fun && !args[3].is_handle()) {
    throw_error("MATLAB:accumarray:invalidFun", "Fourth input FUN must be a function handle.");
  }
  if (args.size() >= 6 && args[5].numel() == 1 && args[5].elem(0) != 0) {
    throw_error("RunMat:notImplemented", "Sparse output is not supported yet.");
  }
  const Shape ss = subs.shape();
  // Each row of subs is one subscript tuple (a row vector is a single N-D subscript); a
  // column is one index per value into a column result.
  const bool vec = ss.cols() == 1;
  const int64_t n = vec ? subs.numel() : ss.rows();
  const int64_t nd = vec ? 1 : ss.cols();
  if (ss.ndims() > 2) {
    throw_error("MATLAB:accumarray:InvalidSubs", "First input SUBS must be a matrix.");
  }
  const std::vector<double> s = to_doubles(subs);
  for (double d : s) {
    if (!(d >= 1) || d != std::floor(d)) {
      throw_error("MATLAB:accumarray:nonPosIntSubs",
                  "First input SUBS must contain positive integer subscripts.");
    }
  }
  if (vals.numel() != 1 && vals.numel() != n) {
    throw_error("MATLAB:accumarray:nonMatchingSubsVals",
                "Second input VALS must be a vector with one element for each row in SUBS, or "
                "a scalar.");
  }
  Shape::Dims dims(std::max<int64_t>(nd, 2), 1);
  for (int64_t k = 0; k < nd; ++k) {
    double mx = 0;
    for (int64_t i = 0; i < n; ++i) mx = std::max(mx, s[k * n + i]);
    dims[k] = static_cast<int64_t>(mx);
  }
  if (nd == 1) dims[1] = 1;
  if (args.size() >= 3 && args[2].numel() > 0) {
    // sz has one element per column of subs ([m 1] for a vector of subscripts).
    const std::vector<double> sz = to_doubles(args[2]);
    const size_t want_n = static_cast<size_t>(std::max<int64_t>(nd, 2));
    bool ok = sz.size() == want_n && (nd > 1 || sz[1] == 1);
    for (size_t k = 0; ok && k < sz.size(); ++k) {
      ok = sz[k] >= 0 && sz[k] == std::floor(sz[k]) &&
           static_cast<int64_t>(sz[k]) >= dims[static_cast<int64_t>(k)];
    }
    if (!ok) {
      throw_error("MATLAB:accumarray:InvalidSz",
                  "Third input SZ must be a full size vector with one element for each column "
                  "of SUBS, and each element at least as large as the largest subscript.");
    }
    for (size_t k = 0; k < sz.size(); ++k) dims[k] = static_cast<int64_t>(sz[k]);
  }
  check_size_limit(dims);
  const Shape out_shape(dims);
  const double fill = args.size() >= 5 && args[4].numel() == 1 ? args[4].elem(0) : 0;
  std::vector<double> out(static_cast<size_t>(out_shape.numel()), 0.0);
  std::vector<bool> hit(out.size(), false);
  const std::vector<double> v = to_doubles(vals);
  std::vector<int64_t> target(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    int64_t lin = 0, stride = 1;
    for (int64_t k = 0; k < nd; ++k) {
      lin += (static_cast<int64_t>(s[k * n + i]) - 1) * stride;
      stride *= out_shape.dim(static_cast<int>(k));
    }
    target[i] = lin;
    if (!has_fun) out[lin] += v.size() == 1 ? v[0] : v[i];
    hit[lin] = true;
  }
  ClassId cls = float_result(vals.cls());
  if (has_fun) {
    cls = apply_accum_fun(ctx, args[3], vals.cls(), v, target, hit, out);
  }
  if (fill != 0) {
    for (size_t i = 0; i < out.size(); ++i) {
      if (!hit[i]) out[i] = fill;
    }
  }
  return {from_doubles(out, out_shape, cls)};
}

}  // namespace

void register_stats_builtins(BuiltinRegistry& reg) {
  reg.add("median", median_fn,
          "median(x), median(x, dim), median(x, vecdim), median(x, 'all'), "
          "median(..., 'omitnan'): middle value.");
  reg.add("mode", mode_fn,
          "mode(x), mode(x, dim), [m, f] = mode(x): most frequent value (smallest on ties, "
          "NaN ignored).");
  reg.add("var", var_fn<false>,
          "var(x), var(x, w), var(x, w, dim), var(x, w, 'all'), var(..., 'omitnan'), "
          "[v, m] = var(...): variance (w = 0: n-1, w = 1: n, or a weight vector).");
  reg.add("std", var_fn<true>,
          "std(x), std(x, w), std(x, w, dim), std(x, w, 'all'), std(..., 'omitnan'), "
          "[s, m] = std(...): standard deviation.");
  reg.add("range", range_fn, "range(x), range(x, dim), range(x, 'all'): max(x) - min(x).");
  reg.add("bounds", bounds_fn,
          "[s, l] = bounds(x), bounds(x, dim), bounds(x, 'all'): smallest and largest elements.");
  reg.add("prctile", quantile_fn<true>,
          "prctile(x, p), prctile(x, p, dim), prctile(x, p, 'all'): percentiles (p in 0..100).");
  reg.add("quantile", quantile_fn<false>,
          "quantile(x, p), quantile(x, N), quantile(x, p, dim): quantiles (p in 0..1).");
  reg.add("normalize", normalize_fn,
          "normalize(x), normalize(x, dim), normalize(..., method): 'zscore' (default), "
          "'center', 'scale', 'range' [, [a b]], 'norm' [, p].");
  reg.add("histcounts", histcounts_fn,
          "[n, edges, bin] = histcounts(x), histcounts(x, nbins), histcounts(x, edges), "
          "histcounts(..., 'Normalization', type): histogram bin counts (MATLAB's automatic "
          "binning).");
  reg.add("accumarray", accumarray_fn,
          "accumarray(subs, vals), accumarray(subs, vals, sz), accumarray(subs, vals, sz, fun), "
          "accumarray(subs, vals, sz, fun, fillval): sums vals (or applies fun to each group) at "
          "the subscripts in subs.");
}

}  // namespace runmat::runtime
