#include "display_containers.hpp"

#include <cmath>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "map_object.hpp"
#include "runmat/core/containers.hpp"

namespace runmat::runtime {
namespace {

std::string dims_text(const Shape& s) {
  return absl::StrJoin(s.dims(), "\u00d7");
}

// Display width of UTF-8 text (code points; the × sign counts once).
size_t text_width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// format short for numbers shown inside containers, with one format for the whole vector.
std::string numbers_text(const Value& v) {
  const int64_t n = v.numel();
  bool all_int = true;
  double max_abs = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double x = v.elem(i);
    if (std::isfinite(x)) {
      all_int &= x == std::floor(x);
      max_abs = std::max(max_abs, std::fabs(x));
    }
  }
  std::vector<std::string> parts;
  for (int64_t i = 0; i < n; ++i) {
    const double x = v.elem(i);
    if (std::isnan(x)) {
      parts.push_back("NaN");
    } else if (std::isinf(x)) {
      parts.push_back(x < 0 ? "-Inf" : "Inf");
    } else if (all_int && max_abs < 1e9) {
      parts.push_back(absl::StrFormat("%.0f", x));
    } else if (max_abs >= 1e5 || max_abs < 1e-3) {
      parts.push_back(absl::StrFormat("%.4e", x));
    } else {
      parts.push_back(absl::StrFormat("%.4f", x));
    }
  }
  return absl::StrJoin(parts, " ");
}

std::string quoted(const std::string& s, char q) {
  std::string out(1, q);
  for (char c : s) {
    out += c;
    if (c == q) out += c;
  }
  out += q;
  return out;
}

// Cell elements: numbers right-aligned inside [..], text left-aligned, so braces line up.
struct CellText {
  std::string open, body, close;
  bool right_align;
};

CellText cell_text(const Value& v) {
  if (v.is_numeric_like() && !v.is_char() && v.numel() >= 1 && v.shape().ndims() == 2 &&
      v.shape().rows() == 1 && v.numel() <= 10) {
    return {"{[", numbers_text(v), "]}", true};
  }
  if (v.is_complex() && v.numel() == 1) return {"{[", summarize_value(v, true), "]}", true};
  if (v.is_char() && v.shape().rows() == 1) return {"{", quoted(v.to_text(), '\''), "}", false};
  if (v.is_string() && v.numel() == 1) return {"{", quoted(v.to_text(), '"'), "}", false};
  return {"{", summarize_value(v, true), "}", false};
}

void print_cell_body(std::ostream& os, const CellArray& c) {
  const int64_t rows = c.shape.rows();
  const int64_t cols = c.shape.numel() / std::max<int64_t>(rows, 1);
  std::vector<CellText> t;
  for (const Value& v : c.data) t.push_back(cell_text(v));
  for (int64_t k = 0; k < cols; ++k) {
    size_t w = 0;
    for (int64_t r = 0; r < rows; ++r) w = std::max(w, text_width(t[k * rows + r].body));
    for (int64_t r = 0; r < rows; ++r) {
      CellText& e = t[k * rows + r];
      const std::string pad(w - text_width(e.body), ' ');
      e.body = e.right_align ? pad + e.body : e.body + pad;
    }
  }
  for (int64_t r = 0; r < rows; ++r) {
    os << "   ";
    for (int64_t k = 0; k < cols; ++k) {
      const CellText& e = t[k * rows + r];
      os << " " << e.open << e.body << e.close << (k + 1 < cols ? "   " : "");
    }
    os << "\n";
  }
}

void print_struct_fields(std::ostream& os, const StructArray& s) {
  size_t w = 0;
  for (const auto& f : s.fields) w = std::max(w, f.size());
  for (size_t f = 0; f < s.fields.size(); ++f) {
    os << std::string(4 + w - s.fields[f].size(), ' ') << s.fields[f] << ": "
       << summarize_value(s.at(0, static_cast<int>(f)), false) << "\n";
  }
}

void print_object(std::ostream& os, const ObjectValue& o) {
  size_t w = 0;
  for (const auto& n : o.names) w = std::max(w, n.size());
  for (size_t i = 0; i < o.names.size(); ++i) {
    os << std::string(4 + w - o.names[i].size(), ' ') << o.names[i] << ": "
       << summarize_value(o.props[i], false) << "\n";
  }
}

void print_strings(std::ostream& os, const StringArray& s) {
  const int64_t rows = s.shape.rows();
  const int64_t cols = s.shape.numel() / std::max<int64_t>(rows, 1);
  std::vector<std::string> t;
  for (size_t i = 0; i < s.data.size(); ++i) {
    t.push_back(s.is_missing(static_cast<int64_t>(i)) ? "<missing>" : quoted(s.data[i], '"'));
  }
  for (int64_t k = 0; k < cols; ++k) {
    size_t w = 0;
    for (int64_t r = 0; r < rows; ++r) w = std::max(w, text_width(t[k * rows + r]));
    for (int64_t r = 0; r < rows; ++r) {
      std::string& e = t[k * rows + r];
      e += std::string(w - text_width(e), ' ');
    }
  }
  for (int64_t r = 0; r < rows; ++r) {
    os << "  ";
    // Four spaces lead the row and separate columns, as MATLAB prints string arrays.
    for (int64_t k = 0; k < cols; ++k) os << (k == 0 ? "  " : "    ") << t[k * rows + r];
    os << "\n";
  }
}

// "3.0000 + 4.0000i" with one format for all parts of the array (format short).
std::vector<std::string> complex_texts(const ComplexArray& z) {
  double max_abs = 0;
  for (const auto& c : z.data) {
    for (double x : {c.real(), c.imag()}) {
      if (std::isfinite(x)) max_abs = std::max(max_abs, std::fabs(x));
    }
  }
  const bool sci = max_abs >= 1e5 || (max_abs < 1e-3 && max_abs > 0);
  auto part = [&](double x) -> std::string {
    if (std::isnan(x)) return "NaN";
    if (std::isinf(x)) return "Inf";
    return sci ? absl::StrFormat("%.4e", x) : absl::StrFormat("%.4f", x);
  };
  std::vector<std::string> out;
  for (const auto& c : z.data) {
    const double re = c.real(), im = c.imag();
    std::string t = (std::signbit(re) && !std::isnan(re) ? "-" : "") + part(std::fabs(re));
    t += std::signbit(im) && !std::isnan(im) ? " - " : " + ";
    t += part(std::fabs(im)) + "i";
    out.push_back(t);
  }
  return out;
}

void print_complex_body(std::ostream& os, const ComplexArray& z) {
  std::vector<std::string> t = complex_texts(z);
  size_t w = 0;
  for (const auto& s : t) w = std::max(w, s.size());
  const int64_t rows = z.shape.rows();
  const int64_t cols = z.shape.numel() / std::max<int64_t>(rows, 1);
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t k = 0; k < cols; ++k) {
      const std::string& s = t[static_cast<size_t>(k * rows + r)];
      os << std::string(3 + w - s.size(), ' ') << s;
    }
    os << "\n";
  }
}

}  // namespace

