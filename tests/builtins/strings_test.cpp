// Text builtins and string operators: construction and conversion (string char cellstr
// num2str mat2str str2double dec2bin ...), per-element text functions, comparison and search,
// split/join, regular expressions (PCRE2 with MATLAB's defaults), string operators, and
// sort/unique/ismember of text. Expected values are MATLAB R2023b's.
#include <catch2/catch.hpp>

#include "matlab_checks.hpp"

using runmat::testing::expect_error;
using runmat::testing::run_matlab;
using runmat::testing::run_ok;

TEST_CASE("string, char, cellstr conversions", "[builtins][strings]") {
  CHECK(run_ok("s = string('abc'); fprintf('%s %s %d', class(s), s, strlength(s));") ==
        "string abc 3");
  CHECK(run_ok("fprintf('%s|', string([1 2.5 pi]));") == "1|2.5|3.1416|");
  CHECK(run_ok("fprintf('%s|', string(true), string(int8(-4)));") == "true|-4|");
  CHECK(run_ok("s = string({'a', 'bb'}); fprintf('%d %d %s', size(s), s(2));") == "1 2 bb");
  CHECK(run_ok("s = strings(2, 3); fprintf('%d %d %d', size(s), strlength(s(1)));") == "2 3 0");
  CHECK(run_ok("c = char(65:70); fprintf('%s %s', class(c), c);") == "char ABCDEF");
  CHECK(run_ok("c = char({'a', 'bcd'}); fprintf('%d %d [%s]', size(c), c(1, :));") == "2 3 [a  ]");
  CHECK(run_ok("c = char('x', '', 'yz'); fprintf('%d %d', size(c));") == "3 2");
  CHECK(run_ok("c = char(\"hey\"); fprintf('%s %d', class(c), numel(c));") == "char 3");
  CHECK(run_ok("c = cellstr(['ab '; 'cde']); fprintf('[%s]', c{:}); fprintf(' %d %d', "
               "size(c));") == "[ab][cde] 2 1");
  CHECK(run_ok("c = cellstr([\"x\" \"y\"]); fprintf('%s %d %d', class(c), size(c));") ==
        "cell 1 2");
  CHECK(run_ok("fprintf('%d %d %d', isstring(\"a\"), isstring('a'), ischar('a'));") == "1 0 1");
  CHECK(run_ok("fprintf('%d ', strlength({'ab', ''; 'c', 'defg'}));") == "2 1 0 4 ");
  CHECK(run_ok("fprintf('[%s] %d', blanks(3), double(newline));") == "[   ] 10");
  expect_error("cellstr(5)", "MATLAB:cellstr:InputClass");
  expect_error("char(-1)", "MATLAB:char:invalidCharacterCode");
}

TEST_CASE("case, trimming, reverse", "[builtins][strings]") {
  CHECK(run_ok("fprintf('%s %s', upper('aBc1'), lower(\"XyZ\"));") == "ABC1 xyz");
  CHECK(run_ok("u = upper({'ab', 'cd'}); fprintf('%s %s %s', class(u), u{:});") == "cell AB CD");
  CHECK(run_ok("g = lower(['ABC'; 'DEF']); fprintf('%s', g(2, :));") == "def");
  CHECK(run_ok("fprintf('[%s]', strtrim(sprintf(' \\t a b \\n')));") == "[a b]");
  CHECK(run_ok("c = strtrim({' a', 'b  '}); fprintf('[%s]', c{:});") == "[a][b]");
  CHECK(run_ok("fprintf('[%s]', deblank('  x  '));") == "[  x]");
  CHECK(run_ok("fprintf('[%s][%s][%s]', strip('--a--', '-'), strip('  a ', 'left'), "
               "strip(\"xxax\", 'right', 'x'));") == "[a][a ][xxa]");
  CHECK(run_ok("fprintf('%s', reverse('abc'));") == "cba");
  CHECK(run_ok("fprintf('%s', fliplr('abc'));") == "cba");
  expect_error("strtrim(5)", "MATLAB:strtrim:InputClass");
}

