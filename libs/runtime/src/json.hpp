// JSON text <-> MATLAB values with jsonencode/jsondecode's rules (MATLAB R2023b). The rules
// are listed in docs/io.md; json_encode.cpp and json_decode.cpp implement one direction each.
#pragma once

#include <string>
#include <string_view>

#include "runmat/core/value.hpp"

namespace runmat::runtime {

struct JsonEncodeOptions {
  bool convert_inf_nan = true;  // NaN/Inf as null (else NaN, Infinity, -Infinity)
  bool pretty = false;          // two-space indentation, one element per line
};

// Throws MATLAB:json:* errors for values JSON cannot hold (complex numbers, function handles).
std::string json_encode(const Value& v, const JsonEncodeOptions& options);

struct JsonDecodeOptions {
  bool make_valid_name = true;  // object keys -> valid, unique field names
};

// Throws MATLAB:json:SyntaxError (with line and column) for malformed text.
Value json_decode(std::string_view text, const JsonDecodeOptions& options);

// matlab.lang.makeValidName with its defaults: whitespace removed (a lowercase letter after
// it capitalized), other invalid characters replaced by '_', an 'x' prefix where the name does
// not start with a letter or is a keyword, at most 63 characters.
std::string make_valid_name(std::string_view name);

}  // namespace runmat::runtime
