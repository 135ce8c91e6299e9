// Linear algebra builtins on the host with Eigen: inv pinv det rank norm cond eig svd qr lu
// chol null orth expm kron linsolve dot cross vecnorm, and the operator functions (mtimes,
// mldivide, ...). Inputs are read as double; single inputs give single results.
#include <cmath>
#include <limits>
#include <numeric>
#include <unsupported/Eigen/MatrixFunctions>

#include "builtins_numeric.hpp"
#include "elementwise.hpp"
#include "matrix_ops.hpp"
#include "reductions.hpp"
#include "runmat/core/containers.hpp"

namespace runmat::runtime {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double class_eps(ClassId cls) {
  return cls == ClassId::Single ? static_cast<double>(std::numeric_limits<float>::epsilon())
                                : std::numeric_limits<double>::epsilon();
}

// eps(x): the spacing of doubles (or singles) at |x|.
double eps_of(double x, ClassId cls) {
  x = std::fabs(x);
  if (cls == ClassId::Single) {
    const float f = static_cast<float>(x);
    return static_cast<double>(std::nextafter(f, std::numeric_limits<float>::infinity()) - f);
  }
  return std::nextafter(x, kInf) - x;
}

MatD matrix_2d(const Value& v, const char* fn) {
  require_numeric(v, fn);
  require_float_input(v, fn);
  return to_matrix(v, "MATLAB:inputMustBe2D", "Input must be 2-D.");
}

void require_finite(const MatD& m, const char* id, const char* fn) {
  if (!m.allFinite()) throw_error(id, "Input to %s must not contain NaN or Inf.", fn);
}

Eigen::VectorXd singular_values(const MatD& a) {
  if (a.size() == 0) return Eigen::VectorXd();
  return Eigen::BDCSVD<MatD>(a).singularValues();
}

// ---- inv pinv det rank trace-like queries --------------------------------------------------

Args inv_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  require_float_input(require_numeric(args[0], "inv"), "inv");
  return {matrix_inverse(ctx.rt, args[0])};
}

Args det_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  const MatD a = matrix_2d(args[0], "det");
  require_square(args[0]);
  const ClassId cls = float_result(args[0].cls());
  if (a.size() == 0) return {scalar_result(1, cls)};  // det([]) is 1
  return {scalar_result(a.partialPivLu().determinant(), cls)};
}

// MATLAB's default rank tolerance: max(size(A)) * eps(max(s)).
int64_t rank_of(const Eigen::VectorXd& s, double tol) {
  int64_t r = 0;
  for (Eigen::Index i = 0; i < s.size(); ++i) r += s[i] > tol ? 1 : 0;
  return r;
}

double default_tol(const MatD& a, const Eigen::VectorXd& s, ClassId cls) {
  const double smax = s.size() ? s.maxCoeff() : 0.0;
  return static_cast<double>(std::max(a.rows(), a.cols())) * eps_of(smax, cls);
}

Args rank_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  const MatD a = matrix_2d(args[0], "rank");
  require_finite(a, "MATLAB:svd:matrixWithNaNInf", "SVD");
  const Eigen::VectorXd s = singular_values(a);
  const ClassId cls = float_result(args[0].cls());
  const double tol = args.size() == 2 ? args[1].scalar_double("Tolerance") : default_tol(a, s, cls);
  return {Value::num(static_cast<double>(rank_of(s, tol)))};
}

Args pinv_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  const MatD a = matrix_2d(args[0], "pinv");
  const ClassId cls = float_result(args[0].cls());
  if (a.size() == 0) return {from_matrix(MatD::Zero(a.cols(), a.rows()), cls)};
  require_finite(a, "MATLAB:svd:matrixWithNaNInf", "SVD");
  Eigen::BDCSVD<MatD> svd(a, Eigen::ComputeThinU | Eigen::ComputeThinV);
  const Eigen::VectorXd& s = svd.singularValues();
  const double tol = args.size() == 2 ? args[1].scalar_double("Tolerance") : default_tol(a, s, cls);
  MatD x = MatD::Zero(a.cols(), a.rows());
  for (Eigen::Index i = 0; i < s.size(); ++i) {
    if (s[i] > tol) x += svd.matrixV().col(i) * (svd.matrixU().col(i).transpose() / s[i]);
  }
  return {from_matrix(x, cls)};
}