std::string summarize_value(const Value& v, bool in_cell) {
  switch (v.kind()) {
    case Value::Kind::Num:
    case Value::Kind::Array: {
      const Shape s = v.shape();
      if (v.is_char() && s.rows() == 1) return quoted(v.to_text(), '\'');
      if (!v.is_char() && v.numel() == 1) return numbers_text(v);
      if (!v.is_char() && s.ndims() == 2 && s.rows() == 1 && v.numel() <= 10 && v.numel() > 0) {
        return "[" + numbers_text(v) + "]";
      }
      const std::string desc = dims_text(s) + " " + v.class_name();
      return in_cell ? desc : "[" + desc + "]";
    }
    case Value::Kind::Cell:
      if (!in_cell && v.numel() == 0 && v.shape() == Shape{0, 0}) return "{}";
      return in_cell ? dims_text(v.shape()) + " cell" : "{" + dims_text(v.shape()) + " cell}";
    case Value::Kind::Struct:
      return in_cell ? dims_text(v.shape()) + " struct" : "[" + dims_text(v.shape()) + " struct]";
    case Value::Kind::String:
      if (v.numel() == 1) {
        return v.string().is_missing(0) ? "<missing>" : quoted(v.string().data[0], '"');
      }
      return in_cell ? dims_text(v.shape()) + " string" : "[" + dims_text(v.shape()) + " string]";
    case Value::Kind::Handle:
      return v.handle().is_anonymous() ? v.handle().text : "@" + v.handle().text;
    case Value::Kind::Object:  // in a cell: {1×1 Point}; in a struct field: [1×1 Point]
      return in_cell ? "1\u00d71 " + v.object().class_name
                     : "[1\u00d71 " + v.object().class_name + "]";
    case Value::Kind::Complex:
      if (v.numel() == 1) return complex_texts(v.complex())[0];
      return (in_cell ? "" : "[") + dims_text(v.shape()) + " " + v.class_name() +
             (in_cell ? "" : "]");
    default:
      return "";
  }
}

