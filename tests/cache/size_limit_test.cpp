// The size limit: RUNMAT_CACHE_MAX_BYTES, least-recently-used eviction after a Put, the
// evictions counter and event, and the `runmat cache stats` report.
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <string>

#include "cache_test_util.hpp"
#include "runmat/cache/cache_report.hpp"

namespace rc = runmat::cache;
namespace fs = std::filesystem;
using rc::testing::EnvGuard;
using rc::testing::EventLog;
using rc::testing::MakeKey;
using rc::testing::TempDir;

namespace {

// Back-dates an entry so the order of last use does not hang on the clock's resolution.
void SetLastUse(const fs::path& path, int seconds_ago) {
  fs::last_write_time(path, fs::file_time_type::clock::now() - std::chrono::seconds(seconds_ago));
}

uint64_t FileSize(const rc::CacheService& cache, const std::string& entry) {
  return fs::file_size(cache.PathFor(MakeKey(entry)));
}

}  // namespace

TEST_CASE("RUNMAT_CACHE_MAX_BYTES sets the limit", "[cache][limit]") {
  const auto limit_for = [](const char* value, std::string* problem = nullptr) {
    EnvGuard env("RUNMAT_CACHE_MAX_BYTES", value);
    return rc::CacheService::DefaultMaxBytes(problem);
  };
  CHECK(limit_for(nullptr) == rc::CacheService::kDefaultMaxBytes);
  CHECK(limit_for("") == rc::CacheService::kDefaultMaxBytes);
  CHECK(limit_for("1048576") == 1048576);
  CHECK(limit_for("512M") == 512ull << 20);
  CHECK(limit_for("2g") == 2ull << 30);
  CHECK(limit_for("2GiB") == 2ull << 30);
  CHECK(limit_for("64k") == 64ull << 10);
  CHECK(limit_for("64KB") == 64ull << 10);
  CHECK(limit_for(" 1.5M ") == 3ull << 19);
  CHECK(limit_for("100b") == 100);
  CHECK(limit_for("0") == 0);  // no limit
  for (const char* bad : {"lots", "-5", "1e9", "G", "1.2.3", "12 MB extra", "99999999999T"}) {
    std::string problem;
    CHECK(limit_for(bad, &problem) == rc::CacheService::kDefaultMaxBytes);
    CHECK_THAT(problem, Catch::Contains("RUNMAT_CACHE_MAX_BYTES") && Catch::Contains(bad));
  }
}

TEST_CASE("An invalid limit is reported once through the event sink", "[cache][limit]") {
  EnvGuard env("RUNMAT_CACHE_MAX_BYTES", "huge");
  TempDir dir;
  EventLog log;
  rc::CacheService cache(dir.path(), log.Sink());
  CHECK(cache.max_bytes() == rc::CacheService::kDefaultMaxBytes);
  CHECK(log.Count("config-warning") == 1);
}

TEST_CASE("Put evicts the least recently used entries beyond the limit", "[cache][limit]") {
  EnvGuard env("RUNMAT_CACHE_MAX_BYTES", nullptr);
  TempDir dir;
  EventLog log;
  rc::CacheService cache(dir.path(), log.Sink());
  cache.SetMaxBytes(0);
  const std::string payload(1000, 'x');
  for (const char* e : {"a", "b", "c"}) REQUIRE(cache.Put(MakeKey(e), payload).ok());
  SetLastUse(cache.PathFor(MakeKey("a")), 300);
  SetLastUse(cache.PathFor(MakeKey("b")), 200);
  SetLastUse(cache.PathFor(MakeKey("c")), 100);
  const uint64_t entry = FileSize(cache, "a");

  // "a" is the oldest, but a hit makes it the most recently used; "b" becomes the oldest.
  REQUIRE(cache.Get(MakeKey("a")).has_value());
  // Room for three entries: the fourth Put must evict exactly one, the least recently used.
  cache.SetMaxBytes(3 * entry + entry / 2);
  REQUIRE(cache.Put(MakeKey("d"), payload).ok());
  CHECK(fs::exists(cache.PathFor(MakeKey("a"))));
  CHECK_FALSE(fs::exists(cache.PathFor(MakeKey("b"))));
  CHECK(fs::exists(cache.PathFor(MakeKey("c"))));
  CHECK(fs::exists(cache.PathFor(MakeKey("d"))));
  CHECK(cache.TotalBytes() <= cache.max_bytes());
  CHECK(cache.Counters()["vk-pipeline"].evictions == 1);
  CHECK(cache.Counters()["vk-pipeline"].writes == 4);
  REQUIRE(log.Count("cache-evicted") == 1);
  CHECK_THAT(log.Events().back().second,
             Catch::StartsWith("vk-pipeline: 1 least recently used entries"));

  // The entry just written survives even when it alone exceeds the limit.
  cache.SetMaxBytes(entry / 2);
  REQUIRE(cache.Put(MakeKey("e"), payload).ok());
  CHECK(fs::exists(cache.PathFor(MakeKey("e"))));
  CHECK(rc::testing::FilesUnder(dir.path()).size() == 1);
  CHECK(cache.Counters()["vk-pipeline"].evictions == 4);
  CHECK(cache.Get(MakeKey("e")).has_value());
}

TEST_CASE("Without a limit nothing is evicted", "[cache][limit]") {
  TempDir dir;
  rc::CacheService cache(dir.path());
  cache.SetMaxBytes(0);
  for (int i = 0; i < 20; ++i) REQUIRE(cache.Put(MakeKey(std::to_string(i)), "payload").ok());
  CHECK(rc::testing::FilesUnder(dir.path()).size() == 20);
  CHECK(cache.Counters()["vk-pipeline"].evictions == 0);
}

TEST_CASE("cache stats reports entries, size and last use per cache", "[cache][limit][report]") {
  EnvGuard env("RUNMAT_CACHE_MAX_BYTES", "1M");
  TempDir dir;
  rc::CacheService empty(dir.path());
  const std::string none = rc::CacheStatsReport(empty);
  CHECK_THAT(none, Catch::Contains("size limit: 1.0 MiB (RUNMAT_CACHE_MAX_BYTES)"));
  CHECK_THAT(none, Catch::Contains("total: 0 entries, 0 B (0.0% of the limit)"));

  rc::CacheService cache(dir.path());
  REQUIRE(cache.Put(MakeKey("one"), std::string(2000, 'p')).ok());
  REQUIRE(cache.Put(MakeKey("two"), std::string(2000, 'q')).ok());
  rc::CacheKey plan = MakeKey("three");
  plan.cache_name = "plan";
  REQUIRE(cache.Put(plan, "p").ok());
  rc::testing::WriteBytes(cache.PathFor(MakeKey("bad")), "not an entry");
  const std::string text = rc::CacheStatsReport(cache);
  INFO(text);
  CHECK_THAT(text, Catch::Contains("cache directory: " + dir.path().string()));
  CHECK_THAT(text,
             Catch::Matches(
                 "[\\s\\S]*\n  vk-pipeline +2 +4\\.[0-9] KiB  20[0-9-]+ [0-9:]+ UTC\n[\\s\\S]*"));
  CHECK_THAT(text, Catch::Matches("[\\s\\S]*\n  plan +1 +[0-9]+ B  20[\\s\\S]*"));
  CHECK_THAT(text, Catch::Matches("[\\s\\S]*\n  damaged +1 +12 B  [\\s\\S]*"));
  CHECK_THAT(text, Catch::Contains("total: 4 entries"));
  CHECK_THAT(text, Catch::Contains("% of the limit)"));
}
