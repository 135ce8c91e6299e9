// save/load: MAT-file version 5 round trips (-v7 compressed, -v6) of every class RunMat holds,
// the argument forms (-struct, -append, wildcards, command syntax, S = load(...)), numeric text
// files (-ascii), files written by other tools (SciPy, and hand-built ones with MATLAB's
// storage choices and big-endian byte order: tests/builtins/data/make_mat_fixtures.py), a
// cross-check that SciPy reads what RunMat writes (when SciPy is installed), and the errors.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "matlab_checks.hpp"

namespace {

namespace fs = std::filesystem;
using runmat::testing::expect_error;
using runmat::testing::run_matlab;
using runmat::testing::run_ok;

// A fresh folder; the scripts cd into it, so the process's folder is restored at scope exit
// before the folder is removed.
struct TempFolder {
  fs::path path;
  fs::path home = fs::current_path();
  TempFolder() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("runmat-matfile-test-" + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempFolder() {
    std::error_code ec;
    fs::current_path(home, ec);
    fs::remove_all(path, ec);
  }
  // Every script starts in the folder, so file names can be relative.
  std::string prelude() const { return "cd('" + path.string() + "'); "; }
  std::string read(const std::string& name) const {
    std::ifstream in(path / name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
};

std::string data_dir() {
  const char* d = std::getenv("RUNMAT_TEST_DATA");
  return d ? d : "";
}

// Values of every class and shape RunMat stores; `check` compares x with S.x by class, size
// and contents and prints the names that differ.
const char* kValues =
    "a = [1 2; 3 4]; s = 'hello'; i8 = int8([-5 7]); i16 = int16(-300); i32 = int32([1; -2]); "
    "i64 = int64(-9223372036854775807); u8 = uint8(250); u16 = uint16([1 65535]); "
    "u32 = uint32(4e9); u64 = intmax('uint64'); lg = [true false true]; z = [1+2i, 3-4i]; "
    "f = single([0.5 -1.25]); zs = complex(single(1), single(-2)); nd = reshape(1:12, 2, 3, 2); e "
    "= []; "
    "ez = zeros(0, 3); c = {1, 'two'; [1 2 3], {}}; st = struct('x', 1, 'y', 'ab'); "
    "sa = struct('k', {10, 'v'}); ch = ['ab'; 'cd']; ec = cell(0, 3); es = struct('a', {}); "
    "nest = struct('inner', struct('deep', {{1, int8(2)}})); big = rand(40, 30); "
    "names = {'a','s','i8','i16','i32','i64','u8','u16','u32','u64','lg','z','f','zs','nd','e',"
    "'ez','c','st','sa','ch','ec','es','nest','big'}; ";

const char* kCheck =
    "bad = {}; for k = 1:numel(names), n = names{k}; x = eval(n); y = S.(n); "
    "if ~isequal(x, y) || ~strcmp(class(x), class(y)) || ~isequal(size(x), size(y)), "
    "bad{end+1} = n; end, end, fprintf('bad:%s\\n', strjoin(bad, ','));";

}  // namespace

TEST_CASE("save/load round-trip every class, -v7 and -v6", "[builtins][matfile]") {
  TempFolder t;
  for (const char* fmt : {"'-v7'", "'-v6'"}) {
    INFO(fmt);
    const std::string src = t.prelude() + kValues + "save('all.mat', names{:}, " + fmt +
                            "); S = load('all.mat'); " + kCheck +
                            " fprintf('%d', isequal(sort(fieldnames(S)), sort(names(:))));";
    CHECK(run_ok(src) == "bad:\n1");
  }
  // Loading into the workspace (no output) assigns the variables.
  CHECK(run_ok(t.prelude() + "x = {1, 'a'}; y = int16([1 2]); save w.mat; clear; load w.mat; "
                             "fprintf('%s %s %s', class(x), class(y), x{2});") == "cell int16 a");
}

TEST_CASE("MAT-file layout: header, compression, small elements", "[builtins][matfile]") {
  TempFolder t;
  run_ok(t.prelude() +
         "z = zeros(200); save('c.mat', 'z'); save('u.mat', 'z', '-v6'); ab = 1; "
         "save('small.mat', 'ab', '-v6');");
  const std::string c = t.read("c.mat"), u = t.read("u.mat"), small = t.read("small.mat");
  REQUIRE(c.size() > 136);
  CHECK(c.substr(0, 19) == "MATLAB 5.0 MAT-file");
  CHECK(c.substr(126, 2) == "IM");
  CHECK(static_cast<unsigned char>(c[124]) == 0x00);  // version 0x0100, little-endian
  CHECK(static_cast<unsigned char>(c[125]) == 0x01);
  CHECK(static_cast<unsigned char>(c[128]) == 15);  // miCOMPRESSED
  CHECK(static_cast<unsigned char>(u[128]) == 14);  // miMATRIX
  CHECK(c.size() < 2000);                           // 320000 bytes of zeros compress
  CHECK(u.size() > 320000);
  // The name 'ab' (2 bytes) uses the small element format: (2 << 16 | miINT8) then the text.
  // It follows the tag (8), array flags (16) and dimensions (16).
  const size_t name_at = 128 + 8 + 16 + 16;
  REQUIRE(small.size() > name_at + 8);
  CHECK(static_cast<unsigned char>(small[name_at]) == 1);
  CHECK(static_cast<unsigned char>(small[name_at + 2]) == 2);
  CHECK(small.substr(name_at + 4, 2) == "ab");
}

TEST_CASE("save/load argument forms", "[builtins][matfile]") {
  TempFolder t;
  const std::string p = t.prelude();
  // Command syntax, default .mat extension, selected variables, wildcards.
  CHECK(run_ok(p + "alpha = 1; beta = 2; gamma = 3; save sel alpha g*; clear; load sel; "
                   "fprintf('%d %d %d', exist('alpha', 'var'), exist('beta', 'var'), gamma);") ==
        "1 0 3");
  // load of chosen variables, S = load(...) order, load without extension.
  CHECK(run_ok(p + "a = 1; b = 'x'; c = 3; save('abc.mat'); clear; S = load('abc', 'c', 'a'); "
                   "f = fieldnames(S); fprintf('%s ', f{:});") == "a c ");
  // -struct saves fields as variables (all, or those named).
  CHECK(run_ok(p +
               "s.p = 1; s.q = 'two'; s.r = 3; save('st.mat', '-struct', 's'); "
               "save('st2.mat', '-struct', 's', 'q'); A = load('st.mat'); B = load('st2.mat'); "
               "fprintf('%s|%s|%s', strjoin(fieldnames(A)', ','), strjoin(fieldnames(B)', ','), "
               "B.q);") == "p,q,r|q|two");
  // -regexp: names are regular expressions (matching anywhere in the name).
  CHECK(run_ok(p + "v1 = 1; v2 = 2; vx = 3; w1 = 4; save('re.mat', '-regexp', '^v\\d$', 'x$'); "
                   "A = load('re.mat'); B = load('re.mat', '-regexp', '2'); "
                   "fa = fieldnames(A); fb = fieldnames(B); fprintf('%s,', fa{:}); fprintf('|%s', "
                   "fb{:});") == "v1,v2,vx,|v2");
  // -append replaces a variable of the same name and keeps the others.
  CHECK(run_ok(p + "x = 1; y = 2; save('ap.mat', 'x', 'y'); x = 10; z = 3; "
                   "save('ap.mat', 'x', 'z', '-append'); S = load('ap.mat'); "
                   "fprintf('%s=%g ', 'x', S.x, 'y', S.y, 'z', S.z);") == "x=10 y=2 z=3 ");
  // A function loads into its own workspace; save without names saves the function's variables.
  {
    std::ofstream f(t.path / "fsave.m");
    f << "function r = fsave()\nq = 7; save('f.mat'); clear q; load('f.mat'); r = q * 2;\nend\n";
  }
  CHECK(run_ok(p + "fprintf('%d ', fsave()); S = load('f.mat'); f = fieldnames(S); disp(f{1});") ==
        "14 q\n");
  // save with nothing named and no file: matlab.mat in the current folder.
  CHECK(run_ok(p + "v = 5; save; clear v; load; fprintf('%d', v); delete('matlab.mat');") == "5");
}

TEST_CASE("save/load -ascii", "[builtins][matfile]") {
  TempFolder t;
  const std::string p = t.prelude();
  run_ok(p +
         "m = [1 -2.5; 3 1e10]; save('m.txt', 'm', '-ascii'); "
         "save('d.txt', 'm', '-ascii', '-double'); save('t.txt', 'm', '-ascii', '-tabs');");
  CHECK(t.read("m.txt") == "   1.0000000e+00  -2.5000000e+00\n   3.0000000e+00   1.0000000e+10\n");
  CHECK(t.read("t.txt") == "1.0000000e+00\t-2.5000000e+00\n3.0000000e+00\t1.0000000e+10\n");
  CHECK(run_ok(p + "A = load('d.txt'); load m.txt; load('t.txt', '-ascii'); "
                   "fprintf('%d %d %d', isequal(A, [1 -2.5; 3 1e10]), isequal(m, A), "
                   "isequal(t, A));") == "1 1 1");
  // Comments, commas, a file name that is not a valid variable name.
  {
    std::ofstream f(t.path / "1-data.dat");
    f << "% header\n1, 2, 3\n4 5 6 % trailing\n";
  }
  CHECK(run_ok(p + "load('1-data.dat'); disp(X1_data);") ==
        "     1     2     3\n     4     5     6\n");
  {
    std::ofstream f(t.path / "ragged.txt");
    f << "1 2\n3\n";
  }
  expect_error(p + "load('ragged.txt');", "MATLAB:load:numColumnsNotSame");
}

TEST_CASE("load reads MAT-files written by other tools", "[builtins][matfile]") {
  const std::string d = data_dir();
  REQUIRE(!d.empty());
  for (const char* f : {"scipy_v6.mat", "scipy_v7.mat"}) {
    INFO(f);
    const std::string src =
        "S = load('" + d + "/" + f +
        "'); fprintf('%g ', S.a); fprintf('%s %s %s %s ', S.s, class(S.i8), class(S.u64), "
        "class(S.lg)); fprintf('%d ', S.i8, S.u64 == uint64(2)^60 + 1, S.lg); "
        "fprintf('%g%+gi ', real(S.z(2)), imag(S.z(2))); fprintf('%s %g ', class(S.f32), "
        "S.f32(2)); fprintf('%d ', size(S.nd), S.nd(2,3,2), size(S.e)); fprintf('| %s %s %s "
        "%g %s %s ', class(S.c), S.c{1,2}, class(S.c{2,2}), S.c{2,1}(3), S.st.y, S.sa(2).k); "
        "fprintf('%d', size(S.c), size(S.sa));";
    CHECK(run_ok(src) ==
          "1 3 2 4 hello int8 uint64 logical -5 7 1 1 0 1 3-4i single -1.25 "
          "2 3 2 12 0 0 | cell two logical 3 ab v 2212");
  }
  // MATLAB's storage choices: doubles as miUINT8, chars as UTF-8, sparse (made full); the
  // function handle is skipped with a warning and the next variable still loads.
  auto r = run_matlab("S = load('" + d +
                      "/matlab_style.mat'); fprintf('%s ', class(S.d)); "
                      "fprintf('%g ', S.d, double(S.t), S.sp); fprintf('%s %d %d', class(S.n), "
                      "S.n, isfield(S, 'h'));");
  INFO(r.result.error_report);
  REQUIRE(r.result.ok);
  CHECK(r.out == "double 1 4 2 5 3 250 104 233 108 108 111 7 0 0 0 0 -1 int16 -300 0");
  CHECK(r.err.find("Warning: Variable 'h' was not loaded") != std::string::npos);
  CHECK(r.err.find("function_handle") != std::string::npos);
  // Big-endian ("MI") files.
  CHECK(run_ok("S = load('" + d + "/big_endian.mat'); fprintf('%g ', S.b); disp(S.w);") ==
        "1.5 2.5 -3 4 ok\n");
}

TEST_CASE("SciPy reads what save writes", "[builtins][matfile][scipy]") {
  if (std::system("/usr/bin/python3 -c 'import scipy.io' >/dev/null 2>&1") != 0) {
    WARN("SciPy is not installed: cross-check skipped");
    return;
  }
  TempFolder t;
  for (const char* fmt : {"-v7", "-v6"}) {
    INFO(fmt);
    run_ok(t.prelude() +
           "a = [1 2; 3 4]; s = 'hi'; i = int32([-7 8]); z = 1+2i; c = {1, 'x'}; "
           "st = struct('f', {1, 2}); lg = true(2, 1); nd = reshape(1:8, 2, 2, 2); "
           "save('x.mat', '" +
           fmt + "');");
    const std::string check =
        "import numpy as np, scipy.io, sys\n"
        "m = scipy.io.loadmat(sys.argv[1])\n"
        "ok = (np.array_equal(m['a'], [[1, 2], [3, 4]]) and m['s'][0] == 'hi'\n"
        "      and m['i'].dtype == np.int32 and np.array_equal(m['i'], [[-7, 8]])\n"
        "      and m['z'][0, 0] == 1 + 2j and m['c'][0, 1][0] == 'x'\n"
        "      and m['st'].shape == (1, 2) and m['st'][0, 1]['f'][0, 0] == 2\n"
        "      and m['lg'].shape == (2, 1) and m['nd'].shape == (2, 2, 2)\n"
        "      and m['nd'][1, 1, 1] == 8)\n"
        "sys.exit(0 if ok else 1)\n";
    {
      std::ofstream f(t.path / "check.py");
      f << check;
    }
    const std::string cmd =
        "/usr/bin/python3 " + (t.path / "check.py").string() + " " + (t.path / "x.mat").string();
    CHECK(std::system(cmd.c_str()) == 0);
  }
}

TEST_CASE("save/load errors and warnings", "[builtins][matfile]") {
  TempFolder t;
  const std::string p = t.prelude();
  expect_error(p + "load('nosuch.mat');", "MATLAB:load:couldNotReadFile");
  expect_error(p + "load nosuch", "MATLAB:load:couldNotReadFile");
  expect_error(p + "x = 1; save('a.mat', 'y');", "MATLAB:save:variableNotFound");
  expect_error(p + "x = 1; save('a.mat', '-struct', 'x');", "MATLAB:save:notScalarStruct");
  expect_error(p + "x = 1; save('a.mat', 'x', '-v5x');", "MATLAB:save:unknownOption");
  expect_error(p + "x = 1; save('/nonexistent-dir/a.mat', 'x');", "MATLAB:save:couldNotWriteFile");
  expect_error(p + "save(3);", "MATLAB:save:mustBeText");
  // A .mat file that is not a MAT-file, and one cut short.
  {
    std::ofstream f(t.path / "bad.mat");
    f << "this is not a MAT-file";
  }
  expect_error(p + "load('bad.mat');", "MATLAB:load:unableToReadMatFile");
  run_ok(p + "x = rand(10); save('full.mat', 'x', '-v6');");
  const std::string full = t.read("full.mat");
  {
    std::ofstream f(t.path / "cut.mat", std::ios::binary);
    f << full.substr(0, full.size() - 100);
  }
  expect_error(p + "load('cut.mat');", "MATLAB:load:unableToReadMatFile");
  // A missing variable in load is a warning; a function handle is not saved (warning).
  auto r = run_matlab(p +
                      "x = 1; h = @sin; save('h.mat'); S = load('h.mat', 'x', 'w'); "
                      "disp(fieldnames(S));");
  INFO(r.result.error_report);
  REQUIRE(r.result.ok);
  CHECK(r.out.find("'x'") != std::string::npos);
  CHECK(r.err.find("Warning: Variable 'h' was not saved") != std::string::npos);
  CHECK(r.err.find("Warning: Variable 'w' not found.") != std::string::npos);
  // Corrupt bytes anywhere never crash: every truncation is an error or a clean load.
  for (size_t cut = 128; cut < full.size(); cut += 37) {
    {
      std::ofstream f(t.path / "trunc.mat", std::ios::binary);
      f << full.substr(0, cut);
    }
    auto rr = run_matlab(p + "try, load('trunc.mat'); catch e, disp(e.identifier); end");
    CHECK(rr.result.ok);
  }
}

// The round trips above compare with isequal, which must see complex values (a fix made for
// them): equal parts, a real value equal to a complex one with zero imaginary parts.
TEST_CASE("isequal and isequaln on complex values", "[builtins][matfile]") {
  CHECK(run_ok("fprintf('%d', isequal(1+2i, 1+2i), isequal(complex(1, 0), 1), "
               "isequal([1+2i 3], [1+2i 4]), isequal(1+2i, 1-2i), isequaln(complex(NaN, 1), "
               "complex(NaN, 1)), isequal(complex(NaN, 1), complex(NaN, 1)), "
               "isequal(complex(single(1), single(2)), 1+2i), isequal([1+2i 2], [1+2i; 2]));") ==
        "11001010");
}
