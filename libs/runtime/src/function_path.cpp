#include "function_path.hpp"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "class_def.hpp"
#include "runmat/core/error.hpp"
#include "runmat/lang/compiler.hpp"
#include "runmat/lang/parser.hpp"

namespace runmat::runtime {
namespace fs = std::filesystem;

namespace {

bool is_identifier(const std::string& s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

fs::path normalized(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  if (ec) abs = p;
  return abs.lexically_normal();
}

FunctionFile compile_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_error("MATLAB:UndefinedFunction", "Unable to read file '%s'.", path.string());
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string filename = path.filename().string();
  lang::ParseResult parsed = lang::parse_program(ss.str(), filename);
  if (!parsed.ok) {
    throw_error("MATLAB:parse", "Error in file %s: %s", path.string(), parsed.error.format());
  }
  absl::StatusOr<lang::Module> module = lang::compile_program(parsed.program);
  if (!module.ok()) {
    throw_error("MATLAB:compile", "Error: File: %s %s", filename,
                std::string(module.status().message()));
  }
  FunctionFile f;
  f.path = path;
  f.is_script = !parsed.program.is_function_file;
  f.module = std::make_shared<const lang::Module>(*std::move(module));
  if (parsed.program.is_classdef && !parsed.program.classes.empty()) {
    const lang::ClassDef& def = parsed.program.classes.front();
    if (def.name != path.stem().string()) {
      throw_error("MATLAB:class:NameMismatch", "The class name '%s' must match the file name '%s'.",
                  def.name, path.filename().string());
    }
    f.is_script = false;
    f.cls = std::make_shared<ClassInfo>(def, f.module, path);
    // A class folder @Name/ may hold methods in their own files (one function each).
    const fs::path folder = path.parent_path();
    if (folder.filename().string() == "@" + def.name) {
      std::error_code ec;
      for (const auto& entry : fs::directory_iterator(folder, ec)) {
        const fs::path& m = entry.path();
        if (m.extension() != ".m" || m == path || !entry.is_regular_file(ec)) continue;
        FunctionFile method = compile_file(m);
        if (!method.is_script && !method.cls) f.cls->add_file_method(method.module);
      }
    }
    return f;
  }
  if (!f.is_script && f.module->functions.empty()) f.is_script = true;
  return f;
}

}  // namespace

FunctionPath::FunctionPath() {
  if (const char* p = std::getenv("RUNMAT_PATH")) {
    for (absl::string_view part : absl::StrSplit(p, ':', absl::SkipEmpty())) {
      dirs_.push_back(normalized(fs::path(std::string(part))));
    }
  }
}

void FunctionPath::add(const fs::path& dir, bool at_end) {
  const fs::path d = normalized(dir);
  remove(d);
  if (at_end) {
    dirs_.push_back(d);
  } else {
    dirs_.insert(dirs_.begin(), d);
  }
  invalidate();
}

bool FunctionPath::remove(const fs::path& dir) {
  const fs::path d = normalized(dir);
  const auto before = dirs_.size();
  std::erase(dirs_, d);
  invalidate();
  return dirs_.size() != before;
}

void FunctionPath::set_dirs(std::vector<fs::path> dirs) {
  dirs_.clear();
  for (const auto& d : dirs) dirs_.push_back(normalized(d));
  invalidate();
}

void FunctionPath::set_script_dir(fs::path dir) {
  script_dir_ = dir.empty() ? fs::path() : normalized(dir);
  invalidate();
}

std::vector<fs::path> FunctionPath::search_dirs() const {
  std::vector<fs::path> out;
  std::error_code ec;
  out.push_back(normalized(fs::current_path(ec)));
  if (!script_dir_.empty() && script_dir_ != out[0]) out.push_back(script_dir_);
  out.insert(out.end(), dirs_.begin(), dirs_.end());
  return out;
}

std::optional<fs::path> FunctionPath::locate(const std::string& name) const {
  if (!is_identifier(name)) return std::nullopt;
  for (const auto& d : search_dirs()) {
    std::error_code ec;
    // A class folder @name/name.m comes before name.m in the same folder (MATLAB's order).
    fs::path c = d / ("@" + name) / (name + ".m");
    if (fs::is_regular_file(c, ec)) return c;
    fs::path p = d / (name + ".m");
    if (fs::is_regular_file(p, ec)) return p;
  }
  return std::nullopt;
}

const FunctionFile* FunctionPath::find(const std::string& name) {
  Entry& e = cache_[name];
  if (e.generation == generation_) {
    if (!e.found) return nullptr;
    std::error_code ec;
    const auto mtime = fs::last_write_time(e.file.path, ec);
    if (!ec && mtime == e.mtime) return &e.file;
  }
  // Look it up (again): first use, the path changed, or the file changed or vanished.
  e.generation = generation_;
  e.found = false;
  std::optional<fs::path> p = locate(name);
  if (!p) return nullptr;
  std::error_code ec;
  e.mtime = fs::last_write_time(*p, ec);
  try {
    e.file = compile_file(*p);
  } catch (...) {
    e.generation = 0;  // report the error again on the next call
    throw;
  }
  e.found = true;
  return &e.file;
}

}  // namespace runmat::runtime
