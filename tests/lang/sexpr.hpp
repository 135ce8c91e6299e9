// Compact S-expression rendering of the AST, for tests.
#pragma once

#include <string>
#include <string_view>

#include "runmat/lang/ast.hpp"
#include "runmat/lang/parser.hpp"

namespace runmat::lang::test {

std::string sexpr(const Expr* e);
std::string sexpr(const Stmt& s);
std::string sexpr(const Block& b);
std::string sexpr(const FunctionDef& f);

// Parses `src` (must succeed) and renders the script body.
std::string P(std::string_view src);
// Parses `src` as one expression statement and renders its expression.
std::string E(std::string_view src);
// Parses `src` (must fail) and returns the error.
ParseError Err(std::string_view src);

}  // namespace runmat::lang::test
