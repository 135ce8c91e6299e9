// jsonencode and jsondecode: argument handling; the conversions are in json_encode.cpp and
// json_decode.cpp.
#include <string>

#include "absl/strings/match.h"
#include "builtins.hpp"
#include "json.hpp"
#include "runmat/core/error.hpp"
#include "text_util.hpp"

namespace runmat::runtime {
namespace {

bool flag_value(const Value& v, const std::string& name) {
  if (!(v.is_numeric_like() && v.numel() == 1) || v.is_char()) {
    throw_error("MATLAB:json:InvalidOptionValue", "Value of '%s' must be true or false.", name);
  }
  return v.elem(0) != 0;
}

// Name-value pairs after the first argument: `apply(name, value)` returns false for an unknown
// name.
template <typename F>
void name_values(const CallContext& ctx, const Args& args, F apply) {
  if ((args.size() - 1) % 2 != 0) {
    throw_error("MATLAB:json:OptionsMustBePairs", "Options must be name-value pairs.");
  }
  for (size_t i = 1; i + 1 < args.size(); i += 2) {
    if (!is_text_scalar(args[i])) {
      throw_error("MATLAB:json:InvalidOptionName", "Option names must be text.");
    }
    const std::string name = args[i].to_text();
    if (!apply(name, args[i + 1])) {
      throw_error("MATLAB:json:UnknownOption", "'%s' is not a recognized parameter of %s.", name,
                  std::string(ctx.name));
    }
  }
}

Args jsonencode_fn(CallContext& ctx, Args& args) {
  if (args.empty()) throw_error("MATLAB:minrhs", "Not enough input arguments.");
  JsonEncodeOptions o;
  name_values(ctx, args, [&](const std::string& name, const Value& v) {
    if (absl::EqualsIgnoreCase(name, "ConvertInfAndNaN")) {
      o.convert_inf_nan = flag_value(v, name);
    } else if (absl::EqualsIgnoreCase(name, "PrettyPrint")) {
      o.pretty = flag_value(v, name);
    } else {
      return false;
    }
    return true;
  });
  return {Value::char_row(json_encode(args[0], o))};
}

Args jsondecode_fn(CallContext& ctx, Args& args) {
  if (args.empty()) throw_error("MATLAB:minrhs", "Not enough input arguments.");
  if (!is_text_scalar(args[0])) {
    throw_error("MATLAB:json:MustBeText",
                "JSON input must be a character vector or string scalar.");
  }
  JsonDecodeOptions o;
  name_values(ctx, args, [&](const std::string& name, const Value& v) {
    if (!absl::EqualsIgnoreCase(name, "MakeValidName")) return false;
    o.make_valid_name = flag_value(v, name);
    return true;
  });
  return {json_decode(args[0].to_text(), o)};
}

}  // namespace

void register_json_builtins(BuiltinRegistry& reg) {
  reg.add("jsonencode", jsonencode_fn,
          "text = jsonencode(value, 'PrettyPrint', tf, 'ConvertInfAndNaN', tf): JSON text of "
          "a value (structs as objects, arrays as nested arrays, NaN/Inf as null).");
  reg.add("jsondecode", jsondecode_fn,
          "value = jsondecode(text, 'MakeValidName', tf): MATLAB value of JSON text (objects as "
          "structs, number arrays as column vectors or matrices, mixed arrays as cells).");
}

}  // namespace runmat::runtime
