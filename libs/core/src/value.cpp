#include "runmat/core/value.hpp"

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

}  // namespace runmat
