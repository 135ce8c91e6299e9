// N-D array shapes with MATLAB's rules: at least two dims, trailing singleton dims beyond the
// second are dropped, column-major element order.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>

#include "absl/container/inlined_vector.h"

namespace runmat {

class Shape {
 public:
  using Dims = absl::InlinedVector<int64_t, 4>;

  Shape() : dims_{0, 0} {}
  Shape(std::initializer_list<int64_t> d) : dims_(d) { normalize(); }
  explicit Shape(Dims d) : dims_(std::move(d)) { normalize(); }
  static Shape scalar() { return Shape{1, 1}; }
  static Shape row(int64_t n) { return Shape{1, n}; }
  static Shape column(int64_t n) { return Shape{n, 1}; }

  int ndims() const { return static_cast<int>(dims_.size()); }
  // Size along dim k (0-based); dims beyond ndims are 1, as in MATLAB.
  int64_t dim(int k) const { return k < ndims() ? dims_[k] : 1; }
  int64_t rows() const { return dims_[0]; }
  int64_t cols() const { return dims_[1]; }
  int64_t numel() const {
    int64_t n = 1;
    for (int64_t d : dims_) n *= d;
    return n;
  }
  bool is_scalar() const { return numel() == 1; }
  bool is_empty() const { return numel() == 0; }
  bool is_vector() const { return ndims() == 2 && (dims_[0] == 1 || dims_[1] == 1); }
  const Dims& dims() const { return dims_; }
  bool operator==(const Shape& o) const { return dims_ == o.dims_; }
  bool operator!=(const Shape& o) const { return !(*this == o); }
  std::string to_string() const;  // "3x4", "1x1x2"

 private:
  void normalize() {
    while (dims_.size() < 2) dims_.push_back(1);
    while (dims_.size() > 2 && dims_.back() == 1) dims_.pop_back();
  }
  Dims dims_;
};

// Implicit expansion (broadcasting): dims must match or one of them be 1. Returns false when
// the shapes are incompatible.
bool broadcast_shapes(const Shape& a, const Shape& b, Shape* out);

}  // namespace runmat
