// Solvers that call user functions: optimset/optimget fzero fminbnd fminsearch, ode45/ode23
// with odeset/odeget and deval, integral/quadgk. Checked against analytic answers within the
// solvers' tolerances, and against the iteration counts of MATLAB's documented examples.
#include <catch2/catch.hpp>

#include "matlab_checks.hpp"

using runmat::testing::expect_error;
using runmat::testing::run_matlab;
using runmat::testing::run_ok;

TEST_CASE("optimset and optimget", "[builtins][optim]") {
  CHECK(run_ok("o = optimset('TolX', 1e-8, 'display', 'off'); fprintf('%g %s %d %d', o.TolX, "
               "o.Display, isempty(o.MaxIter), numel(fieldnames(o)));") == "1e-08 off 1 8");
  CHECK(run_ok("o = optimset(optimset('TolX', 1), 'MaxIter', 5); fprintf('%g %g', o.TolX, "
               "o.MaxIter);") == "1 5");
  CHECK(run_ok("o = optimset(optimset('TolX', 1), optimset('TolFun', 2)); "
               "fprintf('%g %g', o.TolX, o.TolFun);") == "1 2");
  CHECK(run_ok("o = optimset('fminbnd'); fprintf('%s %g %g', o.Display, o.MaxFunEvals, o.TolX);") ==
        "notify 500 0.0001");
  CHECK(run_ok("o = optimset('TolX', 3); fprintf('%g %g %d', optimget(o, 'tolx'), "
               "optimget(o, 'MaxIter', 7), isempty(optimget(o, 'TolFun')));") == "3 7 1");
  expect_error("optimset('Tolerance', 1)", "MATLAB:optimset:InvalidParamName");
  expect_error("optimset('TolX')", "MATLAB:optimset:InvalidFunction");
  expect_error("optimset('TolX', 1, 'MaxIter')", "MATLAB:optimset:ArgNameValueMismatch");
  expect_error("optimget(optimset(), 'Foo')", "MATLAB:optimget:InvalidPropName");
}

TEST_CASE("fzero", "[builtins][optim]") {
  CHECK(run_ok("x = fzero(@(x) x.^2 - 2, [0 2]); fprintf('%d', abs(x - sqrt(2)) < 4e-16);") == "1");
  CHECK(run_ok("fprintf('%.12f %.12f', fzero(@cos, 1), fzero(@sin, 3));") ==
        "1.570796326795 3.141592653590");
  // MATLAB's documented example: x^3 - 2x - 5 near 2.
  CHECK(run_ok("fprintf('%.4f', fzero(@(x) x.^3 - 2*x - 5, 2));") == "2.0946");
  CHECK(run_ok("[x, fval, flag, out] = fzero(@(x) x - 1, 0); fprintf('%g %g %d %s %d %d', x, "
               "fval, flag, out.algorithm, out.intervaliterations > 0, out.funcCount > 2);") ==
        "1 0 1 bisection, interpolation 1 1");
  // Extra arguments after the options reach the function.
  CHECK(run_ok("fprintf('%.6f', fzero(@(x, c) x.^2 - c, [0 3], [], 4));") == "2.000000");
  // A root at an endpoint is returned at once.
  CHECK(run_ok("fprintf('%g', fzero(@(x) x, [0 1]));") == "0");
  // No sign change: NaN with exitflag -3 (quietly with Display 'off', a message by default).
  CHECK(run_ok("[x, ~, flag] = fzero(@(x) x.^2 + 1, 0, optimset('Display', 'off')); "
               "fprintf('%g %d', x, flag);") == "NaN -3");
  {
    auto r = run_matlab("x = fzero(@(x) x.^2 + 1, 0);");
    REQUIRE(r.result.ok);
    CHECK(r.out.find("Exiting fzero: aborting search for an interval containing a sign change") !=
          std::string::npos);
  }
  {
    // Display 'iter': the search table, then the zero table (MATLAB's fzero.m formats).
    auto r = run_matlab("x = fzero(@(x) x.^3 - 2*x - 5, 2, optimset('Display', 'iter'));");
    REQUIRE(r.result.ok);
    CHECK(r.out.find("Search for an interval around 2 containing a sign change:") !=
          std::string::npos);
    CHECK(r.out.find("    7         1.88686      -2.05602       2.11314      0.209619   search") !=
          std::string::npos);
    CHECK(r.out.find("Search for a zero in the interval [1.88686, 2.11314]:") != std::string::npos);
    CHECK(r.out.find("interpolation") != std::string::npos);
  }
  expect_error("fzero(@(x) x.^2 + 1, [0 1])", "MATLAB:fzero:ValuesAtEndPtsSameSign");
  expect_error("fzero(@(x) 1 ./ x, [0 1])", "MATLAB:fzero:ValuesAtEndPtsComplexOrNotFinite");
  expect_error("fzero(@(x) x, [1 2 3])", "MATLAB:fzero:LengthArg2");
  expect_error("fzero(@(x) [x x], 1)", "MATLAB:fzero:NonScalarObj");
  expect_error("fzero(@(x) x, 1, optimset('Display', 'loud'))", "MATLAB:optimfun:InvalidDisplay");
}

