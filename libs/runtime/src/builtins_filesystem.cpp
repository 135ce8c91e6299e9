// Files and folders: isfile isfolder dir mkdir rmdir delete pwd cd fullfile fileparts tempdir
// tempname. Paths are POSIX ('/' separators); wildcards in dir and delete follow fnmatch.
#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "builtins.hpp"
#include "date_util.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"
#include "runmat/runtime/runtime.hpp"
#include "text_util.hpp"

namespace runmat::runtime {
namespace {

namespace fs = std::filesystem;

void warn(Runtime& rt, const std::string& id, const std::string& msg) {
  auto off = [&](const std::string& key) {
    auto it = rt.warnings_off.find(key);
    return it != rt.warnings_off.end() && it->second;
  };
  if (rt.warnings_off.count(id) ? off(id) : off("all")) return;
  rt.last_warning = msg;
  rt.err() << "Warning: " << msg << "\n";
}

// isfile / isfolder: element-wise over text arrays, answering a logical of the same shape.
Args path_test(CallContext& ctx, Args& args, bool folder) {
  check_nargs(ctx, args, 1, 1);
  const char* fname = folder ? "isfolder" : "isfile";
  if (!is_text_value(args[0])) {
    // MATLAB answers false for non-text input rather than erroring.
    if (args[0].is_numeric_like() && args[0].numel() == 1) return {Value::logical(false)};
  }
  const TextArray t = text_array(args[0], fname, "Input");
  std::vector<uint8_t> bits;
  for (size_t i = 0; i < t.size(); ++i) {
    std::error_code ec;
    const fs::file_status st = fs::status(t.data[i], ec);
    const bool yes =
        !ec && !t.data[i].empty() && (folder ? fs::is_directory(st) : fs::is_regular_file(st));
    bits.push_back(yes);
  }
  if (t.kind == TextKind::Char) return {Value::logical(bits[0] != 0)};
  return {logical_array(t.shape, bits)};
}

Args isfile_fn(CallContext& ctx, Args& args) {
  return path_test(ctx, args, false);
}
Args isfolder_fn(CallContext& ctx, Args& args) {
  return path_test(ctx, args, true);
}

bool has_wildcard(const std::string& s) {
  return s.find_first_of("*?") != std::string::npos;
}

std::string absolute_text(const fs::path& p) {
  std::error_code ec;
  fs::path a = fs::absolute(p, ec).lexically_normal();
  std::string s = a.string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

double mtime_datenum(const fs::path& p) {
  std::error_code ec;
  const auto ft = fs::last_write_time(p, ec);
  if (ec) return 0;
  const auto sys = std::chrono::file_clock::to_sys(ft);
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(sys.time_since_epoch());
  return datenum_of_time(static_cast<std::time_t>(secs.count()));
}

struct DirEntry {
  std::string name, folder;
  fs::path path;
};

// s = dir(name): a column struct array with name, folder, date, bytes, isdir, datenum.
// A folder lists its entries (with '.' and '..'); a pattern matches names in its folder.
Args dir_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, 1);
  const std::string name = args.empty() ? "." : text_scalar(args[0], "dir", "Name");
  std::vector<DirEntry> entries;
  std::error_code ec;
  auto list_folder = [&](const fs::path& folder, const std::string& pattern) {
    const std::string abs = absolute_text(folder);
    if (pattern.empty() || fnmatch(pattern.c_str(), ".", 0) == 0) {
      entries.push_back({".", abs, folder / "."});
    }
    if (pattern.empty() || fnmatch(pattern.c_str(), "..", 0) == 0) {
      entries.push_back({"..", abs, folder / ".."});
    }
    for (const auto& e : fs::directory_iterator(folder, ec)) {
      const std::string n = e.path().filename().string();
      if (pattern.empty() || fnmatch(pattern.c_str(), n.c_str(), 0) == 0) {
        entries.push_back({n, abs, e.path()});
      }
    }
  };
  if (has_wildcard(name)) {
    const fs::path p(name);
    const fs::path parent = p.has_parent_path() ? p.parent_path() : fs::path(".");
    list_folder(parent, p.filename().string());
  } else if (fs::is_directory(name, ec)) {
    list_folder(name, "");
  } else if (fs::exists(name, ec)) {
    const fs::path p(name);
    entries.push_back({p.filename().string(),
                       absolute_text(p.has_parent_path() ? p.parent_path() : fs::path(".")), p});
  }
  std::sort(entries.begin(), entries.end(),
            [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  if (ctx.nargout == 0) {
    if (entries.empty()) {
      warn(ctx.rt, "MATLAB:dir:NotFound", absl::StrCat("No matches for pattern '", name, "'."));
      return {};
    }
    std::string line;
    for (const auto& e : entries) absl::StrAppend(&line, e.name, "  ");
    ctx.rt.out() << "\n" << line << "\n\n";
    return {};
  }
  auto s = std::make_shared<StructArray>(Shape::column(static_cast<int64_t>(entries.size())));
  for (const char* f : {"name", "folder", "date", "bytes", "isdir", "datenum"}) s->add_field(f);
  s->values.resize(entries.size() * 6);
  for (size_t i = 0; i < entries.size(); ++i) {
    const DirEntry& e = entries[i];
    const bool is_dir = fs::is_directory(e.path, ec);
    const double dn = mtime_datenum(e.path);
    double bytes = 0;
    if (!is_dir) {
      const auto sz = fs::file_size(e.path, ec);
      if (!ec) bytes = static_cast<double>(sz);
    }
    const int64_t k = static_cast<int64_t>(i);
    s->at(k, 0) = Value::char_row(e.name);
    s->at(k, 1) = Value::char_row(e.folder);
    s->at(k, 2) = Value::char_row(format_date(dn, "dd-mmm-yyyy HH:MM:SS"));
    s->at(k, 3) = Value::num(bytes);
    s->at(k, 4) = Value::logical(is_dir);
    s->at(k, 5) = Value::num(dn);
  }
  return {Value::structure(s)};
}

// [status, msg, msgID] = mkdir(folder) or mkdir(parent, folder); intermediate folders are
// created. An existing folder is a success with a warning.
Args mkdir_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  fs::path target(text_scalar(args[0], "mkdir", "Folder name"));
  if (args.size() > 1) target /= text_scalar(args[1], "mkdir", "Folder name");
  std::error_code ec;
  if (fs::is_directory(target, ec)) {
    if (ctx.nargout == 0) warn(ctx.rt, "MATLAB:MKDIR:DirectoryExists", "Directory already exists.");
    return {Value::logical(true), Value::char_row("Directory already exists."),
            Value::char_row("MATLAB:MKDIR:DirectoryExists")};
  }
  fs::create_directories(target, ec);
  if (ec) {
    const std::string msg = ec.message();
    if (ctx.nargout == 0) throw_error("MATLAB:MKDIR:OSError", "%s", msg.c_str());
    return {Value::logical(false), Value::char_row(msg), Value::char_row("MATLAB:MKDIR:OSError")};
  }
  return {Value::logical(true), Value::char_row(""), Value::char_row("")};
}

// [status, msg, msgID] = rmdir(folder) (must be empty) or rmdir(folder, 's') (with contents).
Args rmdir_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  const std::string name = text_scalar(args[0], "rmdir", "Folder name");
  bool recursive = false;
  if (args.size() > 1) {
    if (text_scalar(args[1], "rmdir", "Option") != "s") {
      throw_error("MATLAB:RMDIR:InvalidOption", "Second argument must be 's'.");
    }
    recursive = true;
  }
  std::error_code ec;
  std::string msg;
  if (!fs::is_directory(name, ec)) {
    msg = absl::StrCat("'", name, "' is not a folder.");
  } else if (recursive) {
    fs::remove_all(name, ec);
    if (ec) msg = ec.message();
  } else if (!fs::is_empty(name, ec)) {
    msg = absl::StrCat("The folder '", name, "' is not empty.");
  } else {
    fs::remove(name, ec);
    if (ec) msg = ec.message();
  }
  if (msg.empty()) return {Value::logical(true), Value::char_row(""), Value::char_row("")};
  if (ctx.nargout == 0) {
    throw_error("MATLAB:RMDIR:NoDirectoriesRemoved", "No directories were removed. %s",
                msg.c_str());
  }
  return {Value::logical(false), Value::char_row(msg),
          Value::char_row("MATLAB:RMDIR:NoDirectoriesRemoved")};
}

// delete(name, ...): files, with wildcards. A missing file is a warning, as in MATLAB.
Args delete_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, SIZE_MAX);
  for (const Value& a : args) {
    const std::string name = text_scalar(a, "delete", "File name");
    std::error_code ec;
    std::vector<fs::path> targets;
    if (has_wildcard(name)) {
      const fs::path p(name);
      const fs::path parent = p.has_parent_path() ? p.parent_path() : fs::path(".");
      const std::string pattern = p.filename().string();
      for (const auto& e : fs::directory_iterator(parent, ec)) {
        if (e.is_regular_file(ec) &&
            fnmatch(pattern.c_str(), e.path().filename().c_str(), 0) == 0) {
          targets.push_back(e.path());
        }
      }
    } else if (fs::is_regular_file(name, ec) || fs::is_symlink(fs::symlink_status(name, ec))) {
      targets.push_back(name);
    }
    if (targets.empty()) {
      warn(ctx.rt, "MATLAB:DELETE:FileNotFound", absl::StrCat("File '", name, "' not found."));
      continue;
    }
    for (const auto& t : targets) {
      if (!fs::remove(t, ec) || ec) {
        warn(ctx.rt, "MATLAB:DELETE:Permission",
             absl::StrCat("Cannot delete '", t.string(), "': ", ec.message()));
      }
    }
  }
  return {};
}

