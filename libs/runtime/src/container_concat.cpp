#include "container_concat.hpp"

#include "absl/strings/str_format.h"
#include "complex_ops.hpp"
#include "indexing.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"

namespace runmat::runtime {
namespace {

bool is_empty_double(const Value& v) {
  return v.is_numeric_like() && v.shape() == Shape{0, 0};
}

// Concatenates per-item element vectors (column-major, shapes given) along `dim`.
template <typename T>
std::vector<T> cat_elements(const std::vector<const std::vector<T>*>& parts,
                            const std::vector<Shape>& shapes, int dim, Shape* out_shape) {
  const Shape& first = shapes[0];
  int nd = dim + 1;
  for (const Shape& s : shapes) nd = std::max(nd, s.ndims());
  int64_t total = 0;
  for (const Shape& s : shapes) {
    for (int d = 0; d < nd; ++d) {
      if (d != dim && s.dim(d) != first.dim(d)) {
        throw_error("MATLAB:catenate:dimensionMismatch",
                    "Dimensions of arrays being concatenated are not consistent.");
      }
    }
    total += s.dim(dim);
  }
  Shape::Dims dims(static_cast<size_t>(nd));
  for (int d = 0; d < nd; ++d) dims[d] = d == dim ? total : first.dim(d);
  *out_shape = Shape(dims);
  int64_t inner = 1, outer = 1;
  for (int k = 0; k < dim; ++k) inner *= first.dim(k);
  for (int k = dim + 1; k < nd; ++k) outer *= first.dim(k);
  std::vector<T> out(static_cast<size_t>(out_shape->numel()));
  int64_t offset = 0;
  for (size_t p = 0; p < parts.size(); ++p) {
    const int64_t ext = shapes[p].dim(dim);
    for (int64_t o = 0; o < outer; ++o) {
      for (int64_t e = 0; e < ext; ++e) {
        for (int64_t i = 0; i < inner; ++i) {
          out[static_cast<size_t>((o * total + offset + e) * inner + i)] =
              (*parts[p])[static_cast<size_t>((o * ext + e) * inner + i)];
        }
      }
    }
    offset += ext;
  }
  return out;
}

Value as_cell(const Value& v) {
  if (v.is_cell()) return v;
  auto c = std::make_shared<CellArray>(Shape::scalar());
  c->data[0] = v;
  return Value::cell(std::move(c));
}

std::string number_text(double d) {
  return absl::StrFormat("%.5g", d);
}

Value as_string(const Value& v) {
  if (v.is_string()) return v;
  if (v.is_char()) {
    // A char matrix becomes one string per row.
    const Shape s = v.shape();
    if (s.rows() <= 1) return Value::string_scalar(v.to_text());
    auto out = std::make_shared<StringArray>(Shape::column(s.rows()));
    for (int64_t r = 0; r < s.rows(); ++r) {
      std::string t;
      for (int64_t c = 0; c < s.cols(); ++c)
        t.push_back(static_cast<char>(v.elem(c * s.rows() + r)));
      out->data[static_cast<size_t>(r)] = t;
    }
    return Value::string(std::move(out));
  }
  if (v.is_numeric_like()) {
    auto out = std::make_shared<StringArray>(v.shape());
    for (int64_t i = 0; i < v.numel(); ++i) {
      out->data[static_cast<size_t>(i)] = v.cls() == ClassId::Logical
                                              ? (v.elem(i) != 0 ? "true" : "false")
                                              : number_text(v.elem(i));
    }
    return Value::string(std::move(out));
  }
  if (v.is_cell()) {
    // ["a", {'b'}]: MATLAB converts a cellstr.
    const CellArray& c = v.cell();
    auto out = std::make_shared<StringArray>(c.shape);
    for (size_t i = 0; i < c.data.size(); ++i) {
      if (!c.data[i].is_char() && !c.data[i].is_string()) {
        throw_error("MATLAB:invalidConversion", "Conversion to string from cell is not possible.");
      }
      out->data[i] = c.data[i].to_text();
    }
    return Value::string(std::move(out));
  }
  throw_error("MATLAB:invalidConversion", "Conversion to string from %s is not possible.",
              v.class_name());
}

}  // namespace

Value concat_values_dim(const std::vector<Value>& items, int dim) {
  bool any_cell = false, any_struct = false, any_string = false, any_handle = false;
  bool any_complex = false;
  for (const Value& v : items) {
    any_complex |= v.is_complex();
    any_cell |= v.is_cell();
    any_struct |= v.is_struct();
    any_string |= v.is_string();
    any_handle |= v.is_handle() || v.is_object();
  }
  if (any_complex && !any_cell && !any_struct && !any_string && !any_handle) {
    std::vector<Value> parts;
    for (const Value& v : items) {
      if (is_empty_double(v)) continue;
      if (!v.is_numeric_like() && !v.is_complex()) {
        throw_error("MATLAB:catenate:invalidType", "Unsupported value in concatenation.");
      }
      parts.push_back(to_complex(v));
    }
    std::vector<const std::vector<std::complex<double>>*> data;
    std::vector<Shape> shapes;
    bool single = false;
    for (const Value& v : parts) {
      data.push_back(&v.complex().data);
      shapes.push_back(v.shape());
      single |= v.complex().single;
    }
    auto out = std::make_shared<ComplexArray>();
    out->data = cat_elements(data, shapes, dim, &out->shape);
    out->single = single;
    return Value::complex(std::move(out));
  }
  if (!any_cell && !any_struct && !any_string && !any_handle) {
    if (dim <= 1) return concat(items, dim == 1);
    throw_error("RunMat:internal", "N-D numeric concatenation goes through cat().");
  }
  std::vector<Value> parts;
  for (const Value& v : items) {
    if (is_empty_double(v)) continue;  // [] is skipped
    parts.push_back(v);
  }
  if (any_cell) {
    for (Value& v : parts) v = as_cell(v);
    if (parts.empty()) return Value::cell(std::make_shared<CellArray>(Shape{0, 0}));
    std::vector<const std::vector<Value>*> data;
    std::vector<Shape> shapes;
    for (const Value& v : parts) {
      if (v.numel() == 0 && parts.size() > 1) continue;  // {} joins like []
      data.push_back(&v.cell().data);
      shapes.push_back(v.shape());
    }
    if (data.empty()) return parts[0];
    auto out = std::make_shared<CellArray>();
    out->data = cat_elements(data, shapes, dim, &out->shape);
    return Value::cell(std::move(out));
  }
  if (any_string) {
    if (any_handle || any_struct) {
      throw_error("MATLAB:invalidConversion", "Conversion to string is not possible.");
    }
    for (Value& v : parts) v = as_string(v);
    if (parts.empty()) return Value::string(std::make_shared<StringArray>(Shape{0, 0}));
    std::vector<std::vector<std::string>> texts;
    std::vector<std::vector<uint8_t>> missing;
    std::vector<Shape> shapes;
    bool any_missing = false;
    for (const Value& v : parts) {
      texts.push_back(v.string().data);
      std::vector<uint8_t> m = v.string().missing;
      any_missing |= !m.empty();
      m.resize(static_cast<size_t>(v.numel()), 0);
      missing.push_back(std::move(m));
      shapes.push_back(v.shape());
    }
    std::vector<const std::vector<std::string>*> tp;
    std::vector<const std::vector<uint8_t>*> mp;
    for (size_t i = 0; i < texts.size(); ++i) {
      tp.push_back(&texts[i]);
      mp.push_back(&missing[i]);
    }
    auto out = std::make_shared<StringArray>();
    out->data = cat_elements(tp, shapes, dim, &out->shape);
    if (any_missing) {
      Shape unused;
      out->missing = cat_elements(mp, shapes, dim, &unused);
    }
    return Value::string(std::move(out));
  }
  if (any_handle) {
    if (parts.size() == 1) return parts[0];
    throw_error("MATLAB:catenate:invalidType",
                "Nonscalar arrays of function handles are not allowed; use cell arrays instead.");
  }
  // Structs: every part must be a struct with the same field names.
  if (parts.empty()) return items[0];
  for (const Value& v : parts) {
    if (!v.is_struct()) {
      throw_error("MATLAB:catenate:structCatWithNonStruct",
                  "Concatenation of a struct with a value of class %s is not allowed.",
                  v.class_name());
    }
  }
  const StructArray& first = parts[0].structure();
  std::vector<std::vector<Value>> groups;  // per part: element groups reordered to `first`
  std::vector<Shape> shapes;
  for (const Value& v : parts) {
    const StructArray& s = v.structure();
    if (s.fields.size() != first.fields.size()) {
      throw_error("MATLAB:catenate:structFieldBad",
                  "Concatenation of structures requires that the structures have the same "
                  "field names.");
    }
    std::vector<int> map;
    for (const auto& name : first.fields) {
      const int f = s.find_field(name);
      if (f < 0) {
        throw_error("MATLAB:catenate:structFieldBad",
                    "Concatenation of structures requires that the structures have the same "
                    "field names.");
      }
      map.push_back(f);
    }
    std::vector<Value> elems;
    for (int64_t e = 0; e < s.numel(); ++e) {
      auto one = std::make_shared<StructArray>(Shape::scalar());
      one->fields = first.fields;
      for (int f : map) one->values.push_back(s.at(e, f));
      elems.push_back(Value::structure(std::move(one)));
    }
    groups.push_back(std::move(elems));
    shapes.push_back(s.shape);
  }
  std::vector<const std::vector<Value>*> gp;
  for (const auto& g : groups) gp.push_back(&g);
  Shape shape;
  std::vector<Value> elems = cat_elements(gp, shapes, dim, &shape);
  auto out = std::make_shared<StructArray>(shape);
  out->fields = first.fields;
  for (const Value& e : elems) {
    for (const Value& x : e.structure().values) out->values.push_back(x);
  }
  return Value::structure(std::move(out));
}

Value concat_values(const std::vector<Value>& items, bool horizontal) {
  return concat_values_dim(items, horizontal ? 1 : 0);
}

}  // namespace runmat::runtime
