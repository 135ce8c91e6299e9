#include "runmat/core/array.hpp"

#include <cstdlib>
#include <new>

#include "runmat/core/error.hpp"

namespace runmat {

std::string_view class_name(ClassId c) {
  switch (c) {
    case ClassId::Double:
      return "double";
    case ClassId::Single:
      return "single";
    case ClassId::Logical:
      return "logical";
    case ClassId::Char:
      return "char";
  }
  return "unknown";
}

size_t element_size(ClassId c) {
  switch (c) {
    case ClassId::Double:
      return 8;
    case ClassId::Single:
      return 4;
    case ClassId::Logical:
      return 1;
    case ClassId::Char:
      return 2;
  }
  return 8;
}

Array::Array(ClassId cls, Shape shape)
    : cls_(cls), shape_(std::move(shape)), numel_(shape_.numel()) {
  allocate_host();
}

Array::Array(ClassId cls, Shape shape, Uninitialized)
    : cls_(cls), shape_(std::move(shape)), numel_(shape_.numel()) {
  allocate_host(/*zero=*/false);
}

Array::Array(ClassId cls, Shape shape, std::shared_ptr<Backing> backing)
    : cls_(cls), shape_(std::move(shape)), numel_(shape_.numel()), backing_(std::move(backing)) {}

Array::~Array() = default;

void Array::allocate_host(bool zero) const {
  // 64-byte alignment lets plugins and vectorized loops use aligned loads.
  const size_t bytes = byte_size();
  host_storage_.reset(new (std::nothrow) uint8_t[bytes + 64]);
  if (!host_storage_) {
    throw_error("MATLAB:nomem", "Out of memory. The array needs %d bytes.", bytes);
  }
  auto addr = reinterpret_cast<uintptr_t>(host_storage_.get());
  host_ = reinterpret_cast<void*>((addr + 63) & ~uintptr_t{63});
  if (zero) std::memset(host_, 0, bytes);
}

const void* Array::host_bytes() const {
  if (!host_) {
    allocate_host(/*zero=*/!backing_);
    if (backing_) backing_->fill_host(*this, host_);
  }
  return host_;
}

void* Array::mutable_bytes() {
  host_bytes();
  backing_.reset();
  return host_;
}

double Array::get_as_double(int64_t i) const {
  switch (cls_) {
    case ClassId::Double:
      return data<double>()[i];
    case ClassId::Single:
      return data<float>()[i];
    case ClassId::Logical:
      return data<uint8_t>()[i];
    case ClassId::Char:
      return data<uint16_t>()[i];
  }
  return 0;
}

}  // namespace runmat
