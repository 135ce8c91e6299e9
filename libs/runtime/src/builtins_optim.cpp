// Optimization and root finding: optimset optimget fzero fminbnd fminsearch. The three solvers
// follow MATLAB's published algorithms step for step (fzero: bracket search by factors of
// sqrt(2) then Brent's zeroin; fminbnd: Brent's golden section + parabolic interpolation;
// fminsearch: Nelder-Mead with MATLAB's coefficients, initial simplex and stopping test), so
// iterates, function counts and results agree with MATLAB's.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "builtins_numeric.hpp"
#include "builtins_solver.hpp"

namespace runmat::runtime {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The options MATLAB's optimset knows without toolboxes, in the order it lists them.
const std::vector<std::string>& optim_option_names() {
  static const std::vector<std::string> names{"Display", "MaxFunEvals", "MaxIter",   "TolFun",
                                              "TolX",    "FunValCheck", "OutputFcn", "PlotFcns"};
  return names;
}

Value empty_options() {
  std::vector<std::pair<std::string, Value>> f;
  for (const std::string& n : optim_option_names()) f.emplace_back(n, Value::empty());
  return make_struct(std::move(f));
}

// Sets option `name` (matched case-insensitively) in an optimset struct.
void set_option(Value& opts, const std::string& name, const Value& v) {
  for (const std::string& n : optim_option_names()) {
    if (absl::EqualsIgnoreCase(n, name)) {
      StructArray& s = opts.mutable_structure();
      s.at(0, s.add_field(n)) = v;
      return;
    }
  }
  throw_error("MATLAB:optimset:InvalidParamName", "Unrecognized parameter name '%s'.", name);
}

// optimset('fzero'): the defaults a solver documents.
Value solver_defaults(const std::string& solver) {
  Value opts = empty_options();
  const std::string s = absl::AsciiStrToLower(solver);
  if (s == "fzero") {
    set_option(opts, "Display", Value::char_row("notify"));
    set_option(opts, "TolX", Value::num(kEps));
  } else if (s == "fminbnd") {
    set_option(opts, "Display", Value::char_row("notify"));
    set_option(opts, "MaxFunEvals", Value::num(500));
    set_option(opts, "MaxIter", Value::num(500));
    set_option(opts, "TolX", Value::num(1e-4));
  } else if (s == "fminsearch") {
    set_option(opts, "Display", Value::char_row("notify"));
    set_option(opts, "MaxFunEvals", Value::char_row("200*numberofvariables"));
    set_option(opts, "MaxIter", Value::char_row("200*numberofvariables"));
    set_option(opts, "TolFun", Value::num(1e-4));
    set_option(opts, "TolX", Value::num(1e-4));
  } else {
    throw_error("MATLAB:optimset:InvalidFunction",
                "No default options available for the function '%s'.", solver);
  }
  set_option(opts, "FunValCheck", Value::char_row("off"));
  return opts;
}

Args optimset_fn(CallContext& ctx, Args& args) {
  if (args.empty()) {
    if (ctx.nargout == 0) {
      ctx.rt.out() << "                Display: [ off | iter | iter-detailed | notify | "
                      "notify-detailed | final | final-detailed ]\n"
                      "            MaxFunEvals: [ positive scalar ]\n"
                      "                MaxIter: [ positive scalar ]\n"
                      "                 TolFun: [ positive scalar ]\n"
                      "                   TolX: [ positive scalar ]\n"
                      "            FunValCheck: [ on | {off} ]\n"
                      "              OutputFcn: [ function | {[]} ]\n"
                      "               PlotFcns: [ function | {[]} ]\n\n";
      return {};
    }
    return {empty_options()};
  }
  if (args.size() == 1 && (args[0].is_handle() || args[0].is_char() || args[0].is_string())) {
    const std::string name = args[0].is_handle() ? args[0].handle().name : args[0].to_text();
    return {solver_defaults(name)};
  }
  Value opts = empty_options();
  size_t i = 0;
  // Leading structs merge in order: their non-empty fields override.
  for (; i < args.size() &&
         (args[i].is_struct() || (args[i].is_numeric_like() && args[i].numel() == 0));
       ++i) {
    if (!args[i].is_struct()) continue;
    for (const std::string& n : optim_option_names()) {
      if (const Value* v = option_field(args[i], n)) set_option(opts, n, *v);
    }
  }
  if ((args.size() - i) % 2 != 0) {
    throw_error("MATLAB:optimset:ArgNameValueMismatch",
                "Arguments must occur in name-value pairs.");
  }
  for (; i < args.size(); i += 2) {
    if (!args[i].is_char() && !args[i].is_string()) {
      throw_error("MATLAB:optimset:ExpectedString",
                  "Expected argument %d to be a string parameter name.", static_cast<int>(i + 1));
    }
    set_option(opts, args[i].to_text(), args[i + 1]);
  }
  return {opts};
}

Args optimget_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 3);
  if (!args[0].is_struct() && !(args[0].is_numeric_like() && args[0].numel() == 0)) {
    throw_error("MATLAB:optimget:Arg1NotStruct", "First argument must be an options structure.");
  }
  if (!args[1].is_char() && !args[1].is_string()) {
    throw_error("MATLAB:optimget:Arg2NotString", "Second argument must be a parameter name.");
  }
  const std::string name = args[1].to_text();
  bool known = false;
  for (const std::string& n : optim_option_names())
    known = known || absl::EqualsIgnoreCase(n, name);
  if (args[0].is_struct()) {
    for (const std::string& f : args[0].structure().fields) {
      known = known || absl::EqualsIgnoreCase(f, name);
    }
  }
  if (!known) {
    throw_error("MATLAB:optimget:InvalidPropName", "Unrecognized property name '%s'.", name);
  }
  if (const Value* v = option_field(args[0], name)) return {*v};
  return {args.size() == 3 ? args[2] : Value::empty()};
}

