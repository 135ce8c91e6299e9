// MATLAB's integer classes end to end: conversion (round half away, saturation, NaN -> 0),
// arithmetic with integers and doubles (exact for int64/uint64 beyond 2^53), class rules and
// errors, display, reductions, ranges, indexing, literals and the integer builtins. Expected
// values are MATLAB R2023b's.
#include <catch2/catch.hpp>
#include <string>

#include "integer_ops.hpp"
#include "runtime_fixture.hpp"

using runmat::ClassId;
using runmat::Wide;
using runmat::testing::run_matlab;

namespace {

// Runs src and returns its standard output; fails the test on a MATLAB error.
std::string out_of(const std::string& src) {
  auto r = run_matlab(src);
  INFO(src << "\n" << r.result.error_report);
  REQUIRE(r.result.ok);
  return r.out;
}

// Runs src, which must fail, and returns the error identifier.
std::string error_of(const std::string& src) {
  auto r = run_matlab(src);
  INFO(src);
  REQUIRE_FALSE(r.result.ok);
  return r.result.error_identifier;
}

}  // namespace

TEST_CASE("conversion rounds half away from zero, saturates, NaN to 0", "[integer]") {
  CHECK(out_of("fprintf('%d ', int8([-2.5 -1.5 -0.5 0.5 1.5 2.5]));") == "-3 -2 -1 1 2 3 ");
  CHECK(out_of("fprintf('%d ', uint8([-3 -0.5 0.4 0.5 255.5 300]));") == "0 0 0 1 255 255 ");
  CHECK(out_of("fprintf('%d %d %d', int8(127.5), int8(-200), int8(NaN));") == "127 -128 0");
  CHECK(out_of("fprintf('%d %d', int16(Inf), int16(-Inf));") == "32767 -32768");
  CHECK(out_of("fprintf('%d %d', uint32(4294967295.4), int32(-2147483648.6));") ==
        "4294967295 -2147483648");
  CHECK(out_of("fprintf('%d', int32('A'));") == "65");
  CHECK(out_of("fprintf('%d %d', int8(true), uint16(single(2.5)));") == "1 3");
  // Between integer classes: exact, saturating.
  CHECK(out_of("fprintf('%d %d', int8(uint8(200)), uint8(int8(-5)));") == "127 0");
  CHECK(out_of("fprintf('%d', uint64(int64(-1)));") == "0");
  CHECK(out_of("fprintf('%d', int64(uint64(18446744073709551615)));") == "9223372036854775807");
  CHECK(out_of("x = double(int8(-5)); fprintf('%s %g', class(x), x);") == "double -5");
}

TEST_CASE("integer arithmetic saturates and rounds", "[integer]") {
  CHECK(out_of("a = int8(100) + int8(100); fprintf('%d %s', a, class(a));") == "127 int8");
  CHECK(out_of("fprintf('%d', int8(-100) - int8(100));") == "-128");
  CHECK(out_of("fprintf('%d', uint8(3) - uint8(5));") == "0");
  CHECK(out_of("fprintf('%d %d', int32(7) / int32(2), int32(-7) / int32(2));") == "4 -4");
  CHECK(out_of("d = int32(10) * 0.25; fprintf('%d %s', d, class(d));") == "3 int32");
  CHECK(out_of("fprintf('%d', int16(325) * 4.39);") == "1427");
  CHECK(out_of("fprintf('%d', int8(2) .^ 7);") == "127");
  CHECK(out_of("fprintf('%d', int8(-7) .* [1 2 3]);") == "-7-14-21");
  CHECK(out_of("fprintf('%d ', 10 ./ int8([3 4 -4]));") == "3 3 -3 ");
  CHECK(out_of("fprintf('%d ', -int8(-128), abs(int8(-128)), -uint8(5));") == "127 127 0 ");
  CHECK(out_of("fprintf('%d ', sign(int16([-9 0 4])));") == "-1 0 1 ");
}

TEST_CASE("mod and rem on integers", "[integer]") {
  CHECK(out_of("m = mod(int8(-7), int8(3)); fprintf('%s %d', class(m), m);") == "int8 2");
  CHECK(out_of("fprintf('%d %d', rem(int8(-7), int8(3)), mod(uint8(7), 0));") == "-1 7");
  CHECK(out_of("fprintf('%d', mod(-(int64(2)^53 + 1), int64(10)));") == "7");
}

