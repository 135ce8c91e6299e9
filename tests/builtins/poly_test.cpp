// Polynomial and signal builtins: polyfit polyval roots conv deconv filter trapz cumtrapz
// interp1, against MATLAB's results (conv's 'same' case is the example of MATLAB's conv page;
// spline cases use data that a cubic reproduces exactly).
#include <catch2/catch.hpp>

#include "matlab_checks.hpp"

using runmat::testing::expect_error;
using runmat::testing::run_matlab;
using runmat::testing::run_ok;

TEST_CASE("polyfit polyval roots", "[builtins][poly]") {
  CHECK(run_ok("p = polyfit([1 2 3], [2 4 6], 1); fprintf('%d %d ', size(p)); "
               "fprintf('%g ', round(p * 1e9) / 1e9 + 0);") == "1 2 2 0 ");
  CHECK(run_ok("p = polyfit(1:4, [1 4 9 16], 2); fprintf('%g ', round(p * 1e9) / 1e9 + 0);") ==
        "1 0 0 ");
  // Least squares: the line through (1,1), (2,2), (3,2).
  CHECK(run_ok("p = polyfit([1 2 3], [1 2 2], 1); fprintf('%.6f ', p);") == "0.500000 0.666667 ");
  CHECK(run_ok("fprintf('%s', class(polyfit(single([1 2]), [1 2], 1)));") == "single");
  expect_error("polyfit([1 2 3], [1 2], 1)", "MATLAB:polyfit:XYSizeMismatch");

  CHECK(run_ok("fprintf('%g ', polyval([1 2 3], 2), polyval([1 0 -1], [1 2; 3 4]), "
               "polyval([], 5), polyval([2 1], 3, [], [1 2]));") == "11 0 8 3 15 0 3 ");
  CHECK(run_ok("y = polyval([1 1], [1 2; 3 4]); fprintf('%d %d', size(y));") == "2 2");

  CHECK(run_ok("r = roots([1 -3 2]); fprintf('%d %d ', size(r)); fprintf('%g ', r);") ==
        "2 1 2 1 ");
  CHECK(run_ok("fprintf('%.4f ', roots([1 -6 11 -6]));") == "3.0000 2.0000 1.0000 ");
  CHECK(run_ok("fprintf('%g ', roots([1 0 -1]), roots([0 0 1 -2]), roots([1 2 0 0]));") ==
        "-1 1 2 0 0 -2 ");
  CHECK(run_ok("r = roots(5); fprintf('%d %d', size(r));") == "0 1");
  // x^2 + 1: the roots are +-i (complex conjugate pair).
  CHECK(run_ok("r = roots([1 0 1]); fprintf('%d %g %g ', isreal(r), sort(imag(r)));") == "0 -1 1 ");
  expect_error("roots([1 2; 3 4])", "MATLAB:roots:NonVectorInput");
}

TEST_CASE("conv and deconv", "[builtins][poly]") {
  CHECK(run_ok("fprintf('%g ', conv([1 2 3], [1 2]), conv([1 2 3], [1 2], 'same'), "
               "conv([1 2 3], [1 2], 'valid'));") == "1 4 7 6 4 7 6 4 7 ");
  CHECK(run_ok("fprintf('%g ', conv([-1 2 3 -2 0 1 2], [2 4 -1 1], 'same'));") ==
        "15 5 -9 7 6 7 -1 ");
  CHECK(run_ok("w = conv([1; 2], [1 1]); fprintf('%d %d ', size(w)); w = conv([1 2], [1 1]); "
               "fprintf('%d %d ', size(w)); w = conv([1 2], [1 2 3], 'valid'); "
               "fprintf('%d %d', size(w));") == "3 1 1 3 1 0");
  CHECK(run_ok("fprintf('%s', class(conv(single([1 2]), [1 1])));") == "single");
  expect_error("conv([1 2; 3 4], [1 2])", "MATLAB:conv:AorBNotVector");
  expect_error("conv([1 2], [1 2], 'middle')", "MATLAB:conv:unknownShapeParameter");

  CHECK(run_ok("[q, r] = deconv([1 4 7 6], [1 2]); fprintf('%g ', q, r);") == "1 2 3 0 0 0 0 ");
  CHECK(run_ok("[q, r] = deconv([1 5 6 1], [1 2]); fprintf('%g ', q, r);") == "1 3 0 0 0 0 1 ");
  CHECK(run_ok("[q, r] = deconv([1 2], [1 2 3]); fprintf('%g ', q, r);") == "0 1 2 ");
  expect_error("deconv([1 2 3], [0 1])", "MATLAB:deconv:ZeroCoef1");
}

