// Numbers to text and back: num2str int2str mat2str str2num str2double dec2bin bin2dec dec2hex
// hex2dec dec2base base2dec compose.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "builtins.hpp"
#include "format_printf.hpp"
#include "runmat/core/error.hpp"
#include "text_util.hpp"
#include "vm.hpp"

namespace runmat::runtime {
namespace {

std::string c_format(const char* fmt, int a, int b, double v) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, a, b, v);
  return buf;
}

// Rows of a char matrix lose the leading columns blank in every row, and trailing blanks.
Value trimmed_rows(std::vector<std::string> rows) {
  size_t lead = std::string::npos;
  for (const auto& r : rows) {
    const size_t f = r.find_first_not_of(' ');
    lead = std::min(lead, f == std::string::npos ? r.size() : f);
  }
  if (lead == std::string::npos) lead = 0;
  for (auto& r : rows) {
    r = r.substr(std::min(lead, r.size()));
    while (!r.empty() && r.back() == ' ') r.pop_back();
  }
  if (rows.size() == 1) return Value::char_row(rows[0]);
  return char_matrix(rows);
}

// One row per matrix row, each element formatted by fmt (rows of 2-D pages stacked).
std::vector<std::string> format_rows(const Value& x, const std::string& fmt,
                                     bool with_format = false) {
  const Shape s = x.shape();
  const int64_t rows = s.rows();
  const int64_t cols = rows == 0 ? 0 : x.numel() / rows;
  std::vector<std::string> out;
  for (int64_t r = 0; r < rows; ++r) {
    std::vector<Value> vals;
    std::string line;
    if (with_format) {
      auto a = std::make_shared<Array>(ClassId::Double, Shape::row(cols), Array::Uninitialized{});
      for (int64_t c = 0; c < cols; ++c) a->mutable_data<double>()[c] = x.elem(r + c * rows);
      line = format_printf(fmt, {Value::array(a)});
    } else {
      for (int64_t c = 0; c < cols; ++c) {
        char buf[512];
        std::snprintf(buf, sizeof buf, fmt.c_str(), x.elem(r + c * rows));
        line += buf;
      }
    }
    out.push_back(line);
  }
  return out;
}

std::string fix_nonfinite(std::string s) {
  // printf spells them inf/nan; MATLAB spells them Inf/NaN.
  for (const char* from : {"-inf", "inf", "-nan", "nan"}) {
    const std::string f = from;
    const std::string to = f == "-inf" ? "-Inf" : f == "inf" ? "Inf" : "NaN";
    size_t at;
    while ((at = s.find(f)) != std::string::npos) s.replace(at, f.size(), to);
  }
  return s;
}

// num2str(x), num2str(x, precision), num2str(x, format) with MATLAB's column layout: integers
// use %{w}d with two blanks between columns, non-integers %{p+7}.{p}g where p keeps four
// digits after the point; leading blank columns are removed.
Args num2str_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  const Value& x = args[0];
  if (x.is_char()) return {x};
  if (x.is_string() || x.is_cell() || x.is_struct() || !x.is_numeric_like()) {
    throw_error("MATLAB:num2str:nonNumericInput", "Input to num2str must be numeric.");
  }
  if (x.numel() == 0) return {Value::char_row("")};
  if (x.shape().ndims() > 2) {
    throw_error("MATLAB:num2str:ndInput", "num2str supports 2-D arrays only.");
  }
  if (args.size() == 2) {
    if (args[1].is_char() || args[1].is_string()) {
      const std::string fmt = args[1].to_text();
      return {trimmed_rows(format_rows(x, fmt, true))};
    }
    const double p = args[1].scalar_double("Precision");
    if (!(p > 0) || p != std::floor(p)) {
      throw_error("MATLAB:num2str:invalidPrecision", "Precision must be a positive integer.");
    }
    const int prec = static_cast<int>(p);
    if (x.numel() == 1) {
      return {Value::char_row(fix_nonfinite(c_format("%*.*g", 0, prec, x.elem(0))))};
    }
    const std::string fmt = "%" + std::to_string(prec + 7) + "." + std::to_string(prec) + "g";
    std::vector<std::string> rows = format_rows(x, fmt);
    for (auto& r : rows) r = fix_nonfinite(r);
    return {trimmed_rows(rows)};
  }
  const ClassId cls = x.cls();
  bool all_int = true, any_neg = false;
  double xmax = 0;
  for (int64_t i = 0; i < x.numel(); ++i) {
    const double v = x.elem(i);
    if (std::isfinite(v)) {
      if (v != std::floor(v)) all_int = false;
      xmax = std::max(xmax, std::fabs(v));
    }
    if (v < 0) any_neg = true;
  }
  std::string fmt;
  if (all_int || !is_float_class(cls)) {
    if (x.numel() == 1) {
      const double v = x.elem(0);
      if (!std::isfinite(v)) return {Value::char_row(number_to_string(v, ClassId::Double))};
      return {Value::char_row(c_format("%*.*f", 0, 0, v))};
    }
    int digits = xmax == 0 ? 1 : static_cast<int>(std::floor(std::log10(xmax))) + 1;
    if (any_neg) ++digits;
    fmt = "%" + std::to_string(digits + 2) + ".0f";
  } else {
    int digits = xmax == 0 ? 0 : static_cast<int>(std::floor(std::log10(xmax)));
    digits = std::max(digits + 5, 5);
    if (x.numel() == 1) {
      return {Value::char_row(fix_nonfinite(c_format("%*.*g", 0, digits, x.elem(0))))};
    }
    fmt = "%" + std::to_string(digits + 7 + (any_neg ? 1 : 0)) + "." + std::to_string(digits) + "g";
  }
  std::vector<std::string> rows = format_rows(x, fmt);
  for (auto& r : rows) r = fix_nonfinite(r);
  return {trimmed_rows(rows)};
}

