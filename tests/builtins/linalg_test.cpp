// Linear algebra builtins: inv pinv det rank norm cond eig svd qr lu chol null orth expm kron
// linsolve dot cross vecnorm and mldivide. Expected values are MATLAB's; where MATLAB's signs
// of singular/eigen vectors are implementation-defined, the tests check the defining
// identities (A*V = V*D, U*S*V' = A, orthonormality) instead.
#include <catch2/catch.hpp>

#include "matlab_checks.hpp"

namespace {

using runmat::testing::run_matlab;
using runmat::testing::run_ok;

// Runs src and returns its standard error (warnings).
std::string run_err(const std::string& src) {
  auto r = run_matlab(src);
  INFO(src << "\n" << r.result.error_report);
  REQUIRE(r.result.ok);
  return r.err;
}

void expect_error(const std::string& src, const std::string& id, const std::string& message = "") {
  auto r = run_matlab(src);
  INFO(src << "\n" << r.result.error_report);
  REQUIRE_FALSE(r.result.ok);
  CHECK(r.result.error_identifier == id);
  if (!message.empty()) CHECK(r.result.error_report.find(message) != std::string::npos);
}

}  // namespace

TEST_CASE("inv and det", "[builtins][linalg]") {
  CHECK(run_ok("fprintf('%.6f ', inv([4 -2; 1 1]));") == "0.166667 -0.166667 0.333333 0.666667 ");
  CHECK(run_ok("x = inv(single([2 0; 0 4])); fprintf('%s %g %g', class(x), x(1,1), x(2,2));") ==
        "single 0.5 0.25");
  CHECK(run_ok("x = inv([]); fprintf('%d %d', size(x));") == "0 0");
  // Exactly singular: Inf everywhere and MATLAB's warning on the error stream.
  CHECK(run_ok("fprintf('%g ', inv([1 2; 2 4]));") == "Inf Inf Inf Inf ");
  CHECK(run_err("x = inv([1 2; 2 4]);") == "Warning: Matrix is singular to working precision.\n");
  CHECK(
      run_err("x = inv([1 1; 1 1+4e-16]);")
          .find("Warning: Matrix is close to singular or badly scaled. Results may be inaccurate. "
                "RCOND =  ") == 0);
  CHECK(run_err("x = inv([2 1; 1 2]);").empty());
  CHECK(run_err("warning('off', 'MATLAB:singularMatrix'); x = inv([1 2; 2 4]);").empty());
  CHECK(run_err("warning('off', 'all'); x = [1 2; 2 4] \\ [1; 2];").empty());
  expect_error("inv([1 2 3; 4 5 6])", "MATLAB:square", "Matrix must be square.");
  expect_error("inv(ones(2,2,2))", "MATLAB:inv:inputMustBe2D");

  CHECK(run_ok("fprintf('%g %g %g %g', det(magic(3)), det([1 2; 3 4]), det([]), det(5));") ==
        "-360 -2 1 5");
  CHECK(run_ok("fprintf('%d %s', det([1 2; 2 4]) == 0, class(det(single(eye(2)))));") ==
        "1 single");
  expect_error("det(ones(2,3))", "MATLAB:square");
}

