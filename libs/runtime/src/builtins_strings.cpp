// Text construction and per-element text functions: string strings char cellstr isstring
// strlength blanks newline upper lower strtrim deblank strip reverse strcat strvcat strjoin
// strsplit strrep isspace isletter isdigit isstrprop.
#include <algorithm>
#include <cctype>
#include <cmath>

#include "builtins.hpp"
#include "builtins_arrays.hpp"
#include "runmat/core/error.hpp"
#include "text_util.hpp"

namespace runmat::runtime {
namespace {

// Applies f to every (non-missing) element and answers in the input's class.
template <typename F>
Value map_text(const Value& v, const char* fname, F f) {
  TextArray t = text_array(v, fname);
  std::vector<std::string> out;
  out.reserve(t.size());
  for (size_t i = 0; i < t.size(); ++i) out.push_back(t.is_missing(i) ? t.data[i] : f(t.data[i]));
  return text_result(t, std::move(out));
}

// The string() text of element i of any value (numbers, logicals, chars, strings).
std::string element_text(const Value& v, int64_t i) {
  return number_to_string(v.elem(i), v.cls());
}

Args string_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, 1);
  if (args.empty()) return {Value::string_scalar("")};
  const Value& x = args[0];
  if (x.is_string()) return {x};
  if (x.is_char()) {
    TextArray t = text_array(x, "string");
    if (t.data.size() == 1 && x.shape().rows() <= 1) return {Value::string_scalar(t.data[0])};
    return {make_string_array(t.shape, std::move(t.data))};
  }
  if (x.is_cell()) {
    std::vector<std::string> data;
    for (const Value& e : x.cell().data) {
      if (e.is_char() && e.shape().rows() <= 1) {
        data.push_back(e.to_text());
      } else if (e.is_string() && e.numel() == 1) {
        data.push_back(e.string().data[0]);
      } else if (e.is_numeric_like() && e.numel() == 1 && !e.is_char()) {
        data.push_back(element_text(e, 0));
      } else {
        throw_error("MATLAB:string:MustBeCellOfTextScalars",
                    "Conversion from cell failed. Element must be a character vector, string "
                    "scalar, or numeric scalar.");
      }
    }
    return {make_string_array(x.shape(), std::move(data))};
  }
  if (x.is_numeric_like()) {
    std::vector<std::string> data;
    std::vector<uint8_t> missing;
    for (int64_t i = 0; i < x.numel(); ++i) {
      const double d = x.elem(i);
      // string(NaN) is <missing>, as MATLAB converts it.
      missing.push_back(std::isnan(d) && is_float_class(x.cls()) ? 1 : 0);
      data.push_back(missing.back() ? std::string() : element_text(x, i));
    }
    return {make_string_array(x.shape(), std::move(data), std::move(missing))};
  }
  throw_error("MATLAB:string:UnsupportedClass", "Conversion to string from %s is not possible.",
              x.class_name());
}

Args strings_fn(CallContext& ctx, Args& args) {
  const Shape s = shape_from_args(ctx, args);
  return {make_string_array(s, std::vector<std::string>(static_cast<size_t>(s.numel())))};
}