TEST_CASE("strcat, strvcat, strjoin, strsplit, strrep", "[builtins][strings]") {
  CHECK(run_ok("fprintf('[%s]', strcat('a ', 'b ', 'c'));") == "[abc]");
  CHECK(run_ok("d = strcat({'a '}, 'b'); fprintf('[%s]', d{1});") == "[a b]");
  CHECK(run_ok("s = strcat(\"a \", 'b'); fprintf('%s [%s]', class(s), s);") == "string [a b]");
  CHECK(run_ok("c = strcat({'x', 'y'}, '_', {'1', '2'}); fprintf('%s ', c{:});") == "x_1 y_2 ");
  CHECK(run_ok("v = strvcat('a', '', 'bcd'); fprintf('%d %d', size(v));") == "2 3");
  CHECK(run_ok("fprintf('%s', strjoin({'x', 'y', 'z'}, ', '));") == "x, y, z");
  CHECK(run_ok("fprintf('%s', strjoin({'a', 'b'}));") == "a b");
  CHECK(run_ok("fprintf('%d', double(strjoin({'a', 'b'}, '\\n')));") == "971098");
  CHECK(run_ok("fprintf('%s', strjoin({'a', 'b', 'c'}, {'+', '-'}));") == "a+b-c");
  CHECK(run_ok("p = strsplit('a,b,,c', ','); fprintf('%d ', numel(p)); fprintf('[%s]', "
               "p{:});") == "3 [a][b][c]");
  CHECK(run_ok("p = strsplit('a,b,,c', ',', 'CollapseDelimiters', false); fprintf('%d', "
               "numel(p));") == "4");
  CHECK(run_ok("p = strsplit('  a b  '); fprintf('[%s]', p{:});") == "[][a][b][]");
  CHECK(run_ok("p = strsplit(\"a-b\", '-'); fprintf('%s %d %d', class(p), size(p));") ==
        "string 1 2");
  CHECK(run_ok("fprintf('%s', strrep('a-b-c', '-', '+'));") == "a+b+c");
  CHECK(run_ok("fprintf('%s', strrep('abc 2 def 22 ghi 222', '22', '*'));") ==
        "abc 2 def * ghi **");
  CHECK(run_ok("c = strrep({'aa', 'ba'}, 'a', 'x'); fprintf('%s ', c{:});") == "xx bx ");
  expect_error("strjoin('abc')", "MATLAB:strjoin:InvalidCellType");
}

TEST_CASE("strcmp family", "[builtins][strings]") {
  CHECK(run_ok("fprintf('%d', [strcmp('a', 'a') strcmp('a', 'A') strcmpi('a', 'A') "
               "strcmp('a', 'ab') strcmp(1, 1)]);") == "10100");
  CHECK(run_ok("fprintf('%d', strcmp({'a', 'b', 'c'}, 'b'));") == "010");
  CHECK(run_ok("fprintf('%d', strcmp({'a', 'b'}, {'a', 'c'}));") == "10");
  CHECK(run_ok("fprintf('%d', [strcmp(\"ab\", 'ab') strcmp(\"ab\", {'ab', 'x'})]);") == "110");
  CHECK(run_ok("fprintf('%d', [strncmp('hello', 'help', 3) strncmp('hello', 'help', 4) "
               "strncmpi('ABc', 'abd', 2)]);") == "101");
  CHECK(run_ok("r = strcmp({'a', 1}, 'a'); fprintf('%d%d %s', r, class(r));") == "10 logical");
  expect_error("strcmp({'a', 'b'}, {'a', 'b', 'c'})", "MATLAB:strcmp:InputsSizeMismatch");
}

TEST_CASE("search: strfind contains startsWith endsWith count", "[builtins][strings]") {
  CHECK(run_ok("fprintf('%g ', strfind('abcabc', 'bc'));") == "2 5 ");
  CHECK(run_ok("fprintf('%g ', strfind('aaa', 'aa'));") == "1 2 ");
  CHECK(run_ok("fprintf('%d', isempty(strfind('abc', 'z')));") == "1");
  CHECK(run_ok("k = strfind({'ab', 'ba'}, 'a'); fprintf('%g ', k{:});") == "1 2 ");
  CHECK(run_ok("fprintf('%d', [contains('hello world', 'wor') contains('abc', 'B') "
               "contains('abc', 'B', 'IgnoreCase', true)]);") == "101");
  CHECK(run_ok("fprintf('%d', contains([\"ab\" \"cd\" \"ef\"], {'b', 'f'}));") == "101");
  CHECK(run_ok("fprintf('%d %d', startsWith('prefix_x', 'pre'), endsWith('file.m', "
               "'.m'));") == "1 1");
  CHECK(run_ok("fprintf('%g ', count(\"abcabcab\", \"ab\"), count('aaaa', 'aa'));") == "3 2 ");
  // A char matrix answers one element per row.
  CHECK(run_ok("m = ['ab'; 'cd']; fprintf('%d ', contains(m, 'c'), strlength(m), "
               "size(contains(m, 'c')));") == "0 1 2 2 2 1 ");
}

