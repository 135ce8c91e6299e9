// Size queries and shape manipulation: length ndims isempty isscalar isvector isrow iscolumn
// ismatrix issquare isnumeric isfloat islogical ischar isreal reshape repmat squeeze fliplr
// flipud flip circshift permute ipermute cat horzcat vertcat. All run on the host and keep the
// input's class.
#include <cmath>

#include "builtins.hpp"
#include "builtins_arrays.hpp"
#include "indexing.hpp"
#include "map_object.hpp"
#include "reductions.hpp"
#include "runmat/core/integer.hpp"

namespace runmat::runtime {
namespace {

// ---- Predicates -------------------------------------------------------------------------

template <bool (*Pred)(const Value&)>
Args predicate_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {Value::logical(Pred(args[0]))};
}

bool is_empty(const Value& v) {
  return v.numel() == 0;
}
bool is_scalar(const Value& v) {
  return v.numel() == 1;
}
// MATLAB counts 1x0 and 0x1 as vectors (N >= 0), but not 0x0.
bool is_vector(const Value& v) {
  return v.shape().is_vector();
}
bool is_row(const Value& v) {
  return v.shape().ndims() == 2 && v.shape().rows() == 1;
}
bool is_column(const Value& v) {
  return v.shape().ndims() == 2 && v.shape().cols() == 1;
}
bool is_matrix(const Value& v) {
  return v.shape().ndims() == 2;
}
bool is_square(const Value& v) {
  return v.shape().ndims() == 2 && v.shape().rows() == v.shape().cols();
}
bool is_numeric(const Value& v) {
  return (v.is_num() || v.is_array()) && (is_float_class(v.cls()) || is_integer_class(v.cls()));
}
bool is_float(const Value& v) {
  return (v.is_num() || v.is_array()) && is_float_class(v.cls());
}
bool is_logical(const Value& v) {
  return v.cls() == ClassId::Logical;
}
bool is_char(const Value& v) {
  return v.cls() == ClassId::Char;
}

Args length_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  // containers.Map: the number of entries (its size is Count-by-1).
  const Shape s = is_map(args[0]) ? Shape{map_count(args[0]), 1} : args[0].shape();
  int64_t n = 0;
  if (!s.is_empty()) {
    for (int64_t d : s.dims()) n = std::max(n, d);
  }
  return {Value::num(static_cast<double>(n))};
}

Args ndims_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {Value::num(args[0].shape().ndims())};
}

// ---- reshape ----------------------------------------------------------------------------

int64_t reshape_dim(double d) {
  if (std::isnan(d) || std::isinf(d) || d != std::floor(d)) {
    throw_error("MATLAB:getReshapeDims:notRealInt", "Size arguments must be real integers.");
  }
  if (d < 0) {
    throw_error("MATLAB:getReshapeDims:sizeNegative",
                "Size vector elements should be nonnegative.");
  }
  return static_cast<int64_t>(d);
}

// Size arguments of reshape: a size vector, or scalars of which one may be [] (computed).
Shape reshape_shape(const Args& args, int64_t numel) {
  Shape::Dims dims;
  int unknown = -1;
  if (args.size() == 2) {
    const Value& v = args[1];
    if (v.numel() < 2) {
      throw_error("MATLAB:getReshapeDims:sizeVector",
                  "Size vector must have at least two elements.");
    }
    for (int64_t i = 0; i < v.numel(); ++i) dims.push_back(reshape_dim(v.elem(i)));
  } else {
    for (size_t i = 1; i < args.size(); ++i) {
      if (args[i].numel() == 0) {
        if (unknown >= 0) {
          throw_error("MATLAB:getReshapeDims:unknownDim",
                      "Size can only have one unknown dimension.");
        }
        unknown = static_cast<int>(dims.size());
        dims.push_back(1);
        continue;
      }
      if (args[i].numel() != 1) {
        throw_error("MATLAB:getReshapeDims:notScalar", "Size arguments must be integer scalars.");
      }
      dims.push_back(reshape_dim(args[i].elem(0)));
    }
  }
  check_size_limit(dims);
  int64_t known = 1;
  for (size_t k = 0; k < dims.size(); ++k) {
    if (static_cast<int>(k) != unknown) known *= dims[k];
  }
  if (unknown >= 0) {
    if (known == 0 ? numel != 0 : numel % known != 0) {
      throw_error(
          "MATLAB:getReshapeDims:notDivisible",
          "Product of known dimensions, %d, not divisible into total number of elements, %d.",
          known, numel);
    }
    dims[unknown] = known == 0 ? 0 : numel / known;
  } else if (known != numel) {
    throw_error("MATLAB:getReshapeDims:notSameNumel",
                "Number of elements must not change. Use [] as one of the size inputs to "
                "automatically calculate the appropriate size for that dimension.");
  }
  return Shape(dims);
}

