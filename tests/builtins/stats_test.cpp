// Statistics builtins: median mode var std range bounds prctile quantile normalize histcounts
// accumarray, checked against MATLAB's results (worked by hand from MATLAB's documented
// definitions: n-1 normalization, percentile positions (i - 0.5)/n, histcounts' binning).
#include <catch2/catch.hpp>

#include "matlab_checks.hpp"

using runmat::testing::expect_error;
using runmat::testing::run_matlab;
using runmat::testing::run_ok;

TEST_CASE("median and mode", "[builtins][stats]") {
  CHECK(run_ok("fprintf('%g ', median([3 1 4 1 5]), median([1 2 3 4]), median([1 2; 3 4]), "
               "median([1 2; 3 4], 2));") == "3 2.5 2 3 1.5 3.5 ");
  CHECK(run_ok("fprintf('%g ', median([1 NaN 3]), median([1 NaN 3], 'omitnan'), median([]), "
               "median(magic(4), 'all'), median([Inf Inf]));") == "NaN 2 NaN 8.5 Inf ");
  CHECK(run_ok("m = median(zeros(0, 3)); fprintf('%d %d %g', size(m), m(1));") == "1 3 NaN");
  CHECK(run_ok("m = median(single([1 2])); fprintf('%s %g', class(m), m);") == "single 1.5");
  CHECK(run_ok("m = median(reshape(1:12, 2, 3, 2), [1 3]); fprintf('%d %d ', size(m)); "
               "fprintf('%g ', m);") == "1 3 4.5 6.5 8.5 ");
  CHECK(run_ok("m = median(ones(2, 3), 3); fprintf('%d %d', size(m));") == "2 3");

  CHECK(run_ok("[m, f] = mode([1 2 2 3 3]); fprintf('%g %g ', m, f); "
               "fprintf('%g ', mode([1 2; 1 3; 2 3]), mode([1 2; 3 4], 2));") == "2 2 1 3 1 3 ");
  CHECK(run_ok("fprintf('%g %g %s', mode([NaN NaN 1]), mode([]), class(mode(true(1, 3))));") ==
        "1 NaN logical");
  expect_error("median([1 2], 'bogus')", "MATLAB:invalidOption");
  expect_error("median([1 2], 0)", "MATLAB:getdimarg:dimensionMustBePositiveInteger");
}

TEST_CASE("var and std", "[builtins][stats]") {
  CHECK(run_ok("fprintf('%.6f ', var([1 2 3 4]), var([1 2 3 4], 1), std([2 4 4 4 5 5 7 9]), "
               "std([2 4 4 4 5 5 7 9], 1));") == "1.666667 1.250000 2.138090 2.000000 ");
  CHECK(run_ok("fprintf('%g ', var([1 2; 3 5]), var([1 2; 3 5], 0, 2), var(5), var([]));") ==
        "2 4.5 0.5 2 0 NaN ");
  CHECK(run_ok("fprintf('%g ', var([1 NaN 3]), var([1 NaN 3], 'omitnan'), "
               "var(magic(3), 0, 'all'), var([1 2 3], [1 1 2]), std([1 2 3], [], 2));") ==
        "NaN 2 7.5 0.6875 1 ");
  CHECK(run_ok("[s, m] = std([1 2 3]); fprintf('%g %g', s, m);") == "1 2");
  CHECK(run_ok("v = var(ones(2, 3, 2), 0, [1 2]); fprintf('%d %d %d ', size(v)); "
               "fprintf('%g ', v);") == "1 1 2 0 0 ");
  CHECK(run_ok("fprintf('%s', class(std(single([1 2]))));") == "single");
  expect_error("var([1 2 3], 2)", "MATLAB:var:invalidWgts");
  expect_error("var([1 2 3], [1 2])", "MATLAB:var:invalidSizeWgts");
}

TEST_CASE("range and bounds", "[builtins][stats]") {
  CHECK(run_ok("fprintf('%g ', range([1 5 3]), range([1 2; 5 3]), range([1 NaN 3]), "
               "range([1 2; 5 3], 2), range(magic(3), 'all'));") == "4 4 1 2 1 2 8 ");
  CHECK(run_ok("[s, l] = bounds([3 1 4 1 5]); fprintf('%g %g ', s, l); "
               "[s, l] = bounds([1 2; 3 0]); fprintf('%g ', s, l); "
               "[s, l] = bounds([1 NaN 3]); fprintf('%g %g', s, l);") == "1 5 1 0 3 2 1 3");
  CHECK(run_ok("[s, l] = bounds([]); fprintf('%d %d', isempty(s), isempty(l));") == "1 1");
}

