// The moments cache: the mean of one deferred value over the same dims, computed once and
// reused by later statements (`mu = mean(X, [2 3]); sigma = std(X, 0, [2 3])` reads X for
// the mean once). Keyed by the value's graph node: nodes are immutable and a variable that is
// written gets a new node, so a write invalidates by construction. Values without a node
// (plain host arrays, which may be written in place) are not cached.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "runmat/core/value.hpp"
#include "runmat/fusion/graph.hpp"

namespace runmat::runtime {

class MomentsCache {
 public:
  // The mean of the value whose node is `x` over `dims` (sorted, 0-based; {-1} for all
  // elements) in class `cls`, when one was recorded.
  std::optional<Value> find_mean(const fusion::NodePtr& x, const std::vector<int>& dims,
                                 ClassId cls);
  void put_mean(const fusion::NodePtr& x, const std::vector<int>& dims, ClassId cls, Value mean);

  uint64_t hits() const { return hits_; }
  uint64_t misses() const { return misses_; }

 private:
  struct Entry {
    std::weak_ptr<const fusion::Node> x;
    std::vector<int> dims;
    ClassId cls;
    Value mean;
  };
  // A few entries: the pattern is a mean and a spread of the same data in nearby statements.
  // An entry's pending mean keeps its input alive until computed, so the cache stays small.
  static constexpr size_t kCapacity = 8;
  std::deque<Entry> entries_;
  uint64_t hits_ = 0, misses_ = 0;
};

}  // namespace runmat::runtime
