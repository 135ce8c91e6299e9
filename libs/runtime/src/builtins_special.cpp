// Special functions: gamma gammaln erf erfc erfinv erfcinv beta betaln (real inputs, computed
// on the host; single input gives single output).
#include <cmath>
#include <limits>

#include "builtins.hpp"
#include "host_math.hpp"

namespace runmat::runtime {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kTwoOverSqrtPi = 1.1283791670955126;
constexpr double kPi = 3.141592653589793;

double gamma_of(double x) {
  // MATLAB answers Inf at the poles (0 and the negative integers); tgamma gives NaN there.
  if (x <= 0 && x == std::floor(x) && std::isfinite(x)) return kInf;
  return std::tgamma(x);
}

double gammaln_of(double x) {
  if (x < 0) {
    throw_error("MATLAB:gammaln:NegativeArg", std::string("Input must be nonnegative."));
  }
  return std::lgamma(x);
}

double erf_of(double x) {
  return std::erf(x);
}
double erfc_of(double x) {
  return std::erfc(x);
}

// Giles' single-precision approximation of erfinv, written in terms of w = -log((1-x)(1+x))
// so that callers can pass w computed from 1-|x| without cancellation. Newton/Halley steps
// below bring it to full double accuracy.
double erfinv_guess(double w) {
  double p;
  if (w < 5) {
    w -= 2.5;
    p = 2.81022636e-08;
    p = 3.43273939e-07 + p * w;
    p = -3.5233877e-06 + p * w;
    p = -4.39150654e-06 + p * w;
    p = 0.00021858087 + p * w;
    p = -0.00125372503 + p * w;
    p = -0.00417768164 + p * w;
    p = 0.246640727 + p * w;
    p = 1.50140941 + p * w;
  } else {
    w = std::sqrt(w) - 3;
    p = -0.000200214257;
    p = 0.000100950558 + p * w;
    p = 0.00134934322 + p * w;
    p = -0.00367342844 + p * w;
    p = 0.00573950773 + p * w;
    p = -0.0076224613 + p * w;
    p = 0.00943887047 + p * w;
    p = 1.00167406 + p * w;
    p = 2.83297682 + p * w;
  }
  return p;
}

// Refines z toward the root of residual(z) = 0 where residual'(z) = sign * 2/sqrt(pi) e^{-z^2}
// (erf or erfc); Halley's step uses residual'' / residual' = -2z.
template <typename Residual>
double refine(double z, double sign, Residual residual) {
  for (int it = 0; it < 8; ++it) {
    const double d = sign * kTwoOverSqrtPi * std::exp(-z * z);
    if (d == 0) break;
    const double r = residual(z) / d;
    const double step = r / (1 + z * r);
    z -= step;
    if (std::fabs(step) <= 1e-17 * std::fabs(z)) break;
  }
  return z;
}

// erfcinv for y in (0, 0.5]: the root of erfc(z) = y (z >= 0.48).
double erfcinv_small(double y) {
  double z;
  if (y < 1e-7) {
    // Beyond the range of Giles' single-precision fit: erfc(z) ~ e^{-z^2} / (z sqrt(pi)) gives
    // z^2 ~ t - log(pi t) / 2 with t = -log(y).
    const double t = -std::log(y);
    z = std::sqrt(t - 0.5 * std::log(kPi * t));
  } else {
    z = erfinv_guess(-std::log(y * (2 - y))) * (1 - y);
  }
  return refine(z, -1.0, [y](double t) { return std::erfc(t) - y; });
}

double erfinv_of(double x) {
  if (std::isnan(x) || x < -1 || x > 1) return kNaN;
  if (x == 1) return kInf;
  if (x == -1) return -kInf;
  const double ax = std::fabs(x);
  if (ax <= 0.5) {
    const double z = erfinv_guess(-std::log((1 - x) * (1 + x))) * x;
    return refine(z, 1.0, [x](double t) { return std::erf(t) - x; });
  }
  // 1 - |x| is exact here (Sterbenz), so the tail keeps full relative accuracy.
  return std::copysign(erfcinv_small(1 - ax), x);
}

double erfcinv_of(double y) {
  if (std::isnan(y) || y < 0 || y > 2) return kNaN;
  if (y == 0) return kInf;
  if (y == 2) return -kInf;
  if (y <= 0.5) return erfcinv_small(y);
  if (y >= 1.5) return -erfcinv_small(2 - y);
  return erfinv_of(1 - y);  // exact for y in [0.5, 1.5]
}

double betaln_of(double z, double w) {
  return std::lgamma(z) + std::lgamma(w) - std::lgamma(z + w);
}

// B(z,w) = gamma(z)gamma(w)/gamma(z+w); the direct ratio is the most accurate while it stays
// finite, the log form covers arguments whose gammas overflow.
double beta_of(double z, double w) {
  if (std::isnan(z) || std::isnan(w)) return kNaN;
  const double gz = std::tgamma(z), gw = std::tgamma(w), gzw = std::tgamma(z + w);
  const double direct = gz * gw / gzw;
  if (std::isfinite(gz) && std::isfinite(gw) && std::isfinite(gzw) && std::isfinite(direct) &&
      direct != 0) {
    return direct;
  }
  if (z > 0 && w > 0) return std::exp(betaln_of(z, w));
  return direct;
}

template <RealFn F>
Args unary(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {host_unary_math(args[0], ctx.name, F)};
}

template <RealFn2 F>
Args binary(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 2);
  return {host_binary_math(args[0], args[1], ctx.name, F)};
}

}  // namespace

void register_special_builtins(BuiltinRegistry& reg) {
  reg.add("gamma", unary<gamma_of>, "gamma(x): gamma function; Inf at 0 and negative integers.");
  reg.add("gammaln", unary<gammaln_of>, "gammaln(x): log(gamma(x)) without overflow, for x >= 0.");
  reg.add("erf", unary<erf_of>, "erf(x): error function, elementwise.");
  reg.add("erfc", unary<erfc_of>, "erfc(x): complementary error function 1 - erf(x).");
  reg.add("erfinv", unary<erfinv_of>,
          "erfinv(y): inverse error function; NaN outside [-1, 1], +-Inf at +-1.");
  reg.add("erfcinv", unary<erfcinv_of>,
          "erfcinv(y): inverse complementary error function; NaN outside [0, 2].");
  reg.add("beta", binary<beta_of>,
          "beta(z, w): beta function gamma(z)*gamma(w)/gamma(z+w), with implicit expansion.");
  reg.add("betaln", binary<betaln_of>, "betaln(z, w): log of the beta function without overflow.");
}

}  // namespace runmat::runtime
