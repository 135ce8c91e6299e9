// Index plans: which elements a subscript list selects, independent of what the elements are.
// Cell, struct and string arrays index through these (numeric arrays in indexing.cpp follow
// the same rules with class-specific copying), so `c(2:3)`, `s(end+1)` and `str(mask)` share
// one implementation of MATLAB's subscript rules: linear and N-D subscripts, ':' and logical
// masks, `end`, growth with empty fill, deletion.
#pragma once

#include <cstdint>
#include <vector>

#include "runmat/core/value.hpp"

namespace runmat::runtime {

// Resolved 0-based positions for one subscript over `extent` elements. With allow_growth,
// positions past the extent are allowed (assignment); otherwise they raise MATLAB's
// out-of-bounds error. `idx_shape` (optional) receives the subscript's own shape.
std::vector<int64_t> resolve_subscript(const Value& idx, int64_t extent, bool allow_growth,
                                       Shape* idx_shape);

struct ReadPlan {
  std::vector<int64_t> positions;  // linear source positions, in result order
  Shape shape;                     // shape of the result
};
ReadPlan plan_read(const Shape& s, const std::vector<Value>& args);

struct WritePlan {
  Shape grown;                     // shape after the assignment (growth included)
  std::vector<int64_t> positions;  // linear target positions in `grown`, in rhs order
};
WritePlan plan_write(const Shape& s, const std::vector<Value>& args);

struct DeletePlan {
  bool nothing = false;    // no element selected: the value is unchanged
  std::vector<bool> keep;  // per source element
  Shape shape;             // shape after deletion
};
DeletePlan plan_delete(const Shape& s, const std::vector<Value>& args);

// Where element i of an array of shape `from` lands in an array of shape `to` (same
// subscripts), for growth.
std::vector<int64_t> grow_positions(const Shape& from, const Shape& to);

// Applies plans to element vectors of any type.
template <typename T>
std::vector<T> gather(const std::vector<T>& src, const std::vector<int64_t>& pos) {
  std::vector<T> out;
  out.reserve(pos.size());
  for (int64_t p : pos) out.push_back(src[static_cast<size_t>(p)]);
  return out;
}

template <typename T>
std::vector<T> regrow(std::vector<T>&& src, const Shape& from, const Shape& to, const T& fill) {
  if (from == to) return std::move(src);
  // Growing along the last dimension only keeps every element's position: extend in place, so
  // that appending in a loop (c{end+1} = v) is amortized O(1) instead of a copy per step.
  const bool same_prefix =
      from.numel() == 0 || (from.ndims() == 2 && to.ndims() == 2 &&
                            (from.rows() == to.rows() || (from.cols() == 1 && to.cols() == 1)));
  if (same_prefix) {
    src.resize(static_cast<size_t>(to.numel()), fill);
    return std::move(src);
  }
  std::vector<T> out(static_cast<size_t>(to.numel()), fill);
  const std::vector<int64_t> at = grow_positions(from, to);
  for (size_t i = 0; i < at.size(); ++i) out[static_cast<size_t>(at[i])] = std::move(src[i]);
  return out;
}

template <typename T>
std::vector<T> drop(std::vector<T>&& src, const std::vector<bool>& keep) {
  std::vector<T> out;
  for (size_t i = 0; i < src.size(); ++i) {
    if (keep[i]) out.push_back(std::move(src[i]));
  }
  return out;
}

}  // namespace runmat::runtime
