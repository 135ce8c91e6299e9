// jsonencode's rules (MATLAB R2023b): a scalar is a JSON scalar, a vector a flat array, a
// matrix or N-D array nested arrays with the first dimension outermost ([[1,2],[3,4]] for
// [1 2; 3 4]), an empty array []; char rows and string scalars are strings (a char matrix an
// array of its rows); logical values true/false; NaN and Inf null; a cell array is always an
// array of its elements in column-major order; a scalar struct (or object) is an object; a
// struct array an array of objects.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "json.hpp"
#include "map_object.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"
#include "runmat/core/integer.hpp"

namespace runmat::runtime {
namespace {

class Encoder {
 public:
  explicit Encoder(const JsonEncodeOptions& o) : o_(o) {}
  std::string out;

  void value(const Value& v) {
    switch (v.kind()) {
      case Value::Kind::Num:
        number(v.num(), false);
        return;
      case Value::Kind::Array:
        array(*v.arr());
        return;
      case Value::Kind::Cell: {
        const CellArray& c = v.cell();
        list(static_cast<int64_t>(c.data.size()), [&](int64_t i) { value(c.data[i]); });
        return;
      }
      case Value::Kind::Struct:
        structs(v.structure());
        return;
      case Value::Kind::String:
        strings(v.string());
        return;
      case Value::Kind::Object:
        object(v);
        return;
      case Value::Kind::Complex:
        throw_error("MATLAB:json:ComplexNotSupported", "Unable to encode complex numbers as JSON.");
      default:
        throw_error("MATLAB:json:UnsupportedClass", "Unable to encode a value of class '%s'.",
                    v.class_name());
    }
  }

 private:
  // ------------------------------------------------------------ layout
  void newline() {
    if (!o_.pretty) return;
    out += '\n';
    out.append(static_cast<size_t>(depth_) * 2, ' ');
  }

  // [e0,e1,...] with `item(i)` writing element i.
  template <typename F>
  void list(int64_t n, F item) {
    if (n == 0) {
      out += "[]";
      return;
    }
    out += '[';
    ++depth_;
    for (int64_t i = 0; i < n; ++i) {
      if (i) out += ',';
      newline();
      item(i);
    }
    --depth_;
    newline();
    out += ']';
  }

  // An array of shape `s` with `elem(k)` writing the element at linear index k: flat for
  // vectors, nested (first dimension outermost) otherwise.
  template <typename F>
  void shaped(const Shape& s, F elem) {
    if (s.numel() == 0) {
      out += "[]";
      return;
    }
    if (s.is_vector()) {
      list(s.numel(), elem);
      return;
    }
    nest(s, 0, 0, 1, elem);
  }

  template <typename F>
  void nest(const Shape& s, int d, int64_t base, int64_t stride, F& elem) {
    if (d == s.ndims()) {
      elem(base);
      return;
    }
    list(s.dim(d), [&](int64_t i) { nest(s, d + 1, base + i * stride, stride * s.dim(d), elem); });
  }

