#include "matrix_ops.hpp"

#include <Eigen/Dense>
#include <cmath>
#include <limits>

#include "absl/strings/str_format.h"
#include "elementwise.hpp"
#include "runmat/core/error.hpp"
#include "runmat/runtime/runtime.hpp"

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

void numeric_warning(Runtime& rt, const std::string& id, const std::string& msg) {
  // warning('off', id) / warning('off', 'all') silence it, as for warning() itself.
  auto it = rt.warnings_off.find(id);
  if (it == rt.warnings_off.end()) it = rt.warnings_off.find("all");
  if (it != rt.warnings_off.end() && it->second) return;
  rt.last_warning = msg;
  rt.err() << "Warning: " << msg << "\n";
}

namespace {

double class_eps(ClassId cls) {
  return cls == ClassId::Single ? static_cast<double>(std::numeric_limits<float>::epsilon())
                                : std::numeric_limits<double>::epsilon();
}

// MATLAB's warnings for a square system: exactly singular (a zero pivot) or a reciprocal
// condition estimate below eps. Returns true when the matrix is exactly singular.
bool warn_if_ill_conditioned(Runtime& rt, const Eigen::PartialPivLU<MatD>& lu, ClassId cls) {
  const auto diag = lu.matrixLU().diagonal();
  if ((diag.array() == 0).any()) {
    numeric_warning(rt, "MATLAB:singularMatrix", "Matrix is singular to working precision.");
    return true;
  }
  if (!diag.allFinite()) return false;  // NaN/Inf input: MATLAB stays silent, results are NaN
  const double rc = lu.rcond();
  if (rc < class_eps(cls)) {
    numeric_warning(rt, "MATLAB:nearlySingularMatrix",
                    absl::StrFormat("Matrix is close to singular or badly scaled. Results may "
                                    "be inaccurate. RCOND =  %e.",
                                    rc));
  }
  return false;
}

// A \ B as MATLAB solves it: LU for square A (with the conditioning warnings), least squares
// through column-pivoted QR otherwise (the basic solution, warning when A is rank deficient).
MatD solve_with_warnings(Runtime& rt, const MatD& A, const MatD& B, ClassId cls) {
  if (A.rows() == A.cols()) {
    if (A.size() == 0) return MatD::Zero(A.cols(), B.cols());
    const Eigen::PartialPivLU<MatD> lu(A);
    warn_if_ill_conditioned(rt, lu, cls);
    return lu.solve(B);
  }
  if (A.size() == 0) return MatD::Zero(A.cols(), B.cols());
  // MATLAB's rank tolerance for the QR path: max(m,n) * eps * |R(1,1)| (Eigen's threshold is
  // relative to the largest pivot, |R(1,1)|, and must be set before the factorization).
  const double rel = static_cast<double>(std::max(A.rows(), A.cols())) * class_eps(cls);
  Eigen::ColPivHouseholderQR<MatD> qr(A.rows(), A.cols());
  qr.setThreshold(rel);
  qr.compute(A);
  const double tol = rel * std::fabs(qr.matrixQR()(0, 0));
  const int64_t r = qr.rank();
  if (r < std::min(A.rows(), A.cols()) && A.allFinite()) {
    numeric_warning(rt, "MATLAB:rankDeficientMatrix",
                    absl::StrFormat("Rank deficient, rank = %d, tol =  %e.", r, tol));
  }
  return qr.solve(B);
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
  const ClassId cls = arithmetic_class(a.cls(), b.cls());
  return from_eigen(solve_with_warnings(rt, to_eigen(a), to_eigen(b), cls), cls);
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
  return from_eigen(solve_with_warnings(rt, Bt, At, cls).transpose(), cls);
}

Value matrix_inverse(Runtime& rt, const Value& a) {
  if (a.shape().ndims() > 2) throw_error("MATLAB:inv:inputMustBe2D", "Input must be 2-D.");
  if (a.shape().rows() != a.shape().cols()) {
    throw_error("MATLAB:square", "Matrix must be square.");
  }
  const ClassId cls = a.cls() == ClassId::Single ? ClassId::Single : ClassId::Double;
  const MatD A = to_eigen(a);
  if (A.size() == 0) return from_eigen(A, cls);
  const Eigen::PartialPivLU<MatD> lu(A);
  // MATLAB returns Inf everywhere for an exactly singular matrix.
  if (warn_if_ill_conditioned(rt, lu, cls)) {
    return from_eigen(MatD::Constant(A.rows(), A.cols(), HUGE_VAL), cls);
  }
  return from_eigen(lu.inverse(), cls);
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
