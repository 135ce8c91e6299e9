// Builtin library, first wave: shape queries and manipulation, matrix construction,
// cumulative functions, sort/find and the index output of max/min. Each case runs MATLAB
// source and compares the printed text with what MATLAB prints for it.
#include <catch2/catch.hpp>

#include "matlab_checks.hpp"

namespace {

using runmat::testing::run_matlab;
using runmat::testing::run_ok;

// Runs src, requires success and returns its standard output.
// Runs src, requires it to fail with identifier id (and message text, when given).
void expect_error(const std::string& src, const std::string& id, const std::string& message = "") {
  auto r = run_matlab(src);
  INFO(src << "\n" << r.result.error_report);
  REQUIRE_FALSE(r.result.ok);
  if (!id.empty()) CHECK(r.result.error_identifier == id);
  if (!message.empty()) CHECK(r.result.error_report.find(message) != std::string::npos);
}

// Fails (never crashes) without insisting on an identifier we cannot check against MATLAB.
void expect_failure(const std::string& src) {
  expect_error(src, "");
}

}  // namespace

TEST_CASE("size queries: length ndims and the is* predicates", "[builtins][shape]") {
  CHECK(run_ok("fprintf('%d ', length([]), length(zeros(3,0)), length(ones(2,5)), "
               "length(ones(2,3,4)), length(7), length('abc'));") == "0 0 5 4 1 3 ");
  CHECK(run_ok("fprintf('%d ', ndims(ones(2,3,4)), ndims(ones(2,3,1)), ndims(5), ndims([]));") ==
        "3 2 2 2 ");
  CHECK(run_ok("fprintf('%d', isempty(zeros(0,3)), isempty(0), isempty(''), isempty([]));") ==
        "1011");
  CHECK(run_ok("fprintf('%d', isscalar(5), isscalar([1 2]), isscalar([]), isscalar('a'));") ==
        "1001");
  CHECK(run_ok("fprintf('%d', isvector(zeros(1,0)), isvector([]), isvector(ones(2)), "
               "isvector(ones(1,1,3)), isvector(7), isvector((1:3)'));") == "100011");
  CHECK(run_ok("fprintf('%d', isrow(1:3), isrow((1:3)'), isrow(zeros(1,0)), isrow([]), "
               "iscolumn((1:3)'), iscolumn(1:3), iscolumn(zeros(0,1)));") == "1010101");
  CHECK(run_ok("fprintf('%d', ismatrix(ones(2,3,4)), ismatrix([]), ismatrix(5), issquare([]), "
               "issquare(ones(2,3)), issquare(ones(3)), issquare(ones(2,2,2)));") == "0111010");
  CHECK(run_ok("fprintf('%d', isnumeric(true), isnumeric(single(1)), isnumeric('a'), "
               "isnumeric(2), isfloat(single(1)), isfloat(true), islogical(1>0), "
               "islogical(1), ischar('ab'), ischar(97), isreal(3), isreal('a'));") ==
        "010110101011");
  CHECK(run_ok("fprintf('%s %s\\n', class(isempty([])), class(length(1)));") == "logical double\n");
}

