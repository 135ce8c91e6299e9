// The MATLAB values beyond real numeric arrays: complex arrays, cell arrays, struct arrays, string
// arrays, function handles and objects (MException, classdef objects). Each is a plain N-D
// container of column-major elements shared by Values with copy-on-write (Value::mutable_*() clones
// a shared one before a write), exactly like numeric Arrays.
#pragma once

#include <complex>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runmat/core/shape.hpp"
#include "runmat/core/value.hpp"

namespace runmat {

struct CellArray {
  Shape shape;
  std::vector<Value> data;  // numel elements; an unset element is [] (Value::empty())

  CellArray() = default;
  explicit CellArray(Shape s) : shape(s), data(static_cast<size_t>(s.numel()), Value::empty()) {}
};

// Field order is insertion order (fieldnames() reports it). values[e * nfields + f].
struct StructArray {
  Shape shape;
  std::vector<std::string> fields;
  std::vector<Value> values;

  StructArray() : shape(Shape::scalar()) {}
  explicit StructArray(Shape s) : shape(s) {}
  int64_t numel() const { return shape.numel(); }
  int find_field(std::string_view name) const;  // -1 when absent
  // Adds a field ([] in every element) unless present; returns its index.
  int add_field(const std::string& name);
  void remove_field(int f);
  Value& at(int64_t elem, int f) { return values[static_cast<size_t>(elem) * fields.size() + f]; }
  const Value& at(int64_t elem, int f) const {
    return values[static_cast<size_t>(elem) * fields.size() + f];
  }
  // Resizes to `s`, keeping elements at their (row, col, ...) positions; new elements get [].
  void reshape_grow(const Shape& s);
};

// string arrays: UTF-8 text per element; <missing> elements are flagged.
struct StringArray {
  Shape shape;
  std::vector<std::string> data;
  std::vector<uint8_t> missing;  // empty when no element is missing, else numel flags

  StringArray() : shape(Shape::scalar()), data(1) {}
  explicit StringArray(Shape s) : shape(s), data(static_cast<size_t>(s.numel())) {}
  bool is_missing(int64_t i) const { return !missing.empty() && missing[i]; }
};

// Complex double/single arrays. Kept apart from the real numeric Array so that code written for
// real data can never misread interleaved parts: a complex value reaches only code that asks
// for it (complex_ops.cpp, display, indexing, concatenation, the complex-aware builtins).
// Single values are stored widened and rounded to float after every operation.
struct ComplexArray {
  Shape shape;
  bool single = false;
  std::vector<std::complex<double>> data;

  ComplexArray() : shape(Shape::scalar()), data(1) {}
  explicit ComplexArray(Shape s) : shape(s), data(static_cast<size_t>(s.numel())) {}
};

// Code that a function handle calls. The runtime implements it (a compiled anonymous body with
// its module kept alive); core only needs to hold it.
class HandleCode {
 public:
  virtual ~HandleCode() = default;
};

// @name or @(params) body. `text` is what func2str and display show: "sin" or "@(x)x.^2".
struct FunctionHandle {
  std::string name;  // empty for anonymous functions
  std::string text;
  std::shared_ptr<const HandleCode> code;  // anonymous body (null for named handles)
  std::vector<Value> captured;             // values of the body's free variables at creation
  bool is_anonymous() const { return name.empty(); }
};

// The definition of a classdef class. The runtime implements it (class_def.hpp); core only
// needs to point at it from the class's objects.
class ClassMeta {
 public:
  virtual ~ClassMeta() = default;
};

// An object of a named class with ordered properties (MException: identifier, message, stack,
// cause; classdef objects). Value semantics, like structs, except for objects of handle
// classes: all copies share one ObjectValue and Value::mutable_object() never clones it.
struct ObjectValue {
  std::string class_name;
  std::vector<std::string> names;
  std::vector<Value> props;
  std::shared_ptr<const ClassMeta> meta;  // classdef objects; null for built-in ones
  bool is_handle = false;                 // an object of a `< handle` class
  bool deleted = false;                   // a handle object after delete(h)
  int find(std::string_view name) const;
  const Value& get(std::string_view name) const;  // throws when absent
  void set(const std::string& name, Value v);     // adds when absent
};

}  // namespace runmat
