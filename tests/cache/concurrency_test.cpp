// Many threads putting and getting the same and different keys: every hit is a complete
// payload some thread wrote, nothing is ever counted corrupt, and no temp file survives.
#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "absl/strings/str_cat.h"
#include "cache_test_util.hpp"

namespace rc = runmat::cache;
using rc::testing::EventLog;
using rc::testing::FilesUnder;
using rc::testing::MakeKey;
using rc::testing::TempDir;

TEST_CASE("Concurrent Put and Get are safe", "[cache][threads]") {
  TempDir dir;
  EventLog log;
  rc::CacheService cache(dir.path(), log.Sink());
  constexpr int kThreads = 8;
  constexpr int kIterations = 150;
  constexpr int kEntries = 3;
  std::atomic<int> bad_payloads{0};
  std::atomic<uint64_t> hits{0};

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kIterations; ++i) {
        const std::string entry = absl::StrCat("e", (t + i) % kEntries);
        const rc::CacheKey key = MakeKey(entry);
        if ((i + t) % 2 == 0) {
          // Payload sizes vary so a torn read would fail the size or crc check.
          const std::string payload =
              absl::StrCat(entry, ":", t, ":", i, ":", std::string(100 * (i % 7), 'z'));
          if (!cache.Put(key, payload).ok()) ++bad_payloads;
        } else if (std::optional<std::string> got = cache.Get(key)) {
          ++hits;
          if (got->rfind(entry + ":", 0) != 0) ++bad_payloads;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  CHECK(bad_payloads == 0);
  CHECK(hits > 0);
  const rc::CacheCounters c = cache.Counters().at("vk-pipeline");
  CHECK(c.corrupt == 0);
  CHECK(c.hits == hits);
  CHECK(c.writes == kThreads * kIterations / 2);
  CHECK(log.Events().empty());
  const auto files = FilesUnder(dir.path());
  CHECK(files.size() == kEntries);
  for (const auto& file : files) CHECK(file.extension() == ".bin");
}

TEST_CASE("Two services sharing a root see each other's entries", "[cache][threads]") {
  TempDir dir;
  rc::CacheService writer(dir.path());
  rc::CacheService reader(dir.path());
  REQUIRE(writer.Put(MakeKey(), "shared").ok());
  CHECK(reader.Get(MakeKey()).value() == "shared");
}
