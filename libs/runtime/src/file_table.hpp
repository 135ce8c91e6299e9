// The session's open files (fopen/fclose/fgetl/fread/fwrite/fprintf). MATLAB hands out the
// lowest free identifier from 3 up (0, 1 and 2 are stdin, stdout and stderr); a Runtime owns
// one table and closes whatever a script left open when the session ends.
#pragma once

#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace runmat::runtime {

struct OpenFile {
  std::FILE* fp = nullptr;
  std::string name;  // as given to fopen
  std::string mode;  // MATLAB permission as given ('r', 'w+', 'rt', ...)
  bool can_read = false;
  bool can_write = false;
};

class FileTable {
 public:
  FileTable() = default;
  FileTable(const FileTable&) = delete;
  FileTable& operator=(const FileTable&) = delete;
  ~FileTable() { close_all(); }

  // Registers an opened stream and returns its identifier.
  int add(OpenFile f) {
    int fid = 3;
    while (files_.count(fid)) ++fid;
    files_.emplace(fid, std::move(f));
    return fid;
  }
  OpenFile* find(int fid) {
    auto it = files_.find(fid);
    return it == files_.end() ? nullptr : &it->second;
  }
  // False when fid is not open. Returns fclose's status through `ok`.
  bool close(int fid, bool* ok = nullptr) {
    auto it = files_.find(fid);
    if (it == files_.end()) return false;
    const int rc = std::fclose(it->second.fp);
    if (ok) *ok = rc == 0;
    files_.erase(it);
    return true;
  }
  void close_all() {
    for (auto& [fid, f] : files_) std::fclose(f.fp);
    files_.clear();
  }
  std::vector<int> ids() const {
    std::vector<int> out;
    for (const auto& kv : files_) out.push_back(kv.first);
    return out;
  }

 private:
  std::map<int, OpenFile> files_;
};

}  // namespace runmat::runtime
