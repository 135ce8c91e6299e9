// The VM's double-scalar fast path (bytecode.hpp: ScalarProgram): which statements get one,
// and that running it never changes what a program computes, prints or reports: classes,
// complex results, NaN conditions, shadowing by variables and function files, globals.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "matlab_checks.hpp"
#include "runmat/lang/compiler.hpp"
#include "runmat/lang/parser.hpp"

using runmat::testing::expect_error;
using runmat::testing::run_matlab;
using runmat::testing::run_ok;
namespace fs = std::filesystem;

namespace {

std::string listing(const std::string& src) {
  auto parsed = runmat::lang::parse_program(src, "t.m");
  REQUIRE(parsed.ok);
  auto module = runmat::lang::compile_program(parsed.program);
  REQUIRE(module.ok());
  std::string out = runmat::lang::disassemble(module->script);
  for (const auto& f : module->functions) out += runmat::lang::disassemble(f);
  return out;
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("scalar statements and conditions get a fast path; others do not", "[scalar]") {
  const std::string code = listing(
      "acc = 0; k = 2;\n"
      "acc = acc + k*0.5 - 1;\n"        // arithmetic: yes
      "y = sin(k) * 0.5 + mod(k, 7);\n"  // calls: yes
      "b = k > 1;\n"                     // logical result: no (must stay logical)
      "z = acc;\n"                       // a copy: nothing to gain
      "w = [k 1];\n"                     // a matrix: no
      "if k > 1 && acc ~= 3, end\n"      // condition: yes
      "while k < 10, k = k + 1; end\n");  // condition + body: yes
  CHECK(count(code, "SCALAR_EXPR") == 3);
  CHECK(count(code, "SCALAR_COND") == 2);
}

TEST_CASE("scalar loops compute what the general path computes", "[scalar]") {
  // The same arithmetic once on scalars (fast path) and once on 1x1 arrays built by indexing
  // a vector (general path), printed in full precision.
  const std::string out = run_ok(
      "acc = 0; v = [0 0];\n"
      "for k = 1:2000\n"
      "  acc = acc + sin(k) * 0.5 + mod(k, 7) - k^2/3 + 2\\k;\n"
      "  t = v(1) + k;\n"  // general path only: v(1) is indexing
      "  v(1) = v(1) + sin(t - v(1)) * 0.5 + mod(t - v(1), 7) - (t - v(1))^2/3 + 2\\(t - v(1));\n"
      "end\n"
      "fprintf('%.17g\\n%.17g\\n', acc, v(1));\n");
  const auto nl = out.find('\n');
  REQUIRE(nl != std::string::npos);
  CHECK(out.substr(0, nl) == out.substr(nl + 1, out.size() - nl - 2));
}

TEST_CASE("fast-path results keep MATLAB's classes and complex results", "[scalar]") {
  CHECK(run_ok("k = 3; b = isnan(k + 1); disp(class(b))") == "logical\n");
  CHECK(run_ok("x = -8; y = x^(1/3); fprintf('%d\\n', isreal(y)); disp(class(y))") == "0\ndouble\n");
  CHECK(run_ok("x = -4; y = sqrt(x) + 1; disp(y)") == "   1.0000 + 2.0000i\n");
  CHECK(run_ok("x = int8(100); y = x * 2 + 1; disp(class(y)); fprintf('%d\\n', y)") == "int8\n127\n");
  CHECK(run_ok("x = single(2); y = x * 3 + 1; disp(class(y))") == "single\n");
  CHECK(run_ok("x = 2; y = 3\\6 + x; fprintf('%g\\n', y)") == "4\n");
  CHECK(run_ok("x = 1.5\ny = x * 2 + pi") == "x =\n\n    1.5000\n\ny =\n\n    6.1416\n\n");
}

TEST_CASE("conditions: NaN has no truth value, && and || keep their errors", "[scalar]") {
  expect_error("x = NaN; if x + 1, disp(1), end", "MATLAB:nologicalnan");
  expect_error("x = NaN; while x * 2, end", "MATLAB:nologicalnan");
  CHECK(run_ok("x = 0; n = 0; while x < 5 && n >= 0, x = x + 1; n = n + 2; end; fprintf('%g\\n', n)") ==
        "10\n");
  CHECK(run_ok("x = 3; if x > 2 || undefined_thing_xyz, disp('short-circuit'), end") ==
        "short-circuit\n");
}

TEST_CASE("a variable or a function file shadows a math builtin in the fast path", "[scalar]") {
  // A variable created by eval has no slot in the script: the call site must index it.
  CHECK(run_ok("k = 1;\nfor i = 1:2\n  y = mod(k, 1) + 1;\n  fprintf('%g\\n', y)\n  eval('mod = [10 20];');\n"
               "end") == "1\n11\n");
  // A function file on the path that appears between two runs of the same call site.
  const fs::path dir = fs::temp_directory_path() / ("runmat-scalar-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "sin.m") << "function y = sin(x)\n  y = 42 + x;\nend\n";
  const std::string out = run_ok("for i = 1:2\n  y = sin(0) + 1;\n  fprintf('%g\\n', y)\n  addpath('" +
                                 dir.string() + "');\nend\nrmpath('" + dir.string() + "');\n");
  fs::remove_all(dir);
  CHECK(out == "1\n43\n");
}

TEST_CASE("the fast path writes global variables through their binding", "[scalar]") {
  CHECK(run_ok("global g\ng = 1;\nfor k = 1:3, g = g * 2 + k; end\nshow()\n"
               "function show()\n  global g\n  fprintf('%g\\n', g)\nend\n") == "19\n");
}
