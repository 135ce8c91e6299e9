// isequal isequaln xor: deep equality over every kind of value, with MATLAB's rules (numeric
// values compare by value across classes, 'a' equals 97, a string equals the same char
// vector, struct field order does not matter, NaN equals NaN only for isequaln).
#include <cmath>

#include "builtins.hpp"
#include "elementwise.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"
#include "runmat/runtime/runtime.hpp"

namespace runmat::runtime {
namespace {

bool equal_values(const Value& a, const Value& b, bool nan_equal);

bool text_like(const Value& v) {
  return v.is_char() || (v.is_string() && v.numel() == 1);
}

bool equal_numeric(const Value& a, const Value& b, bool nan_equal) {
  if (a.shape() != b.shape()) return false;
  for (int64_t i = 0; i < a.numel(); ++i) {
    const double x = a.elem(i), y = b.elem(i);
    if (x == y) continue;
    if (nan_equal && std::isnan(x) && std::isnan(y)) continue;
    return false;
  }
  return true;
}

// Complex against complex or real: equal parts (a real value's imaginary parts are 0).
bool equal_complex(const Value& a, const Value& b, bool nan_equal) {
  if (a.shape() != b.shape()) return false;
  auto part = [](const Value& v, int64_t i) {
    return v.is_complex() ? v.complex().data[static_cast<size_t>(i)]
                          : std::complex<double>(v.elem(i), 0.0);
  };
  auto same = [&](double x, double y) {
    return x == y || (nan_equal && std::isnan(x) && std::isnan(y));
  };
  for (int64_t i = 0; i < a.numel(); ++i) {
    const std::complex<double> x = part(a, i), y = part(b, i);
    if (!same(x.real(), y.real()) || !same(x.imag(), y.imag())) return false;
  }
  return true;
}

bool equal_values(const Value& a, const Value& b, bool nan_equal) {
  if (a.is_numeric_like() && b.is_numeric_like()) return equal_numeric(a, b, nan_equal);
  if ((a.is_complex() || b.is_complex()) && (a.is_complex() || a.is_numeric_like()) &&
      (b.is_complex() || b.is_numeric_like())) {
    return equal_complex(a, b, nan_equal);
  }
  if (a.is_string() || b.is_string()) {
    if (a.is_string() && b.is_string()) {
      const StringArray &x = a.string(), &y = b.string();
      if (x.shape != y.shape) return false;
      for (size_t i = 0; i < x.data.size(); ++i) {
        // <missing> never equals anything (like NaN), except under isequaln.
        const bool mx = x.is_missing(static_cast<int64_t>(i));
        const bool my = y.is_missing(static_cast<int64_t>(i));
        if (mx || my) {
          if (!(nan_equal && mx && my)) return false;
          continue;
        }
        if (x.data[i] != y.data[i]) return false;
      }
      return true;
    }
    // A string scalar equals a char row vector with the same text.
    const Value& s = a.is_string() ? a : b;
    const Value& c = a.is_string() ? b : a;
    if (!text_like(c) || s.numel() != 1 || s.string().is_missing(0)) return false;
    if (c.shape().rows() > 1) return false;
    return s.to_text() == c.to_text();
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Value::Kind::Cell: {
      if (a.shape() != b.shape()) return false;
      for (size_t i = 0; i < a.cell().data.size(); ++i) {
        if (!equal_values(a.cell().data[i], b.cell().data[i], nan_equal)) return false;
      }
      return true;
    }
    case Value::Kind::Struct: {
      const StructArray &x = a.structure(), &y = b.structure();
      if (x.shape != y.shape || x.fields.size() != y.fields.size()) return false;
      for (size_t f = 0; f < x.fields.size(); ++f) {
        const int g = y.find_field(x.fields[f]);
        if (g < 0) return false;
        for (int64_t e = 0; e < x.numel(); ++e) {
          if (!equal_values(x.at(e, static_cast<int>(f)), y.at(e, g), nan_equal)) return false;
        }
      }
      return true;
    }
    case Value::Kind::Handle:
      return a.handle().text == b.handle().text && a.handle().code == b.handle().code;
    case Value::Kind::Object: {
      const ObjectValue &x = a.object(), &y = b.object();
      if (x.class_name != y.class_name || x.names.size() != y.names.size()) return false;
      for (size_t i = 0; i < x.names.size(); ++i) {
        const int j = y.find(x.names[i]);
        if (j < 0 || !equal_values(x.props[i], y.props[j], nan_equal)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

template <bool NanEqual>
Args isequal_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, SIZE_MAX);
  for (size_t i = 1; i < args.size(); ++i) {
    if (!equal_values(args[0], args[i], NanEqual)) return {Value::logical(false)};
  }
  return {Value::logical(true)};
}

Args xor_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 2);
  Value a = binary_operator(ctx.rt, lang::BinOp::Ne, args[0], Value::num(0));
  Value b = binary_operator(ctx.rt, lang::BinOp::Ne, args[1], Value::num(0));
  return {binary_operator(ctx.rt, lang::BinOp::Ne, a, b)};
}

}  // namespace

void register_equality_builtins(BuiltinRegistry& reg) {
  reg.add("isequal", isequal_fn<false>,
          "isequal(a, b, ...): true when all values are equal (any class; NaN ~= NaN).");
  reg.add("isequaln", isequal_fn<true>,
          "isequaln(a, b, ...): isequal with NaN (and <missing>) equal to each other.");
  reg.add("xor", xor_fn, "xor(a, b): logical exclusive or, elementwise.");
}

}  // namespace runmat::runtime
