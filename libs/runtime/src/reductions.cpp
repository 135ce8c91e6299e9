#include "reductions.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <optional>

#include "accel_host.hpp"
#include "builtins_arrays.hpp"
#include "complex_ops.hpp"
#include "elementwise.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"
#include "runmat/core/integer.hpp"
#include "runmat/runtime/runtime.hpp"

namespace runmat::runtime {

int default_reduce_dim(const Shape& s) {
  for (int d = 0; d < s.ndims(); ++d) {
    if (s.dim(d) != 1) return d;
  }
  return 0;
}

namespace {

double identity_of(rm_ir_reduce op) {
  switch (op) {
    case RM_RED_SUM:
      return 0.0;
    case RM_RED_PROD:
      return 1.0;
    case RM_RED_MIN:
      return std::numeric_limits<double>::quiet_NaN();
    case RM_RED_MAX:
      return std::numeric_limits<double>::quiet_NaN();
    case RM_RED_ANY:
      return 0.0;
    case RM_RED_ALL:
      return 1.0;
  }
  return 0.0;
}

double combine(rm_ir_reduce op, double acc, double x) {
  switch (op) {
    case RM_RED_SUM:
      return acc + x;
    case RM_RED_PROD:
      return acc * x;
    case RM_RED_MIN:
      return host_binary(RM_BIN_MIN, acc, x);
    case RM_RED_MAX:
      return host_binary(RM_BIN_MAX, acc, x);
    case RM_RED_ANY:
      return (acc != 0 || (x != 0 && !std::isnan(x))) ? 1.0 : 0.0;
    case RM_RED_ALL:
      return (acc != 0 && x != 0) ? 1.0 : 0.0;
  }
  return acc;
}

// Integer inputs or outputs: exact 128-bit accumulation, saturated once at the end when the
// result is an integer class (sum(int8([100 100 -100])) is 100); mean divides the exact sum.
void reduce_integer(rm_ir_reduce op, const Array& a, Array& out, uint64_t outer, uint64_t len,
                    uint64_t inner, bool mean) {
  constexpr Wide kCap = Wide{1} << 100;  // products beyond every class's range stop here
  for (uint64_t o = 0; o < outer; ++o) {
    for (uint64_t i = 0; i < inner; ++i) {
      Wide acc = op == RM_RED_PROD || op == RM_RED_ALL ? 1 : 0;
      for (uint64_t k = 0; k < len; ++k) {
        const Wide v = get_wide(a, static_cast<int64_t>((o * len + k) * inner + i));
        switch (op) {
          case RM_RED_SUM:
            acc += v;
            break;
          case RM_RED_PROD: {
            Wide p = 0;
            const bool neg = (acc < 0) != (v < 0);
            acc = __builtin_mul_overflow(acc, v, &p) || p > kCap || p < -kCap ? (v == 0 ? 0
                                                                                 : neg  ? -kCap
                                                                                        : kCap)
                                                                              : p;
            break;
          }
          case RM_RED_MIN:
            acc = k == 0 || v < acc ? v : acc;
            break;
          case RM_RED_MAX:
            acc = k == 0 || v > acc ? v : acc;
            break;
          case RM_RED_ANY:
            acc = acc || v != 0;
            break;
          case RM_RED_ALL:
            acc = acc && v != 0;
            break;
        }
      }
      const auto oi = static_cast<int64_t>(o * inner + i);
      if (is_integer_class(out.cls())) {
        set_wide(out, oi, acc);
      } else if (mean) {
        out.set_from_double(
            oi, static_cast<double>(static_cast<long double>(acc) / static_cast<long double>(len)));
      } else {
        out.set_from_double(oi, static_cast<double>(acc));
      }
    }
  }
}

// MATLAB orders complex numbers by magnitude, then phase angle (max/min); NaN elements are
// skipped unless every element is NaN.
bool complex_before(const std::complex<double>& a, const std::complex<double>& b) {
  const double ma = std::abs(a), mb = std::abs(b);
  if (ma != mb) return ma < mb;
  return std::arg(a) < std::arg(b);
}

// Reductions of complex arrays, on the host like all complex arithmetic (complex_ops.hpp).
Value reduce_complex(rm_ir_reduce op, const ComplexArray& c, const Shape& out_shape, uint64_t outer,
                     uint64_t len, uint64_t inner, double scale) {
  using cplx = std::complex<double>;
  const bool logical = op == RM_RED_ANY || op == RM_RED_ALL;
  auto at = [&](uint64_t o, uint64_t k, uint64_t i) { return c.data[(o * len + k) * inner + i]; };
  auto round = [&](cplx z) {
    return c.single ? cplx(static_cast<float>(z.real()), static_cast<float>(z.imag())) : z;
  };
  if (logical) {
    auto out = std::make_shared<Array>(ClassId::Logical, out_shape, Array::Uninitialized{});
    for (uint64_t o = 0; o < outer; ++o) {
      for (uint64_t i = 0; i < inner; ++i) {
        bool acc = op == RM_RED_ALL;
        for (uint64_t k = 0; k < len; ++k) {
          const cplx z = at(o, k, i);
          const bool nz =
              (z.real() != 0 && !std::isnan(z.real())) || (z.imag() != 0 && !std::isnan(z.imag()));
          acc = op == RM_RED_ALL ? acc && (nz || std::isnan(z.real()) || std::isnan(z.imag()))
                                 : acc || nz;
        }
        out->mutable_data<uint8_t>()[o * inner + i] = acc;
      }
    }
    return Value::array(std::move(out));
  }
  auto out = std::make_shared<ComplexArray>(out_shape);
  out->single = c.single;
  for (uint64_t o = 0; o < outer; ++o) {
    for (uint64_t i = 0; i < inner; ++i) {
      cplx acc = op == RM_RED_PROD ? cplx(1, 0) : cplx(0, 0);
      if (op == RM_RED_MAX || op == RM_RED_MIN) {
        bool have = false;
        acc = cplx(std::numeric_limits<double>::quiet_NaN(), 0);
        for (uint64_t k = 0; k < len; ++k) {
          const cplx z = at(o, k, i);
          if (std::isnan(z.real()) || std::isnan(z.imag())) continue;
          if (!have || (op == RM_RED_MAX ? complex_before(acc, z) : complex_before(z, acc))) {
            acc = z;
            have = true;
          }
        }
      } else {
        for (uint64_t k = 0; k < len; ++k) {
          acc = op == RM_RED_PROD ? round(acc * at(o, k, i)) : acc + at(o, k, i);
        }
        acc *= scale;
      }
      out->data[o * inner + i] = round(acc);
    }
  }
  return narrow_complex(Value::complex(std::move(out)));
}

}  // namespace

Value reduce_value(Runtime& rt, rm_ir_reduce op, const Value& x, int dim, bool mean,
                   ClassId out_cls, int ndims) {
  const Shape in = x.shape();
  Shape out_shape;
  uint64_t outer = 1, len = 1, inner = 1;
  if (dim < 0) {
    out_shape = Shape::scalar();
    len = static_cast<uint64_t>(in.numel());
  } else {
    Shape::Dims d = in.dims();
    const int last = dim + ndims;  // one past the last reduced dim
    while (static_cast<int>(d.size()) < last) d.push_back(1);
    for (int k = 0; k < dim; ++k) inner *= static_cast<uint64_t>(d[k]);
    for (int k = dim; k < last; ++k) {
      len *= static_cast<uint64_t>(d[k]);
      d[k] = 1;
    }
    for (size_t k = last; k < d.size(); ++k) outer *= static_cast<uint64_t>(d[k]);
    out_shape = Shape(d);
  }
  const double scale = mean ? 1.0 / static_cast<double>(len) : 1.0;
  if (x.is_complex()) return reduce_complex(op, x.complex(), out_shape, outer, len, inner, scale);
  if (is_integer_class(x.cls()) || is_integer_class(out_cls)) {
    // Host only: the kernel IR has no integer dtypes.
    const ArrayPtr a = x.as_array();
    auto out = std::make_shared<Array>(out_cls, out_shape, Array::Uninitialized{});
    reduce_integer(op, *a, *out, outer, len, inner, mean);
    if (out_cls == ClassId::Double && out->numel() == 1) return Value::num(out->data<double>()[0]);
    return Value::array(std::move(out));
  }
  AccelHost& host = rt.accel();
  const bool defer =
      len > 0 && out_shape.numel() > 0 && host.eager_depth == 0 &&
      (x.is_gpu() || host.is_deferred(x) ||
       (rt.options().lazy_threshold > 0 && in.numel() >= rt.options().lazy_threshold));
  if (defer) {
    fusion::NodePtr operand = host.node_of(x);
    if (op == RM_RED_ANY && is_float_class(x.cls())) {
      // any() ignores NaN, but CAST to BOOL is (x != 0): make NaN false explicitly.
      const fusion::NodePtr zero = fusion::make_scalar(0.0, x.cls());
      const fusion::NodePtr nonzero =
          fusion::make_compare(RM_CMP_NE, operand, zero, operand->shape);
      const fusion::NodePtr not_nan = fusion::make_unary(
          RM_UN_NOT, fusion::make_unary(RM_UN_ISNAN, operand, ClassId::Logical), ClassId::Logical);
      operand = fusion::make_binary(RM_BIN_AND, nonzero, not_nan, ClassId::Logical, operand->shape);
    }
    // Moved, not copied: a copy held here would count as a second holder of the operand
    // (planner's shared-node rule) if defer() materializes at the depth bound.
    return host.defer(fusion::make_reduce(op, std::move(operand), dim, scale, out_cls, ndims),
                      x.is_gpu());
  }
  const ArrayPtr a = x.as_array();
  auto out = std::make_shared<Array>(out_cls, out_shape, Array::Uninitialized{});
  for (uint64_t o = 0; o < outer; ++o) {
    for (uint64_t i = 0; i < inner; ++i) {
      double acc = identity_of(op);
      if (op == RM_RED_SUM && out_cls != ClassId::Single) {
        // Kahan–Babuška summation keeps long double sums accurate.
        double s = 0.0, c = 0.0;
        for (uint64_t k = 0; k < len; ++k) {
          const double v = a->get_as_double(static_cast<int64_t>((o * len + k) * inner + i));
          const double t = s + v;
          c += std::fabs(s) >= std::fabs(v) ? (s - t) + v : (v - t) + s;
          s = t;
        }
        acc = s + c;
      } else {
        for (uint64_t k = 0; k < len; ++k) {
          acc = combine(op, acc, a->get_as_double(static_cast<int64_t>((o * len + k) * inner + i)));
        }
      }
      const int64_t oi = static_cast<int64_t>(o * inner + i);
      const double r = acc * scale;
      switch (out_cls) {
        case ClassId::Single:
          out->mutable_data<float>()[oi] = static_cast<float>(r);
          break;
        case ClassId::Logical:
          out->mutable_data<uint8_t>()[oi] = r != 0;
          break;
        default:
          out->mutable_data<double>()[oi] = r;
          break;
      }
    }
  }
  if (out_cls == ClassId::Double && out->numel() == 1) return Value::num(out->data<double>()[0]);
  return Value::array(std::move(out));
}

std::vector<int> vecdim_from_value(const Value& v) {
  if (v.is_char() || v.numel() == 0) dim_from_value(v);  // MATLAB's dimension-argument error
  std::vector<int> dims;
  for (int64_t i = 0; i < v.numel(); ++i) dims.push_back(dim_from_value(Value::num(v.elem(i))));
  std::sort(dims.begin(), dims.end());
  if (std::adjacent_find(dims.begin(), dims.end()) != dims.end()) {
    throw_error("MATLAB:getdimarg:vecdimsMustBeUniquePositiveIntegers",
                "Vector of dimensions must contain unique positive integers.");
  }
  return dims;
}

Value reduce_over_dims(Runtime& rt, rm_ir_reduce op, const Value& x, const std::vector<int>& dims,
                       bool mean, ClassId out_cls) {
  const int rank = x.shape().ndims();
  // Runs of consecutive dims within the rank: each is one reduction (one fused kernel).
  std::vector<std::pair<int, int>> runs;  // (first dim, count)
  for (int d : dims) {
    if (d >= rank) break;  // singleton: nothing to reduce
    if (!runs.empty() && runs.back().first + runs.back().second == d) {
      ++runs.back().second;
    } else {
      runs.push_back({d, 1});
    }
  }
  if (runs.empty()) {
    // Every reduced dim is a singleton: the result is x itself in the result's class (sum of
    // one element), or its mean.
    return reduce_value(rt, op, x, rank, mean, out_cls);
  }
  // The later runs first, so the earlier dims' indices stay valid; each partial result keeps
  // its class (mean: the mean of equal-sized slices' means is the mean).
  Value r = x;
  for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
    r = reduce_value(rt, op, r, it->first, mean, out_cls, it->second);
  }
  return r;
}

Value mean_over_dims(Runtime& rt, const Value& x, std::vector<int> dims, ClassId out_cls) {
  // One key for "all elements" however it was written ('all', [1 2 3] of a 3-D array).
  const int rank = x.shape().ndims();
  bool all = dims.empty() || dims.front() < 0;
  if (!all && static_cast<int>(dims.size()) >= rank) {
    all = true;
    for (int d = 0; d < rank; ++d) all = all && dims[static_cast<size_t>(d)] == d;
  }
  if (all) dims = {-1};
  AccelHost& host = rt.accel();
  const fusion::NodePtr node = host.graph_node(x);
  if (node) {
    if (std::optional<Value> m = host.moments().find_mean(node, dims, out_cls)) return *m;
  }
  Value m = dims.size() == 1 ? reduce_value(rt, RM_RED_SUM, x, dims[0], true, out_cls)
                             : reduce_over_dims(rt, RM_RED_SUM, x, dims, true, out_cls);
  if (node) host.moments().put_mean(node, dims, out_cls, m);
  return m;
}

}  // namespace runmat::runtime
