#include "runmat/core/value.hpp"

#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"

namespace runmat {

Value Value::logical(bool b) {
  auto a = std::make_shared<Array>(ClassId::Logical, Shape::scalar());
  a->mutable_data<uint8_t>()[0] = b ? 1 : 0;
  return Value::array(std::move(a));
}

Value Value::scalar_of(ClassId cls, double d) {
  if (cls == ClassId::Double) return Value::num(d);
  auto a = std::make_shared<Array>(cls, Shape::scalar());
  a->set_from_double(0, d);  // MATLAB's conversion (integer classes round and saturate)
  return Value::array(std::move(a));
}

Value Value::char_row(std::string_view text) {
  auto a = std::make_shared<Array>(ClassId::Char, Shape::row(static_cast<int64_t>(text.size())));
  uint16_t* d = a->mutable_data<uint16_t>();
  for (size_t i = 0; i < text.size(); ++i) d[i] = static_cast<unsigned char>(text[i]);
  return Value::array(std::move(a));
}

double Value::elem(int64_t i) const {
  switch (kind_) {
    case Kind::Num:
      return num_;
    case Kind::Array:
      return arr_->get_as_double(i);
    default:
      throw_error("MATLAB:invalidType", "Value has no numeric elements.");
  }
}

double Value::scalar_double(std::string_view what) const {
  if (kind_ == Kind::Num) return num_;
  if (kind_ == Kind::Array && arr_->numel() == 1) return arr_->get_as_double(0);
  throw_error("MATLAB:expectedScalar", "%s must be a scalar.", std::string(what));
}

std::string Value::to_text() const {
  if (kind_ == Kind::String && string().data.size() == 1) return string().data[0];
  if (kind_ != Kind::Array) {
    throw_error("MATLAB:invalidType", "Expected a character vector.");
  }
  std::string s;
  s.reserve(static_cast<size_t>(arr_->numel()));
  for (int64_t i = 0; i < arr_->numel(); ++i) {
    s.push_back(static_cast<char>(static_cast<int>(arr_->get_as_double(i))));
  }
  return s;
}

ArrayPtr Value::as_array() const {
  if (kind_ == Kind::Array) return arr_;
  if (kind_ == Kind::Num) {
    auto a = std::make_shared<Array>(ClassId::Double, Shape::scalar(), Array::Uninitialized{});
    a->mutable_data<double>()[0] = num_;
    return a;
  }
  throw_error("MATLAB:invalidType", "Value is not an array.");
}

Array& Value::make_unique_array() {
  if (kind_ == Kind::Num) {
    arr_ = as_array();
    kind_ = Kind::Array;
    return *arr_;
  }
  if (kind_ != Kind::Array) throw_error("MATLAB:invalidType", "Value is not an array.");
  if (arr_.use_count() > 1) {
    auto copy = std::make_shared<Array>(arr_->cls(), arr_->shape(), Array::Uninitialized{});
    std::memcpy(copy->mutable_bytes(), arr_->host_bytes(), arr_->byte_size());
    copy->set_gpu(arr_->is_gpu());
    arr_ = std::move(copy);
  }
  return *arr_;
}

Value Value::empty() {
  return Value::array(std::make_shared<Array>(ClassId::Double, Shape{0, 0}));
}

#define RUNMAT_BOX_CTOR(fn, T, K)         \
  Value Value::fn(std::shared_ptr<T> p) { \
    Value v;                              \
    v.kind_ = Kind::K;                    \
    v.box_ = std::move(p);                \
    return v;                             \
  }
RUNMAT_BOX_CTOR(cell, CellArray, Cell)
RUNMAT_BOX_CTOR(structure, StructArray, Struct)
RUNMAT_BOX_CTOR(string, StringArray, String)
RUNMAT_BOX_CTOR(handle, FunctionHandle, Handle)
RUNMAT_BOX_CTOR(object, ObjectValue, Object)
RUNMAT_BOX_CTOR(complex, ComplexArray, Complex)
#undef RUNMAT_BOX_CTOR

Value Value::string_scalar(std::string text) {
  auto s = std::make_shared<StringArray>();
  s->data[0] = std::move(text);
  return Value::string(std::move(s));
}

std::string Value::class_name() const {
  switch (kind_) {
    case Kind::Num:
      return "double";
    case Kind::Array:
      return std::string(runmat::class_name(arr_->cls()));
    case Kind::Cell:
      return "cell";
    case Kind::Struct:
      return "struct";
    case Kind::String:
      return "string";
    case Kind::Handle:
      return "function_handle";
    case Kind::Object:
      return object().class_name;
    case Kind::Complex:
      return complex().single ? "single" : "double";
    default:
      return "double";
  }
}

Shape Value::shape() const {
  switch (kind_) {
    case Kind::Array:
      return arr_->shape();
    case Kind::Cell:
      return cell().shape;
    case Kind::Struct:
      return structure().shape;
    case Kind::String:
      return string().shape;
    case Kind::Complex:
      return complex().shape;
    default:
      return Shape::scalar();
  }
}

namespace {
// The container of a boxed kind, checked: a kind mismatch is a runtime bug, reported as an
// error rather than undefined behaviour.
void expect_kind(Value::Kind have, Value::Kind want) {
  if (have != want) throw_error("RunMat:internal", "Value holds a different kind of container.");
}
// Copy-on-write for containers: clone when another Value shares this one.
template <typename T>
T& unique_box(std::shared_ptr<void>& box) {
  if (box.use_count() > 1) box = std::make_shared<T>(*static_cast<const T*>(box.get()));
  return *static_cast<T*>(box.get());
}
}  // namespace

#define RUNMAT_BOX_ACCESS(GETTER, MUTATOR, T, K) \
  const T& Value::GETTER() const {               \
    expect_kind(kind_, Kind::K);                 \
    return *static_cast<const T*>(box_.get());   \
  }                                              \
  T& Value::MUTATOR() {                          \
    expect_kind(kind_, Kind::K);                 \
    return unique_box<T>(box_);                  \
  }
RUNMAT_BOX_ACCESS(cell, mutable_cell, CellArray, Cell)
RUNMAT_BOX_ACCESS(structure, mutable_structure, StructArray, Struct)
RUNMAT_BOX_ACCESS(string, mutable_string, StringArray, String)
RUNMAT_BOX_ACCESS(complex, mutable_complex, ComplexArray, Complex)
#undef RUNMAT_BOX_ACCESS

const ObjectValue& Value::object() const {
  expect_kind(kind_, Kind::Object);
  return *static_cast<const ObjectValue*>(box_.get());
}
ObjectValue& Value::mutable_object() {
  expect_kind(kind_, Kind::Object);
  // A handle object is shared by reference: every copy sees the write.
  auto* o = static_cast<ObjectValue*>(box_.get());
  if (o->is_handle) return *o;
  return unique_box<ObjectValue>(box_);
}

const FunctionHandle& Value::handle() const {
  expect_kind(kind_, Kind::Handle);
  return *static_cast<const FunctionHandle*>(box_.get());
}

}  // namespace runmat