// char(x): numbers become code units (shape kept); text becomes a blank-padded char matrix,
// one row per element; several arguments stack as rows ('' keeps a blank row).
Args char_fn(CallContext& ctx, Args& args) {
  if (args.empty()) return {Value::char_row("")};
  if (args.size() == 1 && args[0].is_numeric_like()) {
    const Value& x = args[0];
    if (x.is_char()) return {x};
    auto a = std::make_shared<Array>(ClassId::Char, x.shape());
    for (int64_t i = 0; i < x.numel(); ++i) {
      const double d = x.elem(i);
      if (!(d >= 0 && d <= 65535)) {
        throw_error("MATLAB:char:invalidCharacterCode",
                    "Conversion to char from %s is not possible for values outside 0..65535.",
                    x.class_name());
      }
      a->mutable_data<uint16_t>()[i] = static_cast<uint16_t>(d);
    }
    return {Value::array(std::move(a))};
  }
  std::vector<std::string> rows;
  for (const Value& a : args) {
    if (a.is_char() || a.is_string() || a.is_cell()) {
      TextArray t = text_array(a, "char");
      if (a.is_char() && a.numel() == 0) {
        rows.emplace_back();
        continue;
      }
      for (auto& s : t.data) rows.push_back(std::move(s));
    } else if (a.is_numeric_like()) {
      std::string s;
      for (int64_t i = 0; i < a.numel(); ++i) s.push_back(static_cast<char>(a.elem(i)));
      rows.push_back(s);
    } else {
      throw_error("MATLAB:char:UnsupportedClass", "Conversion to char from %s is not possible.",
                  a.class_name());
    }
  }
  if (args.size() == 1 && args[0].is_string() && args[0].numel() == 1) {
    return {Value::char_row(rows[0])};
  }
  return {char_matrix(rows)};
}

std::string deblank_text(std::string s) {
  while (!s.empty() && (is_matlab_space(s.back()) || s.back() == '\0')) s.pop_back();
  return s;
}

std::string trim_text(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && (is_matlab_space(s[b]) || s[b] == '\0')) ++b;
  while (e > b && (is_matlab_space(s[e - 1]) || s[e - 1] == '\0')) --e;
  return s.substr(b, e - b);
}

Args cellstr_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  const Value& x = args[0];
  if (x.is_cell()) {
    if (!is_text_value(x)) {
      throw_error("MATLAB:cellstr:InputClass",
                  "Input must be a string array, character array, or cell array of character "
                  "vectors.");
    }
    return {x};
  }
  if (x.is_string()) {
    std::vector<Value> cells;
    for (const auto& s : x.string().data) cells.push_back(Value::char_row(s));
    return {make_cell(x.shape(), std::move(cells))};
  }
  if (x.is_char() && x.shape().ndims() == 2) {
    // Rows lose their trailing blanks; '' (0x0) gives {''}.
    const int64_t rows = x.numel() == 0 ? 1 : x.shape().rows();
    std::vector<Value> cells;
    for (int64_t r = 0; r < rows; ++r) {
      cells.push_back(Value::char_row(x.numel() == 0 ? "" : deblank_text(char_row_text(x, r))));
    }
    return {make_cell(Shape::column(rows), std::move(cells))};
  }
  throw_error("MATLAB:cellstr:InputClass",
              "Input must be a string array, character array, or cell array of character vectors.");
}

Args isstring_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {Value::logical(args[0].is_string())};
}

Args strlength_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  TextArray t = text_array(args[0], "strlength");
  std::vector<double> n;
  for (size_t i = 0; i < t.size(); ++i) {
    n.push_back(t.is_missing(i) ? std::nan("") : static_cast<double>(t.data[i].size()));
  }
  return {double_array(t.shape, n)};
}

Args blanks_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  const double n = args[0].scalar_double("N");
  if (!(n >= 0) || n != std::floor(n)) {
    throw_error("MATLAB:blanks:NonNegativeInteger", "N must be a non-negative integer.");
  }
  return {Value::char_row(std::string(static_cast<size_t>(n), ' '))};
}

Args newline_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, 0);
  return {Value::char_row("\n")};
}

// upper/lower keep a char matrix's shape, so they map code units rather than rows.
template <bool Upper>
Args case_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  const Value& x = args[0];
  auto conv = [](unsigned char c) {
    return static_cast<char>(Upper ? std::toupper(c) : std::tolower(c));
  };
  if (x.is_char()) {
    Value out = x;
    Array& a = out.make_unique_array();
    uint16_t* d = a.mutable_data<uint16_t>();
    for (int64_t i = 0; i < a.numel(); ++i) {
      if (d[i] < 128) d[i] = static_cast<unsigned char>(conv(static_cast<unsigned char>(d[i])));
    }
    return {out};
  }
  if (!is_text_value(x)) {
    throw_error(Upper ? "MATLAB:upper:InputClass" : "MATLAB:lower:InputClass",
                "Input must be a string array, character array, or cell array of character "
                "vectors.");
  }
  return {map_text(x, Upper ? "upper" : "lower", [&](std::string s) {
    for (char& c : s) c = conv(static_cast<unsigned char>(c));
    return s;
  })};
}

