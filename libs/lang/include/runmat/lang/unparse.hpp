// Expression text in MATLAB's compact normalized form, as func2str and the display of an
// anonymous function show it: `@(x) x.^2 + 1` reads back as "@(x)x.^2+1".
#pragma once

#include <string>

#include "runmat/lang/ast.hpp"

namespace runmat::lang {
std::string unparse_compact(const Expr& e);
}  // namespace runmat::lang