TEST_CASE("prctile and quantile", "[builtins][stats]") {
  CHECK(run_ok("fprintf('%g ', prctile([1 2 3 4], 50), prctile([1 2 3 4], [25 50 75]), "
               "prctile(1:10, 90), prctile([1 2 3 4], 0), prctile([1 2 3 4], 100));") ==
        "2.5 1.5 2.5 3.5 9.5 1 4 ");
  CHECK(run_ok("fprintf('%.4f ', quantile([1 2 3 4], 0.5), quantile(1:5, 0.3), "
               "quantile(1:5, 2));") == "2.5000 2.0000 2.1667 3.8333 ");
  CHECK(run_ok("p = prctile((1:4)', [25 75]); fprintf('%d %d ', size(p)); "
               "p = prctile(1:4, [25 75]); fprintf('%d %d', size(p));") == "2 1 1 2");
  CHECK(run_ok("fprintf('%g ', prctile([1 2; 3 4; 5 6], 50), prctile([1 2; 3 4; 5 6], "
               "[0 100]), prctile([1 NaN 3], 50));") == "3 4 1 5 2 6 2 ");
  CHECK(run_ok("p = prctile([1 2; 3 4], 50, 2); fprintf('%d %d %g %g', size(p), p);") ==
        "2 1 1.5 3.5");
  CHECK(run_ok("p = prctile(magic(3), [50 100], 'all'); fprintf('%d %d %g %g', size(p), p);") ==
        "2 1 5 9");
  expect_error("prctile([1 2 3], 101)", "MATLAB:prctile:BadPercents");
  expect_error("quantile([1 2 3], -0.5)", "MATLAB:quantile:BadProbs");
}

TEST_CASE("normalize", "[builtins][stats]") {
  CHECK(run_ok("fprintf('%g ', normalize([1 2 3]), normalize([1 2 3], 'range'), "
               "normalize([1 2 3], 'center'), normalize([2 2 2]));") ==
        "-1 0 1 0 0.5 1 -1 0 1 0 0 0 ");
  CHECK(run_ok("fprintf('%.4f ', normalize([1 2; 3 6]));") == "-0.7071 0.7071 -0.7071 0.7071 ");
  CHECK(run_ok("fprintf('%g ', normalize([3 4], 'norm'), normalize([1 2 3], 'range', [-1 1]), "
               "normalize([1 3; 2 6], 2, 'center'));") == "0.6 0.8 -1 0 1 -1 -2 1 2 ");
  CHECK(run_ok("fprintf('%s', class(normalize(single([1 2]))));") == "single");
  expect_error("normalize([1 2], 'bogus')", "MATLAB:normalize:InvalidMethod");
}

TEST_CASE("histcounts", "[builtins][stats]") {
  // Integer data: unit bins centred on the integers.
  CHECK(run_ok("[n, e] = histcounts([1 2 2 3 5]); fprintf('%g ', n); fprintf('| '); "
               "fprintf('%g ', e);") == "1 2 1 0 1 | 0.5 1.5 2.5 3.5 4.5 5.5 ");
  // A bin count: nice edges from MATLAB's bin picker.
  CHECK(run_ok("[n, e] = histcounts([1 2 2 3 5], 2); fprintf('%g ', n, e);") == "3 2 0 3 6 ");
  // Scott's rule for non-integer data.
  CHECK(run_ok("[n, e] = histcounts([0.1 0.5 1.2 2.7]); fprintf('%g ', n, e);") == "4 0 3 ");
  CHECK(run_ok("[n, e] = histcounts([0.5 1.5 2.5 9.1 3.3 4.2 7.7 6.1]); fprintf('%g ', n); "
               "fprintf('| '); fprintf('%g ', e);") == "5 3 | 0 5 10 ");
  // Explicit edges: [e_k, e_k+1) with the last bin closed; outside values are dropped.
  CHECK(run_ok("fprintf('%g ', histcounts([1 2 2 3 5], [0 2 4 6]), histcounts([1 2 3], [1 2 3]), "
               "histcounts([0 1 NaN 9], [1 2 3]));") == "1 3 1 1 2 1 0 ");
  CHECK(run_ok("[n, e, b] = histcounts([1 7 2], [0 2 4]); fprintf('%g ', b);") == "1 0 2 ");
  CHECK(run_ok("fprintf('%g ', histcounts([1 2 2 3], 'Normalization', 'probability'), "
               "histcounts([1 2 2 3], 'Normalization', 'cumcount'));") == "0.25 0.5 0.25 1 3 4 ");
  CHECK(run_ok("[n, e] = histcounts([]); fprintf('%d ', size(n), e);") == "1 1 0 1 ");
  expect_error("histcounts([1 2], 0)", "MATLAB:histcounts:InvalidNumBins");
  expect_error("histcounts([1 2], [3 1])", "MATLAB:histcounts:InvalidEdges");
}

