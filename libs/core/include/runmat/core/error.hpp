// MATLAB-style errors: an identifier ("MATLAB:UndefinedFunction") and a message. They are
// thrown inside the runtime (MATLAB errors unwind like exceptions and are caught by try/catch)
// and turned into absl::Status at the library boundary.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

#include "absl/strings/str_format.h"

namespace runmat {

class MatlabError : public std::runtime_error {
 public:
  MatlabError(std::string identifier, std::string message)
      : std::runtime_error(message),
        identifier_(std::move(identifier)),
        message_(std::move(message)) {}
  const std::string& identifier() const { return identifier_; }
  const std::string& message() const { return message_; }
  // Source line where the error surfaced (0 = unknown); set by the VM as it unwinds.
  int line = 0;
  int col = 0;
  std::string where;     // builtin that raised it ("Error using <where>"), if any
  std::string function;  // script or function whose line is `line` ("Error in ...")

 private:
  std::string identifier_;
  std::string message_;
};

template <typename... Args>
[[noreturn]] void throw_error(const char* identifier, const absl::FormatSpec<Args...>& fmt,
                              const Args&... args) {
  throw MatlabError(identifier, absl::StrFormat(fmt, args...));
}

[[noreturn]] inline void throw_error(const char* identifier, std::string message) {
  throw MatlabError(identifier, std::move(message));
}

}  // namespace runmat
