// Fourier transforms and 2-D convolution: fft ifft fft2 ifft2 fftn ifftn fftshift ifftshift
// conv2 filter2, against hand-computed DFTs and convolutions.
#include <catch2/catch.hpp>

#include "matlab_checks.hpp"

using runmat::testing::expect_error;
using runmat::testing::run_ok;

TEST_CASE("fft of vectors and matrices", "[builtins][fft]") {
  // DFT of [1 2 3 4]: 10, -2+2i, -2, -2-2i.
  CHECK(run_ok("X = fft([1 2 3 4]); fprintf('%g ', real(X), imag(X)); "
               "fprintf('| %d %d %d', size(X), isreal(X));") == "10 -2 -2 -2 0 2 0 -2 | 1 4 0");
  // Columns by default; dim 2 on request; n pads with zeros or truncates.
  CHECK(run_ok("fprintf('%g ', fft([1 2; 3 4]), fft([1 2; 3 4], [], 2));") ==
        "4 -2 6 -2 3 7 -1 -1 ");
  CHECK(run_ok("fprintf('%g ', fft([1 2 3 4], 2), size(fft([1 2 3], 6)));") == "3 -1 1 6 ");
  CHECK(run_ok("X = fft([1; 2; 3], 5); fprintf('%d %d %.10f', size(X), abs(X(2)));") ==
        "5 1 3.7536875128");
  // Length 7 (prime): checked against the defining sum.
  CHECK(run_ok("x = [3 1 4 1 5 9 2]; n = numel(x); k = (0:n-1)'; "
               "D = exp(-2i*pi*k*k'/n); fprintf('%d', max(abs(fft(x) - (D*x.').')) < 1e-12);") ==
        "1");
  // Lengths with a large prime factor take the chirp-z path: same DFT, real round trip.
  CHECK(run_ok("x = rand(1, 2*211); n = numel(x); k = 0:n-1; D = exp(-2i*pi*mod(k'*k, n)/n); "
               "X = fft(x); y = ifft(X); fprintf('%d %d %d %d', max(abs(X - (D*x.').')) < 1e-11, "
               "isreal(y), max(abs(y - x)) < 1e-14, abs(X(2) - conj(X(end))) == 0);") == "1 1 1 1");
  CHECK(run_ok("z = rand(1, 997) + 1i*rand(1, 997); fprintf('%d', max(abs(ifft(fft(z)) - z)) < "
               "1e-14);") == "1");
  // All-real results narrow to real as every complex result does.
  CHECK(run_ok("X = fft([1 1]); fprintf('%d %g %g', isreal(X), X);") == "1 2 0");
  CHECK(run_ok("fprintf('%s %s', class(fft(single([1 2 3]))), class(fft(int8([1 2]))));") ==
        "single double");
  CHECK(run_ok("X = fft(zeros(0, 3)); fprintf('%d %d', size(X));") == "0 3");
  CHECK(run_ok("fprintf('%g ', fft([1 2 3], [], 3));") == "1 2 3 ");
  expect_error("fft(int64([1 2]))", "MATLAB:fft:InvalidDataType");
  expect_error("fft([1 2], -1)", "MATLAB:fft:FFTLengthNotNonnegativeInteger");
  expect_error("fft([1 2], 1.5)", "MATLAB:fft:FFTLengthNotNonnegativeInteger");
  expect_error("fft({1})", "MATLAB:fft:InvalidDataType");
}

TEST_CASE("ifft round trips and symmetry", "[builtins][fft]") {
  CHECK(run_ok("x = [1 5 2 8 3]; y = ifft(fft(x)); fprintf('%d %d', isreal(y), "
               "max(abs(y - x)) < 1e-14);") == "1 1");
  CHECK(run_ok("x = rand(6, 3) + 1i*rand(6, 3); y = ifft(fft(x)); "
               "fprintf('%d %d', isreal(y), max(abs(y(:) - x(:))) < 1e-14);") == "0 1");
  // 'symmetric' reads only the first half: [1 2 3] is treated as [1 2 conj(2)].
  CHECK(run_ok("y = ifft([1 2 3], 'symmetric'); fprintf('%d ', isreal(y)); "
               "fprintf('%.4f ', y);") == "1 1.6667 -0.3333 -0.3333 ");
  CHECK(run_ok("y = ifft([1 2i]); fprintf('%d %g %g', isreal(y), imag(y));") == "0 1 -1");
  expect_error("ifft([1 2], 'sym')", "MATLAB:ifft:InvalidOption");
}

