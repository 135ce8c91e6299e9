// Function semantics and the workspace: nargin/nargout, varargin/varargout, `~` inputs,
// narginchk/nargoutchk, unpassed inputs, exist/isvarname/clear/who/whos, comma-separated-list
// assignment targets, function files on the path (cached, recompiled on change), scripts
// called by name, which, format.
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "runtime_fixture.hpp"

using runmat::testing::run_matlab;
namespace fs = std::filesystem;

namespace {

bool reports(const runmat::testing::RunCapture& r, const std::string& text) {
  return r.result.error_report.find(text) != std::string::npos;
}

// A fresh folder for .m files, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    static int n = 0;
    path = fs::temp_directory_path() /
           ("runmat-fn-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
  }
};

}  // namespace

TEST_CASE("nargin, nargout and default inputs", "[functions]") {
  auto r = run_matlab(
      "fprintf('%g\\n', addn(1));\n"
      "fprintf('%g\\n', addn(1, 5));\n"
      "[a, b] = two_out();\n"
      "fprintf('%d %d\\n', a, b);\n"
      "x = two_out();\n"
      "fprintf('%d\\n', x);\n"
      "fprintf('%d %d\\n', nargin('addn'), nargout('two_out'));\n"
      "fprintf('%d %d\\n', nargin('va'), nargout('va'));\n"
      "function r = addn(a, b)\n"
      "  if nargin < 2\n    b = 10;\n  end\n"
      "  r = a + b;\nend\n"
      "function [a, b] = two_out()\n  a = nargout;\n  b = 2;\nend\n"
      "function varargout = va(x, varargin)\n  varargout = varargin;\nend\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "11\n6\n2 2\n1\n2 2\n-2 -1\n");
}

TEST_CASE("an input that was not passed is an error only when used", "[functions]") {
  auto r = run_matlab("f(1)\nfunction f(a, b)\n  disp(a);\n  disp(b);\nend\n");
  CHECK(r.out == "     1\n");
  CHECK(r.result.error_identifier == "MATLAB:minrhs");
  CHECK(reports(r, "Not enough input arguments."));
  auto r2 = run_matlab("g(1)\nfunction g(a, b)\n  c = b + 1;\nend\n");
  CHECK(r2.result.error_identifier == "MATLAB:minrhs");
  auto r3 = run_matlab("g(1, 2, 3)\nfunction g(a, b)\nend\n");
  CHECK(r3.result.error_identifier == "MATLAB:TooManyInputs");
  auto r4 = run_matlab("[a, b] = g(1)\nfunction y = g(a)\n  y = a;\nend\n");
  CHECK(r4.result.error_identifier == "MATLAB:TooManyOutputs");
}

TEST_CASE("varargin and varargout", "[functions]") {
  auto r = run_matlab(
      "fprintf('%s\\n', describe());\n"
      "fprintf('%s\\n', describe('x', 2));\n"
      "[a, b, c] = multi();\n"
      "fprintf('%g %g %g\\n', a, b, c);\n"
      "x = multi();\n"
      "fprintf('%g\\n', x);\n"
      "[~, second] = multi();\n"
      "fprintf('%g\\n', second);\n"
      "[p, q] = spread(7, 8);\n"
      "fprintf('%g %g\\n', p, q);\n"
      "[h, t] = headtail(1, 2, 3);\n"
      "fprintf('%g %g\\n', h, numel(t));\n"
      "function s = describe(varargin)\n"
      "  s = sprintf('%d args, class %s, %d', nargin, class(varargin), numel(varargin));\nend\n"
      "function varargout = multi()\n"
      "  for k = 1:max(nargout, 1)\n    varargout{k} = k * 10;\n  end\nend\n"
      "function varargout = spread(varargin)\n  varargout = varargin;\nend\n"
      "function [h, varargout] = headtail(h, varargin)\n  varargout{1} = varargin;\nend\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "0 args, class cell, 0\n2 args, class cell, 2\n10 20 30\n10\n20\n7 8\n1 2\n");
  auto short_out =
      run_matlab("[a, b] = one();\nfunction varargout = one()\n  varargout{1} = 1;\nend\n");
  CHECK(short_out.result.error_identifier == "MATLAB:unassignedOutputs");
}

TEST_CASE("~ in a function's inputs ignores that argument", "[functions]") {
  auto r = run_matlab(
      "disp(second(1, 2))\n"
      "disp(third(1, 2, 3))\n"
      "function y = second(~, b)\n  y = b;\nend\n"
      "function y = third(~, ~, c)\n  y = c * nargin;\nend\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "     2\n     9\n");
}

TEST_CASE("narginchk and nargoutchk", "[functions]") {
  auto r = run_matlab(
      "f(1);\n"
      "try\n  f();\ncatch e\n  disp(e.identifier); disp(e.message);\nend\n"
      "try\n  f(1, 2, 3);\ncatch e\n  disp(e.identifier);\nend\n"
      "try\n  [a, b, c] = g();\ncatch e\n  disp(e.identifier);\nend\n"
      "try\n  g();\ncatch e\n  disp(e.identifier); disp(e.message);\nend\n"
      "function f(varargin)\n  narginchk(1, 2);\nend\n"
      "function varargout = g()\n  nargoutchk(1, 2);\n  varargout = {1, 2};\nend\n");
  REQUIRE(r.result.ok);
  CHECK(r.out ==
        "MATLAB:narginchk:notEnoughInputs\nNot enough input arguments.\n"
        "MATLAB:narginchk:tooManyInputs\n"
        "MATLAB:nargoutchk:tooManyOutputs\n"
        "MATLAB:nargoutchk:notEnoughOutputs\nNot enough output arguments.\n");
}

TEST_CASE("exist, isvarname, clear", "[functions][workspace]") {
  auto r = run_matlab(
      "x = 1;\n"
      "fprintf('%d %d %d %d\\n', exist('x'), exist('sin'), exist('nosuchthing_q'), "
      "exist('x', 'builtin'));\n"
      "fprintf('%d %d %d %d\\n', isvarname('a1'), isvarname('1a'), isvarname('end'), "
      "isvarname(3));\n"
      "y = 2; z = 3;\n"
      "clear x\n"
      "fprintf('%d %d\\n', exist('x'), exist('y'));\n"
      "clear\n"
      "fprintf('%d %d\\n', exist('y'), exist('z'));\n"
      "abc = 1; abd = 2; b = 3;\n"
      "clear ab*\n"
      "fprintf('%d %d %d\\n', exist('abc'), exist('abd'), exist('b'));\n"
      "q = 5;\nclear q\n"
      "q\n");
  CHECK(r.out == "1 5 0 0\n1 0 0 0\n0 1\n0 0\n0 0 1\n");
  CHECK(r.result.error_identifier == "MATLAB:UndefinedFunction");
  CHECK(reports(r, "Unrecognized function or variable 'q'."));
}

TEST_CASE("who and whos list the current workspace", "[functions][workspace]") {
  auto r = run_matlab(
      "a = 1; bb = 'hi'; c = int8([1 2 3]);\nwho\nwhos\nf()\n"
      "function f()\n  inner = 2;\n  who\nend\n");
  REQUIRE(r.result.ok);
  CHECK(r.out ==
        "\nYour variables are:\n\na   bb  c   \n\n"
        "  Name      Size            Bytes  Class     Attributes\n\n"
        "  a         1x1                 8  double              \n"
        "  bb        1x2                 4  char                \n"
        "  c         1x3                 3  int8                \n\n"
        "\nYour variables are:\n\ninner  \n\n");
  auto names = run_matlab("a = 1; b = 2;\nw = who;\ndisp(size(w));\ndisp(w{2});\n");
  CHECK(names.out == "     2     1\nb\n");
}

TEST_CASE("multiple assignment to comma-separated-list targets", "[functions][assign]") {
  auto r = run_matlab(
      "p = struct('x', {1, 3}, 'y', {2, 4});\n"
      "[p.y] = deal(0);\n"
      "fprintf('%g ', [p.y]); fprintf('\\n');\n"
      "[p.x] = deal(7, 8);\n"
      "fprintf('%g ', [p.x]); fprintf('\\n');\n"
      "[c{1:2}] = deal(1, 2);\n"
      "fprintf('%g %g %d\\n', c{1}, c{2}, numel(c));\n"
      "s.f = 0; b = [9 9 9];\n"
      "[a, b(2), s.f] = three();\n"
      "fprintf('%g %g %g %g %g\\n', a, b, s.f);\n"
      "[q, r.list{1:2}] = three();\n"
      "fprintf('%g %g %g\\n', q, r.list{:});\n"
      "function [a, b, c] = three()\n  a = 1; b = 2; c = 3;\nend\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "0 0 \n7 8 \n1 2 2\n1 9 2 9 3\n1 2 3\n");
}

TEST_CASE("function files on the path, cached and recompiled when changed", "[functions][path]") {
  TempDir dir;
  dir.write("twice_fn.m",
            "function y = twice_fn(x)\n  y = helper(x) * 2;\nend\n"
            "function z = helper(x)\n  z = x + 0;\nend\n");
  dir.write("setvars_script.m", "made_here = base + 1;\nbase = 100;\n");
  const std::string add = "addpath('" + dir.path.string() + "');\n";
  auto r = run_matlab(add +
                      "disp(twice_fn(4))\n"
                      "base = 1;\nsetvars_script\n"
                      "fprintf('%d %d %d\\n', made_here, base, exist('twice_fn'));\n"
                      "h = @twice_fn;\ndisp(h(1))\n"
                      "w = which('twice_fn');\ndisp(strcmp(w(end-9:end), 'twice_fn.m'))\n"
                      "which sin\n"
                      "rmpath('" +
                      dir.path.string() +
                      "');\n"
                      "disp(exist('twice_fn'))\n");
  REQUIRE(r.result.ok);
  CHECK(r.out == "     8\n2 100 2\n     2\n   1\nbuilt-in (runmat/sin)\n     0\n");

  // One session: the file is compiled once, and again when it changes on disk.
  std::ostringstream out, err;
  auto o = runmat::testing::test_options();
  o.out = &out;
  o.err = &err;
  runmat::runtime::Runtime rt(o);
  REQUIRE(rt.run_source(add + "disp(twice_fn(1))\n", "a.m").ok);
  dir.write("twice_fn.m", "function y = twice_fn(x)\n  y = x * 3;\nend\n");
  fs::last_write_time(dir.path / "twice_fn.m",
                      fs::last_write_time(dir.path / "twice_fn.m") + std::chrono::seconds(5));
  REQUIRE(rt.run_source("disp(twice_fn(1))\n", "b.m").ok);
  CHECK(out.str() == "     2\n     3\n");
}

TEST_CASE("unknown functions: MATLAB's message; bad path entries warn", "[functions][path]") {
  auto r = run_matlab("y = no_such_function_zz(1);\n");
  CHECK(r.result.error_identifier == "MATLAB:UndefinedFunction");
  CHECK(reports(r, "Unrecognized function or variable 'no_such_function_zz'."));
  auto w = run_matlab("addpath('/no/such/dir/zz');\nwhich no_such_function_zz\n");
  REQUIRE(w.result.ok);
  CHECK(w.err == "Warning: Name is nonexistent or not a directory: /no/such/dir/zz\n");
  CHECK(w.out == "'no_such_function_zz' not found.\n");
}

TEST_CASE("format long and format compact", "[functions][format]") {
  auto r = run_matlab(
      "format long\nx = pi\ny = [1/3 2/3]\nk = 3\n"
      "format compact\nx\nformat short\nx\nformat loose\nx\n");
  REQUIRE(r.result.ok);
  CHECK(r.out ==
        "x =\n\n   3.141592653589793\n\n"
        "y =\n\n   0.333333333333333   0.666666666666667\n\n"
        "k =\n\n     3\n\n"
        "x =\n   3.141592653589793\n"
        "x =\n    3.1416\n"
        "x =\n\n    3.1416\n\n");
  auto bad = run_matlab("format weird\n");
  CHECK(bad.result.error_identifier == "MATLAB:format:UnknownFormat");
}
