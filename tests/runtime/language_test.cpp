// Language features of the compiler and VM: switch, global/persistent, `end` in nested and
// assignment indices, deletion with `= []`, conditions (arrays, short-circuit & and |), matrix
// power and right division.
#include <catch2/catch.hpp>
#include <sstream>

#include "runmat/lang/compiler.hpp"
#include "runmat/lang/parser.hpp"
#include "runtime_fixture.hpp"

using runmat::testing::run_matlab;

namespace {

bool reports(const runmat::testing::RunCapture& r, const std::string& text) {
  return r.result.error_report.find(text) != std::string::npos;
}

}  // namespace

// ------------------------------------------------------------------ switch

TEST_CASE("switch on numbers: first match, cell cases, otherwise, no fallthrough",
          "[lang][switch]") {
  auto r = run_matlab(
      "for v = [1 2 3 7 -1]\n"
      "  switch v\n"
      "    case 1\n"
      "      fprintf('one\\n');\n"
      "    case {2, 3}\n"
      "      fprintf('two or three\\n');\n"
      "    case 3\n"
      "      fprintf('never: {2,3} matched first\\n');\n"
      "    case -1\n"
      "      fprintf('minus one\\n');\n"
      "    otherwise\n"
      "      fprintf('other %d\\n', v);\n"
      "  end\n"
      "end\n"
      "switch 5\n"
      "  case 4\n"
      "    fprintf('four\\n');\n"
      "end\n"
      "fprintf('done\\n');\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "one\ntwo or three\ntwo or three\nother 7\nminus one\ndone\n");
}

TEST_CASE("switch on text uses strcmp; a number never matches a char", "[lang][switch]") {
  auto r = run_matlab(
      "words = ['apple'; 'kiwis'; 'plums'];\n"
      "for k = 1:3\n"
      "  switch words(k, :)\n"
      "    case 'apple'\n"
      "      fprintf('A\\n');\n"
      "    case {'kiwi', 'kiwis', 'plums'}\n"
      "      fprintf('KP\\n');\n"
      "  end\n"
      "end\n"
      "switch 'appl'\n"
      "  case 'apple'\n"
      "    fprintf('prefix matched\\n');\n"
      "  otherwise\n"
      "    fprintf('no prefix match\\n');\n"
      "end\n"
      "switch 97\n"
      "  case 'a'\n"
      "    fprintf('bad\\n');\n"
      "  case 97\n"
      "    fprintf('97\\n');\n"
      "end\n"
      "switch 'a'\n"
      "  case 97\n"
      "    fprintf('bad\\n');\n"
      "  otherwise\n"
      "    fprintf('char a\\n');\n"
      "end\n"
      "switch ''\n"
      "  case 'x'\n"
      "    fprintf('bad\\n');\n"
      "  case ''\n"
      "    fprintf('empty text\\n');\n"
      "end\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "A\nKP\nKP\nno prefix match\n97\nchar a\nempty text\n");
}

TEST_CASE("switch: logical subjects, non-scalar case values, empty cell case", "[lang][switch]") {
  auto r = run_matlab(
      "switch 2 > 1\n"
      "  case 0\n"
      "    fprintf('bad\\n');\n"
      "  case 1\n"
      "    fprintf('true is 1\\n');\n"
      "end\n"
      "switch 2\n"
      "  case [1 2 3]\n"
      "    fprintf('bad: a vector case value is not a set\\n');\n"
      "  case {}\n"
      "    fprintf('bad: empty cell\\n');\n"
      "  case NaN\n"
      "    fprintf('bad: NaN\\n');\n"
      "  otherwise\n"
      "    fprintf('otherwise\\n');\n"
      "end\n"
      "switch single(3)\n"
      "  case 3\n"
      "    fprintf('single 3\\n');\n"
      "end\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "true is 1\notherwise\nsingle 3\n");
}

TEST_CASE("switch: break and continue act on the enclosing loop; nesting", "[lang][switch]") {
  auto r = run_matlab(
      "for k = 1:6\n"
      "  switch mod(k, 3)\n"
      "    case 0\n"
      "      continue;\n"
      "    case 1\n"
      "      switch k\n"
      "        case 4\n"
      "          break;\n"
      "        otherwise\n"
      "          fprintf('inner %d ', k);\n"
      "      end\n"
      "  end\n"
      "  fprintf('k=%d ', k);\n"
      "end\n"
      "fprintf('\\n');\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "inner 1 k=1 k=2 \n");
}

TEST_CASE("switch inside functions and many iterations", "[lang][switch]") {
  auto r = run_matlab(
      "n = 0;\n"
      "for i = 1:1000\n"
      "  n = n + classify(mod(i, 4));\n"
      "end\n"
      "fprintf('%d\\n', n);\n"
      "function y = classify(x)\n"
      "  switch x\n"
      "    case {0, 2}\n"
      "      y = 1;\n"
      "    case 1\n"
      "      y = 10;\n"
      "    otherwise\n"
      "      y = 100;\n"
      "  end\n"
      "end\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "28000\n");
}

TEST_CASE("switch errors: non-scalar subject, with its line", "[lang][switch][errors]") {
  auto r = run_matlab("x = 1;\nswitch [1 2]\n  case 1\n    x = 2;\nend\n");
  REQUIRE_FALSE(r.result.ok);
  CHECK(reports(r, "SWITCH expression must be a scalar or a character vector."));
  CHECK(reports(r, "(line 2)"));

  auto m = run_matlab("switch ['ab'; 'cd']\n  otherwise\nend\n");
  CHECK_FALSE(m.result.ok);
  CHECK(reports(m, "SWITCH expression must be a scalar or a character vector."));

  auto e = run_matlab("switch zeros(0, 0)\n  case 1\nend\n");
  CHECK_FALSE(e.result.ok);

  // An error in a case value names that case's line.
  auto c =
      run_matlab("switch 1\n  case 2\n    disp(1)\n  case undefined_thing\n    disp(2)\nend\n");
  REQUIRE_FALSE(c.result.ok);
  CHECK(c.result.error_identifier == "MATLAB:UndefinedFunction");
  CHECK(reports(c, "(line 4)"));
}

TEST_CASE("switch disassembles to the documented ops", "[lang][switch]") {
  auto parsed = runmat::lang::parse_program(
      "switch x\n case {1, 2}\n  y = 1;\n otherwise\n  y = 2;\nend\n", "t.m");
  REQUIRE(parsed.ok);
  auto m = runmat::lang::compile_program(parsed.program);
  REQUIRE(m.ok());
  const std::string text = runmat::lang::disassemble(m->script);
  CHECK(text.find("SWITCH_SUBJECT") != std::string::npos);
  std::size_t jumps = 0;
  for (std::size_t at = text.find("CASE_JUMP"); at != std::string::npos;
       at = text.find("CASE_JUMP", at + 1))
    ++jumps;
  CHECK(jumps == 2);
}

// ------------------------------------------------------------------ global / persistent

TEST_CASE("global variables are shared by the script and functions", "[lang][global]") {
  auto r = run_matlab(
      "global G\n"
      "fprintf('%d %d\\n', size(G));\n"
      "G = 5;\n"
      "show();\n"
      "bump();\n"
      "bump();\n"
      "fprintf('script sees %d\\n', G);\n"
      "G(3) = 1;\n"
      "show();\n"
      "fprintf('%d\\n', get_g());\n"
      "function show()\n"
      "  global G\n"
      "  fprintf('G=%s\\n', sprintf('%g ', G));\n"
      "end\n"
      "function bump()\n"
      "  global G\n"
      "  G = G + 1;\n"
      "end\n"
      "function g = get_g()\n"
      "  global G\n"
      "  g = numel(G);\n"
      "end\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "0 0\nG=5 \nscript sees 7\nG=7 0 1 \n3\n");
}

TEST_CASE("global: a function sees a global no script declared; nested calls", "[lang][global]") {
  auto r = run_matlab(
      "set_it(3);\n"
      "fprintf('%d\\n', read_it());\n"
      "x = 1;\n"
      "fprintf('local x unchanged: %d\\n', x);\n"
      "global x\n"
      "fprintf('now x is the global: %d\\n', x);\n"
      "function set_it(v)\n"
      "  global x\n"
      "  x = v;\n"
      "  inner();\n"
      "  fprintf('after inner: %d\\n', x);\n"
      "end\n"
      "function inner()\n"
      "  global x\n"
      "  x = x * 10;\n"
      "end\n"
      "function y = read_it()\n"
      "  global x\n"
      "  y = x;\n"
      "end\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "after inner: 30\n30\nlocal x unchanged: 1\nnow x is the global: 30\n");
}

TEST_CASE("a global output argument returns its value and keeps it", "[lang][global]") {
  auto r = run_matlab(
      "a = give();\n"
      "b = give();\n"
      "fprintf('%d %d\\n', a, b);\n"
      "function g = give()\n"
      "  global g\n"
      "  if numel(g) == 0\n"
      "    g = 0;\n"
      "  end\n"
      "  g = g + 1;\n"
      "end\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "1 2\n");
}

TEST_CASE("globals persist across runs in one Runtime, not across Runtimes", "[lang][global]") {
  std::ostringstream out, err;
  auto o = runmat::testing::test_options();
  o.out = &out;
  o.err = &err;
  {
    runmat::runtime::Runtime rt(o);
    REQUIRE(rt.run_source("global counter\ncounter = 41;\n", "a.m").ok);
    REQUIRE(rt.run_source("global counter\nfprintf('%d\\n', counter + 1);\n", "b.m").ok);
  }
  {
    runmat::runtime::Runtime rt(o);
    REQUIRE(rt.run_source("global counter\nfprintf('%d\\n', numel(counter));\n", "b.m").ok);
  }
  CHECK(out.str() == "42\n0\n");
}

TEST_CASE("persistent variables: [] at first, kept across calls, per function",
          "[lang][persistent]") {
  auto r = run_matlab(
      "for k = 1:3\n"
      "  counter();\n"
      "end\n"
      "fprintf('%d\\n', counter());\n"
      "fprintf('%d\\n', other());\n"
      "fprintf('%d\\n', other());\n"
      "fprintf('%d\\n', counter());\n"
      "function n = counter()\n"
      "  persistent count\n"
      "  if numel(count) == 0\n"
      "    count = 0;\n"
      "  end\n"
      "  count = count + 1;\n"
      "  n = count;\n"
      "end\n"
      "function n = other()\n"
      "  persistent count\n"
      "  fprintf('size %d %d, ', size(count));\n"
      "  count = [count 1];\n"
      "  n = sum(count);\n"
      "end\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "4\nsize 0 0, 1\nsize 1 1, 2\n5\n");
}

TEST_CASE("persistent in a recursive function is one variable", "[lang][persistent]") {
  auto r = run_matlab(
      "fprintf('%d\\n', depth(5));\n"
      "fprintf('%d\\n', depth(2));\n"
      "function n = depth(k)\n"
      "  persistent calls\n"
      "  if numel(calls) == 0, calls = 0; end\n"
      "  calls = calls + 1;\n"
      "  if k > 0\n"
      "    depth(k - 1);\n"
      "  end\n"
      "  n = calls;\n"
      "end\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "6\n9\n");
}

TEST_CASE("persistent declarations that MATLAB rejects", "[lang][persistent][errors]") {
  auto s = run_matlab("persistent p\np = 1;\n");
  REQUIRE_FALSE(s.result.ok);
  CHECK(reports(s, "PERSISTENT"));
  CHECK(reports(s, "Line 1"));

  auto a = run_matlab("f(1);\nfunction f(x)\n  persistent x\nend\n");
  REQUIRE_FALSE(a.result.ok);
  CHECK(reports(a, "Line 3"));

  auto g = run_matlab("f(1);\nfunction f(x)\n  global x\nend\n");
  REQUIRE_FALSE(g.result.ok);
  CHECK(reports(g, "GLOBAL"));
}

// ------------------------------------------------------------------ end

TEST_CASE("end in nested and assignment indices", "[lang][end]") {
  auto r = run_matlab(
      "a = [5 6 7 8];\n"
      "b = [1 2 3];\n"
      "fprintf('%d ', a(b(end)), a(end - b(end) + 1));\n"
      "fprintf('| %d', a(end-1:end));\n"
      "fprintf('\\n');\n"
      "z = [];\n"
      "for k = 1:4\n"
      "  z(end+1) = k^2;\n"
      "end\n"
      "fprintf('%g ', z); fprintf('%d %d\\n', size(z));\n"
      "c = zeros(0, 3);\n"
      "c(end+1, :) = [1 2 3];\n"
      "c(end+1, :) = [4 5 6];\n"
      "fprintf('%d %d %d\\n', size(c), c(end, end));\n"
      "A = [1 2 3; 4 5 6];\n"
      "A(end, end) = 60;\n"
      "A(end+1, 1) = 7;\n"
      "fprintf('%g ', A); fprintf('\\n');\n"
      "v = (1:3)';\n"
      "v(end+1) = 4;\n"
      "fprintf('%d %d\\n', size(v));\n"
      "m = [1 2; 3 4];\n"
      "fprintf('%d\\n', m(end, [end 1]));\n"
      "fprintf('%d\\n', a(min(end, 10)));\n");
  REQUIRE(r.result.ok);
  CHECK(r.out ==
        "7 6 | 7| 8\n"
        "1 4 9 16 1 4\n"
        "2 3 6\n"
        "1 4 7 2 5 0 3 60 0 \n"
        "4 1\n"
        "4\n3\n"
        "8\n");
}

TEST_CASE("end binds to a computed base (chained index)", "[lang][end]") {
  // Not valid MATLAB, but the parser accepts it: end refers to the value being indexed.
  auto r = run_matlab(
      "a = [1 2 3 4];\n"
      "fprintf('%d\\n', a(2:3)(end));\n"
      "fprintf('%d ', a([4 3 2])(end-1:end)); fprintf('\\n');\n"
      "fprintf('%d\\n', a(2:4)(a(2:3)(end)));\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "3\n3 2 \n4\n");
}

TEST_CASE("end with an undefined variable is MATLAB's undefined error", "[lang][end][errors]") {
  auto r = run_matlab("y = 1;\nq(end+1) = 2;\n");
  REQUIRE_FALSE(r.result.ok);
  CHECK(r.result.error_identifier == "MATLAB:UndefinedFunction");
  CHECK(reports(r, "(line 2)"));
}

// ------------------------------------------------------------------ deletion

TEST_CASE("deletion with a linear index keeps rows and columns", "[lang][delete]") {
  auto r = run_matlab(
      "x = 1:6;\n"
      "x(2) = [];\n"
      "fprintf('%g ', x); fprintf('\\n');\n"
      "x([1 end]) = [];\n"
      "fprintf('%g ', x); fprintf('| %d %d\\n', size(x));\n"
      "y = (1:5)';\n"
      "y([2 2 4]) = [];\n"
      "fprintf('%g ', y); fprintf('| %d %d\\n', size(y));\n"
      "M = [1 2; 3 4];\n"
      "M(2) = [];\n"
      "fprintf('%g ', M); fprintf('| %d %d\\n', size(M));\n"
      "s = 'hello';\n"
      "s(1) = [];\n"
      "fprintf('%s %s\\n', s, class(s));\n"
      "w = 5;\n"
      "w(1) = [];\n"
      "fprintf('%d %d\\n', size(w));\n"
      "u = 1:4;\n"
      "u([]) = [];\n"
      "fprintf('%d %d\\n', size(u));\n"
      "u(:) = [];\n"
      "fprintf('%d %d\\n', size(u));\n"
      "t = 1:3;\n"
      "t(1:end) = [];\n"
      "fprintf('%d %d\\n', size(t));\n");
  REQUIRE(r.result.ok);
  CHECK(r.out ==
        "1 3 4 5 6 \n"
        "3 4 5 | 1 3\n"
        "1 3 5 | 3 1\n"
        "1 2 4 | 1 3\n"
        "ello char\n"
        "1 0\n"
        "1 4\n"
        "0 0\n"
        "1 0\n");
}

TEST_CASE("deletion with a logical mask keeps the class", "[lang][delete]") {
  auto r = run_matlab(
      "x = [3 -1 4 -1 5];\n"
      "x(x < 0) = [];\n"
      "fprintf('%g ', x); fprintf('\\n');\n"
      "b = [true false true];\n"
      "b([true false]) = [];\n"
      "fprintf('%s %d %d\\n', class(b), b);\n"
      "f = single([1 2 3]);\n"
      "f(2) = [];\n"
      "fprintf('%s %g %g\\n', class(f), f);\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "3 4 5 \nlogical 0 1\nsingle 1 3\n");
}

TEST_CASE("deletion of rows, columns and pages", "[lang][delete]") {
  auto r = run_matlab(
      "A = [1 2 3 4; 5 6 7 8; 9 10 11 12];\n"
      "A(:, 2) = [];\n"
      "fprintf('%d %d\\n', size(A));\n"
      "A(1, :) = [];\n"
      "fprintf('%d %d | ', size(A)); fprintf('%g ', A); fprintf('\\n');\n"
      "A(end, :) = [];\n"
      "fprintf('%d %d | ', size(A)); fprintf('%g ', A); fprintf('\\n');\n"
      "B = [1 2 3; 4 5 6; 7 8 9];\n"
      "B(1:end, [1 3]) = [];\n"
      "fprintf('%d %d | ', size(B)); fprintf('%g ', B); fprintf('\\n');\n"
      "C = zeros(2, 2, 3);\n"
      "C(:) = 1:12;\n"
      "C(:, :, 2) = [];\n"
      "fprintf('%d ', size(C)); fprintf('| %g', C(:, :, 2)); fprintf('\\n');\n"
      "D = zeros(2, 2, 3);\n"
      "D(:) = 1:12;\n"
      "D(:, 2) = [];\n"
      "fprintf('%d ', size(D)); fprintf('| %g', D(1, :)); fprintf('\\n');\n"
      "E = [1 2; 3 4];\n"
      "E(:, :) = [];\n"
      "fprintf('%d %d\\n', size(E));\n"
      "F = [1 2; 3 4];\n"
      "F([], 1) = [];\n"
      "fprintf('%d %d\\n', size(F));\n");
  REQUIRE(r.result.ok);
  CHECK(r.out ==
        "3 3\n"
        "2 3 | 5 9 7 11 8 12 \n"
        "1 3 | 5 7 8 \n"
        "3 1 | 2 5 8 \n"
        "2 2 2 | 9| 10| 11| 12\n"
        "2 5 | 1| 5| 7| 9| 11\n"
        "0 2\n"
        "2 2\n");
}

TEST_CASE("deletion displays the result without a semicolon", "[lang][delete]") {
  auto r = run_matlab("x = [1 2 3];\nx(2) = []\n");
  REQUIRE(r.result.ok);
  CHECK(r.out.rfind("x =", 0) == 0);
  CHECK(r.out.find('2') == std::string::npos);
}

TEST_CASE("deletion errors carry MATLAB identifiers and lines", "[lang][delete][errors]") {
  auto r = run_matlab("x = 1:3;\nx(5) = [];\n");
  REQUIRE_FALSE(r.result.ok);
  CHECK(r.result.error_identifier == "MATLAB:subsdeldimmismatch");
  CHECK(reports(r, "Matrix index is out of range for deletion."));
  CHECK(reports(r, "(line 2)"));

  auto t = run_matlab("A = [1 2; 3 4];\n\nA(1, 2) = [];\n");
  REQUIRE_FALSE(t.result.ok);
  CHECK(t.result.error_identifier == "MATLAB:subsdeldimmismatch");
  CHECK(reports(t, "A null assignment can have only one non-colon index."));
  CHECK(reports(t, "(line 3)"));

  auto c = run_matlab("A = [1 2; 3 4];\nA(:, 3) = [];\n");
  CHECK(c.result.error_identifier == "MATLAB:subsdeldimmismatch");

  auto m = run_matlab("x = 1:3;\nx(logical([0 0 0 1])) = [];\n");
  CHECK(m.result.error_identifier == "MATLAB:subsdeldimmismatch");

  auto z = run_matlab("x = 1:3;\nx(0) = [];\n");
  CHECK_FALSE(z.result.ok);
  CHECK(reports(z, "Array indices must be positive integers or logical values."));

  auto f = run_matlab("x = 1:3;\nx(1.5) = [];\n");
  CHECK_FALSE(f.result.ok);

  // An undefined variable counts as []: deleting nothing defines it, anything else is out of range.
  auto u = run_matlab("q([]) = [];\nfprintf('%d %d\\n', size(q));\nq(1) = [];\n");
  REQUIRE_FALSE(u.result.ok);
  CHECK(u.out == "0 0\n");
  CHECK(u.result.error_identifier == "MATLAB:subsdeldimmismatch");
}

TEST_CASE("only the literal [] deletes", "[lang][delete]") {
  auto r = run_matlab("e = [];\nx = 1:3;\nx(2) = e;\n");
  REQUIRE_FALSE(r.result.ok);
  CHECK(r.result.error_identifier == "MATLAB:subsassignnumelmismatch");

  auto v = run_matlab("x = 1:3;\nx = [];\nfprintf('%d %d\\n', size(x));\n");
  REQUIRE(v.result.ok);
  CHECK(v.out == "0 0\n");
}

// ------------------------------------------------------------------ conditions

TEST_CASE("if and while conditions on arrays: all nonzero and nonempty", "[lang][cond]") {
  auto r = run_matlab(
      "if [], fprintf('bad '), else, fprintf('empty false '), end\n"
      "if [1 1 0], fprintf('bad '), else, fprintf('not all '), end\n"
      "if [1 2; 3 4], fprintf('all nonzero '), end\n"
      "if zeros(1, 0), fprintf('bad '), end\n"
      "if 'a', fprintf('char true '), end\n"
      "x = [1 2 3];\n"
      "n = 0;\n"
      "while x\n"
      "  n = n + 1;\n"
      "  x(end) = 0;\n"
      "end\n"
      "fprintf('%d\\n', n);\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "empty false not all all nonzero char true 1\n");
}

TEST_CASE("if and while: & and | short-circuit on scalar left operands", "[lang][cond]") {
  auto r = run_matlab(
      "if 0 & undefined_fn(), fprintf('bad'), else, fprintf('and skipped '), end\n"
      "if 1 | undefined_fn(), fprintf('or skipped '), end\n"
      "if 1 & 0 | 1, fprintf('chain '), end\n"
      "if (0 & undefined_fn()) | 1, fprintf('nested '), end\n"
      "if [1 1] & [1 0], fprintf('bad'), else, fprintf('array and '), end\n"
      "if [0 0] | [1 1], fprintf('array or '), end\n"
      "if 1 & [1 1], fprintf('scalar-array '), end\n"
      "k = 0;\n"
      "while k < 3 & true\n"
      "  k = k + 1;\n"
      "end\n"
      "v = [];\n"
      "while numel(v) < 2 | undefined_fn()\n"
      "  v(end+1) = 1;\n"
      "  if numel(v) > 5, break; end\n"
      "end\n"
      "fprintf('%d %d\\n', k, numel(v));\n");
  REQUIRE_FALSE(r.result.ok);  // the last loop test evaluates undefined_fn once numel(v) == 2
  CHECK(r.result.error_identifier == "MATLAB:UndefinedFunction");
  CHECK(reports(r, "(line 13)"));
  CHECK(r.out == "and skipped or skipped chain nested array and array or scalar-array ");
}

TEST_CASE("the guard idiom: if numel(x) > 0 & x(1) > 0 with an empty x", "[lang][cond]") {
  auto r = run_matlab(
      "x = [];\n"
      "if numel(x) > 0 & x(1) > 0\n"
      "  fprintf('bad\\n');\n"
      "else\n"
      "  fprintf('guarded\\n');\n"
      "end\n"
      "k = 0;\n"
      "while k == 0 | x(1)\n"
      "  k = k + 1;\n"
      "  x = 0;\n"
      "end\n"
      "fprintf('%d\\n', k);\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "guarded\n1\n");
}

TEST_CASE("& and | outside conditions evaluate both operands", "[lang][cond]") {
  auto r = run_matlab("x = 0 & undefined_fn();\n");
  REQUIRE_FALSE(r.result.ok);
  CHECK(r.result.error_identifier == "MATLAB:UndefinedFunction");

  auto s = run_matlab("x = [1 0] | [0 0];\nfprintf('%d %d %s\\n', x, class(x));\n");
  REQUIRE(s.result.ok);
  CHECK(s.out == "1 0 logical\n");
}

TEST_CASE("NaN in a short-circuited condition is still an error", "[lang][cond][errors]") {
  auto r = run_matlab("x = 1;\nif NaN & 1\n  x = 2;\nend\n");
  REQUIRE_FALSE(r.result.ok);
  CHECK(r.result.error_identifier == "MATLAB:nologicalnan");
  CHECK(reports(r, "(line 2)"));
}

// ------------------------------------------------------------------ mpower, mrdivide

TEST_CASE("matrix power by repeated squaring", "[lang][linalg]") {
  auto r = run_matlab(
      "A = [1 2; 3 4];\n"
      "fprintf('%g ', A^2); fprintf('\\n');\n"
      "fprintf('%g ', A^3); fprintf('\\n');\n"
      "fprintf('%g ', A^0); fprintf('\\n');\n"
      "fprintf('%g ', A^1); fprintf('\\n');\n"
      "fprintf('%g ', A^-1); fprintf('\\n');\n"
      "fprintf('%.4f ', A^-2); fprintf('\\n');\n"
      "F = [1 1; 1 0];\n"
      "fprintf('%d\\n', F^30);\n"
      "S = single([2 0; 0 2])^10;\n"
      "fprintf('%s %g\\n', class(S), S(1));\n"
      "E = zeros(0, 0)^3;\n"
      "fprintf('%d %d\\n', size(E));\n"
      "fprintf('%g\\n', 2^[3]);\n");
  REQUIRE(r.result.ok);
  CHECK(r.out ==
        "7 15 10 22 \n"
        "37 81 54 118 \n"
        "1 0 0 1 \n"
        "1 3 2 4 \n"
        "-2 1.5 1 -0.5 \n"
        "5.5000 -3.7500 -2.5000 1.7500 \n"
        "1346269\n832040\n832040\n514229\n"
        "single 1024\n"
        "0 0\n"
        "8\n");
}

TEST_CASE("matrix power errors", "[lang][linalg][errors]") {
  auto r = run_matlab("A = ones(2, 3);\nB = A^2;\n");
  REQUIRE_FALSE(r.result.ok);
  CHECK(r.result.error_identifier == "MATLAB:mpower:notScalarAndSquareMatrix");
  CHECK(reports(r, "Incorrect dimensions for raising a matrix to a power."));
  CHECK(reports(r, "(line 2)"));

  auto v = run_matlab("A = [1 2; 3 4];\nB = A^[1 2];\n");
  CHECK(v.result.error_identifier == "MATLAB:mpower:notScalarAndSquareMatrix");

  auto h = run_matlab("A = [1 2; 3 4];\nB = A^0.5;\n");
  CHECK_FALSE(h.result.ok);
  CHECK(h.result.error_identifier == "RunMat:notImplemented");

  auto s = run_matlab("B = 2^[1 2; 3 4];\n");
  CHECK_FALSE(s.result.ok);
  CHECK(s.result.error_identifier == "RunMat:notImplemented");
}

TEST_CASE("matrix right division A/B = (B'\\A')'", "[lang][linalg]") {
  auto r = run_matlab(
      "A = [1 2; 3 4];\n"
      "X = A / [1 2; 3 5];\n"
      "fprintf('%g ', round(X * 1e10) / 1e10); fprintf('\\n');\n"
      "y = [1 2] / [1 2; 3 4];\n"
      "fprintf('%g ', round(y * 1e10) / 1e10); fprintf('| %d %d\\n', size(y));\n"
      "z = [2 4 6] / [1 2 3];\n"
      "fprintf('%g\\n', round(z * 1e10) / 1e10);\n"
      "w = [1 2; 2 4] / [1 2];\n"
      "fprintf('%g ', round(w * 1e10) / 1e10); fprintf('| %d %d\\n', size(w));\n"
      "fprintf('%g ', A / 2); fprintf('\\n');\n"
      "s = single([4 0; 0 2]) / [2 0; 0 2];\n"
      "fprintf('%s %g %g\\n', class(s), s(1), s(4));\n");
  REQUIRE(r.result.ok);
  CHECK(r.out ==
        "1 -3 0 2 \n"
        "1 0 | 1 2\n"
        "2\n"
        "1 2 | 2 1\n"
        "0.5 1.5 1 2 \n"
        "single 2 1\n");
}

TEST_CASE("matrix right division errors", "[lang][linalg][errors]") {
  auto r = run_matlab("A = ones(2, 3);\nB = A / ones(2, 2);\n");
  REQUIRE_FALSE(r.result.ok);
  CHECK(r.result.error_identifier == "MATLAB:dimagree");
  CHECK(reports(r, "(line 2)"));

  auto s = run_matlab("x = 2 / [1 2];\n");
  CHECK(s.result.error_identifier == "MATLAB:dimagree");
}

TEST_CASE("multiple assignment without a semicolon shows the targets left to right",
          "[lang][display]") {
  auto r = run_matlab("[a, b] = deal(1, 2)\n[c{1:2}] = deal(3, 4);\n[p, ~, q] = deal(5, 6, 7)\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "a =\n\n     1\n\nb =\n\n     2\n\np =\n\n     5\n\nq =\n\n     7\n\n");
}
