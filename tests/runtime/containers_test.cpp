// Cells, structs, strings, function handles and try/catch through the compiler and VM:
// literals, brace and field access, comma-separated lists, assignment chains, growth and
// deletion, display, and MATLAB's errors.
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

std::string error_of(const std::string& src) {
  auto r = run_matlab(src);
  REQUIRE_FALSE(r.result.ok);
  return r.result.error_identifier + " | " + r.result.error_report;
}

}  // namespace

TEST_CASE("cell literals, brace reads and paren reads", "[containers][cell]") {
  CHECK(out_of("c = {1, 'two', [3 4 5]};\n"
               "fprintf('%s %s %s %g\\n', class(c), class(c(2)), c{2}, c{3}(2));\n"
               "fprintf('%d %d\\n', size(c));\n"
               "n = {1, {2, {3}}}; fprintf('%g\\n', n{2}{2}{1});\n"
               "m = {1 2; 3 4}; fprintf('%d %d %g\\n', size(m), m{2,1});\n") ==
        "cell cell two 4\n1 3\n3\n2 2 3\n");
}

TEST_CASE("empty cell literals and struct arrays from empty cells", "[containers][cell]") {
  CHECK(out_of("c = {}; fprintf('%s %d %d\\n', class(c), size(c));\n"
               "p = struct('x', {}, 'y', {}); fprintf('%s %d %d\\n', class(p), size(p));\n"
               "p(2).x = 3; fprintf('%d %d\\n', numel(p), isempty(p(1).y));\n") ==
        "cell 0 0\nstruct 0 0\n2 1\n");
}

TEST_CASE("cell growth, end+1, deletion and concatenation", "[containers][cell]") {
  CHECK(out_of("c = {1, 'two'}; c{5} = 'five';\n"
               "fprintf('%d %d\\n', numel(c), isempty(c{4}));\n"
               "f = {}; f{end+1} = 'a'; f{end+1} = 'b'; fprintf('%s', f{:}); fprintf('\\n');\n"
               "c(2) = []; fprintf('%d\\n', numel(c));\n"
               "e = [c(1:2), {'x'}]; fprintf('%d\\n', numel(e));\n"
               "w = [{1}, 2]; fprintf('%s %d\\n', class(w), numel(w));\n") ==
        "5 1\nab\n4\n3\ncell 2\n");
}

TEST_CASE("appending in a loop keeps every element (in-place growth)", "[containers][growth]") {
  CHECK(out_of("x = []; for k = 1:1000, x(end+1) = k; end\n"
               "c = {}; for k = 1:1000, c{end+1} = k; end\n"
               "v = zeros(2, 1); for k = 1:3, v(end+1) = k; end\n"
               "m = zeros(2, 0); for k = 1:3, m(:, end+1) = [k; -k]; end\n"
               "r = 7; r(4) = 1;\n"
               "fprintf('%g %g %g %d %d %g\\n', sum(x), x(1000), c{1000}, numel(c), v(3), "
               "sum(m(2, :)));\n"
               "fprintf('%d %d %d %d ', size(v), size(m)); fprintf('%g ', r); fprintf('\\n');\n") ==
        "500500 1000 1000 1000 1 -6\n5 1 2 3 7 0 0 1 \n");
}

TEST_CASE("comma-separated lists feed calls, matrices and multiple assignment",
          "[containers][cslist]") {
  CHECK(out_of("c = {1, 2, 3}; v = [c{:}]; fprintf('%g ', v); fprintf('\\n');\n"
               "fprintf('%g\\n', max(c{2:3}));\n"
               "a = {2, 3}; z = zeros(a{:}); fprintf('%d %d\\n', size(z));\n"
               "[p, q] = c{1:2}; fprintf('%g %g\\n', p, q);\n"
               "s = struct('v', {10, 20, 30}); fprintf('%g ', [s.v]); fprintf('\\n');\n") ==
        "1 2 3 \n3\n2 3\n1 2\n10 20 30 \n");
  CHECK(error_of("c = {1, 2}; x = c{:} + 1;").find("MATLAB:index:expected_one_output") == 0);
  CHECK(error_of("c = {1}; [a, b] = c{:};").find("MATLAB:needMoreRhsOutputs") == 0);
}

