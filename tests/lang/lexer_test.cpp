// Token-level tests of the (private) lexer.
#include "lexer.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using runmat::lang::Kw;
using runmat::lang::Lexer;
using runmat::lang::Tok;
using runmat::lang::Token;

namespace {

std::vector<Token> lex(std::string_view src) {
  Lexer lx(src);
  std::vector<Token> out;
  for (;;) {
    Token t = lx.next();
    if (t.kind == Tok::Eof) break;
    out.push_back(t);
    if (out.size() > 10000) break;
  }
  return out;
}

// Kinds as a compact string: one letter per token class, operators as their text.
std::string kinds(std::string_view src) {
  std::string s;
  for (const Token& t : lex(src)) {
    if (!s.empty()) s += ' ';
    switch (t.kind) {
      case Tok::Ident:
        s += "id";
        break;
      case Tok::Keyword:
        s += "kw";
        break;
      case Tok::Number:
        s += "num";
        break;
      case Tok::CharLit:
        s += "chr";
        break;
      case Tok::StringLit:
        s += "str";
        break;
      case Tok::Newline:
        s += "NL";
        break;
      case Tok::Error:
        s += "ERR";
        break;
      default:
        s += std::string(t.text);
        break;
    }
  }
  return s;
}

}  // namespace

TEST_CASE("lexer: numbers", "[lexer]") {
  auto n = [](std::string_view src) {
    auto t = lex(src);
    REQUIRE(t.size() == 1);
    REQUIRE(t[0].kind == Tok::Number);
    return t[0];
  };
  CHECK(n("1").number == 1.0);
  CHECK(n(".5").number == 0.5);
  CHECK(n("1.").number == 1.0);
  CHECK(n("1e-3").number == 1e-3);
  CHECK(n("1.5E+3").number == 1500.0);
  CHECK(n("2d2").number == 200.0);
  CHECK(n("3i").imaginary);
  CHECK(n("3i").number == 3.0);
  CHECK(n("2.5j").imaginary);
  CHECK(n("1e3i").number == 1000.0);
  CHECK(n("1e999").number == __builtin_inf());
  CHECK(n("0x1F").number == 31.0);
  CHECK(n("0x1F").int_suffix == "u8");
  CHECK(n("0x100").int_suffix == "u16");
  CHECK(n("0b101").number == 5.0);
  CHECK(n("0b101u16").int_suffix == "u16");
  CHECK(n("0xFFs8").number == -1.0);
  CHECK(n("0xFFs8").int_suffix == "s8");
  CHECK(n("0xFFFFFFFFFFFFFFFFu64").int_bits == ~std::uint64_t{0});
  CHECK(kinds("0x1FFu8") == "ERR");
  CHECK(kinds("2pi") == "ERR");
  CHECK(kinds("1.*2") == "num .* num");
  CHECK(kinds("1./2") == "num ./ num");
  CHECK(kinds("1.^2") == "num .^ num");
  CHECK(kinds("1.'") == "num .'");
  CHECK(kinds("1:3") == "num : num");
}

TEST_CASE("lexer: strings and chars", "[lexer]") {
  auto t = lex("'it''s'");
  REQUIRE(t.size() == 1);
  CHECK(t[0].kind == Tok::CharLit);
  CHECK(t[0].text == "it''s");
  t = lex("\"say \"\"hi\"\"\"");
  REQUIRE(t.size() == 1);
  CHECK(t[0].kind == Tok::StringLit);
  CHECK(kinds("'abc") == "ERR");
  CHECK(std::string(lex("'abc")[0].error) == "Character vector is not terminated properly.");
  CHECK(std::string(lex("\"abc\n\"")[0].error) == "String is not terminated properly.");
  CHECK(kinds("x = 'a\"b'") == "id = chr");
}

TEST_CASE("lexer: transpose versus quote", "[lexer]") {
  CHECK(kinds("a'") == "id '");
  CHECK(kinds("a''") == "id ' '");
  CHECK(kinds("a.'") == "id .'");
  CHECK(kinds("a(1)'") == "id ( num ) '");
  CHECK(kinds("[1]'") == "[ num ] '");
  CHECK(kinds("{1}'") == "{ num } '");
  CHECK(kinds("2'") == "num '");
  CHECK(kinds("x = 'a'") == "id = chr");
  CHECK(kinds("f('a')") == "id ( chr )");
  CHECK(kinds("[a' b']") == "[ id ' id ' ]");
  CHECK(kinds("[a 'b']") == "[ id chr ]");
  CHECK(kinds("[a' 'b']") == "[ id ' chr ]");
  CHECK(kinds("a '") == "id '");  // outside brackets whitespace does not matter
  CHECK(kinds("x(end)'") == "id ( kw ) '");
  CHECK(kinds("x(end')") == "id ( kw ' )");
  CHECK(kinds("case 'a'") == "kw chr");
  CHECK(kinds("\"s\"'") == "str '");
  CHECK(kinds("[f(a ')]") == "[ id ( id ' ) ]");
}

TEST_CASE("lexer: operators", "[lexer]") {
  CHECK(kinds("+ - * / \\ ^ .* ./ .\\ .^") == "+ - * / \\ ^ .* ./ .\\ .^");
  CHECK(kinds("== ~= < <= > >= & | && || ~ =") == "== ~= < <= > >= & | && || ~ =");
  CHECK(kinds(": , ; ( ) [ ] { } . @") == ": , ; ( ) [ ] { } . @");
  CHECK(kinds("a != b") == "id ERR id");
  CHECK(kinds("!a") == "ERR id");
  CHECK(kinds("$") == "ERR");
  CHECK(kinds("s.(n)") == "id . ( id )");
}

TEST_CASE("lexer: keywords", "[lexer]") {
  const char* kws[] = {"if",    "elseif",   "else",   "end",       "for",    "parfor",
                       "while", "switch",   "case",   "otherwise", "try",    "catch",
                       "break", "continue", "return", "function",  "global", "persistent"};
  for (const char* k : kws) {
    auto t = lex(k);
    REQUIRE(t.size() == 1);
    CHECK(t[0].kind == Tok::Keyword);
    CHECK(std::string(runmat::lang::keyword_name(t[0].kw)) == k);
  }
  CHECK(kinds("ends iff endfunction") == "id id id");
  CHECK(kinds("s.end") == "id . id");  // a field name, not a keyword
}

TEST_CASE("lexer: comments, continuation, newlines", "[lexer]") {
  CHECK(kinds("a % comment\nb") == "id NL id");
  CHECK(kinds("a\n\n  \n% c\n\nb") == "id NL id");
  CHECK(kinds("a + ...  ignored\n b") == "id + id");
  CHECK(kinds("a\n%{\nx = 1\n%}\nb") == "id NL id");
  CHECK(kinds("a\n%{\n%{\nx\n%}\ny\n%}\nb") == "id NL id");
  CHECK(kinds("a %{ not a block\nb") == "id NL id");
  CHECK(kinds("%{\nunterminated") == "");
  CHECK(kinds("a\r\nb") == "id NL id");
  auto t = lex("x\n  y");
  REQUIRE(t.size() == 3);
  CHECK(t[2].line == 2);
  CHECK(t[2].col == 3);
  t = lex("a -b");
  CHECK(t[1].space_before);
  CHECK_FALSE(t[1].space_after);
  t = lex("[x(1) y]");
  CHECK(t[0].depth == 0);
  CHECK(t[2].depth == 1);
  CHECK(t[3].depth == 2);
}
