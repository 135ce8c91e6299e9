// Set and ordering builtins: unique ismember union intersect setdiff setxor sortrows issorted,
// with MATLAB's index outputs (first occurrences, lowest index), orientation rules and NaN
// handling (each NaN distinct, sorted last).
#include <catch2/catch.hpp>

#include "matlab_checks.hpp"

using runmat::testing::expect_error;
using runmat::testing::run_matlab;
using runmat::testing::run_ok;

TEST_CASE("unique", "[builtins][sets]") {
  CHECK(run_ok("[u, ia, ic] = unique([3 1 3 2 1]); fprintf('%g ', u); fprintf('| '); "
               "fprintf('%g ', ia); fprintf('| '); fprintf('%g ', ic); "
               "fprintf('| %d %d %d %d', size(ia), size(ic));") ==
        "1 2 3 | 2 4 1 | 3 1 3 2 1 | 3 1 5 1");
  CHECK(run_ok("[u, ia] = unique([3 1 3 2 1], 'stable'); fprintf('%g ', u, ia);") ==
        "3 1 2 1 2 4 ");
  CHECK(run_ok("[u, ia] = unique([3 1 3 2 1], 'last'); fprintf('%g ', ia);") == "5 4 3 ");
  CHECK(run_ok("fprintf('%g ', unique([1 NaN NaN 2]));") == "1 2 NaN NaN ");
  CHECK(run_ok("u = unique([3; 1; 1]); fprintf('%d %d ', size(u)); u = unique([2 1; 1 3]); "
               "fprintf('%d %d ', size(u)); fprintf('%g ', u);") == "2 1 3 1 1 2 3 ");
  CHECK(run_ok("u = unique('hello'); fprintf('%s %s', class(u), u);") == "char ehlo");
  CHECK(run_ok("[C, ia, ic] = unique([1 2; 1 2; 0 5], 'rows'); fprintf('%g ', C); "
               "fprintf('| '); fprintf('%g ', ia, ic);") == "0 1 5 2 | 3 1 2 2 1 ");
  CHECK(run_ok("fprintf('%s', class(unique(single([2 1]))));") == "single");
  expect_error("unique([1 2], 'bogus')", "MATLAB:UNIQUE:UnknownFlag");
}

TEST_CASE("ismember", "[builtins][sets]") {
  CHECK(run_ok("[tf, loc] = ismember([1 5 2], [2 1 9]); fprintf('%d ', tf); "
               "fprintf('%g ', loc);") == "1 0 1 2 0 1 ");
  CHECK(run_ok("[tf, loc] = ismember([1 2], [2 2 1 1]); fprintf('%g ', loc);") == "3 1 ");
  CHECK(run_ok("fprintf('%d %d %s', ismember(NaN, [1 NaN]), ismember('b', 'abc'), "
               "class(ismember(1, 1)));") == "0 1 logical");
  CHECK(run_ok("[tf, loc] = ismember([1 2; 3 4], [3 4], 'rows'); fprintf('%d ', tf, loc, "
               "size(tf));") == "0 1 0 1 2 1 ");
  CHECK(run_ok("tf = ismember([1 2; 3 4], [4 1]); fprintf('%d ', tf, size(tf));") ==
        "1 0 0 1 2 2 ");
  expect_error("ismember([1 2], [1 2 3], 'rows')", "MATLAB:ISMEMBER:AandBColnumAgree");
}

TEST_CASE("union intersect setdiff setxor", "[builtins][sets]") {
  CHECK(run_ok("fprintf('%g ', union([3 1], [2 1]), intersect([1 2 3], [2 3 4]), "
               "setdiff([1 2 3 4], [2 4]), setxor([1 2 3], [3 4]));") == "1 2 3 2 3 1 3 1 2 4 ");
  CHECK(run_ok("[C, ia, ib] = union([3 1 1], [2 1]); fprintf('%g ', C); fprintf('| '); "
               "fprintf('%g ', ia); fprintf('| '); fprintf('%g ', ib);") == "1 2 3 | 2 1 | 1 ");
  CHECK(run_ok("[C, ia, ib] = intersect([5 1 2 1], [1 7 5]); fprintf('%g ', C, ia, ib);") ==
        "1 5 2 1 1 3 ");
  CHECK(run_ok("[C, ia] = setdiff([4 3 4 1], 3); fprintf('%g ', C, ia);") == "1 4 4 1 ");
  CHECK(run_ok("[C, ia, ib] = setxor([1 2 3], [3 4]); fprintf('%g ', C, ia, ib);") ==
        "1 2 4 1 2 2 ");
  CHECK(run_ok("fprintf('%g ', union([3 1], [2 1], 'stable'), intersect([5 1 2], [1 5], "
               "'stable'), setdiff([4 3 1], 3, 'stable'), setxor([3 1], [2 1], 'stable'));") ==
        "3 1 2 5 1 4 1 3 2 ");
  // Orientation: rows only when both inputs are rows (setdiff: when A is a row).
  CHECK(run_ok("fprintf('%d %d ', size(union([1; 2], [2 3])), size(union([1 2], [])), "
               "size(intersect([1 2], [2; 1])), size(setdiff([1 2 3], [2; 3])), "
               "size(setdiff((1:4)', [2 4])));") == "3 1 1 2 2 1 1 1 2 1 ");
  CHECK(run_ok("C = union([1 2; 3 4], [1 2; 5 6], 'rows'); fprintf('%d %d ', size(C)); "
               "fprintf('%g ', C);") == "3 2 1 3 5 2 4 6 ");
  CHECK(run_ok("fprintf('%s %s %s', class(union(single(1), 2)), union('ab', 'bc'), "
               "class(intersect('ab', 'bc')));") == "single abc char");
  CHECK(run_ok("fprintf('%g ', union([NaN 1], [NaN 2]));") == "1 2 NaN NaN ");
}

TEST_CASE("sortrows and issorted", "[builtins][sets]") {
  CHECK(run_ok("fprintf('%g ', sortrows([3 1; 1 2; 2 0]), sortrows([1 2; 1 1; 0 5], [1 -2]));") ==
        "1 2 3 2 0 1 0 1 1 5 2 1 ");
  CHECK(run_ok("[B, i] = sortrows([3; 1; 2]); fprintf('%g ', B, i);") == "1 2 3 2 3 1 ");
  CHECK(run_ok("fprintf('%g ', sortrows([1 2; 3 4], 'descend'), sortrows([1; NaN; 3], -1), "
               "sortrows([1; NaN; 3]));") == "3 1 4 2 NaN 3 1 1 3 NaN ");
  CHECK(run_ok("s = sortrows(['bc'; 'ab']); fprintf('%s %s', class(s), s(1, :));") == "char ab");
  CHECK(run_ok("[B, i] = sortrows([2 1; 1 9; 2 0], 1); fprintf('%g ', i);") == "2 1 3 ");
  expect_error("sortrows([1 2; 3 4], 3)", "MATLAB:sortrows:COLmismatchX");

  CHECK(run_ok("fprintf('%d', issorted([1 2 2 3]), issorted([3 1]), issorted([3 2 1], "
               "'descend'), issorted([1 NaN]), issorted([NaN 1]), issorted([1 1], "
               "'strictascend'), issorted([1 2; 0 3]), issorted([1 2; 3 4], 'rows'), "
               "issorted([3 2 1], 'monotonic'), issorted([]), issorted([1 2; 0 3], 2));") ==
        "10110001111");
  expect_error("issorted([1 2], 'sideways')", "MATLAB:issorted:UnknownSortDirection");
}
