// classdef files through the parser and compiler: superclass-call names (obj@Base), the
// functions a class module holds (methods, accessors, property defaults), and the
// instructions for obj.method(args), Cls.static(args) and obj@Base(args) in a constructor.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

#include "runmat/lang/bytecode.hpp"
#include "runmat/lang/compiler.hpp"
#include "runmat/lang/parser.hpp"
#include "sexpr.hpp"

using runmat::lang::test::E;

namespace {

runmat::lang::Module compile(const std::string& src) {
  runmat::lang::ParseResult parsed = runmat::lang::parse_program(src, "T.m");
  REQUIRE(parsed.ok);
  auto m = runmat::lang::compile_program(parsed.program);
  REQUIRE(m.ok());
  return *std::move(m);
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("class: obj@Base and name@Base parse as one name", "[parser][classes]") {
  CHECK(E("obj@Base(1, 2)") == "(() obj@Base 1 2)");
  CHECK(E("area@pkg.Shape(obj)") == "(() area@pkg.Shape obj)");
  // With a space it is not a superclass call: @Base is a function handle argument.
  CHECK(E("f(@Base)") == "(() f @Base)");
}

TEST_CASE("class: a classdef module holds methods, accessors and defaults", "[compiler][classes]") {
  const runmat::lang::Module m = compile(
      "classdef T < B\n"
      "  properties\n    X = 1 + 2\n    Y\n  end\n"
      "  methods\n"
      "    function obj = T(a)\n      obj@B(a);\n      obj.X = obj.helper(a);\n    end\n"
      "    function v = get.Y(obj)\n      v = T.twice(obj.X);\n    end\n"
      "  end\n"
      "  methods (Static)\n    function r = twice(x)\n      r = 2 * x;\n    end\n  end\n"
      "end\n"
      "function z = local_fn()\n  z = 0;\nend\n");
  REQUIRE(m.functions.size() == 5);
  CHECK(m.functions[0].name == "T");
  CHECK(m.functions[1].name == "get.Y");
  CHECK(m.functions[2].name == "twice");
  CHECK(m.functions[3].name == "(default)X");
  CHECK(m.functions[4].name == "local_fn");
  const std::string ctor = runmat::lang::disassemble(m.functions[0]);
  const std::string getter = runmat::lang::disassemble(m.functions[1]);
  // obj@B(a): the object and a go to "@B", whose result is stored back into obj.
  const auto& names = m.functions[0].names;
  CHECK(std::find(names.begin(), names.end(), "@B") != names.end());
  CHECK(has(ctor, "METHOD_CALL"));  // obj.helper(a)
  const auto& gnames = m.functions[1].names;
  CHECK(std::find(gnames.begin(), gnames.end(), "T.twice") != gnames.end());
  CHECK_FALSE(has(getter, "METHOD_CALL"));
}