TEST_CASE("division by zero gives intmax, intmin or 0", "[integer]") {
  CHECK(out_of("fprintf('%d ', int16(5) / 0, int16(-5) / 0, int16(0) / 0);") == "32767 -32768 0 ");
  CHECK(out_of("fprintf('%d ', uint8(7) ./ uint8(0), int64(-3) / int64(0));") ==
        "255 -9223372036854775808 ");
}

TEST_CASE("mixing classes: same integer class, or double/single/logical/char", "[integer]") {
  CHECK(out_of("fprintf('%s', class(int8(1) + true));") == "int8");
  CHECK(out_of("e = single(2) * int16(3); fprintf('%s %d', class(e), e);") == "int16 6");
  CHECK(out_of("x = int8(1) + 'a'; fprintf('%s %d', class(x), x);") == "int8 98");
  CHECK(error_of("int8(1) + int16(1)") == "MATLAB:mixedClasses");
  CHECK(error_of("x = uint8([1 2]) .* int8([1 2]);") == "MATLAB:mixedClasses");
  // Comparisons between different integer classes are allowed.
  CHECK(out_of("fprintf('%d', int8(1) == int16(1));") == "1");
  CHECK(error_of("sqrt(int8(4))") == "MATLAB:UndefinedFunction");
  CHECK(error_of("int8([1 2; 3 4]) * int8([1 2; 3 4])") == "MATLAB:mtimes:integerNotSupported");
}

TEST_CASE("int64 and uint64 compute exactly beyond 2^53", "[integer]") {
  // 2^53 + 1 is not a double; the int64 arithmetic must not pass through one.
  CHECK(out_of("x = int64(2)^53 + 1; fprintf('%d', x);") == "9007199254740993");
  CHECK(out_of("fprintf('%d', intmax('int64') - 1);") == "9223372036854775806");
  CHECK(out_of("fprintf('%d', intmax('uint64') - 1);") == "18446744073709551614");
  CHECK(out_of("fprintf('%d', intmax('int64') + 1);") == "9223372036854775807");
  CHECK(out_of("fprintf('%d', intmin('int64') - 1);") == "-9223372036854775808");
  CHECK(out_of("fprintf('%d', int64(3037000499) * int64(3037000499));") == "9223372030926249001");
  CHECK(out_of("fprintf('%d', intmax('int64') * 2);") == "9223372036854775807");
  // (2^63 - 1) / 2 = 2^62 - 0.5 rounds away from zero.
  CHECK(out_of("fprintf('%d', intmax('int64') / 2);") == "4611686018427387904");
  CHECK(out_of("fprintf('%d', intmax('int64') / int64(-2));") == "-4611686018427387904");
  // A fractional double: (2^53 + 1) * 0.5 = 4503599627370496.5 -> ...497.
  CHECK(out_of("fprintf('%d', (int64(2)^53 + 1) * 0.5);") == "4503599627370497");
  CHECK(out_of("fprintf('%d', (int64(2)^53 + 1) + 0.5);") == "9007199254740994");
  CHECK(out_of("fprintf('%d', (int64(2)^53 + 1) - 0.5);") == "9007199254740993");
  CHECK(out_of("fprintf('%d', uint64(2)^64);") == "18446744073709551615");
  CHECK(out_of("fprintf('%d', idivide(intmax('uint64'), uint64(10)));") == "1844674407370955161");
  CHECK(out_of("fprintf('%d', mod(intmax('int64'), int64(10)));") == "7");
  // Exact comparison: 2^53 + 1 is not equal to the double 2^53.
  CHECK(out_of("fprintf('%d', int64(2)^53 + 1 == 2^53);") == "0");
}

