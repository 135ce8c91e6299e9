// containers.Map: constructor forms and inferred KeyType/ValueType, M(key) reads and writes,
// reference semantics, keys/values/isKey/remove (function and dot syntax), Count, length,
// size, numeric key types, display, jsonencode, and MATLAB's errors.
#include <catch2/catch.hpp>

#include "matlab_checks.hpp"

namespace {

using runmat::testing::expect_error;
using runmat::testing::run_ok;

}  // namespace

TEST_CASE("containers.Map construction and properties", "[builtins][map]") {
  CHECK(run_ok("M = containers.Map(); fprintf('%d %s %s %s', M.Count, M.KeyType, M.ValueType, "
               "class(M));") == "0 char any containers.Map");
  CHECK(run_ok("M = containers.Map('KeyType', 'double', 'ValueType', 'any'); "
               "fprintf('%s %s', M.KeyType, M.ValueType);") == "double any");
  CHECK(run_ok("M = containers.Map({'Jan', 'Feb', 'Mar'}, [327.2 368.2 197.6]); "
               "fprintf('%d %s %s %g', M.Count, M.KeyType, M.ValueType, M('Feb'));") ==
        "3 char double 368.2");
  CHECK(run_ok("M = containers.Map({'a', 'b'}, {'x', 'yy'}); fprintf('%s %s', M.ValueType, "
               "M('b'));") == "char yy");
  CHECK(run_ok("M = containers.Map({'a', 'b'}, {1, 'x'}); disp(M.ValueType);") == "any\n");
  CHECK(run_ok("M = containers.Map({'a', 'b'}, {1, 2}, 'UniformValues', false); "
               "disp(M.ValueType);") == "any\n");
  CHECK(run_ok("M = containers.Map('k', [1 2 3]); v = M('k'); fprintf('%d %s', numel(v), "
               "M.ValueType);") == "3 any");
  CHECK(run_ok("M = containers.Map([3 1 2], {'c', 'a', 'b'}); k = keys(M); "
               "fprintf('%s %g %g %s', M.KeyType, k{1}, k{3}, M(2));") == "double 1 3 b");
  CHECK(run_ok("M = containers.Map(int32(5), 'five'); k = keys(M); "
               "fprintf('%s %s %s', M.KeyType, class(k{1}), M(int32(5)));") == "int32 int32 five");
  CHECK(run_ok("M = containers.Map({'a'}, {{1, 2}}); v = M('a'); disp(class(v));") == "cell\n");
}

TEST_CASE("containers.Map reads, writes, reference semantics", "[builtins][map]") {
  CHECK(run_ok("M = containers.Map(); M('b') = 2; M('a') = 'one'; M('b') = 20; "
               "fprintf('%d %s %d', M.Count, M('a'), M('b'));") == "2 one 20");
  // A copy is the same map (handle semantics), also through a function call.
  CHECK(run_ok("M = containers.Map(); N = M; N('x') = 1; fprintf('%d %d\\n', M.Count, "
               "isKey(M, 'x')); addkey(M); fprintf('%d', M('y'));\n"
               "function addkey(m), m('y') = 42; end") == "1 1\n42");
  // Maps inside structs and cells are the same handle.
  CHECK(run_ok("M = containers.Map(); s.m = M; s.m('k') = 3; c = {M}; c{1}('j') = 4; "
               "fprintf('%d', M.Count);") == "2");
  CHECK(run_ok("M = containers.Map(); M('a') = []; fprintf('%d %d', M.Count, "
               "isempty(M('a')));") == "1 1");
  // Values keep their class; a typed map converts.
  CHECK(run_ok("M = containers.Map('KeyType', 'char', 'ValueType', 'double'); M('a') = "
               "int8(5); disp(class(M('a')));") == "double\n");
  CHECK(run_ok("M = containers.Map('KeyType', 'double', 'ValueType', 'any'); M(2.5) = 'x'; "
               "M(-1) = {1}; k = keys(M); fprintf('%g %g %s', k{1}, k{2}, M(2.5));") == "-1 2.5 x");
  CHECK(run_ok("M = containers.Map('KeyType', 'uint64', 'ValueType', 'any'); "
               "M(intmax('uint64')) = 1; k = keys(M); fprintf('%d', k{1} == intmax('uint64'));") ==
        "1");
}

