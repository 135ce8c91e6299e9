// Complex numbers: literals, arithmetic, narrowing of results to real, functions whose real
// inputs give complex results, indexing/assignment/concatenation, display.
#include <catch2/catch.hpp>

#include "runtime_fixture.hpp"

using runmat::testing::run_matlab;

namespace {
std::string out_of(const std::string& src) {
  auto r = run_matlab(src);
  INFO(r.result.error_report);
  REQUIRE(r.result.ok);
  return r.out;
}
}  // namespace

TEST_CASE("complex literals and arithmetic", "[complex]") {
  CHECK(out_of("z = 3 + 4i; w = conj(z);\n"
               "fprintf('%g %g %g %g %g\\n', real(z), imag(z), abs(z), real(w), imag(w));\n"
               "p = z * w; fprintf('%g %g %d\\n', real(p), imag(p), isreal(p));\n"
               "q = z / (1 - 2j); fprintf('%g %g\\n', real(q), imag(q));\n"
               "fprintf('%g %g\\n', real(1i^2), imag(1i^2));\n"
               "fprintf('%d %d\\n', isreal(complex(1, 0)), isreal(5));\n"
               "fprintf('%d %d\\n', (1+2i) == (1+2i), (1+2i) ~= 1);\n"
               "fprintf('%d\\n', (3+100i) < 4);\n") ==
        "3 4 5 3 -4\n25 0 1\n-1 2\n-1 0\n0 1\n1 1\n1\n");
}

TEST_CASE("real inputs whose results are complex", "[complex]") {
  CHECK(out_of("q = sqrt(-4); fprintf('%g %g\\n', real(q), imag(q));\n"
               "r = (-8)^(1/3); fprintf('%.6f %.6f\\n', real(r), imag(r));\n"
               "l = log(-1); fprintf('%.6f %.6f\\n', real(l), imag(l));\n"
               "s = sqrt([4 -9]); fprintf('%g %g %g %g\\n', real(s), imag(s));\n"
               "fprintf('%d %g\\n', isreal(sqrt(4)), sqrt(4));\n"
               "fprintf('%.6f\\n', angle(1i));\n"
               "a = asin(2); c = acos(2); d = acos(-2);\n"
               "fprintf('%.4f %.4f %.4f %.4f %.4f %.4f\\n', real(a), imag(a), real(c), imag(c), "
               "real(d), imag(d));\n") ==
        "0 2\n1.000000 1.732051\n0.000000 3.141593\n2 0 0 3\n1 2\n1.570796\n"
        "1.5708 -1.3170 0.0000 1.3170 3.1416 -1.3170\n");
}

TEST_CASE("complex arrays: transpose, indexing, assignment, concatenation", "[complex]") {
  CHECK(
      out_of("c = [1+2i, 3-1i];\n"
             "fprintf('%g ', imag(c')); fprintf('| '); fprintf('%g ', imag(c.')); "
             "fprintf('\\n');\n"
             "d = c(2); fprintf('%g %g\\n', real(d), imag(d));\n"
             "x = [1 2 3]; x(2) = 5i; fprintf('%d %g %g\\n', isreal(x), imag(x(2)), real(x(3)));\n"
             "y = [c, 7]; fprintf('%d %g\\n', numel(y), real(y(3)));\n"
             "c(1) = []; fprintf('%d\\n', numel(c));\n"
             "m = [1 1i] * [1; 1i]; fprintf('%g %g\\n', real(m), imag(m));\n") ==
      "-2 1 | 2 -1 \n3 -1\n0 5 3\n3 7\n1\n0 0\n");
}

TEST_CASE("complex display", "[complex][display]") {
  CHECK(out_of("z = 3 + 4i") == "z =\n\n   3.0000 + 4.0000i\n\n");
  CHECK(out_of("c = [1+2i, 3-1i]") == "c =\n\n   1.0000 + 2.0000i   3.0000 - 1.0000i\n\n");
}

TEST_CASE("reductions of complex arrays; printf prints real parts", "[complex]") {
  // Large enough (>= the lazy threshold) to have crashed when reductions tried to defer.
  CHECK(out_of("z = complex(1:5000, 1); s = sum(z); fprintf('%.1f %.1f\\n', real(s), imag(s));\n"
               "m = mean(z); fprintf('%.2f %.2f\\n', real(m), imag(m));\n"
               "p = prod([1i 2i]); fprintf('%d %g\\n', isreal(p), p);\n"
               "c = sum([1+1i 2; 3 4-1i]); fprintf('%g %g | ', real(c), imag(c)); fprintf('\\n');\n"
               "r = sum([1+1i; 2-1i]); fprintf('%d %g\\n', isreal(r), r);\n"
               "fprintf('%g %g\\n', max([1+1i, -3, 2i]), min([1+1i, -3, 2i, NaN]));\n"
               "fprintf('%d %d %d\\n', any([0 1i]), all([1 0i]), all([1i 2]));\n"
               "fprintf('%g\\n', 3+4i);\n"
               "s1 = sum(single([1+2i 3])); fprintf('%s %g\\n', class(s1), imag(s1));\n") ==
        "12502500.0 5000.0\n2500.50 1.00\n1 -2\n4 6 | 1 -1 | \n1 3\n-3 1\n1 0 1\n3\nsingle 2\n");
}
