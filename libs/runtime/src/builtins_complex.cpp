// Complex numbers: i j complex real imag conj angle isreal (abs, sqrt, exp ... accept complex
// input through elementwise.cpp).
#include <cmath>

#include "builtins.hpp"
#include "complex_ops.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"

namespace runmat::runtime {
namespace {

using cplx = std::complex<double>;

Value imaginary_unit() {
  auto c = std::make_shared<ComplexArray>();
  c->data[0] = {0.0, 1.0};
  return Value::complex(std::move(c));
}

Args unit_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, 0);
  return {imaginary_unit()};
}

// Real parts (part = 0) or imaginary parts (part = 1) of any numeric value.
Value part_of(const Value& v, int part) {
  if (!v.is_complex()) {
    if (!v.is_numeric_like()) {
      throw_error("MATLAB:UndefinedFunction", "Incorrect input type: %s.", v.class_name());
    }
    if (part == 0) return v;
    auto z = std::make_shared<Array>(v.cls() == ClassId::Single ? ClassId::Single : ClassId::Double,
                                     v.shape());
    if (z->cls() == ClassId::Double && z->numel() == 1) return Value::num(0.0);
    return Value::array(std::move(z));
  }
  const ComplexArray& c = v.complex();
  const ClassId cls = c.single ? ClassId::Single : ClassId::Double;
  if (cls == ClassId::Double && c.data.size() == 1 && c.shape.numel() == 1) {
    return Value::num(part == 0 ? c.data[0].real() : c.data[0].imag());
  }
  auto out = std::make_shared<Array>(cls, c.shape);
  for (size_t i = 0; i < c.data.size(); ++i) {
    out->set_from_double(static_cast<int64_t>(i), part == 0 ? c.data[i].real() : c.data[i].imag());
  }
  return Value::array(std::move(out));
}

Args real_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {part_of(args[0], 0)};
}

Args imag_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {part_of(args[0], 1)};
}

Args conj_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  if (!args[0].is_complex()) return {args[0]};
  Value out = args[0];
  for (auto& z : out.mutable_complex().data) z = std::conj(z);
  return {out};
}

Args angle_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  const Value c = to_complex(args[0]);
  const ComplexArray& x = c.complex();
  const ClassId cls = x.single ? ClassId::Single : ClassId::Double;
  auto out = std::make_shared<Array>(cls, x.shape);
  for (size_t i = 0; i < x.data.size(); ++i) {
    out->set_from_double(static_cast<int64_t>(i), std::arg(x.data[i]));
  }
  if (cls == ClassId::Double && out->numel() == 1) return {Value::num(out->data<double>()[0])};
  return {Value::array(std::move(out))};
}

// complex(a) or complex(a, b): always complex, even with zero imaginary parts.
Args complex_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  for (const Value& v : args) {
    if (!v.is_numeric_like() && !v.is_complex()) {
      throw_error("MATLAB:complex:invalidRealPartInput", "Input must be numeric.");
    }
    if (v.is_complex() && args.size() == 2) {
      throw_error("MATLAB:complex:invalidRealPartInput", "Inputs must be real.");
    }
  }
  if (args.size() == 1) return {to_complex(args[0])};
  Value out = complex_binary(RM_BIN_ADD, to_complex(args[0]),
                             complex_binary(RM_BIN_MUL, args[1], imaginary_unit()));
  if (!out.is_complex()) out = to_complex(out);
  return {out};
}

Args isreal_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  const Value& v = args[0];
  return {Value::logical(!v.is_complex() && (v.is_numeric_like() || v.is_string()))};
}

}  // namespace

void register_complex_builtins(BuiltinRegistry& reg) {
  reg.add("i", unit_fn, "i: the imaginary unit.");
  reg.add("j", unit_fn, "j: the imaginary unit.");
  reg.add("real", real_fn, "real(z): real parts.");
  reg.add("imag", imag_fn, "imag(z): imaginary parts.");
  reg.add("conj", conj_fn, "conj(z): complex conjugate.");
  reg.add("angle", angle_fn, "angle(z): phase angle in radians.");
  reg.add("complex", complex_fn, "complex(a, b): a + b*i, complex even when b is 0.");
  reg.add("isreal", isreal_fn, "isreal(x): true when x is not complex.");
}

}  // namespace runmat::runtime
