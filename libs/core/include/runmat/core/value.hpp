// Value: what a MATLAB variable holds. Scalar doubles are stored inline so that scalar
// arithmetic and loop counters never allocate; numeric/logical/char data shares an Array and
// cells, structs, strings, function handles and objects share a container from
// containers.hpp (copy-on-write: a writer calls make_unique_array() / mutable_cell() ...
// before mutating).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "runmat/core/array.hpp"

namespace runmat {

struct CellArray;
struct StructArray;
struct StringArray;
struct FunctionHandle;
struct ObjectValue;
struct ComplexArray;

class Value {
 public:
  enum class Kind : uint8_t {
    Undefined,  // an unassigned variable slot
    Num,        // real double scalar, inline
    Array,      // double/single/logical/char N-D array (including scalars of other classes)
    Colon,      // the magic ':' index
    Cell,       // cell array (CellArray)
    Struct,     // struct array (StructArray)
    String,     // string array (StringArray)
    Handle,     // function handle (FunctionHandle, always 1x1)
    Object,     // object of a named class (ObjectValue, 1x1): MException
    Complex     // complex double/single array (ComplexArray)
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
  static Value empty();  // [] : 0x0 double
  static Value cell(std::shared_ptr<CellArray> c);
  static Value structure(std::shared_ptr<StructArray> s);
  static Value string(std::shared_ptr<StringArray> s);
  static Value string_scalar(std::string text);
  static Value handle(std::shared_ptr<FunctionHandle> h);
  static Value object(std::shared_ptr<ObjectValue> o);
  static Value complex(std::shared_ptr<ComplexArray> c);
  static Value scalar_of(ClassId cls, double d);  // 1x1 array of a class (Num for double)
  static Value char_row(std::string_view text);

  Kind kind() const { return kind_; }
  bool is_defined() const { return kind_ != Kind::Undefined; }
  bool is_num() const { return kind_ == Kind::Num; }
  bool is_array() const { return kind_ == Kind::Array; }
  double num() const { return num_; }
  const ArrayPtr& arr() const { return arr_; }

  bool is_numeric_like() const { return kind_ == Kind::Num || kind_ == Kind::Array; }
  bool is_cell() const { return kind_ == Kind::Cell; }
  bool is_struct() const { return kind_ == Kind::Struct; }
  bool is_string() const { return kind_ == Kind::String; }
  bool is_handle() const { return kind_ == Kind::Handle; }
  bool is_object() const { return kind_ == Kind::Object; }
  bool is_complex() const { return kind_ == Kind::Complex; }

  // Numeric class; Double for the non-array kinds (use class_name() for what class() says).
  ClassId cls() const { return kind_ == Kind::Array ? arr_->cls() : ClassId::Double; }
  // What MATLAB's class() returns: "double", "cell", "struct", "string", "function_handle"...
  std::string class_name() const;
  Shape shape() const;
  int64_t numel() const { return kind_ == Kind::Array ? arr_->numel() : shape().numel(); }
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

  // Container access (the kind must match). mutable_* clones a shared container first.
  const CellArray& cell() const;
  const StructArray& structure() const;
  const StringArray& string() const;
  const FunctionHandle& handle() const;
  const ObjectValue& object() const;
  const ComplexArray& complex() const;
  CellArray& mutable_cell();
  StructArray& mutable_structure();
  StringArray& mutable_string();
  ObjectValue& mutable_object();
  ComplexArray& mutable_complex();

 private:
  Kind kind_ = Kind::Undefined;
  double num_ = 0.0;
  ArrayPtr arr_;
  std::shared_ptr<void> box_;  // the container of the Cell..Object kinds
};

}  // namespace runmat
