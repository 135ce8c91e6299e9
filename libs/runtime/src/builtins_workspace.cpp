// The workspace and function lookup: nargin nargout narginchk nargoutchk exist isvarname
// clear who whos which addpath rmpath path format.
#include <fnmatch.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <ostream>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "builtins.hpp"
#include "function_path.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"
#include "runmat/runtime/runtime.hpp"
#include "vm.hpp"

namespace runmat::runtime {
namespace {
namespace fs = std::filesystem;

Vm& vm_of(CallContext& ctx) {
  if (!ctx.vm) throw_error("RunMat:internal", "%s needs an interpreter.", std::string(ctx.name));
  return *ctx.vm;
}

bool is_text(const Value& v) {
  return v.is_char() || (v.is_string() && v.numel() == 1);
}

std::string text_arg(const CallContext& ctx, const Value& v) {
  if (!is_text(v)) {
    throw_error("MATLAB:invalidInput", "Input to %s must be a character vector or string scalar.",
                std::string(ctx.name));
  }
  return v.to_text();
}

void warn(Runtime& rt, const std::string& id, const std::string& msg) {
  auto off = [&](const std::string& key) {
    auto it = rt.warnings_off.find(key);
    return it != rt.warnings_off.end() && it->second;
  };
  if (rt.warnings_off.count(id) ? off(id) : off("all")) return;
  rt.last_warning = msg;
  rt.err() << "Warning: " << msg << "\n";
}

// A script's frame (its code is the module's top level): nargin/nargout do not apply there.
bool in_script(const Frame* fr) {
  return !fr || (fr->fn->name == fr->fn->filename && fr->fn->anon_params < 0);
}

// nargin / nargout: of the running function, or of a named function / handle.
Args arity_fn(CallContext& ctx, Args& args, bool inputs) {
  check_nargs(ctx, args, 0, 1);
  Vm& vm = vm_of(ctx);
  if (args.empty()) {
    Frame* fr = vm.current_frame();
    if (in_script(fr)) {
      throw_error("MATLAB:nargin:notInFunction",
                  "You can only call %s from within a MATLAB function.", std::string(ctx.name));
    }
    return {Value::num(inputs ? fr->nargin : fr->nargout)};
  }
  std::string name;
  if (args[0].is_handle()) {
    const FunctionHandle& h = args[0].handle();
    if (h.is_anonymous()) {
      throw_error("MATLAB:nargin:isAnonymous", "%s of an anonymous function is not supported.",
                  std::string(ctx.name));
    }
    name = h.name;
  } else {
    name = text_arg(ctx, args[0]);
  }
  int nin = 0, nout = 0;
  if (!vm.function_arity(name, &nin, &nout)) {
    throw_error("MATLAB:narginout:functionDoesnotExist", "Function \"%s\" does not exist.", name);
  }
  return {Value::num(inputs ? nin : nout)};
}

Args nargin_fn(CallContext& ctx, Args& args) {
  return arity_fn(ctx, args, true);
}
Args nargout_fn(CallContext& ctx, Args& args) {
  return arity_fn(ctx, args, false);
}

double bound_arg(const Value& v, const char* fn) {
  if (!v.is_numeric_like() || v.numel() != 1) {
    throw MatlabError(absl::StrCat("MATLAB:", fn, ":invalidInput"),
                      "Minimum and maximum arguments must be numeric scalars.");
  }
  return v.elem(0);
}

// narginchk(lo, hi) / nargoutchk(lo, hi): check the calling function's argument count.
Args count_check(CallContext& ctx, Args& args, bool inputs) {
  check_nargs(ctx, args, 2, 2);
  const char* fn = inputs ? "narginchk" : "nargoutchk";
  const double lo = bound_arg(args[0], fn), hi = bound_arg(args[1], fn);
  Frame* fr = vm_of(ctx).current_frame();
  if (in_script(fr)) {
    throw MatlabError(absl::StrCat("MATLAB:", fn, ":notInFunction"),
                      absl::StrCat("You can only call ", fn, " from within a MATLAB function."));
  }
  const int n = inputs ? fr->nargin : fr->nargout;
  const char* what = inputs ? "input" : "output";
  if (n < lo) {
    throw MatlabError(
        absl::StrCat("MATLAB:", fn, inputs ? ":notEnoughInputs" : ":notEnoughOutputs"),
        absl::StrCat("Not enough ", what, " arguments."));
  }
  if (n > hi) {
    throw MatlabError(absl::StrCat("MATLAB:", fn, inputs ? ":tooManyInputs" : ":tooManyOutputs"),
                      absl::StrCat("Too many ", what, " arguments."));
  }
  return {};
}

Args narginchk_fn(CallContext& ctx, Args& args) {
  return count_check(ctx, args, true);
}
Args nargoutchk_fn(CallContext& ctx, Args& args) {
  return count_check(ctx, args, false);
}

bool valid_varname(const std::string& s) {
  static const char* const kKeywords[] = {"break",  "case",   "catch",     "classdef", "continue",
                                          "else",   "elseif", "end",       "for",      "function",
                                          "global", "if",     "otherwise", "parfor",   "persistent",
                                          "return", "spmd",   "switch",    "try",      "while"};
  if (s.empty() || s.size() > 63 || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  for (const char* k : kKeywords) {
    if (s == k) return false;
  }
  return true;
}

Args isvarname_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  const bool text =
      args[0].is_char() ? args[0].shape().rows() <= 1 : args[0].is_string() && args[0].numel() == 1;
  return {Value::logical(text && valid_varname(args[0].to_text()))};
}

// exist(name) / exist(name, type): 1 variable, 2 file (a .m on the path or a file), 5
// builtin, 7 folder, 0 nothing.
Args exist_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  const std::string name = text_arg(ctx, args[0]);
  std::string type = args.size() > 1 ? text_arg(ctx, args[1]) : "";
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!type.empty() && type != "var" && type != "builtin" && type != "file" && type != "dir" &&
      type != "class") {
    throw_error("MATLAB:exist:invalidType",
                "The second input must be 'var', 'builtin', 'file', 'dir', or 'class'.");
  }
  auto want = [&](const char* t) { return type.empty() || type == t; };
  if (want("var") && vm_of(ctx).find_variable(name)) return {Value::num(1)};
  if (type == "var") return {Value::num(0)};
  std::error_code ec;
  if (want("file")) {
    if (ctx.rt.function_path().locate(name)) return {Value::num(2)};
    if (!name.empty() && fs::is_regular_file(fs::path(name), ec)) return {Value::num(2)};
  }
  if (want("builtin") && builtins().find(name)) return {Value::num(5)};
  if ((want("dir") || type == "file") && !name.empty() && fs::is_directory(fs::path(name), ec)) {
    return {Value::num(7)};
  }
  return {Value::num(0)};
}

