#include "container_index.hpp"

#include "complex_ops.hpp"
#include "index_plan.hpp"
#include "indexing.hpp"
#include "map_object.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"

namespace runmat::runtime {
namespace {

bool is_empty_double(const Value& v) {
  return v.is_array() && v.cls() == ClassId::Double && v.shape() == Shape{0, 0};
}

// Struct elements move as groups of nfields values.
std::vector<Value> gather_struct(const StructArray& s, const std::vector<int64_t>& pos) {
  const size_t nf = s.fields.size();
  std::vector<Value> out;
  out.reserve(pos.size() * nf);
  for (int64_t p : pos) {
    for (size_t f = 0; f < nf; ++f) out.push_back(s.values[static_cast<size_t>(p) * nf + f]);
  }
  return out;
}

// A string array from a value assigned into one (string, char row, number, cell of text).
StringArray to_strings(const Value& v) {
  if (v.is_string()) return v.string();
  if (v.is_char()) {
    StringArray out;
    out.data[0] = v.to_text();
    return out;
  }
  if (v.is_numeric_like()) {
    StringArray out(v.shape());
    for (int64_t i = 0; i < v.numel(); ++i) {
      const double d = v.elem(i);
      char buf[64];
      snprintf(buf, sizeof buf, "%.5g", d);
      out.data[static_cast<size_t>(i)] = buf;
    }
    return out;
  }
  throw_error("MATLAB:invalidConversion", "Conversion to string from %s is not possible.",
              v.class_name());
}

void check_count(size_t targets, int64_t rhs_numel) {
  if (rhs_numel != 1 && rhs_numel != static_cast<int64_t>(targets)) {
    throw_error("MATLAB:subsassignnumelmismatch",
                "Unable to perform assignment because the left and right sides have a different "
                "number of elements.");
  }
}

// Makes the fields of `dst` a superset of `src`'s (MATLAB adds a field assigned through one
// element to every element).
void merge_fields(StructArray& dst, const StructArray& src) {
  for (const auto& f : src.fields) dst.add_field(f);
}

}  // namespace

Value transpose_container(const Value& v) {
  const Shape s = v.shape();
  if (s.ndims() > 2) {
    throw_error("MATLAB:transpose:ND",
                "Transpose on ND array is not defined. Use PERMUTE instead.");
  }
  // Output element (c, r) comes from input element (r, c).
  const int64_t rows = s.rows(), cols = s.cols();
  std::vector<int64_t> from(static_cast<size_t>(rows * cols));
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t c = 0; c < cols; ++c) from[static_cast<size_t>(r * cols + c)] = c * rows + r;
  }
  const Shape t{cols, rows};
  switch (v.kind()) {
    case Value::Kind::Cell: {
      auto out = std::make_shared<CellArray>();
      out->shape = t;
      out->data = gather(v.cell().data, from);
      return Value::cell(std::move(out));
    }
    case Value::Kind::String: {
      auto out = std::make_shared<StringArray>(t);
      out->data = gather(v.string().data, from);
      if (!v.string().missing.empty()) out->missing = gather(v.string().missing, from);
      return Value::string(std::move(out));
    }
    case Value::Kind::Complex:
      return complex_unary_operator(lang::UnOp::Transpose, v);
    case Value::Kind::Struct: {
      auto out = std::make_shared<StructArray>(t);
      out->fields = v.structure().fields;
      out->values = gather_struct(v.structure(), from);
      return Value::structure(std::move(out));
    }
    default:
      return v;
  }
}

std::string field_name_of(const Value& v) {
  if ((v.is_char() && v.shape().rows() <= 1) || (v.is_string() && v.numel() == 1)) {
    return v.to_text();
  }
  throw_error("MATLAB:dynamicFieldNameNotString",
              "Dynamic structure field names must be character vectors or string scalars.");
}

