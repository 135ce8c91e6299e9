// Delimited text files: readmatrix writematrix csvread csvwrite (numbers only; text cells read
// as NaN in readmatrix) and textscan (numeric and word columns). readmatrix detects the
// delimiter per file (comma, then semicolon, else runs of blanks and tabs) unless given.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "builtins.hpp"
#include "file_table.hpp"
#include "runmat/core/error.hpp"
#include "runmat/runtime/runtime.hpp"
#include "text_util.hpp"

namespace runmat::runtime {
namespace {

struct ReadOptions {
  int header_lines = -1;  // -1: skip leading lines that hold no number (MATLAB's detection)
  std::string delimiter;  // empty: detect
  double empty_value = NAN;
  bool text_is_error = false;  // csvread: a text field is an error, not NaN
};

std::vector<std::string> read_lines(const std::string& name, const char* fname) {
  std::ifstream in(name, std::ios::binary);
  if (!in) {
    throw_error(absl::StrCat("MATLAB:", fname, ":FileNotFound").c_str(),
                "Unable to find or open '%s'. Check the path and filename or file permissions.",
                name.c_str());
  }
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  while (!lines.empty() && absl::StripAsciiWhitespace(lines.back()).empty()) lines.pop_back();
  return lines;
}

// Comma, then semicolon; otherwise runs of blanks and tabs (so "1 2\t3" is three fields).
std::string detect_delimiter(const std::vector<std::string>& lines, size_t first) {
  for (const char* d : {",", ";"}) {
    for (size_t i = first; i < lines.size(); ++i) {
      if (lines[i].find(d) != std::string::npos) return d;
    }
  }
  return " ";
}

std::vector<std::string> split_fields(const std::string& line, const std::string& delim) {
  std::vector<std::string> out;
  if (delim == " ") {
    for (absl::string_view f : absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty())) {
      out.emplace_back(f);
    }
    return out;
  }
  for (absl::string_view f : absl::StrSplit(line, delim)) out.emplace_back(f);
  return out;
}

// A field as a number: false for text. Empty fields are reported through `empty`.
bool parse_field(const std::string& raw, double* v, bool* empty) {
  std::string f(absl::StripAsciiWhitespace(raw));
  if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = f.substr(1, f.size() - 2);
  *empty = f.empty();
  if (f.empty()) return true;
  char* end = nullptr;
  errno = 0;
  *v = std::strtod(f.c_str(), &end);
  return end == f.c_str() + f.size();
}

Value read_numeric(const std::string& name, const ReadOptions& opt, const char* fname,
                   int64_t row0 = 0, int64_t col0 = 0) {
  std::vector<std::string> lines = read_lines(name, fname);
  const size_t skip = opt.header_lines > 0 ? static_cast<size_t>(opt.header_lines) : 0;
  const std::string delim =
      opt.delimiter.empty() ? detect_delimiter(lines, std::min(skip, lines.size())) : opt.delimiter;
  size_t first = 0;
  if (opt.header_lines >= 0) {
    first = static_cast<size_t>(opt.header_lines);
  } else {
    // Header lines: leading lines with no numeric field.
    for (; first < lines.size(); ++first) {
      bool any_number = false;
      for (const auto& f : split_fields(lines[first], delim)) {
        double v;
        bool empty;
        any_number = any_number || (parse_field(f, &v, &empty) && !empty);
      }
      if (any_number) break;
    }
  }
  std::vector<std::vector<double>> rows;
  size_t ncols = 0;
  for (size_t i = first + static_cast<size_t>(row0); i < lines.size(); ++i) {
    std::vector<double> row;
    const auto fields = split_fields(lines[i], delim);
    for (size_t c = static_cast<size_t>(col0); c < fields.size(); ++c) {
      double v = 0;
      bool empty = false;
      if (!parse_field(fields[c], &v, &empty)) {
        if (opt.text_is_error) {
          throw_error(absl::StrCat("MATLAB:", fname, ":InvalidFileContent").c_str(),
                      "Mismatch between file and format character vector: '%s' in row %zu.",
                      fields[c].c_str(), i + 1);
        }
        v = NAN;
      } else if (empty) {
        v = opt.empty_value;
      }
      row.push_back(v);
    }
    ncols = std::max(ncols, row.size());
    rows.push_back(std::move(row));
  }
  const int64_t m = static_cast<int64_t>(rows.size()), n = static_cast<int64_t>(ncols);
  std::vector<double> data(static_cast<size_t>(m * n), opt.empty_value);
  for (int64_t r = 0; r < m; ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) data[c * m + r] = rows[r][c];
  }
  if (m == 0 || n == 0) return Value::empty();
  return double_array(Shape{m, n}, data);
}