TEST_CASE("replace, erase, pad, extract, insert", "[builtins][strings]") {
  CHECK(run_ok("fprintf('%s', replace('a cat sat', {'cat', 'sat'}, 'X'));") == "a X X");
  CHECK(run_ok("fprintf('%s', replace(\"abc\", [\"a\" \"c\"], [\"1\" \"3\"]));") == "1b3");
  CHECK(run_ok("fprintf('%s', erase('hello world', 'o'));") == "hell wrld");
  CHECK(run_ok("p = pad({'a', 'abc'}); fprintf('[%s]', p{:});") == "[a  ][abc]");
  CHECK(run_ok("fprintf('[%s][%s]', pad('ab', 5, 'left'), pad('ab', 4, 'both', '*'));") ==
        "[   ab][*ab*]");
  CHECK(run_ok("fprintf('%s|%s', extractBefore('key=value', '='), extractAfter('key=value', "
               "'='));") == "key|value");
  CHECK(run_ok("fprintf('%s|%s', extractBefore('abcdef', 3), extractAfter('abcdef', 3));") ==
        "ab|def");
  CHECK(run_ok("e = extractBetween('abcdef', 2, 4); f = extractBetween('<a><b>', '<', '>'); "
               "fprintf('%s %s|', class(e), e{:}, class(f), f{:});") == "cell bcd|cell a|b ");
  CHECK(run_ok("e = extractBetween(\"[1][22]\", \"[\", \"]\"); fprintf('%s %d %d', "
               "class(e), size(e));") == "string 2 1");
  CHECK(run_ok("fprintf('%s %s', insertAfter('ab', 1, '-'), insertBefore('a.b', '.', "
               "'!'));") == "a-b a!.b");
  expect_error("extractBefore('abc', 7)", "MATLAB:extractBefore:OutOfRange");
}

TEST_CASE("split and join on string arrays", "[builtins][strings]") {
  CHECK(run_ok("p = split(\"a b  c\"); fprintf('%d %d ', size(p)); fprintf('%s|', p);") ==
        "3 1 a|b|c|");
  CHECK(run_ok("p = split([\"a,b\"; \"c,d\"], ','); fprintf('%d %d ', size(p)); "
               "fprintf('%s', p(2, 1));") == "2 2 c");
  CHECK(run_ok("p = split('x-y', '-'); fprintf('%s %d %d', class(p), size(p));") == "cell 2 1");
  CHECK(run_ok("fprintf('%s', join([\"a\" \"b\" \"c\"], '-'));") == "a-b-c");
  CHECK(run_ok("j = join([\"a\" \"b\"; \"c\" \"d\"]); fprintf('%d %d %s', size(j), j(2));") ==
        "2 1 c d");
  expect_error("split([\"a,b\"; \"c\"], ',')", "MATLAB:split:NumSubstringsMismatch");
}

TEST_CASE("char classes and isstrprop", "[builtins][strings]") {
  CHECK(run_ok("fprintf('%d', isspace(sprintf('a b\\t')));") == "0101");
  CHECK(run_ok("fprintf('%d', isletter('a1B'));") == "101");
  CHECK(run_ok("fprintf('%d', isstrprop('a1 B.', 'alpha'), isstrprop('a1 B.', 'digit'), "
               "isstrprop('a1 B.', 'punct'), isstrprop('aB', 'upper'));") == "10010010000000101");
  CHECK(run_ok("fprintf('%d', isspace(5));") == "0");
  expect_error("isstrprop('a', 'bogus')", "MATLAB:isstrprop:InvalidCategory");
}