TEST_CASE("integer operand helpers round exactly", "[integer]") {
  using runmat::runtime::div_round_half_away;
  CHECK(div_round_half_away(7, 2) == 4);
  CHECK(div_round_half_away(-7, 2) == -4);
  CHECK(div_round_half_away(5, 3) == 2);
  CHECK(div_round_half_away(-5, -3) == 2);
  CHECK(div_round_half_away(1, 3) == 0);
  runmat::runtime::IntOperand a{true, 5, 0}, b{false, 0, 0.5};
  CHECK(runmat::runtime::integer_binary_scalar(RM_BIN_MUL, ClassId::Int64, a, b) == 3);
  CHECK(runmat::runtime::integer_binary_scalar(RM_BIN_SUB, ClassId::UInt8, b, a) == 0);
}

TEST_CASE("display of integer scalars and arrays", "[integer][display]") {
  CHECK(out_of("k = int8(5)") == "k =\n\n  int8\n\n   5\n\n");
  CHECK(out_of("k = int8(-5)") == "k =\n\n  int8\n\n   -5\n\n");
  CHECK(out_of("x = int32([-1 0 0])") ==
        "x =\n\n  1\u00d73 int32 row vector\n\n   -1    0    0\n\n");
  CHECK(out_of("A = int16([450 250 32767])") ==
        "A =\n\n  1\u00d73 int16 row vector\n\n     450     250   32767\n\n");
  CHECK(out_of("C = int8([50; 127])") ==
        "C =\n\n  2\u00d71 int8 column vector\n\n    50\n   127\n\n");
  CHECK(out_of("M = uint8([1 2; 30 4])") ==
        "M =\n\n  2\u00d72 uint8 matrix\n\n    1    2\n   30    4\n\n");
  CHECK(out_of("e = int8([])") == "e =\n\n  0\u00d70 empty int8 matrix\n\n");
  CHECK(out_of("u = intmax('uint64')") == "u =\n\n  uint64\n\n   18446744073709551615\n\n");
  CHECK(out_of("disp(int8([1 -2 3]))") == "    1   -2    3\n");
  CHECK(out_of("disp(uint8(7))") == "   7\n");
}

TEST_CASE("class queries and limits", "[integer]") {
  CHECK(out_of("fprintf('%d %d', intmax('int8'), intmin('int8'));") == "127 -128");
  CHECK(out_of("fprintf('%d %s', intmax, class(intmax));") == "2147483647 int32");
  CHECK(out_of("fprintf('%d', intmax('uint16'));") == "65535");
  CHECK(out_of("fprintf('%d', intmin('like', uint8(3)));") == "0");
  CHECK(error_of("intmax('double')") == "MATLAB:intmax:invalidClassName");
  CHECK(out_of("fprintf('%d %d %d', isa(1, 'numeric'), isa(int8(1), 'integer'), "
               "isa(single(1), 'float'));") == "1 1 1");
  CHECK(out_of("fprintf('%d %d %d', isa(int8(1), 'float'), isa(uint16(1), 'uint16'), "
               "isa(true, 'numeric'));") == "0 1 0");
  CHECK(out_of("fprintf('%d %d %d', isinteger(1), isinteger(int64(1)), isnumeric(uint8(1)));") ==
        "0 1 1");
  CHECK(out_of("fprintf('%d', isfloat(int8(1)));") == "0");
  CHECK(out_of("g = cast(3.7, 'int8'); fprintf('%s %d', class(g), g);") == "int8 4");
  CHECK(out_of("g = cast(int8(-3), 'like', uint16(1)); fprintf('%s %d', class(g), g);") ==
        "uint16 0");
  CHECK(out_of("fprintf('%g', flintmax);") == "9.0072e+15");
}

TEST_CASE("construction with a class name", "[integer]") {
  CHECK(out_of("z = zeros(1, 2, 'int32'); fprintf('%s %d %d', class(z), size(z));") == "int32 1 2");
  CHECK(out_of("o = ones(2, 'uint8'); fprintf('%s %d', class(o), sum(o(:)));") == "uint8 4");
  CHECK(out_of("e = eye(2, 'int16'); fprintf('%s %d%d%d%d', class(e), e);") == "int16 1001");
  CHECK(error_of("rand(2, 'int8')") == "MATLAB:invalidInput");
  // randi draws from rand's stream: rng default; rand(1,5) is 0.8147 0.9058 0.1270 0.9134
  // 0.6324, so randi(10, 1, 5) is 9 10 2 10 7 in MATLAB.
  CHECK(out_of("rng default; r = randi(10, 1, 5); fprintf('%s %d %d %d %d %d', class(r), r);") ==
        "double 9 10 2 10 7");
  CHECK(out_of("rng default; r = randi([-5 5], 2, 'int8'); fprintf('%s %d %d', class(r), "
               "size(r));") == "int8 2 2");
}

