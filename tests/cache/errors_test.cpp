// I/O failures are statuses and events, never exceptions or crashes.
#include <unistd.h>

#include <catch2/catch.hpp>

#include "cache_test_util.hpp"

namespace rc = runmat::cache;
using rc::testing::EventLog;
using rc::testing::MakeKey;
using rc::testing::TempDir;
using rc::testing::WriteBytes;

TEST_CASE("A root below a regular file fails cleanly", "[cache][errors]") {
  TempDir dir;
  WriteBytes(dir.path() / "a-file", "not a directory");
  EventLog log;
  rc::CacheService cache(dir.path() / "a-file" / "cache", log.Sink());

  absl::Status status = cache.Put(MakeKey(), "payload");
  CHECK_FALSE(status.ok());
  CHECK_FALSE(status.message().empty());
  CHECK(log.Events().empty());  // the caller reports the failed status
  CHECK_FALSE(cache.Get(MakeKey()).has_value());
  CHECK(cache.Counters().at("vk-pipeline").writes == 0);
  CHECK(cache.TotalBytes() == 0);
  CHECK(cache.List().ok());
  CHECK(cache.Clear().ok());
}

TEST_CASE("A read-only root fails cleanly", "[cache][errors]") {
  if (::geteuid() == 0) {
    WARN("running as root: permission bits are not enforced, skipping");
    return;
  }
  TempDir dir;
  std::filesystem::permissions(
      dir.path(), std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  EventLog log;
  rc::CacheService cache(dir.path(), log.Sink());
  absl::Status status = cache.Put(MakeKey(), "payload");
  CHECK(absl::IsPermissionDenied(status));
  CHECK(log.Events().empty());  // the caller reports the failed status
  CHECK_FALSE(cache.Get(MakeKey()).has_value());
}

TEST_CASE("A read-only entry directory fails cleanly and leaves no temp file", "[cache][errors]") {
  if (::geteuid() == 0) {
    WARN("running as root: permission bits are not enforced, skipping");
    return;
  }
  TempDir dir;
  rc::CacheService cache(dir.path());
  REQUIRE(cache.Put(MakeKey("a"), "a").ok());
  const std::filesystem::path entry_dir = cache.PathFor(MakeKey("a")).parent_path();
  std::filesystem::permissions(entry_dir, std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::remove);
  CHECK_FALSE(cache.Put(MakeKey("b"), "b").ok());
  CHECK(cache.Get(MakeKey("a")).value() == "a");  // reading still works
  std::filesystem::permissions(entry_dir, std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::add);
  CHECK(rc::testing::FilesUnder(dir.path()).size() == 1);
}

TEST_CASE("A directory where an entry should be is a miss, not a crash", "[cache][errors]") {
  TempDir dir;
  EventLog log;
  rc::CacheService cache(dir.path(), log.Sink());
  std::filesystem::create_directories(cache.PathFor(MakeKey()));
  CHECK_FALSE(cache.Get(MakeKey()).has_value());
  CHECK(log.Count("cache-read-failed") == 1);
  CHECK_FALSE(cache.Put(MakeKey(), "x").ok());
}