Value with_shape(const Value& x, const Shape& shape) {
  if (x.shape() == shape) return x;
  const ArrayPtr src = x.as_array();
  ArrayPtr out = new_array(src->cls(), shape);
  if (src->byte_size() > 0) std::memcpy(out->mutable_bytes(), src->host_bytes(), src->byte_size());
  out->set_gpu(src->is_gpu());
  return wrap_array(std::move(out));
}

Args reshape_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 64);
  return {with_shape(args[0], reshape_shape(args, args[0].numel()))};
}

Args squeeze_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  const Shape s = args[0].shape();
  if (s.ndims() <= 2) return {args[0]};  // 2-D arrays (rows included) are left alone
  Shape::Dims d;
  for (int64_t e : s.dims()) {
    if (e != 1) d.push_back(e);
  }
  if (d.size() == 1) d.push_back(1);  // 1x1xN becomes Nx1
  return {with_shape(args[0], Shape(d))};
}

// ---- repmat -----------------------------------------------------------------------------

int64_t replication(double d) {
  if (std::isnan(d) || d != std::floor(d)) {
    throw_error("MATLAB:repmat:nonIntegerReplication",
                "Replication factors must be a row vector of integers or integer scalars.");
  }
  return d < 0 ? 0 : static_cast<int64_t>(d);
}

Args repmat_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 64);
  Shape::Dims reps;
  if (args.size() == 2 && args[1].numel() == 1) {
    const int64_t n = replication(args[1].elem(0));
    reps = {n, n};
  } else if (args.size() == 2) {
    if (args[1].numel() < 1) {
      throw_error("MATLAB:repmat:invalidReplications",
                  "Replication factors must be a row vector of integers or integer scalars.");
    }
    for (int64_t i = 0; i < args[1].numel(); ++i) reps.push_back(replication(args[1].elem(i)));
  } else {
    for (size_t i = 1; i < args.size(); ++i) {
      if (args[i].numel() != 1) {
        throw_error("MATLAB:repmat:invalidReplications",
                    "Replication factors must be a row vector of integers or integer scalars.");
      }
      reps.push_back(replication(args[i].elem(0)));
    }
  }
  const ArrayPtr src = args[0].as_array();
  const Shape s = src->shape();
  const int nd = std::max<int>(s.ndims(), static_cast<int>(reps.size()));
  Shape::Dims out(nd);
  for (int k = 0; k < nd; ++k) out[k] = k < static_cast<int>(reps.size()) ? reps[k] : 1;
  check_size_limit(out);  // the replication counts alone, before multiplying by the sizes
  for (int k = 0; k < nd; ++k) out[k] *= s.dim(k);
  check_size_limit(out);
  const Shape out_shape(out);
  return {wrap_array(gather(*src, out_shape, [&](const int64_t* sub) {
    int64_t off = 0, stride = 1;
    for (int k = 0; k < out_shape.ndims(); ++k) {
      off += (sub[k] % s.dim(k)) * stride;
      stride *= s.dim(k);
    }
    return off;
  }))};
}

// ---- flip / circshift -------------------------------------------------------------------

Value flip_dim(const Value& x, int dim) {
  const Shape s = x.shape();
  if (dim >= s.ndims() || s.dim(dim) <= 1) return x;
  const ArrayPtr src = x.as_array();
  return wrap_array(gather(*src, s, [&](const int64_t* sub) {
    int64_t off = 0, stride = 1;
    for (int k = 0; k < s.ndims(); ++k) {
      off += (k == dim ? s.dim(k) - 1 - sub[k] : sub[k]) * stride;
      stride *= s.dim(k);
    }
    return off;
  }));
}

Args fliplr_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {flip_dim(args[0], 1)};
}

Args flipud_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {flip_dim(args[0], 0)};
}

Args flip_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  const int dim = args.size() == 2 ? dim_from_value(args[1]) : default_reduce_dim(args[0].shape());
  return {flip_dim(args[0], dim)};
}

// A shift reduced modulo the dimension's size n, in [0, n): only that matters, and it keeps
// huge shifts (1e20) out of int64 arithmetic.
int64_t shift_amount(double k, int64_t n) {
  if (std::isnan(k) || std::isinf(k) || k != std::floor(k)) {
    throw_error("MATLAB:circshift:nonIntegerShift", "Invalid shift type: must be a real integer.");
  }
  if (n <= 1) return 0;
  double r = std::fmod(k, static_cast<double>(n));
  if (r < 0) r += static_cast<double>(n);
  return static_cast<int64_t>(r);
}

