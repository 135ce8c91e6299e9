#include "format_printf.hpp"

#include <cmath>
#include <cstdio>
#include <deque>

#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"
#include "runmat/core/integer.hpp"
#include "text_util.hpp"

namespace runmat::runtime {
namespace {

struct Item {
  bool is_text = false;
  double num = 0;
  std::string text;
  // int64/uint64 elements beyond 2^53, which `num` cannot hold exactly: their digits.
  std::string exact_digits;
  // An element of a string array: numeric conversions print its text whole, as %s would.
  bool whole_text = false;
};

// %d of an integer too large for a double: the exact digits, with the spec's flags and width
// ('+', '-', '0', ' ').
std::string format_exact_integer(const std::string& spec, std::string digits) {
  const bool left = spec.find('-') != std::string::npos;
  const bool zero = !left && spec.find('0') == 0;
  if (digits[0] != '-') {
    if (spec.find('+') != std::string::npos) {
      digits.insert(0, "+");
    } else if (spec.find(' ') != std::string::npos) {
      digits.insert(0, " ");
    }
  }
  size_t width = 0;
  for (char c : spec) {
    if (c == '.') break;
    if (c >= '0' && c <= '9' && !(c == '0' && width == 0)) width = width * 10 + (c - '0');
  }
  if (digits.size() >= width) return digits;
  const size_t pad = width - digits.size();
  if (left) return digits + std::string(pad, ' ');
  if (zero) {
    const size_t sign = (digits[0] == '-' || digits[0] == '+' || digits[0] == ' ') ? 1 : 0;
    return digits.substr(0, sign) + std::string(pad, '0') + digits.substr(sign);
  }
  return std::string(pad, ' ') + digits;
}

std::string c_format(const std::string& spec, double v) {
  char buf[512];
  std::snprintf(buf, sizeof buf, spec.c_str(), v);
  return buf;
}

std::string format_number(std::string flags, char conv, double v) {
  if (std::isnan(v) || std::isinf(v)) {
    const std::string s = std::isnan(v) ? "NaN" : (v < 0 ? "-Inf" : "Inf");
    // Width applies; precision does not.
    std::string width;
    for (char c : flags) {
      if (c == '.') break;
      width.push_back(c);
    }
    char buf[256];
    std::snprintf(buf, sizeof buf, ("%" + width + "s").c_str(), s.c_str());
    return buf;
  }
  switch (conv) {
    case 'd':
    case 'i':
    case 'u':
      if (v != std::floor(v)) {
        // MATLAB: non-integer values print as %e (precision kept if given).
        return c_format("%" + flags + (flags.find('.') == std::string::npos ? "e" : "e"), v);
      }
      return c_format("%" + flags + ".0f", v);
    case 'x':
    case 'X':
    case 'o':
      if (v != std::floor(v) || v < 0) return c_format("%" + flags + "e", v);
      {
        char buf[128];
        std::snprintf(buf, sizeof buf, ("%" + flags + "ll" + conv).c_str(),
                      static_cast<long long>(v));
        return buf;
      }
    case 'c': {
      std::string s(1, static_cast<char>(static_cast<int>(v)));
      char buf[128];
      std::snprintf(buf, sizeof buf, ("%" + flags + "s").c_str(), s.c_str());
      return buf;
    }
    default:
      return c_format("%" + flags + conv, v);
  }
}

}  // namespace

std::string format_printf(const std::string& raw_format, const std::vector<Value>& args) {
  const std::string fmt = unescape_text(raw_format);
  std::deque<Item> items;
  for (const auto& a : args) {
    if (a.is_char()) {
      items.push_back({true, 0, a.to_text(), {}});
    } else if (a.is_string()) {
      for (int64_t i = 0; i < a.numel(); ++i) {
        const bool missing = a.string().is_missing(i);
        items.push_back(
            {true, 0, missing ? std::string("<missing>") : a.string().data[i], {}, true});
      }
    } else if (a.is_complex()) {
      // MATLAB: "Numeric conversions print only the real component of complex numbers."
      for (const auto& z : a.complex().data) items.push_back({false, z.real(), {}, {}});
    } else if (!a.is_numeric_like()) {
      throw_error("MATLAB:printf:InvalidInputType",
                  "Only numeric, logical, character and string arguments are supported, not %s.",
                  a.class_name());
    } else {
      const bool wide = a.is_array() && integer_bits(a.cls()) == 64 && is_integer_class(a.cls());
      for (int64_t i = 0; i < a.numel(); ++i) {
        Item item{false, a.elem(i), {}, {}};
        if (wide && std::fabs(item.num) >= 9007199254740992.0) {
          item.exact_digits = wide_to_string(get_wide(*a.arr(), i));
        }
        items.push_back(std::move(item));
      }
    }
  }
  std::string out;
  bool consumed_any = false;
  while (true) {
    bool used_arg_this_pass = false;
    size_t i = 0;
    while (i < fmt.size()) {
      const char c = fmt[i];
      if (c != '%') {
        out.push_back(c);
        ++i;
        continue;
      }
      if (i + 1 < fmt.size() && fmt[i + 1] == '%') {
        out.push_back('%');
        i += 2;
        continue;
      }
      // %[flags][width][.precision]conv, with * for width/precision from the arguments.
      size_t j = i + 1;
      std::string spec;
      while (j < fmt.size() && std::string("-+ #0123456789.*").find(fmt[j]) != std::string::npos) {
        if (fmt[j] == '*') {
          if (items.empty() || items.front().is_text) break;
          spec += std::to_string(static_cast<long long>(items.front().num));
          items.pop_front();
        } else {
          spec.push_back(fmt[j]);
        }
        ++j;
      }
      if (j >= fmt.size()) {
        out.append(fmt, i, std::string::npos);
        break;
      }
      const char conv = fmt[j];
      i = j + 1;
      if (std::string("diuoxXfeEgGcs").find(conv) == std::string::npos) {
        out.append(fmt, j - spec.size() - 1, spec.size() + 2);
        continue;
      }
      if (items.empty()) {
        if (consumed_any || used_arg_this_pass) {
          // Output stops at the first conversion with no data left.
          return out;
        }
        if (conv == 's' || conv == 'c') continue;  // no data: empty
        continue;
      }
      Item item = items.front();
      items.pop_front();
      used_arg_this_pass = true;
      if (conv == 's') {
        if (item.is_text) {
          char buf[4096];
          std::snprintf(buf, sizeof buf, ("%" + spec + "s").c_str(), item.text.c_str());
          out += buf;
        } else {
          // A number printed with %s appears as with %e/%g (shortest form).
          out += format_number(spec, item.num == std::floor(item.num) ? 'd' : 'g', item.num);
        }
        continue;
      }
      if (item.is_text && item.whole_text) {
        char buf[4096];
        std::snprintf(buf, sizeof buf, ("%" + spec + "s").c_str(), item.text.c_str());
        out += buf;
        continue;
      }
      if (item.is_text) {
        // A char array meeting a numeric conversion: its characters are the values.
        for (size_t k = 1; k < item.text.size(); ++k) {
          items.push_front(
              {false,
               static_cast<double>(static_cast<unsigned char>(item.text[item.text.size() - k])),
               {},
               {}});
        }
        if (item.text.empty()) continue;
        item = {false, static_cast<double>(static_cast<unsigned char>(item.text[0])), {}, {}};
      }
      if (!item.exact_digits.empty() && (conv == 'd' || conv == 'i' || conv == 'u')) {
        out += format_exact_integer(spec, item.exact_digits);
        continue;
      }
      out += format_number(spec, conv, item.num);
    }
    consumed_any = consumed_any || used_arg_this_pass;
    if (items.empty() || !used_arg_this_pass) break;
  }
  return out;
}

}  // namespace runmat::runtime
