// Low-level file I/O on the session's file table: fopen fclose fgetl fgets feof frewind ftell
// fseek fread fwrite fscanf fileread, and input (reads standard input, so it also works when runmat
// runs a script with stdin redirected). Streams are opened in binary mode: MATLAB on Linux does
// no newline translation either, and 't' in a permission is accepted and ignored.
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "builtins.hpp"
#include "builtins_arrays.hpp"
#include "eval_text.hpp"
#include "file_table.hpp"
#include "runmat/core/error.hpp"
#include "runmat/runtime/runtime.hpp"
#include "text_util.hpp"

namespace runmat::runtime {
namespace {

[[noreturn]] void bad_fid() {
  throw_error("MATLAB:badfid_mx",
              "Invalid file identifier. Use fopen to generate a valid file identifier.");
}

OpenFile& open_file(CallContext& ctx, const Value& v) {
  if (!v.is_numeric_like() || v.is_char() || v.numel() != 1) bad_fid();
  const double d = v.elem(0);
  if (d != std::floor(d) || d < 0 || d > 1e9) bad_fid();
  OpenFile* f = ctx.rt.files().find(static_cast<int>(d));
  if (!f) bad_fid();
  return *f;
}

// MATLAB permission -> C mode. 'b' and 't' are accepted anywhere after the letter.
bool c_mode(const std::string& perm, std::string* mode, bool* rd, bool* wr) {
  std::string core;
  for (char c : perm) {
    // 'W' and 'A' (no automatic flushing) behave as 'w' and 'a'.
    if (c == 'W' || c == 'A') c = static_cast<char>(c - 'A' + 'a');
    if (c != 'b' && c != 't') core += c;
  }
  if (core == "r") {
    *rd = true, *wr = false;
  } else if (core == "w" || core == "a") {
    *rd = false, *wr = true;
  } else if (core == "r+" || core == "w+" || core == "a+") {
    *rd = true, *wr = true;
  } else {
    return false;
  }
  *mode = core.substr(0, 1) + "b" + core.substr(1);
  return true;
}

// fid = fopen(name[, permission]); [fid, msg] = fopen(...); fids = fopen('all');
// [name, permission] = fopen(fid).
Args fopen_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 4);
  FileTable& files = ctx.rt.files();
  if (args[0].is_numeric_like() && !args[0].is_char()) {
    OpenFile* f = nullptr;
    const double d = args[0].scalar_double("File identifier");
    if (d >= 3 && d == std::floor(d) && d < 1e9) f = files.find(static_cast<int>(d));
    if (d == 0 || d == 1 || d == 2) {
      static const char* const names[] = {"\"stdin\"", "\"stdout\"", "\"stderr\""};
      return {Value::char_row(names[static_cast<int>(d)]), Value::char_row(d == 0 ? "r" : "w")};
    }
    if (!f) return {Value::char_row(""), Value::char_row("")};
    return {Value::char_row(f->name), Value::char_row(f->mode)};
  }
  const std::string name = text_scalar(args[0], "fopen", "File name");
  if (name == "all" && args.size() == 1) {
    std::vector<double> ids;
    for (int id : files.ids()) ids.push_back(id);
    return {double_array(Shape{1, static_cast<int64_t>(ids.size())}, ids)};
  }
  std::string perm = args.size() > 1 ? text_scalar(args[1], "fopen", "Permission") : "r";
  std::string mode;
  bool rd = false, wr = false;
  if (!c_mode(perm, &mode, &rd, &wr)) {
    throw_error("MATLAB:fopen:InvalidPermission", "Invalid permission.");
  }
  std::FILE* fp = name.empty() ? nullptr : std::fopen(name.c_str(), mode.c_str());
  if (!fp) {
    const std::string msg = name.empty() ? "Invalid filename." : std::strerror(errno);
    return {Value::num(-1), Value::char_row(msg)};
  }
  const int fid = files.add(OpenFile{fp, name, perm, rd, wr});
  return {Value::num(fid), Value::char_row("")};
}