Args int2str_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  const Value& x = args[0];
  if (!x.is_numeric_like()) throw_error("MATLAB:int2str:nonNumericInput", "Input must be numeric.");
  auto a = std::make_shared<Array>(ClassId::Double, x.shape(), Array::Uninitialized{});
  for (int64_t i = 0; i < x.numel(); ++i) {
    const double v = x.elem(i);
    a->mutable_data<double>()[i] = std::isfinite(v) ? std::round(v) : v;
  }
  Args in{Value::array(a)};
  return num2str_fn(ctx, in);
}

// mat2str(x[, n][, 'class']): MATLAB syntax for a 2-D value; 15 significant digits by default.
Args mat2str_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 3);
  const Value& x = args[0];
  // MATLAB's default precision: 15 significant digits for double, 7 for single.
  int prec = x.cls() == ClassId::Single ? 7 : 15;
  bool with_class = false;
  for (size_t k = 1; k < args.size(); ++k) {
    if (args[k].is_char() || args[k].is_string()) {
      if (args[k].to_text() != "class") {
        throw_error("MATLAB:mat2str:InvalidOption", "Option must be 'class'.");
      }
      with_class = true;
    } else {
      prec = static_cast<int>(args[k].scalar_double("Precision"));
    }
  }
  if (x.is_string() && x.numel() == 1) {
    return {Value::char_row("\"" + x.string().data[0] + "\"")};
  }
  if (!x.is_numeric_like()) {
    throw_error("MATLAB:mat2str:InvalidInput",
                "Input must be a 2-D numeric, logical, or character array.");
  }
  const Shape s = x.shape();
  if (s.ndims() > 2) {
    throw_error("MATLAB:mat2str:TwoDInput", "Input matrix must be 2-D.");
  }
  const ClassId cls = x.cls();
  const int64_t rows = s.rows(), cols = s.cols();
  std::string out;
  if (cls == ClassId::Char) {
    // One quoted row per char row: ['ab';'cd'].
    auto quote = [&](int64_t r) {
      std::string t = char_row_text(x, r), q = "'";
      for (char c : t) {
        q.push_back(c);
        if (c == '\'') q.push_back('\'');
      }
      return q + "'";
    };
    if (rows == 1) return {Value::char_row(quote(0))};
    if (x.numel() == 0) return {Value::char_row("''")};
    out = "[";
    for (int64_t r = 0; r < rows; ++r) out += (r ? ";" : "") + quote(r);
    return {Value::char_row(out + "]")};
  }
  auto elem_text = [&](double v) -> std::string {
    if (cls == ClassId::Logical) return v != 0 ? "true" : "false";
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v < 0 ? "-Inf" : "Inf";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    return buf;
  };
  if (x.numel() == 0) {
    out = "zeros(" + std::to_string(rows) + "," + std::to_string(cols) + ")";
  } else if (x.numel() == 1) {
    out = elem_text(x.elem(0));
  } else {
    out = "[";
    for (int64_t r = 0; r < rows; ++r) {
      if (r) out += ";";
      for (int64_t c = 0; c < cols; ++c) {
        if (c) out += " ";
        out += elem_text(x.elem(r + c * rows));
      }
    }
    out += "]";
  }
  if (with_class && cls != ClassId::Logical && x.numel() != 0) {
    out = std::string(class_name(cls)) + "(" + out + ")";
  }
  return {Value::char_row(out)};
}

