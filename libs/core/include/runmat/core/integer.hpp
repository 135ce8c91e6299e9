// MATLAB's integer classes (int8 ... uint64): ranges, the saturating round-half-away conversion,
// and exact element access.
//
// Every integer value of every class fits in a signed 128-bit integer (Wide), so integer
// arithmetic is done there exactly and saturated once at the end; doubles never stand in for
// int64/uint64 values, which they cannot hold beyond 2^53.
#pragma once

#include <cstdint>
#include <string>

#include "runmat/core/array.hpp"

namespace runmat {

__extension__ typedef __int128 Wide;            // GCC/Clang extension, not ISO C++
__extension__ typedef unsigned __int128 UWide;  // (__extension__ keeps -Wpedantic quiet)

bool is_integer_class(ClassId c);
bool is_signed_integer_class(ClassId c);
// A class whose elements are exact integers: the integer classes, logical and char.
inline bool has_integer_elements(ClassId c) {
  return is_integer_class(c) || c == ClassId::Logical || c == ClassId::Char;
}
int integer_bits(ClassId c);  // 8, 16, 32 or 64
Wide integer_min(ClassId c);
Wide integer_max(ClassId c);

// Clamps to the class's range.
Wide saturate(ClassId c, Wide v);
// MATLAB's conversion: round half away from zero, saturate, NaN -> 0.
Wide saturate_double(ClassId c, double v);
Wide saturate_long_double(ClassId c, long double v);

// Element i of an array whose class has integer elements (integer classes, logical, char).
Wide get_wide(const Array& a, int64_t i);
// Stores v into element i of an integer-class array, saturating to its range.
void set_wide(Array& a, int64_t i, Wide v);

// dst(di) = src(si) with MATLAB's conversion to dst's class; exact between classes with
// integer elements (int64/uint64 values never pass through a double).
void convert_element(const Array& src, int64_t si, Array& dst, int64_t di);

// Decimal text of v ("-128", "18446744073709551615").
std::string wide_to_string(Wide v);

// A 1x1 array of an integer class holding v (saturated).
ArrayPtr integer_scalar(ClassId c, Wide v);

}  // namespace runmat
