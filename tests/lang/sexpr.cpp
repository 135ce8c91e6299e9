#include "sexpr.hpp"

#include <catch2/catch.hpp>
#include <cstdio>

namespace runmat::lang::test {
namespace {

const char* bop_name(BinOp op) {
  switch (op) {
    case BinOp::Add:
      return "+";
    case BinOp::Sub:
      return "-";
    case BinOp::MatMul:
      return "*";
    case BinOp::MatDiv:
      return "/";
    case BinOp::MatLDiv:
      return "\\";
    case BinOp::MatPow:
      return "^";
    case BinOp::ElemMul:
      return ".*";
    case BinOp::ElemDiv:
      return "./";
    case BinOp::ElemLDiv:
      return ".\\";
    case BinOp::ElemPow:
      return ".^";
    case BinOp::Eq:
      return "==";
    case BinOp::Ne:
      return "~=";
    case BinOp::Lt:
      return "<";
    case BinOp::Le:
      return "<=";
    case BinOp::Gt:
      return ">";
    case BinOp::Ge:
      return ">=";
    case BinOp::ElemAnd:
      return "&";
    case BinOp::ElemOr:
      return "|";
    case BinOp::AndAnd:
      return "&&";
    case BinOp::OrOr:
      return "||";
  }
  return "?";
}

const char* uop_name(UnOp op) {
  switch (op) {
    case UnOp::Neg:
      return "neg";
    case UnOp::Plus:
      return "uplus";
    case UnOp::Not:
      return "not";
    case UnOp::Transpose:
      return ".'";
    case UnOp::CTranspose:
      return "'";
  }
  return "?";
}

std::string args_from(const Expr* e, std::size_t first) {
  std::string s;
  for (std::size_t i = first; i < e->args.size(); ++i) s += " " + sexpr(e->args[i].get());
  return s;
}

std::string rows(const Expr* e, char open, char close) {
  std::string s(1, open);
  for (std::size_t r = 0; r < e->rows.size(); ++r) {
    if (r) s += "; ";
    for (std::size_t c = 0; c < e->rows[r].size(); ++c) {
      if (c) s += " ";
      s += sexpr(e->rows[r][c].get());
    }
  }
  s += close;
  return s;
}

}  // namespace

std::string sexpr(const Expr* e) {
  if (!e) return "~";
  switch (e->kind) {
    case ExprKind::Number: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", e->number);
      std::string s = buf;
      if (e->imaginary) s += "i";
      if (!e->int_suffix.empty()) s += e->int_suffix;
      return s;
    }
    case ExprKind::CharLit:
      return "'" + e->text + "'";
    case ExprKind::StringLit:
      return "\"" + e->text + "\"";
    case ExprKind::Ident:
      return e->text;
    case ExprKind::Colon:
      return ":";
    case ExprKind::End:
      return "end";
    case ExprKind::Unary:
      return std::string("(") + uop_name(e->uop) + args_from(e, 0) + ")";
    case ExprKind::Binary:
      return std::string("(") + bop_name(e->bop) + args_from(e, 0) + ")";
    case ExprKind::Range:
      return "(:" + args_from(e, 0) + ")";
    case ExprKind::Index:
      return "(() " + sexpr(e->args[0].get()) + args_from(e, 1) + ")";
    case ExprKind::CellIndex:
      return "({} " + sexpr(e->args[0].get()) + args_from(e, 1) + ")";
    case ExprKind::Field:
      return "(. " + sexpr(e->args[0].get()) + " " + e->text + ")";
    case ExprKind::DynField:
      return "(.() " + sexpr(e->args[0].get()) + args_from(e, 1) + ")";
    case ExprKind::Matrix:
      return rows(e, '[', ']');
    case ExprKind::Cell:
      return rows(e, '{', '}');
    case ExprKind::FuncHandle:
      return "@" + e->text;
    case ExprKind::AnonFunc: {
      std::string s = "(@ (";
      for (std::size_t i = 0; i < e->params.size(); ++i) s += (i ? " " : "") + e->params[i];
      return s + ")" + args_from(e, 0) + ")";
    }
  }
  return "?";
}

