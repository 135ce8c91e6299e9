// fprintf sprintf disp display num2str.
#include <cmath>
#include <cstdio>
#include <ostream>

#include "builtins.hpp"
#include "display.hpp"
#include "file_table.hpp"
#include "format_printf.hpp"
#include "runmat/core/error.hpp"
#include "runmat/runtime/runtime.hpp"

namespace runmat::runtime {
namespace {

Args fprintf_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, SIZE_MAX);
  std::ostream* os = &ctx.rt.out();
  std::FILE* file = nullptr;
  size_t first = 0;
  if (!args[0].is_char() && !args[0].is_string()) {
    const double fid = args[0].scalar_double("File identifier");
    if (fid == 1) {
      os = &ctx.rt.out();
    } else if (fid == 2) {
      os = &ctx.rt.err();
    } else {
      // Files opened by fopen: formatted text is written through the file table's stream.
      OpenFile* f = fid >= 3 && fid == std::floor(fid) && fid < 1e9
                        ? ctx.rt.files().find(static_cast<int>(fid))
                        : nullptr;
      if (!f || !f->can_write) {
        throw_error("MATLAB:badfid_mx",
                    "Invalid file identifier. Use fopen to generate a valid file identifier.");
      }
      file = f->fp;
    }
    first = 1;
    if (args.size() < 2) throw_error("MATLAB:minrhs", "Not enough input arguments.");
  }
  if (!args[first].is_char() && !(args[first].is_string() && args[first].numel() == 1))
    throw_error("MATLAB:fprintf:invalidFormat",
                "Format must be a character vector or string scalar.");
  const std::string text =
      format_printf(args[first].to_text(), Args(args.begin() + first + 1, args.end()));
  if (file) {
    std::fwrite(text.data(), 1, text.size(), file);
  } else {
    *os << text;
  }
  if (ctx.nargout > 0) return {Value::num(static_cast<double>(text.size()))};
  return {};
}

Args sprintf_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, SIZE_MAX);
  if (!args[0].is_char() && !(args[0].is_string() && args[0].numel() == 1))
    throw_error("MATLAB:sprintf:invalidFormat",
                "Format must be a character vector or string scalar.");
  std::string text = format_printf(args[0].to_text(), Args(args.begin() + 1, args.end()));
  // A string format gives a string; a char format a char row vector.
  if (args[0].is_string()) return {Value::string_scalar(std::move(text))};
  return {Value::char_row(text)};
}

Args disp_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  disp_value(ctx.rt.out(), args[0], DisplayFormat{ctx.rt.format_long, ctx.rt.format_compact});
  return {};
}

Args display_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  display_value(ctx.rt.out(), "ans", args[0],
                DisplayFormat{ctx.rt.format_long, ctx.rt.format_compact});
  return {};
}

}  // namespace

void register_io_builtins(BuiltinRegistry& reg) {
  reg.add(
      "fprintf", fprintf_fn,
      "fprintf(format, args...), fprintf(fid, format, args...): formatted output to stdout (1), "
      "stderr (2) or a file opened by fopen.");
  reg.add("sprintf", sprintf_fn, "sprintf(format, args...): formatted text as a char row vector.");
  reg.add("disp", disp_fn, "disp(x): display a value without its name.");
  reg.add("display", display_fn, "display(x): display a value with a name.");
}

}  // namespace runmat::runtime
