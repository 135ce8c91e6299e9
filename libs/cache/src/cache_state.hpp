// CacheService's private state: behind a pointer so the public header needs no absl::Mutex.
#ifndef RUNMAT_CACHE_CACHE_STATE_HPP
#define RUNMAT_CACHE_CACHE_STATE_HPP

#include <atomic>
#include <cstdint>
#include <map>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "runmat/cache/cache_service.hpp"

namespace runmat::cache {

struct CacheService::State {
  // Serializes this process's file operations on the cache. Separate from counters_mu so
  // Counters() never waits behind disk I/O.
  absl::Mutex io_mu;
  absl::Mutex counters_mu;
  std::map<std::string, CacheCounters> counters ABSL_GUARDED_BY(counters_mu);
  std::atomic<uint64_t> temp_counter{0};

  template <typename Fn>
  void Update(const std::string& cache_name, Fn&& fn) {
    absl::MutexLock lock(&counters_mu);
    fn(counters[cache_name]);
  }
};

}  // namespace runmat::cache

#endif  // RUNMAT_CACHE_CACHE_STATE_HPP