Value index_paren(const Value& base, const std::vector<Value>& args) {
  switch (base.kind()) {
    case Value::Kind::Num:
    case Value::Kind::Array:
      return index_value(base, args);
    case Value::Kind::Cell: {
      const CellArray& c = base.cell();
      ReadPlan p = plan_read(c.shape, args);
      auto out = std::make_shared<CellArray>();
      out->shape = p.shape;
      out->data = gather(c.data, p.positions);
      return Value::cell(std::move(out));
    }
    case Value::Kind::Struct: {
      const StructArray& s = base.structure();
      ReadPlan p = plan_read(s.shape, args);
      auto out = std::make_shared<StructArray>(p.shape);
      out->fields = s.fields;
      out->values = gather_struct(s, p.positions);
      return Value::structure(std::move(out));
    }
    case Value::Kind::String: {
      const StringArray& s = base.string();
      ReadPlan p = plan_read(s.shape, args);
      auto out = std::make_shared<StringArray>(p.shape);
      out->data = gather(s.data, p.positions);
      if (!s.missing.empty()) out->missing = gather(s.missing, p.positions);
      return Value::string(std::move(out));
    }
    case Value::Kind::Complex: {
      const ComplexArray& z = base.complex();
      ReadPlan p = plan_read(z.shape, args);
      auto out = std::make_shared<ComplexArray>(p.shape);
      out->single = z.single;
      out->data = gather(z.data, p.positions);
      return Value::complex(std::move(out));
    }
    case Value::Kind::Object:
      if (is_map(base)) return map_get(base, args);  // M(key)
      [[fallthrough]];
    case Value::Kind::Handle: {
      // A 1x1 value indexed by 1 (or ':') is itself.
      ReadPlan p = plan_read(Shape::scalar(), args);
      if (p.positions.size() == 1) return base;
      throw_error("MATLAB:index:expected_one_output", "Indexing a %s this way is not supported.",
                  base.class_name());
    }
    default:
      throw_error("MATLAB:badsubscript", "Indexing is not supported for this value.");
  }
}

