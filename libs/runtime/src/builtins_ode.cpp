// Explicit Runge-Kutta ODE solvers: ode45 (Dormand-Prince 5(4)) and ode23 (Bogacki-Shampine
// 3(2)), with odeset/odeget and deval. The step loop is MATLAB's (initial step from y'(t0),
// error per component weighted by max(|y|, |ynew|, AbsTol/RelTol), the 0.8 safety factor,
// the 10% stretch to hit tfinal, first-failure and repeated-failure step cuts, FSAL), and the
// output points are MATLAB's (Refine 4 for ode45 on a two-element tspan, the continuous
// extension at requested points), so [t, y] match MATLAB's to rounding.
#include <algorithm>
#include <cmath>
#include <limits>

#include "builtins_numeric.hpp"
#include "builtins_solver.hpp"
#include "matrix_ops.hpp"

namespace runmat::runtime {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

// ---- odeset / odeget ------------------------------------------------------------------------

const std::vector<std::string>& ode_option_names() {
  static const std::vector<std::string> names{
      "AbsTol",    "BDF",         "Events",      "InitialStep",  "Jacobian",
      "JConstant", "JPattern",    "Mass",        "MassSingular", "MaxOrder",
      "MaxStep",   "NonNegative", "NormControl", "OutputFcn",    "OutputSel",
      "Refine",    "RelTol",      "Stats",       "Vectorized",   "MStateDependence",
      "MvPattern", "InitialSlope"};
  return names;
}

const std::string* ode_option_name(const std::string& name) {
  for (const std::string& n : ode_option_names()) {
    if (absl::EqualsIgnoreCase(n, name)) return &n;
  }
  return nullptr;
}

Args odeset_fn(CallContext& ctx, Args& args) {
  if (args.empty() && ctx.nargout == 0) {
    for (const std::string& n : ode_option_names()) {
      ctx.rt.out() << absl::StrFormat("%16s: [ ]\n", n);
    }
    return {};
  }
  std::vector<std::pair<std::string, Value>> fields;
  for (const std::string& n : ode_option_names()) fields.emplace_back(n, Value::empty());
  Value opts = make_struct(std::move(fields));
  auto set = [&](const std::string& name, const Value& v) {
    const std::string* canonical = ode_option_name(name);
    if (!canonical) {
      throw_error("MATLAB:odeset:InvalidPropName", "Unrecognized property name '%s'.", name);
    }
    StructArray& s = opts.mutable_structure();
    s.at(0, s.add_field(*canonical)) = v;
  };
  size_t i = 0;
  for (; i < args.size() &&
         (args[i].is_struct() || (args[i].is_numeric_like() && args[i].numel() == 0));
       ++i) {
    if (!args[i].is_struct()) continue;
    const StructArray& s = args[i].structure();
    for (size_t f = 0; f < s.fields.size(); ++f) {
      if (const Value* v = option_field(args[i], s.fields[f])) set(s.fields[f], *v);
    }
  }
  if ((args.size() - i) % 2 != 0) {
    throw_error("MATLAB:odeset:NoValueForProp", "Expected name-value pairs after the structures.");
  }
  for (; i < args.size(); i += 2) {
    if (!args[i].is_char() && !args[i].is_string()) {
      throw_error("MATLAB:odeset:NoPropName", "Expected argument %d to be a string property name.",
                  static_cast<int>(i + 1));
    }
    set(args[i].to_text(), args[i + 1]);
  }
  return {opts};
}

Args odeget_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 3);
  if (!args[0].is_struct() && !(args[0].is_numeric_like() && args[0].numel() == 0)) {
    throw_error("MATLAB:odeget:Arg1NotODESETstruct",
                "First argument must be an options structure created with ODESET.");
  }
  if (!args[1].is_char() && !args[1].is_string()) {
    throw_error("MATLAB:odeget:Arg2NotString", "Second argument must be a property name.");
  }
  const std::string name = args[1].to_text();
  if (!ode_option_name(name)) {
    throw_error("MATLAB:odeget:InvalidPropName", "Unrecognized property name '%s'.", name);
  }
  if (const Value* v = option_field(args[0], name)) return {*v};
  return {args.size() == 3 ? args[2] : Value::empty()};
}