Args circshift_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 3);
  const Shape s = args[0].shape();
  std::vector<int64_t> shifts(std::max(s.ndims(), 1), 0);
  const Value& k = args[1];
  if (args.size() == 3) {
    if (k.numel() != 1) {
      throw_error("MATLAB:circshift:invalidShift",
                  "Shift must be a scalar when a dimension is given.");
    }
    const int dim = dim_from_value(args[2]);
    if (dim < s.ndims()) shifts[dim] = shift_amount(k.elem(0), s.dim(dim));
  } else if (k.numel() == 1) {
    // A scalar shift acts on the first non-singleton dimension.
    const int dim = default_reduce_dim(s);
    shifts[dim] = shift_amount(k.elem(0), s.dim(dim));
  } else {
    for (int i = 0; i < k.numel() && i < s.ndims(); ++i)
      shifts[i] = shift_amount(k.elem(i), s.dim(i));
  }
  if (s.is_empty()) return {args[0]};
  const ArrayPtr src = args[0].as_array();
  return {wrap_array(gather(*src, s, [&](const int64_t* sub) {
    int64_t off = 0, stride = 1;
    for (int d = 0; d < s.ndims(); ++d) {
      const int64_t n = s.dim(d);
      off += (sub[d] - shifts[d] + n) % n * stride;
      stride *= n;
    }
    return off;
  }))};
}

// ---- permute ----------------------------------------------------------------------------

// ORDER as 0-based dims; it must be a permutation of 1..n with n >= ndims(x).
std::vector<int> permutation_arg(const Value& order, int ndims) {
  std::vector<int> perm;
  for (int64_t i = 0; i < order.numel(); ++i) {
    const double d = order.elem(i);
    if (!(d >= 1) || d != std::floor(d) || d > static_cast<double>(order.numel())) {
      throw_error("MATLAB:permute:badIndex", "ORDER contains an invalid permutation index.");
    }
    perm.push_back(static_cast<int>(d) - 1);
  }
  std::vector<bool> seen(perm.size(), false);
  for (int p : perm) {
    if (seen[p]) {
      throw_error("MATLAB:permute:repeatedIndex",
                  "ORDER cannot contain repeated permutation indices.");
    }
    seen[p] = true;
  }
  if (static_cast<int>(perm.size()) < ndims) {
    throw_error("MATLAB:permute:tooFewIndices",
                "ORDER must have at least N elements for an N-D array.");
  }
  return perm;
}

Value permute_value(const Value& x, const std::vector<int>& perm) {
  const ArrayPtr src = x.as_array();
  const Shape s = src->shape();
  const int n = static_cast<int>(perm.size());
  Shape::Dims d(n);
  for (int k = 0; k < n; ++k) d[k] = s.dim(perm[k]);
  const Shape out_shape(d);
  std::vector<int64_t> src_sub(n, 0);
  return wrap_array(gather(*src, out_shape, [&](const int64_t* sub) {
    // Output dim k walks source dim perm[k]; dims the output shape dropped have subscript 0.
    for (int k = 0; k < n; ++k) src_sub[perm[k]] = k < out_shape.ndims() ? sub[k] : 0;
    return linear_of(s, src_sub.data(), std::min(n, s.ndims()));
  }));
}

Args permute_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 2);
  return {permute_value(args[0], permutation_arg(args[1], args[0].shape().ndims()))};
}

Args ipermute_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 2);
  const std::vector<int> perm = permutation_arg(args[1], args[0].shape().ndims());
  std::vector<int> inverse(perm.size());
  for (size_t k = 0; k < perm.size(); ++k) inverse[perm[k]] = static_cast<int>(k);
  return {permute_value(args[0], inverse)};
}

// ---- cat --------------------------------------------------------------------------------

// Result class of concatenation: char wins, then the leftmost integer class, then single;
// logical only if all are logical.
ClassId cat_class(const std::vector<const Value*>& parts) {
  bool any_char = false, any_single = false, all_logical = true;
  const Value* first_int = nullptr;
  for (const Value* p : parts) {
    any_char |= p->cls() == ClassId::Char;
    any_single |= p->cls() == ClassId::Single;
    all_logical &= p->cls() == ClassId::Logical;
    if (!first_int && is_integer_class(p->cls())) first_int = p;
  }
  if (any_char) return ClassId::Char;
  if (first_int) return first_int->cls();
  if (any_single) return ClassId::Single;
  return all_logical ? ClassId::Logical : ClassId::Double;
}