TEST_CASE("reshape and squeeze", "[builtins][shape]") {
  CHECK(run_ok("x = reshape(1:6, 2, 3); fprintf('%d ', size(x), x(2,:));") == "2 3 2 4 6 ");
  CHECK(run_ok("x = reshape(1:6, [3 2]); fprintf('%d ', size(x), x(:,2));") == "3 2 4 5 6 ");
  CHECK(run_ok("x = reshape(1:6, [], 3); fprintf('%d ', size(x));") == "2 3 ");
  CHECK(run_ok("x = reshape(1:24, 2, 3, []); fprintf('%d ', size(x), x(2,3,4));") == "2 3 4 24 ");
  CHECK(run_ok("x = reshape(1:6, 6, 1, 1); fprintf('%d ', size(x));") == "6 1 ");
  CHECK(run_ok("x = reshape([], 0, 5); fprintf('%d ', size(x));") == "0 5 ");
  CHECK(run_ok("x = reshape(true(1,4), 2, 2); fprintf('%s ', class(x)); "
               "y = reshape('abcd', 2, []); fprintf('%s %s', class(y), y(1,:));") ==
        "logical char ac");
  CHECK(run_ok("x = reshape(single(1:4), 4, 1); fprintf('%s %d', class(x), size(x, 1));") ==
        "single 4");
  expect_error("reshape(1:6, 4, 2)", "MATLAB:getReshapeDims:notSameNumel",
               "Number of elements must not change. Use [] as one of the size inputs to "
               "automatically calculate the appropriate size for that dimension.");
  expect_error("reshape(1:6, [4 2])", "MATLAB:getReshapeDims:notSameNumel");
  expect_error("reshape(1:7, 2, [])", "MATLAB:getReshapeDims:notDivisible");
  expect_error("reshape(1:6, 6)", "MATLAB:getReshapeDims:sizeVector");
  expect_failure("reshape(1:6, [], [])");
  expect_failure("reshape([], 2^62, 4)");  // no int64 overflow into a valid size
  expect_failure("reshape(1:6, 1.5, 4)");

  CHECK(run_ok("fprintf('%d ', size(squeeze(ones(1,1,3))), size(squeeze(ones(2,1,3))), "
               "size(squeeze(ones(1,3))), size(squeeze(ones(1,1,1,4))), "
               "size(squeeze(ones(1,3,1,2))), size(squeeze([])));") == "3 1 2 3 1 3 4 1 3 2 0 0 ");
  CHECK(run_ok("x = squeeze(true(1,1,2)); fprintf('%s', class(x));") == "logical");
}

TEST_CASE("repmat", "[builtins][shape]") {
  CHECK(run_ok("x = repmat([1 2; 3 4], 1, 2); fprintf('%d ', size(x), x(2,:));") == "2 4 3 4 3 4 ");
  CHECK(run_ok("x = repmat([1 2], 2, 2); fprintf('%d ', x);") == "1 1 2 2 1 1 2 2 ");
  CHECK(run_ok("x = repmat(5, 2, 3); fprintf('%d ', size(x), sum(x(:)));") == "2 3 30 ");
  CHECK(run_ok("x = repmat(7, 3); fprintf('%d ', size(x));") == "3 3 ");
  CHECK(run_ok("x = repmat([1 2], [2 1 2]); fprintf('%d ', size(x), x(:,:,2));") ==
        "2 2 2 1 1 2 2 ");
  CHECK(run_ok("x = repmat('ab', 1, 3); fprintf('%s %s', class(x), x);") == "char ababab");
  CHECK(run_ok("x = repmat([1 2], 0, 2); fprintf('%d ', size(x));") == "0 4 ");
  CHECK(run_ok("x = repmat([1 2], -1, 2); fprintf('%d ', size(x));") == "0 4 ");
  CHECK(run_ok("x = repmat([], 2, 3); fprintf('%d ', size(x));") == "0 0 ");
  CHECK(run_ok("fprintf('%s %s', class(repmat(true, 2)), class(repmat(single(1), 2)));") ==
        "logical single");
  expect_failure("repmat([1 2], 1.5, 1)");
  expect_error("repmat(1, 1e10, 1e10)", "MATLAB:array:SizeLimitExceeded");
}