TEST_CASE("structs: fields, nesting, dynamic names, arrays and assignment chains",
          "[containers][struct]") {
  CHECK(out_of("s.name = 'Ada'; s.age = 36; s.address.city = 'London';\n"
               "fprintf('%s %d %s\\n', s.name, s.age, s.address.city);\n"
               "k = 'dyn'; s.(k) = 5; fprintf('%g\\n', s.dyn);\n"
               "f = fieldnames(s); fprintf('%s ', f{:}); fprintf('\\n');\n"
               "u(3).v = 5; fprintf('%d %d\\n', numel(u), isempty(u(1).v));\n"
               "u(2).w = 'x'; fprintf('%d\\n', numel(fieldnames(u)));\n"
               "t.list = {}; t.list{end+1} = 'a'; t.list{end+1} = 'b';\n"
               "fprintf('%d %s\\n', numel(t.list), t.list{2});\n"
               "r.a{2}(3).b = 5; fprintf('%s %d %g\\n', class(r.a), numel(r.a{2}), r.a{2}(3).b);\n"
               "x.data = zeros(1, 3); for i = 1:3, x.data(i) = i * 2; end\n"
               "fprintf('%g ', x.data); fprintf('\\n');\n"
               "x.data(2) = []; fprintf('%d\\n', numel(x.data));\n") ==
        "Ada 36 London\n5\nname age address dyn \n3 1\n2\n2 b\ncell 3 5\n2 4 6 \n2\n");
  CHECK(error_of("s.a = 1; s.b").find("MATLAB:nonExistentField") == 0);
  CHECK(error_of("x = 5; x.f = 1;").find("MATLAB:structAssToNonStruct") == 0);
  CHECK(error_of("x = 5; y = x{1};").find("MATLAB:cellRefFromNonCell") == 0);
}

TEST_CASE("a failed nested assignment leaves the variable intact", "[containers][struct]") {
  CHECK(out_of("s.data = [1 2 3];\n"
               "try\n  s.data(0) = 1;\ncatch\nend\n"
               "fprintf('%g ', s.data); fprintf('\\n');\n") == "1 2 3 \n");
}

TEST_CASE("struct(), cell(), and conversions", "[containers][builtins]") {
  CHECK(out_of("t = struct('a', 1, 'b', 'text'); fprintf('%g %s\\n', t.a, t.b);\n"
               "u = struct('v', {10, 20, 30}); fprintf('%d %d %g\\n', size(u), u(2).v);\n"
               "d = cell(2, 3); fprintf('%d %d\\n', size(d));\n"
               "c = num2cell([1 2 3]); fprintf('%s %d\\n', class(c), numel(c));\n"
               "m = cell2mat({[1 2], [3]; [4 5], [6]}); fprintf('%g ', m); fprintf('\\n');\n"
               "s = cell2struct({1; 'b'}, {'one'; 'two'}, 1); fprintf('%g %s\\n', s.one, s.two);\n"
               "v = struct2cell(struct('p', 5, 'q', 'z')); fprintf('%g %s\\n', v{1}, v{2});\n"
               "fprintf('%d %d\\n', iscellstr({'a', 'b'}), iscellstr({'a', 1}));\n"
               "r = rmfield(t, 'a'); fprintf('%d %d\\n', isfield(r, 'a'), isfield(r, 'b'));\n"
               "[a, b] = deal(7); fprintf('%g %g\\n', a, b);\n") ==
        "1 text\n1 3 20\n2 3\ncell 3\n1 4 2 5 3 6 \n1 b\n5 z\n1 0\n0 1\n7 7\n");
}

TEST_CASE("function handles and anonymous functions", "[containers][handles]") {
  CHECK(out_of("f = @(x) x.^2 + 1; fprintf('%g\\n', f(3));\n"
               "a = 10; g = @(x) x + a; a = 0; fprintf('%g\\n', g(1));\n"
               "h = @sin; fprintf('%.4f\\n', h(pi/2));\n"
               "fprintf('%s | %s\\n', func2str(f), func2str(h));\n"
               "k = str2func('@(x, y) x * y'); fprintf('%g\\n', k(3, 4));\n"
               "fprintf('%g\\n', feval(@plus, 2, 3));\n"
               "fprintf('%g\\n', feval('max', [4 9 2]));\n"
               "adder = @(n) @(x) x + n; add5 = adder(5); fprintf('%g\\n', add5(1));\n"
               "fprintf('%g\\n', sq(4));\n"
               "function y = sq(x)\n  y = x * x;\nend\n") ==
        "10\n11\n1.0000\n@(x)x.^2+1 | sin\n12\n5\n9\n6\n16\n");
  CHECK(out_of("f = @twice; fprintf('%g\\n', f(21));\n"
               "function y = twice(x)\n  y = 2 * x;\nend\n") == "42\n");
  CHECK(error_of("f = @(x) x; f(1, 2)").find("MATLAB:TooManyInputs") == 0);
}

