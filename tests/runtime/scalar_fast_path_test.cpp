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

TEST_CASE("element reads and writes: v(i), A(i,j) in scalar statements", "[scalar]") {
  const std::string code = listing(
      "x = zeros(1, 5); y = x; A = magic(4); k = 2;\n"
      "y(k) = 0.9*y(k-1) + 0.1*x(k);\n"  // element store of a scalar expression: yes
      "s = A(2,3) + A(4,4);\n"            // element reads: yes
      "y(end) = 1;\n"                     // `end`: no
      "y(:) = 2;\n");                     // ':': no
  // 4: the two above, and zeros(1, 5) and magic(4), whose names the VM resolves at run time
  // (they are not scalar math, so those statements always take the general path).
  CHECK(count(code, "SCALAR_EXPR") == 4);
  // The recurrence through the fast path equals the general path's (a call of a function that
  // is not scalar math makes every run of that statement take the general path).
  const std::string out = run_ok(
      "x = sin(1:3000); y1 = zeros(1, 3000); y2 = y1;\n"
      "for k = 2:3000\n"
      "  y1(k) = 0.9*y1(k-1) + 0.1*x(k);\n"
      "  y2(k) = 0.9*y2(k-1) + 0.1*x(k) + zeros(1);\n"
      "end\n"
      "fprintf('%d %.17g\\n', isequal(y1, y2), y1(end));\n"
      "A = magic(4); s = A(2,3) + A(4,4); A(2,3) = 0; B = zeros(2,2,2); B(2,4) = 7;\n"
      "fprintf('%g %g %g %g\\n', s, A(2,3), B(2,2,2), sum(A(:)));\n");
  CHECK(out.substr(0, 2) == "1 ");
  CHECK(out.substr(out.find('\n') + 1) == "11 0 7 126\n");
}

TEST_CASE("element stores keep copy-on-write, growth, classes and errors", "[scalar]") {
  // A shared array is copied before the write (the general path does it).
  CHECK(run_ok("a = zeros(1,3); b = a; k = 2; a(k) = 5; fprintf('%g %g\\n', a(2), b(2));") ==
        "5 0\n");
  // Growth and non-double arrays go through the general path.
  CHECK(run_ok("v = []; for k = 1:4, v(k) = k * 2; end; fprintf('%g ', v); fprintf('\\n');") ==
        "2 4 6 8 \n");
  CHECK(run_ok("v = int8([1 2 3]); k = 2; v(k) = 300; disp(class(v)); fprintf('%d\\n', v(2));") ==
        "int8\n127\n");
  CHECK(run_ok("m = [true false]; k = 1; x = m(k); disp(class(x)); s = 'abc'; c = s(k + 1);"
               " disp(class(c)); disp(c)") == "logical\nchar\nb\n");
  CHECK(run_ok("v = [1 2 3]; k = 2;\nv(k) = 7\n") == "v =\n\n     1     7     3\n\n");
  CHECK(run_ok("global G\nG = zeros(1,3); k = 2; G(k) = 4 + k;\nshow()\n"
               "function show()\n  global G\n  fprintf('%g ', G); fprintf('\\n');\nend\n") ==
        "0 6 0 \n");
  expect_error("v = [1 2]; k = 3; x = v(k) + 1;", "MATLAB:badsubscript");
  expect_error("v = [1 2]; k = 1.5; x = v(k) + 1;", "MATLAB:badsubscript");
  expect_error("v = [1 2]; k = 0; v(k) = 1;", "MATLAB:index:outOfBounds");
}