TEST_CASE("rank pinv norm cond vecnorm", "[builtins][linalg]") {
  CHECK(run_ok("fprintf('%d ', rank(magic(4)), rank([1 2; 2 4]), rank(zeros(3)), rank(eye(5)), "
               "rank([]), rank([1 2; 3 4], 10));") == "3 1 0 5 0 0 ");
  CHECK(run_ok("fprintf('%.4f ', pinv([1 2; 2 4]));") == "0.0400 0.0800 0.0800 0.1600 ");
  CHECK(run_ok("p = pinv([1; 2]); fprintf('%d %d %.4f %.4f', size(p), p);") == "1 2 0.2000 0.4000");
  CHECK(run_ok("fprintf('%.4f ', pinv([2 0; 0 4]));") == "0.5000 0.0000 0.0000 0.2500 ");

  CHECK(run_ok("fprintf('%g ', norm([3 4]), norm([3 4], 1), norm([3 -4], Inf), "
               "norm([3 -4], -Inf), norm([3; 4], 'fro'), norm([]));") == "5 7 4 3 5 0 ");
  CHECK(run_ok("fprintf('%.4f ', norm([1 2 3], 3), norm(magic(3)), norm(magic(3), 'fro'), "
               "norm([1 2; 3 4]), norm([1 2; 3 4], 1), norm([1 2; 3 4], Inf), "
               "norm([1 2; 3 4], 'inf'));") ==
        "3.3019 15.0000 16.8819 5.4650 6.0000 7.0000 7.0000 ");
  CHECK(run_ok("fprintf('%g %g', norm([1e200 1e200]) / 1e200, norm([NaN 1]));") == "1.41421 NaN");
  CHECK(run_ok("fprintf('%s', class(norm(single([3 4]))));") == "single");
  expect_error("norm([1 2; 3 4], 3)", "MATLAB:norm:unknownNorm");
  expect_error("norm(ones(2,2,2))", "MATLAB:inputMustBe2D");

  CHECK(run_ok("fprintf('%.4f ', cond([1 2; 3 4]), cond(eye(3)), cond([1 2; 3 4], 1), "
               "cond([1 2; 3 4], Inf), cond([]));") == "14.9330 1.0000 21.0000 21.0000 0.0000 ");

  CHECK(run_ok("fprintf('%.4f ', vecnorm([3 1; 4 1]));") == "5.0000 1.4142 ");
  CHECK(run_ok("x = vecnorm([3 4; 6 8], 2, 2); fprintf('%d %d %g %g', size(x), x);") == "2 1 5 10");
  CHECK(run_ok("fprintf('%g ', vecnorm([1 -2], Inf), vecnorm([1 -2; 3 4], 1));") == "2 4 6 ");
  expect_error("vecnorm([1 2], 0)", "MATLAB:vecnorm:unknownNorm");
}

TEST_CASE("eig", "[builtins][linalg]") {
  CHECK(run_ok("e = eig([2 1; 1 2]); fprintf('%d %d %g %g', size(e), e);") == "2 1 1 3");
  CHECK(run_ok("fprintf('%.6f ', eig([4 1; 1 3]));") == "2.381966 4.618034 ");
  CHECK(run_ok("fprintf('%g ', eig([1 2; 0 3]));") == "1 3 ");
  CHECK(run_ok("fprintf('%g ', sort(eig([4 1; 2 3])));") == "2 5 ");
  CHECK(run_ok("fprintf('%g ', eig(diag([3 1 2])));") == "1 2 3 ");
  // Symmetric [V, D]: D diagonal ascending, V orthonormal, A*V = V*D.
  CHECK(run_ok("A = [2 1 0; 1 3 1; 0 1 4]; [V, D] = eig(A); "
               "fprintf('%d %d %d ', norm(A*V - V*D) < 1e-12, norm(V'*V - eye(3)) < 1e-12, "
               "nnz(D - diag(diag(D))) == 0); fprintf('%.4f ', diag(D));") ==
        "1 1 1 1.2679 3.0000 4.7321 ");
  // General matrix with real eigenvalues: unit-norm eigenvectors.
  CHECK(run_ok("A = [4 1; 2 3]; [V, D] = eig(A); fprintf('%d %d %d', norm(A*V - V*D) < 1e-12, "
               "abs(norm(V(:,1)) - 1) < 1e-12, abs(norm(V(:,2)) - 1) < 1e-12);") == "1 1 1");
  CHECK(run_ok("[V, d] = eig([2 0; 0 3], 'vector'); fprintf('%d %d', size(d));") == "2 1");
  CHECK(run_ok("D = eig([2 0; 0 3], 'matrix'); fprintf('%d %d', size(D));") == "2 2");
  CHECK(run_ok("e = eig(single([2 0; 0 3])); fprintf('%s', class(e));") == "single");
  // A rotation: eigenvalues +-i; A*V = V*D holds in complex arithmetic.
  CHECK(run_ok("A = [0 1; -1 0]; e = eig(A); fprintf('%d %g %g ', isreal(e), sort(imag(e)));") ==
        "0 -1 1 ");
  CHECK(run_ok("A = [0 1; -1 0]; [V, D] = eig(A); R = A*V - V*D; "
               "fprintf('%d', max(abs([real(R(:)); imag(R(:))])) < 1e-12);") == "1");
  expect_error("eig([1 2 3])", "MATLAB:eig:matrixMustBeSquare");
  expect_error("eig([1 NaN; 2 3])", "MATLAB:eig:matrixWithNaNInf");
}