// ---- shared solver plumbing ------------------------------------------------------------------

enum class Display { Off, Notify, Final, Iter };

Display display_option(const Value& opts) {
  const std::string d = option_text(opts, "Display", "notify");
  if (d == "off" || d == "none") return Display::Off;
  if (d == "iter" || d == "iter-detailed") return Display::Iter;
  if (d == "final" || d == "final-detailed") return Display::Final;
  if (d == "notify" || d == "notify-detailed") return Display::Notify;
  throw_error("MATLAB:optimfun:InvalidDisplay",
              "Invalid value for OPTIONS parameter Display: must be 'off', 'iter', 'notify' or "
              "'final'.");
}

// A scalar objective f(x, extra...) with MATLAB's FunValCheck and a call counter.
struct Objective {
  Vm& vm;
  Value fn;
  Args extra;
  const char* who;
  bool check = false;
  int64_t count = 0;

  ScalarValue operator()(const Value& x) {
    Args a{x};
    a.insert(a.end(), extra.begin(), extra.end());
    ++count;
    const ScalarValue r = scalar_value(call_one(vm, fn, std::move(a)), who);
    if (check) {
      const std::string upper = absl::AsciiStrToUpper(who);
      if (!r.is_real) {
        solver_error(
            who, "checkfun:ComplexFval",
            absl::StrFormat(
                "User function returned a complex value when evaluated;\n %s cannot continue.",
                upper));
      }
      if (std::isnan(r.value)) {
        solver_error(
            who, "checkfun:NaNFval",
            absl::StrFormat("User function returned NaN when evaluated;\n %s cannot continue.",
                            upper));
      }
      if (std::isinf(r.value)) {
        solver_error(
            who, "checkfun:InfFval",
            absl::StrFormat(
                "User function returned Inf or -Inf when evaluated;\n %s cannot continue.", upper));
      }
    }
    return r;
  }
  double real(double x) { return (*this)(Value::num(x)).value; }
};