TEST_CASE("flip, fliplr, flipud and circshift", "[builtins][shape]") {
  CHECK(run_ok("fprintf('%d ', fliplr([1 2 3]), flipud([1;2;3]), flip([1 2; 3 4]), "
               "flip([1 2 3]), flip([1 2; 3 4], 2));") == "3 2 1 3 2 1 3 1 4 2 3 2 1 2 4 1 3 ");
  CHECK(run_ok("x = flip([1 2; 3 4], 3); fprintf('%d ', x);") == "1 3 2 4 ");
  CHECK(run_ok("x = fliplr('abc'); fprintf('%s %s', class(x), x);") == "char cba");
  CHECK(run_ok("x = flipud([true; false]); fprintf('%s %d %d', class(x), x);") == "logical 0 1");
  CHECK(run_ok("x = flip(cat(3, [1 2], [3 4]), 3); fprintf('%d ', x);") == "3 4 1 2 ");
  CHECK(run_ok("fprintf('%d ', size(fliplr([])), size(flipud(zeros(0,3))));") == "0 0 0 3 ");

  CHECK(run_ok("fprintf('%d ', circshift(1:5, 2), circshift(1:5, -1));") == "4 5 1 2 3 2 3 4 5 1 ");
  CHECK(run_ok("fprintf('%d ', circshift([1 2; 3 4; 5 6], 1));") == "5 1 3 6 2 4 ");
  CHECK(run_ok("fprintf('%d ', circshift([1 2; 3 4; 5 6], -1, 2));") == "2 4 6 1 3 5 ");
  CHECK(run_ok("fprintf('%d ', circshift([1 2 3; 4 5 6], [1 1]));") == "6 3 4 1 5 2 ");
  CHECK(run_ok("fprintf('%d ', circshift((1:4)', 1), circshift(1:4, 6));") == "4 1 2 3 3 4 1 2 ");
  CHECK(run_ok("fprintf('%d ', circshift(1:3, 1, 3));") == "1 2 3 ");
  CHECK(run_ok("x = circshift('abcd', 1); fprintf('%s %s', class(x), x);") == "char dabc");
  CHECK(run_ok("fprintf('%d ', size(circshift([], 1)));") == "0 0 ");
  CHECK(run_ok("fprintf('%d ', circshift(1:4, 1e20), circshift(1:3, -1e20));") == "1 2 3 4 2 3 1 ");
}

TEST_CASE("permute and ipermute", "[builtins][shape]") {
  CHECK(run_ok("x = permute([1 2 3; 4 5 6], [2 1]); fprintf('%d ', size(x), x);") ==
        "3 2 1 2 3 4 5 6 ");
  CHECK(run_ok("x = permute(reshape(1:6, 1, 2, 3), [3 2 1]); fprintf('%d ', size(x), x);") ==
        "3 2 1 3 5 2 4 6 ");
  CHECK(run_ok("A = reshape(1:8, 2, 2, 2); x = permute(A, [2 1 3]); fprintf('%d ', x(:,:,1));") ==
        "1 3 2 4 ");
  CHECK(run_ok("x = permute(1:3, [3 1 2]); fprintf('%d ', size(x));") == "1 1 3 ");
  CHECK(run_ok("A = reshape(1:24, 2, 3, 4); B = ipermute(permute(A, [3 1 2]), [3 1 2]); "
               "fprintf('%d %d', isequal_size(A, B), all(A(:) == B(:)));\n"
               "function t = isequal_size(a, b)\n t = all(size(a) == size(b));\nend") == "1 1");
  CHECK(run_ok("x = permute('ab', [2 1]); fprintf('%s %d', class(x), size(x, 1));") == "char 2");
  expect_failure("permute(ones(2,2,2), [2 1])");
  expect_failure("permute([1 2], [1 1])");
  expect_failure("permute([1 2], [1 3])");
}

