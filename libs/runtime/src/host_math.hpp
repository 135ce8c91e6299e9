// Elementwise math computed on the host for builtins that have no kernel IR op (gamma, erf,
// sind, asinh, ...): inputs are materialized, results are double (single for single input),
// and a real input whose result is complex (acosh(0.5)) gives a complex result as in MATLAB.
#pragma once

#include <complex>
#include <memory>
#include <string_view>

#include "broadcast.hpp"
#include "builtins_arrays.hpp"
#include "complex_ops.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"

namespace runmat::runtime {

using cplx = std::complex<double>;
using RealFn = double (*)(double);
using CplxFn = cplx (*)(cplx);
using RealFn2 = double (*)(double, double);

// Floating-point math accepts double, single, logical and char (as MATLAB's builtins do);
// integer classes, cells, structs and strings are refused with MATLAB's message.
inline void require_float_math_input(const Value& v, std::string_view fn) {
  const bool ok = v.is_complex() ||
                  (v.is_numeric_like() && (is_float_class(v.cls()) || v.cls() == ClassId::Logical ||
                                           v.cls() == ClassId::Char));
  if (!ok) {
    throw_error("MATLAB:UndefinedFunction",
                "Check for incorrect argument data type or missing argument in call to "
                "function '%s'.",
                std::string(fn).c_str());
  }
}

// Double scalars are returned inline, except gpuArray results, which keep their flag.
inline Value gpu_aware(ArrayPtr out) {
  return out->is_gpu() ? Value::array(std::move(out)) : wrap_array(std::move(out));
}

inline ClassId math_result_class(const Value& v) {
  if (v.is_complex()) return v.complex().single ? ClassId::Single : ClassId::Double;
  return v.cls() == ClassId::Single ? ClassId::Single : ClassId::Double;
}

// Applies f to every element. When `g` is given, complex input and real elements for which
// `needs_complex` holds are computed with g in complex arithmetic; the result is narrowed.
inline Value host_unary_math(const Value& x, std::string_view fn, RealFn f, CplxFn g = nullptr,
                             bool (*needs_complex)(double) = nullptr) {
  require_float_math_input(x, fn);
  const ClassId cls = math_result_class(x);
  bool complex_path = x.is_complex();
  if (complex_path && g == nullptr) {
    throw_error(("MATLAB:" + std::string(fn) + ":notReal").c_str(),
                std::string("Input must be real."));
  }
  if (!complex_path && g != nullptr && needs_complex != nullptr) {
    for (int64_t i = 0; i < x.numel() && !complex_path; ++i)
      complex_path = needs_complex(x.elem(i));
  }
  if (complex_path) {
    Value c = to_complex(x);
    ComplexArray& z = c.mutable_complex();
    for (cplx& e : z.data) {
      e = g(e);
      if (z.single) e = cplx(static_cast<float>(e.real()), static_cast<float>(e.imag()));
    }
    return narrow_complex(std::move(c));
  }
  if (x.is_num()) return Value::num(f(x.num()));
  const ArrayPtr in = x.as_array();
  ArrayPtr out = new_array(cls, in->shape());
  for (int64_t i = 0; i < in->numel(); ++i) out->set_from_double(i, f(in->get_as_double(i)));
  out->set_gpu(in->is_gpu());  // a gpuArray input gives a gpuArray result, as in MATLAB
  return gpu_aware(std::move(out));
}

// f over two real operands with implicit expansion; single if either operand is single.
inline Value host_binary_math(const Value& a, const Value& b, std::string_view fn, RealFn2 f) {
  require_float_math_input(a, fn);
  require_float_math_input(b, fn);
  if (a.is_complex() || b.is_complex()) {
    throw_error(("MATLAB:" + std::string(fn) + ":notReal").c_str(),
                std::string("Input arguments must be real."));
  }
  Shape out_shape;
  if (!broadcast_shapes(a.shape(), b.shape(), &out_shape)) {
    throw_error("MATLAB:sizeDimensionsMustMatch",
                "Arrays have incompatible sizes for this operation.");
  }
  const ClassId cls = (a.cls() == ClassId::Single || b.cls() == ClassId::Single) ? ClassId::Single
                                                                                 : ClassId::Double;
  const ArrayPtr pa = a.as_array(), pb = b.as_array();
  ArrayPtr out = new_array(cls, out_shape);
  for_each_broadcast(out_shape, pa->shape(), pb->shape(), [&](int64_t i, int64_t ia, int64_t ib) {
    out->set_from_double(i, f(pa->get_as_double(ia), pb->get_as_double(ib)));
  });
  out->set_gpu(pa->is_gpu() || pb->is_gpu());
  return gpu_aware(std::move(out));
}

}  // namespace runmat::runtime
