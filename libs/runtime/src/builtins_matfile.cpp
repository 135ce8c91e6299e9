// save and load: workspace variables to and from MAT-files (version 5: -v6 uncompressed, -v7
// compressed, the default) and numeric text files (-ascii). The format itself is in
// mat_file_{read,write}.cpp; this file handles arguments, file names and the caller's
// workspace (the same Vm calls that who/clear use).
#include <fnmatch.h>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "builtins.hpp"
#include "mat_file.hpp"
#include "matrix_ops.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"
#include "runmat/runtime/runtime.hpp"
#include "text_util.hpp"
#include "vm.hpp"

namespace runmat::runtime {
namespace {
namespace fs = std::filesystem;

Vm& vm_of(CallContext& ctx) {
  if (!ctx.vm) throw_error("RunMat:internal", "%s needs an interpreter.", std::string(ctx.name));
  return *ctx.vm;
}

std::vector<std::string> text_args(const CallContext& ctx, const Args& args) {
  std::vector<std::string> out;
  for (const Value& a : args) {
    if (!is_text_scalar(a)) {
      throw_error(absl::StrCat("MATLAB:", std::string(ctx.name), ":mustBeText").c_str(),
                  "Arguments to %s must be character vectors or string scalars.",
                  std::string(ctx.name));
    }
    out.push_back(a.to_text());
  }
  return out;
}

bool read_file(const fs::path& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

// A variable named in save/load: a name, a pattern with * ? [] wildcards, or (after -regexp)
// a regular expression that must match somewhere in the name.
struct NamePattern {
  std::string text;
  bool regex = false;

  bool exact() const { return !regex && text.find_first_of("*?[") == std::string::npos; }
  bool matches(const std::string& name) const {
    if (regex) return std::regex_search(name, std::regex(text));
    if (exact()) return name == text;
    return fnmatch(text.c_str(), name.c_str(), 0) == 0;
  }
};

NamePattern name_pattern(const std::string& text, bool regex) {
  if (regex) {
    try {
      std::regex check(text);
    } catch (const std::regex_error&) {
      throw_error("MATLAB:regexp:invalidPattern", "Invalid regular expression '%s'.", text);
    }
  }
  return {text, regex};
}

// ------------------------------------------------------------------ save

struct SaveRequest {
  std::string file;
  std::vector<NamePattern> names;  // variables (or fields with -struct); empty: all
  std::string struct_name;         // -struct s
  bool ascii = false, ascii_double = false, ascii_tabs = false;
  bool append = false;
  bool compress = true;  // -v7 (default) vs -v6
};

SaveRequest parse_save(CallContext& ctx, const std::vector<std::string>& words) {
  SaveRequest r;
  bool want_struct = false, regex = false;
  for (const std::string& w : words) {
    if (!w.empty() && w[0] == '-') {
      std::string o = w;
      for (char& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (o == "-struct") {
        want_struct = true;
      } else if (o == "-regexp") {
        regex = true;
      } else if (o == "-ascii") {
        r.ascii = true;
      } else if (o == "-double") {
        r.ascii_double = true;
      } else if (o == "-tabs") {
        r.ascii_tabs = true;
      } else if (o == "-append") {
        r.append = true;
      } else if (o == "-v6") {
        r.compress = false;
      } else if (o == "-v7" || o == "-mat") {
        r.compress = o == "-mat" ? r.compress : true;
      } else if (o == "-v7.3") {
        numeric_warning(ctx.rt, "RunMat:save:v73NotSupported",
                        "Version 7.3 (HDF5) MAT-files are not supported; saving as version 7.");
      } else if (o == "-nocompression") {
        r.compress = false;
      } else {
        throw_error("MATLAB:save:unknownOption", "Unknown option '%s'.", w);
      }
    } else if (r.file.empty()) {
      r.file = w;
    } else if (want_struct && r.struct_name.empty()) {
      r.struct_name = w;
    } else {
      r.names.push_back(name_pattern(w, regex));
    }
  }
  if (want_struct && r.struct_name.empty()) {
    throw_error("MATLAB:save:missingStructName",
                "The -STRUCT option must be followed by the name of a scalar structure "
                "variable.");
  }
  if (r.file.empty()) r.file = "matlab.mat";
  if (!r.ascii && fs::path(r.file).extension().empty()) r.file += ".mat";
  return r;
}

struct NamedValue {
  std::string name;
  Value value;
};

// The variables (or -struct fields) a save request names, in MATLAB's order: the order given,
// wildcards expanded alphabetically; everything when nothing is named.
std::vector<NamedValue> select_for_save(CallContext& ctx, const SaveRequest& r) {
  std::vector<NamedValue> pool;
  if (!r.struct_name.empty()) {
    const Value* s = vm_of(ctx).find_variable(r.struct_name);
    if (!s || !s->is_struct() || s->numel() != 1) {
      throw_error("MATLAB:save:notScalarStruct",
                  "The argument to -STRUCT must be the name of a scalar structure variable.");
    }
    const StructArray& st = s->structure();
    for (size_t f = 0; f < st.fields.size(); ++f) {
      pool.push_back({st.fields[f], st.at(0, static_cast<int>(f))});
    }
  } else {
    for (auto& [n, v] : vm_of(ctx).variables()) pool.push_back({n, v});
  }
  if (r.names.empty()) return pool;
  std::vector<NamedValue> out;
  auto add = [&](const NamedValue& nv) {
    for (const NamedValue& o : out) {
      if (o.name == nv.name) return;
    }
    out.push_back(nv);
  };
  for (const NamePattern& want : r.names) {
    bool found = false;
    for (const NamedValue& nv : pool) {
      if (want.matches(nv.name)) {
        add(nv);
        found = true;
      }
    }
    if (!found && want.exact()) {
      if (!r.struct_name.empty()) {
        throw_error("MATLAB:save:fieldNotFound", "Field '%s' not found.", want.text);
      }
      throw_error("MATLAB:save:variableNotFound", "Variable '%s' not found.", want.text);
    }
  }
  return out;
}

void write_file(const std::string& file, const std::string& bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out || !out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
    throw_error("MATLAB:save:couldNotWriteFile", "Unable to write file %s: %s.", file,
                std::string(std::strerror(errno)));
  }
}

// save -ascii: each variable's rows, numbers in MATLAB's %16.7e (-double: %26.16e) layout.
void save_ascii(CallContext& ctx, const SaveRequest& r, const std::vector<NamedValue>& vars) {
  std::string text;
  for (const NamedValue& nv : vars) {
    const Value& v = nv.value;
    if (!v.is_numeric_like() && !v.is_complex()) {
      numeric_warning(ctx.rt, "MATLAB:save:asciiUnsupportedClass",
                      absl::StrFormat("Attempt to write an unsupported data type to an ASCII "
                                      "file.\n\tVariable '%s' not written to file.",
                                      nv.name));
      continue;
    }
    if (v.is_complex()) {
      numeric_warning(ctx.rt, "MATLAB:save:asciiComplex",
                      "Attempt to write complex data to an ASCII file; only the real part is "
                      "written.");
    }
    const Shape shape = v.shape();
    const int64_t rows = shape.rows(), cols = shape.numel() / std::max<int64_t>(rows, 1);
    for (int64_t i = 0; i < rows; ++i) {
      for (int64_t j = 0; j < cols; ++j) {
        const int64_t at = j * rows + i;
        const double x =
            v.is_complex() ? v.complex().data[static_cast<size_t>(at)].real() : v.elem(at);
        if (r.ascii_tabs) {
          if (j > 0) text += '\t';
          text += r.ascii_double ? absl::StrFormat("%.16e", x) : absl::StrFormat("%.7e", x);
        } else {
          text += r.ascii_double ? absl::StrFormat("%26.16e", x) : absl::StrFormat("%16.7e", x);
        }
      }
      text += '\n';
    }
  }
  write_file(r.file, text);
}

Args save_fn(CallContext& ctx, Args& args) {
  const SaveRequest r = parse_save(ctx, text_args(ctx, args));
  std::vector<NamedValue> vars = select_for_save(ctx, r);
  if (r.ascii) {
    save_ascii(ctx, r, vars);
    return {};
  }
  std::vector<matfile::RawVariable> kept;
  std::error_code ec;
  if (r.append && fs::exists(r.file, ec)) {
    std::string old;
    if (!read_file(r.file, &old)) {
      throw_error("MATLAB:save:couldNotWriteFile", "Unable to open file %s for appending.", r.file);
    }
    for (matfile::RawVariable& raw : matfile::split_variables(old, r.file)) {
      if (raw.swap) {
        throw_error("MATLAB:save:appendBigEndian",
                    "Cannot append to %s: it was written big-endian.", r.file);
      }
      bool replaced = false;
      for (const NamedValue& nv : vars) replaced |= nv.name == raw.name;
      if (!replaced) kept.push_back(std::move(raw));
    }
  }
  std::string bytes = matfile::file_header();
  for (const matfile::RawVariable& raw : kept) bytes += raw.bytes;
  for (const NamedValue& nv : vars) {
    const std::string why = matfile::unsupported_reason(nv.value);
    if (!why.empty()) {
      numeric_warning(ctx.rt, "RunMat:save:unsupportedClass",
                      absl::StrFormat("Variable '%s' was not saved: a value of class %s cannot "
                                      "be stored in a MAT-file by RunMat.",
                                      nv.name, why));
      continue;
    }
    bytes += matfile::encode_variable(nv.name, nv.value, r.compress);
  }
  write_file(r.file, bytes);
  return {};
}

// ------------------------------------------------------------------ load

struct LoadRequest {
  std::string file;
  std::vector<NamePattern> names;
  bool force_mat = false, force_ascii = false;
};

LoadRequest parse_load(const std::vector<std::string>& words) {
  LoadRequest r;
  bool regex = false;
  for (const std::string& w : words) {
    std::string o = w;
    for (char& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (o == "-mat") {
      r.force_mat = true;
    } else if (o == "-ascii") {
      r.force_ascii = true;
    } else if (o == "-regexp") {
      regex = true;
    } else if (!w.empty() && w[0] == '-') {
      throw_error("MATLAB:load:unknownOption", "Unknown option '%s'.", w);
    } else if (r.file.empty()) {
      r.file = w;
    } else {
      r.names.push_back(name_pattern(w, regex));
    }
  }
  if (r.file.empty()) r.file = "matlab.mat";
  return r;
}

// The file as named, else with .mat added when the name has no extension (as MATLAB).
fs::path resolve_load_file(const std::string& name) {
  std::error_code ec;
  fs::path p(name);
  if (fs::is_regular_file(p, ec)) return p;
  if (p.extension().empty()) {
    fs::path with = name + ".mat";
    if (fs::is_regular_file(with, ec)) return with;
  }
  throw_error("MATLAB:load:couldNotReadFile", "Unable to find file or directory '%s'.", name);
}

// The variable name load -ascii gives a text file: its base name made a valid name (letters,
// digits, underscores; an X before a leading digit or underscore).
std::string ascii_variable_name(const fs::path& file) {
  std::string n = file.stem().string();
  for (char& c : n) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
  }
  if (n.empty() || !std::isalpha(static_cast<unsigned char>(n[0]))) n = "X" + n;
  return n.substr(0, 63);
}

// A numeric text file: rows of numbers separated by blanks, tabs or commas; text after % is a
// comment. Every row must have the same number of columns.
Value parse_ascii(const std::string& text, const std::string& file) {
  std::vector<std::vector<double>> rows;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_no;
    const std::string body(line.substr(0, line.find('%')));
    std::vector<double> row;
    for (absl::string_view field :
         absl::StrSplit(body, absl::ByAnyChar(" \t,\r"), absl::SkipEmpty())) {
      const std::string f(field);
      char* end = nullptr;
      const double v = std::strtod(f.c_str(), &end);
      if (end == f.c_str() || *end != '\0') {
        throw_error("MATLAB:load:unableToReadAscii",
                    "Unable to read file '%s'. Input must be a MAT-file or an ASCII file "
                    "containing numeric data with same number of columns in each row.",
                    file);
      }
      row.push_back(v);
    }
    if (row.empty()) continue;
    if (!rows.empty() && row.size() != rows[0].size()) {
      throw_error("MATLAB:load:numColumnsNotSame",
                  "Number of columns on line %d of ASCII file %s must be the same as previous "
                  "lines.",
                  line_no, file);
    }
    rows.push_back(std::move(row));
  }
  if (rows.empty()) return Value::empty();
  const int64_t m = static_cast<int64_t>(rows.size()), n = static_cast<int64_t>(rows[0].size());
  std::vector<double> values(static_cast<size_t>(m * n));
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) values[static_cast<size_t>(j * m + i)] = rows[i][j];
  }
  if (m == 1 && n == 1) return Value::num(values[0]);
  return double_array(Shape{m, n}, values);
}

