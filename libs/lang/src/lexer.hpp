// MATLAB tokenizer, pulled one token at a time by the parser.
//
// Context the lexer tracks itself: the bracket stack (whitespace inside [] and {} decides
// whether `'` opens a char literal or transposes) and the previous token (`'` after an operand
// is a transpose; a name after `.` is a field, never a keyword). Tokens point into the source
// (no per-token allocation); literal bodies are unescaped by the parser.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace runmat::lang {

enum class Tok : std::uint8_t {
  Eof,
  Error,  // error = message
  Newline,
  Ident,
  Keyword,
  Number,
  CharLit,    // text = body between the quotes, '' not yet collapsed
  StringLit,  // text = body between the quotes, "" not yet collapsed
  Plus,
  Minus,
  Star,
  Slash,
  Backslash,
  Caret,
  DotStar,
  DotSlash,
  DotBackslash,
  DotCaret,
  Quote,     // ' as complex conjugate transpose
  DotQuote,  // .'
  EqEq,
  NotEq,
  Lt,
  Le,
  Gt,
  Ge,
  Amp,
  Bar,
  AmpAmp,
  BarBar,
  Tilde,
  Assign,
  Colon,
  Comma,
  Semicolon,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Dot,
  At
};

enum class Kw : std::uint8_t {
  None,
  If,
  Elseif,
  Else,
  End,
  For,
  Parfor,
  While,
  Switch,
  Case,
  Otherwise,
  Try,
  Catch,
  Break,
  Continue,
  Return,
  Function,
  Global,
  Persistent
};

struct Token {
  Tok kind = Tok::Eof;
  Kw kw = Kw::None;
  bool space_before = false;  // whitespace or a continuation right before the token
  bool space_after = false;   // whitespace or a continuation right after it
  bool imaginary = false;     // Number: 3i
  std::uint32_t depth = 0;    // bracket nesting depth before the token
  int line = 1;
  int col = 1;
  std::uint32_t begin = 0;  // byte offsets into the source
  std::uint32_t end = 0;
  std::string_view text;        // the lexeme (literal body for CharLit/StringLit)
  double number = 0.0;          // Number
  std::string_view int_suffix;  // Number from 0x/0b: "u8".."s64" (inferred when absent)
  std::uint64_t int_bits = 0;   // Number from 0x/0b: the value's bits
  const char* error = nullptr;  // Error: message
};

const char* keyword_name(Kw kw);

class Lexer {
 public:
  explicit Lexer(std::string_view src) : src_(src) {
    if (src_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = line_start_ = 3;  // UTF-8 byte order mark
  }
  Token next();
  // Repositions at a statement boundary (bracket depth 0), e.g. after command syntax.
  void reset(std::uint32_t offset, int line, int col);
  std::string_view source() const { return src_; }

 private:
  bool skip_trivia();  // returns whether anything was skipped
  bool at_block_comment_open() const;
  void skip_block_comment();
  void skip_to_eol();
  void newline_at(std::size_t pos) {
    ++line_;
    line_start_ = pos + 1;
  }
  bool prev_is_operand() const;
  void lex_number(Token* t);
  void lex_quoted(Token* t, char q);
  Token finish(Token t);

  std::string_view src_;
  std::size_t pos_ = 0;
  int line_ = 1;
  std::size_t line_start_ = 0;
  std::vector<char> stack_;
  Tok prev_ = Tok::Newline;
  Kw prev_kw_ = Kw::None;
};

}  // namespace runmat::lang