// str2num(s): evaluates the text as a matrix expression; [] and status false on failure.
Args str2num_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  const Value& x = args[0];
  if (!(x.is_char() || (x.is_string() && x.numel() == 1))) {
    throw_error("MATLAB:str2num:InvalidArgument",
                "Input must be a character vector or string scalar.");
  }
  std::string text;
  if (x.is_char() && x.shape().rows() > 1) {
    TextArray t = text_array(x, "str2num");
    for (size_t i = 0; i < t.size(); ++i) text += (i ? ";" : "") + t.data[i];
  } else {
    text = x.to_text();
  }
  Value result = Value::empty();
  bool ok = true;
  if (ctx.vm == nullptr) throw_error("MATLAB:str2num:NoInterpreter", "str2num needs a caller.");
  try {
    result = ctx.vm->eval_expression("[" + text + "]");
    if (!result.is_defined() || !result.is_numeric_like()) {
      result = Value::empty();
      ok = false;
    }
  } catch (const MatlabError&) {
    result = Value::empty();
    ok = false;
  }
  return {result, Value::logical(ok)};
}

// The number in one text, as str2double reads it: optional blanks, sign, digits with ','
// thousands separators, a decimal point, an exponent, Inf/NaN, and a complex i/j part.
bool parse_real(const std::string& s, size_t* i, double* out) {
  size_t k = *i;
  std::string num;
  if (k < s.size() && (s[k] == '+' || s[k] == '-')) num.push_back(s[k++]);
  auto word = [&](const char* w) {
    const size_t n = std::char_traits<char>::length(w);
    if (s.size() - k < n) return false;
    for (size_t m = 0; m < n; ++m) {
      if (std::tolower(static_cast<unsigned char>(s[k + m])) != w[m]) return false;
    }
    k += n;
    return true;
  };
  if (word("inf")) {
    *out = num == "-" ? -INFINITY : INFINITY;
    *i = k;
    return true;
  }
  if (word("nan")) {
    *out = std::nan("");
    *i = k;
    return true;
  }
  bool digits = false;
  while (k < s.size() &&
         (std::isdigit(static_cast<unsigned char>(s[k])) || (s[k] == ',' && digits))) {
    if (s[k] != ',') num.push_back(s[k]);
    digits = true;
    ++k;
  }
  if (k < s.size() && s[k] == '.') {
    num.push_back(s[k++]);
    while (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) {
      num.push_back(s[k++]);
      digits = true;
    }
  }
  if (!digits) return false;
  if (k < s.size() && (s[k] == 'e' || s[k] == 'E' || s[k] == 'd' || s[k] == 'D')) {
    size_t m = k + 1;
    std::string e = "e";
    if (m < s.size() && (s[m] == '+' || s[m] == '-')) e.push_back(s[m++]);
    if (m < s.size() && std::isdigit(static_cast<unsigned char>(s[m]))) {
      while (m < s.size() && std::isdigit(static_cast<unsigned char>(s[m]))) e.push_back(s[m++]);
      num += e;
      k = m;
    }
  }
  *out = std::strtod(num.c_str(), nullptr);
  *i = k;
  return true;
}