void assign_paren(Value& base, const std::vector<Value>& args, const Value& rhs) {
  if (is_map(base)) {  // M(key) = v: a handle, changed for every copy
    map_set(base, args, rhs);
    return;
  }
  const bool fresh = !base.is_defined() || is_empty_double(base);
  if (rhs.is_cell() && (fresh || base.is_cell())) {
    if (fresh) base = Value::cell(std::make_shared<CellArray>(Shape{0, 0}));
    CellArray& c = base.mutable_cell();
    WritePlan p = plan_write(c.shape, args);
    check_count(p.positions.size(), rhs.numel());
    c.data = regrow(std::move(c.data), c.shape, p.grown, Value::empty());
    c.shape = p.grown;
    const CellArray& r = rhs.cell();
    for (size_t i = 0; i < p.positions.size(); ++i) {
      c.data[static_cast<size_t>(p.positions[i])] = r.data[r.data.size() == 1 ? 0 : i];
    }
    return;
  }
  if (rhs.is_struct() && (fresh || base.is_struct())) {
    if (fresh) base = Value::structure(std::make_shared<StructArray>(Shape{0, 0}));
    StructArray& s = base.mutable_structure();
    const StructArray& r = rhs.structure();
    WritePlan p = plan_write(s.shape, args);
    check_count(p.positions.size(), rhs.numel());
    merge_fields(s, r);
    s.reshape_grow(p.grown);
    for (size_t i = 0; i < p.positions.size(); ++i) {
      const int64_t src = r.numel() == 1 ? 0 : static_cast<int64_t>(i);
      for (size_t f = 0; f < s.fields.size(); ++f) {
        const int rf = r.find_field(s.fields[f]);
        s.at(p.positions[i], static_cast<int>(f)) = rf >= 0 ? r.at(src, rf) : Value::empty();
      }
    }
    return;
  }
  if (base.is_string() || (rhs.is_string() && fresh)) {
    if (fresh) base = Value::string(std::make_shared<StringArray>(Shape{0, 0}));
    StringArray& s = base.mutable_string();
    const StringArray r = to_strings(rhs);
    WritePlan p = plan_write(s.shape, args);
    check_count(p.positions.size(), r.shape.numel());
    s.data = regrow(std::move(s.data), s.shape, p.grown, std::string());
    if (!s.missing.empty() || !r.missing.empty()) {
      s.missing.resize(static_cast<size_t>(s.shape.numel()), 0);
      s.missing = regrow(std::move(s.missing), s.shape, p.grown, uint8_t{1});
    }
    // Growth fills new string elements with <missing>, as MATLAB does.
    if (p.grown != s.shape && s.missing.empty()) {
      s.missing.assign(static_cast<size_t>(p.grown.numel()), 1);
      for (int64_t at : grow_positions(s.shape, p.grown)) s.missing[static_cast<size_t>(at)] = 0;
    }
    s.shape = p.grown;
    for (size_t i = 0; i < p.positions.size(); ++i) {
      const size_t src = r.data.size() == 1 ? 0 : i;
      s.data[static_cast<size_t>(p.positions[i])] = r.data[src];
      if (!s.missing.empty()) s.missing[static_cast<size_t>(p.positions[i])] = r.is_missing(src);
    }
    return;
  }
  if ((base.is_complex() && rhs.is_numeric_like()) ||
      (rhs.is_complex() && (fresh || base.is_numeric_like() || base.is_complex()))) {
    // Complex assignment: the target becomes (or stays) complex.
    Value target =
        fresh ? Value::complex(std::make_shared<ComplexArray>(Shape{0, 0})) : to_complex(base);
    const Value r = to_complex(rhs);
    ComplexArray& z = target.mutable_complex();
    WritePlan p = plan_write(z.shape, args);
    check_count(p.positions.size(), rhs.numel());
    z.data = regrow(std::move(z.data), z.shape, p.grown, std::complex<double>());
    z.shape = p.grown;
    z.single = z.single || r.complex().single;
    const auto& rd = r.complex().data;
    for (size_t i = 0; i < p.positions.size(); ++i) {
      z.data[static_cast<size_t>(p.positions[i])] = rd[rd.size() == 1 ? 0 : i];
    }
    base = std::move(target);
    return;
  }
  if (base.is_cell()) {
    throw_error("MATLAB:invalidConversion", "Conversion to cell from %s is not possible.",
                rhs.class_name());
  }
  if (base.is_struct()) {
    throw_error("MATLAB:invalidConversion", "Conversion to struct from %s is not possible.",
                rhs.class_name());
  }
  if (!rhs.is_numeric_like()) {
    throw_error("MATLAB:invalidConversion", "Conversion to %s from %s is not possible.",
                base.is_defined() ? base.class_name() : std::string("double"), rhs.class_name());
  }
  if (!base.is_numeric_like() && base.is_defined()) {
    throw_error("MATLAB:invalidConversion", "Conversion to %s from %s is not possible.",
                base.class_name(), rhs.class_name());
  }
  assign_index(base, args, rhs);
}

void delete_paren(Value& base, const std::vector<Value>& args) {
  if (is_map(base)) {  // M(key) = [] stores [] (remove() deletes a key)
    map_set(base, args, Value::empty());
    return;
  }
  if (!base.is_defined() || base.is_numeric_like()) {
    delete_index(base, args);
    return;
  }
  switch (base.kind()) {
    case Value::Kind::Cell: {
      DeletePlan p = plan_delete(base.shape(), args);
      if (p.nothing) return;
      CellArray& c = base.mutable_cell();
      c.data = drop(std::move(c.data), p.keep);
      c.shape = p.shape;
      return;
    }
    case Value::Kind::String: {
      DeletePlan p = plan_delete(base.shape(), args);
      if (p.nothing) return;
      StringArray& s = base.mutable_string();
      s.data = drop(std::move(s.data), p.keep);
      if (!s.missing.empty()) s.missing = drop(std::move(s.missing), p.keep);
      s.shape = p.shape;
      return;
    }
    case Value::Kind::Complex: {
      DeletePlan p = plan_delete(base.shape(), args);
      if (p.nothing) return;
      ComplexArray& z = base.mutable_complex();
      z.data = drop(std::move(z.data), p.keep);
      z.shape = p.shape;
      return;
    }
    case Value::Kind::Struct: {
      DeletePlan p = plan_delete(base.shape(), args);
      if (p.nothing) return;
      StructArray& s = base.mutable_structure();
      const size_t nf = s.fields.size();
      std::vector<Value> kept;
      for (size_t e = 0; e < p.keep.size(); ++e) {
        if (!p.keep[e]) continue;
        for (size_t f = 0; f < nf; ++f) kept.push_back(std::move(s.values[e * nf + f]));
      }
      s.values = std::move(kept);
      s.shape = p.shape;
      return;
    }
    default:
      throw_error("MATLAB:invalidType", "Deletion is not supported for a %s.", base.class_name());
  }
}