// A char matrix loses the leading/trailing columns that are blank in every row.
Value trim_char_matrix(const Value& x, bool leading) {
  const int64_t rows = x.shape().rows(), cols = x.shape().cols();
  const ArrayPtr a = x.as_array();
  auto blank_col = [&](int64_t c) {
    for (int64_t r = 0; r < rows; ++r) {
      const double ch = a->get_as_double(r + c * rows);
      if (!(ch == 0 || is_matlab_space(static_cast<unsigned char>(ch)))) return false;
    }
    return true;
  };
  int64_t b = 0, e = cols;
  while (leading && b < e && blank_col(b)) ++b;
  while (e > b && blank_col(e - 1)) --e;
  std::vector<std::string> out;
  for (int64_t r = 0; r < rows; ++r) out.push_back(char_row_text(x, r).substr(b, e - b));
  return char_matrix(out);
}

Args strtrim_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  const Value& x = args[0];
  if (x.is_char() && x.shape().rows() > 1) return {trim_char_matrix(x, true)};
  if (!is_text_value(x)) {
    throw_error("MATLAB:strtrim:InputClass",
                "Input should be a string, character array, or cell array of character vectors.");
  }
  return {map_text(x, "strtrim", trim_text)};
}

Args deblank_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  const Value& x = args[0];
  if (x.is_char() && x.shape().rows() > 1) return {trim_char_matrix(x, false)};
  if (!is_text_value(x)) {
    throw_error("MATLAB:deblank:NonStringInput",
                "Input must be a string array, character array, or cell array of character "
                "vectors.");
  }
  return {map_text(x, "deblank", deblank_text)};
}

// strip(str, side, padChar): side 'both' (default) 'left' 'right'; whitespace by default.
Args strip_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 3);
  std::string side = "both";
  int pad = -1;  // -1: whitespace
  if (args.size() >= 2) {
    const std::string a1 = text_scalar(args[1], "strip", "Second argument");
    std::string low = a1;
    for (char& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (args.size() == 2 && a1.size() == 1 && low != "l" && low != "r" && low != "b") {
      pad = static_cast<unsigned char>(a1[0]);
    } else if (low == "both" || low == "left" || low == "right") {
      side = low;
    } else {
      throw_error("MATLAB:strip:InvalidSide", "Side must be 'left', 'right', or 'both'.");
    }
  }
  if (args.size() == 3) {
    const std::string p = text_scalar(args[2], "strip", "Pad character");
    if (p.size() != 1) {
      throw_error("MATLAB:strip:InvalidPadCharacter", "Pad character must be a single character.");
    }
    pad = static_cast<unsigned char>(p[0]);
  }
  auto strip_it = [&](char c) {
    return pad < 0 ? is_matlab_space(static_cast<unsigned char>(c))
                   : static_cast<unsigned char>(c) == pad;
  };
  return {map_text(args[0], "strip", [&](const std::string& s) {
    size_t b = 0, e = s.size();
    if (side != "right") {
      while (b < e && strip_it(s[b])) ++b;
    }
    if (side != "left") {
      while (e > b && strip_it(s[e - 1])) --e;
    }
    return s.substr(b, e - b);
  })};
}

Args reverse_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {map_text(args[0], "reverse", [](std::string s) {
    std::reverse(s.begin(), s.end());
    return s;
  })};
}

