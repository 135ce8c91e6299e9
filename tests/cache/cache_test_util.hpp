// Shared helpers for the cache tests: a scratch directory, an environment guard, a recording
// event sink and raw file manipulation for corrupting entries on purpose.
#ifndef RUNMAT_TESTS_CACHE_TEST_UTIL_HPP
#define RUNMAT_TESTS_CACHE_TEST_UTIL_HPP

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runmat/cache/cache_service.hpp"

namespace runmat::cache::testing {

// A fresh directory under the system temp dir, removed (recursively) at scope exit.
class TempDir {
 public:
  TempDir() {
    std::string templ = (std::filesystem::temp_directory_path() / "runmat-cache-test-XXXXXX");
    path_ = ::mkdtemp(templ.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Sets or unsets an environment variable for one scope, restoring the old value after.
class EnvGuard {
 public:
  EnvGuard(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~EnvGuard() {
    if (old_) {
      ::setenv(name_.c_str(), old_->c_str(), 1);
    } else {
      ::unsetenv(name_.c_str());
    }
  }

 private:
  std::string name_;
  std::optional<std::string> old_;
};

// Thread-safe collector for the service's events.
class EventLog {
 public:
  EventSink Sink() {
    return [this](std::string_view name, std::string_view detail) {
      std::lock_guard<std::mutex> lock(mu_);
      events_.emplace_back(std::string(name), std::string(detail));
    };
  }
  std::vector<std::pair<std::string, std::string>> Events() const {
    std::lock_guard<std::mutex> lock(mu_);
    return events_;
  }
  size_t Count(std::string_view name) const {
    std::lock_guard<std::mutex> lock(mu_);
    size_t n = 0;
    for (const auto& e : events_) n += e.first == name;
    return n;
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::pair<std::string, std::string>> events_;
};

inline CacheKey MakeKey(std::string entry = "0123abcd") {
  CacheKey key;
  key.cache_name = "vk-pipeline";
  key.plugin = "vulkan";
  key.plugin_version = 3;
  for (uint8_t i = 0; i < 16; ++i) key.device_uuid[i] = static_cast<uint8_t>(0xA0 + i);
  key.driver_version = "535.104.05";
  key.precision = 1;
  key.entry = std::move(entry);
  return key;
}

inline std::string ReadBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void WriteBytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Every regular file under `dir`, recursively.
inline std::vector<std::filesystem::path> FilesUnder(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file()) files.push_back(it->path());
  }
  return files;
}

}  // namespace runmat::cache::testing

#endif  // RUNMAT_TESTS_CACHE_TEST_UTIL_HPP