// ---- norm cond vecnorm -------------------------------------------------------------------

// The p-norm of a vector (p = Inf / -Inf: largest / smallest magnitude).
double vector_norm(const double* x, int64_t n, int64_t stride, double p) {
  if (n == 0) return 0;
  double acc = 0;
  bool has_nan = false;
  if (std::isinf(p)) {
    acc = p > 0 ? 0 : kInf;
    for (int64_t i = 0; i < n; ++i) {
      const double v = std::fabs(x[i * stride]);
      if (std::isnan(v)) has_nan = true;
      acc = p > 0 ? std::max(acc, v) : std::min(acc, v);
    }
    return has_nan ? NAN : acc;
  }
  // Scale by the largest magnitude so that squares of huge or tiny values do not overflow.
  double scale = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double v = std::fabs(x[i * stride]);
    if (std::isnan(v)) return NAN;
    scale = std::max(scale, v);
  }
  if (scale == 0 || std::isinf(scale)) return scale;
  for (int64_t i = 0; i < n; ++i) {
    const double v = std::fabs(x[i * stride]) / scale;
    acc += p == 2 ? v * v : (p == 1 ? v : std::pow(v, p));
  }
  if (p == 1) return acc * scale;
  return scale * (p == 2 ? std::sqrt(acc) : std::pow(acc, 1.0 / p));
}

// The norm type argument: a positive number, Inf, -Inf, or 'fro' (returned as 0 here).
double norm_type(const Value& v, bool allow_fro) {
  if (v.is_char()) {
    const std::string s = lower_text(v);
    if (s == "fro" && allow_fro) return 0;
    if (s == "inf") return kInf;
    throw_error("MATLAB:norm:unknownNorm",
                "The only matrix norms available are 1, 2, inf, and 'fro'.");
  }
  return v.scalar_double("Norm type");
}

double matrix_norm(const MatD& a, double p) {
  if (a.size() == 0) return 0;
  if (!a.allFinite() && a.array().isNaN().any()) return NAN;
  if (p == 0) return vector_norm(a.data(), a.size(), 1, 2);  // 'fro'
  if (p == 1) return a.cwiseAbs().colwise().sum().maxCoeff();
  if (std::isinf(p) && p > 0) return a.cwiseAbs().rowwise().sum().maxCoeff();
  if (p == 2) return singular_values(a).maxCoeff();
  throw_error("MATLAB:norm:unknownNorm",
              "The only matrix norms available are 1, 2, inf, and 'fro'.");
}

Args norm_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  const MatD a = matrix_2d(args[0], "norm");
  const ClassId cls = float_result(args[0].cls());
  const bool vec = args[0].shape().is_vector() || a.size() == 0;
  double p = args.size() == 2 ? norm_type(args[1], true) : 2;
  if (vec) {
    if (p == 0) p = 2;  // 'fro' of a vector is its 2-norm
    if (!(p > 0) && !(std::isinf(p))) {
      throw_error("MATLAB:norm:unknownNorm", "The vector norm type must be positive.");
    }
    return {scalar_result(vector_norm(a.data(), a.size(), 1, p), cls)};
  }
  return {scalar_result(matrix_norm(a, p), cls)};
}

Args cond_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  const MatD a = matrix_2d(args[0], "cond");
  const ClassId cls = float_result(args[0].cls());
  const double p = args.size() == 2 ? norm_type(args[1], true) : 2;
  if (a.size() == 0) return {scalar_result(0, cls)};
  if (p == 2) {
    require_finite(a, "MATLAB:svd:matrixWithNaNInf", "SVD");
    const Eigen::VectorXd s = singular_values(a);
    const double smin = s.minCoeff();
    return {scalar_result(smin == 0 ? kInf : s.maxCoeff() / smin, cls)};
  }
  require_square(args[0]);
  const Eigen::PartialPivLU<MatD> lu(a);
  if ((lu.matrixLU().diagonal().array() == 0).any()) return {scalar_result(kInf, cls)};
  return {scalar_result(matrix_norm(a, p) * matrix_norm(lu.inverse(), p), cls)};
}

