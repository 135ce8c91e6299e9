// Helpers shared by the numeric families (linear algebra, statistics, polynomials, sets):
// reading values as double vectors or Eigen matrices, building results in the right class,
// and parsing option strings. Computation runs in double; single inputs give single results.
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "builtins.hpp"
#include "builtins_arrays.hpp"
#include "runmat/core/error.hpp"

namespace runmat::runtime {

using MatD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;

// MATLAB's class for a floating-point result: single if any input is single, else double.
inline ClassId float_result(ClassId a, ClassId b = ClassId::Double) {
  return a == ClassId::Single || b == ClassId::Single ? ClassId::Single : ClassId::Double;
}

// Numeric inputs only (double, single, logical, char): cells and structs are refused here.
inline const Value& require_numeric(const Value& v, const char* fn) {
  if (!v.is_num() && !v.is_array()) {
    throw_error("MATLAB:invalidType", "Invalid data type. Input to %s must be numeric.", fn);
  }
  return v;
}

inline bool is_integer_class(ClassId c) {
  return !is_float_class(c) && c != ClassId::Logical && c != ClassId::Char;
}

// Decompositions and solvers are defined for floating-point input only (MATLAB refuses
// integer matrices there rather than computing in double).
inline void require_float_input(const Value& v, const char* fn) {
  if (is_integer_class(v.cls())) {
    throw_error("MATLAB:invalidType",
                "Invalid data type. Input matrix to %s must be double or single.", fn);
  }
}

// Class of a result that keeps integer classes (median, range): integers stay integers
// (set_from_double rounds and saturates), everything else is single or double.
inline ClassId keep_integer_class(ClassId c) {
  return is_integer_class(c) ? c : (c == ClassId::Single ? ClassId::Single : ClassId::Double);
}

inline std::vector<double> to_doubles(const Value& v) {
  const ArrayPtr a = v.as_array();
  std::vector<double> out(static_cast<size_t>(a->numel()));
  for (int64_t i = 0; i < a->numel(); ++i) out[i] = a->get_as_double(i);
  return out;
}

// A 2-D input as an Eigen matrix; N-D inputs raise `nd_id` with `nd_msg`.
inline MatD to_matrix(const Value& v, const char* nd_id = "MATLAB:ndims",
                      const char* nd_msg = "Input must be a 2-D matrix.") {
  if (v.shape().ndims() > 2) throw_error(nd_id, std::string(nd_msg));
  const ArrayPtr a = v.as_array();
  MatD m(a->shape().rows(), a->shape().cols());
  for (int64_t i = 0; i < a->numel(); ++i) m.data()[i] = a->get_as_double(i);
  return m;
}

inline ArrayPtr array_from(const double* data, const Shape& shape, ClassId cls) {
  ArrayPtr out = new_array(cls, shape);
  const int64_t n = out->numel();
  if (cls == ClassId::Single) {
    float* d = out->mutable_data<float>();
    for (int64_t i = 0; i < n; ++i) d[i] = static_cast<float>(data[i]);
  } else {
    for (int64_t i = 0; i < n; ++i) store_as(*out, i, data[i]);
  }
  return out;
}

inline Value from_matrix(const MatD& m, ClassId cls) {
  return wrap_array(array_from(m.data(), Shape{m.rows(), m.cols()}, cls));
}

inline Value from_doubles(const std::vector<double>& v, const Shape& shape, ClassId cls) {
  return wrap_array(array_from(v.data(), shape, cls));
}

inline Value scalar_result(double v, ClassId cls) {
  return cls == ClassId::Single ? Value::scalar_of(ClassId::Single, v) : Value::num(v);
}

inline std::string lower_text(const Value& v) {
  std::string s = v.to_text();
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

inline bool is_option(const Value& v, const char* name) {
  return v.is_char() && lower_text(v) == name;
}

inline bool is_square(const Shape& s) {
  return s.ndims() == 2 && s.rows() == s.cols();
}

inline void require_square(const Value& v) {
  if (!is_square(v.shape())) throw_error("MATLAB:square", "Matrix must be square.");
}

}  // namespace runmat::runtime