  // ------------------------------------------------------------ scalars
  void number(double d, bool single) {
    if (!std::isfinite(d)) {
      if (o_.convert_inf_nan) {
        out += "null";
      } else {
        out += std::isnan(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
      }
      return;
    }
    char buf[64];
    std::to_chars_result r{};
    if (d == std::trunc(d) && std::fabs(d) < 1e15) {
      r = std::to_chars(buf, buf + sizeof(buf), static_cast<int64_t>(d));  // 3, not 3e+00
    } else if (single) {
      r = std::to_chars(buf, buf + sizeof(buf), static_cast<float>(d));
    } else {
      r = std::to_chars(buf, buf + sizeof(buf), d);  // the shortest text that reads back as d
    }
    out.append(buf, r.ptr);
  }

  void text(const std::string& s) {
    out += '"';
    for (unsigned char c : s) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof(buf), "\\u%04x", c);
            out += buf;
          } else {
            out += static_cast<char>(c);
          }
      }
    }
    out += '"';
  }

  // Char code units: up to 255 they are the bytes of the text (RunMat's chars, as fileread
  // gives them); above, code points written as UTF-8.
  static std::string char_text(const uint16_t* d, int64_t n, int64_t stride) {
    std::string s;
    for (int64_t i = 0; i < n; ++i) {
      const uint32_t u = d[i * stride];
      if (u < 0x100) {
        s += static_cast<char>(u);
      } else if (u < 0x800) {
        s += static_cast<char>(0xC0 | (u >> 6));
        s += static_cast<char>(0x80 | (u & 0x3F));
      } else {
        s += static_cast<char>(0xE0 | (u >> 12));
        s += static_cast<char>(0x80 | ((u >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (u & 0x3F));
      }
    }
    return s;
  }

  // ------------------------------------------------------------ arrays
  void array(const Array& a) {
    const ClassId cls = a.cls();
    const Shape& s = a.shape();
    if (cls == ClassId::Char) {
      const auto* d = a.data<uint16_t>();
      if (s.ndims() == 2 && s.rows() <= 1) {
        text(s.numel() ? char_text(d, s.numel(), 1) : std::string());
      } else if (s.ndims() == 2) {  // a char matrix: its rows
        list(s.rows(), [&](int64_t r) { text(char_text(d + r, s.cols(), s.rows())); });
      } else {
        throw_error("MATLAB:json:UnsupportedClass", "Unable to encode N-D char arrays as JSON.");
      }
      return;
    }
    auto elem = [&](int64_t k) {
      if (cls == ClassId::Logical) {
        out += a.data<uint8_t>()[k] ? "true" : "false";
      } else if (is_integer_class(cls)) {
        out += wide_to_string(get_wide(a, k));
      } else {
        number(a.get_as_double(k), cls == ClassId::Single);
      }
    };
    if (s.numel() == 1) {
      elem(0);
    } else {
      shaped(s, elem);
    }
  }

  void strings(const StringArray& s) {
    auto elem = [&](int64_t k) {
      if (s.is_missing(k)) {
        out += "null";
      } else {
        text(s.data[static_cast<size_t>(k)]);
      }
    };
    if (s.shape.numel() == 1) {
      elem(0);
    } else {
      shaped(s.shape, elem);
    }
  }

  void members(const std::vector<std::string>& names, const std::vector<const Value*>& values) {
    if (names.empty()) {
      out += "{}";
      return;
    }
    out += '{';
    ++depth_;
    for (size_t f = 0; f < names.size(); ++f) {
      if (f) out += ',';
      newline();
      text(names[f]);
      out += o_.pretty ? ": " : ":";
      value(*values[f]);
    }
    --depth_;
    newline();
    out += '}';
  }

  void structs(const StructArray& s) {
    auto elem = [&](int64_t e) {
      std::vector<const Value*> vals;
      for (size_t f = 0; f < s.fields.size(); ++f) vals.push_back(&s.at(e, static_cast<int>(f)));
      members(s.fields, vals);
    };
    if (s.numel() == 1) {
      elem(0);
    } else {
      shaped(s.shape, elem);
    }
  }

  // containers.Map: an object of its entries (numeric keys as text); other objects: their
  // properties.
  void object(const Value& v) {
    std::vector<const Value*> vals;
    if (is_map(v)) {
      std::vector<std::string> keys;
      std::vector<Value> held;
      map_entries(v, &keys, &held);
      for (const Value& x : held) vals.push_back(&x);
      members(keys, vals);
      return;
    }
    const ObjectValue& o = v.object();
    for (const Value& x : o.props) vals.push_back(&x);
    members(o.names, vals);
  }

  const JsonEncodeOptions& o_;
  int depth_ = 0;
};

}  // namespace

std::string json_encode(const Value& v, const JsonEncodeOptions& options) {
  Encoder e(options);
  e.value(v);
  return std::move(e.out);
}

}  // namespace runmat::runtime