Objective make_objective(CallContext& ctx, const Value& fn, const Value& opts, const Args& args,
                         size_t extra_from, const char* who) {
  Objective f{solver_vm(ctx), require_function(fn, who), {}, who};
  if (args.size() > extra_from) f.extra.assign(args.begin() + extra_from, args.end());
  f.check = option_text(opts, "FunValCheck", "off") == "on";
  return f;
}

// MaxIter / MaxFunEvals: a number, or fminsearch's '200*numberofvariables'.
double count_option(const Value& opts, const char* name, double fallback, double nvars) {
  const Value* v = option_field(opts, name);
  if (!v) return fallback;
  if (v->is_char() || v->is_string()) {
    std::string t = absl::AsciiStrToLower(v->to_text());
    t.erase(std::remove(t.begin(), t.end(), ' '), t.end());
    if (t == "200*numberofvariables") return 200 * nvars;
    throw_error("MATLAB:optimfun:InvalidOption",
                "Option '%s' must be an integer value if not the default.", name);
  }
  return option_double(opts, name, fallback);
}

std::string g(double v) {
  return absl::StrFormat("%g", v);
}

// ---- fzero ----------------------------------------------------------------------------------

std::string fzero_search_failure(double x, const ScalarValue& fx, int* exitflag) {
  if (!fx.is_real) {
    *exitflag = -4;
    return "Exiting fzero: aborting search for an interval containing a sign change\n"
           "    because complex function value encountered during search.\n(Function value at " +
           g(x) + " is complex.)\nCheck function or try again with a different starting value.";
  }
  *exitflag = -3;
  return "Exiting fzero: aborting search for an interval containing a sign change\n"
         "    because NaN or Inf function value encountered during search.\n(Function value at " +
         g(x) + " is " + g(fx.value) +
         ".)\nCheck function or try again with a different starting value.";
}