TEST_CASE("cat, horzcat and vertcat", "[builtins][shape]") {
  CHECK(run_ok("x = cat(1, [1 2], [3 4]); fprintf('%d ', size(x), x);") == "2 2 1 3 2 4 ");
  CHECK(run_ok("x = cat(2, [1;2], [3;4], (5:6)'); fprintf('%d ', size(x));") == "2 3 ");
  CHECK(run_ok("x = cat(3, [1 2], [3 4]); fprintf('%d ', size(x), x);") == "1 2 2 1 2 3 4 ");
  CHECK(run_ok("x = cat(4, 1, 2); fprintf('%d ', size(x));") == "1 1 1 2 ");
  CHECK(run_ok("x = cat(1, [], [1 2]); fprintf('%d ', size(x));") == "1 2 ");
  CHECK(run_ok("x = cat(1, true, false); fprintf('%s ', class(x)); "
               "y = cat(2, 'ab', 'c'); fprintf('%s %s ', class(y), y); "
               "z = cat(1, single(1), 2); fprintf('%s ', class(z)); "
               "w = cat(1, true, 2); fprintf('%s', class(w));") ==
        "logical char abc single double");
  CHECK(
      run_ok("fprintf('%d ', horzcat([1 2], 3), size(vertcat([1 2], [3 4])), size(horzcat()));") ==
      "1 2 3 2 2 0 0 ");
  CHECK(run_ok("x = vertcat('ab', 'cd'); fprintf('%s', x(2,:));") == "cd");
  expect_error("cat(1, [1 2], [1 2 3])", "MATLAB:catenate:dimensionMismatch",
               "Dimensions of arrays being concatenated are not consistent.");
  expect_error("horzcat([1;2], [1 2 3])", "MATLAB:catenate:dimensionMismatch");
  expect_error("cat(3, [1 2], [1; 2])", "MATLAB:catenate:dimensionMismatch");
  expect_failure("cat(0, 1, 2)");
}

TEST_CASE("eye and magic", "[builtins][matrix]") {
  CHECK(run_ok("fprintf('%d ', eye(3));") == "1 0 0 0 1 0 0 0 1 ");
  CHECK(run_ok("fprintf('%d ', eye(2, 3), size(eye([3 2])), size(eye(0)), eye(1));") ==
        "1 0 0 1 0 0 3 2 0 0 1 ");
  expect_error("eye(Inf)", "MATLAB:array:SizeLimitExceeded");
  CHECK(run_ok("x = eye(2, 'single'); fprintf('%s %d', class(x), x(2,2));") == "single 1");
  CHECK(run_ok("fprintf('%d ', magic(3)');") == "8 1 6 3 5 7 4 9 2 ");
  CHECK(run_ok("fprintf('%d ', magic(4)');") == "16 2 3 13 5 11 10 8 9 7 6 12 4 14 15 1 ");
  CHECK(run_ok("fprintf('%d ', magic(6)');") ==
        "35 1 6 26 19 24 3 32 7 21 23 25 31 9 2 22 27 20 8 28 33 17 10 15 30 5 34 12 14 16 "
        "4 36 29 13 18 11 ");
  CHECK(run_ok("fprintf('%d ', magic(1), magic(2), size(magic(0)));") == "1 1 4 3 2 0 0 ");
  CHECK(run_ok("fprintf('%d ', magic(5)');") ==
        "17 24 1 8 15 23 5 7 14 16 4 6 13 20 22 10 12 19 21 3 11 18 25 2 9 ");
  CHECK(run_ok("m = magic(8); fprintf('%d ', m(1,:));") == "64 2 3 61 60 6 7 57 ");
  // Every construction gives equal row, column and diagonal sums.
  CHECK(run_ok("for n = [7 8 10 12 14]\n m = magic(n); s = n*(n^2+1)/2;\n"
               " fprintf('%d', all(sum(m) == s) && all(sum(m, 2) == s) && trace(m) == s && "
               "trace(fliplr(m)) == s);\nend") == "11111");
}