TEST_CASE("num2str int2str mat2str", "[builtins][strings]") {
  CHECK(run_ok("fprintf('[%s]', num2str(7), num2str(-7.25), num2str(100000), num2str(123.456), "
               "num2str(pi), num2str(-0.5));") == "[7][-7.25][100000][123.456][3.1416][-0.5]");
  CHECK(run_ok("fprintf('[%s]', num2str(1/3, 8), num2str(3.14159, 4), num2str(int32(42)));") ==
        "[0.33333333][3.142][42]");
  CHECK(run_ok("fprintf('[%s]', num2str([1 2 3]));") == "[1  2  3]");
  CHECK(run_ok("fprintf('[%s]', num2str([pi exp(1)]));") == "[3.1416      2.7183]");
  CHECK(run_ok("s = num2str([1 2; 10 20]); fprintf('%d %d [%s]', size(s), s(2, :));") ==
        "2 6 [10  20]");
  CHECK(run_ok("fprintf('[%s]', num2str(NaN), num2str(-Inf), num2str(true));") == "[NaN][-Inf][1]");
  CHECK(run_ok("fprintf('[%s]', num2str(pi, '%10.4f'));") == "[3.1416]");
  CHECK(run_ok("fprintf('[%s]', int2str(2.7), int2str(-3.5));") == "[3][-4]");
  CHECK(run_ok("fprintf('%s|', mat2str([1 2; 3 4]), mat2str([1.5 -2]), mat2str(true), "
               "mat2str([true false]), mat2str([1; 2]), mat2str('hi'), mat2str(pi, 4), "
               "mat2str(zeros(0, 3)), mat2str([NaN Inf]));") ==
        "[1 2;3 4]|[1.5 -2]|true|[true false]|[1;2]|'hi'|3.142|zeros(0,3)|[NaN Inf]|");
  CHECK(run_ok("fprintf('%s', mat2str(int8([1 2]), 'class'));") == "int8([1 2])");
  CHECK(run_ok("fprintf('%s', mat2str(0.1));") == "0.1");
  CHECK(run_ok("fprintf('%s', mat2str(single(pi)));") == "3.141593");
  expect_error("num2str({1})", "MATLAB:num2str:nonNumericInput");
}

TEST_CASE("str2num str2double", "[builtins][strings]") {
  CHECK(run_ok("n = str2num('[1 2 3]'); fprintf('%g ', n);") == "1 2 3 ");
  CHECK(run_ok("[n, ok] = str2num('2*3'); fprintf('%g %d', n, ok);") == "6 1");
  CHECK(run_ok("[n, ok] = str2num('foo bar baz'); fprintf('%d %d', isempty(n), ok);") == "1 0");
  CHECK(run_ok("fprintf('%g ', str2double('3.25'), str2double(' -1e3 '), "
               "str2double('1,000'), str2double('inf'), str2double('.5'));") ==
        "3.25 -1000 1000 Inf 0.5 ");
  CHECK(run_ok("fprintf('%d', isnan([str2double('abc') str2double('1 2') str2double(5) "
               "str2double('')]));") == "1111");
  CHECK(run_ok("d = str2double({'1', 'x'; '2.5', '3'}); fprintf('%g ', d); fprintf('%d %d', "
               "size(d));") == "1 2.5 NaN 3 2 2");
  CHECK(run_ok("fprintf('%g ', str2double([\"4\" \"5\"]));") == "4 5 ");
}

TEST_CASE("base conversion", "[builtins][strings]") {
  CHECK(run_ok("fprintf('%s %s %s %s', dec2bin(10), dec2bin(0), dec2bin(5, 8), "
               "dec2hex(255));") == "1010 0 00000101 FF");
  CHECK(run_ok("b = dec2bin([1 5]); fprintf('%d %d %s', size(b), b(1, :));") == "2 3 001");
  CHECK(run_ok("fprintf('%s', dec2bin(-1));") == "11111111");
  CHECK(run_ok("fprintf('%g %g %g %g', bin2dec('1010'), hex2dec('FF'), hex2dec('ff'), "
               "bin2dec('1 0 1'));") == "10 255 255 5");
  CHECK(run_ok("fprintf('%g ', hex2dec({'A', '10'}));") == "10 16 ");
  CHECK(run_ok("fprintf('%s %g', dec2base(35, 36), base2dec('Z', 36));") == "Z 35");
  expect_error("bin2dec('102')", "MATLAB:bin2dec:IllegalCharacter");
  expect_error("dec2bin(1.5)", "MATLAB:dec2bin:IntegerInput");
}

TEST_CASE("compose and sprintf with strings", "[builtins][strings]") {
  CHECK(run_ok("c = compose(\"%d\", [1 2 3]); fprintf('%s %d %d ', class(c), size(c)); "
               "fprintf('%s|', c);") == "string 1 3 1|2|3|");
  CHECK(run_ok("c = compose('%d-%d', [1 2; 3 4]); fprintf('%s %d %d ', class(c), size(c)); "
               "fprintf('%s|', c{:});") == "cell 2 1 1-2|3-4|");
  CHECK(run_ok("c = compose(\"%s=%d\", [\"a\" \"b\"], [1 2]); fprintf('%s|', c);") == "a=1|b=2|");
  CHECK(run_ok("r = sprintf(\"%d-%d\", 1, 2); fprintf('%s %s', class(r), r);") == "string 1-2");
  CHECK(run_ok("fprintf('%s|', [\"ab\" \"c\"]);") == "ab|c|");
  CHECK(run_ok("fprintf(\"%s\\n\", \"x\");") == "x\n");
  CHECK(run_ok("fprintf('%d', \"12\");") == "12");
  expect_error("sprintf('%s', {1})", "MATLAB:printf:InvalidInputType");
}