// Name-value pairs of readmatrix/writematrix: NumHeaderLines, Delimiter.
void take_options(const Args& args, size_t from, const char* fname, ReadOptions* opt) {
  if ((args.size() - from) % 2 != 0) {
    throw_error("MATLAB:InputParser:ParamMissingValue",
                "Name-value pair arguments must come in pairs.");
  }
  for (size_t i = from; i < args.size(); i += 2) {
    const std::string key = absl::AsciiStrToLower(text_scalar(args[i], fname, "Option name"));
    if (key == "numheaderlines") {
      opt->header_lines = static_cast<int>(args[i + 1].scalar_double("NumHeaderLines"));
    } else if (key == "delimiter") {
      opt->delimiter = unescape_text(text_scalar(args[i + 1], fname, "Delimiter"));
    } else if (key == "filetype") {
      // 'text' / 'delimitedtext' are what this reader does; anything else is unsupported.
      const std::string t = text_scalar(args[i + 1], fname, "FileType");
      if (t != "text" && t != "delimitedtext") {
        throw_error("MATLAB:io:UnsupportedFileType", "FileType '%s' is not supported.", t.c_str());
      }
    } else {
      throw_error("MATLAB:InputParser:UnmatchedParameter", "'%s' is not a recognized parameter.",
                  key.c_str());
    }
  }
}

Args readmatrix_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, SIZE_MAX);
  const std::string name = text_scalar(args[0], "readmatrix", "File name");
  ReadOptions opt;
  take_options(args, 1, "readmatrix", &opt);
  return {read_numeric(name, opt, "readmatrix")};
}

// csvread(name[, R, C]): R and C are zero-based offsets; empty fields are 0.
Args csvread_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 3);
  const std::string name = text_scalar(args[0], "csvread", "File name");
  ReadOptions opt;
  opt.header_lines = 0, opt.delimiter = ",", opt.empty_value = 0, opt.text_is_error = true;
  int64_t r0 = 0, c0 = 0;
  if (args.size() > 1) r0 = static_cast<int64_t>(args[1].scalar_double("Row offset"));
  if (args.size() > 2) c0 = static_cast<int64_t>(args[2].scalar_double("Column offset"));
  if (r0 < 0 || c0 < 0) throw_error("MATLAB:csvread:InvalidOffset", "Offsets must be >= 0.");
  return {read_numeric(name, opt, "csvread", r0, c0)};
}

std::string format_number(double v, const char* fmt) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Inf" : "-Inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

void write_matrix(const std::string& name, const Value& a, const std::string& delim,
                  const char* fmt, int64_t r0, int64_t c0, const char* fname) {
  if (!a.is_numeric_like() || a.shape().ndims() > 2) {
    throw_error(absl::StrCat("MATLAB:", fname, ":UnsupportedInput").c_str(),
                "Input must be a 2-D numeric, logical or char array.");
  }
  std::ofstream out(name, std::ios::binary | std::ios::trunc);
  if (!out) {
    throw_error(absl::StrCat("MATLAB:", fname, ":FileNotWritable").c_str(),
                "Unable to open file '%s' for writing.", name.c_str());
  }
  const int64_t m = a.shape().dims()[0], n = a.shape().dims()[1];
  for (int64_t r = 0; r < r0; ++r) out << std::string(static_cast<size_t>(n + c0 - 1), ',') << "\n";
  for (int64_t r = 0; r < m; ++r) {
    std::string line(static_cast<size_t>(c0), delim[0]);
    for (int64_t c = 0; c < n; ++c) {
      if (c) line += delim;
      if (a.is_char()) {
        line += static_cast<char>(a.elem(c * m + r));
      } else {
        line += format_number(a.elem(c * m + r), fmt);
      }
    }
    out << line << "\n";
  }
  if (!out) {
    throw_error(absl::StrCat("MATLAB:", fname, ":FileNotWritable").c_str(), "Could not write '%s'.",
                name.c_str());
  }
}

