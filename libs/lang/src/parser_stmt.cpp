// Statements, control flow, functions and command syntax.
#include <utility>

#include "parser_impl.hpp"

namespace runmat::lang {
namespace {

StmtPtr make_stmt(StmtKind kind, SourceLoc loc) {
  auto s = std::make_unique<Stmt>();
  s->kind = kind;
  s->loc = loc;
  return s;
}

bool is_block_end(const Token& t) {
  if (t.kind == Tok::Eof) return true;
  if (t.kind != Tok::Keyword) return false;
  switch (t.kw) {
    case Kw::End:
    case Kw::Else:
    case Kw::Elseif:
    case Kw::Case:
    case Kw::Otherwise:
    case Kw::Catch:
    case Kw::Function:
      return true;
    default:
      return false;
  }
}

bool is_sep(Tok k) {
  return k == Tok::Newline || k == Tok::Semicolon || k == Tok::Comma;
}

}  // namespace

// Decides whether functions in this file are closed by `end`: count block openers and
// depth-0 `end`s over the whole token stream.
void Parser::prescan() {
  Lexer lx(src_);
  int openers = 0;
  int ends = 0;
  int functions = 0;
  bool stmt_start = true;
  bool pending_arguments = false;
  for (;;) {
    Token t = lx.next();
    if (t.kind == Tok::Eof || t.kind == Tok::Error) break;
    if (pending_arguments && (t.kind == Tok::Newline || t.kind == Tok::LParen)) ++openers;
    pending_arguments = false;
    if (t.kind == Tok::Keyword) {
      switch (t.kw) {
        case Kw::If:
        case Kw::For:
        case Kw::Parfor:
        case Kw::While:
        case Kw::Switch:
        case Kw::Try:
          ++openers;
          break;
        case Kw::Function:
          ++openers;
          ++functions;
          break;
        case Kw::End:
          if (t.depth == 0) ++ends;
          break;
        default:
          break;
      }
    } else if (stmt_start && t.kind == Tok::Ident && t.text == "arguments") {
      pending_arguments = true;
    }
    stmt_start = is_sep(t.kind);
  }
  uses_end_ = functions > 0 && ends >= openers;
}

void Parser::skip_separators() {
  while (is_sep(cur().kind)) advance();
}

void Parser::block(Block* out) {
  for (;;) {
    skip_separators();
    if (is_block_end(cur())) return;
    out->push_back(statement());
  }
}

StmtPtr Parser::statement() {
  DepthGuard g(this);
  const Token& t = cur();
  if (t.kind == Tok::Keyword) {
    switch (t.kw) {
      case Kw::If:
        return if_stmt();
      case Kw::For:
      case Kw::Parfor:
        return for_stmt();
      case Kw::While:
        return while_stmt();
      case Kw::Switch:
        return switch_stmt();
      case Kw::Try:
        return try_stmt();
      case Kw::Global:
        return names_stmt(StmtKind::Global);
      case Kw::Persistent:
        return names_stmt(StmtKind::Persistent);
      case Kw::Break:
      case Kw::Continue:
      case Kw::Return: {
        auto s = make_stmt(t.kw == Kw::Break      ? StmtKind::Break
                           : t.kw == Kw::Continue ? StmtKind::Continue
                                                  : StmtKind::Return,
                           loc());
        advance();
        terminator(s.get());
        return s;
      }
      default:
        fail_unexpected(t);
    }
  }
  if (t.kind == Tok::Ident) {
    StmtPtr cmd;
    if (try_command(&cmd)) return cmd;
  }
  return expr_statement();
}

void Parser::declare_lhs(const Expr* e) {
  while (e && e->kind != ExprKind::Ident && !e->args.empty()) e = e->args[0].get();
  if (e && e->kind == ExprKind::Ident) declare(e->text);
}

void Parser::check_lvalue(const Expr* e, SourceLoc at) {
  if (!e) return;  // ~ placeholder
  for (;;) {
    switch (e->kind) {
      case ExprKind::Ident:
        return;
      case ExprKind::Index:
      case ExprKind::CellIndex:
      case ExprKind::Field:
      case ExprKind::DynField:
        e = e->args[0].get();
        break;
      default:
        fail_at(at, msg::kBadLhs);
    }
  }
}

StmtPtr Parser::expr_statement() {
  const SourceLoc start = loc();
  ExprPtr e;
  SourceLoc placeholder;
  if (is(Tok::LBracket)) {
    ExprPtr m = matrix(true, &placeholder);
    if (is(Tok::Assign)) {
      const SourceLoc eq = loc();
      if (m->rows.size() > 1) fail_at(m->loc, msg::kBadLhs);
      auto s = make_stmt(StmtKind::Assign, start);
      if (!m->rows.empty()) s->lhs = std::move(m->rows[0]);
      s->bracket_lhs = true;
      if (s->lhs.empty()) fail_at(m->loc, msg::kBadLhs);
      for (const auto& l : s->lhs) check_lvalue(l.get(), l ? l->loc : eq);
      advance();
      s->expr = expr();
      for (const auto& l : s->lhs) declare_lhs(l.get());
      terminator(s.get());
      return s;
    }
    if (placeholder.line != 0) fail_at(placeholder, msg::kInvalidOp);
    e = expr(std::move(m));
  } else {
    e = expr();
  }
  if (is(Tok::Assign)) {
    check_lvalue(e.get(), start);
    auto s = make_stmt(StmtKind::Assign, start);
    advance();
    s->lhs.push_back(std::move(e));
    s->expr = expr();
    declare_lhs(s->lhs[0].get());
    terminator(s.get());
    return s;
  }
  auto s = make_stmt(StmtKind::Expr, start);
  s->expr = std::move(e);
  terminator(s.get());
  return s;
}

void Parser::terminator(Stmt* s) {
  const Token& t = cur();
  switch (t.kind) {
    case Tok::Semicolon:
      s->print_result = false;
      advance();
      return;
    case Tok::Comma:
    case Tok::Newline:
      s->print_result = true;
      advance();
      return;
    case Tok::Eof:
      s->print_result = true;
      return;
    default:
      break;
  }
  if (is_block_end(t)) {  // `if c, x = 1 end`: accepted, as MATLAB does
    s->print_result = true;
    return;
  }
  if (t.kind == Tok::Assign) fail(t, msg::kBadAssign);
  fail_unexpected(t);
}

// After a block: `end` closes it; EOF or a function means the END is missing.
void Parser::end_of_block(SourceLoc opener) {
  const Token& t = cur();
  if (t.kind == Tok::Keyword && t.kw == Kw::End) {
    advance();
    return;
  }
  if (t.kind == Tok::Keyword && t.kw == Kw::Function && uses_end_) {
    fail(t, "Function definitions are not permitted in this context.");
  }
  if (t.kind == Tok::Eof || (t.kind == Tok::Keyword && t.kw == Kw::Function)) {
    fail_at(opener, msg::kMissingEnd);
  }
  fail_unexpected(t);
}

StmtPtr Parser::if_stmt() {
  auto s = make_stmt(StmtKind::If, loc());
  advance();
  for (;;) {
    Clause c;
    c.cond = expr();
    if (is(Tok::Assign)) fail(cur(), msg::kBadAssign);
    block(&c.body);
    s->clauses.push_back(std::move(c));
    if (is_kw(Kw::Elseif)) {
      advance();
      continue;
    }
    break;
  }
  if (is_kw(Kw::Else)) {
    advance();
    block(&s->else_body);
  }
  end_of_block(s->loc);
  terminator(s.get());
  return s;
}

StmtPtr Parser::for_stmt() {
  const bool par = cur().kw == Kw::Parfor;
  auto s = make_stmt(StmtKind::For, loc());
  advance();
  bool paren = false;
  if (is(Tok::LParen)) {
    paren = true;
    advance();
  }
  if (!is(Tok::Ident)) fail_unexpected(cur());
  s->for_var = std::string(cur().text);
  advance();
  if (!is(Tok::Assign)) fail_unexpected(cur());
  advance();
  s->expr = expr();
  if (paren) {
    if (par && is(Tok::Comma)) {  // parfor (i = 1:n, maxWorkers): the limit is ignored
      advance();
      expr();
    }
    expect(Tok::RParen, msg::kUnbalanced);
  }
  declare(s->for_var);
  block(&s->body);
  end_of_block(s->loc);
  terminator(s.get());
  return s;
}

StmtPtr Parser::while_stmt() {
  auto s = make_stmt(StmtKind::While, loc());
  advance();
  Clause c;
  c.cond = expr();
  if (is(Tok::Assign)) fail(cur(), msg::kBadAssign);
  block(&c.body);
  s->clauses.push_back(std::move(c));
  end_of_block(s->loc);
  terminator(s.get());
  return s;
}

StmtPtr Parser::switch_stmt() {
  auto s = make_stmt(StmtKind::Switch, loc());
  advance();
  s->expr = expr();
  skip_separators();
  if (!is_kw(Kw::Case) && !is_kw(Kw::Otherwise) && !is_kw(Kw::End) && !is(Tok::Eof)) {
    fail(cur(), "Parse error: expected CASE, OTHERWISE or END after SWITCH.");
  }
  bool seen_otherwise = false;
  for (;;) {
    if (is_kw(Kw::Case) && !seen_otherwise) {
      advance();
      Clause c;
      c.cond = expr();
      block(&c.body);
      s->clauses.push_back(std::move(c));
    } else if (is_kw(Kw::Otherwise) && !seen_otherwise) {
      seen_otherwise = true;
      advance();
      block(&s->else_body);
    } else {
      break;
    }
  }
  end_of_block(s->loc);
  terminator(s.get());
  return s;
}

StmtPtr Parser::try_stmt() {
  auto s = make_stmt(StmtKind::TryCatch, loc());
  advance();
  block(&s->body);
  if (is_kw(Kw::Catch)) {
    const int catch_line = cur().line;
    advance();
    if (is(Tok::Ident) && cur().line == catch_line) {
      Tok after = peek().kind;
      if (is_sep(after) || after == Tok::Eof) {
        s->catch_var = std::string(cur().text);
        declare(s->catch_var);
        advance();
      }
    }
    block(&s->else_body);
  }
  end_of_block(s->loc);
  terminator(s.get());
  return s;
}

StmtPtr Parser::names_stmt(StmtKind kind) {
  auto s = make_stmt(kind, loc());
  advance();
  while (is(Tok::Ident)) {
    s->names.emplace_back(cur().text);
    declare(s->names.back());
    advance();
  }
  terminator(s.get());
  return s;
}

// Command syntax: `hold on`, `format long`, `clear x y`. At statement start, a name that is
// not a variable, followed by whitespace and then something other than `(`, `=`, an operator
// followed by whitespace, or the end of the statement.
bool Parser::try_command(StmtPtr* out) {
  const Token name = cur();
  if (scopes_.back().count(std::string(name.text))) return false;
  const std::size_t n = src_.size();
  std::size_t p = name.end;
  if (p >= n || (src_[p] != ' ' && src_[p] != '\t')) return false;
  while (p < n && (src_[p] == ' ' || src_[p] == '\t')) ++p;
  if (p >= n) return false;
  const char c = src_[p];
  const char c1 = p + 1 < n ? src_[p + 1] : '\0';
  if (c == '\n' || c == '\r' || c == ';' || c == ',' || c == '%' || c == '(') return false;
  if (c == '=' && c1 != '=') return false;
  if (c == '.' && c1 == '.') return false;  // continuation
  static constexpr std::string_view kTwo[] = {"==", "~=", "<=", ">=",  "&&",
                                              "||", ".*", "./", ".\\", ".^"};
  std::size_t op_len = 0;
  for (auto op : kTwo) {
    if (src_.compare(p, 2, op) == 0) op_len = 2;
  }
  if (op_len == 0 && std::string_view("+-*/\\^<>&|:~").find(c) != std::string_view::npos) {
    op_len = 1;
  }
  if (op_len > 0) {
    std::size_t a = p + op_len;
    if (a >= n || src_[a] == ' ' || src_[a] == '\t' || src_[a] == '\n' || src_[a] == '\r') {
      return false;  // `a + 1`: an expression
    }
  } else if (c == '.') {
    if (!(c1 >= '0' && c1 <= '9')) return false;  // `a .field` is not a command
  }

  auto s = make_stmt(StmtKind::Command, loc());
  s->text = std::string(name.text);
  std::size_t q = p;
  std::string word;
  bool in_word = false;
  while (q < n) {
    char ch = src_[q];
    if (ch == '\n' || ch == ';' || ch == ',' || ch == '%') break;
    if (ch == ' ' || ch == '\t' || ch == '\r') {
      if (in_word) s->names.push_back(std::move(word));
      word.clear();
      in_word = false;
      ++q;
      continue;
    }
    in_word = true;
    if (ch == '\'') {
      ++q;
      bool closed = false;
      while (q < n && src_[q] != '\n') {
        if (src_[q] == '\'') {
          if (q + 1 < n && src_[q + 1] == '\'') {
            word.push_back('\'');
            q += 2;
            continue;
          }
          closed = true;
          ++q;
          break;
        }
        word.push_back(src_[q++]);
      }
      if (!closed) {
        fail_at(SourceLoc{name.line, name.col + static_cast<int>(p - name.begin)},
                "Character vector is not terminated properly.");
      }
      continue;
    }
    word.push_back(ch);
    ++q;
  }
  if (in_word) s->names.push_back(std::move(word));
  // Re-lex from the end of the command (same line).
  lex_.reset(static_cast<std::uint32_t>(q), name.line, name.col + static_cast<int>(q - name.begin));
  count_ = 0;
  terminator(s.get());
  *out = std::move(s);
  return true;
}

void Parser::skip_arguments_blocks() {
  for (;;) {
    skip_separators();
    if (!(is(Tok::Ident) && cur().text == "arguments")) return;
    Tok after = peek().kind;
    if (after != Tok::Newline && after != Tok::LParen && after != Tok::Semicolon) return;
    const SourceLoc opener = loc();
    advance();
    for (;;) {
      const Token& t = cur();
      if (t.kind == Tok::Eof) fail_at(opener, msg::kMissingEnd);
      if (t.kind == Tok::Error) fail(t, t.error);
      const bool closes = t.kind == Tok::Keyword && t.kw == Kw::End && t.depth == 0;
      advance();  // t is not used past this point (see cur())
      if (closes) break;
    }
  }
}

FunctionDef Parser::function_def(bool nested) {
  DepthGuard g(this);
  FunctionDef f;
  f.loc = loc();
  advance();  // function
  if (is(Tok::LBracket)) {
    advance();
    for (;;) {
      if (is(Tok::Comma)) {
        advance();
      } else if (is(Tok::Ident)) {
        f.outputs.emplace_back(cur().text);
        advance();
      } else if (is(Tok::RBracket)) {
        advance();
        break;
      } else {
        fail_unexpected(cur());
      }
    }
    expect(Tok::Assign, msg::kInvalidExpr);
    if (!is(Tok::Ident)) fail_unexpected(cur());
    f.name = std::string(cur().text);
    advance();
  } else if (is(Tok::Ident)) {
    std::string first(cur().text);
    advance();
    if (is(Tok::Assign)) {
      advance();
      f.outputs.push_back(std::move(first));
      if (!is(Tok::Ident)) fail_unexpected(cur());
      f.name = std::string(cur().text);
      advance();
    } else {
      f.name = std::move(first);
    }
  } else {
    fail_unexpected(cur());
  }
  while (is(Tok::Dot) && peek().kind == Tok::Ident) {  // get.Prop, set.Prop
    advance();
    f.name += '.';
    f.name += cur().text;
    advance();
  }
  if (is(Tok::LParen)) {
    advance();
    if (is(Tok::RParen)) {
      advance();
    } else {
      for (;;) {
        if (is(Tok::Ident)) {
          f.params.emplace_back(cur().text);
        } else if (is(Tok::Tilde)) {
          f.params.emplace_back("~");
        } else {
          fail_unexpected(cur());
        }
        advance();
        if (is(Tok::Comma)) {
          advance();
          continue;
        }
        if (is(Tok::RParen)) {
          advance();
          break;
        }
        fail_unexpected(cur());
      }
    }
  }
  if (!is_sep(cur().kind) && !is(Tok::Eof) && !is_block_end(cur())) fail_unexpected(cur());

  // Nested functions see the parent's variables.
  scopes_.push_back(nested ? scopes_.back() : std::unordered_set<std::string>{});
  for (const auto& p : f.params) declare(p);
  for (const auto& o : f.outputs) declare(o);
  skip_arguments_blocks();
  for (;;) {
    block(&f.body);
    const Token& t = cur();
    if (t.kind == Tok::Keyword && t.kw == Kw::Function) {
      if (!uses_end_) break;  // the next sibling function
      f.nested.push_back(function_def(true));
      continue;
    }
    if (t.kind == Tok::Keyword && t.kw == Kw::End) {
      if (!uses_end_) fail_unexpected(t);
      advance();
      break;
    }
    if (t.kind == Tok::Eof) {
      if (uses_end_) fail_at(f.loc, msg::kMissingEnd);
      break;
    }
    fail_unexpected(t);
  }
  scopes_.pop_back();
  return f;
}

void Parser::functions_section(Program* p) {
  for (;;) {
    skip_separators();
    if (is(Tok::Eof)) return;
    if (is_kw(Kw::Function)) {
      p->functions.push_back(function_def(false));
      continue;
    }
    if (is_block_end(cur())) fail_unexpected(cur());
    fail(cur(), p->is_function_file
                    ? "This statement is not inside any function. (After the END that "
                      "terminates the definition of a function, only comments and other "
                      "function definitions are allowed.)"
                    : "Function definitions in a script must appear at the end of the file.");
  }
}

Program Parser::run() {
  stack_base_ = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
  Program p;
  p.filename = std::string(filename_);
  prescan();
  scopes_.emplace_back();
  if (options_) {
    for (const auto& v : options_->known_variables) declare(v);
  }
  skip_separators();
  if (is(Tok::Ident) && cur().text == "classdef" && cur().space_after) {
    classdef(&p);
    return p;
  }
  if (is_kw(Kw::Function)) {
    p.is_function_file = true;
    functions_section(&p);
    return p;
  }
  block(&p.body);
  if (is_kw(Kw::Function)) {
    functions_section(&p);
    return p;
  }
  if (!is(Tok::Eof)) fail_unexpected(cur());
  return p;
}

}  // namespace runmat::lang
