// Value: what a MATLAB variable holds. Scalar doubles are stored inline so that scalar
// arithmetic and loop counters never allocate; everything else shares an Array (copy-on-write:
// a writer calls make_unique_array() before mutating).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "runmat/core/array.hpp"

namespace runmat {

class Value {
 public:
  enum class Kind : uint8_t {
    Undefined,  // an unassigned variable slot
    Num,        // real double scalar, inline
    Array,      // double/single/logical/char N-D array (including scalars of other classes)
    Colon       // the magic ':' index
  };

  Value() = default;
  static Value num(double d) {
    Value v;
    v.kind_ = Kind::Num;
    v.num_ = d;
    return v;
  }
  static Value array(ArrayPtr a) {
    Value v;
    v.kind_ = Kind::Array;
    v.arr_ = std::move(a);
    return v;
  }
  static Value colon() {
    Value v;
    v.kind_ = Kind::Colon;
    return v;
  }
  static Value logical(bool b);
  static Value scalar_of(ClassId cls, double d);  // 1x1 array of a class (Num for double)
  static Value char_row(std::string_view text);

  Kind kind() const { return kind_; }
  bool is_defined() const { return kind_ != Kind::Undefined; }
  bool is_num() const { return kind_ == Kind::Num; }
  bool is_array() const { return kind_ == Kind::Array; }
  double num() const { return num_; }
  const ArrayPtr& arr() const { return arr_; }

  ClassId cls() const { return kind_ == Kind::Array ? arr_->cls() : ClassId::Double; }
  Shape shape() const { return kind_ == Kind::Array ? arr_->shape() : Shape::scalar(); }
  int64_t numel() const { return kind_ == Kind::Array ? arr_->numel() : 1; }
  bool is_scalar() const { return numel() == 1; }
  bool is_gpu() const { return kind_ == Kind::Array && arr_->is_gpu(); }
  bool is_char() const { return kind_ == Kind::Array && arr_->cls() == ClassId::Char; }

  // Element i as double (any class). Throws for non-numeric kinds.
  double elem(int64_t i) const;
  // The scalar value as double; throws MATLAB-style if not a scalar.
  double scalar_double(std::string_view what) const;
  // Text of a char array (row-major reading of a char row vector).
  std::string to_text() const;
  // An array view for any numeric value (a Num is boxed into a 1x1 double array).
  ArrayPtr as_array() const;
  // Ensures this value owns its array exclusively (copying if shared) and returns it.
  Array& make_unique_array();

 private:
  Kind kind_ = Kind::Undefined;
  double num_ = 0.0;
  ArrayPtr arr_;
};

}  // namespace runmat