TEST_CASE("reductions: sum and prod stay integer, mean is double", "[integer]") {
  CHECK(out_of("s = sum(int8([1 2 3])); fprintf('%s %d', class(s), s);") == "int8 6");
  CHECK(out_of("fprintf('%d', sum(int8([100 100])));") == "127");
  CHECK(out_of("s = sum(int8([100 100]), 'double'); fprintf('%s %d', class(s), s);") ==
        "double 200");
  CHECK(out_of("s = sum(uint8([200 100]), 'native'); fprintf('%s %d', class(s), s);") ==
        "uint8 255");
  CHECK(out_of("p = prod(int16([200 200])); fprintf('%s %d', class(p), p);") == "int16 32767");
  CHECK(out_of("m = mean(int8([1 2])); fprintf('%s %g', class(m), m);") == "double 1.5");
  CHECK(out_of("[m, i] = max(int8([3 9 -2])); fprintf('%s %d %d', class(m), m, i);") == "int8 9 2");
  CHECK(out_of("m = min(uint8([3 9 2])); fprintf('%s %d', class(m), m);") == "uint8 2");
  CHECK(out_of("m = max(int8(5), 7.6); fprintf('%s %d', class(m), m);") == "int8 8");
  CHECK(out_of("s = sum([int64(2)^53 + 1, int64(1)]); fprintf('%d', s);") == "9007199254740994");
  CHECK(out_of("c = cumsum(int8([100 100 -5])); fprintf('%s %d %d', class(c), c(1:2));") ==
        "int8 100 127");
  CHECK(out_of("s = sort(int8([3 -1 2]), 'descend'); fprintf('%s %d %d %d', class(s), s);") ==
        "int8 3 2 -1");
  CHECK(out_of("fprintf('%d', any(int8([0 0 3])));") == "1");
  // Extremes and sorting of int64 values that differ beyond 2^53.
  CHECK(out_of("x = [int64(2)^53 + 1, int64(2)^53]; [m, i] = max(x); fprintf('%d %d', m, i);") ==
        "9007199254740993 1");
  CHECK(out_of("x = [int64(2)^53 + 1, int64(2)^53]; [s, i] = sort(x); fprintf('%d ', i);") ==
        "2 1 ");
}

TEST_CASE("ranges, loops and indexing with integers", "[integer]") {
  CHECK(out_of("r = int8(1):int8(3); fprintf('%s %d %d %d', class(r), r);") == "int8 1 2 3");
  CHECK(out_of("r = 1:int8(3); fprintf('%s %d', class(r), numel(r));") == "int8 3");
  CHECK(out_of("r = uint8(10):-3:1; fprintf('%d ', r);") == "10 7 4 1 ");
  CHECK(out_of("r = colon(int16(2), int16(4)); fprintf('%s', class(r));") == "int16");
  CHECK(error_of("int8(1):int16(3)") == "MATLAB:colon:mixedClasses");
  CHECK(out_of("for k = int8(1):int8(3), fprintf('%s%d ', class(k), k); end") ==
        "int81 int82 int83 ");
  CHECK(out_of("x = [10 20 30]; fprintf('%d', x(int8(2)));") == "20");
  CHECK(out_of("for k = uint8([4 5]), fprintf('%s%d ', class(k), k + 250); end") ==
        "uint8254 uint8255 ");
  // Assigning an integer into a double array converts the array to the integer class.
  CHECK(out_of("x = [1.5 2 3]; x(2) = int8(5); fprintf('%s %d %d %d', class(x), x);") ==
        "int8 2 5 3");
  CHECK(out_of("x = int8([1 2]); x(2) = 300; x(4) = -7.5; fprintf('%s %d %d %d %d', "
               "class(x), x);") == "int8 1 127 0 -8");
  CHECK(out_of("x = int64([1 2]); x(1) = int64(2)^53 + 1; fprintf('%d', x(1));") ==
        "9007199254740993");
  CHECK(out_of("h = [int8(1) 2.7]; fprintf('%s %d %d', class(h), h);") == "int8 1 3");
  CHECK(out_of("h = [int16(5000) int8(50)]; fprintf('%s %d %d', class(h), h);") == "int16 5000 50");
  CHECK(out_of("h = [int8(50); int16(5000)]; fprintf('%s %d %d', class(h), h);") == "int8 50 127");
}

