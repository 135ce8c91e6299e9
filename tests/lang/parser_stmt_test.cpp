// Statements, control flow, functions and command syntax.
#include <catch2/catch.hpp>
#include <chrono>

#include "sexpr.hpp"

using namespace runmat::lang;
using runmat::lang::test::P;
using runmat::lang::test::sexpr;

namespace {

Program parse_ok(std::string_view src) {
  ParseResult r = parse_program(src, "t.m");
  INFO(src);
  INFO(r.error.format());
  REQUIRE(r.ok);
  return std::move(r.program);
}

std::string funcs(std::string_view src) {
  Program p = parse_ok(src);
  std::string s;
  for (const auto& f : p.functions) s += (s.empty() ? "" : " ") + sexpr(f);
  return s;
}

}  // namespace

TEST_CASE("stmt: expression statements and terminators", "[parser]") {
  CHECK(P("x") == "x");
  CHECK(P("x;") == "x;");
  CHECK(P("x, y; z") == "x y; z");
  CHECK(P("1 + 2;\n3") == "(+ 1 2); 3");
  CHECK(P("") == "");
  CHECK(P("\n\n;;,\n") == "");
  CHECK(P("% only a comment") == "");
  CHECK(P("\xEF\xBB\xBFx = 1") == "(= x 1)");
  CHECK(P("x = 1;\r\ny = 'a'\r\n") == "(= x 1); (= y 'a')");
  Program p = parse_ok("a = 1;\nb = 2\n");
  REQUIRE(p.body.size() == 2);
  CHECK_FALSE(p.body[0]->print_result);
  CHECK(p.body[1]->print_result);
  CHECK(p.body[1]->loc.line == 2);
  CHECK(p.body[1]->loc.col == 1);
  CHECK_FALSE(p.is_function_file);
}

TEST_CASE("stmt: assignments", "[parser]") {
  CHECK(P("x = 1") == "(= x 1)");
  CHECK(P("x = 1;") == "(= x 1);");
  CHECK(P("x(2) = 5;") == "(= (() x 2) 5);");
  CHECK(P("x(end+1) = 5;") == "(= (() x (+ end 1)) 5);");
  CHECK(P("s.a{2}(3).b = 5") == "(= (. (() ({} (. s a) 2) 3) b) 5)");
  CHECK(P("s.(f) = 1") == "(= (.() s f) 1)");
  CHECK(P("c{1} = []") == "(= ({} c 1) [])");
  CHECK(P("[a, b] = f(x)") == "(= [a b] (() f x))");
  CHECK(P("[a b] = f(x);") == "(= [a b] (() f x));");
  CHECK(P("[~, i] = max(v)") == "(= [~ i] (() max v))");
  CHECK(P("[a, ~, c] = f") == "(= [a ~ c] f)");
  CHECK(P("[s.a, c{2}] = deal(1, 2)") == "(= [(. s a) ({} c 2)] (() deal 1 2))");
  CHECK(P("[a] = f") == "(= a f)");
  CHECK(P("x = y == z") == "(= x (== y z))");
  CHECK(P("x = @(t) t + 1;") == "(= x (@ (t) (+ t 1)));");
  Program p = parse_ok("[~, i] = max(v);");
  REQUIRE(p.body[0]->lhs.size() == 2);
  CHECK(p.body[0]->lhs[0] == nullptr);
}

TEST_CASE("stmt: if / elseif / else", "[parser]") {
  CHECK(P("if x\n y = 1;\nend") == "(if (x (= y 1);))");
  CHECK(P("if x, y, end") == "(if (x y))");
  CHECK(P("if x; y; else z; end") == "(if (x y;) (else z;))");
  CHECK(P("if a\n1\nelseif b\n2\nelseif c\n3\nelse\n4\nend") == "(if (a 1) (b 2) (c 3) (else 4))");
  CHECK(P("if (a == 1) && b\nend") == "(if ((&& (== a 1) b) ))");
  CHECK(P("if x y = 1; end") == "(if (x (= y 1);))");
  CHECK(P("if x, y = 1 end") == "(if (x (= y 1)))");
  CHECK(P("if a\n if b\n  c\n end\nend") == "(if (a (if (b c))))");
}