// status = fclose(fid) / fclose('all'): 0 on success, -1 when the stream could not be flushed.
Args fclose_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  if (args[0].is_char() || args[0].is_string()) {
    if (text_scalar(args[0], "fclose", "File identifier") != "all") bad_fid();
    ctx.rt.files().close_all();
    return {Value::num(0)};
  }
  if (!args[0].is_numeric_like() || args[0].numel() != 1) bad_fid();
  const double d = args[0].elem(0);
  if (d == 0 || d == 1 || d == 2) return {Value::num(0)};  // standard streams stay open
  bool ok = true;
  if (d != std::floor(d) || d < 3 || d > 1e9 || !ctx.rt.files().close(static_cast<int>(d), &ok)) {
    bad_fid();
  }
  return {Value::num(ok ? 0 : -1)};
}

void require_read(const OpenFile& f) {
  if (!f.can_read) {
    throw_error("MATLAB:FileIO:InvalidFid", "File is not open for reading: %s", f.name.c_str());
  }
}
void require_write(const OpenFile& f) {
  if (!f.can_write) {
    throw_error("MATLAB:FileIO:InvalidFid", "File is not open for writing: %s", f.name.c_str());
  }
}

// One line; keep_newline for fgets. -1 (double) at end of file, as in MATLAB.
Args read_line(CallContext& ctx, Args& args, bool keep_newline) {
  check_nargs(ctx, args, 1, 2);
  OpenFile& f = open_file(ctx, args[0]);
  require_read(f);
  std::string line;
  int c = 0;
  bool any = false;
  while ((c = std::fgetc(f.fp)) != EOF) {
    any = true;
    if (c == '\n') {
      if (keep_newline) line += '\n';
      break;
    }
    line += static_cast<char>(c);
  }
  if (!any) return {Value::num(-1), Value::num(0)};
  const double n = static_cast<double>(line.size());
  return {Value::char_row(line), Value::num(n)};
}

Args fgetl_fn(CallContext& ctx, Args& args) {
  return read_line(ctx, args, false);
}
Args fgets_fn(CallContext& ctx, Args& args) {
  return read_line(ctx, args, true);
}

// True at the end of the file. The next byte is peeked so that the usual
// `while ~feof(fid), l = fgetl(fid); end` loop ends after the last line, as MATLAB's does.
Args feof_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  OpenFile& f = open_file(ctx, args[0]);
  bool at_end = std::feof(f.fp) != 0;
  if (!at_end && f.can_read) {
    const int c = std::fgetc(f.fp);
    if (c == EOF) {
      at_end = true;
    } else {
      std::ungetc(c, f.fp);
    }
  }
  return {Value::logical(at_end)};
}

Args frewind_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  std::rewind(open_file(ctx, args[0]).fp);
  return {};
}

Args ftell_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {Value::num(static_cast<double>(std::ftell(open_file(ctx, args[0]).fp)))};
}

// status = fseek(fid, offset, origin): origin 'bof'/-1, 'cof'/0, 'eof'/1. 0 or -1.
Args fseek_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 3);
  OpenFile& f = open_file(ctx, args[0]);
  const double off = args[1].scalar_double("Offset");
  int origin = SEEK_SET;
  if (args.size() > 2) {
    if (args[2].is_char() || args[2].is_string()) {
      const std::string o = text_scalar(args[2], "fseek", "Origin");
      if (o == "bof") {
        origin = SEEK_SET;
      } else if (o == "cof") {
        origin = SEEK_CUR;
      } else if (o == "eof") {
        origin = SEEK_END;
      } else {
        throw_error("MATLAB:fseek:invalidOrigin", "Invalid origin.");
      }
    } else {
      const double o = args[2].scalar_double("Origin");
      if (o == -1) {
        origin = SEEK_SET;
      } else if (o == 0) {
        origin = SEEK_CUR;
      } else if (o == 1) {
        origin = SEEK_END;
      } else {
        throw_error("MATLAB:fseek:invalidOrigin", "Invalid origin.");
      }
    }
  }
  if (off != std::floor(off)) throw_error("MATLAB:fseek:invalidOffset", "Invalid offset.");
  const long pos = std::ftell(f.fp);
  const long target = origin == SEEK_SET ? static_cast<long>(off)
                                         : (origin == SEEK_CUR ? pos + static_cast<long>(off) : -1);
  if (origin != SEEK_END && target < 0) return {Value::num(-1)};  // before the start
  return {Value::num(std::fseek(f.fp, static_cast<long>(off), origin) == 0 ? 0 : -1)};
}