// strcat: char arguments lose trailing whitespace (unless a cell or string argument is present);
// cells and strings concatenate elementwise with scalar expansion.
Args strcat_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, SIZE_MAX);
  bool any_string = false, any_cell = false;
  for (const Value& a : args) {
    any_string = any_string || a.is_string();
    any_cell = any_cell || a.is_cell();
  }
  if (!any_string && !any_cell) {
    // Char matrices: rows concatenate; a one-row argument joins every row.
    int64_t rows = 1;
    std::vector<std::vector<std::string>> parts;
    for (const Value& a : args) {
      Value v = a;
      if (!a.is_char()) {
        if (!a.is_numeric_like()) {
          throw_error("MATLAB:strcat:InvalidInputType",
                      "Inputs must be character vectors, cell arrays of character vectors, or "
                      "string arrays.");
        }
        std::string s;
        for (int64_t i = 0; i < a.numel(); ++i) s.push_back(static_cast<char>(a.elem(i)));
        v = Value::char_row(s);
      }
      if (v.numel() == 0) continue;
      std::vector<std::string> r;
      if (v.shape().rows() > 1) {
        const Value t = trim_char_matrix(v, false);
        for (int64_t i = 0; i < t.shape().rows(); ++i) r.push_back(char_row_text(t, i));
        if (rows > 1 && static_cast<int64_t>(r.size()) != rows) {
          throw_error("MATLAB:strcat:InvalidInputSize",
                      "All the inputs must be the same size or scalars.");
        }
        rows = static_cast<int64_t>(r.size());
      } else {
        r.push_back(deblank_text(v.to_text()));
      }
      parts.push_back(std::move(r));
    }
    std::vector<std::string> out(static_cast<size_t>(rows));
    for (const auto& p : parts) {
      for (int64_t i = 0; i < rows; ++i) out[i] += p.size() == 1 ? p[0] : p[i];
    }
    if (rows == 1) return {Value::char_row(out[0])};
    return {char_matrix(out)};
  }
  Shape shape = Shape::scalar();
  std::vector<TextArray> texts;
  for (const Value& a : args) {
    TextArray t = text_array(a, "strcat");
    if (t.kind != TextKind::Char && t.size() != 1) {
      if (shape.numel() != 1 && !(shape == t.shape)) {
        throw_error("MATLAB:strcat:InvalidInputSize",
                    "All the inputs must be the same size or scalars.");
      }
      shape = t.shape;
    }
    texts.push_back(std::move(t));
  }
  const size_t n = static_cast<size_t>(shape.numel());
  std::vector<std::string> out(n);
  std::vector<uint8_t> missing(n, 0);
  for (const auto& t : texts) {
    for (size_t i = 0; i < n; ++i) {
      const size_t k = t.size() == 1 ? 0 : i;
      if (t.kind == TextKind::Char && t.size() != 1) continue;
      if (t.is_missing(k)) missing[i] = 1;
      out[i] += t.data[k];
    }
  }
  if (any_string) return {make_string_array(shape, std::move(out), std::move(missing))};
  std::vector<Value> cells;
  for (auto& s : out) cells.push_back(Value::char_row(s));
  return {make_cell(shape, std::move(cells))};
}

// strvcat: rows of every argument stacked and padded; empty arguments are skipped.
Args strvcat_fn(CallContext& ctx, Args& args) {
  std::vector<std::string> rows;
  for (const Value& a : args) {
    if (a.numel() == 0) continue;
    if (a.is_numeric_like() && !a.is_char()) {
      std::string s;
      for (int64_t i = 0; i < a.numel(); ++i) s.push_back(static_cast<char>(a.elem(i)));
      rows.push_back(s);
      continue;
    }
    TextArray t = text_array(a, "strvcat");
    for (auto& s : t.data) {
      if (!s.empty() || a.is_char()) rows.push_back(std::move(s));
    }
  }
  if (rows.empty()) return {Value::char_row("")};
  return {char_matrix(rows)};
}