TEST_CASE("stmt: loops", "[parser]") {
  CHECK(P("for i = 1:10\n s = s + i;\nend") == "(for i (: 1 10) (= s (+ s i));)");
  CHECK(P("for (i = 1:3) x(i) = i; end") == "(for i (: 1 3) (= (() x i) i);)");
  CHECK(P("for k = [1 2 3], disp(k), end") == "(for k [1 2 3] (() disp k))");
  CHECK(P("for c = M\nend") == "(for c M )");
  CHECK(P("parfor i = 1:n\n y(i) = i;\nend") == "(for i (: 1 n) (= (() y i) i);)");
  CHECK(P("parfor (i = 1:n, 4)\nend") == "(for i (: 1 n) )");
  CHECK(P("while x > 0\n x = x - 1;\n if x == 3, break; end\n continue\nend") ==
        "(while (> x 0) (= x (- x 1)); (if ((== x 3) break;)) continue)");
  CHECK(P("while true, return; end") == "(while true return;)");
}

TEST_CASE("stmt: switch", "[parser]") {
  CHECK(P("switch x\n case 1\n  a\n case {2, 3}\n  b\n otherwise\n  c\nend") ==
        "(switch x (case 1 a) (case {2 3} b) (otherwise c))");
  CHECK(P("switch s, case 'a', y = 1; case \"b\", y = 2; end") ==
        "(switch s (case 'a' (= y 1);) (case \"b\" (= y 2);))");
  CHECK(P("switch x\n% comment\nend") == "(switch x)");
}

TEST_CASE("stmt: try / catch", "[parser]") {
  CHECK(P("try\n a\ncatch err\n b\nend") == "(try (a) catch err (b))");
  CHECK(P("try\n a\ncatch\n b\nend") == "(try (a) catch (b))");
  CHECK(P("try, a, catch ME, disp(ME.message), end") ==
        "(try (a) catch ME ((() disp (. ME message))))");
  CHECK(P("try\n a\ncatch\n disp(1)\nend") == "(try (a) catch ((() disp 1)))");
  CHECK(P("try\n a\nend") == "(try (a) catch ())");
  CHECK(P("try a; catch e; end") == "(try (a;) catch e ())");
}

TEST_CASE("stmt: global, persistent, break, continue, return", "[parser]") {
  CHECK(P("global a b c") == "(global a b c)");
  CHECK(P("persistent n;") == "(persistent n);");
  CHECK(P("break; continue; return") == "break; continue; return");
}

TEST_CASE("stmt: command syntax", "[parser]") {
  CHECK(P("hold on") == "(cmd hold on)");
  CHECK(P("format long") == "(cmd format long)");
  CHECK(P("disp hello") == "(cmd disp hello)");
  CHECK(P("clear x y") == "(cmd clear x y)");
  CHECK(P("close all;") == "(cmd close all);");
  CHECK(P("disp 'hello world'") == "(cmd disp hello world)");
  CHECK(P("disp 'it''s'") == "(cmd disp it's)");
  CHECK(P("warning off all % comment") == "(cmd warning off all)");
  CHECK(P("hold on, plot(x)") == "(cmd hold on) (() plot x)");
  CHECK(P("hold on; x = 1") == "(cmd hold on); (= x 1)");
  CHECK(P("disp -1") == "(cmd disp -1)");
  CHECK(P("a +1") == "(cmd a +1)");
  CHECK(P("a ~b") == "(cmd a ~b)");
  CHECK(P("format long g") == "(cmd format long g)");
  // Not command syntax:
  CHECK(P("a + 1") == "(+ a 1)");
  CHECK(P("a = 1") == "(= a 1)");
  CHECK(P("a == 1") == "(== a 1)");
  CHECK(P("disp (1)") == "(() disp 1)");
  CHECK(P("disp(1)") == "(() disp 1)");
  CHECK(P("a") == "a");
  CHECK(P("a ;") == "a;");
  CHECK(P("a % comment") == "a");
  CHECK(P("a .* b") == "(.* a b)");
  CHECK(P("a' * b") == "(* (' a) b)");
  CHECK(P("a ...\n + 1") == "(+ a 1)");
  // A name assigned earlier is a variable: `x -1` is an expression.
  CHECK(P("x = 3;\nx -1") == "(= x 3); (- x 1)");
  CHECK(P("for k = 1:2\n k -1\nend") == "(for k (: 1 2) (- k 1))");
  // Workspace variables from the caller (REPL).
  ParseOptions opts;
  opts.known_variables = {"x"};
  ParseResult r = parse_program("x -1", "t.m", opts);
  REQUIRE(r.ok);
  CHECK(sexpr(r.program.body) == "(- x 1)");
  CHECK(P("x -1") == "(cmd x -1)");
  // Commands only at statement start.
  CHECK(P("x = 1; hold on") == "(= x 1); (cmd hold on)");
}

