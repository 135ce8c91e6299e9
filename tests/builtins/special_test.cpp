// Special functions, degree/reciprocal/inverse-hyperbolic trigonometry, number theory and the
// index/grid constructors, against MATLAB's results (reference values worked out by hand or
// to 30 digits with mpmath; complex branches as MATLAB documents them).
#include <catch2/catch.hpp>

#include "matlab_checks.hpp"

using runmat::testing::expect_error;
using runmat::testing::run_matlab;
using runmat::testing::run_ok;

TEST_CASE("gamma, gammaln, beta", "[builtins][special]") {
  CHECK(run_ok("fprintf('%.15g ', gamma(5), gamma(0.5), gamma(-0.5), gamma(0), gamma(-2), "
               "gamma(172));") == "24 1.77245385090552 -3.54490770181103 Inf Inf Inf ");
  CHECK(run_ok("fprintf('%.15g ', gammaln(10), gammaln(0), gammaln(1e6));") ==
        "12.8018274800815 Inf 12815504.5691476 ");
  CHECK(run_ok("g = gamma(single([1 2 3])); fprintf('%s %g %g %g', class(g), g);") ==
        "single 1 1 2");
  CHECK(run_ok("fprintf('%.12g ', beta(2, 3), beta(0.5, 0.5), betaln(100, 200));") ==
        "0.0833333333333 3.14159265359 -192.134192275 ");
  CHECK(run_ok("b = beta([1 2], [1; 2]); fprintf('%d %d ', size(b)); fprintf('%g ', b);") ==
        "2 2 1 0.5 0.5 0.166667 ");
  CHECK(run_ok("fprintf('%g', beta(400, 400) > 0);") == "1");
  expect_error("gammaln(-1)", "MATLAB:gammaln:NegativeArg");
  expect_error("gamma(int8(3))", "MATLAB:UndefinedFunction");
  expect_error("gamma({1})", "MATLAB:UndefinedFunction");
  expect_error("beta([1 2], [1 2 3])", "MATLAB:sizeDimensionsMustMatch");
}

TEST_CASE("erf family and its inverses", "[builtins][special]") {
  CHECK(run_ok("fprintf('%.15g ', erf(0.5), erfc(0.5), erf(Inf), erfc(-Inf), erf(-0.5));") ==
        "0.520499877813047 0.479500122186953 1 2 -0.520499877813047 ");
  CHECK(run_ok("fprintf('%.15g ', erfinv(0.5), erfinv(-0.5), erfinv(0.999), erfinv(1e-3), "
               "erfinv(0));") ==
        "0.47693627620447 -0.47693627620447 2.32675376551352 0.000886227157466552 0 ");
  CHECK(run_ok("fprintf('%g ', erfinv([1 -1 2 -2 NaN]));") == "Inf -Inf NaN NaN NaN ");
  CHECK(run_ok("fprintf('%.15g ', erfcinv(1e-10), erfcinv(1e-300), erfcinv(0.5), "
               "erfcinv(1.5), erfcinv(1));") ==
        "4.57282496738949 26.2094699605161 0.47693627620447 -0.47693627620447 0 ");
  CHECK(run_ok("fprintf('%g ', erfcinv([0 2 -1 3]));") == "Inf -Inf NaN NaN ");
  // Round trips to within four ulps over the whole range, tails included.
  CHECK(run_ok("x = [-0.9999999 -0.75 -0.3 1e-12 0.2 0.5 0.51 0.9 0.99999]; "
               "fprintf('%d', all(abs(erf(erfinv(x)) - x) <= 4 * eps * abs(x)));") == "1");
  // erfc is ill-conditioned in its tail (relative change 2z per unit of z), so the tail is
  // checked against reference values and the round trip over the well-conditioned part.
  CHECK(run_ok("fprintf('%.15g ', erfcinv([1e-200 1e-50 1e-17 1e-5]));") ==
        "21.3747830490263 10.5920901695274 6.06269399816357 3.12341327434088 ");
  CHECK(run_ok("y = [0.01 0.3 0.7 1.2 1.9 1.99999]; "
               "fprintf('%d', all(abs(erfc(erfcinv(y)) - y) <= 4 * eps * y));") == "1");
  CHECK(run_ok("e = erfinv(single(0.5)); fprintf('%s %.6f', class(e), e);") == "single 0.476936");
  expect_error("erf(1 + 2i)", "MATLAB:erf:notReal");
}