// clear, clear all, clear x y, clear a* (wildcards), clear functions, clear global.
Args clear_fn(CallContext& ctx, Args& args) {
  Vm& vm = vm_of(ctx);
  std::vector<std::string> words;
  for (const Value& a : args) words.push_back(text_arg(ctx, a));
  auto clear_all_vars = [&] {
    for (const auto& [n, v] : vm.variables()) vm.clear_variable(n);
  };
  if (words.empty()) {
    clear_all_vars();
    return {};
  }
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w == "all" || w == "-all" || w == "classes" || w == "-classes") {
      clear_all_vars();
      for (auto& [n, v] : ctx.rt.globals) v = Value();
      for (auto& [n, v] : ctx.rt.persistents) v = Value();
      ctx.rt.function_path().invalidate();
    } else if (w == "variables" || w == "-variables" || w == "-v") {
      clear_all_vars();
    } else if (w == "functions" || w == "-functions" || w == "-f") {
      for (auto& [n, v] : ctx.rt.persistents) v = Value();
      ctx.rt.function_path().invalidate();
    } else if (w == "global" || w == "-global" || w == "-g") {
      // clear global: every global (or the named ones) leaves the workspace and the table.
      std::vector<std::string> names(words.begin() + static_cast<std::ptrdiff_t>(i + 1),
                                     words.end());
      if (names.empty()) {
        for (auto& [n, v] : ctx.rt.globals) names.push_back(n);
      }
      for (const auto& n : names) {
        vm.clear_variable(n);
        auto it = ctx.rt.globals.find(n);
        if (it != ctx.rt.globals.end()) it->second = Value();
      }
      return {};
    } else if (w.find_first_of("*?[") != std::string::npos) {
      for (const auto& [n, v] : vm.variables()) {
        if (fnmatch(w.c_str(), n.c_str(), 0) == 0) vm.clear_variable(n);
      }
    } else {
      vm.clear_variable(w);
    }
  }
  return {};
}

