// RunRecord files: binary or JSON, written atomically, read back with format detection.
#include "runmat/telemetry/writer.hpp"

#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"

namespace runmat::telemetry {
namespace {

absl::Status IoError(const char* what, const std::string& path) {
  return absl::UnavailableError(absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

absl::StatusOr<std::string> Serialize(const RunRecord& record, Format format) {
  if (format == Format::kJson) {
    absl::StatusOr<std::string> json = RunRecordToJson(record);
    if (json.ok()) json->push_back('\n');
    return json;
  }
  std::string bytes;
  if (!record.SerializeToString(&bytes)) return absl::InternalError("cannot serialize RunRecord");
  return bytes;
}

}  // namespace

absl::StatusOr<std::string> RunRecordToJson(const RunRecord& record) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  // Zero counters are information ("no kernels ran on the GPU"), so print them.
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string json;
  auto status = google::protobuf::util::MessageToJsonString(record, &json, options);
  if (!status.ok()) {
    return absl::InternalError(
        absl::StrCat("cannot convert RunRecord to JSON: ", std::string(status.message())));
  }
  return json;
}

absl::Status WriteRunRecord(const RunRecord& record, const std::string& path, Format format) {
  absl::StatusOr<std::string> bytes = Serialize(record, format);
  if (!bytes.ok()) return bytes.status();
  const std::string temp = absl::StrCat(path, ".tmp-", static_cast<int64_t>(::getpid()));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return IoError("cannot create", temp);
    out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    out.close();
    if (!out) {
      absl::Status status = IoError("cannot write", temp);
      std::remove(temp.c_str());
      return status;
    }
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    absl::Status status = IoError("cannot rename onto", path);
    std::remove(temp.c_str());
    return status;
  }
  return absl::OkStatus();
}

absl::StatusOr<RunRecord> ReadRunRecord(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return absl::NotFoundError(absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return IoError("cannot read", path);

  size_t first = 0;
  while (first < bytes.size() && std::isspace(static_cast<unsigned char>(bytes[first]))) ++first;
  if (first == bytes.size()) return absl::DataLossError(absl::StrCat(path, " is empty"));

  RunRecord record;
  if (bytes[first] == '{') {
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true;  // a newer runmat may have added fields
    auto status = google::protobuf::util::JsonStringToMessage(bytes, &record, options);
    if (!status.ok()) {
      return absl::DataLossError(
          absl::StrCat(path, ": invalid RunRecord JSON: ", std::string(status.message())));
    }
  } else if (!record.ParseFromString(bytes)) {
    return absl::DataLossError(absl::StrCat(path, ": not a binary RunRecord"));
  }
  // Every writer sets it, so its absence means this is some other file that happened to parse.
  if (record.schema_version() == 0) {
    return absl::DataLossError(absl::StrCat(path, ": not a RunRecord (no schema_version)"));
  }
  return record;
}

}  // namespace runmat::telemetry