std::vector<NamedValue> load_mat(CallContext& ctx, const LoadRequest& r, const std::string& data,
                                 const std::string& file) {
  std::vector<matfile::RawVariable> raws = matfile::split_variables(data, file);
  std::vector<NamedValue> out;
  auto wanted = [&](const std::string& name) {
    if (r.names.empty()) return true;
    for (const NamePattern& w : r.names) {
      if (w.matches(name)) return true;
    }
    return false;
  };
  for (const matfile::RawVariable& raw : raws) {
    if (!wanted(raw.name)) continue;
    matfile::Decoded d = matfile::decode_variable(raw, file);
    if (!d.value.is_defined()) {
      numeric_warning(ctx.rt, "RunMat:load:unsupportedClass",
                      absl::StrFormat("Variable '%s' was not loaded: RunMat cannot represent "
                                      "values of class %s.",
                                      raw.name, d.skipped));
      continue;
    }
    if (!d.skipped.empty()) {
      numeric_warning(ctx.rt, "RunMat:load:unsupportedClass",
                      absl::StrFormat("Values of class %s inside variable '%s' were loaded as [].",
                                      d.skipped, raw.name));
    }
    // A name given twice in the file (possible after foreign tools append) keeps the last.
    bool replaced = false;
    for (NamedValue& o : out) {
      if (o.name == raw.name) {
        o.value = d.value;
        replaced = true;
      }
    }
    if (!replaced) out.push_back({raw.name, std::move(d.value)});
  }
  for (const NamePattern& w : r.names) {
    bool found = false;
    for (const NamedValue& o : out) found |= w.matches(o.name);
    if (!found && w.exact()) {
      numeric_warning(ctx.rt, "MATLAB:load:variableNotFound",
                      absl::StrFormat("Variable '%s' not found.", w.text));
    }
  }
  return out;
}

