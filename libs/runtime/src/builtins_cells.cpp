// Cells and structs: cell struct fieldnames isfield rmfield getfield setfield orderfields
// iscell isstruct iscellstr num2cell cell2mat struct2cell cell2struct deal.
#include <algorithm>

#include "builtins.hpp"
#include "container_concat.hpp"
#include "container_index.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"

namespace runmat::runtime {
namespace {

Value cell_of(Shape shape, std::vector<Value> data) {
  auto c = std::make_shared<CellArray>();
  c->shape = shape;
  c->data = std::move(data);
  return Value::cell(std::move(c));
}

bool is_text(const Value& v) {
  return (v.is_char() && v.shape().rows() <= 1) || (v.is_string() && v.numel() == 1);
}

std::string text_arg(const Value& v, const char* what) {
  if (!is_text(v)) {
    throw_error("MATLAB:invalidInput", "%s must be a character vector or string scalar.", what);
  }
  return v.to_text();
}

// Field names from a char vector, string array or cell array of char vectors.
std::vector<std::string> names_arg(const Value& v) {
  if (is_text(v)) return {v.to_text()};
  std::vector<std::string> out;
  if (v.is_cell()) {
    for (const Value& e : v.cell().data) out.push_back(text_arg(e, "Field names"));
    return out;
  }
  if (v.is_string()) return v.string().data;
  throw_error("MATLAB:invalidInput",
              "Field names must be a character vector, string array or cell array of character "
              "vectors.");
}

const StructArray& struct_arg(const Value& v, const char* fn) {
  if (!v.is_struct()) {
    throw_error("MATLAB:invalidInput", "Input to %s must be a structure.", fn);
  }
  return v.structure();
}

Args cell_fn(CallContext& ctx, Args& args) {
  const Shape s = shape_from_args(ctx, args);
  return {Value::cell(std::make_shared<CellArray>(s))};
}

// struct('a', v1, 'b', {x, y}): cell values make a struct array of their size (a 1x1 cell
// gives its content); other values are shared by every element.
Args struct_fn(CallContext& ctx, Args& args) {
  if (args.empty()) return {Value::structure(std::make_shared<StructArray>(Shape::scalar()))};
  if (args.size() % 2 != 0) {
    throw_error("MATLAB:struct:FieldValuePairs",
                "Field and value input arguments must come in "
                "pairs.");
  }
  Shape shape = Shape::scalar();
  bool sized = false;
  for (size_t i = 1; i < args.size(); i += 2) {
    if (args[i].is_cell() && args[i].numel() != 1) {
      if (sized && args[i].shape() != shape) {
        throw_error("MATLAB:struct:CellDimsMismatch",
                    "Array dimensions of cell arrays must match or be scalar.");
      }
      shape = args[i].shape();
      sized = true;
    }
  }
  auto s = std::make_shared<StructArray>(shape);
  for (size_t i = 0; i < args.size(); i += 2) {
    const std::string name = text_arg(args[i], "Field name");
    if (s->find_field(name) >= 0) {
      throw_error("MATLAB:struct:DuplicateFieldName", "Duplicate field name \"%s\".", name);
    }
    s->fields.push_back(name);
  }
  const size_t nf = s->fields.size();
  s->values.resize(static_cast<size_t>(shape.numel()) * nf);
  for (int64_t e = 0; e < shape.numel(); ++e) {
    for (size_t f = 0; f < nf; ++f) {
      const Value& v = args[2 * f + 1];
      Value item = v;
      if (v.is_cell()) item = v.numel() == 1 ? v.cell().data[0] : v.cell().data[e];
      s->at(e, static_cast<int>(f)) = std::move(item);
    }
  }
  (void)ctx;
  return {Value::structure(std::move(s))};
}

Args fieldnames_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  std::vector<std::string> names;
  if (args[0].is_object()) {
    names = args[0].object().names;
  } else {
    names = struct_arg(args[0], "fieldnames").fields;
  }
  std::vector<Value> data;
  for (const auto& n : names) data.push_back(Value::char_row(n));
  const Shape shape = Shape::column(static_cast<int64_t>(data.size()));
  return {cell_of(shape, std::move(data))};
}

Args isfield_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 2);
  if (!args[0].is_struct()) return {Value::logical(false)};
  const StructArray& s = args[0].structure();
  if (is_text(args[1])) return {Value::logical(s.find_field(args[1].to_text()) >= 0)};
  if (!args[1].is_cell()) return {Value::logical(false)};
  const CellArray& c = args[1].cell();
  auto out = std::make_shared<Array>(ClassId::Logical, c.shape);
  for (size_t i = 0; i < c.data.size(); ++i) {
    out->mutable_data<uint8_t>()[i] = is_text(c.data[i]) && s.find_field(c.data[i].to_text()) >= 0;
  }
  return {Value::array(std::move(out))};
}