Value cat_along(int dim, const Value* items, size_t count) {
  std::vector<const Value*> parts;
  for (size_t i = 0; i < count; ++i) {
    if (items[i].shape() != Shape{0, 0}) parts.push_back(&items[i]);  // [] is skipped
  }
  if (parts.empty()) return count > 0 ? items[0] : empty_value(ClassId::Double, Shape{0, 0});
  const ClassId cls = cat_class(parts);
  const Shape first = parts[0]->shape();
  int64_t total = 0;
  for (const Value* p : parts) {
    const Shape ps = p->shape();
    for (int d = 0; d < std::max({ps.ndims(), first.ndims(), dim + 1}); ++d) {
      if (d != dim && ps.dim(d) != first.dim(d)) {
        throw_error("MATLAB:catenate:dimensionMismatch",
                    "Dimensions of arrays being concatenated are not consistent.");
      }
    }
    total += ps.dim(dim);
  }
  Shape::Dims dims(std::max(first.ndims(), dim + 1));
  for (int d = 0; d < static_cast<int>(dims.size()); ++d) dims[d] = first.dim(d);
  dims[dim] = total;
  ArrayPtr out = new_array(cls, Shape(dims));
  const DimLayout l = layout_around(out->shape(), dim);
  int64_t offset = 0;
  for (const Value* p : parts) {
    const int64_t ext = p->shape().dim(dim);
    const ArrayPtr src = p->as_array();
    for (int64_t o = 0; o < l.outer; ++o) {
      for (int64_t e = 0; e < ext; ++e) {
        for (int64_t i = 0; i < l.inner; ++i) {
          const int64_t from = (o * ext + e) * l.inner + i;
          const int64_t to = (o * total + offset + e) * l.inner + i;
          convert_element(*src, from, *out, to);  // exact between integer classes
        }
      }
    }
    offset += ext;
  }
  return wrap_array(std::move(out));
}

Args cat_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1u << 20);
  const int dim = dim_from_value(args[0]);
  check_result_dims(dim);
  return {cat_along(dim, args.data() + 1, args.size() - 1)};
}

Args horzcat_fn(CallContext&, Args& args) {
  return {concat(args, true)};
}
Args vertcat_fn(CallContext&, Args& args) {
  return {concat(args, false)};
}

}  // namespace

void register_shape_builtins(BuiltinRegistry& reg) {
  reg.add("length", length_fn, "length(x): largest dimension of x (0 when x is empty).");
  reg.add("ndims", ndims_fn, "ndims(x): number of dimensions (always at least 2).");
  reg.add("isempty", predicate_fn<is_empty>, "isempty(x): true when x has no elements.");
  reg.add("isscalar", predicate_fn<is_scalar>, "isscalar(x): true when x is 1x1.");
  reg.add("isvector", predicate_fn<is_vector>, "isvector(x): true when x is 1xN or Nx1 (N >= 0).");
  reg.add("isrow", predicate_fn<is_row>, "isrow(x): true when x is 1xN.");
  reg.add("iscolumn", predicate_fn<is_column>, "iscolumn(x): true when x is Nx1.");
  reg.add("ismatrix", predicate_fn<is_matrix>, "ismatrix(x): true when x has two dimensions.");
  reg.add("issquare", predicate_fn<is_square>, "issquare(x): true when x is NxN.");
  reg.add("isnumeric", predicate_fn<is_numeric>,
          "isnumeric(x): true for double, single and integer arrays.");
  reg.add("isfloat", predicate_fn<is_float>, "isfloat(x): true for double and single arrays.");
  reg.add("islogical", predicate_fn<is_logical>, "islogical(x): true for logical arrays.");
  reg.add("ischar", predicate_fn<is_char>, "ischar(x): true for character arrays.");
  reg.add("reshape", reshape_fn,
          "reshape(x, m, n, ...), reshape(x, sz), reshape(x, m, []): same elements, new size.");
  reg.add("repmat", repmat_fn,
          "repmat(x, n), repmat(x, m, n, ...), repmat(x, [m n ...]): tiled copies of x.");
  reg.add("squeeze", squeeze_fn,
          "squeeze(x): x without its singleton dimensions (2-D arrays unchanged).");
  reg.add("fliplr", fliplr_fn, "fliplr(x): x with its columns in reverse order.");
  reg.add("flipud", flipud_fn, "flipud(x): x with its rows in reverse order.");
  reg.add("flip", flip_fn,
          "flip(x), flip(x, dim): x reversed along dim (default: first non-singleton).");
  reg.add("circshift", circshift_fn,
          "circshift(x, k), circshift(x, [k1 k2 ...]), circshift(x, k, dim): circular shift.");
  reg.add("permute", permute_fn,
          "permute(x, order): x with its dimensions rearranged as in order.");
  reg.add("ipermute", ipermute_fn, "ipermute(x, order): inverse of permute(x, order).");
  reg.add("cat", cat_fn, "cat(dim, a, b, ...): concatenation along dimension dim.");
  reg.add("horzcat", horzcat_fn, "horzcat(a, b, ...): [a, b, ...].");
  reg.add("vertcat", vertcat_fn, "vertcat(a, b, ...): [a; b; ...].");
}

}  // namespace runmat::runtime