// strjoin(C, delimiter): delimiter escapes are expanded; a cell of N-1 delimiters interleaves.
Args strjoin_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  const Value& c = args[0];
  if (!(c.is_cell() || c.is_string()) || !is_text_value(c)) {
    throw_error("MATLAB:strjoin:InvalidCellType",
                "First input must be a string array or cell array of character vectors.");
  }
  TextArray t = text_array(c, "strjoin");
  if (t.shape.ndims() != 2 || (t.shape.rows() > 1 && t.size() > 1)) {
    throw_error("MATLAB:strjoin:InvalidCellType",
                "First input must be a 1-by-N string array or cell array of character vectors.");
  }
  std::vector<std::string> delims(t.size() > 0 ? t.size() - 1 : 0, " ");
  if (args.size() == 2) {
    if (args[1].is_cell() || (args[1].is_string() && args[1].numel() != 1)) {
      TextArray d = text_array(args[1], "strjoin", "Delimiter");
      if (d.size() != delims.size()) {
        throw_error("MATLAB:strjoin:WrongNumberOfDelimiterElements",
                    "The number of delimiters must be one less than the number of elements.");
      }
      delims = d.data;
    } else {
      const std::string d = unescape_text(text_scalar(args[1], "strjoin", "Delimiter"));
      std::fill(delims.begin(), delims.end(), d);
    }
  }
  std::string out;
  for (size_t i = 0; i < t.size(); ++i) {
    if (i > 0) out += delims[i - 1];
    out += t.data[i];
  }
  if (t.kind == TextKind::String) return {Value::string_scalar(out)};
  return {Value::char_row(out)};
}

// strsplit(str, delimiter, 'CollapseDelimiters', tf): a 1-by-N cell (string array for a
// string). Default delimiter: whitespace; adjacent delimiters collapse by default.
Args strsplit_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 6);
  if (!is_text_scalar(args[0])) {
    throw_error("MATLAB:strsplit:InvalidStringType",
                "First input must be either a character vector or a string scalar.");
  }
  const bool as_string = args[0].is_string();
  const std::string s = text_scalar(args[0], "strsplit");
  std::vector<std::string> delims;
  size_t k = 1;
  if (args.size() >= 2 && !(args.size() % 2 == 1 && args[1].is_char())) {
    TextArray d = text_array(args[1], "strsplit", "Delimiter");
    for (auto& x : d.data) delims.push_back(unescape_text(x));
    k = 2;
  } else if (args.size() == 2) {
    delims.push_back(unescape_text(text_scalar(args[1], "strsplit", "Delimiter")));
    k = 2;
  }
  bool collapse = true;
  for (; k + 1 < args.size() + 1 && k < args.size(); k += 2) {
    std::string name = text_scalar(args[k], "strsplit", "Parameter name");
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (k + 1 >= args.size()) throw_error("MATLAB:strsplit:InvalidParameter", "Missing value.");
    if (name == "collapsedelimiters") {
      collapse = args[k + 1].scalar_double("CollapseDelimiters") != 0;
    } else if (name == "delimitertype") {
      std::string t = text_scalar(args[k + 1], "strsplit", "DelimiterType");
      if (t != "Simple" && t != "simple") {
        throw_error("MATLAB:strsplit:UnsupportedDelimiterType",
                    "Use regexp(str, expr, 'split') for regular-expression delimiters.");
      }
    } else {
      throw_error("MATLAB:strsplit:InvalidParameter", "Invalid parameter name '%s'.", name);
    }
  }
  if (delims.empty()) delims = {" ", "\f", "\n", "\r", "\t", "\v"};
  // Longest delimiter first where several match at the same place.
  std::stable_sort(delims.begin(), delims.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::vector<std::string> parts;
  std::string cur;
  size_t i = 0;
  bool last_was_delim = false;
  while (i <= s.size()) {
    if (i == s.size()) {
      parts.push_back(cur);
      break;
    }
    size_t len = 0;
    for (const auto& d : delims) {
      if (!d.empty() && s.compare(i, d.size(), d) == 0) {
        len = d.size();
        break;
      }
    }
    if (len > 0) {
      if (!(collapse && last_was_delim)) parts.push_back(cur);
      cur.clear();
      last_was_delim = true;
      i += len;
    } else {
      cur.push_back(s[i]);
      last_was_delim = false;
      ++i;
    }
  }
  const Shape shape = Shape::row(static_cast<int64_t>(parts.size()));
  if (as_string) return {make_string_array(shape, std::move(parts))};
  std::vector<Value> cells;
  for (auto& p : parts) cells.push_back(Value::char_row(p));
  return {make_cell(shape, std::move(cells))};
}

