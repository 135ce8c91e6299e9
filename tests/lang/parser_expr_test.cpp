// Expression parsing: precedence, postfix chains, matrices and the whitespace rules.
#include <catch2/catch.hpp>

#include "sexpr.hpp"

using runmat::lang::test::E;
using runmat::lang::test::P;

TEST_CASE("expr: literals", "[parser]") {
  CHECK(E("1") == "1");
  CHECK(E("3i") == "3i");
  CHECK(E("0xFFs8") == "-1s8");
  CHECK(E("0b101") == "5u8");
  CHECK(E("'it''s'") == "'it's'");
  CHECK(E("\"a\"\"b\"") == "\"a\"b\"");
  CHECK(E("x") == "x");
}

TEST_CASE("expr: precedence", "[parser]") {
  CHECK(E("1 + 2 * 3") == "(+ 1 (* 2 3))");
  CHECK(E("1 - 2 - 3") == "(- (- 1 2) 3)");
  CHECK(E("-2^2") == "(neg (^ 2 2))");
  CHECK(E("2^-1") == "(^ 2 (neg 1))");
  CHECK(E("2^3^2") == "(^ (^ 2 3) 2)");
  CHECK(E("2^-2^2") == "(^ (^ 2 (neg 2)) 2)");
  CHECK(E("a.^b'") == "(' (.^ a b))");
  CHECK(E("a'^2") == "(^ (' a) 2)");
  CHECK(E("-a'") == "(neg (' a))");
  CHECK(E("~a == b") == "(== (not a) b)");
  CHECK(E("a | b & c") == "(| a (& b c))");
  CHECK(E("a || b && c") == "(|| a (&& b c))");
  CHECK(E("a < b | c") == "(| (< a b) c)");
  CHECK(E("a == b < c") == "(< (== a b) c)");
  CHECK(E("1:n+1") == "(: 1 (+ n 1))");
  CHECK(E("a:b:c") == "(: a b c)");
  CHECK(E("0:0.1:2*pi") == "(: 0 0.10000000000000001 (* 2 pi))");
  CHECK(E("1:3 == 1:3") == "(== (: 1 3) (: 1 3))");
  CHECK(E("a .* b ./ c .\\ d") == "(.\\ (./ (.* a b) c) d)");
  CHECK(E("a \\ b / c") == "(/ (\\ a b) c)");
  CHECK(E("a ~= b") == "(~= a b)");
  CHECK(E("x >= 1 && x <= 2") == "(&& (>= x 1) (<= x 2))");
  CHECK(E("(1 + 2) * 3") == "(* (+ 1 2) 3)");
  CHECK(E("- - 1") == "(neg (neg 1))");
  CHECK(E("+a") == "(uplus a)");
  CHECK(E("~~a") == "(not (not a))");
  CHECK(E("a.'") == "(.' a)");
  CHECK(E("a''") == "(' (' a))");
}

TEST_CASE("expr: postfix chains", "[parser]") {
  CHECK(E("x(1)") == "(() x 1)");
  CHECK(E("x(1, 2)") == "(() x 1 2)");
  CHECK(E("f()") == "(() f)");
  CHECK(E("x(:)") == "(() x :)");
  CHECK(E("x(:, 1)") == "(() x : 1)");
  CHECK(E("x(end)") == "(() x end)");
  CHECK(E("x(end-1, :)") == "(() x (- end 1) :)");
  CHECK(E("x([1 end])") == "(() x [1 end])");
  CHECK(E("c{2}") == "({} c 2)");
  CHECK(E("c{end}(3)") == "(() ({} c end) 3)");
  CHECK(E("s.name") == "(. s name)");
  CHECK(E("s.a.b") == "(. (. s a) b)");
  CHECK(E("s.(n)") == "(.() s n)");
  CHECK(E("s.(\"a\" + 1)") == "(.() s (+ \"a\" 1))");
  CHECK(E("f(1)(2)") == "(() (() f 1) 2)");
  CHECK(E("s.a{2}(3).b") == "(. (() ({} (. s a) 2) 3) b)");
  CHECK(E("x(1:end)") == "(() x (: 1 end))");
  CHECK(E("x(a(end))") == "(() x (() a end))");
  CHECK(E("f(1, ...\n2)") == "(() f 1 2)");
  CHECK(E("plot(x, LineWidth=2)") == "(() plot x \"LineWidth\" 2)");
  CHECK(E("s.end") == "(. s end)");
  CHECK(E("x(1)'") == "(' (() x 1))");
  CHECK(E("x(-1)") == "(() x (neg 1))");
  CHECK(E("f(a -1)") == "(() f (- a 1))");
}

