#include "text_util.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "runmat/core/error.hpp"

namespace runmat::runtime {

namespace {

bool is_char_rowish(const Value& v) {
  return v.is_char() && (v.shape().rows() == 1 || v.numel() == 0) && v.shape().ndims() == 2;
}

bool is_cellstr(const Value& v) {
  if (!v.is_cell()) return false;
  for (const Value& e : v.cell().data) {
    if (!is_char_rowish(e)) return false;
  }
  return true;
}

[[noreturn]] void not_text(const char* fname, const char* what) {
  throw_error(absl::StrCat("MATLAB:", fname, ":InvalidInputType").c_str(),
              "%s must be a string array, character vector, or cell array of character vectors.",
              what);
}

// A mismatch between the shape and the element count is a bug in the caller; refusing it keeps
// it from becoming a buffer overrun.
void check_count(const Shape& shape, size_t n) {
  if (static_cast<size_t>(shape.numel()) != n) {
    throw std::logic_error("text builtin: result shape does not match its element count");
  }
}

}  // namespace

bool is_text_value(const Value& v) {
  return is_char_rowish(v) || v.is_string() || is_cellstr(v);
}

bool is_text_scalar(const Value& v) {
  return is_char_rowish(v) || (v.is_string() && v.numel() == 1);
}

std::string char_row_text(const Value& v, int64_t r) {
  const Shape s = v.shape();
  std::string out;
  const ArrayPtr a = v.as_array();
  for (int64_t c = 0; c < s.cols(); ++c) {
    out.push_back(static_cast<char>(static_cast<int>(a->get_as_double(r + c * s.rows()))));
  }
  return out;
}

TextArray text_array(const Value& v, const char* fname, const char* what) {
  TextArray t;
  if (v.is_char()) {
    t.kind = TextKind::Char;
    if (is_char_rowish(v)) {
      t.data.push_back(v.to_text());
      return t;
    }
    if (v.shape().ndims() != 2) not_text(fname, what);
    const int64_t rows = v.shape().rows();
    t.shape = Shape::column(rows);
    for (int64_t r = 0; r < rows; ++r) t.data.push_back(char_row_text(v, r));
    return t;
  }
  if (v.is_string()) {
    t.kind = TextKind::String;
    t.shape = v.shape();
    t.data = v.string().data;
    t.missing = v.string().missing;
    return t;
  }
  if (v.is_cell()) {
    t.kind = TextKind::Cell;
    t.shape = v.shape();
    for (const Value& e : v.cell().data) {
      if (!is_char_rowish(e)) not_text(fname, what);
      t.data.push_back(e.to_text());
    }
    return t;
  }
  not_text(fname, what);
}

std::string text_scalar(const Value& v, const char* fname, const char* what) {
  if (is_char_rowish(v)) return v.to_text();
  if (v.is_string() && v.numel() == 1) {
    if (v.string().is_missing(0)) {
      throw_error(absl::StrCat("MATLAB:", fname, ":MissingInput").c_str(),
                  "%s must not be a missing string.", what);
    }
    return v.string().data[0];
  }
  if (v.is_cell() && v.numel() == 1 && is_char_rowish(v.cell().data[0])) {
    return v.cell().data[0].to_text();
  }
  throw_error(absl::StrCat("MATLAB:", fname, ":InvalidInputType").c_str(),
              "%s must be a character vector or string scalar.", what);
}

Value make_string_array(const Shape& shape, std::vector<std::string> data,
                        std::vector<uint8_t> missing) {
  check_count(shape, data.size());
  auto s = std::make_shared<StringArray>(shape);
  s->data = std::move(data);
  if (std::any_of(missing.begin(), missing.end(), [](uint8_t m) { return m != 0; })) {
    s->missing = std::move(missing);
  }
  return Value::string(std::move(s));
}

Value make_cell(const Shape& shape, std::vector<Value> data) {
  check_count(shape, data.size());
  auto c = std::make_shared<CellArray>();
  c->shape = shape;
  c->data = std::move(data);
  return Value::cell(std::move(c));
}

Value logical_array(const Shape& shape, const std::vector<uint8_t>& bits) {
  check_count(shape, bits.size());
  auto a = std::make_shared<Array>(ClassId::Logical, shape);
  std::copy(bits.begin(), bits.end(), a->mutable_data<uint8_t>());
  return Value::array(std::move(a));
}

Value double_array(const Shape& shape, const std::vector<double>& values) {
  check_count(shape, values.size());
  if (shape.numel() == 1 && shape.ndims() == 2 && shape.rows() == 1) return Value::num(values[0]);
  auto a = std::make_shared<Array>(ClassId::Double, shape, Array::Uninitialized{});
  std::copy(values.begin(), values.end(), a->mutable_data<double>());
  return Value::array(std::move(a));
}

Value text_result(const TextArray& like, std::vector<std::string> data, const Shape& shape) {
  switch (like.kind) {
    case TextKind::Char:
      if (data.size() == 1) return Value::char_row(data[0]);
      return char_matrix(data);
    case TextKind::String: {
      std::vector<uint8_t> missing =
          like.missing.size() == data.size() ? like.missing : std::vector<uint8_t>{};
      return make_string_array(shape, std::move(data), std::move(missing));
    }
    case TextKind::Cell: {
      std::vector<Value> cells;
      cells.reserve(data.size());
      for (auto& s : data) cells.push_back(Value::char_row(s));
      return make_cell(shape, std::move(cells));
    }
  }
  return Value();
}

Value text_result(const TextArray& like, std::vector<std::string> data) {
  return text_result(like, std::move(data), like.shape);
}

Value char_matrix(const std::vector<std::string>& rows) {
  size_t width = 0;
  for (const auto& r : rows) width = std::max(width, r.size());
  auto a = std::make_shared<Array>(
      ClassId::Char, Shape{static_cast<int64_t>(rows.size()), static_cast<int64_t>(width)});
  uint16_t* d = a->mutable_data<uint16_t>();
  const size_t n = rows.size();
  for (size_t r = 0; r < n; ++r) {
    for (size_t c = 0; c < width; ++c) {
      d[r + c * n] = c < rows[r].size() ? static_cast<unsigned char>(rows[r][c]) : ' ';
    }
  }
  return Value::array(std::move(a));
}

std::string unescape_text(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out.push_back(s[i]);
      continue;
    }
    const char c = s[++i];
    switch (c) {
      case 'n':
        out.push_back('\n');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 'a':
        out.push_back('\a');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'v':
        out.push_back('\v');
        break;
      case '0':
        out.push_back('\0');
        break;
      case '\\':
        out.push_back('\\');
        break;
      default:
        out.push_back('\\');
        out.push_back(c);
        break;
    }
  }
  return out;
}

std::string number_to_string(double v, ClassId cls) {
  if (cls == ClassId::Logical) return v != 0 ? "true" : "false";
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? "-Inf" : "Inf";
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  // num2str's scalar rule: 4 significant digits beyond the integer part, at least 5.
  int digits = v == 0 ? 0 : static_cast<int>(std::floor(std::log10(std::fabs(v))));
  digits = std::max(digits + 5, 5);
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

}  // namespace runmat::runtime
