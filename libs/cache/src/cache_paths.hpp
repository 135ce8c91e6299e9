// Where entries live on disk: the key -> path mapping and default root resolution.
#ifndef RUNMAT_CACHE_CACHE_PATHS_HPP
#define RUNMAT_CACHE_CACHE_PATHS_HPP

#include <filesystem>
#include <string>
#include <string_view>

#include "runmat/cache/cache_service.hpp"

namespace runmat::cache::internal {

// Layout version directory under the root. Bump it (v2, ...) when the layout or the entry
// format changes incompatibly: old entries are then simply never looked at.
inline constexpr std::string_view kLayoutDir = "v1";

// A safe single path component for an arbitrary string. Kept verbatim when it is already
// [A-Za-z0-9._+-], not empty, not starting with '.', and short; otherwise unsafe characters
// become '_' and "~<fnv1a hex of the original>" is appended. '~' never survives verbatim, so
// two different strings map to different components (up to a 32-bit hash collision, which
// the header check in Get still catches).
std::string SanitizeComponent(std::string_view text);

// Lower-case hex of the 16 uuid bytes (32 characters).
std::string UuidHex(const std::array<uint8_t, 16>& uuid);

// <kLayoutDir>/<cache>/<plugin>-v<N>/<uuid>-<driver>-p<P>/<entry>.bin, relative to the root.
std::filesystem::path RelativeEntryPath(const CacheKey& key);

// Resolves the default root from the given variable values (nullptr = unset); split from the
// environment so tests need not mutate it.
std::filesystem::path ResolveDefaultRoot(const char* runmat_cache_dir, const char* xdg_cache_home,
                                         const char* home);

}  // namespace runmat::cache::internal

#endif  // RUNMAT_CACHE_CACHE_PATHS_HPP
