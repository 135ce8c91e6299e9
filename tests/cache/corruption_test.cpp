// Every kind of damaged entry is detected, deleted, counted and reported, and never returned;
// the next Put repairs it.
#include <catch2/catch.hpp>
#include <functional>

#include "cache_test_util.hpp"

namespace rc = runmat::cache;
using rc::testing::EventLog;
using rc::testing::MakeKey;
using rc::testing::ReadBytes;
using rc::testing::TempDir;
using rc::testing::WriteBytes;

namespace {

// Header length as stored after the 8-byte magic.
uint32_t HeaderLength(const std::string& file) {
  uint32_t len = 0;
  for (int i = 0; i < 4; ++i) len |= uint32_t{static_cast<uint8_t>(file[8 + i])} << (8 * i);
  return len;
}

struct Damage {
  const char* name;
  const char* reason_fragment;  // part of the reported reason
  std::function<void(rc::CacheService&, const std::filesystem::path&)> apply;
};

}  // namespace

TEST_CASE("Damaged entries are detected, deleted, counted and reported", "[cache][corrupt]") {
  const std::string payload = "a payload long enough to damage in several places";
  const std::vector<Damage> cases = {
      {"flipped payload byte", "crc32",
       [](rc::CacheService&, const std::filesystem::path& p) {
         std::string bytes = ReadBytes(p);
         bytes[bytes.size() - 5] ^= 0x01;
         WriteBytes(p, bytes);
       }},
      {"truncated file", "payload size",
       [](rc::CacheService&, const std::filesystem::path& p) {
         std::string bytes = ReadBytes(p);
         WriteBytes(p, bytes.substr(0, bytes.size() - 7));
       }},
      {"truncated header", "truncated header",
       [](rc::CacheService&, const std::filesystem::path& p) {
         std::string bytes = ReadBytes(p);
         WriteBytes(p, bytes.substr(0, 12 + HeaderLength(bytes) / 2));
       }},
      {"truncated inside the magic", "truncated",
       [](rc::CacheService&, const std::filesystem::path& p) {
         WriteBytes(p, ReadBytes(p).substr(0, 5));
       }},
      {"bad magic", "bad magic",
       [](rc::CacheService&, const std::filesystem::path& p) {
         std::string bytes = ReadBytes(p);
         bytes[0] = 'X';
         WriteBytes(p, bytes);
       }},
      {"garbage header bytes", "header",
       [](rc::CacheService&, const std::filesystem::path& p) {
         std::string bytes = ReadBytes(p);
         for (size_t i = 12; i < 12 + HeaderLength(bytes); ++i) bytes[i] = '\xff';
         WriteBytes(p, bytes);
       }},
      {"header for a different key (renamed file)", "another key",
       [&payload](rc::CacheService& cache, const std::filesystem::path& p) {
         const rc::CacheKey other = MakeKey("feedface");
         REQUIRE(cache.Put(other, payload).ok());
         std::filesystem::rename(cache.PathFor(other), p);
       }},
      {"zero-length file", "empty",
       [](rc::CacheService&, const std::filesystem::path& p) { WriteBytes(p, ""); }},
  };

  for (const Damage& damage : cases) {
    DYNAMIC_SECTION(damage.name) {
      TempDir dir;
      EventLog log;
      rc::CacheService cache(dir.path(), log.Sink());
      const rc::CacheKey key = MakeKey();
      const std::filesystem::path path = cache.PathFor(key);
      REQUIRE(cache.Put(key, payload).ok());
      damage.apply(cache, path);

      CHECK_FALSE(cache.Get(key).has_value());
      CHECK_FALSE(std::filesystem::exists(path));
      const rc::CacheCounters c = cache.Counters().at("vk-pipeline");
      CHECK(c.corrupt == 1);
      CHECK(c.misses == 1);
      CHECK(c.hits == 0);
      const auto events = log.Events();
      REQUIRE(events.size() == 1);
      CHECK(events[0].first == "cache-entry-corrupt");
      CHECK(events[0].second.rfind("vk-pipeline: ", 0) == 0);
      CHECK_THAT(events[0].second, Catch::Contains(damage.reason_fragment));

      // Deleted, so the next lookup is a plain miss, and a fresh Put repairs the entry.
      CHECK_FALSE(cache.Get(key).has_value());
      CHECK(cache.Counters().at("vk-pipeline").corrupt == 1);
      REQUIRE(cache.Put(key, payload).ok());
      CHECK(cache.Get(key).value() == payload);
    }
  }
}

TEST_CASE("A trailing byte after the payload is corruption", "[cache][corrupt]") {
  TempDir dir;
  EventLog log;
  rc::CacheService cache(dir.path(), log.Sink());
  const rc::CacheKey key = MakeKey();
  REQUIRE(cache.Put(key, "payload").ok());
  WriteBytes(cache.PathFor(key), ReadBytes(cache.PathFor(key)) + "!");
  CHECK_FALSE(cache.Get(key).has_value());
  CHECK(log.Count("cache-entry-corrupt") == 1);
}

TEST_CASE("Reject deletes the entry, counts it corrupt and reports why", "[cache][corrupt]") {
  TempDir dir;
  EventLog log;
  rc::CacheService cache(dir.path(), log.Sink());
  const rc::CacheKey key = MakeKey();
  REQUIRE(cache.Put(key, "pipeline cache blob").ok());
  REQUIRE(cache.Get(key).has_value());

  cache.Reject(key, "vendor id mismatch");
  CHECK_FALSE(std::filesystem::exists(cache.PathFor(key)));
  const rc::CacheCounters c = cache.Counters().at("vk-pipeline");
  CHECK(c.corrupt == 1);
  CHECK(c.hits == 1);
  const auto events = log.Events();
  REQUIRE(events.size() == 1);
  CHECK(events[0].first == "cache-entry-rejected");
  CHECK(events[0].second == "vk-pipeline: vendor id mismatch");
  CHECK_FALSE(cache.Get(key).has_value());
}

TEST_CASE("A sink may call back into the service", "[cache][corrupt]") {
  TempDir dir;
  std::unique_ptr<rc::CacheService> cache;
  uint64_t seen_corrupt = 0;
  cache = std::make_unique<rc::CacheService>(dir.path(), [&](std::string_view, std::string_view) {
    seen_corrupt = cache->Counters().at("vk-pipeline").corrupt;  // must not deadlock
  });
  const rc::CacheKey key = MakeKey();
  REQUIRE(cache->Put(key, "x").ok());
  WriteBytes(cache->PathFor(key), "junk");
  CHECK_FALSE(cache->Get(key).has_value());
  CHECK(seen_corrupt == 1);
}