TEST_CASE("degree trigonometry is exact at multiples of 90", "[builtins][trig]") {
  CHECK(run_ok("fprintf('%g ', sind([0 90 180 270 360 -180 540]));") == "0 1 0 -1 0 0 0 ");
  CHECK(run_ok("fprintf('%g ', cosd([0 90 180 270 360 -90]));") == "1 0 -1 0 1 0 ");
  CHECK(run_ok("fprintf('%d', sind(180) == 0 && cosd(90) == 0 && cosd(-270) == 0);") == "1");
  CHECK(run_ok("fprintf('%g ', tand([0 45 90 -90 135 180 -45]));") == "0 1 Inf -Inf -1 0 -1 ");
  CHECK(run_ok("fprintf('%.12g ', sind(30), cosd(60), tand(30), sind(Inf));") ==
        "0.5 0.5 0.57735026919 NaN ");
  CHECK(run_ok("fprintf('%.12g ', asind(0.5), acosd(0.5), atand(1), atand(Inf));") ==
        "30 60 45 90 ");
  CHECK(run_ok("z = asind(2); fprintf('%.10g %.10g', real(z), imag(z));") == "90 -75.45612929");
  CHECK(run_ok("z = acosd(2); fprintf('%.10g %.10g', real(z), imag(z));") == "0 75.45612929");
  CHECK(run_ok("s = sind(single(30)); fprintf('%s', class(s));") == "single");
  CHECK(run_ok("fprintf('%d %d', isgpuarray(sind(gpuArray([30 60]))), "
               "isgpuarray(beta(gpuArray(2), 3)));") == "1 1");
}

TEST_CASE("reciprocal and inverse hyperbolic functions", "[builtins][trig]") {
  CHECK(run_ok("fprintf('%.12g ', sec(0), csc(pi/2), cot(pi/4), sec(pi/3));") == "1 1 1 2 ");
  CHECK(run_ok("fprintf('%.12g ', asec(2), acsc(2), acot(0), acot(1), acot(-1));") ==
        "1.0471975512 0.523598775598 1.57079632679 0.785398163397 -0.785398163397 ");
  CHECK(run_ok("fprintf('%.12g ', asinh(1), acosh(2), atanh(0.5), asinh(-1), atanh(1));") ==
        "0.88137358702 1.31695789692 0.549306144334 -0.88137358702 Inf ");
  // Complex results for real input, with MATLAB's branches.
  CHECK(run_ok("z = acosh([0.5 -2]); fprintf('%.4f ', real(z), imag(z));") ==
        "0.0000 1.3170 1.0472 3.1416 ");
  CHECK(run_ok("z = atanh([2 -3]); fprintf('%.4f ', real(z), imag(z));") ==
        "0.5493 -0.3466 1.5708 1.5708 ");
  CHECK(run_ok("z = asec(0.5); fprintf('%.4f %.4f ', real(z), imag(z)); "
               "z = acsc(0.5); fprintf('%.4f %.4f', real(z), imag(z));") ==
        "0.0000 1.3170 1.5708 -1.3170");
  CHECK(run_ok("fprintf('%d %d', isreal(acosh(2)), isreal(acosh(0.5)));") == "1 0");
  CHECK(run_ok("z = sec(1i); fprintf('%.6f %.6f', real(z), imag(z));") == "0.648054 0.000000");
  CHECK(run_ok("fprintf('%.15g ', deg2rad(180), rad2deg(pi), deg2rad(-90));") ==
        "3.14159265358979 180 -1.5707963267949 ");
  CHECK(run_ok("fprintf('%s', class(rad2deg(single(1))));") == "single");
  expect_error("deg2rad(int8(1))", "MATLAB:deg2rad:nonFloatInput");
  expect_error("asinh('a', 2)", "MATLAB:TooManyInputs");
}

