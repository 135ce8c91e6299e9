#include "moments_cache.hpp"

#include <algorithm>

namespace runmat::runtime {

std::optional<Value> MomentsCache::find_mean(const fusion::NodePtr& x, const std::vector<int>& dims,
                                             ClassId cls) {
  // Entries whose value is gone can never match again.
  entries_.erase(std::remove_if(entries_.begin(), entries_.end(),
                                [](const Entry& e) { return e.x.expired(); }),
                 entries_.end());
  for (const Entry& e : entries_) {
    if (e.x.lock() == x && e.dims == dims && e.cls == cls) {
      ++hits_;
      return e.mean;
    }
  }
  ++misses_;
  return std::nullopt;
}

void MomentsCache::put_mean(const fusion::NodePtr& x, const std::vector<int>& dims, ClassId cls,
                            Value mean) {
  for (Entry& e : entries_) {
    if (e.x.lock() == x && e.dims == dims && e.cls == cls) {
      e.mean = std::move(mean);
      return;
    }
  }
  if (entries_.size() == kCapacity) entries_.pop_front();
  entries_.push_back({x, dims, cls, std::move(mean)});
}

}  // namespace runmat::runtime