double parse_double_text(const std::string& s, double* imag) {
  *imag = 0;
  size_t i = 0;
  auto skip = [&] {
    while (i < s.size() && is_matlab_space(static_cast<unsigned char>(s[i]))) ++i;
  };
  auto is_unit = [&](size_t k) { return k < s.size() && (s[k] == 'i' || s[k] == 'j'); };
  skip();
  double re = 0;
  // A lone imaginary unit ("i", "-j") means 1i.
  size_t save = i;
  if (!parse_real(s, &i, &re)) {
    i = save;
    double sign = 1;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) sign = s[i++] == '-' ? -1 : 1;
    if (!is_unit(i)) return std::nan("");
    ++i;
    skip();
    if (i != s.size()) return std::nan("");
    *imag = sign;
    return 0;
  }
  skip();
  if (is_unit(i)) {
    ++i;
    skip();
    if (i != s.size()) return std::nan("");
    *imag = re;
    return 0;
  }
  if (i == s.size()) return re;
  // re +/- im i
  if (s[i] != '+' && s[i] != '-') return std::nan("");
  const double sign = s[i++] == '-' ? -1 : 1;
  skip();
  double im = 1;
  if (!is_unit(i) && !parse_real(s, &i, &im)) return std::nan("");
  skip();
  if (!is_unit(i)) return std::nan("");
  ++i;
  skip();
  if (i != s.size()) return std::nan("");
  *imag = sign * im;
  return re;
}

// str2double: a double (complex when any text has an imaginary part) of the input's shape;
// NaN for anything that is not the text of one number.
Args str2double_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  const Value& x = args[0];
  std::vector<std::string> texts;
  std::vector<uint8_t> valid;
  Shape shape = Shape::scalar();
  if (x.is_char()) {
    valid.push_back(x.shape().rows() <= 1);
    texts.push_back(valid[0] ? x.to_text() : std::string());
  } else if (x.is_string()) {
    shape = x.shape();
    texts = x.string().data;
    for (size_t i = 0; i < texts.size(); ++i) valid.push_back(!x.string().is_missing(i));
  } else if (x.is_cell()) {
    shape = x.shape();
    for (const Value& e : x.cell().data) {
      const bool ok = (e.is_char() && e.shape().rows() <= 1) || (e.is_string() && e.numel() == 1);
      valid.push_back(ok);
      texts.push_back(ok ? e.to_text() : std::string());
    }
  } else {
    // Numbers and everything else: NaN (of the input's size for arrays).
    shape = x.is_numeric_like() && x.numel() > 0 ? x.shape() : Shape::scalar();
    return {
        double_array(shape, std::vector<double>(static_cast<size_t>(shape.numel()), std::nan("")))};
  }
  // The runtime has no complex values yet: a text with an imaginary part reads as NaN.
  std::vector<double> re;
  for (size_t i = 0; i < texts.size(); ++i) {
    double imag = 0;
    const double r = valid[i] ? parse_double_text(texts[i], &imag) : std::nan("");
    re.push_back(imag != 0 ? std::nan("") : r);
  }
  return {double_array(shape, re)};
}

// dec2bin/dec2hex/dec2base: one row per element, padded with zeros to a common width.
std::string to_base(uint64_t v, int base) {
  static const char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string s;
  do {
    s.push_back(kDigits[v % base]);
    v /= base;
  } while (v > 0);
  std::reverse(s.begin(), s.end());
  return s;
}

Value dec2base_impl(const Value& x, int base, const std::string& symbols, int min_digits,
                    const char* fname) {
  if (!x.is_numeric_like()) {
    throw_error(absl::StrCat("MATLAB:", fname, ":InvalidInput").c_str(),
                "Input must be a nonnegative integer.");
  }
  std::vector<std::string> rows;
  const bool integer_cls =
      !is_float_class(x.cls()) && x.cls() != ClassId::Logical && x.cls() != ClassId::Char;
  for (int64_t i = 0; i < x.numel(); ++i) {
    const double d = x.elem(i);
    if (!std::isfinite(d) || d != std::floor(d)) {
      throw_error(absl::StrCat("MATLAB:", fname, ":IntegerInput").c_str(),
                  "Input must contain only integer values.");
    }
    uint64_t v;
    if (d < 0) {
      // Two's complement in the smallest of 8/16/32/64 bits that holds the value (or the
      // integer class's own width).
      int bits = 8;
      if (integer_cls) {
        bits = static_cast<int>(element_size(x.cls()) * 8);
      } else {
        while (bits < 64 && d < -std::ldexp(1.0, bits - 1)) bits *= 2;
      }
      const int64_t sv = static_cast<int64_t>(d);
      v = bits == 64 ? static_cast<uint64_t>(sv)
                     : static_cast<uint64_t>(sv) & ((uint64_t{1} << bits) - 1);
    } else {
      if (d >= 18446744073709551616.0) {
        throw_error(absl::StrCat("MATLAB:", fname, ":TooLarge").c_str(),
                    "Input must be less than 2^64.");
      }
      v = static_cast<uint64_t>(d);
    }
    std::string s = to_base(v, base);
    if (!symbols.empty()) {
      for (char& c : s) {
        const int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : c - 'A' + 10;
        c = symbols[digit];
      }
    }
    rows.push_back(s);
  }
  size_t width = static_cast<size_t>(std::max(min_digits, 1));
  for (const auto& r : rows) width = std::max(width, r.size());
  const char zero = symbols.empty() ? '0' : symbols[0];
  for (auto& r : rows) r = std::string(width - r.size(), zero) + r;
  if (x.numel() == 0) return Value::char_row("");
  if (rows.size() == 1) return Value::char_row(rows[0]);
  return char_matrix(rows);
}