// strrep replaces every match, overlapping ones included (strrep('aaa','aa','b') is 'bb').
std::string strrep_text(const std::string& s, const std::string& from, const std::string& to) {
  if (from.empty()) return s;
  std::string out;
  size_t covered = 0;  // s[0, covered) is accounted for
  for (size_t i = 0; i + from.size() <= s.size(); ++i) {
    if (s.compare(i, from.size(), from) != 0) continue;
    if (i > covered) out.append(s, covered, i - covered);
    out += to;
    covered = std::max(covered, i + from.size());
  }
  if (covered < s.size()) out.append(s, covered, std::string::npos);
  return out;
}

Args strrep_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 3, 3);
  for (const Value& a : args) {
    if (!is_text_value(a)) {
      throw_error("MATLAB:strrep:InvalidInputType",
                  "Input must be a string array, character vector, or cell array of character "
                  "vectors.");
    }
  }
  const std::string from = text_scalar(args[1], "strrep", "Pattern");
  const std::string to = text_scalar(args[2], "strrep", "Replacement");
  return {
      map_text(args[0], "strrep", [&](const std::string& s) { return strrep_text(s, from, to); })};
}

// isspace/isletter/isdigit and isstrprop categories on char code units.
bool char_in_category(const std::string& cat, unsigned c) {
  if (c > 127) c = 0;  // non-ASCII code units belong to no category here
  const int ch = static_cast<int>(c);
  if (cat == "alpha") return std::isalpha(ch);
  if (cat == "digit") return std::isdigit(ch);
  if (cat == "alphanum") return std::isalnum(ch);
  if (cat == "wspace") return is_matlab_space(static_cast<unsigned char>(c));
  if (cat == "upper") return std::isupper(ch);
  if (cat == "lower") return std::islower(ch);
  if (cat == "punct") return std::ispunct(ch);
  if (cat == "cntrl") return std::iscntrl(ch);
  if (cat == "xdigit") return std::isxdigit(ch);
  if (cat == "graphic" || cat == "graph") return std::isgraph(ch);
  if (cat == "print") return std::isprint(ch);
  if (cat == "ascii") return true;
  throw_error("MATLAB:isstrprop:InvalidCategory",
              "Category '%s' is not valid: use alpha, alphanum, digit, wspace, upper, lower, "
              "punct, cntrl, xdigit, graphic, print or ascii.",
              cat);
}

// A logical of x's shape: the category test on chars, false for anything else.
Value category_mask(const Value& x, const std::string& cat) {
  std::vector<uint8_t> bits(static_cast<size_t>(x.numel()), 0);
  if (x.is_char()) {
    for (int64_t i = 0; i < x.numel(); ++i) {
      bits[i] = char_in_category(cat, static_cast<unsigned>(x.elem(i))) ? 1 : 0;
    }
  } else {
    char_in_category(cat, 'a');  // validates the category name
  }
  return logical_array(x.shape(), bits);
}

template <int Which>
Args char_class_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  static const char* const kCats[] = {"wspace", "alpha", "digit"};
  return {category_mask(args[0], kCats[Which])};
}

