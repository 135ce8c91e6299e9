// Dates and time: clock cputime now date datestr datenum etime pause. Dates are MATLAB serial
// date numbers in local time (date_util.hpp).
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "builtins.hpp"
#include "date_util.hpp"
#include "runmat/core/error.hpp"
#include "runmat/runtime/runtime.hpp"
#include "text_util.hpp"

namespace runmat::runtime {
namespace {

DateVec local_now() {
  const auto now = std::chrono::system_clock::now();
  const auto us =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  const std::time_t t = static_cast<std::time_t>(us / 1000000);
  std::tm tm{};
  localtime_r(&t, &tm);
  return DateVec{
      static_cast<double>(tm.tm_year + 1900), static_cast<double>(tm.tm_mon + 1),
      static_cast<double>(tm.tm_mday),        static_cast<double>(tm.tm_hour),
      static_cast<double>(tm.tm_min),         tm.tm_sec + static_cast<double>(us % 1000000) / 1e6};
}

// c = clock: [year month day hour minute seconds] (seconds with a fraction).
Args clock_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, 0);
  const DateVec v = local_now();
  return {double_array(Shape::row(6), {v.year, v.month, v.day, v.hour, v.minute, v.second})};
}

// cputime: processor time used by this process, in seconds.
Args cputime_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, 0);
  return {Value::num(static_cast<double>(std::clock()) / CLOCKS_PER_SEC)};
}

Args now_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, 0);
  return {Value::num(datenum_of(local_now()))};
}

Args date_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, 0);
  return {Value::char_row(format_date(datenum_of(local_now()), "dd-mmm-yyyy"))};
}

// datestr's numbered formats (17, 18 and 27, quarters, are not supported).
std::string numbered_format(int n) {
  switch (n) {
    case 0:
      return "dd-mmm-yyyy HH:MM:SS";
    case 1:
      return "dd-mmm-yyyy";
    case 2:
      return "mm/dd/yy";
    case 3:
      return "mmm";
    case 4:
      return "m";
    case 5:
      return "mm";
    case 6:
      return "mm/dd";
    case 7:
      return "dd";
    case 8:
      return "ddd";
    case 9:
      return "d";
    case 10:
      return "yyyy";
    case 11:
      return "yy";
    case 12:
      return "mmmyy";
    case 13:
      return "HH:MM:SS";
    case 14:
      return "HH:MM:SS PM";
    case 15:
      return "HH:MM";
    case 16:
      return "HH:MM PM";
    case 19:
      return "dd/mm";
    case 20:
      return "dd/mm/yy";
    case 21:
      return "mmm.dd,yyyy HH:MM:SS";
    case 22:
      return "mmm.dd,yyyy";
    case 23:
      return "mm/dd/yyyy";
    case 24:
      return "dd/mm/yyyy";
    case 25:
      return "yy/mm/dd";
    case 26:
      return "yyyy/mm/dd";
    case 28:
      return "mmmyyyy";
    case 29:
      return "yyyy-mm-dd";
    case 30:
      return "yyyymmddTHHMMSS";
    case 31:
      return "yyyy-mm-dd HH:MM:SS";
    default:
      break;
  }
  throw_error("MATLAB:datestr:DateNumber", "DATESTR format %d is not supported.", n);
}

