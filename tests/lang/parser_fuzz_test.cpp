// Malformed input must never crash or hang: truncations and random mutations of valid code,
// and random token soup, from fixed seeds. A watchdog turns a hang into a quick failure that
// names the input (rather than a test timeout).
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <random>
#include <string>
#include <thread>

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

const char* kArgumentsCorpus =
    "function r = g(a, b, opts)\n"
    "  arguments\n    a (1,:) double {mustBeFinite}\n    b {mustBeMember(b, [1 2])} = 1\n"
    "    opts.N (1,1) = 3\n  end\n"
    "  r = a(end) + b{1}(2:end);\nend\n";

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

// Exits the process, printing the input, when one parse takes longer than the limit (the parse
// cannot be interrupted; the limit is generous for sanitizer builds on a loaded machine).
class Watchdog {
 public:
  Watchdog() : thread_([this] { watch(); }) {}
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }
  void start(const std::string& src) {
    std::lock_guard<std::mutex> lock(mu_);
    current_ = src;
    ++epoch_;
    cv_.notify_one();
  }

 private:
  static constexpr std::chrono::seconds kLimit{20};
  void watch() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      const unsigned long seen = epoch_;
      if (cv_.wait_for(lock, kLimit, [&] { return stop_ || epoch_ != seen; })) continue;
      std::fprintf(stderr, "parser hang: no result after %llds on input:\n<<<%s>>>\n",
                   static_cast<long long>(kLimit.count()), current_.c_str());
      std::fflush(stderr);
      std::_Exit(3);
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::string current_;
  unsigned long epoch_ = 0;
  bool stop_ = false;
  std::thread thread_;  // last: starts once the members above are initialized
};

Watchdog& watchdog() {
  static Watchdog w;
  return w;
}

void parse_any(const std::string& src) {
  watchdog().start(src);
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
  for (const char* corpus : {kCorpus, kClassCorpus, kArgumentsCorpus, kScriptCorpus}) {
    INFO(corpus);
    CHECK(parse_program(corpus, "corpus.m").ok);
    std::string c = corpus;
    for (std::size_t n = 0; n <= c.size(); ++n) parse_any(c.substr(0, n));
    for (std::size_t n = 0; n <= c.size(); n += 3) parse_any(c.substr(n));
  }
}

TEST_CASE("fuzz: random mutations", "[fuzz]") {
  std::mt19937 rng(12345);
  const char* corpora[] = {kCorpus, kClassCorpus, kArgumentsCorpus, kScriptCorpus};
  for (int iter = 0; iter < 4800 * scale(); ++iter) {
    std::string s = corpora[iter % 4];
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

// Regression: a property declaration cut inside its size/validators, e.g. `x (` at EOF, looped
// forever (the scan for the end of the line waited for bracket depth to drop back, and EOF
// keeps the depth of the unclosed bracket). Each loop that skips tokens must stop at EOF.
TEST_CASE("fuzz: unclosed brackets at EOF in classdef and arguments blocks", "[fuzz]") {
  struct Case {
    const char* src;
    int line;
    int col;
    const char* message_start;
  };
  const char* kMismatched = "Invalid expression. When calling a function";
  const char* kMissingEnd = "At least one END is missing";
  const Case cases[] = {
      {"classdef P\n  properties\n    x (", 3, 8, kMismatched},
      {"classdef P\n  properties\n    x (1,1) double {mustBeFinite(", 3, 34, kMismatched},
      {"classdef P\n  properties\n    x (1,1\n  end\nend\n", 6, 1, kMismatched},
      {"classdef P\n  properties\n    x {\n", 4, 1, kMismatched},
      {"classdef P\n  properties (Access = ", 2, 24, kMismatched},
      {"classdef (Sealed", 1, 17, kMismatched},
      {"classdef P\n  methods\n    r = ext(a", 2, 3, kMissingEnd},
      {"classdef P\n  events\n    E (", 2, 3, kMissingEnd},
      {"classdef P\n  enumeration\n    A (1), B (", 2, 3, kMissingEnd},
      {"function f(a)\n  arguments\n    a (1,", 2, 3, kMissingEnd},
  };
  for (const Case& c : cases) {
    watchdog().start(c.src);
    ParseResult r = parse_program(c.src, "P.m");
    INFO(c.src);
    INFO(r.error.format());
    REQUIRE_FALSE(r.ok);
    CHECK(r.error.line == c.line);
    CHECK(r.error.col == c.col);
    CHECK(r.error.message.rfind(c.message_start, 0) == 0);
  }
}