// who: the names in columns; whos: name, size, bytes, class, attributes.
Args who_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, SIZE_MAX);
  std::vector<std::pair<std::string, Value>> vars = vm_of(ctx).variables();
  if (!args.empty()) {
    std::vector<std::string> pats;
    for (const Value& a : args) pats.push_back(text_arg(ctx, a));
    std::erase_if(vars, [&](const auto& nv) {
      for (const auto& p : pats) {
        if (fnmatch(p.c_str(), nv.first.c_str(), 0) == 0) return false;
      }
      return true;
    });
  }
  if (ctx.nargout > 0) {
    auto c = std::make_shared<CellArray>(Shape{static_cast<int64_t>(vars.size()), 1});
    for (size_t i = 0; i < vars.size(); ++i) c->data[i] = Value::char_row(vars[i].first);
    return {Value::cell(std::move(c))};
  }
  if (vars.empty()) return {};
  size_t width = 0;
  for (const auto& nv : vars) width = std::max(width, nv.first.size());
  const size_t col = width + 2;
  const size_t per_line = std::max<size_t>(1, 80 / col);
  std::string out = "\nYour variables are:\n\n";
  for (size_t i = 0; i < vars.size(); ++i) {
    out += vars[i].first;
    out.append(col - vars[i].first.size(), ' ');
    if ((i + 1) % per_line == 0 || i + 1 == vars.size()) out += "\n";
  }
  out += "\n";
  ctx.rt.out() << out;
  return {};
}

// Approximately what MATLAB's whos reports: element bytes for arrays, a fixed header per
// cell element and struct field.
int64_t bytes_of(const Value& v) {
  if (v.is_num()) return 8;
  if (v.is_array()) {
    const Array& a = *v.arr();
    return static_cast<int64_t>(a.byte_size());
  }
  if (v.is_cell()) {
    int64_t b = 0;
    for (const Value& e : v.cell().data) b += 104 + bytes_of(e);
    return b;
  }
  if (v.is_struct()) {
    const StructArray& s = v.structure();
    int64_t b = 64 * static_cast<int64_t>(s.fields.size());
    for (const Value& e : s.values) b += 112 + bytes_of(e);
    return b;
  }
  if (v.is_string()) return 150 * std::max<int64_t>(1, v.numel());
  return 32;
}

Args whos_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, SIZE_MAX);
  std::vector<std::pair<std::string, Value>> vars = vm_of(ctx).variables();
  if (!args.empty()) {
    std::vector<std::string> pats;
    for (const Value& a : args) pats.push_back(text_arg(ctx, a));
    std::erase_if(vars, [&](const auto& nv) {
      for (const auto& p : pats) {
        if (fnmatch(p.c_str(), nv.first.c_str(), 0) == 0) return false;
      }
      return true;
    });
  }
  if (ctx.nargout > 0) {
    auto s = std::make_shared<StructArray>();
    s->shape = Shape{static_cast<int64_t>(vars.size()), 1};
    s->fields = {"name", "size", "bytes", "class", "global"};
    for (const auto& [n, v] : vars) {
      const Shape sh = v.shape();
      auto size = std::make_shared<Array>(ClassId::Double, Shape{1, sh.ndims()});
      for (int d = 0; d < sh.ndims(); ++d) size->set_from_double(d, static_cast<double>(sh.dim(d)));
      s->values.push_back(Value::char_row(n));
      s->values.push_back(Value::array(size));
      s->values.push_back(Value::num(static_cast<double>(bytes_of(v))));
      s->values.push_back(Value::char_row(v.class_name()));
      s->values.push_back(Value::logical(ctx.rt.globals.count(n) > 0));
    }
    return {Value::structure(std::move(s))};
  }
  if (vars.empty()) return {};
  size_t name_w = 4;
  for (const auto& nv : vars) name_w = std::max(name_w, nv.first.size());
  name_w += 6;
  std::string out = absl::StrFormat("  %-*s%-16s%5s  %-10s%s\n\n", name_w, "Name", "Size", "Bytes",
                                    "Class", "Attributes");
  for (const auto& [n, v] : vars) {
    const std::string attrs = ctx.rt.globals.count(n) ? "global" : "";
    absl::StrAppendFormat(&out, "  %-*s%-16s%5d  %-10s%-10s\n", name_w, n, v.shape().to_string(),
                          bytes_of(v), v.class_name(), attrs);
  }
  out += "\n";
  ctx.rt.out() << out;
  return {};
}

// which name: where the name resolves (variable, local function, file, builtin).
Args which_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  const std::string name = text_arg(ctx, args[0]);
  Vm& vm = vm_of(ctx);
  std::string where, line;
  if (vm.find_variable(name)) {
    where = "variable";
    line = absl::StrCat(name, " is a variable.");
  } else if (vm.is_local_function(name)) {
    where = name;
    line = absl::StrCat(name, " is a local function.");
  } else if (auto p = ctx.rt.function_path().locate(name)) {
    where = p->string();
    line = where;
  } else if (builtins().find(name)) {
    where = absl::StrCat("built-in (runmat/", name, ")");
    line = where;
  } else {
    line = absl::StrCat("'", name, "' not found.");
  }
  if (ctx.nargout > 0) return {Value::char_row(where)};
  ctx.rt.out() << line << "\n";
  return {};
}

std::string path_text(Runtime& rt) {
  std::vector<std::string> parts;
  for (const auto& d : rt.function_path().dirs()) parts.push_back(d.string());
  return absl::StrJoin(parts, ":");
}