// vecnorm(A), vecnorm(A, p), vecnorm(A, p, dim).
Args vecnorm_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 3);
  require_numeric(args[0], "vecnorm");
  const ClassId cls = float_result(args[0].cls());
  const double p = args.size() >= 2 ? norm_type(args[1], false) : 2;
  if (!(p > 0)) {
    throw_error("MATLAB:vecnorm:unknownNorm", "Norm type must be a positive real scalar or Inf.");
  }
  const Shape s = args[0].shape();
  const int dim = args.size() == 3 ? dim_from_value(args[2]) : default_reduce_dim(s);
  const std::vector<double> x = to_doubles(args[0]);
  const DimLayout l = layout_around(s, dim);
  Shape::Dims d = s.dims();
  if (dim < s.ndims()) d[dim] = 1;
  std::vector<double> out(static_cast<size_t>(l.inner * l.outer));
  for (int64_t o = 0; o < l.outer; ++o) {
    for (int64_t i = 0; i < l.inner; ++i) {
      out[o * l.inner + i] =
          vector_norm(x.data() + o * l.extent * l.inner + i, l.extent, l.inner, p);
    }
  }
  return {from_doubles(out, Shape(d), cls)};
}

// ---- eig svd -----------------------------------------------------------------------------

// A complex matrix value from Eigen (single results are rounded to float precision).
Value complex_matrix(const Eigen::MatrixXcd& m, ClassId cls) {
  auto out = std::make_shared<ComplexArray>(Shape{m.rows(), m.cols()});
  out->single = cls == ClassId::Single;
  for (Eigen::Index j = 0; j < m.cols(); ++j) {
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
      std::complex<double> z = m(i, j);
      if (out->single) z = {static_cast<float>(z.real()), static_cast<float>(z.imag())};
      out->data[static_cast<size_t>(j * m.rows() + i)] = z;
    }
  }
  return Value::complex(std::move(out));
}

Value diag_matrix(const Eigen::VectorXd& d, int64_t rows, int64_t cols, ClassId cls) {
  MatD m = MatD::Zero(rows, cols);
  for (Eigen::Index i = 0; i < d.size(); ++i) m(i, i) = d[i];
  return from_matrix(m, cls);
}

Args eig_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 3);
  // Trailing 'vector' / 'matrix' picks the form of the eigenvalue output.
  int form = 0;  // 0: default (vector for one output, matrix for two), 1 vector, 2 matrix
  if (args.size() >= 2 && args.back().is_char()) {
    const std::string f = lower_text(args.back());
    if (f == "vector") {
      form = 1;
    } else if (f == "matrix") {
      form = 2;
    } else if (f != "nobalance" && f != "balance") {
      throw_error("MATLAB:eig:invalidOption", "Invalid option '%s'.", args.back().to_text());
    }
    args.pop_back();
  }
  if (args.size() > 1) {
    throw_error("RunMat:notImplemented",
                "eig(A, B): generalized eigenproblems are not supported yet.");
  }
  const MatD a = matrix_2d(args[0], "eig");
  if (!is_square(args[0].shape()))
    throw_error("MATLAB:eig:matrixMustBeSquare", "Matrix must be square.");
  require_finite(a, "MATLAB:eig:matrixWithNaNInf", "EIG");
  const ClassId cls = float_result(args[0].cls());
  const int64_t n = a.rows();
  const bool want_vectors = ctx.nargout >= 2;
  const bool vector_values = form == 1 || (form == 0 && !want_vectors);
  Eigen::VectorXd values(n);
  MatD vectors;
  if (n == 0) {
    vectors = MatD(0, 0);
  } else if (a == a.transpose()) {
    // Symmetric: real eigenvalues in ascending order, orthonormal eigenvectors.
    Eigen::SelfAdjointEigenSolver<MatD> es(
        a, want_vectors ? Eigen::ComputeEigenvectors : Eigen::EigenvaluesOnly);
    values = es.eigenvalues();
    if (want_vectors) vectors = es.eigenvectors();
  } else {
    Eigen::EigenSolver<MatD> es(a, want_vectors);
    const auto ev = es.eigenvalues();
    if ((ev.imag().array() != 0).any()) {
      // Complex conjugate pairs: complex values (and unit-norm complex vectors).
      const Eigen::VectorXcd cv = ev;
      Eigen::MatrixXcd d = Eigen::MatrixXcd::Zero(n, n);
      d.diagonal() = cv;
      const Value vals = vector_values ? complex_matrix(cv, cls) : complex_matrix(d, cls);
      if (!want_vectors) return {vals};
      Eigen::MatrixXcd v = es.eigenvectors();
      for (Eigen::Index j = 0; j < n; ++j) v.col(j).normalize();
      return {complex_matrix(v, cls), vals};
    }
    values = ev.real();
    if (want_vectors) {
      vectors = es.eigenvectors().real();
      for (Eigen::Index j = 0; j < n; ++j) vectors.col(j).normalize();  // unit 2-norm, as MATLAB
    }
  }
  const Value vals = vector_values ? from_matrix(values, cls) : diag_matrix(values, n, n, cls);
  if (!want_vectors) return {vals};
  Args out{from_matrix(vectors, cls), vals};
  return out;
}

