// Expressions: precedence climbing over the binary levels, then unary, power/transpose,
// postfix indexing chains and primaries. Inside [] and {} (ws_), whitespace separates elements:
// `[1 -2]` is two elements, `[1 - 2]` one, `[a (1)]` two, `[a(1)]` one.
#include <utility>

#include "parser_impl.hpp"

namespace runmat::lang {
namespace {

ExprPtr make(ExprKind kind, SourceLoc loc) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->loc = loc;
  return e;
}

// Binary precedence (0 = not a binary operator). Low to high:
// || && | & comparisons : +- and the multiplicative operators.
int binary_prec(Tok k, BinOp* op) {
  switch (k) {
    case Tok::BarBar:
      *op = BinOp::OrOr;
      return 1;
    case Tok::AmpAmp:
      *op = BinOp::AndAnd;
      return 2;
    case Tok::Bar:
      *op = BinOp::ElemOr;
      return 3;
    case Tok::Amp:
      *op = BinOp::ElemAnd;
      return 4;
    case Tok::EqEq:
      *op = BinOp::Eq;
      return 5;
    case Tok::NotEq:
      *op = BinOp::Ne;
      return 5;
    case Tok::Lt:
      *op = BinOp::Lt;
      return 5;
    case Tok::Le:
      *op = BinOp::Le;
      return 5;
    case Tok::Gt:
      *op = BinOp::Gt;
      return 5;
    case Tok::Ge:
      *op = BinOp::Ge;
      return 5;
    case Tok::Colon:
      return 6;
    case Tok::Plus:
      *op = BinOp::Add;
      return 7;
    case Tok::Minus:
      *op = BinOp::Sub;
      return 7;
    case Tok::Star:
      *op = BinOp::MatMul;
      return 8;
    case Tok::Slash:
      *op = BinOp::MatDiv;
      return 8;
    case Tok::Backslash:
      *op = BinOp::MatLDiv;
      return 8;
    case Tok::DotStar:
      *op = BinOp::ElemMul;
      return 8;
    case Tok::DotSlash:
      *op = BinOp::ElemDiv;
      return 8;
    case Tok::DotBackslash:
      *op = BinOp::ElemLDiv;
      return 8;
    default:
      return 0;
  }
}
constexpr int kRangePrec = 6;

bool unary_op(Tok k, UnOp* op) {
  switch (k) {
    case Tok::Plus:
      *op = UnOp::Plus;
      return true;
    case Tok::Minus:
      *op = UnOp::Neg;
      return true;
    case Tok::Tilde:
      *op = UnOp::Not;
      return true;
    default:
      return false;
  }
}

std::string unescape(std::string_view body, char q) {
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    out.push_back(body[i]);
    if (body[i] == q && i + 1 < body.size() && body[i + 1] == q) ++i;
  }
  return out;
}

}  // namespace

// Records the subtree height; trees taller than kMaxHeight (a 100000-term sum) are an error,
// so that recursive walks (the compiler's, and ~Expr itself) stay within the stack.
ExprPtr Parser::seal(ExprPtr e) {
  int h = 0;
  for (const auto& a : e->args) {
    if (a && a->height > h) h = a->height;
  }
  for (const auto& row : e->rows) {
    for (const auto& a : row) {
      if (a && a->height > h) h = a->height;
    }
  }
  e->height = h + 1;
  if (e->height > kMaxHeight) fail_at(e->loc, msg::kTooDeep);
  return e;
}

ExprPtr Parser::expr(ExprPtr pre) {
  DepthGuard g(this);
  return binary(1, std::move(pre));
}

ExprPtr Parser::binary(int min_prec, ExprPtr pre) {
  ExprPtr lhs = unary(std::move(pre));
  for (;;) {
    const Token& t = cur();
    BinOp op = BinOp::Add;
    const int prec = binary_prec(t.kind, &op);
    if (prec == 0 || prec < min_prec) break;
    // `[1 -2]`: a sign with space before and none after starts the next element.
    if (ws_ && (t.kind == Tok::Plus || t.kind == Tok::Minus) && t.space_before && !t.space_after) {
      break;
    }
    const SourceLoc at{t.line, t.col};
    const bool is_range = t.kind == Tok::Colon;
    advance();
    if (is_range) {
      auto r = make(ExprKind::Range, lhs->loc);
      r->args.push_back(std::move(lhs));
      r->args.push_back(binary(prec + 1, nullptr));
      if (is(Tok::Colon)) {
        advance();
        r->args.push_back(binary(prec + 1, nullptr));
      }
      lhs = seal(std::move(r));
      continue;
    }
    auto b = make(ExprKind::Binary, at);
    b->bop = op;
    b->args.push_back(std::move(lhs));
    b->args.push_back(binary(prec + 1, nullptr));
    lhs = seal(std::move(b));
  }
  return lhs;
}

ExprPtr Parser::unary(ExprPtr pre) {
  UnOp op;
  if (!pre && unary_op(cur().kind, &op)) {
    DepthGuard g(this);
    auto u = make(ExprKind::Unary, loc());
    u->uop = op;
    advance();
    u->args.push_back(unary(nullptr));
    return seal(std::move(u));
  }
  return power(std::move(pre));
}

