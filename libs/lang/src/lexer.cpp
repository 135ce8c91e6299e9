#include "lexer.hpp"

#include <charconv>
#include <cstring>

namespace runmat::lang {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_ident_char(char c) {
  return is_alpha(c) || is_digit(c) || c == '_';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int hex_val(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

struct KwEntry {
  const char* name;
  Kw kw;
};
constexpr KwEntry kKeywords[] = {
    {"if", Kw::If},         {"elseif", Kw::Elseif},
    {"else", Kw::Else},     {"end", Kw::End},
    {"for", Kw::For},       {"parfor", Kw::Parfor},
    {"while", Kw::While},   {"switch", Kw::Switch},
    {"case", Kw::Case},     {"otherwise", Kw::Otherwise},
    {"try", Kw::Try},       {"catch", Kw::Catch},
    {"break", Kw::Break},   {"continue", Kw::Continue},
    {"return", Kw::Return}, {"function", Kw::Function},
    {"global", Kw::Global}, {"persistent", Kw::Persistent},
};

Kw lookup_keyword(std::string_view s) {
  if (s.size() < 2 || s.size() > 10) return Kw::None;
  for (const auto& e : kKeywords) {
    if (s == e.name) return e.kw;
  }
  return Kw::None;
}

constexpr const char* kBadNumber =
    "Invalid expression. Check for missing multiplication operator, missing or unbalanced "
    "delimiters, or other syntax error. To construct matrices, use brackets instead of "
    "parentheses.";

}  // namespace

const char* keyword_name(Kw kw) {
  for (const auto& e : kKeywords) {
    if (e.kw == kw) return e.name;
  }
  return "";
}

void Lexer::reset(std::uint32_t offset, int line, int col) {
  pos_ = offset;
  line_ = line;
  line_start_ = offset - static_cast<std::size_t>(col - 1);
  stack_.clear();
  prev_ = Tok::Semicolon;
  prev_kw_ = Kw::None;
}

bool Lexer::at_block_comment_open() const {
  // "%{" alone on its line (whitespace around it only).
  if (pos_ + 1 >= src_.size() || src_[pos_ + 1] != '{') return false;
  for (std::size_t i = line_start_; i < pos_; ++i) {
    if (!is_space(src_[i])) return false;
  }
  for (std::size_t i = pos_ + 2; i < src_.size() && src_[i] != '\n'; ++i) {
    if (!is_space(src_[i])) return false;
  }
  return true;
}

void Lexer::skip_to_eol() {
  while (pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
}

void Lexer::skip_block_comment() {
  // pos_ at "%{" on its own line. Lines that are exactly %{ / %} (after trimming) nest.
  int depth = 0;
  while (pos_ < src_.size()) {
    std::size_t b = pos_;
    while (b < src_.size() && is_space(src_[b])) ++b;
    std::size_t e = b;
    while (e < src_.size() && src_[e] != '\n') ++e;
    std::size_t t = e;
    while (t > b && is_space(src_[t - 1])) --t;
    std::string_view trimmed = src_.substr(b, t - b);
    if (trimmed == "%{") {
      ++depth;
    } else if (trimmed == "%}") {
      --depth;
    }
    pos_ = e;
    if (depth == 0 || pos_ >= src_.size()) return;  // stop before the closing line's newline
    newline_at(pos_);
    ++pos_;
  }
}

bool Lexer::skip_trivia() {
  bool skipped = false;
  while (pos_ < src_.size()) {
    char c = src_[pos_];
    if (is_space(c)) {
      ++pos_;
      skipped = true;
    } else if (c == '.' && src_.compare(pos_, 3, "...") == 0) {
      // Continuation: the rest of the line is ignored and the next line joins this one.
      skip_to_eol();
      if (pos_ < src_.size()) {
        newline_at(pos_);
        ++pos_;
      }
      skipped = true;
    } else if (c == '%') {
      if (at_block_comment_open()) {
        skip_block_comment();
      } else {
        skip_to_eol();
      }
      skipped = true;
    } else {
      break;
    }
  }
  return skipped;
}

bool Lexer::prev_is_operand() const {
  switch (prev_) {
    case Tok::Ident:
    case Tok::Number:
    case Tok::RParen:
    case Tok::RBracket:
    case Tok::RBrace:
    case Tok::Quote:
    case Tok::DotQuote:
    case Tok::StringLit:
    case Tok::CharLit:
      return true;
    case Tok::Keyword:
      return prev_kw_ == Kw::End && !stack_.empty();
    default:
      return false;
  }
}

Token Lexer::finish(Token t) {
  t.end = static_cast<std::uint32_t>(pos_);
  if (t.kind != Tok::CharLit && t.kind != Tok::StringLit && t.kind != Tok::Error) {
    t.text = src_.substr(t.begin, t.end - t.begin);
  }
  if (pos_ < src_.size()) {
    char c = src_[pos_];
    t.space_after = is_space(c) || (c == '.' && src_.compare(pos_, 3, "...") == 0);
  }
  if (t.kind != Tok::Error) {
    prev_ = t.kind;
    prev_kw_ = t.kw;
  }
  return t;
}

void Lexer::lex_number(Token* t) {
  const std::size_t start = pos_;
  t->kind = Tok::Number;
  const std::size_t n = src_.size();
  if (src_[pos_] == '0' && pos_ + 2 < n + 1 && pos_ + 1 < n) {
    char x = src_[pos_ + 1];
    bool hex = (x == 'x' || x == 'X') && pos_ + 2 < n && is_hex(src_[pos_ + 2]);
    bool bin =
        (x == 'b' || x == 'B') && pos_ + 2 < n && (src_[pos_ + 2] == '0' || src_[pos_ + 2] == '1');
    if (hex || bin) {
      pos_ += 2;
      std::uint64_t v = 0;
      int bits = 0;  // significant bits
      bool overflow = false;
      while (pos_ < n && (hex ? is_hex(src_[pos_]) : (src_[pos_] == '0' || src_[pos_] == '1'))) {
        int d = hex ? hex_val(src_[pos_]) : src_[pos_] - '0';
        int shift = hex ? 4 : 1;
        if (v >> (64 - shift)) overflow = true;
        v = (v << shift) | static_cast<std::uint64_t>(d);
        ++pos_;
      }
      for (std::uint64_t w = v; w; w >>= 1) ++bits;
      std::string_view suffix;
      if (pos_ < n &&
          (src_[pos_] == 'u' || src_[pos_] == 's' || src_[pos_] == 'U' || src_[pos_] == 'S')) {
        std::size_t e = pos_ + 1;
        while (e < n && is_digit(src_[e])) ++e;
        std::string_view w = src_.substr(pos_ + 1, e - pos_ - 1);
        if (w == "8" || w == "16" || w == "32" || w == "64") {
          suffix = src_.substr(pos_, e - pos_);
          pos_ = e;
        }
      }
      if (pos_ < n && is_ident_char(src_[pos_])) {
        t->kind = Tok::Error;
        t->error = kBadNumber;
        while (pos_ < n && is_ident_char(src_[pos_])) ++pos_;
        return;
      }
      int width = 8;
      bool is_signed = false;
      if (!suffix.empty()) {
        is_signed = suffix[0] == 's' || suffix[0] == 'S';
        std::from_chars(suffix.data() + 1, suffix.data() + suffix.size(), width);
      } else {
        while (width < 64 && bits > width) width *= 2;
      }
      if (overflow || bits > width) {
        t->kind = Tok::Error;
        t->error = hex ? "Hexadecimal literal is too large for its integer type."
                       : "Binary literal is too large for its integer type.";
        return;
      }
      static constexpr const char* kNames[2][4] = {{"u8", "u16", "u32", "u64"},
                                                   {"s8", "s16", "s32", "s64"}};
      int wi = width == 8 ? 0 : width == 16 ? 1 : width == 32 ? 2 : 3;
      t->int_suffix = kNames[is_signed ? 1 : 0][wi];
      t->int_bits = v;
      if (is_signed) {
        std::int64_t sv = static_cast<std::int64_t>(v);
        if (width < 64 && (v >> (width - 1)) & 1)
          sv = static_cast<std::int64_t>(v) - (std::int64_t{1} << width);
        t->number = static_cast<double>(sv);
      } else {
        t->number = static_cast<double>(v);
      }
      return;
    }
  }
  while (pos_ < n && is_digit(src_[pos_])) ++pos_;
  if (pos_ < n && src_[pos_] == '.') {
    // "1.*2" is 1 .* 2: the dot belongs to an element-wise operator or .' transpose.
    char a = pos_ + 1 < n ? src_[pos_ + 1] : '\0';
    bool op = a == '*' || a == '/' || a == '\\' || a == '^' || a == '\'';
    bool cont = a == '.' && src_.compare(pos_, 3, "...") == 0;
    if (!op && !cont) {
      ++pos_;
      while (pos_ < n && is_digit(src_[pos_])) ++pos_;
    }
  }
  if (pos_ < n &&
      (src_[pos_] == 'e' || src_[pos_] == 'E' || src_[pos_] == 'd' || src_[pos_] == 'D')) {
    std::size_t e = pos_ + 1;
    if (e < n && (src_[e] == '+' || src_[e] == '-')) ++e;
    if (e < n && is_digit(src_[e])) {
      while (e < n && is_digit(src_[e])) ++e;
      pos_ = e;
    }
  }
  const std::size_t num_end = pos_;
  if (pos_ < n &&
      (src_[pos_] == 'i' || src_[pos_] == 'j' || src_[pos_] == 'I' || src_[pos_] == 'J') &&
      !(pos_ + 1 < n && is_ident_char(src_[pos_ + 1]))) {
    t->imaginary = true;
    ++pos_;
  }
  if (pos_ < n && is_ident_char(src_[pos_])) {
    t->kind = Tok::Error;
    t->error = kBadNumber;
    while (pos_ < n && is_ident_char(src_[pos_])) ++pos_;
    return;
  }
  // from_chars has no 'd' exponent: copy (numbers are short) and patch it.
  char buf[128];
  std::size_t len = num_end - start;
  if (len >= sizeof(buf)) {
    t->kind = Tok::Error;
    t->error = kBadNumber;
    return;
  }
  std::memcpy(buf, src_.data() + start, len);
  for (std::size_t i = 0; i < len; ++i) {
    if (buf[i] == 'd' || buf[i] == 'D') buf[i] = 'e';
  }
  double v = 0;
  auto r = std::from_chars(buf, buf + len, v);
  if (r.ec == std::errc::result_out_of_range) {
    // Overflow is Inf, underflow 0, as in MATLAB.
    bool neg_exp = false;
    for (std::size_t i = 0; i < len; ++i) {
      if (buf[i] == 'e' || buf[i] == 'E') neg_exp = i + 1 < len && buf[i + 1] == '-';
    }
    v = neg_exp ? 0.0 : __builtin_inf();
  }
  t->number = v;
}

void Lexer::lex_quoted(Token* t, char q) {
  t->kind = q == '\'' ? Tok::CharLit : Tok::StringLit;
  ++pos_;
  std::size_t body = pos_;
  while (pos_ < src_.size()) {
    char c = src_[pos_];
    if (c == '\n') break;
    if (c == q) {
      if (pos_ + 1 < src_.size() && src_[pos_ + 1] == q) {
        pos_ += 2;
        continue;
      }
      t->text = src_.substr(body, pos_ - body);
      ++pos_;
      return;
    }
    ++pos_;
  }
  t->kind = Tok::Error;
  t->error = q == '\'' ? "Character vector is not terminated properly."
                       : "String is not terminated properly.";
}

Token Lexer::next() {
  Token t;
  t.space_before = skip_trivia();
  t.depth = static_cast<std::uint32_t>(stack_.size());
  t.begin = static_cast<std::uint32_t>(pos_);
  t.line = line_;
  t.col = static_cast<int>(pos_ - line_start_) + 1;
  const std::size_t n = src_.size();
  if (pos_ >= n) {
    t.kind = Tok::Eof;
    t.end = t.begin;
    return t;
  }
  const char c = src_[pos_];
  const char c1 = pos_ + 1 < n ? src_[pos_ + 1] : '\0';
  auto one = [&](Tok k) {
    t.kind = k;
    pos_ += 1;
  };
  auto two = [&](Tok k) {
    t.kind = k;
    pos_ += 2;
  };
  switch (c) {
    case '\n': {
      t.kind = Tok::Newline;
      newline_at(pos_);
      ++pos_;
      // Collapse blank lines and comment lines into this one token.
      for (;;) {
        skip_trivia();
        if (pos_ < n && src_[pos_] == '\n') {
          newline_at(pos_);
          ++pos_;
        } else {
          break;
        }
      }
      Token r = finish(t);
      r.text = "\n";
      r.space_after = false;
      return r;
    }
    case '+':
      one(Tok::Plus);
      break;
    case '-':
      one(Tok::Minus);
      break;
    case '*':
      one(Tok::Star);
      break;
    case '/':
      one(Tok::Slash);
      break;
    case '\\':
      one(Tok::Backslash);
      break;
    case '^':
      one(Tok::Caret);
      break;
    case ':':
      one(Tok::Colon);
      break;
    case ',':
      one(Tok::Comma);
      break;
    case ';':
      one(Tok::Semicolon);
      break;
    case '@':
      one(Tok::At);
      break;
    case '(':
    case '[':
    case '{':
      stack_.push_back(c);
      one(c == '(' ? Tok::LParen : c == '[' ? Tok::LBracket : Tok::LBrace);
      break;
    case ')':
    case ']':
    case '}':
      if (!stack_.empty()) stack_.pop_back();
      one(c == ')' ? Tok::RParen : c == ']' ? Tok::RBracket : Tok::RBrace);
      break;
    case '=':
      if (c1 == '=') {
        two(Tok::EqEq);
      } else {
        one(Tok::Assign);
      }
      break;
    case '~':
      if (c1 == '=') {
        two(Tok::NotEq);
      } else {
        one(Tok::Tilde);
      }
      break;
    case '<':
      if (c1 == '=') {
        two(Tok::Le);
      } else {
        one(Tok::Lt);
      }
      break;
    case '>':
      if (c1 == '=') {
        two(Tok::Ge);
      } else {
        one(Tok::Gt);
      }
      break;
    case '&':
      if (c1 == '&') {
        two(Tok::AmpAmp);
      } else {
        one(Tok::Amp);
      }
      break;
    case '|':
      if (c1 == '|') {
        two(Tok::BarBar);
      } else {
        one(Tok::Bar);
      }
      break;
    case '!':
      t.kind = Tok::Error;
      t.error = "Invalid use of operator.";
      pos_ += c1 == '=' ? 2 : 1;
      break;
    case '.':
      if (is_digit(c1)) {
        lex_number(&t);
      } else if (c1 == '*') {
        two(Tok::DotStar);
      } else if (c1 == '/') {
        two(Tok::DotSlash);
      } else if (c1 == '\\') {
        two(Tok::DotBackslash);
      } else if (c1 == '^') {
        two(Tok::DotCaret);
      } else if (c1 == '\'') {
        two(Tok::DotQuote);
      } else {
        one(Tok::Dot);
      }
      break;
    case '\'': {
      bool in_matrix = !stack_.empty() && stack_.back() != '(';
      if (prev_is_operand() && !(t.space_before && in_matrix)) {
        one(Tok::Quote);
      } else {
        lex_quoted(&t, '\'');
      }
      break;
    }
    case '"':
      lex_quoted(&t, '"');
      break;
    default:
      if (is_digit(c)) {
        lex_number(&t);
      } else if (is_alpha(c)) {
        while (pos_ < n && is_ident_char(src_[pos_])) ++pos_;
        t.kind = Tok::Ident;
        if (prev_ != Tok::Dot) {
          Kw kw = lookup_keyword(src_.substr(t.begin, pos_ - t.begin));
          if (kw != Kw::None) {
            t.kind = Tok::Keyword;
            t.kw = kw;
          }
        }
      } else {
        t.kind = Tok::Error;
        t.error = "The input character is not valid in MATLAB statements or expressions.";
        ++pos_;
        // Skip the rest of a UTF-8 sequence so that the next token starts on a character.
        while (pos_ < n && (static_cast<unsigned char>(src_[pos_]) & 0xC0) == 0x80) ++pos_;
      }
      break;
  }
  return finish(t);
}

}  // namespace runmat::lang
