// Helpers shared by the builtins that call a user function repeatedly (fzero fminbnd
// fminsearch, ode45 ode23, integral quadgk): calling the function value, reading results, and
// the option structs of optimset/odeset (field names matched case-insensitively, [] = unset).
#pragma once

#include <complex>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "builtins.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"
#include "runmat/runtime/runtime.hpp"
#include "vm.hpp"

namespace runmat::runtime {

// A MATLAB-style error "MATLAB:<who>:<suffix>" of the solver `who`.
[[noreturn]] inline void solver_error(const char* who, const std::string& suffix,
                                      std::string message) {
  const std::string id = absl::StrCat("MATLAB:", who, ":", suffix);
  throw_error(id.c_str(), std::move(message));
}

inline Vm& solver_vm(CallContext& ctx) {
  if (!ctx.vm) throw_error("RunMat:internal", "%s needs an interpreter.", std::string(ctx.name));
  return *ctx.vm;
}

// The function argument: a handle or a function name.
inline const Value& require_function(const Value& fn, const char* who) {
  if (!fn.is_handle() && !fn.is_char() && !fn.is_string()) {
    solver_error(who, "InvalidFunction",
                 absl::StrFormat("FUN must be a function handle or a function name."));
  }
  return fn;
}

// The first output of fn(args...); a function that returns nothing is an error.
inline Value call_one(Vm& vm, const Value& fn, Args args) {
  Args r = vm.call_value(fn, std::move(args), 1);
  if (r.empty() || !r[0].is_defined()) {
    throw_error("MATLAB:TooManyOutputs", "Too many output arguments.");
  }
  return std::move(r[0]);
}

// A function value read as complex numbers (real results have zero imaginary parts).
inline std::vector<std::complex<double>> complex_elements(const Value& v, const char* who) {
  std::vector<std::complex<double>> out;
  if (v.is_complex()) return v.complex().data;
  if (!v.is_numeric_like()) {
    solver_error(
        who, "InvalidFunctionValue",
        absl::StrFormat("The function must return numeric values, not a value of class %s.",
                        v.class_name()));
  }
  out.reserve(static_cast<size_t>(v.numel()));
  for (int64_t i = 0; i < v.numel(); ++i) out.emplace_back(v.elem(i), 0.0);
  return out;
}

// A scalar objective value. `is_real` reports a complex value with a nonzero imaginary part.
struct ScalarValue {
  double value = 0;
  bool is_real = true;
};

inline ScalarValue scalar_value(const Value& v, const char* who) {
  if (v.numel() != 1) {
    solver_error(who, "NonScalarObj",
                 absl::StrFormat("The function must return a scalar value; it returned a %s array.",
                                 v.shape().to_string()));
  }
  const auto z = complex_elements(v, who)[0];
  return {z.real(), z.imag() == 0};
}

// ---- option structs ----------------------------------------------------------------------

// The value of field `name` (case-insensitive); nullptr when absent or [] (unset).
inline const Value* option_field(const Value& opts, const std::string& name) {
  if (!opts.is_struct() || opts.structure().numel() != 1) return nullptr;
  const StructArray& s = opts.structure();
  for (size_t f = 0; f < s.fields.size(); ++f) {
    if (absl::EqualsIgnoreCase(s.fields[f], name)) {
      const Value& v = s.at(0, static_cast<int>(f));
      if (!v.is_defined() || (v.numel() == 0 && !v.is_handle())) return nullptr;
      return &v;
    }
  }
  return nullptr;
}

inline double option_double(const Value& opts, const std::string& name, double fallback) {
  const Value* v = option_field(opts, name);
  if (!v) return fallback;
  if (!v->is_numeric_like() || v->numel() != 1) {
    throw_error("MATLAB:optimfun:InvalidOption", "Option '%s' must be a real scalar.", name);
  }
  return v->elem(0);
}

inline std::string option_text(const Value& opts, const std::string& name,
                               const std::string& fallback) {
  const Value* v = option_field(opts, name);
  if (!v) return fallback;
  if (!v->is_char() && !v->is_string()) {
    throw_error("MATLAB:optimfun:InvalidOption", "Option '%s' must be text.", name);
  }
  return absl::AsciiStrToLower(v->to_text());
}

// The options argument: a struct or [] (no options).
inline Value options_arg(const Value& v, const char* who) {
  if (v.is_struct()) return v;
  if (v.is_numeric_like() && v.numel() == 0) return Value();
  solver_error(
      who, "InvalidOptions",
      absl::StrFormat("OPTIONS must be a structure created with optimset or odeset, or []."));
}

// A 1x1 struct with fields in the given order.
inline Value make_struct(std::vector<std::pair<std::string, Value>> fields) {
  auto s = std::make_shared<StructArray>(Shape::scalar());
  for (auto& [name, value] : fields) s->fields.push_back(name);
  for (auto& [name, value] : fields) s->values.push_back(std::move(value));
  return Value::structure(std::move(s));
}

}  // namespace runmat::runtime
