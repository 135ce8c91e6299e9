// classdef classes end to end: class files written to a temporary folder on the path, run by
// scripts. Value and handle semantics, constructors, methods (both call syntaxes), static
// methods and Constant properties, accessors, access attributes, inheritance, operator
// overloading, introspection builtins, display and the errors MATLAB reports.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "runtime_fixture.hpp"

using runmat::testing::run_matlab;
namespace fs = std::filesystem;

namespace {

// A fresh folder holding class files, removed at the end of the test.
struct ClassDir {
  fs::path path;
  ClassDir() {
    static int n = 0;
    path = fs::temp_directory_path() /
           ("runmat-class-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::create_directories(path);
  }
  ~ClassDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path / (name + ".m")) << text;
  }
  // Runs `script` with this folder on the path.
  runmat::testing::RunCapture run(const std::string& script) const {
    return run_matlab("addpath('" + path.string() + "');\n" + script);
  }
};

const char* const kPoint =
    "classdef Point\n"
    "  properties\n"
    "    X = 0\n"
    "    Y = 0\n"
    "  end\n"
    "  methods\n"
    "    function obj = Point(x, y)\n"
    "      if nargin > 0\n"
    "        obj.X = x;\n"
    "        obj.Y = y;\n"
    "      end\n"
    "    end\n"
    "    function d = norm2(obj)\n"
    "      d = obj.X^2 + obj.Y^2;\n"
    "    end\n"
    "    function obj = shift(obj, dx)\n"
    "      obj.X = obj.X + dx;\n"
    "    end\n"
    "    function r = plus(a, b)\n"
    "      r = Point(a.X + b.X, a.Y + b.Y);\n"
    "    end\n"
    "    function r = eq(a, b)\n"
    "      r = a.X == b.X && a.Y == b.Y;\n"
    "    end\n"
    "    function r = uminus(a)\n"
    "      r = Point(-a.X, -a.Y);\n"
    "    end\n"
    "    function r = mtimes(k, p)\n"
    "      r = Point(k * p.X, k * p.Y);\n"
    "    end\n"
    "  end\n"
    "end\n";

const char* const kCounter =
    "classdef Counter < handle\n"
    "  properties\n"
    "    Count = 0\n"
    "  end\n"
    "  methods\n"
    "    function increment(obj, n)\n"
    "      if nargin < 2\n"
    "        n = 1;\n"
    "      end\n"
    "      obj.Count = obj.Count + n;\n"
    "    end\n"
    "  end\n"
    "end\n";

}  // namespace

