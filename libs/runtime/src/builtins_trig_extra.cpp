// Trigonometry beyond the kernel ops: degree forms (sind cosd tand asind acosd atand),
// reciprocal functions (sec csc cot asec acsc acot), inverse hyperbolics (asinh acosh atanh)
// and deg2rad/rad2deg. Real inputs whose result is complex (acosh(0.5), asind(2)) give complex
// results as MATLAB does.
#include <cmath>
#include <limits>

#include "builtins.hpp"
#include "host_math.hpp"

namespace runmat::runtime {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kPi = 3.141592653589793;

// sin/cos of degrees, exact at multiples of 90: reduce to r in [-45, 45] plus a quadrant, as
// MATLAB's sind/cosd do, so sind(180) is exactly 0 and cosd(90) exactly 0.
double sin_cos_deg(double x, int shift) {
  if (!std::isfinite(x)) return kNaN;
  const double a = std::fmod(x, 360.0);  // exact
  const double n = std::round(a / 90.0);
  const double r = (a - n * 90.0) * (kPi / 180.0);
  const int q = ((static_cast<int>(n) + shift) % 4 + 4) % 4;
  switch (q) {
    case 0:
      return std::sin(r);
    case 1:
      return std::cos(r);
    case 2:
      return -std::sin(r);
    default:
      return -std::cos(r);
  }
}

double sind_of(double x) {
  const double y = sin_cos_deg(x, 0);
  return y == 0 ? 0.0 : y;  // MATLAB shows sind(-180) as 0, not -0
}
double cosd_of(double x) {
  const double y = sin_cos_deg(x, 1);
  return y == 0 ? 0.0 : y;
}

double tand_of(double x) {
  if (!std::isfinite(x)) return kNaN;
  const double r = std::fmod(x, 180.0);  // exact, sign of x
  if (r == 0) return 0.0;
  if (std::fabs(r) == 90) return std::copysign(kInf, r);
  if (std::fabs(r) == 45) return std::copysign(1.0, r);
  if (std::fabs(r) == 135) return std::copysign(1.0, -r);
  return std::tan(r * (kPi / 180.0));
}

bool outside_unit(double x) {
  return x < -1 || x > 1;
}
bool inside_unit_open(double x) {
  return x > -1 && x < 1;
}
bool below_one(double x) {
  return x < 1;
}

// MATLAB's branch for real arguments beyond +1: asin(2) = 1.5708 - 1.3170i and
// acos(2) = 0 + 1.3170i, i.e. approached from below the cut (std::asin(x + 0i) gives the
// conjugate); below -1 it agrees with x + 0i (asin(-2.2) = -1.5708 + 1.4254i).
cplx below_cut(cplx z) {
  return z.imag() == 0 && z.real() > 1 ? cplx(z.real(), -0.0) : z;
}
// 1/z with a real reciprocal for real z (MATLAB's asec is acos(1./x) on the real value).
cplx reciprocal(cplx z) {
  return z.imag() == 0 ? cplx(1.0 / z.real(), 0.0) : 1.0 / z;
}

double asind_of(double x) {
  return std::asin(x) * (180.0 / kPi);
}
double acosd_of(double x) {
  return std::acos(x) * (180.0 / kPi);
}
double atand_of(double x) {
  return std::atan(x) * (180.0 / kPi);
}
cplx asind_c(cplx z) {
  return std::asin(below_cut(z)) * (180.0 / kPi);
}
cplx acosd_c(cplx z) {
  return std::acos(below_cut(z)) * (180.0 / kPi);
}
cplx atand_c(cplx z) {
  return std::atan(z) * (180.0 / kPi);
}

double sec_of(double x) {
  return 1.0 / std::cos(x);
}
double csc_of(double x) {
  return 1.0 / std::sin(x);
}
double cot_of(double x) {
  return 1.0 / std::tan(x);
}
cplx sec_c(cplx z) {
  return 1.0 / std::cos(z);
}
cplx csc_c(cplx z) {
  return 1.0 / std::sin(z);
}
cplx cot_c(cplx z) {
  return 1.0 / std::tan(z);
}

double asec_of(double x) {
  return std::acos(1.0 / x);
}
double acsc_of(double x) {
  return std::asin(1.0 / x);
}
double acot_of(double x) {
  return std::atan(1.0 / x);
}
cplx asec_c(cplx z) {
  return std::acos(below_cut(reciprocal(z)));
}
cplx acsc_c(cplx z) {
  return std::asin(below_cut(reciprocal(z)));
}
cplx acot_c(cplx z) {
  return std::atan(reciprocal(z));
}

double asinh_of(double x) {
  return std::asinh(x);
}
double acosh_of(double x) {
  return std::acosh(x);
}
double atanh_of(double x) {
  return std::atanh(x);
}
cplx asinh_c(cplx z) {
  return std::asinh(z);
}
// acosh(0.5) = 0 + 1.0472i, acosh(-2) = 1.3170 + 3.1416i and atanh(2) = 0.5493 + 1.5708i,
// atanh(-3) = -0.3466 + 1.5708i in MATLAB: the x + 0i branch std:: uses.
cplx acosh_c(cplx z) {
  return std::acosh(z);
}
cplx atanh_c(cplx z) {
  return std::atanh(z);
}

double deg2rad_of(double x) {
  return (kPi / 180.0) * x;
}
double rad2deg_of(double x) {
  return (180.0 / kPi) * x;
}
cplx deg2rad_c(cplx z) {
  return (kPi / 180.0) * z;
}
cplx rad2deg_c(cplx z) {
  return (180.0 / kPi) * z;
}

cplx sind_c(cplx z) {
  return std::sin(z * (kPi / 180.0));
}
cplx cosd_c(cplx z) {
  return std::cos(z * (kPi / 180.0));
}
cplx tand_c(cplx z) {
  return std::tan(z * (kPi / 180.0));
}

template <RealFn F, CplxFn G, bool (*Needs)(double) = nullptr>
Args unary(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {host_unary_math(args[0], ctx.name, F, G, Needs)};
}

// deg2rad/rad2deg refuse non-floating input (they are scalings, not conversions).
template <RealFn F, CplxFn G>
Args angle_convert(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  const Value& x = args[0];
  if (!x.is_complex() && !(x.is_numeric_like() && is_float_class(x.cls()))) {
    const std::string id = "MATLAB:" + std::string(ctx.name) + ":nonFloatInput";
    throw_error(id.c_str(), std::string("Input must be single or double."));
  }
  return {host_unary_math(x, ctx.name, F, G)};
}

}  // namespace

