// Syntax errors: message, 1-based line/column, rendering.
#include <catch2/catch.hpp>

#include "sexpr.hpp"

using namespace runmat::lang;
using runmat::lang::test::Err;

namespace {
void check(std::string_view src, int line, int col, std::string_view message_start) {
  ParseError e = Err(src);
  INFO(src);
  INFO(e.format());
  CHECK(e.line == line);
  CHECK(e.col == col);
  CHECK(e.message.substr(0, message_start.size()) == message_start);
}
}  // namespace

TEST_CASE("errors: format", "[errors]") {
  ParseResult r = parse_program("x = 1;\n\ny = 3 +* 4;\n", "demo.m");
  REQUIRE_FALSE(r.ok);
  CHECK(r.error.format() ==
        "Error: File: demo.m Line: 3 Column: 8\nInvalid use of operator.\ny = 3 +* 4;\n       ^");
  r = parse_program("\tx = (1", "t.m");
  REQUIRE_FALSE(r.ok);
  CHECK(r.error.source_line == "\tx = (1");
  CHECK(r.error.format().substr(r.error.format().rfind('\n') + 1) == "\t    ^");
}

TEST_CASE("errors: operators", "[errors]") {
  check("y = 3 +* 4;", 1, 8, "Invalid use of operator.");
  check("x = a != b", 1, 7, "Invalid use of operator.");
  check("x = !a", 1, 5, "Invalid use of operator.");
  check("x = 1 +", 1, 8, "Invalid expression.");
  check("x = * 2", 1, 5, "Invalid use of operator.");
  check("x = 1 2", 1, 7, "Invalid expression. Check for missing multiplication");
  check("x = $", 1, 5, "The input character is not valid");
  check("x = 2pi", 1, 5, "Invalid expression");
  check("[~, a]", 1, 2, "Invalid use of operator.");
}

TEST_CASE("errors: brackets", "[errors]") {
  check("x = (1 + 2", 1, 5, "Invalid expression. When calling");
  check("x = 1 + 2)", 1, 10, "Unbalanced or unexpected parenthesis or bracket.");
  check("x = [1 2", 1, 5, "Invalid expression. When calling");
  check("x = [1 2)", 1, 9, "Unbalanced or unexpected parenthesis or bracket.");
  check("x = f(1, 2", 1, 6, "Invalid expression. When calling");
  check("x = f(1,)", 1, 9, "Unbalanced or unexpected parenthesis or bracket.");
  check("x = {1 2]", 1, 9, "Unbalanced");
  check("x = [1,,2]", 1, 8, "Invalid expression.");
}

TEST_CASE("errors: strings", "[errors]") {
  check("x = 'abc", 1, 5, "Character vector is not terminated properly.");
  check("x = \"abc\ny", 1, 5, "String is not terminated properly.");
  check("disp 'abc", 1, 6, "Character vector is not terminated properly.");
}

TEST_CASE("errors: blocks and keywords", "[errors]") {
  check("x = 1;\nif x\n y = 2;\n", 2, 1, "At least one END is missing");
  check("for i = 1:3\n while 1\n end\n", 1, 1, "At least one END is missing");
  check("function f\n if 1\n", 2, 2, "At least one END is missing");
  check("x = 1;\nend", 2, 1, "Illegal use of reserved keyword \"end\".");
  check("else", 1, 1, "Illegal use of reserved keyword \"else\".");
  check("x = end", 1, 5, "Illegal use of reserved keyword \"end\".");
  check("x = [1 end]", 1, 8, "Illegal use of reserved keyword \"end\".");
  check("if x = 1, end", 1, 6, "Incorrect use of '=' operator.");
  check("x = = 1", 1, 5, "Incorrect use of '=' operator.");
  check("x + 1 = 2", 1, 1, "Invalid left-hand side");
  check("function a\n1\nend\nx = 2\n", 4, 1, "This statement is not inside any function.");
  check("x = 1\nfunction a\n1\nend\ny = 2\n", 5, 1,
        "Function definitions in a script must appear at the end of the file.");
  check("if 1\n function f\n end\nend", 2, 2,
        "Function definitions are not permitted in this context.");
  check("x = 1;\nif x\nfunction f\n", 2, 1, "At least one END is missing");
  check("switch x\n y\n case 1\nend", 2, 2, "Parse error: expected CASE");
}

TEST_CASE("errors: nesting depth is capped", "[errors]") {
  std::string deep(5000, '(');
  ParseResult r = parse_program("x = " + deep + "1", "t.m");
  REQUIRE_FALSE(r.ok);
  CHECK(r.error.message.find("too deep") != std::string::npos);
  r = parse_program("x = " + std::string(5000, '-') + "1", "t.m");
  REQUIRE_FALSE(r.ok);
  r = parse_program(std::string(3000, '[') + std::string(3000, ']'), "t.m");
  REQUIRE_FALSE(r.ok);
  std::string ifs;
  for (int i = 0; i < 3000; ++i) ifs += "if 1\n";
  r = parse_program(ifs, "t.m");
  REQUIRE_FALSE(r.ok);
  r = parse_program("x = 2" + std::string(5000, '^') + "", "t.m");
  REQUIRE_FALSE(r.ok);
  // Long left-associative chains build tall trees without recursion: bounded too.
  std::string sum = "x = 1";
  for (int i = 0; i < 100000; ++i) sum += "+1";
  r = parse_program(sum, "t.m");
  REQUIRE_FALSE(r.ok);
  CHECK(r.error.message.find("too deep") != std::string::npos);
  r = parse_program("x = a" + std::string(100000, '\''), "t.m");
  REQUIRE_FALSE(r.ok);
  std::string chain = "x = f";
  for (int i = 0; i < 100000; ++i) chain += "(1)";
  r = parse_program(chain, "t.m");
  REQUIRE_FALSE(r.ok);
  std::string ok_sum = "x = 1";
  for (int i = 0; i < 3000; ++i) ok_sum += "+1";
  CHECK(parse_program(ok_sum, "t.m").ok);
}