// ---- the Runge-Kutta pairs ------------------------------------------------------------------

// A FSAL pair as MATLAB tabulates it: f has `stages` columns (the last is f(tnew, ynew)),
// stage k + 1 is evaluated at t + h*A[k] with y + h * sum_j f_j * B[j][k], the solution is the
// last column of B, E gives the error estimate, BI the continuous extension.
struct RkPair {
  const char* name;
  int stages;
  std::vector<double> A;
  std::vector<std::vector<double>> B;   // stages x (stages - 1)
  std::vector<double> E;                // stages
  std::vector<std::vector<double>> BI;  // stages x order
  double pow;
  double first_failure_floor;  // the smallest factor a first failed step cuts h by
  int refine;
};

const RkPair& dormand_prince() {
  static const RkPair p{
      "ode45",
      7,
      {1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1},
      {{1.0 / 5, 3.0 / 40, 44.0 / 45, 19372.0 / 6561, 9017.0 / 3168, 35.0 / 384},
       {0, 9.0 / 40, -56.0 / 15, -25360.0 / 2187, -355.0 / 33, 0},
       {0, 0, 32.0 / 9, 64448.0 / 6561, 46732.0 / 5247, 500.0 / 1113},
       {0, 0, 0, -212.0 / 729, 49.0 / 176, 125.0 / 192},
       {0, 0, 0, 0, -5103.0 / 18656, -2187.0 / 6784},
       {0, 0, 0, 0, 0, 11.0 / 84},
       {0, 0, 0, 0, 0, 0}},
      {71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40},
      {{1, -183.0 / 64, 37.0 / 12, -145.0 / 128},
       {0, 0, 0, 0},
       {0, 1500.0 / 371, -1000.0 / 159, 1000.0 / 371},
       {0, -125.0 / 32, 125.0 / 12, -375.0 / 64},
       {0, 9477.0 / 3392, -729.0 / 106, 25515.0 / 6784},
       {0, -11.0 / 7, 11.0 / 3, -55.0 / 28},
       {0, 3.0 / 2, -4, 5.0 / 2}},
      1.0 / 5,
      0.1,
      4};
  return p;
}

const RkPair& bogacki_shampine() {
  static const RkPair p{
      "ode23",
      4,
      {1.0 / 2, 3.0 / 4, 1},
      {{1.0 / 2, 0, 2.0 / 9}, {0, 3.0 / 4, 1.0 / 3}, {0, 0, 4.0 / 9}, {0, 0, 0}},
      {-5.0 / 72, 1.0 / 12, 1.0 / 9, -1.0 / 8},
      {{1, -4.0 / 3, 5.0 / 9}, {0, 1, -2.0 / 3}, {0, 4.0 / 3, -8.0 / 9}, {0, -1, 1}},
      1.0 / 3,
      0.5,
      1};
  return p;
}

using Vec = std::vector<double>;
using Stages = std::vector<Vec>;  // f[k][i]: stage k, component i

// y(t + s*h) from the step's stages (MATLAB's ntrp45 / ntrp23).
Vec interpolate(const RkPair& m, const Vec& y, const Stages& f, double h, double s) {
  Vec out = y;
  for (size_t k = 0; k < f.size(); ++k) {
    double w = 0, sp = 1;
    for (double bi : m.BI[k]) {
      sp *= s;
      w += bi * sp;
    }
    if (w == 0) continue;
    for (size_t i = 0; i < y.size(); ++i) out[i] += h * w * f[k][i];
  }
  return out;
}

double spacing(double t) {
  t = std::abs(t);
  if (t < std::numeric_limits<double>::min()) return std::numeric_limits<double>::denorm_min();
  int e = 0;
  std::frexp(t, &e);
  return std::ldexp(1.0, e - 53);
}

double inf_norm(const Vec& v) {
  double n = 0;
  for (double x : v) {
    if (std::isnan(x)) return x;
    n = std::max(n, std::abs(x));
  }
  return n;
}