Args load_fn(CallContext& ctx, Args& args) {
  if (ctx.nargout > 1) {
    throw_error("MATLAB:TooManyOutputs", "Too many output arguments.");
  }
  const LoadRequest r = parse_load(text_args(ctx, args));
  const fs::path path = resolve_load_file(r.file);
  std::string data;
  if (!read_file(path, &data)) {
    throw_error("MATLAB:load:couldNotReadFile", "Unable to read file '%s': %s.", r.file,
                std::string(std::strerror(errno)));
  }
  const bool mat =
      r.force_mat ||
      (!r.force_ascii && (matfile::looks_like_mat_file(data) || path.extension() == ".mat"));
  std::vector<NamedValue> vars;
  if (mat) {
    vars = load_mat(ctx, r, data, path.string());
  } else {
    Value m = parse_ascii(data, path.string());
    if (ctx.nargout > 0) return {m};
    vars.push_back({ascii_variable_name(path), std::move(m)});
  }
  if (ctx.nargout == 0) {
    for (NamedValue& nv : vars) vm_of(ctx).assign_variable(nv.name, std::move(nv.value));
    return {};
  }
  auto s = std::make_shared<StructArray>(Shape::scalar());
  for (NamedValue& nv : vars) {
    const int f = s->add_field(nv.name);
    s->at(0, f) = std::move(nv.value);
  }
  return {Value::structure(std::move(s))};
}

}  // namespace

void register_matfile_builtins(BuiltinRegistry& reg) {
  reg.add("save", save_fn,
          "save(file, vars..., options): write workspace variables to a MAT-file (-v7 "
          "compressed by default, -v6 uncompressed; -append, -struct s, -regexp, -ascii [-double "
          "-tabs]); "
          "`save f.mat x y` in command syntax.");
  reg.add("load", load_fn,
          "load(file, vars..., options) / S = load(...): read variables of a MAT-file (or a "
          "numeric text file, -ascii) into the workspace or a struct.");
}

}  // namespace runmat::runtime
