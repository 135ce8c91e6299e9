#include "indexing.hpp"

#include <cmath>
#include <cstring>

#include "index_plan.hpp"
#include "runmat/core/error.hpp"
#include "runmat/core/integer.hpp"

namespace runmat::runtime {
namespace {

void copy_elem(const Array& src, int64_t si, Array& dst, int64_t di) {
  const size_t es = element_size(src.cls());
  std::memcpy(static_cast<uint8_t*>(dst.mutable_bytes()) + di * es,
              static_cast<const uint8_t*>(src.host_bytes()) + si * es, es);
}

void store_double(Array& dst, int64_t di, double v) {
  dst.set_from_double(di, v);
}

Value finish(ArrayPtr a) {
  if (a->cls() == ClassId::Double && a->numel() == 1) return Value::num(a->data<double>()[0]);
  return Value::array(std::move(a));
}

}  // namespace

double end_value(const Value& base, int position, int count) {
  const Shape s = base.shape();
  if (count == 1) return static_cast<double>(s.numel());
  if (position < count - 1) return static_cast<double>(s.dim(position));
  int64_t rest = 1;
  for (int d = position; d < s.ndims(); ++d) rest *= s.dim(d);
  return static_cast<double>(rest);
}

Value index_value(const Value& base, const std::vector<Value>& args) {
  if (!base.is_num() && !base.is_array())
    throw_error("MATLAB:badsubscript", "Indexing is not supported for this value.");
  const ArrayPtr src = base.as_array();
  const Shape s = src->shape();
  if (args.empty()) return base;
  if (args.size() == 1) {
    Shape ishape;
    const std::vector<int64_t> pos = resolve_subscript(args[0], s.numel(), false, &ishape);
    Shape out_shape = ishape;
    const int64_t n = static_cast<int64_t>(pos.size());
    if (args[0].kind() == Value::Kind::Colon) {
      out_shape = Shape::column(n);
    } else if (s.is_vector() && ishape.is_vector() && s.numel() > 0) {
      out_shape = s.rows() == 1 ? Shape::row(n) : Shape::column(n);
    }
    auto out = std::make_shared<Array>(src->cls(), out_shape, Array::Uninitialized{});
    for (int64_t i = 0; i < n; ++i) copy_elem(*src, pos[i], *out, i);
    out->set_gpu(src->is_gpu());
    return finish(std::move(out));
  }
  const int nd = static_cast<int>(args.size());
  std::vector<std::vector<int64_t>> subs(nd);
  Shape::Dims out_dims(nd);
  for (int d = 0; d < nd; ++d) {
    int64_t extent = s.dim(d);
    if (d == nd - 1) {
      for (int k = d + 1; k < s.ndims(); ++k) extent *= s.dim(k);
    }
    try {
      subs[d] = resolve_subscript(args[d], extent, false, nullptr);
    } catch (const MatlabError& e) {
      if (e.identifier() == "MATLAB:badsubscript" && e.message().rfind("Index exceeds", 0) == 0) {
        throw_error("MATLAB:badsubscript",
                    "Index in position %d exceeds array bounds. Index must not exceed %d.", d + 1,
                    extent);
      }
      throw;
    }
    out_dims[d] = static_cast<int64_t>(subs[d].size());
  }
  auto out = std::make_shared<Array>(src->cls(), Shape(out_dims), Array::Uninitialized{});
  const int64_t n = out->numel();
  std::vector<int64_t> ix(nd, 0);
  for (int64_t i = 0; i < n; ++i) {
    int64_t off = 0, stride = 1;
    for (int d = 0; d < nd; ++d) {
      off += subs[d][ix[d]] * stride;
      stride *= s.dim(d);
    }
    copy_elem(*src, off, *out, i);
    for (int d = 0; d < nd; ++d) {
      if (++ix[d] < out_dims[d]) break;
      ix[d] = 0;
    }
  }
  out->set_gpu(src->is_gpu());
  return finish(std::move(out));
}

void assign_index(Value& base, const std::vector<Value>& args, const Value& rhs) {
  if (!base.is_defined()) base = Value::array(std::make_shared<Array>(rhs.cls(), Shape{0, 0}));
  if (!rhs.is_num() && !rhs.is_array())
    throw_error("MATLAB:invalidType", "Unsupported assignment.");
  const Shape s = base.shape();
  const int nd = static_cast<int>(args.size());
  // Resolve subscripts with growth allowed; compute the grown shape.
  std::vector<std::vector<int64_t>> subs(nd);
  Shape::Dims new_dims;
  if (nd == 1) {
    subs[0] = resolve_subscript(args[0], s.numel(), true, nullptr);
    int64_t need = s.numel();
    for (int64_t k : subs[0]) need = std::max(need, k + 1);
    if (need > s.numel()) {
      if (s.numel() == 0) {
        new_dims = {1, need};
      } else if (s.rows() == 1 && s.ndims() == 2) {
        new_dims = {1, need};
      } else if (s.cols() == 1 && s.ndims() == 2) {
        new_dims = {need, 1};
      } else {
        throw_error("MATLAB:indexed:outOfBounds",
                    "Attempt to grow array along ambiguous dimension.");
      }
    } else {
      new_dims = s.dims();
    }
  } else {
    new_dims.resize(std::max<size_t>(nd, s.dims().size()));
    for (size_t d = 0; d < new_dims.size(); ++d) new_dims[d] = s.dim(static_cast<int>(d));
    for (int d = 0; d < nd; ++d) {
      subs[d] = resolve_subscript(args[d], s.dim(d), true, nullptr);
      for (int64_t k : subs[d]) new_dims[d] = std::max(new_dims[d], k + 1);
    }
  }
  int64_t count = 1;
  for (const auto& v : subs) count *= static_cast<int64_t>(v.size());
  if (rhs.numel() != 1 && rhs.numel() != count) {
    throw_error("MATLAB:subsassignnumelmismatch",
                "Unable to perform assignment because the left and right sides have a different "
                "number of elements.");
  }
  // Result class: assigning into double keeps double; into single stays single; an integer
  // right-hand side turns a double/single/logical/char array into its integer class, and an
  // integer array keeps its class (values saturate).
  ClassId cls = base.cls();
  if (s.numel() == 0 && !base.is_num()) cls = rhs.cls();
  if (cls == ClassId::Logical && rhs.cls() != ClassId::Logical)
    cls = rhs.cls() == ClassId::Single ? ClassId::Single : ClassId::Double;
  if (is_integer_class(rhs.cls()) && !is_integer_class(base.cls())) cls = rhs.cls();
  const Shape grown{Shape(new_dims)};
  Array* dst;
  // Growth along the last dimension keeps every element in place: extend the array (amortized)
  // instead of copying it into a new one, so x(end+1) = v in a loop is not quadratic.
  const bool in_place_growth = grown != s && cls == base.cls() && base.is_array() &&
                               s.numel() > 0 && s.ndims() == 2 && grown.ndims() == 2 &&
                               (s.rows() == grown.rows() || (s.cols() == 1 && grown.cols() == 1));
  if (in_place_growth) {
    dst = &base.make_unique_array();
    dst->extend(grown);
  } else if (grown != s || cls != base.cls()) {
    auto fresh = std::make_shared<Array>(cls, grown);
    // Copy old elements into their (row, col, ...) positions in the grown array.
    const ArrayPtr old = base.as_array();
    std::vector<int64_t> ix(static_cast<size_t>(std::max(s.ndims(), 1)), 0);
    for (int64_t i = 0; i < old->numel(); ++i) {
      int64_t off = 0, stride = 1;
      for (int d = 0; d < s.ndims(); ++d) {
        off += ix[d] * stride;
        stride *= grown.dim(d);
      }
      convert_element(*old, i, *fresh, off);
      for (int d = 0; d < s.ndims(); ++d) {
        if (++ix[d] < s.dim(d)) break;
        ix[d] = 0;
      }
    }
    fresh->set_gpu(base.is_gpu());
    base = Value::array(fresh);
    dst = fresh.get();
  } else {
    dst = &base.make_unique_array();
  }
  const bool scalar_rhs = rhs.numel() == 1;
  const double rv = scalar_rhs ? rhs.elem(0) : 0.0;
  if (has_integer_elements(rhs.cls()) && is_integer_class(dst->cls())) {
    // Exact element copies: int64/uint64 values must not pass through a double.
    const ArrayPtr src = rhs.as_array();
    std::vector<int64_t> ix(nd, 0);
    for (int64_t i = 0; i < count; ++i) {
      int64_t off = 0, stride = 1;
      for (int d = 0; d < nd; ++d) {
        off += subs[d][ix[d]] * stride;
        stride *= grown.dim(d);
      }
      convert_element(*src, scalar_rhs ? 0 : i, *dst, off);
      for (int d = 0; d < nd; ++d) {
        if (++ix[d] < static_cast<int64_t>(subs[d].size())) break;
        ix[d] = 0;
      }
    }
  } else if (nd == 1) {
    for (size_t i = 0; i < subs[0].size(); ++i) {
      store_double(*dst, subs[0][i], scalar_rhs ? rv : rhs.elem(static_cast<int64_t>(i)));
    }
  } else {
    std::vector<int64_t> ix(nd, 0);
    for (int64_t i = 0; i < count; ++i) {
      int64_t off = 0, stride = 1;
      for (int d = 0; d < nd; ++d) {
        off += subs[d][ix[d]] * stride;
        stride *= grown.dim(d);
      }
      store_double(*dst, off, scalar_rhs ? rv : rhs.elem(i));
      for (int d = 0; d < nd; ++d) {
        if (++ix[d] < static_cast<int64_t>(subs[d].size())) break;
        ix[d] = 0;
      }
    }
  }
  if (base.is_array() && base.cls() == ClassId::Double && base.numel() == 1 && !base.is_gpu()) {
    base = Value::num(base.elem(0));
  }
}

void delete_index(Value& base, const std::vector<Value>& args) {
  if (!base.is_defined()) {
    base = Value::array(std::make_shared<Array>(ClassId::Double, Shape{0, 0}));
  }
  if (!base.is_num() && !base.is_array()) {
    throw_error("MATLAB:invalidType", "Unsupported assignment.");
  }
  const ArrayPtr src = base.as_array();
  const Shape s = src->shape();
  auto out_of_range = []() {
    throw_error("MATLAB:subsdeldimmismatch", "Matrix index is out of range for deletion.");
  };
  // Positions along an extent to delete (a mask), and how many.
  auto marks = [&](const Value& idx, int64_t extent, std::vector<bool>* mark) {
    mark->assign(static_cast<size_t>(extent), false);
    int64_t count = 0;
    for (int64_t k : resolve_subscript(idx, extent, /*allow_growth=*/true, nullptr)) {
      if (k >= extent) out_of_range();
      if (!(*mark)[k]) {
        (*mark)[k] = true;
        ++count;
      }
    }
    return count;
  };
  const ClassId cls = src->cls();
  if (args.empty()) {
    base = Value::array(std::make_shared<Array>(cls, Shape{0, 0}));
    return;
  }
  if (args.size() == 1) {
    const int64_t n = s.numel();
    std::vector<bool> mark;
    const int64_t gone = marks(args[0], n, &mark);
    if (gone == 0) return;  // nothing deleted: unchanged, shape included
    const int64_t keep = n - gone;
    Shape out_shape = Shape::row(keep);
    if (args[0].kind() == Value::Kind::Colon) {
      out_shape = Shape{0, 0};
    } else if (s.ndims() == 2 && s.cols() == 1 && s.rows() != 1) {
      out_shape = Shape::column(keep);
    }
    auto out = std::make_shared<Array>(cls, out_shape, Array::Uninitialized{});
    int64_t j = 0;
    for (int64_t i = 0; i < n; ++i) {
      if (!mark[i]) copy_elem(*src, i, *out, j++);
    }
    out->set_gpu(src->is_gpu());
    base = finish(std::move(out));
    return;
  }
  // Several subscripts: the last one spans the trailing dimensions.
  const int nd = static_cast<int>(args.size());
  Shape::Dims ext(static_cast<size_t>(nd));
  for (int d = 0; d < nd; ++d) ext[d] = s.dim(d);
  for (int d = nd; d < s.ndims(); ++d) ext[nd - 1] *= s.dim(d);
  std::vector<std::vector<bool>> mark(static_cast<size_t>(nd));
  int del_dim = -1, partial = 0;
  bool deletes_nothing = false;
  for (int d = 0; d < nd; ++d) {
    const int64_t count = marks(args[d], ext[d], &mark[d]);
    if (args[d].kind() == Value::Kind::Colon || count == ext[d]) continue;  // whole dimension
    ++partial;
    if (count == 0) deletes_nothing = true;
    if (del_dim < 0) del_dim = d;
  }
  if (deletes_nothing) return;
  if (partial > 1) {
    throw_error("MATLAB:subsdeldimmismatch",
                "A null assignment can have only one non-colon index.");
  }
  if (del_dim < 0) del_dim = 0;  // every subscript covers its dimension: all of dim 1 goes
  Shape::Dims out_dims = ext;
  for (bool m : mark[del_dim]) out_dims[del_dim] -= m ? 1 : 0;
  auto out = std::make_shared<Array>(cls, Shape(out_dims), Array::Uninitialized{});
  const int64_t n = s.numel();
  std::vector<int64_t> ix(static_cast<size_t>(nd), 0);
  int64_t j = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (!mark[del_dim][ix[del_dim]]) copy_elem(*src, i, *out, j++);
    for (int d = 0; d < nd; ++d) {
      if (++ix[d] < ext[d]) break;
      ix[d] = 0;
    }
  }
  out->set_gpu(src->is_gpu());
  base = finish(std::move(out));
}

