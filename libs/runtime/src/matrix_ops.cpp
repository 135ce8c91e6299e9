#include "matrix_ops.hpp"

#include <Eigen/Dense>
#include <cmath>

#include "elementwise.hpp"
#include "runmat/core/error.hpp"

namespace runmat::runtime {
namespace {

using MatD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;

void require_2d(const Value& v, const char* op) {
  if (v.shape().ndims() > 2) {
    throw_error("MATLAB:mtimes:inputsMustBe2D",
                "Arguments must be 2-D, or at least one argument must be scalar. Use TIMES (.*) "
                "for elementwise multiplication.");
  }
  (void)op;
}

MatD to_eigen(const Value& v) {
  const ArrayPtr a = v.as_array();
  MatD m(a->shape().rows(), a->shape().cols());
  for (int64_t i = 0; i < a->numel(); ++i) m.data()[i] = a->get_as_double(i);
  return m;
}

Value from_eigen(const MatD& m, ClassId cls) {
  auto out = std::make_shared<Array>(cls, Shape{m.rows(), m.cols()}, Array::Uninitialized{});
  for (int64_t i = 0; i < out->numel(); ++i) {
    if (cls == ClassId::Single) {
      out->mutable_data<float>()[i] = static_cast<float>(m.data()[i]);
    } else {
      out->mutable_data<double>()[i] = m.data()[i];
    }
  }
  if (cls == ClassId::Double && out->numel() == 1) return Value::num(m.data()[0]);
  return Value::array(std::move(out));
}

}  // namespace

Value matrix_multiply(Runtime& rt, const Value& a, const Value& b) {
  require_2d(a, "mtimes");
  require_2d(b, "mtimes");
  if (a.shape().cols() != b.shape().rows()) {
    throw_error("MATLAB:innerdim",
                "Incorrect dimensions for matrix multiplication. Check that the number of columns "
                "in the first matrix matches the number of rows in the second matrix. To operate "
                "on each element of the matrix individually, use TIMES (.*) for elementwise "
                "multiplication.");
  }
  const ClassId cls = arithmetic_class(a.cls(), b.cls());
  return from_eigen(to_eigen(a) * to_eigen(b), cls);
}

Value matrix_left_divide(Runtime& rt, const Value& a, const Value& b) {
  require_2d(a, "mldivide");
  require_2d(b, "mldivide");
  if (a.shape().rows() != b.shape().rows()) {
    throw_error("MATLAB:dimagree", "Matrix dimensions must agree.");
  }
  const MatD A = to_eigen(a), B = to_eigen(b);
  const ClassId cls = arithmetic_class(a.cls(), b.cls());
  if (A.rows() == A.cols()) return from_eigen(A.partialPivLu().solve(B), cls);
  return from_eigen(A.colPivHouseholderQr().solve(B), cls);  // least squares, as MATLAB
}

Value matrix_right_divide(Runtime& rt, const Value& a, const Value& b) {
  require_2d(a, "mrdivide");
  require_2d(b, "mrdivide");
  if (a.shape().cols() != b.shape().cols()) {
    throw_error("MATLAB:dimagree", "Matrix dimensions must agree.");
  }
  // X = A / B solves X * B = A, i.e. B' * X' = A'.
  const MatD At = to_eigen(a).transpose(), Bt = to_eigen(b).transpose();
  const ClassId cls = arithmetic_class(a.cls(), b.cls());
  if (Bt.rows() == Bt.cols()) return from_eigen(Bt.partialPivLu().solve(At).transpose(), cls);
  return from_eigen(Bt.colPivHouseholderQr().solve(At).transpose(), cls);
}

Value matrix_power(Runtime& rt, const Value& a, const Value& p) {
  const bool square = a.shape().ndims() == 2 && a.shape().rows() == a.shape().cols();
  if (a.is_scalar() && !p.is_scalar() && p.shape().ndims() == 2 &&
      p.shape().rows() == p.shape().cols()) {
    throw_error("RunMat:notImplemented", "A scalar raised to a matrix power is not supported yet.");
  }
  if (!p.is_scalar() || !square) {
    throw_error("MATLAB:mpower:notScalarAndSquareMatrix",
                "Incorrect dimensions for raising a matrix to a power. Check that the matrix is "
                "square and the power is a scalar. To operate on each element of the matrix "
                "individually, use POWER (.^) for elementwise power.");
  }
  const double e = p.elem(0);
  if (!std::isfinite(e) || e != std::floor(e)) {
    throw_error("RunMat:notImplemented",
                "Matrix power with a non-integer or non-finite exponent is not supported yet.");
  }
  const ClassId cls = arithmetic_class(a.cls(), p.cls());
  const int64_t n = a.shape().rows();
  MatD base = to_eigen(a);
  if (e < 0) base = base.partialPivLu().inverse();
  MatD result = MatD::Identity(n, n);
  // Repeated squaring over the bits of |e| (a double, so any finite exponent is fine).
  for (double k = std::fabs(e); k >= 1;) {
    const double half = std::floor(k / 2);
    if (k - 2 * half == 1) result = result * base;
    k = half;
    if (k >= 1) base = base * base;
  }
  return from_eigen(result, cls);
}

Value transpose(Runtime& rt, const Value& a) {
  if (a.is_num()) return a;
  if (a.shape().ndims() > 2) {
    throw_error("MATLAB:transpose:ND",
                "Transpose on ND array is not defined. Use PERMUTE instead.");
  }
  const ArrayPtr in = a.as_array();
  const int64_t r = in->shape().rows(), c = in->shape().cols();
  auto out = std::make_shared<Array>(in->cls(), Shape{c, r}, Array::Uninitialized{});
  const size_t es = element_size(in->cls());
  const auto* src = static_cast<const uint8_t*>(in->host_bytes());
  auto* dst = static_cast<uint8_t*>(out->mutable_bytes());
  for (int64_t j = 0; j < c; ++j) {
    for (int64_t i = 0; i < r; ++i) {
      std::memcpy(dst + (i * c + j) * es, src + (j * r + i) * es, es);
    }
  }
  out->set_gpu(in->is_gpu());
  return Value::array(std::move(out));
}

}  // namespace runmat::runtime