TEST_CASE("hex and binary literals are integer constants", "[integer][lang]") {
  CHECK(out_of("x = 0x1F; fprintf('%s %d', class(x), x);") == "uint8 31");
  CHECK(out_of("x = 0b101; fprintf('%s %d', class(x), x);") == "uint8 5");
  CHECK(out_of("x = 0xFFs8; fprintf('%s %d', class(x), x);") == "int8 -1");
  CHECK(out_of("x = 0x100; fprintf('%s %d', class(x), x);") == "uint16 256");
  CHECK(out_of("x = 0xFFFFFFFFFFFFFFFFu64; fprintf('%d', x);") == "18446744073709551615");
  CHECK(out_of("x = 0x7FFFFFFFFFFFFFFFs64; fprintf('%d', x - 1);") == "9223372036854775806");
}

TEST_CASE("idivide and bit functions", "[integer]") {
  CHECK(out_of("fprintf('%d ', idivide(int16([-7 -4 7 11]), int16(10)));") == "0 0 0 1 ");
  CHECK(out_of("fprintf('%d ', idivide(2, int32([-3 3 4]), 'floor'));") == "-1 0 0 ");
  CHECK(out_of("fprintf('%d ', idivide(2, int32([-3 3 4]), 'ceil'));") == "0 1 1 ");
  CHECK(out_of("fprintf('%d ', idivide(2, int32([-3 3 4]), 'round'));") == "-1 1 1 ");
  CHECK(error_of("idivide(7, 2)") == "MATLAB:idivide:mustBeInteger");
  CHECK(out_of("fprintf('%d %d %d', bitand(12, 10), bitor(12, 10), bitxor(12, 10));") == "8 14 6");
  CHECK(out_of("b = bitand(uint8(255), 15); fprintf('%s %d', class(b), b);") == "uint8 15");
  CHECK(out_of("fprintf('%d %d', bitshift(uint8(255), 1), bitshift(uint8(16), -2));") == "254 4");
  CHECK(out_of("fprintf('%d %d', bitshift(1, 10), bitshift(int8(-8), -1));") == "1024 -4");
  CHECK(out_of("fprintf('%d %d', bitcmp(uint8(5)), bitcmp(int8(5)));") == "250 -6");
  CHECK(error_of("bitand(-1, 3)") == "MATLAB:bitfun:doubleNotInteger");
}

TEST_CASE("typecast reinterprets bytes", "[integer]") {
  CHECK(out_of("t = typecast(uint8([1 0 0 0]), 'uint32'); fprintf('%s %d', class(t), t);") ==
        "uint32 1");
  CHECK(out_of("t = typecast(int8(-1), 'uint8'); fprintf('%d', t);") == "255");
  CHECK(out_of("t = typecast(single(1), 'uint32'); fprintf('%d', t);") == "1065353216");
  CHECK(out_of("t = typecast(uint16([1; 2]), 'uint8'); fprintf('%d %d', size(t));") == "4 1");
  CHECK(error_of("typecast(uint8([1 2 3]), 'uint16')") == "MATLAB:typecast:notEnoughInputElements");
}

TEST_CASE("printf formats int64 exactly", "[integer]") {
  CHECK(out_of("fprintf('[%5d]', int8(-3));") == "[   -3]");
  CHECK(out_of("fprintf('[%25d]', intmin('int64'));") == "[     -9223372036854775808]");
  CHECK(out_of("fprintf('[%-22d]', intmax('uint64'));") == "[18446744073709551615  ]");
  CHECK(out_of("fprintf('%s', sprintf('%+d', intmax('int64')));") == "+9223372036854775807");
}
