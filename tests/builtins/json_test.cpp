// jsonencode / jsondecode with MATLAB R2023b's rules: shapes (scalars unwrapped, vectors flat,
// matrices as nested rows, N-D first dimension outermost), classes (logical, integers, text,
// cells, structs, struct arrays), NaN/Inf, PrettyPrint, field names made valid and unique,
// and syntax errors with their position.
#include <catch2/catch.hpp>

#include "matlab_checks.hpp"

namespace {

using runmat::testing::expect_error;
using runmat::testing::run_ok;

std::string enc(const std::string& expr) {
  return run_ok("fprintf('%s', jsonencode(" + expr + "));");
}

}  // namespace

TEST_CASE("jsonencode shapes and classes", "[builtins][json]") {
  CHECK(enc("struct('a', 1, 'b', 'x')") == R"({"a":1,"b":"x"})");
  CHECK(enc("[1 2 3]") == "[1,2,3]");
  CHECK(enc("[1; 2; 3]") == "[1,2,3]");
  CHECK(enc("[1 2; 3 4]") == "[[1,2],[3,4]]");
  CHECK(enc("reshape(1:8, 2, 2, 2)") == "[[[1,5],[3,7]],[[2,6],[4,8]]]");
  CHECK(enc("[]") == "[]");
  CHECK(enc("zeros(0, 3)") == "[]");
  CHECK(enc("''") == R"("")");
  CHECK(enc("{}") == "[]");
  CHECK(enc("true") == "true");
  CHECK(enc("[true false]") == "[true,false]");
  CHECK(enc("{1, 'a', [1 2], {}}") == R"([1,"a",[1,2],[]])");
  CHECK(enc("{5}") == "[5]");  // a cell is always an array
  CHECK(enc("struct('a', {1, 2})") == R"([{"a":1},{"a":2}])");
  CHECK(enc("struct('a', {})") == "[]");
  CHECK(enc("struct()") == "{}");
  CHECK(enc("int8(-5)") == "-5");
  CHECK(enc("intmax('uint64')") == "18446744073709551615");
  CHECK(enc("int32([1 2])") == "[1,2]");
  CHECK(enc("pi") == "3.141592653589793");
  CHECK(enc("0.1") == "0.1");
  CHECK(enc("-2.5e-8") == "-2.5e-08");
  CHECK(enc("1e10") == "10000000000");
  CHECK(enc("single(0.1)") == "0.1");
  CHECK(enc("\"str\"") == R"("str")");
  CHECK(enc("[\"a\", \"b\"]") == R"(["a","b"])");
  CHECK(enc("['ab'; 'cd']") == R"(["ab","cd"])");
  CHECK(enc("['a\"b\\' char(10) char(9) char(1)]") == R"("a\"b\\\n\t\u0001")");
  CHECK(enc("struct('m', [1 2; 3 4], 'c', {{'x', 2}})") == R"({"m":[[1,2],[3,4]],"c":["x",2]})");
}

TEST_CASE("jsonencode NaN, Inf and options", "[builtins][json]") {
  CHECK(enc("[1 NaN Inf -Inf]") == "[1,null,null,null]");
  CHECK(enc("[1 NaN Inf -Inf], 'ConvertInfAndNaN', false") == "[1,NaN,Infinity,-Infinity]");
  CHECK(run_ok("disp(jsonencode(struct('a', [1 2], 'b', 'x'), 'PrettyPrint', true));") ==
        "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": \"x\"\n}\n");
  CHECK(run_ok("disp(jsonencode(struct('e', {{}}, 'o', struct()), 'prettyprint', true));") ==
        "{\n  \"e\": [],\n  \"o\": {}\n}\n");
  expect_error("jsonencode(1i)", "MATLAB:json:ComplexNotSupported");
  expect_error("jsonencode(@sin)", "MATLAB:json:UnsupportedClass");
  expect_error("jsonencode(1, 'Bogus', true)", "MATLAB:json:UnknownOption");
  expect_error("jsonencode(1, 'PrettyPrint')", "MATLAB:json:OptionsMustBePairs");
  expect_error("jsonencode()", "MATLAB:minrhs");
}