Value concat(const std::vector<Value>& items, bool horizontal) {
  std::vector<const Value*> parts;
  ClassId cls = ClassId::Double;
  bool any_char = false, any_single = false, all_logical = true, any = false, any_int = false;
  ClassId first_int = ClassId::Double;
  for (const auto& v : items) {
    if (v.kind() != Value::Kind::Num && v.kind() != Value::Kind::Array) {
      throw_error("MATLAB:catenate:invalidType", "Unsupported value in concatenation.");
    }
    if (v.shape() == Shape{0, 0}) continue;  // [] is ignored
    parts.push_back(&v);
    any = true;
    any_char |= v.cls() == ClassId::Char;
    any_single |= v.cls() == ClassId::Single;
    // Unlike integer classes: the leftmost one wins (MATLAB converts the rest, saturating).
    if (!any_int && is_integer_class(v.cls())) first_int = v.cls();
    any_int |= is_integer_class(v.cls());
    all_logical &= v.cls() == ClassId::Logical;
  }
  if (!any) {
    // All empty: keep a char empty as char.
    for (const auto& v : items) {
      if (v.is_char()) return v;
    }
    return Value::array(std::make_shared<Array>(ClassId::Double, Shape{0, 0}));
  }
  cls = any_char      ? ClassId::Char
        : any_int     ? first_int
        : any_single  ? ClassId::Single
        : all_logical ? ClassId::Logical
                      : ClassId::Double;
  if (parts.size() == 1 && parts[0]->cls() == cls) return *parts[0];
  const int cat_dim = horizontal ? 1 : 0;
  const Shape first = parts[0]->shape();
  int64_t total = 0;
  for (const Value* p : parts) {
    const Shape ps = p->shape();
    for (int d = 0; d < std::max(ps.ndims(), first.ndims()); ++d) {
      if (d != cat_dim && ps.dim(d) != first.dim(d)) {
        throw_error("MATLAB:catenate:dimensionMismatch",
                    "Dimensions of arrays being concatenated are not consistent.");
      }
    }
    total += ps.dim(cat_dim);
  }
  Shape::Dims d = first.dims();
  d[cat_dim] = total;
  auto out = std::make_shared<Array>(cls, Shape(d), Array::Uninitialized{});
  // Column-major: treat arrays as [inner, extent, outer] around the concatenation dim.
  int64_t inner = 1, outer = 1;
  for (int k = 0; k < cat_dim; ++k) inner *= first.dim(k);
  for (int k = cat_dim + 1; k < first.ndims(); ++k) outer *= first.dim(k);
  int64_t offset = 0;
  for (const Value* p : parts) {
    const int64_t ext = p->shape().dim(cat_dim);
    const ArrayPtr pa = p->as_array();
    for (int64_t o = 0; o < outer; ++o) {
      for (int64_t e = 0; e < ext; ++e) {
        for (int64_t i = 0; i < inner; ++i) {
          const int64_t src = (o * ext + e) * inner + i;
          const int64_t dst = (o * total + offset + e) * inner + i;
          convert_element(*pa, src, *out, dst);
        }
      }
    }
    offset += ext;
  }
  return finish(std::move(out));
}

