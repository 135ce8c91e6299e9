#include "runmat/lang/unparse.hpp"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace runmat::lang {
namespace {

const char* binop_text(BinOp op) {
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

// Binding strength, higher binds tighter (MATLAB's precedence table).
int precedence(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Binary:
      switch (e.bop) {
        case BinOp::OrOr:
          return 1;
        case BinOp::AndAnd:
          return 2;
        case BinOp::ElemOr:
          return 3;
        case BinOp::ElemAnd:
          return 4;
        case BinOp::Eq:
        case BinOp::Ne:
        case BinOp::Lt:
        case BinOp::Le:
        case BinOp::Gt:
        case BinOp::Ge:
          return 5;
        case BinOp::Add:
        case BinOp::Sub:
          return 7;
        case BinOp::MatPow:
        case BinOp::ElemPow:
          return 10;
        default:
          return 8;
      }
    case ExprKind::Range:
      return 6;
    case ExprKind::Unary:
      return e.uop == UnOp::Transpose || e.uop == UnOp::CTranspose ? 11 : 9;
    default:
      return 12;
  }
}

std::string number_text(double d) {
  if (d == static_cast<double>(static_cast<long long>(d)) && d < 1e15 && d > -1e15) {
    return absl::StrCat(static_cast<long long>(d));
  }
  return absl::StrFormat("%.15g", d);
}

std::string list(const std::vector<ExprPtr>& args, size_t from) {
  std::string out;
  for (size_t i = from; i < args.size(); ++i) {
    if (i > from) out += ",";
    out += unparse_compact(*args[i]);
  }
  return out;
}

std::string rows_text(const std::vector<std::vector<ExprPtr>>& rows) {
  std::string out;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (r) out += ";";
    out += list(rows[r], 0);
  }
  return out;
}

std::string wrap(const Expr& e, int min_prec) {
  std::string t = unparse_compact(e);
  return precedence(e) < min_prec ? absl::StrCat("(", t, ")") : t;
}

}  // namespace

std::string unparse_compact(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Number:
      return absl::StrCat(number_text(e.number), e.imaginary ? "i" : "");
    case ExprKind::CharLit: {
      std::string t;
      for (char c : e.text) t += c == '\'' ? std::string("''") : std::string(1, c);
      return absl::StrCat("'", t, "'");
    }
    case ExprKind::StringLit: {
      std::string t;
      for (char c : e.text) t += c == '"' ? std::string("\"\"") : std::string(1, c);
      return absl::StrCat("\"", t, "\"");
    }
    case ExprKind::Ident:
      return e.text;
    case ExprKind::Colon:
      return ":";
    case ExprKind::End:
      return "end";
    case ExprKind::Unary: {
      const int p = precedence(e);
      if (e.uop == UnOp::Transpose) return absl::StrCat(wrap(*e.args[0], p), ".'");
      if (e.uop == UnOp::CTranspose) return absl::StrCat(wrap(*e.args[0], p), "'");
      const char* op = e.uop == UnOp::Neg ? "-" : e.uop == UnOp::Plus ? "+" : "~";
      return absl::StrCat(op, wrap(*e.args[0], p));
    }
    case ExprKind::Binary: {
      const int p = precedence(e);
      // Left-associative: the right operand needs parentheses at equal precedence.
      return absl::StrCat(wrap(*e.args[0], p), binop_text(e.bop), wrap(*e.args[1], p + 1));
    }
    case ExprKind::Range: {
      std::string out;
      for (size_t i = 0; i < e.args.size(); ++i) {
        if (i) out += ":";
        out += wrap(*e.args[i], 7);
      }
      return out;
    }
    case ExprKind::Index:
      return absl::StrCat(wrap(*e.args[0], 12), "(", list(e.args, 1), ")");
    case ExprKind::CellIndex:
      return absl::StrCat(wrap(*e.args[0], 12), "{", list(e.args, 1), "}");
    case ExprKind::Field:
      return absl::StrCat(wrap(*e.args[0], 12), ".", e.text);
    case ExprKind::DynField:
      return absl::StrCat(wrap(*e.args[0], 12), ".(", unparse_compact(*e.args[1]), ")");
    case ExprKind::Matrix:
      return absl::StrCat("[", rows_text(e.rows), "]");
    case ExprKind::Cell:
      return absl::StrCat("{", rows_text(e.rows), "}");
    case ExprKind::FuncHandle:
      return absl::StrCat("@", e.text);
    case ExprKind::AnonFunc: {
      std::string params;
      for (size_t i = 0; i < e.params.size(); ++i) {
        if (i) params += ",";
        params += e.params[i];
      }
      return absl::StrCat("@(", params, ")", unparse_compact(*e.args[0]));
    }
  }
  return "";
}

}  // namespace runmat::lang