std::vector<Value> index_brace(const Value& base, const std::vector<Value>& args) {
  if (!base.is_cell()) {
    throw_error("MATLAB:cellRefFromNonCell",
                "Brace indexing is not supported for variables of this type.");
  }
  const CellArray& c = base.cell();
  ReadPlan p = plan_read(c.shape, args);
  return gather(c.data, p.positions);
}

void assign_brace(Value& base, const std::vector<Value>& args, const Value& rhs) {
  if (!base.is_defined() || is_empty_double(base)) {
    base = Value::cell(std::make_shared<CellArray>(Shape{0, 0}));
  }
  if (!base.is_cell()) {
    throw_error("MATLAB:cellAssToNonCell",
                "Unable to perform assignment because brace indexing is not supported for "
                "variables of this type.");
  }
  CellArray& c = base.mutable_cell();
  WritePlan p = plan_write(c.shape, args);
  c.data = regrow(std::move(c.data), c.shape, p.grown, Value::empty());
  c.shape = p.grown;
  // c{1:3} = v assigns v to each selected element (MATLAB requires a cs-list on the right;
  // one value for every element is what deal() would give).
  for (int64_t at : p.positions) c.data[static_cast<size_t>(at)] = rhs;
}

std::vector<Value> get_field(const Value& base, const std::string& name) {
  if (base.is_object()) return {base.object().get(name)};
  if (!base.is_struct()) {
    throw_error("MATLAB:structRefFromNonStruct",
                "Dot indexing is not supported for variables of this type.");
  }
  const StructArray& s = base.structure();
  const int f = s.find_field(name);
  if (f < 0) {
    throw_error("MATLAB:nonExistentField", "Unrecognized field name \"%s\".", name);
  }
  std::vector<Value> out;
  out.reserve(static_cast<size_t>(s.numel()));
  for (int64_t e = 0; e < s.numel(); ++e) out.push_back(s.at(e, f));
  return out;
}

void set_field(Value& base, const std::string& name, const Value& rhs) {
  if (is_map(base)) {
    throw_error("MATLAB:class:SetProhibited",
                "Unable to set the '%s' property of class 'containers.Map' because it is "
                "read-only.",
                name);
  }
  if (base.is_object()) {
    base.mutable_object().set(name, rhs);
    return;
  }
  if (!base.is_defined() || is_empty_double(base)) {
    base = Value::structure(std::make_shared<StructArray>(Shape::scalar()));
  }
  if (!base.is_struct()) {
    throw_error("MATLAB:structAssToNonStruct",
                "Unable to perform assignment because dot indexing is not supported for "
                "variables of this type.");
  }
  StructArray& s = base.mutable_structure();
  if (s.numel() != 1) {
    if (s.numel() == 0) {
      s.reshape_grow(Shape::scalar());
    } else {
      throw_error("MATLAB:index:expected_one_output",
                  "Scalar structure required for this "
                  "assignment.");
    }
  }
  const int f = s.add_field(name);
  s.at(0, f) = rhs;
}

}  // namespace runmat::runtime