TEST_CASE("fminbnd", "[builtins][optim]") {
  CHECK(run_ok("fprintf('%.4f', fminbnd(@cos, 3, 4));") == "3.1416");
  CHECK(run_ok("[x, fval] = fminbnd(@(x) x.^3 - 2*x - 5, 0, 2); fprintf('%.4f %.4f', x, fval);") ==
        "0.8165 -6.0887");
  CHECK(run_ok("[x, fval, flag, out] = fminbnd(@(x) (x - 1).^2, 0, 3); fprintf('%d %d %s %d', "
               "abs(x - 1) < 1e-4, flag, out.algorithm, out.funcCount == out.iterations + 1);") ==
        "1 1 golden section search, parabolic interpolation 1");
  CHECK(run_ok("[x, f, flag] = fminbnd(@(x) -x, 0, 1, optimset('MaxFunEvals', 3, 'Display', "
               "'off')); fprintf('%d', flag);") == "0");
  CHECK(run_ok("[x, f, flag] = fminbnd(@(x) x, 2, 1, optimset('Display', 'off')); "
               "fprintf('%d %d', isempty(x), flag);") == "1 -2");
  expect_error("fminbnd(@(x) x, [0 1], 2)", "MATLAB:fminbnd:NonScalarBounds");
  expect_error("fminbnd(@(x) x.^2, -1, 1, optimset('FunValCheck', 'on', 'Display', 'off'), 0) ",
               "MATLAB:TooManyInputs");
  expect_error("fminbnd(@(x) log(x - 0.5), 0, 1, optimset('FunValCheck', 'on'))",
               "MATLAB:fminbnd:checkfun:ComplexFval");
}

TEST_CASE("fminsearch", "[builtins][optim]") {
  // MATLAB's documented Rosenbrock example: x = [1 1] after 85 iterations, 159 evaluations.
  CHECK(
      run_ok("f = @(x) 100*(x(2) - x(1)^2)^2 + (1 - x(1))^2; [x, fval, flag, out] = "
             "fminsearch(f, [-1.2, 1]); fprintf('%.4f %.4f %d %d %d %d %s', x, fval < 1e-8, flag, "
             "out.iterations, out.funcCount, out.algorithm);") ==
      "1.0000 1.0000 1 1 85 159 Nelder-Mead simplex direct search");
  // x keeps x0's shape; a zero start uses the 0.00025 step.
  CHECK(run_ok("x = fminsearch(@(x) sum((x(:) - [1; 2; 3; 4]).^2), zeros(2)); "
               "fprintf('%d %d %d', size(x), max(abs(x(:) - (1:4)')) < 1e-3);") == "2 2 1");
  CHECK(run_ok("x = fminsearch(@(x) (x - 3).^2, 1, optimset('TolX', 1e-10, 'TolFun', 1e-12)); "
               "fprintf('%d', abs(x - 3) < 1e-8);") == "1");
  CHECK(run_ok("[x, f, flag, out] = fminsearch(@(x) sum(x.^2), [1 1], optimset('MaxIter', 5, "
               "'Display', 'off')); fprintf('%d %d', flag, out.iterations);") == "0 5");
  CHECK(run_ok("o = optimset('fminsearch'); fprintf('%s', o.MaxIter);") == "200*numberofvariables");
  {
    auto r = run_matlab("x = fminsearch(@(x) x.^2, 1, optimset('MaxFunEvals', 4));");
    REQUIRE(r.result.ok);
    CHECK(r.out.find("Exiting: Maximum number of function evaluations has been exceeded") !=
          std::string::npos);
  }
  expect_error("fminsearch(@(x) x, 'a')", "MATLAB:fminsearch:InvalidX0");
  expect_error("fminsearch(5, 1)", "MATLAB:fminsearch:InvalidFunction");
}

TEST_CASE("odeset and odeget", "[builtins][ode]") {
  CHECK(run_ok("o = odeset('RelTol', 1e-6, 'abstol', 1e-9); fprintf('%g %g %d', o.RelTol, "
               "o.AbsTol, isempty(o.MaxStep));") == "1e-06 1e-09 1");
  CHECK(run_ok("o = odeset(odeset('RelTol', 1e-6), 'Refine', 2); fprintf('%g %g %g', "
               "odeget(o, 'RelTol'), odeget(o, 'refine'), odeget(o, 'MaxStep', 9));") ==
        "1e-06 2 9");
  expect_error("odeset('Tolerance', 1)", "MATLAB:odeset:InvalidPropName");
  expect_error("odeget(odeset(), 'Tolerance')", "MATLAB:odeget:InvalidPropName");
}