double two_norm(const Vec& v) {
  double s = 0;
  for (double x : v) s += x * x;
  return std::sqrt(s);
}

struct OdeProblem {
  Vm& vm;
  Value fn;
  Args extra;
  int64_t neq = 0;
  int64_t nfevals = 0;

  Vec operator()(double t, const Vec& y) {
    Args a{Value::num(t),
           from_doubles(y, Shape::column(static_cast<int64_t>(y.size())), ClassId::Double)};
    a.insert(a.end(), extra.begin(), extra.end());
    ++nfevals;
    const Value r = call_one(vm, fn, std::move(a));
    return check_result(r);
  }

  Vec check_result(const Value& r) const {
    const std::string text = fn.is_handle() ? fn.handle().text : fn.to_text();
    if (r.is_complex()) {
      throw_error("RunMat:complexNotSupported",
                  "%s returned complex values; complex ODEs are not supported yet.", text);
    }
    if (!r.is_numeric_like() || (r.numel() > 1 && r.shape().cols() != 1) || r.shape().ndims() > 2) {
      throw_error("MATLAB:odearguments:FoMustReturnCol", "%s must return a column vector.", text);
    }
    if (r.numel() != neq) {
      throw_error("MATLAB:odearguments:SizeIC",
                  "%s returns a vector of length %d, but the length of initial conditions vector "
                  "is %d. The vector returned by %s and the initial conditions vector must have "
                  "the same number of elements.",
                  text, static_cast<int>(r.numel()), static_cast<int>(neq), text);
    }
    return to_doubles(r);
  }
};

// One accepted step, kept for the struct output and deval.
struct Step {
  double t, h;
  Vec y;
  Stages f;
};

struct OdeResult {
  Vec tout;
  std::vector<Vec> yout;
  std::vector<Step> steps;  // steps[k] leads from x[k] to x[k + 1]
  Vec x;                    // every step's end point, t0 first
  std::vector<Vec> xy;
  int64_t nsteps = 0, nfailed = 0;
};

Vec tspan_arg(const Value& v) {
  if (!v.is_numeric_like() || v.numel() < 2) {
    throw_error("MATLAB:odearguments:TspanTooShort",
                "The vector tspan must have at least two elements.");
  }
  Vec ts = to_doubles(v);
  if (ts.front() == ts.back()) {
    throw_error("MATLAB:odearguments:TspanEndpointsNotDistinct",
                "The last entry in tspan must be different from the first entry.");
  }
  const double dir = ts.back() > ts.front() ? 1 : -1;
  for (size_t i = 1; i < ts.size(); ++i) {
    if (!(dir * (ts[i] - ts[i - 1]) > 0)) {
      throw_error("MATLAB:odearguments:TspanNotMonotonic",
                  "The entries in tspan must strictly increase or decrease.");
    }
  }
  return ts;
}

void unsupported_option(const Value& opts, const char* name) {
  if (option_field(opts, name)) {
    throw_error("RunMat:notImplemented", "The ODE option '%s' is not supported yet.", name);
  }
}