void display_container(std::ostream& os, const std::string& name, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Cell: {
      const CellArray& c = v.cell();
      if (c.shape.numel() == 0) {
        if (c.shape == Shape{0, 0}) {
          os << name << " =\n\n  0\u00d70 empty cell array\n\n";
        } else {
          os << name << " =\n\n  " << dims_text(c.shape) << " empty cell array\n\n";
        }
        return;
      }
      os << name << " =\n\n  " << dims_text(c.shape) << " cell array\n\n";
      if (c.shape.ndims() > 2) {
        os << "    (N-D cell arrays are shown by their size)\n\n";
        return;
      }
      print_cell_body(os, c);
      os << "\n";
      return;
    }
    case Value::Kind::Struct: {
      const StructArray& s = v.structure();
      if (s.numel() == 1) {
        os << name << " = \n\n  struct with fields:\n\n";
        print_struct_fields(os, s);
        os << "\n";
      } else {
        os << name << " = \n\n  " << dims_text(s.shape) << " struct array "
           << (s.fields.empty() ? "with no fields.\n" : "with fields:\n\n");
        for (const auto& f : s.fields) os << "    " << f << "\n";
        os << "\n";
      }
      return;
    }
    case Value::Kind::String: {
      const StringArray& s = v.string();
      if (s.shape.numel() == 1) {
        os << name << " = \n\n    " << summarize_value(v, false) << "\n\n";
      } else if (s.shape.numel() == 0) {
        os << name << " = \n\n  " << dims_text(s.shape) << " empty string array\n\n";
      } else {
        os << name << " = \n\n  " << dims_text(s.shape) << " string array\n\n";
        print_strings(os, s);
        os << "\n";
      }
      return;
    }
    case Value::Kind::Handle:
      os << name << " =\n\n  function_handle with value:\n\n    " << summarize_value(v, false)
         << "\n\n";
      return;
    case Value::Kind::Complex:
      os << name << " =\n\n";
      if (v.complex().single) os << "  single\n\n";
      if (v.numel() == 0) {
        os << "  " << dims_text(v.shape()) << " empty complex " << v.class_name() << "\n\n";
        return;
      }
      print_complex_body(os, v.complex());
      os << "\n";
      return;
    case Value::Kind::Object:
      if (is_map(v)) {
        os << name << " = \n\n" << map_display_body(v) << "\n";
        return;
      }
      os << name << " = \n\n  " << v.object().class_name << " with properties:\n\n";
      print_object(os, v.object());
      os << "\n";
      return;
    default:
      return;
  }
}

void disp_container(std::ostream& os, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Cell:
      if (v.numel() == 0) {
        os << "     {}\n";
        return;
      }
      print_cell_body(os, v.cell());
      return;
    case Value::Kind::Struct:
      if (v.numel() == 1) {
        print_struct_fields(os, v.structure());
      } else {
        os << "  " << dims_text(v.shape()) << " struct array with fields:\n\n";
        for (const auto& f : v.structure().fields) os << "    " << f << "\n";
      }
      return;
    case Value::Kind::String:
      if (v.numel() == 1) {
        os << (v.string().is_missing(0) ? "<missing>" : v.string().data[0]) << "\n";
      } else {
        print_strings(os, v.string());
      }
      return;
    case Value::Kind::Handle:
      os << "    " << summarize_value(v, false) << "\n";
      return;
    case Value::Kind::Complex:
      print_complex_body(os, v.complex());
      return;
    case Value::Kind::Object:
      if (is_map(v)) {
        os << map_display_body(v);
        return;
      }
      os << "  " << v.object().class_name << " with properties:\n\n";
      print_object(os, v.object());
      return;
    default:
      return;
  }
}

}  // namespace runmat::runtime
