// Readable reports over a cache directory, for `runmat cache stats`.
#ifndef RUNMAT_CACHE_CACHE_REPORT_HPP
#define RUNMAT_CACHE_CACHE_REPORT_HPP

#include <string>

#include "runmat/cache/cache_service.hpp"

namespace runmat::cache {

// Per cache name: entries, bytes on disk and when one was last used; damaged files; the total
// against the size limit. Ends with a newline; a cache that cannot be listed says why.
std::string CacheStatsReport(const CacheService& service);

}  // namespace runmat::cache

#endif  // RUNMAT_CACHE_CACHE_REPORT_HPP
