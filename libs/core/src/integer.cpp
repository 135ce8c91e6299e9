#include "runmat/core/integer.hpp"

#include <cmath>
#include <cstring>

namespace runmat {

bool is_integer_class(ClassId c) {
  switch (c) {
    case ClassId::Int8:
    case ClassId::Int16:
    case ClassId::Int32:
    case ClassId::Int64:
    case ClassId::UInt8:
    case ClassId::UInt16:
    case ClassId::UInt32:
    case ClassId::UInt64:
      return true;
    default:
      return false;
  }
}

bool is_signed_integer_class(ClassId c) {
  return c == ClassId::Int8 || c == ClassId::Int16 || c == ClassId::Int32 || c == ClassId::Int64;
}

int integer_bits(ClassId c) {
  return static_cast<int>(element_size(c)) * 8;
}

Wide integer_min(ClassId c) {
  if (!is_signed_integer_class(c)) return 0;
  return -(Wide{1} << (integer_bits(c) - 1));
}

Wide integer_max(ClassId c) {
  const int bits = integer_bits(c);
  return is_signed_integer_class(c) ? (Wide{1} << (bits - 1)) - 1 : (Wide{1} << bits) - 1;
}

Wide saturate(ClassId c, Wide v) {
  const Wide lo = integer_min(c), hi = integer_max(c);
  return v < lo ? lo : v > hi ? hi : v;
}

Wide saturate_long_double(ClassId c, long double v) {
  if (std::isnan(v)) return 0;
  // Compare before converting: the cast of an out-of-range value is undefined.
  if (v <= static_cast<long double>(integer_min(c))) return integer_min(c);
  if (v >= static_cast<long double>(integer_max(c))) return integer_max(c);
  return static_cast<Wide>(std::roundl(v));  // half away from zero, as MATLAB
}

Wide saturate_double(ClassId c, double v) {
  // long double holds every double and every int64/uint64 value exactly (64-bit mantissa).
  return saturate_long_double(c, static_cast<long double>(v));
}

Wide get_wide(const Array& a, int64_t i) {
  switch (a.cls()) {
    case ClassId::Int8:
      return a.data<int8_t>()[i];
    case ClassId::Int16:
      return a.data<int16_t>()[i];
    case ClassId::Int32:
      return a.data<int32_t>()[i];
    case ClassId::Int64:
      return a.data<int64_t>()[i];
    case ClassId::UInt8:
    case ClassId::Logical:
      return a.data<uint8_t>()[i];
    case ClassId::UInt16:
    case ClassId::Char:
      return a.data<uint16_t>()[i];
    case ClassId::UInt32:
      return a.data<uint32_t>()[i];
    case ClassId::UInt64:
      return a.data<uint64_t>()[i];
    case ClassId::Double:
    case ClassId::Single:
      break;
  }
  return saturate_double(ClassId::Int64, a.get_as_double(i));
}

void set_wide(Array& a, int64_t i, Wide v) {
  switch (a.cls()) {
    case ClassId::Int8:
      a.mutable_data<int8_t>()[i] = static_cast<int8_t>(saturate(a.cls(), v));
      return;
    case ClassId::Int16:
      a.mutable_data<int16_t>()[i] = static_cast<int16_t>(saturate(a.cls(), v));
      return;
    case ClassId::Int32:
      a.mutable_data<int32_t>()[i] = static_cast<int32_t>(saturate(a.cls(), v));
      return;
    case ClassId::Int64:
      a.mutable_data<int64_t>()[i] = static_cast<int64_t>(saturate(a.cls(), v));
      return;
    case ClassId::UInt8:
      a.mutable_data<uint8_t>()[i] = static_cast<uint8_t>(saturate(a.cls(), v));
      return;
    case ClassId::UInt16:
      a.mutable_data<uint16_t>()[i] = static_cast<uint16_t>(saturate(a.cls(), v));
      return;
    case ClassId::UInt32:
      a.mutable_data<uint32_t>()[i] = static_cast<uint32_t>(saturate(a.cls(), v));
      return;
    case ClassId::UInt64:
      a.mutable_data<uint64_t>()[i] = static_cast<uint64_t>(saturate(a.cls(), v));
      return;
    default:
      a.set_from_double(i, static_cast<double>(v));
      return;
  }
}

void convert_element(const Array& src, int64_t si, Array& dst, int64_t di) {
  if (src.cls() == dst.cls()) {
    const size_t es = element_size(src.cls());
    std::memcpy(static_cast<uint8_t*>(dst.mutable_bytes()) + di * es,
                static_cast<const uint8_t*>(src.host_bytes()) + si * es, es);
  } else if (is_integer_class(dst.cls()) && has_integer_elements(src.cls())) {
    set_wide(dst, di, get_wide(src, si));
  } else {
    dst.set_from_double(di, src.get_as_double(si));
  }
}

std::string wide_to_string(Wide v) {
  if (v == 0) return "0";
  const bool neg = v < 0;
  // Negate as unsigned so the most negative value does not overflow.
  UWide u = neg ? -static_cast<UWide>(v) : static_cast<UWide>(v);
  std::string digits;
  while (u != 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  }
  if (neg) digits.push_back('-');
  return std::string(digits.rbegin(), digits.rend());
}

ArrayPtr integer_scalar(ClassId c, Wide v) {
  auto a = std::make_shared<Array>(c, Shape::scalar(), Array::Uninitialized{});
  set_wide(*a, 0, v);
  return a;
}

}  // namespace runmat