TEST_CASE("filter", "[builtins][poly]") {
  CHECK(run_ok("fprintf('%g ', filter(1, [1 -0.5], [1 1 1]), filter([1 1]/2, 1, [2 4 6]), "
               "filter(2, [2 -1], [1 1]));") == "1 1.5 1.75 1 3 5 1 1.5 ");
  CHECK(run_ok("[y, zf] = filter([1 1], 1, [1 2 3]); fprintf('%g ', y, zf); "
               "fprintf('%g ', filter([1 1], 1, [1 2 3], 5));") == "1 3 5 3 6 3 5 ");
  CHECK(run_ok("fprintf('%g ', filter(1, [1 -1], [1 2; 3 4]), "
               "filter(1, [1 -1], [1 2; 3 4], [], 2));") == "1 4 2 6 1 3 3 7 ");
  CHECK(run_ok("y = filter(1, 1, (1:3)'); fprintf('%d %d', size(y));") == "3 1");
  expect_error("filter(1, [0 1], [1 2])", "MATLAB:filter:firstElementOfDenominatorFilterZero");
}

TEST_CASE("trapz and cumtrapz", "[builtins][poly]") {
  CHECK(run_ok("fprintf('%g ', trapz([1 2 3]), trapz([1 2 3], [1 4 9]), trapz(0.5, [1 2 3]), "
               "trapz([1 2; 3 4]), trapz([1 2; 3 4], 2));") == "4 9 2 2 3 1.5 3.5 ");
  CHECK(run_ok("fprintf('%g ', cumtrapz([1 2 3]), cumtrapz([1 2 3], [1 4 9]), "
               "cumtrapz([1 2; 3 4]));") == "0 1.5 4 0 2.5 9 0 2 0 3 ");
  CHECK(run_ok("fprintf('%s', class(trapz(single([1 2]))));") == "single");
  CHECK(run_ok("fprintf('%g ', trapz([1 2 3], 1e9), cumtrapz([1 2 3], 4));") == "0 0 0 0 0 0 ");
  expect_error("trapz([1 2], [1 2 3])", "MATLAB:trapz:LengthXMismatchY");
}

TEST_CASE("interp1", "[builtins][poly]") {
  CHECK(run_ok("fprintf('%g ', interp1([1 2 3], [10 20 30], 2.5), "
               "interp1([1 2 3], [10 20 30], [0 4]), "
               "interp1([1 2 3], [10 20 30], [0 4], 'linear', 'extrap'), "
               "interp1([1 2 3], [10 20 30], 4, 'linear', 0), interp1([10 20 30], 1.5));") ==
        "25 NaN NaN 0 40 0 15 ");
  CHECK(run_ok("fprintf('%g ', interp1([1 2 3], [10 20 30], [1.4 1.5 2.6], 'nearest'), "
               "interp1([1 2 3], [10 20 30], [1.5 3 3.5], 'previous'), "
               "interp1([1 2 3], [10 20 30], [0.5 1.5 3], 'next'));") ==
        "10 20 30 10 30 NaN NaN 20 30 ");
  CHECK(
      run_ok("fprintf('%.4f ', interp1(1:4, [1 4 9 16], 2.5, 'pchip'), "
             "interp1(1:4, [1 4 9 16], 2.5, 'spline'), interp1(1:5, (1:5).^3, 2.5, 'spline'), "
             "interp1([1 2 3], [1 4 9], 2.5, 'spline'), interp1([1 2 3], [1 2 3], 4, 'pchip'));") ==
      "6.2396 6.2500 15.6250 6.2500 4.0000 ");
  // Not-a-knot splines reproduce cubics exactly, on long and uneven grids too.
  CHECK(run_ok("fprintf('%.6f ', interp1(1:50, (1:50).^3, 10.5, 'spline'), "
               "interp1([0 1 3 4 7 8], [0 1 3 4 7 8].^3, [5.5 -1 9], 'spline'));") ==
        "1157.625000 166.375000 -1.000000 729.000000 ");
  CHECK(run_ok("y = interp1([1 2], [1 10; 2 20], 1.5); fprintf('%d %d %g %g', size(y), y);") ==
        "1 2 1.5 15");
  CHECK(run_ok("y = interp1([1 2 3], [10 20 30], [1.5; 2.5]); fprintf('%d %d %g %g', size(y), "
               "y);") == "2 1 15 25");
  CHECK(run_ok("fprintf('%g', interp1([3 1 2], [30 10 20], 2.5));") == "25");
  expect_error("interp1([1 1 2], [1 2 3], 1.5)",
               "MATLAB:griddedInterpolant:NonUniqueCompVecsPtsErrId");
  expect_error("interp1([1 2], [1 2 3], 1)", "MATLAB:interp1:YInvalidNumRows");
  expect_error("interp1([1 2], [1 2], 1, 'bogus')", "MATLAB:interp1:InvalidMethod");
}