// Parses `text` against a datestr-style format (yyyy yy mmm mm dd HH MM SS FFF PM); false when
// it does not fit.
bool parse_with_format(const std::string& text, const std::string& fmt, double* out) {
  static const char* const kMon[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"};
  DateVec v;
  v.year = 0, v.month = 1, v.day = 1;
  bool have_year = false, pm = false, am = false;
  size_t t = 0;
  auto digits = [&](size_t max, double* dst) {
    size_t n = 0;
    double val = 0;
    while (n < max && t < text.size() && std::isdigit(static_cast<unsigned char>(text[t]))) {
      val = val * 10 + (text[t] - '0'), ++t, ++n;
    }
    *dst = val;
    return n > 0;
  };
  for (size_t i = 0; i < fmt.size();) {
    auto tok = [&](const char* s) { return fmt.compare(i, std::strlen(s), s) == 0; };
    if (tok("yyyy")) {
      if (!digits(4, &v.year)) return false;
      have_year = true, i += 4;
    } else if (tok("yy")) {
      if (!digits(2, &v.year)) return false;
      v.year += 2000, have_year = true, i += 2;
    } else if (tok("mmm")) {
      if (t + 3 > text.size()) return false;
      std::string m = text.substr(t, 3);
      for (auto& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      int k = 0;
      while (k < 12 && m != kMon[k]) ++k;
      if (k == 12) return false;
      v.month = k + 1, t += 3, i += 3;
    } else if (tok("mm")) {
      if (!digits(2, &v.month)) return false;
      i += 2;
    } else if (tok("dd")) {
      if (!digits(2, &v.day)) return false;
      i += 2;
    } else if (tok("HH")) {
      while (t < text.size() && text[t] == ' ') ++t;
      if (!digits(2, &v.hour)) return false;
      i += 2;
    } else if (tok("MM")) {
      if (!digits(2, &v.minute)) return false;
      i += 2;
    } else if (tok("SS")) {
      if (!digits(2, &v.second)) return false;
      i += 2;
    } else if (tok("FFF")) {
      double ms = 0;
      if (!digits(3, &ms)) return false;
      v.second += ms / 1000, i += 3;
    } else if (tok("AM") || tok("PM")) {
      if (t + 2 > text.size()) return false;
      const std::string s = text.substr(t, 2);
      pm = s == "PM" || s == "pm";
      am = s == "AM" || s == "am";
      if (!pm && !am) return false;
      t += 2, i += 2;
    } else {
      if (t >= text.size() || text[t] != fmt[i]) return false;
      ++t, ++i;
    }
  }
  if (t != text.size()) return false;
  if (!have_year) v.year = local_now().year;  // MATLAB assumes the current year
  if (pm && v.hour < 12) v.hour += 12;
  if (am && v.hour == 12) v.hour = 0;
  if (v.month < 1 || v.month > 12 || v.day < 1 || v.day > 31) return false;
  *out = datenum_of(v);
  return true;
}

double datenum_from_text(const std::string& text) {
  static const char* const kFormats[] = {
      "yyyy-mm-dd HH:MM:SS",  "yyyy-mm-dd HH:MM", "yyyy-mm-dd",     "dd-mmm-yyyy HH:MM:SS",
      "dd-mmm-yyyy",          "mm/dd/yyyy",       "mm/dd/yy",       "yyyy/mm/dd",
      "yyyy/mm/dd HH:MM:SS",  "HH:MM:SS",         "HH:MM:SS PM",    "HH:MM",
      "mmm.dd,yyyy HH:MM:SS", "mmm.dd,yyyy",      "yyyymmddTHHMMSS"};
  double dn = 0;
  for (const char* f : kFormats) {
    if (parse_with_format(text, f, &dn)) {
      // A bare time of day lands on January 1 of the current year, as in MATLAB.
      return dn;
    }
  }
  throw_error("MATLAB:datenum:ConvertDateString",
              "DATENUM failed. The input could not be converted: '%s'.", text.c_str());
}

// Date numbers of a value: text (each string/cell element, or each char row), datevec rows
// (N-by-3 or N-by-6) when `allow_vec`, or the numbers themselves.
std::vector<double> datenums_of(const Value& v, bool allow_vec, Shape* shape) {
  std::vector<double> out;
  if (is_text_value(v)) {
    const TextArray t = text_array(v, "datenum", "Date");
    for (const auto& s : t.data) out.push_back(datenum_from_text(s));
    *shape = t.kind == TextKind::Char ? Shape::scalar() : t.shape;
    return out;
  }
  if (v.is_char()) {  // a char matrix: one date per row
    const int64_t rows = v.shape().dims()[0];
    for (int64_t r = 0; r < rows; ++r) out.push_back(datenum_from_text(char_row_text(v, r)));
    *shape = Shape::column(rows);
    return out;
  }
  if (!v.is_numeric_like()) {
    throw_error("MATLAB:datenum:InvalidInput", "Input must be a date number, vector or text.");
  }
  const Shape s = v.shape();
  const int64_t cols = s.ndims() == 2 ? s.dims()[1] : 0;
  if (allow_vec && (cols == 3 || cols == 6)) {
    const int64_t rows = s.dims()[0];
    // A row whose first element is a plausible year and second a month is a date vector.
    bool looks_vec = rows > 0;
    for (int64_t r = 0; r < rows && looks_vec; ++r) {
      const double mo = v.elem(r + rows);
      looks_vec = mo >= 1 && mo <= 12 && v.elem(r) < 10000;
    }
    if (looks_vec) {
      for (int64_t r = 0; r < rows; ++r) {
        DateVec d{v.elem(r), v.elem(r + rows), v.elem(r + 2 * rows)};
        if (cols == 6) {
          d.hour = v.elem(r + 3 * rows), d.minute = v.elem(r + 4 * rows);
          d.second = v.elem(r + 5 * rows);
        }
        out.push_back(datenum_of(d));
      }
      *shape = Shape::column(rows);
      return out;
    }
  }
  for (int64_t i = 0; i < v.numel(); ++i) out.push_back(v.elem(i));
  *shape = s;
  return out;
}

// datenum(V), datenum(text[, format]), datenum(Y, M, D[, H, MI, S]) (arrays broadcast against
// scalars).
Args datenum_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 6);
  if (args.size() == 2 && is_text_value(args[0])) {
    const std::string fmt = text_scalar(args[1], "datenum", "Format");
    const TextArray t = text_array(args[0], "datenum", "Date");
    std::vector<double> out;
    for (const auto& s : t.data) {
      double dn = 0;
      if (!parse_with_format(s, fmt, &dn)) {
        throw_error("MATLAB:datenum:ConvertDateString",
                    "DATENUM failed. The input could not be converted using format '%s'.",
                    fmt.c_str());
      }
      out.push_back(dn);
    }
    return {double_array(t.kind == TextKind::Char ? Shape::scalar() : t.shape, out)};
  }
  if (args.size() == 1) {
    Shape shape;
    std::vector<double> d = datenums_of(args[0], true, &shape);
    return {double_array(shape, d)};
  }
  if (args.size() < 3) {
    throw_error("MATLAB:datenum:InvalidInput", "Specify year, month and day.");
  }
  Shape shape = Shape::scalar();
  int64_t n = 1;
  for (const Value& a : args) {
    if (!a.is_numeric_like() || a.is_char()) {
      throw_error("MATLAB:datenum:InvalidInput", "Date parts must be numeric.");
    }
    if (a.numel() != 1) {
      if (n != 1 && a.numel() != n) {
        throw_error("MATLAB:datenum:InputSizeMismatch", "Date parts must have the same size.");
      }
      n = a.numel(), shape = a.shape();
    }
  }
  auto part = [&](size_t k, int64_t i) {
    if (k >= args.size()) return 0.0;
    return args[k].numel() == 1 ? args[k].elem(0) : args[k].elem(i);
  };
  std::vector<double> out;
  for (int64_t i = 0; i < n; ++i) {
    out.push_back(datenum_of(
        DateVec{part(0, i), part(1, i), part(2, i), part(3, i), part(4, i), part(5, i)}));
  }
  return {double_array(shape, out)};
}

