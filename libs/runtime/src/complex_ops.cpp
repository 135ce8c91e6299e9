#include "complex_ops.hpp"

#include <cmath>
#include <complex>

#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"

namespace runmat::runtime {
namespace {

using cplx = std::complex<double>;

bool is_single(const Value& v) {
  return v.is_complex() ? v.complex().single : v.cls() == ClassId::Single;
}

cplx round_single(cplx z) {
  return {static_cast<double>(static_cast<float>(z.real())),
          static_cast<double>(static_cast<float>(z.imag()))};
}

// Elementwise over two operands with implicit expansion.
template <typename Fn>
Value zip(const Value& a, const Value& b, Fn fn) {
  const Value ca = to_complex(a), cb = to_complex(b);
  Shape out_shape;
  if (!broadcast_shapes(ca.shape(), cb.shape(), &out_shape)) {
    throw_error("MATLAB:sizeDimensionsMustMatch",
                "Arrays have incompatible sizes for this "
                "operation.");
  }
  const bool single = is_single(a) || is_single(b);
  auto out = std::make_shared<ComplexArray>(out_shape);
  out->single = single;
  const auto& x = ca.complex();
  const auto& y = cb.complex();
  const int nd = std::max({out_shape.ndims(), x.shape.ndims(), y.shape.ndims()});
  std::vector<int64_t> ix(static_cast<size_t>(nd), 0);
  for (int64_t i = 0; i < out_shape.numel(); ++i) {
    int64_t ox = 0, oy = 0, sx = 1, sy = 1;
    for (int d = 0; d < nd; ++d) {
      if (x.shape.dim(d) != 1) ox += ix[d] * sx;
      if (y.shape.dim(d) != 1) oy += ix[d] * sy;
      sx *= x.shape.dim(d);
      sy *= y.shape.dim(d);
    }
    cplx r = fn(x.data[static_cast<size_t>(ox)], y.data[static_cast<size_t>(oy)]);
    out->data[static_cast<size_t>(i)] = single ? round_single(r) : r;
    for (int d = 0; d < nd; ++d) {
      if (++ix[d] < out_shape.dim(d)) break;
      ix[d] = 0;
    }
  }
  return Value::complex(std::move(out));
}

template <typename Fn>
Value map(const Value& a, Fn fn) {
  const Value ca = to_complex(a);
  auto out = std::make_shared<ComplexArray>(ca.shape());
  out->single = is_single(a);
  const auto& x = ca.complex();
  for (size_t i = 0; i < x.data.size(); ++i) {
    const cplx r = fn(x.data[i]);
    out->data[i] = out->single ? round_single(r) : r;
  }
  return Value::complex(std::move(out));
}

// Logical result of a predicate over complex elements (with expansion).
template <typename Fn>
Value zip_logical(const Value& a, const Value& b, Fn fn) {
  Value z = zip(a, b, [&](cplx x, cplx y) { return cplx(fn(x, y) ? 1.0 : 0.0, 0.0); });
  const auto& c = z.complex();
  auto out = std::make_shared<Array>(ClassId::Logical, c.shape);
  for (size_t i = 0; i < c.data.size(); ++i)
    out->mutable_data<uint8_t>()[i] = c.data[i].real() != 0;
  if (out->numel() == 1) return Value::logical(c.data[0].real() != 0);
  return Value::array(std::move(out));
}

// MATLAB's power: real exponents of real bases stay exact where the real result exists.
cplx cpow(cplx x, cplx y) {
  if (x.imag() == 0 && y.imag() == 0 &&
      (x.real() >= 0 || y.real() == std::floor(y.real()) || std::isnan(x.real()))) {
    return {std::pow(x.real(), y.real()), 0};  // the real result exists: exactly as real pow
  }
  if (y == cplx(0, 0)) return {1, 0};
  if (x == cplx(0, 0)) {
    if (y.real() > 0) return {0, 0};
    return {INFINITY, 0};
  }
  if (y.imag() == 0 && y.real() == std::floor(y.real()) && std::fabs(y.real()) <= 64) {
    // Integer powers by repeated multiplication, as MATLAB's results show (i^2 = -1 exactly).
    auto n = static_cast<long>(y.real());
    cplx base = n < 0 ? cplx(1, 0) / x : x, r(1, 0);
    for (n = std::labs(n); n > 0; n >>= 1) {
      if (n & 1) r *= base;
      base *= base;
    }
    return r;
  }
  return std::pow(x, y);
}

// MATLAB's asin: for a real argument beyond [-1, 1] it evaluates -i*log(i*z + sqrt(1 - z^2))
// with an exactly zero imaginary part, which picks the other side of the branch cut than
// std::asin's +0 convention for z > 1 (asin(2) = 1.5708 - 1.3170i).
cplx masin(cplx z) {
  if (z.imag() == 0 && std::fabs(z.real()) > 1) {
    const cplx i(0, 1);
    return -i * std::log(i * z + std::sqrt(cplx(1, 0) - z * z));
  }
  return std::asin(z);
}

cplx cdiv(cplx x, cplx y) {
  if (y.imag() == 0) return {x.real() / y.real(), x.imag() / y.real()};
  return x / y;
}

}  // namespace

Value to_complex(const Value& v) {
  if (v.is_complex()) return v;
  if (!v.is_numeric_like()) {
    throw_error("MATLAB:invalidConversion", "Conversion to complex from %s is not possible.",
                v.class_name());
  }
  auto out = std::make_shared<ComplexArray>(v.shape());
  out->single = v.cls() == ClassId::Single;
  for (int64_t i = 0; i < v.numel(); ++i) out->data[static_cast<size_t>(i)] = {v.elem(i), 0.0};
  return Value::complex(std::move(out));
}

Value complex_cast(const Value& z, ClassId cls) {
  if (cls == ClassId::Logical) {
    throw_error("MATLAB:nologicalcomplex", "Complex values cannot be converted to logicals.");
  }
  if (cls != ClassId::Double && cls != ClassId::Single) {
    throw_error("RunMat:complex:integerClass",
                "Conversion of complex values to %s is not supported.",
                std::string(class_name(cls)));
  }
  auto out = std::make_shared<ComplexArray>(z.complex());
  out->single = cls == ClassId::Single;
  if (out->single) {
    for (cplx& v : out->data) v = {static_cast<float>(v.real()), static_cast<float>(v.imag())};
  }
  return Value::complex(std::move(out));
}

Value narrow_complex(Value v) {
  if (!v.is_complex()) return v;
  const ComplexArray& c = v.complex();
  for (const cplx& z : c.data) {
    if (z.imag() != 0 || std::isnan(z.imag())) return v;
  }
  const ClassId cls = c.single ? ClassId::Single : ClassId::Double;
  if (cls == ClassId::Double && c.data.size() == 1 && c.shape.numel() == 1) {
    return Value::num(c.data[0].real());
  }
  auto a = std::make_shared<Array>(cls, c.shape);
  for (size_t i = 0; i < c.data.size(); ++i) {
    a->set_from_double(static_cast<int64_t>(i), c.data[i].real());
  }
  return Value::array(std::move(a));
}

Value complex_binary(rm_ir_binary op, const Value& a, const Value& b) {
  switch (op) {
    case RM_BIN_ADD:
      return narrow_complex(zip(a, b, [](cplx x, cplx y) { return x + y; }));
    case RM_BIN_SUB:
      return narrow_complex(zip(a, b, [](cplx x, cplx y) { return x - y; }));
    case RM_BIN_MUL:
      return narrow_complex(zip(a, b, [](cplx x, cplx y) { return x * y; }));
    case RM_BIN_DIV:
      return narrow_complex(zip(a, b, cdiv));
    case RM_BIN_POW:
      return narrow_complex(zip(a, b, cpow));
    case RM_BIN_HYPOT:
      return narrow_complex(
          zip(a, b, [](cplx x, cplx y) { return cplx(std::hypot(std::abs(x), std::abs(y)), 0); }));
    case RM_BIN_AND:
      return zip_logical(a, b, [](cplx x, cplx y) { return x != cplx(0) && y != cplx(0); });
    case RM_BIN_OR:
      return zip_logical(a, b, [](cplx x, cplx y) { return x != cplx(0) || y != cplx(0); });
    case RM_BIN_XOR:
      return zip_logical(a, b, [](cplx x, cplx y) { return (x != cplx(0)) != (y != cplx(0)); });
    case RM_BIN_MAX:
    case RM_BIN_MIN: {
      // MATLAB orders complex numbers by magnitude, then phase angle.
      const bool want_max = op == RM_BIN_MAX;
      return narrow_complex(zip(a, b, [want_max](cplx x, cplx y) {
        if (std::isnan(x.real()) || std::isnan(x.imag())) return y;
        if (std::isnan(y.real()) || std::isnan(y.imag())) return x;
        const double ax = std::abs(x), ay = std::abs(y);
        const bool x_bigger = ax != ay ? ax > ay : std::arg(x) > std::arg(y);
        return x_bigger == want_max ? x : y;
      }));
    }
    default:
      throw_error("MATLAB:complexNotSupported",
                  "This operation is not defined for complex inputs.");
  }
}

Value complex_compare(rm_ir_compare op, const Value& a, const Value& b) {
  switch (op) {
    case RM_CMP_EQ:
      return zip_logical(a, b, [](cplx x, cplx y) { return x == y; });
    case RM_CMP_NE:
      return zip_logical(a, b, [](cplx x, cplx y) { return x != y; });
    case RM_CMP_LT:
      return zip_logical(a, b, [](cplx x, cplx y) { return x.real() < y.real(); });
    case RM_CMP_LE:
      return zip_logical(a, b, [](cplx x, cplx y) { return x.real() <= y.real(); });
    case RM_CMP_GT:
      return zip_logical(a, b, [](cplx x, cplx y) { return x.real() > y.real(); });
    case RM_CMP_GE:
      return zip_logical(a, b, [](cplx x, cplx y) { return x.real() >= y.real(); });
    default:
      throw_error("RunMat:internal", "Unexpected comparison.");
  }
}

Value complex_unary(rm_ir_unary op, const Value& a) {
  auto real_result = [&](auto fn) {
    const Value c = to_complex(a);
    const ComplexArray& x = c.complex();
    const ClassId cls = x.single ? ClassId::Single : ClassId::Double;
    auto out = std::make_shared<Array>(cls, x.shape);
    for (size_t i = 0; i < x.data.size(); ++i) {
      out->set_from_double(static_cast<int64_t>(i), fn(x.data[i]));
    }
    if (cls == ClassId::Double && out->numel() == 1) return Value::num(out->data<double>()[0]);
    return Value::array(std::move(out));
  };
  auto logical_result = [&](auto fn) {
    const Value c = to_complex(a);
    const ComplexArray& x = c.complex();
    auto out = std::make_shared<Array>(ClassId::Logical, x.shape);
    for (size_t i = 0; i < x.data.size(); ++i) out->mutable_data<uint8_t>()[i] = fn(x.data[i]);
    if (out->numel() == 1) return Value::logical(out->data<uint8_t>()[0] != 0);
    return Value::array(std::move(out));
  };
  switch (op) {
    case RM_UN_NEG:
      return map(a, [](cplx z) { return -z; });
    case RM_UN_ABS:
      return real_result([](cplx z) { return std::abs(z); });
    case RM_UN_SQRT:
      return narrow_complex(map(a, [](cplx z) { return std::sqrt(z); }));
    case RM_UN_EXP:
      return narrow_complex(map(a, [](cplx z) { return std::exp(z); }));
    case RM_UN_LOG:
      return narrow_complex(map(a, [](cplx z) { return std::log(z); }));
    case RM_UN_LOG2:
      return narrow_complex(map(a, [](cplx z) { return std::log(z) / std::log(2.0); }));
    case RM_UN_LOG10:
      return narrow_complex(map(a, [](cplx z) { return std::log10(z); }));
    case RM_UN_LOG1P:
      return narrow_complex(map(a, [](cplx z) { return std::log(cplx(1, 0) + z); }));
    case RM_UN_EXPM1:
      return narrow_complex(map(a, [](cplx z) { return std::exp(z) - cplx(1, 0); }));
    case RM_UN_SIN:
      return narrow_complex(map(a, [](cplx z) { return std::sin(z); }));
    case RM_UN_COS:
      return narrow_complex(map(a, [](cplx z) { return std::cos(z); }));
    case RM_UN_TAN:
      return narrow_complex(map(a, [](cplx z) { return std::tan(z); }));
    case RM_UN_ASIN:
      return narrow_complex(map(a, masin));
    case RM_UN_ACOS:
      return narrow_complex(map(a, [](cplx z) { return cplx(M_PI / 2, 0) - masin(z); }));
    case RM_UN_ATAN:
      return narrow_complex(map(a, [](cplx z) { return std::atan(z); }));
    case RM_UN_SINH:
      return narrow_complex(map(a, [](cplx z) { return std::sinh(z); }));
    case RM_UN_COSH:
      return narrow_complex(map(a, [](cplx z) { return std::cosh(z); }));
    case RM_UN_TANH:
      return narrow_complex(map(a, [](cplx z) { return std::tanh(z); }));
    case RM_UN_FLOOR:
      return narrow_complex(
          map(a, [](cplx z) { return cplx(std::floor(z.real()), std::floor(z.imag())); }));
    case RM_UN_CEIL:
      return narrow_complex(
          map(a, [](cplx z) { return cplx(std::ceil(z.real()), std::ceil(z.imag())); }));
    case RM_UN_ROUND:
      return narrow_complex(
          map(a, [](cplx z) { return cplx(std::round(z.real()), std::round(z.imag())); }));
    case RM_UN_FIX:
      return narrow_complex(
          map(a, [](cplx z) { return cplx(std::trunc(z.real()), std::trunc(z.imag())); }));
    case RM_UN_SIGN:
      return narrow_complex(map(a, [](cplx z) { return z == cplx(0) ? z : z / std::abs(z); }));
    case RM_UN_NOT:
      return logical_result([](cplx z) { return z == cplx(0); });
    case RM_UN_ISNAN:
      return logical_result([](cplx z) { return std::isnan(z.real()) || std::isnan(z.imag()); });
    case RM_UN_ISINF:
      return logical_result([](cplx z) { return std::isinf(z.real()) || std::isinf(z.imag()); });
    case RM_UN_ISFINITE:
      return logical_result(
          [](cplx z) { return std::isfinite(z.real()) && std::isfinite(z.imag()); });
    default:
      throw_error("MATLAB:complexNotSupported", "This function is not defined for complex inputs.");
  }
}

Value complex_unary_operator(lang::UnOp op, const Value& a) {
  switch (op) {
    case lang::UnOp::Neg:
      return complex_unary(RM_UN_NEG, a);
    case lang::UnOp::Plus:
      return a;
    case lang::UnOp::Not:
      return complex_unary(RM_UN_NOT, a);
    case lang::UnOp::Transpose:
    case lang::UnOp::CTranspose: {
      const ComplexArray& x = a.complex();
      if (x.shape.ndims() > 2) {
        throw_error("MATLAB:transpose:ND",
                    "Transpose on ND array is not defined. Use PERMUTE instead.");
      }
      const int64_t rows = x.shape.rows(), cols = x.shape.cols();
      auto out = std::make_shared<ComplexArray>(Shape{cols, rows});
      out->single = x.single;
      const bool conj = op == lang::UnOp::CTranspose;
      for (int64_t r = 0; r < rows; ++r) {
        for (int64_t c = 0; c < cols; ++c) {
          const cplx z = x.data[static_cast<size_t>(c * rows + r)];
          out->data[static_cast<size_t>(r * cols + c)] = conj ? std::conj(z) : z;
        }
      }
      return Value::complex(std::move(out));
    }
  }
  throw_error("RunMat:internal", "Unexpected operator.");
}

Value complex_binary_operator(lang::BinOp op, const Value& a, const Value& b) {
  using lang::BinOp;
  switch (op) {
    case BinOp::Add:
      return complex_binary(RM_BIN_ADD, a, b);
    case BinOp::Sub:
      return complex_binary(RM_BIN_SUB, a, b);
    case BinOp::ElemMul:
      return complex_binary(RM_BIN_MUL, a, b);
    case BinOp::ElemDiv:
      return complex_binary(RM_BIN_DIV, a, b);
    case BinOp::ElemLDiv:
      return complex_binary(RM_BIN_DIV, b, a);
    case BinOp::ElemPow:
      return complex_binary(RM_BIN_POW, a, b);
    case BinOp::MatMul: {
      if (a.is_scalar() || b.is_scalar()) return complex_binary(RM_BIN_MUL, a, b);
      const Value ca = to_complex(a), cb = to_complex(b);
      const ComplexArray &x = ca.complex(), &y = cb.complex();
      if (x.shape.ndims() > 2 || y.shape.ndims() > 2 || x.shape.cols() != y.shape.rows()) {
        throw_error("MATLAB:innerdim",
                    "Incorrect dimensions for matrix multiplication. Check that the number of "
                    "columns in the first matrix matches the number of rows in the second "
                    "matrix. To operate on each element of the matrix individually, use TIMES "
                    "(.*) for elementwise multiplication.");
      }
      const int64_t m = x.shape.rows(), k = x.shape.cols(), n = y.shape.cols();
      auto out = std::make_shared<ComplexArray>(Shape{m, n});
      out->single = x.single || y.single;
      for (int64_t j = 0; j < n; ++j) {
        for (int64_t p = 0; p < k; ++p) {
          const cplx yv = y.data[static_cast<size_t>(j * k + p)];
          for (int64_t i = 0; i < m; ++i) {
            out->data[static_cast<size_t>(j * m + i)] +=
                x.data[static_cast<size_t>(p * m + i)] * yv;
          }
        }
      }
      if (out->single) {
        for (auto& z : out->data) z = round_single(z);
      }
      return narrow_complex(Value::complex(std::move(out)));
    }
    case BinOp::MatDiv:
      if (b.is_scalar()) return complex_binary(RM_BIN_DIV, a, b);
      break;
    case BinOp::MatLDiv:
      if (a.is_scalar()) return complex_binary(RM_BIN_DIV, b, a);
      break;
    case BinOp::MatPow:
      if (a.is_scalar() && b.is_scalar()) return complex_binary(RM_BIN_POW, a, b);
      break;
    case BinOp::Eq:
      return complex_compare(RM_CMP_EQ, a, b);
    case BinOp::Ne:
      return complex_compare(RM_CMP_NE, a, b);
    case BinOp::Lt:
      return complex_compare(RM_CMP_LT, a, b);
    case BinOp::Le:
      return complex_compare(RM_CMP_LE, a, b);
    case BinOp::Gt:
      return complex_compare(RM_CMP_GT, a, b);
    case BinOp::Ge:
      return complex_compare(RM_CMP_GE, a, b);
    case BinOp::ElemAnd:
      return complex_binary(RM_BIN_AND, a, b);
    case BinOp::ElemOr:
      return complex_binary(RM_BIN_OR, a, b);
    default:
      break;
  }
  throw_error("RunMat:notImplemented",
              "Complex matrix division and matrix powers are not supported yet.");
}

bool real_op_needs_complex(rm_ir_unary op, const Value& a) {
  if (!a.is_numeric_like() || !(a.cls() == ClassId::Double || a.cls() == ClassId::Single)) {
    return false;
  }
  if (a.is_array() && !a.arr()->host_valid()) return false;  // deferred: kernel semantics
  bool (*outside)(double) = nullptr;
  switch (op) {
    case RM_UN_SQRT:
    case RM_UN_LOG:
    case RM_UN_LOG2:
    case RM_UN_LOG10:
      outside = [](double x) { return x < 0; };
      break;
    case RM_UN_LOG1P:
      outside = [](double x) { return x < -1; };
      break;
    case RM_UN_ASIN:
    case RM_UN_ACOS:
      outside = [](double x) { return x < -1 || x > 1; };
      break;
    default:
      return false;
  }
  for (int64_t i = 0; i < a.numel(); ++i) {
    if (outside(a.elem(i))) return true;
  }
  return false;
}

bool real_pow_needs_complex(const Value& base, const Value& exponent) {
  for (const Value* v : {&base, &exponent}) {
    if (!v->is_numeric_like() || !(v->cls() == ClassId::Double || v->cls() == ClassId::Single)) {
      return false;
    }
    if (v->is_array() && !v->arr()->host_valid()) return false;
  }
  bool any_negative = false;
  for (int64_t i = 0; i < base.numel() && !any_negative; ++i) any_negative = base.elem(i) < 0;
  if (!any_negative) return false;
  for (int64_t i = 0; i < exponent.numel(); ++i) {
    const double e = exponent.elem(i);
    if (std::isfinite(e) && e != std::floor(e)) return true;
  }
  return false;
}

}  // namespace runmat::runtime