Args fzero_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, SIZE_MAX);
  const Value opts = args.size() >= 3 ? options_arg(args[2], "fzero") : Value();
  Objective f = make_objective(ctx, args[0], opts, args, 3, "fzero");
  const Display disp = display_option(opts);
  const bool iter_display = disp == Display::Iter;
  const double tol = option_double(opts, "TolX", kEps);
  const double maxfun = option_double(opts, "MaxFunEvals", kInf);
  const double maxiter = option_double(opts, "MaxIter", kInf);
  const Value& x0 = args[1];
  if (!x0.is_numeric_like() || (x0.numel() != 1 && x0.numel() != 2)) {
    throw_error("MATLAB:fzero:LengthArg2",
                "Second argument must be a scalar or vector of length 2.");
  }
  int exitflag = 1;
  int64_t interval_iter = 0, iter = 0;
  std::string msg;
  double a, b, fa, fb;
  auto finish = [&](double x, double fx) -> Args {
    if (disp == Display::Final || disp == Display::Iter ||
        (disp == Display::Notify && exitflag != 1)) {
      ctx.rt.out() << "\n" << msg << "\n\n";
    }
    Args out{Value::num(x), Value::num(fx), Value::num(exitflag)};
    if (ctx.nargout > 3) {
      out.push_back(make_struct({{"intervaliterations", Value::num(interval_iter)},
                                 {"iterations", Value::num(iter)},
                                 {"funcCount", Value::num(f.count)},
                                 {"algorithm", Value::char_row("bisection, interpolation")},
                                 {"message", Value::char_row(msg)}}));
    }
    return out;
  };
  if (x0.numel() == 2) {
    a = x0.elem(0), b = x0.elem(1);
    if (!std::isfinite(a) || !std::isfinite(b)) {
      throw_error("MATLAB:fzero:Arg2NotFinite", "Second argument must be finite.");
    }
    const ScalarValue sa = f(Value::num(a)), sb = f(Value::num(b));
    fa = sa.value, fb = sb.value;
    if (!sa.is_real || !sb.is_real || !std::isfinite(fa) || !std::isfinite(fb)) {
      throw_error("MATLAB:fzero:ValuesAtEndPtsComplexOrNotFinite",
                  "Function values at the interval endpoints must be finite and real.");
    }
    if (fa != 0 && fb != 0 && (fa > 0) == (fb > 0)) {
      throw_error("MATLAB:fzero:ValuesAtEndPtsSameSign",
                  "The function values at the interval endpoints must differ in sign.");
    }
  } else {
    const double x = x0.elem(0);
    const ScalarValue sx = f(Value::num(x));
    if (!sx.is_real || !std::isfinite(sx.value)) {
      throw_error("MATLAB:fzero:ValueAtInitGuessComplexOrNotFinite",
                  "Function value at starting guess must be finite and real.");
    }
    a = b = x;
    fa = fb = sx.value;
    const char* procedure = "initial interval";
    auto search_trace = [&]() {
      if (iter_display) {
        ctx.rt.out() << absl::StrFormat("%5.0f   %13.6g %13.6g %13.6g %13.6g   %s\n",
                                        static_cast<double>(f.count), a, fa, b, fb, procedure);
      }
    };
    if (iter_display) {
      ctx.rt.out() << absl::StrFormat(
          " \nSearch for an interval around %g containing a sign change:\n"
          " Func-count    a          f(a)             b          f(b)        Procedure\n",
          x);
    }
    search_trace();
    procedure = "search";
    // Widen [x - dx, x + dx] by sqrt(2) until the function changes sign.
    double dx = x != 0 ? x / 50 : 1.0 / 50;
    while (fa != 0 && fb != 0 && (fa > 0) == (fb > 0)) {
      ++interval_iter;
      dx *= std::sqrt(2.0);
      a = x - dx;
      ScalarValue s = f(Value::num(a));
      fa = s.value;
      if (!std::isfinite(fa) || !s.is_real || !std::isfinite(a)) {
        msg = fzero_search_failure(a, s, &exitflag);
        return finish(kNaN, kNaN);
      }
      search_trace();
      if ((fa > 0) != (fb > 0)) break;
      b = x + dx;
      s = f(Value::num(b));
      fb = s.value;
      if (!std::isfinite(fb) || !s.is_real || !std::isfinite(b)) {
        msg = fzero_search_failure(b, s, &exitflag);
        return finish(kNaN, kNaN);
      }
      search_trace();
      if (f.count >= maxfun) {
        exitflag = 0;
        msg =
            "Exiting fzero: aborting search for an interval containing a sign change\n"
            "    because maximum function evaluation count reached.";
        return finish(kNaN, kNaN);
      }
    }
  }
  const double savea = a, saveb = b, savefa = fa, savefb = fb;
  if (fa == 0) b = a, fb = fa;  // an endpoint is the zero
  auto zero_trace = [&](const char* procedure) {
    if (iter_display) {
      ctx.rt.out() << absl::StrFormat("%5.0f   %13.6g %13.6g        %s\n",
                                      static_cast<double>(f.count), b, fb, procedure);
    }
  };
  if (iter_display) {
    ctx.rt.out() << absl::StrFormat(
        " \nSearch for a zero in the interval [%g, %g]:\n"
        " Func-count    x          f(x)             Procedure\n",
        savea, saveb);
  }
  zero_trace("initial");
  // Brent's zeroin: b is the best point, a the previous one, c on the other side of the zero.
  double c = 0, fc = fb, d = 0, e = 0;
  while (fb != 0 && a != b) {
    if ((fb > 0) == (fc > 0)) {
      c = a, fc = fa;
      d = b - a, e = d;
    }
    if (std::abs(fc) < std::abs(fb)) {
      a = b, b = c, c = a;
      fa = fb, fb = fc, fc = fa;
    }
    const double m = 0.5 * (c - b);
    const double toler = 2.0 * tol * std::max(std::abs(b), 1.0);
    if (std::abs(m) <= toler || fb == 0.0) break;
    if (f.count >= maxfun || iter >= maxiter) {
      exitflag = 0;
      break;
    }
    const char* procedure = "bisection";
    if (std::abs(e) < toler || std::abs(fa) <= std::abs(fb)) {
      d = m, e = m;
    } else {
      const double s = fb / fa;
      double p, q;
      if (a == c) {  // linear interpolation
        p = 2.0 * m * s;
        q = 1.0 - s;
      } else {  // inverse quadratic interpolation
        q = fa / fc;
        const double r = fb / fc;
        p = s * (2.0 * m * q * (q - r) - (b - a) * (r - 1.0));
        q = (q - 1.0) * (r - 1.0) * (s - 1.0);
      }
      if (p > 0) {
        q = -q;
      } else {
        p = -p;
      }
      if (2.0 * p < 3.0 * m * q - std::abs(toler * q) && p < std::abs(0.5 * e * q)) {
        e = d, d = p / q;
        procedure = "interpolation";
      } else {
        d = m, e = m;
      }
    }
    a = b, fa = fb;
    if (std::abs(d) > toler) {
      b += d;
    } else if (b > c) {
      b -= toler;
    } else {
      b += toler;
    }
    fb = f.real(b);
    ++iter;
    zero_trace(procedure);
  }
  if (exitflag == 0) {
    msg = absl::StrFormat(
        "Exiting fzero: aborting search for a zero because the maximum number of %s was "
        "reached.",
        f.count >= maxfun ? "function evaluations" : "iterations");
  } else if (std::abs(fb) <= std::max(std::abs(savefa), std::abs(savefb))) {
    msg = "Zero found in the interval [" + g(savea) + ", " + g(saveb) + "]";
  } else {
    exitflag = -5;
    msg = "Current point x may be near a singular point. The interval [" + g(savea) + ", " +
          g(saveb) +
          "] \nreduced to the requested tolerance and the function changes sign in the "
          "interval,\nbut f(x) increased in magnitude as the interval reduced.";
  }
  return finish(b, fb);
}