// Precision text of fread/fwrite: 'uint8', 'int32=>double', '*char', 'uchar', 'float64'...
struct Precision {
  ClassId src = ClassId::UInt8;
  ClassId out = ClassId::Double;
};

ClassId precision_class(std::string name, const char* fname) {
  if (name == "uchar" || name == "char" || name == "char*1") return ClassId::UInt8;
  if (name == "schar" || name == "integer*1") return ClassId::Int8;
  if (name == "float32" || name == "real*4" || name == "float") return ClassId::Single;
  if (name == "float64" || name == "real*8") return ClassId::Double;
  if (name == "short" || name == "integer*2") return ClassId::Int16;
  if (name == "ushort") return ClassId::UInt16;
  if (name == "int" || name == "long" || name == "integer*4") return ClassId::Int32;
  if (name == "uint" || name == "ulong") return ClassId::UInt32;
  ClassId c;
  if (class_from_name(name, &c) && c != ClassId::Logical && c != ClassId::Char) return c;
  throw_error(absl::StrCat("MATLAB:", fname, ":InvalidPrecision").c_str(),
              "Invalid precision '%s'.", name.c_str());
}

Precision parse_precision(const std::string& p, const char* fname) {
  Precision r;
  const auto arrow = p.find("=>");
  if (!p.empty() && p[0] == '*') {
    const std::string base = p.substr(1);
    r.src = precision_class(base, fname);
    r.out = base == "char" || base == "uchar" ? ClassId::Char : r.src;
  } else if (arrow != std::string::npos) {
    const std::string base = p.substr(0, arrow), out = p.substr(arrow + 2);
    r.src = precision_class(base, fname);
    if (out == "char") {
      r.out = ClassId::Char;
    } else {
      r.out = precision_class(out, fname);
    }
  } else {
    r.src = precision_class(p, fname);
    r.out = ClassId::Double;
  }
  return r;
}

double load_element(const uint8_t* p, ClassId c) {
  switch (c) {
    case ClassId::Int8:
      return *reinterpret_cast<const int8_t*>(p);
    case ClassId::UInt8:
      return *p;
    case ClassId::Int16: {
      int16_t v;
      std::memcpy(&v, p, 2);
      return v;
    }
    case ClassId::UInt16: {
      uint16_t v;
      std::memcpy(&v, p, 2);
      return v;
    }
    case ClassId::Int32: {
      int32_t v;
      std::memcpy(&v, p, 4);
      return v;
    }
    case ClassId::UInt32: {
      uint32_t v;
      std::memcpy(&v, p, 4);
      return v;
    }
    case ClassId::Int64: {
      int64_t v;
      std::memcpy(&v, p, 8);
      return static_cast<double>(v);
    }
    case ClassId::UInt64: {
      uint64_t v;
      std::memcpy(&v, p, 8);
      return static_cast<double>(v);
    }
    case ClassId::Single: {
      float v;
      std::memcpy(&v, p, 4);
      return v;
    }
    default: {
      double v;
      std::memcpy(&v, p, 8);
      return v;
    }
  }
}

size_t source_size(ClassId c) {
  switch (c) {
    case ClassId::Int8:
    case ClassId::UInt8:
      return 1;
    case ClassId::Int16:
    case ClassId::UInt16:
      return 2;
    case ClassId::Int32:
    case ClassId::UInt32:
    case ClassId::Single:
      return 4;
    default:
      return 8;
  }
}