TEST_CASE("diag, tril, triu and trace", "[builtins][matrix]") {
  CHECK(run_ok("fprintf('%d ', diag([1 2 3]));") == "1 0 0 0 2 0 0 0 3 ");
  CHECK(run_ok("fprintf('%d ', diag([1 2], 1));") == "0 0 0 1 0 0 0 2 0 ");
  CHECK(run_ok("fprintf('%d ', diag([1; 2], -1));") == "0 1 0 0 0 2 0 0 0 ");
  CHECK(run_ok("fprintf('%d ', diag(magic(3)), diag(magic(3), 1), diag(magic(3), -2));") ==
        "8 5 2 1 7 4 ");
  CHECK(run_ok("x = diag(magic(3), 1); fprintf('%d ', size(x), size(diag(magic(3), 3)));") ==
        "2 1 0 1 ");
  CHECK(run_ok("fprintf('%d ', diag(ones(2,3)), size(diag(ones(2,3))), diag(5), "
               "size(diag([])), size(diag(zeros(1,0))));") == "1 1 2 1 5 0 0 0 0 ");
  CHECK(run_ok("x = diag([true false]); fprintf('%s %d', class(x), size(x,1));") == "logical 2");
  expect_failure("diag(ones(2,2,2))");
  expect_error("diag([1 2], 1e20)", "MATLAB:array:SizeLimitExceeded");
  CHECK(run_ok("fprintf('%d ', size(diag(magic(3), 1e20)), tril(magic(2), 1e20), "
               "triu(magic(2), -1e20));") == "0 1 1 4 3 2 1 4 3 2 ");

  CHECK(run_ok("fprintf('%d ', tril(magic(3)));") == "8 3 4 0 5 9 0 0 2 ");
  CHECK(run_ok("fprintf('%d ', tril(magic(3), -1));") == "0 3 4 0 0 9 0 0 0 ");
  CHECK(run_ok("fprintf('%d ', triu(magic(3)));") == "8 0 0 1 5 0 6 7 2 ");
  CHECK(run_ok("fprintf('%d ', triu(ones(2,3), 1), tril(ones(2,3), 1));") ==
        "0 0 1 0 1 1 1 1 1 1 0 1 ");
  CHECK(run_ok("fprintf('%s %d', class(tril(true(2))), size(triu(zeros(0,3)), 2));") ==
        "logical 3");
  expect_failure("tril(ones(2,2,2))");

  CHECK(run_ok("fprintf('%d ', trace(magic(3)), trace([]), trace(7));") == "15 0 7 ");
  CHECK(run_ok("t = trace(single([1 2; 3 4])); fprintf('%s %d', class(t), t);") == "single 5");
  CHECK(run_ok("t = trace(true(2)); fprintf('%s %d', class(t), t);") == "double 2");
  expect_error("trace(ones(2,3))", "MATLAB:square", "Matrix must be square.");
}

TEST_CASE("colon and meshgrid", "[builtins][matrix]") {
  CHECK(run_ok("fprintf('%d ', colon(1, 4), colon(1, 2, 7), colon(5, -2, 1));") ==
        "1 2 3 4 1 3 5 7 5 3 1 ");
  CHECK(run_ok("fprintf('%d ', size(colon(3, 1)), size(colon(1, 0, 3)));") == "1 0 1 0 ");
  CHECK(run_ok("fprintf('%s %s', class(colon(single(1), 3)), colon('a', 'e'));") == "single abcde");
  CHECK(run_ok("[X, Y] = meshgrid(1:3, 10:11); fprintf('%d ', size(X), X, Y);") ==
        "2 3 1 1 2 2 3 3 10 11 10 11 10 11 ");
  CHECK(run_ok("[X, Y] = meshgrid(1:2); fprintf('%d ', X, Y);") == "1 1 2 2 1 2 1 2 ");
  CHECK(run_ok("[X, Y] = meshgrid([1; 2; 3], [5 6]); fprintf('%d ', size(X), size(Y));") ==
        "2 3 2 3 ");
  CHECK(run_ok("X = meshgrid(1:3); fprintf('%d ', size(X));") == "3 3 ");
  CHECK(run_ok("[X, Y, Z] = meshgrid(1:2, 1:3, 5); fprintf('%d ', size(Z), Z(3,2));") == "3 2 5 ");
  CHECK(run_ok("[X, Y, Z] = meshgrid(4); fprintf('%d ', X, Y, Z);") == "4 4 4 ");
  CHECK(run_ok("[X, Y] = meshgrid([], 1:3); fprintf('%d ', size(X), size(Y));") == "0 0 0 0 ");
  CHECK(
      run_ok("[X, Y, Z] = meshgrid(1:2, 1:3, 1:4); fprintf('%d ', size(Z), Z(1,1,4), X(3,2,1));") ==
      "3 2 4 4 2 ");
  CHECK(run_ok("[X, Y] = meshgrid(single(1:2), 1:2); fprintf('%s %s', class(X), class(Y));") ==
        "single double");
}