OdeResult integrate(CallContext& ctx, const RkPair& m, OdeProblem& f, const Vec& tspan, Vec y,
                    const Value& opts, bool keep_steps) {
  for (const char* name : {"Events", "Mass", "OutputFcn", "NonNegative", "Jacobian"}) {
    unsupported_option(opts, name);
  }
  const int64_t neq = f.neq;
  const double t0 = tspan.front(), tfinal = tspan.back();
  const double tdir = tfinal > t0 ? 1 : -1;
  double rtol = option_double(opts, "RelTol", 1e-3);
  if (!(rtol > 0)) {
    throw_error("MATLAB:odearguments:RelTolNotPosScalar", "RelTol must be a positive scalar.");
  }
  if (rtol < 100 * kEps) {
    rtol = 100 * kEps;
    numeric_warning(ctx.rt, "MATLAB:odearguments:RelTolIncrease",
                    absl::StrFormat("RelTol has been increased to %g.", rtol));
  }
  Vec atol(static_cast<size_t>(neq), 1e-6);
  if (const Value* a = option_field(opts, "AbsTol")) {
    if (!a->is_numeric_like() || (a->numel() != 1 && a->numel() != neq)) {
      throw_error("MATLAB:odearguments:SizeAbsTol",
                  "Solving requires a scalar AbsTol, or a vector AbsTol of length %d.",
                  static_cast<int>(neq));
    }
    for (int64_t i = 0; i < neq; ++i) atol[i] = a->elem(a->numel() == 1 ? 0 : i);
    for (double v : atol) {
      if (!(v > 0)) throw_error("MATLAB:odearguments:AbsTolNotPos", "AbsTol must be positive.");
    }
  }
  const bool normcontrol = option_text(opts, "NormControl", "off") == "on";
  if (normcontrol && option_field(opts, "AbsTol") && option_field(opts, "AbsTol")->numel() != 1) {
    throw_error("MATLAB:odearguments:NonScalarAbsTol",
                "Solving with NormControl 'on' requires a scalar AbsTol.");
  }
  Vec threshold(static_cast<size_t>(neq));
  for (int64_t i = 0; i < neq; ++i) threshold[i] = atol[i] / rtol;
  const double hmax = std::abs(option_double(opts, "MaxStep", 0.1 * std::abs(tfinal - t0)));
  if (!(hmax > 0)) {
    throw_error("MATLAB:odearguments:MaxStepLEzero", "MaxStep must be greater than zero.");
  }
  const double htry = std::abs(option_double(opts, "InitialStep", 0));
  const double refine_opt = option_double(opts, "Refine", m.refine);
  const int refine = static_cast<int>(std::max(1.0, std::floor(refine_opt)));
  const bool requested_points = tspan.size() > 2;

  OdeResult res;
  Stages F(static_cast<size_t>(m.stages), Vec(static_cast<size_t>(neq), 0.0));
  F[0] = f(t0, y);
  double t = t0;
  res.tout.push_back(t0);
  res.yout.push_back(y);
  if (keep_steps) res.x.push_back(t0), res.xy.push_back(y);

  // The initial step from the scaled size of y'(t0).
  double hmin = 16 * spacing(t);
  double absh;
  if (htry == 0) {
    absh = std::min(hmax, std::abs(tspan[1] - tspan[0]));
    double rh;
    if (normcontrol) {
      rh = (two_norm(F[0]) / std::max(two_norm(y), threshold[0])) / (0.8 * std::pow(rtol, m.pow));
    } else {
      Vec scaled(static_cast<size_t>(neq));
      for (int64_t i = 0; i < neq; ++i)
        scaled[i] = F[0][i] / std::max(std::abs(y[i]), threshold[i]);
      rh = inf_norm(scaled) / (0.8 * std::pow(rtol, m.pow));
    }
    if (absh * rh > 1) absh = 1 / rh;
    absh = std::max(absh, hmin);
  } else {
    absh = std::min(hmax, std::max(hmin, htry));
  }

  size_t next = 1;  // the next requested output point
  const int nb = m.stages - 1;
  bool done = false;
  while (!done) {
    hmin = 16 * spacing(t);
    absh = std::min(hmax, std::max(hmin, absh));
    double h = tdir * absh;
    if (1.1 * absh >= std::abs(tfinal - t)) {
      h = tfinal - t;
      absh = std::abs(h);
      done = true;
    }
    bool nofailed = true;
    double tnew, err;
    Vec ynew(static_cast<size_t>(neq));
    while (true) {
      // Stages 2 .. stages-1, then the solution and f(tnew, ynew).
      auto combination = [&](int col) {
        Vec yk = y;
        for (int k = 0; k < m.stages; ++k) {
          const double w = h * m.B[k][col];
          if (w == 0) continue;
          for (int64_t i = 0; i < neq; ++i) yk[i] += F[k][i] * w;
        }
        return yk;
      };
      for (int col = 0; col < nb - 1; ++col) F[col + 1] = f(t + h * m.A[col], combination(col));
      tnew = done ? tfinal : t + h * m.A[nb - 1];
      ynew = combination(nb - 1);
      h = tnew - t;  // purify h
      F[nb] = f(tnew, ynew);
      Vec fe(static_cast<size_t>(neq), 0.0);
      for (int k = 0; k < m.stages; ++k) {
        for (int64_t i = 0; i < neq; ++i) fe[i] += F[k][i] * m.E[k];
      }
      if (normcontrol) {
        const double errwt = std::max(std::max(two_norm(y), two_norm(ynew)), threshold[0]);
        err = absh * (two_norm(fe) / errwt);
      } else {
        for (int64_t i = 0; i < neq; ++i) {
          fe[i] /= std::max(std::max(std::abs(y[i]), std::abs(ynew[i])), threshold[i]);
        }
        err = absh * inf_norm(fe);
      }
      if (!(err > rtol)) break;
      ++res.nfailed;
      if (absh <= hmin) {
        numeric_warning(
            ctx.rt, absl::StrFormat("MATLAB:%s:IntegrationTolNotMet", m.name),
            absl::StrFormat("Failure at t=%e.  Unable to meet integration tolerances without "
                            "reducing the step size below the smallest value allowed (%e) at "
                            "time t.",
                            t, hmin));
        return res;
      }
      if (nofailed) {
        nofailed = false;
        absh = std::max(hmin,
                        absh * std::max(m.first_failure_floor, 0.8 * std::pow(rtol / err, m.pow)));
      } else {
        absh = std::max(hmin, 0.5 * absh);
      }
      h = tdir * absh;
      done = false;
    }
    ++res.nsteps;
    if (keep_steps) {
      res.steps.push_back({t, h, y, F});
      res.x.push_back(tnew);
      res.xy.push_back(ynew);
    }
    // Output points of this step.
    if (requested_points) {
      for (; next < tspan.size(); ++next) {
        if (tdir * (tnew - tspan[next]) < 0) break;
        res.tout.push_back(tspan[next]);
        res.yout.push_back(tnew == tspan[next] ? ynew
                                               : interpolate(m, y, F, h, (tspan[next] - t) / h));
      }
    } else {
      for (int r = 1; r < refine; ++r) {
        const double s = static_cast<double>(r) / refine;
        res.tout.push_back(t + (tnew - t) * s);
        res.yout.push_back(interpolate(m, y, F, h, s));
      }
      res.tout.push_back(tnew);
      res.yout.push_back(ynew);
    }
    if (done) break;
    if (nofailed) {
      // absh may shrink by 0.8, and err may be 0.
      const double temp = 1.25 * std::pow(err / rtol, m.pow);
      absh = temp > 0.2 ? absh / temp : 5.0 * absh;
    }
    t = tnew;
    y = ynew;
    F[0] = F[nb];
  }
  return res;
}