std::string sexpr(const Block& b) {
  std::string s;
  for (const auto& st : b) {
    if (!s.empty()) s += " ";
    s += sexpr(*st);
  }
  return s;
}

std::string sexpr(const Stmt& st) {
  const std::string semi = st.print_result ? "" : ";";
  switch (st.kind) {
    case StmtKind::Expr:
      return sexpr(st.expr.get()) + semi;
    case StmtKind::Assign: {
      std::string l;
      if (st.lhs.size() == 1) {
        l = sexpr(st.lhs[0].get());
      } else {
        l = "[";
        for (std::size_t i = 0; i < st.lhs.size(); ++i)
          l += (i ? " " : "") + sexpr(st.lhs[i].get());
        l += "]";
      }
      return "(= " + l + " " + sexpr(st.expr.get()) + ")" + semi;
    }
    case StmtKind::If: {
      std::string s = "(if";
      for (const auto& c : st.clauses) s += " (" + sexpr(c.cond.get()) + " " + sexpr(c.body) + ")";
      if (!st.else_body.empty()) s += " (else " + sexpr(st.else_body) + ")";
      return s + ")";
    }
    case StmtKind::For:
      return "(for " + st.for_var + " " + sexpr(st.expr.get()) + " " + sexpr(st.body) + ")";
    case StmtKind::While:
      return "(while " + sexpr(st.clauses[0].cond.get()) + " " + sexpr(st.clauses[0].body) + ")";
    case StmtKind::Switch: {
      std::string s = "(switch " + sexpr(st.expr.get());
      for (const auto& c : st.clauses)
        s += " (case " + sexpr(c.cond.get()) + " " + sexpr(c.body) + ")";
      if (!st.else_body.empty()) s += " (otherwise " + sexpr(st.else_body) + ")";
      return s + ")";
    }
    case StmtKind::TryCatch:
      return "(try (" + sexpr(st.body) + ") catch" +
             (st.catch_var.empty() ? "" : " " + st.catch_var) + " (" + sexpr(st.else_body) + "))";
    case StmtKind::Break:
      return "break" + semi;
    case StmtKind::Continue:
      return "continue" + semi;
    case StmtKind::Return:
      return "return" + semi;
    case StmtKind::Global:
    case StmtKind::Persistent:
    case StmtKind::Command: {
      std::string s = st.kind == StmtKind::Global       ? "(global"
                      : st.kind == StmtKind::Persistent ? "(persistent"
                                                        : "(cmd " + st.text;
      for (const auto& n : st.names) s += " " + n;
      return s + ")" + semi;
    }
  }
  return "?";
}

std::string sexpr(const FunctionDef& f) {
  std::string s = "(function [";
  for (std::size_t i = 0; i < f.outputs.size(); ++i) s += (i ? " " : "") + f.outputs[i];
  s += "] " + f.name + " (";
  for (std::size_t i = 0; i < f.params.size(); ++i) s += (i ? " " : "") + f.params[i];
  s += ") " + sexpr(f.body);
  for (const auto& n : f.nested) s += " " + sexpr(n);
  return s + ")";
}

std::string P(std::string_view src) {
  ParseResult r = parse_program(src, "test.m");
  INFO(src);
  INFO(r.error.format());
  REQUIRE(r.ok);
  return sexpr(r.program.body);
}

std::string E(std::string_view src) {
  ParseResult r = parse_program(src, "test.m");
  INFO(src);
  INFO(r.error.format());
  REQUIRE(r.ok);
  REQUIRE(r.program.body.size() == 1);
  REQUIRE(r.program.body[0]->kind == StmtKind::Expr);
  return sexpr(r.program.body[0]->expr.get());
}

ParseError Err(std::string_view src) {
  ParseResult r = parse_program(src, "test.m");
  INFO(src);
  REQUIRE_FALSE(r.ok);
  return r.error;
}

}  // namespace runmat::lang::test