Args rmfield_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 2);
  struct_arg(args[0], "rmfield");
  Value out = args[0];
  for (const auto& name : names_arg(args[1])) {
    const int f = out.structure().find_field(name);
    if (f < 0) {
      throw_error("MATLAB:rmfield:InvalidFieldname", "Unrecognized field name \"%s\".", name);
    }
    out.mutable_structure().remove_field(f);
  }
  return {out};
}

Args getfield_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 2);
  std::vector<Value> vals = get_field(args[0], text_arg(args[1], "Field name"));
  if (vals.empty()) throw_error("MATLAB:getfield:emptyStruct", "The struct array is empty.");
  return {vals[0]};
}

Args setfield_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 3, 3);
  Value out = args[0];
  set_field(out, text_arg(args[1], "Field name"), args[2]);
  return {out};
}

Args orderfields_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  const StructArray& s = struct_arg(args[0], "orderfields");
  std::vector<size_t> order(s.fields.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return s.fields[a] < s.fields[b]; });
  auto out = std::make_shared<StructArray>(s.shape);
  for (size_t i : order) out->fields.push_back(s.fields[i]);
  for (int64_t e = 0; e < s.numel(); ++e) {
    for (size_t i : order) out->values.push_back(s.at(e, static_cast<int>(i)));
  }
  return {Value::structure(std::move(out))};
}

Args iscell_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {Value::logical(args[0].is_cell())};
}

Args isstruct_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {Value::logical(args[0].is_struct())};
}

Args iscellstr_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  if (!args[0].is_cell()) return {Value::logical(false)};
  for (const Value& v : args[0].cell().data) {
    if (!v.is_char()) return {Value::logical(false)};
  }
  return {Value::logical(true)};
}

Args num2cell_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  const Value& x = args[0];
  if (x.is_cell()) {
    std::vector<Value> data;
    for (int64_t i = 0; i < x.numel(); ++i)
      data.push_back(index_paren(x, {Value::num(static_cast<double>(i + 1))}));
    return {cell_of(x.shape(), std::move(data))};
  }
  std::vector<Value> data;
  data.reserve(static_cast<size_t>(x.numel()));
  for (int64_t i = 0; i < x.numel(); ++i) {
    data.push_back(index_paren(x, {Value::num(static_cast<double>(i + 1))}));
  }
  return {cell_of(x.shape(), std::move(data))};
}

// cell2mat: concatenate each row of cells horizontally, then the rows vertically.
Args cell2mat_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  if (!args[0].is_cell()) {
    throw_error("MATLAB:cell2mat:InvalidInput", "Input must be a cell array.");
  }
  const CellArray& c = args[0].cell();
  if (c.data.empty()) return {Value::empty()};
  for (const Value& v : c.data) {
    if (v.is_cell() || v.is_handle() || v.is_object()) {
      throw_error("MATLAB:cell2mat:UnsupportedCellContent",
                  "CELL2MAT does not support cell arrays containing cell arrays or objects.");
    }
  }
  if (c.shape.ndims() > 2) {
    throw_error("RunMat:notImplemented", "cell2mat of an N-D cell array is not supported yet.");
  }
  const int64_t rows = c.shape.rows(), cols = c.shape.cols();
  std::vector<Value> row_values;
  for (int64_t r = 0; r < rows; ++r) {
    std::vector<Value> items;
    for (int64_t k = 0; k < cols; ++k) items.push_back(c.data[static_cast<size_t>(k * rows + r)]);
    row_values.push_back(concat_values(items, true));
  }
  return {concat_values(row_values, false)};
}

