// Array: an N-D, column-major block of elements of one MATLAB class (double, single, logical,
// char, int8 ... uint64). Arrays are immutable once shared; Value implements copy-on-write around
// them.
//
// An array's elements may not be on the host yet: a Backing (implemented by the runtime) stands
// for data that is deferred in the lazy graph or resident on an accelerator. host_bytes()
// materializes on first observation; core itself knows nothing about graphs or devices.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

#include "runmat/core/shape.hpp"

namespace runmat {

enum class ClassId : uint8_t {
  Double,
  Single,
  Logical,
  Char,
  Int8,
  Int16,
  Int32,
  Int64,
  UInt8,
  UInt16,
  UInt32,
  UInt64
};

std::string_view class_name(ClassId c);
// The class a name such as "int32" stands for (numeric classes, logical, char); false if none.
bool class_from_name(std::string_view name, ClassId* out);
size_t element_size(ClassId c);
inline bool is_float_class(ClassId c) {
  return c == ClassId::Double || c == ClassId::Single;
}

class Array;

// Data that lives elsewhere (lazy graph node, device buffer). fill_host writes numel elements
// of the array's class into `dst`.
class Backing {
 public:
  virtual ~Backing() = default;
  virtual void fill_host(const Array& array, void* dst) = 0;
};

class Array {
 public:
  Array(ClassId cls, Shape shape);  // zero-initialized host storage
  struct Uninitialized {};
  // Host storage whose contents the caller overwrites completely (no memset pass).
  Array(ClassId cls, Shape shape, Uninitialized);
  Array(ClassId cls, Shape shape, std::shared_ptr<Backing> backing);  // host filled on demand
  ~Array();
  Array(const Array&) = delete;
  Array& operator=(const Array&) = delete;

  ClassId cls() const { return cls_; }
  const Shape& shape() const { return shape_; }
  int64_t numel() const { return numel_; }
  size_t byte_size() const { return static_cast<size_t>(numel_) * element_size(cls_); }

  // gpuArray: the user asked for this array to live on the accelerator (class() still reports
  // the underlying class; isgpuarray reports true).
  bool is_gpu() const { return gpu_; }
  void set_gpu(bool g) { gpu_ = g; }

  bool host_valid() const { return host_ != nullptr; }
  const std::shared_ptr<Backing>& backing() const { return backing_; }
  // Attaches a device copy (residency) to an array whose host data is valid or not.
  void set_backing(std::shared_ptr<Backing> b) { backing_ = std::move(b); }

  const void* host_bytes() const;
  template <typename T>
  const T* data() const {
    return static_cast<const T*>(host_bytes());
  }
  // Mutable access: the caller must own the array exclusively. Drops any device copy, which
  // would be stale after the write.
  void* mutable_bytes();
  template <typename T>
  T* mutable_data() {
    return static_cast<T*>(mutable_bytes());
  }

  // Grows to shape `s` when every existing element keeps its linear position (growth along
  // the last dimension, or from empty); new elements are zero. Capacity grows geometrically so
  // that appending in a loop (x(end+1) = v) is amortized O(1). The caller must own the array
  // exclusively; a device copy is dropped.
  void extend(const Shape& s);

  // Element as double (any class), for scalars and conditions. int64/uint64 values beyond
  // 2^53 round; exact integer access is get_wide() in integer.hpp.
  double get_as_double(int64_t i) const;
  // Stores v into element i with MATLAB's conversion to this array's class (integer classes
  // round half away from zero and saturate, NaN -> 0).
  void set_from_double(int64_t i, double v);

 private:
  void allocate_host(bool zero = true) const;
  ClassId cls_;
  Shape shape_;
  int64_t numel_;
  bool gpu_ = false;
  mutable std::unique_ptr<uint8_t[]> host_storage_;
  mutable void* host_ = nullptr;       // 64-byte aligned view into host_storage_
  mutable size_t capacity_bytes_ = 0;  // usable bytes at host_
  std::shared_ptr<Backing> backing_;
};

using ArrayPtr = std::shared_ptr<Array>;

}  // namespace runmat