Args svd_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 3);
  bool econ = false, zero_econ = false, vector_s = false;
  while (args.size() > 1) {
    const Value& o = args.back();
    if (is_option(o, "econ")) {
      econ = true;
    } else if (is_option(o, "vector")) {
      vector_s = true;
    } else if (is_option(o, "matrix")) {
      vector_s = false;
    } else if (!o.is_char() && o.numel() == 1 && o.elem(0) == 0) {
      zero_econ = true;
    } else {
      throw_error("MATLAB:svd:invalidOption", "Invalid option.");
    }
    args.pop_back();
  }
  const MatD a = matrix_2d(args[0], "svd");
  require_finite(a, "MATLAB:svd:matrixWithNaNInf", "SVD");
  const ClassId cls = float_result(args[0].cls());
  const int64_t m = a.rows(), n = a.cols(), k = std::min(m, n);
  if (ctx.nargout < 2) {
    const Eigen::VectorXd s = singular_values(a);
    return {from_matrix(s, cls)};
  }
  // svd(A, 0) is economy only for tall matrices; 'econ' trims both sides.
  const bool thin_u = econ || (zero_econ && m > n);
  const bool thin_v = econ;
  Eigen::BDCSVD<MatD> svd;
  if (a.size() > 0) svd.compute(a, Eigen::ComputeFullU | Eigen::ComputeFullV);
  MatD u = a.size() > 0 ? svd.matrixU() : MatD::Identity(m, m);
  MatD v = a.size() > 0 ? svd.matrixV() : MatD::Identity(n, n);
  const Eigen::VectorXd s = a.size() > 0 ? svd.singularValues() : Eigen::VectorXd();
  if (thin_u) u = u.leftCols(k).eval();
  if (thin_v) v = v.leftCols(k).eval();
  const Value sv = vector_s ? from_matrix(s, cls) : diag_matrix(s, u.cols(), v.cols(), cls);
  return {from_matrix(u, cls), sv, from_matrix(v, cls)};
}

// ---- qr lu chol --------------------------------------------------------------------------

Args qr_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 3);
  bool econ = false, vector_p = false;
  while (args.size() > 1) {
    const Value& o = args.back();
    if (is_option(o, "econ")) {
      econ = true;
    } else if (is_option(o, "vector")) {
      vector_p = true;
    } else if (is_option(o, "matrix")) {
      vector_p = false;
    } else if (!o.is_char() && o.numel() == 1 && o.elem(0) == 0) {
      econ = true;
      vector_p = true;  // qr(A, 0) gives the permutation as a vector
    } else {
      throw_error("MATLAB:qr:invalidOption", "Invalid option.");
    }
    args.pop_back();
  }
  const MatD a = matrix_2d(args[0], "qr");
  const ClassId cls = float_result(args[0].cls());
  const int64_t m = a.rows(), n = a.cols();
  const int64_t qcols = econ ? std::min(m, n) : m;
  MatD q, r;
  Eigen::VectorXi perm;
  if (a.size() == 0) {
    // Nothing to factor (Eigen's pivoting QR cannot take zero columns).
    q = MatD::Identity(m, qcols);
    r = MatD::Zero(qcols, n);
    perm = Eigen::VectorXi::LinSpaced(n, 0, static_cast<int>(n) - 1);
  } else if (ctx.nargout >= 3) {
    Eigen::ColPivHouseholderQR<MatD> f(a);
    q = MatD(f.householderQ()) * MatD::Identity(m, qcols);
    r = f.matrixQR().topRows(qcols).triangularView<Eigen::Upper>();
    perm = f.colsPermutation().indices();
  } else {
    Eigen::HouseholderQR<MatD> f(a);
    q = MatD(f.householderQ()) * MatD::Identity(m, qcols);
    r = f.matrixQR().topRows(qcols).triangularView<Eigen::Upper>();
  }
  if (ctx.nargout < 2) return {from_matrix(r, cls)};
  Args out{from_matrix(q, cls), from_matrix(r, cls)};
  if (ctx.nargout >= 3) {
    if (vector_p) {
      MatD p(1, n);
      for (int64_t j = 0; j < n; ++j) p(0, j) = perm[j] + 1;
      out.push_back(from_matrix(p, ClassId::Double));
    } else {
      MatD p = MatD::Zero(n, n);
      for (int64_t j = 0; j < n; ++j) p(perm[j], j) = 1;  // A*P = Q*R
      out.push_back(from_matrix(p, ClassId::Double));
    }
  }
  return out;
}