// [A, count] = fread(fid[, sizeA][, precision]). sizeA: n, Inf, [m n] or [m Inf]; the
// default reads to the end into a column.
Args fread_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 5);
  OpenFile& f = open_file(ctx, args[0]);
  require_read(f);
  double rows = INFINITY, cols = 1;
  bool fill_cols = false;  // [m Inf]
  size_t next = 1;
  if (args.size() > next && !args[next].is_char() && !args[next].is_string()) {
    const Value& s = args[next++];
    if (s.numel() == 1) {
      rows = s.elem(0);
    } else if (s.numel() == 2) {
      rows = s.elem(0), cols = s.elem(1);
      fill_cols = std::isinf(cols);
      if (std::isinf(rows)) throw_error("MATLAB:fread:invalidSize", "Invalid size.");
    } else {
      throw_error("MATLAB:fread:invalidSize", "Invalid size.");
    }
    if (!(rows >= 0) || !(cols >= 0)) throw_error("MATLAB:fread:invalidSize", "Invalid size.");
  }
  Precision prec;
  if (args.size() > next)
    prec = parse_precision(text_scalar(args[next], "fread", "Precision"), "fread");
  const size_t es = source_size(prec.src);
  const double want = std::isinf(rows) || fill_cols ? INFINITY : rows * cols;
  std::vector<double> vals;
  std::vector<uint8_t> buf(es);
  while (vals.size() < want && std::fread(buf.data(), 1, es, f.fp) == es) {
    vals.push_back(load_element(buf.data(), prec.src));
  }
  const int64_t n = static_cast<int64_t>(vals.size());
  Shape shape = Shape::column(n);
  if (fill_cols) {
    const int64_t m = static_cast<int64_t>(rows);
    const int64_t c = m == 0 ? 0 : (n + m - 1) / m;
    shape = Shape{m, c};
  } else if (!std::isinf(rows) && args.size() > 1 && args[1].numel() == 2) {
    const int64_t m = static_cast<int64_t>(rows);
    // A short read fills whole columns and pads the last one with zeros.
    shape = n == static_cast<int64_t>(rows * cols) ? Shape{m, static_cast<int64_t>(cols)}
                                                   : Shape{m, m == 0 ? 0 : (n + m - 1) / m};
  }
  auto out = new_array(prec.out, shape);
  for (int64_t i = 0; i < shape.numel(); ++i) store_as(*out, i, i < n ? vals[i] : 0.0);
  return {wrap_array(out), Value::num(static_cast<double>(n))};
}

// count = fwrite(fid, A[, precision]): elements in column order, default 'uint8'.
Args fwrite_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 5);
  OpenFile& f = open_file(ctx, args[0]);
  require_write(f);
  Precision prec;
  if (args.size() > 2)
    prec = parse_precision(text_scalar(args[2], "fwrite", "Precision"), "fwrite");
  const Value& a = args[1];
  std::vector<double> vals;
  if (a.is_string()) {
    for (char c : text_scalar(a, "fwrite", "Data")) vals.push_back(static_cast<uint8_t>(c));
  } else if (a.is_numeric_like()) {
    for (int64_t i = 0; i < a.numel(); ++i) vals.push_back(a.elem(i));
  } else {
    throw_error("MATLAB:fwrite:invalidInput", "Data must be numeric, logical or char.");
  }
  // Conversion to the target type follows MATLAB's class conversion (round, saturate).
  Array tmp(prec.src, Shape::row(static_cast<int64_t>(vals.size())));
  for (size_t i = 0; i < vals.size(); ++i) tmp.set_from_double(static_cast<int64_t>(i), vals[i]);
  const size_t es = source_size(prec.src);
  size_t written = 0;
  if (!vals.empty()) {
    written = std::fwrite(tmp.host_bytes(), es, vals.size(), f.fp);
  }
  return {Value::num(static_cast<double>(written))};
}