TEST_CASE("functions: function files", "[parser]") {
  Program p = parse_ok("function y = f(x)\n y = x + 1;\nend\n");
  CHECK(p.is_function_file);
  CHECK(p.body.empty());
  REQUIRE(p.functions.size() == 1);
  CHECK(p.functions[0].loc.line == 1);
  CHECK(funcs("function y = f(x)\n y = x + 1;\nend\n") == "(function [y] f (x) (= y (+ x 1));)");
  CHECK(funcs("function f\n disp(1)\n") == "(function [] f () (() disp 1))");
  CHECK(funcs("function [a, b] = g(x, y)\na = x; b = y;\n") ==
        "(function [a b] g (x y) (= a x); (= b y);)");
  CHECK(funcs("function [a b] = g()\nend") == "(function [a b] g () )");
  CHECK(funcs("function varargout = h(varargin)\nend") == "(function [varargout] h (varargin) )");
  CHECK(funcs("function f(~, x)\nend") == "(function [] f (~ x) )");
  // Without end: each function runs to the next.
  CHECK(funcs("function a\n1\nfunction b\n2\n") == "(function [] a () 1) (function [] b () 2)");
  // With end: siblings and nested functions.
  CHECK(funcs("function a\n1\nend\nfunction b\n2\nend\n") ==
        "(function [] a () 1) (function [] b () 2)");
  CHECK(funcs("function a\n x = 1;\n function b\n  x\n end\n b();\nend\n") ==
        "(function [] a () (= x 1); (() b); (function [] b () x))");
  CHECK(funcs("function r = f(x)\n if x, r = 1; else, r = 2; end\nend") ==
        "(function [r] f (x) (if (x (= r 1);) (else (= r 2);)))");
  CHECK(funcs("function y = f(x)\n y = x(end);\nend") == "(function [y] f (x) (= y (() x end));)");
}

TEST_CASE("functions: scripts with local functions", "[parser]") {
  Program p = parse_ok("x = 1;\ny = f(x)\nfunction r = f(a)\n r = a * 2;\nend\n");
  CHECK_FALSE(p.is_function_file);
  CHECK(sexpr(p.body) == "(= x 1); (= y (() f x))");
  REQUIRE(p.functions.size() == 1);
  CHECK(p.functions[0].name == "f");
  p = parse_ok("disp(1)\nfunction a\n 1\nfunction b\n 2\n");
  CHECK(p.functions.size() == 2);
}