// LU with partial pivoting as LAPACK's dgetrf does it (first largest magnitude wins ties), on
// rectangular matrices too. Returns the combined factors and the row order.
void lu_factor(MatD& a, std::vector<int64_t>& rows) {
  const int64_t m = a.rows(), n = a.cols(), k = std::min(m, n);
  rows.resize(static_cast<size_t>(m));
  std::iota(rows.begin(), rows.end(), 0);
  for (int64_t j = 0; j < k; ++j) {
    int64_t piv = j;
    for (int64_t i = j + 1; i < m; ++i) {
      if (std::fabs(a(i, j)) > std::fabs(a(piv, j))) piv = i;
    }
    if (piv != j) {
      a.row(j).swap(a.row(piv));
      std::swap(rows[j], rows[piv]);
    }
    if (a(j, j) == 0) continue;  // an exactly zero column: nothing to eliminate
    for (int64_t i = j + 1; i < m; ++i) a(i, j) /= a(j, j);
    if (j + 1 < m && j + 1 < n) {
      a.bottomRightCorner(m - j - 1, n - j - 1).noalias() -=
          a.col(j).tail(m - j - 1) * a.row(j).tail(n - j - 1);
    }
  }
}

Args lu_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  bool vector_p = false;
  if (args.size() == 2) {
    if (is_option(args[1], "vector")) {
      vector_p = true;
    } else if (!is_option(args[1], "matrix")) {
      throw_error("MATLAB:lu:invalidOption", "Invalid option.");
    }
  }
  MatD a = matrix_2d(args[0], "lu");
  const ClassId cls = float_result(args[0].cls());
  const int64_t m = a.rows(), n = a.cols(), k = std::min(m, n);
  std::vector<int64_t> rows;
  lu_factor(a, rows);
  if (ctx.nargout < 2) return {from_matrix(a, cls)};  // Y = L + U - I in one matrix
  MatD l = MatD::Identity(m, k);
  l.triangularView<Eigen::StrictlyLower>() = a.leftCols(k).triangularView<Eigen::StrictlyLower>();
  const MatD u = a.topRows(k).triangularView<Eigen::Upper>();
  if (ctx.nargout == 2) {
    // [L, U] = lu(A): L is P' * L, a row-permuted lower triangle.
    MatD pl(m, k);
    for (int64_t i = 0; i < m; ++i) pl.row(rows[i]) = l.row(i);
    return {from_matrix(pl, cls), from_matrix(u, cls)};
  }
  MatD p;
  if (vector_p) {
    p.resize(1, m);
    for (int64_t i = 0; i < m; ++i) p(0, i) = static_cast<double>(rows[i] + 1);
  } else {
    p = MatD::Zero(m, m);
    for (int64_t i = 0; i < m; ++i) p(i, rows[i]) = 1;
  }
  return {from_matrix(l, cls), from_matrix(u, cls), from_matrix(p, ClassId::Double)};
}

