#include "display.hpp"

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "display_containers.hpp"
#include "runmat/core/integer.hpp"

namespace runmat::runtime {
namespace {

// "2×3": MATLAB writes sizes with the multiplication sign (U+00D7).
std::string dims_text(const Shape& s) {
  return absl::StrJoin(s.dims(), "\u00d7");
}

// The header MATLAB prints above non-double values: "  int8" for a scalar, otherwise
// "  1×3 int8 row vector", "  3×1 single column vector", "  2×2 uint16 matrix",
// "  2×2×2 int32 array"; logical arrays are always "... logical array". Empty arrays say
// "0×3 empty double matrix" for every class.
std::string class_header(const Value& v) {
  const Shape s = v.shape();
  const std::string cls(class_name(v.cls()));
  if (v.is_scalar()) return "  " + cls;
  const std::string empty = v.numel() == 0 ? "empty " : "";
  std::string kind = "array";
  if (v.cls() != ClassId::Logical && v.cls() != ClassId::Char && s.ndims() == 2) {
    kind = s.rows() == 1 ? "row vector" : s.cols() == 1 ? "column vector" : "matrix";
  }
  return "  " + dims_text(s) + " " + empty + cls + " " + kind;
}

// Integer classes: every element exactly (int64 beyond 2^53 included), right-aligned to the
// widest one, each column led by three spaces.
std::string format_integer_body(const Value& v) {
  const ArrayPtr a = v.as_array();
  const int64_t n = a->numel();
  std::vector<std::string> cells(static_cast<size_t>(n));
  size_t width = 0;
  for (int64_t i = 0; i < n; ++i) {
    cells[i] = wide_to_string(get_wide(*a, i));
    width = std::max(width, cells[i].size());
  }
  const int64_t rows = a->shape().rows(), cols = n / std::max<int64_t>(rows, 1);
  std::string out;
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t c = 0; c < cols; ++c) {
      const std::string& cell = cells[c * rows + r];
      out.append(3 + width - cell.size(), ' ');
      out += cell;
    }
    if (r + 1 < rows) out.push_back('\n');
  }
  return out;
}

std::string format_body(const Value& v, bool long_format) {
  const Shape s = v.shape();
  if (is_integer_class(v.cls()) && s.numel() > 0) return format_integer_body(v);
  if (v.is_char()) {
    if (s.rows() <= 1) return v.to_text();
    std::string out;
    for (int64_t r = 0; r < s.rows(); ++r) {
      for (int64_t c = 0; c < s.cols(); ++c)
        out.push_back(static_cast<char>(v.elem(c * s.rows() + r)));
      out.push_back('\n');
    }
    if (!out.empty()) out.pop_back();
    return out;
  }
  if (s.numel() == 0) return "     []";
  const int64_t n = s.numel();
  const bool logical = v.cls() == ClassId::Logical;
  bool all_int = true;
  double max_abs = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double x = v.elem(i);
    if (std::isfinite(x)) {
      if (x != std::floor(x)) all_int = false;
      max_abs = std::max(max_abs, std::fabs(x));
    }
  }
  // MATLAB prints integer-valued doubles as integers only below 1e9 (x = 1e9 shows 1.0000e+09).
  if (max_abs >= 1e9 && !logical && is_float_class(v.cls())) all_int = false;
  auto fmt = [&](double x) -> std::string {
    if (std::isnan(x)) return "NaN";
    if (std::isinf(x)) return x < 0 ? "-Inf" : "Inf";
    if (all_int) return absl::StrFormat("%.0f", x);
    if (long_format) {
      // format long: 15 digits after the point for doubles (7 for single); values from 100
      // up, or below 0.001, in exponent form.
      const int digits = v.cls() == ClassId::Single ? 7 : 15;
      if (max_abs >= 100 || max_abs < 1e-3) return absl::StrFormat("%.*e", digits, x);
      return absl::StrFormat("%.*f", digits, x);
    }
    if (max_abs >= 1e5 || max_abs < 1e-3) return absl::StrFormat("%.4e", x);
    return absl::StrFormat("%.4f", x);
  };
  std::vector<std::string> cells(static_cast<size_t>(n));
  size_t width = 0;
  for (int64_t i = 0; i < n; ++i) {
    cells[i] = fmt(v.elem(i));
    width = std::max(width, cells[i].size());
  }
  // Exponent form (format short) is led by three spaces, fixed-point by four.
  const bool short_exponent = !all_int && !long_format && (max_abs >= 1e5 || max_abs < 1e-3);
  const size_t col_width = logical ? width + 3
                                   : (all_int ? std::max<size_t>(width + 3, 6)
                                              : width + (long_format || short_exponent ? 3 : 4));
  const int64_t rows = s.rows(), cols = n / std::max<int64_t>(rows, 1);
  std::string out;
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t c = 0; c < cols; ++c) {
      const std::string& cell = cells[c * rows + r];
      out.append(col_width - cell.size(), ' ');
      out += cell;
    }
    if (r + 1 < rows) out.push_back('\n');
  }
  return out;
}

}  // namespace

void display_value(std::ostream& os, const std::string& name, const Value& v,
                   const DisplayFormat& format) {
  if (format.compact) {
    // format compact: the loose layout without its blank lines.
    std::ostringstream loose;
    display_value(loose, name, v, DisplayFormat{format.long_format, false});
    std::istringstream lines(loose.str());
    std::string line;
    while (std::getline(lines, line)) {
      if (!line.empty()) os << line << "\n";
    }
    return;
  }
  const bool long_format = format.long_format;
  if (!v.is_numeric_like()) {
    display_container(os, name, v);
    return;
  }
  if (v.numel() == 0 && (v.shape() != Shape{0, 0} || v.cls() != ClassId::Double)) {
    os << name << " =\n\n" << class_header(v) << "\n\n";
    return;
  }
  if (v.is_char()) {
    if (v.shape().rows() == 1) {
      os << name << " =\n\n    '" << v.to_text() << "'\n\n";
    } else {
      os << name << " =\n\n" << format_body(v, false) << "\n\n";
    }
    return;
  }
  os << name << " =\n\n";
  if (v.cls() != ClassId::Double) {
    // MATLAB names non-double classes above the values.
    os << class_header(v) << "\n\n";
  }
  os << format_body(v, long_format) << "\n\n";
}

void disp_value(std::ostream& os, const Value& v, const DisplayFormat& format) {
  if (!v.is_numeric_like()) {
    disp_container(os, v);
    return;
  }
  if (v.numel() == 0 && !v.is_char()) return;  // disp([]) prints nothing
  os << format_body(v, format.long_format) << "\n";
}

}  // namespace runmat::runtime
