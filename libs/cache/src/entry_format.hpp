// The on-disk entry format: "RMCACHE\0", u32 LE header length, runmat.cache.EntryHeader,
// payload. Pure byte-level encode/decode, no I/O, so every corruption case is easy to test.
#ifndef RUNMAT_CACHE_ENTRY_FORMAT_HPP
#define RUNMAT_CACHE_ENTRY_FORMAT_HPP

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "cache.pb.h"
#include "runmat/cache/cache_service.hpp"

namespace runmat::cache::internal {

inline constexpr std::string_view kMagic{"RMCACHE\0", 8};
inline constexpr uint32_t kFormatVersion = 1;
// Headers are a few hundred bytes; anything larger is garbage, not a header.
inline constexpr uint32_t kMaxHeaderBytes = 64 * 1024;
// Bytes before the header: magic + u32 length.
inline constexpr size_t kPreambleBytes = kMagic.size() + 4;

// The complete file contents for `payload` under `key`.
std::string EncodeEntry(const CacheKey& key, std::string_view payload, uint64_t created_unix_ms);

// Parses magic and header only (List uses this without reading payloads). On failure the
// status message is the human-readable corruption reason.
absl::StatusOr<runmat::cache::EntryHeader> DecodeHeader(std::string_view file, size_t* header_end);

// Full verification against `key`: header, every key field, payload size and crc32. Returns
// a view of the payload inside `file`; on failure the message says what is wrong.
absl::StatusOr<std::string_view> DecodeEntry(std::string_view file, const CacheKey& key);

}  // namespace runmat::cache::internal

#endif  // RUNMAT_CACHE_ENTRY_FORMAT_HPP
