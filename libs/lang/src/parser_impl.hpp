// Recursive-descent MATLAB parser (private). Expressions: parser_expr.cpp; statements,
// functions and command syntax: parser_stmt.cpp; entry point and errors: parser.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "lexer.hpp"
#include "runmat/lang/ast.hpp"
#include "runmat/lang/parser.hpp"

namespace runmat::lang {

// Thrown on the first error; caught in parse_program.
struct ParseFailure {
  int line;
  int col;
  const char* message;
  std::string owned;  // when the message had to be built
};

inline constexpr int kMaxDepth = 1000;
inline constexpr int kMaxHeight = 4000;  // of an expression tree
// Stack the parser may use, whatever the depth (sanitizer builds have much larger frames):
// deeper input is an error rather than a crash, also on threads with smaller stacks.
inline constexpr std::size_t kMaxStackBytes = std::size_t{2} << 20;

namespace msg {
inline constexpr const char* kInvalidExpr =
    "Invalid expression. Check for missing or extra characters.";
inline constexpr const char* kMissingOp =
    "Invalid expression. Check for missing multiplication operator, missing or unbalanced "
    "delimiters, or other syntax error. To construct matrices, use brackets instead of "
    "parentheses.";
inline constexpr const char* kUnbalanced = "Unbalanced or unexpected parenthesis or bracket.";
inline constexpr const char* kMismatched =
    "Invalid expression. When calling a function or indexing a variable, use parentheses. "
    "Otherwise, check for mismatched delimiters.";
inline constexpr const char* kInvalidOp = "Invalid use of operator.";
inline constexpr const char* kBadAssign =
    "Incorrect use of '=' operator. To assign a value to a variable, use '='. To compare "
    "values for equality, use '=='.";
inline constexpr const char* kMissingEnd =
    "At least one END is missing: the statement may begin here.";
inline constexpr const char* kBadLhs =
    "Invalid left-hand side of assignment: use a variable, an indexed or field expression, "
    "or [a, b] of them.";
inline constexpr const char* kTooDeep =
    "Nesting is too deep: simplify the expression or statement.";
}  // namespace msg

class Parser {
 public:
  Parser(std::string_view src, std::string_view filename, const ParseOptions* options)
      : src_(src), filename_(filename), lex_(src), options_(options) {}
  Program run();

 private:
  // ---- tokens ----
  // The references returned by cur(), peek() and at() point into the ring buffer: use them
  // only until the next advance() (or lexer reset); copy what is needed past it.
  const Token& cur() { return at(0); }
  const Token& peek(int k = 1) { return at(k); }
  const Token& at(int k) {
    while (count_ <= k) {
      ring_[(head_ + count_) % kRing] = lex_.next();
      ++count_;
    }
    return ring_[(head_ + k) % kRing];
  }
  void advance() {
    at(0);
    head_ = (head_ + 1) % kRing;
    --count_;
  }
  bool is(Tok k) { return cur().kind == k; }
  bool is_kw(Kw k) { return cur().kind == Tok::Keyword && cur().kw == k; }
  SourceLoc loc() { return SourceLoc{cur().line, cur().col}; }
  void expect(Tok k, const char* message);

  [[noreturn]] void fail(const Token& t, const char* message);
  [[noreturn]] void fail_at(SourceLoc l, const char* message);
  [[noreturn]] void fail_unexpected(const Token& t);  // a message that fits the token

  struct DepthGuard {
    explicit DepthGuard(Parser* p) : p_(p) {
      if (++p_->depth_ > kMaxDepth || p_->stack_used() > kMaxStackBytes) {
        p_->fail(p_->cur(), msg::kTooDeep);
      }
    }
    ~DepthGuard() { --p_->depth_; }
    Parser* p_;
  };

  std::size_t stack_used() const {
    auto here = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
    return stack_base_ > here ? stack_base_ - here : here - stack_base_;
  }

  // ---- expressions (parser_expr.cpp) ----
  ExprPtr expr(ExprPtr pre = nullptr);
  ExprPtr binary(int min_prec, ExprPtr pre);
  ExprPtr unary(ExprPtr pre);
  ExprPtr power(ExprPtr pre);
  ExprPtr power_operand();
  ExprPtr postfix(ExprPtr pre);
  ExprPtr primary(bool* chainable);
  ExprPtr matrix(bool allow_placeholder, SourceLoc* placeholder);
  ExprPtr anon_or_handle();
  void call_args(Tok close, std::vector<ExprPtr>* out);
  ExprPtr literal(const Token& t);
  ExprPtr seal(ExprPtr e);

  // ---- statements (parser_stmt.cpp) ----
  void prescan();
  void skip_separators();
  void block(Block* out);
  StmtPtr statement();
  StmtPtr expr_statement();
  StmtPtr if_stmt();
  StmtPtr for_stmt();
  StmtPtr while_stmt();
  StmtPtr switch_stmt();
  StmtPtr try_stmt();
  StmtPtr names_stmt(StmtKind kind);
  bool try_command(StmtPtr* out);
  void terminator(Stmt* s);
  void end_of_block(SourceLoc opener);
  FunctionDef function_def(bool nested);
  void classdef(Program* p);
  std::string paren_text();  // (attributes) verbatim, consumed; empty when no '('
  void skip_to_line_end();
  void skip_arguments_blocks();
  void functions_section(Program* p);
  void check_lvalue(const Expr* e, SourceLoc at);
  void declare(const std::string& name) {
    if (!scopes_.empty()) scopes_.back().insert(name);
  }
  void declare_lhs(const Expr* e);

  std::string_view src_;
  std::string_view filename_;
  Lexer lex_;
  const ParseOptions* options_;
  static constexpr int kRing = 8;
  Token ring_[kRing];
  int head_ = 0;
  int count_ = 0;

  int depth_ = 0;
  std::uintptr_t stack_base_ = 0;
  bool ws_ = false;        // inside [] or {}: whitespace separates elements
  int end_ok_ = 0;         // inside index arguments: `end` is an expression
  bool uses_end_ = false;  // functions of this file are terminated by `end`
  std::vector<std::unordered_set<std::string>> scopes_;  // assigned names (command syntax)
};

}  // namespace runmat::lang
