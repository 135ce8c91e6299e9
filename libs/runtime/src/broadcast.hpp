// Implicit expansion: walks an output shape with the matching offsets into both operands.
#pragma once

#include <cstdint>
#include <vector>

#include "runmat/core/shape.hpp"

namespace runmat::runtime {

// Visits every element of an implicit-expansion result with the offsets of both operands.
template <typename F>
void for_each_broadcast(const Shape& out, const Shape& sa, const Shape& sb, F&& f) {
  const int nd = out.ndims();
  std::vector<int64_t> idx(nd, 0), stride_a(nd), stride_b(nd);
  int64_t acc_a = 1, acc_b = 1;
  for (int d = 0; d < nd; ++d) {
    stride_a[d] = sa.dim(d) == 1 ? 0 : acc_a;
    stride_b[d] = sb.dim(d) == 1 ? 0 : acc_b;
    acc_a *= sa.dim(d);
    acc_b *= sb.dim(d);
  }
  const int64_t n = out.numel();
  int64_t oa = 0, ob = 0;
  for (int64_t i = 0; i < n; ++i) {
    f(i, oa, ob);
    for (int d = 0; d < nd; ++d) {
      if (++idx[d] < out.dim(d)) {
        oa += stride_a[d];
        ob += stride_b[d];
        break;
      }
      oa -= stride_a[d] * (idx[d] - 1);
      ob -= stride_b[d] * (idx[d] - 1);
      idx[d] = 0;
    }
  }
}

}  // namespace runmat::runtime