TEST_CASE("cumsum and cumprod", "[builtins][cumulative]") {
  CHECK(run_ok("fprintf('%g ', cumsum([1 2 3]), cumsum([1 2; 3 4]), cumsum([1 2; 3 4], 2));") ==
        "1 3 6 1 4 2 6 1 3 3 7 ");
  CHECK(run_ok("fprintf('%g ', cumsum([1 2; 3 4], 3), cumsum([1 NaN 2]), cumsum([1 2 3], "
               "'reverse'));") == "1 3 2 4 1 NaN NaN 6 5 3 ");
  CHECK(run_ok("x = cumsum(true(1,3)); fprintf('%s %g %g %g', class(x), x);") == "double 1 2 3");
  CHECK(run_ok("x = cumsum(single([1 2])); fprintf('%s', class(x));") == "single");
  CHECK(run_ok("fprintf('%d ', size(cumsum([])), size(cumsum(zeros(0,3))), "
               "size(cumsum(zeros(1,0))));") == "0 0 0 3 1 0 ");
  CHECK(
      run_ok("fprintf('%g ', cumprod([1 2 3 4]), cumprod([1 2; 3 4]), cumprod([1 2; 3 4], 2));") ==
      "1 2 6 24 1 3 2 8 1 3 2 12 ");
  CHECK(run_ok("x = cumsum(ones(2,2,2), 3); fprintf('%g ', x(:,:,2));") == "2 2 2 2 ");
  CHECK(run_ok("fprintf('%g ', cumsum('ab'));") == "97 195 ");
  expect_failure("cumsum([1 2], 0)");
  CHECK(run_ok("x = [3 1 4 1 5 9 2 6]; fprintf('%g ', cummin(x), cummax(x));") ==
        "3 1 1 1 1 1 1 1 3 3 4 4 5 9 9 9 ");
  CHECK(run_ok("fprintf('%g ', cummin([NaN 2 NaN 1]), cummax([1 NaN 0 3]));") ==
        "NaN 2 2 1 1 1 1 3 ");
  CHECK(run_ok("fprintf('%g ', cummax([1 3; 2 0]), cummax([1 3; 2 0], 2), cummin([3 1 2], "
               "'reverse'));") == "1 2 3 3 1 2 3 2 1 1 2 ");
}

TEST_CASE("diff", "[builtins][cumulative]") {
  CHECK(run_ok("fprintf('%g ', diff([1 4 9 16]), diff([1 4 9 16], 2));") == "3 5 7 2 2 ");
  CHECK(run_ok("x = diff([1 3 6]'); fprintf('%g ', size(x), x);") == "2 1 2 3 ");
  CHECK(run_ok("fprintf('%g ', diff([1 2; 4 8]), diff([1 2; 4 8], 1, 2));") == "3 6 1 4 ");
  CHECK(run_ok("fprintf('%g ', size(diff([1 2 3], 5)), size(diff([1 2 3]', 3)));") == "1 0 0 1 ");
  // Without a dim, differences continue along the next dimension once one is used up.
  CHECK(run_ok("fprintf('%g ', diff([1 2; 4 8], 2));") == "3 ");
  CHECK(run_ok("fprintf('%g ', size(diff([1 2 3], 1, 3)), size(diff([1 2; 3 4], 3, 1)));") ==
        "1 3 0 0 2 ");
  CHECK(run_ok("x = diff([true false true]); fprintf('%s %g %g', class(x), x);") == "double -1 1");
  CHECK(run_ok("x = diff(single([1 3])); fprintf('%s %g', class(x), x);") == "single 2");
  CHECK(run_ok("fprintf('%g ', diff([1 NaN 3 Inf]));") == "NaN NaN Inf ");
  expect_failure("diff([1 2 3], -1)");
  expect_failure("diff([1 2 3], 1.5)");
}