TEST_CASE("regexp outputs and options", "[builtins][strings][regexp]") {
  CHECK(run_ok("m = regexp('abc123def45', '\\d+', 'match'); fprintf('%s ', m{:});") == "123 45 ");
  CHECK(run_ok("t = regexp('key=value', '(\\w+)=(\\w+)', 'tokens'); fprintf('%s %s', "
               "t{1}{1}, t{1}{2});") == "key value");
  CHECK(run_ok("fprintf('%s', regexp('x1y22z', '\\d+', 'match', 'once'));") == "1");
  CHECK(run_ok("[s, e] = regexp('hello world', 'o'); fprintf('%g ', s, e);") == "5 8 5 8 ");
  CHECK(run_ok("fprintf('%g ', regexp('a1b2', '[a-z]'));") == "1 3 ");
  CHECK(run_ok("n = regexp('john 25', '(?<name>\\w+) (?<age>\\d+)', 'names'); "
               "fprintf('%s %s', n.name, n.age);") == "john 25");
  CHECK(run_ok("w = regexp('one two  three', '\\s+', 'split'); fprintf('%d', numel(w));") == "3");
  CHECK(run_ok("[tok, mat] = regexp('ab12', '([a-z]+)(\\d+)', 'tokens', 'match'); "
               "fprintf('%s %s %s', tok{1}{:}, mat{1});") == "ab 12 ab12");
  CHECK(run_ok("t = regexp('abc', 'b', 'tokens'); fprintf('%s', t{1}{1});") == "b");
  CHECK(run_ok("m = regexp('price: $10, $200', '(?<=\\$)\\d+', 'match'); fprintf('%s ', "
               "m{:});") == "10 200 ");
  CHECK(run_ok("m = regexp('aXbXc', 'X.*?', 'match'); fprintf('%d', numel(m));") == "2");
  CHECK(run_ok("m = regexp('<a><b>', '<.*?>', 'match'); fprintf('%s', m{:});") == "<a><b>");
  CHECK(run_ok("m = regexpi('ABC', 'b', 'match'); fprintf('%s', m{1});") == "B");
  CHECK(run_ok("m = regexp('the cat', '\\<c\\w*', 'match'); fprintf('%s', m{1});") == "cat");
  // Empty matches are skipped unless 'emptymatch'.
  CHECK(run_ok("fprintf('%d %d', numel(regexp('abc', 'x*', 'match')), "
               "numel(regexp('abc', 'x*', 'match', 'emptymatch')));") == "0 4");
  // '.' matches newline by default; 'dotexceptnewline' turns that off.
  CHECK(run_ok("s = sprintf('a\\nb'); fprintf('%d %d', numel(regexp(s, 'a.b', 'match')), "
               "numel(regexp(s, 'a.b', 'match', 'dotexceptnewline')));") == "1 0");
  CHECK(run_ok("c = regexp({'a1', 'b22'}, '\\d+', 'match'); fprintf('%s ', c{2}{1});") == "22 ");
  CHECK(run_ok("te = regexp('ab12', '(\\d)(\\d)', 'tokenExtents'); fprintf('%g ', "
               "te{1});") == "3 4 3 4 ");
  CHECK(run_ok("s = regexp('abc', 'z'); fprintf('%d %d', size(s));") == "1 0");
  CHECK(run_ok("m = regexp(\"a1b2\", '\\d', 'match'); fprintf('%s %d %d', class(m), "
               "size(m));") == "string 1 2");
  expect_error("regexp('a', '(')", "MATLAB:regexp:InvalidPattern");
  expect_error("regexp('a', 'a', 'bogus')", "MATLAB:regexp:InvalidOption");
}