Value make_range(double start, double step, double stop) {
  if (step == 0 || std::isnan(start) || std::isnan(step) || std::isnan(stop) ||
      (step > 0 && start > stop) || (step < 0 && start < stop)) {
    return Value::array(std::make_shared<Array>(ClassId::Double, Shape{1, 0}));
  }
  // MATLAB's colon: n = floor((stop-start)/step + tolerance) + 1, values start + k*step.
  const double span = (stop - start) / step;
  const auto n = static_cast<int64_t>(std::floor(span + span * 1e-10 + 1e-10)) + 1;
  auto out = std::make_shared<Array>(ClassId::Double, Shape::row(n), Array::Uninitialized{});
  double* d = out->mutable_data<double>();
  for (int64_t k = 0; k < n; ++k) d[k] = start + static_cast<double>(k) * step;
  return finish(std::move(out));
}

Value range_value(const Value& lo, const Value* step, const Value& hi) {
  const Value* ops[3] = {&lo, step, &hi};
  ClassId cls = ClassId::Double;
  bool any_single = false, all_char = true;
  for (const Value* v : ops) {
    if (!v) continue;
    if (!v->is_num() && !v->is_array()) {
      throw_error("MATLAB:colon:operandsNotRealScalar", "Colon operands must be real scalars.");
    }
    if (is_integer_class(v->cls())) {
      if (is_integer_class(cls) && cls != v->cls()) {
        throw_error("MATLAB:colon:mixedClasses",
                    "Colon operands must be all the same type, or mixed with real double "
                    "scalars.");
      }
      cls = v->cls();
    }
    any_single |= v->cls() == ClassId::Single;
    all_char &= v->cls() == ClassId::Char;
  }
  if (!is_integer_class(cls)) {
    cls = any_single ? ClassId::Single : all_char ? ClassId::Char : ClassId::Double;
  }
  for (const Value* v : ops) {
    if (v && v->numel() == 0) return Value::array(std::make_shared<Array>(cls, Shape{1, 0}));
  }
  auto first = [](const Value& v) { return v.as_array(); };
  if (is_integer_class(cls)) {
    // Integer ranges count in the class itself (exact for int64), endpoints converted first.
    auto to_cls = [&](const Value& v) {
      auto one = std::make_shared<Array>(cls, Shape::scalar(), Array::Uninitialized{});
      convert_element(*first(v), 0, *one, 0);
      return get_wide(*one, 0);
    };
    const double step_d = step ? step->elem(0) : 1.0;
    if (step && !has_integer_elements(step->cls()) && step_d != std::trunc(step_d)) {
      // A fractional double step: MATLAB's double colon, then the class conversion.
      const ArrayPtr r = make_range(lo.elem(0), step_d, hi.elem(0)).as_array();
      auto out = std::make_shared<Array>(cls, r->shape(), Array::Uninitialized{});
      for (int64_t k = 0; k < r->numel(); ++k) out->set_from_double(k, r->get_as_double(k));
      return Value::array(std::move(out));
    }
    const Wide a = to_cls(lo), b = to_cls(hi);
    const Wide d =
        step ? (has_integer_elements(step->cls()) ? get_wide(*first(*step), 0)
                                                  : saturate_double(ClassId::Int64, step_d))
             : 1;
    if (std::isnan(step_d) || d == 0 || (d > 0 && a > b) || (d < 0 && a < b)) {
      return Value::array(std::make_shared<Array>(cls, Shape{1, 0}));
    }
    const Wide count = (b - a) / d + 1;
    if (count > (Wide{1} << 48)) {
      throw_error("MATLAB:array:SizeLimitExceeded",
                  "Requested array exceeds the maximum possible variable size.");
    }
    const auto n = static_cast<int64_t>(count);
    auto out = std::make_shared<Array>(cls, Shape::row(n), Array::Uninitialized{});
    for (int64_t k = 0; k < n; ++k) set_wide(*out, k, a + d * k);
    return Value::array(std::move(out));
  }
  const Value r = make_range(lo.scalar_double("Colon operand"),
                             step ? step->scalar_double("Colon operand") : 1.0,
                             hi.scalar_double("Colon operand"));
  if (cls == ClassId::Double) return r;
  const ArrayPtr src = r.as_array();
  auto out = std::make_shared<Array>(cls, src->shape(), Array::Uninitialized{});
  for (int64_t k = 0; k < src->numel(); ++k) out->set_from_double(k, src->get_as_double(k));
  return Value::array(std::move(out));
}

}  // namespace runmat::runtime