TEST_CASE("nnz and find", "[builtins][cumulative]") {
  CHECK(run_ok("fprintf('%d ', nnz([1 0 2; 0 0 NaN]), nnz([]), nnz('a'), nnz([true false]));") ==
        "3 0 1 1 ");
  CHECK(run_ok("fprintf('%d ', find([0 1 0 1 1]), find([0 1 0 1 1], 2), find([0 1 0 1 1], 2, "
               "'last'));") == "2 4 5 2 4 4 5 ");
  CHECK(run_ok("fprintf('%d ', find([0 1 0 1 1], 1, 'first'), find([0 1 0], 5));") == "2 2 ");
  CHECK(run_ok("x = find([0;3;0;4]); fprintf('%d ', size(x), x);") == "2 1 2 4 ");
  CHECK(run_ok("x = find(magic(3) > 5); fprintf('%d ', size(x), x);") == "4 1 1 6 7 8 ");
  CHECK(run_ok("[r, c] = find(magic(3) > 5); fprintf('%d ', r, c);") == "1 3 1 2 1 2 3 3 ");
  CHECK(run_ok("[r, c, v] = find([0 2; 3 0]); fprintf('%d ', r, c, v);") == "2 1 1 2 3 2 ");
  CHECK(run_ok("[r, c, v] = find([0 5 0 7]); fprintf('%d ', size(r), r, c, v);") ==
        "1 2 1 1 2 4 5 7 ");
  CHECK(run_ok("[~, ~, v] = find([true false true]); fprintf('%s', class(v));") == "logical");
  CHECK(run_ok("[r, c] = find(ones(2,2,2)); fprintf('%d ', c);") == "1 1 2 2 3 3 4 4 ");
  CHECK(run_ok("fprintf('%d ', size(find([])), size(find(zeros(1,3))), size(find(zeros(3,1))), "
               "size(find(zeros(2))), size(find(0)), size(find(ones(1,2,2))));") ==
        "0 0 1 0 0 1 0 1 1 0 4 1 ");
  CHECK(run_ok("fprintf('%d ', find([NaN 0 -1]), find('a b'));") == "1 3 1 2 3 ");
  expect_failure("find([1 2], 0)");
  expect_failure("find([1 2], 1.5)");
  expect_failure("find([1 2], 1, 'middle')");
}

TEST_CASE("sort", "[builtins][cumulative]") {
  CHECK(run_ok("[s, i] = sort([3 NaN 1 3 2]); fprintf('%g ', s, i);") == "1 2 3 3 NaN 3 5 1 4 2 ");
  CHECK(run_ok("[s, i] = sort([3 NaN 1 3 2], 'descend'); fprintf('%g ', s, i);") ==
        "NaN 3 3 2 1 2 1 4 5 3 ");
  CHECK(run_ok("[s, i] = sort([2 1 2 1]); fprintf('%g ', s, i);") == "1 1 2 2 2 4 1 3 ");
  CHECK(run_ok("[s, i] = sort([2 1 2 1], 'descend'); fprintf('%g ', s, i);") == "2 2 1 1 1 3 2 4 ");
  CHECK(run_ok("[s, i] = sort([NaN 1 NaN], 'descend'); fprintf('%g ', s, i);") ==
        "NaN NaN 1 1 3 2 ");
  CHECK(run_ok("fprintf('%g ', sort([3 1; 2 4]), sort([3 1; 2 4], 2), sort([3 1; 2 4], 2, "
               "'descend'));") == "2 3 1 4 1 2 3 4 3 4 1 2 ");
  CHECK(run_ok("x = sort([3 1 2]'); fprintf('%g ', size(x), x);") == "3 1 1 2 3 ");
  CHECK(run_ok("fprintf('%g ', sort([Inf -Inf NaN 0]));") == "-Inf 0 Inf NaN ");
  CHECK(run_ok("x = sort('hello'); fprintf('%s %s', class(x), x);") == "char ehllo");
  CHECK(run_ok("x = sort([true false true]); fprintf('%s %d%d%d', class(x), x);") == "logical 011");
  CHECK(run_ok("x = sort(single([2 1])); fprintf('%s', class(x));") == "single");
  CHECK(run_ok("[s, i] = sort([3 1 2], 3); fprintf('%g ', s, i);") == "3 1 2 1 1 1 ");
  CHECK(run_ok("[s, i] = sort([]); fprintf('%d ', size(s), size(i));") == "0 0 0 0 ");
  CHECK(run_ok("x = sort(zeros(0,3)); fprintf('%d ', size(x));") == "0 3 ");
  expect_failure("sort([1 2], 'up')");
  expect_failure("sort([1 2], 0)");
}

