// The cache's size limit: parsing RUNMAT_CACHE_MAX_BYTES and least-recently-used eviction.
// An entry's "last use" is its file's modification time: Put writes it, a Get hit refreshes
// it, so the oldest files are the ones no run has needed for the longest time.
#ifndef RUNMAT_CACHE_SIZE_LIMIT_HPP
#define RUNMAT_CACHE_SIZE_LIMIT_HPP

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace runmat::cache::internal {

// "1073741824", "512M", "2G", "64k", "1.5G" (binary units, case-insensitive, optional "iB"/"B"),
// "0" for no limit. nullopt when the text is not one of these.
std::optional<uint64_t> ParseByteSize(std::string_view text);

struct EvictionResult {
  uint64_t files = 0;
  uint64_t bytes = 0;
  std::map<std::string, uint64_t> files_per_cache;  // by the cache-name directory
};

// Deletes the least recently used entries under `layout_dir` (<root>/v1) until the files
// there total at most `max_bytes`, never deleting `keep` (the entry just written). Files that
// vanish or cannot be deleted meanwhile (another process) are skipped.
EvictionResult EvictLeastRecentlyUsed(const std::filesystem::path& layout_dir, uint64_t max_bytes,
                                      const std::filesystem::path& keep);

// Marks an entry as just used (best effort: a read-only cache simply keeps its old order).
void TouchEntry(const std::filesystem::path& path);

}  // namespace runmat::cache::internal

#endif  // RUNMAT_CACHE_SIZE_LIMIT_HPP
