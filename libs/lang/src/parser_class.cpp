// classdef files: header, properties, methods, events and enumeration blocks.
#include <utility>

#include "parser_impl.hpp"

namespace runmat::lang {
namespace {
bool is_line_end(Tok k) {
  return k == Tok::Newline || k == Tok::Semicolon || k == Tok::Eof;
}
}  // namespace

std::string Parser::paren_text() {
  if (!is(Tok::LParen)) return {};
  const std::uint32_t depth = cur().depth;
  const std::uint32_t begin = cur().end;
  advance();
  for (;;) {
    const Token& t = cur();
    if (t.kind == Tok::Eof) fail(t, msg::kMismatched);
    if (t.kind == Tok::Error) fail(t, t.error);
    if (t.kind == Tok::RParen && t.depth == depth + 1) {
      std::string text(src_.substr(begin, t.begin - begin));
      advance();
      return text;
    }
    advance();
  }
}

void Parser::skip_to_line_end() {
  const std::uint32_t depth = cur().depth;
  while (!(is_line_end(cur().kind) && cur().depth <= depth)) {
    if (is(Tok::Eof)) return;
    if (is(Tok::Error)) fail(cur(), cur().error);
    advance();
  }
}

void Parser::classdef(Program* p) {
  p->is_classdef = true;
  uses_end_ = true;  // methods in a classdef always end with `end`
  ClassDef c;
  c.loc = loc();
  advance();  // classdef
  c.attributes = paren_text();
  if (!is(Tok::Ident)) fail_unexpected(cur());
  c.name = std::string(cur().text);
  advance();
  if (is(Tok::Lt)) {
    do {
      advance();
      if (!is(Tok::Ident)) fail_unexpected(cur());
      std::string base(cur().text);
      advance();
      while (is(Tok::Dot) && peek().kind == Tok::Ident) {
        advance();
        base += '.';
        base += cur().text;
        advance();
      }
      c.superclasses.push_back(std::move(base));
    } while (is(Tok::Amp));
  }
  for (;;) {
    skip_separators();
    const Token& t = cur();
    if (t.kind == Tok::Keyword && t.kw == Kw::End) {
      advance();
      break;
    }
    if (t.kind == Tok::Eof) fail_at(c.loc, msg::kMissingEnd);
    if (t.kind != Tok::Ident) fail_unexpected(t);
    const std::string_view section = t.text;
    const SourceLoc section_loc = loc();
    if (section != "properties" && section != "methods" && section != "events" &&
        section != "enumeration") {
      fail(t,
           "Parse error: expected PROPERTIES, METHODS, EVENTS, ENUMERATION or END in "
           "CLASSDEF.");
    }
    const char kind = section[0] == 'p'   ? 'p'
                      : section[0] == 'm' ? 'm'
                      : section[1] == 'v' ? 'v'
                                          : 'n';
    advance();
    const std::string attrs = paren_text();
    for (;;) {
      skip_separators();
      const Token& m = cur();
      if (m.kind == Tok::Keyword && m.kw == Kw::End) {
        advance();
        break;
      }
      if (m.kind == Tok::Eof) fail_at(section_loc, msg::kMissingEnd);
      if (kind == 'm') {
        if (m.kind == Tok::Keyword && m.kw == Kw::Function) {
          c.methods.push_back(function_def(false));
          c.method_attributes.push_back(attrs);
        } else {
          skip_to_line_end();  // a signature of a method defined in its own file
        }
        continue;
      }
      if (m.kind != Tok::Ident) fail_unexpected(m);
      if (kind == 'p') {
        PropertyDef prop;
        prop.name = std::string(m.text);
        prop.loc = loc();
        prop.attributes = attrs;
        advance();
        // Size, class and validators up to `=` or the end of the line.
        const std::uint32_t depth = cur().depth;
        while (!(cur().depth <= depth &&
                 (is_line_end(cur().kind) || is(Tok::Assign) || is(Tok::Comma)))) {
          if (is(Tok::Eof)) fail(cur(), msg::kMismatched);
          if (is(Tok::Error)) fail(cur(), cur().error);
          advance();
        }
        if (is(Tok::Assign)) {
          advance();
          prop.default_value = expr();
        }
        c.properties.push_back(std::move(prop));
      } else {
        (kind == 'v' ? c.events : c.enumeration).emplace_back(m.text);
        advance();
        skip_to_line_end();
      }
    }
  }
  skip_separators();
  if (!is(Tok::Eof)) {
    if (is_kw(Kw::Function)) {
      functions_section(p);  // local functions after the class
    } else {
      fail_unexpected(cur());
    }
  }
  p->classes.push_back(std::move(c));
}

}  // namespace runmat::lang
