#include "entry_format.hpp"

#include <zlib.h>

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "cache_paths.hpp"

namespace runmat::cache::internal {
namespace {

uint32_t Crc32(std::string_view data) {
  // zlib's crc32 takes a uInt length; feed large payloads in chunks.
  uLong crc = crc32(0L, Z_NULL, 0);
  while (!data.empty()) {
    const size_t chunk = std::min<size_t>(data.size(), 1u << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(chunk));
    data.remove_prefix(chunk);
  }
  return static_cast<uint32_t>(crc);
}

void AppendU32Le(std::string* out, uint32_t value) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

uint32_t ReadU32Le(std::string_view bytes) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value |= uint32_t{static_cast<uint8_t>(bytes[i])} << (8 * i);
  return value;
}

// The first key field that differs, or "" when the header belongs to `key`.
std::string MismatchedField(const runmat::cache::EntryHeader& header, const CacheKey& key) {
  if (header.cache_name() != key.cache_name) return "cache_name";
  if (header.plugin() != key.plugin) return "plugin";
  if (header.plugin_version() != key.plugin_version) return "plugin_version";
  if (header.device_uuid() != UuidHex(key.device_uuid)) return "device_uuid";
  if (header.driver_version() != key.driver_version) return "driver_version";
  if (header.precision() != key.precision) return "precision";
  if (header.entry() != key.entry) return "entry";
  return "";
}

}  // namespace

std::string EncodeEntry(const CacheKey& key, std::string_view payload, uint64_t created_unix_ms) {
  runmat::cache::EntryHeader header;
  header.set_format_version(kFormatVersion);
  header.set_cache_name(key.cache_name);
  header.set_plugin(key.plugin);
  header.set_plugin_version(key.plugin_version);
  header.set_device_uuid(UuidHex(key.device_uuid));
  header.set_driver_version(key.driver_version);
  header.set_precision(key.precision);
  header.set_entry(key.entry);
  header.set_payload_size(payload.size());
  header.set_payload_crc32(Crc32(payload));
  header.set_created_unix_ms(created_unix_ms);
  const std::string header_bytes = header.SerializeAsString();

  std::string file;
  file.reserve(kPreambleBytes + header_bytes.size() + payload.size());
  file.append(kMagic);
  AppendU32Le(&file, static_cast<uint32_t>(header_bytes.size()));
  file.append(header_bytes);
  file.append(payload);
  return file;
}

absl::StatusOr<runmat::cache::EntryHeader> DecodeHeader(std::string_view file, size_t* header_end) {
  if (file.empty()) return absl::DataLossError("empty file");
  if (file.size() < kMagic.size()) return absl::DataLossError("truncated magic");
  if (file.substr(0, kMagic.size()) != kMagic) return absl::DataLossError("bad magic");
  if (file.size() < kPreambleBytes) return absl::DataLossError("truncated header length");
  const uint32_t header_len = ReadU32Le(file.substr(kMagic.size(), 4));
  if (header_len > kMaxHeaderBytes) {
    return absl::DataLossError(absl::StrCat("implausible header length ", header_len));
  }
  if (file.size() - kPreambleBytes < header_len) {
    return absl::DataLossError(absl::StrCat("truncated header (", file.size() - kPreambleBytes,
                                            " of ", header_len, " bytes)"));
  }
  runmat::cache::EntryHeader header;
  if (!header.ParseFromArray(file.data() + kPreambleBytes, static_cast<int>(header_len))) {
    return absl::DataLossError("unparsable header");
  }
  // A newer layout would live under a new version directory; this is damage, not progress.
  if (header.format_version() != kFormatVersion) {
    return absl::DataLossError(
        absl::StrCat("unsupported entry format version ", header.format_version()));
  }
  if (header_end != nullptr) *header_end = kPreambleBytes + header_len;
  return header;
}

absl::StatusOr<std::string_view> DecodeEntry(std::string_view file, const CacheKey& key) {
  size_t header_end = 0;
  absl::StatusOr<runmat::cache::EntryHeader> header = DecodeHeader(file, &header_end);
  if (!header.ok()) return header.status();
  // Catches files copied or renamed between directories and sanitizer/hash collisions.
  if (std::string field = MismatchedField(*header, key); !field.empty()) {
    return absl::DataLossError(absl::StrCat("header is for another key (", field, " differs)"));
  }
  const std::string_view payload = file.substr(header_end);
  if (payload.size() != header->payload_size()) {
    return absl::DataLossError(
        absl::StrCat("payload size ", payload.size(), " != header's ", header->payload_size()));
  }
  if (Crc32(payload) != header->payload_crc32()) {
    return absl::DataLossError("payload crc32 mismatch");
  }
  return payload;
}

}  // namespace runmat::cache::internal