template <int Base>
Args dec2fixed_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  const int n = args.size() == 2 ? static_cast<int>(args[1].scalar_double("Number of digits")) : 0;
  return {dec2base_impl(args[0], Base, "", n, Base == 2 ? "dec2bin" : "dec2hex")};
}

Args dec2base_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 3);
  std::string symbols;
  int base;
  if (args[1].is_char() || args[1].is_string()) {
    symbols = args[1].to_text();
    base = static_cast<int>(symbols.size());
  } else {
    base = static_cast<int>(args[1].scalar_double("Base"));
  }
  if (base < 2 || base > 36) {
    throw_error("MATLAB:dec2base:InvalidBase", "Base must be an integer between 2 and 36.");
  }
  for (int64_t i = 0; i < args[0].numel(); ++i) {
    if (args[0].elem(i) < 0) {
      throw_error("MATLAB:dec2base:NegativeInput", "D must be a nonnegative integer.");
    }
  }
  const int n = args.size() == 3 ? static_cast<int>(args[2].scalar_double("Number of digits")) : 0;
  return {dec2base_impl(args[0], base, symbols, n, "dec2base")};
}

// bin2dec/hex2dec/base2dec: each row (or cell/string element) read as digits; blanks are
// ignored. Invalid digits give an error as MATLAB's does.
Value base2dec_impl(const Value& x, int base, const std::string& symbols, const char* fname) {
  TextArray t = text_array(x, fname);
  std::vector<double> out;
  for (const auto& s : t.data) {
    double v = 0;
    bool any = false;
    for (char c : s) {
      if (c == ' ') continue;
      int digit = -1;
      if (!symbols.empty()) {
        const size_t at = symbols.find(c);
        digit = at == std::string::npos ? -1 : static_cast<int>(at);
      } else if (std::isdigit(static_cast<unsigned char>(c))) {
        digit = c - '0';
      } else if (std::isalpha(static_cast<unsigned char>(c))) {
        digit = std::toupper(static_cast<unsigned char>(c)) - 'A' + 10;
      }
      if (digit < 0 || digit >= base) {
        throw_error(absl::StrCat("MATLAB:", fname, ":IllegalCharacter").c_str(),
                    "Input must contain only digits of base %d.", base);
      }
      v = v * base + digit;
      any = true;
    }
    out.push_back(any ? v : 0);
  }
  const Shape shape = Shape::column(static_cast<int64_t>(out.size()));
  if (out.empty()) return Value::empty();
  return double_array(shape, out);
}

template <int Base>
Args base2fixed_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {base2dec_impl(args[0], Base, "", Base == 2 ? "bin2dec" : "hex2dec")};
}

Args base2dec_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 2);
  if (args[1].is_char() || args[1].is_string()) {
    const std::string symbols = args[1].to_text();
    return {base2dec_impl(args[0], static_cast<int>(symbols.size()), symbols, "base2dec")};
  }
  const int base = static_cast<int>(args[1].scalar_double("Base"));
  if (base < 2 || base > 36) {
    throw_error("MATLAB:base2dec:InvalidBase", "Base must be an integer between 2 and 36.");
  }
  return {base2dec_impl(args[0], base, "", "base2dec")};
}

