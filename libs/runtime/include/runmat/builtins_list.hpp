// Public view of the builtin registry (names and help text), for `runmat --list-builtins`
// and `help name`.
#pragma once

#include <string>
#include <vector>

namespace runmat::runtime {
std::vector<std::string> builtin_names();
std::string builtin_help(const std::string& name);  // "" when unknown
}  // namespace runmat::runtime
