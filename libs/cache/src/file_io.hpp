// Small POSIX file helpers that report errors as absl::Status with errno text, never throw.
#ifndef RUNMAT_CACHE_FILE_IO_HPP
#define RUNMAT_CACHE_FILE_IO_HPP

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace runmat::cache::internal {

// Whole file contents; nullopt when the file does not exist. `max_bytes` bounds what a
// damaged or hostile file can make us allocate (larger files are an OutOfRange error).
absl::StatusOr<std::optional<std::string>> ReadWholeFile(const std::filesystem::path& path,
                                                         uint64_t max_bytes);

// Creates missing parent directories, writes `data` to `temp_path` (same directory as
// `path`, so the rename cannot cross file systems), optionally fsyncs, then renames it over
// `path`. The temp file is removed on any failure.
absl::Status WriteFileAtomically(const std::filesystem::path& path,
                                 const std::filesystem::path& temp_path, std::string_view data,
                                 bool durable);

// Up to `max_bytes` from the start of the file (for reading headers without payloads).
absl::StatusOr<std::string> ReadFilePrefix(const std::filesystem::path& path, uint64_t max_bytes);

// unlink(), treating "already gone" as success.
absl::Status RemoveFile(const std::filesystem::path& path);

}  // namespace runmat::cache::internal

#endif  // RUNMAT_CACHE_FILE_IO_HPP