TEST_CASE("svd", "[builtins][linalg]") {
  CHECK(run_ok("s = svd(magic(3)); fprintf('%d %d ', size(s)); fprintf('%.4f ', s);") ==
        "3 1 15.0000 6.9282 3.4641 ");
  CHECK(run_ok("A = [1 2; 3 4; 5 6]; [U, S, V] = svd(A); fprintf('%d ', size(U), size(S), "
               "size(V), norm(U*S*V' - A) < 1e-12, norm(U'*U - eye(3)) < 1e-12);") ==
        "3 3 3 2 2 2 1 1 ");
  CHECK(run_ok("A = [1 2; 3 4; 5 6]; [U, S, V] = svd(A, 'econ'); fprintf('%d ', size(U), "
               "size(S), size(V), norm(U*S*V' - A) < 1e-12);") == "3 2 2 2 2 2 1 ");
  CHECK(run_ok("A = [1 2; 3 4; 5 6]; [U, S, V] = svd(A, 0); fprintf('%d ', size(U), size(S), "
               "size(V));") == "3 2 2 2 2 2 ");
  // svd(A, 0) of a wide matrix is the full decomposition; 'econ' trims V.
  CHECK(run_ok("A = [1 3 5; 2 4 6]; [U, S, V] = svd(A, 0); fprintf('%d ', size(U), size(S), "
               "size(V)); [U, S, V] = svd(A, 'econ'); fprintf('%d ', size(V), "
               "norm(U*S*V' - A) < 1e-12);") == "2 2 2 3 3 3 3 2 1 ");
  CHECK(run_ok("s = svd(zeros(0, 3)); fprintf('%d %d', size(s));") == "0 1");
  expect_error("svd([1 Inf])", "MATLAB:svd:matrixWithNaNInf");
}