TEST_CASE("expr: handles and anonymous functions", "[parser]") {
  CHECK(E("@sin") == "@sin");
  CHECK(E("@pkg.fn") == "@pkg.fn");
  CHECK(E("@(x) x.^2") == "(@ (x) (.^ x 2))");
  CHECK(E("@(x, y) x + y") == "(@ (x y) (+ x y))");
  CHECK(E("@() 42") == "(@ () 42)");
  CHECK(E("@(~) 1") == "(@ (~) 1)");
  CHECK(E("cellfun(@(c) c*2, x)") == "(() cellfun (@ (c) (* c 2)) x)");
  CHECK(E("{@(x) x + 1, @cos}") == "{(@ (x) (+ x 1)) @cos}");
  CHECK(E("@(x) @(y) x + y") == "(@ (x) (@ (y) (+ x y)))");
}

TEST_CASE("expr: matrices and whitespace", "[parser]") {
  CHECK(E("[]") == "[]");
  CHECK(E("{}") == "{}");
  CHECK(E("[1 2 3]") == "[1 2 3]");
  CHECK(E("[1, 2, 3]") == "[1 2 3]");
  CHECK(E("[1 -2]") == "[1 (neg 2)]");
  CHECK(E("[1 - 2]") == "[(- 1 2)]");
  CHECK(E("[1-2]") == "[(- 1 2)]");
  CHECK(E("[1 -2 + 3]") == "[1 (+ (neg 2) 3)]");
  CHECK(E("[1 +2]") == "[1 (uplus 2)]");
  CHECK(E("[a -b]") == "[a (neg b)]");
  CHECK(E("[a - b]") == "[(- a b)]");
  CHECK(E("[a- b]") == "[(- a b)]");
  CHECK(E("[a (1)]") == "[a 1]");
  CHECK(E("[a(1)]") == "[(() a 1)]");
  CHECK(E("[a {1}]") == "[a {1}]");
  CHECK(E("[a' b']") == "[(' a) (' b)]");
  CHECK(E("[a 'str']") == "[a 'str']");
  CHECK(E("[a' 'str']") == "[(' a) 'str']");
  CHECK(E("[1, 2\n 3]") == "[1 2; 3]");
  CHECK(E("[1 2; 3 4]") == "[1 2; 3 4]");
  CHECK(E("[1 2;\n 3 4;]") == "[1 2; 3 4]");
  CHECK(E("[1, 2,]") == "[1 2]");
  CHECK(E("[\n1 2\n\n3 4\n]") == "[1 2; 3 4]");
  CHECK(E("[1 2 % first row\n 3 4 % second\n]") == "[1 2; 3 4]");
  CHECK(E("[1 ...\n 2]") == "[1 2]");
  CHECK(E("[[1 2] [3]]") == "[[1 2] [3]]");
  CHECK(E("[(1 -2)]") == "[(- 1 2)]");
  CHECK(E("[f(1 -2)]") == "[(() f (- 1 2))]");
  CHECK(E("[x(1) -x(2)]") == "[(() x 1) (neg (() x 2))]");
  CHECK(E("[1 : 3]") == "[(: 1 3)]");
  CHECK(E("[a.b c]") == "[(. a b) c]");
  CHECK(E("[~a b]") == "[(not a) b]");
  CHECK(E("[a ~b]") == "[a (not b)]");
  CHECK(E("[a ~= b]") == "[(~= a b)]");
  CHECK(E("[1 2]'") == "(' [1 2])");
  CHECK(E("[1 2] * 3") == "(* [1 2] 3)");
  CHECK(E("{1, 'a'; \"s\", {2}}") == "{1 'a'; \"s\" {2}}");
  CHECK(E("{1 -1}") == "{1 (neg 1)}");
  CHECK(E("[a' ; b']") == "[(' a); (' b)]");
  CHECK(E("[1e3 .5]") == "[1000 0.5]");
  CHECK(E("[a(1) (2)]") == "[(() a 1) 2]");
  CHECK(E("[@sin @cos]") == "[@sin @cos]");
  CHECK(E("[x.' y.']") == "[(.' x) (.' y)]");
  CHECK(E("[1 2]\n") == "[1 2]");
}
