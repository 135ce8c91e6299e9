// List / TotalBytes / Clear, the operations behind `runmat cache ls` and `runmat cache clear`.
#include <algorithm>
#include <catch2/catch.hpp>

#include "cache_test_util.hpp"

namespace rc = runmat::cache;
using rc::testing::MakeKey;
using rc::testing::TempDir;
using rc::testing::WriteBytes;

TEST_CASE("List describes each entry from its header", "[cache][list]") {
  TempDir dir;
  rc::CacheService cache(dir.path());
  REQUIRE(cache.Put(MakeKey("one"), "11").ok());
  REQUIRE(cache.Put(MakeKey("two"), "2222").ok());
  WriteBytes(cache.PathFor(MakeKey("bad")), "garbage, not an entry");

  absl::StatusOr<std::vector<rc::EntryInfo>> listed = cache.List();
  REQUIRE(listed.ok());
  std::vector<rc::EntryInfo> entries = *listed;
  REQUIRE(entries.size() == 3);
  std::sort(entries.begin(), entries.end(),
            [](const rc::EntryInfo& a, const rc::EntryInfo& b) { return a.path < b.path; });

  CHECK_FALSE(entries[0].ok);  // bad.bin
  CHECK(entries[0].problem == "bad magic");
  const rc::EntryInfo& one = entries[1];
  CHECK(one.ok);
  CHECK(one.path == cache.PathFor(MakeKey("one")));
  CHECK(one.cache_name == "vk-pipeline");
  CHECK(one.plugin == "vulkan");
  CHECK(one.plugin_version == 3);
  CHECK(one.device_uuid_hex == "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
  CHECK(one.driver_version == "535.104.05");
  CHECK(one.precision == 1);
  CHECK(one.entry == "one");
  CHECK(one.payload_bytes == 2);
  CHECK(one.file_bytes > 2);
  CHECK(one.created_unix_ms > 0);
  CHECK(entries[2].payload_bytes == 4);

  uint64_t sum = 0;
  for (const auto& e : entries) sum += e.file_bytes;
  CHECK(cache.TotalBytes() == sum);
}

TEST_CASE("List of a missing root is empty", "[cache][list]") {
  TempDir dir;
  rc::CacheService cache(dir.path() / "nothing-here");
  absl::StatusOr<std::vector<rc::EntryInfo>> listed = cache.List();
  REQUIRE(listed.ok());
  CHECK(listed->empty());
  CHECK(cache.TotalBytes() == 0);
}

TEST_CASE("Clear removes v1 only", "[cache][list]") {
  TempDir dir;
  WriteBytes(dir.path() / "user-file.txt", "keep me");
  rc::CacheService cache(dir.path());
  REQUIRE(cache.Put(MakeKey(), "x").ok());
  REQUIRE(cache.Clear().ok());
  CHECK_FALSE(std::filesystem::exists(dir.path() / "v1"));
  CHECK(std::filesystem::exists(dir.path() / "user-file.txt"));
  CHECK(cache.TotalBytes() == 0);
  CHECK_FALSE(cache.Get(MakeKey()).has_value());
  REQUIRE(cache.Put(MakeKey(), "again").ok());
  CHECK(cache.Get(MakeKey()).value() == "again");
}