TEST_CASE("accumarray", "[builtins][stats]") {
  CHECK(run_ok("subs = [1; 2; 1; 3; 2]; vals = [10; 20; 30; 40; 50]; "
               "a = accumarray(subs, vals); fprintf('%d %d ', size(a)); fprintf('%g ', a, "
               "accumarray(subs, 1), accumarray(subs, vals, [4 1]));") ==
        "3 1 40 70 40 2 2 1 40 70 40 0 ");
  CHECK(run_ok("A = accumarray([1 1; 2 2; 1 1], [1 2 3]); fprintf('%d %d ', size(A)); "
               "fprintf('%g ', A);") == "2 2 4 0 0 2 ");
  CHECK(run_ok("fprintf('%g ', accumarray([1; 3], [5; 6], [], [], -1));") == "5 -1 6 ");
  CHECK(run_ok("A = accumarray([1 2], 7, [2 3]); fprintf('%d %d %g', size(A), A(1, 2));") ==
        "2 3 7");
  CHECK(run_ok("fprintf('%s', class(accumarray([1; 2], single([1; 2]))));") == "single");
  // A function applied to each group's values (positions without values get the fill).
  CHECK(run_ok("subs = [1; 2; 1; 3; 2]; vals = [10; 20; 30; 40; 50]; "
               "fprintf('%g ', accumarray(subs, vals, [4 1], @max), "
               "accumarray(subs, vals, [], @(x) numel(x)), "
               "accumarray([1; 3], [2; 5], [], @prod, NaN));") == "30 50 40 0 2 2 1 2 NaN 5 ");
  CHECK(run_ok("a = accumarray([1; 1; 2], [1; 0; 0], [], @any); fprintf('%s %d %d', class(a), "
               "a);") == "logical 1 0");
  expect_error("accumarray([1; 1], [1; 2], [], @(x) x')", "MATLAB:accumarray:nonscalarFunOutput");
  expect_error("accumarray([1; 1], [1; 2], [], 5)", "MATLAB:accumarray:invalidFun");
  expect_error("accumarray([0; 1], 1)", "MATLAB:accumarray:nonPosIntSubs");
  expect_error("accumarray([1; 2], [1 2 3])", "MATLAB:accumarray:nonMatchingSubsVals");
  expect_error("accumarray([1; 3], 1, [2 1])", "MATLAB:accumarray:InvalidSz");
}

TEST_CASE("integer inputs keep their class", "[builtins][stats]") {
  CHECK(run_ok("m = median(int8([1 2 4 7])); fprintf('%s %d', class(m), m);") == "int8 3");
  CHECK(run_ok("r = range(uint8([9 2 5])); fprintf('%s %d', class(r), r);") == "uint8 7");
  CHECK(run_ok("[s, l] = bounds(int16([4 -2 9])); fprintf('%s %d %d', class(s), s, l);") ==
        "int16 -2 9");
  CHECK(run_ok("m = mode(int32([5 5 1])); fprintf('%s %d', class(m), m);") == "int32 5");
}

TEST_CASE("dimensions beyond ndims", "[builtins][stats]") {
  CHECK(run_ok("m = median(1:3, 1e9); fprintf('%d %d ', size(m)); fprintf('%g ', m);") ==
        "1 3 1 2 3 ");
  CHECK(run_ok("v = var([1 2; 3 4], 0, 3); fprintf('%g ', v);") == "0 0 0 0 ");
  CHECK(run_ok("p = prctile([1 2], [50 90], 3); fprintf('%d ', size(p));") == "1 2 2 ");
  expect_error("prctile([1 2], 50, 1e9)", "MATLAB:array:SizeLimitExceeded");
}
