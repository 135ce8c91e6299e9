// Malformed input must never crash or hang: truncations and random mutations of valid code,
// and random token soup, from fixed seeds.
#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "runmat/lang/parser.hpp"

using namespace runmat::lang;

namespace {

const char* kCorpus =
    "function [a, b] = f(x, varargin)\n"
    "% comment\n"
    "%{\nblock\n%}\n"
    "a = [1 -2 + 3; x' 'str' ...\n  4]; b = {x(end), @(t) t.^2, \"s\"};\n"
    "if a(1) >= 2 && ~isempty(b), disp('yes'), elseif x, y = 0x1Fu8; else, z = 3i; end\n"
    "for k = 1:2:numel(x)\n  s.a{k}(2).b = k; s.(n) = -2^-1;\n end\n"
    "while true, break; end\n"
    "switch x\n case {1, 2}\n  hold on\n otherwise\n  [~, i] = max(x);\nend\n"
    "try\n error('x');\ncatch ME\n disp(ME.message)\nend\n"
    "global g; persistent p\n"
    "  function r = nested(q)\n    r = q(:, end) .* 2;\n  end\n"
    "end\n";

const char kAlphabet[] = "abcxyz019 .,;:'\"()[]{}+-*/\\^~=<>&|@%!\n\t.eij_";
const char* kWords[] = {"if ",  "end",  "for ", "while ", "function ", "(",   ")",     "[",
                        "]",    "{",    "}",    "'",      "\"",        ".'",  "...",   "\n",
                        "%{\n", "%}\n", "x",    "1",      "=",         "==",  ",",     ";",
                        " ",    "-",    "@(",   "case ",  "switch ",   "try", "catch", "else"};

void parse_any(const std::string& src) {
  ParseResult r = parse_program(src, "fuzz.m");
  if (!r.ok) {
    CHECK(r.error.line >= 1);
    CHECK(r.error.col >= 1);
    CHECK_FALSE(r.error.message.empty());
    (void)r.error.format();
  }
}

}  // namespace

TEST_CASE("fuzz: the corpus parses", "[fuzz]") {
  ParseResult r = parse_program(kCorpus, "corpus.m");
  INFO(r.error.format());
  CHECK(r.ok);
}

TEST_CASE("fuzz: every truncation of the corpus", "[fuzz]") {
  std::string c = kCorpus;
  for (std::size_t n = 0; n <= c.size(); ++n) parse_any(c.substr(0, n));
  for (std::size_t n = 0; n <= c.size(); n += 3) parse_any(c.substr(n));
}

TEST_CASE("fuzz: random mutations", "[fuzz]") {
  std::mt19937 rng(12345);
  std::string c = kCorpus;
  for (int iter = 0; iter < 3000; ++iter) {
    std::string s = c;
    int edits = 1 + static_cast<int>(rng() % 6);
    for (int e = 0; e < edits; ++e) {
      std::size_t pos = rng() % (s.size() + 1);
      switch (rng() % 3) {
        case 0:
          s.insert(pos, 1, kAlphabet[rng() % (sizeof(kAlphabet) - 1)]);
          break;
        case 1:
          if (pos < s.size()) s.erase(pos, 1 + rng() % 4);
          break;
        default:
          if (pos < s.size()) s[pos] = kAlphabet[rng() % (sizeof(kAlphabet) - 1)];
      }
    }
    parse_any(s);
  }
}

TEST_CASE("fuzz: random token soup and bytes", "[fuzz]") {
  std::mt19937 rng(777);
  for (int iter = 0; iter < 3000; ++iter) {
    std::string s;
    int n = static_cast<int>(rng() % 60);
    for (int i = 0; i < n; ++i) s += kWords[rng() % (sizeof(kWords) / sizeof(kWords[0]))];
    parse_any(s);
  }
  for (int iter = 0; iter < 1000; ++iter) {
    std::string s;
    int n = static_cast<int>(rng() % 80);
    for (int i = 0; i < n; ++i) s.push_back(static_cast<char>(rng() % 256));
    parse_any(s);
  }
}