ExprPtr Parser::power(ExprPtr pre) {
  ExprPtr lhs = postfix(std::move(pre));
  for (;;) {
    const Tok k = cur().kind;
    if (k == Tok::Quote || k == Tok::DotQuote) {
      auto u = make(ExprKind::Unary, loc());
      u->uop = k == Tok::Quote ? UnOp::CTranspose : UnOp::Transpose;
      u->args.push_back(std::move(lhs));
      lhs = seal(std::move(u));
      advance();
    } else if (k == Tok::Caret || k == Tok::DotCaret) {
      auto b = make(ExprKind::Binary, loc());
      b->bop = k == Tok::Caret ? BinOp::MatPow : BinOp::ElemPow;
      advance();
      b->args.push_back(std::move(lhs));
      b->args.push_back(power_operand());
      lhs = seal(std::move(b));
    } else {
      break;
    }
  }
  return lhs;
}

// The right operand of ^: unary operators bind to it (2^-1), then one postfix primary
// (2^3^2 is (2^3)^2).
ExprPtr Parser::power_operand() {
  UnOp op;
  if (unary_op(cur().kind, &op)) {
    DepthGuard g(this);
    auto u = make(ExprKind::Unary, loc());
    u->uop = op;
    advance();
    u->args.push_back(power_operand());
    return seal(std::move(u));
  }
  return postfix(nullptr);
}

ExprPtr Parser::postfix(ExprPtr pre) {
  bool chainable = false;
  ExprPtr e = pre ? std::move(pre) : primary(&chainable);
  while (chainable) {
    const Token& t = cur();
    if (t.kind == Tok::LParen || t.kind == Tok::LBrace) {
      if (ws_ && t.space_before) break;  // [a (1)]: a new element
      const bool cell = t.kind == Tok::LBrace;
      auto ix = make(cell ? ExprKind::CellIndex : ExprKind::Index, e->loc);
      ix->args.push_back(std::move(e));
      call_args(cell ? Tok::RBrace : Tok::RParen, &ix->args);
      e = seal(std::move(ix));
    } else if (t.kind == Tok::Dot) {
      if (ws_ && t.space_before) break;
      advance();
      const Token& n = cur();
      if (n.kind == Tok::Ident || n.kind == Tok::Keyword) {
        auto f = make(ExprKind::Field, e->loc);
        f->text = std::string(n.text);
        f->args.push_back(std::move(e));
        e = seal(std::move(f));
        advance();
      } else if (n.kind == Tok::LParen) {
        auto f = make(ExprKind::DynField, e->loc);
        f->args.push_back(std::move(e));
        advance();
        const bool saved_ws = ws_;
        ws_ = false;
        f->args.push_back(expr());
        ws_ = saved_ws;
        expect(Tok::RParen, msg::kUnbalanced);
        e = seal(std::move(f));
      } else {
        fail_unexpected(n);
      }
    } else {
      break;
    }
  }
  return e;
}

void Parser::call_args(Tok close, std::vector<ExprPtr>* out) {
  const SourceLoc open = loc();
  advance();
  const bool saved_ws = ws_;
  ws_ = false;
  ++end_ok_;
  if (is(close)) {
    advance();
  } else {
    for (;;) {
      const Token& t = cur();
      if (t.kind == Tok::Colon && (peek().kind == Tok::Comma || peek().kind == close)) {
        out->push_back(make(ExprKind::Colon, loc()));
        advance();
      } else if (t.kind == Tok::Ident && close == Tok::RParen && peek().kind == Tok::Assign) {
        // Name=value argument (R2021a): f(Name=1) is f("Name", 1).
        auto name = make(ExprKind::StringLit, loc());
        name->text = std::string(t.text);
        out->push_back(std::move(name));
        advance();
        advance();
        out->push_back(expr());
      } else {
        out->push_back(expr());
      }
      if (is(Tok::Comma)) {
        advance();
        continue;
      }
      if (is(close)) {
        advance();
        break;
      }
      const Token& bad = cur();
      if (bad.kind == Tok::Eof || bad.kind == Tok::Newline) {
        fail_at(open, msg::kMismatched);
      }
      fail_unexpected(bad);
    }
  }
  --end_ok_;
  ws_ = saved_ws;
}

ExprPtr Parser::literal(const Token& t) {
  ExprKind k = t.kind == Tok::Number    ? ExprKind::Number
               : t.kind == Tok::CharLit ? ExprKind::CharLit
                                        : ExprKind::StringLit;
  auto e = make(k, SourceLoc{t.line, t.col});
  if (k == ExprKind::Number) {
    e->number = t.number;
    e->imaginary = t.imaginary;
    if (!t.int_suffix.empty()) {
      e->int_suffix = std::string(t.int_suffix);
      e->uint_value = t.int_bits;
      e->int_value = static_cast<std::int64_t>(t.number);
      if (e->int_suffix == "s64") e->int_value = static_cast<std::int64_t>(t.int_bits);
    }
  } else {
    e->text = unescape(t.text, k == ExprKind::CharLit ? '\'' : '"');
  }
  return e;
}