Value rows_of(const std::vector<Vec>& rows, int64_t ncols) {
  const int64_t nr = static_cast<int64_t>(rows.size());
  Vec data(static_cast<size_t>(nr * ncols));
  for (int64_t r = 0; r < nr; ++r) {
    for (int64_t c = 0; c < ncols; ++c) data[static_cast<size_t>(r + nr * c)] = rows[r][c];
  }
  return from_doubles(data, Shape{nr, ncols}, ClassId::Double);
}

Value columns_of(const std::vector<Vec>& cols, int64_t nrows) {
  Vec data;
  for (const Vec& c : cols) data.insert(data.end(), c.begin(), c.end());
  return from_doubles(data, Shape{nrows, static_cast<int64_t>(cols.size())}, ClassId::Double);
}

Args ode_solver(CallContext& ctx, Args& args, const RkPair& m) {
  check_nargs(ctx, args, 3, SIZE_MAX);
  if (ctx.nargout == 0) {
    throw_error("RunMat:notImplemented",
                "%s with no output arguments plots the solution; plotting is not supported.",
                m.name);
  }
  if (ctx.nargout > 2) {
    throw_error("RunMat:notImplemented",
                "Event outputs [t, y, te, ye, ie] of %s are not supported yet.", m.name);
  }
  OdeProblem f{solver_vm(ctx), require_function(args[0], m.name), {}};
  const Vec tspan = tspan_arg(args[1]);
  const Value& y0v = args[2];
  if (y0v.is_complex()) {
    throw_error("RunMat:complexNotSupported", "Complex initial conditions are not supported yet.");
  }
  if (!y0v.is_numeric_like()) {
    throw_error("MATLAB:odearguments:InvalidY0", "Initial conditions must be numeric.");
  }
  const Vec y0 = to_doubles(y0v);
  f.neq = static_cast<int64_t>(y0.size());
  const Value opts = args.size() >= 4 ? options_arg(args[3], m.name) : Value();
  if (args.size() > 4) f.extra.assign(args.begin() + 4, args.end());
  const bool sol_form = ctx.nargout == 1;
  const OdeResult r = integrate(ctx, m, f, tspan, y0, opts, sol_form);
  if (option_text(opts, "Stats", "off") == "on") {
    ctx.rt.out() << absl::StrFormat(
        "%g successful steps\n%g failed attempts\n%g function evaluations\n",
        static_cast<double>(r.nsteps), static_cast<double>(r.nfailed),
        static_cast<double>(f.nfevals));
  }
  const int64_t neq = f.neq;
  if (!sol_form) {
    return {
        from_doubles(r.tout, Shape::column(static_cast<int64_t>(r.tout.size())), ClassId::Double),
        rows_of(r.yout, neq)};
  }
  // sol.idata.f3d(:, :, k) holds step k's stages, for deval.
  const int64_t nsteps = static_cast<int64_t>(r.steps.size());
  Vec f3d;
  for (const Step& s : r.steps) {
    for (const Vec& col : s.f) f3d.insert(f3d.end(), col.begin(), col.end());
  }
  const Value idata =
      make_struct({{"f3d", from_doubles(f3d, Shape{neq, static_cast<int64_t>(m.stages), nsteps},
                                        ClassId::Double)},
                   {"idxNonNegative", Value::empty()}});
  auto cell = std::make_shared<CellArray>(Shape{1, static_cast<int64_t>(f.extra.size())});
  for (size_t i = 0; i < f.extra.size(); ++i) cell->data[i] = f.extra[i];
  const Value extdata = make_struct({{"odefun", f.fn},
                                     {"options", opts.is_defined() ? opts : Value::empty()},
                                     {"varargin", Value::cell(std::move(cell))}});
  const Value stats = make_struct({{"nsteps", Value::num(static_cast<double>(r.nsteps))},
                                   {"nfailed", Value::num(static_cast<double>(r.nfailed))},
                                   {"nfevals", Value::num(static_cast<double>(f.nfevals))}});
  return {make_struct(
      {{"solver", Value::char_row(m.name)},
       {"extdata", extdata},
       {"x", from_doubles(r.x, Shape::row(static_cast<int64_t>(r.x.size())), ClassId::Double)},
       {"y", columns_of(r.xy, neq)},
       {"stats", stats},
       {"idata", idata}})};
}