TEST_CASE("jsondecode values", "[builtins][json]") {
  CHECK(run_ok("s = jsondecode('{\"a\":1,\"b\":\"x\"}'); fprintf('%g %s %s', s.a, s.b, "
               "class(s));") == "1 x struct");
  CHECK(run_ok("v = jsondecode('[1,2,3]'); fprintf('%d %d', size(v));") == "3 1");
  CHECK(run_ok("m = jsondecode('[[1,2],[3,4]]'); fprintf('%d', isequal(m, [1 2; 3 4]));") == "1");
  CHECK(run_ok("m = jsondecode('[[[1,5],[3,7]],[[2,6],[4,8]]]'); "
               "fprintf('%d', isequal(m, reshape(1:8, 2, 2, 2)));") == "1");
  CHECK(run_ok("v = jsondecode('[1,null,3]'); fprintf('%d', isequaln(v, [1; NaN; 3]));") == "1");
  CHECK(run_ok("v = jsondecode('[true,false]'); fprintf('%s %d %d', class(v), size(v));") ==
        "logical 2 1");
  CHECK(run_ok("c = jsondecode('[\"a\",\"bc\"]'); fprintf('%s %d %d %s', class(c), size(c), "
               "c{2});") == "cell 2 1 bc");
  CHECK(run_ok("s = jsondecode('[{\"a\":1},{\"a\":2}]'); fprintf('%s %d %d %g', class(s), "
               "size(s), s(2).a);") == "struct 2 1 2");
  CHECK(run_ok("c = jsondecode('[{\"a\":1},{\"b\":2}]'); fprintf('%s %d %g', class(c), "
               "numel(c), c{2}.b);") == "cell 2 2");
  CHECK(run_ok("c = jsondecode('[1,\"a\"]'); fprintf('%s %g %s', class(c), c{1}, c{2});") ==
        "cell 1 a");
  CHECK(run_ok("c = jsondecode('[[1,2],[3]]'); fprintf('%s %d %d', class(c), size(c{1}));") ==
        "cell 2 1");
  CHECK(run_ok("x = jsondecode('null'); y = jsondecode('[]'); fprintf('%s %d %d %d', class(x), "
               "isempty(x), isempty(y), isequal(size(y), [0 0]));") == "double 1 1 1");
  CHECK(run_ok("s = jsondecode('{}'); fprintf('%s %d %d', class(s), numel(s), "
               "numel(fieldnames(s)));") == "struct 1 0");
  CHECK(run_ok("x = jsondecode(' -1.5e3 '); b = jsondecode('true'); fprintf('%g %s', x, "
               "class(b));") == "-1500 logical");
  CHECK(run_ok("t = jsondecode('\"\\u00e9\\n\\\"\"'); fprintf('%d ', double(t));") ==
        "195 169 10 34 ");
  CHECK(run_ok("x = jsondecode('[NaN, Infinity, -Infinity]'); fprintf('%g ', x);") ==
        "NaN Inf -Inf ");
}

TEST_CASE("jsondecode field names", "[builtins][json]") {
  CHECK(run_ok("s = jsondecode('{\"1a\":1,\"my key\":2,\"for\":3,\"a-b\":4,\"\":5,\"_u\":6}'); "
               "f = fieldnames(s); fprintf('%s ', f{:});") == "x1a myKey xFor a_b x x_u ");
  CHECK(run_ok("s = jsondecode('{\"a\":1,\"a\":2}'); f = fieldnames(s); fprintf('%s ', f{:});") ==
        "a a_1 ");
  CHECK(run_ok("s = jsondecode('{\"my key\":2}', 'MakeValidName', false); f = fieldnames(s); "
               "fprintf('[%s]', f{1});") == "[my key]");
}

TEST_CASE("jsondecode errors and round trips", "[builtins][json]") {
  expect_error("jsondecode('{\"a\":}')", "MATLAB:json:SyntaxError");
  expect_error("jsondecode('[1,2')", "MATLAB:json:SyntaxError");
  expect_error("jsondecode('[1] x')", "MATLAB:json:SyntaxError");
  expect_error("jsondecode('01')", "MATLAB:json:SyntaxError");
  expect_error("jsondecode('\"abc')", "MATLAB:json:SyntaxError");
  expect_error("jsondecode(5)", "MATLAB:json:MustBeText");
  CHECK(run_ok("try, jsondecode(sprintf('{\\n  \"a\": }')); catch e, disp(e.message); end") ==
        "JSON syntax error at line 2, column 8 (character 10): expected value but found '}'.\n");
  // Deep nesting is an error, not a stack overflow.
  CHECK(run_ok("try, jsondecode(repmat('[', 1, 100000)); catch e, disp(e.identifier); end") ==
        "MATLAB:json:SyntaxError\n");
  CHECK(run_ok("s = struct('name', 'x', 'v', [1 2; 3 4], 'f', true, 'n', struct('k', 'z')); "
               "t = jsondecode(jsonencode(s)); fprintf('%d', isequal(s, t));") == "1");
  CHECK(run_ok("c = {1, 'a'}; disp(jsonencode(jsondecode(jsonencode(c))));") == "[1,\"a\"]\n");
}