// ---- fminbnd --------------------------------------------------------------------------------

std::string max_evals_message(bool funevals, double fval) {
  return funevals ? absl::StrFormat(
                        "Exiting: Maximum number of function evaluations has been exceeded\n"
                        "         - increase MaxFunEvals option.\n"
                        "         Current function value: %f \n",
                        fval)
                  : absl::StrFormat(
                        "Exiting: Maximum number of iterations has been exceeded\n"
                        "         - increase MaxIter option.\n"
                        "         Current function value: %f \n",
                        fval);
}

Args fminbnd_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 3, SIZE_MAX);
  const Value opts = args.size() >= 4 ? options_arg(args[3], "fminbnd") : Value();
  Objective f = make_objective(ctx, args[0], opts, args, 4, "fminbnd");
  const Display disp = display_option(opts);
  if (!args[1].is_numeric_like() || !args[2].is_numeric_like() || args[1].numel() != 1 ||
      args[2].numel() != 1) {
    throw_error("MATLAB:fminbnd:NonScalarBounds", "The lower and upper bounds must be scalars.");
  }
  const double ax = args[1].elem(0), bx = args[2].elem(0);
  const double tol = option_double(opts, "TolX", 1e-4);
  const double maxfun = count_option(opts, "MaxFunEvals", 500, 1);
  const double maxiter = count_option(opts, "MaxIter", 500, 1);
  const bool iter_display = disp == Display::Iter;
  int exitflag = 1;
  int64_t iter = 0;
  std::string msg;
  auto result = [&](Value x, Value fx) -> Args {
    if (disp == Display::Final || disp == Display::Iter ||
        (disp == Display::Notify && exitflag != 1)) {
      ctx.rt.out() << msg << "\n";
    }
    Args out{std::move(x), std::move(fx), Value::num(exitflag)};
    if (ctx.nargout > 3) {
      out.push_back(make_struct(
          {{"iterations", Value::num(iter)},
           {"funcCount", Value::num(f.count)},
           {"algorithm", Value::char_row("golden section search, parabolic interpolation")},
           {"message", Value::char_row(msg)}}));
    }
    return out;
  };
  if (ax > bx) {
    exitflag = -2;
    msg = "Exiting: The bounds are inconsistent.";
    return result(Value::empty(), Value::empty());
  }
  const double seps = std::sqrt(kEps);
  const double c = 0.5 * (3.0 - std::sqrt(5.0));
  double a = ax, b = bx;
  double v = a + c * (b - a), w = v, xf = v;
  double d = 0.0, e = 0.0;
  double fx = f.real(xf);
  double fv = fx, fw = fx;
  double xm = 0.5 * (a + b);
  double tol1 = seps * std::abs(xf) + tol / 3.0, tol2 = 2.0 * tol1;
  auto trace = [&](const char* procedure, double x, double fxv) {
    if (iter_display) {
      ctx.rt.out() << absl::StrFormat("%5.0f   %12.6g %12.6g %s\n", static_cast<double>(f.count), x,
                                      fxv, procedure);
    }
  };
  if (iter_display) ctx.rt.out() << " \n Func-count     x          f(x)         Procedure\n";
  trace("       initial", xf, fx);
  while (std::abs(xf - xm) > tol2 - 0.5 * (b - a)) {
    bool golden = true;
    const char* procedure = "       golden";
    if (std::abs(e) > tol1) {
      // Fit a parabola through x, v, w.
      golden = false;
      double r = (xf - w) * (fx - fv);
      double q = (xf - v) * (fx - fw);
      double p = (xf - v) * q - (xf - w) * r;
      q = 2.0 * (q - r);
      if (q > 0.0) p = -p;
      q = std::abs(q);
      r = e, e = d;
      if (std::abs(p) < std::abs(0.5 * q * r) && p > q * (a - xf) && p < q * (b - xf)) {
        d = p / q;
        const double x = xf + d;
        procedure = "       parabolic";
        // f must not be evaluated too close to ax or bx.
        if (x - a < tol2 || b - x < tol2) {
          const double si = (xm - xf > 0) - (xm - xf < 0) + (xm - xf == 0);
          d = tol1 * si;
        }
      } else {
        golden = true;
      }
    }
    if (golden) {
      e = xf >= xm ? a - xf : b - xf;
      d = c * e;
      procedure = "       golden";
    }
    // The function must not be evaluated too close to xf.
    const double si = (d > 0) - (d < 0) + (d == 0);
    const double x = xf + si * std::max(std::abs(d), tol1);
    const double fu = f.real(x);
    ++iter;
    trace(procedure, x, fu);
    if (fu <= fx) {
      if (x >= xf) {
        a = xf;
      } else {
        b = xf;
      }
      v = w, fv = fw;
      w = xf, fw = fx;
      xf = x, fx = fu;
    } else {
      if (x < xf) {
        a = x;
      } else {
        b = x;
      }
      if (fu <= fw || w == xf) {
        v = w, fv = fw;
        w = x, fw = fu;
      } else if (fu <= fv || v == xf || v == w) {
        v = x, fv = fu;
      }
    }
    xm = 0.5 * (a + b);
    tol1 = seps * std::abs(xf) + tol / 3.0;
    tol2 = 2.0 * tol1;
    if (f.count >= maxfun || iter >= maxiter) {
      exitflag = 0;
      msg = max_evals_message(f.count >= maxfun, fx);
      return result(Value::num(xf), Value::num(fx));
    }
  }
  msg = absl::StrFormat(
      "\nOptimization terminated:\n the current x satisfies the termination criteria using "
      "OPTIONS.TolX of %e \n",
      tol);
  return result(Value::num(xf), Value::num(fx));
}

