#include "absl/strings/str_format.h"
#include "runmat/lang/bytecode.hpp"

namespace runmat::lang {

std::string disassemble(const Function& f) {
  static const char* names[] = {"CONST",         "LOAD",        "STORE",          "POP",
                                "UNARY",         "BINARY",      "CALL",           "CALL_OR_INDEX",
                                "STMT_CALL",     "INDEX",       "END_OF",         "COLON_ALL",
                                "RANGE",         "HORZCAT",     "VERTCAT",        "JUMP",
                                "JUMP_IF_FALSE", "FOR_INIT",    "FOR_RANGE_INIT", "FOR_NEXT",
                                "DISPLAY",       "STORE_INDEX", "RETURN",         "SWITCH_SUBJECT",
                                "CASE_JUMP",     "GLOBAL",      "PERSISTENT",     "DELETE_INDEX",
                                "COND_JUMP",     "SCALAR_EXPR", "SCALAR_COND",    "MARK",
                                "CELL_ROW",      "CELL_VCAT",   "INDEX_BRACE",    "FIELD",
                                "DYN_FIELD",     "STORE_PATH",  "PATH_GET",       "TAKE_N",
                                "TRY",           "END_TRY",     "MAKE_HANDLE",    "MAKE_ANON",
                                "LOAD_OPT",      "LIST_COUNT",  "STORE_LIST",     "METHOD_CALL"};
  // Every opcode has a name: adding an instruction without one fails to compile.
  static_assert(sizeof(names) / sizeof(names[0]) == static_cast<size_t>(Op::kOpCount));
  std::string out = absl::StrFormat("function %s: %d slots, %d consts\n", f.name,
                                    f.var_names.size(), f.consts.size());
  for (size_t i = 0; i < f.code.size(); ++i) {
    const Instr& in = f.code[i];
    absl::StrAppendFormat(&out, "%4d  [line %3d]  %-15s %d %d %d%s\n", i, f.lines[i],
                          names[static_cast<int>(in.op)], in.a, in.b, in.c,
                          in.flags ? absl::StrFormat("  flags=%d", in.flags) : "");
  }
  return out;
}

}  // namespace runmat::lang