TEST_CASE("max and min with the index output", "[builtins][reduction]") {
  CHECK(run_ok("[m, i] = max([1 5 NaN 5; 7 2 NaN 1]); fprintf('%g ', m, i);") ==
        "7 5 NaN 5 2 1 1 1 ");
  CHECK(run_ok("[m, i] = min([1 5 NaN 5; 7 2 NaN 1], [], 2); fprintf('%g ', size(m), m, i);") ==
        "2 1 1 1 1 4 ");
  CHECK(run_ok("[m, i] = max([3 7 7 1]); fprintf('%g ', m, i);") == "7 2 ");
  CHECK(run_ok("[m, i] = min([3 1 1 1]); fprintf('%g ', m, i);") == "1 2 ");
  CHECK(run_ok("[m, i] = max([NaN NaN]); fprintf('%g ', m, i);") == "NaN 1 ");
  CHECK(run_ok("[m, i] = max([NaN 2 NaN 3]); fprintf('%g ', m, i);") == "3 4 ");
  CHECK(run_ok("[m, i] = max([1 5 3]'); fprintf('%g ', m, i);") == "5 2 ");
  CHECK(run_ok("[m, i] = max([1 2; 3 4], [], 2); fprintf('%g ', m, i);") == "2 4 2 2 ");
  CHECK(run_ok("[m, i] = max([1 2 3], [], 3); fprintf('%g ', m, i);") == "1 2 3 1 1 1 ");
  CHECK(run_ok("[m, i] = max(cat(3, [1 5], [4 2]), [], 3); fprintf('%g ', m, i);") == "4 5 2 1 ");
  CHECK(
      run_ok("[m, i] = min(single([3 1 2])); fprintf('%s %s %g %g', class(m), class(i), m, i);") ==
      "single double 1 2");
  CHECK(run_ok("[m, i] = max([-Inf -Inf]); fprintf('%g %g', m, i);") == "-Inf 1");
  CHECK(run_ok("[m, i] = max([]); fprintf('%d ', size(m), size(i));") == "0 0 0 0 ");
  CHECK(run_ok("[m, i] = max(7); fprintf('%d ', m, i);") == "7 1 ");
  CHECK(run_ok("[m, i] = max([1 9; 9 3], [], 'all'); fprintf('%g ', m, i);") == "9 2 ");
  CHECK(run_ok("[m, i] = min(cat(3, [4 5], [0 7]), [], 'all'); fprintf('%g ', m, i);") == "0 3 ");
  // The one-output forms are unchanged.
  CHECK(run_ok("fprintf('%g ', max([1 5 NaN]), min([4 2; 1 3]), max([1 2], [3 0]));") ==
        "5 1 2 3 2 ");
  expect_failure("[m, i] = max([1 2], [], 0)");
  expect_error("[m, i] = min([1 2], [3 0])", "",
               "MIN with two matrices to compare and two output arguments is not supported.");
  // Inputs above the lazy threshold (deferred in the graph) are materialized first.
  CHECK(run_ok("x = (1:300000) .* 2 + 1; [m, i] = max(x); [s, j] = sort(x, 'descend'); "
               "c = cumsum(x); [r, k] = min(x - 7, [], 2); "
               "fprintf('%g %d %g %d %g %d %g %d', m, i, s(1), j(2), c(3), nnz(x > 5), r, k);") ==
        "600001 300000 600001 299999 15 299998 -4 1");
}
