// Helpers shared by the builtin families that rearrange or build arrays on the host (shape,
// matrix construction, cumulative). They copy raw elements, so every class keeps its class.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "builtins.hpp"
#include "runmat/core/error.hpp"
#include "runmat/core/value.hpp"

namespace runmat::runtime {

inline ArrayPtr new_array(ClassId cls, const Shape& shape) {
  return std::make_shared<Array>(cls, shape, Array::Uninitialized{});
}

// Double scalars are returned inline (Value::num) as everywhere else in the runtime.
inline Value wrap_array(ArrayPtr a) {
  if (a->cls() == ClassId::Double && a->numel() == 1) return Value::num(a->data<double>()[0]);
  return Value::array(std::move(a));
}

inline Value empty_value(ClassId cls, const Shape& shape) {
  return Value::array(std::make_shared<Array>(cls, shape));
}

inline void copy_element(const Array& src, int64_t si, Array& dst, int64_t di) {
  const size_t es = element_size(src.cls());
  std::memcpy(static_cast<uint8_t*>(dst.mutable_bytes()) + di * es,
              static_cast<const uint8_t*>(src.host_bytes()) + si * es, es);
}

// MATLAB's conversion of v to dst's class (integer classes round and saturate).
inline void store_as(Array& dst, int64_t i, double v) {
  dst.set_from_double(i, v);
}

// A dimension argument (1-based in MATLAB) as a 0-based index.
inline int dim_from_value(const Value& d) {
  if (d.is_char() || d.numel() != 1) {
    throw_error("MATLAB:getdimarg:dimensionMustBePositiveInteger",
                "Dimension argument must be a positive integer scalar within indexing range.");
  }
  const double v = d.elem(0);
  if (!(v >= 1) || v != static_cast<double>(static_cast<int64_t>(v)) || v > 1e9) {
    throw_error("MATLAB:getdimarg:dimensionMustBePositiveInteger",
                "Dimension argument must be a positive integer scalar within indexing range.");
  }
  return static_cast<int>(v) - 1;
}

// Functions whose result gains dimensions up to `dim` (cat, diff) refuse absurd ones rather
// than building a shape with millions of trailing singleton dims.
inline void check_result_dims(int dim) {
  if (dim >= 4096) {
    throw_error("MATLAB:array:SizeLimitExceeded",
                "Requested array exceeds the maximum possible size.");
  }
}

// Sizes computed from user input (reshape, repmat) are checked before any int64 product can
// overflow into a small, wrong element count.
inline void check_size_limit(const Shape::Dims& dims) {
  double n = 1;
  for (int64_t d : dims) n *= static_cast<double>(d);
  if (n > 281474976710656.0) {  // 2^48 elements, far beyond any memory
    throw_error("MATLAB:array:SizeLimitExceeded",
                "Requested array exceeds the maximum possible size.");
  }
}

// Column-major view of an array around one dimension: [inner, extent, outer].
struct DimLayout {
  int64_t inner = 1, extent = 1, outer = 1;
};

inline DimLayout layout_around(const Shape& s, int dim) {
  DimLayout l;
  for (int k = 0; k < dim && k < s.ndims(); ++k) l.inner *= s.dim(k);
  l.extent = s.dim(dim);
  for (int k = dim + 1; k < s.ndims(); ++k) l.outer *= s.dim(k);
  return l;
}

// Builds an array of `out_shape` whose element at subscripts `sub` (0-based, one per output
// dim) is the source element at linear index map(sub). Class and gpu flag follow the source.
template <typename Map>
ArrayPtr gather(const Array& src, const Shape& out_shape, Map map) {
  ArrayPtr out = new_array(src.cls(), out_shape);
  const int nd = out_shape.ndims();
  std::vector<int64_t> sub(nd, 0);
  const int64_t n = out->numel();
  for (int64_t i = 0; i < n; ++i) {
    copy_element(src, map(sub.data()), *out, i);
    for (int d = 0; d < nd; ++d) {
      if (++sub[d] < out_shape.dim(d)) break;
      sub[d] = 0;
    }
  }
  out->set_gpu(src.is_gpu());
  return out;
}

// Linear index of 0-based subscripts in a shape (subscripts beyond ndims must be 0).
inline int64_t linear_of(const Shape& s, const int64_t* sub, int nsub) {
  int64_t off = 0, stride = 1;
  for (int d = 0; d < nsub; ++d) {
    off += sub[d] * stride;
    stride *= s.dim(d);
  }
  return off;
}

// [m, i] = max/min(x, [], dim) computed on the host: NaN ignored, first index on ties; dim -1
// means 'all' (i is then a linear index). Defined in builtins_cumulative.cpp, used by
// builtins_reduction.cpp's extremum_fn).
Args extremum_with_index(const Value& x, int dim, bool is_max, ClassId out_cls);

}  // namespace runmat::runtime