Args isstrprop_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 4);
  const std::string cat = text_scalar(args[1], "isstrprop", "Category");
  const Value& x = args[0];
  bool force_cell = false;
  if (args.size() == 4) force_cell = args[3].scalar_double("ForceCellOutput") != 0;
  if (x.is_cell() || (x.is_string() && (x.numel() != 1 || force_cell))) {
    TextArray t = text_array(x, "isstrprop");
    std::vector<Value> cells;
    for (const auto& s : t.data) cells.push_back(category_mask(Value::char_row(s), cat));
    return {make_cell(t.shape, std::move(cells))};
  }
  if (x.is_string()) return {category_mask(Value::char_row(x.string().data[0]), cat)};
  if (force_cell) return {make_cell(Shape::scalar(), {category_mask(x, cat)})};
  if (x.is_numeric_like() && !x.is_char()) {
    // Numbers are tested as character codes.
    std::vector<uint8_t> bits;
    for (int64_t i = 0; i < x.numel(); ++i) {
      const double d = x.elem(i);
      bits.push_back(d >= 0 && d < 128 && d == std::floor(d) &&
                     char_in_category(cat, static_cast<unsigned>(d)));
    }
    return {logical_array(x.shape(), bits)};
  }
  return {category_mask(x, cat)};
}

}  // namespace

void register_string_builtins(BuiltinRegistry& reg) {
  reg.add("string", string_fn,
          "string(x): string array from text, cellstr or numbers (string(pi) is \"3.1416\").");
  reg.add("strings", strings_fn, "strings(n), strings(m, n, ...): string array of \"\".");
  reg.add("char", char_fn,
          "char(x), char(a, b, ...): char array from codes, text, cellstr or strings (rows padded "
          "with blanks).");
  reg.add("cellstr", cellstr_fn,
          "cellstr(x): cell array of char vectors from a char matrix (rows deblanked) or strings.");
  reg.add("isstring", isstring_fn, "isstring(x): true for a string array.");
  reg.add("strlength", strlength_fn, "strlength(s): number of characters of each text element.");
  reg.add("blanks", blanks_fn, "blanks(n): char row of n blanks.");
  reg.add("newline", newline_fn, "newline: the newline character, char(10).");
  reg.add("upper", case_fn<true>, "upper(s): text in upper case.");
  reg.add("lower", case_fn<false>, "lower(s): text in lower case.");
  reg.add("strtrim", strtrim_fn, "strtrim(s): text without leading and trailing whitespace.");
  reg.add("deblank", deblank_fn, "deblank(s): text without trailing whitespace and nulls.");
  reg.add("strip", strip_fn,
          "strip(s[, side][, padChar]): remove leading/trailing whitespace or padChar.");
  reg.add("reverse", reverse_fn, "reverse(s): characters in reverse order.");
  reg.add("strcat", strcat_fn,
          "strcat(a, b, ...): concatenate text horizontally (char inputs lose trailing "
          "whitespace).");
  reg.add("strvcat", strvcat_fn,
          "strvcat(a, b, ...): stack text vertically as a padded char matrix, skipping empties.");
  reg.add("strjoin", strjoin_fn,
          "strjoin(C[, delimiter]): join a 1-by-N cellstr or string array with a delimiter.");
  reg.add("strsplit", strsplit_fn,
          "strsplit(s[, delimiter][, 'CollapseDelimiters', tf]): split text into a cell row.");
  reg.add("strrep", strrep_fn, "strrep(s, old, new): replace every occurrence of old by new.");
  reg.add("isspace", char_class_fn<0>, "isspace(s): true where s has whitespace characters.");
  reg.add("isletter", char_class_fn<1>, "isletter(s): true where s has letters.");
  reg.add("isdigit", char_class_fn<2>, "isdigit(s): true where s has digits 0-9.");
  reg.add("isstrprop", isstrprop_fn,
          "isstrprop(s, category): true where characters are in the category (alpha, digit, "
          "alphanum, wspace, upper, lower, punct, cntrl, xdigit, graphic, print, ascii).");
}

}  // namespace runmat::runtime