TEST_CASE("fft2 fftn and their inverses", "[builtins][fft]") {
  CHECK(run_ok("fprintf('%g ', fft2([1 2; 3 4]));") == "10 -4 -2 0 ");
  CHECK(run_ok("X = fft2([1 2; 3 4], 3, 3); fprintf('%d %d %g', size(X), real(X(1)));") ==
        "3 3 10");
  CHECK(run_ok("A = magic(4); fprintf('%d', max(max(abs(fft2(A) - fft(fft(A).').'))) < 1e-12);") ==
        "1");
  CHECK(run_ok("A = magic(5); B = ifft2(fft2(A)); fprintf('%d %d', isreal(B), "
               "max(abs(B(:) - A(:))) < 1e-12);") == "1 1");
  CHECK(run_ok("X = fftn(ones(2, 2, 2)); fprintf('%g %g %d', X(1), sum(abs(X(:))), ndims(X));") ==
        "8 8 3");
  CHECK(run_ok("A = rand(3, 4, 2); B = ifftn(fftn(A)); fprintf('%d %d', isreal(B), "
               "max(abs(B(:) - A(:))) < 1e-14);") == "1 1");
  CHECK(run_ok("X = fftn([1 2 3], [1 5]); fprintf('%d %d %g', size(X), real(X(1)));") == "1 5 6");
}

TEST_CASE("fftshift and ifftshift", "[builtins][fft]") {
  CHECK(run_ok("fprintf('%g ', fftshift([1 2 3 4 5]), ifftshift([1 2 3 4 5]), "
               "fftshift([1 2 3 4]));") == "4 5 1 2 3 3 4 5 1 2 3 4 1 2 ");
  CHECK(run_ok("fprintf('%g ', fftshift([1 2; 3 4]), fftshift([1 2 3; 4 5 6], 2));") ==
        "4 2 3 1 3 6 1 4 2 5 ");
  CHECK(run_ok("x = fft([1 2 3 4]); y = ifftshift(fftshift(x)); fprintf('%d', all(x == y));") ==
        "1");
  CHECK(run_ok("y = fftshift([1 2i 3]); fprintf('%g ', imag(y));") == "0 0 2 ");
}

TEST_CASE("conv2 and filter2", "[builtins][fft]") {
  CHECK(run_ok("fprintf('%g ', conv2([1 2; 3 4], [1 1; 1 1]));") == "1 4 3 3 10 7 2 6 4 ");
  CHECK(run_ok("fprintf('%g ', conv2([1 2; 3 4], [1 1; 1 1], 'same'), "
               "conv2([1 2; 3 4], [1 1; 1 1], 'valid'));") == "10 7 6 4 10 ");
  CHECK(run_ok("C = conv2(ones(2), ones(3), 'valid'); fprintf('%d %d', size(C));") == "0 0");
  // conv2(u, v, A) convolves columns with u and rows with v.
  CHECK(run_ok("A = magic(4); fprintf('%d', isequal(conv2([1 2], [1; 3], A), "
               "conv2(A, [1; 2] * [1 3])));") == "1");
  // 'same' of an even-sized kernel follows MATLAB's offset (centre rounded up).
  CHECK(run_ok("fprintf('%g ', conv2(1:5, [1 1 1 1], 'same'));") == "6 10 14 12 9 ");
  // filter2 correlates: filter2(h, X) = conv2(X, rot90(h, 2), 'same').
  CHECK(run_ok("fprintf('%g ', filter2([1 2], [1 2 3]), filter2([1 2], [1 2 3], 'full'));") ==
        "5 8 3 2 5 8 3 ");
  CHECK(run_ok("C = conv2([1 1i], [1 1]); fprintf('%g ', real(C), imag(C));") == "1 1 0 0 1 1 ");
  CHECK(run_ok("fprintf('%s', class(conv2(single([1 2]), [1 1])));") == "single");
  expect_error("conv2([1 2], [1 2], 'middle')", "MATLAB:conv2:unknownShapeParameter");
  expect_error("conv2(ones(2, 2, 2), 1)", "MATLAB:conv2:inputsMustBe2D");
}