Args pwd_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, 0);
  std::error_code ec;
  return {Value::char_row(fs::current_path(ec).string())};
}

// cd(folder) changes the current folder (function lookup follows it); old = cd(...) returns
// the previous folder; `cd` alone prints the current one.
Args cd_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, 1);
  std::error_code ec;
  const std::string old = fs::current_path(ec).string();
  if (args.empty()) {
    if (ctx.nargout == 0) {
      ctx.rt.out() << "\n" << old << "\n\n";
      return {};
    }
    return {Value::char_row(old)};
  }
  std::string target = text_scalar(args[0], "cd", "Folder name");
  if (target == "~" || target.rfind("~/", 0) == 0) {
    const char* home = std::getenv("HOME");
    if (home) target = std::string(home) + target.substr(1);
  }
  if (!fs::is_directory(target, ec)) {
    throw_error("MATLAB:cd:NonExistentFolder",
                "Unable to change current folder to '%s' (Name is nonexistent or not a folder).",
                target.c_str());
  }
  fs::current_path(target, ec);
  if (ec) {
    throw_error("MATLAB:cd:NonExistentFolder", "Unable to change current folder to '%s' (%s).",
                target.c_str(), ec.message().c_str());
  }
  if (ctx.nargout == 0) return {};
  return {Value::char_row(old)};
}