Args struct2cell_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  const StructArray& s = struct_arg(args[0], "struct2cell");
  const auto nf = static_cast<int64_t>(s.fields.size());
  if (s.numel() != 1) {
    // nfields x size(s): element e's fields fill column e.
    Shape::Dims d{nf};
    for (int64_t x : s.shape.dims()) d.push_back(x);
    std::vector<Value> data = s.values;
    return {cell_of(Shape(d), std::move(data))};
  }
  return {cell_of(Shape::column(nf), s.values)};
}

// cell2struct(c, fields, dim): fields run along dimension dim of c.
Args cell2struct_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 3);
  if (!args[0].is_cell()) {
    throw_error("MATLAB:cell2struct:ArgumentCellArray", "First argument must be a cell array.");
  }
  const CellArray& c = args[0].cell();
  const std::vector<std::string> names = names_arg(args[1]);
  const int dim = args.size() == 3 ? static_cast<int>(args[2].scalar_double("Dimension")) - 1 : 0;
  if (dim < 0 || dim > 1 || c.shape.ndims() > 2) {
    throw_error("RunMat:notImplemented", "cell2struct supports 2-D cells along dimension 1 or 2.");
  }
  const int64_t nf = c.shape.dim(dim);
  if (nf != static_cast<int64_t>(names.size())) {
    throw_error("MATLAB:cell2struct:ArgumentFieldsMismatch",
                "Number of field names must match number of fields in new structure.");
  }
  const int64_t n = c.shape.dim(1 - dim);
  auto s = std::make_shared<StructArray>(Shape::column(n));
  s->fields = names;
  for (int64_t e = 0; e < n; ++e) {
    for (int64_t f = 0; f < nf; ++f) {
      const int64_t r = dim == 0 ? f : e, k = dim == 0 ? e : f;
      s->values.push_back(c.data[static_cast<size_t>(k * c.shape.rows() + r)]);
    }
  }
  return {Value::structure(std::move(s))};
}

// [a, b] = deal(x) copies x; deal(x, y) distributes.
Args deal_fn(CallContext& ctx, Args& args) {
  const int nout = std::max(ctx.nargout, 1);
  if (args.size() == 1) return Args(static_cast<size_t>(nout), args[0]);
  if (static_cast<int>(args.size()) != nout) {
    throw_error("MATLAB:deal:narginNargoutMismatch",
                "The number of outputs should match the number of inputs.");
  }
  return args;
}

}  // namespace

void register_cell_builtins(BuiltinRegistry& reg) {
  reg.add("cell", cell_fn, "cell(n), cell(m, n, ...): cell array of empty matrices.");
  reg.add("struct", struct_fn,
          "struct('f', v, ...): structure; cell values give a struct array of their size.");
  reg.add("fieldnames", fieldnames_fn, "fieldnames(s): field names as a column cell array.");
  reg.add("isfield", isfield_fn, "isfield(s, name), isfield(s, {names}): whether fields exist.");
  reg.add("rmfield", rmfield_fn, "rmfield(s, name | {names}): structure without those fields.");
  reg.add("getfield", getfield_fn, "getfield(s, name): s.(name).");
  reg.add("setfield", setfield_fn, "setfield(s, name, v): s with s.(name) = v.");
  reg.add("orderfields", orderfields_fn, "orderfields(s): fields in ASCII order.");
  reg.add("iscell", iscell_fn, "iscell(x): true for a cell array.");
  reg.add("isstruct", isstruct_fn, "isstruct(x): true for a structure array.");
  reg.add("iscellstr", iscellstr_fn, "iscellstr(x): true for a cell array of character arrays.");
  reg.add("num2cell", num2cell_fn, "num2cell(x): cell array with one element of x per cell.");
  reg.add("cell2mat", cell2mat_fn, "cell2mat(c): concatenates the contents of a cell array.");
  reg.add("struct2cell", struct2cell_fn, "struct2cell(s): field values as a cell array.");
  reg.add("cell2struct", cell2struct_fn,
          "cell2struct(c, fields, dim): structure array from a cell array.");
  reg.add("deal", deal_fn, "[a, b, ...] = deal(x) or deal(x1, x2, ...): copies inputs to outputs.");
}

}  // namespace runmat::runtime
