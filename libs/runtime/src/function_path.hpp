// Function lookup in files (functions, scripts and classdef classes): `name.m` in the current
// folder, the running script's folder and the search path (addpath/rmpath/path, RUNMAT_PATH). Each
// file is parsed and compiled once per session and recompiled when its modification time changes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "runmat/lang/bytecode.hpp"

namespace runmat::runtime {

class ClassInfo;

struct FunctionFile {
  std::filesystem::path path;
  std::shared_ptr<const lang::Module> module;
  bool is_script = false;          // a script file runs in its caller's workspace
  std::shared_ptr<ClassInfo> cls;  // a classdef file: its class (class_def.hpp)
  // The function the file defines (its first function); null for scripts and classes.
  const lang::Function* entry() const {
    return is_script || cls || module->functions.empty() ? nullptr : &module->functions.front();
  }
};

class FunctionPath {
 public:
  FunctionPath();  // reads RUNMAT_PATH (colon-separated folders, appended to the path)

  // The user path in search order (after the current folder and the script's folder).
  const std::vector<std::filesystem::path>& dirs() const { return dirs_; }
  void add(const std::filesystem::path& dir, bool at_end);
  bool remove(const std::filesystem::path& dir);
  void set_dirs(std::vector<std::filesystem::path> dirs);
  void set_script_dir(std::filesystem::path dir);
  // Forgets what was looked up (files created or removed since are seen again).
  void invalidate() { ++generation_; }
  // Changes whenever lookups may resolve differently (path, folder or invalidate()); callers
  // may cache a failed lookup until it changes, as find() itself does.
  uint64_t generation() const { return generation_; }

  // The file `name` resolves to, compiled; null when there is none. Throws the file's parse
  // or compile error as a MatlabError.
  const FunctionFile* find(const std::string& name);
  // Where `name.m` is, without compiling it.
  std::optional<std::filesystem::path> locate(const std::string& name) const;

 private:
  struct Entry {
    uint64_t generation = 0;
    bool found = false;
    std::filesystem::file_time_type mtime{};
    FunctionFile file;
  };
  std::vector<std::filesystem::path> search_dirs() const;
  std::vector<std::filesystem::path> dirs_;
  std::filesystem::path script_dir_;
  uint64_t generation_ = 1;
  absl::flat_hash_map<std::string, Entry> cache_;
};

}  // namespace runmat::runtime