// Upper Cholesky factor from the upper triangle of a. Returns 0 on success or the 1-based
// column where the leading minor stops being positive definite (r then holds the factor of
// the leading (p-1)x(p-1) block).
int64_t cholesky_upper(const MatD& a, MatD& r) {
  const int64_t n = a.rows();
  r = MatD::Zero(n, n);
  for (int64_t j = 0; j < n; ++j) {
    double d = a(j, j) - r.col(j).head(j).squaredNorm();
    if (!(d > 0)) {
      r = r.topLeftCorner(j, j).eval();
      return j + 1;
    }
    d = std::sqrt(d);
    r(j, j) = d;
    for (int64_t i = j + 1; i < n; ++i) {
      r(j, i) = (a(j, i) - r.col(j).head(j).dot(r.col(i).head(j))) / d;
    }
  }
  return 0;
}

Args chol_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  bool lower = false;
  if (args.size() == 2) {
    if (is_option(args[1], "lower")) {
      lower = true;
    } else if (!is_option(args[1], "upper")) {
      throw_error("MATLAB:chol:invalidOption", "Shape flag must be 'upper' or 'lower'.");
    }
  }
  const MatD a = matrix_2d(args[0], "chol");
  require_square(args[0]);
  const ClassId cls = float_result(args[0].cls());
  // 'lower' reads the lower triangle: factor its transpose and transpose back.
  MatD r;
  const int64_t p = cholesky_upper(lower ? MatD(a.transpose()) : a, r);
  if (p != 0 && ctx.nargout < 2) {
    throw_error("MATLAB:posdef", "Matrix must be positive definite.");
  }
  const Value rv = from_matrix(lower ? MatD(r.transpose()) : r, cls);
  if (ctx.nargout < 2) return {rv};
  return {rv, Value::num(static_cast<double>(p))};
}

// ---- null orth expm kron linsolve ----------------------------------------------------------

Args null_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  const MatD a = matrix_2d(args[0], "null");
  require_finite(a, "MATLAB:svd:matrixWithNaNInf", "SVD");
  const ClassId cls = float_result(args[0].cls());
  const int64_t m = a.rows(), n = a.cols();
  if (a.size() == 0) return {from_matrix(MatD::Identity(n, n), cls)};
  Eigen::BDCSVD<MatD> svd(a, Eigen::ComputeFullV);
  const Eigen::VectorXd& s = svd.singularValues();
  // null.m: tol = max(m, n) * max(s) * eps(class(A)).
  const double tol = args.size() == 2
                         ? args[1].scalar_double("Tolerance")
                         : static_cast<double>(std::max(m, n)) * s.maxCoeff() * class_eps(cls);
  const int64_t r = rank_of(s, tol);
  return {from_matrix(svd.matrixV().rightCols(n - r), cls)};
}

Args orth_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  const MatD a = matrix_2d(args[0], "orth");
  require_finite(a, "MATLAB:svd:matrixWithNaNInf", "SVD");
  const ClassId cls = float_result(args[0].cls());
  if (a.size() == 0) return {from_matrix(MatD(a.rows(), 0), cls)};
  Eigen::BDCSVD<MatD> svd(a, Eigen::ComputeThinU);
  const Eigen::VectorXd& s = svd.singularValues();
  const double tol = args.size() == 2 ? args[1].scalar_double("Tolerance")
                                      : static_cast<double>(std::max(a.rows(), a.cols())) *
                                            eps_of(s.maxCoeff(), cls);
  return {from_matrix(svd.matrixU().leftCols(rank_of(s, tol)), cls)};
}

Args expm_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  const MatD a = matrix_2d(args[0], "expm");
  require_square(args[0]);
  const ClassId cls = float_result(args[0].cls());
  if (a.size() == 0) return {from_matrix(a, cls)};
  // Eigen uses Higham's scaling and squaring with Pade approximants, as MATLAB's expm does.
  return {from_matrix(MatD(a.exp()), cls)};
}

Args kron_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 2);
  // kron is elementwise products, so integer classes are fine and follow times' class rule.
  const MatD a =
      to_matrix(require_numeric(args[0], "kron"), "MATLAB:inputMustBe2D", "Input must be 2-D.");
  const MatD b =
      to_matrix(require_numeric(args[1], "kron"), "MATLAB:inputMustBe2D", "Input must be 2-D.");
  const ClassId ca = args[0].cls(), cb = args[1].cls();
  if (is_integer_class(ca) && is_integer_class(cb) && ca != cb) {
    throw_error("MATLAB:mixedClasses",
                "Integers can only be combined with integers of the same class, or scalar "
                "doubles.");
  }
  const ClassId cls =
      is_integer_class(ca) ? ca : (is_integer_class(cb) ? cb : float_result(ca, cb));
  MatD k(a.rows() * b.rows(), a.cols() * b.cols());
  for (Eigen::Index j = 0; j < a.cols(); ++j) {
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
      k.block(i * b.rows(), j * b.cols(), b.rows(), b.cols()) = a(i, j) * b;
    }
  }
  return {from_matrix(k, cls)};
}