TEST_CASE("functions: arguments blocks are skipped", "[parser]") {
  CHECK(funcs("function f(x, opts)\n arguments\n  x (1,:) double {mustBeFinite} = 1\n"
              "  opts.Name (1,1) string = \"a\"\n end\n disp(x)\nend\n") ==
        "(function [] f (x opts) (() disp x))");
  CHECK(funcs("function f(x)\narguments (Input)\n x\nend\narguments (Output)\nend\nx\nend") ==
        "(function [] f (x) x)");
  // `arguments` as a variable stays a variable.
  CHECK(P("arguments = 3;") == "(= arguments 3);");
}

TEST_CASE("classdef files", "[parser]") {
  Program p = parse_ok(
      "classdef (Sealed) Point < handle & matlab.mixin.Copyable\n"
      "  % a point\n"
      "  properties\n"
      "    x\n"
      "    y (1,1) double {mustBeFinite} = 0;\n"
      "  end\n"
      "  properties (Access = private, Constant)\n"
      "    Tag = 'pt'\n"
      "  end\n"
      "  methods\n"
      "    function obj = Point(x, y)\n"
      "      if nargin > 0, obj.x = x; obj.y = y; end\n"
      "    end\n"
      "    function d = norm(obj)\n"
      "      d = sqrt(obj.x^2 + obj.y^2);\n"
      "    end\n"
      "    function set.x(obj, v)\n"
      "      obj.x = v;\n"
      "    end\n"
      "  end\n"
      "  methods (Static)\n"
      "    r = fromFile(name)\n"
      "  end\n"
      "  events\n"
      "    Moved\n"
      "  end\n"
      "  enumeration\n"
      "    Origin (0, 0)\n"
      "  end\n"
      "end\n");
  CHECK(p.is_classdef);
  REQUIRE(p.classes.size() == 1);
  const ClassDef& c = p.classes[0];
  CHECK(c.name == "Point");
  CHECK(c.attributes == "Sealed");
  CHECK(c.superclasses == std::vector<std::string>{"handle", "matlab.mixin.Copyable"});
  REQUIRE(c.properties.size() == 3);
  CHECK(c.properties[0].name == "x");
  CHECK(c.properties[0].default_value == nullptr);
  CHECK(sexpr(c.properties[1].default_value.get()) == "0");
  CHECK(c.properties[2].attributes == "Access = private, Constant");
  CHECK(sexpr(c.properties[2].default_value.get()) == "'pt'");
  REQUIRE(c.methods.size() == 3);
  CHECK(c.methods[0].name == "Point");
  CHECK(c.methods[2].name == "set.x");
  CHECK(sexpr(c.methods[1]) ==
        "(function [d] norm (obj) (= d (() sqrt (+ (^ (. obj x) 2) "
        "(^ (. obj y) 2))));)");
  CHECK(c.events == std::vector<std::string>{"Moved"});
  CHECK(c.enumeration == std::vector<std::string>{"Origin"});
  ParseResult r = parse_program("classdef A\n properties\n  x = \n end\nend", "A.m");
  CHECK_FALSE(r.ok);
  r = parse_program("classdef A\n methods\n  function f(o)\n  end\n", "A.m");
  CHECK_FALSE(r.ok);
  CHECK(r.error.line == 2);
  CHECK(r.error.message.rfind("At least one END is missing", 0) == 0);
}

TEST_CASE("parse of a 1000-line script is fast", "[parser]") {
  std::string src;
  for (int i = 0; i < 250; ++i) {
    src += "x" + std::to_string(i) + " = [1 2 3; 4 5 6] * 2.5 + foo(i, 'text', \"s\");\n";
    src += "if x > 3 && y(end) ~= 2, z = @(t) t.^2 - 1; else z = {1, 'a'}; end\n";
    src += "for k = 1:numel(v), s.a{k}(2).b = k'; end % comment\n";
    src += "hold on\n";
  }
  auto t0 = std::chrono::steady_clock::now();
  ParseResult r = parse_program(src, "big.m");
  auto dt = std::chrono::steady_clock::now() - t0;
  REQUIRE(r.ok);
  CHECK(r.program.body.size() == 1000);
  // Generous bound for a Debug build on a shared machine.
  CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(dt).count() < 200);
}
