// MATLAB serial date numbers (days since year 0, proleptic Gregorian calendar: datenum(0,1,1)
// is 1, datenum(1970,1,1) is 719529) and the datestr formats. Shared by the time builtins and
// dir's date/datenum fields.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>

namespace runmat::runtime {

struct DateVec {
  double year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
};

// Days from 1970-01-01 to y-m-d (H. Hinnant's days_from_civil; valid for any year).
inline int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

inline void civil_from_days(int64_t z, int64_t* y, int64_t* m, int64_t* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yoe + era * 400 + (*m <= 2);
}

constexpr double kUnixEpochDatenum = 719529.0;

// Months outside 1..12 carry into the year (datenum(2020, 14, 1) is 2021-02-01); days, hours,
// minutes and seconds carry linearly, as MATLAB's do. Fractional months are truncated.
inline double datenum_of(const DateVec& v) {
  double mo = std::floor(v.month);
  double yr = v.year + std::floor((mo - 1) / 12);
  mo = mo - 12 * std::floor((mo - 1) / 12);
  const double days =
      static_cast<double>(days_from_civil(static_cast<int64_t>(yr), static_cast<int64_t>(mo), 1)) +
      kUnixEpochDatenum - 1;
  return days + v.day + (v.hour + (v.minute + v.second / 60.0) / 60.0) / 24.0;
}

// Rounded to milliseconds first so that 12:00:00 never prints as 11:59:59.
inline DateVec datevec_of(double dn) {
  const double ms_total = std::round(dn * 86400000.0);
  const double day = std::floor(ms_total / 86400000.0);
  double ms = ms_total - day * 86400000.0;
  int64_t y, m, d;
  civil_from_days(static_cast<int64_t>(day - kUnixEpochDatenum), &y, &m, &d);
  DateVec v;
  v.year = static_cast<double>(y), v.month = static_cast<double>(m), v.day = static_cast<double>(d);
  v.hour = std::floor(ms / 3600000.0);
  ms -= v.hour * 3600000.0;
  v.minute = std::floor(ms / 60000.0);
  ms -= v.minute * 60000.0;
  v.second = ms / 1000.0;
  return v;
}

// The local time of a time_t as a date number.
inline double datenum_of_time(std::time_t t, double frac_seconds = 0) {
  std::tm tm{};
  localtime_r(&t, &tm);
  DateVec v{static_cast<double>(tm.tm_year + 1900), static_cast<double>(tm.tm_mon + 1),
            static_cast<double>(tm.tm_mday),        static_cast<double>(tm.tm_hour),
            static_cast<double>(tm.tm_min),         tm.tm_sec + frac_seconds};
  return datenum_of(v);
}

// datestr's free-form format: yyyy yy mmmm mmm mm m dddd ddd dd d HH MM SS FFF AM PM
// (lower-case m is the month, upper-case M the minute, as in MATLAB).
inline std::string format_date(double dn, const std::string& fmt) {
  static const char* const kMonths[] = {"January",   "February", "March",    "April",
                                        "May",       "June",     "July",     "August",
                                        "September", "October",  "November", "December"};
  static const char* const kDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                      "Thursday", "Friday", "Saturday"};
  const DateVec v = datevec_of(dn);
  const int64_t day_number = static_cast<int64_t>(datenum_of(DateVec{v.year, v.month, v.day}));
  const int weekday = static_cast<int>((((day_number - 719529) % 7) + 7 + 4) % 7);  // Thursday
  const std::string month = kMonths[static_cast<int>(v.month) - 1];
  const std::string wday = kDays[weekday];
  const bool ampm = fmt.find("AM") != std::string::npos || fmt.find("PM") != std::string::npos;
  const int sec = static_cast<int>(std::floor(v.second));
  const int msec = static_cast<int>(std::round((v.second - sec) * 1000));
  auto num = [](int64_t x, int width) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(x));
    return std::string(buf);
  };
  std::string out;
  auto starts = [&](size_t i, const char* tok) {
    return fmt.compare(i, std::strlen(tok), tok) == 0;
  };
  for (size_t i = 0; i < fmt.size();) {
    if (starts(i, "yyyy")) {
      out += num(static_cast<int64_t>(v.year), 4), i += 4;
    } else if (starts(i, "yy")) {
      out += num(static_cast<int64_t>(v.year) % 100, 2), i += 2;
    } else if (starts(i, "mmmm")) {
      out += month, i += 4;
    } else if (starts(i, "mmm")) {
      out += month.substr(0, 3), i += 3;
    } else if (starts(i, "mm")) {
      out += num(static_cast<int64_t>(v.month), 2), i += 2;
    } else if (starts(i, "m")) {
      out += month.substr(0, 1), i += 1;
    } else if (starts(i, "dddd")) {
      out += wday, i += 4;
    } else if (starts(i, "ddd")) {
      out += wday.substr(0, 3), i += 3;
    } else if (starts(i, "dd")) {
      out += num(static_cast<int64_t>(v.day), 2), i += 2;
    } else if (starts(i, "d")) {
      out += wday.substr(0, 1), i += 1;
    } else if (starts(i, "HH")) {
      int64_t h = static_cast<int64_t>(v.hour);
      if (ampm) h = h % 12 == 0 ? 12 : h % 12;
      // 12-hour clocks pad with a blank (' 3:05 PM'), as datestr does.
      out += ampm && h < 10 ? " " + num(h, 1) : num(h, 2), i += 2;
    } else if (starts(i, "MM")) {
      out += num(static_cast<int64_t>(v.minute), 2), i += 2;
    } else if (starts(i, "SS")) {
      out += num(sec, 2), i += 2;
    } else if (starts(i, "FFF")) {
      out += num(msec, 3), i += 3;
    } else if (starts(i, "AM") || starts(i, "PM")) {
      out += v.hour < 12 ? "AM" : "PM", i += 2;
    } else {
      out += fmt[i++];
    }
  }
  return out;
}

}  // namespace runmat::runtime