void register_trig_extra_builtins(BuiltinRegistry& reg) {
  reg.add("sind", unary<sind_of, sind_c>,
          "sind(x): sine of x in degrees; exact at multiples of 90.");
  reg.add("cosd", unary<cosd_of, cosd_c>,
          "cosd(x): cosine of x in degrees; exact at multiples of 90.");
  reg.add("tand", unary<tand_of, tand_c>,
          "tand(x): tangent of x in degrees; +-Inf at odd multiples of 90.");
  reg.add("asind", unary<asind_of, asind_c, outside_unit>,
          "asind(x): inverse sine in degrees (complex for |x| > 1).");
  reg.add("acosd", unary<acosd_of, acosd_c, outside_unit>,
          "acosd(x): inverse cosine in degrees (complex for |x| > 1).");
  reg.add("atand", unary<atand_of, atand_c>, "atand(x): inverse tangent in degrees.");
  reg.add("sec", unary<sec_of, sec_c>, "sec(x): secant 1./cos(x), x in radians.");
  reg.add("csc", unary<csc_of, csc_c>, "csc(x): cosecant 1./sin(x), x in radians.");
  reg.add("cot", unary<cot_of, cot_c>, "cot(x): cotangent 1./tan(x), x in radians.");
  reg.add("asec", unary<asec_of, asec_c, inside_unit_open>,
          "asec(x): inverse secant acos(1./x) (complex for |x| < 1).");
  reg.add("acsc", unary<acsc_of, acsc_c, inside_unit_open>,
          "acsc(x): inverse cosecant asin(1./x) (complex for |x| < 1).");
  reg.add("acot", unary<acot_of, acot_c>, "acot(x): inverse cotangent atan(1./x).");
  reg.add("asinh", unary<asinh_of, asinh_c>, "asinh(x): inverse hyperbolic sine.");
  reg.add("acosh", unary<acosh_of, acosh_c, below_one>,
          "acosh(x): inverse hyperbolic cosine (complex for x < 1).");
  reg.add("atanh", unary<atanh_of, atanh_c, outside_unit>,
          "atanh(x): inverse hyperbolic tangent (complex for |x| > 1).");
  reg.add("deg2rad", angle_convert<deg2rad_of, deg2rad_c>,
          "deg2rad(x): degrees to radians, (pi/180)*x.");
  reg.add("rad2deg", angle_convert<rad2deg_of, rad2deg_c>,
          "rad2deg(x): radians to degrees, (180/pi)*x.");
}

}  // namespace runmat::runtime