TEST_CASE("ode45 and ode23 against analytic solutions", "[builtins][ode]") {
  // y' = -2y: y = exp(-2t). Refine 4 for ode45: 4 output points per step.
  CHECK(run_ok("[t, y] = ode45(@(t, y) -2*y, [0 1], 1); fprintf('%d %d %d %g %g %d', "
               "size(t, 2), size(y, 2), mod(numel(t) - 1, 4), t(1), t(end), "
               "max(abs(y - exp(-2*t))) < 1e-3);") == "1 1 0 0 1 1");
  CHECK(run_ok("[t, y] = ode23(@(t, y) -2*y, [0 1], 1); fprintf('%g %d', t(end), "
               "max(abs(y - exp(-2*t))) < 2e-3);") == "1 1");
  // Requested output points are returned exactly.
  CHECK(run_ok("[t, y] = ode45(@(t, y) -2*y, [0 0.25 0.5 1], 1); fprintf('%g ', t); "
               "fprintf('%d %d', size(y, 1), max(abs(y - exp(-2*t))) < 1e-3);") ==
        "0 0.25 0.5 1 4 1");
  // Harmonic oscillator over one period, default and tight tolerances.
  CHECK(run_ok(
            "[t, y] = ode45(@(t, y) [y(2); -y(1)], [0 2*pi], [1; 0]); fprintf('%d %d %d', "
            "size(y, 2), max(abs(y(:, 1) - cos(t))) < 1e-2, max(abs(y(:, 2) + sin(t))) < 1e-2);") ==
        "2 1 1");
  CHECK(
      run_ok("o = odeset('RelTol', 1e-9, 'AbsTol', 1e-12); [t, y] = ode45(@(t, y) [y(2); "
             "-y(1)], [0 2*pi], [1; 0], o); fprintf('%d', max(abs(y(end, :) - [1 0])) < 1e-7);") ==
      "1");
  CHECK(run_ok("o = odeset('RelTol', 1e-8, 'AbsTol', 1e-10); [t, y] = ode23(@(t, y) [y(2); "
               "-y(1)], [0 pi], [1 0], o); fprintf('%d', max(abs(y(end, :) - [-1 0])) < 1e-6);") ==
        "1");
  // Backwards in time, extra parameters, a scalar MaxStep.
  CHECK(run_ok("[t, y] = ode45(@(t, y, k) -k*y, [1 0], exp(-2), [], 2); fprintf('%g %d', t(end), "
               "abs(y(end) - 1) < 1e-3);") == "0 1");
  CHECK(run_ok("[t, y] = ode45(@(t, y) 1, [0 1], 0, odeset('MaxStep', 0.01)); "
               "fprintf('%d %d', numel(t) > 400, abs(y(end) - 1) < 1e-12);") == "1 1");
  // The struct form and deval.
  CHECK(run_ok("sol = ode45(@(t, y) -2*y, [0 1], 1); fprintf('%s %d %d %d ', sol.solver, "
               "size(sol.x, 1), size(sol.y, 1), size(sol.x, 2) == size(sol.y, 2)); "
               "fprintf('%d %d', abs(deval(sol, 0.5) - exp(-1)) < 1e-3, "
               "isequal(size(deval(sol, [0 0.3 1])), [1 3]));") == "ode45 1 1 1 1 1");
  CHECK(run_ok("sol = ode23(@(t, y) [y(2); -y(1)], [0 1], [1; 0]); Y = deval(sol, 1, 2); "
               "fprintf('%d', abs(Y + sin(1)) < 1e-2);") == "1");
}

TEST_CASE("ode45 argument errors", "[builtins][ode]") {
  expect_error("[t, y] = ode45(@(t, y) -y, [0 0], 1);",
               "MATLAB:odearguments:TspanEndpointsNotDistinct");
  expect_error("[t, y] = ode45(@(t, y) -y, [0 2 1], 1);", "MATLAB:odearguments:TspanNotMonotonic");
  expect_error("[t, y] = ode45(@(t, y) -y, 1, 1);", "MATLAB:odearguments:TspanTooShort");
  expect_error("[t, y] = ode45(@(t, y) [y; y], [0 1], [1; 1]);", "MATLAB:odearguments:SizeIC");
  expect_error("[t, y] = ode45(@(t, y) y', [0 1], [1; 1]);", "MATLAB:odearguments:FoMustReturnCol");
  expect_error("[t, y] = ode45(@(t, y) -y, [0 1], [1; 1], odeset('AbsTol', [1 2 3]));",
               "MATLAB:odearguments:SizeAbsTol");
  expect_error("[t, y] = ode45(@(t, y) -y, [0 1], 1, odeset('Events', @(t, y) y));",
               "RunMat:notImplemented");
  expect_error("sol = ode45(@(t, y) -y, [0 1], 1); deval(sol, 2)",
               "MATLAB:deval:SolOutsideInterval");
}