// compose(format, A1, ..., An): one formatted text per element (per row when the format has
// several conversions and one argument). A char format gives a cell of char vectors.
Args compose_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, SIZE_MAX);
  TextArray f = text_array(args[0], "compose", "Format");
  if (f.size() != 1) {
    throw_error("MATLAB:compose:FormatMustBeScalar", "Format must be a text scalar.");
  }
  const std::string fmt = f.data[0];
  int convs = 0;
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%') continue;
    if (i + 1 < fmt.size() && fmt[i + 1] == '%') {
      ++i;
      continue;
    }
    ++convs;
  }
  std::vector<std::string> out;
  Shape shape = Shape::scalar();
  auto element = [](const Value& v, int64_t i) -> Value {
    if (v.is_string()) return Value::string_scalar(v.string().data[i]);
    if (v.is_cell()) return v.cell().data[i];
    if (v.is_char()) return v;
    return Value::scalar_of(v.cls() == ClassId::Logical ? ClassId::Double : v.cls(), v.elem(i));
  };
  if (args.size() == 1) {
    out.push_back(format_printf(fmt, {}));
  } else if (args.size() == 2 && convs > 1 && !args[1].is_char() && !args[1].is_cell() &&
             !args[1].is_string()) {
    // Rows of one matrix feed the conversions.
    const Value& a = args[1];
    const int64_t rows = a.shape().rows(), cols = rows == 0 ? 0 : a.numel() / rows;
    for (int64_t r = 0; r < rows; ++r) {
      std::vector<Value> vals;
      for (int64_t c = 0; c < cols; ++c) vals.push_back(element(a, r + c * rows));
      out.push_back(format_printf(fmt, vals));
    }
    shape = Shape::column(rows);
  } else {
    int64_t n = 1;
    for (size_t k = 1; k < args.size(); ++k) {
      const int64_t m = args[k].is_char() ? 1 : args[k].numel();
      if (m != 1) {
        if (n != 1 && m != n) {
          throw_error("MATLAB:compose:SizeMismatch",
                      "Arguments must have the same number of elements or be scalars.");
        }
        n = m;
        shape = args[k].shape();
      }
    }
    for (int64_t i = 0; i < n; ++i) {
      std::vector<Value> vals;
      for (size_t k = 1; k < args.size(); ++k) {
        const bool scalar = args[k].is_char() || args[k].numel() == 1;
        vals.push_back(element(args[k], scalar ? 0 : i));
      }
      out.push_back(format_printf(fmt, vals));
    }
  }
  if (f.kind == TextKind::String) return {make_string_array(shape, std::move(out))};
  std::vector<Value> cells;
  for (auto& s : out) cells.push_back(Value::char_row(s));
  return {make_cell(shape, std::move(cells))};
}

}  // namespace

void register_text_convert_builtins(BuiltinRegistry& reg) {
  reg.add("num2str", num2str_fn,
          "num2str(x[, precision | format]): number(s) as text, MATLAB's column layout.");
  reg.add("int2str", int2str_fn, "int2str(x): rounded number(s) as text.");
  reg.add("mat2str", mat2str_fn,
          "mat2str(x[, n][, 'class']): MATLAB syntax text of a 2-D array ([1 2;3 4]).");
  reg.add("str2num", str2num_fn,
          "[x, ok] = str2num(s): evaluate text as a numeric expression ([] when it is not).");
  reg.add("str2double", str2double_fn,
          "str2double(s): the number in text (elementwise for cells and strings), NaN when it "
          "is not one.");
  reg.add("dec2bin", dec2fixed_fn<2>, "dec2bin(d[, n]): binary text of nonnegative integers.");
  reg.add("dec2hex", dec2fixed_fn<16>, "dec2hex(d[, n]): hexadecimal text of integers.");
  reg.add("dec2base", dec2base_fn, "dec2base(d, base[, n]): text of integers in base 2..36.");
  reg.add("bin2dec", base2fixed_fn<2>, "bin2dec(s): the number in binary text.");
  reg.add("hex2dec", base2fixed_fn<16>, "hex2dec(s): the number in hexadecimal text.");
  reg.add("base2dec", base2dec_fn, "base2dec(s, base): the number in base-2..36 text.");
  reg.add("compose", compose_fn,
          "compose(format, A, ...): formatted text per element (string array, or cell for a char "
          "format).");
}

}  // namespace runmat::runtime