Args ode45_fn(CallContext& ctx, Args& args) {
  return ode_solver(ctx, args, dormand_prince());
}

Args ode23_fn(CallContext& ctx, Args& args) {
  return ode_solver(ctx, args, bogacki_shampine());
}

// ---- deval ----------------------------------------------------------------------------------

const Value& sol_field(const Value& sol, const char* name) {
  const int f = sol.structure().find_field(name);
  if (f < 0) {
    throw_error("MATLAB:deval:InvalidSolStruct",
                "The solution structure is missing the field '%s'.", name);
  }
  return sol.structure().at(0, f);
}

Args deval_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 3);
  // deval(sol, xint, idx) or the older deval(xint, sol, idx).
  const bool sol_first = args[0].is_struct();
  const Value& sol = sol_first ? args[0] : args[1];
  const Value& xint = sol_first ? args[1] : args[0];
  if (!sol.is_struct() || sol.structure().numel() != 1) {
    throw_error("MATLAB:deval:SolNotStruct", "SOL must be a structure returned by an ODE solver.");
  }
  const std::string solver = sol_field(sol, "solver").to_text();
  const RkPair* m = solver == "ode45"   ? &dormand_prince()
                    : solver == "ode23" ? &bogacki_shampine()
                                        : nullptr;
  if (!m) {
    throw_error("RunMat:notImplemented", "deval does not support solutions of %s yet.", solver);
  }
  const Vec x = to_doubles(sol_field(sol, "x"));
  const Value& yv = sol_field(sol, "y");
  const int64_t neq = yv.shape().rows();
  const Vec y = to_doubles(yv);
  const Vec f3d = to_doubles(sol_field(sol_field(sol, "idata"), "f3d"));
  std::vector<int64_t> idx;
  if (args.size() == 3) {
    for (double d : to_doubles(args[2])) {
      if (!(d >= 1 && d <= static_cast<double>(neq)) || d != std::floor(d)) {
        throw_error("MATLAB:deval:IdxOutOfRange", "Index IDX must be in the range 1 to %d.",
                    static_cast<int>(neq));
      }
      idx.push_back(static_cast<int64_t>(d) - 1);
    }
  } else {
    for (int64_t i = 0; i < neq; ++i) idx.push_back(i);
  }
  const Vec xi = to_doubles(xint);
  const double lo = std::min(x.front(), x.back()), hi = std::max(x.front(), x.back());
  const double dir = x.back() >= x.front() ? 1 : -1;
  const int64_t nx = static_cast<int64_t>(xi.size()), nout = static_cast<int64_t>(idx.size());
  Vec out(static_cast<size_t>(nout * nx));
  for (int64_t j = 0; j < nx; ++j) {
    if (!(xi[j] >= lo && xi[j] <= hi)) {
      throw_error("MATLAB:deval:SolOutsideInterval",
                  "Attempting to evaluate the solution outside the interval [%g, %g] where it "
                  "is defined.",
                  x.front(), x.back());
    }
    // The step containing xi[j]: x[k] <= xi < x[k+1] in the direction of integration.
    size_t k = 0;
    while (k + 2 < x.size() && dir * (xi[j] - x[k + 1]) >= 0) ++k;
    Vec yk(y.begin() + static_cast<int64_t>(k) * neq,
           y.begin() + static_cast<int64_t>(k + 1) * neq);
    Vec yi;
    if (xi[j] == x[k + 1]) {
      yi.assign(y.begin() + static_cast<int64_t>(k + 1) * neq,
                y.begin() + static_cast<int64_t>(k + 2) * neq);
    } else {
      Stages F(static_cast<size_t>(m->stages), Vec(static_cast<size_t>(neq)));
      for (int s = 0; s < m->stages; ++s) {
        for (int64_t i = 0; i < neq; ++i) {
          F[s][i] = f3d[static_cast<size_t>(i + neq * (s + m->stages * static_cast<int64_t>(k)))];
        }
      }
      const double h = x[k + 1] - x[k];
      yi = interpolate(*m, yk, F, h, (xi[j] - x[k]) / h);
    }
    for (int64_t r = 0; r < nout; ++r) out[static_cast<size_t>(r + nout * j)] = yi[idx[r]];
  }
  return {from_doubles(out, Shape{nout, nx}, ClassId::Double)};
}

}  // namespace

void register_ode_builtins(BuiltinRegistry& reg) {
  reg.add("ode45", ode45_fn,
          "[t, y] = ode45(odefun, tspan, y0, options), sol = ode45(...): nonstiff ODEs, "
          "explicit Runge-Kutta (Dormand-Prince 5(4)).");
  reg.add("ode23", ode23_fn,
          "[t, y] = ode23(odefun, tspan, y0, options), sol = ode23(...): nonstiff ODEs, "
          "explicit Runge-Kutta (Bogacki-Shampine 3(2)).");
  reg.add("odeset", odeset_fn,
          "options = odeset('Name', value, ...), odeset(old, 'Name', value): ODE solver options "
          "(RelTol AbsTol MaxStep InitialStep Refine NormControl Stats ...).");
  reg.add("odeget", odeget_fn,
          "odeget(options, 'Name'), odeget(options, 'Name', default): one ODE option's value.");
  reg.add("deval", deval_fn,
          "deval(sol, xint), deval(sol, xint, idx): evaluates an ode45/ode23 solution structure "
          "at xint (one column per point).");
}

}  // namespace runmat::runtime
