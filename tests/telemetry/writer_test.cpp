// Writing RunRecords as binary and JSON and reading them back with plain protobuf.
#include "runmat/telemetry/writer.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "telemetry_test_util.hpp"

namespace rt = runmat::telemetry;
using google::protobuf::util::MessageDifferencer;

namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

rt::RunRecord TypicalRecord() {
  rt::Recorder rec("0.1.0");
  rt::testing::FillTypicalRun(rec);
  return rec.Snapshot(42'000'000);
}

}  // namespace

TEST_CASE("Binary records are plain protobuf", "[telemetry][io]") {
  rt::testing::TempDir dir;
  const rt::RunRecord record = TypicalRecord();
  const std::string path = dir.File("run.pb");
  REQUIRE(rt::WriteRunRecord(record, path, rt::Format::kBinary).ok());

  rt::RunRecord parsed;  // without our reader, as any tool would
  REQUIRE(parsed.ParseFromString(Slurp(path)));
  CHECK(MessageDifferencer::Equals(parsed, record));
  CHECK(parsed.kernels(0).label() == "tanh(sin(x).*exp(-x/10))+0.1*x");
  CHECK(parsed.events(0).count() == 2);
  CHECK(parsed.caches(0).name() == "vk-pipeline");

  absl::StatusOr<rt::RunRecord> read = rt::ReadRunRecord(path);
  REQUIRE(read.ok());
  CHECK(MessageDifferencer::Equals(*read, record));
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()),
                      std::filesystem::directory_iterator()) == 1);  // no temp file left
}

TEST_CASE("JSON records use the .proto field names", "[telemetry][io]") {
  rt::testing::TempDir dir;
  const rt::RunRecord record = TypicalRecord();
  const std::string path = dir.File("run.json");
  REQUIRE(rt::WriteRunRecord(record, path, rt::Format::kJson).ok());

  const std::string text = Slurp(path);
  CHECK_THAT(text, Catch::Contains("\"schema_version\": 3"));
  CHECK_THAT(text, Catch::Contains("\"device_ns\""));
  CHECK_THAT(text, Catch::Contains("\"plan_cache_hits\""));
  CHECK_THAT(text, Catch::Contains("\"cpu-fallback\""));

  rt::RunRecord parsed;
  REQUIRE(google::protobuf::util::JsonStringToMessage(text, &parsed).ok());
  CHECK(MessageDifferencer::Equals(parsed, record));

  absl::StatusOr<rt::RunRecord> read = rt::ReadRunRecord(path);
  REQUIRE(read.ok());
  CHECK(MessageDifferencer::Equals(*read, record));
  CHECK(read->kernels(1).device_ns() == 900'000);
  CHECK(read->transfers().upload_bytes() == 5120);
}

TEST_CASE("JSON zero values are printed", "[telemetry][io]") {
  rt::Recorder rec("v");
  absl::StatusOr<std::string> json = rt::RunRecordToJson(rec.Snapshot(0));
  REQUIRE(json.ok());
  CHECK_THAT(*json, Catch::Contains("\"wall_ns\": \"0\""));
}

TEST_CASE("Reading tolerates unknown JSON fields and leading whitespace", "[telemetry][io]") {
  rt::testing::TempDir dir;
  const std::string path = dir.File("future.json");
  std::ofstream(path) << "\n  {\"schema_version\": 7, \"wall_ns\": \"5\", \"added_later\": 1}";
  absl::StatusOr<rt::RunRecord> read = rt::ReadRunRecord(path);
  REQUIRE(read.ok());
  CHECK(read->schema_version() == 7);
  CHECK(read->wall_ns() == 5);
}

TEST_CASE("Reading bad files fails with a status", "[telemetry][io]") {
  rt::testing::TempDir dir;
  CHECK(absl::IsNotFound(rt::ReadRunRecord(dir.File("missing.pb")).status()));

  const std::string empty = dir.File("empty.pb");
  std::ofstream(empty).close();
  CHECK_FALSE(rt::ReadRunRecord(empty).ok());

  const std::string bad_json = dir.File("bad.json");
  std::ofstream(bad_json) << "{ not json";
  CHECK_FALSE(rt::ReadRunRecord(bad_json).ok());

  const std::string garbage = dir.File("garbage.pb");
  std::ofstream(garbage) << "\xff\xff\xff\xff";
  CHECK_FALSE(rt::ReadRunRecord(garbage).ok());

  const std::string no_version = dir.File("other.json");
  std::ofstream(no_version) << "{}";
  CHECK_FALSE(rt::ReadRunRecord(no_version).ok());
}

TEST_CASE("Writing into a missing directory fails with a status", "[telemetry][io]") {
  rt::testing::TempDir dir;
  absl::Status status =
      rt::WriteRunRecord(TypicalRecord(), dir.File("no/such/dir/run.pb"), rt::Format::kBinary);
  CHECK_FALSE(status.ok());
  CHECK_FALSE(status.message().empty());
}
