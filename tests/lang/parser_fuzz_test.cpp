// Malformed input must never crash or hang: truncations and random mutations of valid code,
// and random token soup, from fixed seeds.
#include <catch2/catch.hpp>
#include <cstdlib>
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

const char* kClassCorpus =
    "classdef (Sealed) P < handle & a.B\n"
    "  properties (Access = private)\n    x (1,1) double {mustBeFinite} = 0;\n    y\n  end\n"
    "  methods\n    function o = P(v), o.x = v; end\n"
    "    function set.x(o, v)\n      o.x = v';\n    end\n  end\n"
    "  methods (Static)\n    r = ext(a)\n  end\n"
    "  events\n    E\n  end\n  enumeration\n    A (1), B (2)\n  end\n"
    "end\n";

const char* kScriptCorpus =
    "hold on; format long g\ndisp 'it''s' % c\nx = 3; x -1\nclear x y, close all\n"
    "a = {@(t) t', [1 -2], \"s\" + 'c'}; b = a{end}(1:end-1).';\n"
    "if x, y = 1 end\nwhile false break end\n[~] = f(Name=1);\n";

const char kAlphabet[] = "abcxyz019 .,;:'\"()[]{}+-*/\\^~=<>&|@%!\n\t.eij_";
const char* kWords[] = {"if ",  "end",  "for ", "while ", "function ", "(",   ")",     "[",
                        "]",    "{",    "}",    "'",      "\"",        ".'",  "...",   "\n",
                        "%{\n", "%}\n", "x",    "1",      "=",         "==",  ",",     ";",
                        " ",    "-",    "@(",   "case ",  "switch ",   "try", "catch", "else"};

// RUNMAT_FUZZ_SCALE=N multiplies the iteration counts (longer runs by hand).
int scale() {
  const char* s = std::getenv("RUNMAT_FUZZ_SCALE");
  int n = s ? std::atoi(s) : 1;
  return n > 0 ? n : 1;
}

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

TEST_CASE("fuzz: every truncation of the corpora", "[fuzz]") {
  for (const char* corpus : {kCorpus, kClassCorpus, kScriptCorpus}) {
    INFO(corpus);
    CHECK(parse_program(corpus, "corpus.m").ok);
    std::string c = corpus;
    for (std::size_t n = 0; n <= c.size(); ++n) parse_any(c.substr(0, n));
    for (std::size_t n = 0; n <= c.size(); n += 3) parse_any(c.substr(n));
  }
}

TEST_CASE("fuzz: random mutations", "[fuzz]") {
  std::mt19937 rng(12345);
  const char* corpora[] = {kCorpus, kClassCorpus, kScriptCorpus};
  for (int iter = 0; iter < 4500 * scale(); ++iter) {
    std::string s = corpora[iter % 3];
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
  for (int iter = 0; iter < 3000 * scale(); ++iter) {
    std::string s;
    int n = static_cast<int>(rng() % 60);
    for (int i = 0; i < n; ++i) s += kWords[rng() % (sizeof(kWords) / sizeof(kWords[0]))];
    parse_any(s);
  }
  for (int iter = 0; iter < 1000 * scale(); ++iter) {
    std::string s;
    int n = static_cast<int>(rng() % 80);
    for (int i = 0; i < n; ++i) s.push_back(static_cast<char>(rng() % 256));
    parse_any(s);
  }
}