TEST_CASE("nchoosek and factorial", "[builtins][integer_math]") {
  CHECK(
      run_ok("fprintf('%d ', nchoosek(5, 2), nchoosek(30, 15), nchoosek(4, 0), nchoosek(4, 4));") ==
      "10 155117520 1 1 ");
  CHECK(run_ok("c = nchoosek(1:4, 2); fprintf('%d %d ', size(c)); fprintf('%d ', c);") ==
        "6 2 1 1 1 2 2 3 2 3 4 3 4 4 ");
  CHECK(run_ok("c = nchoosek('abc', 2); fprintf('%s %s ', class(c), c(3, :));") == "char bc ");
  CHECK(run_ok("c = nchoosek(1:3, 4); fprintf('%d %d', size(c));") == "0 4");
  CHECK(run_ok("c = nchoosek({'x', 2, 'z'}, 2); fprintf('%s %d %d %s %s', class(c), size(c), "
               "c{1, 1}, c{3, 2});") == "cell 3 2 x z");
  CHECK(run_ok("c = nchoosek(int8(10), 3); fprintf('%s %d', class(c), c);") == "int8 120");
  {
    auto r = run_matlab("c = nchoosek(60, 30); fprintf('%.6g', c);");
    CHECK(r.out == "1.18265e+17");
    CHECK(r.err.find("Result may not be exact.") != std::string::npos);
    CHECK(run_matlab("nchoosek(50, 3);").err.empty());
  }
  expect_error("nchoosek(3, 4)", "MATLAB:nchoosek:KOutOfRange");
  expect_error("nchoosek(5, 1.5)", "MATLAB:nchoosek:InvalidArg2");
  expect_error("nchoosek(-5, 2)", "MATLAB:nchoosek:InvalidArg1");

  CHECK(run_ok("fprintf('%g ', factorial([0 1 5 10]), factorial(171), factorial(NaN));") ==
        "1 1 120 3.6288e+06 Inf NaN ");
  CHECK(run_ok("f = factorial(int8(6)); fprintf('%s %d', class(f), f);") == "int8 127");
  CHECK(run_ok("fprintf('%.17g', factorial(23));") == "2.5852016738884978e+22");
  expect_error("factorial(-1)", "MATLAB:factorial:NNegativeInt");
  expect_error("factorial(2.5)", "MATLAB:factorial:NNegativeInt");
}

TEST_CASE("primes, isprime, gcd, lcm", "[builtins][integer_math]") {
  CHECK(run_ok("fprintf('%d ', primes(20));") == "2 3 5 7 11 13 17 19 ");
  CHECK(run_ok("p = primes(1); fprintf('%d %d ', size(p)); p = primes(int16(10)); "
               "fprintf('%s %d', class(p), numel(p));") == "1 0 int16 4");
  CHECK(run_ok("fprintf('%d ', isprime([0 1 2 3 4 97 561 7919]));") == "0 0 1 1 0 1 0 1 ");
  CHECK(run_ok("fprintf('%d%d', isprime(2^53 - 111), isprime(2^53 - 113));") == "10");
  CHECK(run_ok("fprintf('%s', class(isprime(uint8(7))));") == "logical");
  expect_error("isprime(-3)", "MATLAB:isprime:InputNotPosInt");
  expect_error("isprime(2.5)", "MATLAB:isprime:InputNotPosInt");
  expect_error("primes([1 2])", "MATLAB:primes:InputNotScalar");

  CHECK(run_ok("fprintf('%d ', gcd(12, 18), gcd([12 -15], 9), gcd(0, 0), gcd(0, -7));") ==
        "6 3 3 0 7 ");
  CHECK(run_ok("[g, u, v] = gcd([-5 17; 10 0], [-15 3; 100 0]); fprintf('%d ', g, u, v);") ==
        "5 10 1 0 -1 1 -1 0 0 0 6 0 ");
  CHECK(run_ok("fprintf('%d ', lcm(4, 6), lcm([4 5], [6; 10]), lcm(0, 5));") ==
        "12 12 20 30 10 0 ");
  CHECK(run_ok("g = gcd(int16(12), 8); fprintf('%s %d', class(g), g);") == "int16 4");
  expect_error("gcd(int8(4), int16(2))", "MATLAB:mixedClasses");
  expect_error("gcd(1.5, 3)", "MATLAB:gcd:NonIntInputs");
  expect_error("gcd([1 2], [1 2 3])", "MATLAB:sizeDimensionsMustMatch");
}