TEST_CASE("regexprep", "[builtins][strings][regexp]") {
  CHECK(run_ok("fprintf('%s', regexprep('aaa bbb', 'a', 'c'));") == "ccc bbb");
  CHECK(run_ok("fprintf('%s', regexprep('John Smith', '(\\w+) (\\w+)', '$2, $1'));") ==
        "Smith, John");
  CHECK(run_ok("fprintf('%s', regexprep('abc', '(?<first>a)', 'X'));") == "Xbc");
  CHECK(run_ok("fprintf('%s', regexprep('abc', 'b', '[$0]'));") == "a[b]c");
  CHECK(run_ok("fprintf('%s', regexprep('aaa', 'a', 'b', 'once'));") == "baa");
  CHECK(run_ok("fprintf('%s', regexprep('aAa', 'a', 'x', 'ignorecase'));") == "xxx");
  CHECK(run_ok("fprintf('%s', regexprep('a-b-c', '-', '+', 2));") == "a-b+c");
  CHECK(run_ok("c = regexprep({'a1', 'b2'}, '\\d', '#'); fprintf('%s ', c{:});") == "a# b# ");
  CHECK(run_ok("fprintf('%s', regexprep('abc', {'a', 'b'}, {'1', '2'}));") == "12c");
  CHECK(run_ok("s = regexprep(\"x1\", '\\d', 'Y'); fprintf('%s %s', class(s), s);") == "string xY");
  CHECK(run_ok("fprintf('%s', regexprep('k=v', '(?<key>\\w)=(?<val>\\w)', '$<val>=$<key>'));") ==
        "v=k");
}

TEST_CASE("string operators", "[builtins][strings][operators]") {
  CHECK(run_ok("t = \"abc\" + \"def\"; fprintf('%s %s', class(t), t);") == "string abcdef");
  CHECK(run_ok("fprintf('%s|', \"x\" + 1, 'a' + \"b\", [\"a\" \"b\"] + \"!\");") == "x1|ab|a!|b!|");
  CHECK(run_ok("fprintf('%d', [\"abc\" == \"abc\", \"abc\" == 'abc', \"a\" ~= \"b\"]);") == "111");
  CHECK(run_ok("fprintf('%d', [\"a\" \"b\" \"c\"] == \"b\");") == "010");
  CHECK(run_ok("fprintf('%d', [\"a\" < \"b\", \"b\" < \"a\", \"ab\" > \"a\", \"B\" < "
               "\"a\"]);") == "1011");
  CHECK(run_ok("fprintf('%d', {'a', 'b'} == \"b\");") == "01");
  CHECK(run_ok("r = [\"a\"; \"b\"] == [\"a\" \"b\"]; fprintf('%d %d %d', size(r), r(2, "
               "2));") == "2 2 1");
  expect_error("{1} == 1", "MATLAB:UndefinedFunction");
  expect_error("{'a'} == 'a'", "MATLAB:UndefinedFunction");
  expect_error("\"a\" - 1", "MATLAB:UndefinedFunction");
  expect_error("[\"a\" \"b\"] == [\"a\" \"b\" \"c\"]", "MATLAB:sizeDimensionsMustMatch");
}

TEST_CASE("sort, unique, ismember of text", "[builtins][strings][sets]") {
  CHECK(run_ok("[s, i] = sort({'pear', 'apple', 'Zoo'}); fprintf('%s ', s{:}); "
               "fprintf('%g ', i);") == "Zoo apple pear 3 2 1 ");
  CHECK(run_ok("s = sort([\"b\" \"a\" \"c\"], 'descend'); fprintf('%s', s);") == "cba");
  CHECK(run_ok("[u, ia, ic] = unique({'b', 'a', 'b'}); fprintf('%s ', u{:}); "
               "fprintf('%g ', ia, ic); fprintf('%d %d', size(u));") == "a b 2 1 2 1 2 1 2");
  CHECK(run_ok("u = unique({'b'; 'a'; 'b'}, 'stable'); fprintf('%s ', u{:}); fprintf('%d %d', "
               "size(u));") == "b a 2 1");
  CHECK(run_ok("[tf, loc] = ismember({'a', 'z', 'c'}, {'c', 'b', 'a'}); fprintf('%d', tf); "
               "fprintf(' %g', loc);") == "101 3 0 1");
  CHECK(run_ok("fprintf('%d', ismember('abc', {'x', 'abc'}));") == "1");
  CHECK(run_ok("fprintf('%g ', sort([3 1 2]));") == "1 2 3 ");
  CHECK(run_ok("c = num2cell([\"a\" \"b\"]); fprintf('%s %s', class(c), class(c{1}));") ==
        "cell string");
}