// writematrix(A, filename[, 'Delimiter', d]): up to 15 significant digits, comma-separated.
Args writematrix_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, SIZE_MAX);
  const std::string name = text_scalar(args[1], "writematrix", "File name");
  ReadOptions opt;
  take_options(args, 2, "writematrix", &opt);
  std::string delim = opt.delimiter.empty() ? "," : opt.delimiter;
  if (delim == "tab") delim = "\t";
  if (delim == "space") delim = " ";
  if (delim == "semi") delim = ";";
  if (delim == "comma") delim = ",";
  Value a = args[0];
  if (a.is_char() && a.shape().dims()[0] == 1) {
    // A char row vector is one text cell.
    std::ofstream out(name, std::ios::binary | std::ios::trunc);
    out << a.to_text() << "\n";
    return {};
  }
  write_matrix(name, a, delim, "%.15g", 0, 0, "writematrix");
  return {};
}

// csvwrite(name, M[, R, C]): at most five significant digits, as MATLAB's csvwrite.
Args csvwrite_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 4);
  const std::string name = text_scalar(args[0], "csvwrite", "File name");
  int64_t r0 = 0, c0 = 0;
  if (args.size() > 2) r0 = static_cast<int64_t>(args[2].scalar_double("Row offset"));
  if (args.size() > 3) c0 = static_cast<int64_t>(args[3].scalar_double("Column offset"));
  if (r0 < 0 || c0 < 0) throw_error("MATLAB:csvwrite:InvalidOffset", "Offsets must be >= 0.");
  write_matrix(name, args[1], ",", "%.5g", r0, c0, "csvwrite");
  return {};
}