Args linsolve_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 2);
  require_numeric(args[0], "linsolve");
  require_numeric(args[1], "linsolve");
  return {matrix_left_divide(ctx.rt, args[0], args[1])};
}

// ---- dot cross -----------------------------------------------------------------------------

Args dot_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 3);
  const Value &a = require_numeric(args[0], "dot"), &b = require_numeric(args[1], "dot");
  const ClassId cls = float_result(a.cls(), b.cls());
  const bool vectors = a.shape().is_vector() && b.shape().is_vector() && args.size() == 2;
  if (vectors ? a.numel() != b.numel() : a.shape() != b.shape()) {
    throw_error("MATLAB:dot:InputSizeMismatch", "A and B must be same size.");
  }
  const std::vector<double> x = to_doubles(a), y = to_doubles(b);
  if (vectors) {
    double s = 0;
    for (size_t i = 0; i < x.size(); ++i) s += x[i] * y[i];
    return {scalar_result(s, cls)};
  }
  const Shape s = a.shape();
  const int dim = args.size() == 3 ? dim_from_value(args[2]) : default_reduce_dim(s);
  const DimLayout l = layout_around(s, dim);
  Shape::Dims d = s.dims();
  if (dim < s.ndims()) d[dim] = 1;
  std::vector<double> out(static_cast<size_t>(l.inner * l.outer), 0.0);
  for (int64_t o = 0; o < l.outer; ++o) {
    for (int64_t e = 0; e < l.extent; ++e) {
      for (int64_t i = 0; i < l.inner; ++i) {
        const int64_t at = (o * l.extent + e) * l.inner + i;
        out[o * l.inner + i] += x[at] * y[at];
      }
    }
  }
  return {from_doubles(out, Shape(d), cls)};
}

Args cross_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 3);
  const Value &a = require_numeric(args[0], "cross"), &b = require_numeric(args[1], "cross");
  const ClassId cls = float_result(a.cls(), b.cls());
  Shape s = a.shape();
  // Two 3-vectors of different orientation give a column, as in MATLAB's cross.m.
  if (args.size() == 2 && a.shape() != b.shape() && a.shape().is_vector() &&
      b.shape().is_vector() && a.numel() == 3 && b.numel() == 3) {
    s = Shape::column(3);
  } else if (a.shape() != b.shape()) {
    throw_error("MATLAB:cross:InputSizeMismatch", "A and B must be of same size.");
  }
  int dim = -1;
  if (args.size() == 3) {
    dim = dim_from_value(args[2]);
  } else {
    for (int k = 0; k < s.ndims() && dim < 0; ++k) dim = s.dim(k) == 3 ? k : -1;
  }
  if (dim < 0 || s.dim(dim) != 3) {
    throw_error("MATLAB:cross:InvalidDimAorBNotLength3",
                "A and B must be of length 3 in the dimension in which the cross product is "
                "taken.");
  }
  const std::vector<double> x = to_doubles(a), y = to_doubles(b);
  std::vector<double> out(x.size());
  const DimLayout l = layout_around(s, dim);
  for (int64_t o = 0; o < l.outer; ++o) {
    for (int64_t i = 0; i < l.inner; ++i) {
      const int64_t b0 = o * 3 * l.inner + i, st = l.inner;
      const double a1 = x[b0], a2 = x[b0 + st], a3 = x[b0 + 2 * st];
      const double c1 = y[b0], c2 = y[b0 + st], c3 = y[b0 + 2 * st];
      out[b0] = a2 * c3 - a3 * c2;
      out[b0 + st] = a3 * c1 - a1 * c3;
      out[b0 + 2 * st] = a1 * c2 - a2 * c1;
    }
  }
  return {from_doubles(out, s, cls)};
}

// ---- operator functions --------------------------------------------------------------------

template <Value (*Op)(Runtime&, const Value&, const Value&)>
Args binary_op_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 2);
  return {Op(ctx.rt, args[0], args[1])};
}