// [A, count] = fscanf(fid, format[, sizeA]): the format is applied repeatedly to the rest of
// the file. Numeric conversions (%d %i %u %f %e %g, optional width, %* to skip) read numbers;
// %s reads a word and %c one character, both stored as character codes; blanks in the format
// skip blanks, other characters must match. Reading stops at the first mismatch and the file
// position is left there. The result is a column (or sizeA's shape); char when every
// conversion is %s/%c.
Args fscanf_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 3);
  OpenFile& f = open_file(ctx, args[0]);
  require_read(f);
  const std::string fmt = unescape_text(text_scalar(args[1], "fscanf", "Format"));
  double rows = INFINITY, cols = 1;
  bool shaped = false;
  if (args.size() > 2) {
    const Value& s = args[2];
    if (s.numel() == 1) {
      rows = s.elem(0);
    } else if (s.numel() == 2 && !std::isinf(s.elem(0))) {
      rows = s.elem(0), cols = s.elem(1), shaped = true;
    } else {
      throw_error("MATLAB:fscanf:invalidSize", "Invalid size.");
    }
    if (!(rows >= 0) || !(cols >= 0)) throw_error("MATLAB:fscanf:invalidSize", "Invalid size.");
  }
  const long start = std::ftell(f.fp);
  std::string text;
  char buf[65536];
  size_t got = 0;
  while ((got = std::fread(buf, 1, sizeof buf, f.fp)) > 0) text.append(buf, got);
  const double want = shaped ? rows * cols : rows;
  std::vector<double> vals;
  bool all_text = true, any_conversion = false;
  size_t t = 0;
  bool stop = false;
  auto skip_ws = [&] {
    while (t < text.size() && std::isspace(static_cast<unsigned char>(text[t]))) ++t;
  };
  while (!stop && t < text.size() && vals.size() < want) {
    const size_t pass_start = t;
    for (size_t i = 0; i < fmt.size() && !stop && vals.size() < want;) {
      const char c = fmt[i];
      if (std::isspace(static_cast<unsigned char>(c))) {
        skip_ws(), ++i;
        continue;
      }
      if (c != '%' || (i + 1 < fmt.size() && fmt[i + 1] == '%')) {
        if (c == '%') ++i;  // %% is a literal percent sign
        if (t < text.size() && text[t] == fmt[i]) {
          ++t, ++i;
        } else {
          stop = true;
        }
        continue;
      }
      size_t j = i + 1;
      const bool skip = j < fmt.size() && fmt[j] == '*';
      if (skip) ++j;
      size_t width = 0;
      while (j < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[j]))) {
        width = width * 10 + static_cast<size_t>(fmt[j++] - '0');
      }
      while (j < fmt.size() && (fmt[j] == 'l' || fmt[j] == 'h')) ++j;
      if (j >= fmt.size()) throw_error("MATLAB:fscanf:invalidFormat", "Invalid format.");
      const char conv = fmt[j];
      i = j + 1;
      any_conversion = true;
      if (conv == 'c') {
        const size_t n = width ? width : 1;
        if (t + n > text.size()) {
          stop = true;
          break;
        }
        for (size_t k = 0; k < n && !skip; ++k) vals.push_back(static_cast<uint8_t>(text[t + k]));
        t += n;
        continue;
      }
      skip_ws();
      if (t >= text.size()) {
        stop = true;
        break;
      }
      if (conv == 's') {
        size_t e = t;
        while (e < text.size() && !std::isspace(static_cast<unsigned char>(text[e])) &&
               (!width || e - t < width)) {
          ++e;
        }
        for (size_t k = t; k < e && !skip; ++k) vals.push_back(static_cast<uint8_t>(text[k]));
        t = e;
        continue;
      }
      if (!std::strchr("diufeEgGxo", conv)) {
        throw_error("MATLAB:fscanf:invalidFormat", "Invalid format: %%%c.", conv);
      }
      all_text = false;
      std::string field = text.substr(t, width ? width : std::string::npos);
      char* end = nullptr;
      double v = 0;
      if (conv == 'd' || conv == 'i' || conv == 'u' || conv == 'x' || conv == 'o') {
        const int base = conv == 'x' ? 16 : (conv == 'o' ? 8 : (conv == 'i' ? 0 : 10));
        v = static_cast<double>(std::strtoll(field.c_str(), &end, base));
        // %d stops at a decimal point, as C's scanf does.
      } else {
        v = std::strtod(field.c_str(), &end);
      }
      if (end == field.c_str()) {
        stop = true;
        break;
      }
      t += static_cast<size_t>(end - field.c_str());
      if (!skip) vals.push_back(v);
    }
    if (t == pass_start) break;  // a pass that consumed nothing would repeat forever
  }
  std::fseek(f.fp, start + static_cast<long>(t), SEEK_SET);
  const int64_t n = static_cast<int64_t>(vals.size());
  Shape shape = Shape::column(n);
  if (shaped) {
    const int64_t m = static_cast<int64_t>(rows);
    shape = std::isinf(cols) || n < static_cast<int64_t>(rows * cols)
                ? Shape{m, m == 0 ? 0 : (n + m - 1) / m}
                : Shape{m, static_cast<int64_t>(cols)};
  }
  const bool as_char = all_text && any_conversion;
  if (as_char && !shaped) shape = Shape::row(n);
  auto out = new_array(as_char ? ClassId::Char : ClassId::Double, shape);
  for (int64_t i = 0; i < shape.numel(); ++i) store_as(*out, i, i < n ? vals[i] : 0.0);
  if (n == 0 && !as_char) return {Value::empty(), Value::num(0)};
  return {wrap_array(out), Value::num(static_cast<double>(n))};
}

