// Assertions shared by the builtin and runtime tests: run MATLAB source and require success
// (returning stdout), or require a failure with a given error identifier.
#pragma once

#include <catch2/catch.hpp>
#include <string>

#include "runtime_fixture.hpp"

namespace runmat::testing {

inline std::string run_ok(const std::string& src) {
  auto r = run_matlab(src);
  INFO(src << "\n" << r.result.error_report);
  REQUIRE(r.result.ok);
  return r.out;
}

inline void expect_error(const std::string& src, const std::string& id) {
  auto r = run_matlab(src);
  INFO(src << "\n" << r.result.error_report);
  REQUIRE_FALSE(r.result.ok);
  CHECK(r.result.error_identifier == id);
}

}  // namespace runmat::testing