// datestr(D[, format]): one row per date (a char matrix for several).
Args datestr_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 3);
  Shape shape;
  const std::vector<double> dn = datenums_of(args[0], true, &shape);
  std::string fmt;
  if (args.size() > 1) {
    if (is_text_value(args[1])) {
      fmt = text_scalar(args[1], "datestr", "Format");
    } else {
      const double f = args[1].scalar_double("Format");
      if (f != std::floor(f)) throw_error("MATLAB:datestr:DateNumber", "Invalid format number.");
      fmt = numbered_format(static_cast<int>(f));
    }
  } else {
    // Format 0, or 1 when every date is midnight.
    bool all_midnight = true;
    for (double d : dn) {
      const DateVec v = datevec_of(d);
      all_midnight = all_midnight && v.hour == 0 && v.minute == 0 && v.second == 0;
    }
    fmt = numbered_format(all_midnight ? 1 : 0);
  }
  std::vector<std::string> rows;
  for (double d : dn) {
    if (!std::isfinite(d)) {
      throw_error("MATLAB:datestr:ConvertToDateNumber", "Date number must be finite.");
    }
    rows.push_back(format_date(d, fmt));
  }
  if (rows.empty()) return {Value::char_row("")};
  if (rows.size() == 1) return {Value::char_row(rows[0])};
  return {char_matrix(rows)};
}

