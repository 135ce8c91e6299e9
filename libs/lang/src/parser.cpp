// Entry point and error reporting.
#include "runmat/lang/parser.hpp"

#include <string>

#include "parser_impl.hpp"

namespace runmat::lang {
namespace {

std::string line_text(std::string_view src, int line) {
  std::size_t pos = 0;
  for (int l = 1; l < line && pos < src.size(); ++l) {
    std::size_t nl = src.find('\n', pos);
    if (nl == std::string_view::npos) return {};
    pos = nl + 1;
  }
  std::size_t end = src.find('\n', pos);
  if (end == std::string_view::npos) end = src.size();
  if (end > pos && src[end - 1] == '\r') --end;
  return std::string(src.substr(pos, end - pos));
}

}  // namespace

std::string ParseError::format() const {
  std::string out = "Error: File: " + filename + " Line: " + std::to_string(line) +
                    " Column: " + std::to_string(col) + "\n" + message + "\n" + source_line + "\n";
  for (int i = 0; i + 1 < col; ++i) {
    out.push_back(i < static_cast<int>(source_line.size()) && source_line[i] == '\t' ? '\t' : ' ');
  }
  out.push_back('^');
  return out;
}

void Parser::fail(const Token& t, const char* message) {
  throw ParseFailure{t.line, t.col, message, {}};
}

void Parser::fail_at(SourceLoc l, const char* message) {
  throw ParseFailure{l.line, l.col, message, {}};
}

void Parser::expect(Tok k, const char* message) {
  if (!is(k)) {
    if (is(Tok::Error)) fail(cur(), cur().error);
    fail(cur(), message);
  }
  advance();
}

void Parser::fail_unexpected(const Token& t) {
  switch (t.kind) {
    case Tok::Error:
      fail(t, t.error);
    case Tok::Eof:
    case Tok::Newline:
    case Tok::Semicolon:
    case Tok::Comma:
      fail(t, msg::kInvalidExpr);
    case Tok::RParen:
    case Tok::RBracket:
    case Tok::RBrace:
      fail(t, msg::kUnbalanced);
    case Tok::Assign:
      fail(t, msg::kBadAssign);
    case Tok::Keyword:
      throw ParseFailure{
          t.line, t.col, nullptr,
          std::string("Illegal use of reserved keyword \"") + keyword_name(t.kw) + "\"."};
    case Tok::Ident:
    case Tok::Number:
    case Tok::CharLit:
    case Tok::StringLit:
    case Tok::LParen:
    case Tok::LBracket:
    case Tok::LBrace:
      fail(t, msg::kMissingOp);
    default:
      fail(t, msg::kInvalidOp);
  }
}

ParseResult parse_program(std::string_view source, std::string_view filename) {
  return parse_program(source, filename, ParseOptions{});
}

ParseResult parse_program(std::string_view source, std::string_view filename,
                          const ParseOptions& options) {
  ParseResult r;
  Parser parser(source, filename, &options);
  try {
    r.program = parser.run();
    r.ok = true;
  } catch (ParseFailure& f) {
    r.ok = false;
    r.error.filename = std::string(filename);
    r.error.line = f.line;
    r.error.col = f.col;
    r.error.message = f.message ? std::string(f.message) : std::move(f.owned);
    r.error.source_line = line_text(source, f.line);
  }
  return r;
}

}  // namespace runmat::lang