TEST_CASE("qr lu chol", "[builtins][linalg]") {
  // MATLAB (LAPACK) Householder signs.
  CHECK(run_ok("[Q, R] = qr([1 2; 3 4]); fprintf('%.4f ', Q, R);") ==
        "-0.3162 -0.9487 -0.9487 0.3162 -3.1623 0.0000 -4.4272 -0.6325 ");
  CHECK(run_ok("A = [1 2; 3 4; 5 6]; [Q, R] = qr(A); fprintf('%d ', size(Q), size(R), "
               "norm(Q*R - A) < 1e-12, R(3,1) == 0, R(3,2) == 0);") == "3 3 3 2 1 1 1 ");
  CHECK(run_ok("A = [1 2; 3 4; 5 6]; [Q, R] = qr(A, 0); fprintf('%d ', size(Q), size(R), "
               "norm(Q*R - A) < 1e-12);") == "3 2 2 2 1 ");
  CHECK(run_ok("A = [1 2; 3 4; 5 6]; [Q, R] = qr(A, 'econ'); fprintf('%d ', size(Q));") == "3 2 ");
  CHECK(run_ok("R = qr([1 2; 3 4]); fprintf('%.4f ', R);") == "-3.1623 0.0000 -4.4272 -0.6325 ");
  CHECK(run_ok("A = [1 5; 2 1; 3 0]; [Q, R, P] = qr(A); fprintf('%g ', P); "
               "fprintf('%d ', norm(A*P - Q*R) < 1e-12); [Q, R, p] = qr(A, 0); "
               "fprintf('%g ', p);") == "0 1 1 0 1 2 1 ");

  CHECK(run_ok("[Q, R, P] = qr(zeros(3, 0)); fprintf('%d ', size(Q), size(R), size(P)); "
               "[Q, R] = qr(zeros(0, 2)); fprintf('%d ', size(Q), size(R));") ==
        "3 3 3 0 0 0 0 0 0 2 ");

  CHECK(run_ok("[L, U, P] = lu([1 2; 3 4]); fprintf('%.4f ', L, U, P);") ==
        "1.0000 0.3333 0.0000 1.0000 3.0000 0.0000 4.0000 0.6667 0.0000 1.0000 1.0000 0.0000 ");
  CHECK(run_ok("[L, U] = lu([1 2; 3 4]); fprintf('%.4f ', L);") == "0.3333 1.0000 1.0000 0.0000 ");
  CHECK(run_ok("[L, U, P] = lu([1 2; 3 4; 5 6]); fprintf('%g ', L, U, P);") ==
        "1 0.2 0.6 0 1 0.5 5 0 6 0.8 0 1 0 0 0 1 1 0 0 ");
  CHECK(run_ok("[L, U, p] = lu([1 2; 3 4; 5 6], 'vector'); fprintf('%g ', p);") == "3 1 2 ");
  CHECK(run_ok("Y = lu([1 2; 3 4]); fprintf('%.4f ', Y);") == "3.0000 0.3333 4.0000 0.6667 ");
  CHECK(run_ok("A = magic(4); [L, U, P] = lu(A); fprintf('%d', norm(P*A - L*U) < 1e-12);") == "1");

  CHECK(run_ok("fprintf('%.4f ', chol([4 2; 2 3]));") == "2.0000 0.0000 1.0000 1.4142 ");
  CHECK(run_ok("fprintf('%.4f ', chol([4 2; 2 3], 'lower'));") == "2.0000 1.0000 0.0000 1.4142 ");
  CHECK(run_ok("[R, p] = chol([1 2; 2 1]); fprintf('%g %d %d %d', R, size(R), p);") == "1 1 1 2");
  CHECK(run_ok("[R, p] = chol([4 2; 2 3]); fprintf('%d', p);") == "0");
  CHECK(run_ok("[R, p] = chol([-1 0; 0 1]); fprintf('%d %d %d', size(R), p);") == "0 0 1");
  expect_error("chol([1 2; 2 1])", "MATLAB:posdef", "Matrix must be positive definite.");
  expect_error("chol([1 2 3])", "MATLAB:square");
}

TEST_CASE("null orth expm kron", "[builtins][linalg]") {
  CHECK(run_ok("Z = null([1 1]); fprintf('%d %d %.4f %.4f %d', size(Z), abs(Z), "
               "norm([1 1]*Z) < 1e-12);") == "2 1 0.7071 0.7071 1");
  CHECK(run_ok("Z = null(eye(2)); fprintf('%d %d', size(Z));") == "2 0");
  CHECK(run_ok("Z = null([1 2 3; 2 4 6]); fprintf('%d %d %d', size(Z), "
               "norm([1 2 3]*Z) < 1e-12);") == "3 2 1");
  CHECK(run_ok("Q = orth([1 1; 1 1]); fprintf('%d %d %.4f %.4f', size(Q), abs(Q));") ==
        "2 1 0.7071 0.7071");
  CHECK(run_ok("Q = orth(magic(3)); fprintf('%d %d %d', size(Q), norm(Q'*Q - eye(3)) < 1e-12);") ==
        "3 3 1");

  CHECK(run_ok("fprintf('%g ', expm(zeros(2)), expm([0 1; 0 0]));") == "1 0 0 1 1 0 1 1 ");
  CHECK(run_ok("fprintf('%.6f ', expm([1 0; 0 2]));") == "2.718282 0.000000 0.000000 7.389056 ");
  CHECK(run_ok("fprintf('%.6f ', expm([0 1; -1 0]));") == "0.540302 -0.841471 0.841471 0.540302 ");
  expect_error("expm([1 2])", "MATLAB:square");

  CHECK(run_ok("fprintf('%g ', kron([1 2], [1; 1]));") == "1 1 2 2 ");
  CHECK(run_ok("K = kron(eye(2), [1 2; 3 4]); fprintf('%d %d ', size(K)); fprintf('%g ', K(3:4, "
               "3:4), K(1, 3));") == "4 4 1 3 2 4 0 ");
  CHECK(run_ok("fprintf('%s', class(kron(single(1), 2)));") == "single");
}