TEST_CASE("nextpow2, pow2, realmax, realmin", "[builtins][integer_math]") {
  CHECK(run_ok("fprintf('%g ', nextpow2([0 1 2 3 1024 1025 -5 0.3 Inf]));") ==
        "0 0 1 2 10 11 3 -1 Inf ");
  CHECK(run_ok("fprintf('%g ', pow2(3), pow2(-1), pow2([1 2], [3 4]));") == "8 0.5 8 32 ");
  CHECK(run_ok("fprintf('%.15g', pow2(0.5, 1024));") == "8.98846567431158e+307");
  CHECK(run_ok("fprintf('%.15g %.15g', realmax, realmin);") ==
        "1.79769313486232e+308 2.2250738585072e-308");
  CHECK(run_ok("a = realmax('single'); b = realmin('like', single(1)); "
               "fprintf('%s %.8g %s %.8g', class(a), a, class(b), b);") ==
        "single 3.4028235e+38 single 1.1754944e-38");
  CHECK(run_ok("fprintf('%d', realmax('double') == realmax);") == "1");
  expect_error("realmax('int8')", "MATLAB:realmax:invalidClassName");
}

TEST_CASE("rot90, sub2ind, ind2sub", "[builtins][index]") {
  CHECK(run_ok("fprintf('%g ', rot90([1 2; 3 4]), rot90([1 2; 3 4], 2), rot90([1 2; 3 4], -1));") ==
        "2 1 4 3 4 2 3 1 3 4 1 2 ");
  CHECK(run_ok("r = rot90([1 2 3]); fprintf('%d %d ', size(r)); fprintf('%g ', r);") ==
        "3 1 3 2 1 ");
  CHECK(run_ok("r = rot90(reshape(1:12, 2, 3, 2)); fprintf('%d ', size(r)); "
               "fprintf('%g ', r(:, :, 2));") == "3 2 2 11 9 7 12 10 8 ");
  CHECK(run_ok("r = rot90({1, 'a'}); fprintf('%s %d %d %s', class(r), size(r), r{1});") ==
        "cell 2 1 a");
  CHECK(run_ok("fprintf('%d', isequal(rot90(magic(4), 4), magic(4)));") == "1");
  CHECK(run_ok("s = struct('a', {1, 2, 3}); r = rot90(s); fprintf('%d %d %d', size(r), r(1).a);") ==
        "3 1 3");
  CHECK(run_ok("z = rot90([1+2i 3]); fprintf('%g %g ', real(z), imag(z));") == "3 1 0 2 ");
  expect_error("rot90([1 2], 1.5)", "MATLAB:rot90:kNonInteger");

  CHECK(run_ok("fprintf('%d ', sub2ind([3 4], 2, 3), sub2ind([3 4 2], [1 3], [1 4], [2 2]), "
               "sub2ind([2 3 4], 2, 5));") == "8 13 24 10 ");
  CHECK(run_ok("i = sub2ind([3 4], [1 2; 3 1], [1 1; 2 4]); fprintf('%d ', size(i), i);") ==
        "2 2 1 6 2 10 ");
  expect_error("sub2ind([3 4], 4, 1)", "MATLAB:sub2ind:IndexOutOfRange");
  expect_error("sub2ind([3 4], 0, 1)", "MATLAB:sub2ind:IndexOutOfRange");
  expect_error("sub2ind([3 4], [1 2], 1)", "MATLAB:sub2ind:SubscriptVectorSize");

  CHECK(run_ok("[r, c] = ind2sub([3 4], 8); fprintf('%d %d ', r, c); "
               "[r, c, p] = ind2sub([2 3 4], [5 24]); fprintf('%d ', r, c, p);") ==
        "2 3 1 2 3 3 1 4 ");
  CHECK(run_ok("[r, c] = ind2sub([2 3 4], 24); fprintf('%d %d ', r, c); "
               "[a, b, c] = ind2sub([3 4], 7); fprintf('%d %d %d', a, b, c);") == "2 12 1 3 1");
  CHECK(run_ok("i = ind2sub([3 4], [5 6]); fprintf('%d ', i);") == "5 6 ");
  expect_error("[r, c] = ind2sub([3 4], 13)", "MATLAB:ind2sub:IndexOutOfRange");
  expect_error("[r, c] = ind2sub([3 4], 0)", "MATLAB:ind2sub:IndexOutOfRange");
}

