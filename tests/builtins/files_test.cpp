// Files, folders, time and console input: fopen/fclose/fgetl/fgets/feof/fread/fwrite/fseek,
// fprintf to file ids, fileread, isfile/isfolder/mkdir/rmdir/delete/dir/cd, fullfile/fileparts,
// tempdir/tempname, readmatrix/writematrix/csvread/csvwrite, clock/now/datenum/datestr/etime/
// pause, input. Every test works in its own temporary folder.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include "matlab_checks.hpp"

namespace {

namespace fs = std::filesystem;
using runmat::testing::expect_error;
using runmat::testing::run_matlab;
using runmat::testing::run_ok;

// A fresh folder removed at scope exit; `D = '<path>'; ` starts each script.
struct TempFolder {
  fs::path path;
  TempFolder() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("runmat-files-test-" + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempFolder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string prelude() const { return "D = '" + path.string() + "'; "; }
  std::string read(const std::string& name) const {
    std::ifstream in(path / name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
};

}  // namespace

TEST_CASE("fopen fprintf fgetl fgets feof fclose", "[builtins][files]") {
  TempFolder t;
  const std::string p = t.prelude();
  CHECK(run_ok(p + "f = fullfile(D, 'a.txt'); fid = fopen(f, 'w'); "
                   "fprintf(fid, '%d,%s\\n', 1, 'x'); fprintf(fid, 'line2\\n'); st = fclose(fid); "
                   "fid = fopen(f, 'r'); n = 0; while ~feof(fid), l = fgetl(fid); n = n + 1; "
                   "fprintf('[%s]', l); end; fclose(fid); fprintf('%d %d %d', n, st, fid >= 3);") ==
        "[1,x][line2]2 0 1");
  CHECK(t.read("a.txt") == "1,x\nline2\n");
  // fgets keeps the newline; both give -1 (double) at the end.
  CHECK(run_ok(p + "fid = fopen(fullfile(D, 'a.txt')); a = fgets(fid); b = fgetl(fid); "
                   "c = fgetl(fid); d = fgets(fid); fclose(fid); "
                   "fprintf('%d %d %s %g %s %g', numel(a), a(end) == 10, b, c, class(c), d);") ==
        "4 1 line2 -1 double -1");
  // A last line without a newline is still read; 'a' appends; 'w' truncates.
  CHECK(run_ok(p + "f = fullfile(D, 'b.txt'); fid = fopen(f, 'w'); fprintf(fid, 'x'); "
                   "fclose(fid); fid = fopen(f, 'a'); fprintf(fid, 'y'); fclose(fid); "
                   "fid = fopen(f, 'rt'); l = fgetl(fid); e = feof(fid); fclose(fid); "
                   "fprintf('%s %d %s', l, e, class(e));") == "xy 1 logical");
  CHECK(t.read("b.txt") == "xy");
}

TEST_CASE("fopen ids, failures and bad identifiers", "[builtins][files]") {
  TempFolder t;
  const std::string p = t.prelude();
  CHECK(run_ok(p + "f1 = fopen(fullfile(D, 'x'), 'w'); f2 = fopen(fullfile(D, 'y'), 'w+'); "
                   "fprintf('%d ', fopen('all') - f1); [n, perm] = fopen(f2); "
                   "[~, nm] = fileparts(n); fprintf('%s %s ', nm, perm); fclose('all'); "
                   "fprintf('%d', numel(fopen('all')));") == "0 1 y w+ 0");
  // The lowest free identifier is reused.
  CHECK(run_ok(p + "a = fopen(fullfile(D, 'x'), 'w'); b = fopen(fullfile(D, 'y'), 'w'); "
                   "fclose(a); c = fopen(fullfile(D, 'z'), 'w'); fprintf('%d', c == a); "
                   "fclose('all');") == "1");
  CHECK(run_ok("[fid, msg] = fopen('/nonexistent-runmat/x.txt', 'r'); "
               "fprintf('%d|%s', fid, msg);") == "-1|No such file or directory");
  expect_error("fclose(99)", "MATLAB:badfid_mx");
  expect_error("fprintf(7, 'x')", "MATLAB:badfid_mx");
  expect_error("fgetl(5)", "MATLAB:badfid_mx");
  expect_error("fread(1.5)", "MATLAB:badfid_mx");
  expect_error("fopen('x', 'q')", "MATLAB:fopen:InvalidPermission");
  // A file opened for reading refuses fprintf.
  expect_error(p + "fid = fopen(fullfile(D, 'r.txt'), 'w'); fclose(fid); "
                   "fid = fopen(fullfile(D, 'r.txt'), 'r'); fprintf(fid, 'x');",
               "MATLAB:badfid_mx");
}

TEST_CASE("fread fwrite fseek ftell frewind", "[builtins][files]") {
  TempFolder t;
  const std::string p = t.prelude();
  // uint8 by default: values round and saturate.
  CHECK(run_ok(p + "f = fullfile(D, 'b.bin'); fid = fopen(f, 'w'); "
                   "n = fwrite(fid, [1 2.6 255 256 -1]); fclose(fid); fid = fopen(f); "
                   "[A, c] = fread(fid); fclose(fid); fprintf('%g ', n, c, A, size(A)); "
                   "fprintf('%s', class(A));") == "5 5 1 3 255 255 0 5 1 double");
  CHECK(run_ok(p + "f = fullfile(D, 'd.bin'); fid = fopen(f, 'w'); "
                   "fwrite(fid, [pi -2 1e300], 'double'); fwrite(fid, int16([-3 7]), 'int16'); "
                   "fclose(fid); fid = fopen(f); x = fread(fid, 3, 'double'); "
                   "y = fread(fid, [1 Inf], 'int16=>int16'); p0 = ftell(fid); fclose(fid); "
                   "fprintf('%.15g %g %g %s %d %d %d', x(1), x(2), x(3), class(y), y, p0);") ==
        "3.14159265358979 -2 1e+300 int16 -3 7 28");
  CHECK(run_ok(p + "f = fullfile(D, 't.txt'); fid = fopen(f, 'w'); fprintf(fid, 'hello world'); "
                   "fclose(fid); fid = fopen(f); s = fread(fid, [1 5], '*char'); "
                   "st = fseek(fid, -5, 'eof'); w = fread(fid, Inf, 'char=>char')'; "
                   "frewind(fid); h = fread(fid, 1, 'uint8'); bad = fseek(fid, -3, 'bof'); "
                   "fclose(fid); fprintf('%s|%s|%s|%d|%g|%d', class(s), s, w, st, h, bad);") ==
        "char|hello|world|0|104|-1");
  // [m Inf]: columns filled to the end, the last padded with zeros.
  CHECK(run_ok(p + "f = fullfile(D, 'm.bin'); fid = fopen(f, 'w'); fwrite(fid, 1:5); "
                   "fclose(fid); fid = fopen(f); A = fread(fid, [2 Inf]); fclose(fid); "
                   "fprintf('%g ', size(A), A);") == "2 3 1 2 3 4 5 0 ");
  expect_error(p + "fid = fopen(fullfile(D, 'q'), 'w'); fwrite(fid, 1, 'bogus');",
               "MATLAB:fwrite:InvalidPrecision");
}

TEST_CASE("fscanf", "[builtins][files]") {
  TempFolder t;
  const std::string p = t.prelude();
  { std::ofstream(t.path / "n.txt") << "1 2.5\n-3e2\t4\n5 6\nend"; }
  CHECK(run_ok(p + "fid = fopen(fullfile(D, 'n.txt')); [A, c] = fscanf(fid, '%f'); "
                   "rest = fgetl(fid); fclose(fid); fprintf('%g ', A, size(A), c); "
                   "fprintf('%s', rest);") == "1 2.5 -300 4 5 6 6 1 6 end");
  CHECK(run_ok(p + "fid = fopen(fullfile(D, 'n.txt')); A = fscanf(fid, '%g', [2 Inf]); "
                   "fclose(fid); fprintf('%g ', size(A), A(2, 3));") == "2 3 6 ");
  { std::ofstream(t.path / "kv.txt") << "x=1,y=2\nx=3,y=4\n"; }
  CHECK(run_ok(p + "fid = fopen(fullfile(D, 'kv.txt')); A = fscanf(fid, 'x=%d,y=%d\\n', "
                   "[2 Inf]); fclose(fid); fprintf('%g ', A);") == "1 2 3 4 ");
  CHECK(run_ok(p + "fid = fopen(fullfile(D, 'kv.txt')); w = fscanf(fid, '%s', 1); "
                   "fclose(fid); fprintf('%s %s', class(w), w);") == "char x=1,y=2");
  CHECK(run_ok(p + "fid = fopen(fullfile(D, 'kv.txt')); A = fscanf(fid, '%d'); fclose(fid); "
                   "fprintf('%d %d', isempty(A), size(A, 1));") == "1 0");
  expect_error(p + "fid = fopen(fullfile(D, 'kv.txt')); fscanf(fid, '%q');",
               "MATLAB:fscanf:invalidFormat");
}

TEST_CASE("fileread isfile isfolder mkdir rmdir delete", "[builtins][files]") {
  TempFolder t;
  const std::string p = t.prelude();
  CHECK(run_ok(p + "f = fullfile(D, 'a.txt'); fid = fopen(f, 'w'); fprintf(fid, 'ab\\ncd'); "
                   "fclose(fid); s = fileread(f); fprintf('%d %s %d %d %d %d', numel(s), "
                   "class(s), isfile(f), isfolder(f), isfolder(D), isfile(D));") ==
        "5 char 1 0 1 0");
  CHECK(run_ok(p + "r = isfile({fullfile(D, 'nope'), D}); fprintf('%d ', r, size(r));") ==
        "0 0 1 2 ");
  expect_error("fileread('/nonexistent-runmat/none.txt')", "MATLAB:fileread:cannotOpenFile");
  CHECK(run_ok(p + "s = mkdir(fullfile(D, 'x', 'y')); [s2, m2, id2] = mkdir(D, 'x'); "
                   "fprintf('%d %d %s %d ', s, s2, id2, isfolder(fullfile(D, 'x', 'y'))); "
                   "[r, msg] = rmdir(fullfile(D, 'x')); fprintf('%d ', r); "
                   "r2 = rmdir(fullfile(D, 'x'), 's'); fprintf('%d %d', r2, "
                   "isfolder(fullfile(D, 'x')));") == "1 1 MATLAB:MKDIR:DirectoryExists 1 0 1 0");
  expect_error(p + "rmdir(fullfile(D, 'none'))", "MATLAB:RMDIR:NoDirectoriesRemoved");
  // delete with a wildcard; a missing file is a warning, not an error.
  auto r = run_matlab(p +
                      "for k = 1:3, fid = fopen(fullfile(D, sprintf('f%d.tmp', k)), 'w'); "
                      "fclose(fid); end; delete(fullfile(D, '*.tmp')); "
                      "delete(fullfile(D, 'missing.txt')); d = dir(fullfile(D, '*.tmp')); "
                      "fprintf('%d', numel(d));");
  REQUIRE(r.result.ok);
  CHECK(r.out == "0");
  CHECK(r.err.find("Warning: File '") != std::string::npos);
}

TEST_CASE("dir pwd cd", "[builtins][files]") {
  TempFolder t;
  const std::string p = t.prelude();
  CHECK(run_ok(p + "fid = fopen(fullfile(D, 'b.txt'), 'w'); fprintf(fid, '12345'); fclose(fid); "
                   "mkdir(fullfile(D, 'sub')); d = dir(D); fprintf('%s,', d.name); "
                   "fprintf('%d ', [d.isdir], d(3).bytes, size(d)); "
                   "fprintf('%d %d %s', strcmp(d(3).folder, D), numel(d(3).date), "
                   "class(d(3).datenum));") == ".,..,b.txt,sub,1 1 0 1 5 4 1 1 20 double");
  CHECK(run_ok(p + "d = dir(fullfile(D, '*.txt')); e = dir(fullfile(D, 'none*')); "
                   "fprintf('%d %d %d', numel(d), numel(e), isstruct(e));") == "1 0 1");
  // The file's date number is within a day of now (local time on both sides).
  CHECK(run_ok(p + "fid = fopen(fullfile(D, 'n.txt'), 'w'); fclose(fid); "
                   "d = dir(fullfile(D, 'n.txt')); fprintf('%d', abs(d.datenum - now) < 0.01);") ==
        "1");
  const fs::path before = fs::current_path();
  CHECK(run_ok(p + "old = cd(D); here = pwd; back = cd(old); "
                   "fprintf('%d %d', strcmp(here, D), strcmp(back, D));") == "1 1");
  CHECK(fs::current_path() == before);
  expect_error("cd('/nonexistent-runmat-folder')", "MATLAB:cd:NonExistentFolder");
}

TEST_CASE("fullfile fileparts tempdir tempname", "[builtins][files]") {
  CHECK(run_ok("fprintf('%s|', fullfile('a', 'b', 'c.m'), fullfile('a/', '/b'), "
               "fullfile('', 'x'), fullfile('/'), fullfile('a', ''));") == "a/b/c.m|a/b|x|/|a|");
  CHECK(run_ok("fprintf('%s', class(fullfile(\"a\", 'b')));") == "string");
  CHECK(run_ok("[p, n, e] = fileparts('/home/u/data.tar.gz'); fprintf('%s|%s|%s;', p, n, e); "
               "[p, n, e] = fileparts('file.m'); fprintf('%s|%s|%s;', p, n, e); "
               "[p, n, e] = fileparts('/top'); fprintf('%s|%s|%s;', p, n, e); "
               "[p, n, e] = fileparts('dir/.bashrc'); fprintf('%s|%s|%s;', p, n, e); "
               "[p, n, e] = fileparts(\"a/b\"); fprintf('%s', class(n));") ==
        "/home/u|data.tar|.gz;|file|.m;/|top|;dir||.bashrc;string");
  CHECK(run_ok("d = tempdir; a = tempname; b = tempname; "
               "fprintf('%d %d %d %d', d(end) == '/', strncmp(a, d, numel(d)), "
               "~strcmp(a, b), ~isfile(a));") == "1 1 1 1");
}

TEST_CASE("readmatrix writematrix csvread csvwrite", "[builtins][files]") {
  TempFolder t;
  const std::string p = t.prelude();
  CHECK(run_ok(p + "f = fullfile(D, 'm.csv'); writematrix([1 2.5; NaN -4; pi 1e-20], f); "
                   "A = readmatrix(f); fprintf('%d %d %d ', size(A), isnan(A(2,1))); "
                   "fprintf('%.15g ', A([1 3 4 5 6]));") ==
        "3 2 1 1 3.14159265358979 2.5 -4 1e-20 ");
  CHECK(t.read("m.csv") == "1,2.5\nNaN,-4\n3.14159265358979,1e-20\n");
  // Header lines are skipped; text and empty fields are NaN; ragged rows are padded.
  { std::ofstream(t.path / "h.csv") << "a,b,c\n1,,3\n4,x,6\n7,8\n"; }
  CHECK(run_ok(p + "A = readmatrix(fullfile(D, 'h.csv')); fprintf('%g ', size(A), A);") ==
        "3 3 1 4 7 NaN NaN 8 3 6 NaN ");
  { std::ofstream(t.path / "s.txt") << "# two header\n# lines\n1 2\t3\n4   5 6\n"; }
  CHECK(run_ok(p + "A = readmatrix(fullfile(D, 's.txt'), 'NumHeaderLines', 2); "
                   "fprintf('%g ', A);") == "1 4 2 5 3 6 ");
  CHECK(run_ok(p + "f = fullfile(D, 't.txt'); writematrix([1 2; 3 4], f, 'Delimiter', 'tab'); "
                   "A = readmatrix(f); fprintf('%g ', A);") == "1 3 2 4 ");
  CHECK(t.read("t.txt") == "1\t2\n3\t4\n");
  // csvwrite keeps five significant digits; csvread reads empty fields as 0, with offsets.
  CHECK(run_ok(p + "f = fullfile(D, 'c.csv'); csvwrite(f, [pi 100000.4; 1 2]); "
                   "A = csvread(f); B = csvread(f, 1, 1); fprintf('%.10g ', A, B);") ==
        "3.1416 1 100000 2 2 ");
  { std::ofstream(t.path / "e.csv") << "1,,3\n"; }
  CHECK(run_ok(p + "fprintf('%g ', csvread(fullfile(D, 'e.csv')));") == "1 0 3 ");
  expect_error("readmatrix('/nonexistent-runmat/x.csv')", "MATLAB:readmatrix:FileNotFound");
  expect_error(p + "writematrix({1}, fullfile(D, 'z.csv'))", "MATLAB:writematrix:UnsupportedInput");
}

TEST_CASE("textscan", "[builtins][files]") {
  TempFolder t;
  const std::string p = t.prelude();
  { std::ofstream(t.path / "t.csv") << "name,x,n\nab,1.5,3\ncd,,4\nef,2,x\n"; }
  CHECK(run_ok(p + "fid = fopen(fullfile(D, 't.csv')); C = textscan(fid, '%s %f %d', "
                   "'Delimiter', ',', 'HeaderLines', 1); fclose(fid); "
                   "fprintf('%d %s %s ', numel(C), class(C{1}), class(C{3})); "
                   "fprintf('%s ', C{1}{:}); fprintf('%g ', C{2}, C{3}, size(C{2}));") ==
        "3 cell int32 ab cd ef 1.5 NaN 2 3 4 3 1 ");
  CHECK(run_ok("C = textscan('1 2 3 4 5 6', '%f %*f'); fprintf('%g ', numel(C), C{1});") ==
        "1 1 3 5 ");
  CHECK(run_ok("C = textscan(sprintf('1 2\\n3 4\\n5 6'), '%f %f', 2); "
               "fprintf('%g ', C{1}, C{2});") == "1 3 2 4 ");
  expect_error("textscan(99, '%f')", "MATLAB:textscan:BadFid");
  expect_error("textscan('1', '%q')", "MATLAB:textscan:BadFormatString");
}

TEST_CASE("datenum datestr clock now etime", "[builtins][time]") {
  CHECK(run_ok("fprintf('%.10g %.10g %.10g %.10g', datenum(2000, 1, 1), datenum(1970, 1, 1), "
               "datenum([2000 1 1 6 0 0]), datenum(0, 1, 1));") == "730486 719529 730486.25 1");
  CHECK(run_ok("fprintf('%d %d', datenum(2020, 14, 1) == datenum(2021, 2, 1), "
               "datenum(2024, 3, 0) == datenum(2024, 2, 29));") == "1 1");
  CHECK(run_ok("fprintf('%g ', datenum(2000, 1, [1 2 3]));") == "730486 730487 730488 ");
  CHECK(run_ok("fprintf('%.10g %.10g %g', datenum('2000-01-01'), datenum('01-Jan-2000 12:00:00'), "
               "datenum('2000/02/03 04:05:06', 'yyyy/mm/dd HH:MM:SS') - 730519);") ==
        "730486 730486.5 0.170208");
  CHECK(run_ok("fprintf('%s|', datestr(730486), datestr(730486.5), "
               "datestr(730486.75, 'yyyy-mm-dd HH:MM:SS'), datestr(730486, 'dddd mmmm d'), "
               "datestr(730486.6, 'HH:MM PM'), datestr(730486.6, 31), datestr(730486, 29), "
               "datestr([2024 2 29 13 5 9]), datestr(730486.123456, 'HH:MM:SS.FFF'));") ==
        "01-Jan-2000|01-Jan-2000 12:00:00|2000-01-01 18:00:00|Saturday January S| 2:24 PM|"
        "2000-01-01 14:24:00|2000-01-01|29-Feb-2024 13:05:09|02:57:46.598|");
  CHECK(run_ok("s = datestr([730486; 730487]); fprintf('%d %d %s', size(s), s(2, :));") ==
        "2 11 02-Jan-2000");
  CHECK(run_ok("fprintf('%g', etime([2000 1 1 0 0 0.5], [1999 12 31 23 59 0]));") == "60.5");
  CHECK(run_ok("c = clock; fprintf('%d %d %d ', size(c), c(1) >= 2024); "
               "fprintf('%d %d %d', abs(now - datenum(c)) < 1e-3, numel(date), "
               "cputime >= 0);") == "1 6 1 1 11 1");
  expect_error("datenum('not a date')", "MATLAB:datenum:ConvertDateString");
  expect_error("datestr(730486, 17)", "MATLAB:datestr:DateNumber");
  expect_error("etime([1 2 3], [1 2 3 4 5 6])", "MATLAB:etime:InvalidInput");
}

TEST_CASE("pause", "[builtins][time]") {
  unsetenv("RUNMAT_NO_PAUSE");
  CHECK(run_ok("tic; pause(0.05); fprintf('%d', toc >= 0.045);") == "1");
  expect_error("pause(-1)", "MATLAB:pause:InvalidInput");
  setenv("RUNMAT_NO_PAUSE", "1", 1);
  const auto t0 = std::chrono::steady_clock::now();
  CHECK(run_ok("pause(30); pause; fprintf('ok');") == "ok");
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5));
  unsetenv("RUNMAT_NO_PAUSE");
}

TEST_CASE("input reads standard input", "[builtins][files]") {
  std::istringstream in("3 + 4\nhello there\n\n[1 2]*2\n");
  std::streambuf* old = std::cin.rdbuf(in.rdbuf());
  auto r = run_matlab(
      "x = input('n? '); s = input('', 's'); e = input(''); v = input('v: '); "
      "fprintf('|%g %s %d %g %g', x, s, isempty(e), v);");
  std::cin.rdbuf(old);
  std::cin.clear();
  INFO(r.result.error_report);
  REQUIRE(r.result.ok);
  CHECK(r.out == "n? v: |7 hello there 1 2 4");
  // The reply is evaluated in the caller's workspace.
  std::istringstream in2("k * 2\n");
  old = std::cin.rdbuf(in2.rdbuf());
  auto r2 = run_matlab("k = 10; x = input(''); fprintf('%g', x);");
  std::cin.rdbuf(old);
  std::cin.clear();
  INFO(r2.result.error_report);
  REQUIRE(r2.result.ok);
  CHECK(r2.out == "20");
  expect_error("input('x', 'q')", "MATLAB:input:secondArgumentMustBeS");
}

TEST_CASE("eval", "[builtins][eval]") {
  CHECK(run_ok("x = 2; eval('y = x * 3;'); fprintf('%g', y);") == "6");
  CHECK(run_ok("x = 2; v = eval('x + 1'); fprintf('%g %d', v, exist('runmat_eval_result_'));") ==
        "3 0");
  CHECK(run_ok("eval('error(''my:id'', ''boom'')', 'w = lasterr;'); fprintf('%s', w);") == "boom");
  CHECK(run_ok("eval('a = 1;', 'a = 2;'); fprintf('%g', a);") == "1");
  // Inside a function, eval sees and sets that function's variables.
  CHECK(run_ok("r = f(4); fprintf('%g', r);\nfunction out = f(a)\n  eval('out = a^2;');\nend\n") ==
        "16");
  expect_error("eval('1 +')", "MATLAB:parse");
  expect_error("eval('error(''my:id'', ''boom'')')", "my:id");
}
