// Put/Get round trips, misses, atomic writes, the path layout and key versioning.
#include <catch2/catch.hpp>

#include "cache_test_util.hpp"

namespace rc = runmat::cache;
using rc::testing::FilesUnder;
using rc::testing::MakeKey;
using rc::testing::TempDir;

TEST_CASE("Put then Get returns the payload and counts it", "[cache]") {
  TempDir dir;
  rc::CacheService cache(dir.path());
  const rc::CacheKey key = MakeKey();
  std::string payload("binary\0payload\xff", 15);

  REQUIRE(cache.Put(key, payload).ok());
  std::optional<std::string> got = cache.Get(key);
  REQUIRE(got.has_value());
  CHECK(*got == payload);

  const rc::CacheCounters c = cache.Counters().at("vk-pipeline");
  CHECK(c.hits == 1);
  CHECK(c.misses == 0);
  CHECK(c.corrupt == 0);
  CHECK(c.writes == 1);
  CHECK(c.bytes_written == payload.size());
  CHECK(c.bytes_read == payload.size());
}

TEST_CASE("An empty payload round-trips", "[cache]") {
  TempDir dir;
  rc::CacheService cache(dir.path());
  REQUIRE(cache.Put(MakeKey(), "").ok());
  std::optional<std::string> got = cache.Get(MakeKey());
  REQUIRE(got.has_value());
  CHECK(got->empty());
}

TEST_CASE("Get of an absent entry is a miss, also when the root does not exist", "[cache]") {
  TempDir dir;
  rc::CacheService cache(dir.path() / "not" / "created");
  CHECK_FALSE(cache.Get(MakeKey()).has_value());
  const rc::CacheCounters c = cache.Counters().at("vk-pipeline");
  CHECK(c.misses == 1);
  CHECK(c.hits == 0);
  CHECK(c.corrupt == 0);
  CHECK_FALSE(std::filesystem::exists(dir.path() / "not"));  // a Get never creates directories
}

TEST_CASE("Put overwrites and leaves no temp files", "[cache]") {
  TempDir dir;
  rc::CacheService cache(dir.path());
  cache.SetDurable(true);  // exercise the fsync path too
  const rc::CacheKey key = MakeKey();
  REQUIRE(cache.Put(key, "first").ok());
  REQUIRE(cache.Put(key, "second, longer").ok());
  CHECK(cache.Get(key).value() == "second, longer");

  const auto files = FilesUnder(dir.path());
  REQUIRE(files.size() == 1);
  CHECK(files[0] == cache.PathFor(key));
  CHECK(files[0].extension() == ".bin");
}

TEST_CASE("PathFor follows the documented layout", "[cache]") {
  rc::CacheService cache("/r");
  const rc::CacheKey key = MakeKey("deadbeef");
  CHECK(cache.PathFor(key) ==
        std::filesystem::path("/r/v1/vk-pipeline/vulkan-v3/"
                              "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf-535.104.05-p1/"
                              "deadbeef.bin"));
  CHECK(cache.root() == std::filesystem::path("/r"));
}

TEST_CASE("Unsafe names stay inside their directory and do not collide", "[cache]") {
  rc::CacheService cache("/r");
  const std::filesystem::path base = cache.PathFor(MakeKey("x")).parent_path();
  for (const char* entry : {"..", ".", "../../etc/passwd", "a/b", "", "a b", "a_b"}) {
    const std::filesystem::path p = cache.PathFor(MakeKey(entry));
    INFO(entry << " -> " << p);
    CHECK(p.parent_path() == base);
    CHECK(p.filename().string()[0] != '.');
  }
  CHECK(cache.PathFor(MakeKey("a b")) != cache.PathFor(MakeKey("a_b")));
  CHECK(cache.PathFor(MakeKey(std::string(500, 'k'))).filename().string().size() < 128);
}

TEST_CASE("Entries with unusual names round-trip", "[cache]") {
  TempDir dir;
  rc::CacheService cache(dir.path());
  for (const char* entry : {"../escape", "with space", "ünïcode", "a/b/c"}) {
    INFO(entry);
    REQUIRE(cache.Put(MakeKey(entry), entry).ok());
    CHECK(cache.Get(MakeKey(entry)).value() == entry);
  }
  for (const auto& file : FilesUnder(dir.path())) {
    CHECK(file.string().rfind((dir.path() / "v1").string(), 0) == 0);
  }
}

TEST_CASE("A different version part of the key never hits", "[cache]") {
  TempDir dir;
  rc::CacheService cache(dir.path());
  const rc::CacheKey key = MakeKey();
  REQUIRE(cache.Put(key, "payload").ok());

  rc::CacheKey driver = key;
  driver.driver_version = "545.0";
  rc::CacheKey plugin_version = key;
  plugin_version.plugin_version = 4;
  rc::CacheKey precision = key;
  precision.precision = 2;
  rc::CacheKey uuid = key;
  uuid.device_uuid[15] ^= 1;
  rc::CacheKey plugin = key;
  plugin.plugin = "cpu";

  for (const rc::CacheKey& other : {driver, plugin_version, precision, uuid, plugin}) {
    CHECK(cache.PathFor(other) != cache.PathFor(key));
    CHECK_FALSE(cache.Get(other).has_value());
  }
  // Looking elsewhere must not disturb the original entry.
  CHECK(cache.Get(key).value() == "payload");
  const rc::CacheCounters c = cache.Counters().at("vk-pipeline");
  CHECK(c.misses == 5);
  CHECK(c.corrupt == 0);
  CHECK(c.hits == 1);
}

TEST_CASE("Counters are kept per cache name", "[cache]") {
  TempDir dir;
  rc::CacheService cache(dir.path());
  rc::CacheKey plan = MakeKey();
  plan.cache_name = "plan";
  REQUIRE(cache.Put(plan, "p").ok());
  CHECK(cache.Get(plan).has_value());
  CHECK_FALSE(cache.Get(MakeKey()).has_value());

  const auto counters = cache.Counters();
  REQUIRE(counters.size() == 2);
  CHECK(counters.at("plan").hits == 1);
  CHECK(counters.at("plan").writes == 1);
  CHECK(counters.at("vk-pipeline").misses == 1);
  CHECK(counters.at("vk-pipeline").writes == 0);
}

TEST_CASE("Put rejects keys without a cache, plugin or entry name", "[cache]") {
  TempDir dir;
  rc::CacheService cache(dir.path());
  rc::CacheKey key = MakeKey();
  key.entry.clear();
  CHECK(absl::IsInvalidArgument(cache.Put(key, "x")));
  key = MakeKey();
  key.cache_name.clear();
  CHECK(absl::IsInvalidArgument(cache.Put(key, "x")));
  key = MakeKey();
  key.plugin.clear();
  CHECK(absl::IsInvalidArgument(cache.Put(key, "x")));
  CHECK(FilesUnder(dir.path()).empty());
}