// C = textscan(fid or text, format[, N], 'Delimiter', d, 'HeaderLines', h): one cell per
// conversion. %f %n (double), %d (int32), %u (uint32) give numeric columns, %s a cell column of
// char vectors; %*f / %*s skip a field. Fields are taken line by line in order and assigned to
// the conversions cyclically; an empty field is NaN; reading stops at the first numeric field
// that does not parse (as MATLAB does), or after N applications of the format.
Args textscan_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, SIZE_MAX);
  std::string text;
  OpenFile* file = nullptr;
  long start = 0;
  if (is_text_scalar(args[0])) {
    text = text_scalar(args[0], "textscan", "Input");
  } else {
    const double fid = args[0].is_numeric_like() && args[0].numel() == 1 ? args[0].elem(0) : -1;
    file = fid >= 3 && fid == std::floor(fid) && fid < 1e9
               ? ctx.rt.files().find(static_cast<int>(fid))
               : nullptr;
    if (!file || !file->can_read) {
      throw_error("MATLAB:textscan:BadFid",
                  "Invalid file identifier. Use fopen to generate a valid file identifier.");
    }
    start = std::ftell(file->fp);
    char buf[65536];
    size_t got = 0;
    while ((got = std::fread(buf, 1, sizeof buf, file->fp)) > 0) text.append(buf, got);
  }
  const std::string fmt = text_scalar(args[1], "textscan", "Format");
  size_t next = 2;
  double repeat = INFINITY;
  if (args.size() > next && !is_text_value(args[next])) {
    repeat = args[next++].scalar_double("N");
    if (repeat < 0 || std::isnan(repeat)) repeat = INFINITY;
  }
  std::string delim;
  int header = 0;
  if ((args.size() - next) % 2 != 0) {
    throw_error("MATLAB:InputParser:ParamMissingValue",
                "Name-value pair arguments must come in pairs.");
  }
  for (size_t i = next; i < args.size(); i += 2) {
    const std::string key = absl::AsciiStrToLower(text_scalar(args[i], "textscan", "Option"));
    if (key == "delimiter") {
      delim = unescape_text(text_scalar(args[i + 1], "textscan", "Delimiter"));
    } else if (key == "headerlines") {
      header = static_cast<int>(args[i + 1].scalar_double("HeaderLines"));
    } else {
      throw_error("MATLAB:textscan:UnknownOption", "'%s' is not a recognized parameter.",
                  key.c_str());
    }
  }
  // The conversions of the format.
  struct Conv {
    char kind;  // 'f' 'd' 'u' 's'
    bool skip;
  };
  std::vector<Conv> convs;
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%') continue;
    size_t j = i + 1;
    const bool skip = j < fmt.size() && fmt[j] == '*';
    if (skip) ++j;
    while (j < fmt.size() && (std::isdigit(static_cast<unsigned char>(fmt[j])) || fmt[j] == '.')) {
      ++j;
    }
    if (j >= fmt.size()) throw_error("MATLAB:textscan:BadFormatString", "Invalid format.");
    char k = fmt[j];
    if (k == 'n') k = 'f';
    if (k == 'd' || k == 'u') {
      // %d8, %d16, %d32, %d64 and %u.. widths: all read as whole numbers.
      while (j + 1 < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[j + 1]))) ++j;
    }
    if (k != 'f' && k != 'd' && k != 'u' && k != 's') {
      throw_error("MATLAB:textscan:BadFormatString", "Unsupported conversion '%%%c'.", k);
    }
    convs.push_back({k, skip});
    i = j;
  }
  if (convs.empty()) throw_error("MATLAB:textscan:BadFormatString", "Invalid format.");
  std::vector<std::vector<double>> nums(convs.size());
  std::vector<std::vector<Value>> words(convs.size());
  size_t pos = 0, consumed = 0;
  for (int h = 0; h < header && pos < text.size(); ++h) {
    const size_t nl = text.find('\n', pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
  }
  consumed = pos;
  size_t c = 0;
  double done = 0;
  bool stop = false;
  while (!stop && pos < text.size() && done < repeat) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    pos = nl + 1;
    if (absl::StripAsciiWhitespace(line).empty()) {
      consumed = std::min(pos, text.size());
      continue;
    }
    for (const std::string& raw : split_fields(line, delim.empty() ? " " : delim)) {
      const Conv& cv = convs[c];
      if (cv.kind == 's') {
        if (!cv.skip)
          words[c].push_back(Value::char_row(std::string(absl::StripAsciiWhitespace(raw))));
      } else {
        double v = NAN;
        bool empty = false;
        if (!parse_field(raw, &v, &empty)) {
          stop = true;
          break;
        }
        if (empty) v = NAN;
        if (!cv.skip) nums[c].push_back(v);
      }
      c = (c + 1) % convs.size();
      if (c == 0 && ++done >= repeat) break;
    }
    if (!stop) consumed = std::min(pos, text.size());
  }
  if (file) std::fseek(file->fp, start + static_cast<long>(consumed), SEEK_SET);
  std::vector<Value> cells;
  for (size_t k = 0; k < convs.size(); ++k) {
    if (convs[k].skip) continue;
    if (convs[k].kind == 's') {
      cells.push_back(make_cell(Shape::column(static_cast<int64_t>(words[k].size())), words[k]));
      continue;
    }
    const ClassId cls = convs[k].kind == 'd'   ? ClassId::Int32
                        : convs[k].kind == 'u' ? ClassId::UInt32
                                               : ClassId::Double;
    auto a = std::make_shared<Array>(cls, Shape::column(static_cast<int64_t>(nums[k].size())));
    for (size_t i = 0; i < nums[k].size(); ++i)
      a->set_from_double(static_cast<int64_t>(i), nums[k][i]);
    cells.push_back(Value::array(a));
  }
  return {make_cell(Shape::row(static_cast<int64_t>(cells.size())), cells)};
}

}  // namespace

void register_csv_builtins(BuiltinRegistry& reg) {
  reg.add("readmatrix", readmatrix_fn,
          "A = readmatrix(file, 'NumHeaderLines', n, 'Delimiter', d): numeric matrix from a "
          "delimited text file (text and empty fields read as NaN).");
  reg.add("writematrix", writematrix_fn,
          "writematrix(A, file, 'Delimiter', d): write a numeric matrix as delimited text.");
  reg.add("csvread", csvread_fn, "M = csvread(file, R, C): numeric CSV from zero-based offsets.");
  reg.add("textscan", textscan_fn,
          "C = textscan(fid or text, format, N, 'Delimiter', d, 'HeaderLines', h): columns of "
          "%f %d %u %s fields as a cell row.");
  reg.add("csvwrite", csvwrite_fn,
          "csvwrite(file, M, R, C): write a matrix as CSV with five significant digits.");
}

}  // namespace runmat::runtime