TEST_CASE("value classes: constructor, defaults, methods, copy semantics", "[classes]") {
  ClassDir dir;
  dir.write("Point", kPoint);
  auto r = dir.run(
      "p = Point(3, 4);\n"
      "fprintf('%g %g %g %g\\n', p.X, p.Y, p.norm2(), norm2(p));\n"
      "q = p;\n"
      "q.X = 10;\n"
      "fprintf('%g %g\\n', p.X, q.X);\n"
      "p.shift(5);\n"  // a value class method's changes are lost unless returned
      "fprintf('%g\\n', p.X);\n"
      "p = p.shift(5);\n"
      "fprintf('%g\\n', p.X);\n"
      "z = Point;\n"  // no arguments: the defaults
      "fprintf('%g %g %s %d\\n', z.X, z.Y, class(z), isobject(z));\n"
      "[n] = p.norm2();\n"
      "fprintf('%g\\n', n);\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "3 4 25 25\n3 10\n3\n8\n0 0 Point 1\n80\n");
}

TEST_CASE("handle classes alias; == is identity; delete and isvalid", "[classes]") {
  ClassDir dir;
  dir.write("Counter", kCounter);
  auto r = dir.run(
      "a = Counter;\n"
      "b = a;\n"
      "b.increment();\n"
      "increment(a, 5);\n"
      "bump(a);\n"
      "fprintf('%d %d\\n', a.Count, b.Count);\n"
      "c = Counter;\n"
      "fprintf('%d %d %d %d\\n', a == b, a == c, a ~= c, isa(a, 'handle'));\n"
      "fprintf('%d\\n', isvalid(a));\n"
      "delete(b);\n"
      "fprintf('%d %d\\n', isvalid(a), isvalid(c));\n"
      "try\n  disp(a.Count)\ncatch e\n  disp(e.identifier)\nend\n"
      "function bump(h)\n  h.Count = h.Count + 100;\nend\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "106 106\n1 0 1 1\n1\n0 1\nMATLAB:class:InvalidHandle\n");
}

TEST_CASE("static methods and Constant properties", "[classes]") {
  ClassDir dir;
  dir.write("Consts",
            "classdef Consts\n"
            "  properties (Constant)\n"
            "    Primes = [2 3 5 7]\n"
            "    Scale = Consts.helper(10)\n"
            "  end\n"
            "  methods (Static)\n"
            "    function y = helper(x)\n"
            "      y = 2 * x;\n"
            "    end\n"
            "    function [a, b] = two()\n"
            "      a = 1; b = 2;\n"
            "    end\n"
            "  end\n"
            "end\n");
  auto r = dir.run(
      "fprintf('%d %d %d\\n', Consts.Primes(3), Consts.Scale, Consts.helper(4));\n"
      "[u, v] = Consts.two();\n"
      "fprintf('%d %d %d\\n', u, v, numel(Consts.Primes));\n"
      "k = Consts;\n"
      "fprintf('%d\\n', k.Scale);\n"
      "try\n  k.Scale = 1;\ncatch e\n  disp(e.identifier)\nend\n"
      "try\n  Consts.nothing(1)\ncatch e\n  disp(e.message)\nend\n");
  REQUIRE(r.result.ok);
  CHECK(r.out ==
        "5 20 8\n1 2 4\n20\nMATLAB:class:SetProhibited\n"
        "The class Consts has no Constant property or Static method named 'nothing'.\n");
}

TEST_CASE("get and set methods, Dependent properties", "[classes]") {
  ClassDir dir;
  dir.write("Temp",
            "classdef Temp\n"
            "  properties\n"
            "    Celsius = 0\n"
            "  end\n"
            "  properties (Dependent)\n"
            "    Fahrenheit\n"
            "  end\n"
            "  methods\n"
            "    function f = get.Fahrenheit(obj)\n"
            "      f = obj.Celsius * 9 / 5 + 32;\n"
            "    end\n"
            "    function obj = set.Fahrenheit(obj, f)\n"
            "      obj.Celsius = (f - 32) * 5 / 9;\n"
            "    end\n"
            "    function obj = set.Celsius(obj, c)\n"
            "      if c < -273.15\n"
            "        error('Temp:range', 'Below absolute zero.');\n"
            "      end\n"
            "      obj.Celsius = c;\n"
            "    end\n"
            "  end\n"
            "end\n");
  auto r = dir.run(
      "t = Temp;\n"
      "t.Celsius = 100;\n"
      "fprintf('%g\\n', t.Fahrenheit);\n"
      "t.Fahrenheit = 32;\n"
      "fprintf('%g\\n', t.Celsius);\n"
      "try\n  t.Celsius = -300;\ncatch e\n  disp(e.identifier)\nend\n"
      "fprintf('%g\\n', t.Celsius);\n"
      "t\n");
  REQUIRE(r.result.ok);
  CHECK(r.out ==
        "212\n0\nTemp:range\n0\n"
        "t = \n\n  Temp with properties:\n\n       Celsius: 0\n    Fahrenheit: 32\n\n");
}

TEST_CASE("access attributes are enforced outside the class", "[classes]") {
  ClassDir dir;
  dir.write("Account",
            "classdef Account < handle\n"
            "  properties (SetAccess = private)\n"
            "    Balance = 0\n"
            "  end\n"
            "  properties (Access = private)\n"
            "    Log = {}\n"
            "  end\n"
            "  methods\n"
            "    function deposit(obj, x)\n"
            "      obj.Balance = obj.Balance + x;\n"
            "      obj.Log{end+1} = x;\n"
            "    end\n"
            "    function n = entries(obj)\n"
            "      n = numel(obj.Log);\n"
            "    end\n"
            "  end\n"
            "  methods (Access = private)\n"
            "    function secret(obj)\n"
            "    end\n"
            "  end\n"
            "end\n");
  auto r = dir.run(
      "a = Account;\n"
      "a.deposit(5);\n"
      "a.deposit(7);\n"
      "fprintf('%d %d\\n', a.Balance, a.entries());\n"
      "try\n  a.Balance = 1;\ncatch e\n  fprintf('%s | %s\\n', e.identifier, e.message);\nend\n"
      "try\n  x = a.Log;\ncatch e\n  disp(e.identifier)\nend\n"
      "try\n  a.secret();\ncatch e\n  disp(e.identifier)\nend\n"
      "disp(properties(a))\n"
      "a\n");
  REQUIRE(r.result.ok);
  CHECK(r.out ==
        "12 2\n"
        "MATLAB:class:SetProhibited | Unable to set the 'Balance' property of class 'Account' "
        "because it is read-only.\n"
        "MATLAB:class:GetProhibited\n"
        "MATLAB:class:MethodRestricted\n"
        "    {'Balance'}\n"
        "a = \n\n  Account with properties:\n\n    Balance: 12\n\n");
}

TEST_CASE("inheritance: base constructor, overrides, protected members, isa", "[classes]") {
  ClassDir dir;
  dir.write("Shape",
            "classdef Shape\n"
            "  properties\n"
            "    Name = 'shape'\n"
            "  end\n"
            "  properties (Access = protected)\n"
            "    Sides = 0\n"
            "  end\n"
            "  methods\n"
            "    function obj = Shape(name, sides)\n"
            "      if nargin > 0\n"
            "        obj.Name = name;\n"
            "        obj.Sides = sides;\n"
            "      end\n"
            "    end\n"
            "    function a = area(obj)\n"
            "      a = 0;\n"
            "    end\n"
            "    function s = describe(obj)\n"
            "      s = sprintf('%s with %d sides, area %g', obj.Name, obj.Sides, area(obj));\n"
            "    end\n"
            "  end\n"
            "end\n");
  dir.write("Square",
            "classdef Square < Shape\n"
            "  properties\n"
            "    Side = 1\n"
            "  end\n"
            "  methods\n"
            "    function obj = Square(s)\n"
            "      obj@Shape('square', 4);\n"
            "      obj.Side = s;\n"
            "    end\n"
            "    function a = area(obj)\n"
            "      a = obj.Side^2 + area@Shape(obj);\n"
            "    end\n"
            "    function n = sides(obj)\n"
            "      n = obj.Sides;\n"
            "    end\n"
            "  end\n"
            "end\n");
  dir.write("Plain", "classdef Plain < Shape\nend\n");
  auto r = dir.run(
      "q = Square(3);\n"
      "disp(q.describe())\n"
      "fprintf('%d %d %d %d\\n', isa(q, 'Square'), isa(q, 'Shape'), isa(q, 'double'), "
      "q.sides());\n"
      "p = Plain;\n"
      "fprintf('%s %s %d\\n', class(p), p.Name, isa(p, 'Shape'));\n"
      "try\n  q.Sides\ncatch e\n  disp(e.identifier)\nend\n"
      "disp(fieldnames(q)')\n"
      "q\n");
  REQUIRE(r.result.ok);
  CHECK(r.out ==
        "square with 4 sides, area 9\n"
        "1 1 0 4\n"
        "Plain shape 1\n"
        "MATLAB:class:GetProhibited\n"
        "    {'Side'}    {'Name'}\n"
        "q = \n\n  Square with properties:\n\n    Side: 3\n    Name: 'square'\n\n");
}

TEST_CASE("operator overloading and overloaded disp", "[classes]") {
  ClassDir dir;
  dir.write("Point", kPoint);
  dir.write("Money",
            "classdef Money\n"
            "  properties\n"
            "    Cents = 0\n"
            "  end\n"
            "  methods\n"
            "    function obj = Money(c)\n"
            "      obj.Cents = c;\n"
            "    end\n"
            "    function disp(obj)\n"
            "      fprintf('$%.2f\\n', obj.Cents / 100);\n"
            "    end\n"
            "  end\n"
            "end\n");
  auto r = dir.run(
      "a = Point(1, 2);\nb = Point(10, 20);\n"
      "c = a + b;\n"
      "d = -a;\n"
      "e = 3 * a;\n"
      "fprintf('%g %g %g %g %g %g\\n', c.X, c.Y, d.X, d.Y, e.X, e.Y);\n"
      "fprintf('%s %s %d\\n', class(c), class(d), isobject(e));\n"
      "fprintf('%d %d\\n', a == Point(1, 2), a == b);\n"
      "disp(Money(250))\n"
      "m = Money(5)\n"
      "try\n  x = a - b;\ncatch err\n  disp(err.message)\nend\n");
  REQUIRE(r.result.ok);
  CHECK(r.out ==
        "11 22 -1 -2 3 6\nPoint Point 1\n1 0\n$2.50\nm = \n\n$0.05\n\n"
        "Operator '-' is not supported for operands of type 'Point'.\n");
}

TEST_CASE("properties holding arrays, cells and objects: nested assignment", "[classes]") {
  ClassDir dir;
  dir.write("Inner", "classdef Inner\n  properties\n    Value = 1\n  end\nend\n");
  dir.write("Box",
            "classdef Box < handle\n"
            "  properties\n"
            "    Data = zeros(1, 4)\n"
            "    Items = {}\n"
            "    Child = Inner()\n"
            "    S = struct('a', 1)\n"
            "  end\n"
            "end\n");
  auto r = dir.run(
      "b = Box;\n"
      "b.Data(3) = 5;\n"
      "b.Items{end+1} = 'x';\n"
      "b.Items{end+1} = 7;\n"
      "b.Child.Value = 2;\n"
      "b.S.a(2) = 9;\n"
      "alias = b;\n"
      "alias.Data(end) = 1;\n"
      "disp(b.Data)\n"
      "fprintf('%d %s %d %d %d\\n', numel(b.Items), b.Items{1}, b.Items{2}, b.Child.Value, "
      "b.S.a(2));\n"
      "i = Inner;\n"
      "fprintf('%d\\n', i.Value);\n"  // the nested write changed b's copy only
      "for k = 1:1000\n  b.Data(k) = k;\nend\n"
      "fprintf('%d\\n', sum(b.Data));\n"
      "b.Items = {};\n"
      "b\n");
  REQUIRE(r.result.ok);
  CHECK(r.out ==
        "     0     0     5     1\n"
        "2 x 7 2 9\n1\n500500\n"
        "b = \n\n  Box with properties:\n\n"
        "     Data: [1\u00d71000 double]\n    Items: {}\n    Child: [1\u00d71 Inner]\n"
        "        S: [1\u00d71 struct]\n\n");
}

TEST_CASE("property defaults are evaluated once, when the class loads", "[classes]") {
  ClassDir dir;
  dir.write("Counter", kCounter);
  dir.write("Holder", "classdef Holder\n  properties\n    C = Counter()\n  end\nend\n");
  auto r = dir.run(
      "h1 = Holder;\nh2 = Holder;\n"
      "h1.C.increment();\n"
      "fprintf('%d %d\\n', h2.C.Count, h1.C == h2.C);\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "1 1\n");
}

TEST_CASE("introspection: methods, properties, isprop, ismethod, struct", "[classes]") {
  ClassDir dir;
  dir.write("Point", kPoint);
  auto r = dir.run(
      "p = Point(1, 2);\n"
      "m = methods(p);\n"
      "fprintf('%s ', m{:});\nfprintf('\\n');\n"
      "disp(isequal(methods('Point'), m))\n"
      "fprintf('%d %d %d %d\\n', isprop(p, 'X'), isprop(p, 'Z'), ismethod(p, 'norm2'), "
      "ismethod(p, 'X'));\n"
      "s = struct(p);\n"
      "fprintf('%s %d\\n', class(s), s.Y);\n"
      "properties(p)\n"
      "fprintf('%d %d\\n', isobject(5), isobject(struct()));\n");
  REQUIRE(r.result.ok);
  CHECK(r.out ==
        "Point eq mtimes norm2 plus shift uminus \n   1\n1 0 1 0\nstruct 2\n"
        "\nProperties for class Point:\n\n    X\n    Y\n\n0 0\n");
}

TEST_CASE("class errors: unknown members, constructor arity, located", "[classes]") {
  ClassDir dir;
  dir.write("Point", kPoint);
  auto r1 = dir.run("p = Point(1, 2);\nx = p.Z;\n");
  REQUIRE_FALSE(r1.result.ok);
  CHECK(r1.result.error_identifier == "MATLAB:noSuchMethodOrField");
  CHECK(r1.result.error_report.find(
            "Unrecognized method, property, or field 'Z' for class 'Point'.") != std::string::npos);
  CHECK(r1.result.error_report.find("line 3") != std::string::npos);

  auto r2 = dir.run("p = Point(1, 2);\np.Z = 4;\n");
  REQUIRE_FALSE(r2.result.ok);
  CHECK(r2.result.error_report.find("Unrecognized property 'Z' for class 'Point'.") !=
        std::string::npos);

  auto r3 = dir.run("p = Point(1, 2, 3);\n");
  REQUIRE_FALSE(r3.result.ok);
  CHECK(r3.result.error_identifier == "MATLAB:TooManyInputs");

  auto r4 = dir.run("p = Point(1, 2);\np.fly(3);\n");
  REQUIRE_FALSE(r4.result.ok);
  CHECK(r4.result.error_report.find("Unrecognized method, property, or field 'fly'") !=
        std::string::npos);

  dir.write("Bad", "classdef Bad < NoSuchBase\nend\n");
  auto r5 = dir.run("b = Bad;\n");
  REQUIRE_FALSE(r5.result.ok);
  CHECK(r5.result.error_identifier == "MATLAB:class:InvalidSuperClass");
}

TEST_CASE("objects in cells and structs; calls without parentheses; statements", "[classes]") {
  ClassDir dir;
  dir.write("Point", kPoint);
  dir.write("Util",
            "classdef Util\n"
            "  methods (Static)\n"
            "    function show(x)\n"
            "      fprintf('show %d\\n', x);\n"
            "    end\n"
            "  end\n"
            "end\n");
  auto r = dir.run(
      "p = Point(1, 2);\n"
      "c = {p}\n"
      "s.pt = p;\n"
      "disp(s)\n"
      "n = p.norm2\n"
      "p.norm2\n"
      "Util.show(4)\n"
      "f = @(o) o.X + 1;\n"
      "disp(f(p))\n");
  REQUIRE(r.result.ok);
  CHECK(r.out ==
        "c =\n\n  1\u00d71 cell array\n\n    {1\u00d71 Point}\n\n"
        "    pt: [1\u00d71 Point]\n"
        "n =\n\n     5\n\n"
        "ans =\n\n     5\n\n"
        "show 4\n"
        "     2\n");
}

TEST_CASE("class folders: @Name/Name.m with methods in their own files", "[classes]") {
  ClassDir dir;
  fs::create_directories(dir.path / "@Wallet");
  dir.write("@Wallet/Wallet",
            "classdef Wallet < handle\n"
            "  properties (Access = private)\n"
            "    Coins = 0\n"
            "  end\n"
            "  methods\n"
            "    add(obj, n)\n"  // signature only: defined in add.m
            "    function n = count(obj)\n"
            "      n = obj.Coins;\n"
            "    end\n"
            "  end\n"
            "end\n");
  dir.write("@Wallet/add", "function add(obj, n)\n  obj.Coins = obj.Coins + n;\nend\n");
  auto r = dir.run(
      "w = Wallet;\n"
      "w.add(3);\n"
      "add(w, 4);\n"
      "fprintf('%d %d\\n', w.count(), ismethod(w, 'add'));\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "7 1\n");
}
