// The abstract syntax tree the parser produces and the bytecode compiler consumes.
//
// One node type per syntactic category (Expr, Stmt) with a kind tag, rather than a class
// hierarchy: the compiler walks it with a switch, as Lua's single-pass compiler does, and the
// parser builds it without allocating visitor machinery.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace runmat::lang {

struct SourceLoc {
  int line = 0;  // 1-based
  int col = 0;   // 1-based
};

enum class BinOp {
  Add,
  Sub,
  MatMul,
  MatDiv,
  MatLDiv,
  MatPow,  // *  /  \  ^
  ElemMul,
  ElemDiv,
  ElemLDiv,
  ElemPow,  // .* ./ .\ .^
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
  ElemAnd,
  ElemOr,  // &  |
  AndAnd,
  OrOr  // && || (short-circuit)
};

enum class UnOp {
  Neg,
  Plus,
  Not,
  Transpose,  // .'
  CTranspose  // '
};

enum class ExprKind {
  Number,      // number (+ imaginary flag)
  CharLit,     // 'text'  -> char row vector
  StringLit,   // "text"  -> string scalar
  Ident,       // text = name
  Colon,       // a bare ':' used as an index (x(:), x(:,1))
  End,         // 'end' inside an index expression
  Unary,       // uop, args[0]
  Binary,      // bop, args[0], args[1]
  Range,       // args = {start, stop} or {start, step, stop}
  Index,       // args[0] = base, args[1..] = arguments: x(1,2) or f(a,b) (resolved later)
  CellIndex,   // args[0] = base, args[1..] = arguments: c{1}
  Field,       // args[0] = base, text = field name: s.a
  DynField,    // args[0] = base, args[1] = name expression: s.(name)
  Matrix,      // rows: [a b; c d]
  Cell,        // rows: {a b; c d}
  FuncHandle,  // text = function name: @sin
  AnonFunc     // params = parameter names, args[0] = body: @(x) x.^2
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  ExprKind kind = ExprKind::Number;
  SourceLoc loc;
  double number = 0.0;
  bool imaginary = false;  // Number: 3i
  std::string text;        // Ident, CharLit, StringLit, Field, FuncHandle
  BinOp bop = BinOp::Add;
  UnOp uop = UnOp::Neg;
  std::vector<ExprPtr> args;
  std::vector<std::vector<ExprPtr>> rows;  // Matrix, Cell
  std::vector<std::string> params;         // AnonFunc
  // Number from a hex/binary literal (0x1F, 0b101u8, 0xFFs8): the integer class as a suffix
  // ("u8".."u64", "s8".."s64"; the smallest unsigned class that fits when none was written)
  // and the exact value (two's complement reinterpretation applied for sNN). Empty for doubles.
  std::string int_suffix;
  std::int64_t int_value = 0;    // sNN classes
  std::uint64_t uint_value = 0;  // uNN classes
  int height = 1;  // of this subtree; the parser bounds it, so recursive walks are safe
};

enum class StmtKind {
  Expr,      // expr; display unless semicolon
  Assign,    // lhs = rhs; lhs.size() > 1 for [a,b] = f(...)
  If,        // clauses (cond, body) + else_body
  For,       // for_var = expr; body
  While,     // cond; body
  Switch,    // subject = expr; cases (cond = case value, body) + else_body (otherwise)
  TryCatch,  // body; catch_var (may be empty); else_body = catch block
  Break,
  Continue,
  Return,
  Global,      // names
  Persistent,  // names
  Command      // command syntax: text = command name, names = word arguments (hold on)
};

struct Stmt;
using StmtPtr = std::unique_ptr<Stmt>;
using Block = std::vector<StmtPtr>;

struct Clause {
  ExprPtr cond;  // null for else/otherwise
  Block body;
};

struct Stmt {
  StmtKind kind = StmtKind::Expr;
  SourceLoc loc;
  bool print_result = false;       // no terminating semicolon: display the result
  ExprPtr expr;                    // Expr: the expression; Assign: rhs; For: range; Switch: subject
  std::vector<ExprPtr> lhs;        // Assign targets (Ident / Index / CellIndex / Field chains);
                                   // a null entry is a `~` placeholder output
  bool bracket_lhs = false;        // Assign: targets written in [ ] ([p.y] = f(): nargout from
                                   // the comma-separated list p.y addresses, not 1)
  std::string for_var;             // For
  std::vector<Clause> clauses;     // If (if + elseifs), Switch (cases), While (one clause)
  Block body;                      // For, TryCatch try-block
  Block else_body;                 // If else, Switch otherwise, TryCatch catch-block
  std::string catch_var;           // TryCatch
  std::string text;                // Command name
  std::vector<std::string> names;  // Global/Persistent names, Command words
};

struct FunctionDef {
  std::string name;
  SourceLoc loc;
  std::vector<std::string> params;   // may end with "varargin"
  std::vector<std::string> outputs;  // may end with "varargout"
  Block body;
  std::vector<FunctionDef> nested;  // nested functions (share the parent's variables)
};

// A classdef file. Parsed so that its syntax is checked and its parts are available; the
// bytecode compiler does not support classes yet. Attributes are kept verbatim.
struct PropertyDef {
  std::string name;
  SourceLoc loc;
  ExprPtr default_value;   // null when none; size/class/validators are skipped
  std::string attributes;  // of its properties block: "Access = private, Constant"
};

struct ClassDef {
  std::string name;
  SourceLoc loc;
  std::string attributes;                 // classdef (Sealed) Name
  std::vector<std::string> superclasses;  // classdef A < B & pkg.C
  std::vector<PropertyDef> properties;
  std::vector<FunctionDef> methods;            // set.X / get.X keep their dotted name
  std::vector<std::string> method_attributes;  // parallel to methods: their block's attributes
  std::vector<std::string> events;
  std::vector<std::string> enumeration;  // member names (constructor arguments skipped)
};

// A parsed .m file: a script (statements, optionally followed by local functions) or a
// function file (no top-level statements; the first function is the entry point).
struct Program {
  std::string filename;
  bool is_function_file = false;
  bool is_classdef = false;  // classdef file: `classes` holds the class
  std::vector<ClassDef> classes;
  Block body;
  std::vector<FunctionDef> functions;
};

}  // namespace runmat::lang