TEST_CASE("mldivide linsolve and the operator functions", "[builtins][linalg]") {
  CHECK(run_ok("fprintf('%.6f ', [4 -2; 1 1] \\ [2; 3]);") == "1.333333 1.666667 ");
  // Overdetermined: least squares.
  CHECK(run_ok("fprintf('%.6f ', [1 1; 1 2; 1 3] \\ [1; 2; 2]);") == "0.666667 0.500000 ");
  CHECK(run_ok("x = [1 2 3] / [1 1 1; 1 2 3]; fprintf('%.6f ', round(x*1e6)/1e6 + 0);") ==
        "0.000000 1.000000 ");
  CHECK(run_err("x = [1 2; 2 4] \\ [1; 2];") ==
        "Warning: Matrix is singular to working precision.\n");
  CHECK(run_err("x = [1 2; 2 4; 3 6] \\ [1; 2; 3];").find("Warning: Rank deficient, rank = 1,") ==
        0);
  CHECK(run_ok("fprintf('%g ', linsolve([2 0; 0 4], [2; 4]));") == "1 1 ");
  CHECK(run_ok("fprintf('%g ', mtimes([1 2], [3; 4]), mldivide(2, 8), mrdivide(8, 2), "
               "mpower([1 1; 0 1], 3), transpose([1 2]), ctranspose([3; 4]));") ==
        "11 4 4 1 0 3 1 1 2 3 4 ");
  expect_error("mtimes([1 2], [3 4])", "MATLAB:innerdim");
}

TEST_CASE("dot and cross", "[builtins][linalg]") {
  CHECK(run_ok("fprintf('%g ', dot([1 2 3], [4 5 6]), dot([1 2 3], [4; 5; 6]));") == "32 32 ");
  CHECK(run_ok("fprintf('%g ', dot([1 2; 3 4], [1 2; 3 4]), dot([1 2; 3 4], [1 2; 3 4], 2));") ==
        "10 20 5 25 ");
  CHECK(run_ok("fprintf('%s', class(dot(single([1 2]), [3 4])));") == "single");
  expect_error("dot([1 2], [1 2 3])", "MATLAB:dot:InputSizeMismatch");

  CHECK(run_ok("fprintf('%g ', cross([1 0 0], [0 1 0]), cross([1 2 3], [4 5 6]));") ==
        "0 0 1 -3 6 -3 ");
  CHECK(run_ok("C = cross([1 0; 0 1; 0 0], [0 0; 1 0; 0 1]); fprintf('%g ', C);") ==
        "0 0 1 1 0 0 ");
  CHECK(run_ok("C = cross([1 0 0; 0 1 0], [0 1 0; 0 0 1], 2); fprintf('%g ', C);") ==
        "0 1 0 0 1 0 ");
  expect_error("cross([1 2], [3 4])", "MATLAB:cross:InvalidDimAorBNotLength3");
  expect_error("cross([1 2 3], [1 2 3 4])", "MATLAB:cross:InputSizeMismatch");
}

TEST_CASE("integer inputs", "[builtins][linalg]") {
  expect_error("inv(int8([1 2; 3 4]))", "MATLAB:invalidType");
  expect_error("det(int32(eye(2)))", "MATLAB:invalidType");
  expect_error("svd(uint8([1 2]))", "MATLAB:invalidType");
  CHECK(run_ok("k = kron(int8([1 2]), int8(3)); fprintf('%s %d %d', class(k), k);") == "int8 3 6");
}