// fullfile(parts...): joined with '/', with repeated separators collapsed; empty parts are
// skipped. A string part makes the result a string.
Args fullfile_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, SIZE_MAX);
  bool any_string = false;
  std::string out;
  for (const Value& a : args) {
    any_string = any_string || a.is_string();
    const std::string part = text_scalar(a, "fullfile", "All inputs");
    if (part.empty()) continue;
    if (!out.empty() && out.back() != '/') out += '/';
    out += part;
  }
  std::string collapsed;
  for (char c : out) {
    if (c == '/' && !collapsed.empty() && collapsed.back() == '/') continue;
    collapsed += c;
  }
  if (any_string) return {Value::string_scalar(collapsed)};
  return {Value::char_row(collapsed)};
}

// [filepath, name, ext] = fileparts(file). A leading-dot name ('.bashrc') is all extension,
// as in MATLAB.
Args fileparts_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  const std::string path = text_scalar(args[0], "fileparts", "Input");
  const size_t slash = path.rfind('/');
  std::string folder, rest = path;
  if (slash != std::string::npos) {
    folder = slash == 0 ? "/" : path.substr(0, slash);
    rest = path.substr(slash + 1);
  }
  std::string name = rest, ext;
  const size_t dot = rest.rfind('.');
  if (dot != std::string::npos) {
    name = rest.substr(0, dot);
    ext = rest.substr(dot);
  }
  if (args[0].is_string()) {
    return {Value::string_scalar(folder), Value::string_scalar(name), Value::string_scalar(ext)};
  }
  return {Value::char_row(folder), Value::char_row(name), Value::char_row(ext)};
}

std::string temp_folder() {
  const char* env = std::getenv("TMPDIR");
  std::string d = env && *env ? env : "/tmp";
  if (d.back() != '/') d += '/';
  return d;
}

Args tempdir_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, 0);
  return {Value::char_row(temp_folder())};
}

// tempname / tempname(folder): a name that no file has yet ('tp' and 32 hex digits).
Args tempname_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, 1);
  std::string folder = args.empty() ? temp_folder() : text_scalar(args[0], "tempname", "Folder");
  if (!folder.empty() && folder.back() != '/') folder += '/';
  static std::mt19937_64 gen(
      std::random_device{}() ^ static_cast<uint64_t>(::getpid()) << 32 ^
      static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  std::string name;
  std::error_code ec;
  do {
    char buf[40];
    std::snprintf(buf, sizeof buf, "tp%016llx%016llx", static_cast<unsigned long long>(gen()),
                  static_cast<unsigned long long>(gen()));
    name = folder + buf;
  } while (fs::exists(name, ec));
  if (!args.empty() && args[0].is_string()) return {Value::string_scalar(name)};
  return {Value::char_row(name)};
}

}  // namespace

void register_filesystem_builtins(BuiltinRegistry& reg) {
  reg.add("isfile", isfile_fn, "isfile(name): true where name is an existing regular file.");
  reg.add("isfolder", isfolder_fn, "isfolder(name): true where name is an existing folder.");
  reg.add("dir", dir_fn,
          "s = dir(name): folder listing (name folder date bytes isdir datenum); wildcards "
          "allowed. dir alone prints the current folder's names.");
  reg.add("mkdir", mkdir_fn, "[status, msg, id] = mkdir(folder) or mkdir(parent, folder).");
  reg.add("rmdir", rmdir_fn,
          "[status, msg, id] = rmdir(folder) or rmdir(folder, 's') to remove its contents too.");
  reg.add("delete", delete_fn, "delete(name, ...): delete files (wildcards allowed).");
  reg.add("pwd", pwd_fn, "pwd: the current folder.");
  reg.add("cd", cd_fn, "old = cd(folder): change the current folder; cd alone shows it.");
  reg.add("fullfile", fullfile_fn, "fullfile(part1, part2, ...): join path parts with '/'.");
  reg.add("fileparts", fileparts_fn,
          "[filepath, name, ext] = fileparts(file): split a path into folder, name, extension.");
  reg.add("tempdir", tempdir_fn, "tempdir: the system's temporary folder (with a trailing '/').");
  reg.add("tempname", tempname_fn, "tempname(folder): a unique name for a temporary file.");
}

}  // namespace runmat::runtime
