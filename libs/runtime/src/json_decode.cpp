// jsondecode's rules (MATLAB R2023b): null is [], numbers double, true/false logical, strings
// char row vectors, objects scalar structs (keys made valid, unique field names). An array
// becomes: [] when empty; a column vector when it holds numbers (null inside is NaN) or only
// booleans; a matrix or N-D array when it nests equally long arrays of numbers ([[1,2],[3,4]]
// is [1 2; 3 4]); a struct column when it holds objects with the same fields; otherwise a
// cell column of the decoded elements.
#include <cmath>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "json.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"

namespace runmat::runtime {
namespace {

struct Node {
  enum Kind { Null, Bool, Number, String, Array, Object } kind = Null;
  bool b = false;
  double num = 0;
  std::string str;
  std::vector<Node> items;                            // Array
  std::vector<std::pair<std::string, Node>> members;  // Object, in text order
};

// Nesting deeper than this is refused rather than overflowing the stack.
constexpr int kMaxDepth = 512;

class Parser {
 public:
  explicit Parser(std::string_view t) : t_(t) {}

  Node document() {
    Node n = value(0);
    skip_space();
    if (pos_ < t_.size()) fail("expected end of text");
    return n;
  }

 private:
  [[noreturn]] void fail(const std::string& what) {
    int line = 1, col = 1;
    for (size_t i = 0; i < pos_ && i < t_.size(); ++i) {
      if (t_[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    const std::string found = pos_ >= t_.size() ? "end of text" : std::string("'") + t_[pos_] + "'";
    throw_error("MATLAB:json:SyntaxError",
                "JSON syntax error at line %d, column %d (character %d): %s but found %s.", line,
                col, static_cast<int>(pos_) + 1, what, found);
  }

  void skip_space() {
    while (pos_ < t_.size() &&
           (t_[pos_] == ' ' || t_[pos_] == '\t' || t_[pos_] == '\n' || t_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool literal(std::string_view word) {
    if (t_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  Node value(int depth) {
    if (depth > kMaxDepth) fail("nesting too deep;");
    skip_space();
    if (pos_ >= t_.size()) fail("expected value");
    Node n;
    const char c = t_[pos_];
    if (c == '{') return object(depth);
    if (c == '[') return array(depth);
    if (c == '"') {
      n.kind = Node::String;
      n.str = string();
      return n;
    }
    if (literal("true")) {
      n.kind = Node::Bool;
      n.b = true;
      return n;
    }
    if (literal("false")) {
      n.kind = Node::Bool;
      return n;
    }
    if (literal("null")) return n;
    // MATLAB's own extensions, which jsonencode writes with ConvertInfAndNaN false.
    n.kind = Node::Number;
    if (literal("NaN")) {
      n.num = NAN;
      return n;
    }
    if (literal("Infinity") || literal("Inf")) {
      n.num = INFINITY;
      return n;
    }
    if (literal("-Infinity") || literal("-Inf")) {
      n.num = -INFINITY;
      return n;
    }
    n.num = number();
    return n;
  }

  // The JSON number grammar, checked strictly; strtod converts the validated text.
  double number() {
    const size_t start = pos_;
    auto digits = [&] {
      const size_t from = pos_;
      while (pos_ < t_.size() && t_[pos_] >= '0' && t_[pos_] <= '9') ++pos_;
      return pos_ > from;
    };
    if (pos_ < t_.size() && t_[pos_] == '-') ++pos_;
    if (pos_ < t_.size() && t_[pos_] == '0') {
      ++pos_;
    } else if (!digits()) {
      pos_ = start;
      fail("expected value");
    }
    if (pos_ < t_.size() && t_[pos_] == '.') {
      ++pos_;
      if (!digits()) fail("expected digit");
    }
    if (pos_ < t_.size() && (t_[pos_] == 'e' || t_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < t_.size() && (t_[pos_] == '+' || t_[pos_] == '-')) ++pos_;
      if (!digits()) fail("expected digit");
    }
    const std::string text(t_.substr(start, pos_ - start));
    return std::strtod(text.c_str(), nullptr);
  }

  unsigned hex4() {
    if (pos_ + 4 > t_.size()) fail("expected four hex digits");
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = t_[pos_++];
      v <<= 4;
      if (h >= '0' && h <= '9') {
        v |= static_cast<unsigned>(h - '0');
      } else if (h >= 'a' && h <= 'f') {
        v |= static_cast<unsigned>(h - 'a' + 10);
      } else if (h >= 'A' && h <= 'F') {
        v |= static_cast<unsigned>(h - 'A' + 10);
      } else {
        --pos_;
        fail("expected hex digit");
      }
    }
    return v;
  }

  static void put_utf8(std::string& s, uint32_t cp) {
    if (cp < 0x80) {
      s += static_cast<char>(cp);
    } else if (cp < 0x800) {
      s += static_cast<char>(0xC0 | (cp >> 6));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      s += static_cast<char>(0xE0 | (cp >> 12));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      s += static_cast<char>(0xF0 | (cp >> 18));
      s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // A string literal; the text is kept as UTF-8 bytes (RunMat's chars).
  std::string string() {
    ++pos_;  // the opening quote
    std::string s;
    for (;;) {
      if (pos_ >= t_.size()) fail("expected '\"'");
      const char c = t_[pos_++];
      if (c == '"') return s;
      if (static_cast<unsigned char>(c) < 0x20) {
        --pos_;
        fail("expected a character (control characters must be escaped)");
      }
      if (c != '\\') {
        s += c;
        continue;
      }
      if (pos_ >= t_.size()) fail("expected escape character");
      const char e = t_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          s += e;
          break;
        case 'b':
          s += '\b';
          break;
        case 'f':
          s += '\f';
          break;
        case 'n':
          s += '\n';
          break;
        case 'r':
          s += '\r';
          break;
        case 't':
          s += '\t';
          break;
        case 'u': {
          uint32_t cp = hex4();
          if (cp >= 0xD800 && cp < 0xDC00 && t_.substr(pos_, 2) == "\\u") {
            const size_t save = pos_;
            pos_ += 2;
            const unsigned low = hex4();
            if (low >= 0xDC00 && low < 0xE000) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else {
              pos_ = save;
            }
          }
          put_utf8(s, cp);
          break;
        }
        default:
          --pos_;
          fail("expected escape character");
      }
    }
  }

  Node array(int depth) {
    ++pos_;
    Node n;
    n.kind = Node::Array;
    skip_space();
    if (pos_ < t_.size() && t_[pos_] == ']') {
      ++pos_;
      return n;
    }
    for (;;) {
      n.items.push_back(value(depth + 1));
      skip_space();
      if (pos_ < t_.size() && t_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < t_.size() && t_[pos_] == ']') {
        ++pos_;
        return n;
      }
      fail("expected ',' or ']'");
    }
  }

  Node object(int depth) {
    ++pos_;
    Node n;
    n.kind = Node::Object;
    skip_space();
    if (pos_ < t_.size() && t_[pos_] == '}') {
      ++pos_;
      return n;
    }
    for (;;) {
      skip_space();
      if (pos_ >= t_.size() || t_[pos_] != '"') fail("expected '\"'");
      std::string key = string();
      skip_space();
      if (pos_ >= t_.size() || t_[pos_] != ':') fail("expected ':'");
      ++pos_;
      n.members.emplace_back(std::move(key), value(depth + 1));
      skip_space();
      if (pos_ < t_.size() && t_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < t_.size() && t_[pos_] == '}') {
        ++pos_;
        return n;
      }
      fail("expected ',' or '}'");
    }
  }

  std::string_view t_;
  size_t pos_ = 0;
};

// ------------------------------------------------------------------ nodes -> values

class Builder {
 public:
  explicit Builder(const JsonDecodeOptions& o) : o_(o) {}

  Value value(const Node& n) {
    switch (n.kind) {
      case Node::Null:
        return Value::empty();
      case Node::Bool:
        return Value::logical(n.b);
      case Node::Number:
        return Value::num(n.num);
      case Node::String:
        return Value::char_row(n.str);
      case Node::Object:
        return structure({&n}, Shape::scalar());
      case Node::Array:
        return array(n);
    }
    return Value::empty();
  }

 private:
  // The field names of an object, made valid and unique as jsondecode does.
  std::vector<std::string> field_names(const Node& obj) const {
    std::vector<std::string> names;
    for (const auto& [key, v] : obj.members) {
      std::string name = o_.make_valid_name ? make_valid_name(key) : key;
      const std::string stem = name;
      for (int k = 1;; ++k) {  // makeUniqueStrings: a, a_1, a_2, ...
        bool taken = false;
        for (const std::string& o : names) taken |= o == name;
        if (!taken) break;
        name = absl::StrCat(stem, "_", k);
      }
      names.push_back(std::move(name));
    }
    return names;
  }

  // Objects with equal field names -> one struct array of `shape`.
  Value structure(const std::vector<const Node*>& objs, const Shape& shape) {
    auto s = std::make_shared<StructArray>(shape);
    s->fields = field_names(*objs[0]);
    for (const Node* o : objs) {
      for (const auto& m : o->members) s->values.push_back(value(m.second));
    }
    return Value::structure(std::move(s));
  }

  // The dims of a rectangular nest of non-empty arrays whose leaves all have kind `leaf`
  // (numbers may include null), taken along the first elements and then checked everywhere;
  // false when it is ragged or mixed.
  static bool rectangular(const Node& n, Node::Kind leaf, std::vector<int64_t>* dims) {
    for (const Node* p = &n; p->kind == Node::Array; p = &p->items[0]) {
      if (p->items.empty()) return false;
      dims->push_back(static_cast<int64_t>(p->items.size()));
    }
    return conforms(n, leaf, *dims, 0);
  }

  static bool conforms(const Node& n, Node::Kind leaf, const std::vector<int64_t>& dims, size_t d) {
    if (d == dims.size()) {
      return n.kind == leaf || (leaf == Node::Number && n.kind == Node::Null);
    }
    if (n.kind != Node::Array || static_cast<int64_t>(n.items.size()) != dims[d]) return false;
    for (const Node& c : n.items) {
      if (!conforms(c, leaf, dims, d + 1)) return false;
    }
    return true;
  }

  static void fill(const Node& n, const std::vector<int64_t>& dims, size_t d, int64_t base,
                   int64_t stride, Array& a) {
    if (n.kind != Node::Array) {
      if (a.cls() == ClassId::Logical) {
        a.mutable_data<uint8_t>()[base] = n.b;
      } else {
        a.mutable_data<double>()[base] = n.kind == Node::Null ? NAN : n.num;
      }
      return;
    }
    for (size_t i = 0; i < n.items.size(); ++i) {
      fill(n.items[i], dims, d + 1, base + static_cast<int64_t>(i) * stride, stride * dims[d], a);
    }
  }

  Value array(const Node& n) {
    if (n.items.empty()) return Value::empty();
    const size_t count = n.items.size();
    for (Node::Kind leaf : {Node::Number, Node::Bool}) {
      std::vector<int64_t> dims;
      if (!rectangular(n, leaf, &dims)) continue;
      bool any_number = leaf == Node::Bool;  // an array of nulls alone is a cell
      if (!any_number) any_number = has_number(n);
      if (!any_number) break;
      Shape::Dims sd(dims.begin(), dims.end());
      if (sd.size() == 1) sd.push_back(1);  // a flat array is a column
      auto a = std::make_shared<Array>(leaf == Node::Bool ? ClassId::Logical : ClassId::Double,
                                       Shape(sd));
      fill(n, dims, 0, 0, 1, *a);
      if (a->cls() == ClassId::Double && a->numel() == 1) return Value::num(a->data<double>()[0]);
      return Value::array(std::move(a));
    }
    // Objects with the same fields (in the same order) form a struct column.
    bool all_objects = true;
    for (const Node& c : n.items) all_objects &= c.kind == Node::Object;
    if (all_objects) {
      const std::vector<std::string> first = field_names(n.items[0]);
      bool same = true;
      for (const Node& c : n.items) same &= field_names(c) == first;
      if (same) {
        std::vector<const Node*> objs;
        for (const Node& c : n.items) objs.push_back(&c);
        return structure(objs, Shape::column(static_cast<int64_t>(count)));
      }
    }
    auto cell = std::make_shared<CellArray>(Shape::column(static_cast<int64_t>(count)));
    for (size_t i = 0; i < count; ++i) cell->data[i] = value(n.items[i]);
    return Value::cell(std::move(cell));
  }

  static bool has_number(const Node& n) {
    if (n.kind == Node::Number) return true;
    for (const Node& c : n.items) {
      if (has_number(c)) return true;
    }
    return false;
  }

  const JsonDecodeOptions& o_;
};

bool is_keyword(const std::string& s) {
  static const char* const kKeywords[] = {"break",  "case",   "catch",     "classdef", "continue",
                                          "else",   "elseif", "end",       "for",      "function",
                                          "global", "if",     "otherwise", "parfor",   "persistent",
                                          "return", "spmd",   "switch",    "try",      "while"};
  for (const char* k : kKeywords) {
    if (s == k) return true;
  }
  return false;
}

bool is_space(char c) {
  return c == ' ' || (c >= 9 && c <= 13);
}

}  // namespace

std::string make_valid_name(std::string_view name) {
  size_t b = 0, e = name.size();
  while (b < e && is_space(name[b])) ++b;
  while (e > b && is_space(name[e - 1])) --e;
  std::string out;
  bool after_space = false;
  for (size_t i = b; i < e; ++i) {
    const char c = name[i];
    if (is_space(c)) {
      after_space = true;
      continue;
    }
    if (after_space && c >= 'a' && c <= 'z') {
      out += static_cast<char>(c - 'a' + 'A');
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_') {
      out += c;
    } else {
      out += '_';
    }
    after_space = false;
  }
  if (is_keyword(out)) {
    out[0] = static_cast<char>(out[0] - 'a' + 'A');
    out = "x" + out;
  } else if (out.empty() ||
             !((out[0] >= 'a' && out[0] <= 'z') || (out[0] >= 'A' && out[0] <= 'Z'))) {
    out = "x" + out;
  }
  if (out.size() > 63) out.resize(63);
  return out;
}

Value json_decode(std::string_view text, const JsonDecodeOptions& options) {
  Parser p(text);
  const Node root = p.document();
  Builder b(options);
  return b.value(root);
}

}  // namespace runmat::runtime
