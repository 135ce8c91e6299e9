// Errors and warnings: error warning assert MException rethrow throw lasterr.
#include <cctype>

#include "builtins.hpp"
#include "exceptions.hpp"
#include "format_printf.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"
#include "runmat/runtime/runtime.hpp"

namespace runmat::runtime {
namespace {

bool is_text(const Value& v) {
  return (v.is_char() && v.shape().rows() <= 1) || (v.is_string() && v.numel() == 1);
}

// MATLAB's message identifier shape: component(:component)+ with letters, digits, '_', '-'.
bool looks_like_identifier(const std::string& s) {
  if (s.find(':') == std::string::npos) return false;
  if (s.front() == ':' || s.back() == ':') return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':' || c == '-')) {
      return false;
    }
  }
  return true;
}

// Splits (id?, fmt, args...) into identifier and formatted message. With a single argument
// the text is taken literally (no format processing), as MATLAB does.
void id_and_message(const Args& args, std::string* id, std::string* msg) {
  size_t first = 0;
  if (args.size() >= 2 && is_text(args[0]) && looks_like_identifier(args[0].to_text())) {
    *id = args[0].to_text();
    first = 1;
  }
  if (!is_text(args[first]) && !(args[first].is_char() && args[first].numel() == 0)) {
    throw_error("MATLAB:error:invalidInput", "The message must be a character vector or string.");
  }
  const std::string fmt = args[first].to_text();
  if (args.size() == 1) {
    *msg = fmt;
    return;
  }
  *msg = format_printf(fmt, Args(args.begin() + static_cast<long>(first) + 1, args.end()));
}

Args error_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, SIZE_MAX);
  if (args[0].is_struct()) {
    const StructArray& s = args[0].structure();
    if (s.numel() == 0 || s.fields.empty()) return {};
    const int m = s.find_field("message"), i = s.find_field("identifier");
    const std::string msg = m >= 0 ? s.at(0, m).to_text() : "";
    if (msg.empty()) return {};
    throw MatlabError(i >= 0 ? s.at(0, i).to_text() : "", msg);
  }
  if (is_mexception(args[0])) throw error_from_mexception(args[0]);
  std::string id, msg;
  id_and_message(args, &id, &msg);
  if (msg.empty() && args.size() == 1) return {};  // error('') does nothing
  throw MatlabError(id, msg);
}

Args warning_fn(CallContext& ctx, Args& args) {
  auto& rt = ctx.rt;
  if (args.empty()) return {};
  if (is_text(args[0])) {
    const std::string first = args[0].to_text();
    if (first == "off" || first == "on") {
      const std::string id = args.size() > 1 ? args[1].to_text() : "all";
      rt.warnings_off[id] = first == "off";
      return {};
    }
    if (first == "query") return {};
  }
  std::string id, msg;
  id_and_message(args, &id, &msg);
  auto off = [&](const std::string& key) {
    auto it = rt.warnings_off.find(key);
    return it != rt.warnings_off.end() && it->second;
  };
  if (!id.empty() && rt.warnings_off.count(id)) {
    if (off(id)) return {};
  } else if (off("all")) {
    return {};
  }
  rt.last_warning = msg;
  rt.err() << "Warning: " << msg << "\n";
  return {};
}

Args assert_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, SIZE_MAX);
  const Value& c = args[0];
  bool ok = c.is_numeric_like();
  for (int64_t i = 0; ok && i < c.numel(); ++i) ok = c.elem(i) != 0;
  if (ok) return {};
  if (args.size() == 1) throw MatlabError("MATLAB:assertion:failed", "Assertion failed.");
  std::string id, msg;
  id_and_message(Args(args.begin() + 1, args.end()), &id, &msg);
  throw MatlabError(id, msg);
}

Args mexception_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, SIZE_MAX);
  const std::string id = args[0].to_text();
  if (!id.empty() && !looks_like_identifier(id)) {
    throw_error("MATLAB:MException:invalidIdentifier", "The identifier '%s' is not valid.", id);
  }
  std::string msg = args[1].to_text();
  if (args.size() > 2) msg = format_printf(msg, Args(args.begin() + 2, args.end()));
  return {make_mexception(id, msg)};
}

Args rethrow_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  if (is_mexception(args[0])) throw error_from_mexception(args[0]);
  if (args[0].is_struct()) return error_fn(ctx, args);
  throw_error("MATLAB:rethrow:invalidInput", "Input must be an MException object or a struct.");
}

Args lasterr_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, 0);
  return {Value::char_row(ctx.rt.last_error)};
}

}  // namespace

void register_error_builtins(BuiltinRegistry& reg) {
  reg.add("error", error_fn, "error(msg), error(id, fmt, args...), error(struct): raise an error.");
  reg.add("warning", warning_fn,
          "warning(msg), warning(id, fmt, ...), warning('off'|'on', id): print or configure "
          "warnings (to stderr).");
  reg.add("assert", assert_fn, "assert(cond, [id,] msg, args...): error unless cond is true.");
  reg.add("MException", mexception_fn, "MException(id, fmt, args...): an exception object.");
  reg.add("rethrow", rethrow_fn, "rethrow(ME): raise a caught error again.");
  reg.add("throw", rethrow_fn, "throw(ME): raise an exception object.");
  reg.add("lasterr", lasterr_fn, "lasterr: message of the most recent error.");
}

}  // namespace runmat::runtime
