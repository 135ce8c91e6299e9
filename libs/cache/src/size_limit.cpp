#include "size_limit.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>
#include <system_error>
#include <vector>

namespace runmat::cache::internal {
namespace {

namespace fs = std::filesystem;

struct FileUse {
  fs::path path;
  uint64_t bytes = 0;
  fs::file_time_type last_use;
};

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<uint64_t> ParseByteSize(std::string_view text) {
  std::string s = Lower(text);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.erase(0, 1);
  // Units: k/m/g/t with optional "ib" or "b" after them; a bare "b" means bytes.
  double scale = 1;
  for (const std::string_view suffix : {"ib", "b"}) {
    if (s.size() > suffix.size() &&
        s.compare(s.size() - suffix.size(), suffix.size(), suffix.data(), suffix.size()) == 0) {
      s.erase(s.size() - suffix.size());
      break;
    }
  }
  if (!s.empty()) {
    const char unit = s.back();
    const std::string_view units = "kmgt";
    if (const size_t at = units.find(unit); at != std::string_view::npos) {
      scale = std::pow(1024.0, static_cast<double>(at + 1));
      s.pop_back();
    }
  }
  if (s.empty() || s.find_first_not_of("0123456789.") != std::string::npos) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(value)) return std::nullopt;
  const double bytes = value * scale;
  if (bytes >= 18446744073709551615.0) return std::nullopt;
  return static_cast<uint64_t>(bytes);
}

EvictionResult EvictLeastRecentlyUsed(const fs::path& layout_dir, uint64_t max_bytes,
                                      const fs::path& keep) {
  EvictionResult result;
  std::vector<FileUse> files;
  uint64_t total = 0;
  std::error_code ec;
  fs::recursive_directory_iterator it(layout_dir, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code entry_ec;
    if (!it->is_regular_file(entry_ec)) continue;
    FileUse f;
    f.path = it->path();
    f.bytes = it->file_size(entry_ec);
    if (entry_ec) continue;
    total += f.bytes;
    // Only finished entries are evicted: a temp file belongs to a write in progress.
    if (f.path.extension() != ".bin" || f.path == keep) continue;
    f.last_use = it->last_write_time(entry_ec);
    if (!entry_ec) files.push_back(std::move(f));
  }
  if (total <= max_bytes) return result;
  std::sort(files.begin(), files.end(),
            [](const FileUse& a, const FileUse& b) { return a.last_use < b.last_use; });
  for (const FileUse& f : files) {
    if (total <= max_bytes) break;
    std::error_code rm_ec;
    if (!fs::remove(f.path, rm_ec) || rm_ec) continue;  // gone already or not ours to delete
    total -= f.bytes;
    ++result.files;
    result.bytes += f.bytes;
    const fs::path rel = f.path.lexically_relative(layout_dir);
    ++result.files_per_cache[rel.empty() ? std::string() : rel.begin()->string()];
  }
  return result;
}

void TouchEntry(const fs::path& path) {
  std::error_code ec;
  fs::last_write_time(path, fs::file_time_type::clock::now(), ec);
}

}  // namespace runmat::cache::internal
