// DefaultRoot resolution order: RUNMAT_CACHE_DIR, XDG_CACHE_HOME/runmat, HOME/.cache/runmat.
#include <catch2/catch.hpp>

#include "cache_test_util.hpp"

namespace rc = runmat::cache;
using rc::testing::EnvGuard;

TEST_CASE("DefaultRoot prefers RUNMAT_CACHE_DIR", "[cache][root]") {
  EnvGuard a("RUNMAT_CACHE_DIR", "/tmp/rm-explicit");
  EnvGuard b("XDG_CACHE_HOME", "/tmp/xdg");
  EnvGuard c("HOME", "/home/someone");
  CHECK(rc::CacheService::DefaultRoot() == std::filesystem::path("/tmp/rm-explicit"));
}

TEST_CASE("DefaultRoot falls back to XDG_CACHE_HOME/runmat", "[cache][root]") {
  EnvGuard a("RUNMAT_CACHE_DIR", nullptr);
  EnvGuard b("XDG_CACHE_HOME", "/tmp/xdg");
  EnvGuard c("HOME", "/home/someone");
  CHECK(rc::CacheService::DefaultRoot() == std::filesystem::path("/tmp/xdg/runmat"));
}

TEST_CASE("DefaultRoot falls back to HOME/.cache/runmat", "[cache][root]") {
  EnvGuard a("RUNMAT_CACHE_DIR", nullptr);
  EnvGuard b("XDG_CACHE_HOME", nullptr);
  EnvGuard c("HOME", "/home/someone");
  CHECK(rc::CacheService::DefaultRoot() == std::filesystem::path("/home/someone/.cache/runmat"));
}

TEST_CASE("DefaultRoot treats empty and relative values as unset", "[cache][root]") {
  EnvGuard a("RUNMAT_CACHE_DIR", "");
  EnvGuard b("XDG_CACHE_HOME", "relative/xdg");  // invalid per the XDG spec
  EnvGuard c("HOME", "/home/someone");
  CHECK(rc::CacheService::DefaultRoot() == std::filesystem::path("/home/someone/.cache/runmat"));
}

TEST_CASE("DefaultRoot without any variable is still a usable absolute path", "[cache][root]") {
  EnvGuard a("RUNMAT_CACHE_DIR", nullptr);
  EnvGuard b("XDG_CACHE_HOME", nullptr);
  EnvGuard c("HOME", nullptr);
  const std::filesystem::path root = rc::CacheService::DefaultRoot();
  CHECK(root.is_absolute());
  CHECK(root.filename().string().rfind("runmat-cache-", 0) == 0);
}