// ---- fminsearch -----------------------------------------------------------------------------

double eps_of(double v) {
  v = std::abs(v);
  if (!std::isfinite(v)) return kNaN;
  if (v < std::numeric_limits<double>::min()) return std::numeric_limits<double>::denorm_min();
  int exp = 0;
  std::frexp(v, &exp);
  return std::ldexp(1.0, exp - 53);
}

Args fminsearch_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, SIZE_MAX);
  const Value opts = args.size() >= 3 ? options_arg(args[2], "fminsearch") : Value();
  Objective f = make_objective(ctx, args[0], opts, args, 3, "fminsearch");
  const Display disp = display_option(opts);
  const Value& x0 = args[1];
  if (!x0.is_numeric_like() || x0.is_char()) {
    throw_error("MATLAB:fminsearch:InvalidX0", "X0 must be a real numeric array.");
  }
  const Shape xshape = x0.shape();
  const int64_t n = x0.numel();
  const double tolx = option_double(opts, "TolX", 1e-4);
  const double tolf = option_double(opts, "TolFun", 1e-4);
  const double maxfun = count_option(opts, "MaxFunEvals", 200.0 * n, static_cast<double>(n));
  const double maxiter = count_option(opts, "MaxIter", 200.0 * n, static_cast<double>(n));
  const bool iter_display = disp == Display::Iter;
  // x keeps x0's shape for every call of f.
  auto as_x = [&](const std::vector<double>& p) {
    return from_doubles(p, xshape, ClassId::Double);
  };
  auto eval = [&](const std::vector<double>& p) { return f(as_x(p)).value; };
  // The simplex: n + 1 vertices, kept sorted by function value.
  std::vector<std::vector<double>> v(static_cast<size_t>(n + 1));
  std::vector<double> fv(static_cast<size_t>(n + 1));
  v[0] = to_doubles(x0);
  fv[0] = eval(v[0]);
  int64_t itercount = 0;
  const char* how = "";
  auto trace = [&]() {
    if (iter_display) {
      ctx.rt.out() << absl::StrFormat(" %5.0f        %5.0f     %12.6g         %s\n",
                                      static_cast<double>(itercount), static_cast<double>(f.count),
                                      fv[0], how);
    }
  };
  if (iter_display) {
    ctx.rt.out() << "\n Iteration   Func-count     min f(x)         Procedure\n";
  }
  trace();
  // MATLAB's initial simplex: 5% steps along each coordinate, 0.00025 for zero components.
  for (int64_t j = 0; j < n; ++j) {
    std::vector<double> y = v[0];
    y[j] = y[j] != 0 ? 1.05 * y[j] : 0.00025;
    v[j + 1] = y;
    fv[j + 1] = eval(y);
  }
  auto sort_simplex = [&]() {
    std::vector<size_t> order(fv.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t i, size_t k) { return fv[i] < fv[k]; });
    std::vector<std::vector<double>> v2;
    std::vector<double> fv2;
    for (size_t i : order) v2.push_back(v[i]), fv2.push_back(fv[i]);
    v.swap(v2), fv.swap(fv2);
  };
  sort_simplex();
  how = "initial simplex";
  ++itercount;
  trace();
  constexpr double rho = 1, chi = 2, psi = 0.5, sigma = 0.5;
  auto combine = [&](double wbar, const std::vector<double>& xbar, double wlast) {
    std::vector<double> p(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) p[i] = wbar * xbar[i] + wlast * v[n][i];
    return p;
  };
  while (f.count < maxfun && itercount < maxiter) {
    double fspread = 0, xspread = 0;
    for (int64_t j = 1; j <= n; ++j) {
      fspread = std::max(fspread, std::abs(fv[0] - fv[j]));
      for (int64_t i = 0; i < n; ++i) xspread = std::max(xspread, std::abs(v[j][i] - v[0][i]));
    }
    const double vmax = n > 0 ? *std::max_element(v[0].begin(), v[0].end()) : 0;
    if (fspread <= std::max(tolf, 10 * eps_of(fv[0])) &&
        xspread <= std::max(tolx, 10 * eps_of(vmax))) {
      break;
    }
    std::vector<double> xbar(static_cast<size_t>(n), 0.0);
    for (int64_t j = 0; j < n; ++j) {
      for (int64_t i = 0; i < n; ++i) xbar[i] += v[j][i];
    }
    for (double& xb : xbar) xb /= static_cast<double>(n);
    const std::vector<double> xr = combine(1 + rho, xbar, -rho);
    const double fxr = eval(xr);
    if (fxr < fv[0]) {
      const std::vector<double> xe = combine(1 + rho * chi, xbar, -rho * chi);
      const double fxe = eval(xe);
      if (fxe < fxr) {
        v[n] = xe, fv[n] = fxe, how = "expand";
      } else {
        v[n] = xr, fv[n] = fxr, how = "reflect";
      }
    } else if (fxr < fv[n - 1]) {
      v[n] = xr, fv[n] = fxr, how = "reflect";
    } else {
      if (fxr < fv[n]) {
        const std::vector<double> xc = combine(1 + psi * rho, xbar, -psi * rho);
        const double fxc = eval(xc);
        if (fxc <= fxr) {
          v[n] = xc, fv[n] = fxc, how = "contract outside";
        } else {
          how = "shrink";
        }
      } else {
        const std::vector<double> xcc = combine(1 - psi, xbar, psi);
        const double fxcc = eval(xcc);
        if (fxcc < fv[n]) {
          v[n] = xcc, fv[n] = fxcc, how = "contract inside";
        } else {
          how = "shrink";
        }
      }
      if (std::string(how) == "shrink") {
        for (int64_t j = 1; j <= n; ++j) {
          for (int64_t i = 0; i < n; ++i) v[j][i] = v[0][i] + sigma * (v[j][i] - v[0][i]);
          fv[j] = eval(v[j]);
        }
      }
    }
    sort_simplex();
    ++itercount;
    trace();
  }
  int exitflag = 1;
  std::string msg;
  if (f.count >= maxfun) {
    exitflag = 0;
    msg = max_evals_message(true, fv[0]);
  } else if (itercount >= maxiter) {
    exitflag = 0;
    msg = max_evals_message(false, fv[0]);
  } else {
    msg = absl::StrFormat(
        "Optimization terminated:\n the current x satisfies the termination criteria using "
        "OPTIONS.TolX of %e \n and F(X) satisfies the convergence criteria using OPTIONS.TolFun "
        "of %e \n",
        tolx, tolf);
  }
  if (disp == Display::Final || disp == Display::Iter ||
      (disp == Display::Notify && exitflag != 1)) {
    ctx.rt.out() << (exitflag == 1 ? " \n" : "") << msg << "\n";
  }
  Args out{as_x(v[0]), Value::num(fv[0]), Value::num(exitflag)};
  if (ctx.nargout > 3) {
    out.push_back(make_struct({{"iterations", Value::num(static_cast<double>(itercount))},
                               {"funcCount", Value::num(static_cast<double>(f.count))},
                               {"algorithm", Value::char_row("Nelder-Mead simplex direct search")},
                               {"message", Value::char_row(msg)}}));
  }
  return out;
}

}  // namespace

void register_optim_builtins(BuiltinRegistry& reg) {
  reg.add("optimset", optimset_fn,
          "options = optimset('Name', value, ...), optimset(old, 'Name', value), "
          "optimset(old, new), optimset('fzero'): optimization options (Display MaxFunEvals "
          "MaxIter TolFun TolX FunValCheck OutputFcn PlotFcns).");
  reg.add("optimget", optimget_fn,
          "optimget(options, 'Name'), optimget(options, 'Name', default): one option's value.");
  reg.add("fzero", fzero_fn,
          "[x, fval, exitflag, output] = fzero(fun, x0, options): a zero of a scalar function "
          "near x0 or in the bracket x0 = [a b].");
  reg.add("fminbnd", fminbnd_fn,
          "[x, fval, exitflag, output] = fminbnd(fun, a, b, options): minimum of a scalar "
          "function on [a, b].");
  reg.add("fminsearch", fminsearch_fn,
          "[x, fval, exitflag, output] = fminsearch(fun, x0, options): unconstrained minimum by "
          "the Nelder-Mead simplex method.");
}

}  // namespace runmat::runtime