ExprPtr Parser::primary(bool* chainable) {
  const Token& t = cur();
  switch (t.kind) {
    case Tok::Number:
    case Tok::CharLit:
    case Tok::StringLit: {
      auto e = literal(t);
      advance();
      return e;
    }
    case Tok::Ident: {
      auto e = make(ExprKind::Ident, loc());
      e->text = std::string(t.text);
      const std::uint32_t name_end = t.end;
      advance();
      // obj@Base(args) / method@Base(obj, ...): a superclass call, kept as one name
      // "obj@Base" (no space around `@`; Base may be dotted).
      if (is(Tok::At) && cur().begin == name_end && peek().kind == Tok::Ident) {
        advance();
        e->text += '@';
        e->text += cur().text;
        advance();
        while (is(Tok::Dot) && peek().kind == Tok::Ident) {
          advance();
          e->text += '.';
          e->text += cur().text;
          advance();
        }
      }
      *chainable = true;
      return e;
    }
    case Tok::LParen: {
      const SourceLoc open = loc();
      advance();
      const bool saved_ws = ws_;
      ws_ = false;
      ExprPtr e = expr();
      ws_ = saved_ws;
      if (!is(Tok::RParen)) {
        if (is(Tok::Eof) || is(Tok::Newline)) fail_at(open, msg::kMismatched);
        fail_unexpected(cur());
      }
      advance();
      return e;
    }
    case Tok::LBracket:
    case Tok::LBrace:
      return matrix(false, nullptr);
    case Tok::At:
      return anon_or_handle();
    case Tok::Keyword:
      if (t.kw == Kw::End && end_ok_ > 0) {
        auto e = make(ExprKind::End, loc());
        advance();
        return e;
      }
      fail_unexpected(t);
    default:
      fail_unexpected(t);
  }
}

ExprPtr Parser::anon_or_handle() {
  DepthGuard g(this);
  const SourceLoc at = loc();
  advance();  // @
  if (is(Tok::Ident)) {
    auto h = make(ExprKind::FuncHandle, at);
    h->text = std::string(cur().text);
    advance();
    while (is(Tok::Dot) && (peek().kind == Tok::Ident || peek().kind == Tok::Keyword)) {
      advance();
      h->text += '.';
      h->text += cur().text;
      advance();
    }
    return h;
  }
  if (!is(Tok::LParen)) fail_unexpected(cur());
  auto a = make(ExprKind::AnonFunc, at);
  advance();
  const bool saved_ws = ws_;
  ws_ = false;
  if (is(Tok::RParen)) {
    advance();
  } else {
    for (;;) {
      if (is(Tok::Ident)) {
        a->params.emplace_back(cur().text);
      } else if (is(Tok::Tilde)) {
        a->params.emplace_back("~");
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
  ws_ = saved_ws;
  const int saved_end = end_ok_;
  end_ok_ = 0;
  a->args.push_back(expr());
  end_ok_ = saved_end;
  return seal(std::move(a));
}

ExprPtr Parser::matrix(bool allow_placeholder, SourceLoc* placeholder) {
  DepthGuard g(this);
  const SourceLoc open = loc();
  const bool cell = cur().kind == Tok::LBrace;
  const Tok close = cell ? Tok::RBrace : Tok::RBracket;
  auto m = make(cell ? ExprKind::Cell : ExprKind::Matrix, loc());
  advance();
  const bool saved_ws = ws_;
  ws_ = true;
  std::vector<ExprPtr> row;
  bool after_comma = false;
  for (;;) {
    const Token& t = cur();
    if (t.kind == close) {
      advance();
      break;
    }
    switch (t.kind) {
      case Tok::Comma:
        if (row.empty() || after_comma) fail(t, msg::kInvalidExpr);
        after_comma = true;
        advance();
        continue;
      case Tok::Semicolon:
      case Tok::Newline:
        if (!row.empty()) m->rows.push_back(std::move(row));
        row.clear();
        after_comma = false;
        advance();
        continue;
      case Tok::Eof:
        fail_at(open, msg::kMismatched);
      case Tok::RParen:
      case Tok::RBracket:
      case Tok::RBrace:
        fail(t, msg::kUnbalanced);
      default:
        break;
    }
    if (!row.empty() && !after_comma && !t.space_before) fail(t, msg::kMissingOp);
    if (allow_placeholder && t.kind == Tok::Tilde &&
        (peek().kind == Tok::Comma || peek().kind == close)) {
      if (placeholder->line == 0) *placeholder = loc();
      row.push_back(nullptr);
      advance();
    } else {
      row.push_back(expr());
    }
    after_comma = false;
  }
  if (!row.empty()) m->rows.push_back(std::move(row));
  ws_ = saved_ws;
  return seal(std::move(m));
}

}  // namespace runmat::lang