// text = fileread(name): the whole file as a char row vector.
Args fileread_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 3);
  const std::string name = text_scalar(args[0], "fileread", "File name");
  std::FILE* fp = std::fopen(name.c_str(), "rb");
  if (!fp) {
    throw_error("MATLAB:fileread:cannotOpenFile", "Could not open file %s. %s.", name.c_str(),
                std::strerror(errno));
  }
  std::string text;
  char buf[65536];
  size_t got = 0;
  while ((got = std::fread(buf, 1, sizeof buf, fp)) > 0) text.append(buf, got);
  std::fclose(fp);
  return {Value::char_row(text)};
}

// x = input(prompt) evaluates the line typed as an expression ([] for an empty line or end of
// input); input(prompt, 's') returns the text. Reading stdin line by line makes this safe with
// redirected input: no terminal is needed.
Args input_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, 2);
  std::string prompt;
  if (!args.empty()) prompt = text_scalar(args[0], "input", "Prompt");
  bool as_text = false;
  if (args.size() > 1) {
    if (text_scalar(args[1], "input", "Option") != "s") {
      throw_error("MATLAB:input:secondArgumentMustBeS",
                  "The second argument to INPUT must be 's'.");
    }
    as_text = true;
  }
  ctx.rt.out() << prompt << std::flush;
  std::string line;
  const bool got = static_cast<bool>(std::getline(std::cin, line));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (as_text) return {Value::char_row(got ? line : "")};
  if (!got || line.find_first_not_of(" \t") == std::string::npos) return {Value::empty()};
  if (!ctx.vm) throw_error("MATLAB:input:noInterpreter", "input needs a running interpreter.");
  // Evaluated in the caller's workspace, so the reply may name its variables.
  return {eval_in_workspace(ctx.rt, *ctx.vm, line)};
}

}  // namespace

void register_file_builtins(BuiltinRegistry& reg) {
  reg.add("fopen", fopen_fn,
          "fid = fopen(name, permission): open a file ('r' 'w' 'a' 'r+' 'w+' 'a+'); -1 and a "
          "message on failure. fopen('all') lists open ids; [name, perm] = fopen(fid).");
  reg.add("fclose", fclose_fn, "status = fclose(fid) or fclose('all'): close open files.");
  reg.add("fgetl", fgetl_fn, "line = fgetl(fid): next line without its newline; -1 at end.");
  reg.add("fgets", fgets_fn, "line = fgets(fid): next line with its newline; -1 at end.");
  reg.add("feof", feof_fn, "feof(fid): true at the end of the file.");
  reg.add("frewind", frewind_fn, "frewind(fid): move to the start of the file.");
  reg.add("ftell", ftell_fn, "pos = ftell(fid): byte position in the file.");
  reg.add("fseek", fseek_fn,
          "status = fseek(fid, offset, origin): move to offset from 'bof', 'cof' or 'eof'.");
  reg.add("fread", fread_fn,
          "[A, count] = fread(fid, sizeA, precision): read binary data ('uint8' by default, "
          "'int32=>int32', '*char', 'double', ...).");
  reg.add("fwrite", fwrite_fn,
          "count = fwrite(fid, A, precision): write elements as binary data ('uint8' default).");
  reg.add("fscanf", fscanf_fn,
          "[A, count] = fscanf(fid, format, sizeA): read formatted numbers (%d %f %g %e, %s "
          "and %c as character codes) until the format stops matching.");
  reg.add("fileread", fileread_fn, "text = fileread(name): the contents of a file as text.");
  reg.add("input", input_fn,
          "x = input(prompt): read a line from standard input and evaluate it; "
          "input(prompt, 's') returns the text.");
}

}  // namespace runmat::runtime
