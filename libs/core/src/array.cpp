#include "runmat/core/array.hpp"

#include <algorithm>
#include <cstdlib>
#include <new>

#include "runmat/core/error.hpp"
#include "runmat/core/integer.hpp"

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
    case ClassId::Int8:
      return "int8";
    case ClassId::Int16:
      return "int16";
    case ClassId::Int32:
      return "int32";
    case ClassId::Int64:
      return "int64";
    case ClassId::UInt8:
      return "uint8";
    case ClassId::UInt16:
      return "uint16";
    case ClassId::UInt32:
      return "uint32";
    case ClassId::UInt64:
      return "uint64";
  }
  return "unknown";
}

bool class_from_name(std::string_view name, ClassId* out) {
  static constexpr ClassId kAll[] = {ClassId::Double, ClassId::Single, ClassId::Logical,
                                     ClassId::Char,   ClassId::Int8,   ClassId::Int16,
                                     ClassId::Int32,  ClassId::Int64,  ClassId::UInt8,
                                     ClassId::UInt16, ClassId::UInt32, ClassId::UInt64};
  for (ClassId c : kAll) {
    if (class_name(c) == name) {
      *out = c;
      return true;
    }
  }
  return false;
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
    case ClassId::Int8:
    case ClassId::UInt8:
      return 1;
    case ClassId::Int16:
    case ClassId::UInt16:
      return 2;
    case ClassId::Int32:
    case ClassId::UInt32:
      return 4;
    case ClassId::Int64:
    case ClassId::UInt64:
      return 8;
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
  capacity_bytes_ = bytes;
  if (zero) std::memset(host_, 0, bytes);
}

void Array::extend(const Shape& s) {
  const size_t es = element_size(cls_);
  const size_t old_bytes = byte_size();
  const size_t new_bytes = static_cast<size_t>(s.numel()) * es;
  void* bytes = mutable_bytes();  // materializes and drops any device copy
  if (new_bytes > capacity_bytes_) {
    const size_t cap = std::max(new_bytes, capacity_bytes_ + capacity_bytes_ / 2);
    std::unique_ptr<uint8_t[]> fresh(new (std::nothrow) uint8_t[cap + 64]);
    if (!fresh) throw_error("MATLAB:nomem", "Out of memory. The array needs %d bytes.", cap);
    auto addr = reinterpret_cast<uintptr_t>(fresh.get());
    void* aligned = reinterpret_cast<void*>((addr + 63) & ~uintptr_t{63});
    std::memcpy(aligned, bytes, old_bytes);
    host_storage_ = std::move(fresh);
    host_ = aligned;
    capacity_bytes_ = cap;
  }
  std::memset(static_cast<uint8_t*>(host_) + old_bytes, 0, new_bytes - old_bytes);
  shape_ = s;
  numel_ = s.numel();
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
    case ClassId::Int8:
      return data<int8_t>()[i];
    case ClassId::Int16:
      return data<int16_t>()[i];
    case ClassId::Int32:
      return data<int32_t>()[i];
    case ClassId::Int64:
      return static_cast<double>(data<int64_t>()[i]);
    case ClassId::UInt8:
      return data<uint8_t>()[i];
    case ClassId::UInt16:
      return data<uint16_t>()[i];
    case ClassId::UInt32:
      return data<uint32_t>()[i];
    case ClassId::UInt64:
      return static_cast<double>(data<uint64_t>()[i]);
  }
  return 0;
}

void Array::set_from_double(int64_t i, double v) {
  switch (cls_) {
    case ClassId::Double:
      mutable_data<double>()[i] = v;
      return;
    case ClassId::Single:
      mutable_data<float>()[i] = static_cast<float>(v);
      return;
    case ClassId::Logical:
      mutable_data<uint8_t>()[i] = v != 0;
      return;
    case ClassId::Char:
      // Out-of-range codes clamp (the raw cast would be undefined).
      mutable_data<uint16_t>()[i] = !(v > 0) ? 0 : v >= 65535 ? 65535 : static_cast<uint16_t>(v);
      return;
    default:
      set_wide(*this, i, saturate_double(cls_, v));
      return;
  }
}

}  // namespace runmat