// mtimes, mldivide, mrdivide and mpower with a scalar operand are elementwise, as the
// operators are.
Value mtimes_value(Runtime& rt, const Value& a, const Value& b) {
  return binary_operator(rt, lang::BinOp::MatMul, a, b);
}
Value mldivide_value(Runtime& rt, const Value& a, const Value& b) {
  return binary_operator(rt, lang::BinOp::MatLDiv, a, b);
}
Value mrdivide_value(Runtime& rt, const Value& a, const Value& b) {
  return binary_operator(rt, lang::BinOp::MatDiv, a, b);
}
Value mpower_value(Runtime& rt, const Value& a, const Value& b) {
  return binary_operator(rt, lang::BinOp::MatPow, a, b);
}

Args transpose_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {transpose(ctx.rt, args[0])};
}

}  // namespace

void register_linalg_builtins(BuiltinRegistry& reg) {
  reg.add("inv", inv_fn, "inv(A): matrix inverse (warns when A is singular or badly scaled).");
  reg.add("pinv", pinv_fn, "pinv(A), pinv(A, tol): Moore-Penrose pseudoinverse via the SVD.");
  reg.add("det", det_fn, "det(A): determinant of a square matrix (LU).");
  reg.add("rank", rank_fn, "rank(A), rank(A, tol): number of singular values above tol.");
  reg.add("norm", norm_fn,
          "norm(v, p) for vectors (p > 0, Inf, -Inf); norm(A, p) for matrices (1, 2, Inf, "
          "'fro'). Default p = 2.");
  reg.add("cond", cond_fn, "cond(A), cond(A, p): condition number (2-norm by default).");
  reg.add("vecnorm", vecnorm_fn,
          "vecnorm(A), vecnorm(A, p), vecnorm(A, p, dim): p-norms of the vectors along dim.");
  reg.add("eig", eig_fn,
          "e = eig(A), [V, D] = eig(A), eig(..., 'vector'/'matrix'): eigenvalues (ascending for "
          "symmetric A) and unit eigenvectors; real results only.");
  reg.add("svd", svd_fn,
          "s = svd(A), [U, S, V] = svd(A), svd(A, 'econ'), svd(A, 0): singular value "
          "decomposition.");
  reg.add("qr", qr_fn,
          "R = qr(A), [Q, R] = qr(A), [Q, R, P] = qr(A), qr(A, 0), qr(A, 'econ'): QR "
          "decomposition (Householder; column pivoting with three outputs).");
  reg.add("lu", lu_fn,
          "Y = lu(A), [L, U] = lu(A), [L, U, P] = lu(A), lu(A, 'vector'): LU with partial "
          "pivoting.");
  reg.add("chol", chol_fn,
          "R = chol(A), [R, p] = chol(A), chol(A, 'lower'): Cholesky factor of a symmetric "
          "positive definite matrix.");
  reg.add("null", null_fn, "null(A): orthonormal basis of the null space (SVD).");
  reg.add("orth", orth_fn, "orth(A): orthonormal basis of the range (SVD).");
  reg.add("expm", expm_fn, "expm(A): matrix exponential (scaling and squaring, Pade).");
  reg.add("kron", kron_fn, "kron(A, B): Kronecker tensor product.");
  reg.add("linsolve", linsolve_fn, "linsolve(A, B): solves A*X = B (LU or least squares).");
  reg.add("dot", dot_fn, "dot(a, b), dot(A, B, dim): scalar (dot) product.");
  reg.add("cross", cross_fn, "cross(a, b), cross(A, B, dim): cross product of 3-vectors.");
  reg.add("mtimes", binary_op_fn<mtimes_value>, "mtimes(A, B): matrix product, A * B.");
  reg.add("mldivide", binary_op_fn<mldivide_value>, "mldivide(A, B): A \\ B.");
  reg.add("mrdivide", binary_op_fn<mrdivide_value>, "mrdivide(A, B): A / B.");
  reg.add("mpower", binary_op_fn<mpower_value>, "mpower(A, p): matrix power, A ^ p.");
  reg.add("transpose", transpose_fn, "transpose(A): A.'");
  reg.add("ctranspose", transpose_fn, "ctranspose(A): A' (real values: same as transpose).");
}

}  // namespace runmat::runtime