// addpath(dir, ..., '-end'|'-begin'); each argument may hold several folders (pathsep ':').
Args addpath_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, SIZE_MAX);
  const std::string old = path_text(ctx.rt);
  bool at_end = false;
  std::vector<std::string> dirs;
  for (const Value& a : args) {
    const std::string t = text_arg(ctx, a);
    if (t == "-end" || t == "-END") {
      at_end = true;
    } else if (t == "-begin" || t == "-BEGIN") {
      at_end = false;
    } else {
      for (absl::string_view d : absl::StrSplit(t, ':', absl::SkipEmpty())) {
        dirs.emplace_back(d);
      }
    }
  }
  // Folders given together keep their order at the front of the path.
  if (!at_end) std::reverse(dirs.begin(), dirs.end());
  for (const auto& d : dirs) {
    std::error_code ec;
    if (!fs::is_directory(fs::path(d), ec)) {
      warn(ctx.rt, "MATLAB:mpath:nameNonexistentOrNotADirectory",
           absl::StrCat("Name is nonexistent or not a directory: ", d));
      continue;
    }
    ctx.rt.function_path().add(d, at_end);
  }
  if (ctx.nargout > 0) return {Value::char_row(old)};
  return {};
}

Args rmpath_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, SIZE_MAX);
  const std::string old = path_text(ctx.rt);
  for (const Value& a : args) {
    for (absl::string_view d : absl::StrSplit(text_arg(ctx, a), ':', absl::SkipEmpty())) {
      if (!ctx.rt.function_path().remove(fs::path(std::string(d)))) {
        warn(ctx.rt, "MATLAB:rmpath:DirNotFound",
             absl::StrCat("\"", std::string(d), "\" not found in path."));
      }
    }
  }
  if (ctx.nargout > 0) return {Value::char_row(old)};
  return {};
}

// path: show; path(p): set; path(p1, p2): concatenate.
Args path_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, 2);
  const std::string old = path_text(ctx.rt);
  if (!args.empty()) {
    std::vector<fs::path> dirs;
    for (const Value& a : args) {
      for (absl::string_view d : absl::StrSplit(text_arg(ctx, a), ':', absl::SkipEmpty())) {
        dirs.emplace_back(std::string(d));
      }
    }
    ctx.rt.function_path().set_dirs(std::move(dirs));
  } else if (ctx.nargout == 0) {
    std::string out = "\n\t\tMATLABPATH\n\n";
    for (const auto& d : ctx.rt.function_path().dirs())
      absl::StrAppend(&out, "\t", d.string(), "\n");
    ctx.rt.out() << out << "\n";
    return {};
  }
  if (ctx.nargout > 0) return {Value::char_row(old)};
  return {};
}

// format short|long|compact|loose (no argument: short loose).
Args format_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, 2);
  if (args.empty()) {
    ctx.rt.format_long = false;
    ctx.rt.format_compact = false;
    return {};
  }
  for (const Value& a : args) {
    std::string w = text_arg(ctx, a);
    for (char& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (w == "long") {
      ctx.rt.format_long = true;
    } else if (w == "short") {
      ctx.rt.format_long = false;
    } else if (w == "compact") {
      ctx.rt.format_compact = true;
    } else if (w == "loose") {
      ctx.rt.format_compact = false;
    } else if (w == "default") {
      ctx.rt.format_long = false;
      ctx.rt.format_compact = false;
    } else {
      throw_error("MATLAB:format:UnknownFormat", "Unknown display format: %s.", w);
    }
  }
  return {};
}

}  // namespace

void register_workspace_builtins(BuiltinRegistry& reg) {
  reg.add("nargin", nargin_fn, "Number of function input arguments.");
  reg.add("nargout", nargout_fn, "Number of function output arguments.");
  reg.add("narginchk", narginchk_fn, "Validate the number of input arguments.");
  reg.add("nargoutchk", nargoutchk_fn, "Validate the number of output arguments.");
  reg.add("isvarname", isvarname_fn, "Whether text is a valid variable name.");
  reg.add("exist", exist_fn, "Whether a variable, file, builtin or folder exists (1, 2, 5, 7).");
  reg.add("clear", clear_fn, "Remove variables from the workspace.");
  reg.add("who", who_fn, "List the workspace's variables.");
  reg.add("whos", whos_fn, "List the workspace's variables with sizes and classes.");
  reg.add("which", which_fn, "Where a name resolves.");
  reg.add("addpath", addpath_fn, "Add folders to the function search path.");
  reg.add("rmpath", rmpath_fn, "Remove folders from the function search path.");
  reg.add("path", path_fn, "View or change the function search path.");
  reg.add("format", format_fn, "Set the display format (short, long, compact, loose).");
}

}  // namespace runmat::runtime