TEST_CASE("containers.Map methods", "[builtins][map]") {
  const std::string m = "M = containers.Map({'b', 'a', 'c'}, {2, 1, 3}); ";
  CHECK(run_ok(m + "k = keys(M); v = values(M); fprintf('%s%s%s %g%g%g', k{:}, v{:});") ==
        "abc 123");
  CHECK(run_ok(m + "k = keys(M); fprintf('%d %d', size(k));") == "1 3");
  CHECK(run_ok(m + "v = values(M, {'c'; 'a'}); fprintf('%d %d %g %g', size(v), v{:});") ==
        "2 1 3 1");
  CHECK(run_ok(m + "fprintf('%d ', isKey(M, 'a'), isKey(M, 'z'), isKey(M, {'a', 'z', 'c'}), "
                   "isKey(M, 5));") == "1 0 1 0 1 0 ");
  CHECK(run_ok(m + "remove(M, 'b'); remove(M, {'a'}); k = keys(M); fprintf('%d %s', M.Count, "
                   "k{1});") == "1 c");
  CHECK(run_ok(m + "fprintf('%d %d %d %d', length(M), size(M), numel(keys(M)));") == "3 3 1 3");
  // Dot syntax for the methods.
  CHECK(run_ok(m + "k = M.keys(); v = M.values({'a'}); fprintf('%s %g %d', k{2}, v{1}, "
                   "M.isKey('c')); M.remove('c'); fprintf(' %d', M.Count);") == "b 1 1 2");
  // Without parentheses, and the class queries.
  CHECK(run_ok(m + "k = M.keys; fprintf('%s', k{:}); fprintf(' %d', isobject(M), "
                   "isa(M, 'containers.Map'), isa(M, 'handle'), isa(5, 'handle'));") ==
        "abc 1 1 1 0");
  expect_error(m + "M.bogus()", "MATLAB:noSuchMethodOrField");
  expect_error(m + "x = M.bogus;", "MATLAB:noSuchMethodOrField");
  CHECK(run_ok("M = containers.Map(); k = keys(M); v = values(M); fprintf('%d %d %d', "
               "size(k), numel(v));") == "1 0 0");
}

TEST_CASE("containers.Map display and jsonencode", "[builtins][map]") {
  CHECK(run_ok("M = containers.Map({'a', 'b'}, {1, 2})") ==
        "M = \n\n  Map with properties:\n\n        Count: 2\n      KeyType: char\n"
        "    ValueType: double\n\n");
  CHECK(run_ok("disp(containers.Map())") ==
        "  Map with properties:\n\n        Count: 0\n      KeyType: char\n    ValueType: any\n");
  CHECK(run_ok("M = containers.Map({'x', 'a'}, {1, 'v'}); fprintf('%s', jsonencode(M));") ==
        R"({"a":"v","x":1})");
}

TEST_CASE("containers.Map errors", "[builtins][map]") {
  expect_error("M = containers.Map(); M('nope')", "MATLAB:Containers:Map:NoKey");
  expect_error("M = containers.Map(); x = M('nope');", "MATLAB:Containers:Map:NoKey");
  expect_error("M = containers.Map(); remove(M, 'nope');", "MATLAB:Containers:Map:NoKey");
  expect_error("M = containers.Map('a', 1); values(M, {'a', 'b'});", "MATLAB:Containers:Map:NoKey");
  expect_error("M = containers.Map(); M(5) = 1;", "MATLAB:Containers:TypeMismatch");
  expect_error("M = containers.Map('KeyType', 'double', 'ValueType', 'any'); M('a') = 1;",
               "MATLAB:Containers:TypeMismatch");
  expect_error("M = containers.Map('KeyType', 'char', 'ValueType', 'double'); M('a') = 'x';",
               "MATLAB:Containers:TypeMismatch");
  expect_error("containers.Map({'a', 'b'}, {1});", "MATLAB:Containers:Map:KeyValueNumberMismatch");
  expect_error("containers.Map('KeyType', 'cell');", "MATLAB:Containers:Map:UnsupportedType");
  expect_error("M = containers.Map(); M.Count = 3;", "MATLAB:class:SetProhibited");
  expect_error("keys(5)", "MATLAB:UndefinedFunction");
  expect_error("M = containers.Map(); M('a', 'b')", "MATLAB:Containers:Map:OneKey");
}
