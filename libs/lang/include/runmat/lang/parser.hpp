// Source text -> AST. The lexer is an implementation detail of the parser (lexer.hpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "runmat/lang/ast.hpp"

namespace runmat::lang {

// A located syntax error. `message` is MATLAB-like ("Invalid expression. ..."); format()
// renders the MATLAB-style block with the source line and a caret under the column:
//   Error: File: demo.m Line: 3 Column: 7
//   Invalid use of operator.
//     y = 3 +* 4;
//           ^
struct ParseError {
  std::string filename;
  int line = 0;
  int col = 0;
  std::string message;
  std::string source_line;
  std::string format() const;
};

// Parses a whole file or -e snippet. On failure, returns the first error found.
struct ParseResult {
  bool ok = false;
  Program program;
  ParseError error;
};
ParseResult parse_program(std::string_view source, std::string_view filename);

struct ParseOptions {
  // Names already bound as variables (a REPL workspace): at statement start `x -1` with x a
  // variable is an expression, not command syntax x('-1'). Names the source assigns before a
  // statement count as variables too, without being listed here.
  std::vector<std::string> known_variables;
};
ParseResult parse_program(std::string_view source, std::string_view filename,
                          const ParseOptions& options);

}  // namespace runmat::lang
