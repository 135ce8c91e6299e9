#include "runmat/core/shape.hpp"

#include <algorithm>

#include "absl/strings/str_join.h"

namespace runmat {

std::string Shape::to_string() const {
  return absl::StrJoin(dims_, "x");
}

bool broadcast_shapes(const Shape& a, const Shape& b, Shape* out) {
  const int n = std::max(a.ndims(), b.ndims());
  Shape::Dims d(n);
  for (int k = 0; k < n; ++k) {
    const int64_t x = a.dim(k), y = b.dim(k);
    if (x == y || y == 1) {
      d[k] = x;
    } else if (x == 1) {
      d[k] = y;
    } else {
      return false;
    }
  }
  *out = Shape(std::move(d));
  return true;
}

}  // namespace runmat