// etime(t1, t0): seconds from clock vector t0 to t1.
Args etime_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 2);
  double d[2];
  for (int k = 0; k < 2; ++k) {
    const Value& v = args[k];
    if (!v.is_numeric_like() || v.is_char() || v.numel() != 6) {
      throw_error("MATLAB:etime:InvalidInput", "Inputs must be 6-element clock vectors.");
    }
    d[k] = datenum_of(DateVec{v.elem(0), v.elem(1), v.elem(2), v.elem(3), v.elem(4), 0}) * 86400 +
           v.elem(5);
  }
  return {Value::num(d[0] - d[1])};
}

bool pause_disabled() {
  const char* e = std::getenv("RUNMAT_NO_PAUSE");
  return e && *e && std::string(e) != "0";
}

// pause(n) sleeps n seconds; pause / pause(Inf) wait for Enter when stdin is a terminal and
// return at once otherwise (a script fed from a pipe must not hang). RUNMAT_NO_PAUSE skips
// every pause (test runs).
Args pause_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, 1);
  double secs = INFINITY;
  if (!args.empty()) {
    const Value& a = args[0];
    if (!a.is_numeric_like() || a.is_char() || a.numel() != 1 || std::isnan(a.elem(0)) ||
        a.elem(0) < 0) {
      throw_error("MATLAB:pause:InvalidInput",
                  "Input must be a non-negative real scalar number of seconds.");
    }
    secs = a.elem(0);
  }
  if (pause_disabled()) return {};
  if (std::isinf(secs)) {
    if (isatty(STDIN_FILENO)) {
      ctx.rt.out() << std::flush;
      std::string line;
      std::getline(std::cin, line);
    }
    return {};
  }
  ctx.rt.out() << std::flush;
  std::this_thread::sleep_for(std::chrono::duration<double>(secs));
  return {};
}

}  // namespace

void register_time_builtins(BuiltinRegistry& reg) {
  reg.add("clock", clock_fn, "c = clock: [year month day hour minute seconds], local time.");
  reg.add("cputime", cputime_fn, "cputime: processor time used by this session, in seconds.");
  reg.add("now", now_fn, "now: the current local date and time as a date number.");
  reg.add("date", date_fn, "date: today's date as 'dd-mmm-yyyy'.");
  reg.add("datestr", datestr_fn,
          "datestr(D, format): date numbers, date vectors or date text as text; format is a "
          "number (0-31) or a pattern such as 'yyyy-mm-dd HH:MM:SS'.");
  reg.add("datenum", datenum_fn,
          "datenum(Y, M, D, H, MI, S), datenum(datevec), datenum(text[, format]): serial date "
          "numbers (days since year 0).");
  reg.add("etime", etime_fn, "etime(t1, t0): seconds elapsed from clock vector t0 to t1.");
  reg.add("pause", pause_fn,
          "pause(n): wait n seconds; pause alone waits for Enter on a terminal. Skipped when "
          "RUNMAT_NO_PAUSE is set.");
}

}  // namespace runmat::runtime