TEST_CASE("logspace, ndgrid, blkdiag", "[builtins][index]") {
  CHECK(run_ok("fprintf('%g ', logspace(0, 2, 3));") == "1 10 100 ");
  CHECK(run_ok("y = logspace(0, pi, 3); fprintf('%.15g ', y);") ==
        "1 1.77245385090552 3.14159265358979 ");
  CHECK(run_ok("y = logspace(1, 2); fprintf('%d %d %g %g', size(y), y(1), y(end));") ==
        "1 50 10 100");
  CHECK(run_ok("y = logspace(1, 2, 1); fprintf('%g %d', y, numel(logspace(1, 2, 0)));") == "100 0");
  CHECK(run_ok("fprintf('%s', class(logspace(single(0), 1, 3)));") == "single");

  CHECK(run_ok("[X, Y] = ndgrid(1:2, 1:3); fprintf('%d ', size(X), X, Y);") ==
        "2 3 1 2 1 2 1 2 1 1 2 2 3 3 ");
  CHECK(run_ok("[A, B] = ndgrid([5 6]); fprintf('%d ', A, B);") == "5 6 5 6 5 5 6 6 ");
  CHECK(run_ok("x = ndgrid(1:3); fprintf('%d %d', size(x));") == "3 1");
  CHECK(run_ok("[a, b, c] = ndgrid(1:2, 1:3, int8(1:4)); fprintf('%d ', size(c)); "
               "fprintf('%s %d', class(c), c(2, 3, 4));") == "2 3 4 int8 4");

  CHECK(run_ok("b = blkdiag([1 2], 3); fprintf('%d ', size(b), b);") == "2 3 1 0 2 0 0 3 ");
  CHECK(run_ok("b = blkdiag(int8(1), 2.5); fprintf('%s ', class(b)); fprintf('%d ', b);") ==
        "int8 1 0 0 3 ");
  CHECK(run_ok("b = blkdiag(); fprintf('%d %d', size(b));") == "0 0");
  CHECK(run_ok("b = blkdiag(eye(2), zeros(0, 1), 5); fprintf('%d %d', size(b));") == "3 4");
}

TEST_CASE("eps of values and classes", "[builtins][special]") {
  CHECK(run_ok("fprintf('%g %g %g %g ', eps, eps(1), eps(1000), eps(single(1)));") ==
        "2.22045e-16 2.22045e-16 1.13687e-13 1.19209e-07 ");
  CHECK(run_ok("e = eps([0 Inf NaN -1]); fprintf('%g %g %g %g %s', e, class(eps(single(2))));") ==
        "4.94066e-324 NaN NaN 2.22045e-16 single");
  expect_error("eps(int8(1))", "MATLAB:eps:invalidInput");
}