TEST_CASE("integral and quadgk", "[builtins][quad]") {
  CHECK(run_ok("fprintf('%d', abs(integral(@(x) x.^2, 0, 1) - 1/3) < 1e-14);") == "1");
  CHECK(run_ok("fprintf('%d', abs(integral(@(x) exp(-x.^2), -Inf, Inf) - sqrt(pi)) < 1e-9);") ==
        "1");
  CHECK(run_ok("fprintf('%d %d', abs(integral(@(x) 1 ./ x.^2, 1, Inf) - 1) < 1e-10, "
               "abs(integral(@(x) exp(x), 0, -Inf) + 1) < 1e-10);") == "1 1");
  // Endpoint singularity, reversed limits, an empty interval.
  CHECK(run_ok("fprintf('%d %d %g', abs(integral(@(x) 1 ./ sqrt(x), 0, 1) - 2) < 1e-8, "
               "abs(integral(@(x) x, 1, 0) + 0.5) < 1e-14, integral(@(x) x, 2, 2));") == "1 1 0");
  CHECK(run_ok("q = integral(@(x) [x; 2*x; x.^2], 0, 1, 'ArrayValued', true); "
               "fprintf('%d %d %d', size(q), max(abs(q - [0.5; 1; 1/3])) < 1e-12);") == "3 1 1");
  CHECK(run_ok("q = integral(@(x) exp(1i*x), 0, pi); fprintf('%d %d', abs(real(q)) < 1e-12, "
               "abs(imag(q) - 2) < 1e-12);") == "1 1");
  CHECK(run_ok("q = integral(@(x) abs(x - 0.3), 0, 1, 'Waypoints', 0.3); "
               "fprintf('%d', abs(q - 0.29) < 1e-14);") == "1");
  CHECK(run_ok("[q, err] = quadgk(@sin, 0, pi); fprintf('%d %d', abs(q - 2) < 1e-12, "
               "err < 1e-10);") == "1 1");
  CHECK(run_ok("q = integral(@(x) x, 0, 1, 'RelTol', 1e-3, 'AbsTol', 1e-3); fprintf('%g', q);") ==
        "0.5");
  CHECK(run_ok("fprintf('%s', class(integral(@(x) single(x), 0, 1)));") == "single");
  {
    // A non-integrable singularity warns and returns what it has.
    auto r = run_matlab("q = integral(@(x) 1 ./ x, 0, 1);");
    REQUIRE(r.result.ok);
    CHECK(r.err.find("Warning:") != std::string::npos);
  }
  expect_error("integral(@(x) 1, 0, 1)", "MATLAB:integral:FxNotSameSizeAsX");
  expect_error("integral(@(x) x, [0 1], 1)", "MATLAB:integral:invalidLimit");
  expect_error("integral(@(x) x, 0, 1, 'Tol', 1)", "MATLAB:integral:unknownOption");
  expect_error("integral(@(x) x, 0, 1, 'AbsTol')", "MATLAB:integral:invalidNameValuePairs");
  expect_error("[q, e] = integral(@(x) x, 0, 1);", "MATLAB:TooManyOutputs");
}

TEST_CASE("integral2", "[builtins][quad]") {
  // MATLAB's documented example: a triangle with a function upper limit, pi/4 - 1/2.
  CHECK(run_ok("f = @(x, y) 1 ./ (sqrt(x + y) .* (1 + x + y).^2); q = integral2(f, 0, 1, 0, "
               "@(x) 1 - x); fprintf('%d', abs(q - (pi/4 - 0.5)) < 1e-9);") == "1");
  CHECK(run_ok("q = integral2(@(x, y) x.*y, 0, 1, 0, 2); fprintf('%d', abs(q - 1) < 1e-9);") ==
        "1");
  CHECK(run_ok("[q, e] = integral2(@(x, y) exp(-x.^2 - y.^2), -Inf, Inf, -Inf, Inf, "
               "'Method', 'iterated'); fprintf('%d %d', abs(q - pi) < 1e-8, e < 1e-4);") == "1 1");
  expect_error("integral2(@(x, y) 1, 0, 1, 0, 1)", "MATLAB:integral2:FxNotSameSizeAsX");
  expect_error("integral2(@(x, y) x, 0, 1, 0, 1, 'Method', 'fast')",
               "MATLAB:integral2:invalidMethod");
  expect_error("integral(@(x) x, 0, 1, 'Method', 'tiled')", "MATLAB:integral:unknownOption");
}