TEST_CASE("cellfun, arrayfun and structfun", "[containers][handles]") {
  CHECK(out_of("n = cellfun(@numel, {'ab', 'cde', ''}); fprintf('%g ', n); fprintf('\\n');\n"
               "e = cellfun(@isempty, {1, [], 'x'}); fprintf('%s %d%d%d\\n', class(e), e);\n"
               "c = cellfun(@(x) x * 2, {1, [1 2]}, 'UniformOutput', false);\n"
               "fprintf('%d %d\\n', numel(c{1}), numel(c{2}));\n"
               "[mx, ix] = cellfun(@max, {[1 5 2], [7 3]}); fprintf('%g %g %g %g\\n', mx, ix);\n"
               "sq = arrayfun(@(x) x^2, [1 2 3]); fprintf('%g ', sq); fprintf('\\n');\n"
               "r = structfun(@(x) x * 10, struct('a', 1, 'b', 2)); fprintf('%g ', r);\n"
               "fprintf('\\n');\n"
               "v = cellfun(@(x) error('boom'), {1, 2}, 'ErrorHandler', @(err, x) -x);\n"
               "fprintf('%g ', v); fprintf('\\n');\n") ==
        "2 3 0 \nlogical 010\n1 2\n5 7 2 1\n1 4 9 \n10 20 \n-1 -2 \n");
  CHECK(error_of("cellfun(@(x) [x x], {1, 2})").find("MATLAB:cellfun:NotAScalarOutput") == 0);
  CHECK(out_of("s = arrayfun(@(k) struct('v', k), [1 2; 3 4]);\n"
               "fprintf('%s %d %d %g\\n', class(s), size(s), s(2, 1).v);\n"
               "z = arrayfun(@(k) k * 1i, 1:2); fprintf('%g ', imag(z)); fprintf('\\n');\n") ==
        "struct 2 2 3\n1 2 \n");
}

TEST_CASE("try/catch, MException, error forms, rethrow", "[containers][errors]") {
  CHECK(
      out_of("try\n  error('pkg:mod:thing', 'Value %s is bad (%d)', 'abc', 7);\n"
             "catch e\n  fprintf('%s|%s|%s\\n', e.identifier, e.message, class(e));\nend\n"
             "try\n  error('no identifier: %d', 5);\ncatch e\n"
             "  fprintf('[%s] %s\\n', e.identifier, e.message);\nend\n"
             "try\n  ones(2,3) + ones(3,2);\ncatch err\n  fprintf('%s\\n', err.identifier);\nend\n"
             "try\n  try\n    error('in:ner', 'inner');\n  catch q\n    rethrow(q);\n  end\n"
             "catch outer\n  fprintf('%s\\n', outer.identifier);\nend\n"
             "for k = 1:3\n  try\n    if k == 2, continue; end\n    if k == 3, break; end\n"
             "  catch\n  end\nend\n"
             "try\n  error('late:id', 'late');\ncatch z\n  fprintf('%s\\n', z.message);\nend\n"
             "m = MException('a:b', 'x=%d', 3); fprintf('%s %s\\n', m.identifier, m.message);\n"
             "try, throw(m); catch w, fprintf('%s\\n', w.message); end\n"
             "try, assert(false, 'as:id', 'n=%d', 1); catch w, fprintf('%s %s\\n', "
             "w.identifier, w.message); end\n"
             "try, x = undefined_thing + 1; catch, fprintf('%s\\n', lasterr); end\n") ==
      "pkg:mod:thing|Value abc is bad (7)|MException\n[] no identifier: 5\n"
      "MATLAB:sizeDimensionsMustMatch\nin:ner\nlate\na:b x=3\nx=3\nas:id n=1\n"
      "Unrecognized function or variable 'undefined_thing'.\n");
  auto r = run_matlab("fprintf('before\\n');\nerror('custom:fail', 'stopping here');\n");
  CHECK_FALSE(r.result.ok);
  CHECK(r.out == "before\n");
  CHECK(r.result.error_identifier == "custom:fail");
}

TEST_CASE("display of cells, structs, strings and handles", "[containers][display]") {
  CHECK(out_of("x = 123456789") == "x =\n\n   123456789\n\n");
  CHECK(out_of("x = 1e9") == "x =\n\n   1.0000e+09\n\n");
  CHECK(out_of("c = {1, 'a'}") == "c =\n\n  1\u00d72 cell array\n\n    {[1]}    {'a'}\n\n");
  CHECK(out_of("f = @(t) t.^2") == "f =\n\n  function_handle with value:\n\n    @(t)t.^2\n\n");
  CHECK(out_of("s.a = 1; s.bcd = 'x'; s") ==
        "s = \n\n  struct with fields:\n\n      a: 1\n    bcd: 'x'\n\n");
  CHECK(out_of("x = \"hi\"") == "x = \n\n    \"hi\"\n\n");
  CHECK(out_of("s = [\"a\", \"bb\"]") ==
        "s = \n\n  1\u00d72 string array\n\n    \"a\"    \"bb\"\n\n");
  CHECK(out_of("c = {1; 10}") == "c =\n\n  2\u00d71 cell array\n\n    {[ 1]}\n    {[10]}\n\n");
}
