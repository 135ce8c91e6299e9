// Language + VM basics through Runtime::run_source.
#include <catch2/catch.hpp>

#include "runtime_fixture.hpp"

using runmat::testing::run_matlab;

TEST_CASE("scalar arithmetic, precedence and display", "[vm]") {
  auto r = run_matlab("x = 1 + 2 * 3\ny = -2^2;\nfprintf('%d %g\\n', y, 2^-1);");
  REQUIRE(r.result.ok);
  CHECK(r.out == "x =\n\n     7\n\n-4 0.5\n");
}

TEST_CASE("for, while, if and break", "[vm]") {
  auto r = run_matlab(
      "s = 0;\nfor i = 1:10\n  if mod(i, 2) == 0\n    continue;\n  end\n  s = s + i;\nend\n"
      "k = 0;\nwhile true\n  k = k + 1;\n  if k >= 5, break; end\nend\n"
      "fprintf('%d %d\\n', s, k);");
  REQUIRE(r.result.ok);
  CHECK(r.out == "25 5\n");
}

TEST_CASE("for iterates over matrix columns", "[vm]") {
  auto r = run_matlab("for c = [1 2; 3 4]\n  fprintf('%d,', c);\nend\nfprintf('\\n');");
  REQUIRE(r.result.ok);
  CHECK(r.out == "1,3,2,4,\n");
}

TEST_CASE("indexing, end, growth and matrices", "[vm]") {
  auto r = run_matlab(
      "A = [1 2 3; 4 5 6];\nfprintf('%d ', A(2, :), A(end), A(1, end-1));\n"
      "v = [];\nv(3) = 7;\nfprintf('| %d', v);\nfprintf('| %d %d\\n', size(A'));");
  REQUIRE(r.result.ok);
  CHECK(r.out == "4 5 6 6 2 | 0| 0| 7| 3 2\n");
}

TEST_CASE("short-circuit operators", "[vm]") {
  auto r = run_matlab(
      "a = 0;\nif a ~= 0 && 1/a > 1\n disp(1)\nelse\n disp(2)\nend\nb = (1 || "
      "error('x'));\ndisp(b)");
  REQUIRE(r.result.ok);
  CHECK(r.out == "     2\n   1\n");
}

TEST_CASE("local functions with multiple outputs and recursion", "[vm]") {
  auto r = run_matlab(
      "[a, b] = twice(21);\nfprintf('%d %d %d\\n', a, b, fact(5));\n"
      "function [y, z] = twice(x)\n  y = 2*x;\n  z = x;\nend\n"
      "function r = fact(n)\n  if n <= 1\n    r = 1;\n  else\n    r = n * fact(n-1);\n  "
      "end\nend\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "42 21 120\n");
}

TEST_CASE("MATLAB errors carry identifiers and lines", "[vm][errors]") {
  auto r = run_matlab("x = 1;\ny = x + undefined_name;");
  REQUIRE_FALSE(r.result.ok);
  CHECK(r.result.error_identifier == "MATLAB:UndefinedFunction");
  CHECK(r.result.error_report.find("Unrecognized function or variable 'undefined_name'.") !=
        std::string::npos);
  CHECK(r.result.error_report.find("(line 2)") != std::string::npos);

  auto s = run_matlab("a = [1 2 3];\nb = [1 2];\nc = a + b;");
  REQUIRE_FALSE(s.result.ok);
  CHECK(s.result.error_identifier == "MATLAB:sizeDimensionsMustMatch");
  CHECK(s.result.error_report.find("Arrays have incompatible sizes for this operation.") !=
        std::string::npos);

  auto t = run_matlab("a = ones(2,3) * ones(2,3);");
  CHECK(t.result.error_identifier == "MATLAB:innerdim");

  auto u = run_matlab("a = [1 2 3];\nb = a(4);");
  CHECK(u.result.error_identifier == "MATLAB:badsubscript");
  CHECK(u.result.error_report.find(
            "Index exceeds the number of array elements. Index must not exceed 3.") !=
        std::string::npos);

  auto w = run_matlab("x = zeros(2, 'int99');");
  CHECK_FALSE(w.result.ok);
  CHECK(w.result.error_report.find("Error using zeros") != std::string::npos);
}

TEST_CASE("parse errors are located, never crashes", "[vm][errors]") {
  auto r = run_matlab("x = 1;\ny = (2 + ;\n");
  REQUIRE_FALSE(r.result.ok);
  CHECK(r.result.error_report.find("Line: 2") != std::string::npos);
}

TEST_CASE("rand reproduces MATLAB's default twister stream", "[vm][rng]") {
  auto r = run_matlab(
      "rng(0); fprintf('%.16f\\n', rand);\nrng(42); x = rand(2,3); fprintf('%.4f ', x);");
  REQUIRE(r.result.ok);
  CHECK(r.out == "0.8147236863931789\n0.3745 0.9507 0.7320 0.5987 0.1560 0.1560 ");
}

TEST_CASE("class rules: single stays single, logical arithmetic is double", "[vm]") {
  auto r = run_matlab(
      "a = single(2) * 3; b = true + true; c = [1 2] > 1;\n"
      "fprintf('%s %s %s %g\\n', class(a), class(b), class(c), b);");
  REQUIRE(r.result.ok);
  CHECK(r.out == "single double logical 2\n");
}

TEST_CASE("absurd sizes are MATLAB errors, not crashes", "[vm][errors]") {
  for (const char* src : {"x = zeros(Inf);", "x = ones(1e19, 1);", "x = zeros(1e10, 1e10);"}) {
    auto r = run_matlab(src);
    CHECK_FALSE(r.result.ok);
    CHECK(r.result.error_identifier == "MATLAB:array:SizeLimitExceeded");
  }
}

TEST_CASE("bad dimension arguments are MATLAB errors for every builtin", "[vm][errors]") {
  for (const char* src : {"s = sum([1 2], 0);", "s = sum([1 2], NaN);", "s = size([1 2], 1.5);",
                          "s = mean([1 2], -1);", "s = cumsum([1 2], 0);"}) {
    auto r = run_matlab(src);
    CHECK_FALSE(r.result.ok);
    CHECK(r.result.error_identifier == "MATLAB:getdimarg:dimensionMustBePositiveInteger");
  }
}
